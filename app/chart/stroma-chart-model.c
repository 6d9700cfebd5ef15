/* stroma-chart-model.c — what a blood-count chart shows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "stroma-chart-private.h"

/* Room left around the data when fitting, so edge points are not cut in half. */
#define FIT_PADDING_FRACTION 0.02
#define FIT_PADDING_MIN_DAYS 0.5

static void
threshold_clear (gpointer data)
{
  StromaChartThreshold *threshold = data;

  g_clear_pointer (&threshold->label, g_free);
}

static void
band_clear (gpointer data)
{
  StromaChartBand *band = data;

  g_clear_pointer (&band->label, g_free);
}

static void
marker_clear (gpointer data)
{
  StromaChartMarker *marker = data;

  g_clear_pointer (&marker->label, g_free);
}

static void
series_free (gpointer data)
{
  StromaChartSeries *series = data;

  g_free (series->label);
  g_array_unref (series->days);
  g_array_unref (series->values);
  g_clear_pointer (&series->lower, g_array_unref);
  g_clear_pointer (&series->upper, g_array_unref);
  _stroma_chart_geometry_clear (&series->geometry);
  g_free (series);
}

static void
panel_free (gpointer data)
{
  StromaChartPanel *panel = data;

  g_free (panel->title);
  g_free (panel->unit);
  g_ptr_array_unref (panel->series);
  g_array_unref (panel->thresholds);
  g_clear_pointer (&panel->ticks, g_array_unref);
  g_clear_pointer (&panel->tick_labels, g_ptr_array_unref);
  g_free (panel);
}

void
_stroma_chart_frame_clear (StromaChartFrame *frame)
{
  g_assert (frame != NULL);

  g_clear_pointer (&frame->panels, g_array_unref);
  frame->valid = FALSE;
}

void
_stroma_chart_changed (StromaChart *self,
                       gboolean     data)
{
  g_assert (self != NULL);

  self->serial++;
  if (data)
    self->data_serial++;
}

/**
 * stroma_chart_new:
 *
 * Creates an empty chart: no panels, no bands, no markers, labelled in study
 * days, with a view that follows the data until one is set.
 *
 * Returns: (transfer full): a new chart
 */
StromaChart *
stroma_chart_new (void)
{
  StromaChart *self = g_new0 (StromaChart, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->panels = g_ptr_array_new_with_free_func (panel_free);
  self->bands = g_array_new (FALSE, TRUE, sizeof (StromaChartBand));
  g_array_set_clear_func (self->bands, band_clear);
  self->markers = g_array_new (FALSE, TRUE, sizeof (StromaChartMarker));
  g_array_set_clear_func (self->markers, marker_clear);
  self->markers_sorted = TRUE;
  g_date_clear (&self->day_zero, 1);
  self->x_labels = STROMA_CHART_X_LABELS_DAYS;
  self->serial = 1;
  self->data_serial = 1;

  return self;
}

/**
 * stroma_chart_ref:
 * @self: a chart
 *
 * Returns: (transfer full): @self with one more reference
 */
StromaChart *
stroma_chart_ref (StromaChart *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * stroma_chart_unref:
 * @self: (transfer full): a chart
 *
 * Drops a reference; the last one frees the chart with its panels and series.
 */
void
stroma_chart_unref (StromaChart *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_ptr_array_unref (self->panels);
  g_array_unref (self->bands);
  g_array_unref (self->markers);
  _stroma_chart_frame_clear (&self->frame);
  g_clear_pointer (&self->xticks, g_array_unref);
  g_clear_pointer (&self->xtick_labels, g_ptr_array_unref);
  g_free (self->x_title);
  g_free (self);
}

/**
 * stroma_chart_is_empty:
 * @self: a chart
 *
 * A chart is empty when no series holds a point: there is nothing to read,
 * and the renderer draws only the background.
 *
 * Returns: %TRUE if no series has a point
 */
gboolean
stroma_chart_is_empty (StromaChart *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  for (guint i = 0; i < self->panels->len; i++)
    {
      StromaChartPanel *panel = g_ptr_array_index (self->panels, i);

      for (guint j = 0; j < panel->series->len; j++)
        {
          StromaChartSeries *series = g_ptr_array_index (panel->series, j);

          if (series->days->len > 0)
            return FALSE;
        }
    }

  return TRUE;
}

/**
 * stroma_chart_get_serial:
 * @self: a chart
 *
 * A number that changes whenever anything the chart shows changes — data, view, labels — so
 * that a widget can keep its last drawing while the number stays the same.
 *
 * Returns: the serial
 */
guint64
stroma_chart_get_serial (StromaChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->serial;
}

/**
 * stroma_chart_clear:
 * @self: a chart
 *
 * Removes panels, bands and markers and lets the view follow the data again,
 * as when showing another subject. Panel and series pointers become invalid.
 */
void
stroma_chart_clear (StromaChart *self)
{
  g_return_if_fail (self != NULL);

  g_ptr_array_set_size (self->panels, 0);
  g_array_set_size (self->bands, 0);
  g_array_set_size (self->markers, 0);
  self->markers_sorted = TRUE;
  self->view_set = FALSE;
  self->n_series = 0;
  _stroma_chart_changed (self, TRUE);
}

/**
 * stroma_chart_add_panel:
 * @self: a chart
 * @title: the analyte shown, e.g. "ANC"
 * @unit: (nullable): its unit, e.g. "×10⁹/L"
 * @scale: linear, or log10 for counts that span decades
 *
 * Adds a panel below the existing ones. All panels share the time axis. The
 * y range follows the data and thresholds until stroma_chart_panel_set_y_range()
 * fixes it.
 *
 * Returns: (transfer none): the panel, owned by @self
 */
StromaChartPanel *
stroma_chart_add_panel (StromaChart      *self,
                        const char       *title,
                        const char       *unit,
                        StromaChartScale  scale)
{
  StromaChartPanel *panel;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (scale == STROMA_CHART_SCALE_LINEAR ||
                        scale == STROMA_CHART_SCALE_LOG10, NULL);

  panel = g_new0 (StromaChartPanel, 1);
  panel->chart = self;
  panel->title = g_strdup (title);
  panel->unit = g_strdup (unit);
  panel->y_axis.scale = scale;
  panel->y_axis.min = scale == STROMA_CHART_SCALE_LOG10 ? 0.1 : 0;
  panel->y_axis.max = scale == STROMA_CHART_SCALE_LOG10 ? 10 : 1;
  panel->y_auto = TRUE;
  panel->series = g_ptr_array_new_with_free_func (series_free);
  panel->thresholds = g_array_new (FALSE, TRUE, sizeof (StromaChartThreshold));
  g_array_set_clear_func (panel->thresholds, threshold_clear);

  g_ptr_array_add (self->panels, panel);
  _stroma_chart_changed (self, TRUE);

  return panel;
}

/**
 * stroma_chart_get_n_panels:
 * @self: a chart
 *
 * Returns: the number of panels
 */
guint
stroma_chart_get_n_panels (StromaChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->panels->len;
}

/**
 * stroma_chart_get_panel:
 * @self: a chart
 * @index: a panel index, from the top
 *
 * Returns: (transfer none) (nullable): the panel, or %NULL when out of range
 */
StromaChartPanel *
stroma_chart_get_panel (StromaChart *self,
                        guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (index >= self->panels->len)
    return NULL;

  return g_ptr_array_index (self->panels, index);
}

/**
 * stroma_chart_add_band:
 * @self: a chart
 * @kind: what the band stands for; it picks the colour
 * @first_day: the first day covered
 * @last_day: the last day covered, inclusive
 * @label: (nullable): shown in the legend, e.g. "Conditioning"
 *
 * Shades the days from @first_day to @last_day across all panels, e.g. the
 * conditioning period or days on a growth factor. The band covers whole days:
 * from the start of @first_day to the end of @last_day.
 */
void
stroma_chart_add_band (StromaChart         *self,
                       StromaChartBandKind  kind,
                       double               first_day,
                       double               last_day,
                       const char          *label)
{
  StromaChartBand band;

  g_return_if_fail (self != NULL);
  g_return_if_fail (kind < STROMA_CHART_N_BAND_KINDS);
  g_return_if_fail (isfinite (first_day) && isfinite (last_day));

  band.kind = kind;
  band.first_day = MIN (first_day, last_day);
  band.last_day = MAX (first_day, last_day);
  band.label = g_strdup (label);
  g_array_append_val (self->bands, band);
  _stroma_chart_changed (self, TRUE);
}

/**
 * stroma_chart_get_n_bands:
 * @self: a chart
 *
 * Returns: the number of bands
 */
guint
stroma_chart_get_n_bands (StromaChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bands->len;
}

/**
 * stroma_chart_add_marker:
 * @self: a chart
 * @kind: the event; it picks the glyph and colour
 * @day: the study day of the event
 * @label: (nullable): a short label, e.g. "MSC 1"
 *
 * Marks an event with a vertical line across the panels and a glyph in the
 * marker lane above them.
 */
void
stroma_chart_add_marker (StromaChart           *self,
                         StromaChartMarkerKind  kind,
                         double                 day,
                         const char            *label)
{
  StromaChartMarker marker;

  g_return_if_fail (self != NULL);
  g_return_if_fail (kind < STROMA_CHART_N_MARKER_KINDS);
  g_return_if_fail (isfinite (day));

  marker.kind = kind;
  marker.day = day;
  marker.label = g_strdup (label);
  g_array_append_val (self->markers, marker);
  self->markers_sorted = FALSE;
  _stroma_chart_changed (self, TRUE);
}

/**
 * stroma_chart_get_n_markers:
 * @self: a chart
 *
 * Returns: the number of markers
 */
guint
stroma_chart_get_n_markers (StromaChart *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->markers->len;
}

/**
 * stroma_chart_find_marker:
 * @self: a chart
 * @kind: a kind of marker
 * @day: (out) (optional): the day of the first marker of that kind
 *
 * Finds the first marker of a kind, e.g. to centre the view on the start of treatment.
 *
 * Returns: %TRUE if the chart has such a marker
 */
gboolean
stroma_chart_find_marker (StromaChart           *self,
                          StromaChartMarkerKind  kind,
                          double                *day)
{
  gboolean found = FALSE;
  double first = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->markers->len; i++)
    {
      const StromaChartMarker *marker = &g_array_index (self->markers, StromaChartMarker, i);

      if (marker->kind == kind && (!found || marker->day < first))
        {
          first = marker->day;
          found = TRUE;
        }
    }

  if (found && day != NULL)
    *day = first;
  return found;
}

static int
compare_markers (gconstpointer a,
                 gconstpointer b)
{
  const StromaChartMarker *ma = a;
  const StromaChartMarker *mb = b;

  if (ma->day != mb->day)
    return ma->day < mb->day ? -1 : 1;
  return (int) ma->kind - (int) mb->kind;
}

void
_stroma_chart_sort_markers (StromaChart *self)
{
  g_assert (self != NULL);

  if (self->markers_sorted)
    return;

  g_array_sort (self->markers, compare_markers);
  self->markers_sorted = TRUE;
}

/**
 * stroma_chart_set_day_zero:
 * @self: a chart
 * @date: (nullable): the calendar date of day 0, or %NULL to forget it
 *
 * Sets the date of the stem-cell infusion, which calendar-date labels count
 * from. Without it the axis stays in study days.
 */
void
stroma_chart_set_day_zero (StromaChart *self,
                           const GDate *date)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (date == NULL || g_date_valid (date));

  if (date == NULL)
    g_date_clear (&self->day_zero, 1);
  else
    self->day_zero = *date;

  _stroma_chart_changed (self, FALSE);
}

/**
 * stroma_chart_set_x_labels:
 * @self: a chart
 * @labels: study days or calendar dates
 *
 * Chooses how the time axis is labelled. Dates need a day 0
 * (stroma_chart_set_day_zero()); the axis shows study days until it is set.
 */
void
stroma_chart_set_x_labels (StromaChart        *self,
                           StromaChartXLabels  labels)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (labels == STROMA_CHART_X_LABELS_DAYS ||
                    labels == STROMA_CHART_X_LABELS_DATES);

  if (self->x_labels == labels)
    return;

  self->x_labels = labels;
  _stroma_chart_changed (self, FALSE);
}

/**
 * stroma_chart_set_x_title:
 * @self: a chart
 * @title: (nullable): the time axis' title, e.g. "Day of treatment"; %NULL for the default,
 *   "Day after transplant" (or "Date" with dated labels)
 *
 * Names what the days count from when it is not day 0, as in a chart by day of treatment.
 */
void
stroma_chart_set_x_title (StromaChart *self,
                          const char  *title)
{
  g_return_if_fail (self != NULL);

  if (g_strcmp0 (self->x_title, title) == 0)
    return;

  g_free (self->x_title);
  self->x_title = g_strdup (title);
  _stroma_chart_changed (self, FALSE);
}

/**
 * stroma_chart_get_x_labels:
 * @self: a chart
 *
 * Returns: how the time axis is labelled
 */
StromaChartXLabels
stroma_chart_get_x_labels (StromaChart *self)
{
  g_return_val_if_fail (self != NULL, STROMA_CHART_X_LABELS_DAYS);

  return self->x_labels;
}

/**
 * stroma_chart_format_day:
 * @self: a chart
 * @day: a study day; fractions are rounded to the nearest day
 *
 * Formats a day for a tooltip or hover readout: "Day +14", or
 * "Day +14 · 3 Mar 2025" when day 0 has a date.
 *
 * Returns: (transfer full): the text
 */
char *
stroma_chart_format_day (StromaChart *self,
                         double       day)
{
  g_autofree char *day_text = NULL;
  long n;

  g_return_val_if_fail (self != NULL, NULL);

  n = lround (day);
  if (n == 0)
    day_text = g_strdup (_("Day 0"));
  else if (n > 0)
    /* Translators: a study day after the stem-cell infusion */
    day_text = g_strdup_printf (_("Day +%ld"), n);
  else
    /* Translators: a study day before the stem-cell infusion; − is a minus sign */
    day_text = g_strdup_printf (_("Day −%ld"), -n);

  if (g_date_valid (&self->day_zero) && labs (n) < 100000)
    {
      GDate date = self->day_zero;
      char buf[64];

      if (n >= 0)
        g_date_add_days (&date, (guint) n);
      else
        g_date_subtract_days (&date, (guint) -n);

      if (g_date_valid (&date) && g_date_strftime (buf, sizeof buf, "%d %b %Y", &date) > 0)
        return g_strdup_printf ("%s · %s", day_text, buf);
    }

  return g_steal_pointer (&day_text);
}

static void
include_day (double   day,
             double  *first,
             double  *last,
             gboolean *any)
{
  if (!isfinite (day))
    return;

  if (!*any || day < *first)
    *first = day;
  if (!*any || day > *last)
    *last = day;
  *any = TRUE;
}

/**
 * stroma_chart_get_extent:
 * @self: a chart
 * @first_day: (out) (optional): the earliest day with something to show
 * @last_day: (out) (optional): the latest day with something to show
 *
 * The days covered by the data, bands and markers, without padding.
 *
 * Returns: %FALSE when there is nothing with a day
 */
gboolean
stroma_chart_get_extent (StromaChart *self,
                         double      *first_day,
                         double      *last_day)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->extent_serial != self->data_serial)
    {
      double first = 0, last = 0;
      gboolean any = FALSE;

      for (guint i = 0; i < self->panels->len; i++)
        {
          StromaChartPanel *panel = g_ptr_array_index (self->panels, i);

          for (guint j = 0; j < panel->series->len; j++)
            {
              StromaChartSeries *series = g_ptr_array_index (panel->series, j);

              _stroma_chart_series_ensure_sorted (series);
              if (series->days->len == 0)
                continue;
              include_day (g_array_index (series->days, double, 0), &first, &last, &any);
              include_day (g_array_index (series->days, double, series->days->len - 1),
                           &first, &last, &any);
            }
        }

      for (guint i = 0; i < self->bands->len; i++)
        {
          const StromaChartBand *band = &g_array_index (self->bands, StromaChartBand, i);

          include_day (band->first_day, &first, &last, &any);
          include_day (band->last_day + 1, &first, &last, &any);
        }

      for (guint i = 0; i < self->markers->len; i++)
        include_day (g_array_index (self->markers, StromaChartMarker, i).day,
                     &first, &last, &any);

      self->extent_first = first;
      self->extent_last = last;
      self->has_extent = any;
      self->extent_serial = self->data_serial;
    }

  if (first_day != NULL)
    *first_day = self->extent_first;
  if (last_day != NULL)
    *last_day = self->extent_last;

  return self->has_extent;
}

static void
fitted_view (StromaChart *self,
             double      *first_day,
             double      *last_day)
{
  double first, last, pad;

  if (!stroma_chart_get_extent (self, &first, &last))
    {
      *first_day = -14;
      *last_day = 30;
      return;
    }

  if (last - first < STROMA_CHART_MIN_SPAN)
    {
      double mid = (first + last) / 2;

      first = mid - STROMA_CHART_MIN_SPAN / 2;
      last = mid + STROMA_CHART_MIN_SPAN / 2;
    }

  pad = MAX ((last - first) * FIT_PADDING_FRACTION, FIT_PADDING_MIN_DAYS);
  *first_day = first - pad;
  *last_day = last + pad;
}

/**
 * stroma_chart_get_view:
 * @self: a chart
 * @first_day: (out) (optional): the day at the left edge of the plots
 * @last_day: (out) (optional): the day at the right edge
 *
 * The visible range of days. Until a view is set (or after
 * stroma_chart_fit_all()) it follows the data with a little padding.
 */
void
stroma_chart_get_view (StromaChart *self,
                       double      *first_day,
                       double      *last_day)
{
  double first, last;

  g_return_if_fail (self != NULL);

  if (self->view_set)
    {
      first = self->view_first;
      last = self->view_last;
    }
  else
    fitted_view (self, &first, &last);

  if (first_day != NULL)
    *first_day = first;
  if (last_day != NULL)
    *last_day = last;
}

/**
 * stroma_chart_set_view:
 * @self: a chart
 * @first_day: the day at the left edge
 * @last_day: the day at the right edge
 *
 * Shows exactly the days from @first_day to @last_day, whatever the data.
 * A range narrower than %STROMA_CHART_MIN_SPAN is widened about its middle.
 */
void
stroma_chart_set_view (StromaChart *self,
                       double       first_day,
                       double       last_day)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (first_day) && isfinite (last_day));

  if (last_day < first_day)
    {
      double tmp = first_day;
      first_day = last_day;
      last_day = tmp;
    }

  if (last_day - first_day < STROMA_CHART_MIN_SPAN)
    {
      double mid = (first_day + last_day) / 2;

      first_day = mid - STROMA_CHART_MIN_SPAN / 2;
      last_day = mid + STROMA_CHART_MIN_SPAN / 2;
    }

  if (self->view_set && self->view_first == first_day && self->view_last == last_day)
    return;

  self->view_first = first_day;
  self->view_last = last_day;
  self->view_set = TRUE;
  _stroma_chart_changed (self, FALSE);
}

/**
 * stroma_chart_fit_all:
 * @self: a chart
 *
 * Shows everything the chart holds, and keeps doing so as data are added.
 */
void
stroma_chart_fit_all (StromaChart *self)
{
  g_return_if_fail (self != NULL);

  if (!self->view_set)
    return;

  self->view_set = FALSE;
  _stroma_chart_changed (self, FALSE);
}

/**
 * stroma_chart_set_range:
 * @self: a chart
 * @range: a preset range
 *
 * Shows one of the usual windows after transplant: up to day 30
 * (engraftment), day 100 or day 365, each from day −14 to include
 * conditioning; or everything.
 */
void
stroma_chart_set_range (StromaChart      *self,
                        StromaChartRange  range)
{
  g_return_if_fail (self != NULL);

  switch (range)
    {
    case STROMA_CHART_RANGE_ALL:
      stroma_chart_fit_all (self);
      break;

    case STROMA_CHART_RANGE_DAY_30:
      stroma_chart_set_view (self, -14, 30);
      break;

    case STROMA_CHART_RANGE_DAY_100:
      stroma_chart_set_view (self, -14, 100);
      break;

    case STROMA_CHART_RANGE_DAY_365:
      stroma_chart_set_view (self, -14, 365);
      break;

    default:
      g_return_if_reached ();
    }
}

/* Moves a view of the given span so that its middle stays on the extent. */
static void
set_view_clamped (StromaChart *self,
                  double       first_day,
                  double       span)
{
  double lo, hi;

  if (stroma_chart_get_extent (self, &lo, &hi))
    {
      double mid = first_day + span / 2;

      if (mid < lo)
        first_day = lo - span / 2;
      else if (mid > hi)
        first_day = hi - span / 2;
    }

  stroma_chart_set_view (self, first_day, first_day + span);
}

/**
 * stroma_chart_zoom:
 * @self: a chart
 * @anchor_day: the day that stays in place, e.g. the one under the pointer
 * @factor: above 1 zooms in (2 shows half as many days), below 1 zooms out
 *
 * Zooms the view about @anchor_day. The span never drops below
 * %STROMA_CHART_MIN_SPAN; zooming out past the whole extent fits all, and
 * does nothing to a view that is already wider. The middle of the view stays
 * on the data.
 */
void
stroma_chart_zoom (StromaChart *self,
                   double       anchor_day,
                   double       factor)
{
  double first, last, span, new_span, t, fit_first, fit_last;

  g_return_if_fail (self != NULL);
  g_return_if_fail (factor > 0 && isfinite (factor));
  g_return_if_fail (isfinite (anchor_day));

  stroma_chart_get_view (self, &first, &last);
  span = last - first;
  new_span = MAX (span / factor, STROMA_CHART_MIN_SPAN);

  /* Zooming out stops at the whole extent; a wider preset is left alone. */
  fitted_view (self, &fit_first, &fit_last);
  if (factor < 1 && new_span >= fit_last - fit_first)
    {
      if (span < fit_last - fit_first)
        stroma_chart_fit_all (self);
      return;
    }

  t = CLAMP ((anchor_day - first) / span, 0, 1);
  set_view_clamped (self, anchor_day - t * new_span, new_span);
}

/**
 * stroma_chart_pan:
 * @self: a chart
 * @days: how far to move the view; positive moves to later days
 *
 * Moves the view without changing its span. The middle of the view stays
 * within the extent of the data, so the chart cannot be lost off screen.
 */
void
stroma_chart_pan (StromaChart *self,
                  double       days)
{
  double first, last;

  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (days));

  stroma_chart_get_view (self, &first, &last);
  set_view_clamped (self, first + days, last - first);
}

/**
 * stroma_chart_panel_get_title:
 * @self: a panel
 *
 * Returns: the title
 */
const char *
stroma_chart_panel_get_title (StromaChartPanel *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

/**
 * stroma_chart_panel_get_unit:
 * @self: a panel
 *
 * Returns: (nullable): the unit
 */
const char *
stroma_chart_panel_get_unit (StromaChartPanel *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->unit;
}

/**
 * stroma_chart_panel_set_y_range:
 * @self: a panel
 * @min: the value at the bottom of the plot
 * @max: the value at the top
 *
 * Fixes the y range instead of following the data, e.g. to compare subjects
 * on the same scale. On a log10 axis both must be positive.
 */
void
stroma_chart_panel_set_y_range (StromaChartPanel *self,
                                double            min,
                                double            max)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (min) && isfinite (max) && min < max);
  g_return_if_fail (self->y_axis.scale != STROMA_CHART_SCALE_LOG10 || min > 0);

  self->y_auto = FALSE;
  self->y_axis.min = min;
  self->y_axis.max = max;
  _stroma_chart_changed (self->chart, TRUE);
}

/**
 * stroma_chart_panel_set_y_auto:
 * @self: a panel
 *
 * Lets the y range follow the data and thresholds again.
 */
void
stroma_chart_panel_set_y_auto (StromaChartPanel *self)
{
  g_return_if_fail (self != NULL);

  self->y_auto = TRUE;
  _stroma_chart_changed (self->chart, TRUE);
}

static void
fit_y_axis (StromaChartPanel *panel)
{
  gboolean log = panel->y_axis.scale == STROMA_CHART_SCALE_LOG10;
  double lo = INFINITY, hi = -INFINITY;

  for (guint i = 0; i < panel->series->len; i++)
    {
      StromaChartSeries *series = g_ptr_array_index (panel->series, i);
      const double *values = (const double *) (gpointer) series->values->data;

      for (guint j = 0; j < series->values->len; j++)
        {
          double v = values[j];

          if (!isfinite (v) || (log && v <= 0))
            continue;
          lo = MIN (lo, v);
          hi = MAX (hi, v);
        }

      for (guint j = 0; series->lower != NULL && j < series->lower->len; j++)
        {
          double a = g_array_index (series->lower, double, j);
          double b = g_array_index (series->upper, double, j);

          if (isfinite (a) && (!log || a > 0))
            lo = MIN (lo, a);
          if (isfinite (b) && (!log || b > 0))
            hi = MAX (hi, b);
        }
    }

  for (guint i = 0; i < panel->thresholds->len; i++)
    {
      double v = g_array_index (panel->thresholds, StromaChartThreshold, i).value;

      if (!isfinite (v) || (log && v <= 0))
        continue;
      lo = MIN (lo, v);
      hi = MAX (hi, v);
    }

  stroma_chart_axis_fit (&panel->y_axis, lo, hi);
}

void
_stroma_chart_ensure_y_axes (StromaChart *self)
{
  g_assert (self != NULL);

  for (guint i = 0; i < self->panels->len; i++)
    {
      StromaChartPanel *panel = g_ptr_array_index (self->panels, i);

      if (panel->y_serial == self->data_serial)
        continue;

      if (panel->y_auto)
        fit_y_axis (panel);
      panel->y_serial = self->data_serial;
    }
}

/**
 * stroma_chart_panel_get_y_axis:
 * @self: a panel
 *
 * The y axis as it will be drawn: the fixed range, or the nice range that
 * fits the data and thresholds.
 *
 * Returns: the axis
 */
StromaChartAxis
stroma_chart_panel_get_y_axis (StromaChartPanel *self)
{
  StromaChartAxis none = { STROMA_CHART_SCALE_LINEAR, 0, 1 };

  g_return_val_if_fail (self != NULL, none);

  _stroma_chart_ensure_y_axes (self->chart);
  return self->y_axis;
}

/**
 * stroma_chart_panel_add_threshold:
 * @self: a panel
 * @value: where the line goes, in the panel's unit
 * @label: (nullable): a label drawn at the line's right end, e.g. "ANC 0.5"
 *
 * Adds a horizontal reference line, such as an engraftment or transfusion
 * threshold. Thresholds are kept inside the automatic y range.
 */
void
stroma_chart_panel_add_threshold (StromaChartPanel *self,
                                  double            value,
                                  const char       *label)
{
  StromaChartThreshold threshold;

  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (value));

  threshold.value = value;
  threshold.label = g_strdup (label);
  g_array_append_val (self->thresholds, threshold);
  _stroma_chart_changed (self->chart, TRUE);
}

/**
 * stroma_chart_panel_get_n_series:
 * @self: a panel
 *
 * Returns: the number of series
 */
guint
stroma_chart_panel_get_n_series (StromaChartPanel *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->series->len;
}

/**
 * stroma_chart_panel_get_series:
 * @self: a panel
 * @index: a series index
 *
 * Returns: (transfer none) (nullable): the series, or %NULL when out of range
 */
StromaChartSeries *
stroma_chart_panel_get_series (StromaChartPanel *self,
                               guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (index >= self->series->len)
    return NULL;

  return g_ptr_array_index (self->series, index);
}

/**
 * stroma_chart_panel_add_series:
 * @self: a panel
 * @label: the legend label, e.g. "ANC"
 *
 * Adds an empty series drawn as a line with points. Its colour is the next
 * one of the style's palette across the whole chart.
 *
 * Returns: (transfer none): the series, owned by the panel
 */
StromaChartSeries *
stroma_chart_panel_add_series (StromaChartPanel *self,
                               const char       *label)
{
  StromaChartSeries *series;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  series = g_new0 (StromaChartSeries, 1);
  series->panel = self;
  series->label = g_strdup (label);
  series->style = STROMA_CHART_SERIES_LINE_AND_POINTS;
  series->color_index = self->chart->n_series++;
  series->days = g_array_new (FALSE, FALSE, sizeof (double));
  series->values = g_array_new (FALSE, FALSE, sizeof (double));
  series->sorted = TRUE;
  series->serial = 1;

  g_ptr_array_add (self->series, series);
  _stroma_chart_changed (self->chart, TRUE);

  return series;
}

/**
 * stroma_chart_panel_nearest:
 * @self: a panel
 * @day: a study day, e.g. the one under the pointer
 * @max_distance: how many days away a point may be, or a negative number for
 *   no limit
 * @series_index: (out) (optional): the series holding the point
 * @point_day: (out) (optional): the point's day
 * @point_value: (out) (optional): the point's value
 *
 * Finds the measured value closest in time to @day among the panel's series,
 * for a hover readout. Missing values and faint series are skipped.
 *
 * Returns: %TRUE if a point was found
 */
gboolean
stroma_chart_panel_nearest (StromaChartPanel *self,
                            double            day,
                            double            max_distance,
                            guint            *series_index,
                            double           *point_day,
                            double           *point_value)
{
  double best_distance = INFINITY, best_day = NAN, best_value = NAN;
  guint best_series = 0;
  gboolean found = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint i = 0; i < self->series->len; i++)
    {
      StromaChartSeries *series = g_ptr_array_index (self->series, i);
      double d, v;

      if (series->faint || !stroma_chart_series_nearest (series, day, NULL, &d, &v))
        continue;

      if (fabs (d - day) < best_distance)
        {
          best_distance = fabs (d - day);
          best_series = i;
          best_day = d;
          best_value = v;
          found = TRUE;
        }
    }

  if (found && max_distance >= 0 && best_distance > max_distance)
    found = FALSE;

  if (found)
    {
      if (series_index != NULL)
        *series_index = best_series;
      if (point_day != NULL)
        *point_day = best_day;
      if (point_value != NULL)
        *point_value = best_value;
    }

  return found;
}

/**
 * stroma_chart_series_get_label:
 * @self: a series
 *
 * Returns: the legend label
 */
const char *
stroma_chart_series_get_label (StromaChartSeries *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->label;
}

/**
 * stroma_chart_series_set_style:
 * @self: a series
 * @style: line and points, line only, or points only
 *
 * Sets how the series is drawn. Points are left out where the data are
 * denser than the pixels, whatever the style.
 */
void
stroma_chart_series_set_style (StromaChartSeries      *self,
                               StromaChartSeriesStyle  style)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (style == STROMA_CHART_SERIES_LINE_AND_POINTS ||
                    style == STROMA_CHART_SERIES_LINE ||
                    style == STROMA_CHART_SERIES_POINTS);

  self->style = style;
  _stroma_chart_changed (self->panel->chart, FALSE);
}

/**
 * stroma_chart_series_set_color_index:
 * @self: a series
 * @color_index: an index into the style's series palette (taken modulo its size)
 *
 * Picks the series colour, e.g. to give one analyte the same colour on
 * every subject's chart.
 */
void
stroma_chart_series_set_color_index (StromaChartSeries *self,
                                     guint              color_index)
{
  g_return_if_fail (self != NULL);

  self->color_index = color_index;
  _stroma_chart_changed (self->panel->chart, FALSE);
}

static void
series_data_changed (StromaChartSeries *self)
{
  self->serial++;
  _stroma_chart_changed (self->panel->chart, TRUE);
}

/**
 * stroma_chart_series_add_point:
 * @self: a series
 * @day: the study day of the sample (fractions for the time of day)
 * @value: the value, or NAN when the sample is missing
 *
 * Adds a point. Points may come in any order; they are drawn by day.
 */
void
stroma_chart_series_add_point (StromaChartSeries *self,
                               double             day,
                               double             value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (isfinite (day));
  g_return_if_fail (isfinite (value) || isnan (value));

  if (self->days->len > 0 && day < g_array_index (self->days, double, self->days->len - 1))
    self->sorted = FALSE;

  g_array_append_val (self->days, day);
  g_array_append_val (self->values, value);
  if (self->lower != NULL)
    {
      double none = NAN;

      g_array_append_val (self->lower, none);
      g_array_append_val (self->upper, none);
    }
  series_data_changed (self);
}

/**
 * stroma_chart_series_set_points:
 * @self: a series
 * @days: (array length=n_points): the days
 * @values: (array length=n_points): the values, NAN where missing
 * @n_points: the number of points
 *
 * Replaces all points of the series at once.
 */
void
stroma_chart_series_set_points (StromaChartSeries *self,
                                const double      *days,
                                const double      *values,
                                guint              n_points)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (n_points == 0 || (days != NULL && values != NULL));

  g_array_set_size (self->days, 0);
  g_array_set_size (self->values, 0);
  g_clear_pointer (&self->lower, g_array_unref);
  g_clear_pointer (&self->upper, g_array_unref);
  self->sorted = TRUE;

  for (guint i = 0; i < n_points; i++)
    {
      if (!isfinite (days[i]) || isinf (values[i]))
        {
          g_warning ("Skipping point %u of series “%s”: day or value is not finite",
                     i, self->label);
          continue;
        }
      if (self->days->len > 0 && days[i] < g_array_index (self->days, double, self->days->len - 1))
        self->sorted = FALSE;
      g_array_append_val (self->days, days[i]);
      g_array_append_val (self->values, values[i]);
    }

  series_data_changed (self);
}

/**
 * stroma_chart_series_get_n_points:
 * @self: a series
 *
 * Returns: the number of points, missing ones included
 */
guint
stroma_chart_series_get_n_points (StromaChartSeries *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->days->len;
}

/**
 * stroma_chart_series_set_band:
 * @self: a series
 * @lower: (array length=n_points) (nullable): the band's lower edge at each point, NAN for
 *   none; %NULL removes the band
 * @upper: (array length=n_points) (nullable): its upper edge
 * @n_points: the series' number of points
 *
 * Gives the series a band drawn behind its line, such as the interquartile range around a
 * median. Set it after the points: setting points again removes it.
 */
void
stroma_chart_series_set_band (StromaChartSeries *self,
                              const double      *lower,
                              const double      *upper,
                              guint              n_points)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail ((lower == NULL) == (upper == NULL));
  g_return_if_fail (lower == NULL || n_points == self->days->len);

  g_clear_pointer (&self->lower, g_array_unref);
  g_clear_pointer (&self->upper, g_array_unref);

  if (lower != NULL)
    {
      self->lower = g_array_sized_new (FALSE, FALSE, sizeof (double), n_points);
      self->upper = g_array_sized_new (FALSE, FALSE, sizeof (double), n_points);
      for (guint i = 0; i < n_points; i++)
        {
          double lo = isfinite (lower[i]) ? lower[i] : NAN;
          double hi = isfinite (upper[i]) ? upper[i] : NAN;

          g_array_append_val (self->lower, lo);
          g_array_append_val (self->upper, hi);
        }
    }

  series_data_changed (self);
}

/**
 * stroma_chart_series_get_band_at:
 * @self: a series
 * @index: a point's index in day order, as stroma_chart_series_nearest() gives it
 * @lower: (out) (optional): the band's lower edge there
 * @upper: (out) (optional): its upper edge
 *
 * Returns: %TRUE if the series has a band with both edges at the point
 */
gboolean
stroma_chart_series_get_band_at (StromaChartSeries *self,
                                 guint              index,
                                 double            *lower,
                                 double            *upper)
{
  double lo, hi;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->lower == NULL || index >= self->lower->len)
    return FALSE;

  _stroma_chart_series_ensure_sorted (self);
  lo = g_array_index (self->lower, double, index);
  hi = g_array_index (self->upper, double, index);
  if (isnan (lo) || isnan (hi))
    return FALSE;

  if (lower != NULL)
    *lower = lo;
  if (upper != NULL)
    *upper = hi;
  return TRUE;
}

/**
 * stroma_chart_series_set_faint:
 * @self: a series
 * @faint: whether the series is background
 *
 * A faint series is drawn thin and translucent behind the others, without points, legend
 * entry or hover readout: one subject's curve behind its arm's median.
 */
void
stroma_chart_series_set_faint (StromaChartSeries *self,
                               gboolean           faint)
{
  g_return_if_fail (self != NULL);

  faint = !!faint;
  if (self->faint == (guint) faint)
    return;

  self->faint = faint;
  _stroma_chart_changed (self->panel->chart, FALSE);
}

/**
 * stroma_chart_series_get_faint:
 * @self: a series
 *
 * Returns: whether the series is drawn faintly behind the others
 */
gboolean
stroma_chart_series_get_faint (StromaChartSeries *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->faint;
}

typedef struct
{
  double day;
  double value;
  double lower;
  double upper;
  guint  index;
} SortPoint;

static int
compare_points (gconstpointer a,
                gconstpointer b)
{
  const SortPoint *pa = a;
  const SortPoint *pb = b;

  if (pa->day != pb->day)
    return pa->day < pb->day ? -1 : 1;
  /* Equal days keep their order of entry. */
  return pa->index < pb->index ? -1 : pa->index > pb->index;
}

void
_stroma_chart_series_ensure_sorted (StromaChartSeries *series)
{
  g_autofree SortPoint *points = NULL;
  guint n;

  g_assert (series != NULL);

  if (series->sorted)
    return;

  n = series->days->len;
  points = g_new (SortPoint, n);
  for (guint i = 0; i < n; i++)
    {
      points[i].day = g_array_index (series->days, double, i);
      points[i].value = g_array_index (series->values, double, i);
      points[i].lower = series->lower ? g_array_index (series->lower, double, i) : NAN;
      points[i].upper = series->upper ? g_array_index (series->upper, double, i) : NAN;
      points[i].index = i;
    }

  qsort (points, n, sizeof *points, compare_points);

  for (guint i = 0; i < n; i++)
    {
      g_array_index (series->days, double, i) = points[i].day;
      g_array_index (series->values, double, i) = points[i].value;
      if (series->lower != NULL)
        {
          g_array_index (series->lower, double, i) = points[i].lower;
          g_array_index (series->upper, double, i) = points[i].upper;
        }
    }

  series->sorted = TRUE;
}

/* The first index whose day is >= @day. */
static guint
lower_bound (const double *days,
             guint         n,
             double        day)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (days[mid] < day)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/**
 * stroma_chart_series_nearest:
 * @self: a series
 * @day: a study day
 * @index: (out) (optional): the index of the point, in day order
 * @point_day: (out) (optional): its day
 * @point_value: (out) (optional): its value
 *
 * Finds the point with a value closest in time to @day; on a tie the
 * earlier one wins.
 *
 * Returns: %TRUE unless the series has no value at all
 */
gboolean
stroma_chart_series_nearest (StromaChartSeries *self,
                             double             day,
                             guint             *index,
                             double            *point_day,
                             double            *point_value)
{
  const double *days;
  const double *values;
  guint n, at, before, after;
  gboolean have_before = FALSE, have_after = FALSE;
  guint best;

  g_return_val_if_fail (self != NULL, FALSE);

  _stroma_chart_series_ensure_sorted (self);

  days = (const double *) (gpointer) self->days->data;
  values = (const double *) (gpointer) self->values->data;
  n = self->days->len;
  at = lower_bound (days, n, day);

  for (after = at; after < n; after++)
    if (!isnan (values[after]))
      {
        have_after = TRUE;
        break;
      }

  for (before = at; before > 0; before--)
    if (!isnan (values[before - 1]))
      {
        have_before = TRUE;
        before--;
        break;
      }

  if (!have_before && !have_after)
    return FALSE;

  if (have_before && (!have_after || day - days[before] <= days[after] - day))
    best = before;
  else
    best = after;

  if (index != NULL)
    *index = best;
  if (point_day != NULL)
    *point_day = days[best];
  if (point_value != NULL)
    *point_value = values[best];

  return TRUE;
}
