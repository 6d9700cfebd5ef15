/* stroma-chart-render.h — drawing a chart on any cairo_t, and finding what is under the pointer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <cairo.h>
#include <glib.h>

#include "stroma-chart-model.h"
#include "stroma-chart-style.h"

G_BEGIN_DECLS

/* What lies under a point of the drawing, for a hover crosshair. */
typedef struct
{
  int      panel;    /* the panel (header or plot) under the point, or -1 */
  gboolean in_plot;  /* the point is inside that panel's plot area */
  double   day;      /* the study day under the point, NAN left or right of the plots */
  double   value;    /* the panel's value under the point, NAN outside a plot */
} StromaChartHit;

void     stroma_chart_render         (StromaChart            *self,
                                      cairo_t                *cr,
                                      double                  width,
                                      double                  height,
                                      const StromaChartStyle *style);
gboolean stroma_chart_hit_test       (StromaChart            *self,
                                      const StromaChartStyle *style,
                                      double                  width,
                                      double                  height,
                                      double                  x,
                                      double                  y,
                                      StromaChartHit         *hit);
gboolean stroma_chart_get_plot_area  (StromaChart            *self,
                                      const StromaChartStyle *style,
                                      double                  width,
                                      double                  height,
                                      guint                   panel,
                                      cairo_rectangle_t      *area);
gboolean stroma_chart_map_point      (StromaChart            *self,
                                      const StromaChartStyle *style,
                                      double                  width,
                                      double                  height,
                                      guint                   panel,
                                      double                  day,
                                      double                  value,
                                      double                 *x,
                                      double                 *y);

G_END_DECLS
