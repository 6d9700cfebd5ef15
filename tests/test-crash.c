/* test-crash.c — durability under SIGKILL (RELIABILITY DU-1)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A child process saves lab results (and now and then corrects one, with a reason) in a loop,
 * telling the parent through a pipe after each save returns. The parent kills it with SIGKILL
 * at a random moment, then opens the file as Stroma would and checks: the file is intact, no
 * acknowledged save is lost, every record has its audit row and every value agrees with its
 * audit trail, and the hash chain is whole. STROMA_CRASH_ROUNDS sets the number of kills.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "stroma-test-util.h"

G_NORETURN static void
writer (const char *path,
        gint64      subject_id,
        int         fd)
{
  g_autoptr(GError) error = NULL;
  StromaStore *store = stroma_store_open (path, 0, &error);
  StromaEditContext entry = { "writer", NULL };
  StromaEditContext correction = { "writer", "corrected against the laboratory report" };
  StromaLabResult *previous = NULL;

  if (store == NULL)
    _exit (3);

  for (guint64 i = (guint64) g_get_real_time (); ; i++)
    {
      StromaLabResult *lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);
      guint64 ack;

      lab->parent.subject_id = subject_id;
      lab->collected_on = g_strdup ("2025-03-05");
      lab->test_code = g_strdup ("PLAT");
      lab->orres = g_strdup_printf ("%" G_GUINT64_FORMAT, i);
      lab->stresn = (double) (i % 1000);
      lab->stresu = g_strdup ("10^9/L");
      lab->source = g_strdup ("entry");

      if (!stroma_store_save (store, &entry, lab, NULL))
        _exit (4);
      ack = (guint64) lab->parent.id;
      if (write (fd, &ack, sizeof ack) != sizeof ack)
        _exit (5);

      if (previous != NULL && i % 3 == 0)
        {
          previous->stresn += 1;
          if (!stroma_store_save (store, &correction, previous, NULL))
            _exit (6);
        }

      stroma_record_free (previous);
      previous = lab;
    }
}

static void
test_sigkill (void)
{
  g_autofree char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);
  g_autoptr(StromaSubject) subject = stroma_test_add_subject (store, "PGF-001");
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  const char *rounds_env = g_getenv ("STROMA_CRASH_ROUNDS");
  guint rounds = rounds_env ? (guint) g_ascii_strtoull (rounds_env, NULL, 10) : 200;
  guint killed_mid_run = 0;
  guint first_acks = 0;
  gint64 subject_id = subject->parent.id;

  g_clear_pointer (&store, stroma_store_close);

  for (guint round = 0; round < rounds; round++)
    {
      int fds[2];
      pid_t pid;
      int status;
      guint64 ack;
      ssize_t n;

      g_assert_cmpint (pipe (fds), ==, 0);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          close (fds[0]);
          writer (path, subject_id, fds[1]);
        }
      close (fds[1]);

      /* Mostly while it writes (after its first save), sometimes while it opens the file. */
      if (g_random_int_range (0, 5) > 0)
        {
          g_assert_cmpint (read (fds[0], &ack, sizeof ack), ==, sizeof ack);
          first_acks++;
          {
            gint64 *id = g_new (gint64, 1);
            *id = (gint64) ack;
            g_hash_table_add (acked, id);
            g_array_append_val (ids, *id);
          }
          g_usleep (g_random_int_range (0, 30000));
        }
      else
        g_usleep (g_random_int_range (0, 10000));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      if (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL)
        killed_mid_run++;
      else
        g_assert_true (WIFSIGNALED (status));   /* the writer never stops by itself */

      /* Everything the child acknowledged before it died. */
      while ((n = read (fds[0], &ack, sizeof ack)) == sizeof ack)
        {
          gint64 *id = g_new (gint64, 1);
          *id = (gint64) ack;
          g_hash_table_add (acked, id);
          g_array_append_val (ids, *id);
        }
      close (fds[0]);

      /* Open as the application would, then check everything. */
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(StromaStore) reopened = stroma_store_open (path, 0, &error);
        g_autoptr(GString) report = g_string_new (NULL);
        g_autoptr(StromaSubjectRecord) record = NULL;
        g_autoptr(GHashTable) present = g_hash_table_new (g_int64_hash, g_int64_equal);
        gboolean ok;

        g_assert_no_error (error);
        g_assert_nonnull (reopened);

        ok = stroma_store_check (reopened, report);
        if (!ok)
          g_test_message ("round %u:\n%s", round, report->str);
        g_assert_true (ok);

        record = stroma_store_load_subject_record (reopened, subject_id, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < record->labs->len; i++)
          g_hash_table_add (present, &((StromaRecord *) record->labs->pdata[i])->id);
        for (guint i = 0; i < ids->len; i++)
          g_assert_true (g_hash_table_contains (present, &g_array_index (ids, gint64, i)));
      }

      g_assert_cmpint (stroma_test_query (path, "SELECT count(*) FROM lab_results"), ==,
                       stroma_test_query (path, "SELECT count(*) FROM audit_log WHERE table_name = "
                                    "'lab_results' AND action = 'insert'"));
    }

  g_test_message ("%u kills, %u acknowledged saves, %" G_GINT64_FORMAT " lab rows, %"
                  G_GINT64_FORMAT " audit rows", rounds, g_hash_table_size (acked),
                  stroma_test_query (path, "SELECT count(*) FROM lab_results"),
                  stroma_test_query (path, "SELECT count(*) FROM audit_log"));
  g_print ("# crash test: %u SIGKILLs, %u acknowledged saves, all present; %" G_GINT64_FORMAT
           " lab rows, %" G_GINT64_FORMAT " audit rows; 0 integrity or audit failures\n",
           rounds, g_hash_table_size (acked), stroma_test_query (path, "SELECT count(*) FROM lab_results"),
           stroma_test_query (path, "SELECT count(*) FROM audit_log"));

  g_assert_cmpuint (killed_mid_run, ==, rounds);
  /* Most kills landed while the writer was saving. */
  g_assert_cmpuint (first_acks, >, rounds / 2);
  g_assert_cmpuint (g_hash_table_size (acked), >=, first_acks);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crash/sigkill", test_sigkill);

  return g_test_run ();
}
