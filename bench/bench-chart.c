/* bench-chart.c — frame times of the chart renderer against a bare cairo polyline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage: bench-chart [RUNS]
 *
 * For 1k, 10k and 100k points it renders a one-panel chart (series, threshold,
 * band, markers, axes, legend) onto a 1280x720 image surface and reports the
 * median over RUNS frames of:
 *   polyline  cairo_move_to/line_to over every point, one stroke: the floor;
 *   warm      a frame of an unchanged chart: geometry, ticks and layout cached;
 *   pan       a frame after the view moved: the series geometry is rebuilt;
 *   cold      a frame of a freshly built chart, including the first layout;
 * and how many points of the series reach cairo after decimation.
 */

#define G_LOG_DOMAIN "bench-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdlib.h>

#include "chart/stroma-chart.h"
#include "chart/stroma-chart-private.h"

#define WIDTH  1280
#define HEIGHT 720

typedef struct
{
  guint   n;
  double *days;
  double *values;
} Data;

static Data *
data_new (guint n)
{
  Data *data = g_new0 (Data, 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  double value = 2;

  data->n = n;
  data->days = g_new (double, n);
  data->values = g_new (double, n);

  /* A year of values, a random walk in log space with the odd spike. */
  for (guint i = 0; i < n; i++)
    {
      value *= exp (g_rand_double_range (rand, -0.05, 0.05));
      value = CLAMP (value, 0.05, 40);
      data->days[i] = -14 + 379.0 * i / n;
      data->values[i] = g_rand_int_range (rand, 0, 500) == 0 ? value * 5 : value;
    }

  return data;
}

static void
data_free (Data *data)
{
  g_free (data->days);
  g_free (data->values);
  g_free (data);
}

static StromaChart *
build_chart (const Data *data)
{
  StromaChart *chart = stroma_chart_new ();
  StromaChartPanel *panel = stroma_chart_add_panel (chart, "ANC", "×10⁹/L",
                                                    STROMA_CHART_SCALE_LOG10);
  StromaChartSeries *series = stroma_chart_panel_add_series (panel, "ANC");

  stroma_chart_series_set_points (series, data->days, data->values, data->n);
  stroma_chart_panel_add_threshold (panel, 0.5, "ANC 0.5");
  stroma_chart_add_band (chart, STROMA_CHART_BAND_CONDITIONING, -7, -1, "Conditioning");
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_DAY_ZERO, 0, "HSCT");
  for (int i = 0; i < 4; i++)
    stroma_chart_add_marker (chart, STROMA_CHART_MARKER_MSC_INFUSION, 28 + 7 * i, NULL);

  return chart;
}

static void
clear (cairo_t *cr)
{
  cairo_save (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_restore (cr);
}

static void
draw_polyline (cairo_t    *cr,
               const Data *data)
{
  double lo = log10 (0.05), hi = log10 (200);

  clear (cr);
  for (guint i = 0; i < data->n; i++)
    {
      double x = (data->days[i] + 14) / 379.0 * WIDTH;
      double y = HEIGHT - (log10 (data->values[i]) - lo) / (hi - lo) * HEIGHT;

      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_set_source_rgb (cr, 0, 0.45, 0.7);
  cairo_set_line_width (cr, 1.75);
  cairo_stroke (cr);
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return (da > db) - (da < db);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof *values, compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 1000, 10000, 100000 };
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  guint runs = argc > 1 ? (guint) MAX (atoi (argv[1]), 1) : 51;
  g_autofree double *times = g_new (double, runs);
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);

  g_print ("Frame time in ms, median of %u runs, %dx%d ARGB32 image surface\n\n",
           runs, WIDTH, HEIGHT);
  g_print ("%8s  %10s  %10s  %10s  %10s  %14s\n",
           "points", "polyline", "warm", "pan", "cold", "to cairo");

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      Data *data = data_new (sizes[s]);
      StromaChart *chart = build_chart (data);
      double polyline, warm, pan, cold;
      guint drawn = 0;

      /* Warm up caches and fonts once. */
      stroma_chart_render (chart, cr, WIDTH, HEIGHT, style);

      for (guint r = 0; r < runs; r++)
        {
          gint64 start = g_get_monotonic_time ();

          draw_polyline (cr, data);
          cairo_surface_flush (surface);
          times[r] = elapsed_ms (start);
        }
      polyline = median (times, runs);

      for (guint r = 0; r < runs; r++)
        {
          gint64 start = g_get_monotonic_time ();

          stroma_chart_render (chart, cr, WIDTH, HEIGHT, style);
          cairo_surface_flush (surface);
          times[r] = elapsed_ms (start);
        }
      warm = median (times, runs);

      for (guint r = 0; r < runs; r++)
        {
          gint64 start;

          /* Back and forth, so the view keeps covering the data. */
          stroma_chart_pan (chart, r % 2 ? -0.5 : 0.5);
          start = g_get_monotonic_time ();
          stroma_chart_render (chart, cr, WIDTH, HEIGHT, style);
          cairo_surface_flush (surface);
          times[r] = elapsed_ms (start);
        }
      pan = median (times, runs);

      for (guint r = 0; r < runs; r++)
        {
          StromaChart *fresh = build_chart (data);
          gint64 start = g_get_monotonic_time ();

          stroma_chart_render (fresh, cr, WIDTH, HEIGHT, style);
          cairo_surface_flush (surface);
          times[r] = elapsed_ms (start);
          stroma_chart_unref (fresh);
        }
      cold = median (times, runs);

      /* What reaches cairo after decimation */
      drawn = stroma_chart_panel_get_series (stroma_chart_get_panel (chart, 0), 0)->geometry.x->len;

      g_print ("%8u  %10.3f  %10.3f  %10.3f  %10.3f  %14u\n",
               sizes[s], polyline, warm, pan, cold, drawn);

      stroma_chart_unref (chart);
      data_free (data);
    }

  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  return EXIT_SUCCESS;
}
