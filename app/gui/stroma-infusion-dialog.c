/* stroma-infusion-dialog.c — record an investigational-product infusion, or reschedule it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One dose of the subject's product plan (core stroma-schedule): given — when, how many cells
 * at which weight, lot and bag, vital signs before and after, and an infusion reaction as an
 * adverse event with its CTCAE grade — or rescheduled to a new date, or missed, each with a
 * reason. Cells that differ from the target by more than the protocol allows need a reason.
 * The plan after it follows the protocol's delay rule when it is next read.
 */

#define G_LOG_DOMAIN "stroma-infusion-dialog"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "core/stroma-schedule.h"
#include "core/stroma-validate.h"
#include "io/stroma-agenda-export.h"
#include "stroma-form.h"
#include "stroma-infusion-dialog.h"
#include "stroma-window-desk.h"

struct _StromaInfusionDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  AdwPreferencesGroup  *dose_group;
  AdwPreferencesGroup  *given_group;
  AdwPreferencesGroup  *pre_group;
  AdwPreferencesGroup  *post_group;
  AdwPreferencesGroup  *reaction_group;
  AdwPreferencesGroup  *reschedule_group;
  AdwPreferencesGroup  *missed_group;
  AdwComboRow          *dose_row;
  AdwComboRow          *outcome_row;
  AdwEntryRow          *date_row;
  AdwEntryRow          *time_row;
  AdwEntryRow          *weight_row;
  AdwEntryRow          *cells_row;
  AdwEntryRow          *lot_row;
  AdwEntryRow          *bag_row;
  AdwEntryRow          *deviation_row;
  AdwEntryRow          *pre_temp_row;
  AdwEntryRow          *pre_hr_row;
  AdwEntryRow          *pre_bp_row;
  AdwEntryRow          *pre_spo2_row;
  AdwEntryRow          *post_temp_row;
  AdwEntryRow          *post_hr_row;
  AdwEntryRow          *post_bp_row;
  AdwEntryRow          *post_spo2_row;
  AdwExpanderRow       *reaction_row;
  AdwComboRow          *grade_row;
  AdwComboRow          *relationship_row;
  GtkSwitch            *serious_switch;
  AdwEntryRow          *new_date_row;
  AdwEntryRow          *reschedule_reason_row;
  AdwEntryRow          *missed_reason_row;

  /* Owned */
  StromaDesk           *desk;
  StromaSubjectRecord  *record;
  StromaProductPlan    *plan;
  GArray               *open_doses;   /* guint numbers, in the order of dose_row */
};

G_DEFINE_FINAL_TYPE (StromaInfusionDialog, stroma_infusion_dialog, ADW_TYPE_WINDOW)

static const char * const outcome_ids[] = { "given", "delayed", "missed", NULL };
static const char * const relationship_ids[] = {
  "unrelated", "unlikely", "possible", "probable", "definite", NULL
};

static const StromaProductDose *
current_dose (StromaInfusionDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->dose_row);

  if (self->plan == NULL || self->open_doses == NULL || selected >= self->open_doses->len)
    return NULL;
  return stroma_product_plan_get_dose (self->plan, g_array_index (self->open_doses, guint,
                                                                  selected));
}

static double
target_cells (StromaInfusionDialog *self,
              double                weight)
{
  const StromaProductDose *dose = current_dose (self);

  return dose != NULL && isfinite (weight) ? dose->cells_per_kg * weight : NAN;
}

static double
deviation_limit (StromaInfusionDialog *self)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (self->desk);

  return protocol->product != NULL && protocol->product->dose_deviation_threshold > 0
         ? protocol->product->dose_deviation_threshold : 0.10;
}

static void
update_description (StromaInfusionDialog *self)
{
  const StromaProductDose *dose = current_dose (self);
  g_autofree char *label = NULL;
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  g_autofree char *per_kg = NULL;
  double weight = NAN, cells = NAN;

  if (dose == NULL)
    return;

  stroma_validate_weight (stroma_form_text (self->weight_row), &weight, NULL);
  target = stroma_format_cells (target_cells (self, weight));
  per_kg = stroma_format_cells (dose->cells_per_kg);
  label = stroma_agenda_dose_label (stroma_desk_get_protocol (self->desk), self->plan, dose);
  /* Translators: "UC-MSC infusion 2 of 4: due 2026-03-09, window 2026-03-08 to 2026-03-11.
   * Target 6.00×10⁷ cells (1.00×10⁶/kg × 60.0 kg)." */
  text = g_strdup_printf (_("%s: due %s, window %s to %s. Target %s cells (%s/kg × %.1f kg)."),
                          label, dose->due_date, dose->window_start, dose->window_end, target,
                          per_kg, isfinite (weight) ? weight : dose->weight_kg);
  {
    const char *date = stroma_form_text (self->date_row);
    const char *outcome = stroma_form_combo_id (self->outcome_row, outcome_ids);

    /* Outside the window the infusion is still recorded as given, on its real date, and the
     * plan flags it; the form says so before it is saved. */
    if (g_strcmp0 (outcome, "given") == 0 && strlen (date) == 10 &&
        (g_strcmp0 (date, dose->window_start) < 0 || g_strcmp0 (date, dose->window_end) > 0))
      {
        g_autofree char *warned = g_strdup_printf (_("%s\n⚠ %s is outside the window: the infusion "
                                                     "will be flagged as given out of window."),
                                                   text, date);
        adw_preferences_group_set_description (self->dose_group, warned);
      }
    else
      adw_preferences_group_set_description (self->dose_group, text);
  }

  if (stroma_validate_cells (stroma_form_text (self->cells_row), &cells, NULL) &&
      isfinite (target_cells (self, weight)))
    {
      double off = fabs (cells - target_cells (self, weight)) / target_cells (self, weight);
      gtk_widget_set_visible (GTK_WIDGET (self->deviation_row), off > deviation_limit (self));
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->deviation_row), FALSE);
}

static void
update_outcome (StromaInfusionDialog *self)
{
  const char *outcome = stroma_form_combo_id (self->outcome_row, outcome_ids);
  gboolean given = g_strcmp0 (outcome, "given") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->given_group), given);
  gtk_widget_set_visible (GTK_WIDGET (self->pre_group), given);
  gtk_widget_set_visible (GTK_WIDGET (self->post_group), given);
  gtk_widget_set_visible (GTK_WIDGET (self->reaction_group), given);
  gtk_widget_set_visible (GTK_WIDGET (self->reschedule_group), g_strcmp0 (outcome, "delayed") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->missed_group), g_strcmp0 (outcome, "missed") == 0);
  update_description (self);
}

static StromaInfusion *
find_record (StromaInfusionDialog *self,
             guint                 number)
{
  for (guint i = 0; i < self->record->infusions->len; i++)
    {
      StromaInfusion *inf = self->record->infusions->pdata[i];

      if (inf->number == (gint64) number && g_strcmp0 (inf->status, "given") != 0 &&
          g_strcmp0 (inf->status, "missed") != 0)
        return inf;
    }

  return NULL;
}

#define CHECK(call, widget) G_STMT_START { if (!(call)) { bad = GTK_WIDGET (widget); goto invalid; } } G_STMT_END

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaInfusionDialog *self = STROMA_INFUSION_DIALOG (widget);
  StromaStore *store = stroma_desk_get_store (self->desk);
  const StromaProductDose *dose = current_dose (self);
  const char *outcome = stroma_form_combo_id (self->outcome_row, outcome_ids);
  g_autofree char *today = stroma_desk_today (self->desk);
  g_autoptr(StromaInfusion) inf = NULL;
  g_autoptr(StromaAdverseEvent) ae = NULL;
  g_autoptr(StromaSubject) subject = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  StromaInfusion *existing;
  GtkWidget *bad = NULL;
  StromaEditContext context;

  stroma_form_clear_error (self->error_label, self->date_row, self->time_row, self->weight_row,
                           self->cells_row, self->lot_row, self->bag_row, self->deviation_row,
                           self->pre_temp_row, self->post_temp_row, self->new_date_row,
                           self->reschedule_reason_row, self->missed_reason_row, NULL);
  if (dose == NULL)
    return;

  existing = find_record (self, dose->number);
  inf = existing != NULL ? stroma_record_copy (existing) : stroma_record_new (STROMA_RECORD_INFUSION);
  inf->parent.subject_id = self->record->subject->parent.id;
  inf->number = dose->number;
  if (inf->planned_date == NULL)
    inf->planned_date = g_strdup (dose->due_date);
  inf->cells_per_kg = dose->cells_per_kg;
  g_free (inf->status);
  inf->status = g_strdup (outcome);

  if (g_strcmp0 (outcome, "given") == 0)
    {
      const char *day0 = self->record->transplant != NULL ? self->record->transplant->day0_date
                                                          : NULL;
      const char *consent = self->record->consent != NULL ? self->record->consent->consent_date
                                                          : NULL;
      StromaDateRule rule = { _("Infusion date"), today, 0, day0 != NULL ? day0 : consent,
                              day0 != NULL ? _("day 0") : _("the consent date"), day0 != NULL };
      g_autofree char *date = NULL;
      g_autofree char *time = NULL;
      double target, off;

      CHECK (stroma_validate_date (stroma_form_text (self->date_row), &rule, &date, &error),
             self->date_row);
      CHECK (stroma_validate_time (stroma_form_text (self->time_row), &time, &error),
             self->time_row);
      g_free (inf->given_at);
      inf->given_at = NULL;
      CHECK (stroma_validate_date_time (date, time, stroma_desk_get_time_zone (self->desk),
                                        &inf->given_at, &error), self->time_row);
      CHECK (stroma_validate_weight (stroma_form_text (self->weight_row), &inf->weight_kg, &error),
             self->weight_row);
      CHECK (stroma_validate_cells (stroma_form_text (self->cells_row), &inf->total_cells, &error),
             self->cells_row);

      target = target_cells (self, inf->weight_kg);
      off = isfinite (target) ? fabs (inf->total_cells - target) / target : 0;
      g_clear_pointer (&inf->reason, g_free);
      if (off > deviation_limit (self) + 1e-12)
        {
          g_autofree char *given = stroma_format_cells (inf->total_cells);
          g_autofree char *planned = stroma_format_cells (target);

          gtk_widget_set_visible (GTK_WIDGET (self->deviation_row), TRUE);
          if (!stroma_validate_reason (stroma_form_text (self->deviation_row), &inf->reason, NULL))
            {
              g_set_error (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_NEEDS_REASON,
                           _("Cells given: %s differs from the target %s by %.1f%%, more than the "
                             "%g%% the protocol allows; give the reason."),
                           given, planned, 100 * off, 100 * deviation_limit (self));
              bad = GTK_WIDGET (self->deviation_row);
              goto invalid;
            }
        }

      g_clear_pointer (&inf->lot, g_free);
      CHECK (stroma_validate_lot (stroma_form_text (self->lot_row), _("Lot"), &inf->lot, &error),
             self->lot_row);
      g_clear_pointer (&inf->bag, g_free);
      if (*stroma_form_text (self->bag_row) != '\0')
        CHECK (stroma_validate_lot (stroma_form_text (self->bag_row), _("Bag"), &inf->bag, &error),
               self->bag_row);

      g_clear_pointer (&inf->vitals_pre, g_free);
      g_clear_pointer (&inf->vitals_post, g_free);
      CHECK (stroma_validate_vitals (stroma_form_text (self->pre_temp_row),
                                     stroma_form_text (self->pre_hr_row),
                                     stroma_form_text (self->pre_bp_row),
                                     stroma_form_text (self->pre_spo2_row), &inf->vitals_pre,
                                     &error), self->pre_temp_row);
      CHECK (stroma_validate_vitals (stroma_form_text (self->post_temp_row),
                                     stroma_form_text (self->post_hr_row),
                                     stroma_form_text (self->post_bp_row),
                                     stroma_form_text (self->post_spo2_row), &inf->vitals_post,
                                     &error), self->post_temp_row);

      if (adw_expander_row_get_enable_expansion (self->reaction_row))
        {
          if (!stroma_desk_may (self->desk, STROMA_ACTION_GRADE_ADVERSE_EVENT))
            {
              g_autofree char *who = stroma_desk_describe_user (self->desk);

              g_set_error (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                           _("%s may not grade adverse events: an investigator records the "
                             "reaction. Save the infusion without it and ask an investigator, "
                             "or sign in as one."), who);
              bad = GTK_WIDGET (self->reaction_row);
              goto invalid;
            }
          ae = stroma_record_new (STROMA_RECORD_ADVERSE_EVENT);
          ae->parent.subject_id = inf->parent.subject_id;
          ae->term = g_strdup ("Infusion related reaction");
          ae->grade = adw_combo_row_get_selected (self->grade_row) + 1;
          ae->ctcae_version = g_strdup ("5.0");
          ae->relationship = g_strdup (stroma_form_combo_id (self->relationship_row,
                                                             relationship_ids));
          ae->serious = gtk_switch_get_active (self->serious_switch);
          ae->onset_date = g_strdup (date);
          ae->outcome = g_strdup (ae->grade == 5 ? "fatal" : "recovering");
          /* Translators: the action recorded with an infusion reaction */
          ae->action_taken = g_strdup_printf (_("during infusion %u"), dose->number);
        }
    }
  else if (g_strcmp0 (outcome, "delayed") == 0)
    {
      StromaDateRule rule = { _("New date"), today, 42, today, _("today"), FALSE };

      g_clear_pointer (&inf->planned_date, g_free);
      CHECK (stroma_validate_date (stroma_form_text (self->new_date_row), &rule,
                                   &inf->planned_date, &error), self->new_date_row);
      g_clear_pointer (&inf->reason, g_free);
      CHECK (stroma_validate_reason (stroma_form_text (self->reschedule_reason_row), &inf->reason,
                                     &error), self->reschedule_reason_row);
      g_clear_pointer (&inf->given_at, g_free);
    }
  else
    {
      g_clear_pointer (&inf->reason, g_free);
      CHECK (stroma_validate_reason (stroma_form_text (self->missed_reason_row), &inf->reason,
                                     &error), self->missed_reason_row);
      g_clear_pointer (&inf->given_at, g_free);
    }

  /* An update of a planned or rescheduled dose is its outcome, not a correction: the reason
   * says which. */
  reason = g_strdup (g_strcmp0 (outcome, "given") == 0 ? _("infusion given")
                     : g_strcmp0 (outcome, "delayed") == 0 ? inf->reason : inf->reason);
  context = stroma_desk_context (self->desk, reason);
  if (!stroma_store_begin (store, &context, &error))
    goto failed;

  {
    StromaEditContext first = stroma_desk_context (self->desk, NULL);

    if (!stroma_store_save (store, inf->parent.id == 0 ? &first : NULL, inf, &error))
      goto rollback;
  }

  if (ae != NULL)
    {
      StromaEditContext first = stroma_desk_context (self->desk, NULL);

      if (!stroma_store_save (store, &first, ae, &error))
        goto rollback;
    }

  if (g_strcmp0 (outcome, "given") == 0 &&
      (g_strcmp0 (self->record->subject->status, "randomized") == 0 ||
       g_strcmp0 (self->record->subject->status, "enrolled") == 0))
    {
      StromaEditContext why = stroma_desk_context (self->desk, _("first infusion given"));

      subject = stroma_record_copy (self->record->subject);
      g_free (subject->status);
      subject->status = g_strdup ("on-treatment");
      if (!stroma_store_save (store, &why, subject, &error))
        goto rollback;
    }

  if (!stroma_store_commit (store, &error))
    goto failed;

  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    if (STROMA_IS_WINDOW (parent))
      stroma_window_desk_saved (STROMA_WINDOW (parent), self->record->subject->parent.id);
    else
      stroma_desk_saved (self->desk, self->record->subject->parent.id);
  }
  gtk_window_close (GTK_WINDOW (self));
  return;

rollback:
  stroma_store_rollback (store);
failed:
  stroma_form_show_error (self->error_label, NULL, error);
  return;

invalid:
  stroma_form_show_error (self->error_label, bad, error);
}

#undef CHECK

/**
 * stroma_infusion_dialog_set_outcome:
 * @self: the dialog
 * @outcome: "given", "delayed" (rescheduled) or "missed"
 */
void
stroma_infusion_dialog_set_outcome (StromaInfusionDialog *self,
                                    const char           *outcome)
{
  g_return_if_fail (STROMA_IS_INFUSION_DIALOG (self));
  stroma_form_combo_select (self->outcome_row, outcome_ids, outcome);
}

/**
 * stroma_infusion_dialog_get_number:
 * @self: the dialog
 *
 * Returns: the number of the dose the form records, or 0 when none is open
 */
guint
stroma_infusion_dialog_get_number (StromaInfusionDialog *self)
{
  const StromaProductDose *dose;

  g_return_val_if_fail (STROMA_IS_INFUSION_DIALOG (self), 0);
  dose = current_dose (self);
  return dose != NULL ? dose->number : 0;
}

static void
stroma_infusion_dialog_dispose (GObject *object)
{
  StromaInfusionDialog *self = STROMA_INFUSION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_INFUSION_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->plan, stroma_product_plan_free);
  g_clear_pointer (&self->record, stroma_subject_record_free);
  g_clear_pointer (&self->open_doses, g_array_unref);

  G_OBJECT_CLASS (stroma_infusion_dialog_parent_class)->dispose (object);
}

static void
stroma_infusion_dialog_class_init (StromaInfusionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_infusion_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-infusion-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, StromaInfusionDialog, name)
  BIND (error_label);
  BIND (dose_group);
  BIND (given_group);
  BIND (pre_group);
  BIND (post_group);
  BIND (reaction_group);
  BIND (reschedule_group);
  BIND (missed_group);
  BIND (dose_row);
  BIND (outcome_row);
  BIND (date_row);
  BIND (time_row);
  BIND (weight_row);
  BIND (cells_row);
  BIND (lot_row);
  BIND (bag_row);
  BIND (deviation_row);
  BIND (pre_temp_row);
  BIND (pre_hr_row);
  BIND (pre_bp_row);
  BIND (pre_spo2_row);
  BIND (post_temp_row);
  BIND (post_hr_row);
  BIND (post_bp_row);
  BIND (post_spo2_row);
  BIND (reaction_row);
  BIND (grade_row);
  BIND (relationship_row);
  BIND (serious_switch);
  BIND (new_date_row);
  BIND (reschedule_reason_row);
  BIND (missed_reason_row);
#undef BIND

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
}

static void
stroma_infusion_dialog_init (StromaInfusionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_infusion_dialog_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 * @number: the dose to record, or 0 for the first one neither given nor missed
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_infusion_dialog_new (GtkWindow  *parent,
                            StromaDesk *desk,
                            gint64      subject_id,
                            guint       number)
{
  static const char * const outcome_labels[] = { N_("Given"), N_("Rescheduled"), N_("Missed"), NULL };
  static const char * const grade_labels[] = {
    /* Translators: CTCAE v5.0 grades of an infusion related reaction */
    N_("1 — mild, transient; no interruption or intervention"),
    N_("2 — interruption indicated, responds promptly to treatment"),
    N_("3 — prolonged, recurrent, or hospitalization indicated"),
    N_("4 — life-threatening; urgent intervention indicated"),
    N_("5 — death"),
    NULL
  };
  static const char * const relationship_labels[] = {
    N_("Unrelated"), N_("Unlikely"), N_("Possible"), N_("Probable"), N_("Definite"), NULL
  };
  const char *translated[8];
  StromaInfusionDialog *self;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  g_autofree char *now = NULL;
  g_autofree char *title = NULL;
  StromaScheduleOptions options = STROMA_SCHEDULE_OPTIONS_INIT;
  guint selected = 0;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_INFUSION_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);
  today = stroma_desk_today (desk);
  now = stroma_desk_now_time (desk);

#define FILL(row, source) G_STMT_START { \
    for (guint i = 0; i < G_N_ELEMENTS (source); i++) \
      translated[i] = source[i] != NULL ? _(source[i]) : NULL; \
    stroma_form_combo_set_ids (row, translated); \
  } G_STMT_END
  FILL (self->outcome_row, outcome_labels);
  FILL (self->grade_row, grade_labels);
  FILL (self->relationship_row, relationship_labels);
#undef FILL
  adw_combo_row_set_selected (self->relationship_row, 2);

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (desk), subject_id, &error);
  options.time_zone = stroma_desk_get_time_zone (desk);
  if (self->record != NULL)
    self->plan = stroma_product_plan_new (stroma_desk_get_protocol (desk), self->record, today,
                                          &options, &error);
  if (self->plan == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Nothing to record: %s"), error->message);

      gtk_label_set_text (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->dose_group), FALSE);
      update_outcome (self);
      return GTK_WINDOW (self);
    }

  self->open_doses = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < self->plan->doses->len; i++)
    {
      const StromaProductDose *d = self->plan->doses->pdata[i];
      g_autofree char *label = NULL;

      if (d->status == STROMA_SCHEDULE_GIVEN || d->status == STROMA_SCHEDULE_MISSED)
        continue;
      if (d->number == number)
        selected = self->open_doses->len;
      g_array_append_val (self->open_doses, d->number);
      label = stroma_agenda_dose_label (stroma_desk_get_protocol (desk), self->plan, d);
      /* Translators: "UC-MSC infusion 2 of 4 — due 2026-03-09 (overdue)" */
      g_ptr_array_add (labels, g_strdup_printf (_("%s — due %s (%s)"), label, d->due_date,
                                                stroma_schedule_status_to_string (d->status)));
    }
  g_ptr_array_add (labels, NULL);
  stroma_form_combo_set_ids (self->dose_row, (const char * const *) labels->pdata);
  adw_combo_row_set_selected (self->dose_row, selected);

  if (self->open_doses->len == 0)
    {
      gtk_label_set_text (self->error_label, _("Every planned dose of this subject is given or "
                                               "recorded as missed."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
    }

  stroma_form_set_text (self->date_row, today);
  stroma_form_set_text (self->time_row, now);
  stroma_form_set_double (self->weight_row, self->plan->weight_kg, 1);

  title = g_strdup_printf (_("Record Infusion — %s"), self->record->subject->code);
  gtk_window_set_title (GTK_WINDOW (self), title);

  if (!stroma_desk_may (desk, STROMA_ACTION_GRADE_ADVERSE_EVENT))
    adw_expander_row_set_subtitle (self->reaction_row,
                                   _("An investigator records and grades the reaction."));

  g_signal_connect_swapped (self->weight_row, "changed", G_CALLBACK (update_description), self);
  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (update_description), self);
  g_signal_connect_swapped (self->cells_row, "changed", G_CALLBACK (update_description), self);
  g_signal_connect_swapped (self->dose_row, "notify::selected", G_CALLBACK (update_description),
                            self);
  g_signal_connect_swapped (self->outcome_row, "notify::selected", G_CALLBACK (update_outcome),
                            self);
  update_outcome (self);

  stroma_form_require_user (desk, STROMA_ACTION_ENTER_DATA, self->error_label);
  gtk_widget_grab_focus (GTK_WIDGET (self->cells_row));

  return GTK_WINDOW (self);
}
