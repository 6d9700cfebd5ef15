/* stroma-cli-trial.c — demo, check, protocol validate
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "core/stroma-protocol.h"
#include "io/stroma-demo.h"
#include "io/stroma-protocols.h"
#include "store/stroma-store.h"
#include "stroma-cli-private.h"

int
stroma_cli_demo (int    argc,
          char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaProtocol) protocol = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autofree char *protocol_name = NULL;
  g_autofree char *data_cut = NULL;
  StromaDemoOptions options = { 0 };
  gint subjects = -1;
  gint64 seed = 1;
  gboolean quiet = FALSE;
  GOptionEntry entries[] = {
    { "protocol", 'p', 0, G_OPTION_ARG_STRING, &protocol_name,
      N_("Protocol: msc-pgf (default), msc-crc, or a protocol file"), N_("NAME") },
    { "subjects", 'n', 0, G_OPTION_ARG_INT, &subjects,
      N_("Number of subjects (default: the protocol’s target)"), N_("N") },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed,
      N_("Seed: the same seed writes the same trial (default 1)"), N_("S") },
    { "data-cut", 0, 0, G_OPTION_ARG_STRING, &data_cut,
      N_("The date the data run up to (default 2026-10-31); the same seed and "
         "date write the same trial"), N_("YYYY-MM-DD") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print nothing but errors"), NULL },
    { NULL }
  };

  context = stroma_cli_option_context (_("demo FILE"),
                            _("Writes a synthetic trial — clearly labelled as synthetic — "
                              "through the same store the application uses."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 3)
    return stroma_cli_usage_error (context, _("Name one trial file to write."));

  protocol = stroma_protocols_load (protocol_name ? protocol_name : "msc-pgf", &error);
  if (protocol == NULL)
    {
      stroma_cli_print_error ("demo", error);
      return STROMA_EXIT_USAGE;
    }

  if (subjects == 0 || subjects > 100000)
    return stroma_cli_usage_error (context, _("--subjects must be between 1 and 100000."));

  options.n_subjects = subjects > 0 ? (guint) subjects : 0;
  options.seed = (guint64) seed;
  options.data_cut = data_cut;
  options.progress = quiet ? NULL : stroma_demo_print_progress;

  store = stroma_demo_write (argv[2], protocol, &options, &error);
  if (store == NULL)
    {
      stroma_cli_print_error ("demo", error);
      return STROMA_EXIT_USAGE;
    }

  if (!quiet)
    {
      g_autoptr(GPtrArray) allocations = stroma_store_list_allocations (store, NULL);
      g_autoptr(GHashTable) per_arm = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; allocations != NULL && i < allocations->len; i++)
        {
          StromaAllocation *a = allocations->pdata[i];
          g_hash_table_insert (per_arm, a->arm,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (per_arm, a->arm)) + 1));
        }

      g_print (_("Wrote %s: synthetic trial “%s”, %lld subjects"),
               argv[2], protocol->title, (long long) stroma_store_count (store, "subjects"));
      for (guint i = 0; i < protocol->arms->len; i++)
        {
          StromaArm *arm = protocol->arms->pdata[i];
          guint n = GPOINTER_TO_UINT (g_hash_table_lookup (per_arm, arm->id));
          if (n > 0)
            g_print (", %s %u", arm->id, n);
        }
      g_print (_(", %lld lab results, %lld audit rows\n"),
               (long long) stroma_store_count (store, "lab_results"),
               (long long) stroma_store_count (store, "audit_log"));
    }

  return STROMA_EXIT_OK;
}

int
stroma_cli_check (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(GString) report = g_string_new (NULL);
  gboolean ok;

  context = stroma_cli_option_context (_("check FILE"),
                            _("Checks a trial file: integrity, foreign keys, audit triggers, "
                              "the audit hash chain, every value against its audit trail, and "
                              "the protocol. Exits 1 when anything is wrong."), NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 3)
    return stroma_cli_usage_error (context, _("Name one trial file to check."));

  store = stroma_store_open (argv[2], STROMA_STORE_OPEN_READ_ONLY, &error);
  if (store == NULL)
    {
      g_print ("FAIL %s\n", error->message);
      return STROMA_EXIT_PROBLEMS;
    }

  ok = stroma_store_check (store, report);
  g_print ("%s", report->str);
  g_print ("%s: %" G_GINT64_FORMAT " subjects, %" G_GINT64_FORMAT " audit rows — %s\n",
           argv[2], stroma_store_count (store, "subjects"), stroma_store_count (store, "audit_log"),
           ok ? _("all checks passed") : _("PROBLEMS FOUND"));

  return ok ? STROMA_EXIT_OK : STROMA_EXIT_PROBLEMS;
}

int
stroma_cli_protocol (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaProtocol) protocol = NULL;

  context = stroma_cli_option_context (_("validate FILE"),
                            _("Validates a protocol file and names the exact field of any "
                              "error."), NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 4 || g_strcmp0 (argv[2], "validate") != 0)
    return stroma_cli_usage_error (context, _("Usage: stroma protocol validate FILE"));

  protocol = stroma_protocol_load_file (argv[3], &error);
  if (protocol == NULL)
    {
      g_print ("FAIL %s: %s\n", argv[3], error->message);
      return STROMA_EXIT_PROBLEMS;
    }

  g_print (_("ok   %s: protocol %s version %s, %u arms, %u eligibility criteria, %u regimens\n"),
           argv[3], protocol->id, protocol->version, protocol->arms->len,
           protocol->criteria->len, protocol->regimens->len);
  return STROMA_EXIT_OK;
}


int
stroma_cli_backup (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaStore) store = NULL;
  g_autoptr(StromaBackupInfo) info = NULL;
  g_autofree char *to = NULL;
  gboolean list = FALSE;
  GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &to,
      N_("Write the copy here instead of the folder beside the trial"), N_("PATH") },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list, N_("List the trial’s backups instead"), NULL },
    { NULL }
  };

  context = stroma_cli_option_context (_("backup FILE"),
                                       _("Copies the trial with SQLite’s online backup API into "
                                         "FILE.backups/ (the newest ten are kept), checks the copy "
                                         "— integrity, audit chain and head — and writes its "
                                         "manifest."), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 3)
    return stroma_cli_usage_error (context, _("Name one trial file."));

  if (list)
    {
      g_autoptr(GPtrArray) backups = stroma_store_list_backups (argv[2]);

      for (guint i = 0; i < backups->len; i++)
        {
          StromaBackupInfo *b = backups->pdata[i];
          g_print ("%s  %s  %lld subjects  %lld audit rows  head %s\n", b->created_at, b->path,
                   (long long) b->subjects, (long long) b->audit_rows, b->audit_head);
        }
      if (backups->len == 0)
        g_print (_("%s has no backups.\n"), argv[2]);
      return STROMA_EXIT_OK;
    }

  store = stroma_store_open (argv[2], STROMA_STORE_OPEN_DEFAULT, &error);
  if (store == NULL || (info = stroma_store_backup (store, to, &error)) == NULL)
    {
      stroma_cli_print_error ("backup", error);
      return STROMA_EXIT_PROBLEMS;
    }

  g_print (_("Backed up to %s: %lld subjects, %lld audit rows, head %s, sha256 %s\n"),
           info->path, (long long) info->subjects, (long long) info->audit_rows,
           info->audit_head, info->sha256);
  return STROMA_EXIT_OK;
}

int
stroma_cli_restore (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *replaced = NULL;
  StromaEditContext edit;
  GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user, N_("Who restores (required)"), N_("NAME") },
    { "reason", 'r', 0, G_OPTION_ARG_STRING, &reason, N_("Why (required)"), N_("TEXT") },
    { NULL }
  };

  context = stroma_cli_option_context (_("restore BACKUP FILE"),
                                       _("Checks BACKUP against its manifest (SHA-256, integrity, "
                                         "audit chain), keeps FILE aside, puts the backup in its "
                                         "place, and records the restore in its audit trail."),
                                       entries);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return stroma_cli_usage_error (context, error->message);
  if (argc != 4)
    return stroma_cli_usage_error (context, _("Name a backup and the trial file to restore."));
  if (user == NULL || reason == NULL)
    return stroma_cli_usage_error (context, _("A restore needs --user and --reason."));

  edit.user = user;
  edit.reason = reason;
  if (!stroma_store_restore (argv[2], argv[3], &edit, &replaced, &error))
    {
      stroma_cli_print_error ("restore", error);
      return STROMA_EXIT_PROBLEMS;
    }

  if (replaced != NULL)
    g_print (_("Restored %s from %s; the replaced file is kept as %s\n"), argv[3], argv[2],
             replaced);
  else
    g_print (_("Restored %s from %s\n"), argv[3], argv[2]);
  return STROMA_EXIT_OK;
}
