/* stroma-cli-agenda.c — the coordinator's agenda without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The same agenda as the window's Agenda page (core/stroma-schedule): overdue doses, and the
 * doses whose window meets a range of days, as text, as CSV, or as an iCalendar file to import
 * into a calendar. Subjects are named by their code only.
 */

#define G_LOG_DOMAIN "stroma-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "core/stroma-schedule.h"
#include "core/stroma-validate.h"
#include "io/stroma-agenda-export.h"
#include "store/stroma-store.h"
#include "stroma-cli-private.h"

static gboolean
valid_date (const char *text)
{
  StromaDateRule rule = { "date", NULL, 0, NULL, NULL, FALSE };
  g_autofree char *date = NULL;

  return stroma_validate_date (text, &rule, &date, NULL) && g_str_equal (date, text);
}

static char *
add_days (const char *iso,
          int         days)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  if (days >= 0)
    g_date_add_days (&d, (guint) days);
  else
    g_date_subtract_days (&d, (guint) -days);
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  if (text == NULL)
    text = "";

  if (strpbrk (text, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);

  g_string_append (out, last ? "\n" : ",");
}

static void
text_items (GString              *out,
            const StromaProtocol *protocol,
            GPtrArray            *items,
            const char           *heading)
{
  g_string_append_printf (out, "%s (%u)\n", heading, items->len);
  if (items->len == 0)
    g_string_append_printf (out, "  %s\n", _("none"));

  for (guint i = 0; i < items->len; i++)
    {
      const StromaAgendaItem *item = items->pdata[i];
      g_autofree char *label = stroma_agenda_dose_label (protocol, item->plan, item->dose);
      g_autofree char *cells = stroma_format_cells (item->dose->total_cells);

      g_string_append_printf (out, "  %-8s  %-34s  %s %s  %s %s…%s  %-8s  %s %s\n",
                              item->plan->subject_code, label, _("due"), item->dose->due_date,
                              _("window"), item->dose->window_start, item->dose->window_end,
                              stroma_schedule_status_to_string (item->dose->status),
                              _("target"), cells);
    }
}

static void
csv_items (GString   *out,
           GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      const StromaAgendaItem *item = items->pdata[i];
      const StromaProductDose *dose = item->dose;
      g_autofree char *number = g_strdup_printf ("%u", dose->number);
      g_autofree char *of = item->plan->n_doses > 0
                            ? g_strdup_printf ("%u", item->plan->n_doses) : g_strdup ("");
      g_autofree char *level = item->plan->dose_level != STROMA_NO_INT
                               ? g_strdup_printf ("%" G_GINT64_FORMAT, item->plan->dose_level)
                               : g_strdup ("");
      g_autofree char *per_kg = g_strdup_printf ("%g", dose->cells_per_kg);
      g_autofree char *weight = g_strdup_printf ("%.1f", dose->weight_kg);
      g_autofree char *total = g_strdup_printf ("%.4g", dose->total_cells);

      csv_field (out, item->plan->subject_code, FALSE);
      csv_field (out, number, FALSE);
      csv_field (out, of, FALSE);
      csv_field (out, level, FALSE);
      csv_field (out, dose->due_date, FALSE);
      csv_field (out, dose->window_start, FALSE);
      csv_field (out, dose->window_end, FALSE);
      csv_field (out, stroma_schedule_status_to_string (dose->status), FALSE);
      csv_field (out, per_kg, FALSE);
      csv_field (out, weight, FALSE);
      csv_field (out, total, TRUE);
    }
}

int
stroma_cli_agenda (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(StromaAgenda) agenda = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GTimeZone) zone = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *as_of = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *format = NULL;
  g_autofree char *time_zone = NULL;
  StromaScheduleOptions options = STROMA_SCHEDULE_OPTIONS_INIT;
  gboolean csv;
  GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from,
      N_("First day of the range (default: the as-of date)"), N_("YYYY-MM-DD") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to,
      N_("Last day of the range (default: six days after the first)"), N_("YYYY-MM-DD") },
    { "as-of", 0, 0, G_OPTION_ARG_STRING, &as_of,
      N_("The day that counts as today: what is overdue (default: today)"), N_("YYYY-MM-DD") },
    { "ics", 0, 0, G_OPTION_ARG_FILENAME, &ics,
      N_("Also write the doses as an iCalendar file to import into a calendar"), N_("FILE") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("text (default) or csv"),
      N_("FORMAT") },
    { "time-zone", 0, 0, G_OPTION_ARG_STRING, &time_zone,
      N_("The site’s time zone, e.g. Asia/Shanghai (default: the protocol’s, else this "
         "computer’s)"), N_("ZONE") },
    { NULL }
  };

  context = stroma_cli_option_context (_("agenda FILE"),
                                       _("The investigational product doses that are overdue, and "
                                         "those due in a range of days (a week from today unless "
                                         "told otherwise), with their windows and targets; "
                                         "--ics writes them as calendar events."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 3)
    return stroma_cli_usage_error (context, _("Name one trial file."));
  if (format != NULL && !g_str_equal (format, "text") && !g_str_equal (format, "csv"))
    return stroma_cli_usage_error (context, _("--format is text or csv."));
  csv = format != NULL && g_str_equal (format, "csv");

  store = stroma_store_open (argv[2], STROMA_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL ||
      (protocol = stroma_store_load_protocol (store, &error)) == NULL ||
      (records = stroma_store_load_all_records (store, &error)) == NULL)
    {
      stroma_cli_print_error ("agenda", error);
      return STROMA_EXIT_USAGE;
    }

  /* The site's clock: --time-zone, else the protocol's, else this computer's. */
  if (time_zone == NULL && protocol->time_zone != NULL)
    time_zone = g_strdup (protocol->time_zone);
  zone = time_zone != NULL ? g_time_zone_new_identifier (time_zone) : g_time_zone_new_local ();
  if (zone == NULL)
    return stroma_cli_usage_error (context, _("--time-zone names no time zone this computer "
                                              "knows."));
  options.time_zone = time_zone != NULL ? time_zone : g_time_zone_get_identifier (zone);

  if (as_of == NULL)
    {
      now = g_date_time_new_now (zone);
      as_of = g_date_time_format (now, "%Y-%m-%d");
    }
  if (!valid_date (as_of) || (from != NULL && !valid_date (from)) ||
      (to != NULL && !valid_date (to)))
    return stroma_cli_usage_error (context, _("Dates are written YYYY-MM-DD."));
  if (from == NULL)
    from = g_strdup (as_of);
  if (to == NULL)
    to = add_days (from, 6);

  agenda = stroma_agenda_new (protocol, (StromaSubjectRecord * const *) records->pdata,
                              records->len, as_of, from, to, &options, &error);
  if (agenda == NULL)
    {
      stroma_cli_print_error ("agenda", error);
      return STROMA_EXIT_USAGE;
    }

  if (csv)
    {
      g_string_append (out, "subject,dose,of,dose_level,due_date,window_start,window_end,status,"
                            "cells_per_kg,weight_kg,target_cells\n");
      csv_items (out, agenda->overdue);
      csv_items (out, agenda->due);
    }
  else
    {
      g_string_append_printf (out, _("Agenda of %s as of %s (%s): %s to %s\n\n"),
                              protocol->short_title != NULL ? protocol->short_title : protocol->id,
                              agenda->as_of, options.time_zone, agenda->from, agenda->to);
      text_items (out, protocol, agenda->overdue, _("Overdue"));
      g_string_append_c (out, '\n');
      text_items (out, protocol, agenda->due, _("Due or planned in the range"));
      if (agenda->problems->len > 0)
        {
          g_string_append_printf (out, "\n%s\n", _("Subjects that could not be planned"));
          for (guint i = 0; i < agenda->problems->len; i++)
            {
              const StromaAgendaProblem *p = agenda->problems->pdata[i];
              g_string_append_printf (out, "  %s: %s\n", p->subject_code, p->message);
            }
        }
    }

  if (ics != NULL)
    {
      g_autofree char *calendar = stroma_agenda_to_ics (protocol, agenda, NULL);

      if (!g_file_set_contents (ics, calendar, -1, &error))
        {
          stroma_cli_print_error ("agenda", error);
          return STROMA_EXIT_USAGE;
        }
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "Wrote %u event to %s\n",
                               "Wrote %u events to %s\n",
                               agenda->overdue->len + agenda->due->len),
                  agenda->overdue->len + agenda->due->len, ics);
    }

  fputs (out->str, stdout);
  return STROMA_EXIT_OK;
}
