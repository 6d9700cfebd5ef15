/* stroma-dose-dialog.c — record one conditioning dose as given or omitted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When a planned dose was given (site time, stored in UTC), how much and by whom; a dose that
 * deviates from its calculation by more than the protocol's threshold (DOMAIN §2.2) needs the
 * reason, as does an omitted dose. A dose already recorded is corrected in Subject Data and
 * History, where its reason and history live.
 */

#define G_LOG_DOMAIN "stroma-dose-dialog"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/stroma-dosing.h"
#include "core/stroma-validate.h"
#include "stroma-dose-dialog.h"
#include "stroma-form.h"
#include "stroma-regimen-row.h"

struct _StromaDoseDialog
{
  AdwWindow               parent_instance;

  /* Template widgets */
  GtkLabel               *error_label;
  AdwPreferencesGroup    *main_group;
  AdwComboRow            *outcome_row;
  AdwEntryRow            *date_row;
  AdwEntryRow            *time_row;
  AdwEntryRow            *amount_row;
  AdwEntryRow            *by_row;
  AdwEntryRow            *reason_row;

  /* Owned */
  StromaDesk             *desk;
  StromaConditioningDose *dose;
};

G_DEFINE_FINAL_TYPE (StromaDoseDialog, stroma_dose_dialog, ADW_TYPE_WINDOW)

static const char * const outcome_ids[] = { "given", "omitted", NULL };

static double
limit (StromaDoseDialog *self)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (self->desk);

  return protocol->dose_deviation_threshold > 0 ? protocol->dose_deviation_threshold
                                                : STROMA_DOSE_DEVIATION_LIMIT_DEFAULT;
}

static void
update_outcome (StromaDoseDialog *self)
{
  gboolean given = g_strcmp0 (stroma_form_combo_id (self->outcome_row, outcome_ids), "given") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->date_row), given);
  gtk_widget_set_visible (GTK_WIDGET (self->time_row), given);
  gtk_widget_set_visible (GTK_WIDGET (self->amount_row), given);
  gtk_widget_set_visible (GTK_WIDGET (self->by_row), given);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaDoseDialog *self = STROMA_DOSE_DIALOG (widget);
  g_autoptr(StromaConditioningDose) d = stroma_record_copy (self->dose);
  g_autofree char *today = stroma_desk_today (self->desk);
  g_autofree char *reason = NULL;
  g_autofree char *why = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *bad = NULL;
  StromaEditContext context;

  stroma_form_clear_error (self->error_label, self->date_row, self->time_row, self->amount_row,
                           self->by_row, self->reason_row, NULL);

  g_free (d->status);
  d->status = g_strdup (stroma_form_combo_id (self->outcome_row, outcome_ids));

  if (g_str_equal (d->status, "given"))
    {
      StromaDateRule rule = { _("Date given"), today, 0, NULL, NULL, FALSE };
      g_autofree char *date = NULL;
      g_autofree char *time = NULL;
      g_autofree char *label = g_strdup_printf (_("Amount given (%s)"), d->dose_unit);
      gboolean deviates = FALSE;

      if (!stroma_validate_date (stroma_form_text (self->date_row), &rule, &date, &error))
        {
          bad = GTK_WIDGET (self->date_row);
          goto invalid;
        }
      if (!stroma_validate_time (stroma_form_text (self->time_row), &time, &error))
        {
          bad = GTK_WIDGET (self->time_row);
          goto invalid;
        }
      g_clear_pointer (&d->given_at, g_free);
      if (!stroma_validate_date_time (date, time, stroma_desk_get_time_zone (self->desk),
                                      &d->given_at, &error))
        {
          bad = GTK_WIDGET (self->time_row);
          goto invalid;
        }
      if (!stroma_validate_given_amount (stroma_form_text (self->amount_row), label,
                                         d->calculated_dose, limit (self),
                                         stroma_form_text (self->reason_row), &d->given_dose,
                                         &deviates, &error))
        {
          bad = GTK_WIDGET (error->code == STROMA_VALIDATE_ERROR_NEEDS_REASON ? self->reason_row
                                                                              : self->amount_row);
          goto invalid;
        }
      g_clear_pointer (&d->deviation_reason, g_free);
      if (deviates)
        stroma_validate_reason (stroma_form_text (self->reason_row), &d->deviation_reason, NULL);
      g_free (d->given_by);
      d->given_by = g_strstrip (g_strdup (stroma_form_text (self->by_row)));
      if (*d->given_by == '\0')
        {
          g_set_error_literal (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                               _("Given by: who gave the dose?"));
          bad = GTK_WIDGET (self->by_row);
          goto invalid;
        }
      /* Translators: the audit reason when a planned conditioning dose is recorded as given */
      why = g_strdup (d->deviation_reason != NULL ? d->deviation_reason : _("dose given"));
    }
  else
    {
      if (!stroma_validate_reason (stroma_form_text (self->reason_row), &reason, &error))
        {
          bad = GTK_WIDGET (self->reason_row);
          goto invalid;
        }
      g_free (d->deviation_reason);
      d->deviation_reason = g_strdup (reason);
      g_clear_pointer (&d->given_at, g_free);
      d->given_dose = NAN;
      why = g_strdup_printf (_("dose omitted: %s"), reason);
    }

  context = stroma_desk_context (self->desk, why);
  if (!stroma_store_save (stroma_desk_get_store (self->desk), &context, d, &error))
    goto invalid;

  stroma_form_saved (GTK_WINDOW (self), self->desk, d->parent.subject_id);
  return;

invalid:
  stroma_form_show_error (self->error_label, bad, error);
}

static void
stroma_dose_dialog_dispose (GObject *object)
{
  StromaDoseDialog *self = STROMA_DOSE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_DOSE_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->dose, stroma_record_free);

  G_OBJECT_CLASS (stroma_dose_dialog_parent_class)->dispose (object);
}

static void
stroma_dose_dialog_class_init (StromaDoseDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_dose_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-dose-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaDoseDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StromaDoseDialog, main_group);
  gtk_widget_class_bind_template_child (widget_class, StromaDoseDialog, outcome_row);
  gtk_widget_class_bind_template_child (widget_class, StromaDoseDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, StromaDoseDialog, time_row);
  gtk_widget_class_bind_template_child (widget_class, StromaDoseDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, StromaDoseDialog, by_row);
  gtk_widget_class_bind_template_child (widget_class, StromaDoseDialog, reason_row);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
}

static void
stroma_dose_dialog_init (StromaDoseDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_dose_dialog_new:
 * @parent: the regimen window
 * @desk: the trial window's desk
 * @record_id: a planned conditioning dose
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_dose_dialog_new (GtkWindow  *parent,
                        StromaDesk *desk,
                        gint64      record_id)
{
  static const char * const outcomes[] = { N_("Given"), N_("Omitted"), NULL };
  const char *translated[3];
  StromaDoseDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *calculated = NULL;
  g_autofree char *description = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_DOSE_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);
  stroma_form_combo_set_ids (self->outcome_row, stroma_form_translate (outcomes, translated));

  self->dose = stroma_store_load (stroma_desk_get_store (desk), STROMA_RECORD_CONDITIONING_DOSE,
                                  record_id, &error);
  if (self->dose == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return GTK_WINDOW (self);
    }

  /* Translators: "Busulfan, dose 3 — planned 2026-03-04 12:00" */
  title = g_strdup_printf (_("%s, dose %lld — planned %s %s"), self->dose->agent,
                           (long long) self->dose->dose_number,
                           self->dose->planned_date != NULL ? self->dose->planned_date : "",
                           self->dose->planned_time != NULL ? self->dose->planned_time : "");
  calculated = stroma_regimen_format_amount (self->dose->calculated_dose, self->dose->dose_unit);
  description = g_strdup_printf (_("Calculated dose %s. A dose given more than %g%% away from it "
                                   "needs a reason."), calculated, 100 * limit (self));
  adw_preferences_group_set_title (self->main_group, title);
  adw_preferences_group_set_description (self->main_group, description);

  today = stroma_desk_today (desk);
  stroma_form_set_text (self->date_row, self->dose->planned_date != NULL ? self->dose->planned_date
                                                                          : today);
  stroma_form_set_text (self->time_row, self->dose->planned_time != NULL
                                        ? self->dose->planned_time : "08:00");
  stroma_form_set_double (self->amount_row, self->dose->calculated_dose, 4);
  stroma_form_set_text (self->by_row, stroma_desk_get_user (desk));
  g_signal_connect_swapped (self->outcome_row, "notify::selected", G_CALLBACK (update_outcome),
                            self);
  update_outcome (self);

  if (g_strcmp0 (self->dose->status, "planned") != 0)
    {
      gtk_label_set_text (self->error_label, _("This dose is already recorded. Correct it in "
                                                "Subject Data and History (Ctrl+H), where its "
                                                "history is."));
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
    }
  else
    stroma_form_require_user (desk, STROMA_ACTION_CORRECT_DATA, self->error_label);

  gtk_widget_grab_focus (GTK_WIDGET (self->amount_row));
  return GTK_WINDOW (self);
}
