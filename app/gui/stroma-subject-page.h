/* stroma-subject-page.h — one subject: header, alerts, chart, endpoints, treatment, history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "chart/stroma-chart.h"
#include "stroma-subject-item.h"
#include "stroma-trial.h"

G_BEGIN_DECLS

#define STROMA_TYPE_SUBJECT_PAGE (stroma_subject_page_get_type ())

G_DECLARE_FINAL_TYPE (StromaSubjectPage, stroma_subject_page, STROMA, SUBJECT_PAGE, GtkWidget)

void               stroma_subject_page_set_trial (StromaSubjectPage *self,
                                                  StromaTrial       *trial);
StromaSubjectItem *stroma_subject_page_get_item  (StromaSubjectPage *self);
void               stroma_subject_page_set_item  (StromaSubjectPage *self,
                                                  StromaSubjectItem *item);
StromaChart       *stroma_subject_page_get_chart (StromaSubjectPage *self);
gboolean           stroma_subject_page_is_complete (StromaSubjectPage *self);

G_END_DECLS
