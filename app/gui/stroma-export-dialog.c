/* stroma-export-dialog.c — the sponsor workbook, from the window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Asks for the profile (sponsor, or site with a reason), the data cut and the file, then runs
 * stroma_workbook_export() in a thread of its own, on a connection of its own, with progress
 * and a Cancel that leaves no file behind. The export is recorded in the trial file under the
 * login name.
 */

#define G_LOG_DOMAIN "stroma-export-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-records.h"
#include "io/stroma-workbook.h"
#include "stroma-export-dialog.h"

/* The export under way, shared by the dialog and the thread that runs it. */
typedef struct
{
  GMutex                 lock;
  double                 fraction;    /* under the lock */
  char                  *stage;       /* under the lock */

  /* Set before the thread starts, read-only after */
  char                  *trial_path;
  char                  *path;
  StromaWorkbookProfile  profile;
  char                  *data_cut;
  char                  *reason;
  char                  *user;
  GCancellable          *cancellable;
} Job;

struct _StromaExportDialog
{
  AdwWindow       parent_instance;

  /* Template widgets */
  GtkButton      *cancel_button;
  AdwComboRow    *profile_row;
  AdwEntryRow    *reason_row;
  AdwEntryRow    *data_cut_row;
  AdwActionRow   *destination_row;
  GtkWidget      *progress_group;
  GtkProgressBar *progress_bar;
  GtkLabel       *status_label;

  /* Owned */
  StromaTrial    *trial;
  char           *user;
  GFile          *destination;
  gboolean        destination_chosen;
  gboolean        exported;           /* a workbook was written: Cancel has nothing to cancel */
  Job            *job;
  guint           progress_id;
  gboolean        close_when_done;
};

enum {
  PROP_0,
  PROP_TRIAL,
  PROP_RUNNING,
  N_PROPS
};

enum {
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (StromaExportDialog, stroma_export_dialog, ADW_TYPE_WINDOW)

static void
job_clear (Job *job)
{
  g_mutex_clear (&job->lock);
  g_free (job->stage);
  g_free (job->trial_path);
  g_free (job->path);
  g_free (job->data_cut);
  g_free (job->reason);
  g_free (job->user);
  g_clear_object (&job->cancellable);
}

static void
job_unref (Job *job)
{
  g_atomic_rc_box_release_full (job, (GDestroyNotify) job_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Job, job_unref)

static StromaWorkbookProfile
selected_profile (StromaExportDialog *self)
{
  return adw_combo_row_get_selected (self->profile_row) == 1 ? STROMA_WORKBOOK_PROFILE_SITE
                                                             : STROMA_WORKBOOK_PROFILE_SPONSOR;
}

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static gboolean
data_cut_is_valid (StromaExportDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->data_cut_row));
  guint32 julian;

  return strlen (text) == 10 && stroma_date_to_julian (text, &julian);
}

/* The one place that decides what can be done. */
static void
actions_update (StromaExportDialog *self)
{
  gboolean running = self->job != NULL;
  gboolean site = selected_profile (self) == STROMA_WORKBOOK_PROFILE_SITE;
  gboolean ready;

  gtk_widget_set_visible (GTK_WIDGET (self->reason_row), site);
  if (data_cut_is_valid (self))
    gtk_widget_remove_css_class (GTK_WIDGET (self->data_cut_row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->data_cut_row), "error");

  ready = !running && self->destination != NULL && data_cut_is_valid (self) &&
          (!site || has_text (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.start", ready);
  gtk_button_set_label (self->cancel_button, self->exported && !running ? _("_Close")
                                                                        : _("_Cancel"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "export.choose", !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->profile_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reason_row), !running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->data_cut_row), !running);
}

static void
show_destination (StromaExportDialog *self)
{
  g_autofree char *path = self->destination != NULL ? g_file_get_path (self->destination) : NULL;

  adw_action_row_set_subtitle (self->destination_row, path != NULL ? path : "");
}

/* Until a file is chosen, the name follows the profile and the data cut. */
static void
propose_destination (StromaExportDialog *self)
{
  const StromaProtocol *protocol = stroma_trial_get_protocol (self->trial);
  const char *folder = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  g_autofree char *name = NULL;

  if (self->destination_chosen)
    return;

  if (folder == NULL)
    folder = g_get_home_dir ();
  name = g_strdup_printf ("%s-%s-%s.xlsx", protocol->id,
                          gtk_editable_get_text (GTK_EDITABLE (self->data_cut_row)),
                          stroma_workbook_profile_to_string (selected_profile (self)));
  g_clear_object (&self->destination);
  self->destination = g_file_new_build_filename (folder, name, NULL);
  show_destination (self);
}

static void
on_profile_changed (StromaExportDialog *self)
{
  if (selected_profile (self) == STROMA_WORKBOOK_PROFILE_SITE)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->profile_row),
                                 _("Adds the subjects’ initials and the free-text fields, for "
                                   "the site’s own records; needs a reason"));
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->profile_row),
                                 _("Subject codes only: no initials, names, birth dates or "
                                   "free text"));
  propose_destination (self);
  actions_update (self);
}

static void
on_data_cut_changed (StromaExportDialog *self)
{
  if (data_cut_is_valid (self))
    propose_destination (self);
  actions_update (self);
}

static void
set_status (StromaExportDialog *self,
            const char         *text,
            gboolean            error)
{
  gtk_label_set_text (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && text[0] != '\0');
  gtk_widget_set_visible (self->progress_group,
                          gtk_widget_get_visible (GTK_WIDGET (self->status_label)) ||
                          gtk_widget_get_visible (GTK_WIDGET (self->progress_bar)));
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

static gboolean
show_progress (gpointer user_data)
{
  StromaExportDialog *self = user_data;
  g_autofree char *stage = NULL;
  double fraction;

  g_mutex_lock (&self->job->lock);
  fraction = self->job->fraction;
  stage = g_strdup (self->job->stage);
  g_mutex_unlock (&self->job->lock);

  gtk_progress_bar_set_fraction (self->progress_bar, fraction);
  gtk_progress_bar_set_text (self->progress_bar, stage);
  return G_SOURCE_CONTINUE;
}

/* Called in the export's thread. */
static void
job_progress (double      fraction,
              const char *stage,
              gpointer    user_data)
{
  Job *job = user_data;

  g_mutex_lock (&job->lock);
  job->fraction = fraction;
  g_free (job->stage);
  job->stage = g_strdup (stage);
  g_mutex_unlock (&job->lock);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  StromaWorkbookReport *report;
  StromaWorkbookOptions options = { 0 };

  /* A connection of its own: the window's stays free for the window. The file was checked
   * when the window opened it. */
  store = stroma_store_open (job->trial_path, STROMA_STORE_OPEN_NO_CHECK, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  options.profile = job->profile;
  options.data_cut = job->data_cut;
  options.reason = job->reason;
  options.user = job->user != NULL ? job->user : g_get_user_name ();
  options.cancellable = cancellable;
  options.progress = job_progress;
  options.user_data = job;

  report = stroma_workbook_export (store, job->path, &options, &error);
  if (report == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, report, (GDestroyNotify) stroma_workbook_report_free);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (object);
  g_autoptr(StromaWorkbookReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *name = g_file_get_basename (self->destination);

  report = g_task_propagate_pointer (G_TASK (result), &error);

  g_clear_handle_id (&self->progress_id, g_source_remove);
  g_clear_pointer (&self->job, job_unref);

  /* Destroyed while the export ran: nothing left to tell. */
  if (self->status_label == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);

  if (report != NULL)
    /* Translators: after an export; the first %s is a file name, the second a checksum */
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Wrote %s with %u subject. SHA-256 %s. The export "
                                            "is recorded in the trial’s export log.",
                                            "Wrote %s with %u subjects. SHA-256 %s. The export "
                                            "is recorded in the trial’s export log.",
                                            report->n_subjects),
                               name, report->n_subjects, report->sha256);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    message = g_strdup (_("Export cancelled. No file was written."));
  else
    /* Translators: %s says what went wrong */
    message = g_strdup_printf (_("The export failed and no file was written: %s"),
                               error->message);

  self->exported = report != NULL;
  set_status (self, message, report == NULL);
  actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_signal_emit (self, signals[FINISHED], 0, report != NULL, message);

  if (self->close_when_done)
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
start_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (widget);
  g_autoptr(GTask) task = NULL;
  Job *job;

  if (self->job != NULL || self->destination == NULL)
    return;

  job = g_atomic_rc_box_new0 (Job);
  g_mutex_init (&job->lock);
  job->trial_path = g_strdup (stroma_store_get_path (stroma_trial_get_store (self->trial)));
  job->path = g_file_get_path (self->destination);
  job->profile = selected_profile (self);
  job->data_cut = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->data_cut_row)));
  job->reason = job->profile == STROMA_WORKBOOK_PROFILE_SITE
                ? g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))) : NULL;
  job->user = g_strdup (self->user);
  job->cancellable = g_cancellable_new ();
  job->stage = g_strdup (_("Starting"));
  self->job = job;

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  set_status (self, NULL, FALSE);
  self->progress_id = g_timeout_add (100, show_progress, self);
  show_progress (self);

  task = g_task_new (self, job->cancellable, export_done, NULL);
  g_task_set_source_tag (task, start_action);
  g_task_set_task_data (task, g_atomic_rc_box_acquire (job), (GDestroyNotify) job_unref);
  g_task_run_in_thread (task, export_thread);

  actions_update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

/* Cancel stops an export under way (the dialog stays, to say so), or closes the dialog. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (widget);

  if (self->job != NULL)
    {
      g_cancellable_cancel (self->job->cancellable);
      g_mutex_lock (&self->job->lock);
      g_free (self->job->stage);
      self->job->stage = g_strdup (_("Cancelling"));
      g_mutex_unlock (&self->job->lock);
    }
  else
    gtk_window_destroy (GTK_WINDOW (self));
}

static void
on_choose_response (GtkNativeDialog *chooser,
                    int              response,
                    gpointer         user_data)
{
  StromaExportDialog *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      stroma_export_dialog_set_destination (self, file);
    }

  g_object_unref (chooser);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Save Workbook As"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, _("Excel workbooks"));
  gtk_file_filter_add_pattern (filter, "*.xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  if (self->destination != NULL)
    {
      g_autoptr(GFile) folder = g_file_get_parent (self->destination);
      g_autofree char *name = g_file_get_basename (self->destination);

      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    }
  g_signal_connect (chooser, "response", G_CALLBACK (on_choose_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Closing while an export runs cancels it; the dialog goes once the export has stopped. */
static gboolean
stroma_export_dialog_close_request (GtkWindow *window)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (window);

  if (self->job == NULL)
    return GTK_WINDOW_CLASS (stroma_export_dialog_parent_class)->close_request (window);

  self->close_when_done = TRUE;
  g_cancellable_cancel (self->job->cancellable);
  return TRUE;
}

static void
stroma_export_dialog_dispose (GObject *object)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (object);

  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (self->job != NULL)
    g_cancellable_cancel (self->job->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_EXPORT_DIALOG);

  G_OBJECT_CLASS (stroma_export_dialog_parent_class)->dispose (object);
}

static void
stroma_export_dialog_finalize (GObject *object)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (object);

  g_clear_pointer (&self->job, job_unref);
  g_clear_object (&self->destination);
  g_clear_object (&self->trial);
  g_clear_pointer (&self->user, g_free);

  G_OBJECT_CLASS (stroma_export_dialog_parent_class)->finalize (object);
}

static void
stroma_export_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_TRIAL:
      g_value_set_object (value, self->trial);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->job != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_export_dialog_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_TRIAL:
      g_set_object (&self->trial, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_export_dialog_constructed (GObject *object)
{
  StromaExportDialog *self = STROMA_EXPORT_DIALOG (object);

  G_OBJECT_CLASS (stroma_export_dialog_parent_class)->constructed (object);

  g_return_if_fail (STROMA_IS_TRIAL (self->trial));

  gtk_editable_set_text (GTK_EDITABLE (self->data_cut_row),
                         stroma_trial_get_data_cut (self->trial));
  on_profile_changed (self);
}

static void
stroma_export_dialog_class_init (StromaExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = stroma_export_dialog_constructed;
  object_class->dispose = stroma_export_dialog_dispose;
  object_class->finalize = stroma_export_dialog_finalize;
  object_class->get_property = stroma_export_dialog_get_property;
  object_class->set_property = stroma_export_dialog_set_property;
  window_class->close_request = stroma_export_dialog_close_request;

  properties[PROP_TRIAL] =
    g_param_spec_object ("trial", NULL, NULL, STROMA_TYPE_TRIAL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StromaExportDialog::finished:
   * @dialog: the dialog
   * @success: whether the workbook was written and logged
   * @message: what the dialog says about it
   *
   * Emitted when an export has stopped, written, failed or cancelled.
   */
  signals[FINISHED] =
    g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, StromaExportDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, StromaExportDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, StromaExportDialog, data_cut_row);
  gtk_widget_class_bind_template_child (widget_class, StromaExportDialog, destination_row);
  gtk_widget_class_bind_template_child (widget_class, StromaExportDialog, progress_group);
  gtk_widget_class_bind_template_child (widget_class, StromaExportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StromaExportDialog, status_label);
  gtk_widget_class_bind_template_callback (widget_class, on_profile_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_data_cut_changed);
  gtk_widget_class_bind_template_callback (widget_class, actions_update);

  gtk_widget_class_install_action (widget_class, "export.start", NULL, start_action);
  gtk_widget_class_install_action (widget_class, "export.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "export.choose", NULL, choose_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "export.cancel", NULL);
}

static void
stroma_export_dialog_init (StromaExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_export_dialog_new:
 * @trial: the open trial
 * @parent: (nullable): the window it belongs to
 *
 * Returns: (transfer none): a new dialog; present it.
 */
StromaExportDialog *
stroma_export_dialog_new (StromaTrial *trial,
                          GtkWindow   *parent)
{
  g_return_val_if_fail (STROMA_IS_TRIAL (trial), NULL);

  return g_object_new (STROMA_TYPE_EXPORT_DIALOG,
                       "trial", trial,
                       "transient-for", parent,
                       NULL);
}

/**
 * stroma_export_dialog_set_destination:
 * @self: a dialog
 * @file: the workbook to write
 *
 * What choosing a file does; an existing file is replaced when the export completes.
 */
void
stroma_export_dialog_set_destination (StromaExportDialog *self,
                                      GFile              *file)
{
  g_return_if_fail (STROMA_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (file));

  g_set_object (&self->destination, file);
  self->destination_chosen = TRUE;
  show_destination (self);
  actions_update (self);
}

/**
 * stroma_export_dialog_get_destination:
 * @self: a dialog
 *
 * Returns: (transfer none) (nullable): the workbook that will be written
 */
GFile *
stroma_export_dialog_get_destination (StromaExportDialog *self)
{
  g_return_val_if_fail (STROMA_IS_EXPORT_DIALOG (self), NULL);
  return self->destination;
}

/**
 * stroma_export_dialog_set_user:
 * @self: a dialog
 * @user: (nullable): who exports, as the trial's export log will name them; %NULL: the login
 *   name
 */
void
stroma_export_dialog_set_user (StromaExportDialog *self,
                               const char         *user)
{
  g_return_if_fail (STROMA_IS_EXPORT_DIALOG (self));

  g_free (self->user);
  self->user = g_strdup (user);
}

gboolean
stroma_export_dialog_get_running (StromaExportDialog *self)
{
  g_return_val_if_fail (STROMA_IS_EXPORT_DIALOG (self), FALSE);
  return self->job != NULL;
}
