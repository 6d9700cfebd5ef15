/* stroma-cli-chart.c — a subject's chart as a PNG, SVG or PDF file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same chart builder and renderer the window draws with, written to a file.
 */

#define G_LOG_DOMAIN "stroma-cli"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "chart/stroma-chart.h"
#include "core/stroma-endpoints.h"
#include "store/stroma-store.h"
#include "stroma-cli-private.h"

static gboolean
valid_date (const char *text)
{
  GDate d;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  g_date_clear (&d, 1);
  g_date_set_parse (&d, text);
  return g_date_valid (&d);
}

int
stroma_cli_chart (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(StromaSubjectRecord) record = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(StromaChart) chart = NULL;
  g_autofree char *subject_code = NULL;
  g_autofree char *output = NULL;
  g_autofree char *data_cut = NULL;
  StromaSubjectChartOptions options = STROMA_SUBJECT_CHART_OPTIONS_INIT;
  StromaChartFormat format;
  gboolean dates = FALSE, dark = FALSE;
  int width = 1200, height = 800;
  gint64 subject_id = 0;
  GOptionEntry entries[] = {
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject_code, N_("The subject to chart"),
      N_("CODE") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The file to write: .png, .svg or .pdf"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in pixels (points for SVG and PDF)"),
      N_("W") },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Height in pixels (points for SVG and PDF)"),
      N_("H") },
    { "dates", 0, 0, G_OPTION_ARG_NONE, &dates, N_("Label the time axis with dates"), NULL },
    { "wbc", 0, 0, G_OPTION_ARG_NONE, &options.show_wbc, N_("Add the white cell count"), NULL },
    { "lymphocytes", 0, 0, G_OPTION_ARG_NONE, &options.show_lymphocytes,
      N_("Add the lymphocyte count"), NULL },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Draw for a dark background"), NULL },
    { "data-cut", 0, 0, G_OPTION_ARG_STRING, &data_cut,
      N_("Derive endpoints as of this date (default: today)"), N_("YYYY-MM-DD") },
    { NULL }
  };

  context = stroma_cli_option_context (_("chart FILE --subject CODE --output OUT"),
                                       _("Draws a subject’s blood-count chart — counts, "
                                         "thresholds, treatment periods, infusions, "
                                         "transfusions and endpoint days — as the window "
                                         "shows it."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 3)
    return stroma_cli_usage_error (context, _("Name one trial file."));
  if (subject_code == NULL || output == NULL)
    return stroma_cli_usage_error (context, _("--subject and --output are required."));
  if (!stroma_chart_format_from_path (output, &format))
    return stroma_cli_usage_error (context, _("The output file must end in .png, .svg or .pdf."));
  if (width < 200 || height < 200 || width > 10000 || height > 10000)
    return stroma_cli_usage_error (context, _("--width and --height take 200 to 10000."));
  if (data_cut != NULL && !valid_date (data_cut))
    return stroma_cli_usage_error (context, _("--data-cut takes a date as YYYY-MM-DD."));

  store = stroma_store_open (argv[2], STROMA_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL ||
      (protocol = stroma_store_load_protocol (store, &error)) == NULL ||
      (subjects = stroma_store_list_subjects (store, &error)) == NULL)
    {
      stroma_cli_print_error ("chart", error);
      return STROMA_EXIT_USAGE;
    }

  for (guint i = 0; i < subjects->len; i++)
    {
      const StromaSubject *s = subjects->pdata[i];

      if (g_strcmp0 (s->code, subject_code) == 0)
        subject_id = s->parent.id;
    }
  if (subject_id == 0)
    {
      g_printerr (_("stroma chart: the trial has no subject %s.\n"), subject_code);
      return STROMA_EXIT_USAGE;
    }

  if (data_cut == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      data_cut = g_date_time_format (now, "%Y-%m-%d");
    }

  record = stroma_store_load_subject_record (store, subject_id, &error);
  if (record == NULL ||
      (results = stroma_endpoints_evaluate (protocol, record, data_cut, &error)) == NULL)
    {
      stroma_cli_print_error ("chart", error);
      return STROMA_EXIT_USAGE;
    }

  options.x_labels = dates ? STROMA_CHART_X_LABELS_DATES : STROMA_CHART_X_LABELS_DAYS;
  chart = stroma_subject_chart_new (protocol, record, results, &options);
  if (!stroma_chart_write_file (chart, output, width, height,
                                dark ? stroma_chart_style_get_dark ()
                                     : stroma_chart_style_get_light (),
                                &error))
    {
      stroma_cli_print_error ("chart", error);
      return STROMA_EXIT_USAGE;
    }

  return STROMA_EXIT_OK;
}
