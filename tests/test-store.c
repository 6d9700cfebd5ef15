/* test-store.c — the trial file: create, open, refuse, save, load, allocate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <sqlite3.h>
#include <glib/gstdio.h>

#include "core/stroma-randomization.h"
#include "store/stroma-store-private.h"
#include "stroma-test-util.h"

static void
test_create_and_reopen (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autofree char *title = NULL;

  g_assert_cmpint (stroma_store_get_schema_version (store), ==, 2);
  g_assert_false (stroma_store_is_synthetic (store));
  g_clear_pointer (&store, stroma_store_close);

  store = stroma_store_open (path, STROMA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  protocol = stroma_store_load_protocol (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (protocol->id, ==, "msc-pgf");

  title = stroma_store_get_title (store);
  g_assert_cmpstr (title, ==, protocol->title);

  /* the creator's event and the protocol's are in the trail, and it verifies */
  g_assert_cmpint (stroma_store_count (store, "audit_log"), >=, 3);
  g_assert_true (stroma_store_verify_audit (store, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_create_refuses_existing (void)
{
  g_autofree char *path = stroma_test_temp_path ("existing.db");
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "precious", -1, NULL));
  store = stroma_store_create (path, protocol, &stroma_test_context, FALSE, &error);
  g_assert_null (store);
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_EXISTS);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "precious");
}

static void
test_open_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_store_open ("/nonexistent/trial.db", 0, &error);

  g_assert_null (store);
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_OPEN);
}

static void
test_open_not_a_trial (void)
{
  g_autofree char *text = stroma_test_temp_path ("notes.txt");
  g_autofree char *plain = stroma_test_temp_path ("plain.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  sqlite3 *db = NULL;

  g_assert_true (g_file_set_contents (text, "this is not a database, just some text\n", -1, NULL));
  store = stroma_store_open (text, 0, &error);
  g_assert_null (store);
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NOT_A_TRIAL);
  g_clear_error (&error);

  g_assert_cmpint (sqlite3_open (plain, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE t (x); INSERT INTO t VALUES (1);", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = stroma_store_open (plain, 0, &error);
  g_assert_null (store);
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NOT_A_TRIAL);
}

static void
test_open_too_new (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  sqlite3 *db = NULL;

  g_clear_pointer (&store, stroma_store_close);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = stroma_store_open (path, 0, &error);
  g_assert_null (store);
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_TOO_NEW);
}

static void
test_open_damaged (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *data = NULL;
  gsize length;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *code = g_strdup_printf ("PGF-%03d", i + 1);
      g_autoptr(StromaSubject) s = stroma_test_add_subject (store, code);
    }
  g_clear_pointer (&store, stroma_store_close);   /* checkpoints the WAL into the file */

  /* Overwrite the second half of the file, past the header pages, with garbage. */
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  g_assert_cmpuint (length, >, 4 * 4096);
  for (gsize i = length / 2; i < length; i++)
    data[i] = (char) (i * 131 + 7);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
  before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, length);

  store = stroma_store_open (path, 0, &error);
  g_assert_null (store);
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "damaged"));

  /* Refusing changed nothing. */
  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, length);
  g_assert_cmpstr (before, ==, after);
}

static void
test_roundtrip (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(StromaSubject) loaded = NULL;
  g_autoptr(StromaLabResult) lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);
  g_autoptr(StromaSubjectRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  loaded = stroma_store_load (store, STROMA_RECORD_SUBJECT, subject->parent.id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->code, ==, "PGF-001");
  g_assert_cmpstr (loaded->initials, ==, "ZWL");
  g_assert_cmpfloat (loaded->weight_kg, ==, 55.5);
  g_assert_cmpint (loaded->kps, ==, 80);
  g_assert_cmpint (loaded->dose_level, ==, STROMA_NO_INT);   /* NULL stays unset */
  g_assert_null (loaded->pgf_onset_date);
  g_assert_cmpint (loaded->parent.rev, ==, 1);

  lab->parent.subject_id = subject->parent.id;
  lab->collected_on = g_strdup ("2025-03-05");
  lab->test_code = g_strdup ("HGB");
  lab->orres = g_strdup ("6.8");
  lab->orresu = g_strdup ("g/dL");
  lab->stresn = 68;
  lab->stresu = g_strdup ("g/L");
  lab->lln = 115;
  lab->source = g_strdup ("entry");
  g_assert_true (stroma_store_save (store, &stroma_test_context, lab, &error));
  g_assert_no_error (error);

  record = stroma_store_load_subject_record (store, subject->parent.id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (record->labs->len, ==, 1);
  {
    StromaLabResult *l = record->labs->pdata[0];
    g_assert_cmpstr (l->orres, ==, "6.8");
    g_assert_cmpstr (l->orresu, ==, "g/dL");
    g_assert_cmpfloat (l->stresn, ==, 68);
    g_assert_true (isnan (l->uln));
  }
}

typedef struct
{
  const char *what;
  void      (*spoil) (StromaSubject *s);
} BadSubject;

static void spoil_weight (StromaSubject *s) { s->weight_kg = -5; }
static void spoil_initials (StromaSubject *s) { g_free (s->initials); s->initials = g_strdup ("zw"); }
static void spoil_sex (StromaSubject *s) { g_free (s->sex); s->sex = g_strdup ("X"); }
static void spoil_kps (StromaSubject *s) { s->kps = 85; }
static void spoil_date (StromaSubject *s) { g_free (s->birth_date); s->birth_date = g_strdup ("1980-02-30"); }
static void spoil_status (StromaSubject *s) { g_free (s->status); s->status = g_strdup ("cured"); }

static void
test_schema_refuses_bad_values (void)
{
  static const BadSubject cases[] = {
    { "negative weight", spoil_weight },
    { "lowercase initials", spoil_initials },
    { "unknown sex", spoil_sex },
    { "KPS not a multiple of 10", spoil_kps },
    { "impossible date", spoil_date },
    { "unknown status", spoil_status },
  };
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubject) s = stroma_record_new (STROMA_RECORD_SUBJECT);
      g_autoptr(GError) error = NULL;
      gint64 before = stroma_store_count (store, "subjects");
      gint64 audit_before = stroma_store_count (store, "audit_log");

      g_test_message ("%s", cases[i].what);
      s->code = g_strdup_printf ("PGF-%03u", i + 1);
      s->initials = g_strdup ("AB");
      s->status = g_strdup ("screening");
      cases[i].spoil (s);

      g_assert_false (stroma_store_save (store, &stroma_test_context, s, &error));
      g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_INVALID);
      g_assert_cmpint (stroma_store_count (store, "subjects"), ==, before);
      g_assert_cmpint (stroma_store_count (store, "audit_log"), ==, audit_before);
    }
}

static void
test_stale_update (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(StromaSubject) mine = NULL;
  g_autoptr(StromaSubject) theirs = NULL;
  g_autoptr(StromaSubject) now = NULL;
  g_autoptr(GError) error = NULL;
  StromaEditContext alice = { "alice", "weight re-measured" };
  StromaEditContext bob = { "bob", "weight re-measured" };

  mine = stroma_store_load (store, STROMA_RECORD_SUBJECT, subject->parent.id, NULL);
  theirs = stroma_store_load (store, STROMA_RECORD_SUBJECT, subject->parent.id, NULL);

  theirs->weight_kg = 57;
  g_assert_true (stroma_store_save (store, &bob, theirs, &error));
  g_assert_no_error (error);
  g_assert_cmpint (theirs->parent.rev, ==, 2);

  mine->weight_kg = 58;
  g_assert_false (stroma_store_save (store, &alice, mine, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_STALE);
  g_assert_nonnull (strstr (error->message, "bob at "));

  now = stroma_store_load (store, STROMA_RECORD_SUBJECT, subject->parent.id, NULL);
  g_assert_cmpfloat (now->weight_kg, ==, 57);
}

static void
test_update_needs_reason (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(GError) error = NULL;
  StromaEditContext blank = { "tester", "   " };
  gint64 audit_before = stroma_store_count (store, "audit_log");

  subject->weight_kg = 60;
  g_assert_false (stroma_store_save (store, &stroma_test_context, subject, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NO_CONTEXT);
  g_clear_error (&error);

  g_assert_false (stroma_store_save (store, &blank, subject, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NO_CONTEXT);
  g_clear_error (&error);

  g_assert_false (stroma_store_save (store, NULL, subject, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NO_CONTEXT);

  g_assert_cmpint (stroma_store_count (store, "audit_log"), ==, audit_before);
  {
    g_autoptr(StromaSubject) now = stroma_store_load (store, STROMA_RECORD_SUBJECT,
                                                      subject->parent.id, NULL);
    g_assert_cmpfloat (now->weight_kg, ==, 55.5);
    g_assert_cmpint (now->parent.rev, ==, 1);
  }
}

static void
test_void (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(StromaTransfusion) t = stroma_record_new (STROMA_RECORD_TRANSFUSION);
  g_autoptr(StromaSubjectRecord) record = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;
  StromaEditContext ctx = { "tester", "entered for the wrong subject" };
  gboolean found_void = FALSE;

  t->parent.subject_id = subject->parent.id;
  t->given_on = g_strdup ("2025-03-04");
  t->product = g_strdup ("PLT");
  t->units = 1;
  g_assert_true (stroma_store_save (store, &stroma_test_context, t, &error));

  g_assert_false (stroma_store_void (store, &stroma_test_context, t, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NO_CONTEXT);
  g_clear_error (&error);

  g_assert_true (stroma_store_void (store, &ctx, t, &error));
  g_assert_no_error (error);

  record = stroma_store_load_subject_record (store, subject->parent.id, &error);
  g_assert_cmpuint (record->transfusions->len, ==, 0);
  g_assert_cmpint (stroma_store_count (store, "transfusions"), ==, 1);   /* still there */

  history = stroma_store_list_audit (store, "transfusions", t->parent.id, &error);
  for (guint i = 0; i < history->len; i++)
    {
      StromaAuditEntry *e = history->pdata[i];
      if (g_strcmp0 (e->action, "void") == 0)
        {
          found_void = TRUE;
          g_assert_cmpstr (e->reason, ==, "entered for the wrong subject");
          g_assert_cmpstr (e->old_value, ==, "0");
          g_assert_cmpstr (e->new_value, ==, "1");
        }
    }
  g_assert_true (found_void);
}

static void
test_randomization (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
  guint32 seed[4] = { 1, 2, 3, 4 };
  g_autoptr(GPtrArray) list = stroma_randomization_generate (protocol, 12, seed, NULL);
  g_autoptr(GPtrArray) again = stroma_randomization_generate (protocol, 12, seed, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  const char *stratum = protocol->strata[0];
  guint n_checked = 0;

  g_assert_nonnull (list);
  /* deterministic for a seed; different strata have their own lists */
  g_assert_cmpuint (list->len, ==, again->len);
  for (guint i = 0; i < list->len; i++)
    g_assert_cmpstr (((StromaRandomizationEntry *) list->pdata[i])->arm, ==,
                     ((StromaRandomizationEntry *) again->pdata[i])->arm);

  g_assert_true (stroma_store_set_randomization_list (store, &stroma_test_context, list, &error));
  g_assert_no_error (error);
  g_assert_false (stroma_store_set_randomization_list (store, &stroma_test_context, list, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED);
  g_clear_error (&error);

  /* Allocation follows the stratum's list strictly in sequence. */
  for (guint i = 0; i < list->len && n_checked < 6; i++)
    {
      StromaRandomizationEntry *e = list->pdata[i];
      g_autofree char *code = NULL;
      g_autoptr(StromaSubject) s = NULL;
      g_autoptr(StromaAllocation) a = NULL;

      if (g_strcmp0 (e->stratum, stratum) != 0)
        continue;
      code = g_strdup_printf ("PGF-%03u", ++n_checked);
      s = stroma_test_add_subject (store, code);
      a = stroma_store_allocate (store, &stroma_test_context, s->parent.id, stratum, &error);
      g_assert_no_error (error);
      g_assert_cmpint (a->sequence, ==, e->sequence);
      g_assert_cmpstr (a->arm, ==, e->arm);

      {
        g_autoptr(StromaSubject) now = stroma_store_load (store, STROMA_RECORD_SUBJECT,
                                                          s->parent.id, NULL);
        g_autoptr(StromaAllocation) twice = NULL;

        g_assert_cmpstr (now->status, ==, "randomized");
        twice = stroma_store_allocate (store, &stroma_test_context, s->parent.id, stratum, &error);
        g_assert_null (twice);
        g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED);
        g_clear_error (&error);
      }
    }
  g_assert_cmpuint (n_checked, ==, 6);

  /* The trail records that a list exists, never what it holds. */
  history = stroma_store_list_audit (store, "randomization_list", 0, &error);
  g_assert_cmpuint (history->len, ==, 1);
  g_assert_nonnull (strstr (((StromaAuditEntry *) history->pdata[0])->new_value, "sha256"));
  for (guint i = 0; i < protocol->arms->len; i++)
    g_assert_null (strstr (((StromaAuditEntry *) history->pdata[0])->new_value,
                           ((StromaArm *) protocol->arms->pdata[i])->id));
}

static void
test_block_balance (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol ("msc-pgf");
  g_autoptr(GPtrArray) list = stroma_randomization_generate (protocol, 40, NULL, NULL);
  g_autoptr(GHashTable) per_block = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) sizes = g_hash_table_new (NULL, NULL);

  /* Every block holds each arm equally often (1:1), and more than one block size occurs. */
  for (guint i = 0; i < list->len; i++)
    {
      StromaRandomizationEntry *e = list->pdata[i];
      g_autofree char *key = g_strdup_printf ("%s/%u", e->stratum, e->block);
      int delta = g_strcmp0 (e->arm, ((StromaArm *) protocol->arms->pdata[0])->id) == 0 ? 1 : -1;
      int sum = GPOINTER_TO_INT (g_hash_table_lookup (per_block, key)) + delta;

      g_hash_table_insert (per_block, g_steal_pointer (&key), GINT_TO_POINTER (sum));
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, per_block);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      g_assert_cmpint (GPOINTER_TO_INT (value), ==, 0);
  }

  for (guint i = 0; i < list->len; i++)
    {
      StromaRandomizationEntry *e = list->pdata[i];
      StromaRandomizationEntry *next = i + 1 < list->len ? list->pdata[i + 1] : NULL;
      static guint start = 0;

      if (next == NULL || next->block != e->block || g_strcmp0 (next->stratum, e->stratum) != 0)
        {
          g_hash_table_add (sizes, GUINT_TO_POINTER (e->sequence - start));
          start = next && g_strcmp0 (next->stratum, e->stratum) == 0 ? e->sequence : 0;
        }
    }
  g_assert_cmpuint (g_hash_table_size (sizes), >=, 2);
}

static void
test_load_all_records (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  const char *codes[] = { "PGF-003", "PGF-001", "PGF-002" };

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(StromaSubject) s = stroma_test_add_subject (store, codes[i]);

      /* i + 1 labs each, entered newest first */
      for (guint k = 0; k <= i; k++)
        {
          g_autoptr(StromaLabResult) lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);
          lab->parent.subject_id = s->parent.id;
          lab->collected_on = g_strdup_printf ("2025-03-%02u", 20 - k);
          lab->test_code = g_strdup ("NEUT");
          lab->orres = g_strdup ("1.0");
          lab->stresn = 1.0;
          lab->stresu = g_strdup ("10^9/L");
          lab->source = g_strdup ("entry");
          g_assert_true (stroma_store_save (store, &stroma_test_context, lab, &error));
        }
    }

  all = stroma_store_load_all_records (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);

  for (guint i = 0; i < all->len; i++)
    {
      StromaSubjectRecord *r = all->pdata[i];
      g_autoptr(StromaSubjectRecord) one = stroma_store_load_subject_record (store,
                                                                            r->subject->parent.id,
                                                                            &error);
      g_assert_no_error (error);
      g_assert_cmpuint (r->labs->len, ==, one->labs->len);
      for (guint k = 0; k < r->labs->len; k++)
        g_assert_cmpstr (((StromaLabResult *) r->labs->pdata[k])->collected_on, ==,
                         ((StromaLabResult *) one->labs->pdata[k])->collected_on);
      for (guint k = 1; k < r->labs->len; k++)
        g_assert_cmpstr (((StromaLabResult *) r->labs->pdata[k - 1])->collected_on, <,
                         ((StromaLabResult *) r->labs->pdata[k])->collected_on);
    }

  /* by subject code */
  g_assert_cmpstr (((StromaSubjectRecord *) all->pdata[0])->subject->code, ==, "PGF-001");
  g_assert_cmpuint (((StromaSubjectRecord *) all->pdata[2])->labs->len, ==, 1);
}

/* DU-5: network file systems are recognised; local ones are not. */
static void
test_network_fs (void)
{
  const struct { long type; gboolean network; } cases[] = {
    { 0x6969, TRUE },            /* NFS */
    { (long) 0xff534d42, TRUE }, /* CIFS */
    { (long) 0xfe534d42, TRUE }, /* SMB2 */
    { 0x01021997, TRUE },        /* 9P */
    { 0xef53, FALSE },           /* ext4 */
    { 0x58465342, FALSE },       /* XFS */
    { 0x9123683e, FALSE },       /* Btrfs */
    { 0x01021994, FALSE },       /* tmpfs */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpint (_stroma_store_is_network_fs (cases[i].type), ==, cases[i].network);
}

static gboolean
collect_record (StromaSubjectRecord  *record,
                gpointer              user_data,
                GError              **error)
{
  g_ptr_array_add (user_data, record);
  return TRUE;
}

static gboolean
stop_at_second (StromaSubjectRecord  *record,
                gpointer              user_data,
                GError              **error)
{
  guint *n = user_data;

  stroma_subject_record_free (record);
  if (++*n < 2)
    return TRUE;
  g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_INTR, "stop");
  return FALSE;
}

/* The walk one subject at a time gives what the load of all gives, in the same order. */
static void
test_foreach_subject_record (void)
{
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", NULL);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) walked = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_subject_record_free);
  g_autoptr(GError) error = NULL;
  const char *codes[] = { "PGF-002", "PGF-003", "PGF-001" };
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autoptr(StromaSubject) s = stroma_test_add_subject (store, codes[i]);

      for (guint k = 0; k <= i; k++)
        {
          g_autoptr(StromaLabResult) lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);
          lab->parent.subject_id = s->parent.id;
          lab->collected_on = g_strdup_printf ("2025-03-%02u", 20 - k);
          lab->test_code = g_strdup ("PLAT");
          lab->orres = g_strdup ("20");
          lab->stresn = 20;
          lab->stresu = g_strdup ("10^9/L");
          lab->source = g_strdup ("entry");
          g_assert_true (stroma_store_save (store, &stroma_test_context, lab, &error));
          g_assert_no_error (error);
        }

      if (i == 1)
        {
          /* a voided record is left out of both */
          g_autoptr(StromaLabResult) lab = stroma_store_load (store, STROMA_RECORD_LAB_RESULT,
                                                              (gint64) stroma_store_count (store, "lab_results"),
                                                              &error);
          StromaEditContext why = { "tester", "entered for the wrong subject" };
          g_assert_true (stroma_store_void (store, &why, lab, &error));
          g_assert_no_error (error);
        }
    }

  all = stroma_store_load_all_records (store, &error);
  g_assert_no_error (error);
  g_assert_true (stroma_store_foreach_subject_record (store, collect_record, walked, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (walked->len, ==, all->len);
  for (guint i = 0; i < all->len; i++)
    {
      StromaSubjectRecord *a = all->pdata[i];
      StromaSubjectRecord *b = walked->pdata[i];

      g_assert_cmpstr (a->subject->code, ==, b->subject->code);
      g_assert_cmpuint (a->labs->len, ==, b->labs->len);
      for (guint k = 0; k < a->labs->len; k++)
        g_assert_cmpint (((StromaRecord *) a->labs->pdata[k])->id, ==,
                         ((StromaRecord *) b->labs->pdata[k])->id);
    }
  g_assert_cmpstr (((StromaSubjectRecord *) walked->pdata[0])->subject->code, ==, "PGF-001");

  g_assert_cmpint (stroma_store_count_subject_records (store, STROMA_RECORD_SUBJECT), ==, 3);
  g_assert_cmpint (stroma_store_count_subject_records (store, STROMA_RECORD_LAB_RESULT), ==, 5);
  g_assert_cmpint (stroma_store_count (store, "lab_results"), ==, 6);

  /* the callback stops the walk with its error */
  g_assert_false (stroma_store_foreach_subject_record (store, stop_at_second, &n, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_INTR);
  g_assert_cmpuint (n, ==, 2);
}

static char *
file_sha256 (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

/* While a snapshot is held, the file on disk is the state read, whatever others write. */
static void
test_snapshot (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *before = NULL;
  g_autofree char *during = NULL;
  g_autofree char *after = NULL;

  g_autoptr(StromaSubject) first = stroma_test_add_subject (store, "PGF-001");

  other = stroma_store_open (path, STROMA_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  g_assert_true (stroma_store_begin_snapshot (store, &error));
  g_assert_no_error (error);
  wal = g_strconcat (path, "-wal", NULL);
  {
    GStatBuf st;
    g_assert_true (g_stat (wal, &st) != 0 || st.st_size == 0);
  }
  before = file_sha256 (path);

  /* another connection saves a lot, enough to trigger its automatic checkpoints */
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *code = g_strdup_printf ("PGF-1%02u", i);
      g_autoptr(StromaSubject) s = stroma_test_add_subject (other, code);
    }
  /* and another program checkpoints: nothing may reach the file while the snapshot is held */
  {
    sqlite3 *db = NULL;
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    sqlite3_exec (db, "PRAGMA wal_checkpoint(FULL)", NULL, NULL, NULL);
    sqlite3_close (db);
  }
  during = file_sha256 (path);
  g_assert_cmpstr (before, ==, during);
  g_assert_cmpint (stroma_store_count_subject_records (store, STROMA_RECORD_SUBJECT), ==, 1);

  stroma_store_end_snapshot (store);
  g_assert_cmpint (stroma_store_count_subject_records (store, STROMA_RECORD_SUBJECT), ==, 61);

  /* a later snapshot includes the writes */
  g_assert_true (stroma_store_begin_snapshot (store, &error));
  after = file_sha256 (path);
  g_assert_cmpstr (after, !=, before);
  stroma_store_end_snapshot (store);
}

static void
test_log_export (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;
  g_autofree char *new_head = NULL;
  g_autoptr(GPtrArray) trail = NULL;
  StromaEditContext sponsor = { "liaison", NULL };
  StromaEditContext site = { "liaison", "" };
  StromaEditContext site_why = { "liaison", "monitoring visit, source verification" };
  StromaExportLogEntry entry = {
    "sponsor", "all subjects (0)", "2026-10-31", "trial.xlsx",
    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", NULL
  };
  gint64 audit_rows;

  g_assert_true (stroma_store_verify_audit (store, &head, &audit_rows, &error));
  entry.audit_head = head;

  g_assert_true (stroma_store_log_export (store, &sponsor, &entry, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stroma_store_count (store, "export_log"), ==, 1);

  /* the site profile needs a reason */
  entry.profile = "site";
  g_assert_false (stroma_store_log_export (store, &site, &entry, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED);
  g_clear_error (&error);
  g_assert_cmpint (stroma_store_count (store, "export_log"), ==, 1);
  g_assert_true (stroma_store_log_export (store, &site_why, &entry, &error));
  g_assert_cmpint (stroma_store_count (store, "export_log"), ==, 2);

  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM export_log WHERE "
                                            "user_id = 'liaison' AND profile = 'site' AND "
                                            "reason = 'monitoring visit, source verification' "
                                            "AND at LIKE '____-__-__T__:__:__.___Z' AND "
                                            "file_name = 'trial.xlsx' AND data_cut = '2026-10-31'"),
                   ==, 1);

  /* each export is an audit event, and the chain still verifies */
  trail = stroma_store_list_audit (store, "export_log", 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (trail->len, ==, 1);
  g_assert_cmpstr (((StromaAuditEntry *) trail->pdata[0])->action, ==, "event");
  g_assert_cmpstr (((StromaAuditEntry *) trail->pdata[0])->user, ==, "liaison");
  g_assert_nonnull (strstr (((StromaAuditEntry *) trail->pdata[0])->new_value, "profile site"));
  g_assert_true (stroma_store_verify_audit (store, &new_head, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stroma_store_count (store, "audit_log"), ==, audit_rows + 2);

  /* and the log is append-only */
  g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM sqlite_schema WHERE "
                                            "name = 'export_log_no_update'"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/create-and-reopen", test_create_and_reopen);
  g_test_add_func ("/store/create-refuses-existing", test_create_refuses_existing);
  g_test_add_func ("/store/open-missing", test_open_missing);
  g_test_add_func ("/store/open-not-a-trial", test_open_not_a_trial);
  g_test_add_func ("/store/open-too-new", test_open_too_new);
  g_test_add_func ("/store/open-damaged", test_open_damaged);
  g_test_add_func ("/store/roundtrip", test_roundtrip);
  g_test_add_func ("/store/schema-refuses-bad-values", test_schema_refuses_bad_values);
  g_test_add_func ("/store/stale-update", test_stale_update);
  g_test_add_func ("/store/update-needs-reason", test_update_needs_reason);
  g_test_add_func ("/store/void", test_void);
  g_test_add_func ("/store/randomization", test_randomization);
  g_test_add_func ("/store/block-balance", test_block_balance);
  g_test_add_func ("/store/load-all-records", test_load_all_records);
  g_test_add_func ("/store/network-fs", test_network_fs);
  g_test_add_func ("/store/foreach-subject-record", test_foreach_subject_record);
  g_test_add_func ("/store/snapshot", test_snapshot);
  g_test_add_func ("/store/log-export", test_log_export);

  return g_test_run ();
}
