/* stroma-store-private.h — shared between the store's own files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "stroma-store.h"

G_BEGIN_DECLS

struct _StromaStore
{
  sqlite3                 *db;
  char                    *path;
  gboolean                 read_only;
  int                      schema_version;

  /* The edit context of the transaction under way, read by the audit triggers through
   * the stroma_edit_user() and stroma_edit_reason() SQL functions. */
  const StromaEditContext *context;
  guint                    depth;   /* nesting of begin/commit */
  GPtrArray               *context_stack;  /* the contexts of the enclosing levels */

  /* Owned: prepared once, reused by every save of that kind. */
  sqlite3_stmt            *insert_stmts[STROMA_N_RECORD_KINDS];

  /* Owned: the protocol, loaded on first need (eligibility rules, strata). */
  StromaProtocol          *protocol;

  /* Owned: refused attempts, written to the audit trail when the transaction they happened
   * in has ended, so that a rollback of the attempt does not erase them (AT-6). */
  GPtrArray               *pending_denials;
};

#define STROMA_SCHEMA_VERSION 2
#define STROMA_AUDIT_GENESIS  "0000000000000000000000000000000000000000000000000000000000000000"

gboolean _stroma_store_is_network_fs       (long          f_type);
gboolean _stroma_store_set_error_from_db   (StromaStore  *self,
                                            int           rc,
                                            GError      **error,
                                            const char   *what);
gboolean _stroma_store_exec                (StromaStore  *self,
                                            const char   *sql,
                                            GError      **error);
sqlite3_stmt *_stroma_store_prepare        (StromaStore  *self,
                                            const char   *sql,
                                            GError      **error);
gboolean _stroma_store_with_context_begin  (StromaStore             *self,
                                            const StromaEditContext *context,
                                            GError                 **error);
gboolean _stroma_store_with_context_end    (StromaStore             *self,
                                            gboolean                 ok,
                                            GError                 **error);

/* stroma-store-audit.c */
gboolean _stroma_store_register_functions  (StromaStore  *self,
                                            GError      **error);
gboolean _stroma_store_install_audit       (StromaStore  *self,
                                            GError      **error);
gboolean _stroma_store_check_audit_triggers (StromaStore *self,
                                             GString     *report);
gboolean _stroma_store_reconcile_audit     (StromaStore  *self,
                                            GString      *report);
gboolean _stroma_store_log_event           (StromaStore  *self,
                                            const char   *table_name,
                                            gint64        row_key,
                                            const char   *what,
                                            GError      **error);
extern const char * const _stroma_audited_tables[];

/* stroma-store-access.c */
gboolean _stroma_store_check_access        (StromaStore  *self,
                                            StromaAction  action,
                                            const char   *what,
                                            GError      **error);
void     _stroma_store_flush_denials       (StromaStore  *self);
const StromaProtocol *_stroma_store_get_protocol (StromaStore  *self,
                                            GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

G_END_DECLS
