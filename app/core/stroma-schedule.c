/* stroma-schedule.c — product doses and observations: what is due, when, and what is late
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-schedule"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "stroma-schedule.h"
#include "stroma-schedule-private.h"

/* A window end that never comes (an open-ended phase). */
#define NO_END G_MAXUINT32

G_DEFINE_QUARK (stroma-schedule-error-quark, stroma_schedule_error)

static const char * const status_ids[] = {
  [STROMA_SCHEDULE_PLANNED] = "planned",
  [STROMA_SCHEDULE_DUE] = "due",
  [STROMA_SCHEDULE_OVERDUE] = "overdue",
  [STROMA_SCHEDULE_GIVEN] = "given",
  [STROMA_SCHEDULE_MISSED] = "missed",
  [STROMA_SCHEDULE_DONE] = "done",
};

static const char * const skip_ids[] = {
  [STROMA_OBSERVATION_SKIP_AS_NEEDED] = "as-needed",
  [STROMA_OBSERVATION_SKIP_NO_DATE] = "no-date",
  [STROMA_OBSERVATION_SKIP_ENDPOINT_UNKNOWN] = "endpoint-unknown",
  [STROMA_OBSERVATION_SKIP_ENDPOINT_NOT_MET] = "endpoint-not-met",
};

/**
 * stroma_schedule_status_to_string:
 * @status: a status
 *
 * Returns: the status's stable id: "planned", "due", "overdue", "given", "missed" or "done"
 */
const char *
stroma_schedule_status_to_string (StromaScheduleStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_ids), NULL);

  return status_ids[status];
}

/**
 * stroma_schedule_status_from_string:
 * @id: a status id
 * @status: (out): the status
 *
 * Returns: %TRUE if @id is one of the ids stroma_schedule_status_to_string() returns
 */
gboolean
stroma_schedule_status_from_string (const char           *id,
                                    StromaScheduleStatus *status)
{
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (status_ids); i++)
    if (strcmp (id, status_ids[i]) == 0)
      {
        *status = i;
        return TRUE;
      }

  return FALSE;
}

/**
 * stroma_observation_skip_to_string:
 * @reason: why a phase was not scheduled
 *
 * Returns: the reason's stable id: "as-needed", "no-date", "endpoint-unknown" or
 *   "endpoint-not-met"
 */
const char *
stroma_observation_skip_to_string (StromaObservationSkip reason)
{
  g_return_val_if_fail (reason < G_N_ELEMENTS (skip_ids), NULL);

  return skip_ids[reason];
}

/* Dates */

gboolean
stroma_schedule_date_parse (const char *text,
                            guint32    *julian)
{
  GDate date;
  guint y = 0, m = 0, d = 0;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    {
      if (i == 4 || i == 7)
        continue;
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  y = g_ascii_digit_value (text[0]) * 1000 + g_ascii_digit_value (text[1]) * 100 +
      g_ascii_digit_value (text[2]) * 10 + g_ascii_digit_value (text[3]);
  m = g_ascii_digit_value (text[5]) * 10 + g_ascii_digit_value (text[6]);
  d = g_ascii_digit_value (text[8]) * 10 + g_ascii_digit_value (text[9]);

  if (!g_date_valid_dmy (d, m, y))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  *julian = g_date_get_julian (&date);

  return TRUE;
}

char *
stroma_schedule_date_format (guint32 julian)
{
  GDate date;

  g_return_val_if_fail (g_date_valid_julian (julian), NULL);

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static gboolean
parse_date_arg (const char  *what,
                const char  *text,
                guint32     *julian,
                GError     **error)
{
  if (stroma_schedule_date_parse (text, julian))
    return TRUE;

  g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_DATE,
               _("%s “%s” is not a date: write it as YYYY-MM-DD."), what, text);
  return FALSE;
}

/* A date recorded for a subject, named in the error so that the record can be found. */
static gboolean
parse_record_date (const StromaSubjectRecord  *record,
                   const char                 *what,
                   const char                 *text,
                   guint32                    *julian,
                   GError                    **error)
{
  if (stroma_schedule_date_parse (text, julian))
    return TRUE;

  g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_DATE,
               _("%s: %s “%s” is not a date (YYYY-MM-DD)."),
               record->subject->code != NULL ? record->subject->code : "?", what, text);
  return FALSE;
}

static GTimeZone *
site_time_zone (const char  *identifier,
                GError     **error)
{
  GTimeZone *tz;

  if (identifier == NULL)
    return g_time_zone_new_utc ();

  if ((tz = g_time_zone_new_identifier (identifier)) == NULL)
    g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_TIME_ZONE,
                 _("“%s” is not a time zone: use a name such as “Asia/Shanghai” or an offset "
                   "such as “+08:00”."), identifier);

  return tz;
}

/* The site's calendar date of a UTC time ("2024-03-12T02:18:00Z"); a bare date is taken as
 * the site's date already. A time without a zone is read as UTC, never as the process's. */
static gboolean
site_date_of_time (const StromaSubjectRecord  *record,
                   const char                 *text,
                   GTimeZone                  *site,
                   guint32                    *julian,
                   GError                    **error)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  GDate date;

  if (stroma_schedule_date_parse (text, julian))
    return TRUE;

  if ((time = g_date_time_new_from_iso8601 (text, utc)) == NULL)
    {
      g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_DATE,
                   _("%s: the time “%s” cannot be read: write it as YYYY-MM-DDTHH:MM:SSZ."),
                   record->subject->code != NULL ? record->subject->code : "?", text);
      return FALSE;
    }

  local = g_date_time_to_timezone (time, site);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, g_date_time_get_day_of_month (local), g_date_time_get_month (local),
                  g_date_time_get_year (local));
  *julian = g_date_get_julian (&date);

  return TRUE;
}

/* The first date the subject left the study (disposition) or died, 0 if neither. */
static gboolean
stop_date (const StromaSubjectRecord  *record,
           guint32                    *stop,
           GError                    **error)
{
  *stop = 0;

  for (guint i = 0; record->dispositions != NULL && i < record->dispositions->len; i++)
    {
      const StromaDisposition *d = record->dispositions->pdata[i];
      guint32 date;

      if (d->parent.voided || d->event_date == NULL)
        continue;
      if (!parse_record_date (record, _("disposition date"), d->event_date, &date, error))
        return FALSE;
      if (*stop == 0 || date < *stop)
        *stop = date;
    }

  for (guint i = 0; record->follow_ups != NULL && i < record->follow_ups->len; i++)
    {
      const StromaFollowUp *f = record->follow_ups->pdata[i];
      guint32 date;

      if (f->parent.voided || f->event_date == NULL || g_strcmp0 (f->kind, "death") != 0)
        continue;
      if (!parse_record_date (record, _("date of death"), f->event_date, &date, error))
        return FALSE;
      if (*stop == 0 || date < *stop)
        *stop = date;
    }

  return TRUE;
}

static guint32
add_days (guint32 julian,
          gint64  days)
{
  gint64 result = (gint64) julian + days;

  return (guint32) CLAMP (result, 1, (gint64) G_MAXUINT32 - 1);
}

/* The investigational product */

static void
product_dose_free (StromaProductDose *dose)
{
  g_free (dose->due_date);
  g_free (dose->window_start);
  g_free (dose->window_end);
  g_free (dose->scheduled_date);
  g_free (dose->given_date);
  g_free (dose->given_at);
  g_free (dose->record_status);
  g_free (dose->reason);
  g_free (dose);
}

/**
 * stroma_product_plan_free:
 * @self: (nullable): a plan
 */
void
stroma_product_plan_free (StromaProductPlan *self)
{
  if (self == NULL)
    return;

  g_free (self->subject_code);
  g_free (self->as_of);
  g_free (self->start_date);
  g_free (self->delay_rule);
  g_free (self->planned_until);
  g_free (self->stopped_on);
  g_clear_pointer (&self->doses, g_ptr_array_unref);
  g_free (self);
}

/**
 * stroma_product_plan_get_dose:
 * @self: a plan
 * @number: a 1-based dose number
 *
 * Returns: (transfer none) (nullable): the dose, or %NULL if the plan has no such dose
 */
const StromaProductDose *
stroma_product_plan_get_dose (const StromaProductPlan *self,
                              guint                    number)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->doses->len; i++)
    {
      const StromaProductDose *dose = self->doses->pdata[i];

      if (dose->number == number)
        return dose;
    }

  return NULL;
}

/* What one infusion record says, read once. */
typedef struct
{
  const StromaInfusion *infusion;
  gboolean              given;       /* given on or before the as-of date */
  gboolean              missed;
  gboolean              has_date;    /* given on a known date */
  guint32               given_date;
} Recorded;

static int
record_rank (const StromaInfusion *infusion)
{
  if (g_strcmp0 (infusion->status, "given") == 0)
    return 2;
  if (g_strcmp0 (infusion->status, "missed") == 0)
    return 1;

  return 0;
}

/* One record per infusion number: a given dose wins over a missed one, which wins over a
 * plan or a delay. */
static GArray *
read_infusions (const StromaSubjectRecord  *record,
                GTimeZone                  *site,
                guint32                     as_of,
                GError                    **error)
{
  g_autoptr(GArray) by_number = g_array_new (FALSE, TRUE, sizeof (Recorded));

  for (guint i = 0; record->infusions != NULL && i < record->infusions->len; i++)
    {
      const StromaInfusion *infusion = record->infusions->pdata[i];
      Recorded *slot;

      if (infusion->parent.voided || infusion->number == STROMA_NO_INT ||
          infusion->number < 1 || infusion->number > G_MAXUINT16)
        continue;

      if ((guint) infusion->number >= by_number->len)
        g_array_set_size (by_number, infusion->number + 1);

      slot = &g_array_index (by_number, Recorded, infusion->number);
      if (slot->infusion != NULL && record_rank (slot->infusion) > record_rank (infusion))
        continue;

      memset (slot, 0, sizeof *slot);
      slot->infusion = infusion;

      if (g_strcmp0 (infusion->status, "given") == 0)
        {
          if (infusion->given_at != NULL)
            {
              if (!site_date_of_time (record, infusion->given_at, site, &slot->given_date,
                                      error))
                return NULL;
              slot->has_date = TRUE;
            }
          /* Looking back at an earlier date, a dose given later is not given yet. */
          slot->given = !slot->has_date || slot->given_date <= as_of;
        }
      else if (g_strcmp0 (infusion->status, "missed") == 0)
        slot->missed = TRUE;
    }

  return g_steal_pointer (&by_number);
}

/**
 * stroma_product_plan_new:
 * @protocol: the subject's protocol
 * @record: the subject's record
 * @as_of: the ISO date the statuses are for (the coordinator's today)
 * @options: (nullable): the site's time zone and the planning horizon; %NULL for
 *   %STROMA_SCHEDULE_OPTIONS_INIT
 * @error: return location for a #GError
 *
 * Plans the subject's investigational product from its first dose: treatment start or day 0,
 * as the protocol says. Each dose's due date follows the delay rule, its window the
 * protocol's; infusion records are matched by number, and a dose recorded as "delayed" is due
 * on the record's planned date (the doses after it follow by the delay rule). The status of
 * each dose on @as_of is:
 * given or missed as recorded; otherwise planned before its window, due while it is open,
 * overdue once it has closed. A dose given outside its window is flagged.
 *
 * The target is the protocol's cells/kg (at the subject's cohort level when the protocol has
 * dose levels) times the latest weight known: the weight recorded at the last infusion given,
 * else the subject's. A schedule "until stopped" is planned to @as_of plus the horizon.
 * Nothing is planned from the subject's first disposition or death on.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set: %STROMA_SCHEDULE_ERROR_NO_PRODUCT
 *   and %STROMA_SCHEDULE_ERROR_NOT_STARTED mean there is nothing to plan for this subject
 */
StromaProductPlan *
stroma_product_plan_new (const StromaProtocol         *protocol,
                         const StromaSubjectRecord    *record,
                         const char                   *as_of,
                         const StromaScheduleOptions  *options,
                         GError                      **error)
{
  static const StromaScheduleOptions defaults = STROMA_SCHEDULE_OPTIONS_INIT;
  g_autoptr(StromaProductPlan) plan = NULL;
  g_autoptr(GTimeZone) site = NULL;
  g_autoptr(GArray) recorded = NULL;
  const StromaProductSchedule *product;
  const StromaSubject *subject;
  const char *start_text;
  guint32 today, start, stop, horizon_end = 0, latest_date = 0;
  guint32 due = 0, previous_due = 0;
  gboolean shift_following, previous_given = FALSE;
  guint32 previous_given_date = 0;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL && record->subject != NULL, NULL);
  g_return_val_if_fail (as_of != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  subject = record->subject;
  product = protocol->product;

  if (product == NULL)
    {
      g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_NO_PRODUCT,
                   _("Protocol %s has no investigational product."), protocol->id);
      return NULL;
    }

  if (record->allocation != NULL && record->allocation->arm != NULL)
    {
      const StromaArm *arm = stroma_protocol_find_arm (protocol, record->allocation->arm);

      if (arm != NULL && !arm->receives_product)
        {
          g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_NO_PRODUCT,
                       _("%s: the %s arm does not receive the investigational product."),
                       subject->code != NULL ? subject->code : "?", arm->label);
          return NULL;
        }
    }

  if (!parse_date_arg (_("The as-of date"), as_of, &today, error) ||
      !(site = site_time_zone (options->time_zone ? options->time_zone : protocol->time_zone,
                                error)))
    return NULL;

  if (g_strcmp0 (product->relative_to, "day0") == 0)
    start_text = record->transplant != NULL ? record->transplant->day0_date : NULL;
  else
    start_text = subject->treatment_start;

  if (start_text == NULL)
    {
      g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_NOT_STARTED,
                   g_strcmp0 (product->relative_to, "day0") == 0
                   ? _("%s: no transplant date (day 0) is recorded yet.")
                   : _("%s: no treatment start date is recorded yet."),
                   subject->code != NULL ? subject->code : "?");
      return NULL;
    }

  if (!parse_record_date (record, _("start date"), start_text, &start, error) ||
      !stop_date (record, &stop, error) ||
      !(recorded = read_infusions (record, site, today, error)))
    return NULL;

  plan = g_new0 (StromaProductPlan, 1);
  plan->subject_id = subject->parent.id;
  plan->subject_code = g_strdup (subject->code);
  plan->as_of = stroma_schedule_date_format (today);
  plan->start_date = stroma_schedule_date_format (start);
  plan->delay_rule = g_strdup (product->delay_rule);
  plan->interval_days = product->interval_days;
  plan->window_before_days = product->window_before_days;
  plan->window_after_days = product->window_after_days;
  plan->n_doses = product->n_doses;
  plan->stopped_on = stop != 0 ? stroma_schedule_date_format (stop) : NULL;
  plan->doses = g_ptr_array_new_with_free_func ((GDestroyNotify) product_dose_free);

  plan->dose_level = product->dose_levels != NULL ? subject->dose_level : STROMA_NO_INT;
  if (product->dose_levels == NULL)
    plan->cells_per_kg = stroma_protocol_get_dose_per_kg (protocol, 0);
  else if (subject->dose_level >= 1 && subject->dose_level <= G_MAXUINT)
    plan->cells_per_kg = stroma_protocol_get_dose_per_kg (protocol, (guint) subject->dose_level);
  else
    plan->cells_per_kg = NAN;

  /* The latest weight: the one recorded at the last infusion given, else the subject's. */
  plan->weight_kg = subject->weight_kg;
  for (guint n = 1; n < recorded->len; n++)
    {
      const Recorded *r = &g_array_index (recorded, Recorded, n);

      if (r->given && r->has_date && isfinite (r->infusion->weight_kg) &&
          r->given_date >= latest_date)
        {
          latest_date = r->given_date;
          plan->weight_kg = r->infusion->weight_kg;
          plan->weight_infusion = n;
        }
    }

  if (product->n_doses == 0)
    {
      horizon_end = add_days (today, options->horizon_days);
      plan->planned_until = stroma_schedule_date_format (horizon_end);
    }

  shift_following = g_strcmp0 (product->delay_rule, "keep-schedule") != 0;

  for (guint n = 1; ; n++)
    {
      const Recorded *r = n < recorded->len ? &g_array_index (recorded, Recorded, n) : NULL;
      guint32 scheduled = add_days (start, (gint64) (n - 1) * product->interval_days);
      StromaProductDose *dose;
      guint32 window_start, window_end;

      if (r != NULL && r->infusion == NULL)
        r = NULL;

      if (n == 1 || !shift_following)
        due = scheduled;
      else
        due = add_days (previous_given ? previous_given_date : previous_due,
                        product->interval_days);

      /* A dose rescheduled by the coordinator is due on its new date, and its window moves
       * with it; the delay rule then places the doses that follow. */
      if (r != NULL && !r->given && !r->missed &&
          g_strcmp0 (r->infusion->status, "delayed") == 0)
        {
          guint32 moved;

          if (stroma_schedule_date_parse (r->infusion->planned_date, &moved))
            due = moved;
        }

      /* Past the last record nothing is planned beyond the protocol's doses, the horizon of
       * an open-ended schedule or the subject's leaving the study. */
      if (n >= recorded->len &&
          ((product->n_doses > 0 && n > product->n_doses) ||
           (product->n_doses == 0 && due > horizon_end) ||
           (stop != 0 && due >= stop)))
        break;

      previous_due = due;
      previous_given = r != NULL && r->given && r->has_date;
      previous_given_date = previous_given ? r->given_date : 0;

      /* A gap before a later record: only a record keeps such a dose in the plan. */
      if (r == NULL &&
          ((product->n_doses > 0 && n > product->n_doses) || (stop != 0 && due >= stop)))
        continue;

      window_start = add_days (due, -(gint64) product->window_before_days);
      window_end = add_days (due, product->window_after_days);

      dose = g_new0 (StromaProductDose, 1);
      dose->number = n;
      dose->due_date = stroma_schedule_date_format (due);
      dose->window_start = stroma_schedule_date_format (window_start);
      dose->window_end = stroma_schedule_date_format (window_end);
      dose->scheduled_date = stroma_schedule_date_format (scheduled);
      dose->shift_days = (gint) ((gint64) due - scheduled);
      dose->cells_per_kg = plan->cells_per_kg;
      dose->weight_kg = plan->weight_kg;

      if (r != NULL)
        {
          dose->recorded = TRUE;
          dose->record_status = g_strdup (r->infusion->status);
          dose->reason = g_strdup (r->infusion->reason);
        }

      if (r != NULL && r->given)
        {
          dose->status = STROMA_SCHEDULE_GIVEN;
          dose->given_at = g_strdup (r->infusion->given_at);
          if (isfinite (r->infusion->cells_per_kg))
            dose->cells_per_kg = r->infusion->cells_per_kg;
          if (isfinite (r->infusion->weight_kg))
            dose->weight_kg = r->infusion->weight_kg;
          if (isfinite (r->infusion->total_cells))
            dose->total_cells = r->infusion->total_cells;
          if (r->has_date)
            {
              dose->given_date = stroma_schedule_date_format (r->given_date);
              dose->days_from_due = (gint) ((gint64) r->given_date - due);
              dose->late = r->given_date > window_end;
              dose->outside_window = dose->late || r->given_date < window_start;
            }
        }
      else if (r != NULL && r->missed)
        dose->status = STROMA_SCHEDULE_MISSED;
      else if (today < window_start)
        dose->status = STROMA_SCHEDULE_PLANNED;
      else if (today <= window_end)
        dose->status = STROMA_SCHEDULE_DUE;
      else
        dose->status = STROMA_SCHEDULE_OVERDUE;

      if (dose->status != STROMA_SCHEDULE_GIVEN || !isfinite (r->infusion->total_cells))
        dose->total_cells = dose->cells_per_kg * dose->weight_kg;

      g_ptr_array_add (plan->doses, dose);
    }

  return g_steal_pointer (&plan);
}

/* Observations */

typedef struct
{
  const char *assessment;   /* NULL when the phase names the test itself */
  const char *test_code;    /* NULL for an examination without lab values */
} Item;

static void
observation_slot_free (StromaObservationSlot *slot)
{
  g_free (slot->phase_id);
  g_free (slot->label);
  g_free (slot->assessment);
  g_free (slot->test_code);
  g_free (slot->due_date);
  g_free (slot->slot_end);
  g_free (slot->done_on);
  g_free (slot);
}

static void
observation_skipped_free (StromaObservationSkipped *skipped)
{
  g_free (skipped->phase_id);
  g_free (skipped->label);
  g_free (skipped->detail);
  g_free (skipped);
}

/**
 * stroma_observation_plan_free:
 * @self: (nullable): a plan
 */
void
stroma_observation_plan_free (StromaObservationPlan *self)
{
  if (self == NULL)
    return;

  g_free (self->as_of);
  g_free (self->from);
  g_free (self->to);
  g_free (self->stopped_on);
  g_clear_pointer (&self->slots, g_ptr_array_unref);
  g_clear_pointer (&self->skipped, g_ptr_array_unref);
  g_free (self);
}

/* The phase's tests, assessment ids expanded to their lab test codes, each once. */
static GArray *
phase_items (const StromaProtocol         *protocol,
             const StromaObservationPhase *phase)
{
  GArray *items = g_array_new (FALSE, FALSE, sizeof (Item));

  for (guint i = 0; phase->tests != NULL && phase->tests[i] != NULL; i++)
    {
      const StromaAssessment *assessment =
        stroma_protocol_find_assessment (protocol, phase->tests[i]);
      Item item = { NULL, NULL };

      if (assessment == NULL)
        {
          item.test_code = phase->tests[i];
          g_array_append_val (items, item);
        }
      else if (assessment->tests == NULL || assessment->tests[0] == NULL)
        {
          item.assessment = assessment->id;
          g_array_append_val (items, item);
        }
      else
        for (guint t = 0; assessment->tests[t] != NULL; t++)
          {
            item.assessment = assessment->id;
            item.test_code = assessment->tests[t];
            g_array_append_val (items, item);
          }
    }

  /* A test named twice (directly and in a panel, or in two panels) is one observation. */
  for (guint i = 0; i < items->len; i++)
    {
      const Item *a = &g_array_index (items, Item, i);

      for (guint j = i + 1; j < items->len; )
        {
          const Item *b = &g_array_index (items, Item, j);
          gboolean same = a->test_code != NULL
                          ? g_strcmp0 (a->test_code, b->test_code) == 0
                          : b->test_code == NULL && g_strcmp0 (a->assessment, b->assessment) == 0;

          if (same)
            g_array_remove_index (items, j);
          else
            j++;
        }
    }

  return items;
}

static int
compare_guint32 (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

static void
garray_unref (gpointer data)
{
  g_array_unref (data);
}

/* Test code → sorted dates of its values. */
static GHashTable *
index_labs (const StromaSubjectRecord  *record,
            GError                    **error)
{
  g_autoptr(GHashTable) index = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       garray_unref);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; record->labs != NULL && i < record->labs->len; i++)
    {
      const StromaLabResult *lab = record->labs->pdata[i];
      GArray *dates;
      guint32 date;

      if (lab->parent.voided || lab->test_code == NULL || lab->collected_on == NULL ||
          (lab->orres == NULL && !isfinite (lab->stresn)))
        continue;
      if (!parse_record_date (record, _("lab collection date"), lab->collected_on, &date,
                              error))
        return NULL;

      if (!(dates = g_hash_table_lookup (index, lab->test_code)))
        {
          dates = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_hash_table_insert (index, lab->test_code, dates);
        }
      g_array_append_val (dates, date);
    }

  g_hash_table_iter_init (&iter, index);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_array_sort (value, compare_guint32);

  return g_steal_pointer (&index);
}

/* The first date in sorted @dates within [first, last], or 0. */
static guint32
first_in (const GArray *dates,
          guint32       first,
          guint32       last)
{
  guint lo = 0, hi;

  if (dates == NULL)
    return 0;

  hi = dates->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (dates, guint32, mid) < first)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo < dates->len && g_array_index (dates, guint32, lo) <= last)
    return g_array_index (dates, guint32, lo);

  return 0;
}

typedef struct
{
  const StromaProtocol      *protocol;
  const StromaSubjectRecord *record;
  GHashTable                *endpoint_events;
  GHashTable                *labs;
  guint32                    as_of;
  guint32                    from;
  guint32                    to;
  guint32                    stop;
  gboolean                   due_only;
  StromaObservationPlan     *plan;
} Planner;

static void
skip_phase (Planner                      *planner,
            const StromaObservationPhase *phase,
            StromaObservationSkip         reason,
            const char                   *detail)
{
  StromaObservationSkipped *skipped = g_new0 (StromaObservationSkipped, 1);

  skipped->phase_id = g_strdup (phase->id);
  skipped->label = g_strdup (phase->label);
  skipped->reason = reason;
  skipped->detail = g_strdup (detail);
  g_ptr_array_add (planner->plan->skipped, skipped);
}

typedef enum
{
  ENDPOINT_ERROR,
  ENDPOINT_UNKNOWN,     /* the caller did not derive it */
  ENDPOINT_NOT_MET,
  ENDPOINT_MET,
} EndpointState;

static EndpointState
endpoint_event (Planner     *planner,
                const char  *endpoint,
                guint32     *date,
                GError     **error)
{
  gpointer value = NULL;

  if (planner->endpoint_events == NULL ||
      !g_hash_table_lookup_extended (planner->endpoint_events, endpoint, NULL, &value))
    return ENDPOINT_UNKNOWN;

  if (value == NULL)
    return ENDPOINT_NOT_MET;

  if (!stroma_schedule_date_parse (value, date))
    {
      g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_DATE,
                   _("The event date “%s” of endpoint %s is not a date: write it as "
                     "YYYY-MM-DD."), (const char *) value, endpoint);
      return ENDPOINT_ERROR;
    }

  return ENDPOINT_MET;
}

static void
add_slots (Planner                      *planner,
           const StromaObservationPhase *phase,
           const GArray                 *items,
           guint32                       due,
           guint32                       slot_end)
{
  /* Only slots that meet the range [from, to]. */
  if (slot_end < planner->from || due > planner->to)
    return;

  for (guint i = 0; i < items->len; i++)
    {
      const Item *item = &g_array_index (items, Item, i);
      StromaObservationSlot *slot;
      StromaScheduleStatus status;
      guint32 done = 0;

      if (item->test_code != NULL)
        done = first_in (g_hash_table_lookup (planner->labs, item->test_code), due,
                         MIN (slot_end, planner->as_of));

      if (done != 0)
        status = STROMA_SCHEDULE_DONE;
      else if (planner->as_of < due)
        status = STROMA_SCHEDULE_PLANNED;
      else if (planner->as_of <= slot_end)
        status = STROMA_SCHEDULE_DUE;
      else if (item->test_code != NULL)
        status = STROMA_SCHEDULE_OVERDUE;
      else
        continue;   /* an examination: nothing recorded can say whether it was done */

      if (planner->due_only && status != STROMA_SCHEDULE_DUE &&
          status != STROMA_SCHEDULE_OVERDUE)
        continue;

      slot = g_new0 (StromaObservationSlot, 1);
      slot->phase_id = g_strdup (phase->id);
      slot->label = g_strdup (phase->label);
      slot->assessment = g_strdup (item->assessment);
      slot->test_code = g_strdup (item->test_code);
      slot->tracked = item->test_code != NULL;
      slot->due_date = stroma_schedule_date_format (due);
      slot->slot_end = stroma_schedule_date_format (slot_end);
      slot->status = status;
      slot->done_on = done != 0 ? stroma_schedule_date_format (done) : NULL;
      g_ptr_array_add (planner->plan->slots, slot);
    }
}

static gboolean
plan_phase (Planner                      *planner,
            const StromaObservationPhase *phase,
            GError                      **error)
{
  const StromaSubjectRecord *record = planner->record;
  g_autoptr(GArray) items = NULL;
  const char *endpoints[3] = { NULL, NULL, NULL };
  const char *reference_field = NULL;
  const char *reference = NULL;
  guint32 ref = 0, first, last, bound;
  guint32 events[3] = { 0, 0, 0 };
  gboolean met[3] = { FALSE, FALSE, FALSE };

  if (phase->as_needed)
    {
      skip_phase (planner, phase, STROMA_OBSERVATION_SKIP_AS_NEEDED, NULL);
      return TRUE;
    }

  /* Every endpoint the phase depends on must have been derived by the caller. */
  if (g_strcmp0 (phase->relative_to, "endpoint") == 0)
    endpoints[0] = phase->anchor_endpoint;
  endpoints[1] = phase->after_endpoint;
  endpoints[2] = phase->until_endpoint;

  for (guint e = 0; e < G_N_ELEMENTS (endpoints); e++)
    {
      if (endpoints[e] == NULL)
        continue;

      switch (endpoint_event (planner, endpoints[e], &events[e], error))
        {
        case ENDPOINT_ERROR:
          return FALSE;
        case ENDPOINT_UNKNOWN:
          skip_phase (planner, phase, STROMA_OBSERVATION_SKIP_ENDPOINT_UNKNOWN, endpoints[e]);
          return TRUE;
        case ENDPOINT_NOT_MET:
          break;
        case ENDPOINT_MET:
          met[e] = TRUE;
          break;
        default:
          g_assert_not_reached ();
        }
    }

  for (guint e = 0; e < 2; e++)
    if (endpoints[e] != NULL && !met[e])
      {
        skip_phase (planner, phase, STROMA_OBSERVATION_SKIP_ENDPOINT_NOT_MET, endpoints[e]);
        return TRUE;
      }

  if (g_strcmp0 (phase->relative_to, "endpoint") == 0)
    ref = events[0];
  else
    {
      if (g_strcmp0 (phase->relative_to, "day0") == 0)
        {
          reference_field = "day0_date";
          reference = record->transplant != NULL ? record->transplant->day0_date : NULL;
        }
      else if (g_strcmp0 (phase->relative_to, "treatment_start") == 0)
        {
          reference_field = "treatment_start";
          reference = record->subject->treatment_start;
        }
      else
        {
          reference_field = "screening_date";
          reference = record->subject->screening_date;
        }

      if (reference == NULL)
        {
          skip_phase (planner, phase, STROMA_OBSERVATION_SKIP_NO_DATE, reference_field);
          return TRUE;
        }
      if (!parse_record_date (record, reference_field, reference, &ref, error))
        return FALSE;
    }

  /* The window, narrowed by the endpoints that open and close it and by the subject's
   * leaving the study. */
  first = add_days (ref, phase->start_day);
  last = phase->end_day == STROMA_PROTOCOL_OPEN_END ? NO_END : add_days (ref, phase->end_day);
  if (endpoints[1] != NULL)
    first = MAX (first, events[1]);
  if (endpoints[2] != NULL && met[2])
    last = MIN (last, add_days (events[2], -1));
  if (planner->stop != 0)
    last = MIN (last, add_days (planner->stop, -1));
  if (first > last)
    return TRUE;

  items = phase_items (planner->protocol, phase);
  bound = MIN (last, planner->to);

  if (phase->days != NULL && phase->days->len > 0)
    {
      g_autoptr(GArray) dues = g_array_new (FALSE, FALSE, sizeof (guint32));

      for (guint i = 0; i < phase->days->len; i++)
        {
          guint32 due = add_days (ref, g_array_index (phase->days, gint, i));

          if (due >= first && due <= last)
            g_array_append_val (dues, due);
        }
      g_array_sort (dues, compare_guint32);

      for (guint i = 0; i < dues->len; i++)
        {
          guint32 due = g_array_index (dues, guint32, i);
          guint32 slot_end = i + 1 < dues->len ? g_array_index (dues, guint32, i + 1) - 1
                                                : (last == NO_END ? due : last);

          if (due > bound)
            break;
          add_slots (planner, phase, items, due, slot_end);
        }
    }
  else if (phase->every_days > 0)
    {
      guint times = MAX (phase->times, 1);

      /* `times` due dates per period, as evenly spaced as whole days allow: twice a week is
       * days 0 and 3 of each week. */
      for (guint64 period = 0; ; period++)
        {
          guint32 base = add_days (first, (gint64) period * phase->every_days);

          if (base > bound)
            break;

          for (guint k = 0; k < times; k++)
            {
              guint32 due = add_days (base, (gint64) k * phase->every_days / times);
              guint32 next = add_days (base, (gint64) (k + 1) * phase->every_days / times);

              if (due > bound)
                break;
              if (next > due)
                add_slots (planner, phase, items, due, MIN (next - 1, last));
            }
        }
    }

  return TRUE;
}

static int
compare_slots (gconstpointer a,
               gconstpointer b)
{
  const StromaObservationSlot *x = *(StromaObservationSlot * const *) a;
  const StromaObservationSlot *y = *(StromaObservationSlot * const *) b;

  return strcmp (x->due_date, y->due_date);
}

static StromaObservationPlan *
observation_plan (const StromaProtocol       *protocol,
                  const StromaSubjectRecord  *record,
                  GHashTable                 *endpoint_events,
                  const char                 *as_of,
                  const char                 *from,
                  const char                 *to,
                  gboolean                    due_only,
                  GError                    **error)
{
  g_autoptr(StromaObservationPlan) plan = g_new0 (StromaObservationPlan, 1);
  g_autoptr(GHashTable) labs = NULL;
  Planner planner = { 0 };

  planner.protocol = protocol;
  planner.record = record;
  planner.endpoint_events = endpoint_events;
  planner.due_only = due_only;
  planner.plan = plan;

  if (!parse_date_arg (_("The as-of date"), as_of, &planner.as_of, error))
    return NULL;
  planner.from = 1;
  planner.to = planner.as_of;
  if ((from != NULL && !parse_date_arg (_("The first date"), from, &planner.from, error)) ||
      (to != NULL && !parse_date_arg (_("The last date"), to, &planner.to, error)))
    return NULL;
  if (planner.from > planner.to)
    {
      g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_RANGE,
                   _("The range %s to %s ends before it starts."), from, to);
      return NULL;
    }

  if (!stop_date (record, &planner.stop, error) ||
      !(labs = index_labs (record, error)))
    return NULL;
  planner.labs = labs;

  plan->as_of = stroma_schedule_date_format (planner.as_of);
  plan->from = from != NULL ? stroma_schedule_date_format (planner.from) : NULL;
  plan->to = stroma_schedule_date_format (planner.to);
  plan->stopped_on = planner.stop != 0 ? stroma_schedule_date_format (planner.stop) : NULL;
  plan->slots = g_ptr_array_new_with_free_func ((GDestroyNotify) observation_slot_free);
  plan->skipped = g_ptr_array_new_with_free_func ((GDestroyNotify) observation_skipped_free);

  for (guint i = 0; protocol->observation != NULL && i < protocol->observation->len; i++)
    if (!plan_phase (&planner, protocol->observation->pdata[i], error))
      return NULL;

  /* Stable: within a day, slots keep the protocol's order of phases and tests. */
  g_ptr_array_sort (plan->slots, compare_slots);

  return g_steal_pointer (&plan);
}

/**
 * stroma_observation_plan_new:
 * @protocol: the subject's protocol
 * @record: the subject's record, with its labs
 * @endpoint_events: (nullable) (element-type utf8 utf8): endpoint id → ISO date of its event
 *   for the endpoints the caller derived, with a %NULL date for one derived but not met;
 *   %NULL when none was derived
 * @as_of: the ISO date the statuses are for
 * @from: (nullable): the first date of the range; %NULL from the beginning
 * @to: (nullable): the last date of the range; %NULL for @as_of
 * @error: return location for a #GError
 *
 * Expands the protocol's observation phases for one subject into slots: one per due date and
 * lab test (assessment ids are expanded to their tests), with their status on @as_of. Phases
 * are counted from day 0, the treatment start, screening or an endpoint's event; a phase
 * `after_endpoint` opens at the event, one `until_endpoint` closes the day before it. Nothing
 * is due from the subject's first disposition or death on. Phases "as needed", phases whose
 * date is missing and phases that hang on an endpoint absent from @endpoint_events or not met
 * are listed in the plan's `skipped`, with the reason.
 *
 * Returns: (transfer full): the slots that meet [@from, @to], or %NULL with @error set
 */
StromaObservationPlan *
stroma_observation_plan_new (const StromaProtocol       *protocol,
                             const StromaSubjectRecord  *record,
                             GHashTable                 *endpoint_events,
                             const char                 *as_of,
                             const char                 *from,
                             const char                 *to,
                             GError                    **error)
{
  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL && record->subject != NULL, NULL);
  g_return_val_if_fail (as_of != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return observation_plan (protocol, record, endpoint_events, as_of, from, to, FALSE, error);
}

/**
 * stroma_observation_plan_new_due:
 * @protocol: the subject's protocol
 * @record: the subject's record, with its labs
 * @endpoint_events: (nullable) (element-type utf8 utf8): as for stroma_observation_plan_new()
 * @as_of: the ISO date
 * @error: return location for a #GError
 *
 * The observations to take on @as_of: the slots due that day and every earlier slot that
 * closed without a value.
 *
 * Returns: (transfer full): the plan, or %NULL with @error set
 */
StromaObservationPlan *
stroma_observation_plan_new_due (const StromaProtocol       *protocol,
                                 const StromaSubjectRecord  *record,
                                 GHashTable                 *endpoint_events,
                                 const char                 *as_of,
                                 GError                    **error)
{
  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL && record->subject != NULL, NULL);
  g_return_val_if_fail (as_of != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return observation_plan (protocol, record, endpoint_events, as_of, NULL, NULL, TRUE, error);
}

/* The coordinator's agenda */

static void
agenda_problem_free (StromaAgendaProblem *problem)
{
  g_free (problem->subject_code);
  g_free (problem->message);
  g_free (problem);
}

/**
 * stroma_agenda_free:
 * @self: (nullable): an agenda
 */
void
stroma_agenda_free (StromaAgenda *self)
{
  if (self == NULL)
    return;

  g_free (self->as_of);
  g_free (self->from);
  g_free (self->to);
  g_clear_pointer (&self->due, g_ptr_array_unref);
  g_clear_pointer (&self->overdue, g_ptr_array_unref);
  g_clear_pointer (&self->problems, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_ptr_array_unref);
  g_free (self);
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const StromaAgendaItem *x = *(StromaAgendaItem * const *) a;
  const StromaAgendaItem *y = *(StromaAgendaItem * const *) b;
  int cmp;

  if ((cmp = strcmp (x->dose->due_date, y->dose->due_date)) != 0)
    return cmp;
  if ((cmp = g_strcmp0 (x->plan->subject_code, y->plan->subject_code)) != 0)
    return cmp;

  return (x->dose->number > y->dose->number) - (x->dose->number < y->dose->number);
}

/**
 * stroma_agenda_new:
 * @protocol: the trial's protocol
 * @records: (array length=n_records): the subjects
 * @n_records: the number of subjects
 * @as_of: the coordinator's today, ISO
 * @from: the first day of the view, ISO ("today": @as_of; "this week": its Monday)
 * @to: the last day of the view, ISO
 * @options: (nullable): the site's time zone and the planning horizon
 * @error: return location for a #GError
 *
 * The product doses to give in [@from, @to] — not given or missed, with a window that meets
 * the range and has not closed by @as_of — and every dose overdue on @as_of, over the
 * subjects on the product. Subjects without product (control arm) or not started are left
 * out; a subject whose records cannot be planned is listed in `problems` and the others are
 * still planned.
 *
 * Returns: (transfer full): the agenda, or %NULL with @error set for a bad date, range or
 *   time zone
 */
StromaAgenda *
stroma_agenda_new (const StromaProtocol         *protocol,
                   StromaSubjectRecord * const  *records,
                   guint                         n_records,
                   const char                   *as_of,
                   const char                   *from,
                   const char                   *to,
                   const StromaScheduleOptions  *options,
                   GError                      **error)
{
  static const StromaScheduleOptions defaults = STROMA_SCHEDULE_OPTIONS_INIT;
  g_autoptr(StromaAgenda) agenda = NULL;
  g_autoptr(GTimeZone) site = NULL;
  StromaScheduleOptions plan_options;
  guint32 today, first, last;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (records != NULL || n_records == 0, NULL);
  g_return_val_if_fail (as_of != NULL && from != NULL && to != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;

  if (!parse_date_arg (_("The as-of date"), as_of, &today, error) ||
      !parse_date_arg (_("The first date"), from, &first, error) ||
      !parse_date_arg (_("The last date"), to, &last, error) ||
      !(site = site_time_zone (options->time_zone ? options->time_zone : protocol->time_zone,
                                error)))
    return NULL;

  if (first > last)
    {
      g_set_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_RANGE,
                   _("The range %s to %s ends before it starts."), from, to);
      return NULL;
    }

  /* Open-ended schedules must reach the end of the view. */
  plan_options = *options;
  if (last > today)
    plan_options.horizon_days = MAX (plan_options.horizon_days, last - today);

  agenda = g_new0 (StromaAgenda, 1);
  agenda->as_of = stroma_schedule_date_format (today);
  agenda->from = stroma_schedule_date_format (first);
  agenda->to = stroma_schedule_date_format (last);
  agenda->plans = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_product_plan_free);
  agenda->due = g_ptr_array_new_with_free_func (g_free);
  agenda->overdue = g_ptr_array_new_with_free_func (g_free);
  agenda->problems = g_ptr_array_new_with_free_func ((GDestroyNotify) agenda_problem_free);

  for (guint i = 0; i < n_records; i++)
    {
      const StromaSubjectRecord *record = records[i];
      g_autoptr(GError) local_error = NULL;
      StromaProductPlan *plan;

      g_return_val_if_fail (record != NULL && record->subject != NULL, NULL);

      plan = stroma_product_plan_new (protocol, record, as_of, &plan_options, &local_error);
      if (plan == NULL)
        {
          StromaAgendaProblem *problem;

          if (g_error_matches (local_error, STROMA_SCHEDULE_ERROR,
                               STROMA_SCHEDULE_ERROR_NO_PRODUCT) ||
              g_error_matches (local_error, STROMA_SCHEDULE_ERROR,
                               STROMA_SCHEDULE_ERROR_NOT_STARTED))
            continue;

          problem = g_new0 (StromaAgendaProblem, 1);
          problem->subject_id = record->subject->parent.id;
          problem->subject_code = g_strdup (record->subject->code);
          problem->message = g_strdup (local_error->message);
          g_ptr_array_add (agenda->problems, problem);
          continue;
        }

      g_ptr_array_add (agenda->plans, plan);

      for (guint d = 0; d < plan->doses->len; d++)
        {
          const StromaProductDose *dose = plan->doses->pdata[d];
          StromaAgendaItem *item;
          guint32 window_start, window_end;

          if (dose->status == STROMA_SCHEDULE_GIVEN || dose->status == STROMA_SCHEDULE_MISSED)
            continue;

          stroma_schedule_date_parse (dose->window_start, &window_start);
          stroma_schedule_date_parse (dose->window_end, &window_end);

          if (dose->status != STROMA_SCHEDULE_OVERDUE &&
              (window_end < first || window_start > last))
            continue;

          item = g_new0 (StromaAgendaItem, 1);
          item->plan = plan;
          item->dose = dose;
          g_ptr_array_add (dose->status == STROMA_SCHEDULE_OVERDUE ? agenda->overdue
                                                                   : agenda->due, item);
        }
    }

  g_ptr_array_sort (agenda->due, compare_items);
  g_ptr_array_sort (agenda->overdue, compare_items);

  return g_steal_pointer (&agenda);
}
