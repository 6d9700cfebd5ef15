/* test-endpoints.c — endpoint derivations and their evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/stroma-endpoints.h"

/* Days are counted from these dates; a case's labs are given as days from its endpoint's
 * anchor. */
#define DAY0 "2024-01-01"
#define TREATMENT "2024-03-01"

/* No data cut: all data count. */
#define ALL G_MININT

#define MET STROMA_ENDPOINT_MET
#define NOT_MET STROMA_ENDPOINT_NOT_MET
#define NOT_REACHED STROMA_ENDPOINT_NOT_REACHED
#define NOT_EVALUABLE STROMA_ENDPOINT_NOT_EVALUABLE
#define NONE G_MININT

/* assert_result (): any event date, or none, as the state implies (evaluate () checks) */
static const char ANY_DATE[] = "*";

/* Dates and records */

static char *
date_plus (const char *iso,
           gint        days)
{
  GDate date;
  int y, m, d;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  if (days >= 0)
    g_date_add_days (&date, (guint) days);
  else
    g_date_subtract_days (&date, (guint) -days);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static StromaSubjectRecord *
record_new (const char *day0,
            const char *treatment_start)
{
  StromaSubjectRecord *record = stroma_subject_record_new ();

  record->subject = stroma_record_new (STROMA_RECORD_SUBJECT);
  record->subject->parent.id = 1;
  record->subject->code = g_strdup ("T-001");
  record->subject->treatment_start = g_strdup (treatment_start);

  if (day0 != NULL)
    {
      record->transplant = stroma_record_new (STROMA_RECORD_TRANSPLANT);
      record->transplant->parent.subject_id = 1;
      record->transplant->day0_date = g_strdup (day0);
    }

  return record;
}

static void
add_lab (StromaSubjectRecord *record,
         const char          *date,
         const char          *test_code,
         double               value)
{
  StromaLabResult *lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);

  lab->parent.id = record->labs->len + 1;
  lab->parent.subject_id = 1;
  lab->collected_on = g_strdup (date);
  lab->test_code = g_strdup (test_code);
  lab->stresn = value;
  g_ptr_array_add (record->labs, lab);
}

static void
add_transfusion (StromaSubjectRecord *record,
                 const char          *date,
                 const char          *product)
{
  StromaTransfusion *t = stroma_record_new (STROMA_RECORD_TRANSFUSION);

  t->parent.id = record->transfusions->len + 1;
  t->parent.subject_id = 1;
  t->given_on = g_strdup (date);
  t->product = g_strdup (product);
  t->units = 1;
  g_ptr_array_add (record->transfusions, t);
}

/* "0:10 1:30 2:25": values on days from `anchor` */
static void
add_labs (StromaSubjectRecord *record,
          const char          *anchor,
          const char          *test_code,
          const char          *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, " ", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_auto(GStrv) pair = NULL;
      g_autofree char *date = NULL;

      if (items[i][0] == '\0')
        continue;
      pair = g_strsplit (items[i], ":", 2);
      g_assert_nonnull (pair[1]);
      date = date_plus (anchor, atoi (pair[0]));
      add_lab (record, date, test_code, g_ascii_strtod (pair[1], NULL));
    }
}

/* "0 3 6": transfusions on days from `anchor` */
static void
add_transfusions (StromaSubjectRecord *record,
                  const char          *anchor,
                  const char          *product,
                  const char          *spec)
{
  g_auto(GStrv) items = g_strsplit (spec, " ", -1);

  for (guint i = 0; items[i] != NULL; i++)
    {
      g_autofree char *date = NULL;

      if (items[i][0] == '\0')
        continue;
      date = date_plus (anchor, atoi (items[i]));
      add_transfusion (record, date, product);
    }
}

/* "T0 7:25 8:40 9:50": evidence by day from the anchor; T marks a transfusion, ! a value that
 * did not count. */
static char *
format_evidence (const StromaEndpointResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < result->evidence->len; i++)
    {
      const StromaEvidence *e = result->evidence->pdata[i];

      if (text->len > 0)
        g_string_append_c (text, ' ');
      if (e->transfusion)
        g_string_append_printf (text, "T%d", e->day);
      else
        g_string_append_printf (text, "%d:%g%s", e->day, e->value, e->qualifies ? "" : "!");
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Protocols */

static StromaProtocol *
protocol_with_endpoints (const char *endpoints)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf (
    "{ 'format_version': 1, 'id': 't', 'version': '1', 'title': 'T', 'short_title': 'T',"
    "  'design': 'single-arm', 'subject_code_prefix': 'T-', 'subject_code_digits': 3,"
    "  'allocation': { 'method': 'cohort', 'arms': [ { 'id': 'all', 'label': 'All',"
    "                  'ratio': 1, 'receives_product': false } ] },"
    "  'eligibility': [ { 'id': 'c', 'kind': 'inclusion', 'text': 'Consent' } ],"
    "  'endpoints': [ %s ] }", endpoints);
  StromaProtocol *protocol;

  g_strdelimit (text, "'", '"');
  protocol = stroma_protocol_load_data (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
}

static StromaProtocol *
load_msc_pgf (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  const char *datadir = g_getenv ("STROMA_SOURCE_DATADIR");
  StromaProtocol *protocol;

  /* The test environment names the source tree's data; run by hand, the configured one. */
  if (datadir == NULL)
    datadir = SOURCE_DATADIR;
  path = g_build_filename (datadir, "protocols", "msc-pgf.json", NULL);

  protocol = stroma_protocol_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
}

static GPtrArray *
evaluate (const StromaProtocol      *protocol,
          const StromaSubjectRecord *record,
          const char                *as_of)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *results = stroma_endpoints_evaluate (protocol, record, as_of, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);
  g_assert_cmpuint (results->len, ==, protocol->endpoints->len);

  for (guint i = 0; i < results->len; i++)
    {
      const StromaEndpointResult *r = results->pdata[i];

      /* One result per endpoint, in file order, always explained. */
      g_assert_true (r->endpoint == protocol->endpoints->pdata[i]);
      g_assert_nonnull (r->explanation);
      g_assert_cmpstr (r->explanation, !=, "");
      g_assert_true (g_utf8_validate (r->explanation, -1, NULL));
      if (r->state == MET)
        g_assert_nonnull (r->event_date);
      else
        {
          g_assert_null (r->event_date);
          g_assert_cmpint (r->day_from_day0, ==, G_MININT);
          g_assert_cmpint (r->day_from_treatment, ==, G_MININT);
        }
    }

  return results;
}

static void
assert_result (GPtrArray           *results,
               const char          *id,
               StromaEndpointState  state,
               const char          *event_date,
               const char          *evidence)
{
  const StromaEndpointResult *r = stroma_endpoints_find_result (results, id);

  g_assert_nonnull (r);
  g_test_message ("%s: %s — %s", id, stroma_endpoint_state_to_string (r->state),
                  r->explanation);
  g_assert_cmpstr (stroma_endpoint_state_to_string (r->state), ==,
                   stroma_endpoint_state_to_string (state));
  if (event_date != ANY_DATE)
    g_assert_cmpstr (r->event_date, ==, event_date);
  if (evidence != NULL)
    {
      g_autofree char *actual = format_evidence (r);

      g_assert_cmpstr (actual, ==, evidence);
    }
}

/* Run endpoints, one JSON endpoint per case */

#define RUN_AT(anchor, test, cmp, threshold, n, by, extra)                                    \
  "{ 'id': 'e', 'label': 'E', 'definition': 'protocol', 'kind': 'run', 'test': '" test "',"   \
  "  'comparison': '" cmp "', 'threshold': " #threshold ", 'consecutive': " #n ","             \
  "  'count_by': '" by "', 'relative_to': '" anchor "'" extra " }"
#define RUN(test, cmp, threshold, n, by, extra) RUN_AT ("day0", test, cmp, threshold, n, by, extra)

#define ANC_3V(cmp, extra) RUN ("NEUT", cmp, 0.5, 3, "values", extra)
#define PLT_7D(extra) RUN ("PLAT", ">=", 50, 7, "days", ", 'max_gap_days': 4" extra)
#define PR_7D(extra)                                                                          \
  RUN ("PLAT", ">=", 20, 7, "days", ", 'upper_comparison': '<', 'upper_threshold': 50,"       \
       " 'max_gap_days': 4, 'product': 'PLT', 'transfusion_free_during_run': true" extra)
#define HB_FREE(days)                                                                         \
  RUN_AT ("treatment_start", "HGB", ">=", 70, 1, "values",                                    \
          ", 'product': 'RBC', 'transfusion_free_days': " #days)

#define CIBMTR_EXAMPLE_2 "0:10 1:30 2:25 3:10 4:15 5:19 6:23 7:25 8:40 9:50 10:56 11:65 12:72"

typedef struct
{
  const char          *name;
  const char          *endpoint;      /* JSON, ' for " */
  const char          *labs;          /* "day:value …", days from the endpoint's anchor */
  const char          *transfusions;  /* "day …" of the endpoint's product (PLT if none) */
  gint                 as_of;         /* day from the anchor, or ALL */
  StromaEndpointState  state;
  gint                 event_day;     /* from the anchor; NONE unless met */
  const char          *evidence;      /* see format_evidence () */
} RunCase;

static const RunCase run_cases[] = {
  /* CIBMTR Example 2 (DOMAIN.md §3.1): the day-0 transfusion holds back days 0–6. */
  { "cibmtr-20", RUN ("PLAT", ">=", 20, 3, "values",
                      ", 'product': 'PLT', 'transfusion_free_days': 7"),
    CIBMTR_EXAMPLE_2, "0", ALL, MET, 7, "T0 7:25 8:40 9:50" },
  { "cibmtr-50", RUN ("PLAT", ">=", 50, 3, "values",
                      ", 'product': 'PLT', 'transfusion_free_days': 7"),
    CIBMTR_EXAMPLE_2, "0", ALL, MET, 9, "T0 9:50 10:56 11:65" },
  /* The window is data: 6 transfusion-free days let day 6 (23) count. */
  { "cibmtr-20-six-days", RUN ("PLAT", ">=", 20, 3, "values",
                               ", 'product': 'PLT', 'transfusion_free_days': 6"),
    CIBMTR_EXAMPLE_2, "0", ALL, MET, 6, "T0 6:23 7:25 8:40" },
  /* Without a transfusion condition day 1 starts a run, broken on day 3 (10): the first
   * complete run is 6, 7, 8. */
  { "cibmtr-20-no-transfusion-rule", RUN ("PLAT", ">=", 20, 3, "values", ""),
    CIBMTR_EXAMPLE_2, "0", ALL, MET, 6, "6:23 7:25 8:40" },

  /* Exactly on the threshold: > is not met, ≥ is (F3). */
  { "anc-gt-exactly", ANC_3V (">", ""), "1:0.5 2:0.5 3:0.5", "", ALL, NOT_REACHED, NONE,
    "3:0.5!" },
  { "anc-ge-exactly", ANC_3V (">=", ""), "1:0.5 2:0.5 3:0.5", "", ALL, MET, 1,
    "1:0.5 2:0.5 3:0.5" },
  { "anc-gt-above", ANC_3V (">", ""), "1:0.51 2:0.51 3:0.51", "", ALL, MET, 1, NULL },
  { "anc-event-last", ANC_3V (">=", ", 'event_day': 'last'"), "1:0.6 2:0.6 3:0.6 4:0.6", "",
    ALL, MET, 3, "1:0.6 2:0.6 3:0.6" },
  /* A failing value breaks the run; the longest run is the evidence, with what broke it. */
  { "anc-broken", ANC_3V (">=", ""), "1:0.6 2:0.6 3:0.4 4:0.6", "", ALL, NOT_REACHED, NONE,
    "1:0.6 2:0.6 3:0.4!" },
  { "anc-still-going", ANC_3V (">=", ""), "1:0.4 2:0.6 3:0.6", "", ALL, NOT_REACHED, NONE,
    "2:0.6 3:0.6" },
  { "anc-nothing-close", ANC_3V (">=", ""), "1:0.1 2:0.3 3:0.2", "", ALL, NOT_REACHED, NONE,
    "2:0.3!" },

  /* After the nadir: early residual counts do not count. */
  { "nadir", ANC_3V (">=", ", 'after_nadir': true"),
    "0:0.8 1:0.7 2:0.6 3:0.3 5:0.02 8:0.2 12:0.6 13:0.7 14:0.9", "", ALL, MET, 12,
    "5:0.02! 12:0.6 13:0.7 14:0.9" },
  { "nadir-off", ANC_3V (">=", ""),
    "0:0.8 1:0.7 2:0.6 3:0.3 5:0.02 8:0.2 12:0.6 13:0.7 14:0.9", "", ALL, MET, 0,
    "0:0.8 1:0.7 2:0.6" },
  { "nadir-is-last", ANC_3V (">=", ", 'after_nadir': true"), "0:0.8 1:0.7 2:0.01", "", ALL,
    NOT_REACHED, NONE, "2:0.01!" },
  /* The nadir is reached at the first of two equal lowest values. */
  { "nadir-first-of-equals", ANC_3V (">=", ", 'after_nadir': true"),
    "3:0.02 4:0.6 5:0.6 6:0.6 7:0.02 8:0.6 9:0.6 10:0.6", "", ALL, MET, 4,
    "3:0.02! 4:0.6 5:0.6 6:0.6" },

  /* Counting days: the values must span the days, within the allowed gap. */
  { "days-daily", RUN ("NEUT", ">", 0.5, 3, "days", ", 'max_gap_days': 2"),
    "1:0.6 2:0.6 3:0.6", "", ALL, MET, 1, "1:0.6 2:0.6 3:0.6" },
  { "days-one-missing", RUN ("NEUT", ">", 0.5, 3, "days", ", 'max_gap_days': 2"),
    "1:0.6 3:0.6", "", ALL, MET, 1, "1:0.6 3:0.6" },
  { "days-gap-too-long", RUN ("NEUT", ">", 0.5, 3, "days", ", 'max_gap_days': 1"),
    "1:0.6 3:0.6", "", ALL, NOT_REACHED, NONE, "3:0.6" },
  { "days-no-gap-limit", RUN ("NEUT", ">", 0.5, 3, "days", ""),
    "1:0.6 3:0.6", "", ALL, MET, 1, "1:0.6 3:0.6" },
  /* Twice-weekly counts: three values span 8 days. */
  { "days-twice-weekly", PLT_7D (""), "0:60 3:60 7:60", "", ALL, MET, 0, "0:60 3:60 7:60" },
  { "days-gap-at-limit", PLT_7D (""), "0:60 4:60 8:60", "", ALL, MET, 0, "0:60 4:60 8:60" },
  { "days-gap-breaks", PLT_7D (""), "0:60 3:60 8:60 10:60 12:60 14:60", "", ALL, MET, 8,
    "8:60 10:60 12:60 14:60" },
  { "days-gap-breaks-not-reached", PLT_7D (""), "0:60 3:60 8:60 10:60", "", ALL, NOT_REACHED,
    NONE, "0:60 3:60 8:60" },
  { "days-too-short", PLT_7D (""), "0:60 1:60 2:60 3:60 4:60 5:60", "", ALL, NOT_REACHED, NONE,
    "0:60 1:60 2:60 3:60 4:60 5:60" },
  { "days-exactly-seven", PLT_7D (""), "0:60 1:60 2:60 3:60 4:60 5:60 6:60", "", ALL, MET, 0,
    NULL },
  /* Counting values with a gap limit. */
  { "values-gap", RUN ("NEUT", ">=", 0.5, 3, "values", ", 'max_gap_days': 2"),
    "1:0.6 2:0.6 5:0.6 6:0.6 7:0.6", "", ALL, MET, 5, "5:0.6 6:0.6 7:0.6" },
  { "values-any-gap", RUN ("NEUT", ">=", 0.5, 3, "values", ""),
    "1:0.6 2:0.6 5:0.6", "", ALL, MET, 1, "1:0.6 2:0.6 5:0.6" },

  /* A band: 20 ≤ PLT < 50; a value of 50 leaves it. */
  { "band-upper", PR_7D (""), "0:30 1:30 2:30 3:50 4:30 5:30 6:30 7:30 8:30 9:30 10:30", "",
    ALL, MET, 4, "4:30 5:30 6:30 7:30 8:30 9:30 10:30" },
  { "band-lower-edge", PR_7D (""), "0:20 1:20 2:20 3:20 4:20 5:20 6:20", "", ALL, MET, 0, NULL },
  /* A transfusion during the run: on a sampled day, or between two sampled days. */
  { "band-transfusion-on-value-day", PR_7D (""),
    "0:30 1:30 2:30 3:30 4:30 5:30 6:30 7:30 8:30 9:30 10:30", "3", ALL, MET, 4,
    "T3 4:30 5:30 6:30 7:30 8:30 9:30 10:30" },
  { "band-transfusion-between-values", PR_7D (""),
    "0:30 2:30 4:30 6:30 8:30 10:30 12:30", "5", ALL, MET, 6, "T5 6:30 8:30 10:30 12:30" },
  { "band-transfusion-day-before", PR_7D (""), "0:30 1:30 2:30 3:30 4:30 5:30 6:30", "-1", ALL,
    MET, 0, "T-1 0:30 1:30 2:30 3:30 4:30 5:30 6:30" },
  { "band-transfusions-keep-breaking", PR_7D (""),
    "0:30 1:30 2:30 3:30 4:30 5:30 6:30 7:30 8:30 9:30 10:30 11:30", "4 9", ALL, NOT_REACHED,
    NONE, "T4 5:30 6:30 7:30 8:30 T9" },

  /* Red-cell response: Hb ≥ 70 with no RBC transfusion in the previous 28 days. */
  { "hb-28-days", HB_FREE (28), "10:80 32:75 33:72", "5", ALL, MET, 33, "T5 33:72" },
  { "hb-27-days", HB_FREE (28), "10:80 32:75", "5", ALL, NOT_REACHED, NONE, "T5 32:75!" },
  { "hb-exactly-70", HB_FREE (28), "3:69.9 4:70", "", ALL, MET, 4, "4:70" },
  { "hb-transfusion-before-treatment", HB_FREE (28), "10:90 17:90 18:90", "-10", ALL, MET, 18,
    "T-10 18:90" },
  { "hb-same-day-transfusion", HB_FREE (28), "40:95", "40", ALL, NOT_REACHED, NONE, "T40 40:95!" },
  { "hb-window-is-data", HB_FREE (7), "10:80", "5", ALL, NOT_REACHED, NONE, "T5 10:80!" },
  { "hb-window-is-data-7", HB_FREE (5), "10:80", "5", ALL, MET, 10, "T5 10:80" },

  /* Several values on one day: the day counts only if all of them do; it is shown by its
   * worst value. */
  { "tie-one-fails", ANC_3V (">=", ""), "1:0.6 2:0.6 2:0.4 3:0.6 4:0.6 5:0.6", "", ALL, MET, 3,
    "3:0.6 4:0.6 5:0.6" },
  { "tie-one-fails-reversed", ANC_3V (">=", ""), "1:0.6 2:0.4 2:0.6 3:0.6 4:0.6 5:0.6", "",
    ALL, MET, 3, "3:0.6 4:0.6 5:0.6" },
  { "tie-both-qualify", ANC_3V (">=", ""), "1:0.9 1:0.6 2:0.7 3:0.8", "", ALL, MET, 1,
    "1:0.6 2:0.7 3:0.8" },
  { "tie-both-fail", ANC_3V (">=", ""), "1:0.45 1:0.4", "", ALL, NOT_REACHED, NONE, "1:0.4!" },
  { "tie-band", PR_7D (""), "0:30 0:55 1:30 2:30", "", ALL, NOT_REACHED, NONE, "1:30 2:30" },

  /* The data cut: later values and transfusions do not exist yet. */
  { "cut-before-run-ends", ANC_3V (">=", ""), "1:0.6 2:0.6 3:0.6", "", 2, NOT_REACHED, NONE,
    "1:0.6 2:0.6" },
  { "cut-on-run-end", ANC_3V (">=", ""), "1:0.6 2:0.6 3:0.6", "", 3, MET, 1, NULL },
  { "cut-hides-transfusion", PR_7D (""), "0:30 1:30 2:30 3:30 4:30 5:30 6:30 7:30", "6", 5,
    NOT_REACHED, NONE, "0:30 1:30 2:30 3:30 4:30 5:30" },
  { "cut-keeps-transfusion", PR_7D (""), "0:30 1:30 2:30 3:30 4:30 5:30 6:30 7:30", "6", ALL,
    NOT_REACHED, NONE, "0:30 1:30 2:30 3:30 4:30 5:30 T6" },
  { "cut-hides-failing-value", ANC_3V (">=", ", 'after_nadir': true"),
    "1:0.1 2:0.6 3:0.6 4:0.6 5:0.05", "", 4, MET, 2, "1:0.1! 2:0.6 3:0.6 4:0.6" },

  /* Not evaluable: no value of the test from the anchor to the cut. */
  { "no-values", ANC_3V (">=", ""), "", "", ALL, NOT_EVALUABLE, NONE, "" },
  { "values-before-anchor-only", ANC_3V (">=", ""), "-3:0.6 -2:0.6 -1:0.6", "", 5,
    NOT_EVALUABLE, NONE, "" },
  { "values-after-cut-only", ANC_3V (">=", ""), "6:0.6 7:0.6 8:0.6", "", 5, NOT_EVALUABLE,
    NONE, "" },
  { "anchor-after-cut", ANC_3V (">=", ""), "1:0.6 2:0.6 3:0.6", "", -1, NOT_EVALUABLE, NONE,
    "" },
  /* Values before the anchor never count, transfusions before it do (above). */
  { "run-across-anchor", ANC_3V (">=", ""), "-2:0.6 -1:0.6 0:0.6 1:0.6", "", ALL, NOT_REACHED,
    NONE, "0:0.6 1:0.6" },
};

static void
run_case (const RunCase *c,
          gboolean       shuffle)
{
  g_autoptr(StromaProtocol) protocol = protocol_with_endpoints (c->endpoint);
  const StromaEndpoint *endpoint = protocol->endpoints->pdata[0];
  const char *anchor = g_str_equal (endpoint->relative_to, "day0") ? DAY0 : TREATMENT;
  g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *as_of = c->as_of == ALL ? NULL : date_plus (anchor, c->as_of);
  g_autofree char *event = c->event_day == NONE ? NULL : date_plus (anchor, c->event_day);

  add_labs (record, anchor, endpoint->test_code, c->labs);
  add_transfusions (record, anchor, endpoint->product ? endpoint->product : "PLT",
                    c->transfusions);
  /* Noise the endpoint must ignore: another test, another product. */
  add_labs (record, anchor, "WBC", "1:0.01 2:99 3:0.01");
  add_transfusions (record, anchor, g_strcmp0 (endpoint->product, "RBC") == 0 ? "PLT" : "RBC",
                    "1 2 3");

  if (shuffle)
    {
      /* Reverse, then swap neighbours: no input order is assumed. */
      for (guint i = 0; i < record->labs->len / 2; i++)
        {
          gpointer tmp = record->labs->pdata[i];

          record->labs->pdata[i] = record->labs->pdata[record->labs->len - 1 - i];
          record->labs->pdata[record->labs->len - 1 - i] = tmp;
        }
      for (guint i = 0; i + 1 < record->labs->len; i += 2)
        {
          gpointer tmp = record->labs->pdata[i];

          record->labs->pdata[i] = record->labs->pdata[i + 1];
          record->labs->pdata[i + 1] = tmp;
        }
      for (guint i = 0; i < record->transfusions->len / 2; i++)
        {
          gpointer tmp = record->transfusions->pdata[i];
          guint j = record->transfusions->len - 1 - i;

          record->transfusions->pdata[i] = record->transfusions->pdata[j];
          record->transfusions->pdata[j] = tmp;
        }
    }

  g_test_message ("case %s%s", c->name, shuffle ? " (shuffled)" : "");
  results = evaluate (protocol, record, as_of);
  assert_result (results, "e", c->state, event, c->evidence);

  if (c->state == MET)
    {
      const StromaEndpointResult *r = results->pdata[0];
      gint from_day0 = c->event_day + (g_str_equal (anchor, DAY0) ? 0 : 60);

      /* 2024-01-01 → 2024-03-01 is 60 days. */
      g_assert_cmpint (r->day_from_day0, ==, from_day0);
      g_assert_cmpint (r->day_from_treatment, ==, from_day0 - 60);
    }
}

static void
test_runs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (run_cases); i++)
    run_case (&run_cases[i], FALSE);
}

static void
test_unsorted (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (run_cases); i++)
    run_case (&run_cases[i], TRUE);
}

/* The shipped protocol */

static void
test_cibmtr_example_2 (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(StromaSubjectRecord) record = record_new (DAY0, NULL);
  g_autoptr(GPtrArray) results = NULL;
  const StromaEndpointResult *r;

  /* DOMAIN.md §3.1: last platelet transfusion on day 0; counts for days 0…12. */
  add_labs (record, DAY0, "PLAT", CIBMTR_EXAMPLE_2);
  add_transfusions (record, DAY0, "PLT", "0");
  results = evaluate (protocol, record, NULL);

  assert_result (results, "registry-plt-20", MET, "2024-01-08", "T0 7:25 8:40 9:50");
  assert_result (results, "registry-plt-50", MET, "2024-01-10", "T0 9:50 10:56 11:65");
  r = stroma_endpoints_find_result (results, "registry-plt-20");
  g_assert_cmpint (r->day_from_day0, ==, 7);
  g_assert_cmpint (r->day_from_treatment, ==, G_MININT);
  r = stroma_endpoints_find_result (results, "registry-plt-50");
  g_assert_cmpint (r->day_from_day0, ==, 9);

  /* Without a treatment start, the protocol's own endpoints cannot be judged. */
  assert_result (results, "platelet-cr", NOT_EVALUABLE, NULL, "");
  assert_result (results, "platelet-nr", NOT_EVALUABLE, NULL, "");
  assert_result (results, "neutrophil-engraftment", NOT_EVALUABLE, NULL, "");
}

static void
test_anc_exactly_half (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) later = NULL;
  const StromaEndpointResult *r;

  /* Aplasia with its nadir on day +5, poor graft function, then exactly 0.5 on treatment days
   * 1–3 (days +61…+63). */
  add_labs (record, DAY0, "NEUT", "0:0.3 5:0.05 20:0.2 40:0.3 60:0.3 61:0.5 62:0.5 63:0.5");
  results = evaluate (protocol, record, "2024-03-04");

  /* Protocol: ANC > 0.5 — not met. Registry: ANC ≥ 0.5 after the nadir — met (F3). */
  assert_result (results, "neutrophil-engraftment", NOT_REACHED, NULL, NULL);
  assert_result (results, "registry-anc-recovery", MET, "2024-03-02",
                 "5:0.05! 61:0.5 62:0.5 63:0.5");
  r = stroma_endpoints_find_result (results, "registry-anc-recovery");
  g_assert_cmpint (r->day_from_day0, ==, 61);
  g_assert_cmpint (r->day_from_treatment, ==, 1);

  /* A hair above 0.5 meets the protocol's rule. */
  add_labs (record, TREATMENT, "NEUT", "4:0.51 5:0.52 6:0.51");
  later = evaluate (protocol, record, NULL);
  assert_result (later, "neutrophil-engraftment", MET, "2024-03-05", "4:0.51 5:0.52 6:0.51");
  r = stroma_endpoints_find_result (later, "neutrophil-engraftment");
  g_assert_cmpint (r->day_from_day0, ==, 64);
  g_assert_cmpint (r->day_from_treatment, ==, 4);
}

static void
test_anc_after_nadir (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
  g_autoptr(GPtrArray) results = NULL;

  /* Residual counts on days 0–2 are ≥ 0.5 but come before the nadir on day +7. */
  add_labs (record, DAY0, "NEUT", "0:1.2 1:0.9 2:0.6 4:0.2 7:0.01 10:0.1 14:0.6 15:0.8 17:1.1");
  results = evaluate (protocol, record, NULL);

  assert_result (results, "registry-anc-recovery", MET, "2024-01-15",
                 "7:0.01! 14:0.6 15:0.8 17:1.1");
}

typedef struct
{
  const char          *name;
  const char          *plt;            /* "day:value …" from treatment start */
  const char          *transfusions;   /* "day …" of platelets */
  gint                 as_of;          /* treatment day, or ALL */
  StromaEndpointState  cr, pr, nr;
  const char          *group;          /* category of the group's result */
  StromaEndpointState  group_state;
  gint                 event_day;      /* of the group's result; NONE */
  const char          *evidence;       /* of the group's result */
} PlateletCase;

#define DAILY_10_TO_60 \
  "0:10 3:9 6:11 9:10 12:8 15:10 18:12 21:9 24:10 27:11 30:10 33:9 36:10 39:12 42:10 45:9 " \
  "48:10 51:11 54:8 55:10 57:9 60:10"
#define TX_EVERY_3 "1 4 7 10 13 16 19 22 25 28 31 34 37 40 43 46 49 52 55 58"

static const PlateletCase platelet_cases[] = {
  { "cr", "5:30 8:40 10:55 11:60 12:62 13:70 14:66 15:75 16:80", "2", ALL,
    MET, NOT_REACHED, NOT_MET, "CR", MET, 10,
    "T2 10:55 11:60 12:62 13:70 14:66 15:75 16:80" },
  /* A transfusion on day 11 splits the first run (5–10, 6 days) from the second (12–18). */
  { "pr-after-transfusion", "5:30 6:30 7:30 8:30 9:30 10:30 12:30 13:30 14:30 15:30 16:30 17:30 "
    "18:30", "11", ALL, NOT_REACHED, MET, NOT_MET, "PR", MET, 12,
    "T11 12:30 13:30 14:30 15:30 16:30 17:30 18:30" },
  /* Twice-weekly counts in the band, a transfusion every 5 days: runs never last 7 days. */
  { "nr-transfusions", "0:25 3:30 5:28 7:30 10:26 12:30 14:25 17:30 19:28 21:30 24:26 26:30 "
    "28:25 31:30 33:28 35:30 38:26 40:30 42:25 45:30 47:28 49:30 52:26 54:30 56:25 58:30",
    "4 9 15 20 25 30 36 41 46 51 55", ALL, NOT_MET, NOT_MET, MET, "NR", MET, 56,
    "T55 56:25!" },
  { "nr-low", DAILY_10_TO_60, TX_EVERY_3, ALL, NOT_MET, NOT_MET, MET, "NR", MET, 56,
    "T55 55:10" },
  { "nr-at-day-56", DAILY_10_TO_60, TX_EVERY_3, 56, NOT_MET, NOT_MET, MET, "NR", MET, 56, NULL },
  { "nr-before-day-56", DAILY_10_TO_60, TX_EVERY_3, 55, NOT_REACHED, NOT_REACHED, NOT_REACHED,
    "NR", NOT_REACHED, NONE, "" },
  /* A response after week 8 is the best response by the cut. */
  { "late-cr", DAILY_10_TO_60 " 61:55 62:60 63:58 64:62 65:66 66:70 67:71", TX_EVERY_3, ALL,
    MET, NOT_REACHED, NOT_MET, "CR", MET, 61, NULL },
  { "late-cr-cut-at-60", DAILY_10_TO_60 " 61:55 62:60 63:58 64:62 65:66 66:70 67:71",
    TX_EVERY_3, 60, NOT_MET, NOT_MET, MET, "NR", MET, 56, NULL },
  /* Without a cut the clock stands at the last date recorded. */
  { "no-cut-data-end-day-40", "0:10 10:12 20:11 30:10 40:12", "5 15 25 35", ALL, NOT_REACHED,
    NOT_REACHED, NOT_REACHED, "NR", NOT_REACHED, NONE, "" },
  /* CR is tried before PR: a subject meeting both is CR. */
  { "cr-beats-earlier-pr", "0:30 1:30 2:30 3:30 4:30 5:30 6:30 7:30 8:60 9:60 10:60 11:60 12:60 "
    "13:60 14:60", "", ALL, MET, MET, NOT_MET, "CR", MET, 8, NULL },
  /* No platelet count: nothing to judge by. */
  { "no-counts", "", "3", 70, NOT_EVALUABLE, NOT_EVALUABLE, NOT_EVALUABLE, "NR",
    NOT_EVALUABLE, NONE, "" },
};

static void
test_platelet_response (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();

  for (guint i = 0; i < G_N_ELEMENTS (platelet_cases); i++)
    {
      const PlateletCase *c = &platelet_cases[i];
      g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
      g_autoptr(GPtrArray) results = NULL;
      g_autofree char *as_of = c->as_of == ALL ? NULL : date_plus (TREATMENT, c->as_of);
      g_autofree char *event = c->event_day == NONE ? NULL : date_plus (TREATMENT, c->event_day);
      const StromaEndpointResult *group;

      g_test_message ("case %s", c->name);
      add_labs (record, TREATMENT, "PLAT", c->plt);
      add_transfusions (record, TREATMENT, "PLT", c->transfusions);
      /* A haemoglobin value keeps the record's last date on the last count. */
      add_labs (record, TREATMENT, "HGB", "0:90");
      results = evaluate (protocol, record, as_of);

      assert_result (results, "platelet-cr", c->cr, ANY_DATE, NULL);
      assert_result (results, "platelet-pr", c->pr, ANY_DATE, NULL);
      assert_result (results, "platelet-nr", c->nr, ANY_DATE, NULL);

      group = stroma_endpoints_group_result (results, "platelet-response");
      g_assert_nonnull (group);
      g_assert_cmpstr (group->endpoint->category, ==, c->group);
      g_assert_cmpstr (stroma_endpoint_state_to_string (group->state), ==,
                       stroma_endpoint_state_to_string (c->group_state));
      g_assert_cmpstr (group->event_date, ==, event);
      if (c->evidence != NULL)
        {
          g_autofree char *evidence = format_evidence (group);

          g_assert_cmpstr (evidence, ==, c->evidence);
        }
      if (group->state == MET)
        g_assert_cmpint (group->day_from_treatment, ==, c->event_day);
    }
}

static void
test_red_cell_response (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
  g_autoptr(GPtrArray) early = NULL;
  g_autoptr(GPtrArray) results = NULL;

  /* RBC on treatment day 5: Hb 80 on day 10 and 75 on day 32 are too soon (5 and 27 days);
   * 72 on day 33 is the 28th day. A platelet transfusion does not matter. */
  add_labs (record, TREATMENT, "HGB", "-2:60 10:80 32:75 33:72");
  add_transfusions (record, TREATMENT, "RBC", "-3 5");
  add_transfusions (record, TREATMENT, "PLT", "30");

  early = evaluate (protocol, record, "2024-04-02");
  assert_result (early, "red-cell-response", NOT_REACHED, NULL, "T5 32:75!");

  results = evaluate (protocol, record, NULL);
  assert_result (results, "red-cell-response", MET, "2024-04-03", "T5 33:72");
  g_assert_cmpint (stroma_endpoints_find_result (results, "red-cell-response")
                     ->day_from_treatment, ==, 33);
}

/* "No longer requires transfusions": only subjects given red cells in the 28 days up to the start
 * of treatment are assessed; day −28 still counts, day −29 does not. */
static void
test_red_cell_dependence (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  const struct { const char *rbc; StromaEndpointState state; } cases[] = {
    { "-28", MET },
    { "-29", NOT_EVALUABLE },
    { "", NOT_EVALUABLE },
    { "0", MET },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
      g_autoptr(GPtrArray) results = NULL;
      const StromaEndpointResult *r;

      g_test_message ("RBC on day %s", cases[i].rbc);
      add_labs (record, TREATMENT, "HGB", "0:65 40:90");
      add_transfusions (record, TREATMENT, "RBC", cases[i].rbc);
      results = evaluate (protocol, record, NULL);
      r = stroma_endpoints_find_result (results, "red-cell-response");
      g_assert_cmpstr (stroma_endpoint_state_to_string (r->state), ==,
                       stroma_endpoint_state_to_string (cases[i].state));
      if (cases[i].state == NOT_EVALUABLE)
        g_assert_nonnull (strstr (r->explanation, "not transfusion-dependent"));
    }
}

static void
test_not_evaluable (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  g_autoptr(StromaSubjectRecord) none = record_new (NULL, NULL);
  g_autoptr(StromaSubjectRecord) no_day0 = record_new (NULL, TREATMENT);
  g_autoptr(StromaSubjectRecord) future = record_new (DAY0, TREATMENT);
  g_autoptr(GPtrArray) results = NULL;

  add_labs (none, TREATMENT, "NEUT", "1:0.9 2:0.9 3:0.9");
  results = evaluate (protocol, none, NULL);
  for (guint i = 0; i < results->len; i++)
    assert_result (results, ((StromaEndpointResult *) results->pdata[i])->endpoint->id,
                   NOT_EVALUABLE, NULL, "");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Without day 0 the treatment endpoints stand; the day from day 0 does not exist. */
  add_labs (no_day0, TREATMENT, "NEUT", "1:0.9 2:0.9 3:0.9");
  results = evaluate (protocol, no_day0, NULL);
  assert_result (results, "neutrophil-engraftment", MET, "2024-03-02", NULL);
  g_assert_cmpint (stroma_endpoints_find_result (results, "neutrophil-engraftment")
                     ->day_from_day0, ==, G_MININT);
  g_assert_cmpint (stroma_endpoints_find_result (results, "neutrophil-engraftment")
                     ->day_from_treatment, ==, 1);
  assert_result (results, "registry-anc-recovery", NOT_EVALUABLE, NULL, "");
  assert_result (results, "red-cell-response", NOT_EVALUABLE, NULL, "");
  g_clear_pointer (&results, g_ptr_array_unref);

  /* Treatment starts after the cut. */
  add_labs (future, DAY0, "NEUT", "10:0.01 20:0.9 21:0.9 22:0.9");
  results = evaluate (protocol, future, "2024-02-15");
  assert_result (results, "neutrophil-engraftment", NOT_EVALUABLE, NULL, "");
  assert_result (results, "platelet-nr", NOT_EVALUABLE, NULL, "");
  assert_result (results, "registry-anc-recovery", MET, "2024-01-21", NULL);
}

static void
test_invalid_dates (void)
{
  g_autoptr(StromaProtocol) protocol = load_msc_pgf ();
  static const struct {
    const char *as_of, *day0, *treatment, *lab, *transfusion;
  } cases[] = {
    { "2024-02-30", DAY0, TREATMENT, "2024-03-02", "2024-03-02" },
    { "24-02-01", DAY0, TREATMENT, "2024-03-02", "2024-03-02" },
    { NULL, "2024-1-01", TREATMENT, "2024-03-02", "2024-03-02" },
    { NULL, DAY0, "soon", "2024-03-02", "2024-03-02" },
    { NULL, DAY0, TREATMENT, "2024/03/02", "2024-03-02" },
    { NULL, DAY0, TREATMENT, "2024-03-02", "2024-03-02T10:00:00Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubjectRecord) record = record_new (cases[i].day0, cases[i].treatment);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) results = NULL;

      add_lab (record, cases[i].lab, "PLAT", 30);
      add_transfusion (record, cases[i].transfusion, "PLT");
      results = stroma_endpoints_evaluate (protocol, record, cases[i].as_of, &error);
      g_assert_error (error, STROMA_ENDPOINTS_ERROR, STROMA_ENDPOINTS_ERROR_INVALID_DATE);
      g_assert_null (results);
    }
}

static void
test_voided_and_missing_values (void)
{
  g_autoptr(StromaProtocol) protocol = protocol_with_endpoints (
    ANC_3V (">=", ", 'product': 'PLT', 'transfusion_free_days': 2"));
  g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
  g_autoptr(GPtrArray) results = NULL;
  StromaLabResult *lab;
  StromaTransfusion *tx;

  /* A voided failing value and a value without a number do not break the run; a voided
   * transfusion holds nothing back. */
  add_labs (record, DAY0, "NEUT", "1:0.6 2:0.6 2:0.1 2:0.2 3:0.6");
  lab = record->labs->pdata[2];
  lab->parent.voided = TRUE;
  lab = record->labs->pdata[3];
  lab->stresn = NAN;
  add_transfusions (record, DAY0, "PLT", "1");
  tx = record->transfusions->pdata[0];
  tx->parent.voided = TRUE;

  results = evaluate (protocol, record, NULL);
  assert_result (results, "e", MET, "2024-01-02", "1:0.6 2:0.6 3:0.6");
}

#define GROUP_RUN(id, threshold, group)                                                       \
  "{ 'id': '" id "', 'label': '" id "', 'definition': 'protocol', 'kind': 'run',"             \
  "  'group': '" group "', 'test': 'PLAT', 'comparison': '>=', 'threshold': " #threshold ","  \
  "  'consecutive': 1, 'count_by': 'values', 'relative_to': 'day0' }"

typedef struct
{
  const char          *name;
  const char          *plt;      /* "day:value …" from day 0 */
  StromaEndpointState  high, low, none, lone;
  const char          *group;    /* id of the result for group "g" */
  const char          *event;    /* its event date */
} GroupCase;

static void
test_groups (void)
{
  static const GroupCase cases[] = {
    /* Nothing by day 10: the fallback, and the runs of its group are assessed and failed; a
     * run of another group is not. */
    { "fallback", "2:10 4:12", NOT_MET, NOT_MET, MET, NOT_REACHED, "none", "2024-01-11" },
    /* Both runs met: the first in file order wins, although the second was met earlier. */
    { "file-order", "3:25 5:60", MET, MET, NOT_MET, NOT_REACHED, "high", "2024-01-06" },
    { "second", "3:25 5:30", NOT_REACHED, MET, NOT_MET, NOT_REACHED, "low", "2024-01-04" },
  };
  g_autoptr(StromaProtocol) protocol = protocol_with_endpoints (
    GROUP_RUN ("high", 50, "g") ", " GROUP_RUN ("low", 20, "g") ", "
    "{ 'id': 'none', 'label': 'None', 'definition': 'protocol', 'kind': 'fallback',"
    "  'group': 'g', 'category': 'NR', 'test': 'PLAT', 'comparison': '<', 'threshold': 20,"
    "  'relative_to': 'day0', 'assessment_day': 10 }, "
    GROUP_RUN ("lone", 100, "h"));

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const GroupCase *c = &cases[i];
      g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
      g_autoptr(GPtrArray) results = NULL;
      const StromaEndpointResult *group;

      g_test_message ("case %s", c->name);
      add_labs (record, DAY0, "PLAT", c->plt);
      results = evaluate (protocol, record, "2024-01-20");

      assert_result (results, "high", c->high, ANY_DATE, NULL);
      assert_result (results, "low", c->low, ANY_DATE, NULL);
      assert_result (results, "none", c->none, ANY_DATE, NULL);
      assert_result (results, "lone", c->lone, ANY_DATE, NULL);

      group = stroma_endpoints_group_result (results, "g");
      g_assert_nonnull (group);
      g_assert_cmpstr (group->endpoint->id, ==, c->group);
      g_assert_cmpint (group->state, ==, MET);
      g_assert_cmpstr (group->event_date, ==, c->event);

      /* A group without fallback: its first endpoint, not met. */
      group = stroma_endpoints_group_result (results, "h");
      g_assert_nonnull (group);
      g_assert_cmpstr (group->endpoint->id, ==, "lone");
      g_assert_cmpint (group->state, ==, NOT_REACHED);

      g_assert_null (stroma_endpoints_group_result (results, "nothing"));
      g_assert_null (stroma_endpoints_find_result (results, "nothing"));
    }

  {
    g_autoptr(StromaSubjectRecord) record = record_new (DAY0, TREATMENT);
    g_autoptr(GPtrArray) results = NULL;
    const StromaEndpointResult *fallback;

    /* The fallback is met at its assessment day, counted from its own anchor. */
    add_labs (record, DAY0, "PLAT", "2:10 4:12");
    results = evaluate (protocol, record, "2024-01-11");
    fallback = stroma_endpoints_find_result (results, "none");
    g_assert_cmpint (fallback->state, ==, MET);
    g_assert_cmpint (fallback->day_from_day0, ==, 10);
    g_assert_cmpint (fallback->day_from_treatment, ==, -50);
    {
      g_autofree char *evidence = format_evidence (fallback);

      g_assert_cmpstr (evidence, ==, "4:12");
    }
    g_clear_pointer (&results, g_ptr_array_unref);

    results = evaluate (protocol, record, "2024-01-10");
    assert_result (results, "none", NOT_REACHED, NULL, "");
    assert_result (results, "high", NOT_REACHED, ANY_DATE, NULL);
  }
}

static void
test_state_ids (void)
{
  g_assert_cmpstr (stroma_endpoint_state_to_string (STROMA_ENDPOINT_MET), ==, "met");
  g_assert_cmpstr (stroma_endpoint_state_to_string (STROMA_ENDPOINT_NOT_MET), ==, "not-met");
  g_assert_cmpstr (stroma_endpoint_state_to_string (STROMA_ENDPOINT_NOT_REACHED), ==,
                   "not-reached");
  g_assert_cmpstr (stroma_endpoint_state_to_string (STROMA_ENDPOINT_NOT_EVALUABLE), ==,
                   "not-evaluable");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/endpoints/runs", test_runs);
  g_test_add_func ("/endpoints/unsorted", test_unsorted);
  g_test_add_func ("/endpoints/cibmtr-example-2", test_cibmtr_example_2);
  g_test_add_func ("/endpoints/anc-exactly-half", test_anc_exactly_half);
  g_test_add_func ("/endpoints/anc-after-nadir", test_anc_after_nadir);
  g_test_add_func ("/endpoints/platelet-response", test_platelet_response);
  g_test_add_func ("/endpoints/red-cell-response", test_red_cell_response);
  g_test_add_func ("/endpoints/red-cell-dependence", test_red_cell_dependence);
  g_test_add_func ("/endpoints/not-evaluable", test_not_evaluable);
  g_test_add_func ("/endpoints/invalid-dates", test_invalid_dates);
  g_test_add_func ("/endpoints/voided-and-missing-values", test_voided_and_missing_values);
  g_test_add_func ("/endpoints/groups", test_groups);
  g_test_add_func ("/endpoints/state-ids", test_state_ids);

  return g_test_run ();
}
