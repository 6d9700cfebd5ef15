/* stroma-transplant-dialog.c — day 0, the graft, and the start of study treatment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The transplant record (day 0, donor type, graft source and doses, ABO and HLA match) and the
 * subject's dates of poor graft function and treatment start. A trial without transplant
 * (msc-crc) shows the treatment start alone. Changing a saved value takes a reason.
 */

#define G_LOG_DOMAIN "stroma-transplant-dialog"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <glib/gi18n.h>

#include "core/stroma-validate.h"
#include "stroma-form.h"
#include "stroma-transplant-dialog.h"
#include "stroma-window-desk.h"

struct _StromaTransplantDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  GtkLabel             *error_label;
  AdwPreferencesGroup  *transplant_group;
  AdwPreferencesGroup  *treatment_group;
  AdwPreferencesGroup  *reason_group;
  AdwEntryRow          *day0_row;
  AdwComboRow          *donor_row;
  AdwComboRow          *graft_row;
  AdwEntryRow          *cd34_row;
  AdwEntryRow          *mnc_row;
  AdwComboRow          *abo_row;
  AdwEntryRow          *hla_row;
  AdwEntryRow          *pgf_row;
  AdwEntryRow          *start_row;
  AdwEntryRow          *reason_row;

  /* Owned */
  StromaDesk           *desk;
  StromaSubjectRecord  *record;
  GPtrArray            *donor_ids;
  gboolean              has_transplant;   /* the protocol conditions and transplants */
};

G_DEFINE_FINAL_TYPE (StromaTransplantDialog, stroma_transplant_dialog, ADW_TYPE_WINDOW)

static const char * const graft_ids[] = { "", "PBSC", "BM", "PBSC+BM", "cord", NULL };
static const char * const abo_ids[] = { "", "match", "minor", "major", "bidirectional", NULL };

/* Reads the form; with @check_reason, a change of a saved value needs the reason row. */
static gboolean
read_form (StromaTransplantDialog  *self,
           StromaTransplant        *t,
           StromaSubject           *s,
           GtkWidget              **bad,
           GError                 **error)
{
  g_autofree char *today = stroma_desk_today (self->desk);
  const char *consent = self->record->consent != NULL ? self->record->consent->consent_date : NULL;
  const char *text;

#define CHECK(call, widget) G_STMT_START { if (!(call)) { *bad = GTK_WIDGET (widget); return FALSE; } } G_STMT_END

  if (self->has_transplant && *stroma_form_text (self->day0_row) != '\0')
    {
      StromaDateRule day0 = { _("Day 0"), today, 60, consent, _("the consent date"), FALSE };
      double v;

      g_clear_pointer (&t->day0_date, g_free);
      CHECK (stroma_validate_date (stroma_form_text (self->day0_row), &day0, &t->day0_date, error),
             self->day0_row);
      g_free (t->donor_type);
      t->donor_type = g_strdup (stroma_form_combo_id (self->donor_row,
                                                      (const char * const *) self->donor_ids->pdata));
      if (t->donor_type != NULL && *t->donor_type == '\0')
        g_clear_pointer (&t->donor_type, g_free);
      g_free (t->graft_source);
      t->graft_source = g_strdup (stroma_form_combo_id (self->graft_row, graft_ids));
      if (t->graft_source != NULL && *t->graft_source == '\0')
        g_clear_pointer (&t->graft_source, g_free);
      CHECK (stroma_validate_optional_number (stroma_form_text (self->cd34_row),
                                              _("CD34⁺ cells (×10⁶/kg)"), 0.01, 99, &v, error),
             self->cd34_row);
      t->cd34_per_kg = v;
      CHECK (stroma_validate_optional_number (stroma_form_text (self->mnc_row),
                                              _("Mononuclear cells (×10⁸/kg)"), 0.01, 99, &v,
                                              error), self->mnc_row);
      t->mnc_per_kg = v;
      g_free (t->abo_match);
      t->abo_match = g_strdup (stroma_form_combo_id (self->abo_row, abo_ids));
      if (t->abo_match != NULL && *t->abo_match == '\0')
        g_clear_pointer (&t->abo_match, g_free);

      text = stroma_form_text (self->hla_row);
      g_clear_pointer (&t->hla_match, g_free);
      if (*text != '\0')
        {
          guint a = 0, b = 0;
          char extra;

          if (sscanf (text, "%u/%u%c", &a, &b, &extra) != 2 || a > b || b == 0 || b > 12)
            {
              g_set_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FORMAT,
                           _("HLA match: “%s” is not matched/typed loci, e.g. 5/10."), text);
              *bad = GTK_WIDGET (self->hla_row);
              return FALSE;
            }
          t->hla_match = g_strdup_printf ("%u/%u", a, b);
        }
    }

  if (gtk_widget_get_visible (GTK_WIDGET (self->pgf_row)) && *stroma_form_text (self->pgf_row) != '\0')
    {
      StromaDateRule pgf = { _("Poor graft function diagnosed"), today, 0,
                             t->day0_date, _("day 0"), TRUE };

      g_clear_pointer (&s->pgf_onset_date, g_free);
      CHECK (stroma_validate_date (stroma_form_text (self->pgf_row), &pgf, &s->pgf_onset_date,
                                   error), self->pgf_row);
    }

  if (*stroma_form_text (self->start_row) != '\0')
    {
      const char *after = s->pgf_onset_date != NULL ? s->pgf_onset_date
                          : t->day0_date != NULL ? t->day0_date : consent;
      StromaDateRule start = { _("Treatment start"), today, 14, after,
                               s->pgf_onset_date != NULL ? _("the diagnosis of poor graft function")
                               : t->day0_date != NULL ? _("day 0") : _("the consent date"),
                               FALSE };

      g_clear_pointer (&s->treatment_start, g_free);
      CHECK (stroma_validate_date (stroma_form_text (self->start_row), &start,
                                   &s->treatment_start, error), self->start_row);
    }

#undef CHECK
  return TRUE;
}

static gboolean
same_string (const char *a,
             const char *b)
{
  return g_strcmp0 (a, b) == 0;
}

static gboolean
same_double (double a,
             double b)
{
  return (isnan (a) && isnan (b)) || fabs (a - b) < 1e-9;
}

static gboolean
transplant_differs (const StromaTransplant *old,
                    const StromaTransplant *t)
{
  return !same_string (old->day0_date, t->day0_date) ||
         !same_string (old->donor_type, t->donor_type) ||
         !same_string (old->graft_source, t->graft_source) ||
         !same_double (old->cd34_per_kg, t->cd34_per_kg) ||
         !same_double (old->mnc_per_kg, t->mnc_per_kg) ||
         !same_string (old->abo_match, t->abo_match) || !same_string (old->hla_match, t->hla_match);
}

/* Does the form change a value already saved? */
static gboolean
changes_saved (StromaTransplantDialog *self,
               const StromaTransplant *t,
               const StromaSubject    *s)
{
  const StromaTransplant *old = self->record->transplant;
  const StromaSubject *subject = self->record->subject;

  if (old != NULL && transplant_differs (old, t))
    return TRUE;

  return (subject->treatment_start != NULL && !same_string (subject->treatment_start,
                                                            s->treatment_start)) ||
         (subject->pgf_onset_date != NULL && !same_string (subject->pgf_onset_date,
                                                           s->pgf_onset_date));
}

static void
on_changed (StromaTransplantDialog *self)
{
  g_autoptr(StromaTransplant) t = self->record->transplant != NULL
                                  ? stroma_record_copy (self->record->transplant)
                                  : stroma_record_new (STROMA_RECORD_TRANSPLANT);
  g_autoptr(StromaSubject) s = stroma_record_copy (self->record->subject);
  GtkWidget *bad = NULL;

  if (read_form (self, t, s, &bad, NULL))
    gtk_widget_set_visible (GTK_WIDGET (self->reason_group), changes_saved (self, t, s));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  StromaTransplantDialog *self = STROMA_TRANSPLANT_DIALOG (widget);
  StromaStore *store = stroma_desk_get_store (self->desk);
  g_autoptr(StromaTransplant) t = self->record->transplant != NULL
                                  ? stroma_record_copy (self->record->transplant)
                                  : stroma_record_new (STROMA_RECORD_TRANSPLANT);
  g_autoptr(StromaSubject) s = stroma_record_copy (self->record->subject);
  const StromaSubject *old = self->record->subject;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  GtkWidget *bad = NULL;
  StromaEditContext context;
  gboolean subject_changed, transplant_changed;

  stroma_form_clear_error (self->error_label, self->day0_row, self->cd34_row, self->mnc_row,
                           self->hla_row, self->pgf_row, self->start_row, self->reason_row, NULL);

  if (!read_form (self, t, s, &bad, &error))
    {
      stroma_form_show_error (self->error_label, bad, error);
      return;
    }

  if (changes_saved (self, t, s) &&
      !stroma_validate_reason (stroma_form_text (self->reason_row), &reason, &error))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->reason_group), TRUE);
      stroma_form_show_error (self->error_label, self->reason_row, error);
      return;
    }

  transplant_changed = self->has_transplant && t->day0_date != NULL &&
                       (self->record->transplant == NULL ||
                        transplant_differs (self->record->transplant, t));
  subject_changed = !same_string (old->treatment_start, s->treatment_start) ||
                    !same_string (old->pgf_onset_date, s->pgf_onset_date);

  if (s->treatment_start != NULL &&
      (g_strcmp0 (s->status, "randomized") == 0 || g_strcmp0 (s->status, "enrolled") == 0))
    {
      g_free (s->status);
      s->status = g_strdup ("on-treatment");
      subject_changed = TRUE;
    }

  context = stroma_desk_context (self->desk, reason != NULL ? reason
                                             /* Translators: audit reason of a first entry of
                                              * dates on the subject's record */
                                             : _("treatment dates entered"));
  if (!stroma_store_begin (store, &context, &error))
    goto failed;

  if (transplant_changed)
    {
      StromaEditContext first = stroma_desk_context (self->desk, NULL);

      t->parent.subject_id = old->parent.id;
      if (!stroma_store_save (store, t->parent.id == 0 ? &first : NULL, t, &error))
        goto rollback;
    }

  if (subject_changed && !stroma_store_save (store, NULL, s, &error))
    goto rollback;

  if (!stroma_store_commit (store, &error))
    goto failed;

  {
    GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

    if (STROMA_IS_WINDOW (parent))
      stroma_window_desk_saved (STROMA_WINDOW (parent), old->parent.id);
    else
      stroma_desk_saved (self->desk, old->parent.id);
  }
  gtk_window_close (GTK_WINDOW (self));
  return;

rollback:
  stroma_store_rollback (store);
failed:
  stroma_form_show_error (self->error_label, NULL, error);
}

static void
stroma_transplant_dialog_dispose (GObject *object)
{
  StromaTransplantDialog *self = STROMA_TRANSPLANT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_TRANSPLANT_DIALOG);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->record, stroma_subject_record_free);
  g_clear_pointer (&self->donor_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (stroma_transplant_dialog_parent_class)->dispose (object);
}

static void
stroma_transplant_dialog_class_init (StromaTransplantDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_transplant_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-transplant-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, transplant_group);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, treatment_group);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, reason_group);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, day0_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, donor_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, graft_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, cd34_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, mnc_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, abo_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, hla_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, pgf_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, start_row);
  gtk_widget_class_bind_template_child (widget_class, StromaTransplantDialog, reason_row);

  gtk_widget_class_install_action (widget_class, "dialog.save", NULL, save_action);
}

static void
stroma_transplant_dialog_init (StromaTransplantDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * stroma_transplant_dialog_new:
 * @parent: the trial window
 * @desk: its desk
 * @subject_id: the subject
 *
 * Returns: (transfer none): the dialog, not yet shown
 */
GtkWindow *
stroma_transplant_dialog_new (GtkWindow  *parent,
                              StromaDesk *desk,
                              gint64      subject_id)
{
  static const char * const graft_labels[] = {
    N_("Not known yet"), N_("Peripheral blood (PBSC)"), N_("Bone marrow"),
    N_("Peripheral blood and bone marrow"), N_("Cord blood"), NULL
  };
  static const char * const abo_labels[] = {
    N_("Not known yet"), N_("Matched"), N_("Minor mismatch"), N_("Major mismatch"),
    N_("Bidirectional mismatch"), NULL
  };
  const char *graft[G_N_ELEMENTS (graft_labels)];
  const char *abo[G_N_ELEMENTS (abo_labels)];
  StromaTransplantDialog *self;
  const StromaProtocol *protocol;
  g_autoptr(GPtrArray) donors = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  AdwEntryRow *entries[8];

  g_return_val_if_fail (STROMA_IS_DESK (desk), NULL);

  self = g_object_new (STROMA_TYPE_TRANSPLANT_DIALOG, NULL);
  self->desk = g_object_ref (desk);
  stroma_form_init (GTK_WINDOW (self), parent);
  protocol = stroma_desk_get_protocol (desk);

  self->record = stroma_trial_load_subject (stroma_desk_get_trial (desk), subject_id, &error);
  if (self->record == NULL)
    {
      stroma_form_show_error (self->error_label, NULL, error);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "dialog.save", FALSE);
      return GTK_WINDOW (self);
    }

  for (guint i = 0; i < G_N_ELEMENTS (graft_labels); i++)
    graft[i] = graft_labels[i] != NULL ? _(graft_labels[i]) : NULL;
  for (guint i = 0; i < G_N_ELEMENTS (abo_labels); i++)
    abo[i] = abo_labels[i] != NULL ? _(abo_labels[i]) : NULL;
  stroma_form_combo_set_ids (self->graft_row, graft);
  stroma_form_combo_set_ids (self->abo_row, abo);

  self->donor_ids = g_ptr_array_new ();
  g_ptr_array_add (donors, (gpointer) _("Not known yet"));
  g_ptr_array_add (self->donor_ids, (gpointer) "");
  for (guint i = 0; protocol->strata != NULL && protocol->strata[i] != NULL; i++)
    {
      g_ptr_array_add (donors, protocol->strata_labels[i]);
      g_ptr_array_add (self->donor_ids, protocol->strata[i]);
    }
  g_ptr_array_add (donors, NULL);
  g_ptr_array_add (self->donor_ids, NULL);
  stroma_form_combo_set_ids (self->donor_row, (const char * const *) donors->pdata);

  self->has_transplant = protocol->regimens != NULL && protocol->regimens->len > 0;
  gtk_widget_set_visible (GTK_WIDGET (self->transplant_group), self->has_transplant);
  gtk_widget_set_visible (GTK_WIDGET (self->pgf_row), self->has_transplant);
  if (!self->has_transplant)
    gtk_window_set_title (GTK_WINDOW (self), _("Treatment Start"));

  if (self->record->transplant != NULL)
    {
      const StromaTransplant *t = self->record->transplant;

      stroma_form_set_text (self->day0_row, t->day0_date);
      stroma_form_combo_select (self->donor_row, (const char * const *) self->donor_ids->pdata,
                                t->donor_type);
      stroma_form_combo_select (self->graft_row, graft_ids, t->graft_source);
      stroma_form_set_double (self->cd34_row, t->cd34_per_kg, 2);
      stroma_form_set_double (self->mnc_row, t->mnc_per_kg, 2);
      stroma_form_combo_select (self->abo_row, abo_ids, t->abo_match);
      stroma_form_set_text (self->hla_row, t->hla_match);
    }
  else
    stroma_form_combo_select (self->donor_row, (const char * const *) self->donor_ids->pdata,
                              self->record->subject->donor_type);

  stroma_form_set_text (self->pgf_row, self->record->subject->pgf_onset_date);
  stroma_form_set_text (self->start_row, self->record->subject->treatment_start);

  title = g_strdup_printf ("%s — %s", gtk_window_get_title (GTK_WINDOW (self)),
                           self->record->subject->code);
  gtk_window_set_title (GTK_WINDOW (self), title);

  entries[0] = self->day0_row;
  entries[1] = self->cd34_row;
  entries[2] = self->mnc_row;
  entries[3] = self->hla_row;
  entries[4] = self->pgf_row;
  entries[5] = self->start_row;
  entries[6] = NULL;
  for (guint i = 0; entries[i] != NULL; i++)
    g_signal_connect_swapped (entries[i], "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->donor_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->graft_row, "notify::selected", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->abo_row, "notify::selected", G_CALLBACK (on_changed), self);

  stroma_form_require_user (desk, STROMA_ACTION_ENTER_DATA, self->error_label);
  gtk_widget_grab_focus (GTK_WIDGET (self->has_transplant ? self->day0_row : self->start_row));

  return GTK_WINDOW (self);
}
