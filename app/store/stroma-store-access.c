/* stroma-store-access.c — accounts and the role matrix, enforced where data is written
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write names its user in the edit context. Once a trial has named accounts, the store
 * looks that user up and lets the write through only when core/stroma-roles.c allows the
 * user's role the action (RELIABILITY AC-2): hiding a button is a courtesy, this is the rule.
 * A trial file without named accounts — just created, or a test fixture — is being set up and
 * is open to whoever sets it up; the first account closes it.
 *
 * A refused write is an audit event (AT-6). It is written after the transaction it was
 * attempted in has ended, in a transaction of its own, so rolling back the attempt cannot
 * erase the record of it.
 */

#define G_LOG_DOMAIN "stroma-store"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-store-private.h"

typedef struct
{
  char   *user;
  gint64  user_id;
  char   *what;
} Denial;

static void
denial_free (Denial *d)
{
  g_free (d->user);
  g_free (d->what);
  g_free (d);
}

void
stroma_user_free (StromaUser *user)
{
  if (user == NULL)
    return;

  g_free (user->username);
  g_free (user->display_name);
  g_free (user->role);
  g_free (user);
}

static StromaUser *
read_user (sqlite3_stmt *stmt)
{
  StromaUser *user = g_new0 (StromaUser, 1);

  user->id = sqlite3_column_int64 (stmt, 0);
  user->username = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  user->display_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  user->role = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  user->active = sqlite3_column_int (stmt, 4) != 0;
  return user;
}

/**
 * stroma_store_list_users:
 * @self: a store
 * @error: a #GError
 *
 * The people who may sign in to the trial: every account but Stroma's own, by user name.
 *
 * Returns: (transfer container) (element-type StromaUser) (nullable): the accounts
 */
GPtrArray *
stroma_store_list_users (StromaStore  *self,
                         GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) users = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);

  stmt = _stroma_store_prepare (self,
                                "SELECT id, username, display_name, role, active FROM users "
                                "WHERE role <> 'system' AND voided = 0 ORDER BY username", error);
  if (stmt == NULL)
    return NULL;

  users = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_user_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (users, read_user (stmt));

  if (rc != SQLITE_DONE)
    {
      _stroma_store_set_error_from_db (self, rc, error, _("Could not read the users"));
      return NULL;
    }

  return g_steal_pointer (&users);
}

/**
 * stroma_store_find_user:
 * @self: a store
 * @username: a user name
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the account, or %NULL with
 *   %STROMA_STORE_ERROR_NOT_FOUND
 */
StromaUser *
stroma_store_find_user (StromaStore  *self,
                        const char   *username,
                        GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (username != NULL, NULL);

  stmt = _stroma_store_prepare (self,
                                "SELECT id, username, display_name, role, active FROM users "
                                "WHERE username = ? AND voided = 0", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return read_user (stmt);

  if (rc == SQLITE_DONE)
    g_set_error (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_NOT_FOUND,
                 _("“%s” is not a user of this trial."), username);
  else
    _stroma_store_set_error_from_db (self, rc, error, _("Could not read the users"));

  return NULL;
}

/**
 * stroma_store_has_accounts:
 * @self: a store
 *
 * Returns: %TRUE once the trial has named accounts, and so enforces the role matrix
 */
gboolean
stroma_store_has_accounts (StromaStore *self)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  g_return_val_if_fail (self != NULL, FALSE);

  stmt = _stroma_store_prepare (self, "SELECT EXISTS (SELECT 1 FROM users "
                                      "WHERE role <> 'system')", NULL);

  /* A file whose users cannot be read enforces everything: safer than nothing. */
  return stmt == NULL || sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 0;
}

/* Whether @username may do @action; on refusal, a message for the user and the user's id. */
static gboolean
decide (StromaStore   *self,
        const char    *username,
        StromaAction   action,
        char         **refusal,
        gint64        *user_id)
{
  g_autoptr(StromaUser) user = NULL;
  StromaRole role;

  *user_id = 0;

  if (!stroma_store_has_accounts (self))
    return TRUE;

  if (username == NULL || (user = stroma_store_find_user (self, username, NULL)) == NULL)
    {
      *refusal = g_strdup_printf (_("“%s” is not a user of this trial, so it may not %s."),
                                  username != NULL ? username : "", stroma_action_label (action));
      return FALSE;
    }

  *user_id = user->id;

  if (!user->active)
    {
      *refusal = g_strdup_printf (_("The account “%s” is disabled."), username);
      return FALSE;
    }

  if (!stroma_role_from_string (user->role, &role) || !stroma_role_may (role, action))
    {
      *refusal = g_strdup_printf (/* Translators: "coord.liu (Study coordinator) may not record
                                   * and grade adverse events." */
                                  _("%s (%s) may not %s."), username,
                                  stroma_role_from_string (user->role, &role)
                                  ? stroma_role_label (role) : user->role,
                                  stroma_action_label (action));
      return FALSE;
    }

  return TRUE;
}

/**
 * stroma_store_user_may:
 * @self: a store
 * @username: (nullable): a user name
 * @action: an action
 *
 * What the window asks to grey out what the user may not do. Logs nothing; the store checks
 * again, and logs, when the user tries.
 *
 * Returns: %TRUE when the role matrix lets @username do @action in this trial
 */
gboolean
stroma_store_user_may (StromaStore  *self,
                       const char   *username,
                       StromaAction  action)
{
  g_autofree char *refusal = NULL;
  gint64 id;

  g_return_val_if_fail (self != NULL, FALSE);

  return decide (self, username, action, &refusal, &id);
}

/*
 * Called with the edit context of the write in place (inside its transaction). Refuses with
 * STROMA_STORE_ERROR_DENIED and queues the refusal for the audit trail.
 */
gboolean
_stroma_store_check_access (StromaStore  *self,
                            StromaAction  action,
                            const char   *what,
                            GError      **error)
{
  g_autofree char *refusal = NULL;
  const char *user = self->context != NULL ? self->context->user : NULL;
  gint64 user_id = 0;
  Denial *denial;

  if (decide (self, user, action, &refusal, &user_id))
    return TRUE;

  g_set_error_literal (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DENIED, refusal);

  denial = g_new0 (Denial, 1);
  denial->user = g_strdup (user != NULL && *user != '\0' ? user : "unknown");
  denial->user_id = user_id;
  denial->what = g_strdup_printf ("access denied: %s%s%s", stroma_action_to_string (action),
                                  what != NULL ? " on " : "", what != NULL ? what : "");
  if (self->pending_denials == NULL)
    self->pending_denials = g_ptr_array_new_with_free_func ((GDestroyNotify) denial_free);
  g_ptr_array_add (self->pending_denials, denial);

  g_debug ("%s", denial->what);
  return FALSE;
}

/*
 * Writes the queued refusals, each as an "event" row of the users table under the refused
 * user's name. Runs when no transaction is open.
 */
void
_stroma_store_flush_denials (StromaStore *self)
{
  g_autoptr(GPtrArray) denials = NULL;

  if (self->pending_denials == NULL || self->pending_denials->len == 0 || self->depth > 0 ||
      self->read_only)
    return;

  denials = g_steal_pointer (&self->pending_denials);

  for (guint i = 0; i < denials->len; i++)
    {
      Denial *d = denials->pdata[i];
      StromaEditContext context = { d->user, "access denied" };
      const StromaEditContext *saved = self->context;
      g_autoptr(GError) error = NULL;
      gboolean ok;

      if (!_stroma_store_exec (self, "BEGIN IMMEDIATE", &error))
        {
          g_warning ("Could not log a refused change: %s", error->message);
          continue;
        }

      self->context = &context;
      ok = _stroma_store_log_event (self, "users", d->user_id, d->what, &error);
      self->context = saved;

      if (!ok || !_stroma_store_exec (self, "COMMIT", &error))
        {
          g_warning ("Could not log a refused change: %s", error ? error->message : "");
          _stroma_store_exec (self, "ROLLBACK", NULL);
        }
    }
}

/**
 * stroma_store_authorize:
 * @self: a store
 * @context: who asks
 * @action: what they want to do
 * @what: (nullable): on what, for the audit trail
 * @error: a #GError
 *
 * Checks an action that is not itself a write to the trial file (an export, say) against the
 * role matrix; a refusal is logged like a refused write.
 *
 * Returns: %TRUE when allowed
 */
gboolean
stroma_store_authorize (StromaStore             *self,
                        const StromaEditContext *context,
                        StromaAction             action,
                        const char              *what,
                        GError                 **error)
{
  const StromaEditContext *saved;
  gboolean ok;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (context != NULL, FALSE);

  saved = self->context;
  self->context = context;
  ok = _stroma_store_check_access (self, action, what, error);
  self->context = saved;

  _stroma_store_flush_denials (self);
  return ok;
}

/*
 * The protocol the trial runs under, loaded once: the store reads its eligibility rules and
 * strata when it checks answers and randomizes.
 */
const StromaProtocol *
_stroma_store_get_protocol (StromaStore  *self,
                            GError      **error)
{
  if (self->protocol == NULL)
    self->protocol = stroma_store_load_protocol (self, error);

  return self->protocol;
}
