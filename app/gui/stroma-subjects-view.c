/* stroma-subjects-view.c — the subject list beside the subject page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-subjects-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "stroma-subject-item.h"
#include "stroma-subjects-view.h"

struct _StromaSubjectsView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkPaned            *paned;
  GtkSearchEntry      *search_entry;
  GtkColumnView       *subject_view;
  GtkSingleSelection  *selection;
  GtkFilterListModel  *filter_model;
  GtkLabel            *count_label;
  AdwStatusPage       *subject_page;

  /* Owned */
  StromaTrial         *trial;
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

static void
stroma_subjects_view_dispose (GObject *object)
{
  StromaSubjectsView *self = STROMA_SUBJECTS_VIEW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_SUBJECTS_VIEW);
  g_clear_object (&self->trial);

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

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-subjects-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, paned);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, subject_view);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, selection);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, filter_model);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectsView, subject_page);

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

  gtk_filter_list_model_set_model (self->filter_model,
                                   trial ? stroma_trial_get_subjects (trial) : NULL);
  update_count (self);
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
