/* stroma-eligibility.h — the protocol's eligibility checklist for one subject
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

/**
 * StromaEligibilityStatus:
 * @STROMA_ELIGIBILITY_MET: the criterion's text is true of the subject: an inclusion criterion
 *   is satisfied, an exclusion criterion applies ("met")
 * @STROMA_ELIGIBILITY_NOT_MET: it is not ("not-met")
 * @STROMA_ELIGIBILITY_NEEDS_VALUE: a machine-checkable criterion lacks the value it reads (or,
 *   for a limit relative to the upper limit of normal, the laboratory's ULN)
 * @STROMA_ELIGIBILITY_NEEDS_CONFIRMATION: a criterion of judgement the investigator has not
 *   confirmed yet ("unknown")
 */
typedef enum
{
  STROMA_ELIGIBILITY_MET,
  STROMA_ELIGIBILITY_NOT_MET,
  STROMA_ELIGIBILITY_NEEDS_VALUE,
  STROMA_ELIGIBILITY_NEEDS_CONFIRMATION,
} StromaEligibilityStatus;

const char *stroma_eligibility_status_to_string (StromaEligibilityStatus status);

/**
 * StromaCriterionResult:
 * @criterion: the protocol's criterion
 * @status: see #StromaEligibilityStatus
 * @from_rule: decided by the criterion's rule from an entered value, not by judgement
 * @passes: the subject passes this criterion: an inclusion met, an exclusion not met
 * @value: the value the rule read (a multiple of the ULN for relative limits); NAN when none
 * @unit: the unit of @value ("×ULN" for relative limits); %NULL when none
 * @explanation: a translated sentence: the value against the rule, or who must decide
 */
typedef struct
{
  const StromaCriterion  *criterion;
  StromaEligibilityStatus status;
  gboolean                from_rule;
  gboolean                passes;
  double                  value;
  char                   *unit;
  char                   *explanation;
} StromaCriterionResult;

/**
 * StromaEligibilityAssessment:
 * @results: (element-type StromaCriterionResult): one per criterion, in the protocol's order
 * @eligible: every criterion is decided and passed
 * @failed: at least one decided criterion is not passed: a screen failure
 * @n_open: criteria still waiting for a value or a confirmation
 */
typedef struct
{
  GPtrArray *results;
  gboolean   eligible;
  gboolean   failed;
  guint      n_open;
} StromaEligibilityAssessment;

typedef struct _StromaEligibilityInput StromaEligibilityInput;

StromaEligibilityInput      *stroma_eligibility_input_new          (void);
StromaEligibilityInput      *stroma_eligibility_input_new_for_subject (const StromaSubject *subject,
                                                                     const char          *assessed_on);
void                         stroma_eligibility_input_free         (StromaEligibilityInput *self);
void                         stroma_eligibility_input_set_value    (StromaEligibilityInput *self,
                                                                    const char             *field,
                                                                    double                  value);
void                         stroma_eligibility_input_set_uln      (StromaEligibilityInput *self,
                                                                    const char             *test_code,
                                                                    double                  uln);
void                         stroma_eligibility_input_set_answer   (StromaEligibilityInput *self,
                                                                    const char             *criterion_id,
                                                                    const char             *answer);

StromaEligibilityAssessment *stroma_eligibility_evaluate           (const StromaProtocol   *protocol,
                                                                    const StromaEligibilityInput *input);
StromaEligibilityAssessment *stroma_eligibility_from_record        (const StromaProtocol      *protocol,
                                                                    const StromaSubjectRecord *record);
void                         stroma_eligibility_assessment_free    (StromaEligibilityAssessment *self);
const StromaCriterionResult *stroma_eligibility_assessment_find    (const StromaEligibilityAssessment *self,
                                                                    const char             *criterion_id);

gboolean                     stroma_criterion_needs_judgement      (const StromaCriterion  *criterion);
gboolean                     stroma_criterion_check                (const StromaCriterion  *criterion,
                                                                    double                  value);
char                        *stroma_criterion_describe_rule        (const StromaCriterion  *criterion);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaEligibilityInput, stroma_eligibility_input_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaEligibilityAssessment, stroma_eligibility_assessment_free)

G_END_DECLS
