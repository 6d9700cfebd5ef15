/* test-agenda-cli.c — `stroma agenda`, and its iCalendar file read back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include "io/stroma-agenda-export.h"
#include "stroma-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_stroma (Run        *run,
            const char *first,
            ...)
{
  g_autofree char *binary = g_build_filename (g_getenv ("STROMA_BUILDDIR"), "app", "stroma", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;
  va_list ap;

  g_ptr_array_add (argv, binary);
  g_ptr_array_add (argv, (gpointer) first);
  va_start (ap, first);
  for (const char *a = va_arg (ap, const char *); a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &run->out, &run->err, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
  g_test_message ("exit %d\nstdout: %s\nstderr: %s", run->status, run->out, run->err);
}

static void
save (StromaStore *store,
      gpointer     record)
{
  static const StromaEditContext context = { "tester", "test set-up" };
  g_autoptr(GError) error = NULL;

  g_assert_true (stroma_store_save (store, &context, record, &error));
  g_assert_no_error (error);
}

/* Two subjects on the product: PGF-001 started on 03-02 and had dose 1 on time; PGF-002 started
 * on 02-01 and had nothing, so its doses are overdue. PGF-003 is in the control arm. */
static char *
make_trial (void)
{
  static const struct { const char *code, *initials, *arm, *start; } subjects[] = {
    { "PGF-001", "ZWL", "msc", "2026-03-02" },
    { "PGF-002", "QXY", "msc", "2026-02-01" },
    { "PGF-003", "MNB", "control", "2026-03-02" },
  };
  char *path = NULL;
  g_autoptr(StromaStore) store = stroma_test_create_trial ("msc-pgf", &path);

  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      g_autoptr(StromaSubject) s = stroma_test_add_subject (store, subjects[i].code);
      g_autoptr(StromaAllocation) a = stroma_record_new (STROMA_RECORD_ALLOCATION);

      g_free (s->initials);
      s->initials = g_strdup (subjects[i].initials);
      s->treatment_start = g_strdup (subjects[i].start);
      s->weight_kg = 60;
      save (store, s);

      a->parent.subject_id = s->parent.id;
      a->stratum = g_strdup ("haplo");
      a->sequence = i + 1;
      a->arm = g_strdup (subjects[i].arm);
      a->allocated_at = g_strdup ("2026-01-20T08:00:00.000Z");
      a->allocated_by = g_strdup ("tester");
      save (store, a);

      if (i == 0)
        {
          g_autoptr(StromaInfusion) inf = stroma_record_new (STROMA_RECORD_INFUSION);

          inf->parent.subject_id = s->parent.id;
          inf->number = 1;
          inf->planned_date = g_strdup ("2026-03-02");
          inf->given_at = g_strdup ("2026-03-02T02:00:00Z");
          inf->status = g_strdup ("given");
          inf->total_cells = 6.0e7;
          inf->weight_kg = 60;
          save (store, inf);
        }
    }

  return path;
}

/* Unfolds RFC 5545 content lines, checking CRLF and the 75-octet limit on the way. */
static GPtrArray *
unfold (const char *text)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) raw = NULL;
  gsize len = strlen (text);

  g_assert_true (len >= 2);
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  raw = g_strsplit (text, "\r\n", -1);

  for (guint i = 0; raw[i] != NULL; i++)
    {
      const char *line = raw[i];

      if (raw[i + 1] == NULL)
        {
          g_assert_cmpstr (line, ==, "");   /* after the last CRLF */
          break;
        }
      g_assert_null (strchr (line, '\n'));  /* no bare LF */
      g_assert_null (strchr (line, '\r'));  /* no bare CR */
      g_assert_cmpuint (strlen (line), <=, 75);
      g_assert_true (g_utf8_validate (line, -1, NULL));   /* never folded inside a character */

      if (line[0] == ' ')
        {
          char *prev;

          g_assert_cmpuint (lines->len, >, 0);
          prev = lines->pdata[lines->len - 1];
          lines->pdata[lines->len - 1] = g_strconcat (prev, line + 1, NULL);
          g_free (prev);
        }
      else
        g_ptr_array_add (lines, g_strdup (line));
    }

  return g_steal_pointer (&lines);
}

typedef struct
{
  char *uid, *dtstart, *summary, *description;
} Event;

static void
event_free (Event *e)
{
  g_free (e->uid);
  g_free (e->dtstart);
  g_free (e->summary);
  g_free (e->description);
  g_free (e);
}

static GPtrArray *
parse_events (GPtrArray *lines)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) event_free);
  Event *current = NULL;
  int depth = 0;

  g_assert_cmpstr (lines->pdata[0], ==, "BEGIN:VCALENDAR");
  g_assert_cmpstr (lines->pdata[lines->len - 1], ==, "END:VCALENDAR");

  for (guint i = 0; i < lines->len; i++)
    {
      const char *line = lines->pdata[i];
      const char *colon = strchr (line, ':');

      g_assert_nonnull (colon);   /* every content line is NAME[;PARAMS]:VALUE */
      if (g_str_has_prefix (line, "BEGIN:"))
        depth++;
      if (g_str_has_prefix (line, "END:"))
        depth--;

      if (g_str_equal (line, "BEGIN:VEVENT"))
        {
          g_assert_null (current);
          current = g_new0 (Event, 1);
        }
      else if (g_str_equal (line, "END:VEVENT"))
        {
          g_assert_nonnull (current);
          g_assert_nonnull (current->uid);
          g_assert_nonnull (current->dtstart);
          g_assert_nonnull (current->summary);
          g_ptr_array_add (events, current);
          current = NULL;
        }
      else if (current != NULL && g_str_has_prefix (line, "UID:"))
        current->uid = g_strdup (colon + 1);
      else if (current != NULL && g_str_has_prefix (line, "DTSTART"))
        {
          g_assert_true (g_str_has_prefix (line, "DTSTART;VALUE=DATE:"));
          current->dtstart = g_strdup (colon + 1);
          g_assert_cmpuint (strlen (current->dtstart), ==, 8);
        }
      else if (current != NULL && g_str_has_prefix (line, "DTSTAMP:"))
        g_assert_true (g_str_has_suffix (line, "Z"));
      else if (current != NULL && g_str_has_prefix (line, "SUMMARY:"))
        current->summary = g_strdup (colon + 1);
      else if (current != NULL && g_str_has_prefix (line, "DESCRIPTION:"))
        current->description = g_strdup (colon + 1);
    }

  g_assert_cmpint (depth, ==, 0);
  return g_steal_pointer (&events);
}

static const Event *
find_event (GPtrArray  *events,
            const char *uid)
{
  for (guint i = 0; i < events->len; i++)
    if (g_str_equal (((Event *) events->pdata[i])->uid, uid))
      return events->pdata[i];
  return NULL;
}

static gboolean
has_token (const char *text,
           const char *token)
{
  gsize n = strlen (token);

  for (const char *p = strstr (text, token); p != NULL; p = strstr (p + 1, token))
    if ((p == text || !g_ascii_isalpha (p[-1])) && !g_ascii_isalpha (p[n]))
      return TRUE;
  return FALSE;
}

static void
test_text_and_csv (void)
{
  g_autofree char *path = make_trial ();
  g_auto(Run) text = { 0 };
  g_auto(Run) csv = { 0 };
  g_auto(GStrv) rows = NULL;

  run_stroma (&text, "agenda", path, "--as-of", "2026-03-10", "--time-zone", "Asia/Shanghai",
              NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "PGF-001"));
  g_assert_nonnull (strstr (text.out, "infusion 2 of 4"));
  g_assert_nonnull (strstr (text.out, "2026-03-09"));
  g_assert_null (strstr (text.out, "PGF-003"));   /* control arm: no product */
  g_assert_null (strstr (text.out, "ZWL"));

  run_stroma (&csv, "agenda", path, "--as-of", "2026-03-10", "--format", "csv", NULL);
  g_assert_cmpint (csv.status, ==, 0);
  rows = g_strsplit (csv.out, "\n", -1);
  g_assert_true (g_str_has_prefix (rows[0], "subject,dose,of,dose_level,due_date"));
  g_assert_nonnull (strstr (csv.out, "PGF-001,2,4,,2026-03-09,2026-03-08,2026-03-11,due,"));
  g_assert_nonnull (strstr (csv.out, "PGF-002,1,4,,2026-02-01,2026-01-31,2026-02-03,overdue,"));
  stroma_test_remove_trial (path);
}

static void
test_ics (void)
{
  g_autofree char *path = make_trial ();
  g_autofree char *ics = stroma_test_temp_path ("agenda.ics");
  g_autofree char *ics2 = stroma_test_temp_path ("agenda2.ics");
  g_autofree char *contents = NULL;
  g_autofree char *contents2 = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) events2 = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  const Event *e;

  run_stroma (&run, "agenda", path, "--as-of", "2026-03-10", "--from", "2026-03-10", "--to",
              "2026-03-16", "--ics", ics, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_file_get_contents (ics, &contents, NULL, NULL));

  lines = unfold (contents);
  events = parse_events (lines);
  g_assert_true (g_ptr_array_find_with_equal_func (lines, "VERSION:2.0", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (lines, "METHOD:PUBLISH", g_str_equal, NULL));

  /* PGF-001: dose 2 due 03-09, dose 3 planned 03-16 (window 03-15…03-18 meets the range) */
  e = find_event (events, "msc-pgf.PGF-001.dose-2@stroma");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->dtstart, ==, "20260309");
  g_assert_cmpstr (e->summary, ==, "PGF-001 UC-MSC infusion 2 of 4");
  g_assert_nonnull (strstr (e->description, "window 2026-03-08 to 2026-03-11"));
  g_assert_nonnull (strstr (e->description, "\\;"));   /* escaped TEXT */
  e = find_event (events, "msc-pgf.PGF-001.dose-3@stroma");
  g_assert_nonnull (e);
  g_assert_cmpstr (e->dtstart, ==, "20260316");
  g_assert_null (find_event (events, "msc-pgf.PGF-001.dose-1@stroma"));   /* given */
  g_assert_null (find_event (events, "msc-pgf.PGF-001.dose-4@stroma"));   /* after the range */

  /* PGF-002: overdue doses are in the file, marked so */
  e = find_event (events, "msc-pgf.PGF-002.dose-1@stroma");
  g_assert_nonnull (e);
  g_assert_true (g_str_has_prefix (e->summary, "Overdue: PGF-002"));

  /* De-identified: no initials anywhere in the file */
  g_assert_false (has_token (contents, "ZWL"));
  g_assert_false (has_token (contents, "QXY"));
  g_assert_false (has_token (contents, "MNB"));
  g_assert_null (strstr (contents, "1980-05-17"));   /* birth date */

  /* UIDs are unique, and the same when the file is written again */
  for (guint i = 0; i < events->len; i++)
    for (guint k = i + 1; k < events->len; k++)
      g_assert_cmpstr (((Event *) events->pdata[i])->uid, !=, ((Event *) events->pdata[k])->uid);

  run_stroma (&again, "agenda", path, "--as-of", "2026-03-10", "--from", "2026-03-10", "--to",
              "2026-03-16", "--ics", ics2, NULL);
  g_assert_true (g_file_get_contents (ics2, &contents2, NULL, NULL));
  {
    g_autoptr(GPtrArray) lines2 = unfold (contents2);
    events2 = parse_events (lines2);
  }
  g_assert_cmpuint (events2->len, ==, events->len);
  for (guint i = 0; i < events->len; i++)
    g_assert_nonnull (find_event (events2, ((Event *) events->pdata[i])->uid));

  stroma_test_remove_trial (path);
}

static void
test_folding (void)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GPtrArray) lines = NULL;

  /* 3-octet characters across the fold: never split */
  for (guint i = 0; i < 60; i++)
    g_string_append (long_text, "×10⁷;");
  stroma_ics_append_line (out, "BEGIN:VCALENDAR");
  stroma_ics_append_text (out, "DESCRIPTION", long_text->str);
  stroma_ics_append_line (out, "END:VCALENDAR");

  lines = unfold (out->str);
  g_assert_cmpuint (lines->len, ==, 3);
  g_assert_true (g_str_has_prefix (lines->pdata[1], "DESCRIPTION:×10⁷\\;"));
  g_assert_cmpuint (strlen (lines->pdata[1]), ==, strlen ("DESCRIPTION:") +
                    long_text->len + 60 /* escaped ; */);

  /* exactly 75 octets: not folded */
  g_string_truncate (out, 0);
  stroma_ics_append_line (out, "X-A:12345678901234567890123456789012345678901234567890123456789012345678901");
  g_assert_cmpuint (strlen (out->str), ==, 77);
}

static void
test_bad_usage (void)
{
  g_autofree char *path = make_trial ();
  g_auto(Run) bad_date = { 0 };
  g_auto(Run) bad_range = { 0 };
  g_auto(Run) bad_format = { 0 };
  g_auto(Run) no_file = { 0 };

  run_stroma (&bad_date, "agenda", path, "--as-of", "10/03/2026", NULL);
  g_assert_cmpint (bad_date.status, ==, 2);
  g_assert_nonnull (strstr (bad_date.err, "YYYY-MM-DD"));

  run_stroma (&bad_range, "agenda", path, "--from", "2026-03-10", "--to", "2026-03-01", NULL);
  g_assert_cmpint (bad_range.status, ==, 2);
  g_assert_nonnull (strstr (bad_range.err, "ends before it starts"));

  run_stroma (&bad_format, "agenda", path, "--format", "xml", NULL);
  g_assert_cmpint (bad_format.status, ==, 2);

  run_stroma (&no_file, "agenda", "/nonexistent/trial.db", NULL);
  g_assert_cmpint (no_file.status, ==, 2);
  stroma_test_remove_trial (path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agenda-cli/text-and-csv", test_text_and_csv);
  g_test_add_func ("/agenda-cli/ics", test_ics);
  g_test_add_func ("/agenda-cli/folding", test_folding);
  g_test_add_func ("/agenda-cli/bad-usage", test_bad_usage);

  return g_test_run ();
}
