/* stroma-chart-model.h — what a blood-count chart shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-chart-axis.h"

G_BEGIN_DECLS

typedef struct _StromaChart       StromaChart;
typedef struct _StromaChartPanel  StromaChartPanel;
typedef struct _StromaChartSeries StromaChartSeries;
typedef struct _StromaChartStyle  StromaChartStyle;

typedef enum
{
  STROMA_CHART_MARKER_DAY_ZERO,         /* stem-cell infusion */
  STROMA_CHART_MARKER_MSC_INFUSION,
  STROMA_CHART_MARKER_RBC_TRANSFUSION,
  STROMA_CHART_MARKER_PLT_TRANSFUSION,
  STROMA_CHART_MARKER_RESPONSE,         /* engraftment or response day */
  STROMA_CHART_MARKER_TREATMENT_START,  /* start of study treatment */
  STROMA_CHART_N_MARKER_KINDS
} StromaChartMarkerKind;

typedef enum
{
  STROMA_CHART_BAND_CONDITIONING,
  STROMA_CHART_BAND_GROWTH_FACTOR,     /* G-CSF and other myeloid growth factors */
  STROMA_CHART_BAND_OTHER,
  STROMA_CHART_BAND_THROMBOPOIETIC,    /* rhTPO, TPO receptor agonists */
  STROMA_CHART_N_BAND_KINDS
} StromaChartBandKind;

typedef enum
{
  STROMA_CHART_SERIES_LINE_AND_POINTS,
  STROMA_CHART_SERIES_LINE,
  STROMA_CHART_SERIES_POINTS,
} StromaChartSeriesStyle;

typedef enum
{
  STROMA_CHART_X_LABELS_DAYS,   /* study day post-HSCT: −7, 0, 7, 14 … */
  STROMA_CHART_X_LABELS_DATES,  /* calendar dates, counted from day 0 */
} StromaChartXLabels;

typedef enum
{
  STROMA_CHART_RANGE_ALL,        /* everything the chart holds */
  STROMA_CHART_RANGE_DAY_30,     /* day −14 to +30: engraftment */
  STROMA_CHART_RANGE_DAY_100,    /* day −14 to +100 */
  STROMA_CHART_RANGE_DAY_365,    /* day −14 to +365 */
} StromaChartRange;

/* The narrowest view zooming allows, in days. */
#define STROMA_CHART_MIN_SPAN 2.0

/* The chart */
StromaChart       *stroma_chart_new               (void);
StromaChart       *stroma_chart_ref               (StromaChart        *self);
void               stroma_chart_unref             (StromaChart        *self);
gboolean           stroma_chart_is_empty          (StromaChart        *self);
guint64            stroma_chart_get_serial        (StromaChart        *self);
void               stroma_chart_clear             (StromaChart        *self);

StromaChartPanel  *stroma_chart_add_panel         (StromaChart        *self,
                                                   const char         *title,
                                                   const char         *unit,
                                                   StromaChartScale    scale);
guint              stroma_chart_get_n_panels      (StromaChart        *self);
StromaChartPanel  *stroma_chart_get_panel         (StromaChart        *self,
                                                   guint               index);

void               stroma_chart_add_band          (StromaChart        *self,
                                                   StromaChartBandKind kind,
                                                   double              first_day,
                                                   double              last_day,
                                                   const char         *label);
guint              stroma_chart_get_n_bands       (StromaChart        *self);
void               stroma_chart_add_marker        (StromaChart        *self,
                                                   StromaChartMarkerKind kind,
                                                   double              day,
                                                   const char         *label);
guint              stroma_chart_get_n_markers     (StromaChart        *self);
gboolean           stroma_chart_find_marker       (StromaChart        *self,
                                                   StromaChartMarkerKind kind,
                                                   double             *day);

void               stroma_chart_set_day_zero      (StromaChart        *self,
                                                   const GDate        *date);
void               stroma_chart_set_x_labels      (StromaChart        *self,
                                                   StromaChartXLabels  labels);
void               stroma_chart_set_x_title       (StromaChart        *self,
                                                   const char         *title);
StromaChartXLabels stroma_chart_get_x_labels      (StromaChart        *self);
char              *stroma_chart_format_day        (StromaChart        *self,
                                                   double              day);

/* The visible range of days */
void               stroma_chart_get_view          (StromaChart        *self,
                                                   double             *first_day,
                                                   double             *last_day);
void               stroma_chart_set_view          (StromaChart        *self,
                                                   double              first_day,
                                                   double              last_day);
gboolean           stroma_chart_get_extent        (StromaChart        *self,
                                                   double             *first_day,
                                                   double             *last_day);
void               stroma_chart_fit_all           (StromaChart        *self);
void               stroma_chart_set_range         (StromaChart        *self,
                                                   StromaChartRange    range);
void               stroma_chart_zoom              (StromaChart        *self,
                                                   double              anchor_day,
                                                   double              factor);
void               stroma_chart_pan               (StromaChart        *self,
                                                   double              days);

/* Panels */
const char        *stroma_chart_panel_get_title   (StromaChartPanel   *self);
const char        *stroma_chart_panel_get_unit    (StromaChartPanel   *self);
void               stroma_chart_panel_set_y_range (StromaChartPanel   *self,
                                                   double              min,
                                                   double              max);
void               stroma_chart_panel_set_y_auto  (StromaChartPanel   *self);
StromaChartAxis    stroma_chart_panel_get_y_axis  (StromaChartPanel   *self);
void               stroma_chart_panel_add_threshold (StromaChartPanel *self,
                                                   double              value,
                                                   const char         *label);
guint              stroma_chart_panel_get_n_series (StromaChartPanel  *self);
StromaChartSeries *stroma_chart_panel_get_series  (StromaChartPanel   *self,
                                                   guint               index);
StromaChartSeries *stroma_chart_panel_add_series  (StromaChartPanel   *self,
                                                   const char         *label);
gboolean           stroma_chart_panel_nearest     (StromaChartPanel   *self,
                                                   double              day,
                                                   double              max_distance,
                                                   guint              *series_index,
                                                   double             *point_day,
                                                   double             *point_value);

/* Series: points sorted by day; NAN marks a missing value and breaks the line */
const char        *stroma_chart_series_get_label  (StromaChartSeries  *self);
void               stroma_chart_series_set_style  (StromaChartSeries  *self,
                                                   StromaChartSeriesStyle style);
void               stroma_chart_series_set_color_index (StromaChartSeries *self,
                                                   guint               color_index);
void               stroma_chart_series_add_point  (StromaChartSeries  *self,
                                                   double              day,
                                                   double              value);
void               stroma_chart_series_set_points (StromaChartSeries  *self,
                                                   const double       *days,
                                                   const double       *values,
                                                   guint               n_points);
guint              stroma_chart_series_get_n_points (StromaChartSeries *self);
void               stroma_chart_series_set_band   (StromaChartSeries  *self,
                                                   const double       *lower,
                                                   const double       *upper,
                                                   guint               n_points);
gboolean           stroma_chart_series_get_band_at (StromaChartSeries *self,
                                                   guint               index,
                                                   double             *lower,
                                                   double             *upper);
void               stroma_chart_series_set_faint  (StromaChartSeries  *self,
                                                   gboolean            faint);
gboolean           stroma_chart_series_get_faint  (StromaChartSeries  *self);
gboolean           stroma_chart_series_nearest    (StromaChartSeries  *self,
                                                   double              day,
                                                   guint              *index,
                                                   double             *point_day,
                                                   double             *point_value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaChart, stroma_chart_unref)

G_END_DECLS
