/* stroma-randomization.c — stratified permuted-block allocation lists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One list per stratum, made of blocks whose sizes are drawn at random from the protocol's
 * block sizes, so that staff of an open-label trial cannot predict the end of a block. The
 * draws come from the operating system's cryptographic generator; a seed is accepted only to
 * make synthetic (demo) trials reproducible.
 */

#define G_LOG_DOMAIN "stroma-randomization"

#include "config.h"

#include <glib/gi18n.h>
#include <sys/random.h>
#include <gio/gio.h>

#include "stroma-randomization.h"

typedef struct
{
  GRand *rand;   /* NULL: cryptographic source */
} Source;

static guint32
source_uniform (Source  *source,
                guint32  n)
{
  guint32 limit;
  guint32 value;

  g_assert (n > 0);

  if (source->rand != NULL)
    return g_rand_int_range (source->rand, 0, (gint32) n);

  /* Rejection sampling removes the modulo bias. */
  limit = G_MAXUINT32 - (G_MAXUINT32 % n);
  do
    {
      if (getrandom (&value, sizeof value, 0) != sizeof value)
        g_error ("the system's random number generator failed");
    }
  while (value >= limit);

  return value % n;
}

void
stroma_randomization_entry_free (StromaRandomizationEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->stratum);
  g_free (entry->arm);
  g_free (entry);
}

/**
 * stroma_randomization_generate:
 * @protocol: the protocol: arms with their ratios, strata and block sizes
 * @per_stratum: the least number of allocations each stratum's list holds
 * @seed: (nullable) (array fixed-size=4): a seed for synthetic trials only; %NULL uses the
 *   system's cryptographic generator
 * @error: a #GError
 *
 * Returns: (transfer container) (element-type StromaRandomizationEntry): the list, stratum by
 *   stratum in sequence order.
 */
GPtrArray *
stroma_randomization_generate (const StromaProtocol *protocol,
                               guint                 per_stratum,
                               const guint32        *seed,
                               GError              **error)
{
  g_autoptr(GPtrArray) list = NULL;
  g_auto(GStrv) default_strata = NULL;
  const char * const *strata;
  Source source = { NULL };
  double ratio_sum = 0;

  g_return_val_if_fail (protocol != NULL, NULL);

  if (protocol->arms->len < 2 || protocol->block_sizes == NULL || protocol->block_sizes->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The protocol “%s” does not randomize between arms."), protocol->id);
      return NULL;
    }

  for (guint i = 0; i < protocol->arms->len; i++)
    ratio_sum += ((StromaArm *)protocol->arms->pdata[i])->ratio;

  if (protocol->strata != NULL && protocol->strata[0] != NULL)
    strata = (const char * const *)protocol->strata;
  else
    {
      default_strata = g_strsplit ("all", ",", -1);
      strata = (const char * const *)default_strata;
    }

  if (seed != NULL)
    source.rand = g_rand_new_with_seed_array (seed, 4);

  list = g_ptr_array_new_with_free_func ((GDestroyNotify) stroma_randomization_entry_free);

  for (guint s = 0; strata[s] != NULL; s++)
    {
      guint sequence = 0;
      guint block = 0;

      while (sequence < per_stratum)
        {
          guint size = g_array_index (protocol->block_sizes, guint,
                                      source_uniform (&source, protocol->block_sizes->len));
          g_autoptr(GPtrArray) arms = g_ptr_array_new ();

          block++;
          for (guint a = 0; a < protocol->arms->len; a++)
            {
              StromaArm *arm = protocol->arms->pdata[a];
              guint n = (guint) (size * arm->ratio / ratio_sum + 0.5);

              for (guint k = 0; k < n; k++)
                g_ptr_array_add (arms, arm->id);
            }

          /* Fisher–Yates */
          for (guint i = arms->len - 1; i > 0; i--)
            {
              guint j = source_uniform (&source, i + 1);
              gpointer tmp = arms->pdata[i];
              arms->pdata[i] = arms->pdata[j];
              arms->pdata[j] = tmp;
            }

          for (guint i = 0; i < arms->len; i++)
            {
              StromaRandomizationEntry *e = g_new0 (StromaRandomizationEntry, 1);

              e->stratum = g_strdup (strata[s]);
              e->sequence = ++sequence;
              e->block = block;
              e->arm = g_strdup (arms->pdata[i]);
              g_ptr_array_add (list, e);
            }
        }
    }

  g_clear_pointer (&source.rand, g_rand_free);

  return g_steal_pointer (&list);
}
