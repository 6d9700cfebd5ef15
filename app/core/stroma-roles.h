/* stroma-roles.h — who may do what: the role × action matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * StromaRole:
 * @STROMA_ROLE_INVESTIGATOR: "investigator": enters and corrects data, judges eligibility,
 *   grades adverse events
 * @STROMA_ROLE_COORDINATOR: "coordinator": enters and corrects data, randomizes
 * @STROMA_ROLE_SPONSOR: "sponsor": the sponsor's liaison, reads only
 * @STROMA_ROLE_ADMINISTRATOR: "administrator": manages accounts and the randomization list,
 *   never clinical data
 * @STROMA_ROLE_SYSTEM: "system": Stroma itself (creating the trial file); no user signs in as it
 */
typedef enum
{
  STROMA_ROLE_INVESTIGATOR,
  STROMA_ROLE_COORDINATOR,
  STROMA_ROLE_SPONSOR,
  STROMA_ROLE_ADMINISTRATOR,
  STROMA_ROLE_SYSTEM,
  STROMA_N_ROLES
} StromaRole;

/**
 * StromaAction:
 * @STROMA_ACTION_READ: "read": open the trial, see every record and its history
 * @STROMA_ACTION_ENTER_DATA: "enter-data": enter a new clinical record
 * @STROMA_ACTION_CORRECT_DATA: "correct-data": change a saved value, with a reason
 * @STROMA_ACTION_VOID_DATA: "void-data": void a saved record, with a reason
 * @STROMA_ACTION_CONFIRM_ELIGIBILITY: "confirm-eligibility": answer an eligibility criterion
 *   that no rule decides
 * @STROMA_ACTION_GRADE_ADVERSE_EVENT: "grade-adverse-event": record, grade or change an
 *   adverse event
 * @STROMA_ACTION_RANDOMIZE: "randomize": allocate a subject from the concealed list
 * @STROMA_ACTION_GENERATE_LIST: "generate-list": store the trial's randomization list
 * @STROMA_ACTION_MANAGE_USERS: "manage-users": add accounts and change roles
 */
typedef enum
{
  STROMA_ACTION_READ,
  STROMA_ACTION_ENTER_DATA,
  STROMA_ACTION_CORRECT_DATA,
  STROMA_ACTION_VOID_DATA,
  STROMA_ACTION_CONFIRM_ELIGIBILITY,
  STROMA_ACTION_GRADE_ADVERSE_EVENT,
  STROMA_ACTION_RANDOMIZE,
  STROMA_ACTION_GENERATE_LIST,
  STROMA_ACTION_MANAGE_USERS,
  STROMA_N_ACTIONS
} StromaAction;

const char *stroma_role_to_string     (StromaRole    role);
gboolean    stroma_role_from_string   (const char   *id,
                                       StromaRole   *role);
const char *stroma_role_label         (StromaRole    role);
const char *stroma_action_to_string   (StromaAction  action);
gboolean    stroma_action_from_string (const char   *id,
                                       StromaAction *action);
const char *stroma_action_label       (StromaAction  action);
gboolean    stroma_role_may           (StromaRole    role,
                                       StromaAction  action);

G_END_DECLS
