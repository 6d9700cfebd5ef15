/* stroma-cli.c — headless sub-commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every sub-command works on a trial file without a display, through the same core, store and
 * io code the window uses. Exit status: 0 success, 1 the check or validation found problems,
 * 2 bad usage or input.
 */

#define G_LOG_DOMAIN "stroma-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>

#include "stroma-cli-private.h"
#include "stroma-cli.h"

typedef int (*CommandFunc) (int argc, char **argv);

typedef struct
{
  const char  *name;
  CommandFunc  func;
  const char  *summary;
} Command;

static int cmd_help (int argc, char **argv);

static const Command commands[] = {
  /* Translators: summaries of the sub-commands in `stroma help` */
  { "demo", stroma_cli_demo, N_("Write a synthetic demo trial") },
  { "check", stroma_cli_check, N_("Check a trial file: integrity, audit trail, protocol") },
  { "protocol", stroma_cli_protocol, N_("Validate a protocol file (protocol validate FILE)") },
  { "backup", stroma_cli_backup, N_("Make a checked backup of a trial file, or list them") },
  { "restore", stroma_cli_restore, N_("Restore a trial file from a checked backup") },
  { "endpoints", stroma_cli_endpoints, N_("Every subject’s endpoints with their evidence") },
  { "stats", stroma_cli_stats, N_("Response rates, survival and the sample-size check by arm") },
  { "chart", stroma_cli_chart, N_("Draw a subject’s chart as a PNG, SVG or PDF file") },
  { "agenda", stroma_cli_agenda, N_("Infusions overdue and due this week; --ics for a calendar") },
  { "export", stroma_cli_export, N_("Write the sponsor workbook (.xlsx) and log the export") },
  { "help", cmd_help, N_("List the sub-commands") },
};

gboolean
stroma_cli_is_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, name) == 0)
      return TRUE;

  return FALSE;
}

void
stroma_cli_print_error (const char *command,
                        GError     *error)
{
  g_printerr ("stroma %s: %s\n", command, error->message);
}

/* A date as the commands take it: YYYY-MM-DD, and a real day. */
gboolean
stroma_cli_valid_date (const char *text)
{
  GDate d;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  g_date_clear (&d, 1);
  g_date_set_parse (&d, text);
  return g_date_valid (&d);
}

/* One CSV field (RFC 4180): quoted when it holds a separator, a quote or a line break. */
void
stroma_cli_csv_field (GString    *out,
                      const char *text,
                      gboolean    last)
{
  if (text == NULL)
    text = "";

  if (strpbrk (text, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);

  g_string_append (out, last ? "\n" : ",");
}

GOptionContext *
stroma_cli_option_context (const char         *parameters,
                           const char         *summary,
                           const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameters);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

int
stroma_cli_usage_error (GOptionContext *context,
                        const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("%s\n\n%s", message, help);
  return STROMA_EXIT_USAGE;
}

static int
cmd_help (int    argc,
          char **argv)
{
  g_print (_("Usage: stroma [TRIAL-FILE]            open the window\n"
             "       stroma COMMAND [OPTION…] …     run a command without a display\n\n"
             "Commands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %-10s %s\n", commands[i].name, _(commands[i].summary));
  g_print (_("\n“stroma COMMAND --help” describes each command.\n"));
  return 0;
}

int
stroma_cli_run (int    argc,
                char **argv)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (commands[i].name, argv[1]) == 0)
      return commands[i].func (argc, argv);

  return cmd_help (argc, argv);
}
