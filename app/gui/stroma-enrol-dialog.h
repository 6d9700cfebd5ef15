/* stroma-enrol-dialog.h — screening: a new subject, consent and the eligibility checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_ENROL_DIALOG (stroma_enrol_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaEnrolDialog, stroma_enrol_dialog, STROMA, ENROL_DIALOG, AdwWindow)

GtkWindow *stroma_enrol_dialog_new           (GtkWindow         *parent,
                                              StromaDesk        *desk,
                                              gint64             subject_id);
gint64     stroma_enrol_dialog_get_subject_id (StromaEnrolDialog *self);
gboolean   stroma_enrol_dialog_set_answer    (StromaEnrolDialog *self,
                                              const char        *criterion_id,
                                              const char        *answer);
gboolean   stroma_enrol_dialog_set_value     (StromaEnrolDialog *self,
                                              const char        *field,
                                              const char        *value,
                                              const char        *uln);
gboolean   stroma_enrol_dialog_screen_failure (StromaEnrolDialog *self,
                                              const char        *reason);

G_END_DECLS
