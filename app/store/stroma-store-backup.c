/* stroma-store-backup.c — verified backups and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A backup is a copy made with SQLite's online backup API into a folder beside the trial file
 * (`trial.db.backups/`), checked before it counts: integrity, the audit hash chain, and a head
 * equal to the trial's at the time of the copy. A manifest beside it records the copy's SHA-256,
 * the chain head and the row counts, so a restore can check the backup again before it replaces
 * anything. A restore never deletes: the file it replaces is kept beside it.
 */

#define G_LOG_DOMAIN "stroma-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "stroma-store-private.h"

#define KEEP_BACKUPS 10

void
stroma_backup_info_free (StromaBackupInfo *info)
{
  if (info == NULL)
    return;

  g_free (info->path);
  g_free (info->created_at);
  g_free (info->audit_head);
  g_free (info->sha256);
  g_free (info);
}

static char *
backup_dir_for (const char *trial_path)
{
  return g_strconcat (trial_path, ".backups", NULL);
}

static char *
file_sha256 (const char  *path,
             GError     **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);

  if (mapped == NULL)
    return NULL;

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                      (const guchar *) g_mapped_file_get_contents (mapped),
                                      g_mapped_file_get_length (mapped));
}

static gboolean
fsync_path (const char  *path,
            GError     **error)
{
  int fd = open (path, O_RDONLY);

  if (fd < 0 || fsync (fd) != 0)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_IO,
                   _("Could not write “%s” to disk: %s"), path, g_strerror (saved));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

static gboolean
has_text (const char *text)
{
  for (; text != NULL && *text; text++)
    if (!g_ascii_isspace (*text))
      return TRUE;
  return FALSE;
}

static char *
manifest_path_for (const char *backup_path)
{
  return g_strconcat (backup_path, ".manifest", NULL);
}

/* The manifest is a small key file: easy to read by people and by Stroma. */
static gboolean
write_manifest (const StromaBackupInfo  *info,
                const char              *source,
                GError                 **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = manifest_path_for (info->path);
  g_autofree char *basename = g_path_get_basename (source);

  g_key_file_set_string (kf, "backup", "source", basename);
  g_key_file_set_string (kf, "backup", "created_at", info->created_at);
  g_key_file_set_string (kf, "backup", "sha256", info->sha256);
  g_key_file_set_string (kf, "backup", "audit_head", info->audit_head);
  g_key_file_set_int64 (kf, "backup", "audit_rows", info->audit_rows);
  g_key_file_set_int64 (kf, "backup", "subjects", info->subjects);
  g_key_file_set_string (kf, "backup", "stroma_version", PACKAGE_VERSION);

  return g_key_file_save_to_file (kf, path, error) && fsync_path (path, error);
}

static StromaBackupInfo *
read_manifest (const char  *backup_path,
               GError     **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autofree char *path = manifest_path_for (backup_path);
  g_autoptr(StromaBackupInfo) info = g_new0 (StromaBackupInfo, 1);

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, error))
    {
      g_prefix_error (error, _("The backup “%s” has no readable manifest: "), backup_path);
      return NULL;
    }

  info->path = g_strdup (backup_path);
  if ((info->created_at = g_key_file_get_string (kf, "backup", "created_at", error)) == NULL ||
      (info->sha256 = g_key_file_get_string (kf, "backup", "sha256", error)) == NULL ||
      (info->audit_head = g_key_file_get_string (kf, "backup", "audit_head", error)) == NULL)
    {
      g_prefix_error (error, _("The manifest of “%s” is incomplete: "), backup_path);
      return NULL;
    }
  info->audit_rows = g_key_file_get_int64 (kf, "backup", "audit_rows", NULL);
  info->subjects = g_key_file_get_int64 (kf, "backup", "subjects", NULL);

  return g_steal_pointer (&info);
}

/* Checks a copy on its own: integrity, audit chain; returns its head and counts. */
static StromaBackupInfo *
check_copy (const char  *path,
            GError     **error)
{
  g_autoptr(StromaStore) copy = stroma_store_open (path, STROMA_STORE_OPEN_READ_ONLY, error);
  g_autoptr(StromaBackupInfo) info = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (copy == NULL)
    return NULL;

  stmt = _stroma_store_prepare (copy, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return NULL;
  if (sqlite3_step (stmt) != SQLITE_ROW ||
      g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DAMAGED,
                   _("The copy “%s” failed its integrity check."), path);
      return NULL;
    }

  info = g_new0 (StromaBackupInfo, 1);
  info->path = g_strdup (path);
  if (!stroma_store_verify_audit (copy, &info->audit_head, &info->audit_rows, error))
    return NULL;
  info->subjects = stroma_store_count (copy, "subjects");

  return g_steal_pointer (&info);
}

static void
rotate (const char *dir)
{
  g_autoptr(GPtrArray) backups = stroma_store_list_backups_in (dir, NULL);

  for (guint i = KEEP_BACKUPS; backups != NULL && i < backups->len; i++)
    {
      StromaBackupInfo *old = backups->pdata[i];
      g_autofree char *manifest = manifest_path_for (old->path);

      g_unlink (old->path);
      g_unlink (manifest);
    }
}

/**
 * stroma_store_backup:
 * @self: a store
 * @dest: (nullable): where to write the copy; %NULL: a new file in the folder beside the trial
 *   (`trial.db.backups/`), keeping the newest ten there
 * @error: a #GError
 *
 * Copies the trial with SQLite's online backup API, writes it to disk, and checks the copy
 * (integrity, audit chain, a head equal to the trial's) before writing its manifest. A copy that
 * fails a check is removed and the error says why.
 *
 * Returns: (transfer full) (nullable): what was backed up.
 */
StromaBackupInfo *
stroma_store_backup (StromaStore  *self,
                     const char   *dest,
                     GError      **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *head = NULL;
  g_autoptr(StromaBackupInfo) info = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  sqlite3 *target = NULL;
  sqlite3_backup *backup;
  gint64 rows = 0;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  if (dest == NULL)
    {
      g_autofree char *base = g_path_get_basename (self->path);
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%S%fZ");
      char *dot = strrchr (base, '.');

      if (dot != NULL && dot != base)
        *dot = '\0';
      dir = backup_dir_for (self->path);
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_IO,
                       _("Could not create the backup folder “%s”: %s"), dir, g_strerror (saved));
          return NULL;
        }
      path = g_strdup_printf ("%s" G_DIR_SEPARATOR_S "%s-%s.db", dir, base, stamp);
    }
  else
    path = g_strdup (dest);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_EXISTS,
                   _("“%s” already exists; a backup never overwrites a file."), path);
      return NULL;
    }

  /* The chain head of what is copied: nothing can write between here and the copy's end
   * without the backup API starting over, and the copy is checked against it. */
  if (!stroma_store_verify_audit (self, &head, &rows, error))
    {
      g_prefix_error (error, _("Not backed up, the trial’s audit trail is broken: "));
      return NULL;
    }

  tmp = g_strconcat (path, ".partial", NULL);
  rc = sqlite3_open_v2 (tmp, &target, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (target, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL;", NULL,
                       NULL, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (target, "main", self->db, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (target);
      else
        {
          do
            rc = sqlite3_backup_step (backup, 1024);
          while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
          rc = sqlite3_backup_finish (backup);
        }
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_IO,
                   _("Could not copy the trial to “%s”: %s"), path,
                   target ? sqlite3_errmsg (target) : sqlite3_errstr (rc));
      sqlite3_close (target);
      g_unlink (tmp);
      return NULL;
    }
  sqlite3_close (target);

  if (!fsync_path (tmp, error) || g_rename (tmp, path) != 0)
    {
      if (error != NULL && *error == NULL)
        g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_IO,
                     _("Could not move the backup into place: %s"), g_strerror (errno));
      g_unlink (tmp);
      return NULL;
    }

  info = check_copy (path, error);
  if (info == NULL || g_strcmp0 (info->audit_head, head) != 0)
    {
      if (info != NULL)
        g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_AUDIT,
                     _("The backup’s audit trail ends at a different row than the trial’s; the "
                       "copy was discarded."));
      g_prefix_error (error, _("The backup failed its check and was removed: "));
      g_unlink (path);
      return NULL;
    }

  info->created_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  info->sha256 = file_sha256 (path, error);
  if (info->sha256 == NULL || !write_manifest (info, self->path, error))
    {
      g_unlink (path);
      return NULL;
    }

  if (dir != NULL)
    {
      if (!fsync_path (dir, error))
        return NULL;
      rotate (dir);
    }

  return g_steal_pointer (&info);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const StromaBackupInfo *x = *(StromaBackupInfo * const *) a;
  const StromaBackupInfo *y = *(StromaBackupInfo * const *) b;

  return -g_strcmp0 (x->created_at, y->created_at);
}

/**
 * stroma_store_list_backups_in:
 * @dir: a backup folder
 * @error: (nullable): a #GError
 *
 * Returns: (transfer container) (element-type StromaBackupInfo): the backups with a readable
 *   manifest, newest first (empty when the folder does not exist).
 */
GPtrArray *
stroma_store_list_backups_in (const char  *dir,
                              GError     **error)
{
  g_autoptr(GPtrArray) backups = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_backup_info_free);
  g_autoptr(GDir) d = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&backups);

  d = g_dir_open (dir, 0, error);
  if (d == NULL)
    return NULL;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      StromaBackupInfo *info;

      if (!g_str_has_suffix (name, ".db"))
        continue;
      path = g_build_filename (dir, name, NULL);
      info = read_manifest (path, NULL);
      if (info != NULL)
        g_ptr_array_add (backups, info);
    }

  g_ptr_array_sort (backups, compare_newest_first);
  return g_steal_pointer (&backups);
}

/**
 * stroma_store_list_backups:
 * @trial_path: a trial file
 *
 * Returns: (transfer container) (element-type StromaBackupInfo): its backups, newest first.
 */
GPtrArray *
stroma_store_list_backups (const char *trial_path)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (trial_path != NULL, NULL);

  dir = backup_dir_for (trial_path);
  return stroma_store_list_backups_in (dir, NULL);
}

/**
 * stroma_store_verify_backup:
 * @backup_path: a backup made by stroma_store_backup()
 * @error: a #GError
 *
 * Checks a backup against its manifest: the file's SHA-256, its integrity, and its audit chain
 * and head.
 *
 * Returns: (transfer full) (nullable): the backup's manifest when every check passed.
 */
StromaBackupInfo *
stroma_store_verify_backup (const char  *backup_path,
                            GError     **error)
{
  g_autoptr(StromaBackupInfo) manifest = NULL;
  g_autoptr(StromaBackupInfo) checked = NULL;
  g_autofree char *sha = NULL;

  g_return_val_if_fail (backup_path != NULL, NULL);

  manifest = read_manifest (backup_path, error);
  if (manifest == NULL)
    return NULL;

  sha = file_sha256 (backup_path, error);
  if (sha == NULL)
    return NULL;
  if (g_strcmp0 (sha, manifest->sha256) != 0)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DAMAGED,
                   _("The backup “%s” changed since it was made (its SHA-256 differs from its "
                     "manifest)."), backup_path);
      return NULL;
    }

  checked = check_copy (backup_path, error);
  if (checked == NULL)
    return NULL;
  if (g_strcmp0 (checked->audit_head, manifest->audit_head) != 0)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_AUDIT,
                   _("The backup’s audit trail does not end where its manifest says."));
      return NULL;
    }

  return g_steal_pointer (&manifest);
}

/**
 * stroma_store_restore:
 * @backup_path: a backup made by stroma_store_backup()
 * @trial_path: the trial file to replace (it may be missing or damaged)
 * @context: who restores, and why (a reason is required)
 * @replaced_path: (out) (optional) (nullable): where the replaced file was kept
 * @error: a #GError
 *
 * Verifies the backup, keeps the current trial file (and its WAL) aside, puts a copy of the
 * backup in its place, and records the restore in the restored file's audit trail. Nothing is
 * replaced when the backup fails a check.
 *
 * Returns: %TRUE when the trial was restored.
 */
gboolean
stroma_store_restore (const char               *backup_path,
                      const char               *trial_path,
                      const StromaEditContext  *context,
                      char                    **replaced_path,
                      GError                  **error)
{
  g_autoptr(StromaBackupInfo) info = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");
  g_autofree char *tmp_path = g_strconcat (trial_path, ".restoring", NULL);
  g_autofree char *aside = NULL;
  g_autoptr(StromaStore) restored = NULL;
  g_autofree char *what = NULL;
  const char *suffixes[] = { "-wal", "-shm" };

  g_return_val_if_fail (backup_path != NULL, FALSE);
  g_return_val_if_fail (trial_path != NULL, FALSE);

  if (context == NULL || context->user == NULL || context->reason == NULL ||
      !has_text (context->reason))
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NO_CONTEXT,
                   _("A restore needs a user and a reason."));
      return FALSE;
    }

  info = stroma_store_verify_backup (backup_path, error);
  if (info == NULL)
    {
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }

  source = g_file_new_for_path (backup_path);
  tmp = g_file_new_for_path (tmp_path);
  if (!g_file_copy (source, tmp, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error) ||
      !fsync_path (tmp_path, error))
    {
      g_unlink (tmp_path);
      g_prefix_error (error, _("Nothing was restored: "));
      return FALSE;
    }

  /* Keep what is replaced, with its WAL, beside it. */
  if (g_file_test (trial_path, G_FILE_TEST_EXISTS))
    {
      aside = g_strdup_printf ("%s.replaced-%s", trial_path, stamp);
      if (g_rename (trial_path, aside) != 0)
        {
          int saved = errno;
          g_unlink (tmp_path);
          g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_IO,
                       _("Nothing was restored: could not move “%s” aside: %s"), trial_path,
                       g_strerror (saved));
          return FALSE;
        }
    }
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *extra = g_strconcat (trial_path, suffixes[i], NULL);
      if (g_file_test (extra, G_FILE_TEST_EXISTS))
        {
          g_autofree char *extra_aside = g_strconcat (aside ? aside : trial_path, suffixes[i],
                                                      aside ? "" : ".stale", NULL);
          g_rename (extra, extra_aside);
        }
    }

  if (g_rename (tmp_path, trial_path) != 0)
    {
      int saved = errno;
      if (aside != NULL)
        g_rename (aside, trial_path);
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_IO,
                   _("Could not put the backup in place: %s"), g_strerror (saved));
      return FALSE;
    }

  restored = stroma_store_open (trial_path, STROMA_STORE_OPEN_DEFAULT, error);
  if (restored == NULL)
    return FALSE;

  what = g_strdup_printf ("restored from backup %s made %s (audit head %s); the replaced file "
                          "is kept as %s", backup_path, info->created_at, info->audit_head,
                          aside ? aside : "(none)");
  if (!stroma_store_begin (restored, context, error) ||
      !_stroma_store_log_event (restored, "trial", 1, what, error) ||
      !stroma_store_commit (restored, error))
    {
      stroma_store_rollback (restored);
      return FALSE;
    }

  if (replaced_path != NULL)
    *replaced_path = g_steal_pointer (&aside);

  return TRUE;
}
