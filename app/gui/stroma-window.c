/* stroma-window.c — the trial window: subject list beside the subject page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "io/stroma-demo.h"
#include "io/stroma-protocols.h"
#include "stroma-export-dialog.h"
#include "stroma-overview-view.h"
#include "stroma-subjects-view.h"
#include "stroma-trial.h"
#include "stroma-window.h"
#include "stroma-window-desk.h"

struct _StromaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwViewSwitcherTitle *window_title;
  GtkWidget            *synthetic_banner;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  AdwViewStack         *view_stack;
  StromaSubjectsView   *subjects_view;
  StromaOverviewView   *overview_view;
  AdwStatusPage        *working_page;
  GtkProgressBar       *working_progress;
  GMenu                *recent_menu;

  /* Owned */
  StromaTrial          *trial;
  GCancellable         *demo_cancellable;
};

G_DEFINE_FINAL_TYPE (StromaWindow, stroma_window, ADW_TYPE_APPLICATION_WINDOW)

static void
show_error (StromaWindow *self,
            const char   *title,
            const char   *message)
{
  adw_status_page_set_icon_name (self->empty_page, "dialog-warning-symbolic");
  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_description (self->empty_page, message);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/**
 * stroma_window_open_trial:
 * @self: a window
 * @file: a trial file
 *
 * Opens @file in this window. A file that cannot be opened — missing, damaged, not a trial —
 * is named with the reason, and the window shows no trial.
 *
 * Returns: %TRUE when the trial is open.
 */
gboolean
stroma_window_open_trial (StromaWindow *self,
                          GFile        *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaTrial) trial = NULL;
  g_autofree char *subtitle = NULL;
  const StromaProtocol *protocol;

  g_return_val_if_fail (STROMA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  trial = stroma_trial_open (file, &error);
  if (trial == NULL)
    {
      g_clear_object (&self->trial);
      stroma_subjects_view_set_trial (self->subjects_view, NULL);
      _stroma_window_desk_set_trial (self, NULL);
      gtk_widget_set_visible (self->synthetic_banner, FALSE);
      show_error (self, _("Could Not Open the Trial"), error->message);
      return FALSE;
    }

  g_set_object (&self->trial, trial);
  protocol = stroma_trial_get_protocol (trial);
  stroma_trial_derive (trial);

  subtitle = g_strdup_printf (_("Protocol %s, version %s"), protocol->id, protocol->version);
  adw_view_switcher_title_set_title (self->window_title,
                                     protocol->short_title ? protocol->short_title
                                                           : stroma_trial_get_title (trial));
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), stroma_trial_get_title (trial));
  gtk_widget_set_visible (self->synthetic_banner, stroma_trial_get_synthetic (trial));
  stroma_subjects_view_set_trial (self->subjects_view, trial);
  stroma_overview_view_set_trial (self->overview_view, trial);
  _stroma_window_desk_set_trial (self, trial);
  gtk_stack_set_visible_child_name (self->stack, "trial");

  if (STROMA_IS_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))))
    stroma_application_add_recent (STROMA_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))),
                                   file);

  return TRUE;
}

/**
 * stroma_window_show_subject:
 * @self: a window
 * @code: a subject code, e.g. "PGF-004"
 *
 * Shows the subject's page, as `stroma FILE --subject CODE` does.
 *
 * Returns: %TRUE if the open trial has the subject
 */
gboolean
stroma_window_show_subject (StromaWindow *self,
                            const char   *code)
{
  g_return_val_if_fail (STROMA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  adw_view_stack_set_visible_child_name (self->view_stack, "subjects");
  return stroma_subjects_view_select_code (self->subjects_view, code);
}

/* Recent trials */

static void
update_recent_menu (StromaWindow *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GSettings *settings = STROMA_IS_APPLICATION (app)
                        ? stroma_application_get_settings (STROMA_APPLICATION (app)) : NULL;
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_menu);
  if (settings == NULL)
    return;

  recent = g_settings_get_strv (settings, "recent-trials");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (recent[i]);
      g_autofree char *name = g_file_get_basename (file);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_menu, item);
    }
}

static void
on_application_set (StromaWindow *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GSettings *settings = STROMA_IS_APPLICATION (app)
                        ? stroma_application_get_settings (STROMA_APPLICATION (app)) : NULL;

  if (settings != NULL)
    {
      g_signal_connect_object (settings, "changed::recent-trials",
                               G_CALLBACK (update_recent_menu), self, G_CONNECT_SWAPPED);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  update_recent_menu (self);
}

static gboolean
on_close_request (StromaWindow *self)
{
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GSettings *settings = STROMA_IS_APPLICATION (app)
                        ? stroma_application_get_settings (STROMA_APPLICATION (app)) : NULL;
  int width, height;

  if (settings != NULL)
    {
      gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized",
                              gtk_window_is_maximized (GTK_WINDOW (self)));
    }

  return FALSE;
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  stroma_window_open_trial (STROMA_WINDOW (widget), file);
}

/* The demo trial, written off the main loop */

typedef struct
{
  GWeakRef      window;
  double        fraction;
} DemoProgress;

static gboolean
demo_progress_idle (gpointer user_data)
{
  DemoProgress *p = user_data;
  g_autoptr(StromaWindow) self = g_weak_ref_get (&p->window);

  if (self != NULL)
    gtk_progress_bar_set_fraction (self->working_progress, p->fraction);

  return G_SOURCE_REMOVE;
}

static void
demo_progress_free (gpointer user_data)
{
  DemoProgress *p = user_data;

  g_weak_ref_clear (&p->window);
  g_free (p);
}

typedef struct
{
  GWeakRef      window;
  GMainContext *context;
  char         *path;
} DemoJob;

static void
demo_job_free (DemoJob *job)
{
  g_weak_ref_clear (&job->window);
  g_main_context_unref (job->context);
  g_free (job->path);
  g_free (job);
}

static void
demo_progress (guint    done,
               guint    total,
               gpointer user_data)
{
  DemoJob *job = user_data;
  DemoProgress *p = g_new0 (DemoProgress, 1);
  g_autoptr(GObject) window = g_weak_ref_get (&job->window);

  g_weak_ref_init (&p->window, window);
  p->fraction = total > 0 ? (double) done / total : 0;
  g_main_context_invoke_full (job->context, G_PRIORITY_DEFAULT, demo_progress_idle, p,
                              demo_progress_free);
}

static void
demo_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  DemoJob *job = task_data;
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autofree char *dir = g_path_get_dirname (job->path);
  StromaDemoOptions options = { 0, };
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (errno),
                               _("Cannot create the folder %s: %s"), dir, g_strerror (errno));
      return;
    }

  /* The demo trial is regenerated each time: never over an older one. */
  for (guint i = 0; i < 3; i++)
    {
      static const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *name = g_strconcat (job->path, suffixes[i], NULL);

      g_unlink (name);
    }

  protocol = stroma_protocols_load ("msc-pgf", &error);
  if (protocol == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Run up to today, so that the agenda and the subject pages have work in progress. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    options.data_cut = today;
    options.progress = demo_progress;
    options.user_data = job;
    store = stroma_demo_write (job->path, protocol, &options, &error);
  }
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
demo_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(StromaWindow) self = user_data;
  DemoJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->demo_cancellable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-demo", TRUE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, _("Could Not Write the Demo Trial"), error->message);
      return;
    }

  {
    g_autoptr(GFile) file = g_file_new_for_path (job->path);

    stroma_window_open_trial (self, file);
  }
}

static void
open_demo_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);
  g_autoptr(GTask) task = NULL;
  DemoJob *job;

  if (self->demo_cancellable != NULL)
    return;

  g_clear_object (&self->trial);
  stroma_subjects_view_set_trial (self->subjects_view, NULL);
  stroma_overview_view_set_trial (self->overview_view, NULL);
  _stroma_window_desk_set_trial (self, NULL);
  gtk_widget_set_visible (self->synthetic_banner, FALSE);
  gtk_progress_bar_set_fraction (self->working_progress, 0);
  gtk_stack_set_visible_child_name (self->stack, "working");
  gtk_widget_action_set_enabled (widget, "win.open-demo", FALSE);

  job = g_new0 (DemoJob, 1);
  g_weak_ref_init (&job->window, self);
  job->context = g_main_context_ref_thread_default ();
  job->path = g_build_filename (g_get_user_cache_dir (), "stroma", "demo-trial.db", NULL);

  self->demo_cancellable = g_cancellable_new ();
  task = g_task_new (NULL, self->demo_cancellable, demo_done, g_object_ref (self));
  g_task_set_source_tag (task, open_demo_action);
  g_task_set_task_data (task, job, (GDestroyNotify) demo_job_free);
  g_task_run_in_thread (task, demo_thread);
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);

  if (self->trial != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack,
                                           g_variant_get_string (parameter, NULL));
}

static void
on_open_response (GtkNativeDialog *dialog,
                  int              response,
                  gpointer         user_data)
{
  StromaWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      stroma_window_open_trial (self, file);
    }

  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (_("Open Trial"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Trial files"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_pattern (filter, "*.stroma");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);
  StromaExportDialog *dialog;

  if (self->trial == NULL)
    return;

  /* The export log names whoever is signed in to the trial, or the login name. */
  dialog = stroma_export_dialog_new (self->trial, GTK_WINDOW (self));
  stroma_export_dialog_set_user (dialog, stroma_desk_get_user (stroma_window_get_desk (self)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stroma_window_dispose (GObject *object)
{
  StromaWindow *self = STROMA_WINDOW (object);

  g_cancellable_cancel (self->demo_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_WINDOW);

  G_OBJECT_CLASS (stroma_window_parent_class)->dispose (object);
}

static void
stroma_window_finalize (GObject *object)
{
  StromaWindow *self = STROMA_WINDOW (object);

  g_clear_object (&self->trial);
  g_clear_object (&self->demo_cancellable);

  G_OBJECT_CLASS (stroma_window_parent_class)->finalize (object);
}

static void
stroma_window_class_init (StromaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_window_dispose;
  object_class->finalize = stroma_window_finalize;

  g_type_ensure (STROMA_TYPE_SUBJECTS_VIEW);
  g_type_ensure (STROMA_TYPE_OVERVIEW_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/stroma-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, synthetic_banner);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, subjects_view);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, overview_view);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, working_page);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, working_progress);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, recent_menu);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);

  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL, open_demo_action);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view",
                                       "s", "subjects");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view",
                                       "s", "overview");
  _stroma_window_desk_class_init (widget_class);
}

static void
stroma_window_init (StromaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _stroma_window_desk_init (self);

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_set), NULL);
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);

  if (DEVELOPMENT_BUILD)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

StromaWindow *
stroma_window_new (StromaApplication *application)
{
  return g_object_new (STROMA_TYPE_WINDOW, "application", application, NULL);
}

/**
 * stroma_window_get_subjects:
 * @self: a window
 *
 * Returns: (transfer none): the subjects shown, after search and sorting.
 */
GListModel *
stroma_window_get_subjects (StromaWindow *self)
{
  g_return_val_if_fail (STROMA_IS_WINDOW (self), NULL);
  return stroma_subjects_view_get_subjects (self->subjects_view);
}
