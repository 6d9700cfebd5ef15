/* test-backup.c — verified backups and the restore drill (RELIABILITY DU-3, DU-2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "stroma-test-util.h"

static void
test_backup_and_verify (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) s = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(StromaBackupInfo) info = NULL;
  g_autoptr(StromaBackupInfo) verified = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *head = NULL;

  g_assert_true (stroma_store_verify_audit (store, &head, NULL, NULL));

  info = stroma_store_backup (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_true (g_str_has_prefix (info->path, path));
  g_assert_cmpstr (info->audit_head, ==, head);
  g_assert_cmpint (info->subjects, ==, 1);
  g_assert_cmpuint (strlen (info->sha256), ==, 64);

  verified = stroma_store_verify_backup (info->path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (verified->audit_head, ==, head);

  listed = stroma_store_list_backups (path);
  g_assert_cmpuint (listed->len, ==, 1);
  g_assert_cmpstr (((StromaBackupInfo *) listed->pdata[0])->path, ==, info->path);
}

static void
test_backup_keeps_ten (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(GPtrArray) listed = NULL;
  g_autofree char *newest = NULL;

  for (guint i = 0; i < 12; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StromaBackupInfo) info = stroma_store_backup (store, NULL, &error);

      g_assert_no_error (error);
      g_free (newest);
      newest = g_strdup (info->path);
    }

  listed = stroma_store_list_backups (path);
  g_assert_cmpuint (listed->len, ==, 10);
  g_assert_cmpstr (((StromaBackupInfo *) listed->pdata[0])->path, ==, newest);
}

/* The drill: back up, go on working, restore; the trial is as it was at the backup, the
 * replaced file is kept, and the restore is in the audit trail. */
static void
test_restore_drill (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) kept = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(StromaSubject) later = NULL;
  g_autoptr(StromaBackupInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replaced = NULL;
  g_autoptr(GPtrArray) history = NULL;
  StromaEditContext drill = { "admin", "restore drill" };
  StromaEditContext no_reason = { "admin", NULL };

  info = stroma_store_backup (store, NULL, &error);
  g_assert_no_error (error);
  later = stroma_test_add_subject (store, "PGF-002");
  g_assert_cmpint (stroma_store_count (store, "subjects"), ==, 2);
  g_clear_pointer (&store, stroma_store_close);

  g_assert_false (stroma_store_restore (info->path, path, &no_reason, NULL, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NO_CONTEXT);
  g_clear_error (&error);

  g_assert_true (stroma_store_restore (info->path, path, &drill, &replaced, &error));
  g_assert_no_error (error);
  g_assert_nonnull (replaced);
  g_assert_true (g_file_test (replaced, G_FILE_TEST_EXISTS));

  store = stroma_store_open (path, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stroma_store_count (store, "subjects"), ==, 1);
  history = stroma_store_list_audit (store, "trial", 1, &error);
  g_assert_nonnull (strstr (((StromaAuditEntry *) history->pdata[history->len - 1])->new_value,
                            "restored from backup"));
  g_assert_cmpstr (((StromaAuditEntry *) history->pdata[history->len - 1])->reason, ==,
                   "restore drill");
  {
    g_autoptr(GString) report = g_string_new (NULL);
    g_assert_true (stroma_store_check (store, report));
  }

  /* the replaced file still holds the later work */
  {
    g_autoptr(StromaStore) old = stroma_store_open (replaced, STROMA_STORE_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    g_assert_cmpint (stroma_store_count (old, "subjects"), ==, 2);
  }
}

static void
test_restore_refuses_tampered_backup (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) s = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(StromaBackupInfo) info = stroma_store_backup (store, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize length;
  StromaEditContext ctx = { "admin", "test" };

  g_clear_pointer (&store, stroma_store_close);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  before = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, length);
  g_clear_pointer (&data, g_free);

  /* one byte changed in the backup */
  g_assert_true (g_file_get_contents (info->path, &data, &length, NULL));
  data[length - 100] ^= 0x5a;
  g_assert_true (g_file_set_contents (info->path, data, length, NULL));

  g_assert_false (stroma_store_restore (info->path, path, &ctx, NULL, &error));
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "Nothing was restored"));

  g_clear_pointer (&data, g_free);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  after = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, length);
  g_assert_cmpstr (before, ==, after);
}

/* DU-2: a damaged file is refused with the offer of its last backup. */
static void
test_damaged_offers_backup (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaBackupInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize length;

  for (int i = 0; i < 30; i++)
    {
      g_autofree char *code = g_strdup_printf ("PGF-%03d", i + 1);
      g_autoptr(StromaSubject) s = stroma_test_add_subject (store, code);
    }
  info = stroma_store_backup (store, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&store, stroma_store_close);

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  for (gsize i = length / 2; i < length; i++)
    data[i] = (char) (i * 131 + 7);
  g_assert_true (g_file_set_contents (path, data, length, NULL));

  store = stroma_store_open (path, 0, &error);
  g_assert_null (store);
  g_assert_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, info->path));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/backup/backup-and-verify", test_backup_and_verify);
  g_test_add_func ("/backup/keeps-ten", test_backup_keeps_ten);
  g_test_add_func ("/backup/restore-drill", test_restore_drill);
  g_test_add_func ("/backup/restore-refuses-tampered-backup", test_restore_refuses_tampered_backup);
  g_test_add_func ("/backup/damaged-offers-backup", test_damaged_offers_backup);

  return g_test_run ();
}
