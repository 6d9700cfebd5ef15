/* stroma-correction-dialog.c — correct one saved value, with a reason, beside its history
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any field of any clinical record, through the records' field tables: the saved value, the
 * corrected one (checked by the same validators as the forms), a reason that is required, and
 * the field's whole history from the audit trail. The record is read when the dialog opens and
 * saved with that revision, so a correction made meanwhile by someone else is refused with who
 * and when (RELIABILITY DI-5) instead of being overwritten.
 */

#define G_LOG_DOMAIN "stroma-correction-dialog"

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "core/stroma-dosing.h"
#include "core/stroma-validate.h"
#include "stroma-audit-row.h"
#include "stroma-correction-dialog.h"
#include "stroma-form.h"
#include "stroma-window-desk.h"

struct _StromaCorrectionDialog
{
  AdwWindow               parent_instance;

  /* Template widgets */
  GtkLabel               *error_label;
  AdwPreferencesGroup    *value_group;
  AdwActionRow           *current_row;
  AdwEntryRow            *value_row;
  AdwEntryRow            *reason_row;
  GListStore             *history_store;

  /* Owned */
  StromaDesk             *desk;
  gpointer                record;
  const StromaRecordInfo *info;
  const StromaFieldInfo  *field;
};

G_DEFINE_FINAL_TYPE (StromaCorrectionDialog, stroma_correction_dialog, ADW_TYPE_WINDOW)

static gboolean
is_date_field (const char *name)
{
  return g_str_has_suffix (name, "_date") || g_str_equal (name, "collected_on") ||
         g_str_equal (name, "given_on") || g_str_equal (name, "assessed_on") ||
         g_str_equal (name, "treatment_start");
}

/**
 * stroma_field_is_correctable:
 * @info: a kind of record
 * @field: one of its fields
 *
 * Returns: %FALSE for what is never corrected by hand: allocations, values derived from other
 *   fields, statuses, and the marks of generated data
 */
gboolean
stroma_field_is_correctable (const StromaRecordInfo *info,
                             const StromaFieldInfo  *field)
{
  static const char * const fixed[] = {
    "stresn", "stresu", "synthetic", "source", "status", NULL
  };

  if (info->kind == STROMA_RECORD_ALLOCATION)
    return FALSE;
  /* Statuses move with the forms that change them (randomization, an infusion, a dose). */
  return !g_strv_contains (fixed, field->name);
}

/**
 * stroma_field_format:
 * @record: a record
 * @field: one of its fields
 *
 * Returns: (transfer full): the value as the forms show it; "" when not set
 */
char *
stroma_field_format (gconstpointer          record,
                     const StromaFieldInfo *field)
{
  const guint8 *p = (const guint8 *) record + field->offset;

  if (!stroma_record_field_is_set (record, field))
    return g_strdup ("");

  switch (field->type)
    {
    case STROMA_FIELD_STRING:
      return g_strdup (*(char * const *) p);
    case STROMA_FIELD_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, *(const gint64 *) p);
    case STROMA_FIELD_DOUBLE:
      return g_strdup_printf ("%.12g", *(const double *) p);
    case STROMA_FIELD_BOOL:
      return g_strdup (*(const gboolean *) p ? _("yes") : _("no"));
    default:
      g_assert_not_reached ();
    }
}

/**
 * stroma_field_parse:
 * @field: a field
 * @record: the record to set it on
 * @text: the value as typed; empty clears an optional field
 * @today: ISO date of today, for date fields
 * @error: a #GError
 *
 * Reads a corrected value with the validator the forms use for that field (dates, initials,
 * weight, height, KPS, ECOG, cells, lot, time); other fields by their type. The trial file's
 * constraints check what is left.
 *
 * Returns: %TRUE when the value was read and set
 */
gboolean
stroma_field_parse (const StromaFieldInfo  *field,
                    gpointer                record,
                    const char             *text,
                    const char             *today,
                    GError                **error)
{
  guint8 *p = (guint8 *) record + field->offset;
  g_autofree char *t = g_strstrip (g_strdup (text != NULL ? text : ""));
  const char *label = stroma_field_label (field->name);

  switch (field->type)
    {
    case STROMA_FIELD_STRING:
      {
        char *value = NULL;

        if (*t == '\0')
          ;
        else if (g_str_equal (field->name, "initials"))
          {
            if (!stroma_validate_initials (t, &value, error))
              return FALSE;
          }
        else if (g_str_equal (field->name, "sex"))
          {
            if (!stroma_validate_sex (t, &value, error))
              return FALSE;
          }
        else if (g_str_equal (field->name, "birth_date"))
          {
            if (!stroma_validate_birth_date (t, today, &value, error))
              return FALSE;
          }
        else if (is_date_field (field->name))
          {
            guint ahead = g_str_equal (field->name, "planned_date") ? 120
                          : g_str_equal (field->name, "day0_date") ? 60
                          : g_str_equal (field->name, "treatment_start") ? 14 : 0;
            StromaDateRule rule = { label, today, ahead, NULL, NULL, FALSE };

            if (!stroma_validate_date (t, &rule, &value, error))
              return FALSE;
          }
        else if (g_str_equal (field->name, "planned_time"))
          {
            if (!stroma_validate_time (t, &value, error))
              return FALSE;
          }
        else if (g_str_equal (field->name, "lot") || g_str_equal (field->name, "bag"))
          {
            if (!stroma_validate_lot (t, label, &value, error))
              return FALSE;
          }
        else if (g_str_equal (field->name, "given_at"))
          {
            g_autoptr(GTimeZone) local = g_time_zone_new_local ();
            g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (t, local);
            g_autoptr(GDateTime) utc = NULL;

            if (dt == NULL)
              {
                g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                             _("%s: “%s” is not a date and time; write it as "
                               "YYYY-MM-DDTHH:MM:SSZ."), label, t);
                return FALSE;
              }
            utc = g_date_time_to_utc (dt);
            value = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
          }
        else
          value = g_steal_pointer (&t);

        g_free (*(char **) p);
        *(char **) p = value;
        return TRUE;
      }

    case STROMA_FIELD_DOUBLE:
      {
        double v = NAN;
        gboolean ok;

        if (*t == '\0')
          ok = TRUE;
        else if (g_str_equal (field->name, "weight_kg"))
          ok = stroma_validate_weight (t, &v, error);
        else if (g_str_equal (field->name, "height_cm"))
          ok = stroma_validate_height (t, &v, error);
        else if (g_str_equal (field->name, "total_cells"))
          ok = stroma_validate_cells (t, &v, error);
        else
          ok = stroma_validate_number (t, label, -1e15, 1e15, &v, error);
        if (ok)
          *(double *) p = v;
        return ok;
      }

    case STROMA_FIELD_INT:
      {
        gint64 v = STROMA_NO_INT;
        gboolean ok = TRUE;

        if (*t == '\0')
          ;
        else if (g_str_equal (field->name, "kps"))
          ok = stroma_validate_kps (t, &v, error);
        else if (g_str_equal (field->name, "ecog"))
          ok = stroma_validate_ecog (t, &v, error);
        else if (!g_ascii_string_to_signed (t, 10, -100000, 100000, &v, NULL))
          {
            g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                         _("%s: “%s” is not a whole number."), label, t);
            ok = FALSE;
          }
        if (ok)
          *(gint64 *) p = v;
        return ok;
      }

    case STROMA_FIELD_BOOL:
      if (g_ascii_strcasecmp (t, "yes") == 0 || g_str_equal (t, "1") ||
          g_ascii_strcasecmp (t, "true") == 0 || g_strcmp0 (t, _("yes")) == 0)
        *(gboolean *) p = TRUE;
      else if (g_ascii_strcasecmp (t, "no") == 0 || g_str_equal (t, "0") ||
               g_ascii_strcasecmp (t, "false") == 0 || g_strcmp0 (t, _("no")) == 0)
        *(gboolean *) p = FALSE;
      else
        {
          g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                       _("%s: answer yes or no."), label);
          return FALSE;
        }
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static void
load_history (StromaCorrectionDialog *self)
{
  g_autoptr(GPtrArray) trail = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  trail = stroma_store_list_audit (stroma_desk_get_store (self->desk), self->info->table,
                                   STROMA_RECORD (self->record)->id, &error);
  if (trail == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      return;
    }

  for (guint i = 0; i < trail->len; i++)
    {
      const StromaAuditEntry *e = trail->pdata[i];

      if (g_strcmp0 (e->action, "insert") == 0 || g_strcmp0 (e->column_name, self->field->name) == 0 ||
          g_strcmp0 (e->column_name, "voided") == 0)
        g_ptr_array_add (rows, stroma_audit_row_new_for_field (e, self->field->name));
    }

  g_list_store_splice (self->history_store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->history_store)),
                       rows->pdata, rows->len);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaCorrectionDialog *self = STROMA_CORRECTION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *today = stroma_desk_today (self->desk);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gpointer copy;
  StromaEditContext context;

  stroma_form_clear_error (self->error_label, self->value_row, self->reason_row, NULL);

  copy = stroma_record_copy (self->record);
  if (!stroma_field_parse (self->field, copy, stroma_form_text (self->value_row), today, &error))
    {
      stroma_record_free (copy);
      stroma_form_show_error (self->error_label, self->value_row, error);
      return;
    }

  /* A laboratory value is stored as entered and in its standard unit: both move together. */
  if (self->info->kind == STROMA_RECORD_LAB_RESULT && g_str_equal (self->field->name, "orres"))
    {
      StromaLabResult *lab = copy;

      if (!stroma_lab_value_parse (lab->test_code, lab->orres, lab->orresu, &lab->stresn, NULL,
                                   &error))
        {
          stroma_record_free (copy);
          stroma_form_show_error (self->error_label, self->value_row, error);
          return;
        }
    }

  before = stroma_field_format (self->record, self->field);
  after = stroma_field_format (copy, self->field);
  if (g_strcmp0 (before, after) == 0)
    {
      stroma_record_free (copy);
      g_set_error (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                   _("%s: the corrected value is the saved value."),
                   stroma_field_label (self->field->name));
      stroma_form_show_error (self->error_label, self->value_row, error);
      return;
    }

  if (!stroma_validate_reason (stroma_form_text (self->reason_row), &reason, &error))
    {
      stroma_record_free (copy);
      stroma_form_show_error (self->error_label, self->reason_row, error);
      return;
    }

  context = stroma_desk_context (self->desk, reason);
  if (!stroma_store_save (stroma_desk_get_store (self->desk), &context, copy, &error))
    {
      stroma_record_free (copy);
      stroma_form_show_error (self->error_label, NULL, error);
      return;
    }

  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
    gint64 subject = STROMA_RECORD (copy)->subject_id;

    while (parent != NULL && !STROMA_IS_WINDOW (parent))
      parent = gtk_window_get_transient_for (parent);
    if (parent != NULL)
      stroma_window_desk_saved (STROMA_WINDOW (parent), subject);
    else
      stroma_desk_saved (self->desk, subject);
  }

  stroma_record_free (copy);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * stroma_correction_dialog_get_history:
 * @self: the dialog
 *
 * Returns: (transfer none): the field's history, as #StromaAuditRow, oldest first
 */
GListModel *
stroma_correction_dialog_get_history (StromaCorrectionDialog *self)
{
  g_return_val_if_fail (STROMA_IS_CORRECTION_DIALOG (self), NULL);
  return G_LIST_MODEL (self->history_store);
}

static void
stroma_correction_dialog_dispose (GObject *object)
{
  StromaCorrectionDialog *self = STROMA_CORRECTION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_CORRECTION_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->record, stroma_record_free);

  G_OBJECT_CLASS (stroma_correction_dialog_parent_class)->dispose (object);
}

static void
stroma_correction_dialog_class_init (StromaCorrectionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_correction_dialog_dispose;

  g_type_ensure (STROMA_TYPE_AUDIT_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-correction-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaCorrectionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StromaCorrectionDialog, value_group);
  gtk_widget_class_bind_template_child (widget_class, StromaCorrectionDialog, current_row);
  gtk_widget_class_bind_template_child (widget_class, StromaCorrectionDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, StromaCorrectionDialog, reason_row);
  gtk_widget_class_bind_template_child (widget_class, StromaCorrectionDialog, history_store);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
}

static void
stroma_correction_dialog_init (StromaCorrectionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_correction_dialog_new:
 * @parent: the window it belongs to
 * @desk: the trial window's desk
 * @kind: the kind of record
 * @record_id: the record
 * @field: the field to correct, a column of the record's table
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_correction_dialog_new (GtkWindow        *parent,
                              StromaDesk       *desk,
                              StromaRecordKind  kind,
                              gint64            record_id,
                              const char       *field)
{
  StromaCorrectionDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *title = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_CORRECTION_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  self->info = stroma_record_info (kind);
  stroma_form_init (GTK_WINDOW (self), parent);

  for (guint i = 0; i < self->info->n_fields; i++)
    if (g_strcmp0 (self->info->fields[i].name, field) == 0)
      self->field = &self->info->fields[i];

  self->record = stroma_store_load (stroma_desk_get_store (desk), kind, record_id, &error);
  if (self->record == NULL || self->field == NULL)
    {
      if (error == NULL)
        g_set_error (&error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                     _("%s has no field “%s”."), stroma_table_label (self->info->table), field);
      stroma_form_show_error (self->error_label, NULL, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return GTK_WINDOW (self);
    }

  value = stroma_field_format (self->record, self->field);
  /* Translators: "Laboratory value #812 · Value as entered" */
  title = g_strdup_printf (_("%s #%lld · %s"), stroma_table_label (self->info->table),
                           (long long) record_id, stroma_field_label (self->field->name));
  adw_preferences_group_set_title (self->value_group, title);
  adw_action_row_set_subtitle (self->current_row, *value != '\0' ? value : "—");
  stroma_form_set_text (self->value_row, value);
  load_history (self);

  if (!stroma_field_is_correctable (self->info, self->field) || STROMA_RECORD (self->record)->voided)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->value_row), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->reason_row), FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      gtk_window_set_title (GTK_WINDOW (self), _("History of a Value"));
    }
  else if (stroma_form_require_user (desk, STROMA_ACTION_CORRECT_DATA, self->error_label))
    gtk_widget_grab_focus (GTK_WIDGET (self->value_row));

  return GTK_WINDOW (self);
}
