/* stroma-agenda-view.c — infusions overdue, due today and this week, across subjects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core agenda (stroma_agenda_new) for the seven days from the as-of date, split in three:
 * overdue (the window closed, neither given nor recorded as missed), today (the window is
 * open today) and the rest of the week. Activating a row opens the infusion form for that dose.
 * The page follows the trial's "changed" signal, so a recorded infusion leaves it at once.
 */

#define G_LOG_DOMAIN "stroma-agenda-view"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "core/stroma-schedule.h"
#include "core/stroma-validate.h"
#include "io/stroma-agenda-export.h"
#include "stroma-agenda-row.h"
#include "stroma-agenda-view.h"

struct _StromaAgendaView
{
  GtkWidget    parent_instance;

  /* Template widgets */
  GtkEntry    *as_of_entry;
  GtkLabel    *summary_label;
  GtkLabel    *error_label;
  GtkLabel    *overdue_title;
  GtkLabel    *today_title;
  GtkLabel    *week_title;
  GtkLabel    *problems_label;
  GtkListView *overdue_list;
  GtkListView *today_list;
  GtkListView *week_list;
  GListStore  *overdue_store;
  GListStore  *today_store;
  GListStore  *week_store;

  /* Owned */
  StromaDesk  *desk;
  gulong       changed_id;
  char        *as_of;
  gboolean     today;   /* follows the calendar day */
};

G_DEFINE_FINAL_TYPE (StromaAgendaView, stroma_agenda_view, GTK_TYPE_WIDGET)

static char *
add_days (const char *iso,
          int         days)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  g_date_add_days (&d, (guint) days);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

static void
set_title (GtkLabel   *label,
           const char *name,
           const char *none,
           guint       n)
{
  g_autofree char *text = n > 0 ? g_strdup_printf ("%s (%u)", name, n) : g_strdup (none);

  gtk_label_set_text (label, text);
}

static StromaAgenda *
make_agenda (StromaAgendaView  *self,
             const StromaProtocol **protocol_out,
             GError           **error)
{
  StromaTrial *trial = stroma_desk_get_trial (self->desk);
  const StromaProtocol *protocol = stroma_trial_get_protocol (trial);
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *to = add_days (self->as_of, 6);
  StromaScheduleOptions options = STROMA_SCHEDULE_OPTIONS_INIT;

  records = stroma_store_load_all_records (stroma_trial_get_store (trial), error);
  if (records == NULL)
    return NULL;

  options.time_zone = stroma_desk_get_time_zone (self->desk);
  *protocol_out = protocol;
  return stroma_agenda_new (protocol, (StromaSubjectRecord * const *) records->pdata, records->len,
                            self->as_of, self->as_of, to, &options, error);
}

static void
refresh (StromaAgendaView *self)
{
  g_autoptr(StromaAgenda) agenda = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) overdue = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) today = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) week = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autofree char *summary = NULL;
  const StromaProtocol *protocol = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);

  if (self->desk != NULL && stroma_desk_get_trial (self->desk) != NULL)
    {
      if (self->today)
        {
          g_free (self->as_of);
          self->as_of = stroma_desk_today (self->desk);
        }
      gtk_editable_set_text (GTK_EDITABLE (self->as_of_entry), self->as_of);
      agenda = make_agenda (self, &protocol, &error);
      if (agenda == NULL)
        {
          gtk_label_set_text (self->error_label, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
    }

  if (agenda != NULL)
    {
      g_autoptr(GHashTable) first = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autoptr(GHashTable) more = g_hash_table_new (g_direct_hash, g_direct_equal);
      g_autoptr(GHashTable) subjects = g_hash_table_new (g_int64_hash, g_int64_equal);

      /* Overdue: one row per subject, its first dose; the later ones are counted on it. */
      for (guint i = 0; i < agenda->overdue->len; i++)
        {
          const StromaAgendaItem *item = agenda->overdue->pdata[i];
          StromaAgendaRow *row = g_hash_table_lookup (first, &item->plan->subject_id);

          g_hash_table_add (subjects, (gpointer) &item->plan->subject_id);
          if (row != NULL)
            {
              guint n = GPOINTER_TO_UINT (g_hash_table_lookup (more, row));

              g_hash_table_insert (more, row, GUINT_TO_POINTER (n + 1));
              continue;
            }
          row = stroma_agenda_row_new (protocol, item->plan, item->dose, agenda->as_of);
          g_hash_table_insert (first, (gpointer) &item->plan->subject_id, row);
          g_ptr_array_add (overdue, row);
        }
      for (guint i = 0; i < overdue->len; i++)
        stroma_agenda_row_set_more_overdue (overdue->pdata[i],
                                            GPOINTER_TO_UINT (g_hash_table_lookup (more,
                                                                                   overdue->pdata[i])));
      for (guint i = 0; i < agenda->due->len; i++)
        {
          const StromaAgendaItem *item = agenda->due->pdata[i];

          g_hash_table_add (subjects, (gpointer) &item->plan->subject_id);
          g_ptr_array_add (item->dose->status == STROMA_SCHEDULE_DUE ? today : week,
                           stroma_agenda_row_new (protocol, item->plan, item->dose,
                                                  agenda->as_of));
        }
      for (guint i = 0; i < agenda->problems->len; i++)
        {
          const StromaAgendaProblem *p = agenda->problems->pdata[i];
          g_string_append_printf (problems, "%s%s: %s", problems->len ? "\n" : "",
                                  p->subject_code, p->message);
        }
      guint open = g_hash_table_size (subjects);

      /* Translators: "3 subjects on the agenda · 2026-11-21 to 2026-11-27" */
      summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u subject on the agenda · %s to %s",
                                              "%u subjects on the agenda · %s to %s",
                                              open),
                                 open, agenda->from, agenda->to);
    }

  g_list_store_splice (self->overdue_store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->overdue_store)),
                       overdue->pdata, overdue->len);
  g_list_store_splice (self->today_store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->today_store)),
                       today->pdata, today->len);
  g_list_store_splice (self->week_store, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->week_store)),
                       week->pdata, week->len);

  /* Translators: section titles of the agenda, followed by their number of infusions */
  set_title (self->overdue_title, _("Overdue"), _("Nothing overdue"), overdue->len);
  set_title (self->today_title, _("Due today"), _("Nothing due today"), today->len);
  set_title (self->week_title, _("Later this week"), _("Nothing else this week"), week->len);
  gtk_widget_set_visible (GTK_WIDGET (self->overdue_list), overdue->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->today_list), today->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->week_list), week->len > 0);
  if (overdue->len > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->overdue_title), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->overdue_title), "error");

  gtk_label_set_text (self->summary_label, summary != NULL ? summary : "");
  if (problems->len > 0)
    {
      g_autofree char *text = g_strdup_printf (_("Not on the agenda, because their records "
                                                 "cannot be planned:\n%s"), problems->str);
      gtk_label_set_text (self->problems_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->problems_label), problems->len > 0);
}

static void
on_trial_changed (StromaAgendaView *self,
                  gint64            subject_id)
{
  refresh (self);
}

static void
on_activate (GtkListView *list,
             guint        position,
             gpointer     user_data)
{
  StromaAgendaView *self = user_data;
  g_autoptr(StromaAgendaRow) row = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)),
                                                          position);

  if (row == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "win.record-infusion-for", "(xu)",
                              stroma_agenda_row_get_subject_id (row),
                              stroma_agenda_row_get_number (row));
}

/**
 * stroma_agenda_view_set_as_of:
 * @self: an agenda view
 * @as_of: (nullable): the ISO date to count as today; %NULL to follow the calendar
 *
 * Returns: %TRUE when @as_of is a date (else the message says so)
 */
gboolean
stroma_agenda_view_set_as_of (StromaAgendaView *self,
                              const char       *as_of)
{
  StromaDateRule rule = { _("As of"), NULL, 0, NULL, NULL, FALSE };
  g_autoptr(GError) error = NULL;
  g_autofree char *date = NULL;

  g_return_val_if_fail (STROMA_IS_AGENDA_VIEW (self), FALSE);

  if (as_of == NULL)
    {
      self->today = TRUE;
      refresh (self);
      return TRUE;
    }

  if (!stroma_validate_date (as_of, &rule, &date, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      gtk_widget_add_css_class (GTK_WIDGET (self->as_of_entry), "error");
      return FALSE;
    }

  gtk_widget_remove_css_class (GTK_WIDGET (self->as_of_entry), "error");
  g_free (self->as_of);
  self->as_of = g_steal_pointer (&date);
  self->today = FALSE;
  refresh (self);
  return TRUE;
}

const char *
stroma_agenda_view_get_as_of (StromaAgendaView *self)
{
  g_return_val_if_fail (STROMA_IS_AGENDA_VIEW (self), NULL);
  return self->as_of;
}

/**
 * stroma_agenda_view_get_list:
 * @self: an agenda view
 * @name: "overdue", "today" or "week"
 *
 * Returns: (transfer none): the rows of that list, as #StromaAgendaRow
 */
GListModel *
stroma_agenda_view_get_list (StromaAgendaView *self,
                             const char       *name)
{
  g_return_val_if_fail (STROMA_IS_AGENDA_VIEW (self), NULL);

  if (g_strcmp0 (name, "overdue") == 0)
    return G_LIST_MODEL (self->overdue_store);
  if (g_strcmp0 (name, "today") == 0)
    return G_LIST_MODEL (self->today_store);
  return G_LIST_MODEL (self->week_store);
}

static void
on_as_of_activate (StromaAgendaView *self)
{
  stroma_agenda_view_set_as_of (self, gtk_editable_get_text (GTK_EDITABLE (self->as_of_entry)));
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  stroma_agenda_view_set_as_of (STROMA_AGENDA_VIEW (widget), NULL);
}

static void
on_export_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  StromaAgendaView *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = g_file_get_path (file);
      g_autoptr(StromaAgenda) agenda = NULL;
      g_autoptr(GError) error = NULL;
      const StromaProtocol *protocol = NULL;
      g_autofree char *ics = NULL;

      agenda = make_agenda (self, &protocol, &error);
      if (agenda != NULL)
        ics = stroma_agenda_to_ics (protocol, agenda, NULL);
      if (ics == NULL || path == NULL || !g_file_set_contents (path, ics, -1, &error))
        {
          gtk_label_set_text (self->error_label, error != NULL ? error->message
                                                               : _("Could not write the calendar."));
          gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
        }
    }

  g_object_unref (dialog);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  StromaAgendaView *self = STROMA_AGENDA_VIEW (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;

  if (self->desk == NULL || stroma_desk_get_trial (self->desk) == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Agenda to Calendar"),
                                        GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  name = g_strdup_printf ("%s-agenda-%s.ics", stroma_desk_get_protocol (self->desk)->id,
                          self->as_of);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static gboolean
stroma_agenda_view_grab_focus (GtkWidget *widget)
{
  StromaAgendaView *self = STROMA_AGENDA_VIEW (widget);
  GtkListView *lists[] = { self->overdue_list, self->today_list, self->week_list };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (gtk_widget_get_visible (GTK_WIDGET (lists[i])))
      return gtk_widget_grab_focus (GTK_WIDGET (lists[i]));

  return gtk_widget_grab_focus (GTK_WIDGET (self->as_of_entry));
}

void
stroma_agenda_view_set_desk (StromaAgendaView *self,
                             StromaDesk       *desk)
{
  StromaTrial *old_trial;

  g_return_if_fail (STROMA_IS_AGENDA_VIEW (self));

  old_trial = self->desk != NULL ? stroma_desk_get_trial (self->desk) : NULL;
  if (self->changed_id != 0 && old_trial != NULL)
    g_signal_handler_disconnect (old_trial, self->changed_id);
  self->changed_id = 0;

  g_set_object (&self->desk, desk);
  if (desk != NULL && stroma_desk_get_trial (desk) != NULL)
    self->changed_id = g_signal_connect_swapped (stroma_desk_get_trial (desk), "changed",
                                                 G_CALLBACK (on_trial_changed), self);
  refresh (self);
}

static void
stroma_agenda_view_dispose (GObject *object)
{
  StromaAgendaView *self = STROMA_AGENDA_VIEW (object);

  GtkWidget *child;

  stroma_agenda_view_set_desk (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), STROMA_TYPE_AGENDA_VIEW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->as_of, g_free);

  G_OBJECT_CLASS (stroma_agenda_view_parent_class)->dispose (object);
}

static void
stroma_agenda_view_class_init (StromaAgendaViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = stroma_agenda_view_dispose;
  widget_class->grab_focus = stroma_agenda_view_grab_focus;

  g_type_ensure (STROMA_TYPE_AGENDA_ROW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/ui/stroma-agenda-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, as_of_entry);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, error_label);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, overdue_title);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, today_title);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, week_title);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, problems_label);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, overdue_list);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, today_list);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, week_list);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, overdue_store);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, today_store);
  gtk_widget_class_bind_template_child (widget_class, StromaAgendaView, week_store);

  gtk_widget_class_install_action (widget_class, "agenda.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "agenda.export", NULL, export_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "agendaview");
}

static void
stroma_agenda_view_init (StromaAgendaView *self)
{
  GtkListView *lists[3];

  gtk_widget_init_template (GTK_WIDGET (self));
  self->today = TRUE;

  lists[0] = self->overdue_list;
  lists[1] = self->today_list;
  lists[2] = self->week_list;
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    g_signal_connect (lists[i], "activate", G_CALLBACK (on_activate), self);
  g_signal_connect_swapped (self->as_of_entry, "activate", G_CALLBACK (on_as_of_activate), self);

  refresh (self);
}
