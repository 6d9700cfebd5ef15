/* stroma-overview-view.c — every arm's counts by day of treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the count profiles the trial derived when it loaded (core/stroma-profile): per arm,
 * the median and interquartile range of each count by day after the start of treatment, with
 * every subject's samples faintly behind.
 */

#define G_LOG_DOMAIN "stroma-overview-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "core/stroma-profile.h"
#include "stroma-chart-view.h"
#include "stroma-overview-view.h"

struct _StromaOverviewView
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  GtkToggleButton *curves_toggle;
  StromaChartView *chart_view;
  GtkLabel        *method_label;

  /* Owned */
  StromaTrial     *trial;
  GSignalGroup    *trial_signals;
};

G_DEFINE_FINAL_TYPE (StromaOverviewView, stroma_overview_view, GTK_TYPE_WIDGET)

static void
update (StromaOverviewView *self)
{
  GPtrArray *profiles[STROMA_TRIAL_N_PROFILE_TESTS];
  g_autoptr(StromaChart) chart = NULL;
  StromaProfileOptions options = STROMA_PROFILE_OPTIONS_INIT;
  g_autofree char *method = NULL;

  for (guint t = 0; t < STROMA_TRIAL_N_PROFILE_TESTS; t++)
    {
      profiles[t] = self->trial ? stroma_trial_get_profiles (self->trial,
                                                              stroma_trial_profile_tests[t])
                                : NULL;
      if (profiles[t] == NULL)
        {
          stroma_chart_view_set_chart (self->chart_view, NULL);
          gtk_stack_set_visible_child_name (self->stack, "waiting");
          return;
        }
    }

  chart = stroma_profile_chart_new (profiles, stroma_trial_profile_tests,
                                    STROMA_TRIAL_N_PROFILE_TESTS,
                                    gtk_toggle_button_get_active (self->curves_toggle));
  stroma_chart_view_set_chart (self->chart_view, chart);

  /* Translators: how the overview's medians are made; %u are numbers of days and subjects */
  method = g_strdup_printf (_("Lines are each arm’s median, bands its interquartile range, by "
                              "day after the start of study treatment (day 0). A subject counts "
                              "on a day with a sample, or between two samples at most %u days "
                              "apart (read off the line between them); days with fewer than %u "
                              "subjects are left out. As of %s."),
                            options.max_gap_days, options.min_subjects,
                            stroma_trial_get_data_cut (self->trial));
  gtk_label_set_text (self->method_label, method);
  gtk_stack_set_visible_child_name (self->stack, "chart");
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  StromaOverviewView *self = STROMA_OVERVIEW_VIEW (widget);

  stroma_chart_view_print (self->chart_view, GTK_WINDOW (gtk_widget_get_root (widget)),
                           _("Blood counts by arm and day of treatment"));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  StromaOverviewView *self = STROMA_OVERVIEW_VIEW (widget);

  /* Translators: the file name offered for the exported overview */
  stroma_chart_view_export (self->chart_view, GTK_WINDOW (gtk_widget_get_root (widget)),
                            _("counts-by-arm"));
}

static void
stroma_overview_view_dispose (GObject *object)
{
  StromaOverviewView *self = STROMA_OVERVIEW_VIEW (object);

  if (self->trial_signals != NULL)
    g_signal_group_set_target (self->trial_signals, NULL);
  g_clear_object (&self->trial_signals);
  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_OVERVIEW_VIEW);
  g_clear_object (&self->trial);

  G_OBJECT_CLASS (stroma_overview_view_parent_class)->dispose (object);
}

static void
stroma_overview_view_class_init (StromaOverviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_overview_view_dispose;

  g_type_ensure (STROMA_TYPE_CHART_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-overview-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaOverviewView, stack);
  gtk_widget_class_bind_template_child (widget_class, StromaOverviewView, curves_toggle);
  gtk_widget_class_bind_template_child (widget_class, StromaOverviewView, chart_view);
  gtk_widget_class_bind_template_child (widget_class, StromaOverviewView, method_label);

  gtk_widget_class_install_action (widget_class, "overview.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "overview.export", NULL, export_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "overviewview");
}

static void
stroma_overview_view_init (StromaOverviewView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->trial_signals = g_signal_group_new (STROMA_TYPE_TRIAL);
  g_signal_group_connect_swapped (self->trial_signals, "derived", G_CALLBACK (update), self);
  g_signal_connect_swapped (self->curves_toggle, "notify::active", G_CALLBACK (update), self);
}

/**
 * stroma_overview_view_set_trial:
 * @self: a view
 * @trial: (nullable): the open trial
 *
 * Shows the trial's profiles once they are derived.
 */
void
stroma_overview_view_set_trial (StromaOverviewView *self,
                                StromaTrial        *trial)
{
  g_return_if_fail (STROMA_IS_OVERVIEW_VIEW (self));

  if (!g_set_object (&self->trial, trial))
    return;

  g_signal_group_set_target (self->trial_signals, trial);
  update (self);
}

/**
 * stroma_overview_view_get_chart:
 * @self: a view
 *
 * Returns: (transfer none) (nullable): the chart shown, or %NULL before the profiles are derived
 */
StromaChart *
stroma_overview_view_get_chart (StromaOverviewView *self)
{
  g_return_val_if_fail (STROMA_IS_OVERVIEW_VIEW (self), NULL);
  return stroma_chart_view_get_chart (self->chart_view);
}
