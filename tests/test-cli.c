/* test-cli.c — the headless sub-commands, as a user runs them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <json-glib/json-glib.h>

#include "stroma-test-util.h"

static void
test_demo_then_check (void)
{
  g_autofree char *path = stroma_test_temp_path ("cli-demo.db");
  g_auto(StromaTestRun) demo = { 0 };
  g_auto(StromaTestRun) check = { 0 };
  g_auto(StromaTestRun) again = { 0 };

  stroma_test_run (&demo, "demo", path, NULL);
  g_assert_cmpint (demo.status, ==, 0);
  g_assert_nonnull (strstr (demo.out, "68 subjects, msc 34, control 34"));

  stroma_test_run (&check, "check", path, NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "68 subjects"));
  g_assert_nonnull (strstr (check.out, "all checks passed"));
  g_assert_null (strstr (check.out, "FAIL"));

  /* never over an existing file */
  stroma_test_run (&again, "demo", path, NULL);
  g_assert_cmpint (again.status, ==, 2);
  g_assert_nonnull (strstr (again.err, "already exists"));
}

static void
test_check_finds_tampering (void)
{
  g_autofree char *path = stroma_test_temp_path ("cli-tamper.db");
  g_auto(StromaTestRun) demo = { 0 };
  g_auto(StromaTestRun) check = { 0 };
  sqlite3 *db = NULL;

  stroma_test_run (&demo, "demo", path, "--subjects", "4", "--quiet", NULL);
  g_assert_cmpint (demo.status, ==, 0);
  g_assert_cmpstr (demo.out, ==, "");

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP TRIGGER audit_lab_results_update; "
                                     "UPDATE lab_results SET stresn = 250, rev = rev + 1 "
                                     "WHERE id = 10", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  stroma_test_run (&check, "check", path, NULL);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_nonnull (strstr (check.out, "FAIL audit trigger audit_lab_results_update is missing"));
  g_assert_nonnull (strstr (check.out, "lab_results row 10, stresn is “250"));
  g_assert_nonnull (strstr (check.out, "PROBLEMS FOUND"));
}

static void
test_check_refuses_damaged (void)
{
  g_autofree char *path = stroma_test_temp_path ("cli-garbage.db");
  g_auto(StromaTestRun) check = { 0 };

  g_assert_true (g_file_set_contents (path, "SQLite format 3\nbut not really", -1, NULL));
  stroma_test_run (&check, "check", path, NULL);
  g_assert_cmpint (check.status, ==, 1);
  g_assert_nonnull (strstr (check.out, "FAIL"));
}

static void
test_protocol_validate (void)
{
  g_autofree char *good = stroma_test_data_path ("protocols", "msc-pgf.json", NULL);
  g_autofree char *bad = stroma_test_temp_path ("bad-protocol.json");
  g_autofree char *text = NULL;
  g_autofree char *broken = NULL;
  g_auto(StromaTestRun) ok = { 0 };
  g_auto(StromaTestRun) fail = { 0 };
  g_auto(StromaTestRun) usage = { 0 };

  stroma_test_run (&ok, "protocol", "validate", good, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "protocol msc-pgf version"));

  /* one changed number: a dose of zero */
  g_assert_true (g_file_get_contents (good, &text, NULL, NULL));
  {
    g_autoptr(GRegex) re = g_regex_new ("\"dose\": [0-9.]+", 0, 0, NULL);
    broken = g_regex_replace (re, text, -1, 0, "\"dose\": 0", G_REGEX_MATCH_NOTEMPTY, NULL);
  }
  g_assert_true (g_file_set_contents (bad, broken, -1, NULL));
  stroma_test_run (&fail, "protocol", "validate", bad, NULL);
  g_assert_cmpint (fail.status, ==, 1);
  g_assert_nonnull (strstr (fail.out, ".dose"));

  stroma_test_run (&usage, "protocol", "check", good, NULL);
  g_assert_cmpint (usage.status, ==, 2);
}

static void
test_endpoints_and_stats (void)
{
  g_autofree char *path = stroma_test_temp_path ("cli-stats.db");
  g_auto(StromaTestRun) demo = { 0 };
  g_auto(StromaTestRun) csv = { 0 };
  g_auto(StromaTestRun) json = { 0 };
  g_auto(StromaTestRun) text = { 0 };
  g_auto(StromaTestRun) bad_format = { 0 };
  g_auto(StromaTestRun) bad_subject = { 0 };
  g_auto(StromaTestRun) bad_cut = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  JsonObject *root, *sample;
  JsonArray *arms;

  stroma_test_run (&demo, "demo", path, "--quiet", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  /* one subject's endpoints: a header and one row per endpoint of the protocol */
  stroma_test_run (&csv, "endpoints", path, "--subject", "PGF-001", "--format", "csv",
              "--data-cut", "2026-10-31", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  lines = g_strsplit (g_strstrip (csv.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 8);
  g_assert_true (g_str_has_prefix (lines[0], "subject,arm,endpoint,definition"));
  for (guint i = 1; lines[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (lines[i], "PGF-001,"));
  g_assert_null (strstr (csv.out, "ZWL"));

  stroma_test_run (&json, "stats", path, "--format", "json", "--data-cut", "2026-10-31", NULL);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_true (json_parser_load_from_data (parser, json.out, -1, &error));
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  arms = json_object_get_array_member (root, "arms");
  g_assert_cmpuint (json_array_get_length (arms), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (arms, 0), "n"), ==, 34);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (arms, 1), "n"), ==, 34);
  sample = json_object_get_object_member (root, "sample_size");
  g_assert_cmpint (json_object_get_int_member (sample, "as_stated_per_arm"), ==, 20);
  g_assert_true (json_object_get_boolean_member (sample, "reproduced"));
  g_assert_cmpint (json_object_get_int_member (sample, "reproduced_sides"), ==, 2);
  g_assert_true (json_object_get_boolean_member (sample, "reproduced_continuity_correction"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "responses")), >=, 5);

  stroma_test_run (&text, "stats", path, "--data-cut", "2026-10-31", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "platelet-response:CR+PR"));
  g_assert_nonnull (strstr (text.out, "log-rank"));

  stroma_test_run (&bad_format, "stats", path, "--format", "xml", NULL);
  g_assert_cmpint (bad_format.status, ==, 2);
  stroma_test_run (&bad_subject, "endpoints", path, "--subject", "PGF-999", NULL);
  g_assert_cmpint (bad_subject.status, ==, 2);
  g_assert_nonnull (strstr (bad_subject.err, "PGF-999"));
  stroma_test_run (&bad_cut, "stats", path, "--data-cut", "31/10/2026", NULL);
  g_assert_cmpint (bad_cut.status, ==, 2);
}

static void
test_help (void)
{
  const char *commands[] = { "demo", "check", "protocol", "endpoints", "stats" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(StromaTestRun) run = { 0 };
      stroma_test_run (&run, commands[i], "--help", NULL);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, commands[i]));
    }

  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "help", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "check"));
  }

  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "demo", "x.db", "--subjects", "0", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--subjects"));
  }
}

static void
test_chart (void)
{
  g_autofree char *path = stroma_test_temp_path ("cli-chart.db");
  g_autofree char *png = stroma_test_temp_path ("cli-chart.png");
  g_autofree char *svg = stroma_test_temp_path ("cli-chart.svg");
  g_autofree char *contents = NULL;
  gsize length = 0;
  g_auto(StromaTestRun) demo = { 0 };
  g_auto(StromaTestRun) chart = { 0 };
  g_auto(StromaTestRun) vector = { 0 };
  g_auto(StromaTestRun) unknown = { 0 };
  g_auto(StromaTestRun) format = { 0 };

  stroma_test_run (&demo, "demo", path, "--subjects", "4", NULL);
  g_assert_cmpint (demo.status, ==, 0);

  stroma_test_run (&chart, "chart", path, "--subject", "PGF-002", "--output", png,
              "--width", "640", "--height", "480", NULL);
  g_assert_cmpint (chart.status, ==, 0);
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
  g_clear_pointer (&contents, g_free);

  stroma_test_run (&vector, "chart", path, "--subject", "PGF-001", "--output", svg, "--dates",
              "--wbc", NULL);
  g_assert_cmpint (vector.status, ==, 0);
  g_assert_true (g_file_get_contents (svg, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "<svg"));

  /* A subject the trial does not have, and an output it cannot write, are usage errors. */
  stroma_test_run (&unknown, "chart", path, "--subject", "PGF-999", "--output", png, NULL);
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_nonnull (strstr (unknown.err, "PGF-999"));

  stroma_test_run (&format, "chart", path, "--subject", "PGF-001", "--output", "chart.gif", NULL);
  g_assert_cmpint (format.status, ==, 2);
}

static void
test_export (void)
{
  g_autofree char *path = stroma_test_temp_path ("cli-export.db");
  g_autofree char *out = stroma_test_temp_path ("cli-export.xlsx");
  g_autofree char *site = stroma_test_temp_path ("cli-export-site.xlsx");
  g_auto(StromaTestRun) demo = { 0 };

  stroma_test_run (&demo, "demo", "--subjects", "6", "--quiet", path, NULL);
  g_assert_cmpint (demo.status, ==, 0);

  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "export", path, out, "--data-cut", "2026-10-31", "--user", "sponsor.zhao",
                NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.out, "sponsor profile, 6 subjects"));
    g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
    g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM export_log WHERE "
                                              "user_id = 'sponsor.zhao' AND profile = 'sponsor' AND "
                                              "data_cut = '2026-10-31'"), ==, 1);
  }

  /* the site profile needs a reason: usage error, nothing written or logged */
  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "export", path, site, "--profile", "site", "--user", "dr.chen", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "say why"));
    g_assert_false (g_file_test (site, G_FILE_TEST_EXISTS));
    g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM export_log"), ==, 1);
  }

  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "export", path, site, "--profile", "site", "--reason", "monitoring",
                "--user", "dr.chen", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM export_log WHERE "
                                              "profile = 'site' AND reason = 'monitoring'"), ==,
                     1);
  }

  /* the trial has accounts: a stranger may not export, nor a sponsor liaison the site's data */
  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "export", path, out, "--user", "stranger", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "not a user of this trial"));
  }

  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "export", path, site, "--profile", "site", "--reason", "monitoring",
                "--user", "sponsor.zhao", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM export_log"), ==, 2);
  }

  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "export", path, out, "--profile", "everyone", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "--profile"));
  }

  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "export", path, out, "--data-cut", "31/10/2026", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }

  {
    g_auto(StromaTestRun) run = { 0 };
    stroma_test_run (&run, "export", "no-such-trial.db", out, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "no trial file"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/demo-then-check", test_demo_then_check);
  g_test_add_func ("/cli/check-finds-tampering", test_check_finds_tampering);
  g_test_add_func ("/cli/check-refuses-damaged", test_check_refuses_damaged);
  g_test_add_func ("/cli/protocol-validate", test_protocol_validate);
  g_test_add_func ("/cli/endpoints-and-stats", test_endpoints_and_stats);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/chart", test_chart);
  g_test_add_func ("/cli/export", test_export);

  return g_test_run ();
}
