/* stroma-trial.h — the open trial, shared by the window's views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "core/stroma-profile.h"
#include "core/stroma-protocol.h"
#include "core/stroma-records.h"
#include "store/stroma-store.h"

G_BEGIN_DECLS

#define STROMA_TYPE_TRIAL (stroma_trial_get_type ())

G_DECLARE_FINAL_TYPE (StromaTrial, stroma_trial, STROMA, TRIAL, GObject)

StromaTrial          *stroma_trial_open           (GFile        *file,
                                                   GError      **error);
const char           *stroma_trial_get_title      (StromaTrial  *self);
gboolean              stroma_trial_get_synthetic  (StromaTrial  *self);
StromaStore          *stroma_trial_get_store      (StromaTrial  *self);
const StromaProtocol *stroma_trial_get_protocol   (StromaTrial  *self);
GListModel           *stroma_trial_get_subjects   (StromaTrial  *self);
const char           *stroma_trial_get_arm_label  (StromaTrial  *self,
                                                   const char   *arm_id);
const char           *stroma_trial_get_data_cut   (StromaTrial  *self);
gboolean              stroma_trial_reload         (StromaTrial  *self,
                                                   GError      **error);
StromaSubjectRecord  *stroma_trial_load_subject   (StromaTrial  *self,
                                                   gint64        subject_id,
                                                   GError      **error);
void                  stroma_trial_notify_changed (StromaTrial  *self,
                                                   gint64        subject_id);
void                  stroma_trial_derive         (StromaTrial  *self);
gboolean              stroma_trial_get_deriving   (StromaTrial  *self);
double                stroma_trial_get_progress   (StromaTrial  *self);
GPtrArray            *stroma_trial_get_profiles   (StromaTrial  *self,
                                                   const char   *test_code);

/* The counts the arm overview summarizes, in panel order. */
#define STROMA_TRIAL_N_PROFILE_TESTS 3
extern const char * const stroma_trial_profile_tests[STROMA_TRIAL_N_PROFILE_TESTS];

G_END_DECLS
