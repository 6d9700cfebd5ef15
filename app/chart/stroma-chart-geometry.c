/* stroma-chart-geometry.c — normalized, decimated series geometry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "stroma-chart-private.h"

static void
emit (GArray *out_x,
      GArray *out_y,
      double  x,
      double  y)
{
  g_array_append_val (out_x, x);
  g_array_append_val (out_y, y);
}

static void
emit_break (GArray *out_x,
            GArray *out_y)
{
  if (out_y->len == 0 || isnan (g_array_index (out_y, double, out_y->len - 1)))
    return;

  emit (out_x, out_y, NAN, NAN);
}

/* Emits the first, lowest, highest and last point of a column, in order. */
static void
flush_column (const double *x,
              const double *y,
              const guint   picks_in[4],
              GArray       *out_x,
              GArray       *out_y)
{
  guint picks[4];

  memcpy (picks, picks_in, sizeof picks);

  for (guint i = 1; i < 4; i++)
    for (guint j = i; j > 0 && picks[j - 1] > picks[j]; j--)
      {
        guint tmp = picks[j];
        picks[j] = picks[j - 1];
        picks[j - 1] = tmp;
      }

  for (guint i = 0; i < 4; i++)
    if (i == 0 || picks[i] != picks[i - 1])
      emit (out_x, out_y, x[picks[i]], y[picks[i]]);
}

/*
 * Reduces a polyline to at most four points per pixel column: the first, the
 * lowest, the highest and the last (the "M4" reduction). Within a column the
 * eye sees only the vertical extent and where the line enters and leaves, so
 * the drawing is the same as with every point, and a one-sample spike
 * survives. @x is normalized to 0..1 across @columns columns and ascending;
 * a NAN in @y breaks the line, which the output keeps as a NAN pair.
 */
void
_stroma_chart_decimate (const double *x,
                        const double *y,
                        guint         n,
                        guint         columns,
                        GArray       *out_x,
                        GArray       *out_y)
{
  gboolean have = FALSE;
  double column = 0;
  guint picks[4] = { 0, 0, 0, 0 };  /* first, min, max, last */

  g_assert (columns > 0);
  g_assert (n == 0 || (x != NULL && y != NULL));

  for (guint i = 0; i < n; i++)
    {
      double c;

      if (isnan (y[i]))
        {
          if (have)
            flush_column (x, y, picks, out_x, out_y);
          have = FALSE;
          emit_break (out_x, out_y);
          continue;
        }

      c = floor (x[i] * columns);

      if (have && c == column)
        {
          if (y[i] < y[picks[1]])
            picks[1] = i;
          if (y[i] > y[picks[2]])
            picks[2] = i;
          picks[3] = i;
          continue;
        }

      if (have)
        flush_column (x, y, picks, out_x, out_y);

      column = c;
      picks[0] = picks[1] = picks[2] = picks[3] = i;
      have = TRUE;
    }

  if (have)
    flush_column (x, y, picks, out_x, out_y);
}

void
_stroma_chart_geometry_clear (StromaChartGeometry *geometry)
{
  g_assert (geometry != NULL);

  g_clear_pointer (&geometry->x, g_array_unref);
  g_clear_pointer (&geometry->y, g_array_unref);
  geometry->valid = FALSE;
}

static gboolean
axis_equal (const StromaChartAxis *a,
            const StromaChartAxis *b)
{
  return a->scale == b->scale && a->min == b->min && a->max == b->max;
}

/* The first index whose day is > @day. */
static guint
upper_bound (const double *days,
             guint         n,
             double        day)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (days[mid] <= day)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
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

/*
 * The series' geometry for a view and a plot width in device pixels, from
 * the cache when nothing it depends on has changed. The panel's y axis must
 * be up to date (_stroma_chart_ensure_y_axes()).
 */
const StromaChartGeometry *
_stroma_chart_series_get_geometry (StromaChartSeries *series,
                                   double             view_first,
                                   double             view_last,
                                   guint              columns)
{
  StromaChartGeometry *geometry;
  const StromaChartAxis *y_axis;
  const double *days;
  const double *values;
  g_autofree double *nx = NULL;
  g_autofree double *ny = NULL;
  guint n, lo, hi, n_visible;
  double span;

  g_assert (series != NULL);
  g_assert (view_last > view_first);

  geometry = &series->geometry;
  y_axis = &series->panel->y_axis;
  columns = MAX (columns, 1);

  if (geometry->valid &&
      geometry->data_serial == series->serial &&
      geometry->view_first == view_first &&
      geometry->view_last == view_last &&
      geometry->columns == columns &&
      axis_equal (&geometry->y_axis, y_axis))
    return geometry;

  _stroma_chart_series_ensure_sorted (series);

  if (geometry->x == NULL)
    {
      geometry->x = g_array_new (FALSE, FALSE, sizeof (double));
      geometry->y = g_array_new (FALSE, FALSE, sizeof (double));
    }
  g_array_set_size (geometry->x, 0);
  g_array_set_size (geometry->y, 0);

  days = (const double *) (gpointer) series->days->data;
  values = (const double *) (gpointer) series->values->data;
  n = series->days->len;

  /* The points in view, and one beyond each edge so lines reach the edges. */
  lo = lower_bound (days, n, view_first);
  hi = upper_bound (days, n, view_last);
  if (lo > 0)
    lo--;
  if (hi < n)
    hi++;
  n_visible = hi > lo ? hi - lo : 0;

  span = view_last - view_first;
  nx = g_new (double, MAX (n_visible, 1));
  ny = g_new (double, MAX (n_visible, 1));

  for (guint i = 0; i < n_visible; i++)
    {
      double t = stroma_chart_axis_normalize (y_axis, values[lo + i]);

      /* No place on a log axis: a count of zero sits on the floor of the plot. */
      if (isinf (t) && t < 0)
        t = 0;

      nx[i] = (days[lo + i] - view_first) / span;
      ny[i] = t;
    }

  if (n_visible > columns)
    {
      _stroma_chart_decimate (nx, ny, n_visible, columns, geometry->x, geometry->y);
      geometry->decimated = TRUE;
    }
  else
    {
      g_array_append_vals (geometry->x, nx, n_visible);
      g_array_append_vals (geometry->y, ny, n_visible);
      geometry->decimated = FALSE;
    }

  geometry->data_serial = series->serial;
  geometry->view_first = view_first;
  geometry->view_last = view_last;
  geometry->columns = columns;
  geometry->y_axis = *y_axis;
  geometry->n_visible = n_visible;
  geometry->builds++;
  geometry->valid = TRUE;

  return geometry;
}
