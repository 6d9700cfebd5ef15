/* stroma-cli.h — headless sub-commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean stroma_cli_is_command (const char *name);
int      stroma_cli_run        (int         argc,
                                char      **argv);

G_END_DECLS
