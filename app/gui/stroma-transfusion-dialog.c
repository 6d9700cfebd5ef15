/* stroma-transfusion-dialog.c — record a blood transfusion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Red cells or platelets, how many units, on which day: what the endpoint rules read for
 * transfusion independence.
 */

#define G_LOG_DOMAIN "stroma-transfusion-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-validate.h"
#include "stroma-form.h"
#include "stroma-transfusion-dialog.h"

struct _StromaTransfusionDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  AdwPreferencesGroup  *main_group;
  AdwComboRow          *product_row;
  AdwEntryRow          *units_row;
  AdwEntryRow          *date_row;

  /* Owned */
  StromaDesk           *desk;
  StromaSubjectRecord  *record;
};

G_DEFINE_FINAL_TYPE (StromaTransfusionDialog, stroma_transfusion_dialog, ADW_TYPE_WINDOW)

static const char * const product_ids[] = { "RBC", "PLT", NULL };

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaTransfusionDialog *self = STROMA_TRANSFUSION_DIALOG (widget);
  g_autoptr(StromaTransfusion) t = stroma_record_new (STROMA_RECORD_TRANSFUSION);
  g_autofree char *today = stroma_desk_today (self->desk);
  const char *consent = self->record->consent != NULL ? self->record->consent->consent_date : NULL;
  StromaDateRule rule = { _("Date given"), today, 0, consent, _("the consent date"), FALSE };
  StromaEditContext context = stroma_desk_context (self->desk, NULL);
  g_autoptr(GError) error = NULL;

  stroma_form_clear_error (self->error_label, self->units_row, self->date_row, NULL);

  t->parent.subject_id = self->record->subject->parent.id;
  t->product = g_strdup (stroma_form_combo_id (self->product_row, product_ids));
  if (!stroma_validate_transfusion_units (stroma_form_text (self->units_row), &t->units, &error))
    {
      stroma_form_show_error (self->error_label, self->units_row, error);
      return;
    }
  if (!stroma_validate_date (stroma_form_text (self->date_row), &rule, &t->given_on, &error))
    {
      stroma_form_show_error (self->error_label, self->date_row, error);
      return;
    }

  if (!stroma_store_save (stroma_desk_get_store (self->desk), &context, t, &error))
    {
      stroma_form_show_error (self->error_label, NULL, error);
      return;
    }

  stroma_form_saved (GTK_WINDOW (self), self->desk, t->parent.subject_id);
}

static void
stroma_transfusion_dialog_dispose (GObject *object)
{
  StromaTransfusionDialog *self = STROMA_TRANSFUSION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_TRANSFUSION_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->record, stroma_subject_record_free);

  G_OBJECT_CLASS (stroma_transfusion_dialog_parent_class)->dispose (object);
}

static void
stroma_transfusion_dialog_class_init (StromaTransfusionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_transfusion_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-transfusion-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaTransfusionDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StromaTransfusionDialog, main_group);
  gtk_widget_class_bind_template_child (widget_class, StromaTransfusionDialog, product_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransfusionDialog, units_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransfusionDialog, date_row);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
}

static void
stroma_transfusion_dialog_init (StromaTransfusionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_transfusion_dialog_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_transfusion_dialog_new (GtkWindow  *parent,
                               StromaDesk *desk,
                               gint64      subject_id)
{
  static const char * const labels[] = { N_("Red blood cells"), N_("Platelets"), NULL };
  const char *translated[G_N_ELEMENTS (labels)];
  StromaTransfusionDialog *self;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_TRANSFUSION_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);
  stroma_form_combo_set_ids (self->product_row, stroma_form_translate (labels, translated));

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (desk), subject_id, &error);
  if (self->record == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return GTK_WINDOW (self);
    }

  {
    g_autofree char *title = g_strdup_printf (_("Transfusion — %s"), self->record->subject->code);
    adw_preferences_group_set_title (self->main_group, title);
  }
  today = stroma_desk_today (desk);
  stroma_form_set_text (self->units_row, "1");
  stroma_form_set_text (self->date_row, today);
  stroma_form_require_user (desk, STROMA_ACTION_ENTER_DATA, self->error_label);
  gtk_widget_grab_focus (GTK_WIDGET (self->product_row));

  return GTK_WINDOW (self);
}
