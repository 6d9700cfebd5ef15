/* stroma-chart-style.h — colours, line widths and fonts of a chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-chart-model.h"

G_BEGIN_DECLS

#define STROMA_CHART_N_SERIES_COLORS 6

typedef struct
{
  double red;
  double green;
  double blue;
  double alpha;
} StromaChartColor;

/*
 * Everything the renderer needs to know about looks. Sizes are in user units
 * of the cairo_t (device-independent pixels on screen, points in PDF/SVG);
 * line widths are rounded to whole device pixels when drawn so that a 1 px
 * line stays one pixel wide at any scale.
 *
 * The presets use the Okabe–Ito palette, which stays distinguishable with
 * the common colour-vision deficiencies; every marker kind also has its own
 * glyph shape, so colour is never the only cue.
 */
struct _StromaChartStyle
{
  StromaChartColor background;     /* the whole drawing area */
  StromaChartColor plot_background;
  StromaChartColor text;
  StromaChartColor text_muted;     /* tick labels, axis titles */
  StromaChartColor grid;
  StromaChartColor axis;
  StromaChartColor threshold;
  StromaChartColor halo;           /* behind labels drawn over data */
  StromaChartColor series[STROMA_CHART_N_SERIES_COLORS];
  StromaChartColor band[STROMA_CHART_N_BAND_KINDS];
  StromaChartColor marker[STROMA_CHART_N_MARKER_KINDS];

  double           series_line_width;
  double           point_radius;
  double           grid_line_width;
  double           axis_line_width;
  double           threshold_line_width;
  double           marker_line_width;
  double           glyph_size;
  double           faint_alpha;    /* individual curves drawn behind a summary */
  double           band_alpha;     /* a series' band (e.g. interquartile range) */

  const char      *font_family;
  double           font_size;      /* absolute, in user units */
};

const StromaChartStyle *stroma_chart_style_get_light (void);
const StromaChartStyle *stroma_chart_style_get_dark  (void);

G_END_DECLS
