/* test-subject-chart.c — a subject's chart from the record: panels, thresholds, markers, pixels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Set STROMA_SUBJECT_CHART_SAMPLE=file.png to keep the chart /subject-chart/pixels draws.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "chart/stroma-chart.h"
#include "core/stroma-endpoints.h"
#include "stroma-test-records.h"

#define WIDTH  900
#define HEIGHT 700

typedef struct
{
  guint8 r, g, b;
} Rgb;

static Rgb
rgb_from_color (const StromaChartColor *color)
{
  Rgb rgb = { (guint8) round (color->red * 255), (guint8) round (color->green * 255),
              (guint8) round (color->blue * 255) };

  return rgb;
}

static Rgb
pixel_at (cairo_surface_t *surface,
          int              x,
          int              y)
{
  const guint8 *data = cairo_image_surface_get_data (surface);
  guint32 argb;
  Rgb rgb;

  memcpy (&argb, data + y * cairo_image_surface_get_stride (surface) + x * 4, sizeof argb);
  rgb.r = (argb >> 16) & 0xff;
  rgb.g = (argb >> 8) & 0xff;
  rgb.b = argb & 0xff;
  return rgb;
}

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

  for (int y = MAX (y0, 0); y < MIN (y1, cairo_image_surface_get_height (surface)); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, cairo_image_surface_get_width (surface)); x++)
      {
        Rgb p = pixel_at (surface, x, y);

        if (ABS (p.r - color.r) <= tolerance && ABS (p.g - color.g) <= tolerance &&
            ABS (p.b - color.b) <= tolerance)
          count++;
      }

  return count;
}

/* Day 0 is 2025-01-01, treatment starts on 2025-03-01 (day 59). */
static StromaSubjectRecord *
sample_record (void)
{
  StromaSubjectRecord *record = stroma_test_record_new ("PGF-010", "msc");
  StromaTransfusion *transfusion;
  StromaConditioningDose *dose;

  for (int d = -5; d <= 80; d += 1)
    {
      g_autofree char *date = stroma_test_date_add ("2025-01-01", d);

      stroma_test_add_lab (record, "NEUT", date, d < 10 ? 0.05 : d < 40 ? 0.3 : 2.0);
      stroma_test_add_lab (record, "PLAT", date, d < 62 ? 12 : 60);
      stroma_test_add_lab (record, "HGB", date, 85);
      stroma_test_add_lab (record, "WBC", date, 3);
    }

  stroma_test_add_infusion (record, 1, "2025-03-01", "given");
  stroma_test_add_infusion (record, 2, "2025-03-08", "given");
  stroma_test_add_medication (record, "G-CSF", STROMA_NO_INT, "2025-01-05", "2025-01-12");

  transfusion = stroma_record_new (STROMA_RECORD_TRANSFUSION);
  transfusion->given_on = g_strdup ("2025-01-20");
  transfusion->product = g_strdup ("PLT");
  transfusion->units = 1;
  g_ptr_array_add (record->transfusions, transfusion);

  for (int d = -6; d <= -2; d++)
    {
      dose = stroma_record_new (STROMA_RECORD_CONDITIONING_DOSE);
      dose->study_day = d;
      dose->status = g_strdup ("given");
      g_ptr_array_add (record->conditioning, dose);
    }

  return record;
}

static gboolean
has_marker_at (StromaChart *chart,
               double       day)
{
  /* The model keeps markers private; the extent proves they count. */
  double first, last;

  g_assert_true (stroma_chart_get_extent (chart, &first, &last));
  return first <= day && day <= last;
}

static void
test_model (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = sample_record ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(StromaChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  StromaSubjectChartOptions options = STROMA_SUBJECT_CHART_OPTIONS_INIT;
  StromaChartPanel *panel;

  results = stroma_endpoints_evaluate (protocol, record, "2025-04-01", &error);
  g_assert_no_error (error);

  chart = stroma_subject_chart_new (protocol, record, results, &options);
  g_assert_false (stroma_chart_is_empty (chart));
  g_assert_cmpuint (stroma_chart_get_n_panels (chart), ==, 3);

  panel = stroma_chart_get_panel (chart, 0);
  g_assert_cmpstr (stroma_chart_panel_get_title (panel), ==, "ANC");
  g_assert_cmpint (stroma_chart_panel_get_y_axis (panel).scale, ==, STROMA_CHART_SCALE_LOG10);
  g_assert_cmpuint (stroma_chart_panel_get_n_series (panel), ==, 1);
  g_assert_cmpuint (stroma_chart_series_get_n_points (stroma_chart_panel_get_series (panel, 0)),
                    ==, 86);
  g_assert_cmpstr (stroma_chart_panel_get_title (stroma_chart_get_panel (chart, 1)), ==, "PLT");
  g_assert_cmpstr (stroma_chart_panel_get_title (stroma_chart_get_panel (chart, 2)), ==, "Hb");
  g_assert_cmpint (stroma_chart_panel_get_y_axis (stroma_chart_get_panel (chart, 2)).scale, ==,
                   STROMA_CHART_SCALE_LINEAR);

  /* Conditioning and G-CSF */
  g_assert_cmpuint (stroma_chart_get_n_bands (chart), ==, 2);
  /* Day 0, start, two infusions, one transfusion, and the endpoints met: neutrophil
   * engraftment (day 40 → treatment day −19 is before the start, so it counts from the
   * start), platelet CR */
  g_assert_cmpuint (stroma_chart_get_n_markers (chart), >=, 6);
  g_assert_true (has_marker_at (chart, -6));

  /* White cells on request share the neutrophil panel. */
  options.show_wbc = TRUE;
  g_clear_pointer (&chart, stroma_chart_unref);
  chart = stroma_subject_chart_new (protocol, record, results, &options);
  panel = stroma_chart_get_panel (chart, 0);
  g_assert_cmpuint (stroma_chart_panel_get_n_series (panel), ==, 2);
  g_assert_cmpstr (stroma_chart_series_get_label (stroma_chart_panel_get_series (panel, 1)),
                   ==, "WBC");
}

static void
test_pixels (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = sample_record ();
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(StromaChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_rectangle_t plot;
  double x, y;
  Rgb threshold = rgb_from_color (&style->threshold);
  Rgb day0 = rgb_from_color (&style->marker[STROMA_CHART_MARKER_DAY_ZERO]);
  Rgb msc = rgb_from_color (&style->marker[STROMA_CHART_MARKER_MSC_INFUSION]);
  Rgb plt = rgb_from_color (&style->series[STROMA_SUBJECT_CHART_COLOR_PLT]);

  results = stroma_endpoints_evaluate (protocol, record, "2025-04-01", &error);
  g_assert_no_error (error);
  chart = stroma_subject_chart_new (protocol, record, results, NULL);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cr = cairo_create (surface);
  stroma_chart_render (chart, cr, WIDTH, HEIGHT, style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  if (g_getenv ("STROMA_SUBJECT_CHART_SAMPLE") != NULL)
    cairo_surface_write_to_png (surface, g_getenv ("STROMA_SUBJECT_CHART_SAMPLE"));

  /* The ANC 0.5 threshold runs across the neutrophil panel: dashed, so look along a stretch */
  g_assert_true (stroma_chart_get_plot_area (chart, style, WIDTH, HEIGHT, 0, &plot));
  g_assert_true (stroma_chart_map_point (chart, style, WIDTH, HEIGHT, 0, 70, 0.5, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x, (int) y - 1, (int) x + 60, (int) y + 2,
                                 threshold, 40), >=, 20);

  /* PLT 20 and 50 in the platelet panel */
  g_assert_true (stroma_chart_map_point (chart, style, WIDTH, HEIGHT, 1, 20, 20, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x, (int) y - 1, (int) x + 60, (int) y + 2,
                                 threshold, 40), >=, 20);
  g_assert_true (stroma_chart_map_point (chart, style, WIDTH, HEIGHT, 1, 20, 50, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x, (int) y - 1, (int) x + 60, (int) y + 2,
                                 threshold, 40), >=, 20);

  /* Hb 70 in the haemoglobin panel */
  g_assert_true (stroma_chart_map_point (chart, style, WIDTH, HEIGHT, 2, 20, 70, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x, (int) y - 1, (int) x + 60, (int) y + 2,
                                 threshold, 40), >=, 20);

  /* Day 0 is a solid line down the panels, the second infusion (day 66) a dashed one */
  g_assert_true (stroma_chart_map_point (chart, style, WIDTH, HEIGHT, 2, 0, 100, &x, &y));
  g_assert_true (stroma_chart_get_plot_area (chart, style, WIDTH, HEIGHT, 2, &plot));
  g_assert_cmpuint (count_color (surface, (int) x - 1, (int) plot.y, (int) x + 2,
                                 (int) (plot.y + plot.height), day0, 40),
                    >=, (guint) (plot.height * 0.8));
  g_assert_true (stroma_chart_map_point (chart, style, WIDTH, HEIGHT, 2, 66, 100, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x - 1, (int) plot.y, (int) x + 2,
                                 (int) (plot.y + plot.height), msc, 40),
                    >=, (guint) (plot.height * 0.3));

  /* A platelet count of 60 on day 70 is drawn in the platelet colour */
  g_assert_true (stroma_chart_map_point (chart, style, WIDTH, HEIGHT, 1, 70, 60, &x, &y));
  g_assert_cmpuint (count_color (surface, (int) x - 2, (int) y - 2, (int) x + 3, (int) y + 3,
                                 plt, 30), >=, 8);

  cairo_surface_destroy (surface);
}

static void
test_profile_chart (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_subject_record_free);
  g_autoptr(GPtrArray) profiles = NULL;
  g_autoptr(StromaChart) chart = NULL;
  g_autoptr(GError) error = NULL;
  const char *tests[] = { "PLAT" };
  const StromaChartStyle *style = stroma_chart_style_get_light ();
  StromaProfileOptions options = { -5, 30, 7, 3, NULL };
  StromaChartPanel *panel;
  cairo_surface_t *surface;
  cairo_t *cr;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *code = g_strdup_printf ("PGF-%03u", i + 1);

      g_ptr_array_add (records, sample_record ());
      g_free (((StromaSubjectRecord *) records->pdata[i])->subject->code);
      ((StromaSubjectRecord *) records->pdata[i])->subject->code = g_steal_pointer (&code);
      if (i % 2)
        {
          g_free (((StromaSubjectRecord *) records->pdata[i])->allocation->arm);
          ((StromaSubjectRecord *) records->pdata[i])->allocation->arm = g_strdup ("control");
        }
    }

  profiles = stroma_profile_compute (protocol, (StromaSubjectRecord **) records->pdata,
                                     records->len, "PLAT", &options, &error);
  g_assert_no_error (error);

  chart = stroma_profile_chart_new (&profiles, tests, 1, TRUE);
  panel = stroma_chart_get_panel (chart, 0);
  /* Three faint curves and one median per arm */
  g_assert_cmpuint (stroma_chart_panel_get_n_series (panel), ==, 8);
  g_assert_true (stroma_chart_series_get_faint (stroma_chart_panel_get_series (panel, 0)));
  g_assert_false (stroma_chart_series_get_faint (stroma_chart_panel_get_series (panel, 6)));

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 300);
  cr = cairo_create (surface);
  stroma_chart_render (chart, cr, 600, 300, style);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/subject-chart/model", test_model);
  g_test_add_func ("/subject-chart/pixels", test_pixels);
  g_test_add_func ("/subject-chart/profile", test_profile_chart);

  return g_test_run ();
}
