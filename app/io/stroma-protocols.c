/* stroma-protocols.c — finding protocol files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The protocols shipped in data/protocols/ are compiled into the resource bundle, so a bare
 * name ("msc-pgf") always resolves; any other protocol is a file path. Either way the same
 * validating loader reads it.
 */

#define G_LOG_DOMAIN "stroma-protocols"

#include "config.h"

#include <string.h>
#include <gio/gio.h>
#include <glib/gi18n.h>

#include "stroma-protocols.h"

#define PROTOCOLS_PATH RESOURCE_BASE_PATH "/protocols/"

/**
 * stroma_protocols_load:
 * @name_or_path: a built-in protocol's id, or a protocol file
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the validated protocol.
 */
StromaProtocol *
stroma_protocols_load (const char  *name_or_path,
                       GError     **error)
{
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (name_or_path != NULL, NULL);

  if (g_file_test (name_or_path, G_FILE_TEST_EXISTS))
    return stroma_protocol_load_file (name_or_path, error);

  resource = g_strconcat (PROTOCOLS_PATH, name_or_path, ".json", NULL);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_auto(GStrv) builtin = stroma_protocols_list_builtin ();
      g_autofree char *names = g_strjoinv (", ", builtin);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("There is no protocol “%s”: name a protocol file, or one of: %s."),
                   name_or_path, names);
      return NULL;
    }

  return stroma_protocol_load_data (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                    error);
}

/**
 * stroma_protocols_list_builtin:
 *
 * Returns: (transfer full): the ids of the protocols shipped with Stroma.
 */
GStrv
stroma_protocols_list_builtin (void)
{
  g_auto(GStrv) children = g_resources_enumerate_children (PROTOCOLS_PATH,
                                                           G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; children != NULL && children[i] != NULL; i++)
    if (g_str_has_suffix (children[i], ".json"))
      {
        g_autofree char *id = g_strndup (children[i], strlen (children[i]) - 5);
        g_strv_builder_add (builder, id);
      }

  return g_strv_builder_end (builder);
}
