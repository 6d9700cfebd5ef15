/* stroma-workbook.h — the sponsor workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "store/stroma-store.h"

G_BEGIN_DECLS

#define STROMA_WORKBOOK_ERROR (stroma_workbook_error_quark ())

/**
 * StromaWorkbookError:
 * @STROMA_WORKBOOK_ERROR_INVALID: the options cannot be honoured: a site export without a
 *   reason, a data cut that is not a date, a destination that is not a file name
 * @STROMA_WORKBOOK_ERROR_WRITE: the workbook could not be written (disk full, a folder that
 *   cannot be written to, a value the format refuses)
 * @STROMA_WORKBOOK_ERROR_DATA: the trial file holds something the workbook cannot say, e.g. a
 *   date that does not parse
 */
typedef enum
{
  STROMA_WORKBOOK_ERROR_INVALID,
  STROMA_WORKBOOK_ERROR_WRITE,
  STROMA_WORKBOOK_ERROR_DATA,
} StromaWorkbookError;

/**
 * StromaWorkbookProfile:
 * @STROMA_WORKBOOK_PROFILE_SPONSOR: subject codes only, no free text (RELIABILITY EX-1)
 * @STROMA_WORKBOOK_PROFILE_SITE: adds the subjects' initials and the free-text fields, for the
 *   site's own use; needs a reason
 */
typedef enum
{
  STROMA_WORKBOOK_PROFILE_SPONSOR,
  STROMA_WORKBOOK_PROFILE_SITE,
} StromaWorkbookProfile;

/**
 * StromaWorkbookProgress:
 * @fraction: done so far, 0 to 1
 * @stage: what is being done, translated
 * @user_data: the options' user data
 *
 * Called from the thread that runs stroma_workbook_export().
 */
typedef void (*StromaWorkbookProgress) (double      fraction,
                                        const char *stage,
                                        gpointer    user_data);

typedef struct
{
  StromaWorkbookProfile   profile;
  const char             *data_cut;     /* ISO date; NULL: today (UTC) */
  const char             *reason;       /* why; required for the site profile */
  const char             *user;         /* who exports: one of the trial's accounts once it
                                         * has any; recorded in the trial file only */
  guint                   row_limit;    /* rows per sheet with the header; 0: Excel's limit */
  GCancellable           *cancellable;
  StromaWorkbookProgress  progress;
  gpointer                user_data;
} StromaWorkbookOptions;

/* What was written. */
typedef struct
{
  char   *sha256;        /* of the workbook */
  char   *audit_head;    /* of the state exported */
  char   *data_cut;
  guint   n_subjects;
  guint   n_sheets;
  guint64 n_rows;        /* data rows of every sheet, headers left out */
} StromaWorkbookReport;

GQuark                 stroma_workbook_error_quark        (void);

const char            *stroma_workbook_profile_to_string  (StromaWorkbookProfile         profile);
gboolean               stroma_workbook_profile_from_string (const char                  *name,
                                                            StromaWorkbookProfile       *profile);

StromaWorkbookReport  *stroma_workbook_export             (StromaStore                 *store,
                                                           const char                  *path,
                                                           const StromaWorkbookOptions *options,
                                                           GError                     **error);
void                   stroma_workbook_report_free        (StromaWorkbookReport        *report);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaWorkbookReport, stroma_workbook_report_free)

G_END_DECLS
