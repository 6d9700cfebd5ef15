/* test-demo.c — the synthetic demo trial
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>

#include "io/stroma-demo.h"
#include "stroma-test-util.h"

static char *
write_demo (const char *protocol_id,
            guint       subjects,
            guint64     seed)
{
  static guint counter = 0;
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol (protocol_id);
  g_autofree char *name = g_strdup_printf ("demo-%u.db", ++counter);
  char *path = stroma_test_temp_path (name);
  StromaDemoOptions options = { .n_subjects = subjects, .seed = seed };
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_demo_write (path, protocol, &options, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return path;
}

/* The clinical content of a file, without the times the trail recorded: one checksum. */
static char *
content_digest (const char *path)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  for (guint k = 0; k < STROMA_N_RECORD_KINDS; k++)
    {
      const StromaRecordInfo *info = stroma_record_info (k);
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY id", info->table);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (stmt); c++)
          {
            /* the allocation's time is when the demo ran */
            if (g_strcmp0 (sqlite3_column_name (stmt, c), "allocated_at") == 0)
              continue;
            if (sqlite3_column_text (stmt, c) != NULL)
              g_checksum_update (sum, sqlite3_column_text (stmt, c), -1);
            g_checksum_update (sum, (const guchar *) "|", 1);
          }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  return g_strdup (g_checksum_get_string (sum));
}

static void
test_deterministic (void)
{
  g_autofree char *a = write_demo ("msc-pgf", 20, 7);
  g_autofree char *b = write_demo ("msc-pgf", 20, 7);
  g_autofree char *c = write_demo ("msc-pgf", 20, 8);
  g_autofree char *da = content_digest (a);
  g_autofree char *db = content_digest (b);
  g_autofree char *dc = content_digest (c);

  g_assert_cmpstr (da, ==, db);
  g_assert_cmpstr (da, !=, dc);
}

static void
test_pgf_trial (void)
{
  g_autofree char *path = write_demo ("msc-pgf", 0, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_store_open (path, 0, &error);
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_true (stroma_store_is_synthetic (store));

  /* the protocol's target, exactly balanced, every subject synthetic */
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM subjects"), ==, 68);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM allocations WHERE arm = 'msc'"), ==, 34);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM allocations WHERE arm = 'control'"), ==, 34);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM subjects WHERE synthetic = 0"), ==, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(DISTINCT donor_type) FROM subjects"), ==, 3);

  /* what a reviewer expects to find in such a trial */
  g_assert_cmpint (stroma_test_query (path, "SELECT count(DISTINCT grade) FROM adverse_events"), ==, 5);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM adverse_events WHERE serious = 1"), >, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM subjects WHERE status = 'died'"), >, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM follow_ups WHERE kind = 'relapse'"), >, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM infusions WHERE status = 'missed' AND "
                                "reason LIKE 'missed:%'"), ==, 1);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM infusions WHERE reason LIKE 'delayed%'"), >, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM infusions i JOIN allocations a USING "
                                "(subject_id) WHERE a.arm = 'control'"), ==, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM medications WHERE agent = 'TPO-RA' AND "
                                "dose_level > 1"), >, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM transfusions"), >, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM conditioning_doses"), >, 0);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM audit_log WHERE action = 'update' AND "
                                "reason LIKE 'transcription error%'"), >, 0);
  /* blood counts from conditioning to follow-up */
  g_assert_cmpint (stroma_test_query (path, "SELECT count(DISTINCT test_code) FROM lab_results"), >=, 5);
  g_assert_cmpint (stroma_test_query (path, "SELECT min(julianday(l.collected_on) - julianday(t.day0_date)) "
                                "FROM lab_results l JOIN transplants t USING (subject_id)"), <, 0);

  g_assert_true (stroma_store_check (store, report));
}

static void
test_crc_trial (void)
{
  g_autofree char *path = write_demo ("msc-crc", 0, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_store_open (path, 0, &error);
  g_autoptr(GString) report = g_string_new (NULL);

  g_assert_no_error (error);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM subjects"), >=, 9);
  g_assert_cmpint (stroma_test_query (path, "SELECT min(dose_level) FROM subjects"), ==, 1);
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM randomization_list"), ==, 0);
  /* cohorts of three start together at one level */
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM (SELECT dose_level, count(*) AS n FROM "
                                "subjects GROUP BY dose_level) WHERE n % 3 <> 0"), ==, 0);
  /* 21-day cycles */
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM infusions a JOIN infusions b ON "
                                "b.subject_id = a.subject_id AND b.number = a.number + 1 "
                                "WHERE julianday(b.planned_date) - julianday(a.planned_date) < 21"),
                   ==, 0);
  g_assert_true (stroma_store_check (store, report));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/deterministic", test_deterministic);
  g_test_add_func ("/demo/pgf-trial", test_pgf_trial);
  g_test_add_func ("/demo/crc-trial", test_crc_trial);

  return g_test_run ();
}
