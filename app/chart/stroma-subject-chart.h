/* stroma-subject-chart.h — one subject's blood-count chart, built from the record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "core/stroma-endpoints.h"
#include "core/stroma-profile.h"
#include "core/stroma-protocol.h"
#include "core/stroma-records.h"
#include "stroma-chart-model.h"

G_BEGIN_DECLS

/* Series colours, as indices into the style's palette, so that a count has one colour on
 * every chart. */
#define STROMA_SUBJECT_CHART_COLOR_ANC  0
#define STROMA_SUBJECT_CHART_COLOR_PLT  2
#define STROMA_SUBJECT_CHART_COLOR_HGB  5
#define STROMA_SUBJECT_CHART_COLOR_WBC  3
#define STROMA_SUBJECT_CHART_COLOR_LYM  4

/**
 * StromaSubjectChartOptions:
 * @show_wbc: add the white cell count to the neutrophil panel
 * @show_lymphocytes: add the lymphocyte count to the neutrophil panel
 * @x_labels: label the time axis with study days or calendar dates
 */
typedef struct
{
  gboolean           show_wbc;
  gboolean           show_lymphocytes;
  StromaChartXLabels x_labels;
} StromaSubjectChartOptions;

#define STROMA_SUBJECT_CHART_OPTIONS_INIT { FALSE, FALSE, STROMA_CHART_X_LABELS_DAYS }

StromaChart *stroma_subject_chart_new  (const StromaProtocol            *protocol,
                                        const StromaSubjectRecord       *record,
                                        GPtrArray                       *results,
                                        const StromaSubjectChartOptions *options);
StromaChart *stroma_profile_chart_new  (GPtrArray * const               *profiles,
                                        const char * const              *test_codes,
                                        guint                            n_tests,
                                        gboolean                         show_curves);

G_END_DECLS
