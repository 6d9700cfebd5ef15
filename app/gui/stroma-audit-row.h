/* stroma-audit-row.h — one line of a record's audit trail, as a list item
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "store/stroma-store.h"

G_BEGIN_DECLS

#define STROMA_TYPE_AUDIT_ROW (stroma_audit_row_get_type ())

G_DECLARE_FINAL_TYPE (StromaAuditRow, stroma_audit_row, STROMA, AUDIT_ROW, GObject)

StromaAuditRow *stroma_audit_row_new         (const StromaAuditEntry *entry);
StromaAuditRow *stroma_audit_row_new_for_field (const StromaAuditEntry *entry,
                                              const char             *column);
const char     *stroma_audit_row_get_change  (StromaAuditRow         *self);
const char     *stroma_audit_row_get_reason  (StromaAuditRow         *self);
const char     *stroma_field_label           (const char             *column);
const char     *stroma_table_label           (const char             *table);
char           *stroma_audit_insert_value    (const StromaAuditEntry *entry,
                                              const char             *column);

G_END_DECLS
