/* stroma-desk.c — the coordinator's desk: who is signed in to the open trial
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every save names its user in the edit context, and the store checks that user's role
 * (RELIABILITY AC-2). The desk holds who that is for one window: one of the trial's accounts,
 * picked at sign-in and remembered for the trial file while Stroma runs. Passwords are not
 * asked yet (AC-1): picking the account is the sign-in. A trial without accounts records
 * entries under the computer's login name.
 *
 * The desk also answers "today" and "now" in the site's time zone — this computer's — so that
 * forms default to them and the store keeps UTC (AT-9).
 */

#define G_LOG_DOMAIN "stroma-desk"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-desk.h"

struct _StromaDesk
{
  GObject      parent_instance;

  StromaTrial *trial;
  GPtrArray   *users;        /* StromaUser*, the trial's accounts */
  char        *user;         /* signed in; NULL for nobody */
  char        *time_zone;
};

enum {
  PROP_0,
  PROP_TRIAL,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Who was signed in to which trial file, while Stroma runs. */
static GHashTable *remembered;

G_DEFINE_FINAL_TYPE (StromaDesk, stroma_desk, G_TYPE_OBJECT)

static void
stroma_desk_finalize (GObject *object)
{
  StromaDesk *self = STROMA_DESK (object);

  g_clear_object (&self->trial);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  g_clear_pointer (&self->user, g_free);
  g_clear_pointer (&self->time_zone, g_free);

  G_OBJECT_CLASS (stroma_desk_parent_class)->finalize (object);
}

static void
stroma_desk_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  StromaDesk *self = STROMA_DESK (object);

  switch (prop_id)
    {
    case PROP_TRIAL:
      g_value_set_object (value, self->trial);
      break;
    case PROP_USER:
      g_value_set_string (value, self->user);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_desk_class_init (StromaDeskClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = stroma_desk_finalize;
  object_class->get_property = stroma_desk_get_property;

  properties[PROP_TRIAL] =
    g_param_spec_object ("trial", NULL, NULL, STROMA_TYPE_TRIAL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
stroma_desk_init (StromaDesk *self)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();

  self->time_zone = g_strdup (g_time_zone_get_identifier (zone));
  if (remembered == NULL)
    remembered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

StromaDesk *
stroma_desk_new (void)
{
  return g_object_new (STROMA_TYPE_DESK, NULL);
}

/**
 * stroma_desk_get_trial:
 * @self: a desk
 *
 * Returns: (transfer none) (nullable): the open trial
 */
StromaTrial *
stroma_desk_get_trial (StromaDesk *self)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), NULL);
  return self->trial;
}

static void
set_user (StromaDesk *self,
          const char *username)
{
  if (g_strcmp0 (self->user, username) == 0)
    return;

  g_free (self->user);
  self->user = g_strdup (username);
  if (self->trial != NULL && username != NULL)
    g_hash_table_replace (remembered,
                          g_strdup (stroma_store_get_path (stroma_trial_get_store (self->trial))),
                          g_strdup (username));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

/**
 * stroma_desk_set_trial:
 * @self: a desk
 * @trial: (nullable): the trial the window shows
 *
 * Reads the trial's accounts and signs in whoever was signed in to this trial file last while
 * Stroma ran; nobody otherwise.
 */
void
stroma_desk_set_trial (StromaDesk  *self,
                       StromaTrial *trial)
{
  g_autoptr(GError) error = NULL;
  const char *last = NULL;

  g_return_if_fail (STROMA_IS_DESK (self));
  g_return_if_fail (trial == NULL || STROMA_IS_TRIAL (trial));

  if (!g_set_object (&self->trial, trial))
    return;

  g_clear_pointer (&self->users, g_ptr_array_unref);
  if (trial != NULL)
    {
      StromaStore *store = stroma_trial_get_store (trial);
      const StromaProtocol *protocol = stroma_trial_get_protocol (trial);

      /* The site's clock, as the protocol names it; this computer's otherwise. */
      if (protocol->time_zone != NULL)
        {
          g_free (self->time_zone);
          self->time_zone = g_strdup (protocol->time_zone);
        }

      self->users = stroma_store_list_users (store, &error);
      if (self->users == NULL)
        g_warning ("Could not read the trial's users: %s", error->message);
      last = g_hash_table_lookup (remembered, stroma_store_get_path (store));
    }

  g_clear_pointer (&self->user, g_free);
  if (trial != NULL && !stroma_store_has_accounts (stroma_trial_get_store (trial)))
    self->user = g_strdup (g_get_user_name ());
  else if (last != NULL)
    self->user = g_strdup (last);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIAL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER]);
}

/**
 * stroma_desk_get_store:
 * @self: a desk
 *
 * Returns: (transfer none) (nullable): the open trial's store
 */
StromaStore *
stroma_desk_get_store (StromaDesk *self)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), NULL);
  return self->trial != NULL ? stroma_trial_get_store (self->trial) : NULL;
}

/**
 * stroma_desk_get_protocol:
 * @self: a desk
 *
 * Returns: (transfer none) (nullable): the open trial's protocol
 */
const StromaProtocol *
stroma_desk_get_protocol (StromaDesk *self)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), NULL);
  return self->trial != NULL ? stroma_trial_get_protocol (self->trial) : NULL;
}

/**
 * stroma_desk_get_users:
 * @self: a desk
 *
 * Returns: (transfer none) (element-type StromaUser) (nullable): the trial's accounts
 */
GPtrArray *
stroma_desk_get_users (StromaDesk *self)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), NULL);
  return self->users;
}

/**
 * stroma_desk_get_user:
 * @self: a desk
 *
 * Returns: (nullable): the user name signed in, or %NULL for nobody
 */
const char *
stroma_desk_get_user (StromaDesk *self)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), NULL);
  return self->user;
}

/**
 * stroma_desk_set_user:
 * @self: a desk
 * @username: (nullable): one of the trial's accounts, or %NULL to sign out
 *
 * Returns: %TRUE when @username is an active account of the trial (or %NULL)
 */
gboolean
stroma_desk_set_user (StromaDesk *self,
                      const char *username)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), FALSE);

  if (username != NULL)
    {
      gboolean found = FALSE;

      for (guint i = 0; self->users != NULL && i < self->users->len; i++)
        {
          const StromaUser *u = self->users->pdata[i];

          found |= g_str_equal (u->username, username) && u->active;
        }
      if (!found)
        return FALSE;
    }

  set_user (self, username);
  return TRUE;
}

/**
 * stroma_desk_describe_user:
 * @self: a desk
 *
 * Returns: (transfer full): "Liu Min · Study coordinator", or "Sign In" for nobody
 */
char *
stroma_desk_describe_user (StromaDesk *self)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), NULL);

  if (self->user == NULL)
    /* Translators: the header button when nobody is signed in */
    return g_strdup (_("Sign In"));

  for (guint i = 0; self->users != NULL && i < self->users->len; i++)
    {
      const StromaUser *u = self->users->pdata[i];
      StromaRole role;

      if (g_str_equal (u->username, self->user) && stroma_role_from_string (u->role, &role))
        /* Translators: the signed-in user: "coord.liu · Study coordinator" */
        return g_strdup_printf (_("%s · %s"), u->username, stroma_role_label (role));
    }

  return g_strdup (self->user);
}

/**
 * stroma_desk_may:
 * @self: a desk
 * @action: an action
 *
 * Mirrors the store's role matrix for the signed-in user, to grey out what they may not do;
 * the store decides again when they try.
 *
 * Returns: %TRUE when the signed-in user may do @action
 */
gboolean
stroma_desk_may (StromaDesk   *self,
                 StromaAction  action)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), FALSE);

  if (self->trial == NULL)
    return FALSE;
  if (action == STROMA_ACTION_READ)
    return TRUE;
  if (self->user == NULL || stroma_store_is_read_only (stroma_desk_get_store (self)))
    return FALSE;

  return stroma_store_user_may (stroma_desk_get_store (self), self->user, action);
}

/**
 * stroma_desk_context:
 * @self: a desk
 * @reason: (nullable): why; %NULL for a first entry
 *
 * Returns: the edit context of a save by the signed-in user; it borrows @reason and the
 *   desk's user name
 */
StromaEditContext
stroma_desk_context (StromaDesk *self,
                     const char *reason)
{
  StromaEditContext context = { NULL, reason };

  g_return_val_if_fail (STROMA_IS_DESK (self), context);
  context.user = self->user;
  return context;
}

/**
 * stroma_desk_today:
 * @self: a desk
 *
 * Returns: (transfer full): today's ISO date at the site
 */
char *
stroma_desk_today (StromaDesk *self)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (self->time_zone);
  g_autoptr(GDateTime) now = zone != NULL ? g_date_time_new_now (zone)
                                          : g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/**
 * stroma_desk_now_time:
 * @self: a desk
 *
 * Returns: (transfer full): the time of day at the site, "HH:MM"
 */
char *
stroma_desk_now_time (StromaDesk *self)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (self->time_zone);
  g_autoptr(GDateTime) now = zone != NULL ? g_date_time_new_now (zone)
                                          : g_date_time_new_now_local ();

  return g_date_time_format (now, "%H:%M");
}

/**
 * stroma_desk_get_time_zone:
 * @self: a desk
 *
 * Returns: the site's time zone, e.g. "Asia/Shanghai"
 */
const char *
stroma_desk_get_time_zone (StromaDesk *self)
{
  g_return_val_if_fail (STROMA_IS_DESK (self), NULL);
  return self->time_zone;
}

/**
 * stroma_desk_local_time:
 * @self: a desk
 * @utc: a UTC time as stored, "…Z"
 * @date: (out) (optional) (transfer full): its date at the site
 *
 * Returns: (transfer full) (nullable): its time of day at the site, "HH:MM"
 */
char *
stroma_desk_local_time (StromaDesk  *self,
                        const char  *utc,
                        char       **date)
{
  g_autoptr(GDateTime) t = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL || (t = g_date_time_new_from_iso8601 (utc, NULL)) == NULL)
    return NULL;

  local = g_date_time_to_local (t);
  if (date != NULL)
    *date = g_date_time_format (local, "%Y-%m-%d");
  return g_date_time_format (local, "%H:%M");
}

/**
 * stroma_desk_saved:
 * @self: a desk
 * @subject_id: the subject whose data was saved
 *
 * Reloads the subject list and tells every view that the subject changed.
 */
void
stroma_desk_saved (StromaDesk *self,
                   gint64      subject_id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (STROMA_IS_DESK (self));

  if (self->trial == NULL)
    return;

  if (!stroma_trial_reload (self->trial, &error))
    g_warning ("Could not reload the subjects: %s", error->message);
  stroma_trial_notify_changed (self->trial, subject_id);
}
