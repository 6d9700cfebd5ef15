/* stroma-store-audit.c — the audit trail, by construction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every clinical table gets triggers generated from its own columns: an insert writes one
 * audit row holding the whole record, an update one row per changed column, a delete is
 * refused. The user and reason come from SQL functions that only Stroma's own connections
 * define, bound to the edit context of the transaction under way; any other program (the
 * sqlite3 tool included) cannot even prepare a write to a clinical table. Each audit row is
 * chained to the one before it by SHA-256, so an edit made with the triggers dropped, or an
 * audit row changed, shows in `stroma check`.
 */

#define G_LOG_DOMAIN "stroma-store"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "core/stroma-sha256.h"
#include "stroma-store-private.h"

const char * const _stroma_audited_tables[] = {
  "trial",
  "users",
  "subjects",
  "consents",
  "eligibility_answers",
  "allocations",
  "transplants",
  "conditioning_doses",
  "infusions",
  "lab_results",
  "transfusions",
  "medications",
  "adverse_events",
  "dispositions",
  "follow_ups",
  NULL
};

/* Decimal digits of @value, written backwards from @end; returns the first. */
static char *
format_int (char   *end,
            gint64  value)
{
  guint64 u = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  char *p = end;

  do
    *--p = (char) ('0' + u % 10);
  while ((u /= 10) != 0);

  if (value < 0)
    *--p = '-';

  return p;
}

/* The canonical form of one value for the hash: a type tag and an unambiguous body. Integers
 * and lengths are formatted by hand, as printf's "%lld" and "%d" would: the chain is hashed for
 * every audit row whenever it is verified. */
static void
canon_append (StromaSha256  *sum,
              sqlite3_value *value)
{
  char buf[64];
  char *p;

  switch (sqlite3_value_type (value))
    {
    case SQLITE_INTEGER:
      buf[sizeof buf - 1] = ';';
      p = format_int (buf + sizeof buf - 1, sqlite3_value_int64 (value));
      *--p = 'I';
      stroma_sha256_update (sum, p, (gsize) (buf + sizeof buf - p));
      break;

    case SQLITE_FLOAT:
      g_snprintf (buf, sizeof buf, "R%.17g;", sqlite3_value_double (value));
      stroma_sha256_update (sum, buf, strlen (buf));
      break;

    case SQLITE_TEXT:
    case SQLITE_BLOB:
      {
        gboolean text = sqlite3_value_type (value) == SQLITE_TEXT;
        const guchar *data = text ? sqlite3_value_text (value) : sqlite3_value_blob (value);
        int len = sqlite3_value_bytes (value);

        buf[sizeof buf - 1] = ':';
        p = format_int (buf + sizeof buf - 1, len);
        *--p = text ? 'T' : 'B';
        stroma_sha256_update (sum, p, (gsize) (buf + sizeof buf - p));
        if (len > 0)
          stroma_sha256_update (sum, data, (gsize) len);
        stroma_sha256_update (sum, ";", 1);
      }
      break;

    case SQLITE_NULL:
    default:
      stroma_sha256_update (sum, "N;", 2);
      break;
    }
}

static char *
audit_hash (int             argc,
            sqlite3_value **argv)
{
  StromaSha256 sum;
  char hex[STROMA_SHA256_HEX_LENGTH + 1];

  stroma_sha256_init (&sum);
  for (int i = 0; i < argc; i++)
    canon_append (&sum, argv[i]);
  stroma_sha256_finish (&sum, hex);

  return g_strdup (hex);
}

static void
fn_audit_hash (sqlite3_context  *ctx,
               int               argc,
               sqlite3_value   **argv)
{
  char *hash = audit_hash (argc, argv);
  sqlite3_result_text (ctx, hash, -1, g_free);
}

static void
fn_edit_user (sqlite3_context  *ctx,
              int               argc,
              sqlite3_value   **argv)
{
  StromaStore *self = sqlite3_user_data (ctx);

  if (self->context == NULL || self->context->user == NULL || self->context->user[0] == '\0')
    {
      sqlite3_result_error (ctx, "no edit context: every change to clinical data needs a user "
                                 "and a reason", -1);
      return;
    }

  sqlite3_result_text (ctx, self->context->user, -1, SQLITE_TRANSIENT);
}

static void
fn_edit_reason (sqlite3_context  *ctx,
                int               argc,
                sqlite3_value   **argv)
{
  StromaStore *self = sqlite3_user_data (ctx);
  const char *action = (const char *)sqlite3_value_text (argv[0]);
  g_autofree char *reason = NULL;

  if (self->context == NULL)
    {
      sqlite3_result_error (ctx, "no edit context: every change to clinical data needs a user "
                                 "and a reason", -1);
      return;
    }

  reason = g_strstrip (g_strdup (self->context->reason ? self->context->reason : ""));

  if (reason[0] != '\0')
    sqlite3_result_text (ctx, reason, -1, SQLITE_TRANSIENT);
  else if (g_strcmp0 (action, "insert") == 0 || g_strcmp0 (action, "event") == 0)
    sqlite3_result_text (ctx, "initial entry", -1, SQLITE_STATIC);
  else
    sqlite3_result_error (ctx, "a reason is required to change or void a saved value", -1);
}

static void
fn_app_version (sqlite3_context  *ctx,
                int               argc,
                sqlite3_value   **argv)
{
  sqlite3_result_text (ctx, PACKAGE_VERSION, -1, SQLITE_STATIC);
}

gboolean
_stroma_store_register_functions (StromaStore  *self,
                                  GError      **error)
{
  int rc = SQLITE_OK;

  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (self->db, "stroma_edit_user", 0, SQLITE_UTF8, self,
                                     fn_edit_user, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (self->db, "stroma_edit_reason", 1, SQLITE_UTF8, self,
                                     fn_edit_reason, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (self->db, "stroma_app_version", 0,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC, self,
                                     fn_app_version, NULL, NULL, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_create_function_v2 (self->db, "stroma_audit_hash", -1,
                                     SQLITE_UTF8 | SQLITE_DETERMINISTIC, self,
                                     fn_audit_hash, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _stroma_store_set_error_from_db (self, rc, error, _("Could not prepare the audit trail"));

  return TRUE;
}

/* One INSERT INTO audit_log. @row_key, @column, @old and @new are SQL expressions. */
static void
append_audit_insert (GString    *sql,
                     const char *table,
                     const char *action,
                     const char *row_key,
                     const char *column,
                     const char *old,
                     const char *new,
                     const char *where)
{
  g_string_append_printf (sql,
    "INSERT INTO audit_log (id, at, user_id, reason, action, table_name, row_key, column_name,"
    " old_value, new_value, app_version, prev_hash, hash)"
    " SELECT n.id, n.at, n.u, n.r, n.a, '%s', %s, %s, n.o, n.v, n.ver, n.prev,"
    " stroma_audit_hash (n.prev, n.id, n.at, n.u, n.r, n.a, '%s', %s, %s, n.o, n.v, n.ver)"
    " FROM (SELECT coalesce ((SELECT max (id) FROM audit_log), 0) + 1 AS id,"
    " strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now') AS at,"
    " stroma_edit_user () AS u, stroma_edit_reason (%s) AS r, %s AS a,"
    " %s AS o, %s AS v, stroma_app_version () AS ver,"
    " coalesce ((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '%s') AS prev) AS n"
    "%s%s;\n",
    table, row_key, column, table, row_key, column, action, action, old, new,
    STROMA_AUDIT_GENESIS, where ? " WHERE " : "", where ? where : "");
}

static GPtrArray *
table_columns (StromaStore *self,
               const char  *table)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_free);

  stmt = _stroma_store_prepare (self, "SELECT name FROM pragma_table_info (?) ORDER BY cid", NULL);
  if (stmt == NULL)
    return columns;

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *)sqlite3_column_text (stmt, 0);
      if (strcmp (name, "id") != 0 && strcmp (name, "rev") != 0)
        g_ptr_array_add (columns, g_strdup (name));
    }

  return columns;
}

static char *
audit_triggers_sql (StromaStore *self,
                    const char  *table)
{
  g_autoptr(GPtrArray) columns = table_columns (self, table);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) json = g_string_new ("json_object (");

  for (guint i = 0; i < columns->len; i++)
    g_string_append_printf (json, "%s'%s', NEW.\"%s\"", i ? ", " : "",
                            (char *)columns->pdata[i], (char *)columns->pdata[i]);
  g_string_append (json, ")");

  g_string_append_printf (sql, "DROP TRIGGER IF EXISTS audit_%s_insert;\n"
                               "DROP TRIGGER IF EXISTS audit_%s_update;\n"
                               "DROP TRIGGER IF EXISTS audit_%s_delete;\n"
                               "DROP TRIGGER IF EXISTS audit_%s_revision;\n",
                          table, table, table, table);

  g_string_append_printf (sql, "CREATE TRIGGER audit_%s_insert AFTER INSERT ON \"%s\"\nBEGIN\n",
                          table, table);
  append_audit_insert (sql, table, "'insert'", "NEW.id", "NULL", "NULL", json->str, NULL);
  g_string_append (sql, "END;\n");

  g_string_append_printf (sql, "CREATE TRIGGER audit_%s_update AFTER UPDATE ON \"%s\"\nBEGIN\n",
                          table, table);
  for (guint i = 0; i < columns->len; i++)
    {
      const char *col = columns->pdata[i];
      g_autofree char *col_lit = g_strdup_printf ("'%s'", col);
      g_autofree char *old = g_strdup_printf ("OLD.\"%s\"", col);
      g_autofree char *new = g_strdup_printf ("NEW.\"%s\"", col);
      g_autofree char *where = g_strdup_printf ("OLD.\"%s\" IS NOT NEW.\"%s\"", col, col);
      const char *action = strcmp (col, "voided") == 0
                           ? "CASE WHEN NEW.voided = 1 THEN 'void' ELSE 'restore' END"
                           : "'update'";

      append_audit_insert (sql, table, action, "NEW.id", col_lit, old, new, where);
    }
  g_string_append (sql, "END;\n");

  g_string_append_printf (sql,
    "CREATE TRIGGER audit_%s_delete BEFORE DELETE ON \"%s\"\nBEGIN\n"
    "  SELECT RAISE (ABORT, 'clinical records are never deleted: void them with a reason');\n"
    "END;\n", table, table);

  g_string_append_printf (sql,
    "CREATE TRIGGER audit_%s_revision BEFORE UPDATE ON \"%s\"\n"
    "WHEN NEW.rev IS NOT OLD.rev + 1 OR NEW.id IS NOT OLD.id\nBEGIN\n"
    "  SELECT RAISE (ABORT, 'stale revision: the record was changed by someone else');\n"
    "END;\n", table, table);

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

/*
 * (Re)creates the audit triggers of every clinical table from its current columns. Runs
 * inside each migration's transaction, so a column added by a migration is audited from the
 * moment it exists.
 */
gboolean
_stroma_store_install_audit (StromaStore  *self,
                             GError      **error)
{
  for (guint i = 0; _stroma_audited_tables[i] != NULL; i++)
    {
      g_autofree char *sql = audit_triggers_sql (self, _stroma_audited_tables[i]);

      if (!_stroma_store_exec (self, sql, error))
        return FALSE;
    }

  return _stroma_store_exec (self,
                             "CREATE INDEX IF NOT EXISTS audit_log_column "
                             "ON audit_log (table_name, row_key, column_name, id)", error);
}

/*
 * Compares the triggers in the file with the ones this version of Stroma would generate: a
 * dropped or altered trigger means writes may have escaped the trail.
 */
gboolean
_stroma_store_check_audit_triggers (StromaStore *self,
                                    GString     *report)
{
  static const char * const kinds[] = { "insert", "update", "delete", "revision" };
  gboolean ok = TRUE;

  for (guint i = 0; _stroma_audited_tables[i] != NULL; i++)
    {
      const char *table = _stroma_audited_tables[i];
      g_autofree char *expected = audit_triggers_sql (self, table);

      for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
        {
          g_autoptr(sqlite3_stmt) stmt = NULL;
          g_autofree char *name = g_strdup_printf ("audit_%s_%s", table, kinds[k]);

          stmt = _stroma_store_prepare (self,
                                        "SELECT sql FROM sqlite_schema WHERE type = 'trigger' "
                                        "AND name = ? AND tbl_name = ?", NULL);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 2, table, -1, SQLITE_STATIC);

          if (sqlite3_step (stmt) != SQLITE_ROW)
            {
              g_string_append_printf (report,
                                      "FAIL audit trigger %s is missing: changes to %s may have "
                                      "been made without an audit trail\n", name, table);
              ok = FALSE;
            }
          else if (strstr (expected, (const char *)sqlite3_column_text (stmt, 0)) == NULL)
            {
              g_string_append_printf (report, "FAIL audit trigger %s was altered\n", name);
              ok = FALSE;
            }
        }
    }

  return ok;
}

/* Does every current value equal the last value its audit trail recorded? */
gboolean
_stroma_store_reconcile_audit (StromaStore *self,
                               GString     *report)
{
  gboolean ok = TRUE;
  guint n_reported = 0;

  for (guint i = 0; _stroma_audited_tables[i] != NULL; i++)
    {
      const char *table = _stroma_audited_tables[i];
      g_autoptr(GPtrArray) columns = table_columns (self, table);
      g_autoptr(sqlite3_stmt) missing = NULL;
      g_autofree char *missing_sql = NULL;

      missing_sql = g_strdup_printf ("SELECT t.id FROM \"%s\" AS t WHERE NOT EXISTS "
                                     "(SELECT 1 FROM audit_log AS a WHERE a.table_name = '%s' "
                                     "AND a.row_key = t.id AND a.action = 'insert')",
                                     table, table);
      missing = _stroma_store_prepare (self, missing_sql, NULL);
      while (missing != NULL && sqlite3_step (missing) == SQLITE_ROW)
        {
          ok = FALSE;
          if (n_reported++ < 20)
            g_string_append_printf (report, "FAIL %s row %lld has no audit record of its entry\n",
                                    table, (long long) sqlite3_column_int64 (missing, 0));
        }

      for (guint c = 0; c < columns->len; c++)
        {
          const char *col = columns->pdata[c];
          g_autoptr(sqlite3_stmt) stmt = NULL;
          g_autofree char *sql = NULL;

          /* The last value on record: the latest change of this column, else the value the
           * row was entered with. JSON keeps 15 significant digits, hence the tolerance. */
          sql = g_strdup_printf (
            "SELECT id, cur, rec FROM ("
            " SELECT t.id AS id, t.\"%s\" AS cur,"
            "  CASE WHEN EXISTS (SELECT 1 FROM audit_log AS a WHERE a.table_name = '%s'"
            "                    AND a.row_key = t.id AND a.column_name = '%s')"
            "   THEN (SELECT a.new_value FROM audit_log AS a WHERE a.table_name = '%s'"
            "         AND a.row_key = t.id AND a.column_name = '%s' ORDER BY a.id DESC LIMIT 1)"
            "   ELSE (SELECT json_extract (a.new_value, '$.%s') FROM audit_log AS a"
            "         WHERE a.table_name = '%s' AND a.row_key = t.id AND a.action = 'insert')"
            "  END AS rec"
            " FROM \"%s\" AS t)"
            " WHERE cur IS NOT rec AND NOT (typeof (cur) IN ('real', 'integer')"
            "  AND typeof (rec) IN ('real', 'integer')"
            "  AND abs (cur - rec) <= 1e-12 * max (abs (cur), 1))",
            col, table, col, table, col, col, table, table);

          stmt = _stroma_store_prepare (self, sql, NULL);
          while (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
            {
              ok = FALSE;
              if (n_reported++ < 20)
                g_string_append_printf (report,
                                        "FAIL %s row %lld, %s is “%s” but its audit trail says "
                                        "“%s”: it was changed outside Stroma\n",
                                        table, (long long) sqlite3_column_int64 (stmt, 0), col,
                                        sqlite3_column_text (stmt, 1) ?
                                          (const char *)sqlite3_column_text (stmt, 1) : "NULL",
                                        sqlite3_column_text (stmt, 2) ?
                                          (const char *)sqlite3_column_text (stmt, 2) : "NULL");
            }
        }
    }

  if (n_reported > 20)
    g_string_append_printf (report, "FAIL … and %u more disagreements\n", n_reported - 20);

  return ok;
}

/**
 * stroma_store_verify_audit:
 * @self: a store
 * @head: (out) (optional): the hash of the last audit row
 * @n_rows: (out) (optional): the number of audit rows
 * @error: a #GError
 *
 * Walks the audit hash chain from the first row, recomputing every hash.
 *
 * Returns: %TRUE when the chain is whole; %FALSE with the first broken row in @error.
 */
gboolean
stroma_store_verify_audit (StromaStore  *self,
                           char        **head,
                           gint64       *n_rows,
                           GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *prev = g_strdup (STROMA_AUDIT_GENESIS);
  gint64 count = 0;
  gint64 expected_id = 1;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = _stroma_store_prepare (self,
                                "SELECT prev_hash, id, at, user_id, reason, action, table_name, "
                                "row_key, column_name, old_value, new_value, app_version, hash "
                                "FROM audit_log ORDER BY id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      sqlite3_value *values[12];
      g_autofree char *hash = NULL;
      gint64 id = sqlite3_column_int64 (stmt, 1);

      if (id != expected_id)
        {
          g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_AUDIT,
                       _("audit rows are missing before row %lld"), (long long) id);
          return FALSE;
        }

      if (g_strcmp0 ((const char *)sqlite3_column_text (stmt, 0), prev) != 0)
        {
          g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_AUDIT,
                       _("audit row %lld does not follow the row before it "
                         "(the trail was edited or rows were removed)"), (long long) id);
          return FALSE;
        }

      for (int i = 0; i < 12; i++)
        values[i] = sqlite3_column_value (stmt, i);
      hash = audit_hash (12, values);

      if (g_strcmp0 (hash, (const char *)sqlite3_column_text (stmt, 12)) != 0)
        {
          g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_AUDIT,
                       _("audit row %lld was altered after it was written"), (long long) id);
          return FALSE;
        }

      g_free (prev);
      prev = g_steal_pointer (&hash);
      count++;
      expected_id++;
    }

  if (rc != SQLITE_DONE)
    return _stroma_store_set_error_from_db (self, rc, error, _("Could not read the audit trail"));

  if (head != NULL)
    *head = g_steal_pointer (&prev);
  if (n_rows != NULL)
    *n_rows = count;

  return TRUE;
}

/* A workflow event (protocol loaded, list generated, …) in the trail, under the current
 * context. Must run inside a transaction begun with a context. */
gboolean
_stroma_store_log_event (StromaStore  *self,
                         const char   *table_name,
                         gint64        row_key,
                         const char   *what,
                         GError      **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, row_key);
  int rc;

  append_audit_insert (sql, table_name, "'event'", key, "NULL", "NULL", "?1", NULL);

  stmt = _stroma_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, what, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _stroma_store_set_error_from_db (self, rc, error, _("Could not record the event"));

  return TRUE;
}

void
stroma_audit_entry_free (StromaAuditEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->at);
  g_free (entry->user);
  g_free (entry->reason);
  g_free (entry->action);
  g_free (entry->table_name);
  g_free (entry->column_name);
  g_free (entry->old_value);
  g_free (entry->new_value);
  g_free (entry);
}

/**
 * stroma_store_list_audit:
 * @self: a store
 * @table_name: a clinical table
 * @row_key: a row of it
 * @error: a #GError
 *
 * The history of one record, oldest first. For a subject ("subjects"), the history of every
 * record that belongs to the subject.
 *
 * Returns: (transfer container) (element-type StromaAuditEntry): the entries.
 */
GPtrArray *
stroma_store_list_audit (StromaStore  *self,
                         const char   *table_name,
                         gint64        row_key,
                         GError      **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) sql = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (table_name != NULL, NULL);

  g_string_append (sql, "SELECT id, at, user_id, reason, action, table_name, row_key, "
                        "column_name, old_value, new_value FROM audit_log "
                        "WHERE (table_name = ?1 AND row_key = ?2)");

  if (g_strcmp0 (table_name, "subjects") == 0)
    for (guint i = 0; i < STROMA_N_RECORD_KINDS; i++)
      {
        const StromaRecordInfo *info = stroma_record_info (i);
        if (info->per_subject)
          g_string_append_printf (sql, " OR (table_name = '%s' AND row_key IN "
                                       "(SELECT id FROM \"%s\" WHERE subject_id = ?2))",
                                  info->table, info->table);
      }
  g_string_append (sql, " ORDER BY id");

  stmt = _stroma_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, table_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, row_key);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_audit_entry_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StromaAuditEntry *e = g_new0 (StromaAuditEntry, 1);

      e->id = sqlite3_column_int64 (stmt, 0);
      e->at = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
      e->user = g_strdup ((const char *)sqlite3_column_text (stmt, 2));
      e->reason = g_strdup ((const char *)sqlite3_column_text (stmt, 3));
      e->action = g_strdup ((const char *)sqlite3_column_text (stmt, 4));
      e->table_name = g_strdup ((const char *)sqlite3_column_text (stmt, 5));
      e->row_key = sqlite3_column_int64 (stmt, 6);
      e->column_name = g_strdup ((const char *)sqlite3_column_text (stmt, 7));
      e->old_value = g_strdup ((const char *)sqlite3_column_text (stmt, 8));
      e->new_value = g_strdup ((const char *)sqlite3_column_text (stmt, 9));
      g_ptr_array_add (entries, e);
    }

  if (rc != SQLITE_DONE)
    {
      _stroma_store_set_error_from_db (self, rc, error, _("Could not read the audit trail"));
      return NULL;
    }

  return g_steal_pointer (&entries);
}
