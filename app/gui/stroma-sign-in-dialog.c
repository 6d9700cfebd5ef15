/* stroma-sign-in-dialog.c — choose who enters data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The trial's accounts with their roles; activating one (arrows and Enter) signs it in for this
 * trial file and closes the window.
 */

#define G_LOG_DOMAIN "stroma-sign-in-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-form.h"
#include "stroma-sign-in-dialog.h"

struct _StromaSignInDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwPreferencesGroup  *group;
  GtkListBox           *user_list;

  /* Owned */
  StromaDesk           *desk;
};

G_DEFINE_FINAL_TYPE (StromaSignInDialog, stroma_sign_in_dialog, ADW_TYPE_WINDOW)

static void
on_row_activated (StromaSignInDialog *self,
                  GtkListBoxRow      *row)
{
  const char *username = g_object_get_data (G_OBJECT (row), "username");

  if (stroma_desk_set_user (self->desk, username))
    gtk_window_close (GTK_WINDOW (self));
}

static void
stroma_sign_in_dialog_dispose (GObject *object)
{
  StromaSignInDialog *self = STROMA_SIGN_IN_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_SIGN_IN_DIALOG);
  g_clear_object (&self->desk);

  G_OBJECT_CLASS (stroma_sign_in_dialog_parent_class)->dispose (object);
}

static void
stroma_sign_in_dialog_class_init (StromaSignInDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_sign_in_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-sign-in-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaSignInDialog, group);
  gtk_widget_class_bind_template_child (widget_class, StromaSignInDialog, user_list);
}

static void
stroma_sign_in_dialog_init (StromaSignInDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->user_list, "row-activated", G_CALLBACK (on_row_activated), self);
}

/**
 * stroma_sign_in_dialog_new:
 * @parent: the trial window
 * @desk: its desk
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_sign_in_dialog_new (GtkWindow  *parent,
                           StromaDesk *desk)
{
  StromaSignInDialog *self;
  GPtrArray *users;
  GtkCheckButton *group = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_SIGN_IN_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);

  users = stroma_desk_get_users (desk);
  if (users == NULL || users->len == 0)
    {
      g_autofree char *text = g_strdup_printf (_("This trial has no accounts yet: entries are "
                                                 "recorded under your login name, “%s”."),
                                               stroma_desk_get_user (desk));
      adw_preferences_group_set_description (self->group, text);
      gtk_widget_set_visible (GTK_WIDGET (self->user_list), FALSE);
      return GTK_WINDOW (self);
    }

  for (guint i = 0; i < users->len; i++)
    {
      const StromaUser *user = users->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *subtitle = NULL;
      StromaRole role;

      subtitle = g_strdup_printf ("%s · %s", user->username,
                                  stroma_role_from_string (user->role, &role)
                                  ? stroma_role_label (role) : user->role);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->display_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_strcmp0 (stroma_desk_get_user (desk), user->username) == 0);
      gtk_widget_set_can_focus (check, FALSE);
      gtk_widget_set_can_target (check, FALSE);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), user->active);
      gtk_widget_set_sensitive (row, user->active);
      g_object_set_data_full (G_OBJECT (row), "username", g_strdup (user->username), g_free);
      gtk_list_box_append (self->user_list, row);
      if (group == NULL)
        group = GTK_CHECK_BUTTON (check);
    }

  return GTK_WINDOW (self);
}
