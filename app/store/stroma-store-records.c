/* stroma-store-records.c — typed loads and saves of clinical records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Records are bound to their tables through the field tables of core/stroma-records.h: one
 * generic insert, update, void and load serve every kind, so a field added to a record and
 * its table is saved, loaded and audited without new code here.
 */

#define G_LOG_DOMAIN "stroma-store"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "core/stroma-eligibility.h"
#include "core/stroma-randomization.h"
#include "stroma-store-private.h"

/* How the records of one subject are ordered when loaded. */
static const char *
order_by (StromaRecordKind kind)
{
  switch (kind)
    {
    case STROMA_RECORD_SUBJECT:           return "code";
    case STROMA_RECORD_CONSENT:           return "consent_date, id";
    case STROMA_RECORD_CONDITIONING_DOSE: return "study_day, agent, dose_number, id";
    case STROMA_RECORD_INFUSION:          return "number, id";
    case STROMA_RECORD_LAB_RESULT:        return "collected_on, test_code, id";
    case STROMA_RECORD_TRANSFUSION:       return "given_on, id";
    case STROMA_RECORD_MEDICATION:        return "start_date, id";
    case STROMA_RECORD_ADVERSE_EVENT:     return "onset_date, id";
    case STROMA_RECORD_DISPOSITION:       return "event_date, id";
    case STROMA_RECORD_FOLLOW_UP:         return "event_date, id";
    case STROMA_RECORD_ELIGIBILITY:
    case STROMA_RECORD_ALLOCATION:
    case STROMA_RECORD_TRANSPLANT:
    case STROMA_N_RECORD_KINDS:
    default:
      return "id";
    }
}

static void
bind_field (sqlite3_stmt          *stmt,
            int                    index,
            gconstpointer          record,
            const StromaFieldInfo *field)
{
  const guint8 *p = (const guint8 *)record + field->offset;

  if (!stroma_record_field_is_set (record, field))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  switch (field->type)
    {
    case STROMA_FIELD_INT:
      sqlite3_bind_int64 (stmt, index, *(const gint64 *)p);
      break;
    case STROMA_FIELD_DOUBLE:
      sqlite3_bind_double (stmt, index, *(const double *)p);
      break;
    case STROMA_FIELD_STRING:
      sqlite3_bind_text (stmt, index, *(char *const *)p, -1, SQLITE_TRANSIENT);
      break;
    case STROMA_FIELD_BOOL:
      sqlite3_bind_int (stmt, index, *(const gboolean *)p ? 1 : 0);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
read_field (sqlite3_stmt          *stmt,
            int                    column,
            gpointer               record,
            const StromaFieldInfo *field)
{
  guint8 *p = (guint8 *)record + field->offset;
  gboolean null = sqlite3_column_type (stmt, column) == SQLITE_NULL;

  switch (field->type)
    {
    case STROMA_FIELD_INT:
      *(gint64 *)p = null ? STROMA_NO_INT : sqlite3_column_int64 (stmt, column);
      break;
    case STROMA_FIELD_DOUBLE:
      *(double *)p = null ? NAN : sqlite3_column_double (stmt, column);
      break;
    case STROMA_FIELD_STRING:
      g_free (*(char **)p);
      *(char **)p = null ? NULL : g_strdup ((const char *)sqlite3_column_text (stmt, column));
      break;
    case STROMA_FIELD_BOOL:
      *(gboolean *)p = !null && sqlite3_column_int (stmt, column) != 0;
      break;
    default:
      g_assert_not_reached ();
    }
}

static char *
select_sql (const StromaRecordInfo *info,
            const char             *where)
{
  GString *sql = g_string_new ("SELECT id, rev, voided, ");

  g_string_append (sql, info->per_subject ? "subject_id" : "id");
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", \"%s\"", info->fields[i].name);
  g_string_append_printf (sql, " FROM \"%s\" WHERE %s ORDER BY %s", info->table, where,
                          order_by (info->kind));

  return g_string_free (sql, FALSE);
}

static gpointer
read_record (const StromaRecordInfo *info,
             sqlite3_stmt           *stmt)
{
  StromaRecord *record = stroma_record_new (info->kind);

  record->id = sqlite3_column_int64 (stmt, 0);
  record->rev = sqlite3_column_int64 (stmt, 1);
  record->voided = sqlite3_column_int (stmt, 2) != 0;
  record->subject_id = sqlite3_column_int64 (stmt, 3);

  for (guint i = 0; i < info->n_fields; i++)
    read_field (stmt, 4 + i, record, &info->fields[i]);

  return record;
}

/* "changed by X at T": who saved the record last, for a stale-save message. */
static char *
last_change (StromaStore *self,
             const char  *table,
             gint64       id)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  stmt = _stroma_store_prepare (self,
                                "SELECT user_id, at FROM audit_log WHERE table_name = ? "
                                "AND row_key = ? ORDER BY id DESC LIMIT 1", NULL);
  if (stmt == NULL)
    return g_strdup (_("someone else"));

  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup (_("someone else"));

  /* Translators: who changed a record and when (UTC), e.g. "coord1 at 2026-01-02T10:00:00Z" */
  return g_strdup_printf (_("%s at %s"), sqlite3_column_text (stmt, 0),
                          sqlite3_column_text (stmt, 1));
}

static gboolean
insert_record (StromaStore            *self,
               const StromaRecordInfo *info,
               StromaRecord           *record,
               GError                **error)
{
  sqlite3_stmt *stmt = self->insert_stmts[info->kind];
  int index = 1;
  int rc;

  if (stmt == NULL)
    {
      g_autoptr(GString) sql = g_string_new (NULL);

      g_string_append_printf (sql, "INSERT INTO \"%s\" (", info->table);
      if (info->per_subject)
        g_string_append (sql, "subject_id, ");
      for (guint i = 0; i < info->n_fields; i++)
        g_string_append_printf (sql, "%s\"%s\"", i ? ", " : "", info->fields[i].name);
      g_string_append (sql, ") VALUES (");
      for (guint i = 0; i < info->n_fields + (info->per_subject ? 1 : 0); i++)
        g_string_append (sql, i ? ", ?" : "?");
      g_string_append (sql, ")");

      rc = sqlite3_prepare_v3 (self->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
      if (rc != SQLITE_OK)
        return _stroma_store_set_error_from_db (self, rc, error, _("Could not save"));
      self->insert_stmts[info->kind] = stmt;
    }

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);

  if (info->per_subject)
    sqlite3_bind_int64 (stmt, index++, record->subject_id);
  for (guint i = 0; i < info->n_fields; i++)
    bind_field (stmt, index++, record, &info->fields[i]);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _stroma_store_set_error_from_db (self, rc, error, _("Could not save"));

  record->id = sqlite3_last_insert_rowid (self->db);
  record->rev = 1;
  if (!info->per_subject)
    record->subject_id = record->id;

  return TRUE;
}

static gboolean
update_record (StromaStore            *self,
               const StromaRecordInfo *info,
               StromaRecord           *record,
               gboolean                voided,
               GError                **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int index = 1;
  int rc;

  g_string_append_printf (sql, "UPDATE \"%s\" SET rev = rev + 1, voided = ?", info->table);
  for (guint i = 0; i < info->n_fields; i++)
    g_string_append_printf (sql, ", \"%s\" = ?", info->fields[i].name);
  g_string_append (sql, " WHERE id = ? AND rev = ?");

  stmt = _stroma_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int (stmt, index++, voided ? 1 : 0);
  for (guint i = 0; i < info->n_fields; i++)
    bind_field (stmt, index++, record, &info->fields[i]);
  sqlite3_bind_int64 (stmt, index++, record->id);
  sqlite3_bind_int64 (stmt, index++, record->rev);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _stroma_store_set_error_from_db (self, rc, error, _("Could not save"));

  if (sqlite3_changes (self->db) == 0)
    {
      g_autofree char *who = last_change (self, info->table, record->id);

      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_STALE,
                   /* Translators: %s is "<user> at <time>" */
                   _("This record was changed by %s since you opened it. Reload it and make "
                     "your change again."), who);
      return FALSE;
    }

  record->rev++;
  record->voided = voided;
  return TRUE;
}

/* An eligibility answer backed by a value must be the answer the criterion's rule gives for
 * that value: the form decides it, and the file does not take a contradiction. */
static gboolean
check_eligibility_answer (StromaStore             *self,
                          const StromaEligibility *answer,
                          gboolean                *judgement,
                          GError                 **error)
{
  const StromaProtocol *protocol = _stroma_store_get_protocol (self, error);
  const StromaCriterion *criterion;

  *judgement = FALSE;
  if (protocol == NULL)
    return FALSE;

  criterion = stroma_protocol_find_criterion (protocol, answer->criterion_id);
  if (criterion == NULL)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_INVALID,
                   _("Protocol %s has no eligibility criterion “%s”."), protocol->id,
                   answer->criterion_id != NULL ? answer->criterion_id : "");
      return FALSE;
    }

  if (g_strcmp0 (answer->answer, "unknown") == 0)
    return TRUE;

  if (criterion->has_rule && isfinite (answer->value))
    {
      gboolean met = stroma_criterion_check (criterion, answer->value);

      if (met != (g_strcmp0 (answer->answer, "met") == 0))
        {
          g_autofree char *rule = stroma_criterion_describe_rule (criterion);

          g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_INVALID,
                       _("Criterion %s: %g %s %s, so the answer is “%s”, not “%s”."),
                       criterion->id, answer->value, met ? _("meets") : _("does not meet"),
                       rule, met ? "met" : "not-met", answer->answer);
          return FALSE;
        }
      return TRUE;
    }

  /* No rule, or a rule answered without its value: the investigator's judgement. */
  *judgement = TRUE;
  return TRUE;
}

/* The role matrix's action for saving @record. */
static gboolean
action_for_save (StromaStore   *self,
                 StromaRecord  *record,
                 StromaAction  *action,
                 GError       **error)
{
  gboolean judgement;

  switch (record->kind)
    {
    case STROMA_RECORD_ADVERSE_EVENT:
      *action = STROMA_ACTION_GRADE_ADVERSE_EVENT;
      return TRUE;
    case STROMA_RECORD_ALLOCATION:
      *action = STROMA_ACTION_RANDOMIZE;
      return TRUE;
    case STROMA_RECORD_ELIGIBILITY:
      if (!check_eligibility_answer (self, (StromaEligibility *) record, &judgement, error))
        return FALSE;
      if (judgement)
        {
          *action = STROMA_ACTION_CONFIRM_ELIGIBILITY;
          return TRUE;
        }
      break;
    case STROMA_RECORD_SUBJECT:
    case STROMA_RECORD_CONSENT:
    case STROMA_RECORD_TRANSPLANT:
    case STROMA_RECORD_CONDITIONING_DOSE:
    case STROMA_RECORD_INFUSION:
    case STROMA_RECORD_LAB_RESULT:
    case STROMA_RECORD_TRANSFUSION:
    case STROMA_RECORD_MEDICATION:
    case STROMA_RECORD_DISPOSITION:
    case STROMA_RECORD_FOLLOW_UP:
    case STROMA_N_RECORD_KINDS:
    default:
      break;
    }

  if (record->id == 0)
    *action = STROMA_ACTION_ENTER_DATA;
  else if (record->voided)
    *action = STROMA_ACTION_VOID_DATA;
  else
    *action = STROMA_ACTION_CORRECT_DATA;

  return TRUE;
}

/**
 * stroma_store_save:
 * @self: a store
 * @context: (nullable): who and why; %NULL inside stroma_store_begin(), which gave one
 * @record: a record; inserted when its id is 0, updated otherwise
 * @error: a #GError
 *
 * Saves one record in a transaction of its own (or in the one under way). An update of a
 * record whose revision moved on since it was loaded is refused, naming who changed it.
 *
 * Returns: %TRUE when saved; @record's id and revision are updated.
 */
gboolean
stroma_store_save (StromaStore             *self,
                   const StromaEditContext *context,
                   gpointer                 record,
                   GError                 **error)
{
  StromaRecord *r = record;
  const StromaRecordInfo *info;
  StromaAction action;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  info = stroma_record_info (r->kind);

  if (!_stroma_store_with_context_begin (self, context, error))
    return FALSE;

  ok = action_for_save (self, r, &action, error) &&
       _stroma_store_check_access (self, action, info->table, error);

  if (ok && r->id == 0)
    ok = insert_record (self, info, r, error);
  else if (ok)
    ok = update_record (self, info, r, r->voided, error);

  if (!ok)
    {
      _stroma_store_with_context_end (self, FALSE, NULL);
      return FALSE;
    }

  return _stroma_store_with_context_end (self, TRUE, error);
}

/**
 * stroma_store_void:
 * @self: a store
 * @context: (nullable): who and why; the reason is required
 * @record: a saved record
 * @error: a #GError
 *
 * Voids a record: it stays in the file and its history, and disappears from loads.
 *
 * Returns: %TRUE when voided.
 */
gboolean
stroma_store_void (StromaStore             *self,
                   const StromaEditContext *context,
                   gpointer                 record,
                   GError                 **error)
{
  StromaRecord *r = record;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (record != NULL && r->id > 0, FALSE);

  if (!_stroma_store_with_context_begin (self, context, error))
    return FALSE;

  if (!_stroma_store_check_access (self, r->kind == STROMA_RECORD_ADVERSE_EVENT
                                         ? STROMA_ACTION_GRADE_ADVERSE_EVENT
                                         : STROMA_ACTION_VOID_DATA,
                                   stroma_record_info (r->kind)->table, error) ||
      !update_record (self, stroma_record_info (r->kind), r, TRUE, error))
    {
      _stroma_store_with_context_end (self, FALSE, NULL);
      return FALSE;
    }

  return _stroma_store_with_context_end (self, TRUE, error);
}

/**
 * stroma_store_load:
 * @self: a store
 * @kind: the kind of record
 * @id: its key
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the record, voided or not.
 */
gpointer
stroma_store_load (StromaStore       *self,
                   StromaRecordKind   kind,
                   gint64             id,
                   GError           **error)
{
  const StromaRecordInfo *info = stroma_record_info (kind);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  sql = select_sql (info, "id = ?");
  stmt = _stroma_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_record (info, stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NOT_FOUND,
                 _("There is no record %lld in %s."), (long long) id, info->table);
  else
    _stroma_store_set_error_from_db (self, rc, error, _("Could not load"));

  return NULL;
}

static GPtrArray *
load_where (StromaStore      *self,
            StromaRecordKind  kind,
            const char       *where,
            gint64            key,
            GError          **error)
{
  const StromaRecordInfo *info = stroma_record_info (kind);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (stroma_record_free);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = select_sql (info, where);
  int rc;

  stmt = _stroma_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  if (strchr (where, '?') != NULL)
    sqlite3_bind_int64 (stmt, 1, key);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (records, read_record (info, stmt));

  if (rc != SQLITE_DONE)
    {
      _stroma_store_set_error_from_db (self, rc, error, _("Could not load"));
      return NULL;
    }

  return g_steal_pointer (&records);
}

/**
 * stroma_store_list_subjects:
 * @self: a store
 * @error: a #GError
 *
 * Returns: (transfer container) (element-type StromaSubject): every subject not voided, by code.
 */
GPtrArray *
stroma_store_list_subjects (StromaStore  *self,
                            GError      **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return load_where (self, STROMA_RECORD_SUBJECT, "voided = 0", 0, error);
}

/**
 * stroma_store_list_allocations:
 * @self: a store
 * @error: a #GError
 *
 * Returns: (transfer container) (element-type StromaAllocation): every allocation made.
 */
GPtrArray *
stroma_store_list_allocations (StromaStore  *self,
                               GError      **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  return load_where (self, STROMA_RECORD_ALLOCATION, "voided = 0", 0, error);
}

/**
 * stroma_store_load_subject_record:
 * @self: a store
 * @subject_id: the subject
 * @error: a #GError
 *
 * Loads everything recorded for one subject, voided records left out, in one read
 * transaction so that the parts agree with each other.
 *
 * Returns: (transfer full) (nullable): the subject's record.
 */
/* Where each kind of record goes in a StromaSubjectRecord: an array, or a single value (the
 * latest one counts when a subject has several, e.g. a re-consent). */
static const struct
{
  StromaRecordKind kind;
  gsize            offset;
  gboolean         single;
} record_slots[] = {
  { STROMA_RECORD_CONSENT, G_STRUCT_OFFSET (StromaSubjectRecord, consent), TRUE },
  { STROMA_RECORD_ALLOCATION, G_STRUCT_OFFSET (StromaSubjectRecord, allocation), TRUE },
  { STROMA_RECORD_TRANSPLANT, G_STRUCT_OFFSET (StromaSubjectRecord, transplant), TRUE },
  { STROMA_RECORD_ELIGIBILITY, G_STRUCT_OFFSET (StromaSubjectRecord, eligibility), FALSE },
  { STROMA_RECORD_CONDITIONING_DOSE, G_STRUCT_OFFSET (StromaSubjectRecord, conditioning), FALSE },
  { STROMA_RECORD_INFUSION, G_STRUCT_OFFSET (StromaSubjectRecord, infusions), FALSE },
  { STROMA_RECORD_LAB_RESULT, G_STRUCT_OFFSET (StromaSubjectRecord, labs), FALSE },
  { STROMA_RECORD_TRANSFUSION, G_STRUCT_OFFSET (StromaSubjectRecord, transfusions), FALSE },
  { STROMA_RECORD_MEDICATION, G_STRUCT_OFFSET (StromaSubjectRecord, medications), FALSE },
  { STROMA_RECORD_ADVERSE_EVENT, G_STRUCT_OFFSET (StromaSubjectRecord, adverse_events), FALSE },
  { STROMA_RECORD_DISPOSITION, G_STRUCT_OFFSET (StromaSubjectRecord, dispositions), FALSE },
  { STROMA_RECORD_FOLLOW_UP, G_STRUCT_OFFSET (StromaSubjectRecord, follow_ups), FALSE },
};

static void
place_record (StromaSubjectRecord *record,
              guint                slot,
              gpointer             item)
{
  gpointer *p = (gpointer *) ((guint8 *) record + record_slots[slot].offset);

  if (record_slots[slot].single)
    {
      stroma_record_free (*p);
      *p = item;
    }
  else
    g_ptr_array_add (*p, item);
}

StromaSubjectRecord *
stroma_store_load_subject_record (StromaStore  *self,
                                  gint64        subject_id,
                                  GError      **error)
{
  g_autoptr(StromaSubjectRecord) record = NULL;
  const char *where = "subject_id = ? AND voided = 0";
  gboolean in_tx;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  record = stroma_subject_record_new ();

  in_tx = self->depth == 0 && _stroma_store_exec (self, "BEGIN", NULL);

  record->subject = stroma_store_load (self, STROMA_RECORD_SUBJECT, subject_id, error);
  if (record->subject == NULL)
    goto out;

  for (guint i = 0; i < G_N_ELEMENTS (record_slots); i++)
    {
      g_autoptr(GPtrArray) loaded = load_where (self, record_slots[i].kind, where, subject_id,
                                                error);

      if (loaded == NULL)
        goto out;
      for (guint k = 0; k < loaded->len; k++)
        place_record (record, i, g_steal_pointer (&loaded->pdata[k]));
    }

  ok = TRUE;

out:
  if (in_tx)
    _stroma_store_exec (self, "COMMIT", NULL);

  return ok ? g_steal_pointer (&record) : NULL;
}

/**
 * stroma_store_load_all_records:
 * @self: a store
 * @error: a #GError
 *
 * Loads every subject's record, in subject-code order, with one query per kind of record and
 * in one read transaction: what the trial-wide analyses and the workbook walk.
 *
 * Returns: (transfer container) (element-type StromaSubjectRecord) (nullable): the records.
 */
GPtrArray *
stroma_store_load_all_records (StromaStore  *self,
                               GError      **error)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean in_tx;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  in_tx = self->depth == 0 && _stroma_store_exec (self, "BEGIN", NULL);

  subjects = load_where (self, STROMA_RECORD_SUBJECT, "voided = 0", 0, error);
  if (subjects == NULL)
    goto out;

  records = g_ptr_array_new_full (subjects->len, (GDestroyNotify) stroma_subject_record_free);
  for (guint i = 0; i < subjects->len; i++)
    {
      StromaSubjectRecord *r = stroma_subject_record_new ();

      r->subject = g_steal_pointer (&subjects->pdata[i]);
      g_hash_table_insert (by_id, &r->subject->parent.id, r);
      g_ptr_array_add (records, r);
    }

  for (guint i = 0; i < G_N_ELEMENTS (record_slots); i++)
    {
      g_autoptr(GPtrArray) loaded = load_where (self, record_slots[i].kind, "voided = 0", 0,
                                                error);

      if (loaded == NULL)
        goto out;

      /* Stable order within each subject: the kind's own order, as the loader sorted. */
      for (guint k = 0; k < loaded->len; k++)
        {
          StromaRecord *item = loaded->pdata[k];
          StromaSubjectRecord *owner = g_hash_table_lookup (by_id, &item->subject_id);

          if (owner != NULL)
            place_record (owner, i, g_steal_pointer (&loaded->pdata[k]));
        }
    }

  ok = TRUE;

out:
  if (in_tx)
    _stroma_store_exec (self, "COMMIT", NULL);

  return ok ? g_steal_pointer (&records) : NULL;
}

/**
 * stroma_store_foreach_subject_record:
 * @self: a store
 * @func: (scope call): called with each subject's record, which it owns
 * @user_data: for @func
 * @error: a #GError
 *
 * Loads every subject's record, in subject-code order, one subject at a time: what a walk over
 * a large trial uses instead of stroma_store_load_all_records(), so that only one subject is
 * in memory. Runs in the caller's read transaction when one is open (so that every subject
 * comes from the same state of the file), else in one of its own. @func returns %FALSE, with
 * its error set, to stop the walk.
 *
 * Returns: %TRUE when every subject was passed to @func.
 */
gboolean
stroma_store_foreach_subject_record (StromaStore              *self,
                                     StromaSubjectRecordFunc   func,
                                     gpointer                  user_data,
                                     GError                  **error)
{
  g_autoptr(GPtrArray) subjects = NULL;
  sqlite3_stmt *stmts[G_N_ELEMENTS (record_slots)] = { NULL };
  gboolean in_tx;
  gboolean ok = FALSE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  in_tx = sqlite3_get_autocommit (self->db) && _stroma_store_exec (self, "BEGIN", NULL);

  subjects = load_where (self, STROMA_RECORD_SUBJECT, "voided = 0", 0, error);
  if (subjects == NULL)
    goto out;

  /* One statement per kind of record, prepared once and bound to each subject in turn. */
  for (guint i = 0; i < G_N_ELEMENTS (record_slots); i++)
    {
      g_autofree char *sql = select_sql (stroma_record_info (record_slots[i].kind),
                                         "subject_id = ?1 AND voided = 0");

      stmts[i] = _stroma_store_prepare (self, sql, error);
      if (stmts[i] == NULL)
        goto out;
    }

  for (guint s = 0; s < subjects->len; s++)
    {
      g_autoptr(StromaSubjectRecord) record = stroma_subject_record_new ();

      record->subject = g_steal_pointer (&subjects->pdata[s]);

      for (guint i = 0; i < G_N_ELEMENTS (record_slots); i++)
        {
          const StromaRecordInfo *info = stroma_record_info (record_slots[i].kind);
          int rc;

          sqlite3_reset (stmts[i]);
          sqlite3_bind_int64 (stmts[i], 1, record->subject->parent.id);
          while ((rc = sqlite3_step (stmts[i])) == SQLITE_ROW)
            place_record (record, i, read_record (info, stmts[i]));
          if (rc != SQLITE_DONE)
            {
              _stroma_store_set_error_from_db (self, rc, error, _("Could not load"));
              goto out;
            }
        }

      if (!func (g_steal_pointer (&record), user_data, error))
        goto out;
    }

  ok = TRUE;

out:
  for (guint i = 0; i < G_N_ELEMENTS (record_slots); i++)
    g_clear_pointer (&stmts[i], sqlite3_finalize);
  if (in_tx)
    _stroma_store_exec (self, "COMMIT", NULL);

  return ok;
}

/**
 * stroma_store_count_subject_records:
 * @self: a store
 * @kind: a kind of record
 *
 * Returns: the number of records of @kind that a load returns: not voided, and belonging to a
 *   subject that is not voided (subjects themselves for %STROMA_RECORD_SUBJECT); -1 on error.
 */
gint64
stroma_store_count_subject_records (StromaStore      *self,
                                    StromaRecordKind  kind)
{
  const StromaRecordInfo *info = stroma_record_info (kind);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *sql = NULL;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (info != NULL, -1);

  if (kind == STROMA_RECORD_SUBJECT)
    sql = g_strdup ("SELECT count(*) FROM subjects WHERE voided = 0");
  else
    sql = g_strdup_printf ("SELECT count(*) FROM \"%s\" AS r JOIN subjects AS s "
                           "ON s.id = r.subject_id WHERE r.voided = 0 AND s.voided = 0",
                           info->table);

  stmt = _stroma_store_prepare (self, sql, NULL);
  if (stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW)
    return -1;

  return sqlite3_column_int64 (stmt, 0);
}

/**
 * stroma_store_add_user:
 * @self: a store
 * @context: who adds the user, and why
 * @username: a login name: lowercase letters, digits, dots
 * @display_name: the printed name shown beside signatures and in the audit trail
 * @role: investigator, coordinator, sponsor or administrator
 * @error: a #GError
 *
 * Returns: %TRUE when the user was added.
 */
gboolean
stroma_store_add_user (StromaStore             *self,
                       const StromaEditContext *context,
                       const char              *username,
                       const char              *display_name,
                       const char              *role,
                       GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (username != NULL && display_name != NULL && role != NULL, FALSE);

  if (!_stroma_store_with_context_begin (self, context, error))
    return FALSE;

  if (!_stroma_store_check_access (self, STROMA_ACTION_MANAGE_USERS, "users", error))
    return _stroma_store_with_context_end (self, FALSE, NULL);

  stmt = _stroma_store_prepare (self,
                                "INSERT INTO users (username, display_name, role) VALUES (?, ?, ?)",
                                error);
  if (stmt == NULL)
    return _stroma_store_with_context_end (self, FALSE, NULL);

  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, role, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    {
      _stroma_store_set_error_from_db (self, rc, error, _("Could not add the user"));
      return _stroma_store_with_context_end (self, FALSE, NULL);
    }

  return _stroma_store_with_context_end (self, TRUE, error);
}

/**
 * stroma_store_set_randomization_list:
 * @self: a store
 * @context: who generated the list
 * @entries: (element-type StromaRandomizationEntry): the list
 * @error: a #GError
 *
 * Stores the trial's concealed allocation list, once. The audit trail records that a list was
 * generated, its size and its SHA-256, never its content.
 *
 * Returns: %TRUE when stored.
 */
gboolean
stroma_store_set_randomization_list (StromaStore             *self,
                                     const StromaEditContext *context,
                                     GPtrArray               *entries,
                                     GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *what = NULL;
  gint64 existing;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (entries != NULL, FALSE);

  if (!_stroma_store_with_context_begin (self, context, error))
    return FALSE;

  if (!_stroma_store_check_access (self, STROMA_ACTION_GENERATE_LIST, "randomization_list",
                                   error))
    return _stroma_store_with_context_end (self, FALSE, NULL);

  existing = stroma_store_count (self, "randomization_list");
  if (existing != 0)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                   _("This trial already has a randomization list; it is generated only once."));
      return _stroma_store_with_context_end (self, FALSE, NULL);
    }

  stmt = _stroma_store_prepare (self,
                                "INSERT INTO randomization_list (stratum, sequence, block, arm) "
                                "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return _stroma_store_with_context_end (self, FALSE, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      StromaRandomizationEntry *e = entries->pdata[i];
      g_autofree char *line = g_strdup_printf ("%s\t%u\t%u\t%s\n", e->stratum, e->sequence,
                                               e->block, e->arm);
      int rc;

      sqlite3_reset (stmt);
      sqlite3_bind_text (stmt, 1, e->stratum, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 2, (int) e->sequence);
      sqlite3_bind_int (stmt, 3, (int) e->block);
      sqlite3_bind_text (stmt, 4, e->arm, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_DONE)
        {
          _stroma_store_set_error_from_db (self, rc, error,
                                           _("Could not store the randomization list"));
          return _stroma_store_with_context_end (self, FALSE, NULL);
        }
      g_checksum_update (sum, (const guchar *)line, -1);
    }

  what = g_strdup_printf ("randomization list generated: %u entries, sha256 %s", entries->len,
                          g_checksum_get_string (sum));
  if (!_stroma_store_log_event (self, "randomization_list", 0, what, error))
    return _stroma_store_with_context_end (self, FALSE, NULL);

  return _stroma_store_with_context_end (self, TRUE, error);
}

/**
 * stroma_store_allocate:
 * @self: a store
 * @context: who randomizes
 * @subject_id: the subject
 * @stratum: the subject's stratum
 * @error: a #GError
 *
 * Allocates the subject to the next arm of the stratum's list, strictly in sequence, and marks
 * the subject randomized. Irreversible: a subject is allocated once.
 *
 * Returns: (transfer full) (nullable): the allocation.
 */
StromaAllocation *
stroma_store_allocate (StromaStore             *self,
                       const StromaEditContext *context,
                       gint64                   subject_id,
                       const char              *stratum,
                       GError                 **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(StromaAllocation) allocation = NULL;
  g_autoptr(StromaSubject) subject = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (stratum != NULL, NULL);

  if (!_stroma_store_with_context_begin (self, context, error))
    return NULL;

  if (!_stroma_store_check_access (self, STROMA_ACTION_RANDOMIZE, "allocations", error))
    goto fail;

  subject = stroma_store_load (self, STROMA_RECORD_SUBJECT, subject_id, error);
  if (subject == NULL)
    goto fail;

  stmt = _stroma_store_prepare (self,
                                "SELECT l.sequence, l.arm, "
                                " (SELECT count (*) FROM allocations WHERE subject_id = ?3) "
                                "FROM randomization_list AS l WHERE l.stratum = ?1 "
                                "AND l.sequence = (SELECT coalesce (max (sequence), 0) + 1 "
                                "                  FROM allocations WHERE stratum = ?1)", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, stratum, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, subject_id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      if (rc == SQLITE_DONE)
        g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                     _("The randomization list of stratum “%s” is used up or missing; ask the "
                       "trial statistician."), stratum);
      else
        _stroma_store_set_error_from_db (self, rc, error, _("Could not randomize"));
      goto fail;
    }

  if (sqlite3_column_int64 (stmt, 2) > 0)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                   _("Subject %s is already randomized; an allocation is never repeated."),
                   subject->code);
      goto fail;
    }

  allocation = stroma_record_new (STROMA_RECORD_ALLOCATION);
  allocation->parent.subject_id = subject_id;
  allocation->stratum = g_strdup (stratum);
  allocation->sequence = sqlite3_column_int64 (stmt, 0);
  allocation->arm = g_strdup ((const char *)sqlite3_column_text (stmt, 1));
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    allocation->allocated_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
  }
  allocation->allocated_by = g_strdup (self->context->user);
  g_clear_pointer (&stmt, sqlite3_finalize);

  if (!stroma_store_save (self, NULL, allocation, error))
    goto fail;

  {
    StromaEditContext status_context = { self->context->user, "randomized" };

    g_free (subject->status);
    subject->status = g_strdup ("randomized");
    if (!stroma_store_save (self, &status_context, subject, error))
      goto fail;
  }

  if (!_stroma_store_with_context_end (self, TRUE, error))
    return NULL;

  return g_steal_pointer (&allocation);

fail:
  _stroma_store_with_context_end (self, FALSE, NULL);
  return NULL;
}

/* The subject's value of the protocol's stratification field (e.g. donor_type). */
static const char *
subject_stratum (const StromaProtocol *protocol,
                 const StromaSubject  *subject)
{
  const StromaRecordInfo *info = stroma_record_info (STROMA_RECORD_SUBJECT);

  if (protocol->stratify_by == NULL)
    return "all";

  for (guint i = 0; i < info->n_fields; i++)
    if (g_str_equal (info->fields[i].name, protocol->stratify_by) &&
        info->fields[i].type == STROMA_FIELD_STRING)
      return *(char * const *) ((const guint8 *) subject + info->fields[i].offset);

  return NULL;
}

/**
 * stroma_store_randomize:
 * @self: a store
 * @context: who randomizes
 * @subject_id: the subject
 * @error: a #GError
 *
 * Randomizes one subject as the protocol says: only a consented subject whose eligibility
 * checklist is complete and passed, in the stratum the subject's own data names (the
 * protocol's stratification field, e.g. the donor type), from the concealed list, once.
 *
 * Returns: (transfer full) (nullable): the allocation
 */
StromaAllocation *
stroma_store_randomize (StromaStore             *self,
                        const StromaEditContext *context,
                        gint64                   subject_id,
                        GError                 **error)
{
  g_autoptr(StromaSubjectRecord) record = NULL;
  g_autoptr(StromaEligibilityAssessment) eligibility = NULL;
  const StromaProtocol *protocol;
  const char *stratum;

  g_return_val_if_fail (self != NULL, NULL);

  if ((protocol = _stroma_store_get_protocol (self, error)) == NULL ||
      (record = stroma_store_load_subject_record (self, subject_id, error)) == NULL)
    return NULL;

  if (g_strcmp0 (protocol->allocation_method, "cohort") == 0)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                   _("Protocol %s assigns subjects to dose-level cohorts; it does not "
                     "randomize."), protocol->id);
      return NULL;
    }

  if (record->allocation != NULL)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                   _("Subject %s is already randomized; an allocation is never repeated."),
                   record->subject->code);
      return NULL;
    }

  if (g_strcmp0 (record->subject->status, "screening") != 0 &&
      g_strcmp0 (record->subject->status, "enrolled") != 0)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                   _("Subject %s is “%s”; only a subject in screening or enrolled is "
                     "randomized."), record->subject->code,
                   stroma_subject_status_label (record->subject->status));
      return NULL;
    }

  if (record->consent == NULL)
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                   _("Subject %s has no informed consent on record; record the consent "
                     "date first."), record->subject->code);
      return NULL;
    }

  eligibility = stroma_eligibility_from_record (protocol, record);
  if (!eligibility->eligible)
    {
      if (eligibility->failed)
        g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                     _("Subject %s does not meet the eligibility criteria."),
                     record->subject->code);
      else
        g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Subject %s has %u eligibility criterion still open.",
                                  "Subject %s has %u eligibility criteria still open.",
                                  eligibility->n_open),
                     record->subject->code, eligibility->n_open);
      return NULL;
    }

  stratum = subject_stratum (protocol, record->subject);
  if (stratum == NULL ||
      (protocol->stratify_by != NULL &&
       stroma_protocol_get_stratum_label (protocol, stratum) == NULL))
    {
      g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_REFUSED,
                   _("Subject %s has no valid %s to randomize in; enter it first."),
                   record->subject->code, protocol->stratify_by);
      return NULL;
    }

  return stroma_store_allocate (self, context, subject_id, stratum, error);
}
