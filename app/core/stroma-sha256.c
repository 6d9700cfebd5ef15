/* stroma-sha256.c — SHA-256 of the audit chain, the trial file and the workbook
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nettle's SHA-256 uses the processor's SHA instructions where there are any: four times
 * GChecksum's speed, which counts when an export hashes every audit row and an 800 MB trial
 * file. The digests are the same.
 */

#define G_LOG_DOMAIN "stroma-sha256"

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "stroma-sha256.h"

void
stroma_sha256_init (StromaSha256 *self)
{
  g_return_if_fail (self != NULL);
  sha256_init (&self->ctx);
}

void
stroma_sha256_update (StromaSha256  *self,
                      gconstpointer  data,
                      gsize          length)
{
  g_return_if_fail (self != NULL);
  sha256_update (&self->ctx, length, data);
}

/**
 * stroma_sha256_finish:
 * @self: a hash being computed
 * @hex: (out caller-allocates): the digest in lowercase hexadecimal, NUL-terminated
 *
 * Writes the digest and starts @self again.
 */
void
stroma_sha256_finish (StromaSha256 *self,
                      char          hex[STROMA_SHA256_HEX_LENGTH + 1])
{
  static const char digits[] = "0123456789abcdef";
  guint8 digest[SHA256_DIGEST_SIZE];

  g_return_if_fail (self != NULL);

  sha256_digest (&self->ctx, sizeof digest, digest);
  for (guint i = 0; i < sizeof digest; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[STROMA_SHA256_HEX_LENGTH] = '\0';
}

/**
 * stroma_sha256_file:
 * @path: a file
 * @cancellable: (nullable): a #GCancellable
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the SHA-256 of the file's content, in hexadecimal.
 */
char *
stroma_sha256_file (const char    *path,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree guint8 *buffer = NULL;
  StromaSha256 sum;
  char hex[STROMA_SHA256_HEX_LENGTH + 1];
  FILE *file;
  gsize n;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_fopen (path, "rb");
  if (file == NULL)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }

  buffer = g_malloc (1 << 20);
  stroma_sha256_init (&sum);
  while ((n = fread (buffer, 1, 1 << 20, file)) > 0)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          fclose (file);
          return NULL;
        }
      stroma_sha256_update (&sum, buffer, n);
    }

  if (ferror (file))
    {
      int saved = errno;
      fclose (file);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not read “%s”: %s"), path, g_strerror (saved));
      return NULL;
    }
  fclose (file);

  stroma_sha256_finish (&sum, hex);
  return g_strdup (hex);
}
