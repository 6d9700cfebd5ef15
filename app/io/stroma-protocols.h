/* stroma-protocols.h — finding protocol files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "core/stroma-protocol.h"

G_BEGIN_DECLS

StromaProtocol *stroma_protocols_load          (const char  *name_or_path,
                                                GError     **error);
GStrv           stroma_protocols_list_builtin  (void);

G_END_DECLS
