/* stroma-form.c — what every data-entry window of the desk shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The desk's forms behave alike: Escape closes, Ctrl+Return saves, a bad value is named in one
 * line above the form and its field is marked and focused, and nothing is saved until every
 * field is valid.
 */

#define G_LOG_DOMAIN "stroma-form"

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <glib/gi18n.h>

#include "store/stroma-store.h"
#include "stroma-form.h"
#include "stroma-window-desk.h"

/**
 * stroma_form_add_shortcuts:
 * @window: a window, with a "dialog.save" action if it saves
 *
 * Escape closes @window, Ctrl+Return saves.
 */
void
stroma_form_add_shortcuts (GtkWindow *window)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("window.close")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_alternative_trigger_new (
                                                            gtk_keyval_trigger_new (GDK_KEY_Return,
                                                                                    GDK_CONTROL_MASK),
                                                            gtk_keyval_trigger_new (GDK_KEY_KP_Enter,
                                                                                    GDK_CONTROL_MASK)),
                                                          gtk_named_action_new ("dialog.save")));
  gtk_widget_add_controller (GTK_WIDGET (window), shortcuts);
}

/**
 * stroma_form_init:
 * @dialog: a form window with a "dialog.save" action
 * @parent: (nullable): the window it belongs to
 *
 * Makes @dialog modal over @parent, with Escape to close and Ctrl+Return to save.
 */
void
stroma_form_init (GtkWindow *dialog,
                  GtkWindow *parent)
{
  stroma_form_add_shortcuts (dialog);
  gtk_window_set_modal (dialog, TRUE);
  if (parent != NULL)
    gtk_window_set_transient_for (dialog, parent);
  gtk_window_set_destroy_with_parent (dialog, TRUE);
}

/**
 * stroma_form_text:
 * @editable: a #GtkEditable (an entry or an #AdwEntryRow)
 *
 * Returns: its text
 */
const char *
stroma_form_text (gpointer editable)
{
  g_return_val_if_fail (GTK_IS_EDITABLE (editable), "");
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

void
stroma_form_set_text (gpointer    editable,
                      const char *text)
{
  g_return_if_fail (GTK_IS_EDITABLE (editable));
  gtk_editable_set_text (GTK_EDITABLE (editable), text != NULL ? text : "");
}

/* Shows a stored number as the user would type it: no trailing zeros, NAN as empty. */
void
stroma_form_set_double (gpointer editable,
                        double   value,
                        int      decimals)
{
  g_autofree char *text = NULL;

  if (isfinite (value))
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      g_autofree char *format = g_strdup_printf ("%%.%df", decimals);

      text = g_strdup (g_ascii_formatd (buf, sizeof buf, format, value));
      if (strchr (text, '.') != NULL)
        {
          char *end = text + strlen (text) - 1;

          while (*end == '0')
            *end-- = '\0';
          if (*end == '.')
            *end = '\0';
        }
    }

  stroma_form_set_text (editable, text);
}

void
stroma_form_mark_invalid (gpointer widget,
                          gboolean invalid)
{
  if (widget == NULL)
    return;

  if (invalid)
    gtk_widget_add_css_class (GTK_WIDGET (widget), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (widget), "error");
}

/**
 * stroma_form_describe_error:
 * @error: an error from a validator or the store
 *
 * Returns: (transfer full): the message a coordinator reads: the store's stale-save and
 *   refusal messages as they are, others as they come
 */
char *
stroma_form_describe_error (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_DENIED))
    /* Translators: a refused save; %s says who may not do what */
    return g_strdup_printf (_("Not saved: %s Sign in as someone who may."), error->message);
  if (g_error_matches (error, STROMA_STORE_ERROR, STROMA_STORE_ERROR_STALE))
    return g_strdup_printf (_("Not saved: %s"), error->message);

  return g_strdup (error->message);
}

/**
 * stroma_form_show_error:
 * @label: the form's message line
 * @widget: (nullable): the field the message is about, marked and focused
 * @error: what is wrong
 */
void
stroma_form_show_error (GtkLabel     *label,
                        gpointer      widget,
                        const GError *error)
{
  g_autofree char *text = stroma_form_describe_error (error);

  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  if (widget != NULL)
    {
      stroma_form_mark_invalid (widget, TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (widget));
    }
}

/**
 * stroma_form_clear_error:
 * @label: the form's message line
 * @first: (nullable): a field to unmark, then more, ending with %NULL
 */
void
stroma_form_clear_error (GtkLabel *label,
                         gpointer  first,
                         ...)
{
  va_list ap;

  gtk_widget_set_visible (GTK_WIDGET (label), FALSE);
  gtk_label_set_text (label, "");

  va_start (ap, first);
  for (gpointer w = first; w != NULL; w = va_arg (ap, gpointer))
    stroma_form_mark_invalid (w, FALSE);
  va_end (ap);
}

/**
 * stroma_form_combo_set_ids:
 * @row: a combo row
 * @labels: (array zero-terminated=1): what it offers, in order
 */
void
stroma_form_combo_set_ids (AdwComboRow        *row,
                           const char * const *labels)
{
  g_autoptr(GtkStringList) list = gtk_string_list_new (labels);

  adw_combo_row_set_model (row, G_LIST_MODEL (list));
}

/**
 * stroma_form_combo_id:
 * @row: a combo row whose items are in the order of @ids
 * @ids: (array zero-terminated=1): the stored value of each item
 *
 * Returns: (nullable): the stored value of the selected item
 */
const char *
stroma_form_combo_id (AdwComboRow        *row,
                      const char * const *ids)
{
  guint selected = adw_combo_row_get_selected (row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length ((char **) ids))
    return NULL;
  return ids[selected];
}

void
stroma_form_combo_select (AdwComboRow        *row,
                          const char * const *ids,
                          const char         *id)
{
  for (guint i = 0; id != NULL && ids[i] != NULL; i++)
    if (g_str_equal (ids[i], id))
      {
        adw_combo_row_set_selected (row, i);
        return;
      }
}

/**
 * stroma_form_require_user:
 * @desk: the window's desk
 * @action: what the form would do
 * @label: the form's message line
 *
 * Says in the form, before anything is typed, when the signed-in user may not save it.
 *
 * Returns: %TRUE when the signed-in user may do @action
 */
gboolean
stroma_form_require_user (StromaDesk   *desk,
                          StromaAction  action,
                          GtkLabel     *label)
{
  g_autofree char *text = NULL;

  if (stroma_desk_may (desk, action))
    return TRUE;

  if (stroma_desk_get_user (desk) == NULL)
    text = g_strdup (_("Nobody is signed in: sign in (Ctrl+U) before entering data."));
  else
    {
      g_autofree char *who = stroma_desk_describe_user (desk);
      /* Translators: "coord.liu · Study coordinator may not record and grade adverse events." */
      text = g_strdup_printf (_("%s may not %s. Sign in as someone who may."), who,
                              stroma_action_label (action));
    }

  gtk_label_set_text (label, text);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);
  return FALSE;
}

/**
 * stroma_form_saved:
 * @dialog: a form that saved
 * @desk: its desk
 * @subject_id: the subject whose data it saved
 *
 * Refreshes the trial window's views of the subject and closes @dialog.
 */
void
stroma_form_saved (GtkWindow  *dialog,
                   StromaDesk *desk,
                   gint64      subject_id)
{
  stroma_form_notify_saved (dialog, desk, subject_id);
  gtk_window_close (dialog);
}

/**
 * stroma_form_notify_saved:
 * @window: a window of the desk that saved
 * @desk: its desk
 * @subject_id: the subject whose data it saved
 *
 * Refreshes the trial window's views of the subject, keeping it selected.
 */
void
stroma_form_notify_saved (GtkWindow  *window,
                          StromaDesk *desk,
                          gint64      subject_id)
{
  GtkWindow *parent = window;

  while (parent != NULL && !STROMA_IS_WINDOW (parent))
    parent = gtk_window_get_transient_for (parent);

  if (parent != NULL)
    stroma_window_desk_saved (STROMA_WINDOW (parent), subject_id);
  else
    stroma_desk_saved (desk, subject_id);
}

/**
 * stroma_form_translate:
 * @labels: (array zero-terminated=1): N_() strings
 * @out: (out caller-allocates) (array zero-terminated=1): room for as many, and %NULL
 *
 * Returns: (transfer none): @out, the labels translated
 */
const char * const *
stroma_form_translate (const char * const *labels,
                       const char        **out)
{
  guint i;

  for (i = 0; labels[i] != NULL; i++)
    out[i] = _(labels[i]);
  out[i] = NULL;
  return out;
}
