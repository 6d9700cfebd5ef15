/* stroma-store.h — the trial file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "core/stroma-protocol.h"
#include "core/stroma-records.h"
#include "core/stroma-roles.h"

G_BEGIN_DECLS

#define STROMA_STORE_ERROR (stroma_store_error_quark ())

typedef enum
{
  STROMA_STORE_ERROR_OPEN,        /* the file cannot be opened or created */
  STROMA_STORE_ERROR_EXISTS,      /* creating over an existing file */
  STROMA_STORE_ERROR_NOT_A_TRIAL, /* a SQLite file, or not, that is no Stroma trial */
  STROMA_STORE_ERROR_DAMAGED,     /* quick_check or foreign keys report damage */
  STROMA_STORE_ERROR_TOO_NEW,     /* written by a newer Stroma */
  STROMA_STORE_ERROR_INVALID,     /* a value the schema refuses */
  STROMA_STORE_ERROR_NO_CONTEXT,  /* a write without a user or a reason */
  STROMA_STORE_ERROR_STALE,       /* someone else saved the record since it was read */
  STROMA_STORE_ERROR_NOT_FOUND,
  STROMA_STORE_ERROR_REFUSED,     /* the store's rules refuse the change */
  STROMA_STORE_ERROR_AUDIT,       /* the audit trail is broken or was tampered with */
  STROMA_STORE_ERROR_IO,          /* disk full, I/O error, busy */
  STROMA_STORE_ERROR_READ_ONLY,
  STROMA_STORE_ERROR_DENIED,      /* the user's role does not allow the change */
} StromaStoreError;

typedef enum
{
  STROMA_STORE_OPEN_DEFAULT   = 0,
  STROMA_STORE_OPEN_READ_ONLY = 1 << 0,
  /* Skip the quick_check on open; only for tools that run a full check themselves. */
  STROMA_STORE_OPEN_NO_CHECK  = 1 << 1,
} StromaStoreOpenFlags;

/* Who makes a change, and why. Every write to clinical data happens under one. */
typedef struct
{
  const char *user;
  const char *reason;   /* may be NULL for first entries: recorded as "initial entry" */
} StromaEditContext;

typedef struct
{
  gint64  id;
  char   *at;
  char   *user;
  char   *reason;
  char   *action;
  char   *table_name;
  gint64  row_key;
  char   *column_name;
  char   *old_value;
  char   *new_value;
} StromaAuditEntry;

typedef struct
{
  char   *path;
  char   *created_at;   /* UTC */
  char   *audit_head;
  gint64  audit_rows;
  gint64  subjects;
  char   *sha256;       /* of the backup file */
} StromaBackupInfo;
/* A named account of the trial, as the users table holds it. */
typedef struct
{
  gint64    id;
  char     *username;
  char     *display_name;
  char     *role;          /* a StromaRole id: investigator, coordinator, sponsor, administrator */
  gboolean  active;
} StromaUser;
/* One export, as the export log records it. */
typedef struct
{
  const char *profile;      /* "sponsor" or "site" */
  const char *scope;        /* what was exported, e.g. "all subjects (68)" */
  const char *data_cut;     /* ISO date, nullable */
  const char *file_name;    /* the file's name, without its folder */
  const char *sha256;       /* of the exported file */
  const char *audit_head;   /* the audit chain head of the state exported */
} StromaExportLogEntry;

typedef struct _StromaStore StromaStore;

/**
 * StromaSubjectRecordFunc:
 * @record: (transfer full): one subject's record
 * @user_data: the walk's data
 * @error: where to say why the walk stops
 *
 * Returns: %TRUE to go on, %FALSE (with @error set) to stop.
 */
typedef gboolean (*StromaSubjectRecordFunc) (StromaSubjectRecord  *record,
                                             gpointer              user_data,
                                             GError              **error);

GQuark       stroma_store_error_quark        (void);

StromaStore *stroma_store_create             (const char              *path,
                                              const StromaProtocol    *protocol,
                                              const StromaEditContext *context,
                                              gboolean                 synthetic,
                                              GError                 **error);
StromaStore *stroma_store_open               (const char              *path,
                                              StromaStoreOpenFlags     flags,
                                              GError                 **error);
void         stroma_store_close              (StromaStore             *self);
const char  *stroma_store_get_path           (StromaStore             *self);
gboolean     stroma_store_is_read_only       (StromaStore             *self);
int          stroma_store_get_schema_version (StromaStore             *self);
char        *stroma_store_get_title          (StromaStore             *self);
gboolean     stroma_store_is_synthetic       (StromaStore             *self);
StromaProtocol *stroma_store_load_protocol   (StromaStore             *self,
                                              GError                 **error);

gboolean     stroma_store_begin              (StromaStore             *self,
                                              const StromaEditContext *context,
                                              GError                 **error);
gboolean     stroma_store_commit             (StromaStore             *self,
                                              GError                 **error);
void         stroma_store_rollback           (StromaStore             *self);

gboolean     stroma_store_add_user           (StromaStore             *self,
                                              const StromaEditContext *context,
                                              const char              *username,
                                              const char              *display_name,
                                              const char              *role,
                                              GError                 **error);

GPtrArray   *stroma_store_list_users         (StromaStore             *self,
                                              GError                 **error);
StromaUser  *stroma_store_find_user          (StromaStore             *self,
                                              const char              *username,
                                              GError                 **error);
gboolean     stroma_store_has_accounts       (StromaStore             *self);
gboolean     stroma_store_user_may           (StromaStore             *self,
                                              const char              *username,
                                              StromaAction             action);
gboolean     stroma_store_authorize          (StromaStore             *self,
                                              const StromaEditContext *context,
                                              StromaAction             action,
                                              const char              *what,
                                              GError                 **error);

gboolean     stroma_store_save               (StromaStore             *self,
                                              const StromaEditContext *context,
                                              gpointer                 record,
                                              GError                 **error);
gboolean     stroma_store_void               (StromaStore             *self,
                                              const StromaEditContext *context,
                                              gpointer                 record,
                                              GError                 **error);
gpointer     stroma_store_load               (StromaStore             *self,
                                              StromaRecordKind         kind,
                                              gint64                   id,
                                              GError                 **error);
GPtrArray   *stroma_store_list_subjects      (StromaStore             *self,
                                              GError                 **error);
GPtrArray   *stroma_store_list_allocations   (StromaStore             *self,
                                              GError                 **error);
StromaSubjectRecord *stroma_store_load_subject_record (StromaStore    *self,
                                              gint64                   subject_id,
                                              GError                 **error);
GPtrArray   *stroma_store_load_all_records   (StromaStore             *self,
                                              GError                 **error);
gboolean     stroma_store_foreach_subject_record (StromaStore         *self,
                                              StromaSubjectRecordFunc  func,
                                              gpointer                 user_data,
                                              GError                 **error);
gint64       stroma_store_count_subject_records (StromaStore          *self,
                                              StromaRecordKind         kind);

gboolean     stroma_store_set_randomization_list (StromaStore         *self,
                                              const StromaEditContext *context,
                                              GPtrArray               *entries,
                                              GError                 **error);
StromaAllocation *stroma_store_allocate      (StromaStore             *self,
                                              const StromaEditContext *context,
                                              gint64                   subject_id,
                                              const char              *stratum,
                                              GError                 **error);

StromaAllocation *stroma_store_randomize     (StromaStore             *self,
                                              const StromaEditContext *context,
                                              gint64                   subject_id,
                                              GError                 **error);

GPtrArray   *stroma_store_list_audit         (StromaStore             *self,
                                              const char              *table_name,
                                              gint64                   row_key,
                                              GError                 **error);
gboolean     stroma_store_verify_audit       (StromaStore             *self,
                                              char                   **head,
                                              gint64                  *n_rows,
                                              GError                 **error);
gboolean     stroma_store_check              (StromaStore             *self,
                                              GString                 *report);
gint64       stroma_store_count              (StromaStore             *self,
                                              const char              *table_name);

gboolean     stroma_store_begin_snapshot     (StromaStore             *self,
                                              GError                 **error);
void         stroma_store_end_snapshot       (StromaStore             *self);
gboolean     stroma_store_log_export         (StromaStore             *self,
                                              const StromaEditContext *context,
                                              const StromaExportLogEntry *entry,
                                              GError                 **error);

void         stroma_audit_entry_free         (StromaAuditEntry        *entry);
void         stroma_user_free                (StromaUser              *user);

StromaBackupInfo *stroma_store_backup        (StromaStore             *self,
                                              const char              *dest,
                                              GError                 **error);
StromaBackupInfo *stroma_store_verify_backup (const char              *backup_path,
                                              GError                 **error);
GPtrArray   *stroma_store_list_backups       (const char              *trial_path);
GPtrArray   *stroma_store_list_backups_in    (const char              *dir,
                                              GError                 **error);
gboolean     stroma_store_restore            (const char              *backup_path,
                                              const char              *trial_path,
                                              const StromaEditContext *context,
                                              char                   **replaced_path,
                                              GError                 **error);
void         stroma_backup_info_free         (StromaBackupInfo        *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaStore, stroma_store_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaAuditEntry, stroma_audit_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaBackupInfo, stroma_backup_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaUser, stroma_user_free)

G_END_DECLS
