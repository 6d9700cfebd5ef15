/* stroma-subjects-view.c — the subject list beside the subject page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-subjects-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "stroma-subject-item.h"
#include "stroma-subject-page.h"
#include "stroma-subjects-view.h"

/* The statuses the status filter offers, in the order a trial goes through them. */
static const char *statuses[] = {
  "screening", "screen-failed", "enrolled", "randomized", "on-treatment", "follow-up",
  "completed", "withdrawn", "died",
};

struct _StromaSubjectsView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkPaned            *paned;
  GtkSearchEntry      *search_entry;
  GtkColumnView       *subject_view;
  GtkSingleSelection  *selection;
  GtkFilterListModel  *filter_model;
  GtkEveryFilter      *filter;
  GtkStringFilter     *arm_filter;
  GtkStringFilter     *status_filter;
  GtkStringFilter     *alert_filter;
  GtkDropDown         *arm_dropdown;
  GtkDropDown         *status_dropdown;
  GtkToggleButton     *alerts_toggle;
  GtkProgressBar      *derive_progress;
  GtkLabel            *count_label;
  StromaSubjectPage   *subject_page;

  /* Owned */
  StromaTrial         *trial;
  GStrv                arm_ids;   /* parallel to the arm drop-down, after "All arms" */
  GSignalGroup        *trial_signals;
};

enum {
  PROP_0,
  PROP_TRIAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (StromaSubjectsView, stroma_subjects_view, GTK_TYPE_WIDGET)

static void
update_count (StromaSubjectsView *self)
{
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint total = self->trial ? g_list_model_get_n_items (stroma_trial_get_subjects (self->trial)) : 0;
  g_autofree char *text = NULL;

  /* Translators: e.g. "68 of 68 subjects" */
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u subject", "%u of %u subjects",
                                       total), shown, total);
  gtk_label_set_text (self->count_label, text);
}

static void
on_selection_changed (StromaSubjectsView *self)
{
  StromaSubjectItem *item = gtk_single_selection_get_selected_item (self->selection);

  stroma_subject_page_set_item (self->subject_page, item);
}

static void
on_arm_selected (StromaSubjectsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->arm_dropdown);

  gtk_string_filter_set_search (self->arm_filter,
                                selected > 0 && self->arm_ids != NULL &&
                                selected <= g_strv_length (self->arm_ids)
                                ? self->arm_ids[selected - 1] : NULL);
}

static void
on_status_selected (StromaSubjectsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  gtk_string_filter_set_search (self->status_filter,
                                selected > 0 && selected <= G_N_ELEMENTS (statuses)
                                ? statuses[selected - 1] : NULL);
}

static void
on_alerts_toggled (StromaSubjectsView *self)
{
  gtk_string_filter_set_search (self->alert_filter,
                                gtk_toggle_button_get_active (self->alerts_toggle) ? "alerts"
                                                                                  : NULL);
}

static void
on_progress (StromaSubjectsView *self)
{
  gboolean deriving = self->trial != NULL && stroma_trial_get_deriving (self->trial);

  gtk_widget_set_visible (GTK_WIDGET (self->derive_progress), deriving);
  if (deriving)
    gtk_progress_bar_set_fraction (self->derive_progress, stroma_trial_get_progress (self->trial));
}

static void
on_derived (StromaSubjectsView *self)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->subject_view);

  /* The derived columns changed under the sorter and the alert filter. */
  if (sorter != NULL)
    gtk_sorter_changed (sorter, GTK_SORTER_CHANGE_DIFFERENT);
  gtk_filter_changed (GTK_FILTER (self->alert_filter), GTK_FILTER_CHANGE_DIFFERENT);
  on_progress (self);
}

static void
move_selection (StromaSubjectsView *self,
                int                 delta)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  guint selected = gtk_single_selection_get_selected (self->selection);
  guint target;

  if (n == 0)
    return;

  if (selected == GTK_INVALID_LIST_POSITION)
    target = delta > 0 ? 0 : n - 1;
  else if (delta < 0 && selected == 0)
    return;
  else
    target = MIN (selected + delta, n - 1);

  gtk_single_selection_set_selected (self->selection, target);
  gtk_widget_activate_action (GTK_WIDGET (self->subject_view), "list.scroll-to-item", "u", target);
}

static void
next_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  move_selection (STROMA_SUBJECTS_VIEW (widget), 1);
}

static void
previous_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  move_selection (STROMA_SUBJECTS_VIEW (widget), -1);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (STROMA_SUBJECTS_VIEW (widget)->search_entry));
}

static void
stroma_subjects_view_dispose (GObject *object)
{
  StromaSubjectsView *self = STROMA_SUBJECTS_VIEW (object);

  g_signal_group_set_target (self->trial_signals, NULL);
  g_clear_object (&self->trial_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_SUBJECTS_VIEW);
  g_clear_object (&self->trial);
  g_clear_pointer (&self->arm_ids, g_strfreev);

  G_OBJECT_CLASS (stroma_subjects_view_parent_class)->dispose (object);
}

static void
stroma_subjects_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StromaSubjectsView *self = STROMA_SUBJECTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRIAL:
      g_value_set_object (value, self->trial);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_subjects_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  StromaSubjectsView *self = STROMA_SUBJECTS_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRIAL:
      stroma_subjects_view_set_trial (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
stroma_subjects_view_class_init (StromaSubjectsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_subjects_view_dispose;
  object_class->get_property = stroma_subjects_view_get_property;
  object_class->set_property = stroma_subjects_view_set_property;

  properties[PROP_TRIAL] =
    g_param_spec_object ("trial", NULL, NULL, STROMA_TYPE_TRIAL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (STROMA_TYPE_SUBJECT_ITEM);
  g_type_ensure (STROMA_TYPE_SUBJECT_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-subjects-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, paned);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, subject_view);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, selection);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, filter);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, arm_filter);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, status_filter);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, alert_filter);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, arm_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, alerts_toggle);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, derive_progress);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, subject_page);

  gtk_widget_class_install_action (widget_class, "subjects.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "subjects.previous", NULL, previous_action);
  gtk_widget_class_install_action (widget_class, "subjects.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "subjects.next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "subjects.previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "subjects.search", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "subjectsview");
}

static void
stroma_subjects_view_init (StromaSubjectsView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (on_selection_changed), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (update_count), self);
  g_signal_connect_swapped (self->arm_dropdown, "notify::selected", G_CALLBACK (on_arm_selected),
                            self);
  g_signal_connect_swapped (self->status_dropdown, "notify::selected",
                            G_CALLBACK (on_status_selected), self);
  g_signal_connect_swapped (self->alerts_toggle, "notify::active", G_CALLBACK (on_alerts_toggled),
                            self);

  self->trial_signals = g_signal_group_new (STROMA_TYPE_TRIAL);
  g_signal_group_connect_swapped (self->trial_signals, "notify::progress",
                                  G_CALLBACK (on_progress), self);
  g_signal_group_connect_swapped (self->trial_signals, "notify::deriving",
                                  G_CALLBACK (on_progress), self);
  g_signal_group_connect_swapped (self->trial_signals, "derived", G_CALLBACK (on_derived), self);

  {
    g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

    /* Translators: the status filter's choice that shows every subject */
    gtk_string_list_append (labels, _("All statuses"));
    for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
      gtk_string_list_append (labels, stroma_subject_status_label (statuses[i]));
    gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (labels));
  }
}

static void
fill_arms (StromaSubjectsView *self)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  const StromaProtocol *protocol = self->trial ? stroma_trial_get_protocol (self->trial) : NULL;

  /* Translators: the arm filter's choice that shows every subject */
  gtk_string_list_append (labels, _("All arms"));
  for (guint i = 0; protocol != NULL && i < protocol->arms->len; i++)
    {
      const StromaArm *arm = protocol->arms->pdata[i];

      gtk_string_list_append (labels, arm->label ? arm->label : arm->id);
      g_strv_builder_add (ids, arm->id);
    }

  g_clear_pointer (&self->arm_ids, g_strfreev);
  self->arm_ids = g_strv_builder_end (ids);
  gtk_drop_down_set_model (self->arm_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->arm_dropdown, 0);
}

/**
 * stroma_subjects_view_get_trial:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the trial shown.
 */
StromaTrial *
stroma_subjects_view_get_trial (StromaSubjectsView *self)
{
  g_return_val_if_fail (STROMA_IS_SUBJECTS_VIEW (self), NULL);
  return self->trial;
}

void
stroma_subjects_view_set_trial (StromaSubjectsView *self,
                                StromaTrial        *trial)
{
  g_return_if_fail (STROMA_IS_SUBJECTS_VIEW (self));
  g_return_if_fail (trial == NULL || STROMA_IS_TRIAL (trial));

  if (!g_set_object (&self->trial, trial))
    return;

  g_signal_group_set_target (self->trial_signals, trial);
  stroma_subject_page_set_trial (self->subject_page, trial);
  gtk_filter_list_model_set_model (self->filter_model,
                                   trial ? stroma_trial_get_subjects (trial) : NULL);
  fill_arms (self);
  update_count (self);
  on_progress (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRIAL]);
}

/**
 * stroma_subjects_view_get_subjects:
 * @self: a view
 *
 * Returns: (transfer none): the subjects shown, after search and sorting; also the selection.
 */
GListModel *
stroma_subjects_view_get_subjects (StromaSubjectsView *self)
{
  g_return_val_if_fail (STROMA_IS_SUBJECTS_VIEW (self), NULL);
  return G_LIST_MODEL (self->selection);
}

/**
 * stroma_subjects_view_select_code:
 * @self: a view
 * @code: a subject code
 *
 * Selects the subject and shows its page, clearing the search and filters if they hide it.
 *
 * Returns: %TRUE if the trial has the subject
 */
gboolean
stroma_subjects_view_select_code (StromaSubjectsView *self,
                                  const char         *code)
{
  g_return_val_if_fail (STROMA_IS_SUBJECTS_VIEW (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  for (guint pass = 0; pass < 2; pass++)
    {
      GListModel *model = G_LIST_MODEL (self->selection);
      guint n = g_list_model_get_n_items (model);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(StromaSubjectItem) item = g_list_model_get_item (model, i);

          if (g_strcmp0 (stroma_subject_item_get_subject (item)->code, code) == 0)
            {
              gtk_single_selection_set_selected (self->selection, i);
              gtk_widget_activate_action (GTK_WIDGET (self->subject_view), "list.scroll-to-item",
                                          "u", i);
              return TRUE;
            }
        }

      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      gtk_drop_down_set_selected (self->arm_dropdown, 0);
      gtk_drop_down_set_selected (self->status_dropdown, 0);
      gtk_toggle_button_set_active (self->alerts_toggle, FALSE);
    }

  return FALSE;
}

/**
 * stroma_subjects_view_get_page:
 * @self: a view
 *
 * Returns: (transfer none): the subject page beside the list
 */
StromaSubjectPage *
stroma_subjects_view_get_page (StromaSubjectsView *self)
{
  g_return_val_if_fail (STROMA_IS_SUBJECTS_VIEW (self), NULL);
  return self->subject_page;
}
