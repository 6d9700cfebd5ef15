/* stroma-safety.c — safety alerts and the adverse-event reporting period
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocol's "safety" section holds every grade, window, relationship and action; this
 * file only knows where each event is recorded. Windows count the anchor's day as day 0 and
 * include their last day: "within 2 weeks after an infusion" (window 14) holds on day 14 and
 * not on day 15.
 */

#define G_LOG_DOMAIN "stroma-safety"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "stroma-safety.h"
#include "stroma-safety-private.h"

G_DEFINE_QUARK (stroma-safety-error-quark, stroma_safety_error)

/* Dates */

/* An ISO date, or a UTC timestamp ("2024-03-12T02:18:00Z") taken as its local calendar day:
 * an infusion given at 01:00 local time is given on the local day, whatever UTC says. */
gboolean
stroma_safety_parse_date (const char *text,
                          GDate      *date)
{
  int y, m, d, n = 0;

  g_date_clear (date, 1);

  if (text == NULL)
    return FALSE;

  if (strlen (text) > 10)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (text, utc);
      g_autoptr(GDateTime) local = NULL;

      if (when == NULL)
        return FALSE;

      local = g_date_time_to_local (when);
      g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (local),
                      (GDateMonth) g_date_time_get_month (local),
                      (GDateYear) g_date_time_get_year (local));
      return TRUE;
    }

  if (sscanf (text, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || text[n] != '\0' ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

char *
stroma_safety_format_date (const GDate *date)
{
  if (date == NULL || !g_date_valid (date))
    return NULL;

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* to − from, in calendar days. */
gint
stroma_safety_days_between (const GDate *from,
                            const GDate *to)
{
  return (gint) g_date_get_julian (to) - (gint) g_date_get_julian (from);
}

/* The date an evaluation is made at: a plain ISO date. */
gboolean
stroma_safety_check_as_of (const char  *as_of,
                           GDate       *date,
                           GQuark       domain,
                           gint         code,
                           GError     **error)
{
  if (as_of == NULL || strlen (as_of) != 10 || !stroma_safety_parse_date (as_of, date))
    {
      g_set_error (error, domain, code,
                   _("“%s” is not a date (YYYY-MM-DD)"), as_of != NULL ? as_of : "");
      return FALSE;
    }

  return TRUE;
}

/* Whether @infusion was given on or before @as_of, and on which day. */
gboolean
stroma_safety_infusion_given (const StromaInfusion *infusion,
                              const GDate          *as_of,
                              GDate                *date)
{
  if (infusion->parent.voided || g_strcmp0 (infusion->status, "given") != 0)
    return FALSE;

  if (!stroma_safety_parse_date (infusion->given_at, date) &&
      !stroma_safety_parse_date (infusion->planned_date, date))
    return FALSE;

  return g_date_compare (date, as_of) <= 0;
}

gboolean
stroma_safety_first_infusion (const StromaSubjectRecord *record,
                              const GDate               *as_of,
                              GDate                     *date)
{
  gboolean found = FALSE;

  g_date_clear (date, 1);

  for (guint i = 0; record->infusions != NULL && i < record->infusions->len; i++)
    {
      GDate given;

      if (stroma_safety_infusion_given (record->infusions->pdata[i], as_of, &given) &&
          (!found || g_date_compare (&given, date) < 0))
        {
          *date = given;
          found = TRUE;
        }
    }

  return found;
}

/* A medication belongs to a standard-care item when its agent is the item's id or agent
 * ("TPO-RA" is the item "tpo-ra"). */
gboolean
stroma_safety_medication_is_care (const StromaMedication *medication,
                                  const StromaCareItem   *care)
{
  if (medication->parent.voided || medication->agent == NULL)
    return FALSE;

  return g_ascii_strcasecmp (medication->agent, care->id) == 0 ||
         (care->agent != NULL && g_ascii_strcasecmp (medication->agent, care->agent) == 0);
}

/* Severities and actions */

/**
 * stroma_safety_severity_to_string:
 * @severity: a severity
 *
 * Returns: its stable id: "warning" or "critical"
 */
const char *
stroma_safety_severity_to_string (StromaSafetySeverity severity)
{
  switch (severity)
    {
    case STROMA_SAFETY_SEVERITY_WARNING:  return "warning";
    case STROMA_SAFETY_SEVERITY_CRITICAL: return "critical";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * stroma_safety_severity_from_string:
 * @id: (nullable): a severity id
 * @severity: (out): the severity
 *
 * Returns: whether @id names a severity
 */
gboolean
stroma_safety_severity_from_string (const char           *id,
                                    StromaSafetySeverity *severity)
{
  g_return_val_if_fail (severity != NULL, FALSE);

  if (g_strcmp0 (id, "warning") == 0)
    *severity = STROMA_SAFETY_SEVERITY_WARNING;
  else if (g_strcmp0 (id, "critical") == 0)
    *severity = STROMA_SAFETY_SEVERITY_CRITICAL;
  else
    return FALSE;

  return TRUE;
}

/**
 * stroma_safety_action_severity:
 * @action: a safety rule's action id
 *
 * Flags (DLT, dose reduction) are warnings; anything that stops treatment or the trial is
 * critical.
 *
 * Returns: the severity of an alert with @action
 */
StromaSafetySeverity
stroma_safety_action_severity (const char *action)
{
  static const char * const critical[] = {
    "suspend-trial", "stop-product", "stop-subject", NULL
  };

  if (action != NULL && g_strv_contains (critical, action))
    return STROMA_SAFETY_SEVERITY_CRITICAL;

  return STROMA_SAFETY_SEVERITY_WARNING;
}

/**
 * stroma_safety_action_label:
 * @action: a safety rule's action id
 *
 * Returns: what the action asks for, translated; @action itself when unknown
 */
const char *
stroma_safety_action_label (const char *action)
{
  g_return_val_if_fail (action != NULL, NULL);

  /* Translators: what a safety alert asks for; the start of the alert's message */
  if (g_str_equal (action, "flag-dlt"))
    return _("Dose-limiting toxicity");
  if (g_str_equal (action, "flag-dose-reduction"))
    return _("Reduce the dose");
  if (g_str_equal (action, "suspend-trial"))
    return _("Suspend the trial for re-evaluation");
  if (g_str_equal (action, "stop-product"))
    return _("Stop the study product");
  if (g_str_equal (action, "stop-subject"))
    return _("End the subject’s participation");

  return action;
}

/**
 * stroma_safety_alert_free:
 * @alert: (nullable): an alert
 *
 * Frees @alert and everything it holds.
 */
void
stroma_safety_alert_free (StromaSafetyAlert *alert)
{
  if (alert == NULL)
    return;

  g_free (alert->rule_id);
  g_free (alert->action);
  g_free (alert->event);
  g_free (alert->subject_code);
  g_free (alert->date);
  g_free (alert->term);
  g_free (alert->relationship);
  g_free (alert->anchor);
  g_free (alert->anchor_date);
  g_free (alert->message);
  g_free (alert);
}

/**
 * stroma_safety_is_related:
 * @safety: the protocol's safety section
 * @relationship: (nullable): an adverse event's relationship to the study treatment
 * @assessed: (out) (optional): whether a relationship is recorded
 *
 * An adverse event without a recorded relationship counts as related: a safety rule should
 * rather ask than stay silent. @assessed tells the caller to ask.
 *
 * Returns: whether the protocol counts @relationship as related
 */
gboolean
stroma_safety_is_related (const StromaSafety *safety,
                          const char         *relationship,
                          gboolean           *assessed)
{
  g_return_val_if_fail (safety != NULL, FALSE);

  if (relationship == NULL || *relationship == '\0')
    {
      if (assessed != NULL)
        *assessed = FALSE;
      return TRUE;
    }

  if (assessed != NULL)
    *assessed = TRUE;

  return safety->related_relationships != NULL &&
         g_strv_contains ((const char * const *) safety->related_relationships, relationship);
}

/* Events */

/* One occurrence of a rule's event, before its anchor is checked. */
typedef struct
{
  GDate                     date;
  StromaRecordKind          kind;
  gint64                    id;
  const StromaAdverseEvent *ae;          /* NULL for follow-ups and dispositions */
  gboolean                  unassessed;  /* related only because no relationship is recorded */
} Event;

/* Where a window counts from. */
typedef struct
{
  GDate date;
  guint infusion_number;   /* 0 unless the anchor is an infusion */
  gint  days_after;
} Anchor;

static gboolean
term_listed (const char * const *terms,
             const char         *term)
{
  if (terms == NULL)
    return TRUE;
  if (term == NULL)
    return FALSE;

  for (guint i = 0; terms[i] != NULL; i++)
    {
      g_autofree char *a = g_utf8_casefold (terms[i], -1);
      g_autofree char *b = g_utf8_casefold (term, -1);

      if (g_str_equal (a, b))
        return TRUE;
    }

  return FALSE;
}

/* Whether @ae meets the rule's term, grade and relationship conditions (not its window). */
static gboolean
ae_meets_rule (const StromaSafety       *safety,
               const StromaSafetyRule   *rule,
               const StromaAdverseEvent *ae,
               gboolean                 *unassessed)
{
  gboolean assessed = TRUE;

  *unassessed = FALSE;

  if (ae->parent.voided || !term_listed ((const char * const *) rule->terms, ae->term))
    return FALSE;

  if (rule->min_grade > 0 && (ae->grade == STROMA_NO_INT || ae->grade < rule->min_grade))
    return FALSE;

  if (rule->related_only && g_str_equal (rule->event, "adverse-event"))
    {
      if (!stroma_safety_is_related (safety, ae->relationship, &assessed))
        return FALSE;
      *unassessed = !assessed;
    }

  return TRUE;
}

static void
add_ae_events (const StromaSafety        *safety,
               const StromaSafetyRule    *rule,
               const StromaSubjectRecord *record,
               const GDate               *as_of,
               GArray                    *events)
{
  for (guint i = 0; record->adverse_events != NULL && i < record->adverse_events->len; i++)
    {
      const StromaAdverseEvent *ae = record->adverse_events->pdata[i];
      Event event = { .kind = STROMA_RECORD_ADVERSE_EVENT, .id = ae->parent.id, .ae = ae };

      if (!stroma_safety_parse_date (ae->onset_date, &event.date) ||
          g_date_compare (&event.date, as_of) > 0 ||
          !ae_meets_rule (safety, rule, ae, &event.unassessed))
        continue;

      g_array_append_val (events, event);
    }
}

/* A death is recorded up to three times (follow-up, disposition, grade 5 adverse event); the
 * earliest date stands for it, and a follow-up is preferred on the same day. */
static void
add_death (const StromaSubjectRecord *record,
           const GDate               *as_of,
           GArray                    *events)
{
  Event death = { .kind = STROMA_N_RECORD_KINDS };
  Event candidate;

  g_date_clear (&death.date, 1);

#define CONSIDER(k, record_id, text, adverse)                                                \
  G_STMT_START {                                                                            \
    candidate = (Event) { .kind = (k), .id = (record_id), .ae = (adverse) };                \
    if (stroma_safety_parse_date ((text), &candidate.date) &&                               \
        g_date_compare (&candidate.date, as_of) <= 0 &&                                     \
        (!g_date_valid (&death.date) || g_date_compare (&candidate.date, &death.date) < 0)) \
      death = candidate;                                                                    \
  } G_STMT_END

  for (guint i = 0; record->follow_ups != NULL && i < record->follow_ups->len; i++)
    {
      const StromaFollowUp *f = record->follow_ups->pdata[i];

      if (!f->parent.voided && g_strcmp0 (f->kind, "death") == 0)
        CONSIDER (STROMA_RECORD_FOLLOW_UP, f->parent.id, f->event_date, NULL);
    }

  for (guint i = 0; record->dispositions != NULL && i < record->dispositions->len; i++)
    {
      const StromaDisposition *d = record->dispositions->pdata[i];

      if (!d->parent.voided && g_strcmp0 (d->event, "died") == 0)
        CONSIDER (STROMA_RECORD_DISPOSITION, d->parent.id, d->event_date, NULL);
    }

  for (guint i = 0; record->adverse_events != NULL && i < record->adverse_events->len; i++)
    {
      const StromaAdverseEvent *ae = record->adverse_events->pdata[i];

      if (!ae->parent.voided && ae->grade == 5)
        CONSIDER (STROMA_RECORD_ADVERSE_EVENT, ae->parent.id, ae->onset_date, ae);
    }

#undef CONSIDER

  if (g_date_valid (&death.date))
    g_array_append_val (events, death);
}

static void
add_follow_ups (const StromaSubjectRecord *record,
                const char                *kind,
                const GDate               *as_of,
                GArray                    *events)
{
  for (guint i = 0; record->follow_ups != NULL && i < record->follow_ups->len; i++)
    {
      const StromaFollowUp *f = record->follow_ups->pdata[i];
      Event event = { .kind = STROMA_RECORD_FOLLOW_UP, .id = f->parent.id };

      if (f->parent.voided || g_strcmp0 (f->kind, kind) != 0 ||
          !stroma_safety_parse_date (f->event_date, &event.date) ||
          g_date_compare (&event.date, as_of) > 0)
        continue;

      g_array_append_val (events, event);
    }
}

static GArray *
find_events (const StromaSafety        *safety,
             const StromaSafetyRule    *rule,
             const StromaSubjectRecord *record,
             const GDate               *as_of)
{
  GArray *events = g_array_new (FALSE, TRUE, sizeof (Event));

  if (g_str_equal (rule->event, "adverse-event") ||
      g_str_equal (rule->event, "mechanical-ventilation"))
    add_ae_events (safety, rule, record, as_of, events);
  else if (g_str_equal (rule->event, "death"))
    add_death (record, as_of, events);
  else if (g_str_equal (rule->event, "relapse") || g_str_equal (rule->event, "progression"))
    add_follow_ups (record, rule->event, as_of, events);
  else
    g_debug ("Safety rule “%s”: event “%s” is not known here", rule->id, rule->event);

  return events;
}

/* Whether @date falls in the rule's window, and where the window counted from. Rules without
 * `after` hold at any time. */
static gboolean
find_anchor (const StromaSafetyRule    *rule,
             const StromaSubjectRecord *record,
             const GDate               *date,
             Anchor                    *anchor)
{
  *anchor = (Anchor) { 0 };
  g_date_clear (&anchor->date, 1);

  if (rule->after == NULL)
    return TRUE;

  if (g_str_equal (rule->after, "infusion"))
    {
      /* The latest infusion given on or before the event: the nearest one. */
      for (guint i = 0; record->infusions != NULL && i < record->infusions->len; i++)
        {
          const StromaInfusion *infusion = record->infusions->pdata[i];
          GDate given;

          if (stroma_safety_infusion_given (infusion, date, &given) &&
              (!g_date_valid (&anchor->date) || g_date_compare (&given, &anchor->date) >= 0))
            {
              anchor->date = given;
              anchor->infusion_number = infusion->number != STROMA_NO_INT
                                        ? (guint) infusion->number : i + 1;
            }
        }
    }
  else if (g_str_equal (rule->after, "day0"))
    {
      if (record->transplant != NULL && !record->transplant->parent.voided)
        stroma_safety_parse_date (record->transplant->day0_date, &anchor->date);
    }
  else if (g_str_equal (rule->after, "treatment_start"))
    {
      if (record->subject != NULL)
        stroma_safety_parse_date (record->subject->treatment_start, &anchor->date);
    }

  if (!g_date_valid (&anchor->date))
    return FALSE;

  anchor->days_after = stroma_safety_days_between (&anchor->date, date);
  if (anchor->days_after < 0)
    return FALSE;

  return rule->window_days == 0 || anchor->days_after <= (gint) rule->window_days;
}

/* Whether the subject's arm receives the study product; unknown counts as yes. */
static gboolean
receives_product (const StromaProtocol       *protocol,
                  const StromaSubjectRecord  *record)
{
  const StromaArm *arm = NULL;

  if (record->allocation != NULL && record->allocation->arm != NULL)
    arm = stroma_protocol_find_arm (protocol, record->allocation->arm);
  else if (protocol->arms != NULL && protocol->arms->len == 1)
    arm = protocol->arms->pdata[0];

  return arm == NULL || arm->receives_product;
}

/* Messages */

static char *
describe_event (const StromaSafetyRule *rule,
                const Event            *event,
                const char             *date)
{
  if (event->ae != NULL)
    {
      const char *term = event->ae->term != NULL ? event->ae->term : _("adverse event");
      gint grade = event->ae->grade != STROMA_NO_INT ? (gint) event->ae->grade : 0;

      if (event->ae->relationship == NULL || *event->ae->relationship == '\0')
        /* Translators: an adverse event: grade, CTCAE term, onset date */
        return g_strdup_printf (_("grade %d %s (relationship not recorded) on %s"),
                                grade, term, date);

      /* Translators: an adverse event: grade, CTCAE term, relationship to the study
       * treatment ("possible", "probable"…), onset date */
      return g_strdup_printf (_("grade %d %s (%s) on %s"), grade, term,
                              event->ae->relationship, date);
    }

  if (g_str_equal (rule->event, "death"))
    return g_strdup_printf (_("death on %s"), date);
  if (g_str_equal (rule->event, "relapse"))
    return g_strdup_printf (_("relapse on %s"), date);
  if (g_str_equal (rule->event, "progression"))
    return g_strdup_printf (_("progression on %s"), date);

  return g_strdup_printf ("%s %s", rule->event, date);
}

static char *
describe_anchor (const StromaSafetyRule *rule,
                 const Anchor           *anchor,
                 const char             *anchor_date)
{
  gint n = anchor->days_after;

  if (rule->after == NULL)
    return NULL;

  if (g_str_equal (rule->after, "infusion"))
    {
      if (n == 0)
        return g_strdup_printf (_("the day of infusion %u"), anchor->infusion_number);
      /* Translators: days from an infusion, its number and date */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day after infusion %u on %s",
                                           "%d days after infusion %u on %s", (gulong) n),
                              n, anchor->infusion_number, anchor_date);
    }

  if (g_str_equal (rule->after, "day0"))
    /* Translators: the transplant day number (day 0 = stem-cell infusion) and the date of
     * day 0 */
    return g_strdup_printf (_("day +%d of the transplant on %s"), n, anchor_date);

  /* Translators: days from the start of study treatment and its date */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%d day after the start of treatment on %s",
                                       "%d days after the start of treatment on %s", (gulong) n),
                          n, anchor_date);
}

static char *
compose_message (const StromaSafetyRule *rule,
                 const Event            *event,
                 const Anchor           *anchor,
                 const char             *date,
                 const char             *anchor_date,
                 gboolean                needs_review)
{
  g_autofree char *what = describe_event (rule, event, date);
  g_autofree char *when = describe_anchor (rule, anchor, anchor_date);
  g_autofree char *action = NULL;

  if (needs_review)
    /* Translators: an alert the investigator must confirm; %s is the action */
    action = g_strdup_printf (_("%s — to be confirmed by the investigator"),
                              stroma_safety_action_label (rule->action));
  else
    action = g_strdup (stroma_safety_action_label (rule->action));

  if (when != NULL)
    /* Translators: action, event, and when it happened: "Reduce the dose: grade 3 Sepsis
     * (possible) on 2025-03-10, 5 days after infusion 2 on 2025-03-05." */
    return g_strdup_printf (_("%s: %s, %s."), action, what, when);

  /* Translators: action and event: "Dose-limiting toxicity: grade 3 Sepsis (possible) on
   * 2025-03-10." */
  return g_strdup_printf (_("%s: %s."), action, what);
}

/* Evaluation */

static gint
compare_alerts (gconstpointer a,
                gconstpointer b)
{
  const StromaSafetyAlert *x = *(const StromaSafetyAlert * const *) a;
  const StromaSafetyAlert *y = *(const StromaSafetyAlert * const *) b;

  return g_strcmp0 (x->date, y->date);
}

/* One alert per action and record: a rule that needs review gives way to one that does not
 * (grade 3 related is a DLT; the grade-2 immune rule need not ask about it too). */
static gboolean
merge_alert (GPtrArray         *alerts,
             StromaSafetyAlert *alert)
{
  for (guint i = 0; i < alerts->len; i++)
    {
      StromaSafetyAlert *other = alerts->pdata[i];

      if (other->record_kind != alert->record_kind || other->record_id != alert->record_id ||
          !g_str_equal (other->action, alert->action))
        continue;

      if (other->needs_review && !alert->needs_review)
        {
          g_ptr_array_index (alerts, i) = alert;
          stroma_safety_alert_free (other);
          return TRUE;
        }

      stroma_safety_alert_free (alert);
      return TRUE;
    }

  g_ptr_array_add (alerts, alert);
  return TRUE;
}

/**
 * stroma_safety_evaluate:
 * @protocol: the trial's protocol
 * @record: everything recorded for one subject
 * @as_of: the ISO date to evaluate at; later records are ignored
 * @error: return location for a #GError
 *
 * Checks @record against every rule of the protocol's safety section. An adverse event,
 * death, relapse or progression raises the rule's action when it meets the rule's grade and
 * relationship and falls within its window after the anchor (see data/protocols/README.md).
 * Each record raises an action at most once. A protocol without a safety section raises
 * nothing.
 *
 * Returns: (transfer full) (element-type StromaSafetyAlert): the alerts, by date
 */
GPtrArray *
stroma_safety_evaluate (const StromaProtocol       *protocol,
                        const StromaSubjectRecord  *record,
                        const char                 *as_of,
                        GError                    **error)
{
  g_autoptr(GPtrArray) alerts = NULL;
  gboolean product;
  GDate today;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!stroma_safety_check_as_of (as_of, &today, STROMA_SAFETY_ERROR,
                                  STROMA_SAFETY_ERROR_INVALID_DATE, error))
    return NULL;

  alerts = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_safety_alert_free);
  if (protocol->safety == NULL)
    return g_steal_pointer (&alerts);

  product = receives_product (protocol, record);

  for (guint i = 0; i < protocol->safety->rules->len; i++)
    {
      const StromaSafetyRule *rule = protocol->safety->rules->pdata[i];
      g_autoptr(GArray) events = NULL;

      /* Stopping the product means nothing to a subject who does not receive it. */
      if (!product && g_str_equal (rule->action, "stop-product"))
        continue;

      events = find_events (protocol->safety, rule, record, &today);

      for (guint j = 0; j < events->len; j++)
        {
          const Event *event = &g_array_index (events, Event, j);
          StromaSafetyAlert *alert;
          Anchor anchor;

          if (!find_anchor (rule, record, &event->date, &anchor))
            continue;

          alert = g_new0 (StromaSafetyAlert, 1);
          alert->rule_id = g_strdup (rule->id);
          alert->action = g_strdup (rule->action);
          alert->event = g_strdup (rule->event);
          alert->severity = stroma_safety_action_severity (rule->action);
          alert->subject_code = g_strdup (record->subject != NULL ? record->subject->code : NULL);
          alert->date = stroma_safety_format_date (&event->date);
          alert->record_kind = event->kind;
          alert->record_id = event->id;
          if (event->ae != NULL)
            {
              alert->term = g_strdup (event->ae->term);
              alert->grade = event->ae->grade != STROMA_NO_INT ? (gint) event->ae->grade : 0;
              alert->relationship = g_strdup (event->ae->relationship);
            }
          alert->anchor = g_strdup (rule->after);
          alert->anchor_date = stroma_safety_format_date (&anchor.date);
          alert->infusion_number = anchor.infusion_number;
          alert->days_after = anchor.days_after;
          alert->needs_review = rule->needs_review || event->unassessed;
          alert->message = compose_message (rule, event, &anchor, alert->date,
                                            alert->anchor_date, alert->needs_review);

          merge_alert (alerts, alert);
        }
    }

  /* Stable: alerts of one day keep the protocol's rule order. */
  g_ptr_array_sort (alerts, compare_alerts);

  return g_steal_pointer (&alerts);
}

/**
 * stroma_safety_match_dlt:
 * @protocol: the trial's protocol
 * @record: the subject's record
 * @ae: one of the subject's adverse events
 * @needs_review: (out) (optional): whether the match only proposes a DLT: the rule needs
 *   review, or the relationship is not recorded
 *
 * Classifies @ae by the protocol's "flag-dlt" rules: grade, relationship and window after the
 * anchor.
 *
 * Returns: (nullable): the first "flag-dlt" rule @ae meets, preferring a firm match to a
 *   proposal, or %NULL
 */
const StromaSafetyRule *
stroma_safety_match_dlt (const StromaProtocol       *protocol,
                         const StromaSubjectRecord  *record,
                         const StromaAdverseEvent   *ae,
                         gboolean                   *needs_review)
{
  const StromaSafetyRule *proposed = NULL;
  GDate onset;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (ae != NULL, NULL);

  if (needs_review != NULL)
    *needs_review = FALSE;

  if (protocol->safety == NULL || !stroma_safety_parse_date (ae->onset_date, &onset))
    return NULL;

  for (guint i = 0; i < protocol->safety->rules->len; i++)
    {
      const StromaSafetyRule *rule = protocol->safety->rules->pdata[i];
      gboolean unassessed;
      Anchor anchor;

      if (!g_str_equal (rule->action, "flag-dlt") ||
          !g_str_equal (rule->event, "adverse-event") ||
          !ae_meets_rule (protocol->safety, rule, ae, &unassessed) ||
          !find_anchor (rule, record, &onset, &anchor))
        continue;

      if (!rule->needs_review && !unassessed)
        return rule;
      if (proposed == NULL)
        proposed = rule;
    }

  if (proposed != NULL && needs_review != NULL)
    *needs_review = TRUE;

  return proposed;
}

/* Reporting period */

/**
 * stroma_reporting_period_free:
 * @period: (nullable): a reporting period
 *
 * Frees @period and everything it holds.
 */
void
stroma_reporting_period_free (StromaReportingPeriod *period)
{
  if (period == NULL)
    return;

  g_free (period->start);
  g_free (period->last_treatment);
  g_free (period->end);
  g_free (period);
}

static void
take_later (GDate       *latest,
            const GDate *date)
{
  if (!g_date_valid (latest) || g_date_compare (date, latest) > 0)
    *latest = *date;
}

/**
 * stroma_safety_reporting_period:
 * @protocol: the trial's protocol
 * @record: the subject's record
 * @as_of: the ISO date to evaluate at
 * @error: return location for a #GError
 *
 * The adverse-event reporting period: from the protocol's start event to its number of days
 * after the last study treatment — the latest infusion given, or the latest day of a
 * medication that belongs to a standard-care item. A medication still running on @as_of
 * counts to @as_of, and while any treatment is running (or an infusion is still planned, and
 * the subject has no disposition) the end is provisional.
 *
 * Returns: (transfer full): the period, or %NULL with @error set when @as_of is not a date or
 *   the protocol states no reporting period
 */
StromaReportingPeriod *
stroma_safety_reporting_period (const StromaProtocol       *protocol,
                                const StromaSubjectRecord  *record,
                                const char                 *as_of,
                                GError                    **error)
{
  g_autoptr(StromaReportingPeriod) period = NULL;
  const StromaSafety *safety;
  gboolean running = FALSE, disposed = FALSE;
  GDate today, start, last, stop;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!stroma_safety_check_as_of (as_of, &today, STROMA_SAFETY_ERROR,
                                  STROMA_SAFETY_ERROR_INVALID_DATE, error))
    return NULL;

  safety = protocol->safety;
  if (safety == NULL || safety->reporting_start == NULL ||
      safety->reporting_days_after_last_treatment == 0)
    {
      g_set_error (error, STROMA_SAFETY_ERROR, STROMA_SAFETY_ERROR_NOT_STATED,
                   _("The protocol states no adverse-event reporting period"));
      return NULL;
    }

  period = g_new0 (StromaReportingPeriod, 1);
  g_date_clear (&start, 1);
  g_date_clear (&last, 1);

  if (g_str_equal (safety->reporting_start, "consent"))
    {
      if (record->consent != NULL && !record->consent->parent.voided)
        stroma_safety_parse_date (record->consent->consent_date, &start);
    }
  else if (g_str_equal (safety->reporting_start, "randomization"))
    {
      if (record->allocation != NULL && !record->allocation->parent.voided)
        stroma_safety_parse_date (record->allocation->allocated_at, &start);
    }
  else if (g_str_equal (safety->reporting_start, "treatment_start"))
    {
      if (record->subject != NULL)
        stroma_safety_parse_date (record->subject->treatment_start, &start);
    }
  period->start = stroma_safety_format_date (&start);

  /* Treatment stops at a disposition, whatever is still open. */
  stop = today;
  for (guint i = 0; record->dispositions != NULL && i < record->dispositions->len; i++)
    {
      const StromaDisposition *d = record->dispositions->pdata[i];
      GDate date;

      if (!d->parent.voided && stroma_safety_parse_date (d->event_date, &date) &&
          g_date_compare (&date, &today) <= 0)
        {
          disposed = TRUE;
          if (g_date_compare (&date, &stop) < 0)
            stop = date;
        }
    }

  for (guint i = 0; record->infusions != NULL && i < record->infusions->len; i++)
    {
      const StromaInfusion *infusion = record->infusions->pdata[i];
      GDate date;

      if (stroma_safety_infusion_given (infusion, &today, &date))
        take_later (&last, &date);
      else if (!infusion->parent.voided &&
               (g_strcmp0 (infusion->status, "planned") == 0 ||
                g_strcmp0 (infusion->status, "delayed") == 0))
        running = TRUE;
    }

  for (guint i = 0; record->medications != NULL && i < record->medications->len; i++)
    {
      const StromaMedication *medication = record->medications->pdata[i];
      gboolean is_care = FALSE;
      GDate begun, ended;

      for (guint j = 0; protocol->standard_care != NULL && j < protocol->standard_care->len; j++)
        is_care = is_care || stroma_safety_medication_is_care (medication,
                                                               protocol->standard_care->pdata[j]);

      if (!is_care || !stroma_safety_parse_date (medication->start_date, &begun) ||
          g_date_compare (&begun, &today) > 0)
        continue;

      if (stroma_safety_parse_date (medication->end_date, &ended) &&
          g_date_compare (&ended, &today) <= 0)
        {
          take_later (&last, &ended);
        }
      else
        {
          /* Still running: given up to today (or the disposition) so far. */
          running = TRUE;
          take_later (&last, g_date_compare (&stop, &begun) >= 0 ? &stop : &begun);
        }
    }

  period->provisional = running && !disposed;

  if (g_date_valid (&last))
    {
      GDate end = last;

      g_date_add_days (&end, safety->reporting_days_after_last_treatment);
      period->last_treatment = stroma_safety_format_date (&last);
      period->end = stroma_safety_format_date (&end);
    }

  return g_steal_pointer (&period);
}

/**
 * stroma_reporting_period_contains:
 * @period: a reporting period
 * @date: an ISO date
 *
 * Returns: whether @date falls in @period, both ends included. A period without a start is
 *   open at the start; one without an end (no treatment yet) is open at the end.
 */
gboolean
stroma_reporting_period_contains (const StromaReportingPeriod *period,
                                  const char                  *date)
{
  GDate day, bound;

  g_return_val_if_fail (period != NULL, FALSE);

  if (!stroma_safety_parse_date (date, &day))
    return FALSE;

  if (stroma_safety_parse_date (period->start, &bound) && g_date_compare (&day, &bound) < 0)
    return FALSE;
  if (stroma_safety_parse_date (period->end, &bound) && g_date_compare (&day, &bound) > 0)
    return FALSE;

  return TRUE;
}
