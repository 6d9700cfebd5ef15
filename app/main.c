/* main.c — the one binary: the window, or a headless sub-command
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <gsl/gsl_errno.h>

#include "gui/stroma-application.h"
#include "stroma-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StromaApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* An uninstalled build reads its translations from the build tree (see .ci/demo). */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("STROMA_LOCALEDIR") ? g_getenv ("STROMA_LOCALEDIR")
                                                                 : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* GSL reports errors through return values here; its default handler would abort. */
  gsl_set_error_handler_off ();

  /* Sub-commands run without a display: they never touch GTK. */
  if (argc > 1 && stroma_cli_is_command (argv[1]))
    return stroma_cli_run (argc, argv);

  app = stroma_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
