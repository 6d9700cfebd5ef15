/* stroma-endpoints.c — efficacy endpoints of one subject, with their evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules are the protocol's data (StromaEndpoint); this file only reads them. Choices the
 * protocol leaves open, made here once for every endpoint:
 *
 * - Days are counted from the endpoint's anchor (day 0 or treatment start): day = date −
 *   anchor, so the anchor is day 0 and there is no day −0. Values count from the anchor day on;
 *   earlier values (conditioning, the course before treatment) never do. Transfusions count
 *   whenever they were given, so one a week before treatment start still closes a
 *   transfusion-free window.
 * - Data after the cut (`as_of`) are ignored. Without a cut, everything counts and the clock
 *   stands at the last date recorded for the subject (lab, transfusion, disposition or
 *   follow-up): a fallback is assessed only when the data reach its assessment day.
 * - Several values of one test on one day: the day qualifies only when every value does, and
 *   it is shown by its worst value (the farthest outside the rule, or the nearest to its
 *   threshold when all qualify). Records carry a date, not a time, so "the last value of the
 *   day" would depend on the order of entry; a repeated count cannot rescue a failing day.
 * - The nadir (after_nadir) is the lowest value from the anchor to the cut, at its first
 *   date; only the days after that date count.
 * - A run is broken by a day that does not qualify, by a gap between successive values longer
 *   than max_gap_days, and, with transfusion_free_during_run, by a transfusion on any day from
 *   its first to its last value. The first run that reaches its length meets the endpoint.
 * - A fallback is met at its assessment day when no run of its group is met by the cut: the
 *   classification is the best response by the cut, so a response after the assessment day
 *   replaces "no response". When the fallback is met, the unmet runs of its group are "not
 *   met"; when a run is met, the fallback is "not met".
 */

#define G_LOG_DOMAIN "stroma-endpoints"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>

#include "stroma-endpoints.h"

/* GDate Julian days start at 1. */
#define NO_DATE 0

G_DEFINE_QUARK (stroma-endpoints-error-quark, stroma_endpoints_error)

typedef struct
{
  const StromaProtocol      *protocol;
  const StromaSubjectRecord *record;
  guint32                    day0;       /* NO_DATE when unknown */
  guint32                    treatment;  /* NO_DATE when unknown */
  guint32                    cut;        /* the last date that counts; NO_DATE: nothing dated */
} Context;

typedef struct
{
  guint32 julian;
  double  value;
} Sample;

typedef struct
{
  guint32 julian;
  double  units;
} Transfusion;

/* The values of one test on one day. */
typedef struct
{
  guint32  julian;
  double   value;        /* the day's worst value */
  gboolean meets;        /* every value of the day meets the threshold(s) */
  guint32  last_tx;      /* the last transfusion of the product on or before the day */
  gboolean eligible;     /* far enough from last_tx (transfusion_free_days) */
} Day;

typedef enum
{
  END_OPEN,          /* still going at the last value */
  END_VALUE,         /* the next value does not meet the threshold */
  END_WAIT,          /* the next value meets it, too soon after a transfusion */
  END_TRANSFUSION,   /* a transfusion within the run (transfusion_free_during_run) */
  END_GAP,           /* the next value is too far away */
} RunEnd;

typedef struct
{
  guint   first;     /* indices into the days */
  guint   last;
  RunEnd  end;
  guint   next;      /* the day after the run, unless END_OPEN */
  guint32 tx;        /* the transfusion that ended it (END_TRANSFUSION) */
} Run;

/* Dates */

static gboolean
parse_date (const char *text,
            guint32    *julian)
{
  GDate date;
  guint year, month, day;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;

  year = (guint) atoi (text);
  month = (guint) atoi (text + 5);
  day = (guint) atoi (text + 8);

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return FALSE;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  *julian = g_date_get_julian (&date);

  return TRUE;
}

static char *
format_date (guint32 julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static gboolean
invalid_date (GError    **error,
              const char *what,
              const char *text)
{
  g_set_error (error, STROMA_ENDPOINTS_ERROR, STROMA_ENDPOINTS_ERROR_INVALID_DATE,
               /* Translators: the first %s names a field, e.g. “treatment start”; the second
                * is its content */
               _("%s: “%s” is not an ISO date (YYYY-MM-DD)"), what, text != NULL ? text : "");
  return FALSE;
}

/* Anchors */

static gboolean
anchored_to_day0 (const StromaEndpoint *endpoint)
{
  return g_strcmp0 (endpoint->relative_to, "day0") == 0;
}

static guint32
anchor_of (const Context        *ctx,
           const StromaEndpoint *endpoint)
{
  return anchored_to_day0 (endpoint) ? ctx->day0 : ctx->treatment;
}

static gint
day_of (guint32 julian,
        guint32 anchor)
{
  return (gint) julian - (gint) anchor;
}

/* "day +14" for day 0, "treatment day 14" for treatment start */
static char *
format_day (const StromaEndpoint *endpoint,
            gint                  day)
{
  if (!anchored_to_day0 (endpoint))
    /* Translators: a day counted from the start of study treatment, which is day 0 */
    return g_strdup_printf (_("treatment day %d"), day);

  if (day == 0)
    /* Translators: the day of the stem-cell transplant */
    return g_strdup (_("day 0"));

  /* Translators: a day counted from the transplant (day 0), with its sign: “day +14” */
  return g_strdup_printf (_("day %+d"), day);
}

/* "2024-03-14 (treatment day 2)" */
static char *
format_when (const StromaEndpoint *endpoint,
             guint32               julian,
             guint32               anchor)
{
  g_autofree char *date = format_date (julian);
  g_autofree char *day = format_day (endpoint, day_of (julian, anchor));

  /* Translators: a date and its study day, e.g. “2024-03-14 (treatment day 2)” */
  return g_strdup_printf (C_("date and day", "%s (%s)"), date, day);
}

/* The rule, as text */

static const char *
comparison_symbol (StromaComparison cmp)
{
  switch (cmp)
    {
    case STROMA_CMP_LT:
      return "<";
    case STROMA_CMP_LE:
      return "≤";
    case STROMA_CMP_GT:
      return ">";
    case STROMA_CMP_GE:
      return "≥";
    default:
      g_return_val_if_reached ("?");
    }
}

/* "≥ 20 and < 50" */
static char *
format_rule (const StromaEndpoint *endpoint)
{
  if (endpoint->has_upper)
    /* Translators: a range, e.g. “≥ 20 and < 50” */
    return g_strdup_printf (_("%s %g and %s %g"), comparison_symbol (endpoint->cmp),
                            endpoint->threshold, comparison_symbol (endpoint->upper_cmp),
                            endpoint->upper_threshold);

  return g_strdup_printf ("%s %g", comparison_symbol (endpoint->cmp), endpoint->threshold);
}

/* The rule on values */

static gboolean
value_meets (const StromaEndpoint *endpoint,
             double                value)
{
  if (!stroma_comparison_eval (endpoint->cmp, value, endpoint->threshold))
    return FALSE;

  return !endpoint->has_upper ||
         stroma_comparison_eval (endpoint->upper_cmp, value, endpoint->upper_threshold);
}

/* How far a value lies outside the rule; 0 inside it. */
static double
distance_outside (const StromaEndpoint *endpoint,
                  double                value)
{
  double d = 0;

  if (!stroma_comparison_eval (endpoint->cmp, value, endpoint->threshold))
    d += fabs (value - endpoint->threshold);
  if (endpoint->has_upper &&
      !stroma_comparison_eval (endpoint->upper_cmp, value, endpoint->upper_threshold))
    d += fabs (value - endpoint->upper_threshold);

  return d;
}

/* Is a worse than b for the rule? Outside beats inside, farther outside beats nearer; inside,
 * nearer the threshold is worse. Ties go to the lower value, so the choice never depends on
 * the order of entry. */
static gboolean
worse_value (const StromaEndpoint *endpoint,
             double                a,
             double                b)
{
  gboolean a_meets = value_meets (endpoint, a);
  gboolean b_meets = value_meets (endpoint, b);

  if (a_meets != b_meets)
    return !a_meets;

  if (!a_meets)
    {
      double da = distance_outside (endpoint, a);
      double db = distance_outside (endpoint, b);

      if (da != db)
        return da > db;
    }
  else
    {
      double ma = fabs (a - endpoint->threshold);
      double mb = fabs (b - endpoint->threshold);

      if (ma != mb)
        return ma < mb;
    }

  return a < b;
}

/* Collecting the data */

static int
compare_samples (gconstpointer a,
                 gconstpointer b)
{
  const Sample *x = a;
  const Sample *y = b;

  if (x->julian != y->julian)
    return x->julian < y->julian ? -1 : 1;
  if (x->value != y->value)
    return x->value < y->value ? -1 : 1;
  return 0;
}

static int
compare_transfusions (gconstpointer a,
                      gconstpointer b)
{
  const Transfusion *x = a;
  const Transfusion *y = b;

  if (x->julian != y->julian)
    return x->julian < y->julian ? -1 : 1;
  return 0;
}

/* The values of `test_code` from `from` to `to`, by date, whatever the input order. */
static GArray *
collect_samples (const Context  *ctx,
                 const char     *test_code,
                 guint32         from,
                 guint32         to,
                 GError        **error)
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (Sample));
  GPtrArray *labs = ctx->record->labs;

  for (guint i = 0; labs != NULL && i < labs->len; i++)
    {
      const StromaLabResult *lab = labs->pdata[i];
      Sample s;

      if (lab->parent.voided || g_strcmp0 (lab->test_code, test_code) != 0 || isnan (lab->stresn))
        continue;

      if (!parse_date (lab->collected_on, &s.julian))
        {
          g_autofree char *what = g_strdup_printf ("%s %" G_GINT64_FORMAT, _("lab result"),
                                                   lab->parent.id);

          invalid_date (error, what, lab->collected_on);
          return NULL;
        }

      if (s.julian < from || s.julian > to)
        continue;

      s.value = lab->stresn;
      g_array_append_val (samples, s);
    }

  g_array_sort (samples, compare_samples);

  return g_steal_pointer (&samples);
}

/* Transfusions of `product` up to `to`, by date: earlier ones than the anchor count too. */
static GArray *
collect_transfusions (const Context  *ctx,
                      const char     *product,
                      guint32         to,
                      GError        **error)
{
  g_autoptr(GArray) txs = g_array_new (FALSE, FALSE, sizeof (Transfusion));
  GPtrArray *transfusions = ctx->record->transfusions;

  for (guint i = 0; product != NULL && transfusions != NULL && i < transfusions->len; i++)
    {
      const StromaTransfusion *t = transfusions->pdata[i];
      Transfusion tx;

      if (t->parent.voided || g_strcmp0 (t->product, product) != 0)
        continue;

      if (!parse_date (t->given_on, &tx.julian))
        {
          g_autofree char *what = g_strdup_printf ("%s %" G_GINT64_FORMAT, _("transfusion"),
                                                   t->parent.id);

          invalid_date (error, what, t->given_on);
          return NULL;
        }

      if (tx.julian > to)
        continue;

      tx.units = t->units;
      g_array_append_val (txs, tx);
    }

  g_array_sort (txs, compare_transfusions);

  return g_steal_pointer (&txs);
}

/* The last transfusion on or before `julian`, NULL if none. */
static const Transfusion *
last_transfusion (GArray  *txs,
                  guint32  julian)
{
  const Transfusion *last = NULL;

  for (guint i = 0; i < txs->len; i++)
    {
      const Transfusion *tx = &g_array_index (txs, Transfusion, i);

      if (tx->julian > julian)
        break;
      last = tx;
    }

  return last;
}

/* The first transfusion from `from` to `to`, both included. */
static const Transfusion *
transfusion_within (GArray  *txs,
                    guint32  from,
                    guint32  to)
{
  for (guint i = 0; i < txs->len; i++)
    {
      const Transfusion *tx = &g_array_index (txs, Transfusion, i);

      if (tx->julian > to)
        break;
      if (tx->julian >= from)
        return tx;
    }

  return NULL;
}

static GArray *
build_days (const StromaEndpoint *endpoint,
            GArray               *samples,
            GArray               *txs)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (Day));

  for (guint i = 0; i < samples->len; i++)
    {
      const Sample *s = &g_array_index (samples, Sample, i);
      Day *day = days->len > 0 ? &g_array_index (days, Day, days->len - 1) : NULL;
      gboolean meets = value_meets (endpoint, s->value);

      if (day != NULL && day->julian == s->julian)
        {
          if (worse_value (endpoint, s->value, day->value))
            day->value = s->value;
          day->meets = day->meets && meets;
        }
      else
        {
          Day d = { s->julian, s->value, meets, NO_DATE, TRUE };
          const Transfusion *tx = last_transfusion (txs, s->julian);

          if (tx != NULL)
            {
              d.last_tx = tx->julian;
              d.eligible = endpoint->transfusion_free_days == 0 ||
                           s->julian - tx->julian >= endpoint->transfusion_free_days;
            }
          g_array_append_val (days, d);
        }
    }

  return days;
}

static gboolean
day_counts (const StromaEndpoint *endpoint,
            const Day            *day)
{
  return day->meets && day->eligible &&
         !(endpoint->transfusion_free_during_run && day->last_tx == day->julian);
}

static gboolean
counts_values (const StromaEndpoint *endpoint)
{
  return g_strcmp0 (endpoint->count_by, "values") == 0;
}

/* How far the run has got, in the unit of `consecutive`. */
static guint
run_length (const StromaEndpoint *endpoint,
            GArray               *days,
            guint                 first,
            guint                 last)
{
  if (counts_values (endpoint))
    return last - first + 1;

  return g_array_index (days, Day, last).julian - g_array_index (days, Day, first).julian + 1;
}

/* Finds the first complete run (TRUE), or else the longest one, the latest of equals
 * (FALSE; best->first == G_MAXUINT when no day counts). */
static gboolean
find_run (const StromaEndpoint *endpoint,
          GArray               *days,
          GArray               *txs,
          Run                  *best)
{
  guint i = 0;

  best->first = G_MAXUINT;

  while (i < days->len)
    {
      Run run = { i, i, END_OPEN, 0, NO_DATE };

      if (!day_counts (endpoint, &g_array_index (days, Day, i)))
        {
          i++;
          continue;
        }

      for (;;)
        {
          const Day *here = &g_array_index (days, Day, run.last);
          const Day *next;

          if (run_length (endpoint, days, run.first, run.last) >= endpoint->consecutive)
            {
              *best = run;
              return TRUE;
            }

          if (run.last + 1 >= days->len)
            break;

          run.next = run.last + 1;
          next = &g_array_index (days, Day, run.next);

          if (endpoint->max_gap_days > 0 && next->julian - here->julian > endpoint->max_gap_days)
            {
              run.end = END_GAP;
              break;
            }
          if (endpoint->transfusion_free_during_run)
            {
              const Transfusion *tx = transfusion_within (txs, here->julian + 1, next->julian);

              if (tx != NULL)
                {
                  run.end = END_TRANSFUSION;
                  run.tx = tx->julian;
                  break;
                }
            }
          if (!next->meets)
            {
              run.end = END_VALUE;
              break;
            }
          if (!next->eligible)
            {
              run.end = END_WAIT;
              break;
            }

          run.last = run.next;
        }

      if (best->first == G_MAXUINT ||
          run_length (endpoint, days, run.first, run.last) >=
          run_length (endpoint, days, best->first, best->last))
        *best = run;

      i = run.last + 1;
    }

  return FALSE;
}

/* Results */

static StromaEvidence *
evidence_new (guint32     julian,
              guint32     anchor,
              const char *test_code,
              double      value,
              gboolean    transfusion,
              gboolean    qualifies)
{
  StromaEvidence *e = g_new0 (StromaEvidence, 1);

  e->date = format_date (julian);
  e->day = day_of (julian, anchor);
  e->test_code = g_strdup (test_code);
  e->value = value;
  e->transfusion = transfusion;
  e->qualifies = qualifies;

  return e;
}

static void
add_value (StromaEndpointResult *result,
           guint32               anchor,
           guint32               julian,
           double                value,
           gboolean              qualifies)
{
  g_ptr_array_add (result->evidence, evidence_new (julian, anchor, result->endpoint->test_code,
                                                   value, FALSE, qualifies));
}

static void
add_transfusion (StromaEndpointResult *result,
                 guint32               anchor,
                 const Transfusion    *tx)
{
  for (guint i = 0; i < result->evidence->len; i++)
    {
      const StromaEvidence *e = result->evidence->pdata[i];
      g_autofree char *date = format_date (tx->julian);

      if (e->transfusion && g_str_equal (e->date, date))
        return;
    }

  g_ptr_array_add (result->evidence, evidence_new (tx->julian, anchor, result->endpoint->product,
                                                   tx->units, TRUE, FALSE));
}

/* By date; a transfusion before the value of its day, which it may have raised. */
static int
compare_evidence (gconstpointer a,
                  gconstpointer b)
{
  const StromaEvidence *x = *(StromaEvidence * const *) a;
  const StromaEvidence *y = *(StromaEvidence * const *) b;

  if (x->day != y->day)
    return x->day < y->day ? -1 : 1;
  if (x->transfusion != y->transfusion)
    return x->transfusion ? -1 : 1;
  return 0;
}

static StromaEndpointResult *
result_new (const StromaEndpoint *endpoint)
{
  StromaEndpointResult *result = g_new0 (StromaEndpointResult, 1);

  result->endpoint = endpoint;
  result->state = STROMA_ENDPOINT_NOT_EVALUABLE;
  result->day_from_day0 = G_MININT;
  result->day_from_treatment = G_MININT;
  result->evidence = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_evidence_free);

  return result;
}

static void
set_met (const Context        *ctx,
         StromaEndpointResult *result,
         guint32               julian)
{
  result->state = STROMA_ENDPOINT_MET;
  result->event_date = format_date (julian);
  if (ctx->day0 != NO_DATE)
    result->day_from_day0 = day_of (julian, ctx->day0);
  if (ctx->treatment != NO_DATE)
    result->day_from_treatment = day_of (julian, ctx->treatment);
}

static void
append (GString    *text,
        const char *sentence)
{
  if (text->len > 0)
    g_string_append_c (text, ' ');
  g_string_append (text, sentence);
}

G_GNUC_PRINTF (2, 3)
static void
append_printf (GString    *text,
               const char *format,
               ...)
{
  g_autofree char *sentence = NULL;
  va_list ap;

  va_start (ap, format);
  sentence = g_strdup_vprintf (format, ap);
  va_end (ap);

  append (text, sentence);
}

/* Explains why an endpoint cannot be judged at all (FALSE); TRUE when it can. */
static gboolean
check_anchor (const Context        *ctx,
              StromaEndpointResult *result,
              GString              *text)
{
  const StromaEndpoint *endpoint = result->endpoint;
  guint32 anchor = anchor_of (ctx, endpoint);

  if (anchor == NO_DATE)
    {
      append (text, anchored_to_day0 (endpoint)
                      ? _("Not evaluable: the subject has no transplant date (day 0).")
                      : _("Not evaluable: the subject has no treatment start date."));
      return FALSE;
    }

  if (ctx->cut == NO_DATE)
    {
      /* Translators: %s is a lab test code, e.g. “PLAT” */
      append_printf (text, _("Not evaluable: no %s value is recorded."), endpoint->test_code);
      return FALSE;
    }

  if (anchor > ctx->cut)
    {
      g_autofree char *date = format_date (anchor);
      g_autofree char *cut = format_date (ctx->cut);

      append_printf (text, anchored_to_day0 (endpoint)
                             /* Translators: both %s are dates */
                             ? _("Not evaluable: day 0, %s, is after the data cut, %s.")
                             /* Translators: both %s are dates */
                             : _("Not evaluable: treatment starts on %s, after the data cut, %s."),
                     date, cut);
      return FALSE;
    }

  return TRUE;
}

static void
explain_transfusions_met (const Context        *ctx,
                          StromaEndpointResult *result,
                          GArray               *txs,
                          guint32               first,
                          guint32               last,
                          GString              *text)
{
  const StromaEndpoint *endpoint = result->endpoint;
  guint32 anchor = anchor_of (ctx, endpoint);
  const Transfusion *before = last_transfusion (txs, first);
  g_autofree char *from = format_date (first);

  if (endpoint->product == NULL)
    return;

  if (before != NULL)
    {
      g_autofree char *when = format_when (endpoint, before->julian, anchor);
      gint days = (gint) (first - before->julian);

      add_transfusion (result, anchor, before);
      if (endpoint->transfusion_free_days > 0)
        append_printf (text,
                       /* Translators: “The last PLT transfusion before 2024-03-11 was on
                        * 2024-03-02 (day +5), 9 days earlier (at least 7 required).” */
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The last %s transfusion before %s was on %s, %d day "
                                    "earlier (at least %u required).",
                                    "The last %s transfusion before %s was on %s, %d days "
                                    "earlier (at least %u required).", (gulong) days),
                       endpoint->product, from, when, days, endpoint->transfusion_free_days);
      else
        /* Translators: “The last PLT transfusion before 2024-03-11 was on 2024-03-02
         * (treatment day 5).” */
        append_printf (text, _("The last %s transfusion before %s was on %s."),
                       endpoint->product, from, when);
    }
  else
    {
      /* Translators: “No RBC transfusion is recorded before 2024-03-11.” */
      append_printf (text, _("No %s transfusion is recorded before %s."), endpoint->product,
                     from);
    }

  /* With transfusion_free_days alone, a transfusion may fall between spaced values. */
  for (guint i = 0; i < txs->len; i++)
    {
      const Transfusion *tx = &g_array_index (txs, Transfusion, i);

      if (tx->julian > first && tx->julian <= last)
        add_transfusion (result, anchor, tx);
    }

  if (endpoint->transfusion_free_during_run)
    {
      g_autofree char *to = format_date (last);

      if (first == last)
        /* Translators: “No PLT transfusion on 2024-03-11.” */
        append_printf (text, _("No %s transfusion on %s."), endpoint->product, from);
      else
        /* Translators: “No PLT transfusion from 2024-03-11 to 2024-03-17.” */
        append_printf (text, _("No %s transfusion from %s to %s."), endpoint->product, from, to);
    }
}

static void
explain_met (const Context        *ctx,
             StromaEndpointResult *result,
             GArray               *days,
             GArray               *txs,
             const Run            *run,
             GString              *text)
{
  const StromaEndpoint *endpoint = result->endpoint;
  guint32 anchor = anchor_of (ctx, endpoint);
  const Day *first = &g_array_index (days, Day, run->first);
  const Day *last = &g_array_index (days, Day, run->last);
  guint32 event = g_strcmp0 (endpoint->event_day, "last") == 0 ? last->julian : first->julian;
  g_autofree char *when = format_when (endpoint, event, anchor);
  g_autofree char *rule = format_rule (endpoint);
  guint n = run->last - run->first + 1;

  set_met (ctx, result, event);

  for (guint i = run->first; i <= run->last; i++)
    {
      const Day *d = &g_array_index (days, Day, i);

      add_value (result, anchor, d->julian, d->value, TRUE);
    }

  /* Translators: %s is a date and its study day */
  append_printf (text, _("Met on %s."), when);

  if (n == 1)
    {
      g_autofree char *on = format_when (endpoint, first->julian, anchor);

      /* Translators: “HGB was 75 on 2024-04-14 (treatment day 33), ≥ 70.” */
      append_printf (text, _("%s was %g on %s, %s."), endpoint->test_code, first->value, on, rule);
    }
  else
    {
      g_autofree char *from = format_date (first->julian);
      g_autofree char *to = format_date (last->julian);

      append_printf (text,
                     /* Translators: “PLAT ≥ 50 on 4 values from 2024-03-20 to 2024-03-27,
                      * covering 8 days.” */
                     g_dngettext (GETTEXT_PACKAGE,
                                  "%s %s on %u value from %s to %s, covering %d days.",
                                  "%s %s on %u values from %s to %s, covering %d days.", n),
                     endpoint->test_code, rule, n, from, to,
                     (gint) (last->julian - first->julian + 1));
    }

  explain_transfusions_met (ctx, result, txs, first->julian, last->julian, text);
}

static void
explain_needed (const StromaEndpoint *endpoint,
                GString              *text)
{
  if (counts_values (endpoint))
    append_printf (text,
                   g_dngettext (GETTEXT_PACKAGE, "The rule needs %u value.",
                                "The rule needs %u consecutive values.", endpoint->consecutive),
                   endpoint->consecutive);
  else
    append_printf (text,
                   g_dngettext (GETTEXT_PACKAGE, "The rule needs %u day.",
                                "The rule needs %u consecutive days.", endpoint->consecutive),
                   endpoint->consecutive);
}

/* Not (yet) met: the longest run and what ended it, or why no value counted. */
static void
explain_not_reached (const Context        *ctx,
                     StromaEndpointResult *result,
                     GArray               *days,
                     GArray               *txs,
                     const Run            *run,
                     GString              *text)
{
  const StromaEndpoint *endpoint = result->endpoint;
  guint32 anchor = anchor_of (ctx, endpoint);
  g_autofree char *rule = format_rule (endpoint);

  result->state = STROMA_ENDPOINT_NOT_REACHED;

  if (run->first == G_MAXUINT)
    {
      const Day *held_back = NULL;
      const Day *closest = NULL;

      /* The last value that met the threshold but did not count, else the closest miss. */
      for (guint i = 0; i < days->len; i++)
        {
          const Day *d = &g_array_index (days, Day, i);

          if (d->meets)
            held_back = d;
          else if (closest == NULL ||
                   distance_outside (endpoint, d->value) <= distance_outside (endpoint,
                                                                              closest->value))
            closest = d;
        }

      if (held_back != NULL)
        {
          const Transfusion *tx = last_transfusion (txs, held_back->julian);
          g_autofree char *on = format_when (endpoint, held_back->julian, anchor);
          g_autofree char *tx_on = format_when (endpoint, tx->julian, anchor);
          gint n_days = (gint) (held_back->julian - tx->julian);

          add_value (result, anchor, held_back->julian, held_back->value, FALSE);
          add_transfusion (result, anchor, tx);

          if (!held_back->eligible)
            append_printf (text,
                           /* Translators: “Not reached: HGB 92 on 2024-03-20 (treatment day 8)
                            * is ≥ 70 but came 13 days after the RBC transfusion on 2024-03-07
                            * (treatment day −5) (28 required).” */
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Not reached: %s %g on %s is %s but came %d day after "
                                        "the %s transfusion on %s (%u required).",
                                        "Not reached: %s %g on %s is %s but came %d days after "
                                        "the %s transfusion on %s (%u required).",
                                        (gulong) n_days),
                           endpoint->test_code, held_back->value, on, rule, n_days,
                           endpoint->product, tx_on, endpoint->transfusion_free_days);
          else
            append_printf (text,
                           /* Translators: “Not reached: PLAT 52 on … is ≥ 50 but a PLT
                            * transfusion was given that day.” */
                           _("Not reached: %s %g on %s is %s but a %s transfusion was given "
                             "that day."),
                           endpoint->test_code, held_back->value, on, rule, endpoint->product);
        }
      else
        {
          g_autofree char *on = format_when (endpoint, closest->julian, anchor);

          add_value (result, anchor, closest->julian, closest->value, FALSE);
          append_printf (text,
                         /* Translators: “Not reached: no PLAT value ≥ 50; the closest was 42
                          * on 2024-03-20 (treatment day 8).” */
                         _("Not reached: no %s value %s; the closest was %g on %s."),
                         endpoint->test_code, rule, closest->value, on);
        }
      return;
    }

  {
    const Day *first = &g_array_index (days, Day, run->first);
    const Day *last = &g_array_index (days, Day, run->last);
    g_autofree char *from = format_when (endpoint, first->julian, anchor);
    g_autofree char *to = format_date (last->julian);
    guint n = run->last - run->first + 1;

    for (guint i = run->first; i <= run->last; i++)
      {
        const Day *d = &g_array_index (days, Day, i);

        add_value (result, anchor, d->julian, d->value, TRUE);
      }

    if (n == 1)
      append_printf (text,
                     /* Translators: “Not reached: the longest run of PLAT ≥ 50 was one
                      * value, 52 on 2024-03-20 (treatment day 8).” */
                     _("Not reached: the longest run of %s %s was one value, %g on %s."),
                     endpoint->test_code, rule, first->value, from);
    else
      append_printf (text,
                     /* Translators: “Not reached: the longest run of PLAT ≥ 50 was 3 values
                      * from 2024-03-20 (treatment day 8) to 2024-03-22, covering 3 days.” */
                     g_dngettext (GETTEXT_PACKAGE,
                                  "Not reached: the longest run of %s %s was %u value from %s "
                                  "to %s, covering %d days.",
                                  "Not reached: the longest run of %s %s was %u values from %s "
                                  "to %s, covering %d days.", n),
                     endpoint->test_code, rule, n, from, to,
                     (gint) (last->julian - first->julian + 1));
    explain_needed (endpoint, text);
    explain_transfusions_met (ctx, result, txs, first->julian, last->julian, text);

    if (run->end == END_OPEN)
      {
        g_autofree char *cut = format_date (ctx->cut);

        /* Translators: %s is the date of the data cut */
        append_printf (text, _("It was still going on at the data cut, %s."), cut);
      }
    else
      {
        const Day *next = &g_array_index (days, Day, run->next);
        g_autofree char *on = format_when (endpoint, next->julian, anchor);

        switch (run->end)
          {
          case END_VALUE:
            add_value (result, anchor, next->julian, next->value, FALSE);
            /* Translators: “It ended on 2024-03-23 (treatment day 11) with PLAT 42.” */
            append_printf (text, _("It ended on %s with %s %g."), on, endpoint->test_code,
                           next->value);
            break;

          case END_WAIT:
            {
              const Transfusion *tx = last_transfusion (txs, next->julian);
              g_autofree char *tx_on = format_when (endpoint, tx->julian, anchor);
              gint n_days = (gint) (next->julian - tx->julian);

              add_value (result, anchor, next->julian, next->value, FALSE);
              add_transfusion (result, anchor, tx);
              append_printf (text,
                             /* Translators: “It ended on 2024-03-23 (day +12): PLAT 25 came 3
                              * days after the PLT transfusion on 2024-03-20 (day +9) (7
                              * required).” */
                             g_dngettext (GETTEXT_PACKAGE,
                                          "It ended on %s: %s %g came %d day after the %s "
                                          "transfusion on %s (%u required).",
                                          "It ended on %s: %s %g came %d days after the %s "
                                          "transfusion on %s (%u required).", (gulong) n_days),
                             on, endpoint->test_code, next->value, n_days, endpoint->product,
                             tx_on, endpoint->transfusion_free_days);
            }
            break;

          case END_TRANSFUSION:
            {
              const Transfusion *tx = transfusion_within (txs, run->tx, run->tx);
              g_autofree char *tx_on = format_when (endpoint, run->tx, anchor);

              add_transfusion (result, anchor, tx);
              /* Translators: “It ended with a PLT transfusion on 2024-03-23 (treatment day
               * 11).” */
              append_printf (text, _("It ended with a %s transfusion on %s."), endpoint->product,
                             tx_on);
            }
            break;

          case END_GAP:
            add_value (result, anchor, next->julian, next->value, next->meets && next->eligible);
            append_printf (text,
                           /* Translators: “It ended with a gap of 6 days before the next value,
                            * on 2024-03-28 (treatment day 16) (at most 4 allowed).” */
                           _("It ended with a gap of %d days before the next value, on %s (at "
                             "most %u allowed)."),
                           (gint) (next->julian - last->julian), on, endpoint->max_gap_days);
            break;

          case END_OPEN:
          default:
            g_assert_not_reached ();
          }
      }
  }
}

static StromaEndpointResult *
evaluate_run (const Context         *ctx,
              const StromaEndpoint  *endpoint,
              GError               **error)
{
  g_autoptr(StromaEndpointResult) result = result_new (endpoint);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) txs = NULL;
  g_autoptr(GArray) days = NULL;
  guint32 anchor = anchor_of (ctx, endpoint);
  Run run = { G_MAXUINT, G_MAXUINT, END_OPEN, 0, NO_DATE };

  if (!check_anchor (ctx, result, text))
    {
      result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
      return g_steal_pointer (&result);
    }

  samples = collect_samples (ctx, endpoint->test_code, anchor, ctx->cut, error);
  if (samples == NULL)
    return NULL;
  txs = collect_transfusions (ctx, endpoint->product, ctx->cut, error);
  if (txs == NULL)
    return NULL;

  /* "No longer needs transfusions" presumes that the subject needed them at the start. */
  if (endpoint->dependent_days > 0 &&
      transfusion_within (txs, anchor - MIN (anchor, endpoint->dependent_days), anchor) == NULL)
    {
      g_autofree char *on = format_date (anchor);

      /* Translators: “Not applicable: no RBC transfusion in the 28 days up to 2024-03-12, so
       * the subject was not transfusion-dependent at the start.” */
      append_printf (text, _("Not applicable: no %s transfusion in the %u days up to %s, so the "
                             "subject was not transfusion-dependent at the start."),
                     endpoint->product, endpoint->dependent_days, on);
      result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
      return g_steal_pointer (&result);
    }

  if (samples->len == 0)
    {
      g_autofree char *from = format_date (anchor);
      g_autofree char *to = format_date (ctx->cut);

      /* Translators: “Not evaluable: no NEUT value from 2024-03-12 to 2024-03-30.” */
      append_printf (text, _("Not evaluable: no %s value from %s to %s."), endpoint->test_code,
                     from, to);
      result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
      return g_steal_pointer (&result);
    }

  if (endpoint->after_nadir)
    {
      Sample nadir = g_array_index (samples, Sample, 0);
      g_autofree char *when = NULL;
      guint keep = 0;

      for (guint i = 1; i < samples->len; i++)
        {
          const Sample *s = &g_array_index (samples, Sample, i);

          if (s->value < nadir.value)
            nadir = *s;
        }

      while (keep < samples->len && g_array_index (samples, Sample, keep).julian <= nadir.julian)
        keep++;
      g_array_remove_range (samples, 0, keep);

      add_value (result, anchor, nadir.julian, nadir.value, FALSE);
      when = format_when (endpoint, nadir.julian, anchor);

      if (samples->len == 0)
        {
          result->state = STROMA_ENDPOINT_NOT_REACHED;
          append_printf (text,
                         /* Translators: “Not reached: the lowest NEUT, 0.02 on 2024-01-23
                          * (day +5), is the last value; only values after it count.” */
                         _("Not reached: the lowest %s, %g on %s, is the last value; only "
                           "values after it count."),
                         endpoint->test_code, nadir.value, when);
          result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
          return g_steal_pointer (&result);
        }
    }

  days = build_days (endpoint, samples, txs);

  if (find_run (endpoint, days, txs, &run))
    explain_met (ctx, result, days, txs, &run, text);
  else
    explain_not_reached (ctx, result, days, txs, &run, text);

  if (endpoint->after_nadir)
    {
      const StromaEvidence *nadir = result->evidence->pdata[0];

      /* Translators: “Only values after the nadir count: NEUT 0.02 on 2024-01-23.” */
      g_autofree char *when = format_when (endpoint, anchor + (guint32) nadir->day, anchor);

      append_printf (text, _("Only values after the nadir count: %s %g on %s."),
                     endpoint->test_code, nadir->value, when);
    }

  g_ptr_array_sort (result->evidence, compare_evidence);
  result->explanation = g_string_free (g_steal_pointer (&text), FALSE);

  return g_steal_pointer (&result);
}

/* The runs of the fallback's group, as "CR or PR" for the explanation. */
static char *
group_labels (GPtrArray            *results,
              const StromaEndpoint *fallback)
{
  g_autoptr(GString) labels = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      const StromaEndpointResult *r = results->pdata[i];

      if (r == NULL || r->endpoint->kind != STROMA_ENDPOINT_RUN ||
          g_strcmp0 (r->endpoint->group, fallback->group) != 0)
        continue;

      if (labels->len > 0)
        /* Translators: joins endpoint labels: “Platelet complete response or Platelet partial
         * response” */
        g_string_append (labels, _(" or "));
      g_string_append (labels, r->endpoint->label);
    }

  return g_string_free (g_steal_pointer (&labels), FALSE);
}

static StromaEndpointResult *
evaluate_fallback (const Context         *ctx,
                   const StromaEndpoint  *endpoint,
                   GPtrArray             *results,
                   GError               **error)
{
  g_autoptr(StromaEndpointResult) result = result_new (endpoint);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) samples = NULL;
  g_autoptr(GArray) txs = NULL;
  g_autofree char *labels = NULL;
  g_autofree char *assessed = NULL;
  guint32 anchor = anchor_of (ctx, endpoint);
  guint32 assessment;
  const StromaEndpointResult *met = NULL;

  if (!check_anchor (ctx, result, text))
    {
      result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
      return g_steal_pointer (&result);
    }

  for (guint i = 0; i < results->len && met == NULL; i++)
    {
      const StromaEndpointResult *r = results->pdata[i];

      if (r != NULL && r->state == STROMA_ENDPOINT_MET &&
          g_strcmp0 (r->endpoint->group, endpoint->group) == 0)
        met = r;
    }

  if (met != NULL)
    {
      guint32 event;
      g_autofree char *when = NULL;

      parse_date (met->event_date, &event);
      when = format_when (endpoint, event, anchor);
      result->state = STROMA_ENDPOINT_NOT_MET;
      /* Translators: “Not applicable: Platelet complete response was met on 2024-04-02
       * (treatment day 21).” */
      append_printf (text, _("Not applicable: %s was met on %s."), met->endpoint->label, when);
      result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
      return g_steal_pointer (&result);
    }

  assessment = anchor + (guint32) endpoint->assessment_day;
  assessed = format_when (endpoint, assessment, anchor);
  labels = group_labels (results, endpoint);

  samples = collect_samples (ctx, endpoint->test_code, anchor, MIN (assessment, ctx->cut), error);
  if (samples == NULL)
    return NULL;
  txs = collect_transfusions (ctx, endpoint->product, MIN (assessment, ctx->cut), error);
  if (txs == NULL)
    return NULL;

  if (ctx->cut < assessment)
    {
      result->state = STROMA_ENDPOINT_NOT_REACHED;
      /* Translators: “To be assessed on 2024-05-07 (treatment day 56) unless Platelet complete
       * response or Platelet partial response is met first.” */
      append_printf (text, _("To be assessed on %s unless %s is met first."), assessed, labels);
      result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
      return g_steal_pointer (&result);
    }

  if (samples->len == 0)
    {
      g_autofree char *from = format_date (anchor);

      /* Translators: “Not evaluable: no PLAT value from 2024-03-12 to the assessment on
       * 2024-05-07 (treatment day 56).” */
      append_printf (text, _("Not evaluable: no %s value from %s to the assessment on %s."),
                     endpoint->test_code, from, assessed);
      result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
      return g_steal_pointer (&result);
    }

  set_met (ctx, result, assessment);
  /* Translators: “Met on 2024-05-07 (treatment day 56): neither Platelet complete response
   * nor … was met by then.” The second %s lists endpoint labels joined by “or”. */
  append_printf (text, _("Met on %s: no %s by then."), assessed, labels);

  {
    const Sample *last = &g_array_index (samples, Sample, samples->len - 1);
    g_autofree char *rule = format_rule (endpoint);
    g_autofree char *on = format_when (endpoint, last->julian, anchor);
    gboolean meets;

    /* Several values on the last day: report its worst for the rule. */
    for (guint i = 0; i < samples->len; i++)
      {
        const Sample *s = &g_array_index (samples, Sample, i);

        if (s->julian == last->julian && worse_value (endpoint, s->value, last->value))
          last = s;
      }
    meets = value_meets (endpoint, last->value);

    add_value (result, anchor, last->julian, last->value, meets);
    append_printf (text,
                   meets
                   /* Translators: “The last PLAT before the assessment, 14 on 2024-05-05
                    * (treatment day 54), is < 20.” */
                   ? _("The last %s before the assessment, %g on %s, is %s.")
                   : _("The last %s before the assessment, %g on %s, is not %s."),
                   endpoint->test_code, last->value, on, rule);
  }

  if (endpoint->product != NULL)
    {
      const Transfusion *tx = txs->len > 0 ? &g_array_index (txs, Transfusion, txs->len - 1)
                                           : NULL;

      if (tx != NULL)
        {
          g_autofree char *on = format_when (endpoint, tx->julian, anchor);

          add_transfusion (result, anchor, tx);
          append_printf (text, _("The last %s transfusion before the assessment was on %s."),
                         endpoint->product, on);
        }
      else
        {
          append_printf (text, _("No %s transfusion is recorded before the assessment."),
                         endpoint->product);
        }
    }

  g_ptr_array_sort (result->evidence, compare_evidence);
  result->explanation = g_string_free (g_steal_pointer (&text), FALSE);

  return g_steal_pointer (&result);
}

/* The last date anything is recorded for the subject: the clock when no cut is given. */
static guint32
last_recorded_date (const StromaSubjectRecord *record)
{
  guint32 last = NO_DATE;
  guint32 j;

#define LATEST(array, type, field)                                        \
  for (guint i = 0; (array) != NULL && i < (array)->len; i++)             \
    {                                                                     \
      const type *r = (array)->pdata[i];                                  \
      if (!r->parent.voided && parse_date (r->field, &j) && j > last)     \
        last = j;                                                         \
    }

  LATEST (record->labs, StromaLabResult, collected_on)
  LATEST (record->transfusions, StromaTransfusion, given_on)
  LATEST (record->dispositions, StromaDisposition, event_date)
  LATEST (record->follow_ups, StromaFollowUp, event_date)

#undef LATEST

  return last;
}

/**
 * stroma_endpoints_evaluate:
 * @protocol: the trial's protocol
 * @record: everything recorded for one subject
 * @as_of: (nullable): the data cut, an ISO date: later values and transfusions are ignored and
 *   fallbacks are assessed against it; %NULL uses all data, with the last date recorded for
 *   the subject as the cut
 * @error: return location for a #GError
 *
 * Derives every endpoint of @protocol for one subject, with the values and transfusions that
 * decided it and a translated explanation. The rules are the protocol's (#StromaEndpoint);
 * see the top of stroma-endpoints.c for the choices the protocol leaves open: values from the
 * anchor day on, the worst value of a day, the nadir at its first date, and a fallback met
 * when no run of its group is met by the cut.
 *
 * A missing anchor (day 0 or treatment start), an anchor after the cut or a test without
 * values make a result %STROMA_ENDPOINT_NOT_EVALUABLE, not an error.
 *
 * Returns: (transfer container) (element-type StromaEndpointResult): one result per protocol
 *   endpoint, in file order, or %NULL with @error set when a date does not parse
 */
GPtrArray *
stroma_endpoints_evaluate (const StromaProtocol      *protocol,
                           const StromaSubjectRecord *record,
                           const char                *as_of,
                           GError                   **error)
{
  g_autoptr(GPtrArray) results = NULL;
  Context ctx = { protocol, record, NO_DATE, NO_DATE, NO_DATE };

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (protocol->endpoints != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (record->subject != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (as_of == NULL)
    ctx.cut = last_recorded_date (record);
  else if (!parse_date (as_of, &ctx.cut))
    {
      invalid_date (error, _("data cut"), as_of);
      return NULL;
    }

  if (record->transplant != NULL && record->transplant->day0_date != NULL &&
      !parse_date (record->transplant->day0_date, &ctx.day0))
    {
      invalid_date (error, _("day 0"), record->transplant->day0_date);
      return NULL;
    }

  if (record->subject->treatment_start != NULL &&
      !parse_date (record->subject->treatment_start, &ctx.treatment))
    {
      invalid_date (error, _("treatment start"), record->subject->treatment_start);
      return NULL;
    }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_endpoint_result_free);

  /* Runs first: a fallback depends on the runs of its group. */
  for (guint i = 0; i < protocol->endpoints->len; i++)
    {
      const StromaEndpoint *endpoint = protocol->endpoints->pdata[i];
      StromaEndpointResult *result = NULL;

      if (endpoint->kind == STROMA_ENDPOINT_RUN)
        {
          result = evaluate_run (&ctx, endpoint, error);
          if (result == NULL)
            return NULL;
        }
      g_ptr_array_add (results, result);
    }

  for (guint i = 0; i < protocol->endpoints->len; i++)
    {
      const StromaEndpoint *endpoint = protocol->endpoints->pdata[i];
      StromaEndpointResult *fallback;
      guint32 assessment;

      if (endpoint->kind != STROMA_ENDPOINT_FALLBACK)
        continue;

      fallback = evaluate_fallback (&ctx, endpoint, results, error);
      if (fallback == NULL)
        return NULL;
      results->pdata[i] = fallback;

      if (fallback->state != STROMA_ENDPOINT_MET)
        continue;

      parse_date (fallback->event_date, &assessment);

      /* No response at the assessment: the group's open runs are assessed and failed. */
      for (guint k = 0; k < results->len; k++)
        {
          StromaEndpointResult *r = results->pdata[k];
          g_autofree char *when = NULL;
          char *explanation;

          if (r == NULL || r->state != STROMA_ENDPOINT_NOT_REACHED ||
              r->endpoint->kind != STROMA_ENDPOINT_RUN ||
              g_strcmp0 (r->endpoint->group, endpoint->group) != 0)
            continue;

          when = format_when (endpoint, assessment, anchor_of (&ctx, endpoint));
          r->state = STROMA_ENDPOINT_NOT_MET;
          explanation = g_strdup_printf (
            /* Translators: the first %s is an explanation; the second a category or label
             * (“NR”), the third a date and its study day */
            _("%s Assessed as “%s” on %s."), r->explanation,
            endpoint->category != NULL ? endpoint->category : endpoint->label, when);
          g_free (r->explanation);
          r->explanation = explanation;
        }
    }

  return g_steal_pointer (&results);
}

/**
 * stroma_endpoints_group_result:
 * @results: (element-type StromaEndpointResult): from stroma_endpoints_evaluate()
 * @group: a group id, e.g. "platelet-response"
 *
 * The classification of a group (platelet CR / PR / NR): the first met endpoint in file
 * order; else the group's fallback, whose state says whether its assessment day has passed
 * (%STROMA_ENDPOINT_MET), not yet (%STROMA_ENDPOINT_NOT_REACHED) or cannot be judged; else,
 * in a group without fallback, its first endpoint.
 *
 * Returns: (transfer none) (nullable): the result, or %NULL when no endpoint is in @group
 */
const StromaEndpointResult *
stroma_endpoints_group_result (GPtrArray  *results,
                               const char *group)
{
  const StromaEndpointResult *first = NULL;
  const StromaEndpointResult *fallback = NULL;

  g_return_val_if_fail (results != NULL, NULL);
  g_return_val_if_fail (group != NULL, NULL);

  for (guint i = 0; i < results->len; i++)
    {
      const StromaEndpointResult *r = results->pdata[i];

      if (g_strcmp0 (r->endpoint->group, group) != 0)
        continue;

      if (r->state == STROMA_ENDPOINT_MET)
        return r;
      if (first == NULL)
        first = r;
      if (r->endpoint->kind == STROMA_ENDPOINT_FALLBACK)
        fallback = r;
    }

  return fallback != NULL ? fallback : first;
}

/**
 * stroma_endpoints_find_result:
 * @results: (element-type StromaEndpointResult): from stroma_endpoints_evaluate()
 * @id: an endpoint id
 *
 * Returns: (transfer none) (nullable): the result of endpoint @id
 */
const StromaEndpointResult *
stroma_endpoints_find_result (GPtrArray  *results,
                              const char *id)
{
  g_return_val_if_fail (results != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < results->len; i++)
    {
      const StromaEndpointResult *r = results->pdata[i];

      if (g_strcmp0 (r->endpoint->id, id) == 0)
        return r;
    }

  return NULL;
}

/**
 * stroma_endpoint_state_to_string:
 * @state: a state
 *
 * Returns: a stable id, not translated: "met", "not-met", "not-reached" or "not-evaluable"
 */
const char *
stroma_endpoint_state_to_string (StromaEndpointState state)
{
  switch (state)
    {
    case STROMA_ENDPOINT_MET:
      return "met";
    case STROMA_ENDPOINT_NOT_MET:
      return "not-met";
    case STROMA_ENDPOINT_NOT_REACHED:
      return "not-reached";
    case STROMA_ENDPOINT_NOT_EVALUABLE:
      return "not-evaluable";
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * stroma_evidence_free:
 * @evidence: (nullable): an evidence item
 */
void
stroma_evidence_free (StromaEvidence *evidence)
{
  if (evidence == NULL)
    return;

  g_free (evidence->date);
  g_free (evidence->test_code);
  g_free (evidence);
}

/**
 * stroma_endpoint_result_free:
 * @result: (nullable): a result
 */
void
stroma_endpoint_result_free (StromaEndpointResult *result)
{
  if (result == NULL)
    return;

  g_free (result->event_date);
  g_clear_pointer (&result->evidence, g_ptr_array_unref);
  g_free (result->explanation);
  g_free (result);
}
