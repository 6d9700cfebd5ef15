/* stroma-window.c — the trial window: subject list beside the subject page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-window"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-export-dialog.h"
#include "stroma-subjects-view.h"
#include "stroma-trial.h"
#include "stroma-window.h"

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

  /* Owned */
  StromaTrial          *trial;
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
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);
      stroma_subjects_view_set_trial (self->subjects_view, NULL);
      gtk_widget_set_visible (self->synthetic_banner, FALSE);
      show_error (self, _("Could Not Open the Trial"), error->message);
      return FALSE;
    }

  g_set_object (&self->trial, trial);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", TRUE);
  protocol = stroma_trial_get_protocol (trial);

  subtitle = g_strdup_printf (_("Protocol %s, version %s"), protocol->id, protocol->version);
  adw_view_switcher_title_set_title (self->window_title,
                                     protocol->short_title ? protocol->short_title
                                                           : stroma_trial_get_title (trial));
  adw_view_switcher_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), stroma_trial_get_title (trial));
  gtk_widget_set_visible (self->synthetic_banner, stroma_trial_get_synthetic (trial));
  stroma_subjects_view_set_trial (self->subjects_view, trial);
  gtk_stack_set_visible_child_name (self->stack, "trial");

  return TRUE;
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

  if (self->trial != NULL)
    gtk_window_present (GTK_WINDOW (stroma_export_dialog_new (self->trial, GTK_WINDOW (self))));
}

static void
stroma_window_dispose (GObject *object)
{
  StromaWindow *self = STROMA_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_WINDOW);

  G_OBJECT_CLASS (stroma_window_parent_class)->dispose (object);
}

static void
stroma_window_finalize (GObject *object)
{
  StromaWindow *self = STROMA_WINDOW (object);

  g_clear_object (&self->trial);

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

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/stroma-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, synthetic_banner);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, subjects_view);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export", NULL);
}

static void
stroma_window_init (StromaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export", FALSE);

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
