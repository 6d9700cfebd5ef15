/* stroma-agenda-export.c — the coordinator's agenda as an iCalendar file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * RFC 5545: one all-day VEVENT per product dose on the agenda, so that a coordinator can
 * import the week's infusions into the calendar they already use. Each event's UID is made of
 * the protocol, the subject code and the dose number, so importing again updates the events
 * instead of doubling them. Events carry the subject code and never the initials or anything
 * else that identifies a patient: calendars leave the site's computers.
 */

#define G_LOG_DOMAIN "stroma-agenda-export"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "core/stroma-validate.h"
#include "stroma-agenda-export.h"

/* Lines longer than 75 octets are folded: CRLF and one space, never inside a UTF-8 character
 * (RFC 5545 §3.1). */
void
stroma_ics_append_line (GString    *out,
                        const char *line)
{
  gsize len = strlen (line);
  gsize start = 0;
  gsize limit = 75;

  while (len - start > limit)
    {
      gsize cut = start + limit;

      while (cut > start && (line[cut] & 0xC0) == 0x80)
        cut--;
      g_string_append_len (out, line + start, cut - start);
      g_string_append (out, "\r\n ");
      start = cut;
      limit = 74;   /* the leading space counts */
    }

  g_string_append (out, line + start);
  g_string_append (out, "\r\n");
}

/* NAME:TEXT with the TEXT value type's escapes (§3.3.11). */
void
stroma_ics_append_text (GString    *out,
                        const char *name,
                        const char *text)
{
  g_autoptr(GString) line = g_string_new (name);

  g_string_append_c (line, ':');
  for (const char *p = text != NULL ? text : ""; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': g_string_append (line, "\\\\"); break;
      case ';': g_string_append (line, "\\;"); break;
      case ',': g_string_append (line, "\\,"); break;
      case '\n': g_string_append (line, "\\n"); break;
      case '\r': break;
      default: g_string_append_c (line, *p);
      }

  stroma_ics_append_line (out, line->str);
}

static char *
basic_date (const char *iso)
{
  /* 2026-03-12 → 20260312 */
  return g_strdup_printf ("%.4s%.2s%.2s", iso, iso + 5, iso + 8);
}

static char *
next_day (const char *iso)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, iso);
  g_date_add_days (&d, 1);
  return g_strdup_printf ("%04u%02u%02u", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

/**
 * stroma_agenda_dose_uid:
 * @protocol: the trial's protocol
 * @subject_code: the subject's code
 * @number: the dose number
 *
 * Returns: (transfer full): a UID that stays the same for this dose of this subject, e.g.
 *   "msc-pgf.PGF-007.dose-2@stroma"
 */
char *
stroma_agenda_dose_uid (const StromaProtocol *protocol,
                        const char           *subject_code,
                        guint                 number)
{
  return g_strdup_printf ("%s.%s.dose-%u@stroma", protocol->id, subject_code, number);
}

/**
 * stroma_agenda_dose_label:
 * @protocol: the trial's protocol
 * @plan: the subject's plan
 * @dose: one of its doses
 *
 * Returns: (transfer full): "UC-MSC infusion 2 of 4", or "Modified UC-MSC cycle 3 (dose
 *   level 2)" for open-ended schedules with dose levels
 */
char *
stroma_agenda_dose_label (const StromaProtocol    *protocol,
                          const StromaProductPlan *plan,
                          const StromaProductDose *dose)
{
  const char *name = protocol->product != NULL && protocol->product->name != NULL
                     ? protocol->product->name : _("Product");

  if (plan->dose_level != STROMA_NO_INT)
    return plan->n_doses > 0
           /* Translators: "Modified UC-MSC cycle 3 of 6, dose level 2" */
           ? g_strdup_printf (_("%s cycle %u of %u, dose level %lld"), name,
                              dose->number, plan->n_doses, (long long) plan->dose_level)
           /* Translators: "Modified UC-MSC cycle 3, dose level 2" */
           : g_strdup_printf (_("%s cycle %u, dose level %lld"), name,
                              dose->number, (long long) plan->dose_level);

  return plan->n_doses > 0
         /* Translators: "UC-MSC infusion 2 of 4" */
         ? g_strdup_printf (_("%s infusion %u of %u"), name, dose->number, plan->n_doses)
         /* Translators: "UC-MSC infusion 5" */
         : g_strdup_printf (_("%s infusion %u"), name, dose->number);
}

static void
append_event (GString                 *out,
              const StromaProtocol    *protocol,
              const StromaAgendaItem  *item,
              gboolean                 overdue,
              const char              *stamp)
{
  const StromaProductPlan *plan = item->plan;
  const StromaProductDose *dose = item->dose;
  g_autofree char *uid = stroma_agenda_dose_uid (protocol, plan->subject_code, dose->number);
  g_autofree char *label = stroma_agenda_dose_label (protocol, plan, dose);
  g_autofree char *start = basic_date (dose->due_date);
  g_autofree char *end = next_day (dose->due_date);
  g_autofree char *summary = NULL;
  g_autofree char *description = NULL;
  g_autofree char *cells = stroma_format_cells (dose->total_cells);
  g_autofree char *per_kg = stroma_format_cells (dose->cells_per_kg);
  g_autofree char *line = NULL;

  summary = overdue
            /* Translators: calendar event title: "Overdue: PGF-007 UC-MSC infusion 2 of 4" */
            ? g_strdup_printf (_("Overdue: %s %s"), plan->subject_code, label)
            : g_strdup_printf ("%s %s", plan->subject_code, label);
  description = g_strdup_printf (/* Translators: calendar event details */
                                 _("Due %s; window %s to %s. Target %s cells (%s cells/kg at "
                                   "%.1f kg). Record the infusion in Stroma."),
                                 dose->due_date, dose->window_start, dose->window_end, cells,
                                 per_kg, dose->weight_kg);

  stroma_ics_append_line (out, "BEGIN:VEVENT");
  line = g_strdup_printf ("UID:%s", uid);
  stroma_ics_append_line (out, line);
  g_free (line);
  line = g_strdup_printf ("DTSTAMP:%s", stamp);
  stroma_ics_append_line (out, line);
  g_free (line);
  line = g_strdup_printf ("DTSTART;VALUE=DATE:%s", start);
  stroma_ics_append_line (out, line);
  g_free (line);
  line = g_strdup_printf ("DTEND;VALUE=DATE:%s", end);
  stroma_ics_append_line (out, line);
  stroma_ics_append_text (out, "SUMMARY", summary);
  stroma_ics_append_text (out, "DESCRIPTION", description);
  stroma_ics_append_line (out, overdue ? "CATEGORIES:MSC infusion,Overdue"
                                       : "CATEGORIES:MSC infusion");
  stroma_ics_append_line (out, "TRANSP:TRANSPARENT");
  stroma_ics_append_line (out, "END:VEVENT");
}

/**
 * stroma_agenda_to_ics:
 * @protocol: the trial's protocol
 * @agenda: an agenda
 * @stamp: (nullable): the time the file is made, for DTSTAMP; %NULL for now
 *
 * The agenda's doses — due in its range, and overdue — as an iCalendar file: CRLF line ends,
 * long lines folded, one all-day event per dose on its due date.
 *
 * Returns: (transfer full): the calendar
 */
char *
stroma_agenda_to_ics (const StromaProtocol *protocol,
                      const StromaAgenda   *agenda,
                      GDateTime            *stamp)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *dtstamp = NULL;
  g_autofree char *name = NULL;
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (agenda != NULL, NULL);

  if (stamp == NULL)
    stamp = now = g_date_time_new_now_utc ();
  utc = g_date_time_to_utc (stamp);
  dtstamp = g_date_time_format (utc, "%Y%m%dT%H%M%SZ");
  name = g_strdup_printf (_("%s infusions"), protocol->short_title != NULL
                                             ? protocol->short_title : protocol->id);

  stroma_ics_append_line (out, "BEGIN:VCALENDAR");
  stroma_ics_append_line (out, "VERSION:2.0");
  stroma_ics_append_line (out, "PRODID:-//Stroma//Coordinator agenda " PACKAGE_VERSION "//EN");
  stroma_ics_append_line (out, "CALSCALE:GREGORIAN");
  stroma_ics_append_line (out, "METHOD:PUBLISH");
  stroma_ics_append_text (out, "X-WR-CALNAME", name);

  for (guint i = 0; i < agenda->overdue->len; i++)
    append_event (out, protocol, agenda->overdue->pdata[i], TRUE, dtstamp);
  for (guint i = 0; i < agenda->due->len; i++)
    append_event (out, protocol, agenda->due->pdata[i], FALSE, dtstamp);

  stroma_ics_append_line (out, "END:VCALENDAR");

  return g_string_free (out, FALSE);
}
