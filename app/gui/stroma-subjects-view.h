/* stroma-subjects-view.h — the subject list beside the subject page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "stroma-subject-page.h"
#include "stroma-trial.h"

G_BEGIN_DECLS

#define STROMA_TYPE_SUBJECTS_VIEW (stroma_subjects_view_get_type ())

G_DECLARE_FINAL_TYPE (StromaSubjectsView, stroma_subjects_view, STROMA, SUBJECTS_VIEW, GtkWidget)

StromaTrial *stroma_subjects_view_get_trial    (StromaSubjectsView *self);
void         stroma_subjects_view_set_trial    (StromaSubjectsView *self,
                                                StromaTrial        *trial);
GListModel  *stroma_subjects_view_get_subjects (StromaSubjectsView *self);
gboolean     stroma_subjects_view_select_code  (StromaSubjectsView *self,
                                                const char         *code);
StromaSubjectPage *stroma_subjects_view_get_page (StromaSubjectsView *self);

G_END_DECLS
