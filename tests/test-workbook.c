/* test-workbook.c — the sponsor workbook (RELIABILITY EX-1, EX-2, AT-6)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small synthetic trial, with identifiers planted where they could leak (distinctive
 * initials, a name in every free-text field, a user with a name) and a note that looks like a
 * formula, is exported in both profiles. Independent checks in Python read the result back:
 * workbook-readback.py compares every cell with the trial file through openpyxl and sqlite3,
 * workbook-golden.py compares the XML parts with tests/data/workbook-golden/, and
 * workbook-deid.py scans every XML part for the identifiers.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "core/stroma-analysis.h"
#include "core/stroma-sha256.h"
#include "io/stroma-demo.h"
#include "io/stroma-workbook.h"
#include "stroma-test-util.h"

#define FIXTURE_SUBJECTS 6
#define FIXTURE_SEED     10
#define FIXTURE_CUT      "2024-09-30"
#define GOLDEN_CUT       "2024-04-20"
#define PLANTED_NAME     "Wang Xiaoming"
#define EXPORT_USER      "zhang.weiguo"   /* a sponsor liaison */
#define SITE_USER        "dr.chen"        /* an investigator */

static char *trial_path;

/* The demo's investigator and administrator: the trial has accounts, and the store checks them */
static const StromaEditContext planting = { "dr.chen", "test fixture: identifiers planted" };
static const StromaEditContext admin = { "admin", "test fixture: a user with a name" };

/* Initials no word or code of the workbook can contain */
static const char * const planted_initials[] = { "QXJ", "QXK", "QZV", "QXW", "QZJ", "QXZ" };

static char *
export_path (const char *name)
{
  g_autofree char *folder = stroma_test_temp_path ("exports");

  g_mkdir_with_parents (folder, 0755);
  return g_build_filename (folder, name, NULL);
}

static void
plant (StromaStore *store,
       gpointer     record)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (stroma_store_save (store, &planting, record, &error));
  g_assert_no_error (error);
}

/* Every free-text field gets a name; the first adverse event's term looks like a formula. */
static void
plant_identifiers (StromaStore *store)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;

  records = stroma_store_load_all_records (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, FIXTURE_SUBJECTS);

  for (guint i = 0; i < records->len; i++)
    {
      StromaSubjectRecord *r = records->pdata[i];

      g_free (r->subject->initials);
      r->subject->initials = g_strdup (planted_initials[i]);
      g_free (r->subject->diagnosis);
      r->subject->diagnosis = g_strdup ("poor graft function; brother " PLANTED_NAME " donor");
      plant (store, r->subject);

      if (r->infusions->len > 0)
        {
          StromaInfusion *inf = r->infusions->pdata[0];
          g_free (inf->vitals_pre);
          inf->vitals_pre = g_strdup ("taken by " PLANTED_NAME);
          plant (store, inf);
        }
      if (r->conditioning->len > 0)
        {
          StromaConditioningDose *dose = r->conditioning->pdata[0];
          g_free (dose->deviation_reason);
          dose->deviation_reason = g_strdup ("asked " PLANTED_NAME);
          plant (store, dose);
        }
      if (r->medications->len > 0)
        {
          StromaMedication *m = r->medications->pdata[0];
          g_free (m->indication);
          m->indication = g_strdup ("as " PLANTED_NAME " advised");
          plant (store, m);
        }
      if (r->adverse_events->len > 0)
        {
          StromaAdverseEvent *ae = r->adverse_events->pdata[0];
          g_free (ae->action_taken);
          ae->action_taken = g_strdup ("called " PLANTED_NAME);
          if (i == 0)
            {
              g_free (ae->term);
              ae->term = g_strdup ("=1+1");
            }
          plant (store, ae);
        }
      if (r->follow_ups->len > 0)
        {
          StromaFollowUp *f = r->follow_ups->pdata[0];
          g_free (f->detail);
          f->detail = g_strdup ("seen with " PLANTED_NAME);
          plant (store, f);
        }
    }

  g_assert_true (stroma_store_add_user (store, &admin, "zhang.weiguo", "Zhang Weiguo",
                                        "sponsor", &error));
  g_assert_no_error (error);
}

static char *
trial_sha256 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_store_open (trial_path, STROMA_STORE_OPEN_DEFAULT,
                                                    &error);
  char *sha;

  g_assert_no_error (error);
  g_assert_true (stroma_store_begin_snapshot (store, &error));
  sha = stroma_sha256_file (trial_path, NULL, &error);
  g_assert_no_error (error);
  stroma_store_end_snapshot (store);
  return sha;
}

static StromaWorkbookReport *
export (const char             *path,
        StromaWorkbookOptions  *options,
        GError                **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(StromaStore) store = stroma_store_open (trial_path, STROMA_STORE_OPEN_DEFAULT,
                                                    &local);

  g_assert_no_error (local);
  if (options->user == NULL)
    options->user = EXPORT_USER;
  return stroma_workbook_export (store, path, options, error);
}

/* Runs one of the Python checks; they print what differs. */
static void
run_check (const char *script,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *python = g_getenv ("STROMA_PYTHON");
  int status = 0;
  va_list ap;

  if (python == NULL || python[0] == '\0')
    g_error ("the workbook checks need Python 3 with openpyxl (Debian: python3-openpyxl)");

  g_ptr_array_add (argv, g_strdup (python));
  g_ptr_array_add (argv, g_build_filename (g_getenv ("G_TEST_SRCDIR"), script, NULL));
  va_start (ap, script);
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  if (out != NULL && out[0] != '\0')
    g_test_message ("%s", out);
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s failed:\n%s", script, err);
      g_test_fail ();
    }
}

static char *
stroma_binary (void)
{
  return g_build_filename (g_getenv ("STROMA_BUILDDIR"), "app", "stroma", NULL);
}

static char *
query_text (const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (trial_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* The folder of the exports holds exactly @expected files, no temporary one. */
static void
assert_folder_holds (const char *path,
                     guint       expected)
{
  g_autofree char *folder = g_path_get_dirname (path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  for (const char *name = g_dir_read_name (dir); name != NULL; name = g_dir_read_name (dir))
    {
      g_assert_false (g_str_has_prefix (name, ".stroma-export-"));
      n++;
    }
  g_assert_cmpuint (n, ==, expected);
}

static void
test_sponsor (void)
{
  g_autofree char *path = export_path ("sponsor.xlsx");
  g_autofree char *sha = trial_sha256 ();
  g_autofree char *binary = stroma_binary ();
  g_autofree char *file_sha = NULL;
  g_autofree char *logged = NULL;
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autoptr(GError) error = NULL;
  StromaWorkbookOptions options = { .profile = STROMA_WORKBOOK_PROFILE_SPONSOR,
                                    .data_cut = FIXTURE_CUT };
  gint64 exports = stroma_test_query (trial_path, "SELECT count(*) FROM export_log");
  gint64 audit_rows = stroma_test_query (trial_path, "SELECT count(*) FROM audit_log");

  report = export (path, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (report->n_subjects, ==, FIXTURE_SUBJECTS);
  g_assert_cmpuint (report->n_sheets, ==, 11);

  /* every value read back by openpyxl matches the trial file */
  run_check ("workbook-readback.py", "--trial", trial_path, "--workbook", path,
             "--stroma", binary, "--data-cut", FIXTURE_CUT, "--profile", "sponsor",
             "--trial-sha256", sha, "--format", NULL);

  /* no identifier in any XML part, and the formula-like note stays text */
  run_check ("workbook-deid.py", "--trial", trial_path, "--workbook", path,
             "--profile", "sponsor", "--user", EXPORT_USER, "--planted", PLANTED_NAME,
             "--formula-text", "=1+1", NULL);

  /* the export is in the trial's log (AT-6): who, when, profile, scope, the file's SHA-256 */
  file_sha = stroma_sha256_file (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (file_sha, ==, report->sha256);
  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM export_log"), ==,
                   exports + 1);
  logged = query_text ("SELECT user_id || '|' || profile || '|' || scope || '|' || data_cut "
                       "|| '|' || file_name || '|' || sha256 || '|' || audit_head || '|' || "
                       "(at LIKE '____-__-__T__:__:__.___Z') FROM export_log "
                       "ORDER BY id DESC LIMIT 1");
  {
    g_autofree char *expected = g_strdup_printf (EXPORT_USER "|sponsor|all subjects (%u)|"
                                                 FIXTURE_CUT "|sponsor.xlsx|%s|%s|1",
                                                 FIXTURE_SUBJECTS, file_sha,
                                                 report->audit_head);
    g_assert_cmpstr (logged, ==, expected);
  }
  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM audit_log"), ==,
                   audit_rows + 1);
  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM audit_log WHERE "
                                                  "action = 'event' AND table_name = "
                                                  "'export_log' AND user_id = '" EXPORT_USER
                                                  "'"), ==, exports + 1);
  assert_folder_holds (path, 1);
  g_unlink (path);
}

/* The XML parts are the reviewed ones (a cut early in the trial keeps them short);
 * STROMA_UPDATE_GOLDEN=1 rewrites them, for review. */
static void
test_golden (void)
{
  g_autofree char *path = export_path ("golden.xlsx");
  g_autofree char *golden = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data",
                                              "workbook-golden", NULL);
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autoptr(GError) error = NULL;
  StromaWorkbookOptions options = { .profile = STROMA_WORKBOOK_PROFILE_SPONSOR,
                                    .data_cut = GOLDEN_CUT };

  report = export (path, &options, &error);
  g_assert_no_error (error);
  run_check ("workbook-golden.py", "--workbook", path, "--golden", golden,
             g_getenv ("STROMA_UPDATE_GOLDEN") != NULL ? "--update" : NULL, NULL);
  g_unlink (path);
}

static void
test_site (void)
{
  g_autofree char *path = export_path ("site.xlsx");
  g_autofree char *binary = stroma_binary ();
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autoptr(GError) error = NULL;
  StromaWorkbookOptions options = { .profile = STROMA_WORKBOOK_PROFILE_SITE,
                                    .data_cut = FIXTURE_CUT };
  gint64 exports = stroma_test_query (trial_path, "SELECT count(*) FROM export_log");

  /* the sponsor's liaison may not export identifiers: refused, and the refusal is logged */
  options.reason = "curiosity";
  report = export (path, &options, &error);
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DENIED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);
  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM audit_log WHERE "
                                                  "user_id = '" EXPORT_USER "' AND new_value "
                                                  "LIKE 'access denied%'"), ==, 1);

  /* without a reason: refused, nothing written, nothing logged */
  options.user = SITE_USER;
  options.reason = "  ";
  report = export (path, &options, &error);
  g_assert_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_INVALID);
  g_assert_null (report);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  options.reason = "source data verification at the monitoring visit";
  report = export (path, &options, &error);
  g_assert_no_error (error);

  run_check ("workbook-readback.py", "--trial", trial_path, "--workbook", path,
             "--stroma", binary, "--data-cut", FIXTURE_CUT, "--profile", "site", NULL);
  /* initials and free text are there now; birth dates and user names still are not */
  run_check ("workbook-deid.py", "--trial", trial_path, "--workbook", path,
             "--profile", "site", "--user", SITE_USER, "--planted", PLANTED_NAME, NULL);

  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM export_log"), ==,
                   exports + 1);
  g_assert_cmpint (stroma_test_query (trial_path,
                                      "SELECT count(*) FROM export_log WHERE profile = 'site' "
                                      "AND user_id = '" SITE_USER "' AND reason = 'source data "
                                      "verification at the monitoring visit'"), ==, 1);
  g_unlink (path);
}

/* A lowered row limit splits the long sheets; the reader joins them back. */
static void
test_row_limit (void)
{
  g_autofree char *path = export_path ("split.xlsx");
  g_autofree char *binary = stroma_binary ();
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autoptr(GError) error = NULL;
  StromaWorkbookOptions options = { .profile = STROMA_WORKBOOK_PROFILE_SPONSOR,
                                    .data_cut = FIXTURE_CUT, .row_limit = 300 };
  gint64 labs = stroma_test_query (trial_path, "SELECT count(*) FROM lab_results WHERE "
                                               "voided = 0 AND collected_on <= '" FIXTURE_CUT
                                               "'");

  report = export (path, &options, &error);
  g_assert_no_error (error);

  /* LB alone needs ceil (labs / 299) sheets */
  g_assert_cmpint (labs, >, 2 * 299);
  g_assert_cmpuint (report->n_sheets, >=, 11 + (guint) ((labs + 298) / 299) - 1);

  run_check ("workbook-readback.py", "--trial", trial_path, "--workbook", path,
             "--stroma", binary, "--data-cut", FIXTURE_CUT, "--profile", "sponsor",
             "--row-limit", "300", NULL);
  g_unlink (path);
}

/* An earlier cut leaves later events out, and ends and outcomes after it empty. */
static void
test_data_cut (void)
{
  g_autofree char *path = export_path ("cut.xlsx");
  g_autofree char *binary = stroma_binary ();
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autoptr(GError) error = NULL;
  StromaWorkbookOptions options = { .profile = STROMA_WORKBOOK_PROFILE_SPONSOR,
                                    .data_cut = "2024-05-15" };

  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM lab_results WHERE "
                                                  "collected_on > '2024-05-15'"), >, 0);
  report = export (path, &options, &error);
  g_assert_no_error (error);
  run_check ("workbook-readback.py", "--trial", trial_path, "--workbook", path,
             "--stroma", binary, "--data-cut", "2024-05-15", "--profile", "sponsor", NULL);
  g_unlink (path);
  g_clear_pointer (&report, stroma_workbook_report_free);

  options.data_cut = "2024-02-30";
  report = export (path, &options, &error);
  g_assert_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_INVALID);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
cancel_midway (double      fraction,
               const char *stage,
               gpointer    user_data)
{
  if (fraction > 0.3)
    g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autofree char *path = export_path ("cancelled.xlsx");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autoptr(GError) error = NULL;
  StromaWorkbookOptions options = { .profile = STROMA_WORKBOOK_PROFILE_SPONSOR,
                                    .data_cut = FIXTURE_CUT, .cancellable = cancellable,
                                    .progress = cancel_midway, .user_data = cancellable };
  gint64 exports = stroma_test_query (trial_path, "SELECT count(*) FROM export_log");

  report = export (path, &options, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (report);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  assert_folder_holds (path, 0);
  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM export_log"), ==,
                   exports);
}

static void
test_unwritable (void)
{
  g_autofree char *missing = export_path ("no-such-folder/out.xlsx");
  g_autofree char *folder = export_path ("");
  g_autofree char *long_name = NULL;
  g_autofree char *too_long = NULL;
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autoptr(GError) error = NULL;
  StromaWorkbookOptions options = { .profile = STROMA_WORKBOOK_PROFILE_SPONSOR,
                                    .data_cut = FIXTURE_CUT };
  gint64 exports = stroma_test_query (trial_path, "SELECT count(*) FROM export_log");

  /* a folder that does not exist */
  report = export (missing, &options, &error);
  g_assert_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_WRITE);
  g_clear_error (&error);

  /* a folder in place of a file */
  report = export (folder, &options, &error);
  g_assert_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_INVALID);
  g_clear_error (&error);

  /* a name the file system refuses, found out only when the finished workbook is renamed:
   * the temporary file must go too */
  long_name = g_strnfill (300, 'x');
  too_long = export_path (long_name);
  report = export (too_long, &options, &error);
  g_assert_error (error, STROMA_WORKBOOK_ERROR, STROMA_WORKBOOK_ERROR_WRITE);
  g_clear_error (&error);
  assert_folder_holds (too_long, 0);

  g_assert_cmpint (stroma_test_query (trial_path, "SELECT count(*) FROM export_log"), ==,
                   exports);
}

/* The analysis fed one subject at a time gives what the analysis of every record gives. */
static void
test_streamed_analysis (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_store_open (trial_path, STROMA_STORE_OPEN_READ_ONLY,
                                                    &error);
  g_autoptr(StromaProtocol) protocol = stroma_store_load_protocol (store, &error);
  g_autoptr(GPtrArray) records = stroma_store_load_all_records (store, &error);
  g_autoptr(StromaTrialAnalysis) whole = NULL;
  g_autoptr(StromaTrialAnalysis) streamed = NULL;

  g_assert_no_error (error);
  whole = stroma_analysis_run (protocol, records, FIXTURE_CUT, &error);
  g_assert_no_error (error);
  streamed = stroma_analysis_new (protocol, FIXTURE_CUT, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < records->len; i++)
    {
      g_autoptr(GPtrArray) endpoints = NULL;

      g_assert_true (stroma_analysis_add_subject (streamed, records->pdata[i], &endpoints,
                                                  &error));
      g_assert_no_error (error);
      g_assert_cmpuint (endpoints->len, ==, protocol->endpoints->len);
      g_assert_nonnull (((StromaEndpointResult *) endpoints->pdata[0])->explanation);
    }
  stroma_analysis_finish (streamed);

  g_assert_cmpuint (whole->responses->len, ==, streamed->responses->len);
  for (guint i = 0; i < whole->responses->len; i++)
    {
      const StromaResponseRate *a = whole->responses->pdata[i];
      const StromaResponseRate *b = streamed->responses->pdata[i];

      g_assert_cmpstr (a->id, ==, b->id);
      for (guint arm = 0; arm < whole->n_arms; arm++)
        {
          g_assert_cmpuint (a->n_met[arm], ==, b->n_met[arm]);
          g_assert_cmpuint (a->n_evaluable[arm], ==, b->n_evaluable[arm]);
        }
    }
  for (guint arm = 0; arm < whole->n_arms; arm++)
    {
      g_assert_cmpuint (whole->n_per_arm[arm], ==, streamed->n_per_arm[arm]);
      g_assert_cmpuint (whole->os.events[arm], ==, streamed->os.events[arm]);
      g_assert_cmpuint (whole->dfs.n[arm], ==, streamed->dfs.n[arm]);
    }
  for (guint i = 0; i < streamed->subjects->len; i++)
    g_assert_null (((StromaSubjectAnalysis *) streamed->subjects->pdata[i])->record);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(GError) error = NULL;
  StromaDemoOptions demo = { .n_subjects = FIXTURE_SUBJECTS, .seed = FIXTURE_SEED,
                             .data_cut = FIXTURE_CUT };
  int ret;

  /* English explanations whatever the machine's language: the golden parts hold them */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  protocol = stroma_test_load_protocol ("msc-pgf");
  trial_path = stroma_test_temp_path ("workbook-trial.db");
  store = stroma_demo_write (trial_path, protocol, &demo, &error);
  g_assert_no_error (error);
  plant_identifiers (store);
  g_clear_pointer (&store, stroma_store_close);

  /* first: the golden README counts the trial's audit rows, and each export adds one */
  g_test_add_func ("/workbook/golden", test_golden);
  g_test_add_func ("/workbook/sponsor", test_sponsor);
  g_test_add_func ("/workbook/site", test_site);
  g_test_add_func ("/workbook/row-limit", test_row_limit);
  g_test_add_func ("/workbook/data-cut", test_data_cut);
  g_test_add_func ("/workbook/cancel", test_cancel);
  g_test_add_func ("/workbook/unwritable", test_unwritable);
  g_test_add_func ("/workbook/streamed-analysis", test_streamed_analysis);

  ret = g_test_run ();
  stroma_test_remove_trial (trial_path);
  g_free (trial_path);
  return ret;
}
