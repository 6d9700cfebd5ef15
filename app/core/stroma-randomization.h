/* stroma-randomization.h — stratified permuted-block allocation lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"

G_BEGIN_DECLS

typedef struct
{
  char  *stratum;
  guint  sequence;   /* 1-based position within the stratum */
  guint  block;      /* 1-based block number within the stratum */
  char  *arm;
} StromaRandomizationEntry;

GPtrArray *stroma_randomization_generate     (const StromaProtocol *protocol,
                                              guint                 per_stratum,
                                              const guint32        *seed,
                                              GError              **error);
void       stroma_randomization_entry_free   (StromaRandomizationEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaRandomizationEntry, stroma_randomization_entry_free)

G_END_DECLS
