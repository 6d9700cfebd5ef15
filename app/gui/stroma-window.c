/* stroma-window.c — the trial window: subject list beside the subject page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-window"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-protocol.h"
#include "store/stroma-store.h"
#include "stroma-subject-item.h"
#include "stroma-window.h"

struct _StromaWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwWindowTitle       *window_title;
  GtkWidget            *synthetic_banner;
  GtkStack             *stack;
  AdwStatusPage        *empty_page;
  GtkColumnView        *subject_view;
  GtkSingleSelection   *selection;
  GListStore           *subjects;
  GtkLabel             *count_label;
  AdwStatusPage        *subject_page;
  GtkSearchEntry       *search_entry;

  /* Owned */
  StromaStore          *store;
  StromaProtocol       *protocol;
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

static const char *
arm_label (StromaWindow *self,
           const char   *arm_id)
{
  const StromaArm *arm;

  if (arm_id == NULL || self->protocol == NULL)
    return arm_id;

  arm = stroma_protocol_find_arm (self->protocol, arm_id);
  return arm != NULL && arm->label != NULL ? arm->label : arm_id;
}

static void
update_count (StromaWindow *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint total = g_list_model_get_n_items (G_LIST_MODEL (self->subjects));
  g_autofree char *text = NULL;

  /* Translators: e.g. "68 of 68 subjects" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u subject", "%u of %u subjects",
                                       total), shown, total);
  gtk_label_set_text (self->count_label, text);
}

static void
on_selection_changed (StromaWindow *self)
{
  StromaSubjectItem *item = gtk_single_selection_get_selected_item (self->selection);
  const StromaSubject *subject;
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;

  if (item == NULL)
    {
      adw_status_page_set_title (self->subject_page, _("No Subject Selected"));
      adw_status_page_set_description (self->subject_page,
                                       _("Select a subject in the list to review the chart."));
      return;
    }

  subject = stroma_subject_item_get_subject (item);
  title = g_strdup_printf ("%s · %s", subject->code, subject->initials);
  description = g_strdup_printf (_("Donor: %s · Status: %s"),
                                 subject->donor_type ? subject->donor_type : "—",
                                 stroma_subject_status_label (subject->status));
  adw_status_page_set_title (self->subject_page, title);
  adw_status_page_set_description (self->subject_page, description);
}

static gboolean
load_subjects (StromaWindow  *self,
               GError       **error)
{
  g_autoptr(GPtrArray) subjects = NULL;
  g_autoptr(GPtrArray) allocations = NULL;
  g_autoptr(GHashTable) arms = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

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
                          ? stroma_protocol_get_stratum_label (self->protocol, s->donor_type) : NULL;

      g_ptr_array_add (items, stroma_subject_item_new (s, arm_label (self, arm),
                                                       donor ? donor : s->donor_type));
    }

  /* One batched items-changed for the whole list. */
  g_list_store_splice (self->subjects, 0, g_list_model_get_n_items (G_LIST_MODEL (self->subjects)),
                       items->pdata, items->len);
  return TRUE;
}

/**
 * stroma_window_open_trial:
 * @self: a window
 * @file: a trial file
 *
 * Opens @file in this window. A file that cannot be opened — missing, damaged, not a trial —
 * is named with the reason, and the window stays empty.
 *
 * Returns: %TRUE when the trial is open.
 */
gboolean
stroma_window_open_trial (StromaWindow *self,
                          GFile        *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  StromaStore *store;

  g_return_val_if_fail (STROMA_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  store = path ? stroma_store_open (path, STROMA_STORE_OPEN_DEFAULT, &error) : NULL;
  if (store == NULL)
    {
      show_error (self, _("Could Not Open the Trial"),
                  error ? error->message : _("Only local trial files can be opened."));
      return FALSE;
    }

  g_clear_pointer (&self->store, stroma_store_close);
  g_clear_pointer (&self->protocol, stroma_protocol_free);
  self->store = store;

  self->protocol = stroma_store_load_protocol (store, &error);
  if (self->protocol == NULL || !load_subjects (self, &error))
    {
      show_error (self, _("Could Not Open the Trial"), error->message);
      g_clear_pointer (&self->store, stroma_store_close);
      return FALSE;
    }

  title = stroma_store_get_title (store);
  subtitle = g_strdup_printf (_("Protocol %s, version %s"), self->protocol->id,
                              self->protocol->version);
  adw_window_title_set_title (self->window_title,
                              self->protocol->short_title ? self->protocol->short_title : title);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_widget_set_visible (self->synthetic_banner, stroma_store_is_synthetic (store));
  gtk_stack_set_visible_child_name (self->stack, "trial");
  update_count (self);

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

  g_clear_pointer (&self->protocol, stroma_protocol_free);
  g_clear_pointer (&self->store, stroma_store_close);

  G_OBJECT_CLASS (stroma_window_parent_class)->finalize (object);
}

static void
stroma_window_class_init (StromaWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_window_dispose;
  object_class->finalize = stroma_window_finalize;

  g_type_ensure (STROMA_TYPE_SUBJECT_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/ui/stroma-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, synthetic_banner);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, empty_page);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, subject_view);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, selection);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, subjects);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, count_label);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, subject_page);
  gtk_widget_class_bind_template_child (widget_class, StromaWindow, search_entry);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
}

static void
stroma_window_init (StromaWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (update_count), self);

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
  return G_LIST_MODEL (self->selection);
}
