/* test-records.c — record field tables
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "core/stroma-records.h"

static void
test_new_is_unset (void)
{
  for (guint k = 0; k < STROMA_N_RECORD_KINDS; k++)
    {
      const StromaRecordInfo *info = stroma_record_info (k);
      StromaRecord *r = stroma_record_new (k);

      g_assert_cmpint (r->kind, ==, (int) k);
      g_assert_cmpint (r->id, ==, 0);
      for (guint i = 0; i < info->n_fields; i++)
        if (info->fields[i].type != STROMA_FIELD_BOOL)
          g_assert_false (stroma_record_field_is_set (r, &info->fields[i]));
      stroma_record_free (r);
    }
}

static void
test_tables_unique (void)
{
  for (guint a = 0; a < STROMA_N_RECORD_KINDS; a++)
    {
      const StromaRecordInfo *info = stroma_record_info (a);

      g_assert_true (stroma_record_info_find (info->table) == info);
      g_assert_cmpuint (info->size, >, sizeof (StromaRecord));
      for (guint i = 0; i < info->n_fields; i++)
        {
          g_assert_cmpuint (info->fields[i].offset, >=, sizeof (StromaRecord));
          g_assert_cmpuint (info->fields[i].offset, <, info->size);
          for (guint j = i + 1; j < info->n_fields; j++)
            g_assert_cmpstr (info->fields[i].name, !=, info->fields[j].name);
        }
    }
  g_assert_null (stroma_record_info_find ("audit_log"));
}

static void
test_copy_is_deep (void)
{
  g_autoptr(StromaLabResult) lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);
  g_autoptr(StromaLabResult) copy = NULL;

  lab->test_code = g_strdup ("NEUT");
  lab->stresn = 0.42;
  copy = stroma_record_copy (lab);

  g_assert_cmpstr (copy->test_code, ==, "NEUT");
  g_assert_true (copy->test_code != lab->test_code);
  g_assert_cmpfloat (copy->stresn, ==, 0.42);
  g_assert_true (stroma_record_field_is_set (copy, &stroma_record_info (STROMA_RECORD_LAB_RESULT)->fields[4]));
  g_assert_true (isnan (copy->lln));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/records/new-is-unset", test_new_is_unset);
  g_test_add_func ("/records/tables-unique", test_tables_unique);
  g_test_add_func ("/records/copy-is-deep", test_copy_is_deep);

  return g_test_run ();
}
