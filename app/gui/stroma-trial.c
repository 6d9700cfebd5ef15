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

  /* Derived when the trial loads, off the main loop */
  GCancellable   *derive_cancellable;
  double          progress;
  GPtrArray      *profiles[STROMA_TRIAL_N_PROFILE_TESTS];
  guint           deriving : 1;
};

const char * const stroma_trial_profile_tests[STROMA_TRIAL_N_PROFILE_TESTS] = {
  "NEUT", "PLAT", "HGB"
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_SYNTHETIC,
  PROP_SUBJECTS,
  PROP_DERIVING,
  PROP_PROGRESS,
  N_PROPS
};

enum {
  CHANGED,
  DERIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StromaTrial, stroma_trial, G_TYPE_OBJECT)

static void
stroma_trial_finalize (GObject *object)
{
  StromaTrial *self = STROMA_TRIAL (object);

  g_cancellable_cancel (self->derive_cancellable);
  g_clear_object (&self->derive_cancellable);
  for (guint i = 0; i < STROMA_TRIAL_N_PROFILE_TESTS; i++)
    g_clear_pointer (&self->profiles[i], g_ptr_array_unref);
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
    case PROP_DERIVING:
      g_value_set_boolean (value, self->deriving);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, self->progress);
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
  properties[PROP_DERIVING] =
    g_param_spec_boolean ("deriving", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StromaTrial::derived:
   * @trial: the trial
   *
   * Emitted on the main loop when every subject's summary and the arm profiles are derived.
   */
  signals[DERIVED] =
    g_signal_new ("derived", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

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

  /* Today at the site: derived values are shown as of that date. */
  {
    g_autoptr(GTimeZone) zone = self->protocol->time_zone != NULL
                                ? g_time_zone_new_identifier (self->protocol->time_zone) : NULL;
    g_autoptr(GDateTime) now = zone != NULL ? g_date_time_new_now (zone)
                                            : g_date_time_new_now_utc ();
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

      g_ptr_array_add (items, stroma_subject_item_new (s, arm, stroma_trial_get_arm_label (self, arm),
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

/* Deriving summaries and profiles off the main loop */

typedef struct
{
  char                 *path;
  const StromaProtocol *protocol;  /* the trial's: summaries borrow its endpoints */
  char           *data_cut;
  GMainContext   *context;
  GHashTable     *summaries;  /* subject id → StromaSubjectSummary */
  GPtrArray      *profiles[STROMA_TRIAL_N_PROFILE_TESTS];
} DeriveData;

static void
derive_data_free (DeriveData *data)
{
  g_free (data->path);
  g_free (data->data_cut);
  g_main_context_unref (data->context);
  g_clear_pointer (&data->summaries, g_hash_table_unref);
  for (guint i = 0; i < STROMA_TRIAL_N_PROFILE_TESTS; i++)
    g_clear_pointer (&data->profiles[i], g_ptr_array_unref);
  g_free (data);
}

typedef struct
{
  StromaTrial *trial;
  double       progress;
} Progress;

static gboolean
progress_idle (gpointer user_data)
{
  Progress *p = user_data;

  if (p->trial != NULL && p->trial->deriving && p->trial->progress != p->progress)
    {
      p->trial->progress = p->progress;
      g_object_notify_by_pspec (G_OBJECT (p->trial), properties[PROP_PROGRESS]);
    }

  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer user_data)
{
  Progress *p = user_data;

  g_clear_object (&p->trial);
  g_free (p);
}

static void
report_progress (GTask      *task,
                 DeriveData *data,
                 double      progress)
{
  Progress *p = g_new0 (Progress, 1);

  /* The trial outlives the task; the idle only runs on its own (main) context. */
  p->trial = g_object_ref (g_task_get_source_object (task));
  p->progress = progress;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_idle, p, progress_free);
}

static void
derive_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DeriveData *data = task_data;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(GPtrArray) records = NULL;
  GError *error = NULL;
  guint step;

  /* A connection of its own: the window's stays free for the subject page. */
  store = stroma_store_open (data->path, STROMA_STORE_OPEN_READ_ONLY | STROMA_STORE_OPEN_NO_CHECK,
                             &error);
  if (store == NULL || (records = stroma_store_load_all_records (store, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  report_progress (task, data, 0.3);
  data->summaries = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) stroma_subject_summary_free);
  step = MAX (records->len / 50, 1);

  for (guint i = 0; i < records->len; i++)
    {
      const StromaSubjectRecord *record = records->pdata[i];
      StromaSubjectSummary *summary;
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }

      summary = stroma_subject_summary_new (data->protocol, record, data->data_cut, NULL,
                                            &local_error);
      if (summary == NULL)
        g_warning ("Cannot summarize subject %s: %s", record->subject->code,
                   local_error->message);
      else
        g_hash_table_insert (data->summaries, g_memdup2 (&record->subject->parent.id,
                                                         sizeof (gint64)), summary);

      if (i % step == 0)
        report_progress (task, data, 0.3 + 0.6 * i / records->len);
    }

  for (guint t = 0; t < STROMA_TRIAL_N_PROFILE_TESTS; t++)
    {
      StromaProfileOptions options = STROMA_PROFILE_OPTIONS_INIT;

      options.as_of = data->data_cut;
      data->profiles[t] = stroma_profile_compute (data->protocol,
                                                  (StromaSubjectRecord **) records->pdata,
                                                  records->len, stroma_trial_profile_tests[t],
                                                  &options, &error);
      if (data->profiles[t] == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

static void
derive_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  StromaTrial *self = STROMA_TRIAL (object);
  GTask *task = G_TASK (result);
  DeriveData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint n;

  if (!g_task_propagate_boolean (task, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Cannot derive the trial's summaries: %s", error->message);
          self->deriving = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DERIVING]);
        }
      return;
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->subjects));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(StromaSubjectItem) item = g_list_model_get_item (G_LIST_MODEL (self->subjects), i);
      gint64 id = stroma_subject_item_get_subject (item)->parent.id;
      gpointer summary = NULL;

      if (g_hash_table_steal_extended (data->summaries, &id, NULL, &summary))
        stroma_subject_item_set_summary (item, summary);
    }

  for (guint t = 0; t < STROMA_TRIAL_N_PROFILE_TESTS; t++)
    {
      g_clear_pointer (&self->profiles[t], g_ptr_array_unref);
      self->profiles[t] = g_steal_pointer (&data->profiles[t]);
    }

  self->deriving = FALSE;
  self->progress = 1;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DERIVING]);
  g_signal_emit (self, signals[DERIVED], 0);
}

/**
 * stroma_trial_derive:
 * @self: a trial
 *
 * Derives every subject's summary (see stroma_subject_summary_new()) and the count profiles by
 * arm in a worker thread, reading through a connection of its own, and hands them to the
 * subject items on the main loop; #StromaTrial:progress follows the work, and
 * #StromaTrial::derived tells when it is done. A derivation still running is cancelled.
 */
void
stroma_trial_derive (StromaTrial *self)
{
  g_autoptr(GTask) task = NULL;
  DeriveData *data;

  g_return_if_fail (STROMA_IS_TRIAL (self));

  g_cancellable_cancel (self->derive_cancellable);
  g_clear_object (&self->derive_cancellable);
  self->derive_cancellable = g_cancellable_new ();

  data = g_new0 (DeriveData, 1);
  data->path = g_strdup (stroma_store_get_path (self->store));
  /* Read, never changed, while the task (and so the trial) lives. */
  data->protocol = self->protocol;
  data->data_cut = g_strdup (self->data_cut);
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, self->derive_cancellable, derive_done, NULL);
  g_task_set_source_tag (task, stroma_trial_derive);
  g_task_set_task_data (task, data, (GDestroyNotify) derive_data_free);

  self->deriving = TRUE;
  self->progress = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DERIVING]);
  g_task_run_in_thread (task, derive_thread);
}

gboolean
stroma_trial_get_deriving (StromaTrial *self)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), FALSE);
  return self->deriving;
}

double
stroma_trial_get_progress (StromaTrial *self)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), 0);
  return self->progress;
}

/**
 * stroma_trial_get_profiles:
 * @self: a trial
 * @test_code: one of #stroma_trial_profile_tests
 *
 * Returns: (transfer none) (nullable) (element-type StromaArmProfile): the count by arm and
 *   day of treatment, or %NULL until derived
 */
GPtrArray *
stroma_trial_get_profiles (StromaTrial *self,
                           const char  *test_code)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (self), NULL);

  for (guint t = 0; t < STROMA_TRIAL_N_PROFILE_TESTS; t++)
    if (g_strcmp0 (stroma_trial_profile_tests[t], test_code) == 0)
      return self->profiles[t];

  return NULL;
}
