/* stroma-trial.c — the open trial, shared by the window's views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One object per open trial file: the store, the protocol it runs under, and the subjects as a
 * list model. Views read from it; whoever saves through the store calls
 * stroma_trial_notify_changed() so that every view showing that subject refreshes.
 */

#define G_LOG_DOMAIN "stroma-trial"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-subject-item.h"
#include "stroma-trial.h"

struct _StromaTrial
{
  GObject         parent_instance;

  StromaStore    *store;
  StromaProtocol *protocol;
  GListStore     *subjects;
  char           *title;
  char           *data_cut;
  gboolean        synthetic;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SYNTHETIC,
  PROP_SUBJECTS,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StromaTrial, stroma_trial, G_TYPE_OBJECT)

static void
stroma_trial_finalize (GObject *object)
{
  StromaTrial *self = STROMA_TRIAL (object);

  g_clear_object (&self->subjects);
  g_clear_pointer (&self->protocol, stroma_protocol_free);
  g_clear_pointer (&self->store, stroma_store_close);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->data_cut, g_free);

  G_OBJECT_CLASS (stroma_trial_parent_class)->finalize (object);
}

static void
stroma_trial_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  StromaTrial *self = STROMA_TRIAL (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_SYNTHETIC:
      g_value_set_boolean (value, self->synthetic);
      break;
    case PROP_SUBJECTS:
      g_value_set_object (value, self->subjects);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_trial_class_init (StromaTrialClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = stroma_trial_finalize;
  object_class->get_property = stroma_trial_get_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNTHETIC] =
    g_param_spec_boolean ("synthetic", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBJECTS] =
    g_param_spec_object ("subjects", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StromaTrial::changed:
   * @trial: the trial
   * @subject_id: the subject whose data changed, or 0 for the whole trial
   *
   * Emitted after data was saved, so that views showing it refresh.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_INT64);
}

static void
stroma_trial_init (StromaTrial *self)
{
  self->subjects = g_list_store_new (STROMA_TYPE_SUBJECT_ITEM);
}

/**
 * stroma_trial_open:
 * @file: a trial file
 * @error: a #GError
 *
 * Opens and checks a trial file and loads its protocol and subjects.
 *
 * Returns: (transfer full) (nullable): the trial.
 */
StromaTrial *
stroma_trial_open (GFile   *file,
                   GError **error)
{
  g_autoptr(StromaTrial) self = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only trial files on this computer can be opened."));
      return NULL;
    }

  self = g_object_new (STROMA_TYPE_TRIAL, NULL);
  self->store = stroma_store_open (path, STROMA_STORE_OPEN_DEFAULT, error);
  if (self->store == NULL)
    return NULL;

  self->protocol = stroma_store_load_protocol (self->store, error);
  if (self->protocol == NULL)
    return NULL;

  self->title = stroma_store_get_title (self->store);
  self->synthetic = stroma_store_is_synthetic (self->store);

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    self->data_cut = g_date_time_format (now, "%Y-%m-%d");
  }

  if (!stroma_trial_reload (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
stroma_trial_get_title (StromaTrial *self)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), NULL);
  return self->title;
}

gboolean
stroma_trial_get_synthetic (StromaTrial *self)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), FALSE);
  return self->synthetic;
}

/**
 * stroma_trial_get_store:
 * @self: a trial
 *
 * Returns: (transfer none): the trial file's store.
 */
StromaStore *
stroma_trial_get_store (StromaTrial *self)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), NULL);
  return self->store;
}

/**
 * stroma_trial_get_protocol:
 * @self: a trial
 *
 * Returns: (transfer none): the protocol the trial runs under.
 */
const StromaProtocol *
stroma_trial_get_protocol (StromaTrial *self)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), NULL);
  return self->protocol;
}

/**
 * stroma_trial_get_subjects:
 * @self: a trial
 *
 * Returns: (transfer none): the subjects, as #StromaSubjectItem, by code.
 */
GListModel *
stroma_trial_get_subjects (StromaTrial *self)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), NULL);
  return G_LIST_MODEL (self->subjects);
}

/**
 * stroma_trial_get_data_cut:
 * @self: a trial
 *
 * Returns: the date derived values are computed as of: today (UTC).
 */
const char *
stroma_trial_get_data_cut (StromaTrial *self)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), NULL);
  return self->data_cut;
}

/**
 * stroma_trial_get_arm_label:
 * @self: a trial
 * @arm_id: (nullable): an arm id
 *
 * Returns: (nullable): the arm's label, or @arm_id when the protocol has no such arm.
 */
const char *
stroma_trial_get_arm_label (StromaTrial *self,
                            const char  *arm_id)
{
  const StromaArm *arm;

  g_return_val_if_fail (STROMA_IS_TRIAL (self), NULL);

  if (arm_id == NULL)
    return NULL;
  arm = stroma_protocol_find_arm (self->protocol, arm_id);
  return arm != NULL && arm->label != NULL ? arm->label : arm_id;
}

/**
 * stroma_trial_reload:
 * @self: a trial
 * @error: a #GError
 *
 * Reads the subjects again, replacing the list in one change.
 *
 * Returns: %TRUE on success.
 */
gboolean
stroma_trial_reload (StromaTrial  *self,
                     GError      **error)
{
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GPtrArray) allocations = NULL;
  g_autoptr(GHashTable) arms = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (STROMA_IS_TRIAL (self), FALSE);

  subjects = stroma_store_list_subjects (self->store, error);
  if (subjects == NULL)
    return FALSE;
  allocations = stroma_store_list_allocations (self->store, error);
  if (allocations == NULL)
    return FALSE;

  for (guint i = 0; i < allocations->len; i++)
    {
      StromaAllocation *a = allocations->pdata[i];
      g_hash_table_insert (arms, &a->parent.subject_id, a->arm);
    }

  for (guint i = 0; i < subjects->len; i++)
    {
      StromaSubject *s = subjects->pdata[i];
      const char *arm = g_hash_table_lookup (arms, &s->parent.id);
      const char *donor = s->donor_type != NULL
                          ? stroma_protocol_get_stratum_label (self->protocol, s->donor_type)
                          : NULL;

      g_ptr_array_add (items, stroma_subject_item_new (s, stroma_trial_get_arm_label (self, arm),
                                                       donor ? donor : s->donor_type));
    }

  g_list_store_splice (self->subjects, 0, g_list_model_get_n_items (G_LIST_MODEL (self->subjects)),
                       items->pdata, items->len);
  return TRUE;
}

/**
 * stroma_trial_load_subject:
 * @self: a trial
 * @subject_id: a subject
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): everything recorded for the subject.
 */
StromaSubjectRecord *
stroma_trial_load_subject (StromaTrial  *self,
                           gint64        subject_id,
                           GError      **error)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), NULL);
  return stroma_store_load_subject_record (self->store, subject_id, error);
}

/**
 * stroma_trial_notify_changed:
 * @self: a trial
 * @subject_id: the subject whose data was saved, or 0 for many
 *
 * Tells the views that data changed.
 */
void
stroma_trial_notify_changed (StromaTrial *self,
                             gint64       subject_id)
{
  g_return_if_fail (STROMA_IS_TRIAL (self));
  g_signal_emit (self, signals[CHANGED], 0, subject_id);
}
