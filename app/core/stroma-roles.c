/* stroma-roles.c — who may do what: the role × action matrix
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The matrix is data, one row per role, so that it can be read, reviewed and tested as a table
 * (RELIABILITY AC-2). The store enforces it on every write; the window only mirrors it to grey
 * out what the signed-in user may not do.
 */

#define G_LOG_DOMAIN "stroma-roles"

#include "config.h"

#include <glib/gi18n.h>

#include "stroma-roles.h"

static const char * const role_ids[] = {
  [STROMA_ROLE_INVESTIGATOR] = "investigator",
  [STROMA_ROLE_COORDINATOR] = "coordinator",
  [STROMA_ROLE_SPONSOR] = "sponsor",
  [STROMA_ROLE_ADMINISTRATOR] = "administrator",
  [STROMA_ROLE_SYSTEM] = "system",
};

static const char * const role_labels[] = {
  /* Translators: roles of the people who use a trial file */
  [STROMA_ROLE_INVESTIGATOR] = N_("Investigator"),
  [STROMA_ROLE_COORDINATOR] = N_("Study coordinator"),
  [STROMA_ROLE_SPONSOR] = N_("Sponsor liaison"),
  [STROMA_ROLE_ADMINISTRATOR] = N_("Administrator"),
  [STROMA_ROLE_SYSTEM] = N_("Stroma"),
};

static const char * const action_ids[] = {
  [STROMA_ACTION_READ] = "read",
  [STROMA_ACTION_ENTER_DATA] = "enter-data",
  [STROMA_ACTION_CORRECT_DATA] = "correct-data",
  [STROMA_ACTION_VOID_DATA] = "void-data",
  [STROMA_ACTION_CONFIRM_ELIGIBILITY] = "confirm-eligibility",
  [STROMA_ACTION_GRADE_ADVERSE_EVENT] = "grade-adverse-event",
  [STROMA_ACTION_RANDOMIZE] = "randomize",
  [STROMA_ACTION_GENERATE_LIST] = "generate-list",
  [STROMA_ACTION_MANAGE_USERS] = "manage-users",
};

static const char * const action_labels[] = {
  /* Translators: what a role may or may not do, e.g. "may not grade adverse events" */
  [STROMA_ACTION_READ] = N_("read the trial"),
  [STROMA_ACTION_ENTER_DATA] = N_("enter clinical data"),
  [STROMA_ACTION_CORRECT_DATA] = N_("correct clinical data"),
  [STROMA_ACTION_VOID_DATA] = N_("void clinical records"),
  [STROMA_ACTION_CONFIRM_ELIGIBILITY] = N_("confirm eligibility criteria that need judgement"),
  [STROMA_ACTION_GRADE_ADVERSE_EVENT] = N_("record and grade adverse events"),
  [STROMA_ACTION_RANDOMIZE] = N_("randomize subjects"),
  [STROMA_ACTION_GENERATE_LIST] = N_("store the randomization list"),
  [STROMA_ACTION_MANAGE_USERS] = N_("manage user accounts"),
};

#define Y TRUE
#define N FALSE

/* Rows: roles; columns: actions, in the order of StromaAction. */
static const gboolean matrix[STROMA_N_ROLES][STROMA_N_ACTIONS] = {
  /*                          read enter correct void elig.  AE  rand. list users */
  [STROMA_ROLE_INVESTIGATOR]  = { Y,   Y,    Y,      Y,   Y,    Y,   Y,    N,   N },
  [STROMA_ROLE_COORDINATOR]   = { Y,   Y,    Y,      Y,   N,    N,   Y,    N,   N },
  [STROMA_ROLE_SPONSOR]       = { Y,   N,    N,      N,   N,    N,   N,    N,   N },
  [STROMA_ROLE_ADMINISTRATOR] = { Y,   N,    N,      N,   N,    N,   N,    Y,   Y },
  [STROMA_ROLE_SYSTEM]        = { Y,   N,    N,      N,   N,    N,   N,    N,   N },
};

#undef Y
#undef N

/**
 * stroma_role_to_string:
 * @role: a role
 *
 * Returns: the role's id, as the users table holds it
 */
const char *
stroma_role_to_string (StromaRole role)
{
  g_return_val_if_fail (role < STROMA_N_ROLES, NULL);
  return role_ids[role];
}

/**
 * stroma_role_from_string:
 * @id: a role id
 * @role: (out): the role
 *
 * Returns: %TRUE when @id names a role
 */
gboolean
stroma_role_from_string (const char *id,
                         StromaRole *role)
{
  g_return_val_if_fail (role != NULL, FALSE);

  for (guint i = 0; id != NULL && i < STROMA_N_ROLES; i++)
    if (g_str_equal (id, role_ids[i]))
      {
        *role = (StromaRole) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * stroma_role_label:
 * @role: a role
 *
 * Returns: the translated name of the role, e.g. "Study coordinator"
 */
const char *
stroma_role_label (StromaRole role)
{
  g_return_val_if_fail (role < STROMA_N_ROLES, NULL);
  return _(role_labels[role]);
}

/**
 * stroma_action_to_string:
 * @action: an action
 *
 * Returns: the action's id, e.g. "grade-adverse-event"
 */
const char *
stroma_action_to_string (StromaAction action)
{
  g_return_val_if_fail (action < STROMA_N_ACTIONS, NULL);
  return action_ids[action];
}

/**
 * stroma_action_from_string:
 * @id: an action id
 * @action: (out): the action
 *
 * Returns: %TRUE when @id names an action
 */
gboolean
stroma_action_from_string (const char   *id,
                           StromaAction *action)
{
  g_return_val_if_fail (action != NULL, FALSE);

  for (guint i = 0; id != NULL && i < STROMA_N_ACTIONS; i++)
    if (g_str_equal (id, action_ids[i]))
      {
        *action = (StromaAction) i;
        return TRUE;
      }

  return FALSE;
}

/**
 * stroma_action_label:
 * @action: an action
 *
 * Returns: the translated action as a verb phrase, e.g. "record and grade adverse events"
 */
const char *
stroma_action_label (StromaAction action)
{
  g_return_val_if_fail (action < STROMA_N_ACTIONS, NULL);
  return _(action_labels[action]);
}

/**
 * stroma_role_may:
 * @role: a role
 * @action: an action
 *
 * Returns: %TRUE when the matrix lets @role do @action
 */
gboolean
stroma_role_may (StromaRole   role,
                 StromaAction action)
{
  g_return_val_if_fail (role < STROMA_N_ROLES, FALSE);
  g_return_val_if_fail (action < STROMA_N_ACTIONS, FALSE);
  return matrix[role][action];
}
