/* test-validate.c — the rules of every form field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "core/stroma-validate.h"
#include "stroma-test-records.h"

#define OK (-1)

static void
test_initials (void)
{
  static const struct {
    const char *text;
    int         error;     /* OK or a StromaValidateError */
    const char *value;
    const char *in_message;
  } cases[] = {
    { "ZL", OK, "ZL", NULL },
    { "zlx", OK, "ZLX", NULL },
    { " z. l. ", OK, "ZL", NULL },
    { "A", OK, "A", NULL },
    { "", STROMA_VALIDATE_ERROR_EMPTY, NULL, "initials" },
    { "   ", STROMA_VALIDATE_ERROR_EMPTY, NULL, "initials" },
    { "Z1", STROMA_VALIDATE_ERROR_FORMAT, NULL, "“1”" },
    { "Z-L", STROMA_VALIDATE_ERROR_FORMAT, NULL, "“-”" },
    { "张三", STROMA_VALIDATE_ERROR_FORMAT, NULL, "A–Z" },
    { "ÉL", STROMA_VALIDATE_ERROR_FORMAT, NULL, "“É”" },
    { "ABCDE", STROMA_VALIDATE_ERROR_RANGE, NULL, "one to four" },
    { "..", STROMA_VALIDATE_ERROR_RANGE, NULL, "one to four" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;
      gboolean ok = stroma_validate_initials (cases[i].text, &value, &error);

      g_test_message ("“%s”", cases[i].text);
      if (cases[i].error == OK)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (value, ==, cases[i].value);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, STROMA_VALIDATE_ERROR, cases[i].error);
          g_assert_null (value);
          g_assert_nonnull (strstr (error->message, cases[i].in_message));
        }
    }
}

static void
test_subject_code (void)
{
  g_autoptr(StromaProtocol) pgf = stroma_test_shipped_protocol ("msc-pgf");
  static const struct {
    const char *text;
    const char *initials;
    int         error;
    const char *value;
  } cases[] = {
    { "PGF-007", "ZL", OK, "PGF-007" },
    { "pgf-069", "ZL", OK, "PGF-069" },
    { " PGF-100 ", NULL, OK, "PGF-100" },
    { "", "ZL", STROMA_VALIDATE_ERROR_EMPTY, NULL },
    { "PGF-7", "ZL", STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "PGF-0007", "ZL", STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "PGF-07A", "ZL", STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "CRC-007", "ZL", STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "007", "ZL", STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "PGF-000", "ZL", STROMA_VALIDATE_ERROR_RANGE, NULL },
    /* DI-2: a code never embeds the initials, in any case */
    { "PGF-ZL1", "ZL", STROMA_VALIDATE_ERROR_IDENTIFYING, NULL },
    { "PGF-zlx", "ZLX", STROMA_VALIDATE_ERROR_IDENTIFYING, NULL },
    { "ZL-007", "ZL", STROMA_VALIDATE_ERROR_IDENTIFYING, NULL },
    /* initials that happen to be letters of the prefix are not embedded by the number */
    { "PGF-012", "PG", OK, "PGF-012" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;
      gboolean ok = stroma_validate_subject_code (pgf, cases[i].text, cases[i].initials, &value,
                                                  &error);

      g_test_message ("“%s” / %s", cases[i].text, cases[i].initials);
      if (cases[i].error == OK)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (value, ==, cases[i].value);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, STROMA_VALIDATE_ERROR, cases[i].error);
          /* every message shows a code that would be accepted */
          g_assert_nonnull (strstr (error->message, "PGF-007"));
        }
    }
}

static void
test_sex (void)
{
  static const struct { const char *text; const char *value; } cases[] = {
    { "F", "F" }, { "m", "M" }, { "Female", "F" }, { " male ", "M" },
    { "", NULL }, { "x", NULL }, { "FM", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;

      g_assert_cmpint (stroma_validate_sex (cases[i].text, &value, &error), ==,
                       cases[i].value != NULL);
      g_assert_cmpstr (value, ==, cases[i].value);
      if (cases[i].value == NULL)
        g_assert_error (error, STROMA_VALIDATE_ERROR,
                        (*cases[i].text ? STROMA_VALIDATE_ERROR_FORMAT
                                        : STROMA_VALIDATE_ERROR_EMPTY));
    }
}

static void
test_dates (void)
{
  static const struct {
    const char *text;
    StromaDateRule rule;
    int error;
    const char *value;
  } cases[] = {
    { "2026-03-12", { "Consent date", "2026-03-12", 0, NULL, NULL, FALSE }, OK, "2026-03-12" },
    { " 2026-03-01 ", { "Consent date", "2026-03-12", 0, NULL, NULL, FALSE }, OK, "2026-03-01" },
    { "", { "Consent date", "2026-03-12", 0, NULL, NULL, FALSE }, STROMA_VALIDATE_ERROR_EMPTY,
      NULL },
    { "12/03/2026", { "Consent date", NULL, 0, NULL, NULL, FALSE }, STROMA_VALIDATE_ERROR_FORMAT,
      NULL },
    { "2026-02-30", { "Consent date", NULL, 0, NULL, NULL, FALSE }, STROMA_VALIDATE_ERROR_FORMAT,
      NULL },
    { "2026-3-1", { "Consent date", NULL, 0, NULL, NULL, FALSE }, STROMA_VALIDATE_ERROR_FORMAT,
      NULL },
    /* DI-3: nothing in the future … */
    { "2026-03-13", { "Consent date", "2026-03-12", 0, NULL, NULL, FALSE },
      STROMA_VALIDATE_ERROR_FUTURE, NULL },
    /* … but a planned day 0 may lie ahead, within its limit */
    { "2026-04-11", { "Day 0", "2026-03-12", 30, NULL, NULL, FALSE }, OK, "2026-04-11" },
    { "2026-04-12", { "Day 0", "2026-03-12", 30, NULL, NULL, FALSE },
      STROMA_VALIDATE_ERROR_FUTURE, NULL },
    /* … nothing before consent … */
    { "2026-03-01", { "Collection date", "2026-03-12", 0, "2026-03-02", "the consent date",
                      FALSE }, STROMA_VALIDATE_ERROR_ORDER, NULL },
    { "2026-03-02", { "Collection date", "2026-03-12", 0, "2026-03-02", "the consent date",
                      FALSE }, OK, "2026-03-02" },
    /* … and infusions strictly after day 0 */
    { "2026-03-02", { "Infusion date", "2026-03-12", 0, "2026-03-02", "day 0", TRUE },
      STROMA_VALIDATE_ERROR_ORDER, NULL },
    { "2026-03-03", { "Infusion date", "2026-03-12", 0, "2026-03-02", "day 0", TRUE },
      OK, "2026-03-03" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;
      gboolean ok = stroma_validate_date (cases[i].text, &cases[i].rule, &value, &error);

      g_test_message ("%s “%s”", cases[i].rule.label, cases[i].text);
      if (cases[i].error == OK)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpstr (value, ==, cases[i].value);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, STROMA_VALIDATE_ERROR, cases[i].error);
          g_assert_true (g_str_has_prefix (error->message, cases[i].rule.label));
        }
    }
}

static void
test_birth_date_and_age (void)
{
  g_autofree char *date = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (stroma_validate_birth_date ("1980-06-15", "2026-03-12", &date, &error));
  g_assert_cmpstr (date, ==, "1980-06-15");
  g_assert_cmpint (stroma_validate_age_on ("1980-06-15", "2026-06-14"), ==, 45);
  g_assert_cmpint (stroma_validate_age_on ("1980-06-15", "2026-06-15"), ==, 46);
  g_assert_cmpint (stroma_validate_age_on ("2008-02-29", "2026-02-28"), ==, 17);
  g_assert_cmpint (stroma_validate_age_on ("2008-02-29", "2026-03-01"), ==, 18);
  g_assert_cmpint (stroma_validate_age_on ("2026-01-01", "2025-01-01"), ==, -1);
  g_assert_cmpint (stroma_validate_age_on ("junk", "2025-01-01"), ==, -1);

  g_clear_pointer (&date, g_free);
  g_assert_false (stroma_validate_birth_date ("2027-01-01", "2026-03-12", &date, &error));
  g_assert_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_FUTURE);
  g_clear_error (&error);
  g_assert_false (stroma_validate_birth_date ("1890-01-01", "2026-03-12", &date, &error));
  g_assert_error (error, STROMA_VALIDATE_ERROR, STROMA_VALIDATE_ERROR_RANGE);
}

static void
test_times (void)
{
  static const struct { const char *text; const char *value; int error; } cases[] = {
    { "08:05", "08:05", OK }, { "8:05", "08:05", OK }, { " 23:59 ", "23:59", OK },
    { "", NULL, STROMA_VALIDATE_ERROR_EMPTY }, { "24:00", NULL, STROMA_VALIDATE_ERROR_RANGE },
    { "12:60", NULL, STROMA_VALIDATE_ERROR_RANGE }, { "0805", NULL, STROMA_VALIDATE_ERROR_FORMAT },
    { "8h05", NULL, STROMA_VALIDATE_ERROR_FORMAT }, { "08:5", NULL, STROMA_VALIDATE_ERROR_FORMAT },
  };
  g_autofree char *utc = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autofree char *value = NULL;

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpint (stroma_validate_time (cases[i].text, &value, &e), ==,
                       cases[i].error == OK);
      g_assert_cmpstr (value, ==, cases[i].value);
      if (cases[i].error != OK)
        g_assert_error (e, STROMA_VALIDATE_ERROR, cases[i].error);
    }

  /* AT-9: times are entered in the site's zone and stored in UTC. */
  g_assert_true (stroma_validate_date_time ("2026-03-12", "09:30", "Asia/Shanghai", &utc, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (utc, ==, "2026-03-12T01:30:00Z");
  g_clear_pointer (&utc, g_free);
  g_assert_true (stroma_validate_date_time ("2026-03-12", "07:00", "Asia/Shanghai", &utc, NULL));
  g_assert_cmpstr (utc, ==, "2026-03-11T23:00:00Z");
  g_clear_pointer (&utc, g_free);
  g_assert_true (stroma_validate_date_time ("2026-03-12", "09:30", "UTC", &utc, NULL));
  g_assert_cmpstr (utc, ==, "2026-03-12T09:30:00Z");
}

static void
test_measurements (void)
{
  static const struct {
    const char *field;
    const char *text;
    int         error;
    double      value;
  } cases[] = {
    { "height", "172.5", OK, 172.5 },
    { "height", "1.72", STROMA_VALIDATE_ERROR_RANGE, 0 },       /* metres */
    { "height", "300", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "height", "172,5", STROMA_VALIDATE_ERROR_FORMAT, 0 },     /* decimal comma */
    { "height", "172 cm", STROMA_VALIDATE_ERROR_FORMAT, 0 },
    { "height", "", STROMA_VALIDATE_ERROR_EMPTY, 0 },
    { "weight", "60", OK, 60 },
    { "weight", "0.5", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "weight", "sixty", STROMA_VALIDATE_ERROR_FORMAT, 0 },
    { "weight", "nan", STROMA_VALIDATE_ERROR_FORMAT, 0 },
    { "weight", "1e400", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "kps", "70", OK, 70 },
    { "kps", "100", OK, 100 },
    { "kps", "75", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "kps", "110", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "ecog", "2", OK, 2 },
    { "ecog", "1.5", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "ecog", "6", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "cells", "6.0e7", OK, 6.0e7 },
    { "cells", "6.0×10^7", OK, 6.0e7 },
    { "cells", "6.0 x 10⁷", OK, 6.0e7 },
    { "cells", "6.25*10^7", OK, 6.25e7 },
    { "cells", "60000000", OK, 6.0e7 },
    { "cells", "1e6", OK, 1e6 },
    { "cells", "1", STROMA_VALIDATE_ERROR_RANGE, 0 },           /* cells/kg typed as a count */
    { "cells", "6.0e7 cells", STROMA_VALIDATE_ERROR_FORMAT, 0 },
    { "cells", "", STROMA_VALIDATE_ERROR_EMPTY, 0 },
    { "units", "2", OK, 2 },
    { "units", "0.5", OK, 0.5 },
    { "units", "1.3", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "units", "0", STROMA_VALIDATE_ERROR_RANGE, 0 },
    { "units", "25", STROMA_VALIDATE_ERROR_RANGE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double value = NAN;
      gint64 whole = 0;
      gboolean ok;

      g_test_message ("%s “%s”", cases[i].field, cases[i].text);
      if (g_str_equal (cases[i].field, "height"))
        ok = stroma_validate_height (cases[i].text, &value, &error);
      else if (g_str_equal (cases[i].field, "weight"))
        ok = stroma_validate_weight (cases[i].text, &value, &error);
      else if (g_str_equal (cases[i].field, "kps"))
        ok = stroma_validate_kps (cases[i].text, &whole, &error), value = (double) whole;
      else if (g_str_equal (cases[i].field, "ecog"))
        ok = stroma_validate_ecog (cases[i].text, &whole, &error), value = (double) whole;
      else if (g_str_equal (cases[i].field, "cells"))
        ok = stroma_validate_cells (cases[i].text, &value, &error);
      else
        ok = stroma_validate_transfusion_units (cases[i].text, &value, &error);

      if (cases[i].error == OK)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
          g_assert_cmpfloat_with_epsilon (value, cases[i].value, 1e-9 * cases[i].value);
        }
      else
        {
          g_assert_false (ok);
          g_assert_error (error, STROMA_VALIDATE_ERROR, cases[i].error);
        }
    }
}

static void
test_lot_and_reason (void)
{
  static const struct { const char *text; int error; } lots[] = {
    { "UCMSC-2603-017", OK }, { "B2", OK }, { "A/12.3_x", OK },
    { "", STROMA_VALIDATE_ERROR_EMPTY }, { "lot 7", STROMA_VALIDATE_ERROR_FORMAT },
    { "=1+1", STROMA_VALIDATE_ERROR_FORMAT },
    { "123456789012345678901234567890123", STROMA_VALIDATE_ERROR_RANGE },
  };
  static const struct { const char *text; int error; } reasons[] = {
    { "transcription error", OK }, { "fever 38.5", OK }, { "发烧了", OK },
    { "", STROMA_VALIDATE_ERROR_EMPTY }, { "   ", STROMA_VALIDATE_ERROR_EMPTY },
    { "ok", STROMA_VALIDATE_ERROR_RANGE }, { "...", STROMA_VALIDATE_ERROR_FORMAT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (lots); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;

      g_test_message ("lot “%s”", lots[i].text);
      g_assert_cmpint (stroma_validate_lot (lots[i].text, "Lot", &value, &error), ==,
                       lots[i].error == OK);
      if (lots[i].error != OK)
        g_assert_error (error, STROMA_VALIDATE_ERROR, lots[i].error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (reasons); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;

      g_test_message ("reason “%s”", reasons[i].text);
      g_assert_cmpint (stroma_validate_reason (reasons[i].text, &value, &error), ==,
                       reasons[i].error == OK);
      if (reasons[i].error != OK)
        g_assert_error (error, STROMA_VALIDATE_ERROR, reasons[i].error);
    }
}

static void
test_vitals (void)
{
  static const struct {
    const char *t, *hr, *bp, *o2;
    int         error;
    const char *summary;
  } cases[] = {
    { "36.7", "80", "120/80", "98", OK, "T 36.7 °C, HR 80, BP 120/80, SpO2 98%" },
    { "", "", "", "", OK, NULL },
    { "36.7", "", "120/80", "98", STROMA_VALIDATE_ERROR_EMPTY, NULL },
    { "98.6", "80", "120/80", "98", STROMA_VALIDATE_ERROR_RANGE, NULL },   /* °F */
    { "36.7", "80", "120-80", "98", STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "36.7", "80", "80/120", "98", STROMA_VALIDATE_ERROR_RANGE, NULL },   /* swapped */
    { "36.7", "80", "120/80", "101", STROMA_VALIDATE_ERROR_RANGE, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *summary = NULL;

      g_test_message ("%s %s %s %s", cases[i].t, cases[i].hr, cases[i].bp, cases[i].o2);
      g_assert_cmpint (stroma_validate_vitals (cases[i].t, cases[i].hr, cases[i].bp, cases[i].o2,
                                               &summary, &error), ==, cases[i].error == OK);
      g_assert_cmpstr (summary, ==, cases[i].summary);
      if (cases[i].error != OK)
        g_assert_error (error, STROMA_VALIDATE_ERROR, cases[i].error);
    }
}

static void
test_given_amount (void)
{
  static const struct {
    const char *text;
    double      planned, limit;
    const char *reason;
    int         error;
    gboolean    deviates;
  } cases[] = {
    { "48", 48, 0.10, NULL, OK, FALSE },
    { "50", 48, 0.10, NULL, OK, FALSE },          /* 4.2% */
    { "52.8", 48, 0.10, NULL, OK, FALSE },        /* exactly 10% */
    { "53", 48, 0.10, NULL, STROMA_VALIDATE_ERROR_NEEDS_REASON, TRUE },
    { "53", 48, 0.10, "  ", STROMA_VALIDATE_ERROR_NEEDS_REASON, TRUE },
    { "53", 48, 0.10, "vial size: rounded up to the whole vial", OK, TRUE },
    { "40", 48, 0.10, "weight re-measured", OK, TRUE },
    { "6.2e7", 6.0e7, 0.05, NULL, OK, FALSE },
    { "abc", 48, 0.10, NULL, STROMA_VALIDATE_ERROR_FORMAT, FALSE },
    { "5", NAN, 0.10, NULL, OK, FALSE },          /* no plan: nothing to deviate from */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      double given = 0;
      gboolean deviates = FALSE;

      g_test_message ("%s vs %g", cases[i].text, cases[i].planned);
      g_assert_cmpint (stroma_validate_given_amount (cases[i].text, "Dose given", cases[i].planned,
                                                     cases[i].limit, cases[i].reason, &given,
                                                     &deviates, &error), ==,
                       cases[i].error == OK);
      if (cases[i].error == OK)
        g_assert_cmpint (deviates, ==, cases[i].deviates);
      else
        g_assert_error (error, STROMA_VALIDATE_ERROR, cases[i].error);
    }
}

static void
test_day_list (void)
{
  static const struct {
    const char *text;
    guint       expected;
    int         error;
    const char *formatted;
  } cases[] = {
    { "-6..-3", 4, OK, "d-6…-3" },
    { "−6…−3", 4, OK, "d-6…-3" },
    { "-3, -6, -5, -4", 4, OK, "d-6…-3" },
    { "-8,-6", 0, OK, "d-8, -6" },
    { "-6..-3", 3, STROMA_VALIDATE_ERROR_RANGE, NULL },
    { "-2..1", 0, STROMA_VALIDATE_ERROR_RANGE, NULL },
    { "-61", 0, STROMA_VALIDATE_ERROR_RANGE, NULL },
    { "-4, -4", 0, STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "minus four", 0, STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "-3..-6", 0, STROMA_VALIDATE_ERROR_FORMAT, NULL },
    { "", 0, STROMA_VALIDATE_ERROR_EMPTY, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) days = NULL;

      g_test_message ("“%s”", cases[i].text);
      g_assert_cmpint (stroma_validate_day_list (cases[i].text, cases[i].expected, &days, &error),
                       ==, cases[i].error == OK);
      if (cases[i].error == OK)
        {
          g_autofree char *text = stroma_format_day_list (days);
          g_assert_cmpstr (text, ==, cases[i].formatted);
        }
      else
        g_assert_error (error, STROMA_VALIDATE_ERROR, cases[i].error);
    }
}

static void
test_format_cells (void)
{
  static const struct { double cells; const char *text; } cases[] = {
    { 6.0e7, "6.00×10⁷" }, { 1.2345e8, "1.23×10⁸" }, { 9.999e7, "1.00×10⁸" },
    { 5e10, "5.00×10¹⁰" }, { NAN, "—" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = stroma_format_cells (cases[i].cells);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/initials", test_initials);
  g_test_add_func ("/validate/subject-code", test_subject_code);
  g_test_add_func ("/validate/sex", test_sex);
  g_test_add_func ("/validate/dates", test_dates);
  g_test_add_func ("/validate/birth-date-and-age", test_birth_date_and_age);
  g_test_add_func ("/validate/times", test_times);
  g_test_add_func ("/validate/measurements", test_measurements);
  g_test_add_func ("/validate/lot-and-reason", test_lot_and_reason);
  g_test_add_func ("/validate/vitals", test_vitals);
  g_test_add_func ("/validate/given-amount", test_given_amount);
  g_test_add_func ("/validate/day-list", test_day_list);
  g_test_add_func ("/validate/format-cells", test_format_cells);

  return g_test_run ();
}
