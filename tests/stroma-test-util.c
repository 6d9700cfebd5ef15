/* stroma-test-util.c — fixtures shared by the tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdarg.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "stroma-test-util.h"

const StromaEditContext stroma_test_context = { "tester", NULL };

/* A path below the source tree's data/ folder. */
char *
stroma_test_data_path (const char *first,
                       ...)
{
  const char *datadir = g_getenv ("STROMA_SOURCE_DATADIR");
  g_autofree char *fallback = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list ap;

  if (datadir == NULL)
    datadir = fallback = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data", NULL);

  g_ptr_array_add (parts, (gpointer) datadir);
  g_ptr_array_add (parts, (gpointer) first);
  va_start (ap, first);
  for (const char *p = va_arg (ap, const char *); p != NULL; p = va_arg (ap, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (ap);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

StromaProtocol *
stroma_test_load_protocol (const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autofree char *path = stroma_test_data_path ("protocols", name, NULL);
  StromaProtocol *protocol = stroma_protocol_load_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (protocol);
  return protocol;
}

/* A fresh path in a private temporary folder; the folder lives until the process ends. */
char *
stroma_test_temp_path (const char *name)
{
  static char *dir = NULL;

  if (dir == NULL)
    {
      g_autoptr(GError) error = NULL;
      dir = g_dir_make_tmp ("stroma-test-XXXXXX", &error);
      g_assert_no_error (error);
    }

  return g_build_filename (dir, name, NULL);
}

StromaStore *
stroma_test_create_trial (const char  *protocol_id,
                          char       **path_out)
{
  static guint counter = 0;
  g_autoptr(StromaProtocol) protocol = stroma_test_load_protocol (protocol_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("trial-%u.db", ++counter);
  char *path = stroma_test_temp_path (name);
  StromaStore *store;

  store = stroma_store_create (path, protocol, &stroma_test_context, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);

  if (path_out != NULL)
    *path_out = path;
  else
    g_free (path);

  return store;
}

static StromaSubject *
add_subject (StromaStore             *store,
             const StromaEditContext *context,
             const char              *code)
{
  g_autoptr(GError) error = NULL;
  StromaSubject *subject = stroma_record_new (STROMA_RECORD_SUBJECT);

  subject->code = g_strdup (code);
  subject->initials = g_strdup ("ZWL");
  subject->sex = g_strdup ("F");
  subject->birth_date = g_strdup ("1980-05-17");
  subject->height_cm = 160;
  subject->weight_kg = 55.5;
  subject->kps = 80;
  subject->ecog = 1;
  subject->donor_type = g_strdup ("haplo");
  subject->status = g_strdup ("screening");
  subject->screening_date = g_strdup ("2025-03-01");

  g_assert_true (stroma_store_save (store, context, subject, &error));
  g_assert_no_error (error);
  g_assert_cmpint (subject->parent.id, >, 0);

  return subject;
}

StromaSubject *
stroma_test_add_subject (StromaStore *store,
                         const char  *code)
{
  return add_subject (store, &stroma_test_context, code);
}

/* A subject "PGF-1nn" entered by @user, for trials with accounts. */
StromaSubject *
stroma_test_add_subject_as (StromaStore *store,
                            const char  *user,
                            guint        number)
{
  StromaEditContext context = { user, NULL };
  g_autofree char *code = g_strdup_printf ("PGF-%03u", 100 + number);

  return add_subject (store, &context, code);
}

void
stroma_test_remove_trial (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_unlink (path);
  g_unlink (wal);
  g_unlink (shm);
}

/* The first column of the first row of @sql, read through a connection of its own. */
gint64
stroma_test_query (const char *path,
                   const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}
