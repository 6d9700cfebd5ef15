/* stroma-subject-page.c — one subject: header, alerts, chart, endpoints, treatment, history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is shown as core derived it: the summary (days, response, alerts), the
 * endpoint results with their evidence, the product and regimen plans. The page formats; it
 * computes no clinical value. The audit history is read when it is opened, not on every
 * switch of subject, because it is the one slow query.
 */

#define G_LOG_DOMAIN "stroma-subject-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "chart/stroma-subject-chart.h"
#include "core/stroma-regimen.h"
#include "core/stroma-schedule.h"
#include "stroma-application.h"
#include "stroma-chart-view.h"
#include "stroma-subject-page.h"

/* Endpoint cards a row */
#define ENDPOINT_COLUMNS 3

/* The audit history shows at most this many changes, newest first. */
#define MAX_AUDIT_ROWS 300

struct _StromaSubjectPage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkStack             *stack;
  GtkScrolledWindow    *scroller;
  GtkLabel             *title_label;
  GtkLabel             *status_label;
  GtkLabel             *response_label;
  GtkLabel             *facts_label;
  GtkLabel             *days_label;
  GtkLabel             *sae_label;
  GtkWidget            *alert_banner;
  GtkLabel             *alert_title;
  GtkBox               *alert_list;
  GtkDropDown          *range_dropdown;
  GtkToggleButton      *dates_toggle;
  GtkToggleButton      *wbc_toggle;
  GtkToggleButton      *lymphocytes_toggle;
  GtkStack             *chart_stack;
  StromaChartView      *chart_view;
  GtkGrid              *endpoint_box;
  GtkListBox           *infusion_list;
  GtkListBox           *regimen_list;
  GtkListBox           *care_list;
  GtkListBox           *ae_list;
  AdwExpanderRow       *audit_row;

  /* Owned */
  StromaTrial          *trial;
  StromaSubjectItem    *item;
  StromaSubjectRecord  *record;
  StromaSubjectSummary *own_summary;   /* when the item's is not derived yet */
  GPtrArray            *audit_rows;
  gulong                changed_id;
  guint                 sections_id;
  gboolean              audit_loaded;
};

G_DEFINE_FINAL_TYPE (StromaSubjectPage, stroma_subject_page, GTK_TYPE_WIDGET)

/* Helpers */

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          const char *icon_name,
          const char *css_class)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title ? title : "", -1);
  g_autofree char *escaped_subtitle = g_markup_escape_text (subtitle ? subtitle : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  if (icon_name != NULL)
    {
      GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

      if (css_class != NULL)
        gtk_widget_add_css_class (icon, css_class);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
    }

  return row;
}

static void
add_row (GtkListBox *list,
         const char *title,
         const char *subtitle,
         const char *icon_name,
         const char *css_class)
{
  gtk_list_box_append (list, make_row (title, subtitle, icon_name, css_class));
}

static char *
format_day (gint day)
{
  if (day == STROMA_SUMMARY_NO_DAY)
    return g_strdup ("—");
  return g_strdup_printf ("%+d", day);
}

static const StromaSubjectSummary *
summary (StromaSubjectPage *self)
{
  const StromaSubjectSummary *s = self->item ? stroma_subject_item_get_summary (self->item) : NULL;

  return s != NULL ? s : self->own_summary;
}

static GSettings *
settings (void)
{
  GApplication *app = g_application_get_default ();

  return STROMA_IS_APPLICATION (app)
         ? stroma_application_get_settings (STROMA_APPLICATION (app)) : NULL;
}

/* Header */

static const char *
state_label (StromaEndpointState state)
{
  switch (state)
    {
    case STROMA_ENDPOINT_MET:
      /* Translators: state of an endpoint */
      return _("Met");
    case STROMA_ENDPOINT_NOT_MET:
      /* Translators: state of an endpoint */
      return _("Not met");
    case STROMA_ENDPOINT_NOT_REACHED:
      /* Translators: state of an endpoint: not met yet, still possible */
      return _("Not reached");
    case STROMA_ENDPOINT_NOT_EVALUABLE:
      /* Translators: state of an endpoint */
      return _("Not evaluable");
    default:
      g_return_val_if_reached ("");
    }
}

static const char *
state_class (StromaEndpointState state)
{
  switch (state)
    {
    case STROMA_ENDPOINT_MET:
      return "state-met";
    case STROMA_ENDPOINT_NOT_MET:
      return "state-not-met";
    case STROMA_ENDPOINT_NOT_REACHED:
      return "state-open";
    case STROMA_ENDPOINT_NOT_EVALUABLE:
      return "state-not-evaluable";
    default:
      g_return_val_if_reached ("");
    }
}

static void
show_header (StromaSubjectPage *self)
{
  const StromaSubject *subject = self->record->subject;
  const StromaSubjectSummary *s = summary (self);
  const StromaProtocol *protocol = stroma_trial_get_protocol (self->trial);
  g_autofree char *title = NULL;
  g_autoptr(GString) facts = g_string_new (NULL);
  g_autoptr(GString) days = g_string_new (NULL);
  const char *arm = self->record->allocation
                    ? stroma_trial_get_arm_label (self->trial, self->record->allocation->arm)
                    : NULL;
  const char *donor = subject->donor_type
                      ? stroma_protocol_get_stratum_label (protocol, subject->donor_type) : NULL;
  const char *category = s ? s->response_category : NULL;

  title = g_strdup_printf ("%s  %s", subject->code, subject->initials ? subject->initials : "");
  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->status_label, stroma_subject_status_label (subject->status));

  /* Translators: the header's facts, joined by " · " */
  g_string_append_printf (facts, _("Arm: %s"), arm ? arm : _("not randomized"));
  if (s != NULL && s->age_years != STROMA_SUMMARY_NO_DAY)
    {
      g_string_append (facts, " · ");
      /* Translators: age in years and sex (F or M), e.g. "54 years, F" */
      g_string_append_printf (facts, _("%d years, %s"), s->age_years,
                              subject->sex ? subject->sex : "?");
    }
  if (donor != NULL || subject->donor_type != NULL)
    g_string_append_printf (facts, " · %s", donor ? donor : subject->donor_type);
  if (self->record->transplant != NULL && self->record->transplant->day0_date != NULL)
    {
      g_string_append (facts, " · ");
      /* Translators: the date of the stem-cell transplant, day 0 */
      g_string_append_printf (facts, _("HSCT %s"), self->record->transplant->day0_date);
    }
  if (subject->treatment_start != NULL)
    {
      g_string_append (facts, " · ");
      /* Translators: the date study treatment started */
      g_string_append_printf (facts, _("treatment from %s"), subject->treatment_start);
    }
  gtk_label_set_text (self->facts_label, facts->str);

  if (s != NULL)
    {
      g_autofree char *day = format_day (s->day_post_hsct);
      g_autofree char *tday = s->treatment_day == STROMA_SUMMARY_NO_DAY
                              ? g_strdup ("—") : g_strdup_printf ("%d", s->treatment_day);

      /* Translators: e.g. "Day +123 after HSCT · day 64 of PGF treatment · as of 2026-11-21" */
      g_string_append_printf (days, _("Day %s after HSCT · day %s of treatment"), day, tday);
      if (g_strcmp0 (s->clock, s->as_of) != 0)
        /* Translators: the days count to the date the subject left the study */
        g_string_append_printf (days, _(" · counted to %s, when the subject left the study"),
                                s->clock);
      else
        g_string_append_printf (days, _(" · as of %s"), s->as_of);
    }
  gtk_label_set_text (self->days_label, days->str);

  /* What went wrong, before the page scrolls: the serious adverse events. */
  {
    g_autoptr(GString) saes = g_string_new (NULL);
    guint n = 0;

    for (guint i = 0; self->record->adverse_events && i < self->record->adverse_events->len; i++)
      {
        const StromaAdverseEvent *ae = self->record->adverse_events->pdata[i];

        if (!ae->serious)
          continue;
        g_string_append (saes, n++ == 0 ? "" : "; ");
        /* Translators: a serious adverse event in the header, e.g. "Sepsis, grade 5, 2024-07-16" */
        g_string_append_printf (saes, _("%s, grade %lld, %s"), ae->term,
                                (long long) ae->grade, ae->onset_date);
      }

    gtk_widget_set_visible (GTK_WIDGET (self->sae_label), n > 0);
    if (n > 0)
      {
        g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                              "Serious adverse event: %s",
                                                              "Serious adverse events: %s", n),
                                                 saes->str);
        gtk_label_set_text (self->sae_label, text);
      }
  }

  gtk_widget_set_visible (GTK_WIDGET (self->response_label), s != NULL && s->response != NULL);
  if (s != NULL && s->response != NULL)
    {
      g_autofree char *text = NULL;

      if (category != NULL)
        /* Translators: the response badge in the header, e.g. "Platelet response: CR" */
        text = g_strdup_printf (_("Response: %s"), category);
      else
        text = g_strdup_printf (_("Response: %s"), state_label (s->response->state));
      gtk_label_set_text (self->response_label, text);
      gtk_widget_set_css_classes (GTK_WIDGET (self->response_label),
                                  (const char *[]) { "response-badge",
                                                     category == NULL ? "response-open"
                                                     : g_str_equal (category, "CR") ? "response-cr"
                                                     : g_str_equal (category, "PR") ? "response-pr"
                                                     : "response-nr", NULL });
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->response_label), s->response->explanation);
    }
}

static void
show_alerts (StromaSubjectPage *self)
{
  const StromaSubjectSummary *s = summary (self);
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->alert_list))) != NULL)
    gtk_box_remove (self->alert_list, child);

  gtk_widget_set_visible (self->alert_banner, s != NULL && s->alerts->len > 0);
  if (s == NULL || s->alerts->len == 0)
    return;

  gtk_widget_remove_css_class (self->alert_banner, "critical");
  if (s->n_critical > 0)
    gtk_widget_add_css_class (self->alert_banner, "critical");

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u alert", "%u alerts", s->alerts->len),
                           s->alerts->len);
  gtk_label_set_text (self->alert_title, title);

  for (guint i = 0; i < s->alerts->len; i++)
    {
      const StromaSubjectAlert *alert = s->alerts->pdata[i];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *icon = gtk_image_new_from_icon_name (
        alert->severity == STROMA_SAFETY_SEVERITY_CRITICAL ? "dialog-error-symbolic"
                                                            : "dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (alert->message);

      gtk_widget_set_valign (icon, GTK_ALIGN_START);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      gtk_box_append (self->alert_list, box);
    }
}

/* Chart */

/* "Around treatment": three weeks before the start of study treatment to a hundred days after,
 * where the endpoints are decided. */
#define AROUND_BEFORE 21
#define AROUND_AFTER 100

static void
apply_range (StromaSubjectPage *self,
             StromaChart       *chart)
{
  static const StromaChartRange ranges[] = {
    STROMA_CHART_RANGE_ALL, STROMA_CHART_RANGE_ALL, STROMA_CHART_RANGE_DAY_30,
    STROMA_CHART_RANGE_DAY_100, STROMA_CHART_RANGE_DAY_365,
  };
  guint selected = gtk_drop_down_get_selected (self->range_dropdown);
  double start;

  if (selected == 0)
    {
      if (stroma_chart_find_marker (chart, STROMA_CHART_MARKER_TREATMENT_START, &start))
        stroma_chart_set_view (chart, start - AROUND_BEFORE, start + AROUND_AFTER);
      else
        stroma_chart_fit_all (chart);
      return;
    }

  stroma_chart_set_range (chart, selected < G_N_ELEMENTS (ranges) ? ranges[selected]
                                                                  : STROMA_CHART_RANGE_ALL);
}

static void
show_chart (StromaSubjectPage *self,
            gboolean           keep_view)
{
  const StromaSubjectSummary *s = summary (self);
  StromaSubjectChartOptions options = STROMA_SUBJECT_CHART_OPTIONS_INIT;
  StromaChart *old = stroma_chart_view_get_chart (self->chart_view);
  g_autoptr(StromaChart) chart = NULL;
  double first = 0, last = 0;
  gboolean had_view = keep_view && old != NULL;

  if (had_view)
    stroma_chart_get_view (old, &first, &last);

  options.show_wbc = gtk_toggle_button_get_active (self->wbc_toggle);
  options.show_lymphocytes = gtk_toggle_button_get_active (self->lymphocytes_toggle);
  options.x_labels = gtk_toggle_button_get_active (self->dates_toggle)
                     ? STROMA_CHART_X_LABELS_DATES : STROMA_CHART_X_LABELS_DAYS;

  chart = stroma_subject_chart_new (stroma_trial_get_protocol (self->trial), self->record,
                                    s ? s->results : NULL, &options);
  if (had_view)
    stroma_chart_set_view (chart, first, last);
  else
    apply_range (self, chart);

  stroma_chart_view_set_chart (self->chart_view, chart);
  gtk_stack_set_visible_child_name (self->chart_stack,
                                    stroma_chart_is_empty (chart) ? "no-counts" : "chart");
}

static void
on_chart_option_toggled (StromaSubjectPage *self)
{
  if (self->record != NULL)
    show_chart (self, TRUE);
}

static void
on_range_selected (StromaSubjectPage *self)
{
  StromaChart *chart = stroma_chart_view_get_chart (self->chart_view);

  if (chart != NULL)
    {
      apply_range (self, chart);
      gtk_widget_queue_draw (GTK_WIDGET (self->chart_view));
    }
}

static void
print_chart_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  StromaSubjectPage *self = STROMA_SUBJECT_PAGE (widget);
  g_autofree char *title = NULL;

  if (self->record == NULL)
    return;

  /* Translators: the heading of a printed chart, e.g. "PGF-004 AB — blood counts" */
  title = g_strdup_printf (_("%s %s — blood counts"), self->record->subject->code,
                           self->record->subject->initials ? self->record->subject->initials : "");
  stroma_chart_view_print (self->chart_view, GTK_WINDOW (gtk_widget_get_root (widget)), title);
}

static void
export_chart_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  StromaSubjectPage *self = STROMA_SUBJECT_PAGE (widget);

  if (self->record == NULL)
    return;

  stroma_chart_view_export (self->chart_view, GTK_WINDOW (gtk_widget_get_root (widget)),
                            self->record->subject->code);
}

/* Endpoints */

static void
on_evidence_expanded (GtkExpander *expander)
{
  const StromaEndpointResult *r = g_object_get_data (G_OBJECT (expander), "result");
  GtkWidget *grid;

  if (!gtk_expander_get_expanded (expander) || gtk_expander_get_child (expander) != NULL ||
      r == NULL)
    return;

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 2);
  gtk_widget_add_css_class (grid, "evidence");
  gtk_widget_set_margin_top (grid, 4);

  for (guint i = 0; i < r->evidence->len; i++)
    {
      const StromaEvidence *ev = r->evidence->pdata[i];
      g_autofree char *day = g_strdup_printf ("%+d", ev->day);
      g_autofree char *value = NULL;
      GtkWidget *cells[4];

      if (ev->transfusion)
        /* Translators: evidence row: a transfusion, e.g. "PLT transfusion" */
        value = g_strdup_printf (_("%s transfusion"), ev->test_code);
      else
        value = g_strdup_printf ("%s %g", stroma_lab_short_label (ev->test_code), ev->value);

      cells[0] = gtk_label_new (ev->date);
      cells[1] = gtk_label_new (day);
      cells[2] = gtk_label_new (value);
      cells[3] = gtk_label_new (ev->qualifies ? "✓" : "✗");
      gtk_widget_set_tooltip_text (cells[3], ev->qualifies
                                   ? _("Counts towards the rule")
                                   : _("Does not count towards the rule"));
      for (guint c = 0; c < 4; c++)
        {
          gtk_label_set_xalign (GTK_LABEL (cells[c]), c == 1 ? 1 : 0);
          gtk_widget_add_css_class (cells[c], "numeric");
          if (!ev->qualifies)
            gtk_widget_add_css_class (cells[c], "dim-label");
          gtk_grid_attach (GTK_GRID (grid), cells[c], (int) c, (int) i, 1, 1);
        }
    }

  gtk_expander_set_child (expander, grid);
}

static GtkWidget *
endpoint_card (StromaSubjectPage          *self,
               const StromaEndpointResult *r)
{
  const StromaEndpoint *e = r->endpoint;
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (e->label ? e->label : e->id);
  GtkWidget *state = gtk_label_new (state_label (r->state));
  GtkWidget *kind, *explanation;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "endpoint-card");
  gtk_widget_set_valign (card, GTK_ALIGN_START);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_widget_add_css_class (state, "state-pill");
  gtk_widget_add_css_class (state, state_class (r->state));
  gtk_widget_set_valign (state, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (top), title);
  gtk_box_append (GTK_BOX (top), state);
  gtk_box_append (GTK_BOX (card), top);

  kind = gtk_label_new (g_strcmp0 (e->definition, "registry") == 0
                        /* Translators: where an endpoint's rule comes from */
                        ? _("Registry definition") : _("Protocol endpoint"));
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_add_css_class (kind, "dim-label");
  gtk_widget_add_css_class (kind, "caption");
  gtk_box_append (GTK_BOX (card), kind);

  if (r->event_date != NULL)
    {
      g_autoptr(GString) when = g_string_new (r->event_date);
      GtkWidget *label;

      if (r->day_from_day0 != G_MININT)
        /* Translators: day after transplant of an endpoint's event */
        g_string_append_printf (when, _(" · day %+d after HSCT"), r->day_from_day0);
      if (r->day_from_treatment != G_MININT)
        /* Translators: day of treatment of an endpoint's event */
        g_string_append_printf (when, _(" · treatment day %d"), r->day_from_treatment);
      label = gtk_label_new (when->str);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "numeric");
      gtk_box_append (GTK_BOX (card), label);
    }

  explanation = gtk_label_new (r->explanation);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_selectable (GTK_LABEL (explanation), TRUE);
  gtk_widget_set_can_focus (explanation, FALSE);
  gtk_box_append (GTK_BOX (card), explanation);

  if (r->evidence != NULL && r->evidence->len > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "Evidence: %u value",
                                                             "Evidence: %u values",
                                                             r->evidence->len),
                                                r->evidence->len);
      GtkWidget *expander = gtk_expander_new (label);

      /* The rows are built when opened: most cards are read closed. */
      g_object_set_data (G_OBJECT (expander), "result", (gpointer) r);
      g_signal_connect (expander, "notify::expanded", G_CALLBACK (on_evidence_expanded), NULL);
      gtk_box_append (GTK_BOX (card), expander);
    }

  return card;
}

static void
show_endpoints (StromaSubjectPage *self)
{
  const StromaSubjectSummary *s = summary (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->endpoint_box))) != NULL)
    gtk_grid_remove (self->endpoint_box, child);

  /* Three cards a row: a grid measures far faster than a flow box of wrapping labels. */
  for (guint i = 0; s != NULL && i < s->results->len; i++)
    gtk_grid_attach (self->endpoint_box, endpoint_card (self, s->results->pdata[i]),
                     (int) (i % ENDPOINT_COLUMNS), (int) (i / ENDPOINT_COLUMNS), 1, 1);
}

/* Treatment */

static const char *
dose_status_label (StromaScheduleStatus status)
{
  switch (status)
    {
    case STROMA_SCHEDULE_PLANNED:
      /* Translators: status of a planned infusion */
      return _("Planned");
    case STROMA_SCHEDULE_DUE:
      return _("Due");
    case STROMA_SCHEDULE_OVERDUE:
      return _("Overdue");
    case STROMA_SCHEDULE_GIVEN:
      return _("Given");
    case STROMA_SCHEDULE_MISSED:
      return _("Missed");
    case STROMA_SCHEDULE_DONE:
      return _("Done");
    default:
      g_return_val_if_reached ("");
    }
}

static void
show_infusions (StromaSubjectPage *self)
{
  const StromaSubjectSummary *s = summary (self);
  StromaScheduleOptions options = STROMA_SCHEDULE_OPTIONS_INIT;
  g_autoptr(StromaProductPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  clear_list (self->infusion_list);
  plan = stroma_product_plan_new (stroma_trial_get_protocol (self->trial), self->record,
                                  s ? s->as_of : stroma_trial_get_data_cut (self->trial),
                                  &options, &error);
  if (plan == NULL)
    {
      if (g_error_matches (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_NO_PRODUCT))
        add_row (self->infusion_list, _("No MSC infusions"),
                 _("The subject's arm does not receive the study product."), NULL, NULL);
      else
        add_row (self->infusion_list, _("No infusion plan"), error->message, NULL, NULL);
      return;
    }

  for (guint i = 0; i < plan->doses->len; i++)
    {
      const StromaProductDose *dose = plan->doses->pdata[i];
      g_autofree char *title = NULL;
      g_autoptr(GString) subtitle = g_string_new (NULL);
      const char *icon = NULL, *css = NULL;

      /* Translators: e.g. "Infusion 2 — Given" */
      title = g_strdup_printf (_("Infusion %u — %s"), dose->number,
                               dose_status_label (dose->status));
      if (dose->status == STROMA_SCHEDULE_GIVEN && dose->given_date != NULL)
        {
          /* Translators: when an infusion was given and when it was due */
          g_string_append_printf (subtitle, _("Given %s, due %s"), dose->given_date,
                                  dose->due_date);
          if (dose->outside_window)
            g_string_append (subtitle, _(" — outside its window"));
          if (isfinite (dose->total_cells) && isfinite (dose->weight_kg) && dose->weight_kg > 0)
            /* Translators: cells given per kg of body weight, and the weight */
            g_string_append_printf (subtitle, _(" · %.2g×10⁶ cells/kg at %.1f kg"),
                                    dose->total_cells / dose->weight_kg / 1e6, dose->weight_kg);
          icon = "emblem-ok-symbolic";
          css = "success";
        }
      else
        {
          /* Translators: an infusion's due date and window */
          g_string_append_printf (subtitle, _("Due %s, window %s to %s"), dose->due_date,
                                  dose->window_start, dose->window_end);
          if (isfinite (dose->cells_per_kg))
            g_string_append_printf (subtitle, _(" · target %.2g×10⁶ cells/kg"),
                                    dose->cells_per_kg / 1e6);
          if (dose->status == STROMA_SCHEDULE_OVERDUE)
            {
              icon = "dialog-warning-symbolic";
              css = "warning";
            }
          else if (dose->status == STROMA_SCHEDULE_MISSED)
            {
              icon = "action-unavailable-symbolic";
              css = "error";
            }
        }
      if (dose->reason != NULL)
        g_string_append_printf (subtitle, " · %s", dose->reason);

      add_row (self->infusion_list, title, subtitle->str, icon, css);
    }

  if (plan->doses->len == 0)
    add_row (self->infusion_list, _("No infusion planned"), NULL, NULL, NULL);
}

static void
show_regimen (StromaSubjectPage *self)
{
  g_autoptr(StromaRegimenPlan) plan = NULL;
  g_autoptr(GError) error = NULL;
  guint given = 0, recorded = 0;

  clear_list (self->regimen_list);

  for (guint i = 0; self->record->conditioning && i < self->record->conditioning->len; i++)
    {
      const StromaConditioningDose *dose = self->record->conditioning->pdata[i];

      recorded++;
      if (g_strcmp0 (dose->status, "given") == 0)
        given++;
    }

  plan = stroma_regimen_plan_new_for_subject (stroma_trial_get_protocol (self->trial),
                                              self->record, NULL, &error);
  if (plan == NULL)
    {
      add_row (self->regimen_list, _("No regimen plan"), error->message, NULL, NULL);
      return;
    }

  {
    g_autoptr(GString) subtitle = g_string_new (NULL);

    /* Translators: how many conditioning doses were recorded as given */
    g_string_append_printf (subtitle, _("%u of %u recorded doses given"), given, recorded);
    if (isfinite (plan->weight_kg))
      g_string_append_printf (subtitle, _(" · dosed for %.1f kg"), plan->weight_kg);
    if (isfinite (plan->bsa_used))
      g_string_append_printf (subtitle, _(", BSA %.2f m²"), plan->bsa_used);
    add_row (self->regimen_list, plan->regimen_label, subtitle->str, NULL, NULL);
  }

  for (guint i = 0; i < plan->totals->len; i++)
    {
      const StromaRegimenTotal *t = plan->totals->pdata[i];
      g_autofree char *subtitle = NULL;

      /* Translators: a conditioning agent's course, e.g. "8 doses on 2 days, day −7 to −6 ·
       * 51.2 mg each · 409.6 mg in all" */
      subtitle = g_strdup_printf (_("%u doses on %u days, day %d to %d · %.4g %s each · %.4g %s "
                                    "in all"),
                                  t->n_doses, t->n_days, t->first_day, t->last_day, t->dose,
                                  t->dose_unit, t->total, t->dose_unit);
      add_row (self->regimen_list, t->agent, subtitle, NULL, NULL);
    }
}

static void
add_transfusion_row (StromaSubjectPage *self,
                     const char        *product,
                     const char        *title)
{
  g_autoptr(GString) dates = g_string_new (NULL);
  guint n = 0;
  g_autofree char *full_title = NULL;

  for (guint i = 0; self->record->transfusions && i < self->record->transfusions->len; i++)
    {
      const StromaTransfusion *t = self->record->transfusions->pdata[i];

      if (g_strcmp0 (t->product, product) != 0)
        continue;
      if (dates->len > 0)
        g_string_append (dates, ", ");
      g_string_append (dates, t->given_on);
      n++;
    }

  /* Translators: e.g. "Red-cell transfusions: 12" */
  full_title = g_strdup_printf ("%s: %u", title, n);
  add_row (self->care_list, full_title, n > 0 ? dates->str : NULL, NULL, NULL);
}

static void
show_care (StromaSubjectPage *self)
{
  clear_list (self->care_list);

  add_transfusion_row (self, "RBC", _("Red-cell transfusions"));
  add_transfusion_row (self, "PLT", _("Platelet transfusions"));

  for (guint i = 0; self->record->medications && i < self->record->medications->len; i++)
    {
      const StromaMedication *m = self->record->medications->pdata[i];
      g_autoptr(GString) subtitle = g_string_new (NULL);

      /* Translators: a medication's course, e.g. "2024-02-01 to 2024-02-10" or "from …" */
      if (m->end_date != NULL)
        g_string_append_printf (subtitle, _("%s to %s"), m->start_date, m->end_date);
      else
        g_string_append_printf (subtitle, _("From %s, ongoing"), m->start_date);
      if (isfinite (m->dose))
        g_string_append_printf (subtitle, " · %g %s", m->dose, m->dose_unit ? m->dose_unit : "");
      if (m->dose_level != STROMA_NO_INT)
        /* Translators: the titration level of a medication */
        g_string_append_printf (subtitle, _(" · level %lld"), (long long) m->dose_level);
      if (m->indication != NULL)
        g_string_append_printf (subtitle, " · %s", m->indication);

      add_row (self->care_list, m->agent, subtitle->str, NULL, NULL);
    }
}

static void
show_adverse_events (StromaSubjectPage *self)
{
  clear_list (self->ae_list);

  for (guint i = 0; self->record->adverse_events && i < self->record->adverse_events->len; i++)
    {
      const StromaAdverseEvent *ae = self->record->adverse_events->pdata[i];
      g_autoptr(GString) subtitle = g_string_new (NULL);
      gboolean severe = ae->serious || (ae->grade != STROMA_NO_INT && ae->grade >= 3);

      if (ae->grade != STROMA_NO_INT)
        /* Translators: CTCAE grade of an adverse event */
        g_string_append_printf (subtitle, _("Grade %lld"), (long long) ae->grade);
      if (ae->serious)
        /* Translators: a serious adverse event */
        g_string_append (subtitle, _(" · serious"));
      if (ae->dlt)
        /* Translators: a dose-limiting toxicity */
        g_string_append (subtitle, _(" · DLT"));
      if (ae->relationship != NULL)
        /* Translators: relationship of an adverse event to the study treatment */
        g_string_append_printf (subtitle, _(" · relationship: %s"), ae->relationship);
      /* Translators: onset date of an adverse event */
      g_string_append_printf (subtitle, _(" · onset %s"), ae->onset_date);
      if (ae->resolved_date != NULL)
        g_string_append_printf (subtitle, _(", resolved %s"), ae->resolved_date);
      if (ae->outcome != NULL)
        g_string_append_printf (subtitle, " · %s", ae->outcome);

      add_row (self->ae_list, ae->term, subtitle->str,
               severe ? "dialog-warning-symbolic" : NULL, severe ? "error" : NULL);
    }

  if (self->record->adverse_events == NULL || self->record->adverse_events->len == 0)
    add_row (self->ae_list, _("No adverse events recorded"), NULL, NULL, NULL);
}

/* Audit history: read on demand */

static char *
local_time (const char *utc)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = utc ? g_date_time_new_from_iso8601 (utc, tz) : NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return g_strdup (utc ? utc : "");

  local = g_date_time_to_local (time);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static void
clear_audit (StromaSubjectPage *self)
{
  for (guint i = 0; self->audit_rows != NULL && i < self->audit_rows->len; i++)
    adw_expander_row_remove (self->audit_row, self->audit_rows->pdata[i]);
  g_clear_pointer (&self->audit_rows, g_ptr_array_unref);
  self->audit_loaded = FALSE;
}

static void
add_audit_row (StromaSubjectPage *self,
               GtkWidget         *row)
{
  adw_expander_row_add_row (self->audit_row, row);
  g_ptr_array_add (self->audit_rows, row);
}

static void
load_audit (StromaSubjectPage *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  guint inserts = 0, shown = 0;
  const char *first_insert = NULL, *last_insert = NULL;

  if (self->audit_loaded || self->record == NULL)
    return;

  clear_audit (self);
  self->audit_rows = g_ptr_array_new ();
  self->audit_loaded = TRUE;

  entries = stroma_store_list_audit (stroma_trial_get_store (self->trial), "subjects",
                                     self->record->subject->parent.id, &error);
  if (entries == NULL)
    {
      add_audit_row (self, make_row (_("Could not read the audit history"), error->message,
                                     "dialog-error-symbolic", "error"));
      return;
    }

  for (guint i = 0; i < entries->len; i++)
    {
      const StromaAuditEntry *e = entries->pdata[i];

      if (g_strcmp0 (e->action, "insert") == 0)
        {
          inserts++;
          if (first_insert == NULL)
            first_insert = e->at;
          last_insert = e->at;
        }
    }

  if (inserts > 0)
    {
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                             "%u record entered",
                                                             "%u records entered", inserts),
                                                inserts);
      g_autofree char *from = local_time (first_insert);
      g_autofree char *to = local_time (last_insert);
      g_autofree char *subtitle = g_strdup_printf (_("%s to %s"), from, to);

      add_audit_row (self, make_row (title, subtitle, "document-new-symbolic", NULL));
    }

  /* Changes, newest first */
  for (guint i = entries->len; i > 0 && shown < MAX_AUDIT_ROWS; i--)
    {
      const StromaAuditEntry *e = entries->pdata[i - 1];
      g_autofree char *title = NULL;
      g_autofree char *when = NULL;
      g_autofree char *subtitle = NULL;

      if (g_strcmp0 (e->action, "insert") == 0)
        continue;

      if (e->column_name != NULL)
        /* Translators: an audited change: table.column: old → new */
        title = g_strdup_printf (_("%s.%s: %s → %s"), e->table_name, e->column_name,
                                 e->old_value ? e->old_value : "∅",
                                 e->new_value ? e->new_value : "∅");
      else
        title = g_strdup_printf ("%s %s", e->table_name, e->action);
      when = local_time (e->at);
      /* Translators: when, who and why of an audited change */
      subtitle = g_strdup_printf (_("%s · %s · %s"), when, e->user ? e->user : "?",
                                  e->reason ? e->reason : _("no reason given"));
      add_audit_row (self, make_row (title, subtitle, "document-edit-symbolic", NULL));
      shown++;
    }

  if (entries->len == 0)
    add_audit_row (self, make_row (_("No history recorded"), NULL, NULL, NULL));
}

static void
on_audit_expanded (StromaSubjectPage *self)
{
  if (adw_expander_row_get_expanded (self->audit_row))
    load_audit (self);
}

/* The whole page */

static gboolean
show_sections (gpointer user_data)
{
  StromaSubjectPage *self = user_data;

  self->sections_id = 0;
  if (self->record == NULL)
    return G_SOURCE_REMOVE;

  show_endpoints (self);
  show_infusions (self);
  show_regimen (self);
  show_care (self);
  show_adverse_events (self);

  return G_SOURCE_REMOVE;
}

/**
 * stroma_subject_page_is_complete:
 * @self: a page
 *
 * Returns: %TRUE when every section of the subject shown is built, %FALSE while the sections
 *   below the chart are still to come
 */
gboolean
stroma_subject_page_is_complete (StromaSubjectPage *self)
{
  g_return_val_if_fail (STROMA_IS_SUBJECT_PAGE (self), FALSE);
  return self->sections_id == 0;
}

static void
show_subject (StromaSubjectPage *self,
              gboolean           keep_view)
{
  g_autoptr(GError) error = NULL;
  const StromaSubject *subject;

  g_clear_pointer (&self->record, stroma_subject_record_free);
  g_clear_pointer (&self->own_summary, stroma_subject_summary_free);
  clear_audit (self);
  adw_expander_row_set_expanded (self->audit_row, FALSE);

  if (self->item == NULL || self->trial == NULL)
    {
      g_clear_handle_id (&self->sections_id, g_source_remove);
      stroma_chart_view_set_chart (self->chart_view, NULL);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  subject = stroma_subject_item_get_subject (self->item);
  self->record = stroma_trial_load_subject (self->trial, subject->parent.id, &error);
  if (self->record == NULL)
    {
      AdwStatusPage *page = ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->stack, "empty"));

      adw_status_page_set_title (page, _("Could Not Read the Subject"));
      adw_status_page_set_description (page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  if (stroma_subject_item_get_summary (self->item) == NULL)
    {
      self->own_summary = stroma_subject_summary_new (stroma_trial_get_protocol (self->trial),
                                                      self->record,
                                                      stroma_trial_get_data_cut (self->trial),
                                                      NULL, &error);
      if (self->own_summary == NULL)
        g_warning ("Cannot summarize %s: %s", subject->code, error->message);
    }

  show_header (self);
  show_alerts (self);
  show_chart (self, keep_view);

  /* The header, the alerts and the chart show in the next frame; the sections below the fold
   * follow in the one after, so walking the list never waits for cards it scrolls past. */
  g_clear_handle_id (&self->sections_id, g_source_remove);
  self->sections_id = g_idle_add_full (G_PRIORITY_LOW, show_sections, self, NULL);

  gtk_stack_set_visible_child_name (self->stack, "subject");
  if (!keep_view)
    gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

static void
on_trial_changed (StromaSubjectPage *self,
                  gint64             subject_id)
{
  if (self->item != NULL &&
      (subject_id == 0 || subject_id == stroma_subject_item_get_subject (self->item)->parent.id))
    show_subject (self, TRUE);
}

static void
on_item_derived (StromaSubjectPage *self)
{
  /* The list's summary arrived: show the same values the list shows. */
  if (self->record != NULL && self->own_summary != NULL)
    show_subject (self, TRUE);
}

static void
stroma_subject_page_dispose (GObject *object)
{
  StromaSubjectPage *self = STROMA_SUBJECT_PAGE (object);

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, on_item_derived, self);
  g_clear_signal_handler (&self->changed_id, self->trial);
  g_clear_handle_id (&self->sections_id, g_source_remove);
  clear_audit (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_SUBJECT_PAGE);
  g_clear_object (&self->trial);
  g_clear_object (&self->item);
  g_clear_pointer (&self->record, stroma_subject_record_free);
  g_clear_pointer (&self->own_summary, stroma_subject_summary_free);

  G_OBJECT_CLASS (stroma_subject_page_parent_class)->dispose (object);
}

static void
stroma_subject_page_class_init (StromaSubjectPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_subject_page_dispose;

  g_type_ensure (STROMA_TYPE_CHART_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-subject-page.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, stack);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, response_label);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, facts_label);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, days_label);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, sae_label);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, alert_banner);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, alert_title);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, alert_list);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, dates_toggle);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, wbc_toggle);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, lymphocytes_toggle);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, chart_stack);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, chart_view);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, endpoint_box);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, infusion_list);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, regimen_list);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, care_list);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, ae_list);
  gtk_widget_class_bind_template_child (widget_class, StromaSubjectPage, audit_row);

  gtk_widget_class_install_action (widget_class, "subject.print-chart", NULL, print_chart_action);
  gtk_widget_class_install_action (widget_class, "subject.export-chart", NULL,
                                   export_chart_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "subject.print-chart", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK,
                                       "subject.export-chart", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "subjectpage");
}

static gboolean
time_axis_get_mapping (GValue   *value,
                       GVariant *variant,
                       gpointer  user_data)
{
  g_value_set_boolean (value, g_strcmp0 (g_variant_get_string (variant, NULL), "date") == 0);
  return TRUE;
}

static GVariant *
time_axis_set_mapping (const GValue       *value,
                       const GVariantType *expected_type,
                       gpointer            user_data)
{
  return g_variant_new_string (g_value_get_boolean (value) ? "date" : "day");
}

static void
stroma_subject_page_init (StromaSubjectPage *self)
{
  GSettings *s;

  gtk_widget_init_template (GTK_WIDGET (self));

  s = settings ();
  if (s != NULL)
    {
      g_settings_bind (s, "show-wbc", self->wbc_toggle, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (s, "show-lymphocytes", self->lymphocytes_toggle, "active",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind_with_mapping (s, "chart-time-axis", self->dates_toggle, "active",
                                    G_SETTINGS_BIND_DEFAULT, time_axis_get_mapping,
                                    time_axis_set_mapping, NULL, NULL);
    }

  g_signal_connect_swapped (self->wbc_toggle, "notify::active",
                            G_CALLBACK (on_chart_option_toggled), self);
  g_signal_connect_swapped (self->lymphocytes_toggle, "notify::active",
                            G_CALLBACK (on_chart_option_toggled), self);
  g_signal_connect_swapped (self->dates_toggle, "notify::active",
                            G_CALLBACK (on_chart_option_toggled), self);
  g_signal_connect_swapped (self->range_dropdown, "notify::selected",
                            G_CALLBACK (on_range_selected), self);
  g_signal_connect_swapped (self->audit_row, "notify::expanded",
                            G_CALLBACK (on_audit_expanded), self);
}

/**
 * stroma_subject_page_set_trial:
 * @self: a page
 * @trial: (nullable): the open trial
 */
void
stroma_subject_page_set_trial (StromaSubjectPage *self,
                               StromaTrial       *trial)
{
  g_return_if_fail (STROMA_IS_SUBJECT_PAGE (self));

  if (self->trial == trial)
    return;

  g_clear_signal_handler (&self->changed_id, self->trial);
  g_set_object (&self->trial, trial);
  if (trial != NULL)
    self->changed_id = g_signal_connect_swapped (trial, "changed", G_CALLBACK (on_trial_changed),
                                                 self);
  stroma_subject_page_set_item (self, NULL);
}

/**
 * stroma_subject_page_get_item:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the subject shown
 */
StromaSubjectItem *
stroma_subject_page_get_item (StromaSubjectPage *self)
{
  g_return_val_if_fail (STROMA_IS_SUBJECT_PAGE (self), NULL);
  return self->item;
}

/**
 * stroma_subject_page_set_item:
 * @self: a page
 * @item: (nullable): the subject to show, from the trial's list
 *
 * Reads the subject's record and shows it. The chart keeps the range preset chosen.
 */
void
stroma_subject_page_set_item (StromaSubjectPage *self,
                              StromaSubjectItem *item)
{
  g_return_if_fail (STROMA_IS_SUBJECT_PAGE (self));

  if (self->item == item && item != NULL)
    return;

  if (self->item != NULL)
    g_signal_handlers_disconnect_by_func (self->item, on_item_derived, self);
  g_set_object (&self->item, item);
  if (item != NULL)
    g_signal_connect_swapped (item, "notify::derived", G_CALLBACK (on_item_derived), self);

  show_subject (self, FALSE);
}

/**
 * stroma_subject_page_get_chart:
 * @self: a page
 *
 * Returns: (transfer none) (nullable): the chart shown
 */
StromaChart *
stroma_subject_page_get_chart (StromaSubjectPage *self)
{
  g_return_val_if_fail (STROMA_IS_SUBJECT_PAGE (self), NULL);
  return stroma_chart_view_get_chart (self->chart_view);
}
