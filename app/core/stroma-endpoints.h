/* stroma-endpoints.h — efficacy endpoints of one subject, with their evidence
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

#define STROMA_ENDPOINTS_ERROR (stroma_endpoints_error_quark ())

/**
 * StromaEndpointsError:
 * @STROMA_ENDPOINTS_ERROR_INVALID_DATE: the data cut, day 0, the treatment start, or the date
 *   of a lab result or transfusion the endpoints read is not an ISO date (YYYY-MM-DD)
 */
typedef enum
{
  STROMA_ENDPOINTS_ERROR_INVALID_DATE,
} StromaEndpointsError;

GQuark stroma_endpoints_error_quark (void);

/**
 * StromaEndpointState:
 * @STROMA_ENDPOINT_MET: the rule is met; the result has an event date
 * @STROMA_ENDPOINT_NOT_MET: assessed and failed: the group's fallback (e.g. platelet NR) was
 *   met, or, for a fallback, another endpoint of its group was met
 * @STROMA_ENDPOINT_NOT_REACHED: not met yet, still possible
 * @STROMA_ENDPOINT_NOT_EVALUABLE: no day 0 or no treatment start for the endpoint's anchor,
 *   the anchor after the data cut, or no value of the test to judge by
 */
typedef enum
{
  STROMA_ENDPOINT_MET,
  STROMA_ENDPOINT_NOT_MET,
  STROMA_ENDPOINT_NOT_REACHED,
  STROMA_ENDPOINT_NOT_EVALUABLE,
} StromaEndpointState;

/* One value or transfusion a result rests on. */
typedef struct
{
  char     *date;         /* ISO date */
  gint      day;          /* from the endpoint's relative_to anchor */
  char     *test_code;    /* the lab test; the product ("PLT", "RBC") for a transfusion */
  double    value;        /* canonical value; units for a transfusion (NAN when unknown) */
  gboolean  transfusion;  /* a transfusion that mattered */
  gboolean  qualifies;    /* the value counted towards the rule; FALSE for the value that ended
                           * a run, the best value when none qualified, the nadir, and
                           * transfusions */
} StromaEvidence;

typedef struct
{
  const StromaEndpoint *endpoint;            /* borrowed from the protocol */
  StromaEndpointState   state;
  char                 *event_date;          /* ISO, NULL unless met */
  gint                  day_from_day0;       /* G_MININT when not applicable */
  gint                  day_from_treatment;  /* G_MININT when not applicable */
  GPtrArray            *evidence;            /* StromaEvidence*, by date */
  char                 *explanation;         /* translated: why met or why not, naming dates and
                                              * values */
} StromaEndpointResult;

GPtrArray                  *stroma_endpoints_evaluate       (const StromaProtocol      *protocol,
                                                             const StromaSubjectRecord *record,
                                                             const char                *as_of,
                                                             GError                   **error);
const StromaEndpointResult *stroma_endpoints_group_result   (GPtrArray                 *results,
                                                             const char                *group);
const StromaEndpointResult *stroma_endpoints_find_result    (GPtrArray                 *results,
                                                             const char                *id);
const char                 *stroma_endpoint_state_to_string (StromaEndpointState        state);

void                        stroma_evidence_free            (StromaEvidence            *evidence);
void                        stroma_endpoint_result_free     (StromaEndpointResult      *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaEvidence, stroma_evidence_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaEndpointResult, stroma_endpoint_result_free)

G_END_DECLS
