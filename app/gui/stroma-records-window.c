/* stroma-records-window.c — every record of a subject, its fields and its history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where any saved value is corrected: the subject's records (voided ones included, marked),
 * the fields of the one selected — each a click away from the correction dialog with its
 * history — and the subject's whole audit trail. Records are voided with a reason, never
 * deleted; allocations are neither corrected nor voided.
 */

#define G_LOG_DOMAIN "stroma-records-window"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-validate.h"
#include "stroma-audit-row.h"
#include "stroma-correction-dialog.h"
#include "stroma-form.h"
#include "stroma-records-window.h"
#include "stroma-window-desk.h"

struct _StromaRecordsWindow
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  GtkListBox           *record_list;
  AdwPreferencesGroup  *fields_group;
  GtkWidget            *void_button;
  GtkListBox           *field_list;
  GListStore           *history_store;

  /* Owned */
  StromaDesk           *desk;
  gint64                subject_id;
  GPtrArray            *records;        /* every record of the subject, voided included */
  gpointer              selected;       /* borrowed from records */
  gulong                changed_id;
};

G_DEFINE_FINAL_TYPE (StromaRecordsWindow, stroma_records_window, ADW_TYPE_WINDOW)

static char *
summary (gconstpointer record)
{
  const StromaRecord *r = record;

  switch (r->kind)
    {
    case STROMA_RECORD_SUBJECT:
      {
        const StromaSubject *s = record;
        return g_strdup_printf ("%s · %s", s->code, stroma_subject_status_label (s->status));
      }
    case STROMA_RECORD_CONSENT:
      return g_strdup (((const StromaConsent *) record)->consent_date);
    case STROMA_RECORD_ELIGIBILITY:
      {
        const StromaEligibility *e = record;
        return g_strdup_printf ("%s: %s", e->criterion_id, e->answer);
      }
    case STROMA_RECORD_ALLOCATION:
      return g_strdup (((const StromaAllocation *) record)->arm);
    case STROMA_RECORD_TRANSPLANT:
      return g_strdup_printf (_("day 0 %s"), ((const StromaTransplant *) record)->day0_date);
    case STROMA_RECORD_CONDITIONING_DOSE:
      {
        const StromaConditioningDose *d = record;
        return g_strdup_printf ("%s %s #%" G_GINT64_FORMAT " · %s", d->planned_date ? d->planned_date : "",
                                d->agent, d->dose_number, d->status);
      }
    case STROMA_RECORD_INFUSION:
      {
        const StromaInfusion *i = record;
        return g_strdup_printf ("#%" G_GINT64_FORMAT " · %s · %s", i->number, i->status,
                                i->given_at != NULL ? i->given_at : i->planned_date);
      }
    case STROMA_RECORD_LAB_RESULT:
      {
        const StromaLabResult *l = record;
        return g_strdup_printf ("%s %s %s %s", l->collected_on, l->test_code, l->orres,
                                l->orresu != NULL ? l->orresu : "");
      }
    case STROMA_RECORD_TRANSFUSION:
      {
        const StromaTransfusion *t = record;
        return g_strdup_printf ("%s %s × %g", t->given_on, t->product, t->units);
      }
    case STROMA_RECORD_MEDICATION:
      {
        const StromaMedication *m = record;
        return g_strdup_printf ("%s %s", m->start_date, m->agent);
      }
    case STROMA_RECORD_ADVERSE_EVENT:
      {
        const StromaAdverseEvent *a = record;
        return g_strdup_printf ("%s %s, grade %" G_GINT64_FORMAT, a->onset_date, a->term, a->grade);
      }
    case STROMA_RECORD_DISPOSITION:
      {
        const StromaDisposition *d = record;
        return g_strdup_printf ("%s %s", d->event_date, d->event);
      }
    case STROMA_RECORD_FOLLOW_UP:
      {
        const StromaFollowUp *f = record;
        return g_strdup_printf ("%s %s", f->event_date, f->kind);
      }
    case STROMA_N_RECORD_KINDS:
    default:
      return g_strdup ("");
    }
}

static void
on_field_activated (StromaRecordsWindow *self,
                    GtkListBoxRow       *row)
{
  const char *field = g_object_get_data (G_OBJECT (row), "field");

  gtk_window_present (stroma_records_window_correct (self, field));
}

static void
show_fields (StromaRecordsWindow *self)
{
  const StromaRecordInfo *info;
  GtkWidget *child;
  g_autofree char *title = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->field_list))) != NULL)
    gtk_list_box_remove (self->field_list, child);

  if (self->selected == NULL)
    {
      gtk_widget_set_sensitive (self->void_button, FALSE);
      return;
    }

  info = stroma_record_info (STROMA_RECORD (self->selected)->kind);
  title = g_strdup_printf ("%s #%" G_GINT64_FORMAT "%s", stroma_table_label (info->table),
                           STROMA_RECORD (self->selected)->id,
                           STROMA_RECORD (self->selected)->voided ? _(" (voided)") : "");
  adw_preferences_group_set_title (self->fields_group, title);
  gtk_widget_set_sensitive (self->void_button,
                            !STROMA_RECORD (self->selected)->voided &&
                            info->kind != STROMA_RECORD_ALLOCATION &&
                            info->kind != STROMA_RECORD_SUBJECT);

  for (guint i = 0; i < info->n_fields; i++)
    {
      const StromaFieldInfo *field = &info->fields[i];
      g_autofree char *value = stroma_field_format (self->selected, field);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name (stroma_field_is_correctable (info, field)
                                                      ? "document-edit-symbolic"
                                                      : "document-open-recent-symbolic");

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), stroma_field_label (field->name));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), *value != '\0' ? value : "—");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
      gtk_widget_set_tooltip_text (row, stroma_field_is_correctable (info, field)
                                        ? _("Correct this value, with a reason, and see its "
                                            "history")
                                        : _("See the history of this value"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "field", (gpointer) field->name);
      gtk_list_box_append (self->field_list, row);
    }
}

static void
on_record_selected (StromaRecordsWindow *self,
                    GtkListBoxRow       *row)
{
  self->selected = row != NULL ? g_object_get_data (G_OBJECT (row), "record") : NULL;
  show_fields (self);
}

static void
reload (StromaRecordsWindow *self)
{
  StromaStore *store = stroma_desk_get_store (self->desk);
  g_autoptr(GPtrArray) trail = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  StromaRecordKind kind = STROMA_N_RECORD_KINDS;
  gint64 selected_id = 0;
  GtkWidget *child;

  if (self->selected != NULL)
    {
      kind = STROMA_RECORD (self->selected)->kind;
      selected_id = STROMA_RECORD (self->selected)->id;
    }
  self->selected = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->record_list))) != NULL)
    gtk_list_box_remove (self->record_list, child);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  self->records = g_ptr_array_new_with_free_func (stroma_record_free);

  /* Every record, voided ones too: what was voided stays visible. */
  trail = stroma_store_list_audit (store, "subjects", self->subject_id, &error);
  if (trail == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      return;
    }

  for (guint i = 0; i < trail->len; i++)
    {
      const StromaAuditEntry *e = trail->pdata[i];
      const StromaRecordInfo *info;
      gpointer record;

      g_ptr_array_add (rows, stroma_audit_row_new (e));
      if (g_strcmp0 (e->action, "insert") != 0 ||
          (info = stroma_record_info_find (e->table_name)) == NULL)
        continue;

      record = stroma_store_load (store, info->kind, e->row_key, NULL);
      if (record != NULL)
        g_ptr_array_add (self->records, record);
    }

  g_list_store_splice (self->history_store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->history_store)),
                       rows->pdata, rows->len);

  for (guint i = 0; i < self->records->len; i++)
    {
      gpointer record = self->records->pdata[i];
      const StromaRecordInfo *info = stroma_record_info (STROMA_RECORD (record)->kind);
      g_autofree char *text = summary (record);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), stroma_table_label (info->table));
      if (STROMA_RECORD (record)->voided)
        {
          g_autofree char *subtitle = g_strdup_printf (_("%s · voided"),
                                                       stroma_table_label (info->table));

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
          gtk_widget_add_css_class (row, "dim-label");
        }
      g_object_set_data (G_OBJECT (row), "record", record);
      gtk_list_box_append (self->record_list, row);

      if (STROMA_RECORD (record)->kind == kind && STROMA_RECORD (record)->id == selected_id)
        gtk_list_box_select_row (self->record_list, GTK_LIST_BOX_ROW (row));
    }

  show_fields (self);
}

static void
on_trial_changed (StromaRecordsWindow *self,
                  gint64               subject_id)
{
  if (subject_id == 0 || subject_id == self->subject_id)
    reload (self);
}

/**
 * stroma_records_window_select:
 * @self: the window
 * @kind: a kind of record
 * @record_id: one of the subject's records
 *
 * Returns: %TRUE when the subject has the record, now selected
 */
gboolean
stroma_records_window_select (StromaRecordsWindow *self,
                              StromaRecordKind     kind,
                              gint64               record_id)
{
  g_return_val_if_fail (STROMA_IS_RECORDS_WINDOW (self), FALSE);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->record_list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      StromaRecord *record = g_object_get_data (G_OBJECT (row), "record");

      if (record != NULL && record->kind == kind && record->id == record_id)
        {
          gtk_list_box_select_row (self->record_list, GTK_LIST_BOX_ROW (row));
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * stroma_records_window_correct:
 * @self: the window
 * @field: a field of the selected record
 *
 * Returns: (transfer none): the correction dialog of that field, not yet shown
 */
GtkWindow *
stroma_records_window_correct (StromaRecordsWindow *self,
                               const char          *field)
{
  g_return_val_if_fail (STROMA_IS_RECORDS_WINDOW (self), NULL);
  g_return_val_if_fail (self->selected != NULL, NULL);

  return stroma_correction_dialog_new (GTK_WINDOW (self), self->desk,
                                       STROMA_RECORD (self->selected)->kind,
                                       STROMA_RECORD (self->selected)->id, field);
}

/**
 * stroma_records_window_void:
 * @self: the window
 * @reason: why the selected record is voided
 *
 * Returns: %TRUE when voided
 */
gboolean
stroma_records_window_void (StromaRecordsWindow *self,
                            const char          *reason)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *why = NULL;
  gpointer copy;
  StromaEditContext context;
  gboolean ok;

  g_return_val_if_fail (STROMA_IS_RECORDS_WINDOW (self), FALSE);

  if (self->selected == NULL)
    return FALSE;
  if (!stroma_validate_reason (reason, &why, &error))
    {
      stroma_form_show_error (self->error_label, NULL, error);
      return FALSE;
    }

  copy = stroma_record_copy (self->selected);
  context = stroma_desk_context (self->desk, why);
  ok = stroma_store_void (stroma_desk_get_store (self->desk), &context, copy, &error);
  stroma_record_free (copy);
  if (!ok)
    {
      /* Someone changed it meanwhile: show what is in the file now, then say so. */
      if (g_error_matches (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_STALE))
        reload (self);
      stroma_form_show_error (self->error_label, NULL, error);
      return FALSE;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    if (STROMA_IS_WINDOW (parent))
      stroma_window_desk_saved (STROMA_WINDOW (parent), self->subject_id);
    else
      stroma_desk_saved (self->desk, self->subject_id);
  }
  return TRUE;
}

static void
on_void_response (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  StromaRecordsWindow *self = user_data;

  if (g_strcmp0 (response, "void") == 0)
    stroma_records_window_void (self, gtk_editable_get_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog))));
}

static void
void_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaRecordsWindow *self = STROMA_RECORDS_WINDOW (widget);
  GtkWidget *dialog;
  GtkWidget *entry = gtk_entry_new ();

  if (self->selected == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Void This Record?"),
                                   _("A voided record leaves the charts and the counts, and stays "
                                     "in the trial file and its history with the reason."));
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason (required)"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"),
                                    "void", _("_Void"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "void",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "void");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_void_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

GListModel *
stroma_records_window_get_history (StromaRecordsWindow *self)
{
  g_return_val_if_fail (STROMA_IS_RECORDS_WINDOW (self), NULL);
  return G_LIST_MODEL (self->history_store);
}

static void
stroma_records_window_dispose (GObject *object)
{
  StromaRecordsWindow *self = STROMA_RECORDS_WINDOW (object);

  if (self->changed_id != 0 && self->desk != NULL && stroma_desk_get_trial (self->desk) != NULL)
    g_signal_handler_disconnect (stroma_desk_get_trial (self->desk), self->changed_id);
  self->changed_id = 0;
  if (self->record_list != NULL)
    g_signal_handlers_disconnect_by_data (self->record_list, self);
  if (self->field_list != NULL)
    g_signal_handlers_disconnect_by_data (self->field_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_RECORDS_WINDOW);
  g_clear_object (&self->desk);
  self->selected = NULL;
  g_clear_pointer (&self->records, g_ptr_array_unref);

  G_OBJECT_CLASS (stroma_records_window_parent_class)->dispose (object);
}

static void
stroma_records_window_class_init (StromaRecordsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_records_window_dispose;

  g_type_ensure (STROMA_TYPE_AUDIT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-records-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaRecordsWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, StromaRecordsWindow, record_list);
  gtk_widget_class_bind_template_child (widget_class, StromaRecordsWindow, fields_group);
  gtk_widget_class_bind_template_child (widget_class, StromaRecordsWindow, void_button);
  gtk_widget_class_bind_template_child (widget_class, StromaRecordsWindow, field_list);
  gtk_widget_class_bind_template_child (widget_class, StromaRecordsWindow, history_store);

  gtk_widget_class_install_action (widget_class, "records.void", NULL, void_action);
}

static void
stroma_records_window_init (StromaRecordsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->record_list, "row-selected", G_CALLBACK (on_record_selected),
                            self);
  g_signal_connect_swapped (self->field_list, "row-activated", G_CALLBACK (on_field_activated),
                            self);
}

/**
 * stroma_records_window_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Returns: (transfer none): the window, not yet shown
 */
GtkWindow *
stroma_records_window_new (GtkWindow  *parent,
                           StromaDesk *desk,
                           gint64      subject_id)
{
  StromaRecordsWindow *self;
  g_autoptr(StromaSubject) subject = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_RECORDS_WINDOW, NULL);
  self->desk = g_object_ref (desk);
  self->subject_id = subject_id;
  stroma_form_add_shortcuts (GTK_WINDOW (self));
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  subject = stroma_store_load (stroma_desk_get_store (desk), STROMA_RECORD_SUBJECT, subject_id,
                               NULL);
  if (subject != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Data and History — %s"), subject->code);
      gtk_window_set_title (GTK_WINDOW (self), title);
    }

  self->changed_id = g_signal_connect_swapped (stroma_desk_get_trial (desk), "changed",
                                               G_CALLBACK (on_trial_changed), self);
  reload (self);

  return GTK_WINDOW (self);
}
