/* stroma-infusion-dialog.h — record an investigational-product infusion, or reschedule it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "stroma-desk.h"

G_BEGIN_DECLS

#define STROMA_TYPE_INFUSION_DIALOG (stroma_infusion_dialog_get_type ())

G_DECLARE_FINAL_TYPE (StromaInfusionDialog, stroma_infusion_dialog, STROMA, INFUSION_DIALOG,
                      AdwWindow)

GtkWindow *stroma_infusion_dialog_new        (GtkWindow            *parent,
                                              StromaDesk           *desk,
                                              gint64                subject_id,
                                              guint                 number);
guint      stroma_infusion_dialog_get_number (StromaInfusionDialog *self);
void       stroma_infusion_dialog_set_outcome (StromaInfusionDialog *self,
                                              const char           *outcome);

G_END_DECLS
