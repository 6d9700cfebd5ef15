/* stroma-cli-private.h — shared by the sub-commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses of every sub-command */
#define STROMA_EXIT_OK       0
#define STROMA_EXIT_PROBLEMS 1   /* the command ran and found problems */
#define STROMA_EXIT_USAGE    2   /* bad usage or unusable input; nothing was changed */

GOptionContext *stroma_cli_option_context (const char         *parameters,
                                           const char         *summary,
                                           const GOptionEntry *entries);
int             stroma_cli_usage_error    (GOptionContext     *context,
                                           const char         *message);
void            stroma_cli_print_error    (const char         *command,
                                           GError             *error);
gboolean        stroma_cli_valid_date     (const char         *text);
void            stroma_cli_csv_field      (GString            *out,
                                           const char         *text,
                                           gboolean            last);

int stroma_cli_demo     (int argc, char **argv);
int stroma_cli_check    (int argc, char **argv);
int stroma_cli_protocol (int argc, char **argv);
int stroma_cli_backup   (int argc, char **argv);
int stroma_cli_restore  (int argc, char **argv);
int stroma_cli_endpoints (int argc, char **argv);
int stroma_cli_stats     (int argc, char **argv);
int stroma_cli_chart     (int argc, char **argv);
int stroma_cli_agenda    (int argc, char **argv);
int stroma_cli_export    (int argc, char **argv);

G_END_DECLS
