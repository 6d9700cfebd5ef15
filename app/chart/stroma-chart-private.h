/* stroma-chart-private.h — the chart's insides, shared by model and renderer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-chart-model.h"

G_BEGIN_DECLS

/*
 * The geometry of one series for one view: its visible points normalized to
 * 0..1 on both axes, reduced to a few points per pixel column when there are
 * more points than columns. A NAN pair breaks the line. It is rebuilt only
 * when the data, the view, the y axis or the width in device pixels change,
 * so drawing a frame only scales and strokes it.
 */
typedef struct
{
  guint64          data_serial;
  double           view_first;
  double           view_last;
  StromaChartAxis  y_axis;
  guint            columns;

  GArray          *x;          /* double, 0..1 across the plot */
  GArray          *y;          /* double, 0..1 up the plot */
  guint            n_visible;  /* points in view before decimation */
  guint            builds;     /* how often it was rebuilt, for tests */
  guint            valid : 1;
  guint            decimated : 1;
} StromaChartGeometry;

struct _StromaChartSeries
{
  StromaChartPanel       *panel;   /* borrowed: the owner */
  char                   *label;
  StromaChartSeriesStyle  style;
  guint                   color_index;
  GArray                 *days;    /* double */
  GArray                 *values;  /* double, NAN when missing */
  GArray                 *lower;   /* double, the band's lower edge; NULL without a band */
  GArray                 *upper;   /* double, its upper edge */
  guint64                 serial;
  guint                   sorted : 1;
  guint                   faint : 1;
  StromaChartGeometry     geometry;
};

typedef struct
{
  double  value;
  char   *label;
} StromaChartThreshold;

typedef struct
{
  StromaChartBandKind  kind;
  double               first_day;
  double               last_day;
  char                *label;
} StromaChartBand;

typedef struct
{
  StromaChartMarkerKind  kind;
  double                 day;
  char                  *label;
} StromaChartMarker;

struct _StromaChartPanel
{
  StromaChart      *chart;        /* borrowed: the owner */
  char             *title;
  char             *unit;
  StromaChartAxis   y_axis;       /* the effective axis */
  guint64           y_serial;     /* chart data_serial y_axis was fitted for */
  guint             y_auto : 1;
  GPtrArray        *series;
  GArray           *thresholds;   /* StromaChartThreshold */

  /* Ticks for the last axis and plot height */
  StromaChartAxis   tick_axis;
  guint             tick_max;
  GArray           *ticks;        /* double */
  GPtrArray        *tick_labels;  /* char * */
};

typedef struct
{
  double x;
  double y;
  double width;
  double height;
} StromaChartRect;

typedef struct
{
  StromaChartRect header;
  StromaChartRect plot;
} StromaChartPanelFrame;

/* Where everything goes for one size: computed by the renderer when the data,
 * the size or the style change (not when the view moves), kept for hit-tests. */
typedef struct
{
  double                  width;
  double                  height;
  const StromaChartStyle *style;
  double                  font_size;
  double                  glyph_size;
  guint64                 data_serial;
  StromaChartXLabels      x_labels;
  gboolean                dated;

  double                  line_height;
  double                  plot_x;
  double                  plot_width;
  StromaChartRect         lane;          /* marker glyphs above the first panel */
  double                  lane_row_height;
  int                     lane_row[STROMA_CHART_N_MARKER_KINDS];
  GArray                 *panels;        /* StromaChartPanelFrame */
  StromaChartRect         x_labels_area;
  guint                   x_label_lines;
  StromaChartRect         legend;
  guint                   valid : 1;
} StromaChartFrame;

struct _StromaChart
{
  gatomicrefcount     ref_count;
  GPtrArray          *panels;
  GArray             *bands;     /* StromaChartBand */
  GArray             *markers;   /* StromaChartMarker, sorted by day when drawn */
  guint               markers_sorted : 1;

  GDate               day_zero;
  StromaChartXLabels  x_labels;
  char               *x_title;   /* NULL: days after transplant, or dates */

  double              view_first;
  double              view_last;
  guint               view_set : 1;

  /* Bump on every change to what is shown (serial) and to the data only
   * (data_serial); caches compare against them. */
  guint64             serial;
  guint64             data_serial;
  guint64             extent_serial;
  double              extent_first;
  double              extent_last;
  guint               has_extent : 1;
  guint               n_series;  /* default colours go round the palette */

  StromaChartFrame    frame;

  /* X ticks for the last view (serial) and width (xtick_max) */
  guint               xtick_max;
  guint64             xtick_serial;
  GArray             *xticks;
  GPtrArray          *xtick_labels;
};

void     _stroma_chart_changed            (StromaChart          *self,
                                           gboolean              data);
void     _stroma_chart_ensure_y_axes      (StromaChart          *self);
void     _stroma_chart_sort_markers       (StromaChart          *self);
void     _stroma_chart_series_ensure_sorted (StromaChartSeries  *series);

void     _stroma_chart_decimate           (const double         *x,
                                           const double         *y,
                                           guint                 n,
                                           guint                 columns,
                                           GArray               *out_x,
                                           GArray               *out_y);
const StromaChartGeometry *
         _stroma_chart_series_get_geometry (StromaChartSeries   *series,
                                            double               view_first,
                                            double               view_last,
                                            guint                columns);
void     _stroma_chart_geometry_clear     (StromaChartGeometry  *geometry);

void     _stroma_chart_frame_clear        (StromaChartFrame     *frame);

G_END_DECLS
