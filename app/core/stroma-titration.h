/* stroma-titration.h — dose titration advice for standard care (TPO-RA by platelet count)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

#define STROMA_TITRATION_ERROR (stroma_titration_error_quark ())

/**
 * StromaTitrationError:
 * @STROMA_TITRATION_ERROR_INVALID_DATE: the date to advise at is not an ISO date
 * @STROMA_TITRATION_ERROR_UNKNOWN_CARE: the protocol has no such standard-care item
 * @STROMA_TITRATION_ERROR_NO_RULES: the protocol has no titration rules for the item
 */
typedef enum
{
  STROMA_TITRATION_ERROR_INVALID_DATE,
  STROMA_TITRATION_ERROR_UNKNOWN_CARE,
  STROMA_TITRATION_ERROR_NO_RULES,
} StromaTitrationError;

GQuark stroma_titration_error_quark (void);

/**
 * StromaTitrationAction:
 * @STROMA_TITRATION_NONE: the subject is not on the medication ("none")
 * @STROMA_TITRATION_KEEP: keep the current level ("keep")
 * @STROMA_TITRATION_INCREASE: go up ("increase")
 * @STROMA_TITRATION_DECREASE: go down ("decrease")
 * @STROMA_TITRATION_STOP: stop the medication ("stop")
 */
typedef enum
{
  STROMA_TITRATION_NONE,
  STROMA_TITRATION_KEEP,
  STROMA_TITRATION_INCREASE,
  STROMA_TITRATION_DECREASE,
  STROMA_TITRATION_STOP,
} StromaTitrationAction;

const char *stroma_titration_action_to_string   (StromaTitrationAction  action);
gboolean    stroma_titration_action_from_string (const char            *id,
                                                 StromaTitrationAction *action);

/* One lab value that decided. */
typedef struct
{
  char   *date;     /* ISO date collected */
  double  value;    /* in the test's canonical unit */
} StromaTitrationValue;

/**
 * StromaTitrationAdvice:
 * @care_id: the standard-care item, e.g. "tpo-ra"
 * @agent: the medication's agent as recorded, e.g. "TPO-RA"; %NULL when not on it
 * @test_code: the lab test the rules read, e.g. "PLAT"
 * @action: what to do
 * @rule_id: the titration rule that decided; %NULL when none did
 * @current_level: the active medication's dose level; 0 when not on it or not recorded
 * @level_since: ISO date the current level started; %NULL when not on it
 * @new_level: the level after @action (0 after stop, and when the current level is unknown)
 * @max_level: the item's highest level; 0 = not stated (no upper bound)
 * @at_bound: a rule asked to go below level 1 or above @max_level, so the level is kept
 * @pending_rule_id: a rule whose condition holds but not yet for its min_days; or %NULL
 * @held_days: days the deciding (or pending) condition has held: latest − first value of the
 *   run; 0 for single-value rules
 * @values: (element-type StromaTitrationValue): the values that decided, oldest first (the
 *   run for a lasting condition, the latest value otherwise)
 * @message: a translated sentence: the action, the levels, the values and their dates
 */
typedef struct
{
  char                  *care_id;
  char                  *agent;
  char                  *test_code;
  StromaTitrationAction  action;
  char                  *rule_id;
  gint                   current_level;
  char                  *level_since;
  gint                   new_level;
  guint                  max_level;
  gboolean               at_bound;
  char                  *pending_rule_id;
  gint                   held_days;
  GArray                *values;
  char                  *message;
} StromaTitrationAdvice;

void                   stroma_titration_advice_free (StromaTitrationAdvice      *advice);
StromaTitrationAdvice *stroma_titration_advise      (const StromaProtocol       *protocol,
                                                     const char                 *care_id,
                                                     const StromaSubjectRecord  *record,
                                                     const char                 *as_of,
                                                     GError                    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaTitrationAdvice, stroma_titration_advice_free)

G_END_DECLS
