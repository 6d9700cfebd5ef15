/* stroma-store-export.c — what an export needs of the trial file: a stable snapshot, and a log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An export reads the whole trial inside one read transaction and states the SHA-256 of the
 * file it read. In WAL mode the file on disk is that state only when the write-ahead log is
 * empty: so the snapshot checkpoints the log into the file first, then holds a read
 * transaction that began on an empty log. While it is held no checkpoint can copy later
 * writes into the file (they wait in the log for the reader to finish), so the bytes on disk
 * stay the state being exported, and other people can keep saving meanwhile.
 *
 * Every export is then recorded (RELIABILITY AT-6): a row of the append-only export_log and an
 * audit event, in one transaction under the exporting user's edit context.
 */

#define G_LOG_DOMAIN "stroma-store"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "stroma-store-private.h"

#define SNAPSHOT_ATTEMPTS 20

static gboolean
wal_is_empty (StromaStore *self)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  GStatBuf st;

  if (g_stat (wal, &st) != 0)
    return TRUE;   /* no log: not in WAL mode, or nothing written since it was removed */

  return st.st_size == 0;
}

/**
 * stroma_store_begin_snapshot:
 * @self: a store, with no transaction open
 * @error: a #GError
 *
 * Starts a read transaction during which the trial file on disk (stroma_store_get_path()) holds
 * exactly the state this connection reads, byte for byte, so that its checksum describes what
 * was read. Others may write meanwhile; their changes wait in the write-ahead log until
 * stroma_store_end_snapshot(). When the log cannot be emptied because writes keep coming, the
 * snapshot is refused after a few tries.
 *
 * Returns: %TRUE when the snapshot is held.
 */
gboolean
stroma_store_begin_snapshot (StromaStore  *self,
                             GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  g_return_val_if_fail (sqlite3_get_autocommit (self->db), FALSE);

  for (guint attempt = 0; attempt < SNAPSHOT_ATTEMPTS; attempt++)
    {
      g_autoptr(sqlite3_stmt) stmt = NULL;

      /* Busy or read-only: the log may still be empty, which is all that counts. */
      sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

      if (!_stroma_store_exec (self, "BEGIN", error))
        return FALSE;

      /* The read lock, and with it the snapshot, is taken at the first read. */
      stmt = _stroma_store_prepare (self, "SELECT count(*) FROM sqlite_schema", error);
      if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
        {
          if (error != NULL && *error == NULL)
            _stroma_store_set_error_from_db (self, sqlite3_errcode (self->db), error,
                                             _("Could not read the trial file"));
          _stroma_store_exec (self, "ROLLBACK", NULL);
          return FALSE;
        }
      g_clear_pointer (&stmt, sqlite3_finalize);

      if (wal_is_empty (self))
        return TRUE;

      _stroma_store_exec (self, "COMMIT", NULL);
      g_usleep (G_USEC_PER_SEC / 20 * (attempt + 1));
    }

  g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_IO,
               _("The trial file “%s” is being written to without pause, so no stable copy of "
                 "it could be read. Try again in a moment."), self->path);
  return FALSE;
}

/**
 * stroma_store_end_snapshot:
 * @self: a store holding a snapshot
 *
 * Ends the read transaction of stroma_store_begin_snapshot().
 */
void
stroma_store_end_snapshot (StromaStore *self)
{
  g_return_if_fail (self != NULL);

  if (!sqlite3_get_autocommit (self->db))
    _stroma_store_exec (self, "COMMIT", NULL);
}

/**
 * stroma_store_log_export:
 * @self: a store
 * @context: who exported; the reason is required for the site profile
 * @entry: what was exported
 * @error: a #GError
 *
 * Records an export in the trial file: a row of the append-only export log (who, when in UTC,
 * profile, scope, data cut, file name, the file's SHA-256 and the audit chain head it was
 * made from) and an audit event saying the same, in one transaction.
 *
 * Returns: %TRUE when recorded.
 */
gboolean
stroma_store_log_export (StromaStore                *self,
                         const StromaEditContext    *context,
                         const StromaExportLogEntry *entry,
                         GError                    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *what = NULL;
  StromaEditContext event_context;
  const char *reason;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (context != NULL, FALSE);
  g_return_val_if_fail (entry != NULL && entry->profile != NULL && entry->scope != NULL &&
                        entry->file_name != NULL && entry->sha256 != NULL &&
                        entry->audit_head != NULL, FALSE);

  reason = context->reason != NULL && context->reason[0] != '\0' ? context->reason : NULL;
  if (g_str_equal (entry->profile, "site") && reason == NULL)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                   _("An export in the site profile carries subject identifiers and needs a "
                     "reason."));
      return FALSE;
    }

  /* The audit trail needs a reason for every row; a sponsor export states what it was. */
  event_context.user = context->user;
  event_context.reason = reason != NULL ? reason : "sponsor workbook export";

  if (!_stroma_store_with_context_begin (self, &event_context, error))
    return FALSE;

  stmt = _stroma_store_prepare (self,
                                "INSERT INTO export_log (at, user_id, profile, scope, data_cut, "
                                "file_name, sha256, audit_head, reason) VALUES "
                                "(strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'), ?, ?, ?, ?, ?, ?, ?, ?)",
                                error);
  if (stmt == NULL)
    return _stroma_store_with_context_end (self, FALSE, NULL);

  sqlite3_bind_text (stmt, 1, context->user, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, entry->profile, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, entry->scope, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, entry->data_cut, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, entry->file_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, entry->sha256, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, entry->audit_head, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, reason, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _stroma_store_set_error_from_db (self, rc, error, _("Could not record the export"));
      return _stroma_store_with_context_end (self, FALSE, NULL);
    }

  what = g_strdup_printf ("workbook exported: profile %s; scope %s; data cut %s; file %s; "
                          "sha256 %s; audit head %s", entry->profile, entry->scope,
                          entry->data_cut != NULL ? entry->data_cut : "none", entry->file_name,
                          entry->sha256, entry->audit_head);
  if (!_stroma_store_log_event (self, "export_log", sqlite3_last_insert_rowid (self->db), what,
                                error))
    return _stroma_store_with_context_end (self, FALSE, NULL);

  return _stroma_store_with_context_end (self, TRUE, error);
}
