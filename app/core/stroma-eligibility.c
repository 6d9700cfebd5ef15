/* stroma-eligibility.c — the protocol's eligibility checklist for one subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A criterion with a machine-checkable rule (age, KPS, ECOG, a laboratory threshold, possibly
 * relative to the upper limit of normal) is decided by the value entered for it; the others
 * are the investigator's judgement and stay open until confirmed. Inclusion criteria pass when
 * met, exclusion criteria when not met, and a subject is eligible when every criterion is
 * decided and passed. The trial file holds the answers (eligibility_answers); this module
 * holds the rules, for the screening form, the store's checks and randomization alike.
 */

#define G_LOG_DOMAIN "stroma-eligibility"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>

#include "stroma-eligibility.h"
#include "stroma-validate.h"

struct _StromaEligibilityInput
{
  GHashTable *values;    /* field → double* */
  GHashTable *uln;       /* test code → double* */
  GHashTable *answers;   /* criterion id → answer */
};

static const char * const status_ids[] = {
  [STROMA_ELIGIBILITY_MET] = "met",
  [STROMA_ELIGIBILITY_NOT_MET] = "not-met",
  [STROMA_ELIGIBILITY_NEEDS_VALUE] = "needs-value",
  [STROMA_ELIGIBILITY_NEEDS_CONFIRMATION] = "needs-confirmation",
};

/**
 * stroma_eligibility_status_to_string:
 * @status: a status
 *
 * Returns: "met", "not-met", "needs-value" or "needs-confirmation"
 */
const char *
stroma_eligibility_status_to_string (StromaEligibilityStatus status)
{
  g_return_val_if_fail (status <= STROMA_ELIGIBILITY_NEEDS_CONFIRMATION, NULL);
  return status_ids[status];
}

/**
 * stroma_eligibility_input_new:
 *
 * Returns: (transfer full): an input with no values and no answers
 */
StromaEligibilityInput *
stroma_eligibility_input_new (void)
{
  StromaEligibilityInput *self = g_new0 (StromaEligibilityInput, 1);

  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->uln = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return self;
}

/**
 * stroma_eligibility_input_new_for_subject:
 * @subject: a subject as entered
 * @assessed_on: (nullable): the ISO date the subject is assessed on, for the age
 *
 * Returns: (transfer full): an input holding the subject's age, KPS and ECOG status
 */
StromaEligibilityInput *
stroma_eligibility_input_new_for_subject (const StromaSubject *subject,
                                          const char          *assessed_on)
{
  StromaEligibilityInput *self = stroma_eligibility_input_new ();

  g_return_val_if_fail (subject != NULL, self);

  if (subject->birth_date != NULL && assessed_on != NULL)
    {
      int age = stroma_validate_age_on (subject->birth_date, assessed_on);

      if (age >= 0)
        stroma_eligibility_input_set_value (self, "age", age);
    }
  if (subject->kps != STROMA_NO_INT)
    stroma_eligibility_input_set_value (self, "kps", (double) subject->kps);
  if (subject->ecog != STROMA_NO_INT)
    stroma_eligibility_input_set_value (self, "ecog", (double) subject->ecog);

  return self;
}

/**
 * stroma_eligibility_input_free:
 * @self: (nullable): an input
 */
void
stroma_eligibility_input_free (StromaEligibilityInput *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->values);
  g_hash_table_unref (self->uln);
  g_hash_table_unref (self->answers);
  g_free (self);
}

/**
 * stroma_eligibility_input_set_value:
 * @self: an input
 * @field: a criterion field: "age", "kps", "ecog", "life_expectancy_months",
 *   "measurable_lesions" or a lab test code (value in the test's canonical unit)
 * @value: the value; NAN removes it
 */
void
stroma_eligibility_input_set_value (StromaEligibilityInput *self,
                                    const char             *field,
                                    double                  value)
{
  g_return_if_fail (self != NULL && field != NULL);

  if (isnan (value))
    g_hash_table_remove (self->values, field);
  else
    g_hash_table_replace (self->values, g_strdup (field), g_memdup2 (&value, sizeof value));
}

/**
 * stroma_eligibility_input_set_uln:
 * @self: an input
 * @test_code: a lab test code
 * @uln: the laboratory's upper limit of normal, in the test's canonical unit; NAN removes it
 */
void
stroma_eligibility_input_set_uln (StromaEligibilityInput *self,
                                  const char             *test_code,
                                  double                  uln)
{
  g_return_if_fail (self != NULL && test_code != NULL);

  if (isnan (uln) || uln <= 0)
    g_hash_table_remove (self->uln, test_code);
  else
    g_hash_table_replace (self->uln, g_strdup (test_code), g_memdup2 (&uln, sizeof uln));
}

/**
 * stroma_eligibility_input_set_answer:
 * @self: an input
 * @criterion_id: a criterion
 * @answer: (nullable): "met", "not-met", "unknown" or %NULL to forget it
 *
 * The investigator's answer, read for criteria without a rule and for rules whose value is
 * not known.
 */
void
stroma_eligibility_input_set_answer (StromaEligibilityInput *self,
                                     const char             *criterion_id,
                                     const char             *answer)
{
  g_return_if_fail (self != NULL && criterion_id != NULL);

  if (answer == NULL || g_str_equal (answer, "unknown"))
    g_hash_table_remove (self->answers, criterion_id);
  else
    g_hash_table_replace (self->answers, g_strdup (criterion_id), g_strdup (answer));
}

/**
 * stroma_criterion_needs_judgement:
 * @criterion: a criterion
 *
 * Returns: %TRUE when no rule decides @criterion: the investigator confirms it
 */
gboolean
stroma_criterion_needs_judgement (const StromaCriterion *criterion)
{
  g_return_val_if_fail (criterion != NULL, TRUE);
  return !criterion->has_rule;
}

/**
 * stroma_criterion_check:
 * @criterion: a criterion with a rule
 * @value: the value it reads; a multiple of the ULN when its limits are relative
 *
 * Returns: %TRUE when @value satisfies the rule (the criterion is met)
 */
gboolean
stroma_criterion_check (const StromaCriterion *criterion,
                        double                 value)
{
  g_return_val_if_fail (criterion != NULL && criterion->has_rule, FALSE);

  if (!isfinite (value))
    return FALSE;
  if (!isnan (criterion->min) &&
      (criterion->min_inclusive ? value < criterion->min : value <= criterion->min))
    return FALSE;
  if (!isnan (criterion->max) &&
      (criterion->max_inclusive ? value > criterion->max : value >= criterion->max))
    return FALSE;

  return TRUE;
}

static const char *
unit_of (const StromaCriterion *criterion)
{
  if (criterion->relative_to_uln)
    return "× ULN";
  if (criterion->unit != NULL && g_str_equal (criterion->unit, "years"))
    return _("years");
  if (criterion->unit != NULL && g_str_equal (criterion->unit, "months"))
    return _("months");
  if (criterion->unit != NULL && g_str_equal (criterion->unit, "lesions"))
    return _("lesions");
  return criterion->unit;
}

/**
 * stroma_criterion_describe_rule:
 * @criterion: a criterion with a rule
 *
 * Returns: (transfer full): the rule in words, e.g. "≥ 18 and ≤ 60 years", "≤ 3 × ULN"
 */
char *
stroma_criterion_describe_rule (const StromaCriterion *criterion)
{
  GString *out = g_string_new (NULL);
  const char *unit;

  g_return_val_if_fail (criterion != NULL, NULL);

  if (!criterion->has_rule)
    return g_string_free (out, FALSE);

  unit = unit_of (criterion);
  if (!isnan (criterion->min))
    g_string_append_printf (out, "%s %g", criterion->min_inclusive ? "≥" : ">", criterion->min);
  if (!isnan (criterion->min) && !isnan (criterion->max))
    /* Translators: joins two limits: "≥ 18 and ≤ 60 years" */
    g_string_append (out, _(" and "));
  if (!isnan (criterion->max))
    g_string_append_printf (out, "%s %g", criterion->max_inclusive ? "≤" : "<", criterion->max);
  if (unit != NULL && *unit != '\0')
    g_string_append_printf (out, "%s%s", g_str_equal (unit, "%") ? "" : " ", unit);

  return g_string_free (out, FALSE);
}

static const char *
field_label (const char *field)
{
  if (g_str_equal (field, "age"))
    return _("the birth date (for the age)");
  if (g_str_equal (field, "kps"))
    return _("the Karnofsky score");
  if (g_str_equal (field, "ecog"))
    return _("the ECOG status");
  if (g_str_equal (field, "life_expectancy_months"))
    return _("the estimated survival in months");
  if (g_str_equal (field, "measurable_lesions"))
    return _("the number of measurable lesions");
  return NULL;
}

static void
criterion_result_free (StromaCriterionResult *result)
{
  g_free (result->unit);
  g_free (result->explanation);
  g_free (result);
}

/**
 * stroma_eligibility_assessment_free:
 * @self: (nullable): an assessment
 */
void
stroma_eligibility_assessment_free (StromaEligibilityAssessment *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_free (self);
}

static StromaEligibilityAssessment *
assessment_new (void)
{
  StromaEligibilityAssessment *self = g_new0 (StromaEligibilityAssessment, 1);

  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) criterion_result_free);
  return self;
}

static void
decide (StromaEligibilityAssessment *assessment,
        StromaCriterionResult       *result)
{
  gboolean exclusion = g_strcmp0 (result->criterion->kind, "exclusion") == 0;

  switch (result->status)
    {
    case STROMA_ELIGIBILITY_MET:
    case STROMA_ELIGIBILITY_NOT_MET:
      result->passes = exclusion ? result->status == STROMA_ELIGIBILITY_NOT_MET
                                 : result->status == STROMA_ELIGIBILITY_MET;
      if (!result->passes)
        assessment->failed = TRUE;
      break;
    case STROMA_ELIGIBILITY_NEEDS_VALUE:
    case STROMA_ELIGIBILITY_NEEDS_CONFIRMATION:
    default:
      result->passes = FALSE;
      assessment->n_open++;
      break;
    }

  g_ptr_array_add (assessment->results, result);
}

static void
finish (StromaEligibilityAssessment *assessment)
{
  assessment->eligible = assessment->n_open == 0 && !assessment->failed;
}

static char *
ruled_explanation (const StromaCriterion *criterion,
                   double                 value,
                   gboolean               met)
{
  g_autofree char *rule = stroma_criterion_describe_rule (criterion);
  const char *unit = unit_of (criterion);

  return g_strdup_printf (met
                          /* Translators: "45 years — meets ≥ 18 and ≤ 60 years" */
                          ? _("%g%s%s — meets %s")
                          /* Translators: "50% — does not meet > 60%" */
                          : _("%g%s%s — does not meet %s"),
                          round (value * 100) / 100,
                          unit != NULL && !g_str_equal (unit, "%") ? " " : "",
                          unit != NULL ? unit : "", rule);
}

static char *
judged_explanation (const char *answer)
{
  if (g_strcmp0 (answer, "met") == 0)
    return g_strdup (_("Confirmed by the investigator: yes"));
  return g_strdup (_("Confirmed by the investigator: no"));
}

/**
 * stroma_eligibility_evaluate:
 * @protocol: the trial's protocol
 * @input: the values and answers entered
 *
 * Decides each of the protocol's criteria from @input: a rule by its value (relative limits by
 * the value over the laboratory's ULN), a criterion of judgement — or a rule whose value is
 * not known — by the investigator's answer.
 *
 * Returns: (transfer full): the assessment
 */
StromaEligibilityAssessment *
stroma_eligibility_evaluate (const StromaProtocol          *protocol,
                             const StromaEligibilityInput  *input)
{
  StromaEligibilityAssessment *assessment;

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (input != NULL, NULL);

  assessment = assessment_new ();

  for (guint i = 0; protocol->criteria != NULL && i < protocol->criteria->len; i++)
    {
      const StromaCriterion *criterion = protocol->criteria->pdata[i];
      StromaCriterionResult *result = g_new0 (StromaCriterionResult, 1);
      const char *answer = g_hash_table_lookup (input->answers, criterion->id);

      result->criterion = criterion;
      result->value = NAN;

      if (criterion->has_rule)
        {
          const double *value = g_hash_table_lookup (input->values, criterion->field);
          const double *uln = g_hash_table_lookup (input->uln, criterion->field);

          if (value != NULL && (!criterion->relative_to_uln || uln != NULL))
            {
              double v = criterion->relative_to_uln ? *value / *uln : *value;
              gboolean met = stroma_criterion_check (criterion, v);

              result->from_rule = TRUE;
              result->value = v;
              result->unit = g_strdup (criterion->relative_to_uln ? "×ULN" : criterion->unit);
              result->status = met ? STROMA_ELIGIBILITY_MET : STROMA_ELIGIBILITY_NOT_MET;
              result->explanation = ruled_explanation (criterion, v, met);
            }
          else if (answer != NULL)
            {
              result->status = g_str_equal (answer, "met") ? STROMA_ELIGIBILITY_MET
                                                           : STROMA_ELIGIBILITY_NOT_MET;
              result->explanation = judged_explanation (answer);
            }
          else
            {
              result->status = STROMA_ELIGIBILITY_NEEDS_VALUE;
              if (value != NULL && criterion->relative_to_uln)
                result->explanation = g_strdup_printf (_("Enter the laboratory’s upper limit "
                                                         "of normal for %s."), criterion->field);
              else if (field_label (criterion->field) != NULL)
                result->explanation = g_strdup_printf (_("Enter %s."),
                                                       field_label (criterion->field));
              else
                /* Translators: a laboratory value the checklist still needs, e.g. "LYM" */
                result->explanation = g_strdup_printf (_("Enter the %s value above."),
                                                       criterion->field);
            }
        }
      else if (answer != NULL)
        {
          result->status = g_str_equal (answer, "met") ? STROMA_ELIGIBILITY_MET
                                                       : STROMA_ELIGIBILITY_NOT_MET;
          result->explanation = judged_explanation (answer);
        }
      else
        {
          result->status = STROMA_ELIGIBILITY_NEEDS_CONFIRMATION;
          result->explanation = g_strdup (_("The investigator confirms this criterion."));
        }

      decide (assessment, result);
    }

  finish (assessment);
  return assessment;
}

/**
 * stroma_eligibility_from_record:
 * @protocol: the trial's protocol
 * @record: a subject's record
 *
 * The checklist as the trial file holds it: each criterion's latest answer; a criterion
 * without one is open.
 *
 * Returns: (transfer full): the assessment
 */
StromaEligibilityAssessment *
stroma_eligibility_from_record (const StromaProtocol      *protocol,
                                const StromaSubjectRecord *record)
{
  StromaEligibilityAssessment *assessment;
  g_autoptr(GHashTable) latest = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (record != NULL, NULL);

  for (guint i = 0; record->eligibility != NULL && i < record->eligibility->len; i++)
    {
      const StromaEligibility *e = record->eligibility->pdata[i];
      const StromaEligibility *seen;

      if (e->parent.voided || e->criterion_id == NULL)
        continue;
      seen = g_hash_table_lookup (latest, e->criterion_id);
      if (seen == NULL || seen->parent.id < e->parent.id)
        g_hash_table_insert (latest, e->criterion_id, (gpointer) e);
    }

  assessment = assessment_new ();

  for (guint i = 0; protocol->criteria != NULL && i < protocol->criteria->len; i++)
    {
      const StromaCriterion *criterion = protocol->criteria->pdata[i];
      const StromaEligibility *e = g_hash_table_lookup (latest, criterion->id);
      StromaCriterionResult *result = g_new0 (StromaCriterionResult, 1);

      result->criterion = criterion;
      result->value = NAN;

      if (e == NULL || g_strcmp0 (e->answer, "unknown") == 0)
        {
          result->status = criterion->has_rule ? STROMA_ELIGIBILITY_NEEDS_VALUE
                                               : STROMA_ELIGIBILITY_NEEDS_CONFIRMATION;
          result->explanation = g_strdup (criterion->has_rule
                                          ? _("No value has been recorded.")
                                          : _("The investigator confirms this criterion."));
        }
      else
        {
          gboolean met = g_strcmp0 (e->answer, "met") == 0;

          result->status = met ? STROMA_ELIGIBILITY_MET : STROMA_ELIGIBILITY_NOT_MET;
          result->value = e->value;
          result->unit = g_strdup (e->unit);
          result->from_rule = criterion->has_rule && isfinite (e->value);
          result->explanation = result->from_rule ? ruled_explanation (criterion, e->value, met)
                                                  : judged_explanation (e->answer);
        }

      decide (assessment, result);
    }

  finish (assessment);
  return assessment;
}

/**
 * stroma_eligibility_assessment_find:
 * @self: an assessment
 * @criterion_id: a criterion
 *
 * Returns: (transfer none) (nullable): the criterion's result
 */
const StromaCriterionResult *
stroma_eligibility_assessment_find (const StromaEligibilityAssessment *self,
                                    const char                        *criterion_id)
{
  g_return_val_if_fail (self != NULL && criterion_id != NULL, NULL);

  for (guint i = 0; i < self->results->len; i++)
    {
      const StromaCriterionResult *r = self->results->pdata[i];

      if (g_strcmp0 (r->criterion->id, criterion_id) == 0)
        return r;
    }

  return NULL;
}
