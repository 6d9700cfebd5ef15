/* stroma-regimen-window.c — the conditioning plan: calculated doses, days, doses given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The regimen of the subject's donor type, expanded by core stroma-regimen into one row per
 * administration with its calculated dose and the arithmetic behind it (BSA formula, weight,
 * rounding). Before it is saved the site may move an agent's days, select optional agents and
 * set the hour of the first dose; saving writes every dose as planned. After that, moving days
 * takes a reason and updates the planned doses (never a dose given), and each dose is recorded
 * as given — when, how much, by whom — or omitted. The ward's sheet is printed as a PDF.
 */

#define G_LOG_DOMAIN "stroma-regimen-window"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/stroma-regimen.h"
#include "core/stroma-validate.h"
#include "io/stroma-regimen-sheet.h"
#include "stroma-dose-dialog.h"
#include "stroma-form.h"
#include "stroma-regimen-row.h"
#include "stroma-regimen-window.h"

struct _StromaRegimenWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  GtkWidget            *save_button;
  AdwPreferencesGroup  *summary_group;
  AdwEntryRow          *start_time_row;
  AdwPreferencesGroup  *agents_group;
  GtkLabel             *table_title;
  GtkColumnView        *plan_view;
  GtkSingleSelection   *plan_selection;
  GListStore           *plan_store;

  /* Owned */
  StromaDesk           *desk;
  gint64                subject_id;
  StromaSubjectRecord  *record;
  const StromaRegimen  *regimen;
  StromaRegimenLayout  *layout;      /* the edits before saving */
  StromaRegimenPlan    *plan;
  GPtrArray            *saved;       /* StromaConditioningDose*, borrowed from record */
  GPtrArray            *agent_rows;
  char                 *basis_text;  /* what the doses are computed from */
  char                 *layout_text; /* where the day layout comes from */
  gulong                changed_id;
};

G_DEFINE_FINAL_TYPE (StromaRegimenWindow, stroma_regimen_window, ADW_TYPE_WINDOW)

static void
show_message (StromaRegimenWindow *self,
              const char          *text)
{
  gtk_label_set_text (self->error_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), text != NULL);
}

static double
deviation_limit (StromaRegimenWindow *self)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (self->desk);

  return protocol->dose_deviation_threshold > 0 ? protocol->dose_deviation_threshold
                                                : STROMA_DOSE_DEVIATION_LIMIT_DEFAULT;
}

static int
compare_doses (gconstpointer a,
               gconstpointer b)
{
  const StromaConditioningDose *x = *(StromaConditioningDose * const *) a;
  const StromaConditioningDose *y = *(StromaConditioningDose * const *) b;
  int cmp;

  if ((cmp = g_strcmp0 (x->planned_date, y->planned_date)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (x->planned_time, y->planned_time)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (x->agent, y->agent)) != 0)
    return cmp;
  return (x->dose_number > y->dose_number) - (x->dose_number < y->dose_number);
}

/* The layout the saved doses make: each agent's days, and the hour of dose 1. */
static StromaRegimenLayout *
saved_layout (StromaRegimenWindow *self)
{
  StromaRegimenLayout *layout = stroma_regimen_layout_new ();

  for (guint a = 0; a < self->regimen->agents->len; a++)
    {
      const StromaRegimenAgent *agent = self->regimen->agents->pdata[a];
      g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint));

      for (guint i = 0; i < self->saved->len; i++)
        {
          const StromaConditioningDose *d = self->saved->pdata[i];
          gint day = (gint) d->study_day;
          gboolean seen = FALSE;

          if (g_strcmp0 (d->agent, agent->agent) != 0)
            continue;
          for (guint k = 0; k < days->len; k++)
            seen |= g_array_index (days, gint, k) == day;
          if (!seen)
            g_array_append_val (days, day);
          if (d->dose_number == 1 && d->planned_time != NULL)
            stroma_regimen_layout_set_start_time (layout, d->planned_time);
        }
      if (days->len > 0)
        stroma_regimen_layout_set_days (layout, agent->agent, (gint *) days->data, days->len);
    }

  return layout;
}

static void on_move_clicked (GtkButton *button, gpointer user_data);
static void on_optional_toggled (GObject *sw, GParamSpec *pspec, gpointer user_data);

static void
build_agents (StromaRegimenWindow *self)
{
  const char *dose_unit;

  for (guint i = 0; self->agent_rows != NULL && i < self->agent_rows->len; i++)
    adw_preferences_group_remove (self->agents_group, self->agent_rows->pdata[i]);
  g_clear_pointer (&self->agent_rows, g_ptr_array_unref);
  self->agent_rows = g_ptr_array_new ();

  for (guint a = 0; self->regimen != NULL && a < self->regimen->agents->len; a++)
    {
      const StromaRegimenAgent *agent = self->regimen->agents->pdata[a];
      const StromaRegimenTotal *total = self->plan != NULL
                                        ? stroma_regimen_plan_find_total (self->plan, agent->agent)
                                        : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *move = gtk_button_new_with_mnemonic (_("_Move Days…"));
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *basis = NULL;

      dose_unit = agent->dose_unit;
      basis = g_strcmp0 (agent->basis, "flat") == 0 ? g_strdup ("")
              : g_strdup_printf ("/%s", g_strcmp0 (agent->basis, "m2") == 0 ? "m²" : "kg");
      /* Translators: "Busulfan (Bu): 0.8 mg/kg per dose, 4 a day" */
      title = g_strdup_printf (_("%s: %g %s%s per %s, %u a day"), agent->agent, agent->dose,
                               dose_unit, basis, g_strcmp0 (agent->per, "day") == 0 ? _("day")
                                                                                    : _("dose"),
                               MAX (agent->doses_per_day, 1));
      if (total != NULL)
        {
          g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (gint));
          g_autofree char *day_list = NULL;
          g_autofree char *each = stroma_regimen_format_amount (total->dose, total->dose_unit);
          g_autofree char *sum = stroma_regimen_format_amount (total->total, total->dose_unit);

          for (gint d = total->first_day; d <= total->last_day; d++)
            for (guint k = 0; k < self->plan->doses->len; k++)
              {
                const StromaRegimenDose *dose = self->plan->doses->pdata[k];
                if (g_strcmp0 (dose->agent, agent->agent) == 0 && dose->layout_day == d &&
                    dose->dose_of_day == 1)
                  g_array_append_val (days, d);
              }
          day_list = stroma_format_day_list (days);
          /* Translators: "d-7…-4 · 48 mg × 16 doses = 768 mg (days moved)" */
          subtitle = g_strdup_printf (_("%s · %s × %u doses = %s%s"), day_list, each,
                                      total->n_doses, sum,
                                      total->edited ? _(" · days moved from the protocol’s") : "");
        }
      else
        subtitle = g_strdup (_("Not selected"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      if (agent->optional)
        {
          GtkWidget *sw = gtk_switch_new ();

          gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
          gtk_switch_set_active (GTK_SWITCH (sw), total != NULL);
          gtk_widget_set_sensitive (sw, self->saved->len == 0);
          gtk_widget_set_tooltip_text (sw, _("Give this optional agent"));
          g_object_set_data (G_OBJECT (sw), "agent", agent->agent);
          g_signal_connect (sw, "notify::active", G_CALLBACK (on_optional_toggled), self);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
        }

      gtk_widget_set_valign (move, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (move, total != NULL);
      g_object_set_data (G_OBJECT (move), "agent", agent->agent);
      g_signal_connect (move, "clicked", G_CALLBACK (on_move_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), move);
      adw_preferences_group_add (self->agents_group, row);
      g_ptr_array_add (self->agent_rows, row);
    }
}

static void
fill_summary (StromaRegimenWindow *self)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (self->desk);
  g_autoptr(GString) basis = g_string_new (NULL);
  const char *weight_basis = protocol->product != NULL ? protocol->product->weight_basis : NULL;
  g_autofree char *title = NULL;

  title = g_strdup_printf ("%s — %s", self->plan->regimen_label,
                           self->record->subject->code);
  adw_preferences_group_set_title (self->summary_group, title);

  g_string_append_printf (basis, _("Weight %.1f kg (%s), height %.0f cm"), self->plan->weight_kg,
                          weight_basis != NULL ? weight_basis : _("actual"),
                          self->plan->height_cm);
  if (isfinite (self->plan->bsa_exact))
    g_string_append_printf (basis, _("; BSA %.4f m² by %s, rounded to %.*f m² (%u decimals)"),
                            self->plan->bsa_exact,
                            self->plan->bsa_formula == STROMA_BSA_DUBOIS ? "DuBois" : "Mosteller",
                            (int) self->plan->bsa_decimals, self->plan->bsa_used,
                            self->plan->bsa_decimals);
  if (self->plan->day0_date != NULL)
    g_string_append_printf (basis, _("; day 0 %s"), self->plan->day0_date);
  else
    g_string_append (basis, _("; day 0 not recorded yet: record it (Transplant, Ctrl+T) to date "
                              "the doses"));
  g_free (self->basis_text);
  self->basis_text = g_string_free (g_steal_pointer (&basis), FALSE);
  g_free (self->layout_text);
  self->layout_text = g_strdup (g_strcmp0 (self->plan->layout_status, "site-default") == 0
                                ? _("Day layout: the protocol gives no days; this is the site’s "
                                    "default, ending the day before day 0. Move days where the "
                                    "site differs.")
                                : g_strcmp0 (self->plan->layout_status, "confirmed") == 0
                                ? _("Day layout: confirmed with the protocol’s authors.")
                                : _("Day layout: as the protocol states."));
  {
    g_autofree char *description = g_strdup_printf ("%s.\n%s", self->basis_text,
                                                    self->layout_text);
    adw_preferences_group_set_description (self->summary_group, description);
  }
}

static void
fill_table (StromaRegimenWindow *self)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *title = NULL;
  guint given = 0;

  if (self->saved->len > 0)
    {
      g_autoptr(GPtrArray) sorted = g_ptr_array_copy (self->saved, NULL, NULL);

      g_ptr_array_sort (sorted, compare_doses);
      for (guint i = 0; i < sorted->len; i++)
        {
          const StromaConditioningDose *d = sorted->pdata[i];
          g_autofree char *date = NULL;
          g_autofree char *time = stroma_desk_local_time (self->desk, d->given_at, &date);
          g_autofree char *local = time != NULL ? g_strdup_printf ("%s %s", date, time) : NULL;

          const StromaRegimenDose *planned = NULL;

          for (guint k = 0; self->plan != NULL && k < self->plan->doses->len; k++)
            {
              const StromaRegimenDose *p = self->plan->doses->pdata[k];

              if (g_strcmp0 (p->agent, d->agent) == 0 && (gint64) p->dose_number == d->dose_number)
                planned = p;
            }
          given += g_strcmp0 (d->status, "planned") != 0;
          g_ptr_array_add (rows, stroma_regimen_row_new_recorded (d, deviation_limit (self), local,
                                                                  planned));
        }
      title = g_strdup_printf (_("%u doses saved: %u recorded, %u to give. Select a dose and press "
                                 "Enter to record it."), self->saved->len, given,
                               self->saved->len - given);
    }
  else if (self->plan != NULL)
    {
      for (guint i = 0; i < self->plan->doses->len; i++)
        g_ptr_array_add (rows, stroma_regimen_row_new_planned (self->plan->doses->pdata[i]));
      title = g_strdup_printf (_("%u doses proposed — not saved yet: check the days and the hour, "
                                 "then Save Plan."), self->plan->doses->len);
    }

  g_list_store_splice (self->plan_store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->plan_store)),
                       rows->pdata, rows->len);
  gtk_label_set_text (self->table_title, title != NULL ? title : "");
}

static void
rebuild (StromaRegimenWindow *self)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (self->desk);
  g_autoptr(StromaRegimenLayout) layout = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->plan, stroma_regimen_plan_free);
  show_message (self, NULL);

  if (self->regimen == NULL)
    {
      build_agents (self);
      fill_table (self);
      return;
    }

  if (self->saved->len > 0)
    layout = saved_layout (self);
  self->plan = stroma_regimen_plan_new_for_subject (protocol, self->record,
                                                    layout != NULL ? layout : self->layout,
                                                    &error);
  if (self->plan == NULL)
    show_message (self, error->message);
  else
    fill_summary (self);

  gtk_widget_set_visible (GTK_WIDGET (self->start_time_row), self->saved->len == 0);
  gtk_widget_set_sensitive (self->save_button, self->saved->len == 0 && self->plan != NULL);
  gtk_widget_set_visible (self->save_button, self->saved->len == 0);
  build_agents (self);
  fill_table (self);
}

static void
reload (StromaRegimenWindow *self)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (self->desk);
  g_autoptr(GError) error = NULL;
  const char *donor;

  g_clear_pointer (&self->record, stroma_subject_record_free);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  self->saved = g_ptr_array_new ();

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (self->desk), self->subject_id,
                                            &error);
  if (self->record == NULL)
    {
      show_message (self, error->message);
      return;
    }

  donor = self->record->subject->donor_type;
  if (donor == NULL && self->record->transplant != NULL)
    donor = self->record->transplant->donor_type;
  self->regimen = donor != NULL ? stroma_protocol_find_regimen (protocol, donor) : NULL;
  if (self->regimen == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Protocol %s has no conditioning regimen for %s’s "
                                                 "donor type (%s)."), protocol->id,
                                               self->record->subject->code,
                                               donor != NULL ? donor : _("not recorded"));
      gtk_widget_set_sensitive (self->save_button, FALSE);
      rebuild (self);
      show_message (self, text);
      return;
    }

  for (guint i = 0; i < self->record->conditioning->len; i++)
    {
      StromaConditioningDose *d = self->record->conditioning->pdata[i];

      if (d->regimen_id == NULL || g_strcmp0 (d->regimen_id, self->regimen->id) == 0)
        g_ptr_array_add (self->saved, d);
    }

  rebuild (self);
}

static gboolean
rebuild_idle (gpointer user_data)
{
  rebuild (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_trial_changed (StromaRegimenWindow *self,
                  gint64               subject_id)
{
  if (subject_id == 0 || subject_id == self->subject_id)
    reload (self);
}

static void
on_optional_toggled (GObject    *sw,
                     GParamSpec *pspec,
                     gpointer    user_data)
{
  StromaRegimenWindow *self = user_data;

  stroma_regimen_window_select_agent (self, g_object_get_data (sw, "agent"),
                                      gtk_switch_get_active (GTK_SWITCH (sw)));
}

/**
 * stroma_regimen_window_select_agent:
 * @self: the window
 * @agent: an optional agent of the regimen
 * @selected: give it or not
 *
 * Returns: %TRUE when the plan, not saved yet, changed
 */
gboolean
stroma_regimen_window_select_agent (StromaRegimenWindow *self,
                                    const char          *agent,
                                    gboolean             selected)
{
  g_return_val_if_fail (STROMA_IS_REGIMEN_WINDOW (self), FALSE);

  if (self->saved->len > 0)
    return FALSE;
  stroma_regimen_layout_set_selected (self->layout, agent, selected);
  /* Not from inside the switch's own signal: the rebuild replaces the switch. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, rebuild_idle, g_object_ref (self), g_object_unref);
  return TRUE;
}

static void
on_start_time_changed (StromaRegimenWindow *self)
{
  g_autofree char *time = NULL;

  if (self->saved->len > 0)
    return;
  if (stroma_validate_time (stroma_form_text (self->start_time_row), &time, NULL))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->start_time_row), "error");
      stroma_regimen_layout_set_start_time (self->layout, time);
      rebuild (self);
    }
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->start_time_row), "error");
}

/**
 * stroma_regimen_window_save_plan:
 * @self: the window
 *
 * Writes every dose of the plan as planned, in one transaction.
 *
 * Returns: %TRUE when saved
 */
gboolean
stroma_regimen_window_save_plan (StromaRegimenWindow *self)
{
  StromaStore *store = stroma_desk_get_store (self->desk);
  StromaEditContext context = stroma_desk_context (self->desk, NULL);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (STROMA_IS_REGIMEN_WINDOW (self), FALSE);

  if (self->plan == NULL || self->saved->len > 0)
    return FALSE;
  if (self->plan->day0_date == NULL)
    {
      show_message (self, _("Record day 0 first (Transplant, Ctrl+T): the doses are dated from "
                            "it."));
      return FALSE;
    }

  if (!stroma_store_begin (store, &context, &error))
    goto failed;

  for (guint i = 0; i < self->plan->doses->len; i++)
    {
      const StromaRegimenDose *p = self->plan->doses->pdata[i];
      g_autoptr(StromaConditioningDose) d = stroma_record_new (STROMA_RECORD_CONDITIONING_DOSE);

      d->parent.subject_id = self->subject_id;
      d->regimen_id = g_strdup (self->plan->regimen_id);
      d->agent = g_strdup (p->agent);
      d->study_day = p->layout_day;
      d->dose_number = p->dose_number;
      d->planned_date = g_strdup (p->date);
      d->planned_time = g_strdup (p->time);
      d->calculated_dose = p->dose;
      d->dose_unit = g_strdup (p->dose_unit);
      d->basis = g_strdup (stroma_dose_basis_to_string (p->basis));
      if (p->basis == STROMA_DOSE_PER_M2)
        {
          d->bsa_m2 = p->bsa_used;
          d->bsa_formula = g_strdup (stroma_bsa_formula_to_string (p->bsa_formula));
        }
      if (p->basis != STROMA_DOSE_FLAT)
        d->weight_kg = p->weight_kg;
      d->status = g_strdup ("planned");
      if (!stroma_store_save (store, NULL, d, &error))
        {
          stroma_store_rollback (store);
          goto failed;
        }
    }

  if (!stroma_store_commit (store, &error))
    goto failed;

  stroma_form_notify_saved (GTK_WINDOW (self), self->desk, self->subject_id);
  return TRUE;

failed:
  {
    g_autofree char *text = stroma_form_describe_error (error);
    show_message (self, text);
  }
  return FALSE;
}

/**
 * stroma_regimen_window_move_days:
 * @self: the window
 * @agent: an agent of the regimen
 * @days: its new days as typed, e.g. "-6..-3"
 * @reason: (nullable): why, required once the plan is saved
 *
 * Before the plan is saved, moves the agent in the proposal. After, moves its planned doses —
 * refused when one of them is already given or omitted.
 *
 * Returns: %TRUE when moved
 */
gboolean
stroma_regimen_window_move_days (StromaRegimenWindow *self,
                                 const char          *agent,
                                 const char          *days,
                                 const char          *reason)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (self->desk);
  const StromaRegimenTotal *total;
  g_autoptr(GArray) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaRegimenLayout) layout = NULL;
  g_autoptr(StromaRegimenPlan) plan = NULL;
  g_autofree char *why = NULL;
  StromaStore *store = stroma_desk_get_store (self->desk);
  StromaEditContext context;

  g_return_val_if_fail (STROMA_IS_REGIMEN_WINDOW (self), FALSE);

  if (self->plan == NULL)
    return FALSE;
  if ((total = stroma_regimen_plan_find_total (self->plan, agent)) == NULL)
    {
      g_set_error (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("The plan has no agent “%s”."), agent);
      goto failed;
    }

  if (!stroma_validate_day_list (days, total->n_days, &list, &error))
    goto failed;

  if (self->saved->len == 0)
    {
      stroma_regimen_layout_set_days (self->layout, agent, (gint *) list->data, list->len);
      rebuild (self);
      return self->plan != NULL;
    }

  for (guint i = 0; i < self->saved->len; i++)
    {
      const StromaConditioningDose *d = self->saved->pdata[i];

      if (g_strcmp0 (d->agent, agent) == 0 && g_strcmp0 (d->status, "planned") != 0)
        {
          g_set_error (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_ORDER,
                       _("%s: a dose is already recorded; doses given or omitted do not move."),
                       agent);
          goto failed;
        }
    }

  if (!stroma_validate_reason (reason, &why, &error))
    goto failed;

  layout = saved_layout (self);
  stroma_regimen_layout_set_days (layout, agent, (gint *) list->data, list->len);
  plan = stroma_regimen_plan_new_for_subject (protocol, self->record, layout, &error);
  if (plan == NULL)
    goto failed;

  context = stroma_desk_context (self->desk, why);
  if (!stroma_store_begin (store, &context, &error))
    goto failed;

  for (guint i = 0; i < self->saved->len; i++)
    {
      const StromaConditioningDose *d = self->saved->pdata[i];
      g_autoptr(StromaConditioningDose) moved = NULL;

      if (g_strcmp0 (d->agent, agent) != 0)
        continue;

      for (guint k = 0; k < plan->doses->len; k++)
        {
          const StromaRegimenDose *p = plan->doses->pdata[k];

          if (g_strcmp0 (p->agent, agent) != 0 || (gint64) p->dose_number != d->dose_number)
            continue;
          moved = stroma_record_copy (d);
          moved->study_day = p->layout_day;
          g_free (moved->planned_date);
          moved->planned_date = g_strdup (p->date);
          g_free (moved->planned_time);
          moved->planned_time = g_strdup (p->time);
        }

      if (moved != NULL && !stroma_store_save (store, NULL, moved, &error))
        {
          stroma_store_rollback (store);
          goto failed;
        }
    }

  if (!stroma_store_commit (store, &error))
    goto failed;

  stroma_form_notify_saved (GTK_WINDOW (self), self->desk, self->subject_id);
  return TRUE;

failed:
  {
    g_autofree char *text = stroma_form_describe_error (error);
    show_message (self, text);
  }
  return FALSE;
}

static void
on_move_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  StromaRegimenWindow *self = user_data;
  GtkWidget *box = adw_message_dialog_get_extra_child (dialog);
  GtkEditable *days = GTK_EDITABLE (gtk_widget_get_first_child (box));
  GtkEditable *reason = GTK_EDITABLE (gtk_widget_get_next_sibling (GTK_WIDGET (days)));

  if (g_strcmp0 (response, "move") == 0)
    stroma_regimen_window_move_days (self, g_object_get_data (G_OBJECT (dialog), "agent"),
                                     gtk_editable_get_text (days),
                                     gtk_widget_get_visible (GTK_WIDGET (reason))
                                     ? gtk_editable_get_text (reason) : NULL);
}

static void
on_move_clicked (GtkButton *button,
                 gpointer   user_data)
{
  StromaRegimenWindow *self = user_data;
  const char *agent = g_object_get_data (G_OBJECT (button), "agent");
  const StromaRegimenTotal *total = stroma_regimen_plan_find_total (self->plan, agent);
  GtkWidget *dialog, *box, *days, *reason;
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;

  if (total == NULL)
    return;

  heading = g_strdup_printf (_("Move %s to Other Days"), agent);
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "It is given on %u day, from d%d to d%d. Enter the days "
                                       "before day 0 the site gives it on, e.g. -6..-3.",
                                       "It is given on %u days, from d%d to d%d. Enter the days "
                                       "before day 0 the site gives it on, e.g. -6..-3.",
                                       total->n_days),
                          total->n_days, total->first_day, total->last_day);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  days = gtk_entry_new ();
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (days), _("Days, e.g. -6..-3"));
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason (required once the plan is saved)"));
  gtk_widget_set_visible (reason, self->saved->len > 0);
  gtk_entry_set_activates_default (GTK_ENTRY (days), TRUE);
  gtk_entry_set_activates_default (GTK_ENTRY (reason), TRUE);
  gtk_box_append (GTK_BOX (box), days);
  gtk_box_append (GTK_BOX (box), reason);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "move", _("_Move"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "move",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "move");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "agent", g_strdup (agent), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (on_move_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_row_activate (GtkColumnView *view,
                 guint          position,
                 gpointer       user_data)
{
  StromaRegimenWindow *self = user_data;
  g_autoptr(StromaRegimenRow) row = g_list_model_get_item (G_LIST_MODEL (self->plan_store), position);

  if (row == NULL || stroma_regimen_row_get_record_id (row) == 0)
    {
      show_message (self, _("Save the plan first: doses are recorded against the saved plan."));
      return;
    }

  gtk_window_present (stroma_dose_dialog_new (GTK_WINDOW (self), self->desk,
                                              stroma_regimen_row_get_record_id (row)));
}

/**
 * stroma_regimen_window_write_sheet:
 * @self: the window
 * @path: the PDF to write
 * @error: a #GError
 *
 * Returns: %TRUE when the ward's sheet was written
 */
gboolean
stroma_regimen_window_write_sheet (StromaRegimenWindow  *self,
                                   const char           *path,
                                   GError              **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GString) summary = g_string_new (NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%d %H:%M");
  g_autofree char *title = NULL;
  g_autofree char *subject = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *bsa = NULL;
  StromaRegimenSheet sheet = { 0 };
  const StromaSubject *s;

  g_return_val_if_fail (STROMA_IS_REGIMEN_WINDOW (self), FALSE);

  if (self->plan == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no plan to print."));
      return FALSE;
    }

  s = self->record->subject;
  /* Translators: title of the printed sheet: "Conditioning regimen — Haplo-HSCT (…)" */
  title = g_strdup_printf (_("Conditioning regimen — %s"), self->plan->regimen_label);
  bsa = isfinite (self->plan->bsa_used) ? g_strdup_printf (_(" · BSA %.2f m²"), self->plan->bsa_used)
                                         : g_strdup ("");
  subject = g_strdup_printf (_("%s · %s · %.1f kg · %.0f cm%s · day 0 %s"), s->code, s->initials,
                             self->plan->weight_kg, self->plan->height_cm, bsa,
                             self->plan->day0_date != NULL ? self->plan->day0_date : "—");
  g_string_append (summary, self->basis_text != NULL ? self->basis_text : "");
  for (guint i = 0; i < self->plan->totals->len; i++)
    {
      const StromaRegimenTotal *t = self->plan->totals->pdata[i];
      g_autofree char *each = stroma_regimen_format_amount (t->dose, t->dose_unit);
      g_autofree char *sum = stroma_regimen_format_amount (t->total, t->dose_unit);

      g_string_append_printf (summary, "\n%s: %s × %u = %s", t->agent, each, t->n_doses, sum);
    }
  printed = g_strdup_printf (_("Printed %s by %s from Stroma %s. Calculated doses; sign each "
                               "administration."), stamp,
                             stroma_desk_get_user (self->desk) != NULL
                             ? stroma_desk_get_user (self->desk) : "—", PACKAGE_VERSION);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->plan_store)); i++)
    {
      g_autoptr(StromaRegimenRow) row = g_list_model_get_item (G_LIST_MODEL (self->plan_store), i);
      g_autofree char *date = NULL, *day = NULL, *time = NULL, *agent = NULL, *calc = NULL;
      g_autofree char *status = NULL, *by = NULL;
      GStrvBuilder *b = g_strv_builder_new ();
      const char *route = NULL;

      g_object_get (row, "date", &date, "day", &day, "time", &time, "agent", &agent,
                    "calculated", &calc, "status", &status, "by", &by, NULL);
      for (guint a = 0; a < self->regimen->agents->len; a++)
        {
          const StromaRegimenAgent *ra = self->regimen->agents->pdata[a];
          if (g_strcmp0 (ra->agent, agent) == 0)
            route = ra->route;
        }
      g_strv_builder_add_many (b, date, day, time, agent, calc, route != NULL ? route : "",
                               g_str_has_prefix (status, _("given")) ? status : "",
                               by != NULL ? by : "", NULL);
      g_ptr_array_add (rows, g_strv_builder_end (b));
      g_strv_builder_unref (b);
    }

  sheet.title = title;
  sheet.subject = subject;
  sheet.summary = summary->str;
  sheet.notes = self->layout_text;
  sheet.printed = printed;
  sheet.draft = self->saved->len == 0;
  sheet.rows = rows;

  return stroma_regimen_sheet_write_pdf (&sheet, path, error);
}

static void
on_print_response (GtkNativeDialog *dialog,
                   int              response,
                   gpointer         user_data)
{
  StromaRegimenWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(GError) error = NULL;

      if (path == NULL || !stroma_regimen_window_write_sheet (self, path, &error))
        show_message (self, error != NULL ? error->message : _("Could not write the sheet."));
      else
        {
          g_autofree char *uri = g_file_get_uri (file);
          g_autofree char *text = g_strdup_printf (_("Regimen sheet written to %s."), path);

          show_message (self, text);
          gtk_widget_remove_css_class (GTK_WIDGET (self->error_label), "error");
          gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
        }
    }

  g_object_unref (dialog);
  g_object_unref (self);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  StromaRegimenWindow *self = STROMA_REGIMEN_WINDOW (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->plan == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Print Regimen Sheet"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save PDF"), _("_Cancel"));
  name = g_strdup_printf (_("%s-regimen-sheet.pdf"), self->record->subject->code);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_print_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
save_plan_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  stroma_regimen_window_save_plan (STROMA_REGIMEN_WINDOW (widget));
}

GListModel *
stroma_regimen_window_get_rows (StromaRegimenWindow *self)
{
  g_return_val_if_fail (STROMA_IS_REGIMEN_WINDOW (self), NULL);
  return G_LIST_MODEL (self->plan_store);
}

const char *
stroma_regimen_window_get_message (StromaRegimenWindow *self)
{
  g_return_val_if_fail (STROMA_IS_REGIMEN_WINDOW (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}

static void
stroma_regimen_window_dispose (GObject *object)
{
  StromaRegimenWindow *self = STROMA_REGIMEN_WINDOW (object);

  if (self->changed_id != 0 && self->desk != NULL && stroma_desk_get_trial (self->desk) != NULL)
    g_signal_handler_disconnect (stroma_desk_get_trial (self->desk), self->changed_id);
  self->changed_id = 0;
  g_clear_pointer (&self->agent_rows, g_ptr_array_unref);
  g_clear_pointer (&self->basis_text, g_free);
  g_clear_pointer (&self->layout_text, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_REGIMEN_WINDOW);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->plan, stroma_regimen_plan_free);
  g_clear_pointer (&self->layout, stroma_regimen_layout_free);
  g_clear_pointer (&self->saved, g_ptr_array_unref);
  g_clear_pointer (&self->record, stroma_subject_record_free);

  G_OBJECT_CLASS (stroma_regimen_window_parent_class)->dispose (object);
}

static void
stroma_regimen_window_class_init (StromaRegimenWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_regimen_window_dispose;

  g_type_ensure (STROMA_TYPE_REGIMEN_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-regimen-window.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, StromaRegimenWindow, name)
  BIND (error_label);
  BIND (save_button);
  BIND (summary_group);
  BIND (start_time_row);
  BIND (agents_group);
  BIND (table_title);
  BIND (plan_view);
  BIND (plan_selection);
  BIND (plan_store);
#undef BIND

  gtk_widget_class_install_action (widget_class, "regimen.save-plan", NULL, save_plan_action);
  gtk_widget_class_install_action (widget_class, "regimen.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "regimen.print",
                                       NULL);
}

static void
stroma_regimen_window_init (StromaRegimenWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->layout = stroma_regimen_layout_new ();
  stroma_regimen_layout_set_start_time (self->layout, "08:00");
  self->saved = g_ptr_array_new ();
  g_signal_connect (self->plan_view, "activate", G_CALLBACK (on_row_activate), self);
}

/**
 * stroma_regimen_window_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Returns: (transfer none): the window, not yet shown
 */
GtkWindow *
stroma_regimen_window_new (GtkWindow  *parent,
                           StromaDesk *desk,
                           gint64      subject_id)
{
  StromaRegimenWindow *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_REGIMEN_WINDOW, NULL);
  self->desk = g_object_ref (desk);
  self->subject_id = subject_id;
  stroma_form_add_shortcuts (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  stroma_form_set_text (self->start_time_row, "08:00");
  reload (self);
  g_signal_connect_swapped (self->start_time_row, "changed", G_CALLBACK (on_start_time_changed),
                            self);
  self->changed_id = g_signal_connect_swapped (stroma_desk_get_trial (desk), "changed",
                                               G_CALLBACK (on_trial_changed), self);

  if (self->record != NULL)
    {
      title = g_strdup_printf (_("Conditioning — %s"), self->record->subject->code);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->plan_view));
  return GTK_WINDOW (self);
}
