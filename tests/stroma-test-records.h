/* stroma-test-records.h — subject records and protocols built in C for the core tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "core/stroma-protocol.h"
#include "core/stroma-records.h"

G_BEGIN_DECLS

char                *stroma_test_date_add            (const char          *date,
                                                      int                  days);

StromaProtocol      *stroma_test_shipped_protocol    (const char          *id);
StromaProtocol      *stroma_test_minimal_protocol    (const char          *file,
                                                      const char          *path,
                                                      const char          *json);

StromaSubjectRecord *stroma_test_record_new          (const char          *code,
                                                      const char          *arm);
StromaInfusion      *stroma_test_add_infusion        (StromaSubjectRecord *record,
                                                      guint                number,
                                                      const char          *date,
                                                      const char          *status);
StromaAdverseEvent  *stroma_test_add_adverse_event   (StromaSubjectRecord *record,
                                                      const char          *term,
                                                      int                  grade,
                                                      const char          *relationship,
                                                      const char          *onset);
StromaFollowUp      *stroma_test_add_follow_up       (StromaSubjectRecord *record,
                                                      const char          *kind,
                                                      const char          *date);
StromaDisposition   *stroma_test_add_disposition     (StromaSubjectRecord *record,
                                                      const char          *event,
                                                      const char          *date);
StromaMedication    *stroma_test_add_medication      (StromaSubjectRecord *record,
                                                      const char          *agent,
                                                      gint64               level,
                                                      const char          *start,
                                                      const char          *end);
StromaLabResult     *stroma_test_add_lab             (StromaSubjectRecord *record,
                                                      const char          *test_code,
                                                      const char          *date,
                                                      double               value);

G_END_DECLS
