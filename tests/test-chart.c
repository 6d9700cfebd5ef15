/* test-chart.c — the chart renderer: axes, decimation, view maths, pixels, files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set STROMA_CHART_SAMPLE=file.png to keep the sample chart that /chart/render/sample draws.
 */

#define G_LOG_DOMAIN "test-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "chart/stroma-chart.h"
#include "chart/stroma-chart-private.h"

/* Pixels and fixtures */

typedef struct
{
  guint8 r, g, b;
} Rgb;

static Rgb
rgb_from_color (const StromaChartColor *color)
{
  Rgb rgb = {
    (guint8) round (color->red * 255),
    (guint8) round (color->green * 255),
    (guint8) round (color->blue * 255),
  };

  return rgb;
}

/* A translucent colour over an opaque one, as cairo composites it. */
static Rgb
rgb_over (const StromaChartColor *top,
          const StromaChartColor *bottom)
{
  StromaChartColor mixed = {
    top->red * top->alpha + bottom->red * (1 - top->alpha),
    top->green * top->alpha + bottom->green * (1 - top->alpha),
    top->blue * top->alpha + bottom->blue * (1 - top->alpha),
    1,
  };

  return rgb_from_color (&mixed);
}

static Rgb
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 argb;
  Rgb rgb;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));

  memcpy (&argb, data + y * stride + x * 4, sizeof argb);
  rgb.r = (argb >> 16) & 0xff;
  rgb.g = (argb >> 8) & 0xff;
  rgb.b = argb & 0xff;

  return rgb;
}

static gboolean
rgb_near (Rgb a,
          Rgb b,
          int tolerance)
{
  return ABS ((int) a.r - (int) b.r) <= tolerance &&
         ABS ((int) a.g - (int) b.g) <= tolerance &&
         ABS ((int) a.b - (int) b.b) <= tolerance;
}

/* Pixels of a colour in [x0, x1) × [y0, y1). */
static guint
count_color (cairo_surface_t *surface,
             int              x0,
             int              y0,
             int              x1,
             int              y1,
             Rgb              color,
             int              tolerance)
{
  guint count = 0;

  for (int y = y0; y < y1; y++)
    for (int x = x0; x < x1; x++)
      if (rgb_near (pixel_at (surface, x, y), color, tolerance))
        count++;

  return count;
}

static cairo_surface_t *
render_to_surface (StromaChart            *chart,
                   const StromaChartStyle *style,
                   int                     width,
                   int                     height,
                   double                  scale)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        (int) (width * scale), (int) (height * scale));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  stroma_chart_render (chart, cr, width, height, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

/* One linear panel, values 0..100 fixed, days 0..10 in view. */
static StromaChart *
simple_chart (StromaChartPanel  **panel_out,
              StromaChartSeries **series_out)
{
  StromaChart *chart = stroma_chart_new ();
  StromaChartPanel *panel;
  StromaChartSeries *series;

  panel = stroma_chart_add_panel (chart, "Hb", "g/L", STROMA_CHART_SCALE_LINEAR);
  stroma_chart_panel_set_y_range (panel, 0, 100);
  series = stroma_chart_panel_add_series (panel, "Hb");
  stroma_chart_set_view (chart, 0, 10);

  if (panel_out != NULL)
    *panel_out = panel;
  if (series_out != NULL)
    *series_out = series;

  return chart;
}

static double
smooth_step (double x,
             double x0,
             double x1)
{
  double t = CLAMP ((x - x0) / (x1 - x0), 0, 1);

  return t * t * (3 - 2 * t);
}

/* A subject with poor graft function after transplant, treated with four weekly MSC infusions. */
static StromaChart *
sample_chart (void)
{
  StromaChart *chart = stroma_chart_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240611);
  StromaChartPanel *anc, *plt, *hb;
  StromaChartSeries *anc_series, *plt_series, *hb_series;
  double hb_value = 112, plt_value = 160;
  GDate day_zero;

  anc = stroma_chart_add_panel (chart, "ANC", "×10⁹/L", STROMA_CHART_SCALE_LOG10);
  plt = stroma_chart_add_panel (chart, "PLT", "×10⁹/L", STROMA_CHART_SCALE_LOG10);
  hb = stroma_chart_add_panel (chart, "Hb", "g/L", STROMA_CHART_SCALE_LINEAR);
  anc_series = stroma_chart_panel_add_series (anc, "ANC");
  plt_series = stroma_chart_panel_add_series (plt, "PLT");
  hb_series = stroma_chart_panel_add_series (hb, "Hb");

  stroma_chart_panel_add_threshold (anc, 0.5, "ANC 0.5");
  stroma_chart_panel_add_threshold (plt, 20, "PLT 20");
  stroma_chart_panel_add_threshold (plt, 50, "PLT 50");
  stroma_chart_panel_add_threshold (hb, 70, "Hb 70");

  stroma_chart_add_band (chart, STROMA_CHART_BAND_CONDITIONING, -7, -1, "Conditioning");
  stroma_chart_add_band (chart, STROMA_CHART_BAND_GROWTH_FACTOR, 5, 21, "G-CSF");
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_DAY_ZERO, 0, "HSCT");
  for (int i = 0; i < 4; i++)
    {
      g_autofree char *label = g_strdup_printf ("MSC %d", i + 1);

      stroma_chart_add_marker (chart, STROMA_CHART_MARKER_MSC_INFUSION, 28 + 7 * i, label);
    }
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_RESPONSE, 47, "ANC engraftment");

  for (int day = -10; day <= 100; day++)
    {
      double noise = exp (g_rand_double_range (rand, -0.25, 0.25));
      double anc_value;

      /* Daily counts to day 30, then twice a week. */
      if (day > 30 && day % 7 != 0 && day % 7 != 3)
        continue;

      anc_value = 3.2 * (1 - smooth_step (day, -6, 4)) + 0.02
                  + 0.25 * smooth_step (day, 8, 14) + 1.8 * smooth_step (day, 36, 70);
      anc_value *= noise;
      if (day >= 4 && day <= 6)
        anc_value = 0;    /* below detection: drawn on the floor of the log axis */
      if (day == 17)
        anc_value = NAN;  /* haemolysed sample: a gap */
      stroma_chart_series_add_point (anc_series, day, anc_value);

      plt_value = plt_value * (day < 30 ? 0.8 : 1.0) * noise;
      plt_value = MAX (plt_value, 6) + (day > 35 ? 3.5 * smooth_step (day, 35, 80) : 0);
      stroma_chart_series_add_point (plt_series, day, plt_value);
      if (plt_value < 20 && day < 60)
        {
          stroma_chart_add_marker (chart, STROMA_CHART_MARKER_PLT_TRANSFUSION, day, NULL);
          plt_value += 25;
        }

      hb_value -= day < 40 ? 1.6 * noise : -0.7 * noise;
      stroma_chart_series_add_point (hb_series, day, MIN (hb_value, 125));
      if (hb_value < 72 && day < 60)
        {
          stroma_chart_add_marker (chart, STROMA_CHART_MARKER_RBC_TRANSFUSION, day, NULL);
          hb_value += 18;
        }
    }

  g_date_clear (&day_zero, 1);
  g_date_set_dmy (&day_zero, 12, G_DATE_MARCH, 2024);
  stroma_chart_set_day_zero (chart, &day_zero);

  return chart;
}

static void
assert_ticks (GArray       *ticks,
              const double *expected,
              guint         n_expected)
{
  g_autoptr(GString) got = g_string_new (NULL);

  for (guint i = 0; i < ticks->len; i++)
    g_string_append_printf (got, "%s%g", i ? " " : "", g_array_index (ticks, double, i));

  if (ticks->len != n_expected)
    g_error ("expected %u ticks, got %u: %s", n_expected, ticks->len, got->str);

  for (guint i = 0; i < n_expected; i++)
    if (fabs (g_array_index (ticks, double, i) - expected[i]) > fabs (expected[i]) * 1e-9 + 1e-12)
      g_error ("tick %u: expected %g, got %s", i, expected[i], got->str);
}

/* Axes */

static void
test_axis_normalize (void)
{
  static const struct {
    StromaChartScale scale;
    double min, max, value, expected;
  } cases[] = {
    { STROMA_CHART_SCALE_LINEAR, 0, 100, 0, 0 },
    { STROMA_CHART_SCALE_LINEAR, 0, 100, 100, 1 },
    { STROMA_CHART_SCALE_LINEAR, 0, 100, 25, 0.25 },
    { STROMA_CHART_SCALE_LINEAR, 60, 140, 70, 0.125 },
    { STROMA_CHART_SCALE_LINEAR, 60, 140, 150, 1.125 },   /* outside stays outside */
    { STROMA_CHART_SCALE_LINEAR, -10, 10, 0, 0.5 },
    { STROMA_CHART_SCALE_LOG10, 0.1, 100, 0.1, 0 },
    { STROMA_CHART_SCALE_LOG10, 0.1, 100, 100, 1 },
    { STROMA_CHART_SCALE_LOG10, 0.1, 100, 1, 1.0 / 3 },
    { STROMA_CHART_SCALE_LOG10, 0.1, 100, 10, 2.0 / 3 },
    { STROMA_CHART_SCALE_LOG10, 0.01, 1, 0.1, 0.5 },
    { STROMA_CHART_SCALE_LOG10, 1, 1000, 0.1, -1.0 / 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaChartAxis axis = { cases[i].scale, cases[i].min, cases[i].max };
      double t = stroma_chart_axis_normalize (&axis, cases[i].value);

      g_assert_cmpfloat_with_epsilon (t, cases[i].expected, 1e-12);
      g_assert_cmpfloat_with_epsilon (stroma_chart_axis_denormalize (&axis, t),
                                      cases[i].value, fabs (cases[i].value) * 1e-12 + 1e-12);
    }
}

static void
test_axis_normalize_special (void)
{
  StromaChartAxis log_axis = { STROMA_CHART_SCALE_LOG10, 0.1, 100 };
  StromaChartAxis linear_axis = { STROMA_CHART_SCALE_LINEAR, 0, 1 };
  double t;

  t = stroma_chart_axis_normalize (&log_axis, 0);
  g_assert_true (isinf (t) && t < 0);
  t = stroma_chart_axis_normalize (&log_axis, -3);
  g_assert_true (isinf (t) && t < 0);
  g_assert_true (isnan (stroma_chart_axis_normalize (&log_axis, NAN)));
  g_assert_true (isnan (stroma_chart_axis_normalize (&linear_axis, NAN)));
}

static void
test_axis_linear_ticks (void)
{
  static const struct {
    double min, max;
    guint max_ticks;
    double expected[12];
    guint n;
  } cases[] = {
    { 0, 10, 6, { 0, 2, 4, 6, 8, 10 }, 6 },
    { 0, 1, 6, { 0, 0.2, 0.4, 0.6, 0.8, 1 }, 6 },
    { -3, 7, 6, { -2, 0, 2, 4, 6 }, 5 },
    { 60, 130, 8, { 60, 70, 80, 90, 100, 110, 120, 130 }, 8 },
    { 60, 130, 4, { 60, 80, 100, 120 }, 4 },
    { 0, 350, 5, { 0, 100, 200, 300 }, 4 },
    { 60, 125, 2, { 60, 125 }, 2 },   /* no two nice ticks fit: the ends */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaChartAxis axis = { STROMA_CHART_SCALE_LINEAR, cases[i].min, cases[i].max };
      g_autoptr(GArray) ticks = stroma_chart_axis_compute_ticks (&axis, cases[i].max_ticks);

      assert_ticks (ticks, cases[i].expected, cases[i].n);
      g_assert_cmpuint (ticks->len, <=, cases[i].max_ticks);
    }
}

static void
test_axis_log_ticks (void)
{
  static const struct {
    double min, max;
    guint max_ticks;
    double expected[12];
    guint n;
  } cases[] = {
    /* 1, 2, 5 per decade when they fit */
    { 0.1, 50, 10, { 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50 }, 9 },
    { 10, 500, 10, { 10, 20, 50, 100, 200, 500 }, 6 },
    /* decades when they do not */
    { 0.1, 50, 4, { 0.1, 1, 10 }, 3 },
    { 0.01, 10, 5, { 0.01, 0.1, 1, 10 }, 4 },
    /* every other decade when even decades are too many */
    { 0.01, 1000, 3, { 0.01, 1, 100 }, 3 },
    /* less than a decade: linear steps read better */
    { 3, 8, 5, { 4, 6, 8 }, 3 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaChartAxis axis = { STROMA_CHART_SCALE_LOG10, cases[i].min, cases[i].max };
      g_autoptr(GArray) ticks = stroma_chart_axis_compute_ticks (&axis, cases[i].max_ticks);

      assert_ticks (ticks, cases[i].expected, cases[i].n);
    }
}

static void
test_axis_fit (void)
{
  static const struct {
    StromaChartScale scale;
    double data_min, data_max, min, max;
  } cases[] = {
    { STROMA_CHART_SCALE_LINEAR, 71, 118, 60, 120 },
    { STROMA_CHART_SCALE_LINEAR, 0, 9.5, 0, 10 },       /* never below zero for counts */
    { STROMA_CHART_SCALE_LINEAR, -4, 4, -6, 6 },
    { STROMA_CHART_SCALE_LINEAR, 5, 5, 4, 6 },          /* a single value is widened */
    { STROMA_CHART_SCALE_LOG10, 0.02, 4.3, 0.01, 10 },
    { STROMA_CHART_SCALE_LOG10, 12, 180, 10, 200 },
    { STROMA_CHART_SCALE_LOG10, 0.5, 0.5, 0.2, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaChartAxis axis = { cases[i].scale, 0, 0 };

      stroma_chart_axis_fit (&axis, cases[i].data_min, cases[i].data_max);
      if (fabs (axis.min - cases[i].min) > 1e-9 || fabs (axis.max - cases[i].max) > 1e-9)
        g_error ("case %u: expected %g..%g, got %g..%g", i,
                 cases[i].min, cases[i].max, axis.min, axis.max);
      g_assert_cmpfloat (axis.min, <=, cases[i].data_min);
      g_assert_cmpfloat (axis.max, >=, cases[i].data_max);
    }
}

static void
test_axis_format (void)
{
  static const struct {
    StromaChartScale scale;
    double value, step;
    const char *expected;
  } cases[] = {
    { STROMA_CHART_SCALE_LOG10, 0.05, 0, "0.05" },
    { STROMA_CHART_SCALE_LOG10, 0.5, 0, "0.5" },
    { STROMA_CHART_SCALE_LOG10, 20, 0, "20" },
    { STROMA_CHART_SCALE_LINEAR, 0.25, 0.25, "0.25" },
    { STROMA_CHART_SCALE_LINEAR, 0.4, 0.2, "0.4" },
    { STROMA_CHART_SCALE_LINEAR, 120, 20, "120" },
    { STROMA_CHART_SCALE_LINEAR, -0.0, 2, "0" },
    { STROMA_CHART_SCALE_LINEAR, -2, 2, "-2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      StromaChartAxis axis = { cases[i].scale, 0.01, 100 };
      g_autofree char *text = stroma_chart_axis_format_tick (&axis, cases[i].value, cases[i].step);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_axis_day_ticks (void)
{
  static const struct {
    double first, last;
    guint max_ticks;
    double step;
  } cases[] = {
    { -14, 100, 10, 14 },
    { -14, 100, 20, 7 },
    { -3, 10, 20, 1 },
    { 0, 700, 10, 91 },
    { 0, 5000, 5, 1456 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GArray) ticks = stroma_chart_compute_day_ticks (cases[i].first, cases[i].last,
                                                                cases[i].max_ticks);

      g_assert_cmpfloat (stroma_chart_day_tick_step (cases[i].last - cases[i].first,
                                                     cases[i].max_ticks), ==, cases[i].step);
      g_assert_cmpuint (ticks->len, >=, 2);
      g_assert_cmpuint (ticks->len, <=, cases[i].max_ticks);
      for (guint t = 0; t < ticks->len; t++)
        {
          double v = g_array_index (ticks, double, t);

          /* Anchored at day 0, inside the range */
          g_assert_cmpfloat (fmod (fabs (v), cases[i].step), ==, 0);
          g_assert_cmpfloat (v, >=, cases[i].first);
          g_assert_cmpfloat (v, <=, cases[i].last);
        }
    }

  {
    g_autoptr(GArray) ticks = stroma_chart_compute_day_ticks (-14, 100, 10);
    const double expected[] = { -14, 0, 14, 28, 42, 56, 70, 84, 98 };

    assert_ticks (ticks, expected, G_N_ELEMENTS (expected));
  }
}

/* Decimation */

static void
test_decimate_extremes (void)
{
  const guint n = 100000, columns = 300;
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  g_autoptr(GArray) out_x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) out_y = g_array_new (FALSE, FALSE, sizeof (double));
  gboolean spike = FALSE, dip = FALSE;

  for (guint i = 0; i < n; i++)
    {
      x[i] = (double) i / (n - 1);
      y[i] = 0.5 + 0.2 * sin (i * 0.001);
    }
  y[31337] = 0.99;  /* one-sample spike */
  y[77777] = 0.01;  /* one-sample dip */

  _stroma_chart_decimate (x, y, n, columns, out_x, out_y);

  g_assert_cmpuint (out_x->len, ==, out_y->len);
  g_assert_cmpuint (out_x->len, <=, 4 * (columns + 1));
  g_assert_cmpuint (out_x->len, >=, columns);

  for (guint i = 0; i < out_y->len; i++)
    {
      if (g_array_index (out_y, double, i) == 0.99)
        spike = TRUE;
      if (g_array_index (out_y, double, i) == 0.01)
        dip = TRUE;
      if (i > 0)
        g_assert_cmpfloat (g_array_index (out_x, double, i), >=,
                           g_array_index (out_x, double, i - 1));
    }
  g_assert_true (spike);
  g_assert_true (dip);

  /* The line still starts and ends where the data do. */
  g_assert_cmpfloat (g_array_index (out_x, double, 0), ==, 0);
  g_assert_cmpfloat (g_array_index (out_x, double, out_x->len - 1), ==, 1);

  /* Each column keeps its own minimum and maximum. */
  for (guint c = 0; c < columns; c += 37)
    {
      double lo = INFINITY, hi = -INFINITY, out_lo = INFINITY, out_hi = -INFINITY;

      for (guint i = 0; i < n; i++)
        if (floor (x[i] * columns) == c)
          {
            lo = MIN (lo, y[i]);
            hi = MAX (hi, y[i]);
          }
      for (guint i = 0; i < out_x->len; i++)
        if (floor (g_array_index (out_x, double, i) * columns) == c)
          {
            out_lo = MIN (out_lo, g_array_index (out_y, double, i));
            out_hi = MAX (out_hi, g_array_index (out_y, double, i));
          }
      g_assert_cmpfloat (out_lo, ==, lo);
      g_assert_cmpfloat (out_hi, ==, hi);
    }
}

static void
test_decimate_gaps (void)
{
  const double x[] = { 0.0, 0.001, 0.002, 0.5, 0.501, 0.9 };
  const double y[] = { 0.1, 0.9, NAN, NAN, 0.3, 0.4 };
  g_autoptr(GArray) out_x = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) out_y = g_array_new (FALSE, FALSE, sizeof (double));
  guint breaks = 0;

  _stroma_chart_decimate (x, y, G_N_ELEMENTS (x), 2, out_x, out_y);

  for (guint i = 0; i < out_y->len; i++)
    if (isnan (g_array_index (out_y, double, i)))
      {
        breaks++;
        g_assert_cmpuint (i, >, 0);
        g_assert_cmpuint (i, <, out_y->len - 1);
      }

  /* Two missing values in a row make one break, and both sides survive. */
  g_assert_cmpuint (breaks, ==, 1);
  g_assert_cmpfloat (g_array_index (out_y, double, 0), ==, 0.1);
  g_assert_cmpfloat (g_array_index (out_y, double, 1), ==, 0.9);
  g_assert_cmpfloat (g_array_index (out_y, double, out_y->len - 1), ==, 0.4);
}

static void
test_geometry_cache (void)
{
  g_autoptr(StromaChart) chart = NULL;
  StromaChartSeries *series;
  const StromaChartGeometry *geometry;
  cairo_surface_t *surface;
  const guint n = 20000;

  chart = simple_chart (NULL, &series);
  for (guint i = 0; i < n; i++)
    stroma_chart_series_add_point (series, i / 100.0, 50 + 40 * sin (i * 0.05));
  stroma_chart_set_view (chart, 0, n / 100.0);
  geometry = &series->geometry;

  surface = render_to_surface (chart, stroma_chart_style_get_light (), 400, 300, 1);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (geometry->builds, ==, 1);
  g_assert_true (geometry->decimated);
  g_assert_cmpuint (geometry->x->len, <, 4 * 400);

  /* Same data, view and size: drawn from the cache. */
  surface = render_to_surface (chart, stroma_chart_style_get_light (), 400, 300, 1);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (geometry->builds, ==, 1);

  /* A new view, a new width in device pixels, new data: each rebuilds once. */
  stroma_chart_pan (chart, 10);
  surface = render_to_surface (chart, stroma_chart_style_get_light (), 400, 300, 1);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (geometry->builds, ==, 2);

  surface = render_to_surface (chart, stroma_chart_style_get_light (), 400, 300, 2);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (geometry->builds, ==, 3);

  stroma_chart_series_add_point (series, 5.5, 10);
  surface = render_to_surface (chart, stroma_chart_style_get_light (), 400, 300, 2);
  cairo_surface_destroy (surface);
  g_assert_cmpuint (geometry->builds, ==, 4);

  /* Zoomed in far enough, every point is kept. */
  stroma_chart_set_view (chart, 10, 12);
  surface = render_to_surface (chart, stroma_chart_style_get_light (), 400, 300, 1);
  cairo_surface_destroy (surface);
  g_assert_false (geometry->decimated);
  g_assert_cmpuint (geometry->x->len, ==, geometry->n_visible);
  /* Days 10.00 to 12.00, and a neighbour each side */
  g_assert_cmpuint (geometry->n_visible, ==, 201 + 2);
}

/* Model and view */

static StromaChart *
chart_with_days (double first,
                 double last)
{
  StromaChart *chart = stroma_chart_new ();
  StromaChartPanel *panel = stroma_chart_add_panel (chart, "ANC", NULL, STROMA_CHART_SCALE_LOG10);
  StromaChartSeries *series = stroma_chart_panel_add_series (panel, "ANC");

  for (double day = first; day <= last; day++)
    stroma_chart_series_add_point (series, day, 1);

  return chart;
}

static void
assert_view (StromaChart *chart,
             double       first,
             double       last)
{
  double f, l;

  stroma_chart_get_view (chart, &f, &l);
  if (fabs (f - first) > 1e-9 || fabs (l - last) > 1e-9)
    g_error ("expected view %g..%g, got %g..%g", first, last, f, l);
}

static void
test_view_zoom (void)
{
  g_autoptr(StromaChart) chart = chart_with_days (0, 100);

  stroma_chart_set_view (chart, 0, 100);

  stroma_chart_zoom (chart, 50, 2);        /* about the middle */
  assert_view (chart, 25, 75);

  stroma_chart_zoom (chart, 25, 2);        /* about the left edge: it stays put */
  assert_view (chart, 25, 50);

  stroma_chart_zoom (chart, 30, 0.5);      /* out again about day 30 */
  assert_view (chart, 20, 70);

  stroma_chart_zoom (chart, 40, 1000);     /* never narrower than the minimum */
  {
    double f, l;

    stroma_chart_get_view (chart, &f, &l);
    g_assert_cmpfloat_with_epsilon (l - f, STROMA_CHART_MIN_SPAN, 1e-9);
    g_assert_cmpfloat (f, <=, 40);
    g_assert_cmpfloat (l, >=, 40);
  }

  stroma_chart_zoom (chart, 40, 0.001);    /* out past everything: fit all */
  g_assert_false (chart->view_set);
  {
    double f, l;

    stroma_chart_get_view (chart, &f, &l);
    g_assert_cmpfloat (f, <, 0);
    g_assert_cmpfloat (f, >, -5);
    g_assert_cmpfloat (l, >, 100);
    g_assert_cmpfloat (l, <, 105);
  }
}

static void
test_view_pan (void)
{
  g_autoptr(StromaChart) chart = chart_with_days (0, 100);

  stroma_chart_set_view (chart, 10, 30);
  stroma_chart_pan (chart, 15);
  assert_view (chart, 25, 45);
  stroma_chart_pan (chart, -20);
  assert_view (chart, 5, 25);

  /* The middle of the view stays on the data. */
  stroma_chart_pan (chart, 1000);
  assert_view (chart, 90, 110);
  stroma_chart_pan (chart, -1000);
  assert_view (chart, -10, 10);
}

static void
test_view_ranges (void)
{
  g_autoptr(StromaChart) chart = chart_with_days (-5, 200);
  double first, last;

  stroma_chart_set_range (chart, STROMA_CHART_RANGE_DAY_100);
  assert_view (chart, -14, 100);
  stroma_chart_set_range (chart, STROMA_CHART_RANGE_DAY_30);
  assert_view (chart, -14, 30);
  stroma_chart_set_range (chart, STROMA_CHART_RANGE_DAY_365);
  assert_view (chart, -14, 365);

  /* Fit all covers data, bands and markers, with a little room. */
  stroma_chart_add_band (chart, STROMA_CHART_BAND_CONDITIONING, -9, -2, NULL);
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_RESPONSE, 230, NULL);
  stroma_chart_set_range (chart, STROMA_CHART_RANGE_ALL);
  g_assert_true (stroma_chart_get_extent (chart, &first, &last));
  g_assert_cmpfloat (first, ==, -9);
  g_assert_cmpfloat (last, ==, 230);
  stroma_chart_get_view (chart, &first, &last);
  g_assert_cmpfloat (first, <, -9);
  g_assert_cmpfloat (first, >, -9 - 0.05 * 239);
  g_assert_cmpfloat (last, >, 230);
  g_assert_cmpfloat (last, <, 230 + 0.05 * 239);

  /* A fitted view follows new data. */
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_RESPONSE, 400, NULL);
  stroma_chart_get_view (chart, NULL, &last);
  g_assert_cmpfloat (last, >, 400);
}

static void
test_series_nearest (void)
{
  g_autoptr(StromaChart) chart = stroma_chart_new ();
  StromaChartPanel *panel = stroma_chart_add_panel (chart, "Counts", NULL,
                                                    STROMA_CHART_SCALE_LINEAR);
  StromaChartSeries *wbc = stroma_chart_panel_add_series (panel, "WBC");
  StromaChartSeries *lymph = stroma_chart_panel_add_series (panel, "Lymphocytes");
  double day, value;
  guint index, series;

  /* Added out of order, with a missing value. */
  stroma_chart_series_add_point (wbc, 10, 3.0);
  stroma_chart_series_add_point (wbc, 0, 1.0);
  stroma_chart_series_add_point (wbc, 5, NAN);
  stroma_chart_series_add_point (wbc, 20, 4.0);
  stroma_chart_series_add_point (lymph, 6, 0.4);

  g_assert_true (stroma_chart_series_nearest (wbc, 4.9, &index, &day, &value));
  g_assert_cmpfloat (day, ==, 0);      /* day 5 is missing; 0 is nearer than 10 */
  g_assert_cmpfloat (value, ==, 1.0);
  g_assert_cmpuint (index, ==, 0);
  g_assert_true (stroma_chart_series_nearest (wbc, 7, NULL, &day, NULL));
  g_assert_cmpfloat (day, ==, 10);
  g_assert_true (stroma_chart_series_nearest (wbc, 100, NULL, &day, NULL));
  g_assert_cmpfloat (day, ==, 20);

  g_assert_true (stroma_chart_panel_nearest (panel, 5.2, -1, &series, &day, &value));
  g_assert_cmpuint (series, ==, 1);
  g_assert_cmpfloat (day, ==, 6);
  g_assert_cmpfloat (value, ==, 0.4);
  g_assert_false (stroma_chart_panel_nearest (panel, 40, 5, NULL, NULL, NULL));
}

static void
test_model_format_day (void)
{
  g_autoptr(StromaChart) chart = stroma_chart_new ();
  GDate date;
  char *text;

  text = stroma_chart_format_day (chart, 14.2);
  g_assert_cmpstr (text, ==, "Day +14");
  g_free (text);
  text = stroma_chart_format_day (chart, -7);
  g_assert_cmpstr (text, ==, "Day −7");
  g_free (text);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 12, G_DATE_MARCH, 2024);
  stroma_chart_set_day_zero (chart, &date);
  text = stroma_chart_format_day (chart, 20);
  g_assert_cmpstr (text, ==, "Day +20 · 01 Apr 2024");
  g_free (text);
  text = stroma_chart_format_day (chart, 0);
  g_assert_cmpstr (text, ==, "Day 0 · 12 Mar 2024");
  g_free (text);
}

static void
test_model_preconditions (void)
{
  g_autoptr(StromaChart) chart = stroma_chart_new ();
  StromaChartPanel *panel;

  g_test_expect_message ("stroma-chart", G_LOG_LEVEL_CRITICAL, "*title != NULL*");
  g_assert_null (stroma_chart_add_panel (chart, NULL, NULL, STROMA_CHART_SCALE_LINEAR));
  g_test_assert_expected_messages ();

  panel = stroma_chart_add_panel (chart, "PLT", NULL, STROMA_CHART_SCALE_LOG10);
  g_test_expect_message ("stroma-chart", G_LOG_LEVEL_CRITICAL, "*min > 0*");
  stroma_chart_panel_set_y_range (panel, 0, 100);
  g_test_assert_expected_messages ();
  g_assert_true (stroma_chart_panel_get_y_axis (panel).min > 0);
}

/* Rendering */

static void
test_render_empty (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  Rgb background = rgb_from_color (&style->background);
  g_autoptr(StromaChart) chart = stroma_chart_new ();
  cairo_surface_t *surface;
  StromaChartPanel *panel;

  /* Nothing at all */
  surface = render_to_surface (chart, style, 200, 150, 1);
  g_assert_cmpuint (count_color (surface, 0, 0, 200, 150, background, 0), ==, 200 * 150);
  cairo_surface_destroy (surface);

  /* Panels, thresholds and markers but no measured value: still nothing to read */
  panel = stroma_chart_add_panel (chart, "ANC", NULL, STROMA_CHART_SCALE_LOG10);
  stroma_chart_panel_add_series (panel, "ANC");
  stroma_chart_panel_add_threshold (panel, 0.5, "ANC 0.5");
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_DAY_ZERO, 0, NULL);
  g_assert_true (stroma_chart_is_empty (chart));
  surface = render_to_surface (chart, stroma_chart_style_get_dark (), 200, 150, 1);
  g_assert_cmpuint (count_color (surface, 0, 0, 200, 150,
                                 rgb_from_color (&stroma_chart_style_get_dark ()->background), 0),
                    ==, 200 * 150);
  cairo_surface_destroy (surface);
}

static void
test_render_threshold (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  Rgb color = rgb_from_color (&style->threshold);
  double scales[] = { 1, 2 };

  for (guint s = 0; s < G_N_ELEMENTS (scales); s++)
    {
      double scale = scales[s];
      g_autoptr(StromaChart) chart = NULL;
      StromaChartPanel *panel;
      StromaChartSeries *series;
      cairo_rectangle_t plot;
      cairo_surface_t *surface;
      int x0, x1, line_rows = 0, first_row = -1;
      double expected_y;

      chart = simple_chart (&panel, &series);
      stroma_chart_series_add_point (series, 0, 90);
      stroma_chart_series_add_point (series, 10, 90);
      stroma_chart_panel_add_threshold (panel, 30, "Hb 30");

      surface = render_to_surface (chart, style, 400, 300, scale);
      g_assert_true (stroma_chart_get_plot_area (chart, style, 400, 300, 0, &plot));

      /* 30 on 0..100 lies 70 % down the plot. */
      expected_y = (plot.y + 0.7 * plot.height) * scale;
      x0 = (int) ((plot.x + 10) * scale);
      x1 = (int) ((plot.x + plot.width * 0.6) * scale);   /* left of the label */

      for (int y = 0; y < 300 * scale; y++)
        if (count_color (surface, x0, y, x1, y + 1, color, 4) > (guint) (x1 - x0) * 0.4)
          {
            if (first_row < 0)
              first_row = y;
            line_rows++;
          }

      /* A dashed line, crisp: one device pixel per user unit of width, at the right row. */
      g_assert_cmpint (line_rows, ==, (int) scale);
      g_assert_cmpfloat (fabs (first_row + scale / 2 - expected_y), <=, 1);

      cairo_surface_destroy (surface);
    }
}

static void
test_render_series (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  g_autoptr(StromaChart) chart = NULL;
  StromaChartSeries *series;
  cairo_surface_t *surface;
  Rgb color = rgb_from_color (&style->series[0]);
  double x, y;

  chart = simple_chart (NULL, &series);
  stroma_chart_series_add_point (series, 2, 30);
  stroma_chart_series_add_point (series, 8, 30);
  surface = render_to_surface (chart, style, 400, 300, 1);

  /* The points, and the line between them */
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 2, 30, &x, &y));
  g_assert_true (rgb_near (pixel_at (surface, (int) x, (int) y), color, 8));
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 8, 30, &x, &y));
  g_assert_true (rgb_near (pixel_at (surface, (int) x, (int) y), color, 8));
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 5, 30, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x - 1, (int) y - 2, (int) x + 2, (int) y + 3,
                                 color, 8), >=, 3);

  /* Nothing of it away from the data */
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 5, 70, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x - 20, (int) y - 20, (int) x + 20, (int) y + 20,
                                 color, 40), ==, 0);
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 9.5, 30, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x - 3, (int) y - 3, (int) x + 3, (int) y + 3,
                                 color, 40), ==, 0);

  cairo_surface_destroy (surface);
}

static void
test_render_missing_value (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  g_autoptr(StromaChart) chart = NULL;
  StromaChartSeries *series;
  cairo_surface_t *surface;
  Rgb color = rgb_from_color (&style->series[0]);
  double x, y;

  chart = simple_chart (NULL, &series);
  stroma_chart_series_add_point (series, 1, 40);
  stroma_chart_series_add_point (series, 5, NAN);
  stroma_chart_series_add_point (series, 9, 40);
  surface = render_to_surface (chart, style, 400, 300, 1);

  /* No line across the gap, but both values are drawn. */
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 5, 40, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x - 5, (int) y - 5, (int) x + 5, (int) y + 5,
                                 color, 40), ==, 0);
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 1, 40, &x, &y));
  g_assert_true (rgb_near (pixel_at (surface, (int) x, (int) y), color, 8));
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 9, 40, &x, &y));
  g_assert_true (rgb_near (pixel_at (surface, (int) x, (int) y), color, 8));

  cairo_surface_destroy (surface);
}

static void
test_render_marker (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  g_autoptr(StromaChart) chart = NULL;
  StromaChartSeries *series;
  cairo_rectangle_t plot;
  cairo_surface_t *surface;
  Rgb msc = rgb_from_color (&style->marker[STROMA_CHART_MARKER_MSC_INFUSION]);
  Rgb day0 = rgb_from_color (&style->marker[STROMA_CHART_MARKER_DAY_ZERO]);
  double x_msc, x_day0, y;
  int lane_bottom;

  chart = simple_chart (NULL, &series);
  stroma_chart_series_add_point (series, 0, 95);
  stroma_chart_series_add_point (series, 10, 95);
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_MSC_INFUSION, 3, NULL);
  stroma_chart_add_marker (chart, STROMA_CHART_MARKER_DAY_ZERO, 6.5, NULL);
  surface = render_to_surface (chart, style, 400, 300, 1);
  g_assert_true (stroma_chart_get_plot_area (chart, style, 400, 300, 0, &plot));
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 3, 50, &x_msc, &y));
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 6.5, 50, &x_day0, &y));

  /* The glyphs sit in the lane above the plots, at their day and nowhere else. */
  lane_bottom = (int) plot.y - 16;
  g_assert_cmpuint (count_color (surface, (int) x_msc - 2, 0, (int) x_msc + 3, lane_bottom,
                                 msc, 8), >=, 10);
  g_assert_cmpuint (count_color (surface, (int) x_msc + 20, 0, (int) x_msc + 60, lane_bottom,
                                 msc, 8), ==, 0);
  g_assert_cmpuint (count_color (surface, (int) x_day0 - 2, 0, (int) x_day0 + 3, lane_bottom,
                                 day0, 8), >=, 10);

  /* Day 0 has a solid line down the plot. */
  g_assert_cmpuint (count_color (surface, (int) x_day0, (int) plot.y + 1, (int) x_day0 + 1,
                                 (int) (plot.y + plot.height * 0.8), day0, 8),
                    >=, (guint) (plot.height * 0.8 - 2));

  /* The glyphs differ in shape, not only in colour: compare their coverage masks. */
  {
    guint differing = 0;

    for (int dy = 0; dy < lane_bottom; dy++)
      for (int dx = -6; dx <= 6; dx++)
        {
          gboolean a = !rgb_near (pixel_at (surface, (int) x_msc + dx, dy),
                                  rgb_from_color (&style->background), 30);
          gboolean b = !rgb_near (pixel_at (surface, (int) x_day0 + dx, dy),
                                  rgb_from_color (&style->background), 30);
          if (a != b)
            differing++;
        }
    g_assert_cmpuint (differing, >=, 10);
  }

  cairo_surface_destroy (surface);
}

static void
test_render_band (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  const StromaChartColor *band_color = &style->band[STROMA_CHART_BAND_CONDITIONING];
  Rgb shaded = rgb_over (band_color, &style->plot_background);
  g_autoptr(StromaChart) chart = NULL;
  StromaChartSeries *series;
  cairo_rectangle_t plot;
  cairo_surface_t *surface;
  double x_in, x_out, x_edge, y;
  int top, bottom;

  chart = simple_chart (NULL, &series);
  stroma_chart_series_add_point (series, 0, 95);
  stroma_chart_series_add_point (series, 10, 95);
  stroma_chart_add_band (chart, STROMA_CHART_BAND_CONDITIONING, 3, 5, "Conditioning");
  surface = render_to_surface (chart, style, 400, 300, 1);
  g_assert_true (stroma_chart_get_plot_area (chart, style, 400, 300, 0, &plot));

  top = (int) plot.y + 20;
  bottom = (int) (plot.y + plot.height) - 2;

  /* Inside the band, days 3 to 5 whole (3.0 to 6.0) */
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 4.5, 50, &x_in, &y));
  g_assert_cmpuint (count_color (surface, (int) x_in - 3, top, (int) x_in + 3, bottom, shaded, 3),
                    >=, (guint) (6 * (bottom - top) * 0.9));
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 5.9, 50, &x_edge, &y));
  g_assert_cmpuint (count_color (surface, (int) x_edge - 1, top, (int) x_edge, bottom, shaded, 3),
                    >=, (guint) ((bottom - top) * 0.9));

  /* Outside it, on either side */
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 8.5, 50, &x_out, &y));
  g_assert_cmpuint (count_color (surface, (int) x_out - 3, top, (int) x_out + 3, bottom, shaded, 3),
                    ==, 0);
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 1.5, 50, &x_out, &y));
  g_assert_cmpuint (count_color (surface, (int) x_out - 3, top, (int) x_out + 3, bottom, shaded, 3),
                    ==, 0);
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 6.1, 50, &x_out, &y));
  g_assert_cmpuint (count_color (surface, (int) x_out + 1, top, (int) x_out + 2, bottom, shaded, 3),
                    ==, 0);

  cairo_surface_destroy (surface);
}

static void
test_render_sample (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  g_autoptr(StromaChart) chart = sample_chart ();
  const char *keep = g_getenv ("STROMA_CHART_SAMPLE");
  cairo_surface_t *surface;

  surface = render_to_surface (chart, style, 960, 640, 1);

  /* Each panel shows its own series colour inside its plot. */
  for (guint i = 0; i < 3; i++)
    {
      cairo_rectangle_t plot;
      Rgb color = rgb_from_color (&style->series[i]);

      g_assert_true (stroma_chart_get_plot_area (chart, style, 960, 640, i, &plot));
      g_assert_cmpfloat (plot.height, >, 100);
      g_assert_cmpuint (count_color (surface, (int) plot.x, (int) plot.y,
                                     (int) (plot.x + plot.width), (int) (plot.y + plot.height),
                                     color, 8), >, 200);
    }

  if (keep != NULL)
    g_assert_cmpint (cairo_surface_write_to_png (surface, keep), ==, CAIRO_STATUS_SUCCESS);

  cairo_surface_destroy (surface);
}

/* Hit-testing */

static void
test_hit_test (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  g_autoptr(StromaChart) chart = sample_chart ();
  cairo_rectangle_t plot;
  StromaChartHit hit;
  double first, last, x, y;

  stroma_chart_set_view (chart, 0, 60);
  g_assert_true (stroma_chart_get_plot_area (chart, style, 800, 600, 1, &plot));

  /* The middle of the PLT plot */
  g_assert_true (stroma_chart_hit_test (chart, style, 800, 600,
                                        plot.x + plot.width / 2, plot.y + plot.height / 2, &hit));
  g_assert_cmpint (hit.panel, ==, 1);
  g_assert_true (hit.in_plot);
  g_assert_cmpfloat_with_epsilon (hit.day, 30, 1e-9);
  {
    StromaChartAxis axis = stroma_chart_panel_get_y_axis (stroma_chart_get_panel (chart, 1));

    g_assert_cmpfloat_with_epsilon (hit.value, sqrt (axis.min * axis.max), 1e-9);
  }

  /* The nearest measured value there maps back to a point in the same plot. */
  {
    double day, value;

    g_assert_true (stroma_chart_panel_nearest (stroma_chart_get_panel (chart, 1), hit.day, 3,
                                               NULL, &day, &value));
    g_assert_cmpfloat (fabs (day - 30), <=, 1);
    g_assert_true (stroma_chart_map_point (chart, style, 800, 600, 1, day, value, &x, &y));
    g_assert_cmpfloat (y, >=, plot.y);
    g_assert_cmpfloat (y, <=, plot.y + plot.height);
    g_assert_cmpfloat_with_epsilon (x, plot.x + (day - 0) / 60 * plot.width, 1e-9);
  }

  /* The header of the first panel: a panel and a day, but no value */
  g_assert_true (stroma_chart_get_plot_area (chart, style, 800, 600, 0, &plot));
  g_assert_true (stroma_chart_hit_test (chart, style, 800, 600, plot.x + 1, plot.y - 3, &hit));
  g_assert_cmpint (hit.panel, ==, 0);
  g_assert_false (hit.in_plot);
  g_assert_true (isnan (hit.value));

  /* Left of the plots, in the tick labels: no day */
  g_assert_false (stroma_chart_hit_test (chart, style, 800, 600, 2, plot.y + 10, &hit));
  g_assert_true (isnan (hit.day));
  g_assert_cmpint (hit.panel, ==, 0);

  /* Panning moves the day under a fixed pixel. */
  stroma_chart_get_view (chart, &first, &last);
  stroma_chart_pan (chart, 7);
  g_assert_true (stroma_chart_hit_test (chart, style, 800, 600,
                                        plot.x + plot.width / 2, plot.y + 5, &hit));
  g_assert_cmpfloat_with_epsilon (hit.day, 37, 1e-9);
}

/* Files */

static void
assert_file_starts_with (const char *path,
                         const char *magic)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (memcmp (contents, magic, strlen (magic)) == 0);
}

static void
test_output_files (void)
{
  static const struct {
    const char *name;
    const char *magic;
  } files[] = {
    { "chart.png", "\x89PNG" },
    { "chart.svg", "<?xml" },
    { "chart.PDF", "%PDF" },
  };
  g_autoptr(StromaChart) chart = sample_chart ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-chart-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);

      g_assert_true (stroma_chart_write_file (chart, path, 640, 480,
                                              stroma_chart_style_get_light (), &error));
      g_assert_no_error (error);
      assert_file_starts_with (path, files[i].magic);
      g_assert_cmpint (g_remove (path), ==, 0);
    }

  {
    g_autofree char *path = g_build_filename (dir, "chart.svg", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (stroma_chart_write_file (chart, path, 640, 480,
                                            stroma_chart_style_get_dark (), &error));
    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, "<svg"));
    g_assert_cmpint (g_remove (path), ==, 0);
  }

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_output_errors (void)
{
  g_autoptr(StromaChart) chart = sample_chart ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("test-chart-XXXXXX", NULL);
  g_autofree char *bmp = g_build_filename (dir, "chart.bmp", NULL);
  g_autofree char *no_extension = g_build_filename (dir, "chart", NULL);
  g_autofree char *missing_dir = g_build_filename (dir, "no-such-dir", "chart.png", NULL);
  g_autofree char *png = g_build_filename (dir, "chart.png", NULL);
  const StromaChartStyle *style = stroma_chart_style_get_light ();

  g_assert_false (stroma_chart_write_file (chart, bmp, 640, 480, style, &error));
  g_assert_error (error, STROMA_CHART_ERROR, STROMA_CHART_ERROR_UNKNOWN_FORMAT);
  g_assert_nonnull (strstr (error->message, "chart.bmp"));
  g_assert_false (g_file_test (bmp, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_false (stroma_chart_write_file (chart, no_extension, 640, 480, style, &error));
  g_assert_error (error, STROMA_CHART_ERROR, STROMA_CHART_ERROR_UNKNOWN_FORMAT);
  g_clear_error (&error);

  g_assert_false (stroma_chart_write_file (chart, missing_dir, 640, 480, style, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_nonnull (strstr (error->message, "chart"));
  g_clear_error (&error);

  g_assert_false (stroma_chart_write_file (chart, png, 0, 480, style, &error));
  g_assert_error (error, STROMA_CHART_ERROR, STROMA_CHART_ERROR_INVALID_SIZE);
  g_assert_false (g_file_test (png, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A series band fills between its edges in the series colour; a faint series is drawn
 * translucent and leaves the hover readout alone. */
static void
test_render_series_band (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  StromaChartColor fill = style->series[0];
  g_autoptr(StromaChart) chart = NULL;
  StromaChartSeries *series;
  cairo_surface_t *surface;
  double days[] = { 0, 10 }, median[] = { 50, 50 }, lower[] = { 30, 30 }, upper[] = { 70, 70 };
  double x, y_in, y_out, lo, hi;
  Rgb band;

  chart = simple_chart (NULL, &series);
  stroma_chart_series_set_points (series, days, median, 2);
  stroma_chart_series_set_band (series, lower, upper, 2);
  stroma_chart_series_set_color_index (series, 0);
  stroma_chart_set_view (chart, 0, 10);
  fill.alpha = style->band_alpha;
  band = rgb_over (&fill, &style->plot_background);

  surface = render_to_surface (chart, style, 400, 300, 1);
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 5, 60, &x, &y_in));
  g_assert_cmpuint (count_color (surface, (int) x - 3, (int) y_in - 3, (int) x + 3, (int) y_in + 3,
                                 band, 3), >=, 30);
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 5, 85, &x, &y_out));
  g_assert_cmpuint (count_color (surface, (int) x - 3, (int) y_out - 3, (int) x + 3,
                                 (int) y_out + 3, band, 3), ==, 0);
  cairo_surface_destroy (surface);

  g_assert_true (stroma_chart_series_get_band_at (series, 1, &lo, &hi));
  g_assert_cmpfloat (lo, ==, 30);
  g_assert_cmpfloat (hi, ==, 70);

  /* New points drop the band. */
  stroma_chart_series_set_points (series, days, median, 2);
  g_assert_false (stroma_chart_series_get_band_at (series, 1, &lo, &hi));
}

static void
test_render_faint (void)
{
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  g_autoptr(StromaChart) chart = NULL;
  StromaChartPanel *panel;
  StromaChartSeries *series, *faint;
  cairo_surface_t *surface;
  double days[] = { 0, 10 }, high[] = { 80, 80 };
  double x, y;
  Rgb solid = rgb_from_color (&style->series[1]);
  guint n_solid;

  chart = simple_chart (&panel, &series);
  stroma_chart_set_view (chart, 0, 10);
  faint = stroma_chart_panel_add_series (panel, "Subject");
  stroma_chart_series_set_points (faint, days, high, 2);
  stroma_chart_series_set_color_index (faint, 1);
  stroma_chart_series_set_faint (faint, TRUE);
  g_assert_true (stroma_chart_series_get_faint (faint));

  surface = render_to_surface (chart, style, 400, 300, 1);
  g_assert_true (stroma_chart_map_point (chart, style, 400, 300, 0, 5, 80, &x, &y));
  /* Something is drawn there, but never in the solid colour. */
  n_solid = count_color (surface, (int) x - 3, (int) y - 3, (int) x + 3, (int) y + 3, solid, 10);
  g_assert_cmpuint (n_solid, ==, 0);
  g_assert_cmpuint (count_color (surface, (int) x - 3, (int) y - 3, (int) x + 3, (int) y + 3,
                                 rgb_from_color (&style->plot_background), 2), <, 36);
  cairo_surface_destroy (surface);

  /* The readout skips it: the panel's only other series is empty. */
  g_assert_false (stroma_chart_panel_nearest (panel, 5, -1, NULL, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chart/axis/normalize", test_axis_normalize);
  g_test_add_func ("/chart/axis/normalize-special", test_axis_normalize_special);
  g_test_add_func ("/chart/axis/linear-ticks", test_axis_linear_ticks);
  g_test_add_func ("/chart/axis/log-ticks", test_axis_log_ticks);
  g_test_add_func ("/chart/axis/fit", test_axis_fit);
  g_test_add_func ("/chart/axis/format", test_axis_format);
  g_test_add_func ("/chart/axis/day-ticks", test_axis_day_ticks);
  g_test_add_func ("/chart/decimate/extremes", test_decimate_extremes);
  g_test_add_func ("/chart/decimate/gaps", test_decimate_gaps);
  g_test_add_func ("/chart/geometry/cache", test_geometry_cache);
  g_test_add_func ("/chart/view/zoom", test_view_zoom);
  g_test_add_func ("/chart/view/pan", test_view_pan);
  g_test_add_func ("/chart/view/ranges", test_view_ranges);
  g_test_add_func ("/chart/model/nearest", test_series_nearest);
  g_test_add_func ("/chart/model/format-day", test_model_format_day);
  g_test_add_func ("/chart/model/preconditions", test_model_preconditions);
  g_test_add_func ("/chart/render/empty", test_render_empty);
  g_test_add_func ("/chart/render/threshold", test_render_threshold);
  g_test_add_func ("/chart/render/series", test_render_series);
  g_test_add_func ("/chart/render/missing-value", test_render_missing_value);
  g_test_add_func ("/chart/render/marker", test_render_marker);
  g_test_add_func ("/chart/render/band", test_render_band);
  g_test_add_func ("/chart/render/series-band", test_render_series_band);
  g_test_add_func ("/chart/render/faint", test_render_faint);
  g_test_add_func ("/chart/render/sample", test_render_sample);
  g_test_add_func ("/chart/hit-test", test_hit_test);
  g_test_add_func ("/chart/output/files", test_output_files);
  g_test_add_func ("/chart/output/errors", test_output_errors);

  return g_test_run ();
}
