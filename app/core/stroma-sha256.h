/* stroma-sha256.h — SHA-256 of the audit chain, the trial file and the workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <nettle/sha2.h>

G_BEGIN_DECLS

#define STROMA_SHA256_HEX_LENGTH 64

typedef struct
{
  struct sha256_ctx ctx;
} StromaSha256;

void     stroma_sha256_init   (StromaSha256  *self);
void     stroma_sha256_update (StromaSha256  *self,
                               gconstpointer  data,
                               gsize          length);
void     stroma_sha256_finish (StromaSha256  *self,
                               char           hex[STROMA_SHA256_HEX_LENGTH + 1]);
char    *stroma_sha256_file   (const char    *path,
                               GCancellable  *cancellable,
                               GError       **error);

G_END_DECLS
