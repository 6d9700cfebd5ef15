/* stroma-adverse-event-dialog.c — record an adverse event with its CTCAE grade
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Term, CTCAE v5.0 grade, onset and resolution, outcome, relationship to the study treatment,
 * seriousness and DLT. Grading is the investigator's: the store refuses it from anyone else,
 * and the form says so before anything is typed.
 */

#define G_LOG_DOMAIN "stroma-adverse-event-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-ctcae.h"
#include "core/stroma-validate.h"
#include "stroma-adverse-event-dialog.h"
#include "stroma-form.h"

struct _StromaAdverseEventDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  AdwPreferencesGroup  *main_group;
  AdwEntryRow          *term_row;
  AdwComboRow          *grade_row;
  AdwEntryRow          *onset_row;
  AdwEntryRow          *resolved_row;
  AdwComboRow          *outcome_row;
  AdwComboRow          *relationship_row;
  GtkSwitch            *serious_switch;
  GtkSwitch            *dlt_switch;
  AdwEntryRow          *action_row;

  /* Owned */
  StromaDesk           *desk;
  StromaSubjectRecord  *record;
};

G_DEFINE_FINAL_TYPE (StromaAdverseEventDialog, stroma_adverse_event_dialog, ADW_TYPE_WINDOW)

static const char * const outcome_ids[] = {
  "recovering", "recovered", "not-recovered", "sequelae", "fatal", "unknown", NULL
};
static const char * const relationship_ids[] = {
  "unrelated", "unlikely", "possible", "probable", "definite", NULL
};

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaAdverseEventDialog *self = STROMA_ADVERSE_EVENT_DIALOG (widget);
  g_autoptr(StromaAdverseEvent) ae = stroma_record_new (STROMA_RECORD_ADVERSE_EVENT);
  g_autofree char *today = stroma_desk_today (self->desk);
  const char *consent = self->record->consent != NULL ? self->record->consent->consent_date : NULL;
  StromaDateRule onset = { _("Onset"), today, 0, consent, _("the consent date"), FALSE };
  StromaEditContext context = stroma_desk_context (self->desk, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *bad = NULL;
  g_autofree char *term = g_strstrip (g_strdup (stroma_form_text (self->term_row)));

  stroma_form_clear_error (self->error_label, self->term_row, self->onset_row,
                           self->resolved_row, NULL);

  ae->parent.subject_id = self->record->subject->parent.id;
  if (*term == '\0')
    {
      g_set_error_literal (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_EMPTY,
                           _("Term: enter the CTCAE term, e.g. “Febrile neutropenia”."));
      bad = GTK_WIDGET (self->term_row);
      goto invalid;
    }
  ae->term = g_steal_pointer (&term);
  ae->grade = adw_combo_row_get_selected (self->grade_row) + 1;
  ae->ctcae_version = g_strdup (STROMA_CTCAE_VERSION);
  if (!stroma_validate_date (stroma_form_text (self->onset_row), &onset, &ae->onset_date, &error))
    {
      bad = GTK_WIDGET (self->onset_row);
      goto invalid;
    }
  if (*stroma_form_text (self->resolved_row) != '\0')
    {
      StromaDateRule resolved = { _("Resolved"), today, 0, ae->onset_date, _("the onset"), FALSE };

      if (!stroma_validate_date (stroma_form_text (self->resolved_row), &resolved,
                                 &ae->resolved_date, &error))
        {
          bad = GTK_WIDGET (self->resolved_row);
          goto invalid;
        }
    }
  ae->outcome = g_strdup (stroma_form_combo_id (self->outcome_row, outcome_ids));
  if (ae->grade == 5 && g_strcmp0 (ae->outcome, "fatal") != 0)
    {
      g_set_error_literal (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE,
                           _("Grade 5 is death: the outcome is fatal."));
      bad = GTK_WIDGET (self->outcome_row);
      goto invalid;
    }
  ae->relationship = g_strdup (stroma_form_combo_id (self->relationship_row, relationship_ids));
  ae->serious = gtk_switch_get_active (self->serious_switch);
  ae->dlt = gtk_switch_get_active (self->dlt_switch);
  if (*stroma_form_text (self->action_row) != '\0')
    ae->action_taken = g_strstrip (g_strdup (stroma_form_text (self->action_row)));

  if (!stroma_store_save (stroma_desk_get_store (self->desk), &context, ae, &error))
    goto invalid;

  stroma_form_saved (GTK_WINDOW (self), self->desk, ae->parent.subject_id);
  return;

invalid:
  stroma_form_show_error (self->error_label, bad, error);
}

static void
stroma_adverse_event_dialog_dispose (GObject *object)
{
  StromaAdverseEventDialog *self = STROMA_ADVERSE_EVENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_ADVERSE_EVENT_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->record, stroma_subject_record_free);

  G_OBJECT_CLASS (stroma_adverse_event_dialog_parent_class)->dispose (object);
}

static void
stroma_adverse_event_dialog_class_init (StromaAdverseEventDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_adverse_event_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-adverse-event-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, StromaAdverseEventDialog, name)
  BIND (error_label);
  BIND (main_group);
  BIND (term_row);
  BIND (grade_row);
  BIND (onset_row);
  BIND (resolved_row);
  BIND (outcome_row);
  BIND (relationship_row);
  BIND (serious_switch);
  BIND (dlt_switch);
  BIND (action_row);
#undef BIND

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
}

static void
stroma_adverse_event_dialog_init (StromaAdverseEventDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_adverse_event_dialog_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_adverse_event_dialog_new (GtkWindow  *parent,
                                 StromaDesk *desk,
                                 gint64      subject_id)
{
  static const char * const grades[] = {
    /* Translators: the CTCAE v5.0 general grade definitions, shortened */
    N_("1 — mild; no intervention indicated"),
    N_("2 — moderate; minimal, local or noninvasive intervention"),
    N_("3 — severe or medically significant; hospitalization indicated"),
    N_("4 — life-threatening; urgent intervention indicated"),
    N_("5 — death related to the adverse event"),
    NULL
  };
  static const char * const outcomes[] = {
    N_("Recovering"), N_("Recovered"), N_("Not recovered"), N_("Recovered with sequelae"),
    N_("Fatal"), N_("Unknown"), NULL
  };
  static const char * const relationships[] = {
    N_("Unrelated"), N_("Unlikely"), N_("Possible"), N_("Probable"), N_("Definite"), NULL
  };
  const char *translated[8];
  StromaAdverseEventDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_ADVERSE_EVENT_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);
  stroma_form_combo_set_ids (self->grade_row, stroma_form_translate (grades, translated));
  stroma_form_combo_set_ids (self->outcome_row, stroma_form_translate (outcomes, translated));
  stroma_form_combo_set_ids (self->relationship_row,
                             stroma_form_translate (relationships, translated));
  adw_combo_row_set_selected (self->relationship_row, 2);

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (desk), subject_id, &error);
  if (self->record == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return GTK_WINDOW (self);
    }

  {
    g_autofree char *title = g_strdup_printf (_("Adverse Event — %s (CTCAE v%s)"),
                                              self->record->subject->code, STROMA_CTCAE_VERSION);
    adw_preferences_group_set_title (self->main_group, title);
  }
  today = stroma_desk_today (desk);
  stroma_form_set_text (self->onset_row, today);

  stroma_form_require_user (desk, STROMA_ACTION_GRADE_ADVERSE_EVENT, self->error_label);
  gtk_widget_grab_focus (GTK_WIDGET (self->term_row));

  return GTK_WINDOW (self);
}
