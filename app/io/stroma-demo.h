/* stroma-demo.h — synthetic demo trials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "core/stroma-protocol.h"
#include "store/stroma-store.h"

G_BEGIN_DECLS

typedef void (*StromaDemoProgress) (guint    done,
                                    guint    total,
                                    gpointer user_data);

typedef struct
{
  guint               n_subjects;  /* 0: the protocol's target */
  guint64             seed;
  const char         *data_cut;    /* ISO date; NULL: 2026-10-31 */
  StromaDemoProgress  progress;
  gpointer            user_data;
} StromaDemoOptions;

/* The date the synthetic data run up to, unless the caller names another: fixed, so that a
 * seed writes the same trial on any day. */
#define STROMA_DEMO_DATA_CUT "2026-10-31"

StromaStore *stroma_demo_write          (const char              *path,
                                         const StromaProtocol    *protocol,
                                         const StromaDemoOptions *options,
                                         GError                 **error);
void         stroma_demo_print_progress (guint                    done,
                                         guint                    total,
                                         gpointer                 user_data);

G_END_DECLS
