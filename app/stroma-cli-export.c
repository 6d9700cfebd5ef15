/* stroma-cli-export.c — export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sponsor workbook from the command line: the same io/stroma-workbook code as the window's
 * export dialog, recorded in the trial file's export log under the user named.
 */

#define G_LOG_DOMAIN "stroma-cli"

#include "config.h"

#include <stdio.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "io/stroma-workbook.h"
#include "store/stroma-store.h"
#include "stroma-cli-private.h"

static void
print_progress (double      fraction,
                const char *stage,
                gpointer    user_data)
{
  g_printerr ("\r%3d%%  %-40s", (int) (100 * fraction), stage);
  if (fraction >= 1.0)
    g_printerr ("\n");
}

int
stroma_cli_export (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autofree char *profile_name = NULL;
  g_autofree char *data_cut = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *user = NULL;
  StromaWorkbookOptions options = { 0 };
  gboolean quiet = FALSE;
  gint row_limit = 0;
  GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_STRING, &profile_name,
      N_("sponsor (default: subject codes only) or site (adds initials and free text)"),
      N_("PROFILE") },
    { "data-cut", 0, 0, G_OPTION_ARG_STRING, &data_cut,
      N_("Leave out data after this date (default: today)"), N_("YYYY-MM-DD") },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason,
      N_("Why the export is made; required for the site profile"), N_("TEXT") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user,
      N_("Who exports: an account of the trial, which the export log records (default: your "
         "login name)"),
      N_("NAME") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print nothing but errors"), NULL },
    /* For tests: a small limit exercises the continuation sheets. */
    { "row-limit", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &row_limit, NULL, NULL },
    { NULL }
  };

  context = stroma_cli_option_context (_("export FILE WORKBOOK.xlsx"),
                                       _("Writes the trial’s workbook for the sponsor: subjects, "
                                         "infusions, medications, transfusions, lab values, "
                                         "adverse events, disposition, endpoints and the "
                                         "summary by arm, with a dictionary of every column. "
                                         "The export is recorded in the trial file."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 4)
    return stroma_cli_usage_error (context, _("Name one trial file and the workbook to write."));
  if (!stroma_workbook_profile_from_string (profile_name != NULL ? profile_name : "sponsor",
                                            &options.profile))
    return stroma_cli_usage_error (context, _("--profile is sponsor or site."));
  if (row_limit < 0)
    return stroma_cli_usage_error (context, _("--row-limit must be positive."));

  options.data_cut = data_cut;
  options.reason = reason;
  options.user = user != NULL ? user : g_get_user_name ();
  options.row_limit = (guint) row_limit;
  options.progress = quiet || !isatty (STDERR_FILENO) ? NULL : print_progress;

  /* The export reads every clinical record and verifies the audit chain itself, so it would
   * find the damage the open-time quick_check looks for; that check would read the whole
   * file once more first (two seconds for the 2,000-subject demo). */
  store = stroma_store_open (argv[2], STROMA_STORE_OPEN_NO_CHECK, &error);
  if (store == NULL)
    {
      stroma_cli_print_error ("export", error);
      return STROMA_EXIT_USAGE;
    }

  report = stroma_workbook_export (store, argv[3], &options, &error);
  if (report == NULL)
    {
      stroma_cli_print_error ("export", error);
      return g_error_matches (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_INVALID) ||
             g_error_matches (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DENIED)
             ? STROMA_EXIT_USAGE : STROMA_EXIT_PROBLEMS;
    }

  if (!quiet)
    g_print (_("Wrote %s: %s profile, %u subjects, %llu rows in %u sheets, "
               "data cut %s\n  SHA-256 %s\n  recorded in the trial’s export log\n"),
             argv[3], stroma_workbook_profile_to_string (options.profile), report->n_subjects,
             (unsigned long long) report->n_rows, report->n_sheets, report->data_cut, report->sha256);

  return STROMA_EXIT_OK;
}
