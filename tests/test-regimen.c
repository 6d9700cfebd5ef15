/* test-regimen.c — conditioning regimens expanded into doses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/stroma-regimen.h"

#define END G_MININT   /* ends a list of days */

static void
assert_relative (double actual,
                 double expected)
{
  g_assert_cmpfloat_with_epsilon (actual, expected, 1e-9 * fabs (expected));
}

static StromaProtocol *
load_shipped (const char *id)
{
  const char *datadir = g_getenv ("STROMA_SOURCE_DATADIR");
  g_autofree char *base = NULL;
  g_autofree char *file = g_strconcat (id, ".json", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  StromaProtocol *protocol;

  if (datadir != NULL && *datadir != '\0')
    base = g_strdup (datadir);
  else
    base = g_strdup (SOURCE_DATADIR);
  path = g_build_filename (base, "protocols", file, NULL);

  protocol = stroma_protocol_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
}

static const StromaRegimen *
regimen (const StromaProtocol *protocol,
         const char           *id)
{
  for (guint i = 0; i < protocol->regimens->len; i++)
    {
      const StromaRegimen *r = protocol->regimens->pdata[i];

      if (strcmp (r->id, id) == 0)
        return r;
    }

  g_assert_not_reached ();
  return NULL;
}

static StromaRegimenAgent *
agent_of (const StromaProtocol *protocol,
          const char           *regimen_id,
          const char           *agent)
{
  const StromaRegimen *r = regimen (protocol, regimen_id);

  for (guint i = 0; i < r->agents->len; i++)
    {
      StromaRegimenAgent *a = r->agents->pdata[i];

      if (strcmp (a->agent, agent) == 0)
        return a;
    }

  g_assert_not_reached ();
  return NULL;
}

static StromaRegimenPlan *
plan (const StromaProtocol       *protocol,
      const char                 *regimen_id,
      const StromaRegimenLayout  *layout)
{
  g_autoptr(GError) error = NULL;
  StromaRegimenPlan *p;

  /* DOMAIN.md §2.3: 60 kg, 170 cm. */
  p = stroma_regimen_plan_new (protocol, regimen (protocol, regimen_id), 60, 170, "2024-03-20",
                               layout, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);

  return p;
}

/* The plan's days for one agent, in plan order, each listed once. */
static GArray *
plan_days (const StromaRegimenPlan *p,
           const char              *agent)
{
  GArray *days = g_array_new (FALSE, FALSE, sizeof (gint));

  for (guint i = 0; i < p->doses->len; i++)
    {
      const StromaRegimenDose *dose = p->doses->pdata[i];

      if (strcmp (dose->agent, agent) != 0)
        continue;
      if (days->len == 0 || g_array_index (days, gint, days->len - 1) != dose->layout_day)
        g_array_append_val (days, dose->layout_day);
    }

  return days;
}

static void
assert_days (const GArray *days,
             const gint   *expected)
{
  guint n = 0;

  while (expected[n] != END)
    n++;

  g_assert_cmpuint (days->len, ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (g_array_index (days, gint, i), ==, expected[i]);
}

/* DOMAIN.md §2.3, worked example */

static void
test_worked_example (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  static const struct {
    const char *regimen, *agent;
    double      dose, daily, total;
    guint       n_doses, n_days;
    const char *unit;
  } cases[] = {
    /* Me-CCNU 250 mg/m² → 420 mg; Ara-C 4 g/m²/d → 6.72 g/d; Cy 1.8 g/m²/d → 3.024 g/d */
    { "haplo", "Lomustine (Me-CCNU)", 420, 420, 420, 1, 1, "mg" },
    { "haplo", "Cytarabine (Ara-C)", 6.72, 6.72, 13.44, 2, 2, "g" },
    { "haplo", "Cyclophosphamide (Cy, CTX)", 3.024, 3.024, 6.048, 2, 2, "g" },
    /* Bu 0.8 mg/kg/dose → 48 mg/dose: 8 doses = 384 mg, 16 doses = 768 mg */
    { "haplo", "Busulfan (Bu)", 48, 192, 384, 8, 2, "mg" },
    { "smd", "Busulfan (Bu)", 48, 192, 768, 16, 4, "mg" },
    { "umd", "Busulfan (Bu)", 48, 192, 768, 16, 4, "mg" },
    /* ATG 2.5 mg/kg/d → 150 mg/d × 4 = 600 mg */
    { "haplo", "Anti-thymocyte globulin (ATG)", 150, 150, 600, 4, 4, "mg" },
    { "umd", "Anti-thymocyte globulin (ATG)", 150, 150, 600, 4, 4, "mg" },
    /* Cy 60 mg/kg/d → 3600 mg/d */
    { "smd", "Cyclophosphamide (Cy, CTX)", 3600, 3600, 7200, 2, 2, "mg" },
    { "umd", "Cyclophosphamide (Cy, CTX)", 3600, 3600, 7200, 2, 2, "mg" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaRegimenPlan) p = plan (protocol, cases[i].regimen, NULL);
      const StromaRegimenTotal *total = stroma_regimen_plan_find_total (p, cases[i].agent);
      guint seen = 0;
      double sum = 0;

      g_test_message ("%s: %s", cases[i].regimen, cases[i].agent);
      g_assert_nonnull (total);
      assert_relative (total->dose, cases[i].dose);
      assert_relative (total->daily_dose, cases[i].daily);
      assert_relative (total->total, cases[i].total);
      g_assert_cmpuint (total->n_doses, ==, cases[i].n_doses);
      g_assert_cmpuint (total->n_days, ==, cases[i].n_days);
      g_assert_cmpstr (total->dose_unit, ==, cases[i].unit);
      g_assert_false (total->edited);

      /* The per-dose rows add up to the total and show their working. */
      for (guint d = 0; d < p->doses->len; d++)
        {
          const StromaRegimenDose *dose = p->doses->pdata[d];

          if (strcmp (dose->agent, cases[i].agent) != 0)
            continue;
          seen++;
          sum += dose->dose;
          g_assert_cmpuint (dose->dose_number, ==, seen);
          g_assert_cmpstr (dose->dose_unit, ==, cases[i].unit);
          g_assert_cmpfloat (dose->weight_kg, ==, 60);
          g_assert_cmpint (dose->bsa_formula, ==, STROMA_BSA_MOSTELLER);
          if (dose->basis == STROMA_DOSE_PER_M2)
            {
              g_assert_cmpfloat_with_epsilon (dose->bsa_exact, 1.6833, 5e-5);
              g_assert_cmpfloat (dose->bsa_used, ==, 1.68);
            }
          else
            {
              g_assert_cmpint (dose->basis, ==, STROMA_DOSE_PER_KG);
              g_assert_true (isnan (dose->bsa_used));
            }
        }
      g_assert_cmpuint (seen, ==, cases[i].n_doses);
      assert_relative (sum, cases[i].total);
    }

  {
    g_autoptr(StromaRegimenPlan) p = plan (protocol, "haplo", NULL);

    g_assert_cmpfloat (p->bsa_used, ==, 1.68);
    g_assert_cmpint (p->bsa_formula, ==, STROMA_BSA_MOSTELLER);
    g_assert_cmpuint (p->bsa_decimals, ==, 2);
    g_assert_cmpstr (p->layout_status, ==, "site-default");
  }
}

/* The shipped regimens' day layouts (DOMAIN.md §2.4 table), with dates from day 0. */
static void
test_shipped_layouts (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  static const struct {
    const char *regimen, *agent;
    gint        days[8];
  } cases[] = {
    { "haplo", "Cytarabine (Ara-C)", { -10, -9, END } },
    { "haplo", "Busulfan (Bu)", { -8, -7, END } },
    { "haplo", "Cyclophosphamide (Cy, CTX)", { -5, -4, END } },
    { "haplo", "Lomustine (Me-CCNU)", { -3, END } },
    { "haplo", "Anti-thymocyte globulin (ATG)", { -5, -4, -3, -2, END } },
    { "smd", "Busulfan (Bu)", { -7, -6, -5, -4, END } },
    { "smd", "Cyclophosphamide (Cy, CTX)", { -3, -2, END } },
    { "umd", "Busulfan (Bu)", { -7, -6, -5, -4, END } },
    { "umd", "Cyclophosphamide (Cy, CTX)", { -3, -2, END } },
    { "umd", "Anti-thymocyte globulin (ATG)", { -5, -4, -3, -2, END } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaRegimenPlan) p = plan (protocol, cases[i].regimen, NULL);
      g_autoptr(GArray) days = plan_days (p, cases[i].agent);

      g_test_message ("%s: %s", cases[i].regimen, cases[i].agent);
      assert_days (days, cases[i].days);
    }

  /* Day 0 is 2024-03-20, so day −10 is 2024-03-10; the plan runs in time order. */
  {
    g_autoptr(StromaRegimenPlan) p = plan (protocol, "haplo", NULL);
    const StromaRegimenDose *first = p->doses->pdata[0];
    const StromaRegimenDose *last = p->doses->pdata[p->doses->len - 1];

    g_assert_cmpstr (p->day0_date, ==, "2024-03-20");
    g_assert_cmpstr (first->agent, ==, "Cytarabine (Ara-C)");
    g_assert_cmpint (first->study_day, ==, -10);
    g_assert_cmpstr (first->date, ==, "2024-03-10");
    g_assert_cmpstr (last->agent, ==, "Anti-thymocyte globulin (ATG)");
    g_assert_cmpint (last->study_day, ==, -2);
    g_assert_cmpstr (last->date, ==, "2024-03-18");
    g_assert_cmpuint (p->doses->len, ==, 2 + 8 + 2 + 1 + 4);

    for (guint i = 1; i < p->doses->len; i++)
      {
        const StromaRegimenDose *a = p->doses->pdata[i - 1];
        const StromaRegimenDose *b = p->doses->pdata[i];

        g_assert_true (a->study_day < b->study_day ||
                       (a->study_day == b->study_day && strcmp (a->time, b->time) <= 0));
      }
  }

  /* Without a day 0 the plan keeps its study days and has no dates. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaRegimenPlan) p =
      stroma_regimen_plan_new (protocol, regimen (protocol, "smd"), 60, 170, NULL, NULL, &error);
    const StromaRegimenDose *first;

    g_assert_no_error (error);
    first = p->doses->pdata[0];
    g_assert_null (p->day0_date);
    g_assert_null (first->date);
    g_assert_cmpint (first->study_day, ==, -7);
  }
}

/* q6h = 4 doses a day; dose k at t0 + 6 h × (k − 1) (DOMAIN.md §2.3). */
static void
test_q6h_times (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  static const char *start_times[] = { NULL, "00:00", "06:00", "18:30" };

  for (guint s = 0; s < G_N_ELEMENTS (start_times); s++)
    {
      g_autoptr(StromaRegimenLayout) layout = stroma_regimen_layout_new ();
      g_autoptr(StromaRegimenPlan) p = NULL;
      guint t0 = 0, k = 0;

      g_test_message ("first dose at %s", start_times[s] ? start_times[s] : "(default)");
      stroma_regimen_layout_set_start_time (layout, start_times[s]);
      if (start_times[s] != NULL)
        t0 = (guint) (atoi (start_times[s]) * 60 + atoi (start_times[s] + 3));
      p = plan (protocol, "smd", layout);

      g_assert_cmpuint (atoi (p->start_time) * 60 + atoi (p->start_time + 3), ==, t0);

      for (guint i = 0; i < p->doses->len; i++)
        {
          const StromaRegimenDose *dose = p->doses->pdata[i];
          gint64 minutes = t0 + 360 * (gint64) k;   /* since 00:00 of day −7 */
          g_autofree char *time = NULL;
          gint day = -7 + (gint) (minutes / 1440);

          if (strcmp (dose->agent, "Busulfan (Bu)") != 0)
            continue;

          k++;
          time = g_strdup_printf ("%02d:%02d", (int) (minutes % 1440) / 60,
                                  (int) (minutes % 60));
          g_assert_cmpuint (dose->dose_number, ==, k);
          g_assert_cmpuint (dose->dose_of_day, ==, (k - 1) % 4 + 1);
          g_assert_cmpint (dose->layout_day, ==, -7 + (gint) (k - 1) / 4);
          g_assert_cmpint (dose->study_day, ==, day);
          g_assert_cmpstr (dose->time, ==, time);
        }
      g_assert_cmpuint (k, ==, 16);
    }

  /* Spot checks from the default 00:00: doses 1–4 on day −7, dose 5 at 00:00 of day −6. */
  {
    g_autoptr(StromaRegimenPlan) p = plan (protocol, "smd", NULL);
    const StromaRegimenDose *bu[16];
    guint n = 0;

    for (guint i = 0; i < p->doses->len && n < 16; i++)
      if (strcmp (((StromaRegimenDose *) p->doses->pdata[i])->agent, "Busulfan (Bu)") == 0)
        bu[n++] = p->doses->pdata[i];

    g_assert_cmpuint (n, ==, 16);
    g_assert_cmpstr (bu[0]->time, ==, "00:00");
    g_assert_cmpstr (bu[3]->time, ==, "18:00");
    g_assert_cmpstr (bu[3]->date, ==, "2024-03-13");
    g_assert_cmpstr (bu[4]->time, ==, "00:00");
    g_assert_cmpstr (bu[4]->date, ==, "2024-03-14");
    g_assert_cmpstr (bu[15]->date, ==, "2024-03-16");
  }

  /* From 18:30, the second dose passes midnight: it belongs to day −7 but is given on −6. */
  {
    g_autoptr(StromaRegimenLayout) layout = stroma_regimen_layout_new ();
    g_autoptr(StromaRegimenPlan) p = NULL;

    stroma_regimen_layout_set_start_time (layout, "18:30");
    p = plan (protocol, "smd", layout);
    for (guint i = 0; i < p->doses->len; i++)
      {
        const StromaRegimenDose *dose = p->doses->pdata[i];

        if (strcmp (dose->agent, "Busulfan (Bu)") == 0 && dose->dose_number == 2)
          {
            g_assert_cmpint (dose->layout_day, ==, -7);
            g_assert_cmpint (dose->study_day, ==, -6);
            g_assert_cmpstr (dose->date, ==, "2024-03-14");
            g_assert_cmpstr (dose->time, ==, "00:30");
          }
      }
  }
}

/* A site moves ATG: the plan follows the edited layout, the amounts do not change. */
static void
test_edited_layout (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  static const gint moved[] = { -3, -6, -5, -4 };   /* unsorted on purpose */
  static const gint expected[] = { -6, -5, -4, -3, END };
  static const gint bu[] = { -7, -6, -5, -4, END };
  g_autoptr(StromaRegimenLayout) layout = stroma_regimen_layout_new ();
  g_autoptr(StromaRegimenPlan) before = plan (protocol, "umd", NULL);
  g_autoptr(StromaRegimenPlan) after = NULL;
  g_autoptr(GArray) atg_days = NULL;
  g_autoptr(GArray) bu_days = NULL;
  const StromaRegimenTotal *atg;
  const char *atg_name = "Anti-thymocyte globulin (ATG)";

  g_assert_false (before->edited);

  stroma_regimen_layout_set_days (layout, atg_name, moved, G_N_ELEMENTS (moved));
  after = plan (protocol, "umd", layout);
  atg_days = plan_days (after, atg_name);
  bu_days = plan_days (after, "Busulfan (Bu)");

  assert_days (atg_days, expected);
  assert_days (bu_days, bu);
  g_assert_true (after->edited);

  atg = stroma_regimen_plan_find_total (after, atg_name);
  g_assert_true (atg->edited);
  g_assert_cmpint (atg->first_day, ==, -6);
  g_assert_cmpint (atg->last_day, ==, -3);
  assert_relative (atg->total, 600);
  g_assert_false (stroma_regimen_plan_find_total (after, "Busulfan (Bu)")->edited);

  for (guint i = 0; i < after->doses->len; i++)
    {
      const StromaRegimenDose *dose = after->doses->pdata[i];

      if (strcmp (dose->agent, atg_name) == 0 && dose->dose_number == 1)
        g_assert_cmpstr (dose->date, ==, "2024-03-14");
    }

  /* Moving it back to the protocol's days is no edit; clearing the edit restores them. */
  {
    static const gint same[] = { -2, -3, -4, -5 };
    g_autoptr(StromaRegimenPlan) p = NULL;

    stroma_regimen_layout_set_days (layout, atg_name, same, G_N_ELEMENTS (same));
    p = plan (protocol, "umd", layout);
    g_assert_false (p->edited);
    g_assert_false (stroma_regimen_plan_find_total (p, atg_name)->edited);
  }
  {
    static const gint atg_protocol[] = { -5, -4, -3, -2, END };
    g_autoptr(StromaRegimenPlan) p = NULL;
    g_autoptr(GArray) days = NULL;

    stroma_regimen_layout_set_days (layout, atg_name, moved, G_N_ELEMENTS (moved));
    stroma_regimen_layout_set_days (layout, atg_name, NULL, 0);
    p = plan (protocol, "umd", layout);
    days = plan_days (p, atg_name);
    assert_days (days, atg_protocol);
    g_assert_false (p->edited);
  }

  /* A longer course: 5 days of ATG is 750 mg. */
  {
    static const gint five[] = { -6, -5, -4, -3, -2 };
    g_autoptr(StromaRegimenPlan) p = NULL;

    stroma_regimen_layout_set_days (layout, atg_name, five, G_N_ELEMENTS (five));
    p = plan (protocol, "umd", layout);
    assert_relative (stroma_regimen_plan_find_total (p, atg_name)->total, 750);
    g_assert_cmpuint (stroma_regimen_plan_find_total (p, atg_name)->n_doses, ==, 5);
  }
}

/* Optional agents: SMD's ATG is planned only when selected. */
static void
test_optional_agents (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  const char *atg = "Anti-thymocyte globulin (ATG)";
  g_autoptr(StromaRegimenLayout) layout = stroma_regimen_layout_new ();

  {
    g_autoptr(StromaRegimenPlan) p = plan (protocol, "smd", NULL);

    g_assert_null (stroma_regimen_plan_find_total (p, atg));
    g_assert_true (g_strv_contains ((const char * const *) p->not_selected, atg));
    g_assert_cmpuint (p->doses->len, ==, 16 + 2);
  }

  stroma_regimen_layout_set_selected (layout, atg, TRUE);
  {
    g_autoptr(StromaRegimenPlan) p = plan (protocol, "smd", layout);
    const StromaRegimenTotal *total = stroma_regimen_plan_find_total (p, atg);

    g_assert_nonnull (total);
    g_assert_true (total->optional);
    assert_relative (total->total, 600);
    g_assert_cmpuint (g_strv_length (p->not_selected), ==, 0);
  }

  stroma_regimen_layout_set_selected (layout, atg, FALSE);
  {
    g_autoptr(StromaRegimenPlan) p = plan (protocol, "smd", layout);

    g_assert_null (stroma_regimen_plan_find_total (p, atg));
  }
}

/* A dose "per day" given in several administrations is divided among them. */
static void
test_daily_dose_divided (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  StromaRegimenAgent *cy = agent_of (protocol, "haplo", "Cyclophosphamide (Cy, CTX)");
  g_autoptr(StromaRegimenPlan) p = NULL;
  const StromaRegimenTotal *total;
  guint n = 0;

  cy->doses_per_day = 2;   /* 1.8 g/m²/d as two doses q12h */
  p = plan (protocol, "haplo", NULL);
  total = stroma_regimen_plan_find_total (p, cy->agent);

  assert_relative (total->daily_dose, 3.024);
  assert_relative (total->dose, 1.512);
  assert_relative (total->total, 6.048);
  g_assert_cmpuint (total->n_doses, ==, 4);

  for (guint i = 0; i < p->doses->len; i++)
    {
      const StromaRegimenDose *dose = p->doses->pdata[i];

      if (strcmp (dose->agent, cy->agent) != 0)
        continue;
      g_assert_cmpstr (dose->time, ==, n % 2 == 0 ? "00:00" : "12:00");
      g_assert_cmpstr (dose->per, ==, "day");
      g_assert_cmpfloat (dose->prescribed, ==, 1.8);
      n++;
    }
  g_assert_cmpuint (n, ==, 4);
}

/* The protocol's formula and rounding, not a fixed one. */
static void
test_protocol_bsa_settings (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaRegimenPlan) p = NULL;
  const StromaRegimenTotal *total;

  g_free (protocol->bsa_formula);
  protocol->bsa_formula = g_strdup ("dubois");
  protocol->bsa_decimals = 3;

  p = plan (protocol, "haplo", NULL);
  total = stroma_regimen_plan_find_total (p, "Lomustine (Me-CCNU)");

  /* DuBois(170 cm, 60 kg) = 1.69495 → 1.695 m² → 423.75 mg */
  g_assert_cmpint (p->bsa_formula, ==, STROMA_BSA_DUBOIS);
  g_assert_cmpfloat_with_epsilon (p->bsa_exact, 1.69495, 5e-6);
  g_assert_cmpfloat (p->bsa_used, ==, 1.695);
  assert_relative (total->dose, 423.75);
}

static StromaSubjectRecord *
smd_subject (void)
{
  StromaSubjectRecord *record = stroma_subject_record_new ();

  record->subject = stroma_record_new (STROMA_RECORD_SUBJECT);
  record->subject->code = g_strdup ("PGF-009");
  record->subject->donor_type = g_strdup ("smd");
  record->subject->weight_kg = 60;
  record->subject->height_cm = 170;
  record->transplant = stroma_record_new (STROMA_RECORD_TRANSPLANT);
  record->transplant->day0_date = g_strdup ("2024-05-10");

  return record;
}

static void
test_for_subject (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = smd_subject ();
  const char *atg = "Anti-thymocyte globulin (ATG)";

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaRegimenPlan) p = stroma_regimen_plan_new_for_subject (protocol, record, NULL,
                                                                          &error);
    const StromaRegimenDose *first;

    g_assert_no_error (error);
    g_assert_cmpstr (p->regimen_id, ==, "smd");
    g_assert_cmpstr (p->day0_date, ==, "2024-05-10");
    assert_relative (stroma_regimen_plan_find_total (p, "Busulfan (Bu)")->total, 768);
    g_assert_null (stroma_regimen_plan_find_total (p, atg));
    first = p->doses->pdata[0];
    g_assert_cmpstr (first->date, ==, "2024-05-03");
  }

  /* Recorded ATG doses show the investigator chose it. */
  {
    StromaConditioningDose *dose = stroma_record_new (STROMA_RECORD_CONDITIONING_DOSE);
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaRegimenPlan) p = NULL;

    dose->regimen_id = g_strdup ("smd");
    dose->agent = g_strdup (atg);
    g_ptr_array_add (record->conditioning, dose);

    p = stroma_regimen_plan_new_for_subject (protocol, record, NULL, &error);
    g_assert_no_error (error);
    assert_relative (stroma_regimen_plan_find_total (p, atg)->total, 600);
  }

  /* No transplant yet: study days without dates. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaRegimenPlan) p = NULL;

    g_clear_pointer (&record->transplant, stroma_record_free);
    p = stroma_regimen_plan_new_for_subject (protocol, record, NULL, &error);
    g_assert_no_error (error);
    g_assert_null (((StromaRegimenDose *) p->doses->pdata[0])->date);
  }

  /* A donor type without a regimen. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaRegimenPlan) p = NULL;

    g_free (record->subject->donor_type);
    record->subject->donor_type = g_strdup ("cord");
    p = stroma_regimen_plan_new_for_subject (protocol, record, NULL, &error);
    g_assert_error (error, STROMA_REGIMEN_ERROR, STROMA_REGIMEN_ERROR_NO_REGIMEN);
    g_assert_null (p);
    g_assert_nonnull (strstr (error->message, "PGF-009"));
  }
}

static void
test_errors (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  const StromaRegimen *umd = regimen (protocol, "umd");
  const char *atg = "Anti-thymocyte globulin (ATG)";
  static const gint twice[] = { -5, -4, -4 };
  static const gint day0[] = { -2, -1, 0 };
  static const gint too_early[] = { -61, -60 };
  static const gint ok[] = { -5, -4 };
  static const struct {
    const char *name;
    const gint *days;
    guint       n_days;
    const char *agent;
    const char *start;
    const char *day0;
    double      weight;
    gboolean    dosing;
    int         code;
  } cases[] = {
    { "day twice", twice, 3, NULL, NULL, "2024-03-20", 60, FALSE,
      STROMA_REGIMEN_ERROR_INVALID_LAYOUT },
    { "day 0", day0, 3, NULL, NULL, "2024-03-20", 60, FALSE,
      STROMA_REGIMEN_ERROR_INVALID_LAYOUT },
    { "day −61", too_early, 2, NULL, NULL, "2024-03-20", 60, FALSE,
      STROMA_REGIMEN_ERROR_INVALID_LAYOUT },
    { "no days", ok, 0, NULL, NULL, "2024-03-20", 60, FALSE,
      STROMA_REGIMEN_ERROR_INVALID_LAYOUT },
    { "unknown agent", ok, 2, "Melphalan", NULL, "2024-03-20", 60, FALSE,
      STROMA_REGIMEN_ERROR_UNKNOWN_AGENT },
    { "bad time", NULL, 0, NULL, "24:00", "2024-03-20", 60, FALSE,
      STROMA_REGIMEN_ERROR_INVALID_TIME },
    { "bad time 2", NULL, 0, NULL, "6:00", "2024-03-20", 60, FALSE,
      STROMA_REGIMEN_ERROR_INVALID_TIME },
    { "bad day 0", NULL, 0, NULL, NULL, "2024-02-30", 60, FALSE,
      STROMA_REGIMEN_ERROR_INVALID_DATE },
    { "bad day 0 2", NULL, 0, NULL, NULL, "20.3.2024", 60, FALSE,
      STROMA_REGIMEN_ERROR_INVALID_DATE },
    { "no weight", NULL, 0, NULL, NULL, "2024-03-20", NAN, TRUE,
      STROMA_DOSING_ERROR_INVALID_MEASUREMENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaRegimenLayout) layout = stroma_regimen_layout_new ();
      g_autoptr(StromaRegimenPlan) p = NULL;
      g_autoptr(GError) error = NULL;
      GQuark domain;

      g_test_message ("%s", cases[i].name);
      if (cases[i].days != NULL)
        {
          /* An empty list is not "restore": build it by hand. */
          if (cases[i].n_days == 0)
            g_hash_table_replace (layout->days, g_strdup (atg),
                                  g_array_new (FALSE, FALSE, sizeof (gint)));
          else
            stroma_regimen_layout_set_days (layout, cases[i].agent ? cases[i].agent : atg,
                                            cases[i].days, cases[i].n_days);
        }
      stroma_regimen_layout_set_start_time (layout, cases[i].start);

      p = stroma_regimen_plan_new (protocol, umd, cases[i].weight, 170, cases[i].day0, layout,
                                   &error);
      g_assert_null (p);
      domain = cases[i].dosing ? STROMA_DOSING_ERROR : STROMA_REGIMEN_ERROR;
      g_assert_error (error, domain, cases[i].code);
      g_test_message ("%s", error->message);
    }

  /* A dosing error names the agent. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaRegimenPlan) p = stroma_regimen_plan_new (protocol, umd, 60, 20, NULL,
                                                              NULL, &error);

    /* UMD has no dose per m²: the height does not matter. */
    g_assert_no_error (error);
    g_assert_nonnull (p);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaRegimenPlan) p =
      stroma_regimen_plan_new (protocol, regimen (protocol, "haplo"), 60, 20, NULL, NULL, &error);

    g_assert_error (error, STROMA_DOSING_ERROR, STROMA_DOSING_ERROR_INVALID_MEASUREMENT);
    g_assert_true (g_str_has_prefix (error->message, "Cytarabine (Ara-C): "));
    g_assert_null (p);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/regimen/worked-example", test_worked_example);
  g_test_add_func ("/regimen/shipped-layouts", test_shipped_layouts);
  g_test_add_func ("/regimen/q6h-times", test_q6h_times);
  g_test_add_func ("/regimen/edited-layout", test_edited_layout);
  g_test_add_func ("/regimen/optional-agents", test_optional_agents);
  g_test_add_func ("/regimen/daily-dose-divided", test_daily_dose_divided);
  g_test_add_func ("/regimen/protocol-bsa-settings", test_protocol_bsa_settings);
  g_test_add_func ("/regimen/for-subject", test_for_subject);
  g_test_add_func ("/regimen/errors", test_errors);

  return g_test_run ();
}
