/* stroma-test-util.h — fixtures shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "core/stroma-protocol.h"
#include "store/stroma-store.h"

G_BEGIN_DECLS

extern const StromaEditContext stroma_test_context;

char           *stroma_test_data_path      (const char  *first,
                                            ...) G_GNUC_NULL_TERMINATED;
StromaProtocol *stroma_test_load_protocol  (const char  *id);
char           *stroma_test_temp_path      (const char  *name);
StromaStore    *stroma_test_create_trial   (const char  *protocol_id,
                                            char       **path_out);
StromaSubject  *stroma_test_add_subject    (StromaStore *store,
                                            const char  *code);
StromaSubject  *stroma_test_add_subject_as (StromaStore *store,
                                            const char  *user,
                                            guint        number);
void            stroma_test_remove_trial   (const char  *path);
gint64          stroma_test_query          (const char  *path,
                                            const char  *sql);

G_END_DECLS
