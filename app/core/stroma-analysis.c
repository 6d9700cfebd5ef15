/* stroma-analysis.c — the trial's results by arm
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every number here is derived from the subjects' records through the same endpoint
 * derivations the dashboard shows, so the sponsor's sheet and the screen cannot disagree.
 *
 * Conventions, stated where the results are shown:
 * - A category of a classification (platelet CR, PR) counts each subject's best response.
 * - Response rates are by intention to treat: every randomized subject whose treatment started
 *   at least the evaluation period before the data cut (the latest assessment day of the
 *   protocol's endpoints, 8 weeks for msc-pgf) counts in the denominator, and so does a subject
 *   who died earlier; a response not reached by then counts as no response. Subjects still
 *   inside the period are left out until they can be assessed.
 * - Survival runs from the start of treatment. Overall survival counts deaths; disease-free
 *   survival counts relapse or death, whichever comes first. Subjects without an event are
 *   censored at the last date they were known alive, up to the data cut.
 */

#define G_LOG_DOMAIN "stroma-analysis"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "stroma-analysis.h"

G_DEFINE_QUARK (stroma-analysis-error-quark, stroma_analysis_error)

#define ONE_YEAR_DAYS 365.0

static gint64
julian (const char *iso)
{
  guint32 j;

  return stroma_date_to_julian (iso, &j) ? (gint64) j : -1;
}

/* What the analysis keeps of a subject: the public part, and what the response counts need once
 * the record itself may be gone. */
typedef struct
{
  StromaSubjectAnalysis pub;
  gint64                start;   /* treatment start, Julian day; -1 when none */
  gint64                death;   /* first death up to the cut; -1 when none */
} SubjectAnalysis;

static void
subject_analysis_free (SubjectAnalysis *s)
{
  g_clear_pointer (&s->pub.endpoints, g_ptr_array_unref);
  g_free (s);
}

static void
response_rate_free (StromaResponseRate *r)
{
  g_free (r->id);
  g_free (r->label);
  g_free (r->definition);
  g_free (r);
}

void
stroma_analysis_free (StromaTrialAnalysis *analysis)
{
  if (analysis == NULL)
    return;

  g_free (analysis->data_cut);
  g_clear_pointer (&analysis->subjects, g_ptr_array_unref);
  g_clear_pointer (&analysis->responses, g_ptr_array_unref);
  g_free (analysis);
}

/* The latest date up to the cut on which the subject was known alive. */
static gint64
last_known_alive (const StromaSubjectRecord *r,
                  gint64                     cut)
{
  gint64 last = -1;

#define SEEN(iso) G_STMT_START { \
    gint64 j_ = julian (iso); \
    if (j_ > last && j_ <= cut) last = j_; \
  } G_STMT_END

  SEEN (r->subject->treatment_start);
  for (guint i = 0; i < r->labs->len; i++)
    SEEN (((StromaLabResult *) r->labs->pdata[i])->collected_on);
  for (guint i = 0; i < r->infusions->len; i++)
    SEEN (((StromaInfusion *) r->infusions->pdata[i])->given_at);
  for (guint i = 0; i < r->transfusions->len; i++)
    SEEN (((StromaTransfusion *) r->transfusions->pdata[i])->given_on);
  for (guint i = 0; i < r->follow_ups->len; i++)
    SEEN (((StromaFollowUp *) r->follow_ups->pdata[i])->event_date);
  for (guint i = 0; i < r->adverse_events->len; i++)
    {
      SEEN (((StromaAdverseEvent *) r->adverse_events->pdata[i])->onset_date);
      SEEN (((StromaAdverseEvent *) r->adverse_events->pdata[i])->resolved_date);
    }
  for (guint i = 0; i < r->dispositions->len; i++)
    SEEN (((StromaDisposition *) r->dispositions->pdata[i])->event_date);

#undef SEEN

  return last;
}

static gint64
first_event (const StromaSubjectRecord *r,
             const char                *kind,
             gint64                     cut)
{
  gint64 first = -1;

  for (guint i = 0; i < r->follow_ups->len; i++)
    {
      StromaFollowUp *f = r->follow_ups->pdata[i];
      gint64 j = julian (f->event_date);

      if (g_strcmp0 (f->kind, kind) == 0 && j >= 0 && j <= cut && (first < 0 || j < first))
        first = j;
    }

  if (g_strcmp0 (kind, "death") == 0)
    for (guint i = 0; i < r->dispositions->len; i++)
      {
        StromaDisposition *d = r->dispositions->pdata[i];
        gint64 j = julian (d->event_date);

        if (g_strcmp0 (d->event, "died") == 0 && j >= 0 && j <= cut && (first < 0 || j < first))
          first = j;
      }

  return first;
}

static void
derive_survival (SubjectAnalysis           *sa,
                 const StromaSubjectRecord *r,
                 gint64                     cut)
{
  StromaSubjectAnalysis *s = &sa->pub;
  gint64 start = julian (r->subject->treatment_start);
  gint64 death, relapse, alive, dfs_event;

  sa->start = start;
  sa->death = death = first_event (r, "death", cut);

  s->has_start = start >= 0 && start <= cut;
  if (!s->has_start)
    return;

  relapse = first_event (r, "relapse", cut);
  alive = MAX (last_known_alive (r, cut), start);

  s->os_event = death >= 0;
  s->os_days = (double) ((s->os_event ? death : alive) - start);

  dfs_event = relapse >= 0 && (death < 0 || relapse < death) ? relapse : death;
  s->dfs_event = dfs_event >= 0;
  s->dfs_days = (double) ((s->dfs_event ? dfs_event : alive) - start);
}

static int
arm_index (const StromaTrialAnalysis *a,
           const StromaSubjectRecord *r)
{
  if (r->allocation != NULL)
    {
      for (guint i = 0; i < a->n_arms; i++)
        if (g_strcmp0 (a->arms[i]->id, r->allocation->arm) == 0)
          return (int) i;
      return -1;
    }

  /* A single-arm or dose-escalation trial: every treated subject is in the one arm. */
  if (a->n_arms == 1 && r->subject->treatment_start != NULL)
    return 0;

  return -1;
}

/* Has the subject had the evaluation period, or died inside it? */
static gboolean
assessable (const StromaTrialAnalysis   *a,
            const StromaSubjectAnalysis *s,
            gint64                       cut)
{
  const SubjectAnalysis *sa = (const SubjectAnalysis *) s;

  if (sa->start < 0 || sa->start > cut)
    return FALSE;
  if (cut - sa->start >= (gint64) a->evaluation_day)
    return TRUE;
  return sa->death >= 0;
}

/* A subject counts in a rate's denominator once its result is final: a response met, or the
 * evaluation period over (or death before it) without one. For a classification, @result is the
 * subject's classification, so every category of a group shares one denominator. */
static gboolean
counts_in_denominator (const StromaTrialAnalysis   *a,
                       const StromaSubjectAnalysis *s,
                       const StromaEndpointResult  *result,
                       gint64                       cut)
{
  if (result->state == STROMA_ENDPOINT_MET && result->endpoint->kind != STROMA_ENDPOINT_FALLBACK)
    return TRUE;
  if (result->state == STROMA_ENDPOINT_NOT_EVALUABLE)
    return FALSE;
  return assessable (a, s, cut);
}

static void
finish_rate (StromaResponseRate *rate,
             guint               n_arms)
{
  for (guint arm = 0; arm < n_arms; arm++)
    {
      if (rate->n_evaluable[arm] == 0)
        {
          rate->wilson[arm] = (StromaInterval) { NAN, NAN, NAN };
          rate->exact[arm] = (StromaInterval) { NAN, NAN, NAN };
          continue;
        }
      stroma_proportion_ci (rate->n_met[arm], rate->n_evaluable[arm], 0.95, STROMA_CI_WILSON,
                            &rate->wilson[arm], NULL);
      stroma_proportion_ci (rate->n_met[arm], rate->n_evaluable[arm], 0.95,
                            STROMA_CI_CLOPPER_PEARSON, &rate->exact[arm], NULL);
    }

  rate->fisher_p = NAN;
  if (n_arms == 2 && rate->n_evaluable[0] > 0 && rate->n_evaluable[1] > 0)
    rate->fisher_p = stroma_fisher_exact_test (rate->n_met[0],
                                               rate->n_evaluable[0] - rate->n_met[0],
                                               rate->n_met[1],
                                               rate->n_evaluable[1] - rate->n_met[1],
                                               STROMA_ALTERNATIVE_TWO_SIDED);
}

static void
count_responses (StromaTrialAnalysis *a,
                 gint64               cut)
{
  const StromaProtocol *p = a->protocol;
  g_autoptr(GPtrArray) groups = g_ptr_array_new ();

  /* Each endpoint that a subject can reach (fallbacks, such as "no response", are the
   * complement of their group and are not rates of their own). */
  for (guint e = 0; e < p->endpoints->len; e++)
    {
      const StromaEndpoint *ep = p->endpoints->pdata[e];
      StromaResponseRate *rate;

      if (ep->group != NULL && !g_ptr_array_find_with_equal_func (groups, ep->group, g_str_equal,
                                                                  NULL))
        g_ptr_array_add (groups, ep->group);
      if (ep->kind == STROMA_ENDPOINT_FALLBACK)
        continue;

      rate = g_new0 (StromaResponseRate, 1);
      rate->id = g_strdup (ep->id);
      rate->label = g_strdup (ep->label);
      rate->definition = g_strdup (ep->definition);

      for (guint i = 0; i < a->subjects->len; i++)
        {
          StromaSubjectAnalysis *s = a->subjects->pdata[i];
          const StromaEndpointResult *res;
          gboolean met;

          if (s->arm < 0 || s->endpoints == NULL)
            continue;
          res = s->endpoints->pdata[e];

          /* A category of a classification counts the subjects classified so (their best
           * response), not everyone who passed through it on the way to a better one. */
          if (ep->group != NULL)
            {
              const StromaEndpointResult *best = stroma_endpoints_group_result (s->endpoints,
                                                                                ep->group);
              met = best == res && res->state == STROMA_ENDPOINT_MET;
              res = best;   /* evaluability is the classification's */
            }
          else
            met = res->state == STROMA_ENDPOINT_MET;

          if (met)
            rate->n_met[s->arm]++;
          if (counts_in_denominator (a, s, res, cut))
            rate->n_evaluable[s->arm]++;
        }

      finish_rate (rate, a->n_arms);
      g_ptr_array_add (a->responses, rate);
    }

  /* Each group: a response is any of its reachable categories (e.g. platelet CR or PR). */
  for (guint g = 0; g < groups->len; g++)
    {
      const char *group = groups->pdata[g];
      g_autoptr(GString) categories = g_string_new (NULL);
      StromaResponseRate *rate = g_new0 (StromaResponseRate, 1);

      for (guint e = 0; e < p->endpoints->len; e++)
        {
          const StromaEndpoint *ep = p->endpoints->pdata[e];
          if (g_strcmp0 (ep->group, group) == 0 && ep->kind != STROMA_ENDPOINT_FALLBACK)
            {
              g_string_append_printf (categories, "%s%s", categories->len ? "+" : "",
                                      ep->category ? ep->category : ep->id);
              if (rate->definition == NULL)
                rate->definition = g_strdup (ep->definition);
            }
        }

      rate->id = g_strdup_printf ("%s:%s", group, categories->str);
      /* Translators: a response rate over several categories, e.g. "platelet-response: CR or PR" */
      rate->label = g_strdup_printf (_("%s (%s)"), group, categories->str);

      for (guint i = 0; i < a->subjects->len; i++)
        {
          StromaSubjectAnalysis *s = a->subjects->pdata[i];
          const StromaEndpointResult *res;

          if (s->arm < 0 || s->endpoints == NULL)
            continue;
          res = stroma_endpoints_group_result (s->endpoints, group);
          if (res == NULL)
            continue;
          if (res->state == STROMA_ENDPOINT_MET && res->endpoint->kind != STROMA_ENDPOINT_FALLBACK)
            rate->n_met[s->arm]++;
          if (counts_in_denominator (a, s, res, cut))
            rate->n_evaluable[s->arm]++;
        }

      finish_rate (rate, a->n_arms);
      g_ptr_array_add (a->responses, rate);
    }
}

static void
summarize_survival (StromaTrialAnalysis   *a,
                    gboolean               dfs,
                    StromaSurvivalSummary *out)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GArray) groups = g_array_new (FALSE, FALSE, sizeof (guint));

  memset (out, 0, sizeof *out);

  for (guint arm = 0; arm < a->n_arms; arm++)
    {
      g_autoptr(GArray) t = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) ev = g_array_new (FALSE, FALSE, sizeof (gboolean));
      g_autoptr(StromaKaplanMeier) km = NULL;
      double lower, upper;

      for (guint i = 0; i < a->subjects->len; i++)
        {
          StromaSubjectAnalysis *s = a->subjects->pdata[i];
          double days = dfs ? s->dfs_days : s->os_days;
          gboolean event = dfs ? s->dfs_event : s->os_event;
          guint g = (guint) arm;

          if (s->arm != (int) arm || !s->has_start)
            continue;
          g_array_append_val (t, days);
          g_array_append_val (ev, event);
          g_array_append_val (times, days);
          g_array_append_val (events, event);
          g_array_append_val (groups, g);
          out->events[arm] += event ? 1 : 0;
        }

      out->n[arm] = t->len;
      out->median[arm] = NAN;
      out->at_one_year[arm] = (StromaKmEstimate) { ONE_YEAR_DAYS, 0, NAN, NAN, NAN, NAN };
      if (t->len == 0)
        continue;

      km = stroma_kaplan_meier_new ((double *) t->data, (gboolean *) ev->data, t->len, 0.95, NULL);
      if (km == NULL)
        continue;
      out->reached[arm] = stroma_kaplan_meier_survival_at (km, ONE_YEAR_DAYS,
                                                           &out->at_one_year[arm]);
      if (!stroma_kaplan_meier_median (km, &out->median[arm], &lower, &upper))
        out->median[arm] = NAN;
    }

  if (a->n_arms == 2 && out->n[0] > 0 && out->n[1] > 0)
    out->has_log_rank = stroma_log_rank_test ((double *) times->data, (gboolean *) events->data,
                                              (guint *) groups->data, times->len,
                                              &out->log_rank, NULL);
}

/**
 * stroma_analysis_check_sample_size:
 * @statistics: the protocol's sample-size settings
 * @check: (out): the numbers
 * @error: a #GError
 *
 * Recomputes the protocol's sample size as it states its assumptions, finds which of the usual
 * assumptions (one- or two-sided, with or without continuity correction) reproduce its stated
 * number, and gives the exact Fisher power at that number and both dropout inflations.
 *
 * Returns: %TRUE on success.
 */
gboolean
stroma_analysis_check_sample_size (const StromaStatistics *statistics,
                                   StromaSampleSizeCheck  *check,
                                   GError                **error)
{
  StromaSampleSizeOptions options = { 0 };

  g_return_val_if_fail (statistics != NULL, FALSE);
  g_return_val_if_fail (check != NULL, FALSE);

  memset (check, 0, sizeof *check);
  check->stated_n_per_arm = statistics->stated_n_per_arm;
  check->stated_with_dropout = statistics->stated_n_per_arm_with_dropout;
  check->dropout = statistics->dropout;

  options.p1 = statistics->p1;
  options.p2 = statistics->p2;
  options.alpha = statistics->alpha;
  options.power = statistics->power;
  options.sides = statistics->sides;
  options.continuity_correction = statistics->continuity_correction;
  options.variance = STROMA_VARIANCE_POOLED;

  if (!stroma_sample_size_two_proportions (&options, &check->as_stated, error))
    return FALSE;
  check->as_stated_sides = statistics->sides;
  check->as_stated_cc = statistics->continuity_correction;

  for (guint sides = 1; sides <= 2 && !check->reproduced; sides++)
    for (int cc = 0; cc <= 1 && !check->reproduced; cc++)
      {
        StromaSampleSize size;

        options.sides = sides;
        options.continuity_correction = cc;
        if (stroma_sample_size_two_proportions (&options, &size, NULL) &&
            size.per_group == statistics->stated_n_per_arm)
          {
            check->reproduced = TRUE;
            check->reproduced_sides = sides;
            check->reproduced_cc = cc;
            check->reproduced_size = size;
          }
      }

  check->fisher_power_at_stated = NAN;
  if (statistics->stated_n_per_arm > 0)
    stroma_fisher_power (statistics->p1, statistics->p2, statistics->stated_n_per_arm,
                         statistics->alpha, STROMA_ALTERNATIVE_TWO_SIDED,
                         &check->fisher_power_at_stated, NULL);

  check->with_dropout_multiply = statistics->stated_n_per_arm * (1.0 + statistics->dropout);
  check->with_dropout_divide = statistics->dropout < 1.0
                               ? statistics->stated_n_per_arm / (1.0 - statistics->dropout) : NAN;

  return TRUE;
}

/**
 * stroma_analysis_new:
 * @protocol: the protocol; it must outlive the analysis
 * @data_cut: (nullable): ISO date; data after it are left out. %NULL: today (UTC)
 * @error: a #GError
 *
 * Starts an analysis to which subjects are added one at a time with
 * stroma_analysis_add_subject() and which stroma_analysis_finish() completes: the way to
 * analyse a trial too large to hold every record in memory at once. stroma_analysis_run() does
 * all three for records already loaded.
 *
 * Returns: (transfer full) (nullable): the analysis, without subjects.
 */
StromaTrialAnalysis *
stroma_analysis_new (const StromaProtocol  *protocol,
                     const char            *data_cut,
                     GError               **error)
{
  g_autoptr(StromaTrialAnalysis) a = NULL;
  g_autofree char *today = NULL;

  g_return_val_if_fail (protocol != NULL, NULL);

  if (data_cut == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      data_cut = today = g_date_time_format (now, "%Y-%m-%d");
    }

  if (julian (data_cut) < 0 || strlen (data_cut) != 10)
    {
      g_set_error (error, STROMA_ANALYSIS_ERROR, STROMA_ANALYSIS_ERROR_INVALID,
                   _("“%s” is not a date (use YYYY-MM-DD)."), data_cut);
      return NULL;
    }

  a = g_new0 (StromaTrialAnalysis, 1);
  a->protocol = protocol;
  a->data_cut = g_strdup (data_cut);
  a->subjects = g_ptr_array_new_with_free_func ((GDestroyNotify) subject_analysis_free);
  a->responses = g_ptr_array_new_with_free_func ((GDestroyNotify) response_rate_free);

  a->n_arms = MIN (protocol->arms->len, 2);
  for (guint i = 0; i < a->n_arms; i++)
    a->arms[i] = protocol->arms->pdata[i];
  if (a->n_arms == 0)
    {
      g_set_error (error, STROMA_ANALYSIS_ERROR, STROMA_ANALYSIS_ERROR_NO_ARMS,
                   _("The protocol “%s” has no arms to analyse."), protocol->id);
      return NULL;
    }

  for (guint e = 0; e < protocol->endpoints->len; e++)
    {
      const StromaEndpoint *ep = protocol->endpoints->pdata[e];
      if (ep->assessment_day != STROMA_PROTOCOL_NO_DAY &&
          g_strcmp0 (ep->relative_to, "treatment_start") == 0 && ep->assessment_day > 0)
        a->evaluation_day = MAX (a->evaluation_day, (guint) ep->assessment_day);
    }

  return g_steal_pointer (&a);
}

/* What the response counts read of a result: the rest (evidence, explanation) is for people. */
static GPtrArray *
outcomes_of (GPtrArray *results)
{
  GPtrArray *outcomes = g_ptr_array_new_full (results->len,
                                              (GDestroyNotify) stroma_endpoint_result_free);

  for (guint i = 0; i < results->len; i++)
    {
      const StromaEndpointResult *r = results->pdata[i];
      StromaEndpointResult *o = g_new0 (StromaEndpointResult, 1);

      o->endpoint = r->endpoint;
      o->state = r->state;
      o->event_date = g_strdup (r->event_date);
      o->day_from_day0 = r->day_from_day0;
      o->day_from_treatment = r->day_from_treatment;
      g_ptr_array_add (outcomes, o);
    }

  return outcomes;
}

static gboolean
add_subject (StromaTrialAnalysis        *a,
             const StromaSubjectRecord  *record,
             GPtrArray                 **endpoints,
             GError                    **error)
{
  SubjectAnalysis *sa;
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GError) local = NULL;

  results = stroma_endpoints_evaluate (a->protocol, record, a->data_cut, &local);
  if (results == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local), "%s: ",
                                  record->subject->code);
      return FALSE;
    }

  sa = g_new0 (SubjectAnalysis, 1);
  sa->pub.arm = arm_index (a, record);
  derive_survival (sa, record, julian (a->data_cut));
  if (sa->pub.arm >= 0)
    a->n_per_arm[sa->pub.arm]++;

  if (endpoints != NULL)
    {
      sa->pub.endpoints = outcomes_of (results);
      *endpoints = g_steal_pointer (&results);
    }
  else
    {
      sa->pub.record = record;
      sa->pub.endpoints = g_steal_pointer (&results);
    }

  g_ptr_array_add (a->subjects, sa);
  return TRUE;
}

/**
 * stroma_analysis_add_subject:
 * @analysis: an analysis from stroma_analysis_new()
 * @record: one subject's record; the analysis does not keep it
 * @endpoints: (out) (transfer container) (element-type StromaEndpointResult): the subject's
 *   endpoint results in full, with their evidence and explanations, as
 *   stroma_endpoints_evaluate() gives them
 * @error: a #GError
 *
 * Derives one subject's endpoints and survival. The analysis keeps what its counts need: the
 * subject's `record` is %NULL and its `endpoints` hold each result's state, date and days, but
 * no evidence or explanation — those go to the caller, once.
 *
 * Returns: %TRUE on success; %FALSE when a date of the record does not parse
 */
gboolean
stroma_analysis_add_subject (StromaTrialAnalysis        *analysis,
                             const StromaSubjectRecord  *record,
                             GPtrArray                 **endpoints,
                             GError                    **error)
{
  g_return_val_if_fail (analysis != NULL, FALSE);
  g_return_val_if_fail (record != NULL && record->subject != NULL, FALSE);
  g_return_val_if_fail (endpoints != NULL, FALSE);

  return add_subject (analysis, record, endpoints, error);
}

/**
 * stroma_analysis_finish:
 * @analysis: an analysis whose subjects were all added
 *
 * Counts the rates, intervals and tests by arm, summarizes survival and checks the sample size.
 */
void
stroma_analysis_finish (StromaTrialAnalysis *analysis)
{
  StromaTrialAnalysis *a = analysis;
  const StromaProtocol *protocol;

  g_return_if_fail (analysis != NULL);
  g_return_if_fail (analysis->responses->len == 0);

  protocol = a->protocol;
  count_responses (a, julian (a->data_cut));
  summarize_survival (a, FALSE, &a->os);
  summarize_survival (a, TRUE, &a->dfs);

  if (protocol->statistics != NULL &&
      g_strcmp0 (protocol->statistics->test, "two-proportions") == 0)
    a->has_sample_size = stroma_analysis_check_sample_size (protocol->statistics,
                                                            &a->sample_size, NULL);
}

/**
 * stroma_analysis_run:
 * @protocol: the protocol
 * @records: (element-type StromaSubjectRecord): every subject of the trial; they must outlive
 *   the analysis, which points to them
 * @data_cut: (nullable): ISO date; data after it are left out. %NULL: today (UTC)
 * @error: a #GError
 *
 * Derives every subject's endpoints and survival, then the rates, intervals and tests by arm
 * and the sample-size check.
 *
 * Returns: (transfer full) (nullable): the analysis.
 */
StromaTrialAnalysis *
stroma_analysis_run (const StromaProtocol *protocol,
                     GPtrArray            *records,
                     const char           *data_cut,
                     GError              **error)
{
  g_autoptr(StromaTrialAnalysis) a = NULL;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (records != NULL, NULL);

  a = stroma_analysis_new (protocol, data_cut, error);
  if (a == NULL)
    return NULL;

  for (guint i = 0; i < records->len; i++)
    if (!add_subject (a, records->pdata[i], NULL, error))
      return NULL;

  stroma_analysis_finish (a);

  return g_steal_pointer (&a);
}
