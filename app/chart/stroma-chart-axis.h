/* stroma-chart-axis.h — value axes: normalization to 0..1 and nice ticks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  STROMA_CHART_SCALE_LINEAR,
  STROMA_CHART_SCALE_LOG10,   /* blood counts span decades */
} StromaChartScale;

/* A value axis maps [min, max] onto 0..1. It is a plain value: copy it freely. */
typedef struct
{
  StromaChartScale scale;
  double           min;
  double           max;
} StromaChartAxis;

double  stroma_chart_axis_normalize      (const StromaChartAxis *axis,
                                          double                 value);
double  stroma_chart_axis_denormalize    (const StromaChartAxis *axis,
                                          double                 t);
void    stroma_chart_axis_fit            (StromaChartAxis       *axis,
                                          double                 data_min,
                                          double                 data_max);
GArray *stroma_chart_axis_compute_ticks  (const StromaChartAxis *axis,
                                          guint                  max_ticks);
char   *stroma_chart_axis_format_tick    (const StromaChartAxis *axis,
                                          double                 value,
                                          double                 step);

double  stroma_chart_day_tick_step       (double                 span,
                                          guint                  max_ticks);
GArray *stroma_chart_compute_day_ticks   (double                 first_day,
                                          double                 last_day,
                                          guint                  max_ticks);

G_END_DECLS
