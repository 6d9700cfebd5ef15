/* test-audit.c — the audit trail by construction (RELIABILITY AT-1 to AT-5, AT-9)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <time.h>

#include "core/stroma-randomization.h"
#include "stroma-test-util.h"

/* A connection of another program: it has none of Stroma's SQL functions. */
static sqlite3 *
raw_open (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 2000);
  return db;
}

static char *
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *msg = NULL;
  char *copy;

  if (sqlite3_exec (db, sql, NULL, NULL, &msg) == SQLITE_OK)
    return NULL;

  copy = g_strdup (msg ? msg : "error");
  sqlite3_free (msg);
  return copy;
}

/* Valid values for every column of the clinical tables: two per column, so that each can be
 * changed from the first to the second. A column missing here fails the test: add it. */
static const struct { const char *column; const char *a; const char *b; } column_values[] = {
  { "code", "PGF-101", "PGF-102" }, { "initials", "AB", "CD" }, { "sex", "F", "M" },
  { "birth_date", "1970-01-02", "1971-02-03" }, { "height_cm", "160.5", "161.5" },
  { "weight_kg", "55.5", "56.5" }, { "kps", "80", "90" }, { "ecog", "1", "2" },
  { "donor_type", "haplo", "smd" }, { "status", "screening", "enrolled" },
  { "screening_date", "2025-01-01", "2025-01-02" }, { "pgf_onset_date", "2025-01-03", "2025-01-04" },
  { "treatment_start", "2025-01-05", "2025-01-06" }, { "dose_level", "1", "2" },
  { "diagnosis", "AML", "MDS" }, { "synthetic", "0", "1" },
  { "consent_date", "2025-01-01", "2025-01-02" }, { "form_version", "1.0", "1.1" },
  { "obtained_by", "dr.a", "dr.b" }, { "criterion_id", "exc-infection", "exc-allergy" },
  { "answer", "met", "not-met" }, { "value", "61", "62" }, { "unit", "years", "months" },
  { "assessed_on", "2025-01-01", "2025-01-02" }, { "assessed_by", "dr.a", "dr.b" },
  { "stratum", "haplo", "smd" }, { "sequence", "1", "2" }, { "arm", "msc", "control" },
  { "allocated_at", "2025-01-01T01:00:00.000Z", "2025-01-01T02:00:00.000Z" },
  { "allocated_by", "dr.a", "dr.b" }, { "day0_date", "2025-01-01", "2025-01-02" },
  { "graft_source", "PBSC", "BM" }, { "cd34_per_kg", "4.5", "5.5" }, { "mnc_per_kg", "8.5", "9.5" },
  { "abo_match", "match", "minor" }, { "hla_match", "5/10", "6/10" },
  { "regimen_id", "haplo", "smd" }, { "agent", "Busulfan", "Cyclophosphamide" },
  { "study_day", "-7", "-6" }, { "dose_number", "1", "2" },
  { "planned_date", "2025-01-01", "2025-01-02" }, { "calculated_dose", "48.5", "49.5" },
  { "dose_unit", "mg", "g" }, { "basis", "kg", "m2" }, { "bsa_m2", "1.68", "1.70" },
  { "bsa_formula", "mosteller", "dubois" }, { "given_dose", "48", "49" },
  { "given_at", "2025-01-01T01:00:00Z", "2025-01-01T02:00:00Z" }, { "given_by", "nurse.a", "nurse.b" },
  { "deviation_reason", "vial size", "rounding" }, { "number", "1", "2" },
  { "cells_per_kg", "1000000", "1100000" }, { "total_cells", "60000000", "61000000" },
  { "lot", "L1", "L2" }, { "bag", "B1", "B2" }, { "reason", "fever", "infection" },
  { "vitals_pre", "T 36.8", "T 36.9" }, { "vitals_post", "T 36.9", "T 37.0" },
  { "collected_on", "2025-01-01", "2025-01-02" }, { "test_code", "NEUT", "PLAT" },
  { "orres", "0.4", "0.5" }, { "orresu", "10^9/L", "10^3/uL" }, { "stresn", "0.4", "0.5" },
  { "stresu", "10^9/L", "g/L" }, { "lln", "1.8", "1.9" }, { "uln", "6.3", "6.4" },
  { "source", "entry", "import" }, { "given_on", "2025-01-01", "2025-01-02" },
  { "product", "RBC", "PLT" }, { "units", "1", "2" }, { "dose", "25", "50" },
  { "start_date", "2025-01-01", "2025-01-02" }, { "end_date", "2025-01-10", "2025-01-11" },
  { "indication", "PLT < 50", "PLT < 20" }, { "term", "Fever", "Fatigue" }, { "grade", "1", "2" },
  { "ctcae_version", "5.0", "6.0" }, { "serious", "0", "1" },
  { "relationship", "unrelated", "possible" }, { "dlt", "0", "1" },
  { "onset_date", "2025-01-01", "2025-01-02" }, { "resolved_date", "2025-01-20", "2025-01-21" },
  { "outcome", "recovered", "recovering" }, { "action_taken", "none", "treated" },
  { "event", "completed", "withdrawn" }, { "event_date", "2025-01-01", "2025-01-02" },
  { "kind", "contact", "relapse" }, { "detail", "alive", "clinic visit" },
  { "status:conditioning_doses", "planned", "given" }, { "status:infusions", "planned", "delayed" },
  { "reason:dispositions", "moved away", "withdrew" },
  { "screen_fail_reason", "KPS 50", "age 63" }, { "planned_time", "08:00", "14:00" },
};

static gboolean
values_for (const char  *table,
            const char  *column,
            const char **a,
            const char **b)
{
  g_autofree char *qualified = g_strdup_printf ("%s:%s", column, table);

  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < G_N_ELEMENTS (column_values); i++)
      if (g_strcmp0 (column_values[i].column, pass == 0 ? qualified : column) == 0)
        {
          *a = column_values[i].a;
          *b = column_values[i].b;
          return TRUE;
        }

  return FALSE;
}

static void
set_field_from_text (gpointer               record,
                     const StromaFieldInfo *field,
                     const char            *text)
{
  guint8 *p = (guint8 *) record + field->offset;

  switch (field->type)
    {
    case STROMA_FIELD_INT:
      *(gint64 *) p = g_ascii_strtoll (text, NULL, 10);
      break;
    case STROMA_FIELD_DOUBLE:
      *(double *) p = g_ascii_strtod (text, NULL);
      break;
    case STROMA_FIELD_STRING:
      g_free (*(char **) p);
      *(char **) p = g_strdup (text);
      break;
    case STROMA_FIELD_BOOL:
      *(gboolean *) p = g_ascii_strtoll (text, NULL, 10) != 0;
      break;
    default:
      g_assert_not_reached ();
    }
}

static const StromaFieldInfo *
find_field (const StromaRecordInfo *info,
            const char             *column)
{
  for (guint i = 0; i < info->n_fields; i++)
    if (g_strcmp0 (info->fields[i].name, column) == 0)
      return &info->fields[i];
  return NULL;
}

/*
 * AT-1: every column of every clinical table — enumerated from the schema itself — is audited.
 * A clinical table is one with a `rev` column. For each column: it is a field of the table's
 * record (so the store can write it), and changing it through the store writes one audit row
 * with the old and the new value, the user, the reason and a UTC time.
 */
static void
test_every_column_audited (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  sqlite3 *db = raw_open (path);
  sqlite3_stmt *tables = NULL;
  guint n_tables = 0, n_columns = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                   "SELECT m.name FROM sqlite_schema AS m WHERE m.type = 'table' AND EXISTS "
                   "(SELECT 1 FROM pragma_table_info (m.name) WHERE name = 'rev') ORDER BY m.name",
                   -1, &tables, NULL), ==, SQLITE_OK);

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      const StromaRecordInfo *info = stroma_record_info_find (table);
      g_autofree char *update_sql = NULL;
      sqlite3_stmt *columns = NULL;
      sqlite3_stmt *trigger = NULL;

      n_tables++;

      /* The update trigger watches every column of the table. */
      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT sql FROM sqlite_schema WHERE type = "
                                               "'trigger' AND name = 'audit_' || ?1 || '_update'",
                                           -1, &trigger, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (trigger, 1, table, -1, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (trigger), ==, SQLITE_ROW);
      update_sql = g_strdup ((const char *) sqlite3_column_text (trigger, 0));
      sqlite3_finalize (trigger);

      g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT name FROM pragma_table_info (?1) "
                                               "WHERE name NOT IN ('id', 'rev') ORDER BY cid",
                                           -1, &columns, NULL), ==, SQLITE_OK);
      sqlite3_bind_text (columns, 1, table, -1, SQLITE_STATIC);

      while (sqlite3_step (columns) == SQLITE_ROW)
        {
          const char *column = (const char *) sqlite3_column_text (columns, 0);
          g_autofree char *watch = g_strdup_printf ("OLD.\"%s\" IS NOT NEW.\"%s\"", column, column);

          g_test_message ("%s.%s", table, column);
          g_assert_nonnull (strstr (update_sql, watch));
          n_columns++;

          if (info == NULL)
            continue;   /* trial, users: written by the store itself, checked by the trigger */

          if (g_strcmp0 (column, "voided") == 0 || g_strcmp0 (column, "subject_id") == 0)
            continue;   /* covered by test_void and by every per-subject insert */

          {
            const StromaFieldInfo *field = find_field (info, column);
            const char *a = NULL, *b = NULL;
            g_autoptr(GError) error = NULL;
            g_autoptr(GPtrArray) history = NULL;
            StromaEditContext change = { "auditor", "checking the audit of every column" };
            StromaRecord *record;
            StromaAuditEntry *last;
            gboolean ok;

            /* A schema column the record type does not know could never be saved: */
            g_assert_nonnull (field);
            g_assert_true (values_for (table, column, &a, &b));

            if (info->kind == STROMA_RECORD_SUBJECT)
              record = stroma_store_load (store, STROMA_RECORD_SUBJECT, subject->parent.id, NULL);
            else
              {
                record = stroma_record_new (info->kind);
                record->subject_id = subject->parent.id;
                /* required columns get their first value */
                for (guint f = 0; f < info->n_fields; f++)
                  {
                    const char *fa = NULL, *fb = NULL;
                    if (values_for (table, info->fields[f].name, &fa, &fb))
                      set_field_from_text (record, &info->fields[f], fa);
                  }
                if (info->kind == STROMA_RECORD_ALLOCATION)
                  {
                    /* (stratum, sequence) is unique: a stratum of its own for each column */
                    if (g_strcmp0 (column, "stratum") != 0)
                      {
                        StromaAllocation *al = (StromaAllocation *) record;
                        g_free (al->stratum);
                        al->stratum = g_strdup_printf ("s%u", n_columns);
                      }
                    /* one allocation per subject: give each its own subject */
                    g_autofree char *code = g_strdup_printf ("PGF-%03u", 200 + n_columns);
                    g_autoptr(StromaSubject) other = stroma_test_add_subject (store, code);
                    record->subject_id = other->parent.id;
                  }
              }

            set_field_from_text (record, field, a);
            ok = stroma_store_save (store, &change, record, &error);
            g_assert_no_error (error);
            g_assert_true (ok);

            set_field_from_text (record, field, b);
            ok = stroma_store_save (store, &change, record, &error);
            g_assert_no_error (error);
            g_assert_true (ok);

            history = stroma_store_list_audit (store, table, record->id, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (history->len, >=, 1);
            last = history->pdata[history->len - 1];
            g_assert_cmpstr (last->action, ==, "update");
            g_assert_cmpstr (last->column_name, ==, column);
            g_assert_cmpstr (last->user, ==, "auditor");
            g_assert_cmpstr (last->reason, ==, "checking the audit of every column");
            g_assert_true (g_str_has_suffix (last->at, "Z"));
            g_assert_nonnull (last->new_value);
            if (field->type == STROMA_FIELD_STRING)
              {
                g_assert_cmpstr (last->old_value, ==, a);
                g_assert_cmpstr (last->new_value, ==, b);
              }
            else
              {
                g_assert_cmpfloat_with_epsilon (g_ascii_strtod (last->old_value, NULL),
                                                g_ascii_strtod (a, NULL), 1e-9);
                g_assert_cmpfloat_with_epsilon (g_ascii_strtod (last->new_value, NULL),
                                                g_ascii_strtod (b, NULL), 1e-9);
              }

            stroma_record_free (record);
          }
        }
      sqlite3_finalize (columns);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);

  /* Every record kind is a clinical table, and there are columns to speak of. */
  g_assert_cmpuint (n_tables, >=, STROMA_N_RECORD_KINDS);
  g_assert_cmpuint (n_columns, >, 100);

  {
    g_autoptr(GString) report = g_string_new (NULL);
    gboolean ok = stroma_store_check (store, report);
    g_test_message ("%s", report->str);
    g_assert_true (ok);
  }
}

static void
test_insert_is_initial_entry (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(GPtrArray) history = stroma_store_list_audit (store, "subjects", subject->parent.id,
                                                          NULL);
  StromaAuditEntry *e;

  g_assert_cmpuint (history->len, ==, 1);
  e = history->pdata[0];
  g_assert_cmpstr (e->action, ==, "insert");
  g_assert_cmpstr (e->reason, ==, "initial entry");
  g_assert_cmpstr (e->user, ==, "tester");
  g_assert_nonnull (strstr (e->new_value, "\"code\":\"PGF-001\""));
  g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$",
                                       e->at, 0, 0));
}

/* AT-3: another program cannot write clinical data: it lacks the edit context. */
static void
test_raw_writes_refused (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  sqlite3 *db = raw_open (path);
  static const char * const attempts[] = {
    "UPDATE subjects SET weight_kg = 99, rev = rev + 1 WHERE id = 1",
    "INSERT INTO lab_results (subject_id, collected_on, test_code, orres, stresn, stresu) "
    "VALUES (1, '2025-01-01', 'NEUT', '1', 1, '10^9/L')",
    "INSERT INTO subjects (code, initials) VALUES ('PGF-009', 'XY')",
    "DELETE FROM subjects WHERE id = 1",
    "UPDATE audit_log SET reason = 'nothing to see' WHERE id = 1",
    "DELETE FROM audit_log WHERE id = 1",
    "UPDATE randomization_list SET arm = 'msc'",
    "INSERT INTO randomization_list (stratum, sequence, block, arm) VALUES ('haplo', 99, 9, 'msc')",
    "DELETE FROM protocol_versions",
  };
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
  guint32 seed[4] = { 4, 3, 2, 1 };
  g_autoptr(GPtrArray) list = stroma_randomization_generate (protocol, 4, seed, NULL);
  gint64 audit_rows;

  g_assert_true (stroma_store_set_randomization_list (store, &stroma_test_context, list, NULL));
  audit_rows = stroma_store_count (store, "audit_log");

  for (guint i = 0; i < G_N_ELEMENTS (attempts); i++)
    {
      g_autofree char *error = raw_exec (db, attempts[i]);
      g_test_message ("%s → %s", attempts[i], error);
      g_assert_nonnull (error);
    }
  sqlite3_close (db);

  {
    g_autoptr(StromaSubject) now = stroma_store_load (store, STROMA_RECORD_SUBJECT,
                                                      subject->parent.id, NULL);
    g_assert_cmpfloat (now->weight_kg, ==, 55.5);
    g_assert_cmpint (stroma_store_count (store, "audit_log"), ==, audit_rows);
    g_assert_cmpint (stroma_store_count (store, "lab_results"), ==, 0);
  }
}

static void
test_append_only_messages (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  sqlite3 *db = raw_open (path);
  g_autofree char *update = raw_exec (db, "UPDATE audit_log SET reason = 'x' WHERE id = 1");
  g_autofree char *delete = raw_exec (db, "DELETE FROM audit_log");
  g_autofree char *clinical = raw_exec (db, "DELETE FROM users");

  g_assert_nonnull (strstr (update, "append-only"));
  g_assert_nonnull (strstr (delete, "append-only"));
  g_assert_nonnull (strstr (clinical, "never deleted"));
  sqlite3_close (db);
}

/* The same from the sqlite3 command-line tool. */
static void
test_sqlite3_tool_refused (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status = 0;
  const char *argv[] = { "sqlite3", path, "UPDATE subjects SET weight_kg = 99, rev = rev + 1;",
                         NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                               &err, &status, &error));
  g_assert_no_error (error);
  g_test_message ("sqlite3 said: %s", err);
  g_assert_false (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (err, "stroma_edit_user"));

  {
    g_autoptr(StromaSubject) now = stroma_store_load (store, STROMA_RECORD_SUBJECT,
                                                      subject->parent.id, NULL);
    g_assert_cmpfloat (now->weight_kg, ==, 55.5);
  }
}

/* AT-4: drop a trigger and edit a row behind Stroma's back: `check` says so. */
static void
test_tamper_dropped_trigger (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3 *db;

  g_assert_true (stroma_store_check (store, report));
  g_string_truncate (report, 0);

  db = raw_open (path);
  g_assert_null (raw_exec (db, "DROP TRIGGER audit_subjects_update; "
                               "UPDATE subjects SET weight_kg = 99, rev = rev + 1 WHERE id = 1"));
  sqlite3_close (db);

  g_assert_false (stroma_store_check (store, report));
  g_test_message ("%s", report->str);
  g_assert_nonnull (strstr (report->str, "audit_subjects_update is missing"));
  g_assert_nonnull (strstr (report->str, "weight_kg is “99.0” but its audit trail says “55.5”"));
}

static void
test_tamper_audit_rows (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) a = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(StromaSubject) b = stroma_test_add_subject (store, "PGF-002");
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  gint64 n = 0;
  sqlite3 *db;

  g_assert_true (stroma_store_verify_audit (store, &head, &n, &error));
  g_assert_cmpint (n, ==, stroma_store_count (store, "audit_log"));
  g_assert_cmpuint (strlen (head), ==, 64);

  /* An audit row rewritten */
  db = raw_open (path);
  g_assert_null (raw_exec (db, "DROP TRIGGER audit_log_no_update; "
                               "UPDATE audit_log SET reason = 'quietly' WHERE id = 3"));
  sqlite3_close (db);
  g_assert_false (stroma_store_verify_audit (store, NULL, NULL, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_AUDIT);
  g_assert_nonnull (strstr (error->message, "row 3 was altered"));
  g_clear_error (&error);

  /* An audit row removed */
  {
    g_autofree char *path2 = NULL;
    g_autoptr(StromaStore) store2 = stroma_test_create_trial ("msc-pgf", &path2);
    g_autoptr(StromaSubject) c = stroma_test_add_subject (store2, "PGF-001");
    g_autoptr(StromaSubject) d = stroma_test_add_subject (store2, "PGF-002");

    db = raw_open (path2);
    g_assert_null (raw_exec (db, "DROP TRIGGER audit_log_no_delete; "
                                 "DELETE FROM audit_log WHERE id = 2"));
    sqlite3_close (db);
    g_assert_false (stroma_store_verify_audit (store2, NULL, NULL, &error));
    g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_AUDIT);
    g_assert_nonnull (strstr (error->message, "missing before row 3"));
  }
}

/* AT-9: times are UTC from the system clock, whatever the local zone. */
static void
test_times_are_utc (void)
{
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(StromaSubject) subject = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) now = NULL;
  StromaAuditEntry *e;

  g_setenv ("TZ", "Asia/Shanghai", TRUE);
  tzset ();

  store = stroma_test_create_trial ("msc-pgf", NULL);
  subject = stroma_test_add_subject (store, "PGF-001");
  history = stroma_store_list_audit (store, "subjects", subject->parent.id, NULL);
  e = history->pdata[0];

  at = g_date_time_new_from_iso8601 (e->at, NULL);
  now = g_date_time_new_now_utc ();
  g_assert_nonnull (at);
  g_assert_cmpint (ABS (g_date_time_difference (now, at)), <, 60 * G_TIME_SPAN_SECOND);
  g_assert_true (g_str_has_suffix (e->at, "Z"));

  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
}

static void
test_subject_history (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(StromaSubject) other = stroma_test_add_subject (store, "PGF-002");
  g_autoptr(StromaTransfusion) t = stroma_record_new (STROMA_RECORD_TRANSFUSION);
  g_autoptr(GPtrArray) history = NULL;
  gboolean saw_transfusion = FALSE;

  t->parent.subject_id = subject->parent.id;
  t->given_on = g_strdup ("2025-03-04");
  t->product = g_strdup ("RBC");
  t->units = 2;
  g_assert_true (stroma_store_save (store, &stroma_test_context, t, NULL));

  history = stroma_store_list_audit (store, "subjects", subject->parent.id, NULL);
  for (guint i = 0; i < history->len; i++)
    {
      StromaAuditEntry *e = history->pdata[i];
      if (g_strcmp0 (e->table_name, "transfusions") == 0)
        saw_transfusion = TRUE;
      g_assert_false (g_strcmp0 (e->table_name, "subjects") == 0 && e->row_key == other->parent.id);
    }
  g_assert_true (saw_transfusion);
  g_assert_cmpuint (history->len, ==, 2);
}

/* The canonical form of a row, built here the plain way (printf and GChecksum), so that a
 * faster implementation in the store cannot change the hashes of existing trial files. */
static char *
reference_hash (sqlite3_stmt *stmt)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

  for (int i = 0; i < 12; i++)
    {
      g_autofree char *part = NULL;

      switch (sqlite3_column_type (stmt, i))
        {
        case SQLITE_INTEGER:
          part = g_strdup_printf ("I%lld;", (long long) sqlite3_column_int64 (stmt, i));
          break;
        case SQLITE_FLOAT:
          part = g_strdup_printf ("R%.17g;", sqlite3_column_double (stmt, i));
          break;
        case SQLITE_TEXT:
          part = g_strdup_printf ("T%d:%s;", sqlite3_column_bytes (stmt, i),
                                  (const char *) sqlite3_column_text (stmt, i));
          break;
        case SQLITE_NULL:
          part = g_strdup ("N;");
          break;
        default:
          g_assert_not_reached ();
        }
      g_checksum_update (sum, (const guchar *) part, -1);
    }

  return g_strdup (g_checksum_get_string (sum));
}

static void
test_hash_known_answer (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(GError) error = NULL;
  StromaEditContext why = { "tester", "weighed again" };
  sqlite3 *db;
  sqlite3_stmt *stmt;
  guint n_rows = 0, n_real = 0, n_int = 0;

  subject->weight_kg = 54.25;
  subject->kps = 70;
  g_assert_true (stroma_store_save (store, &why, subject, &error));
  g_assert_no_error (error);

  db = raw_open (path);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT prev_hash, id, at, user_id, reason, action, "
                                           "table_name, row_key, column_name, old_value, "
                                           "new_value, app_version, hash FROM audit_log "
                                           "ORDER BY id", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *expected = reference_hash (stmt);

      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 12), ==, expected);
      n_real += sqlite3_column_type (stmt, 10) == SQLITE_FLOAT;
      n_int += sqlite3_column_type (stmt, 10) == SQLITE_INTEGER;
      n_rows++;
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* the rows covered every kind of value */
  g_assert_cmpuint (n_rows, >=, 5);
  g_assert_cmpuint (n_real, >=, 1);
  g_assert_cmpuint (n_int, >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audit/every-column", test_every_column_audited);
  g_test_add_func ("/audit/insert-is-initial-entry", test_insert_is_initial_entry);
  g_test_add_func ("/audit/raw-writes-refused", test_raw_writes_refused);
  g_test_add_func ("/audit/append-only-messages", test_append_only_messages);
  g_test_add_func ("/audit/sqlite3-tool-refused", test_sqlite3_tool_refused);
  g_test_add_func ("/audit/tamper-dropped-trigger", test_tamper_dropped_trigger);
  g_test_add_func ("/audit/tamper-audit-rows", test_tamper_audit_rows);
  g_test_add_func ("/audit/times-are-utc", test_times_are_utc);
  g_test_add_func ("/audit/subject-history", test_subject_history);
  g_test_add_func ("/audit/hash-known-answer", test_hash_known_answer);

  return g_test_run ();
}
