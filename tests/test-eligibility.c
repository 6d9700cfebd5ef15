/* test-eligibility.c — the protocol's eligibility checklist
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/stroma-eligibility.h"
#include "stroma-test-records.h"

static StromaSubject *
subject_new (const char *birth_date,
             gint64      kps,
             gint64      ecog)
{
  StromaSubject *s = stroma_record_new (STROMA_RECORD_SUBJECT);

  s->code = g_strdup ("PGF-001");
  s->initials = g_strdup ("ZL");
  s->birth_date = g_strdup (birth_date);
  s->kps = kps;
  s->ecog = ecog;
  return s;
}

static void
answer_all_judgements (const StromaProtocol   *protocol,
                       StromaEligibilityInput *input)
{
  for (guint i = 0; i < protocol->criteria->len; i++)
    {
      const StromaCriterion *c = protocol->criteria->pdata[i];

      if (stroma_criterion_needs_judgement (c))
        stroma_eligibility_input_set_answer (input, c->id,
                                             g_str_equal (c->kind, "exclusion") ? "not-met"
                                                                                : "met");
    }
}

/* msc-pgf: age 18–60 inclusive, KPS > 60 — the boundaries, as the rule's operators say. */
static void
test_pgf_rules (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  static const struct {
    const char *birth;
    gint64      kps;
    const char *criterion;
    StromaEligibilityStatus status;
  } cases[] = {
    { "2008-03-12", 80, "inc-age", STROMA_ELIGIBILITY_MET },        /* 18 today */
    { "2008-03-13", 80, "inc-age", STROMA_ELIGIBILITY_NOT_MET },    /* 18 tomorrow */
    { "1965-03-13", 80, "inc-age", STROMA_ELIGIBILITY_MET },        /* 60 */
    { "1965-03-12", 80, "inc-age", STROMA_ELIGIBILITY_NOT_MET },    /* 61 today */
    { NULL, 80, "inc-age", STROMA_ELIGIBILITY_NEEDS_VALUE },
    { "1980-01-01", 70, "inc-kps", STROMA_ELIGIBILITY_MET },
    { "1980-01-01", 60, "inc-kps", STROMA_ELIGIBILITY_NOT_MET },    /* > 60, not ≥ */
    { "1980-01-01", STROMA_NO_INT, "inc-kps", STROMA_ELIGIBILITY_NEEDS_VALUE },
    { "1980-01-01", 80, "inc-survival", STROMA_ELIGIBILITY_NEEDS_VALUE },
    { "1980-01-01", 80, "exc-infection", STROMA_ELIGIBILITY_NEEDS_CONFIRMATION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubject) s = subject_new (cases[i].birth, cases[i].kps, STROMA_NO_INT);
      g_autoptr(StromaEligibilityInput) input =
        stroma_eligibility_input_new_for_subject (s, "2026-03-12");
      g_autoptr(StromaEligibilityAssessment) a = stroma_eligibility_evaluate (protocol, input);
      const StromaCriterionResult *r = stroma_eligibility_assessment_find (a, cases[i].criterion);

      g_test_message ("%s born %s KPS %" G_GINT64_FORMAT, cases[i].criterion, cases[i].birth,
                      cases[i].kps);
      g_assert_nonnull (r);
      g_assert_cmpstr (stroma_eligibility_status_to_string (r->status), ==,
                       stroma_eligibility_status_to_string (cases[i].status));
      g_assert_nonnull (r->explanation);
      g_assert_cmpint (r->from_rule, ==, cases[i].status <= STROMA_ELIGIBILITY_NOT_MET);
      g_assert_false (a->eligible);
    }
}

static void
test_pgf_eligible (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubject) s = subject_new ("1980-06-15", 80, 1);
  g_autoptr(StromaEligibilityInput) input = stroma_eligibility_input_new_for_subject (s,
                                                                                     "2026-03-12");
  g_autoptr(StromaEligibilityAssessment) a = NULL;
  g_autoptr(StromaEligibilityAssessment) b = NULL;

  stroma_eligibility_input_set_value (input, "life_expectancy_months", 12);
  a = stroma_eligibility_evaluate (protocol, input);
  g_assert_false (a->eligible);
  g_assert_false (a->failed);
  g_assert_cmpuint (a->n_open, ==, 12);   /* the judgements */

  answer_all_judgements (protocol, input);
  b = stroma_eligibility_evaluate (protocol, input);
  g_assert_true (b->eligible);
  g_assert_false (b->failed);
  g_assert_cmpuint (b->n_open, ==, 0);
  g_assert_cmpuint (b->results->len, ==, protocol->criteria->len);

  /* An exclusion that applies is a screen failure, not an open item. */
  stroma_eligibility_input_set_answer (input, "exc-infection", "met");
  g_clear_pointer (&b, stroma_eligibility_assessment_free);
  b = stroma_eligibility_evaluate (protocol, input);
  g_assert_false (b->eligible);
  g_assert_true (b->failed);
  g_assert_false (stroma_eligibility_assessment_find (b, "exc-infection")->passes);
  g_assert_true (stroma_eligibility_assessment_find (b, "inc-age")->passes);

  /* A value overrides an answer for a criterion with a rule. */
  stroma_eligibility_input_set_answer (input, "exc-infection", "not-met");
  stroma_eligibility_input_set_answer (input, "inc-survival", "met");
  stroma_eligibility_input_set_value (input, "life_expectancy_months", 2);
  g_clear_pointer (&b, stroma_eligibility_assessment_free);
  b = stroma_eligibility_evaluate (protocol, input);
  g_assert_cmpint (stroma_eligibility_assessment_find (b, "inc-survival")->status, ==,
                   STROMA_ELIGIBILITY_NOT_MET);
  g_assert_true (b->failed);
}

/* msc-crc: laboratory thresholds, absolute and relative to the ULN, in canonical units. */
static void
test_crc_labs (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-crc");
  static const struct {
    const char *field;
    double      value;
    double      uln;
    StromaEligibilityStatus status;
    double      compared;
  } cases[] = {
    { "LYM", 0.8, NAN, STROMA_ELIGIBILITY_MET, 0.8 },
    { "LYM", 0.79, NAN, STROMA_ELIGIBILITY_NOT_MET, 0.79 },
    { "NEUT", 1.5, NAN, STROMA_ELIGIBILITY_MET, 1.5 },
    { "NEUT", 1.49, NAN, STROMA_ELIGIBILITY_NOT_MET, 1.49 },
    { "HGB", 90, NAN, STROMA_ELIGIBILITY_MET, 90 },            /* 9 g/dL */
    { "HGB", 89, NAN, STROMA_ELIGIBILITY_NOT_MET, 89 },
    { "PLAT", 75, NAN, STROMA_ELIGIBILITY_MET, 75 },
    { "ALT", 120, 40, STROMA_ELIGIBILITY_MET, 3 },             /* exactly 3 × ULN */
    { "ALT", 121, 40, STROMA_ELIGIBILITY_NOT_MET, 3.025 },
    { "ALT", 121, NAN, STROMA_ELIGIBILITY_NEEDS_VALUE, NAN },   /* no ULN */
    { "CREAT", 150, 100, STROMA_ELIGIBILITY_MET, 1.5 },
    { "CREAT", 151, 100, STROMA_ELIGIBILITY_NOT_MET, 1.51 },
    { "INR", 1.6, 1.1, STROMA_ELIGIBILITY_MET, 1.6 / 1.1 },
    { "APTT", 60, 35, STROMA_ELIGIBILITY_NOT_MET, 60.0 / 35 },
  };
  static const char * const criterion_of[][2] = {
    { "LYM", "inc-lym" }, { "NEUT", "inc-anc" }, { "HGB", "inc-hgb" }, { "PLAT", "inc-plt" },
    { "ALT", "inc-alt" }, { "CREAT", "inc-creat" }, { "INR", "inc-inr" }, { "APTT", "inc-aptt" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaEligibilityInput) input = stroma_eligibility_input_new ();
      g_autoptr(StromaEligibilityAssessment) a = NULL;
      const StromaCriterionResult *r = NULL;
      const char *id = NULL;

      for (guint k = 0; k < G_N_ELEMENTS (criterion_of); k++)
        if (g_str_equal (criterion_of[k][0], cases[i].field))
          id = criterion_of[k][1];

      g_test_message ("%s %g (ULN %g)", cases[i].field, cases[i].value, cases[i].uln);
      stroma_eligibility_input_set_value (input, cases[i].field, cases[i].value);
      stroma_eligibility_input_set_uln (input, cases[i].field, cases[i].uln);
      a = stroma_eligibility_evaluate (protocol, input);
      r = stroma_eligibility_assessment_find (a, id);

      g_assert_nonnull (r);
      g_assert_cmpint (r->status, ==, cases[i].status);
      if (isnan (cases[i].compared))
        {
          g_assert_true (isnan (r->value));
          g_assert_nonnull (strstr (r->explanation, "upper limit of normal"));
        }
      else
        g_assert_cmpfloat_with_epsilon (r->value, cases[i].compared, 1e-12);
    }
}

static void
test_crc_ecog (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-crc");

  for (gint64 ecog = 0; ecog <= 5; ecog++)
    {
      g_autoptr(StromaSubject) s = subject_new ("1970-01-01", STROMA_NO_INT, ecog);
      g_autoptr(StromaEligibilityInput) input = stroma_eligibility_input_new_for_subject (s,
                                                                                         "2026-01-01");
      g_autoptr(StromaEligibilityAssessment) a = stroma_eligibility_evaluate (protocol, input);

      g_assert_cmpint (stroma_eligibility_assessment_find (a, "inc-ecog")->status, ==,
                       ecog <= 2 ? STROMA_ELIGIBILITY_MET : STROMA_ELIGIBILITY_NOT_MET);
    }
}

static void
test_rule_descriptions (void)
{
  g_autoptr(StromaProtocol) pgf = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaProtocol) crc = stroma_test_shipped_protocol ("msc-crc");
  static const struct { gboolean crc; const char *id; const char *text; } cases[] = {
    { FALSE, "inc-age", "≥ 18 and ≤ 60 years" },
    { FALSE, "inc-kps", "> 60%" },
    { FALSE, "inc-survival", "> 3 months" },
    { TRUE, "inc-alt", "≤ 3 × ULN" },
    { TRUE, "inc-hgb", "≥ 90 g/L" },
    { TRUE, "inc-ecog", "≥ 0 and ≤ 2" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const StromaCriterion *c = stroma_protocol_find_criterion (cases[i].crc ? crc : pgf,
                                                                 cases[i].id);
      g_autofree char *text = stroma_criterion_describe_rule (c);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_from_record (void)
{
  g_autoptr(StromaProtocol) protocol = stroma_test_shipped_protocol ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = stroma_test_record_new ("PGF-001", NULL);
  g_autoptr(StromaEligibilityAssessment) a = NULL;

  for (guint i = 0; i < protocol->criteria->len; i++)
    {
      const StromaCriterion *c = protocol->criteria->pdata[i];
      StromaEligibility *e = stroma_record_new (STROMA_RECORD_ELIGIBILITY);

      e->parent.id = i + 1;
      e->criterion_id = g_strdup (c->id);
      e->answer = g_strdup (g_str_equal (c->kind, "exclusion") ? "not-met" : "met");
      if (g_str_equal (c->id, "inc-kps"))
        e->value = 80;
      g_ptr_array_add (record->eligibility, e);
    }

  a = stroma_eligibility_from_record (protocol, record);
  g_assert_true (a->eligible);
  g_assert_true (stroma_eligibility_assessment_find (a, "inc-kps")->from_rule);
  g_assert_false (stroma_eligibility_assessment_find (a, "inc-age")->from_rule);

  /* A later answer replaces an earlier one; a voided one counts for nothing. */
  {
    StromaEligibility *later = stroma_record_new (STROMA_RECORD_ELIGIBILITY);
    StromaEligibility *voided = stroma_record_new (STROMA_RECORD_ELIGIBILITY);

    later->parent.id = 100;
    later->criterion_id = g_strdup ("exc-infection");
    later->answer = g_strdup ("met");
    voided->parent.id = 101;
    voided->parent.voided = TRUE;
    voided->criterion_id = g_strdup ("exc-infection");
    voided->answer = g_strdup ("not-met");
    g_ptr_array_add (record->eligibility, later);
    g_ptr_array_add (record->eligibility, voided);
  }

  g_clear_pointer (&a, stroma_eligibility_assessment_free);
  a = stroma_eligibility_from_record (protocol, record);
  g_assert_false (a->eligible);
  g_assert_true (a->failed);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/eligibility/pgf/rules", test_pgf_rules);
  g_test_add_func ("/eligibility/pgf/eligible", test_pgf_eligible);
  g_test_add_func ("/eligibility/crc/labs", test_crc_labs);
  g_test_add_func ("/eligibility/crc/ecog", test_crc_ecog);
  g_test_add_func ("/eligibility/rule-descriptions", test_rule_descriptions);
  g_test_add_func ("/eligibility/from-record", test_from_record);

  return g_test_run ();
}
