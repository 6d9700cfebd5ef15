/* stroma-chart-view.h — a blood-count chart on screen: hover, zoom, pan, print, export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "chart/stroma-chart.h"

G_BEGIN_DECLS

#define STROMA_TYPE_CHART (stroma_chart_get_type ())
GType stroma_chart_get_type (void);

#define STROMA_TYPE_CHART_VIEW (stroma_chart_view_get_type ())

G_DECLARE_FINAL_TYPE (StromaChartView, stroma_chart_view, STROMA, CHART_VIEW, GtkWidget)

GtkWidget   *stroma_chart_view_new        (void);
StromaChart *stroma_chart_view_get_chart  (StromaChartView  *self);
void         stroma_chart_view_set_chart  (StromaChartView  *self,
                                           StromaChart      *chart);
void         stroma_chart_view_set_range  (StromaChartView  *self,
                                           StromaChartRange  range);
void         stroma_chart_view_zoom       (StromaChartView  *self,
                                           double            factor);
void         stroma_chart_view_pan        (StromaChartView  *self,
                                           double            fraction);
char        *stroma_chart_view_get_readout (StromaChartView *self);
void         stroma_chart_view_print      (StromaChartView  *self,
                                           GtkWindow        *parent,
                                           const char       *title);
void         stroma_chart_view_export     (StromaChartView  *self,
                                           GtkWindow        *parent,
                                           const char       *basename);

G_END_DECLS
