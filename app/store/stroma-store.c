/* stroma-store.c — opening, creating, migrating and checking a trial file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-store"

#include "config.h"

#include <errno.h>
#include <sys/vfs.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "stroma-resources.h"
#include "stroma-store-private.h"

/* "STRM": marks a SQLite file as a Stroma trial. */
#define STROMA_APPLICATION_ID 0x5354524d

static const char * const migrations[] = {
  NULL,               /* schema version 0: empty file */
  "001-initial.sql",
  "002-coordinator.sql",
};

G_DEFINE_QUARK (stroma-store-error-quark, stroma_store_error)

gboolean
_stroma_store_set_error_from_db (StromaStore  *self,
                                 int           rc,
                                 GError      **error,
                                 const char   *what)
{
  const char *msg = self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);
  StromaStoreError code;

  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      if (strstr (msg, "CHECK constraint") != NULL || strstr (msg, "NOT NULL") != NULL ||
          strstr (msg, "UNIQUE") != NULL || strstr (msg, "FOREIGN KEY") != NULL ||
          strstr (msg, "cannot store") != NULL)
        code = STROMA_STORE_ERROR_INVALID;
      else if (strstr (msg, "stale revision") != NULL)
        code = STROMA_STORE_ERROR_STALE;
      else
        code = STROMA_STORE_ERROR_REFUSED;
      break;
    case SQLITE_FULL:
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_IO,
                   _("%s: the disk is full; nothing was saved. Free some space and try again."),
                   what);
      return FALSE;
    case SQLITE_IOERR:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL:
      code = STROMA_STORE_ERROR_IO;
      break;
    case SQLITE_READONLY:
      code = STROMA_STORE_ERROR_READ_ONLY;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = STROMA_STORE_ERROR_DAMAGED;
      break;
    case SQLITE_MISMATCH:
      code = STROMA_STORE_ERROR_INVALID;
      break;
    default:
      if (strstr (msg, "no edit context") != NULL || strstr (msg, "a reason is required") != NULL)
        code = STROMA_STORE_ERROR_NO_CONTEXT;
      else if (strstr (msg, "no such function: stroma_") != NULL)
        code = STROMA_STORE_ERROR_NO_CONTEXT;
      else
        code = STROMA_STORE_ERROR_INVALID;
      break;
    }

  g_set_error (error, STROMA_STORE_ERROR, code, "%s: %s", what, msg);
  return FALSE;
}

gboolean
_stroma_store_exec (StromaStore  *self,
                    const char   *sql,
                    GError      **error)
{
  char *errmsg = NULL;
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, &errmsg);

  if (rc != SQLITE_OK)
    {
      gboolean ret = _stroma_store_set_error_from_db (self, rc, error, _("Could not update the trial file"));
      sqlite3_free (errmsg);
      return ret;
    }

  return TRUE;
}

sqlite3_stmt *
_stroma_store_prepare (StromaStore  *self,
                       const char   *sql,
                       GError      **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _stroma_store_set_error_from_db (self, rc, error, _("Could not read the trial file"));
      return NULL;
    }

  return stmt;
}

static gint64
query_int (StromaStore *self,
           const char  *sql,
           gint64       fallback)
{
  g_autoptr(sqlite3_stmt) stmt = _stroma_store_prepare (self, sql, NULL);

  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return fallback;

  return sqlite3_column_int64 (stmt, 0);
}

static gboolean
configure_connection (StromaStore  *self,
                      GError      **error)
{
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  if (!_stroma_store_register_functions (self, error))
    return FALSE;

  if (!_stroma_store_exec (self, "PRAGMA foreign_keys = ON; PRAGMA trusted_schema = ON;", error))
    return FALSE;

  if (!self->read_only &&
      !_stroma_store_exec (self, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;", error))
    return FALSE;

  return TRUE;
}

/* PRAGMA quick_check, run through a read-only connection of its own: on a large file it is
 * several times faster there than on a read-write one (measured: 0.5 s against 1.9 s on an
 * 800 MB trial), and it changes nothing either way. */
static gboolean
quick_check (StromaStore  *self,
             GError      **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *reason = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (self->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      rc = sqlite3_prepare_v2 (db, "PRAGMA quick_check", -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK)
    {
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *line = (const char *)sqlite3_column_text (stmt, 0);
          if (g_strcmp0 (line, "ok") != 0)
            g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
        }
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
    }
  if (rc != SQLITE_OK)
    reason = g_strdup (db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  if (rc == SQLITE_OK && problems->len == 0)
    return TRUE;
  if (reason != NULL)
    g_string_append (problems, reason);

  {
    g_autoptr(GPtrArray) backups = stroma_store_list_backups (self->path);

    if (backups != NULL && backups->len > 0)
      {
        StromaBackupInfo *last = backups->pdata[0];

        g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DAMAGED,
                     _("The trial file “%s” is damaged (%s). It was not changed. The last "
                       "backup is “%s”, made %s: restore it with “stroma restore”, or ask your "
                       "administrator."),
                     self->path, problems->str, last->path, last->created_at);
      }
    else
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DAMAGED,
                   _("The trial file “%s” is damaged (%s). It was not changed, and it has no "
                     "backup beside it; ask your administrator."),
                   self->path, problems->str);
  }
  return FALSE;
}

static gboolean
migrate (StromaStore  *self,
         GError      **error)
{
  int version = (int) query_int (self, "PRAGMA user_version", -1);

  if (version < 0)
    return _stroma_store_set_error_from_db (self, sqlite3_errcode (self->db), error,
                                            _("Could not read the trial file’s version"));

  if (version >= (int) G_N_ELEMENTS (migrations))
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_TOO_NEW,
                   _("The trial file “%s” was written by a newer version of Stroma "
                     "(schema %d; this version knows up to %d). Update Stroma to open it."),
                   self->path, version, (int) G_N_ELEMENTS (migrations) - 1);
      return FALSE;
    }

  for (int v = version + 1; v < (int) G_N_ELEMENTS (migrations); v++)
    {
      g_autofree char *path = g_strdup_printf (RESOURCE_BASE_PATH "/sql/%s", migrations[v]);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *pragma = NULL;

      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

      if (!_stroma_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      pragma = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d;",
                                v, STROMA_APPLICATION_ID);

      if (!_stroma_store_exec (self, sql, error) ||
          !_stroma_store_install_audit (self, error) ||
          !_stroma_store_exec (self, pragma, error) ||
          !_stroma_store_exec (self, "COMMIT", error))
        {
          _stroma_store_exec (self, "ROLLBACK", NULL);
          g_prefix_error (error, _("Could not upgrade the trial file to schema %d: "), v);
          return FALSE;
        }
    }

  self->schema_version = (int) G_N_ELEMENTS (migrations) - 1;
  return TRUE;
}

/* File systems on which SQLite's WAL (shared memory between processes on one host) and its
 * locks cannot be trusted (RELIABILITY DU-5). */
gboolean
_stroma_store_is_network_fs (long f_type)
{
  switch ((unsigned long) f_type)
    {
    case 0x6969:       /* NFS */
    case 0x517b:       /* SMB */
    case 0xff534d42:   /* CIFS */
    case 0xfe534d42:   /* SMB2 */
    case 0x73757245:   /* Coda */
    case 0x5346414f:   /* AFS */
    case 0x6b414653:   /* kAFS */
    case 0x01021997:   /* 9P */
    case 0x47504653:   /* GPFS */
    case 0x0bd00bd0:   /* Lustre */
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
check_local_fs (const char  *path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct statfs st;

  if (statfs (dir, &st) != 0 || !_stroma_store_is_network_fs ((long) st.f_type))
    return TRUE;

  g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_OPEN,
               _("“%s” is on a network file system. A trial file must be on a disk of this "
                 "computer: SQLite cannot keep it safe when several computers share it. Copy it to "
                 "a local folder, or open it read-only."), path);
  return FALSE;
}

static StromaStore *
store_new (const char *path)
{
  StromaStore *self = g_new0 (StromaStore, 1);

  /* Referencing the bundle keeps its constructor, which registers it, in static links. */
  (void) stroma_get_resource ();

  self->path = g_strdup (path);
  self->context_stack = g_ptr_array_new ();
  return self;
}

/**
 * stroma_store_open:
 * @path: the trial file
 * @flags: how to open it
 * @error: a #GError
 *
 * Opens an existing trial file, checks it (`quick_check`, foreign keys), and brings its schema
 * up to date. A damaged file, a file that is no Stroma trial, or one written by a newer
 * version is refused with a message that says so; it is never changed.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set.
 */
StromaStore *
stroma_store_open (const char            *path,
                   StromaStoreOpenFlags   flags,
                   GError               **error)
{
  g_autoptr(StromaStore) self = NULL;
  int sqlflags;
  int rc;
  gint64 app_id;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_OPEN,
                   _("There is no trial file “%s”."), path);
      return NULL;
    }

  self = store_new (path);
  self->read_only = (flags & STROMA_STORE_OPEN_READ_ONLY) != 0;
  if (!self->read_only && !check_local_fs (path, error))
    return NULL;
  sqlflags = self->read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;

  rc = sqlite3_open_v2 (path, &self->db, sqlflags | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_OPEN,
                   _("Could not open the trial file “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  app_id = query_int (self, "PRAGMA application_id", -1);
  if (app_id == -1)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NOT_A_TRIAL,
                   _("“%s” is not a Stroma trial file, or it is damaged beyond reading (%s)."),
                   path, sqlite3_errmsg (self->db));
      return NULL;
    }
  if (app_id != STROMA_APPLICATION_ID)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NOT_A_TRIAL,
                   _("“%s” is a database, but not a Stroma trial file."), path);
      return NULL;
    }

  if ((flags & STROMA_STORE_OPEN_NO_CHECK) == 0 && !quick_check (self, error))
    return NULL;

  if (!configure_connection (self, error))
    return NULL;

  if (self->read_only)
    self->schema_version = (int) query_int (self, "PRAGMA user_version", 0);
  else if (!migrate (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * stroma_store_create:
 * @path: where to create the trial file; it must not exist
 * @protocol: the protocol the trial runs under
 * @context: who creates the trial
 * @synthetic: whether the trial holds synthetic (demo) subjects
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the new store.
 */
StromaStore *
stroma_store_create (const char              *path,
                     const StromaProtocol    *protocol,
                     const StromaEditContext *context,
                     gboolean                 synthetic,
                     GError                 **error)
{
  g_autoptr(StromaStore) self = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sha = NULL;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (context != NULL && context->user != NULL, NULL);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_EXISTS,
                   _("“%s” already exists; a new trial is never written over an existing file."),
                   path);
      return NULL;
    }

  if (!check_local_fs (path, error))
    return NULL;

  self = store_new (path);
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_OPEN,
                   _("Could not create the trial file “%s”: %s"), path,
                   self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      return NULL;
    }

  if (!configure_connection (self, error) || !migrate (self, error))
    goto fail;

  if (!stroma_store_begin (self, context, error))
    goto fail;

  stmt = _stroma_store_prepare (self,
                                "INSERT INTO users (username, display_name, role) "
                                "VALUES ('system', 'Stroma', 'system')", error);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_DONE)
    goto fail_tx;
  g_clear_pointer (&stmt, sqlite3_finalize);

  stmt = _stroma_store_prepare (self,
                                "INSERT INTO trial (id, protocol_id, protocol_version, title, "
                                "synthetic, created_at) VALUES (1, ?, ?, ?, ?, "
                                "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'))", error);
  if (stmt == NULL)
    goto fail_tx;
  sqlite3_bind_text (stmt, 1, protocol->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, protocol->version, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, protocol->title, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, synthetic ? 1 : 0);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _stroma_store_set_error_from_db (self, rc, error, _("Could not create the trial"));
      goto fail_tx;
    }
  g_clear_pointer (&stmt, sqlite3_finalize);

  sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, protocol->source_json, -1);
  stmt = _stroma_store_prepare (self,
                                "INSERT INTO protocol_versions (protocol_id, version, source_json, "
                                "sha256, loaded_at) VALUES (?, ?, ?, ?, "
                                "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'))", error);
  if (stmt == NULL)
    goto fail_tx;
  sqlite3_bind_text (stmt, 1, protocol->id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, protocol->version, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, protocol->source_json, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, sha, -1, SQLITE_STATIC);
  if ((rc = sqlite3_step (stmt)) != SQLITE_DONE)
    {
      _stroma_store_set_error_from_db (self, rc, error, _("Could not store the protocol"));
      goto fail_tx;
    }

  {
    g_autofree char *what = g_strdup_printf ("protocol %s version %s loaded (sha256 %s)",
                                             protocol->id, protocol->version, sha);
    if (!_stroma_store_log_event (self, "protocol_versions",
                                  sqlite3_last_insert_rowid (self->db), what, error))
      goto fail_tx;
  }

  if (!stroma_store_commit (self, error))
    goto fail;

  return g_steal_pointer (&self);

fail_tx:
  if (error != NULL && *error == NULL)
    _stroma_store_set_error_from_db (self, sqlite3_errcode (self->db), error,
                                     _("Could not create the trial"));
  stroma_store_rollback (self);
fail:
  g_clear_pointer (&stmt, sqlite3_finalize);
  sqlite3_close (self->db);
  self->db = NULL;
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);
    g_unlink (wal);
    g_unlink (shm);
  }
  return NULL;
}

void
stroma_store_close (StromaStore *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < STROMA_N_RECORD_KINDS; i++)
    g_clear_pointer (&self->insert_stmts[i], sqlite3_finalize);
  g_clear_pointer (&self->protocol, stroma_protocol_free);
  g_clear_pointer (&self->pending_denials, g_ptr_array_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_ptr_array_unref (self->context_stack);
  g_free (self->path);
  g_free (self);
}

const char *
stroma_store_get_path (StromaStore *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->path;
}

gboolean
stroma_store_is_read_only (StromaStore *self)
{
  g_return_val_if_fail (self != NULL, TRUE);
  return self->read_only;
}

int
stroma_store_get_schema_version (StromaStore *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->schema_version;
}

/**
 * stroma_store_get_title:
 * @self: a store
 *
 * Returns: (transfer full): the trial's title.
 */
char *
stroma_store_get_title (StromaStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _stroma_store_prepare (self, "SELECT title FROM trial WHERE id = 1", NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup ("");

  return g_strdup ((const char *)sqlite3_column_text (stmt, 0));
}

gboolean
stroma_store_is_synthetic (StromaStore *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return query_int (self, "SELECT synthetic FROM trial WHERE id = 1", 0) != 0;
}

/**
 * stroma_store_load_protocol:
 * @self: a store
 * @error: a #GError
 *
 * Loads the protocol version the trial currently runs under, validating it again.
 *
 * Returns: (transfer full) (nullable): the protocol.
 */
StromaProtocol *
stroma_store_load_protocol (StromaStore  *self,
                            GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  StromaProtocol *protocol;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _stroma_store_prepare (self,
                                "SELECT source_json FROM protocol_versions ORDER BY id DESC LIMIT 1",
                                error);
  if (stmt == NULL)
    return NULL;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NOT_A_TRIAL,
                   _("The trial file holds no protocol."));
      return NULL;
    }

  protocol = stroma_protocol_load_data ((const char *)sqlite3_column_text (stmt, 0),
                                        sqlite3_column_bytes (stmt, 0), error);
  if (protocol == NULL)
    g_prefix_error (error, _("The protocol stored in the trial file is not valid: "));

  return protocol;
}

gboolean
_stroma_store_with_context_begin (StromaStore             *self,
                                  const StromaEditContext *context,
                                  GError                 **error)
{
  if (self->read_only)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_READ_ONLY,
                   _("The trial file is open read-only; nothing can be changed."));
      return FALSE;
    }

  if (self->depth == 0)
    {
      if (context == NULL || context->user == NULL || context->user[0] == '\0')
        {
          g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NO_CONTEXT,
                       _("No edit context: every change to clinical data needs a user and a "
                         "reason."));
          return FALSE;
        }

      if (!_stroma_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else if (!_stroma_store_exec (self, "SAVEPOINT stroma_nested", error))
    return FALSE;

  /* A nested level may name its own reason (e.g. a status change that follows from the
   * main change); without one it inherits the enclosing context. */
  g_ptr_array_add (self->context_stack, (gpointer) self->context);
  if (context != NULL)
    self->context = context;

  self->depth++;
  return TRUE;
}

gboolean
_stroma_store_with_context_end (StromaStore  *self,
                                gboolean      ok,
                                GError      **error)
{
  g_assert (self->depth > 0);

  self->depth--;
  self->context = g_ptr_array_steal_index (self->context_stack, self->context_stack->len - 1);

  if (self->depth == 0)
    {
      gboolean committed = ok && _stroma_store_exec (self, "COMMIT", error);

      if (!committed)
        _stroma_store_exec (self, "ROLLBACK", NULL);
      _stroma_store_flush_denials (self);
      return committed;
    }

  if (ok)
    return _stroma_store_exec (self, "RELEASE stroma_nested", error);

  _stroma_store_exec (self, "ROLLBACK TO stroma_nested; RELEASE stroma_nested", NULL);
  return FALSE;
}

/**
 * stroma_store_begin:
 * @self: a store
 * @context: who makes the changes that follow, and why
 * @error: a #GError
 *
 * Starts a transaction: the saves that follow land together at stroma_store_commit(), or
 * not at all.
 *
 * Returns: %TRUE when the transaction started.
 */
gboolean
stroma_store_begin (StromaStore             *self,
                    const StromaEditContext *context,
                    GError                 **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return _stroma_store_with_context_begin (self, context, error);
}

gboolean
stroma_store_commit (StromaStore  *self,
                     GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);
  return _stroma_store_with_context_end (self, TRUE, error);
}

void
stroma_store_rollback (StromaStore *self)
{
  g_return_if_fail (self != NULL);

  if (self->depth > 0)
    _stroma_store_with_context_end (self, FALSE, NULL);
}

/**
 * stroma_store_check:
 * @self: a store
 * @report: where to write what was checked and what was found
 *
 * The full check behind `stroma check`: integrity, foreign keys, the audit triggers, the audit
 * hash chain, the agreement of every clinical value with its audit trail, and the protocol.
 *
 * Returns: %TRUE when every check passed.
 */
gboolean
stroma_store_check (StromaStore *self,
                    GString     *report)
{
  gboolean ok = TRUE;
  g_autoptr(GError) error = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autofree char *head = NULL;
  gint64 n_rows = 0;
  guint n_problems = 0;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (report != NULL, FALSE);

  /* Integrity */
  stmt = _stroma_store_prepare (self, "PRAGMA integrity_check", NULL);
  while (stmt != NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *)sqlite3_column_text (stmt, 0);
      if (g_strcmp0 (line, "ok") != 0)
        {
          g_string_append_printf (report, "FAIL integrity: %s\n", line);
          ok = FALSE;
          n_problems++;
        }
    }
  if (n_problems == 0 && stmt != NULL)
    g_string_append (report, "ok   integrity\n");
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Foreign keys */
  n_problems = 0;
  stmt = _stroma_store_prepare (self, "PRAGMA foreign_key_check", NULL);
  while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_string_append_printf (report, "FAIL foreign key: %s row %lld refers to a missing %s\n",
                              sqlite3_column_text (stmt, 0),
                              (long long) sqlite3_column_int64 (stmt, 1),
                              sqlite3_column_text (stmt, 2));
      ok = FALSE;
      n_problems++;
    }
  if (n_problems == 0)
    g_string_append (report, "ok   foreign keys\n");
  g_clear_pointer (&stmt, sqlite3_finalize);

  /* Audit triggers, chain, and agreement with the data */
  if (_stroma_store_check_audit_triggers (self, report))
    g_string_append (report, "ok   audit triggers present\n");
  else
    ok = FALSE;

  if (stroma_store_verify_audit (self, &head, &n_rows, &error))
    g_string_append_printf (report, "ok   audit chain: %" G_GINT64_FORMAT " rows, head %s\n",
                            n_rows, head);
  else
    {
      g_string_append_printf (report, "FAIL audit chain: %s\n", error->message);
      g_clear_error (&error);
      ok = FALSE;
    }

  if (_stroma_store_reconcile_audit (self, report))
    g_string_append (report, "ok   every clinical value matches its audit trail\n");
  else
    ok = FALSE;

  /* Protocol */
  protocol = stroma_store_load_protocol (self, &error);
  if (protocol != NULL)
    g_string_append_printf (report, "ok   protocol %s version %s\n", protocol->id,
                            protocol->version);
  else
    {
      g_string_append_printf (report, "FAIL protocol: %s\n", error->message);
      ok = FALSE;
    }

  return ok;
}

/**
 * stroma_store_count:
 * @self: a store
 * @table_name: a table of the trial file
 *
 * Returns: the number of rows (voided rows included), or -1 for an unknown table.
 */
gint64
stroma_store_count (StromaStore *self,
                    const char  *table_name)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self != NULL, -1);

  if (stroma_record_info_find (table_name) == NULL &&
      g_strcmp0 (table_name, "audit_log") != 0 &&
      g_strcmp0 (table_name, "randomization_list") != 0 &&
      g_strcmp0 (table_name, "users") != 0 &&
      g_strcmp0 (table_name, "export_log") != 0)
    return -1;

  sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", table_name);
  return query_int (self, sql, -1);
}
