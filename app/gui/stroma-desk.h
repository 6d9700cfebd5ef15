/* stroma-desk.h — the coordinator's desk: who is signed in to the open trial
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "core/stroma-roles.h"
#include "stroma-trial.h"

G_BEGIN_DECLS

#define STROMA_TYPE_DESK (stroma_desk_get_type ())

G_DECLARE_FINAL_TYPE (StromaDesk, stroma_desk, STROMA, DESK, GObject)

StromaDesk        *stroma_desk_new            (void);
StromaTrial       *stroma_desk_get_trial      (StromaDesk   *self);
void               stroma_desk_set_trial      (StromaDesk   *self,
                                               StromaTrial  *trial);
StromaStore       *stroma_desk_get_store      (StromaDesk   *self);
const StromaProtocol *stroma_desk_get_protocol (StromaDesk  *self);
GPtrArray         *stroma_desk_get_users      (StromaDesk   *self);
const char        *stroma_desk_get_user       (StromaDesk   *self);
gboolean           stroma_desk_set_user       (StromaDesk   *self,
                                               const char   *username);
char              *stroma_desk_describe_user  (StromaDesk   *self);
gboolean           stroma_desk_may            (StromaDesk   *self,
                                               StromaAction  action);
StromaEditContext  stroma_desk_context        (StromaDesk   *self,
                                               const char   *reason);
char              *stroma_desk_today          (StromaDesk   *self);
char              *stroma_desk_now_time       (StromaDesk   *self);
const char        *stroma_desk_get_time_zone  (StromaDesk   *self);
char              *stroma_desk_local_time     (StromaDesk   *self,
                                               const char   *utc,
                                               char        **date);
void               stroma_desk_saved          (StromaDesk   *self,
                                               gint64        subject_id);

G_END_DECLS
