/* stroma-disposition-dialog.c — withdrawal, termination, relapse, death, last contact
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a subject leaves the study, or what is learned at follow-up. A withdrawal or a
 * termination names the protocol's removal or termination criterion it falls under
 * (§4.4–4.5, §7.3.3); a death is recorded as both a disposition and a follow-up event, as the
 * safety rules and the survival analysis read them; a relapse and a last contact are
 * follow-up events. The subject's status follows.
 */

#define G_LOG_DOMAIN "stroma-disposition-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-validate.h"
#include "stroma-disposition-dialog.h"
#include "stroma-form.h"

struct _StromaDispositionDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  AdwPreferencesGroup  *main_group;
  AdwComboRow          *event_row;
  AdwEntryRow          *date_row;
  AdwComboRow          *criterion_row;
  AdwEntryRow          *detail_row;

  /* Owned */
  StromaDesk           *desk;
  StromaSubjectRecord  *record;
  GPtrArray            *criterion_ids;
};

G_DEFINE_FINAL_TYPE (StromaDispositionDialog, stroma_disposition_dialog, ADW_TYPE_WINDOW)

/* What each choice records: a disposition event, a follow-up kind, the subject's new status,
 * and whether it names a criterion and needs a reason. */
static const struct
{
  const char *label;
  const char *disposition;
  const char *follow_up;
  const char *status;
  gboolean    criterion;
} events[] = {
  /* Translators: ways a subject leaves the study or is followed up */
  { N_("Withdrawal (the subject’s decision)"), "withdrawn", NULL, "withdrawn", TRUE },
  { N_("Termination (the investigator’s decision)"), "terminated", NULL, "withdrawn", TRUE },
  { N_("Relapse or progression"), NULL, "relapse", NULL, FALSE },
  { N_("Death"), "died", "death", "died", TRUE },
  { N_("Last contact"), NULL, "contact", NULL, FALSE },
  { N_("Lost to follow-up"), "lost", NULL, "withdrawn", FALSE },
  { N_("Study completed"), "completed", NULL, "completed", FALSE },
};

static void
update_event (StromaDispositionDialog *self)
{
  guint e = adw_combo_row_get_selected (self->event_row);

  gtk_widget_set_visible (GTK_WIDGET (self->criterion_row),
                          e < G_N_ELEMENTS (events) && events[e].criterion);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaDispositionDialog *self = STROMA_DISPOSITION_DIALOG (widget);
  StromaStore *store = stroma_desk_get_store (self->desk);
  guint e = adw_combo_row_get_selected (self->event_row);
  g_autofree char *today = stroma_desk_today (self->desk);
  const char *consent = self->record->consent != NULL ? self->record->consent->consent_date : NULL;
  StromaDateRule rule = { _("Date"), today, 0, consent, _("the consent date"), FALSE };
  g_autofree char *date = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  const char *criterion = NULL;
  StromaEditContext context;
  GtkWidget *bad = NULL;

  stroma_form_clear_error (self->error_label, self->date_row, self->detail_row, NULL);
  if (e >= G_N_ELEMENTS (events))
    return;

  if (!stroma_validate_date (stroma_form_text (self->date_row), &rule, &date, &error))
    {
      bad = GTK_WIDGET (self->date_row);
      goto invalid;
    }

  if (events[e].criterion)
    {
      guint c = adw_combo_row_get_selected (self->criterion_row);

      criterion = c < self->criterion_ids->len ? self->criterion_ids->pdata[c] : NULL;
    }

  detail = g_strstrip (g_strdup (stroma_form_text (self->detail_row)));
  if (events[e].disposition != NULL && g_strcmp0 (events[e].disposition, "completed") != 0 &&
      !stroma_validate_reason (detail, &reason, &error))
    {
      bad = GTK_WIDGET (self->detail_row);
      goto invalid;
    }

  /* The status change takes the reason the form gives. */
  context = stroma_desk_context (self->desk, reason != NULL ? reason : _(events[e].label));
  if (!stroma_store_begin (store, &context, &error))
    goto failed;

  if (events[e].disposition != NULL)
    {
      g_autoptr(StromaDisposition) d = stroma_record_new (STROMA_RECORD_DISPOSITION);
      StromaEditContext first = stroma_desk_context (self->desk, NULL);

      d->parent.subject_id = self->record->subject->parent.id;
      d->event = g_strdup (events[e].disposition);
      d->event_date = g_strdup (date);
      d->reason = *detail != '\0' ? g_strdup (detail) : NULL;
      d->criterion_id = g_strdup (criterion);
      if (!stroma_store_save (store, &first, d, &error))
        goto rollback;
    }

  if (events[e].follow_up != NULL)
    {
      g_autoptr(StromaFollowUp) f = stroma_record_new (STROMA_RECORD_FOLLOW_UP);
      StromaEditContext first = stroma_desk_context (self->desk, NULL);

      f->parent.subject_id = self->record->subject->parent.id;
      f->kind = g_strdup (events[e].follow_up);
      f->event_date = g_strdup (date);
      f->detail = *detail != '\0' ? g_strdup (detail) : NULL;
      if (!stroma_store_save (store, &first, f, &error))
        goto rollback;
    }

  if (events[e].status != NULL && g_strcmp0 (self->record->subject->status, events[e].status) != 0)
    {
      g_autoptr(StromaSubject) s = stroma_record_copy (self->record->subject);

      g_free (s->status);
      s->status = g_strdup (events[e].status);
      if (!stroma_store_save (store, NULL, s, &error))
        goto rollback;
    }

  if (!stroma_store_commit (store, &error))
    goto failed;

  stroma_form_saved (GTK_WINDOW (self), self->desk, self->record->subject->parent.id);
  return;

rollback:
  stroma_store_rollback (store);
failed:
  stroma_form_show_error (self->error_label, NULL, error);
  return;

invalid:
  stroma_form_show_error (self->error_label, bad, error);
}

static void
stroma_disposition_dialog_dispose (GObject *object)
{
  StromaDispositionDialog *self = STROMA_DISPOSITION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_DISPOSITION_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->record, stroma_subject_record_free);
  g_clear_pointer (&self->criterion_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (stroma_disposition_dialog_parent_class)->dispose (object);
}

static void
stroma_disposition_dialog_class_init (StromaDispositionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_disposition_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-disposition-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaDispositionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StromaDispositionDialog, main_group);
  gtk_widget_class_bind_template_child (widget_class, StromaDispositionDialog, event_row);
  gtk_widget_class_bind_template_child (widget_class, StromaDispositionDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, StromaDispositionDialog, criterion_row);
  gtk_widget_class_bind_template_child (widget_class, StromaDispositionDialog, detail_row);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
}

static void
stroma_disposition_dialog_init (StromaDispositionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_disposition_dialog_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_disposition_dialog_new (GtkWindow  *parent,
                               StromaDesk *desk,
                               gint64      subject_id)
{
  const StromaProtocol *protocol = stroma_desk_get_protocol (desk);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GtkStringList) event_labels = gtk_string_list_new (NULL);
  StromaDispositionDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_DISPOSITION_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    gtk_string_list_append (event_labels, _(events[i].label));
  adw_combo_row_set_model (self->event_row, G_LIST_MODEL (event_labels));

  self->criterion_ids = g_ptr_array_new ();
  for (guint i = 0; protocol->discontinuation != NULL && i < protocol->discontinuation->len; i++)
    {
      const StromaDiscontinuation *d = protocol->discontinuation->pdata[i];

      /* Translators: a criterion for leaving the study: "§4.5 Participant's voluntary
       * withdrawal." */
      g_ptr_array_add (labels, g_strdup_printf ("%s %s", d->source != NULL ? d->source : "",
                                                d->text));
      g_ptr_array_add (self->criterion_ids, d->id);
    }
  g_ptr_array_add (labels, g_strdup (_("None of the protocol’s criteria")));
  g_ptr_array_add (self->criterion_ids, NULL);
  g_ptr_array_add (labels, NULL);
  stroma_form_combo_set_ids (self->criterion_row, (const char * const *) labels->pdata);

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (desk), subject_id, &error);
  if (self->record == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return GTK_WINDOW (self);
    }

  {
    g_autofree char *title = g_strdup_printf (_("Disposition — %s"), self->record->subject->code);
    adw_preferences_group_set_title (self->main_group, title);
  }
  today = stroma_desk_today (desk);
  stroma_form_set_text (self->date_row, today);
  g_signal_connect_swapped (self->event_row, "notify::selected", G_CALLBACK (update_event), self);
  update_event (self);

  stroma_form_require_user (desk, STROMA_ACTION_ENTER_DATA, self->error_label);
  gtk_widget_grab_focus (GTK_WIDGET (self->event_row));

  return GTK_WINDOW (self);
}
