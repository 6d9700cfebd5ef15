/* stroma-window-desk.c — the coordinator's desk in the trial window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window's data-entry actions, one per form, each on the subject selected in the list
 * (or, from the agenda, on the dose a row names), with a keyboard shortcut each and the
 * "Subject" menu in the header bar. Who is signed in lives in a StromaDesk kept with the
 * window; the window's own file only calls in here, so that the desk and the investigator's
 * views grow apart without stepping on each other.
 */

#define G_LOG_DOMAIN "stroma-window-desk"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-adverse-event-dialog.h"
#include "stroma-agenda-view.h"
#include "stroma-disposition-dialog.h"
#include "stroma-enrol-dialog.h"
#include "stroma-infusion-dialog.h"
#include "stroma-lab-grid.h"
#include "stroma-medication-dialog.h"
#include "stroma-randomize-dialog.h"
#include "stroma-records-window.h"
#include "stroma-regimen-window.h"
#include "stroma-sign-in-dialog.h"
#include "stroma-subject-item.h"
#include "stroma-transfusion-dialog.h"
#include "stroma-transplant-dialog.h"
#include "stroma-window-desk.h"

static GQuark desk_quark;

/* Actions that work on the selected subject */
static const char * const subject_actions[] = {
  "win.eligibility", "win.randomize", "win.transplant", "win.regimen", "win.record-infusion",
  "win.enter-labs", "win.record-transfusion", "win.record-medication",
  "win.record-adverse-event", "win.record-disposition", "win.subject-data",
};

/* Actions that need an open trial */
static const char * const trial_actions[] = {
  "win.sign-in", "win.new-subject", "win.show-agenda", "win.record-infusion-for", "win.export",
};

/**
 * stroma_window_get_desk:
 * @self: a window
 *
 * Returns: (transfer none): the window's desk: who is signed in to its trial
 */
StromaDesk *
stroma_window_get_desk (StromaWindow *self)
{
  g_return_val_if_fail (STROMA_IS_WINDOW (self), NULL);
  return g_object_get_qdata (G_OBJECT (self), desk_quark);
}

static GtkSelectionModel *
selection (StromaWindow *self)
{
  GListModel *model = stroma_window_get_subjects (self);

  return GTK_IS_SELECTION_MODEL (model) ? GTK_SELECTION_MODEL (model) : NULL;
}

/**
 * stroma_window_get_selected_subject:
 * @self: a window
 *
 * Returns: the id of the subject selected in the list, or 0
 */
gint64
stroma_window_get_selected_subject (StromaWindow *self)
{
  GtkSelectionModel *model;
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(StromaSubjectItem) item = NULL;

  g_return_val_if_fail (STROMA_IS_WINDOW (self), 0);

  if ((model = selection (self)) == NULL)
    return 0;

  selected = gtk_selection_model_get_selection (model);
  if (gtk_bitset_is_empty (selected))
    return 0;

  item = g_list_model_get_item (G_LIST_MODEL (model), gtk_bitset_get_minimum (selected));
  return STROMA_IS_SUBJECT_ITEM (item) ? stroma_subject_item_get_subject (item)->parent.id : 0;
}

/**
 * stroma_window_select_subject:
 * @self: a window
 * @subject_id: a subject
 *
 * Returns: %TRUE when the subject is in the list and now selected
 */
gboolean
stroma_window_select_subject (StromaWindow *self,
                              gint64        subject_id)
{
  GtkSelectionModel *model;

  g_return_val_if_fail (STROMA_IS_WINDOW (self), FALSE);

  if ((model = selection (self)) == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(StromaSubjectItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      if (STROMA_IS_SUBJECT_ITEM (item) &&
          stroma_subject_item_get_subject (item)->parent.id == subject_id)
        return gtk_selection_model_select_item (model, i, TRUE);
    }

  return FALSE;
}

/**
 * stroma_window_desk_saved:
 * @self: a window
 * @subject_id: the subject whose data a form saved
 *
 * Refreshes every view of the subject and keeps it selected.
 */
void
stroma_window_desk_saved (StromaWindow *self,
                          gint64        subject_id)
{
  gint64 selected;

  g_return_if_fail (STROMA_IS_WINDOW (self));

  selected = stroma_window_get_selected_subject (self);
  stroma_desk_saved (stroma_window_get_desk (self), subject_id);
  stroma_window_select_subject (self, selected != 0 ? selected : subject_id);
}

static void
update_actions (StromaWindow *self)
{
  StromaDesk *desk = stroma_window_get_desk (self);
  gboolean open = desk != NULL && stroma_desk_get_trial (desk) != NULL;
  gboolean subject = open && stroma_window_get_selected_subject (self) != 0;

  for (guint i = 0; i < G_N_ELEMENTS (trial_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), trial_actions[i], open);
  for (guint i = 0; i < G_N_ELEMENTS (subject_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), subject_actions[i], subject);
}

static void
update_user_button (StromaWindow *self)
{
  GtkWidget *button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                  STROMA_TYPE_WINDOW,
                                                                  "user_button_content"));
  StromaDesk *desk = stroma_window_get_desk (self);
  g_autofree char *label = stroma_desk_describe_user (desk);

  if (button != NULL)
    adw_button_content_set_label (ADW_BUTTON_CONTENT (button), label);
}

static void
present (StromaWindow *self,
         GtkWindow    *dialog)
{
  if (dialog != NULL)
    gtk_window_present (dialog);
}

/* A form that writes needs someone signed in; nobody: the sign-in comes first. */
static gboolean
signed_in (StromaWindow *self)
{
  StromaDesk *desk = stroma_window_get_desk (self);

  if (stroma_desk_get_user (desk) != NULL)
    return TRUE;

  present (self, stroma_sign_in_dialog_new (GTK_WINDOW (self), desk));
  return FALSE;
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);

  present (self, stroma_sign_in_dialog_new (GTK_WINDOW (self), stroma_window_get_desk (self)));
}

static void
new_subject_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);

  if (signed_in (self))
    present (self, stroma_enrol_dialog_new (GTK_WINDOW (self), stroma_window_get_desk (self), 0));
}

static void
show_agenda_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  AdwViewStack *stack = ADW_VIEW_STACK (gtk_widget_get_template_child (widget, STROMA_TYPE_WINDOW,
                                                                        "view_stack"));
  GtkWidget *agenda = GTK_WIDGET (gtk_widget_get_template_child (widget, STROMA_TYPE_WINDOW,
                                                                  "agenda_view"));

  adw_view_stack_set_visible_child_name (stack, "agenda");
  gtk_widget_grab_focus (agenda);
}

typedef GtkWindow *(*SubjectFormNew) (GtkWindow  *parent,
                                      StromaDesk *desk,
                                      gint64      subject_id);

static const struct
{
  const char     *action;
  SubjectFormNew  form_new;
  gboolean        writes;
} subject_forms[] = {
  { "win.eligibility", stroma_enrol_dialog_new, TRUE },
  { "win.transplant", stroma_transplant_dialog_new, TRUE },
  { "win.regimen", stroma_regimen_window_new, FALSE },
  { "win.enter-labs", stroma_lab_grid_new, TRUE },
  { "win.record-transfusion", stroma_transfusion_dialog_new, TRUE },
  { "win.record-medication", stroma_medication_dialog_new, TRUE },
  { "win.record-adverse-event", stroma_adverse_event_dialog_new, TRUE },
  { "win.record-disposition", stroma_disposition_dialog_new, TRUE },
  { "win.subject-data", stroma_records_window_new, FALSE },
};

static void
subject_form_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);
  gint64 subject = stroma_window_get_selected_subject (self);

  if (subject == 0)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (subject_forms); i++)
    if (g_str_equal (subject_forms[i].action, action_name))
      {
        if (subject_forms[i].writes && !signed_in (self))
          return;
        present (self, subject_forms[i].form_new (GTK_WINDOW (self), stroma_window_get_desk (self),
                                                  subject));
        return;
      }
}

static void
randomize_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);
  gint64 subject = stroma_window_get_selected_subject (self);

  if (subject != 0 && signed_in (self))
    stroma_randomize_dialog_present (GTK_WINDOW (self), stroma_window_get_desk (self), subject);
}

static void
record_infusion_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  StromaWindow *self = STROMA_WINDOW (widget);
  gint64 subject = 0;
  guint32 number = 0;

  if (parameter != NULL)
    {
      g_variant_get (parameter, "(xu)", &subject, &number);
      stroma_window_select_subject (self, subject);
    }
  else
    subject = stroma_window_get_selected_subject (self);

  if (subject != 0 && signed_in (self))
    present (self, stroma_infusion_dialog_new (GTK_WINDOW (self), stroma_window_get_desk (self),
                                               subject, number));
}

static void
on_user_changed (StromaWindow *self)
{
  update_user_button (self);
  update_actions (self);
}

/* The desk's shortcuts. They are handled before the focused widget sees the key, so that
 * Ctrl+G and Ctrl+Shift+A reach the window from the search entry too. */
static const struct
{
  const char      *action;
  guint            key;
  GdkModifierType  mods;
} shortcuts[] = {
  { "win.sign-in", GDK_KEY_u, GDK_CONTROL_MASK },
  { "win.new-subject", GDK_KEY_n, GDK_CONTROL_MASK },
  { "win.eligibility", GDK_KEY_e, GDK_CONTROL_MASK },
  { "win.randomize", GDK_KEY_r, GDK_CONTROL_MASK },
  { "win.transplant", GDK_KEY_t, GDK_CONTROL_MASK },
  { "win.regimen", GDK_KEY_g, GDK_CONTROL_MASK },
  { "win.record-infusion", GDK_KEY_i, GDK_CONTROL_MASK },
  { "win.enter-labs", GDK_KEY_l, GDK_CONTROL_MASK },
  { "win.record-transfusion", GDK_KEY_t, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
  { "win.record-medication", GDK_KEY_m, GDK_CONTROL_MASK },
  { "win.record-adverse-event", GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
  { "win.record-disposition", GDK_KEY_d, GDK_CONTROL_MASK },
  { "win.subject-data", GDK_KEY_h, GDK_CONTROL_MASK },
  { "win.show-agenda", GDK_KEY_a, GDK_CONTROL_MASK | GDK_SHIFT_MASK },
};

void
_stroma_window_desk_class_init (GtkWidgetClass *widget_class)
{
  desk_quark = g_quark_from_static_string ("stroma-window-desk");

  g_type_ensure (STROMA_TYPE_AGENDA_VIEW);

  /* Template objects the desk reads by name; the window's struct does not hold them. */
  gtk_widget_class_bind_template_child_full (widget_class, "agenda_view", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "user_button_content", FALSE, 0);

  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.new-subject", NULL, new_subject_action);
  gtk_widget_class_install_action (widget_class, "win.show-agenda", NULL, show_agenda_action);
  gtk_widget_class_install_action (widget_class, "win.randomize", NULL, randomize_action);
  gtk_widget_class_install_action (widget_class, "win.record-infusion", NULL,
                                   record_infusion_action);
  gtk_widget_class_install_action (widget_class, "win.record-infusion-for", "(xu)",
                                   record_infusion_action);
  for (guint i = 0; i < G_N_ELEMENTS (subject_forms); i++)
    gtk_widget_class_install_action (widget_class, subject_forms[i].action, NULL,
                                     subject_form_action);

  /* The third page of the switcher, after the subjects and the overview */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-view",
                                       "s", "agenda");
}

void
_stroma_window_desk_init (StromaWindow *self)
{
  StromaDesk *desk = stroma_desk_new ();
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkSelectionModel *model;

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (shortcuts); i++)
    gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                          gtk_shortcut_new (gtk_keyval_trigger_new (shortcuts[i].key,
                                                                                    shortcuts[i].mods),
                                                            gtk_named_action_new (shortcuts[i].action)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  g_object_set_qdata_full (G_OBJECT (self), desk_quark, desk, g_object_unref);
  g_signal_connect_object (desk, "notify::user", G_CALLBACK (on_user_changed), self,
                           G_CONNECT_SWAPPED);

  model = selection (self);
  if (model != NULL)
    g_signal_connect_object (model, "selection-changed", G_CALLBACK (update_actions), self,
                             G_CONNECT_SWAPPED);

  update_actions (self);
  update_user_button (self);
}

void
_stroma_window_desk_set_trial (StromaWindow *self,
                               StromaTrial  *trial)
{
  StromaDesk *desk = stroma_window_get_desk (self);
  StromaAgendaView *agenda = STROMA_AGENDA_VIEW (gtk_widget_get_template_child (GTK_WIDGET (self),
                                                                                 STROMA_TYPE_WINDOW,
                                                                                 "agenda_view"));

  stroma_desk_set_trial (desk, trial);
  if (agenda != NULL)
    stroma_agenda_view_set_desk (agenda, trial != NULL ? desk : NULL);
  update_actions (self);
  update_user_button (self);
}
