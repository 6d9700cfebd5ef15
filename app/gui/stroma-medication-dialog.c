/* stroma-medication-dialog.c — record standard-care medication, with the TPO-RA titration advice
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * G-CSF, rhTPO, a TPO receptor agonist with its dose level, or another agent. For the
 * TPO-RA the protocol's titration rules (core stroma-titration) read the platelet counts since
 * the current level started and advise beside the form: keep, go up or down a level, or stop —
 * with the counts that decided. The prescriber decides; the advice fills the level on request.
 */

#define G_LOG_DOMAIN "stroma-medication-dialog"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/stroma-titration.h"
#include "core/stroma-validate.h"
#include "stroma-form.h"
#include "stroma-medication-dialog.h"

struct _StromaMedicationDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  AdwPreferencesGroup  *main_group;
  AdwPreferencesGroup  *advice_group;
  AdwComboRow          *agent_row;
  AdwEntryRow          *other_row;
  AdwEntryRow          *dose_row;
  AdwComboRow          *unit_row;
  AdwEntryRow          *level_row;
  AdwEntryRow          *start_row;
  AdwEntryRow          *end_row;
  AdwEntryRow          *indication_row;
  AdwActionRow         *advice_row;
  GtkWidget            *apply_button;

  /* Owned */
  StromaDesk           *desk;
  StromaSubjectRecord  *record;
  gint                  advised_level;
};

G_DEFINE_FINAL_TYPE (StromaMedicationDialog, stroma_medication_dialog, ADW_TYPE_WINDOW)

static const char * const agent_ids[] = { "G-CSF", "rhTPO", "TPO-RA", "", NULL };
static const char * const unit_ids[] = { "ug", "U", "mg", "tablet", NULL };

static void
update_advice (StromaMedicationDialog *self)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (self->desk);
  g_autoptr(StromaTitrationAdvice) advice = NULL;
  g_autofree char *today = stroma_desk_today (self->desk);
  g_autoptr(GError) error = NULL;
  gboolean tpo_ra = g_strcmp0 (stroma_form_combo_id (self->agent_row, agent_ids), "TPO-RA") == 0;

  gtk_widget_set_visible (GTK_WIDGET (self->level_row), tpo_ra);
  gtk_widget_set_visible (GTK_WIDGET (self->other_row),
                          g_strcmp0 (stroma_form_combo_id (self->agent_row, agent_ids), "") == 0);
  gtk_widget_set_visible (GTK_WIDGET (self->advice_group), FALSE);
  self->advised_level = 0;

  if (!tpo_ra || self->record == NULL || stroma_protocol_find_care (protocol, "tpo-ra") == NULL)
    return;

  advice = stroma_titration_advise (protocol, "tpo-ra", self->record, today, &error);
  gtk_widget_set_visible (GTK_WIDGET (self->advice_group), TRUE);
  if (advice == NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->advice_row), error->message);
      gtk_widget_set_visible (self->apply_button, FALSE);
      return;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->advice_row), advice->message);
  {
    g_autoptr(GString) counts = g_string_new (NULL);

    for (guint i = 0; advice->values != NULL && i < advice->values->len; i++)
      {
        const StromaTitrationValue *v = &g_array_index (advice->values, StromaTitrationValue, i);
        g_string_append_printf (counts, "%s%s: %g", counts->len ? ", " : "", v->date, v->value);
      }
    if (counts->len > 0)
      {
        g_autofree char *subtitle = g_strdup_printf (_("Platelets (10⁹/L) %s"), counts->str);
        adw_action_row_set_subtitle (self->advice_row, subtitle);
      }
  }

  if (advice->new_level > 0 && advice->new_level != advice->current_level)
    self->advised_level = advice->new_level;
  else if (advice->action == STROMA_TITRATION_NONE)
    self->advised_level = 1;
  gtk_widget_set_visible (self->apply_button, self->advised_level > 0);
}

static void
apply_advice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  StromaMedicationDialog *self = STROMA_MEDICATION_DIALOG (widget);

  if (self->advised_level > 0)
    stroma_form_set_double (self->level_row, self->advised_level, 0);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaMedicationDialog *self = STROMA_MEDICATION_DIALOG (widget);
  g_autoptr(StromaMedication) m = stroma_record_new (STROMA_RECORD_MEDICATION);
  g_autofree char *today = stroma_desk_today (self->desk);
  const char *consent = self->record->consent != NULL ? self->record->consent->consent_date : NULL;
  StromaDateRule start = { _("Start date"), today, 0, consent, _("the consent date"), FALSE };
  StromaEditContext context = stroma_desk_context (self->desk, NULL);
  g_autoptr(GError) error = NULL;
  const char *agent = stroma_form_combo_id (self->agent_row, agent_ids);
  GtkWidget *bad = NULL;

  stroma_form_clear_error (self->error_label, self->other_row, self->dose_row, self->level_row,
                           self->start_row, self->end_row, NULL);

  m->parent.subject_id = self->record->subject->parent.id;
  if (g_strcmp0 (agent, "") == 0)
    {
      g_autofree char *other = g_strstrip (g_strdup (stroma_form_text (self->other_row)));

      if (*other == '\0')
        {
          g_set_error_literal (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                               _("Other agent: name the medication."));
          bad = GTK_WIDGET (self->other_row);
          goto invalid;
        }
      m->agent = g_steal_pointer (&other);
    }
  else
    m->agent = g_strdup (agent);

  if (!stroma_validate_optional_number (stroma_form_text (self->dose_row), _("Dose"), 1e-6, 1e6,
                                        &m->dose, &error))
    {
      bad = GTK_WIDGET (self->dose_row);
      goto invalid;
    }
  if (isfinite (m->dose))
    m->dose_unit = g_strdup (stroma_form_combo_id (self->unit_row, unit_ids));

  if (gtk_widget_get_visible (GTK_WIDGET (self->level_row)))
    {
      double level;

      if (!stroma_validate_number (stroma_form_text (self->level_row), _("TPO-RA dose level"), 1,
                                   20, &level, &error))
        {
          bad = GTK_WIDGET (self->level_row);
          goto invalid;
        }
      if (level != floor (level))
        {
          g_set_error (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                       _("TPO-RA dose level: %g is not a level; use 1, 2, 3 …"), level);
          bad = GTK_WIDGET (self->level_row);
          goto invalid;
        }
      m->dose_level = (gint64) level;
    }

  if (!stroma_validate_date (stroma_form_text (self->start_row), &start, &m->start_date, &error))
    {
      bad = GTK_WIDGET (self->start_row);
      goto invalid;
    }
  if (*stroma_form_text (self->end_row) != '\0')
    {
      StromaDateRule end = { _("End date"), today, 0, m->start_date, _("the start date"), FALSE };

      if (!stroma_validate_date (stroma_form_text (self->end_row), &end, &m->end_date, &error))
        {
          bad = GTK_WIDGET (self->end_row);
          goto invalid;
        }
    }
  if (*stroma_form_text (self->indication_row) != '\0')
    m->indication = g_strstrip (g_strdup (stroma_form_text (self->indication_row)));

  if (!stroma_store_save (stroma_desk_get_store (self->desk), &context, m, &error))
    goto invalid;

  stroma_form_saved (GTK_WINDOW (self), self->desk, m->parent.subject_id);
  return;

invalid:
  stroma_form_show_error (self->error_label, bad, error);
}

static void
stroma_medication_dialog_dispose (GObject *object)
{
  StromaMedicationDialog *self = STROMA_MEDICATION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_MEDICATION_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->record, stroma_subject_record_free);

  G_OBJECT_CLASS (stroma_medication_dialog_parent_class)->dispose (object);
}

static void
stroma_medication_dialog_class_init (StromaMedicationDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_medication_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-medication-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, StromaMedicationDialog, name)
  BIND (error_label);
  BIND (main_group);
  BIND (advice_group);
  BIND (agent_row);
  BIND (other_row);
  BIND (dose_row);
  BIND (unit_row);
  BIND (level_row);
  BIND (start_row);
  BIND (end_row);
  BIND (indication_row);
  BIND (advice_row);
  BIND (apply_button);
#undef BIND

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "dialog.apply-advice", NULL, apply_advice_action);
}

static void
stroma_medication_dialog_init (StromaMedicationDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_medication_dialog_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_medication_dialog_new (GtkWindow  *parent,
                              StromaDesk *desk,
                              gint64      subject_id)
{
  static const char * const agents[] = {
    N_("G-CSF"), N_("rhTPO"), N_("TPO receptor agonist (TPO-RA)"), N_("Other…"), NULL
  };
  static const char * const units[] = { N_("µg"), N_("U"), N_("mg"), N_("tablet"), NULL };
  const char *translated[G_N_ELEMENTS (agents)];
  StromaMedicationDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_MEDICATION_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);
  stroma_form_combo_set_ids (self->agent_row, stroma_form_translate (agents, translated));
  stroma_form_combo_set_ids (self->unit_row, stroma_form_translate (units, translated));

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (desk), subject_id, &error);
  if (self->record == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return GTK_WINDOW (self);
    }

  {
    g_autofree char *title = g_strdup_printf (_("Medication — %s"), self->record->subject->code);
    adw_preferences_group_set_title (self->main_group, title);
  }
  today = stroma_desk_today (desk);
  stroma_form_set_text (self->start_row, today);
  g_signal_connect_swapped (self->agent_row, "notify::selected", G_CALLBACK (update_advice), self);
  update_advice (self);

  stroma_form_require_user (desk, STROMA_ACTION_ENTER_DATA, self->error_label);
  gtk_widget_grab_focus (GTK_WIDGET (self->agent_row));

  return GTK_WINDOW (self);
}
