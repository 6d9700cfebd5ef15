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

/* The fast date reader agrees with GDate on every day of four centuries. */
static void
test_julian_matches_gdate (void)
{
  GDate date;
  guint32 julian;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1899);
  for (guint i = 0; i < 400 * 366; i++)
    {
      char iso[16];

      g_snprintf (iso, sizeof iso, "%04u-%02u-%02u", g_date_get_year (&date),
                  g_date_get_month (&date), g_date_get_day (&date));
      g_assert_true (stroma_date_to_julian (iso, &julian));
      g_assert_cmpuint (julian, ==, g_date_get_julian (&date));
      g_date_add_days (&date, 1);
    }

  g_assert_true (stroma_date_to_julian ("2024-03-12T02:18:00Z", &julian));
  g_assert_true (stroma_date_to_julian ("0001-01-01", &julian));
  g_assert_cmpuint (julian, ==, 1);

  g_assert_false (stroma_date_to_julian (NULL, &julian));
  g_assert_false (stroma_date_to_julian ("2023-02-29", &julian));
  g_assert_false (stroma_date_to_julian ("2024-13-01", &julian));
  g_assert_false (stroma_date_to_julian ("2024-3-12", &julian));
  g_assert_false (stroma_date_to_julian ("2024-03-12x", &julian));
  g_assert_false (stroma_date_to_julian ("12/03/2024", &julian));
}

static void
test_study_day (void)
{
  static const struct { const char *date; gint day; } cases[] = {
    { "2024-03-05", -7 },
    { "2024-03-11", -1 },
    { "2024-03-12", 0 },           /* day 0 exists: no day −0, nothing skipped */
    { "2024-03-13", 1 },
    { "2024-03-13T23:59:00Z", 1 },
    { "2024-04-11", 30 },
    { "2025-03-12", 365 },
  };
  gint day;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_true (stroma_study_day (cases[i].date, "2024-03-12", &day));
      g_assert_cmpint (day, ==, cases[i].day);
    }

  /* across a leap day */
  g_assert_true (stroma_study_day ("2024-03-01", "2024-02-28", &day));
  g_assert_cmpint (day, ==, 2);

  g_assert_false (stroma_study_day ("2024-03-12", NULL, &day));
  g_assert_false (stroma_study_day (NULL, "2024-03-12", &day));
}

static void
test_age (void)
{
  gint years;

  g_assert_true (stroma_age_in_years ("1980-05-17", "2024-05-16", &years));
  g_assert_cmpint (years, ==, 43);
  g_assert_true (stroma_age_in_years ("1980-05-17", "2024-05-17", &years));
  g_assert_cmpint (years, ==, 44);
  g_assert_true (stroma_age_in_years ("2000-02-29", "2023-02-28", &years));
  g_assert_cmpint (years, ==, 22);
  g_assert_true (stroma_age_in_years ("2000-02-29", "2023-03-01", &years));
  g_assert_cmpint (years, ==, 23);
  g_assert_false (stroma_age_in_years ("2024-05-17", "2024-05-16", &years));
  g_assert_false (stroma_age_in_years (NULL, "2024-05-16", &years));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/records/new-is-unset", test_new_is_unset);
  g_test_add_func ("/records/tables-unique", test_tables_unique);
  g_test_add_func ("/records/copy-is-deep", test_copy_is_deep);
  g_test_add_func ("/records/julian-matches-gdate", test_julian_matches_gdate);
  g_test_add_func ("/records/study-day", test_study_day);
  g_test_add_func ("/records/age", test_age);

  return g_test_run ();
}
