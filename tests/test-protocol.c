/* test-protocol.c — the protocol loader and the shipped protocol files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "core/stroma-protocol.h"

/* Utilities */

static char *
data_path (const char *first,
           ...)
{
  const char *datadir = g_getenv ("STROMA_SOURCE_DATADIR");
  g_autofree char *base = NULL;
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  if (datadir != NULL && *datadir != '\0')
    base = g_strdup (datadir);
  else
#ifdef STROMA_SOURCE_DATADIR
    base = g_strdup (STROMA_SOURCE_DATADIR);
#else
    base = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);
#endif

  g_ptr_array_add (parts, base);
  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) part);
  va_end (args);
  g_ptr_array_add (parts, NULL);

  return g_build_filenamev ((char **) parts->pdata);
}

static StromaProtocol *
load_shipped (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);
  g_autofree char *path = data_path ("protocols", file, NULL);
  g_autoptr(GError) error = NULL;
  StromaProtocol *protocol;

  protocol = stroma_protocol_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
}

static void
assert_days (const GArray *days,
             const gint   *expected)
{
  guint n = 0;

  while (expected[n] != 0)
    n++;

  g_assert_nonnull (days);
  g_assert_cmpmem (days->data, days->len * sizeof (gint), expected, n * sizeof (gint));
}

static gboolean
has_note (const StromaProtocol *protocol,
          const char           *path,
          const char           *kind,
          const char           *source_part,
          const char           *original_part)
{
  for (guint i = 0; i < protocol->notes->len; i++)
    {
      const StromaNote *note = protocol->notes->pdata[i];

      if (g_strcmp0 (note->path, path) == 0 &&
          g_strcmp0 (note->kind, kind) == 0 &&
          note->reading != NULL &&
          (source_part == NULL || (note->source != NULL && strstr (note->source, source_part))) &&
          (original_part == NULL ||
           (note->original != NULL && strstr (note->original, original_part))))
        return TRUE;
    }

  return FALSE;
}

/* Shipped protocol files */

static void
test_shipped_all_load (void)
{
  g_autofree char *dir_path = data_path ("protocols", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, &error);
  const char *name;
  guint n = 0;

  g_assert_no_error (error);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *id = NULL;
      g_autoptr(StromaProtocol) protocol = NULL;
      gsize length;

      if (!g_str_has_suffix (name, ".json"))
        continue;

      path = g_build_filename (dir_path, name, NULL);
      protocol = stroma_protocol_load_file (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (protocol);

      /* The file name is the protocol id, and the exact text is kept for the trial file. */
      id = g_strndup (name, strlen (name) - strlen (".json"));
      g_assert_cmpstr (protocol->id, ==, id);
      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      g_assert_cmpstr (protocol->source_json, ==, contents);
      g_assert_cmpstr (protocol->version, ==, "1.0");
      g_assert_cmpuint (protocol->format_version, ==, STROMA_PROTOCOL_FORMAT_VERSION);
      n++;
    }

  g_assert_cmpuint (n, >=, 2);
}

static void
test_pgf_identity (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  g_autofree char *code = stroma_protocol_format_subject_code (p, 7);

  g_assert_cmpstr (p->design, ==, "randomized-controlled");
  g_assert_cmpstr (p->masking, ==, "open-label");
  g_assert_cmpstr (p->principal_investigator, ==, "Gao Lei");
  g_assert_cmpstr (code, ==, "PGF-007");
  g_assert_cmpstr (p->bsa_formula, ==, "mosteller");
  g_assert_cmpuint (p->bsa_decimals, ==, 2);
  g_assert_cmpfloat_with_epsilon (p->dose_deviation_threshold, 0.10, 1e-12);
  g_assert_cmpuint (p->retention_years, ==, 5);
  g_assert_true (g_strv_contains ((const char * const *) p->subject_identifiers, "initials"));
  g_assert_cmpuint (p->timeline->len, ==, 4);
}

static void
test_pgf_allocation (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  const char *strata[] = { "haplo", "smd", "umd", NULL };
  const StromaArm *msc, *control;

  g_assert_cmpstr (p->allocation_method, ==, "stratified-blocks");
  g_assert_cmpuint (p->arms->len, ==, 2);

  msc = stroma_protocol_find_arm (p, "msc");
  control = stroma_protocol_find_arm (p, "control");
  g_assert_nonnull (msc);
  g_assert_nonnull (control);
  g_assert_null (stroma_protocol_find_arm (p, "placebo"));

  g_assert_cmpuint (msc->target, ==, 34);
  g_assert_cmpuint (control->target, ==, 34);
  g_assert_cmpuint (p->target_total, ==, 68);
  g_assert_cmpfloat (msc->ratio, ==, 1.0);
  g_assert_cmpfloat (control->ratio, ==, 1.0);
  g_assert_true (msc->receives_product);
  g_assert_false (control->receives_product);

  g_assert_cmpstr (p->stratify_by, ==, "donor_type");
  g_assert_true (g_strv_equal ((const char * const *) p->strata, strata));
  g_assert_cmpstr (stroma_protocol_get_stratum_label (p, "smd"), ==, "HLA-matched sibling donor");
  g_assert_null (stroma_protocol_get_stratum_label (p, "cord"));

  /* Blocks of 2 would make every second allocation predictable. */
  g_assert_cmpuint (p->block_sizes->len, ==, 2);
  g_assert_cmpuint (g_array_index (p->block_sizes, guint, 0), ==, 4);
  g_assert_cmpuint (g_array_index (p->block_sizes, guint, 1), ==, 6);
}

static void
test_pgf_product (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  const StromaProductSchedule *product = p->product;

  g_assert_nonnull (product);
  g_assert_cmpfloat (product->dose_per_kg, ==, 1e6);
  g_assert_null (product->dose_levels);
  g_assert_cmpuint (product->n_doses, ==, 4);
  g_assert_cmpuint (product->interval_days, ==, 7);
  g_assert_cmpstr (product->relative_to, ==, "treatment_start");
  g_assert_cmpstr (product->delay_rule, ==, "shift-following");
  g_assert_cmpint (product->window_before_days, ==, 1);
  g_assert_cmpint (product->window_after_days, ==, 2);
  g_assert_cmpstr (product->window_status, ==, "site-default");
  g_assert_cmpfloat_with_epsilon (product->dose_deviation_threshold, 0.05, 1e-12);
  g_assert_cmpfloat (stroma_protocol_get_dose_per_kg (p, 0), ==, 1e6);
}

typedef struct
{
  const char *donor_type;
  const char *regimen_id;
  guint       index;
  const char *agent;
  double      dose;
  const char *dose_unit;
  const char *basis;
  const char *per;
  guint       doses_per_day;
  gint        days[8];         /* 0-terminated; conditioning days are never 0 */
  guint       n_doses;
  gboolean    optional;
} RegimenCase;

static const RegimenCase regimen_cases[] = {
  { "haplo", "haplo", 0, "Ara-C", 4, "g", "m2", "day", 1, { -10, -9 }, 2, FALSE },
  { "haplo", "haplo", 1, "Busulfan", 0.8, "mg", "kg", "dose", 4, { -8, -7 }, 8, FALSE },
  { "haplo", "haplo", 2, "Cyclophosphamide", 1.8, "g", "m2", "day", 1, { -5, -4 }, 2, FALSE },
  { "haplo", "haplo", 3, "Me-CCNU", 250, "mg", "m2", "day", 1, { -3 }, 1, FALSE },
  { "haplo", "haplo", 4, "ATG", 2.5, "mg", "kg", "day", 1, { -5, -4, -3, -2 }, 4, FALSE },
  { "smd", "smd", 0, "Busulfan", 0.8, "mg", "kg", "dose", 4, { -7, -6, -5, -4 }, 16, FALSE },
  { "smd", "smd", 1, "Cyclophosphamide", 60, "mg", "kg", "day", 1, { -3, -2 }, 2, FALSE },
  { "smd", "smd", 2, "ATG", 2.5, "mg", "kg", "day", 1, { -5, -4, -3, -2 }, 4, TRUE },
  { "umd", "umd", 0, "Busulfan", 0.8, "mg", "kg", "dose", 4, { -7, -6, -5, -4 }, 16, FALSE },
  { "umd", "umd", 1, "Cyclophosphamide", 60, "mg", "kg", "day", 1, { -3, -2 }, 2, FALSE },
  { "umd", "umd", 2, "ATG", 2.5, "mg", "kg", "day", 1, { -5, -4, -3, -2 }, 4, FALSE },
};

static void
test_pgf_regimens (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");

  g_assert_cmpuint (p->regimens->len, ==, 3);
  g_assert_null (stroma_protocol_find_regimen (p, "cord"));
  g_assert_null (stroma_protocol_find_regimen (p, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (regimen_cases); i++)
    {
      const RegimenCase *c = &regimen_cases[i];
      const StromaRegimen *regimen = stroma_protocol_find_regimen (p, c->donor_type);
      const StromaRegimenAgent *agent;

      g_test_message ("regimen case %u: %s %s", i, c->donor_type, c->agent);
      g_assert_nonnull (regimen);
      g_assert_cmpstr (regimen->id, ==, c->regimen_id);
      g_assert_cmpstr (regimen->layout_status, ==, "site-default");
      g_assert_cmpuint (c->index, <, regimen->agents->len);

      agent = regimen->agents->pdata[c->index];
      g_assert_nonnull (strstr (agent->agent, c->agent));
      g_assert_cmpfloat (agent->dose, ==, c->dose);
      g_assert_cmpstr (agent->dose_unit, ==, c->dose_unit);
      g_assert_cmpstr (agent->basis, ==, c->basis);
      g_assert_cmpstr (agent->per, ==, c->per);
      g_assert_cmpuint (agent->doses_per_day, ==, c->doses_per_day);
      assert_days (agent->days, c->days);
      g_assert_cmpuint (stroma_regimen_agent_get_n_doses (agent), ==, c->n_doses);
      g_assert_cmpint (agent->optional, ==, c->optional);
    }

  /* Every conditioning day is before day 0, and day −1 is left free. */
  for (guint i = 0; i < p->regimens->len; i++)
    {
      const StromaRegimen *regimen = p->regimens->pdata[i];

      for (guint j = 0; j < regimen->agents->len; j++)
        {
          const StromaRegimenAgent *agent = regimen->agents->pdata[j];

          for (guint k = 0; k < agent->days->len; k++)
            g_assert_cmpint (g_array_index (agent->days, gint, k), <, -1);
        }
    }

  g_assert_nonnull (p->mobilisation);
  g_assert_cmpuint (p->mobilisation->collections->len, ==, 2);
}

typedef struct
{
  const char *id;
  const char *kind;
  const char *field;    /* NULL: no rule */
  double      min;
  gboolean    min_inclusive;
  double      max;
  gboolean    max_inclusive;
  const char *unit;
  gboolean    relative_to_uln;
} CriterionCase;

#define NO_RULE NULL, NAN, FALSE, NAN, FALSE, NULL, FALSE

static const CriterionCase pgf_criteria[] = {
  { "inc-allo-hsct", "inclusion", NO_RULE },
  { "inc-age", "inclusion", "age", 18, TRUE, 60, TRUE, "years", FALSE },
  { "inc-kps", "inclusion", "kps", 60, FALSE, NAN, FALSE, "%", FALSE },
  { "inc-survival", "inclusion", "life_expectancy_months", 3, FALSE, NAN, FALSE, "months", FALSE },
  { "inc-consent", "inclusion", NO_RULE },
  { "exc-organ-dysfunction", "exclusion", NO_RULE },
  { "exc-investigator", "exclusion", NO_RULE },
};

static const CriterionCase crc_criteria[] = {
  { "inc-age", "inclusion", "age", 18, TRUE, NAN, FALSE, "years", FALSE },
  { "inc-measurable-disease", "inclusion", "measurable_lesions", 1, TRUE, NAN, FALSE, "lesions",
    FALSE },
  { "inc-lym", "inclusion", "LYM", 0.8, TRUE, NAN, FALSE, "10^9/L", FALSE },
  { "inc-anc", "inclusion", "NEUT", 1.5, TRUE, NAN, FALSE, "10^9/L", FALSE },
  { "inc-hgb", "inclusion", "HGB", 90, TRUE, NAN, FALSE, "g/L", FALSE },
  { "inc-plt", "inclusion", "PLAT", 75, TRUE, NAN, FALSE, "10^9/L", FALSE },
  { "inc-alt", "inclusion", "ALT", NAN, FALSE, 3, TRUE, "U/L", TRUE },
  { "inc-ast", "inclusion", "AST", NAN, FALSE, 3, TRUE, "U/L", TRUE },
  { "inc-creat", "inclusion", "CREAT", NAN, FALSE, 1.5, TRUE, "umol/L", TRUE },
  { "inc-aptt", "inclusion", "APTT", NAN, FALSE, 1.5, TRUE, "s", TRUE },
  { "inc-pt", "inclusion", "PT", NAN, FALSE, 1.5, TRUE, "s", TRUE },
  { "inc-inr", "inclusion", "INR", NAN, FALSE, 1.5, TRUE, "ratio", TRUE },
  { "inc-ecog", "inclusion", "ecog", 0, TRUE, 2, TRUE, NULL, FALSE },
  { "inc-diagnosis", "inclusion", NO_RULE },
};

static void
assert_criteria (const StromaProtocol *p,
                 const CriterionCase  *cases,
                 guint                 n)
{
  for (guint i = 0; i < n; i++)
    {
      const CriterionCase *c = &cases[i];
      const StromaCriterion *criterion = stroma_protocol_find_criterion (p, c->id);

      g_test_message ("criterion %s", c->id);
      g_assert_nonnull (criterion);
      g_assert_cmpstr (criterion->kind, ==, c->kind);
      g_assert_nonnull (criterion->text);

      if (c->field == NULL)
        {
          g_assert_false (criterion->has_rule);
          continue;
        }

      g_assert_true (criterion->has_rule);
      g_assert_cmpstr (criterion->field, ==, c->field);
      g_assert_cmpstr (criterion->unit, ==, c->unit);
      g_assert_cmpint (criterion->relative_to_uln, ==, c->relative_to_uln);

      if (isnan (c->min))
        {
          g_assert_true (isnan (criterion->min));
        }
      else
        {
          g_assert_cmpfloat (criterion->min, ==, c->min);
          g_assert_cmpint (criterion->min_inclusive, ==, c->min_inclusive);
        }

      if (isnan (c->max))
        {
          g_assert_true (isnan (criterion->max));
        }
      else
        {
          g_assert_cmpfloat (criterion->max, ==, c->max);
          g_assert_cmpint (criterion->max_inclusive, ==, c->max_inclusive);
        }
    }
}

static void
test_pgf_criteria (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  guint inclusion = 0, exclusion = 0;

  assert_criteria (p, pgf_criteria, G_N_ELEMENTS (pgf_criteria));

  for (guint i = 0; i < p->criteria->len; i++)
    {
      const StromaCriterion *criterion = p->criteria->pdata[i];

      if (g_str_equal (criterion->kind, "inclusion"))
        inclusion++;
      else
        exclusion++;
    }

  /* §4.2 has six items, the third split into KPS and survival; §4.3 has eight. */
  g_assert_cmpuint (inclusion, ==, 7);
  g_assert_cmpuint (exclusion, ==, 8);
  g_assert_cmpuint (p->discontinuation->len, ==, 6);
}

typedef struct
{
  const char         *id;
  const char         *definition;
  StromaEndpointKind  kind;
  const char         *test;
  StromaComparison    cmp;
  double              threshold;
  gboolean            has_upper;
  StromaComparison    upper_cmp;
  double              upper_threshold;
  guint               consecutive;
  const char         *count_by;
  const char         *product;
  guint               transfusion_free_days;
  gboolean            during_run;
  gboolean            after_nadir;
  const char         *relative_to;
  gint                assessment_day;
  const char         *group;
  const char         *category;
} EndpointCase;

static const EndpointCase pgf_endpoints[] = {
  { "neutrophil-engraftment", "protocol", STROMA_ENDPOINT_RUN, "NEUT", STROMA_CMP_GT, 0.5,
    FALSE, 0, 0, 3, "days", NULL, 0, FALSE, FALSE, "treatment_start", STROMA_PROTOCOL_NO_DAY,
    NULL, NULL },
  { "red-cell-response", "protocol", STROMA_ENDPOINT_RUN, "HGB", STROMA_CMP_GE, 70,
    FALSE, 0, 0, 1, "values", "RBC", 28, FALSE, FALSE, "treatment_start",
    STROMA_PROTOCOL_NO_DAY, NULL, NULL },
  { "platelet-cr", "protocol", STROMA_ENDPOINT_RUN, "PLAT", STROMA_CMP_GE, 50,
    FALSE, 0, 0, 7, "days", "PLT", 0, TRUE, FALSE, "treatment_start", STROMA_PROTOCOL_NO_DAY,
    "platelet-response", "CR" },
  { "platelet-pr", "protocol", STROMA_ENDPOINT_RUN, "PLAT", STROMA_CMP_GE, 20,
    TRUE, STROMA_CMP_LT, 50, 7, "days", "PLT", 0, TRUE, FALSE, "treatment_start",
    STROMA_PROTOCOL_NO_DAY, "platelet-response", "PR" },
  { "platelet-nr", "protocol", STROMA_ENDPOINT_FALLBACK, "PLAT", STROMA_CMP_LT, 20,
    FALSE, 0, 0, 0, NULL, "PLT", 0, FALSE, FALSE, "treatment_start", 56,
    "platelet-response", "NR" },
  { "registry-anc-recovery", "registry", STROMA_ENDPOINT_RUN, "NEUT", STROMA_CMP_GE, 0.5,
    FALSE, 0, 0, 3, "values", NULL, 0, FALSE, TRUE, "day0", STROMA_PROTOCOL_NO_DAY, NULL, NULL },
  { "registry-plt-20", "registry", STROMA_ENDPOINT_RUN, "PLAT", STROMA_CMP_GE, 20,
    FALSE, 0, 0, 3, "values", "PLT", 7, FALSE, FALSE, "day0", STROMA_PROTOCOL_NO_DAY, NULL, NULL },
  { "registry-plt-50", "registry", STROMA_ENDPOINT_RUN, "PLAT", STROMA_CMP_GE, 50,
    FALSE, 0, 0, 3, "values", "PLT", 7, FALSE, FALSE, "day0", STROMA_PROTOCOL_NO_DAY, NULL, NULL },
};

static void
test_pgf_endpoints (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");

  g_assert_cmpuint (p->endpoints->len, ==, G_N_ELEMENTS (pgf_endpoints));

  for (guint i = 0; i < G_N_ELEMENTS (pgf_endpoints); i++)
    {
      const EndpointCase *c = &pgf_endpoints[i];
      const StromaEndpoint *e = stroma_protocol_find_endpoint (p, c->id);

      g_test_message ("endpoint %s", c->id);
      g_assert_nonnull (e);
      g_assert_true (e == p->endpoints->pdata[i]);
      g_assert_cmpstr (e->definition, ==, c->definition);
      g_assert_cmpint (e->kind, ==, c->kind);
      g_assert_cmpstr (e->test_code, ==, c->test);
      g_assert_cmpstr (e->unit, ==, stroma_protocol_lab_unit (c->test));
      g_assert_cmpint (e->cmp, ==, c->cmp);
      g_assert_cmpfloat (e->threshold, ==, c->threshold);
      g_assert_cmpint (e->has_upper, ==, c->has_upper);
      if (c->has_upper)
        {
          g_assert_cmpint (e->upper_cmp, ==, c->upper_cmp);
          g_assert_cmpfloat (e->upper_threshold, ==, c->upper_threshold);
        }
      g_assert_cmpuint (e->consecutive, ==, c->consecutive);
      g_assert_cmpstr (e->count_by, ==, c->count_by);
      g_assert_cmpstr (e->product, ==, c->product);
      g_assert_cmpuint (e->transfusion_free_days, ==, c->transfusion_free_days);
      g_assert_cmpint (e->transfusion_free_during_run, ==, c->during_run);
      g_assert_cmpuint (e->dependent_days, ==, g_str_equal (e->id, "red-cell-response") ? 28 : 0);
      g_assert_cmpint (e->after_nadir, ==, c->after_nadir);
      g_assert_cmpstr (e->relative_to, ==, c->relative_to);
      g_assert_cmpint (e->assessment_day, ==, c->assessment_day);
      g_assert_cmpstr (e->group, ==, c->group);
      g_assert_cmpstr (e->category, ==, c->category);
      if (c->kind == STROMA_ENDPOINT_RUN)
        g_assert_cmpstr (e->event_day, ==, "first");
    }

  /* The protocol's ANC rule is strict, the registry's is not: they differ at exactly 0.5. */
  {
    const StromaEndpoint *protocol_anc, *registry_anc;

    protocol_anc = stroma_protocol_find_endpoint (p, "neutrophil-engraftment");
    registry_anc = stroma_protocol_find_endpoint (p, "registry-anc-recovery");

    g_assert_false (stroma_comparison_eval (protocol_anc->cmp, 0.5, protocol_anc->threshold));
    g_assert_true (stroma_comparison_eval (registry_anc->cmp, 0.5, registry_anc->threshold));
  }

  /* The red-cell window is an unverified default, and says so. */
  g_assert_cmpstr (stroma_protocol_find_endpoint (p, "red-cell-response")->status, ==,
                   "unverified");
}

static void
test_pgf_observation (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  static const gint lymph_days[] = { 30, 61, 91, 137, 183, 274, 365, 0 };
  const StromaObservationPhase *found[6] = { NULL };
  static const char * const ids[] = {
    "pgf-cbc", "pre-cbc", "post-lymph-subsets", "followup-later", "post-cbc-month1",
    "pre-as-needed"
  };

  for (guint i = 0; i < p->observation->len; i++)
    {
      const StromaObservationPhase *phase = p->observation->pdata[i];

      for (guint j = 0; j < G_N_ELEMENTS (ids); j++)
        {
          if (g_str_equal (phase->id, ids[j]))
            found[j] = phase;
        }

      /* Every test named is a lab code or an assessment of the protocol. */
      for (guint j = 0; phase->tests[j] != NULL; j++)
        g_assert_true (stroma_protocol_lab_unit (phase->tests[j]) != NULL ||
                       stroma_protocol_find_assessment (p, phase->tests[j]) != NULL);
    }

  for (guint j = 0; j < G_N_ELEMENTS (ids); j++)
    g_assert_nonnull (found[j]);

  /* PGF observation: daily blood counts from the start of study treatment. */
  g_assert_cmpstr (found[0]->relative_to, ==, "treatment_start");
  g_assert_cmpint (found[0]->start_day, ==, 0);
  g_assert_cmpint (found[0]->end_day, ==, 56);
  g_assert_cmpuint (found[0]->every_days, ==, 1);
  g_assert_cmpuint (found[0]->times, ==, 1);
  g_assert_true (g_strv_contains ((const char * const *) found[0]->tests, "cbc"));

  /* Twice a week = 2 per 7 days, until neutrophil recovery. */
  g_assert_cmpuint (found[1]->times, ==, 2);
  g_assert_cmpuint (found[1]->every_days, ==, 7);
  g_assert_cmpstr (found[1]->until_endpoint, ==, "registry-anc-recovery");

  assert_days (found[2]->days, lymph_days);
  g_assert_cmpuint (found[2]->every_days, ==, 0);

  g_assert_cmpint (found[3]->end_day, ==, STROMA_PROTOCOL_OPEN_END);
  g_assert_cmpuint (found[3]->every_days, ==, 365);

  g_assert_cmpstr (found[4]->relative_to, ==, "endpoint");
  g_assert_cmpstr (found[4]->anchor_endpoint, ==, "registry-anc-recovery");

  g_assert_true (found[5]->as_needed);
  g_assert_cmpuint (found[5]->every_days, ==, 0);

  g_assert_cmpstrv (stroma_protocol_find_assessment (p, "cbc")->tests,
                    ((const char * const []) { "WBC", "NEUT", "LYM", "HGB", "PLAT", NULL }));
}

static void
test_pgf_safety (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  const StromaSafety *safety = p->safety;
  guint n_suspend = 0;
  gboolean dose_reduction = FALSE, relapse = FALSE, dlt = FALSE;

  g_assert_nonnull (safety);
  g_assert_cmpstr (safety->ctcae_version, ==, "5.0");
  g_assert_cmpstr (safety->reporting_start, ==, "consent");
  g_assert_cmpuint (safety->reporting_days_after_last_treatment, ==, 183);
  g_assert_true (g_strv_contains ((const char * const *) safety->related_relationships,
                                  "probable"));
  g_assert_false (g_strv_contains ((const char * const *) safety->related_relationships,
                                   "unlikely"));

  for (guint i = 0; i < safety->rules->len; i++)
    {
      const StromaSafetyRule *rule = safety->rules->pdata[i];

      if (g_str_equal (rule->action, "suspend-trial"))
        {
          g_assert_cmpstr (rule->after, ==, "infusion");
          g_assert_cmpuint (rule->window_days, ==, 14);
          n_suspend++;

          /* Ventilation is recorded as CTCAE respiratory failure, grade 4 or worse. */
          if (g_str_equal (rule->event, "mechanical-ventilation"))
            {
              g_assert_cmpstrv (rule->terms,
                                ((const char * const []) { "Respiratory failure", NULL }));
              g_assert_cmpuint (rule->min_grade, ==, 4);
              g_assert_true (rule->needs_review);
            }
          else
            {
              g_assert_null (rule->terms);
            }
        }
      else if (g_str_equal (rule->action, "flag-dose-reduction"))
        {
          g_assert_cmpuint (rule->min_grade, ==, 3);
          g_assert_true (rule->related_only);
          g_assert_cmpstr (rule->after, ==, "infusion");
          dose_reduction = TRUE;
        }
      else if (g_str_equal (rule->action, "stop-product"))
        {
          g_assert_cmpstr (rule->event, ==, "relapse");
          g_assert_cmpstr (rule->after, ==, "day0");
          g_assert_cmpuint (rule->window_days, ==, 84);
          relapse = TRUE;
        }
      else if (g_str_equal (rule->id, "dlt"))
        {
          g_assert_cmpuint (rule->min_grade, ==, 3);
          g_assert_true (rule->related_only);
          g_assert_false (rule->needs_review);
          dlt = TRUE;
        }
    }

  /* Mechanical ventilation, grade 4 related toxicity, death. */
  g_assert_cmpuint (n_suspend, ==, 3);
  g_assert_true (dose_reduction);
  g_assert_true (relapse);
  g_assert_true (dlt);
}

typedef struct
{
  double      plt;
  const char *action;    /* NULL: no titration */
} TitrationCase;

static void
test_pgf_titration (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  static const TitrationCase cases[] = {
    { 10, "increase" }, { 49.9, "increase" }, { 50, NULL }, { 199, NULL }, { 200, "decrease" },
    { 300, "decrease" }, { 400, "decrease" }, { 400.1, "stop" }, { 900, "stop" },
  };
  const StromaCareItem *tpo_ra = stroma_protocol_find_care (p, "tpo-ra");

  g_assert_nonnull (tpo_ra);
  g_assert_cmpfloat (tpo_ra->dose_min, ==, 1);
  g_assert_cmpstr (tpo_ra->dose_unit, ==, "tablet");
  g_assert_cmpstrv (tpo_ra->arms, ((const char * const []) { "msc", "control", NULL }));
  /* The text states no highest level. */
  g_assert_cmpuint (tpo_ra->max_level, ==, 0);
  g_assert_cmpuint (p->titration->len, ==, 3);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *action = NULL;

      for (guint j = 0; j < p->titration->len; j++)
        {
          const StromaTitrationRule *rule = p->titration->pdata[j];

          g_assert_cmpstr (rule->care, ==, "tpo-ra");
          g_assert_cmpstr (rule->test_code, ==, "PLAT");

          if (stroma_comparison_eval (rule->cmp, cases[i].plt, rule->threshold) &&
              (!rule->has_upper ||
               stroma_comparison_eval (rule->upper_cmp, cases[i].plt, rule->upper_threshold)))
            {
              g_assert_null (action);   /* the rules do not overlap */
              action = rule->action;

              if (g_str_equal (action, "increase"))
                g_assert_cmpuint (rule->min_days, ==, 14);
              if (!g_str_equal (action, "stop"))
                g_assert_cmpuint (rule->steps, ==, 1);
            }
        }

      g_test_message ("PLT %g", cases[i].plt);
      g_assert_cmpstr (action, ==, cases[i].action);
    }
}

static void
test_pgf_statistics (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  const StromaStatistics *s = p->statistics;

  g_assert_nonnull (s);
  g_assert_cmpfloat (s->p1, ==, 0.76);
  g_assert_cmpfloat (s->p2, ==, 0.38);
  g_assert_cmpfloat (s->alpha, ==, 0.05);
  g_assert_cmpfloat (s->power, ==, 0.80);
  g_assert_cmpuint (s->sides, ==, 1);
  g_assert_false (s->continuity_correction);
  g_assert_cmpfloat (s->dropout, ==, 0.10);
  g_assert_cmpstr (s->dropout_rule, ==, "multiply");
  g_assert_cmpuint (s->stated_n_per_arm, ==, 31);
  g_assert_cmpuint (s->stated_n_per_arm_with_dropout, ==, 34);

  /* The protocol's own dropout arithmetic: 31 × 1.1 → 34. */
  g_assert_cmpuint ((guint) floor (s->stated_n_per_arm * (1 + s->dropout)), ==,
                    s->stated_n_per_arm_with_dropout);
}

typedef struct
{
  const char *path;
  const char *kind;
  const char *source;
  const char *original;
} NoteCase;

static void
test_pgf_notes (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-pgf");
  /* The known defects of the text, each beside what it affects. */
  static const NoteCase cases[] = {
    { "$", "defect", "§5.2", "cut off" },
    { "$.regimens[1]", "contradiction", "§6.3.1", "Bu+Cy+ATG" },
    { "$.regimens[0].agents[1]", "unverified", "§6.3.1", "×2d" },
    { "$.product", "contradiction", "§5.1", "cord blood" },
    { "$.titration[0]", "contradiction", "§6.4", "increasing one dose level if PLT reaches" },
    { "$.endpoints[0]", "interpretation", "§6.7", "exceeding" },
    { "$.endpoints[1]", "unverified", "§6.7", "no longer require" },
    { "$.statistics", "contradiction", "§8", "one-sided" },
    { "$.statistics", "interpretation", "§8", "10%" },
    { "$.safety.rules[6]", "interpretation", "§7.3.3", "preventive" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("note at %s", cases[i].path);
      g_assert_true (has_note (p, cases[i].path, cases[i].kind, cases[i].source,
                               cases[i].original));
    }
}

static void
test_crc (void)
{
  g_autoptr(StromaProtocol) p = load_shipped ("msc-crc");
  const StromaDoseEscalation *e = p->escalation;
  static const NoteCase notes[] = {
    { "$.eligibility[0]", "defect", "criterion 1", "less than 18" },
    { "$.eligibility[2]", "defect", "criterion 3", "very few" },
    { "$.eligibility[4]", "defect", "criterion 5", "Severe abnormalities" },
    { "$.product", "site-default", NULL, "every 21 days" },
  };

  g_assert_cmpstr (p->design, ==, "dose-escalation");
  g_assert_cmpstr (p->allocation_method, ==, "cohort");
  g_assert_cmpuint (p->arms->len, ==, 1);
  g_assert_null (p->strata);
  g_assert_null (p->stratify_by);
  g_assert_cmpuint (p->block_sizes->len, ==, 0);
  g_assert_cmpuint (p->regimens->len, ==, 0);
  g_assert_null (p->statistics);

  g_assert_nonnull (e);
  g_assert_cmpstr (e->rule, ==, "3+3");
  g_assert_cmpuint (e->cohort_size, ==, 3);
  g_assert_cmpuint (e->escalate_max_dlt, ==, 0);
  g_assert_cmpuint (e->expand_max_dlt, ==, 1);
  g_assert_cmpuint (e->expansion_size, ==, 3);
  g_assert_cmpuint (e->expanded_escalate_max_dlt, ==, 1);

  g_assert_nonnull (p->product);
  g_assert_true (isnan (p->product->dose_per_kg));
  g_assert_nonnull (p->product->dose_levels);
  g_assert_cmpuint (p->product->dose_levels->len, ==, 3);
  g_assert_cmpstr (p->product->dose_levels_status, ==, "placeholder");
  g_assert_cmpuint (p->product->n_doses, ==, 0);
  g_assert_cmpuint (p->product->interval_days, ==, 21);
  g_assert_cmpfloat (stroma_protocol_get_dose_per_kg (p, 2), ==, 1e6);
  g_assert_true (isnan (stroma_protocol_get_dose_per_kg (p, 0)));
  g_assert_true (isnan (stroma_protocol_get_dose_per_kg (p, 4)));

  assert_criteria (p, crc_criteria, G_N_ELEMENTS (crc_criteria));
  for (guint i = 0; i < p->criteria->len; i++)
    g_assert_cmpstr (((StromaCriterion *) p->criteria->pdata[i])->kind, ==, "inclusion");

  for (guint i = 0; i < G_N_ELEMENTS (notes); i++)
    {
      g_test_message ("note at %s", notes[i].path);
      g_assert_true (has_note (p, notes[i].path, notes[i].kind, notes[i].source,
                               notes[i].original));
    }
}

/* Comparisons and small helpers */

typedef struct
{
  StromaComparison cmp;
  double           value;
  double           threshold;
  gboolean         expected;
} ComparisonCase;

static void
test_comparison_eval (void)
{
  static const ComparisonCase cases[] = {
    { STROMA_CMP_LT, 0.4, 0.5, TRUE },
    { STROMA_CMP_LT, 0.5, 0.5, FALSE },
    { STROMA_CMP_LE, 0.5, 0.5, TRUE },
    { STROMA_CMP_LE, 0.6, 0.5, FALSE },
    { STROMA_CMP_GT, 0.5, 0.5, FALSE },
    { STROMA_CMP_GT, 0.51, 0.5, TRUE },
    { STROMA_CMP_GE, 0.5, 0.5, TRUE },
    { STROMA_CMP_GE, 0.49, 0.5, FALSE },
    /* Unit conversion noise does not move a value across a boundary. */
    { STROMA_CMP_GE, 0.1 + 0.2, 0.3, TRUE },
    { STROMA_CMP_LT, 0.1 + 0.2, 0.3, FALSE },
    { STROMA_CMP_GT, 0.1 + 0.2, 0.3, FALSE },
    { STROMA_CMP_GE, NAN, 0.5, FALSE },
    { STROMA_CMP_LT, NAN, 0.5, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("comparison case %u", i);
      g_assert_cmpint (stroma_comparison_eval (cases[i].cmp, cases[i].value, cases[i].threshold),
                       ==, cases[i].expected);
    }
}

static void
test_comparison_strings (void)
{
  static const char * const strings[] = { "<", "<=", ">", ">=" };
  StromaComparison cmp;

  for (guint i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      g_assert_true (stroma_comparison_from_string (strings[i], &cmp));
      g_assert_cmpint (cmp, ==, (StromaComparison) i);
      g_assert_cmpstr (stroma_comparison_to_string (cmp), ==, strings[i]);
    }

  g_assert_false (stroma_comparison_from_string ("=>", &cmp));
  g_assert_false (stroma_comparison_from_string ("==", &cmp));
  g_assert_false (stroma_comparison_from_string (NULL, &cmp));
}

static void
test_lab_units (void)
{
  g_assert_cmpstr (stroma_protocol_lab_unit ("PLAT"), ==, "10^9/L");
  g_assert_cmpstr (stroma_protocol_lab_unit ("HGB"), ==, "g/L");
  g_assert_cmpstr (stroma_protocol_lab_unit ("CREAT"), ==, "umol/L");
  g_assert_cmpstr (stroma_protocol_lab_unit ("ALT"), ==, "U/L");
  g_assert_null (stroma_protocol_lab_unit ("PLT"));
  g_assert_null (stroma_protocol_lab_unit (NULL));
}

/* Minimal protocols the error cases are derived from: tests/data/minimal-*.json */

typedef enum
{
  BASE_RANDOMIZED,
  BASE_ESCALATION,
  N_BASES
} Base;

static char *bases[N_BASES];

static void
load_bases (void)
{
  static const char * const files[N_BASES] = {
    "minimal-randomized.json",
    "minimal-escalation.json",
  };

  for (guint i = 0; i < N_BASES; i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", files[i], NULL);
      g_autoptr(GError) error = NULL;

      g_file_get_contents (path, &bases[i], NULL, &error);
      g_assert_no_error (error);
    }
}

/* Replaces (or with REMOVE deletes) the value at @path, e.g. "regimens[0].agents[0].dose". */
static void apply_edit (JsonNode   *root,
                        const char *path,
                        const char *value);

#define REMOVE NULL

static char *
edit_base (Base        base,
           const char *path,
           const char *value)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;

  root = json_from_string (bases[base], &error);
  g_assert_no_error (error);
  apply_edit (root, path, value);

  return json_to_string (root, TRUE);
}



static void
test_minimal_load (void)
{
  for (guint i = 0; i < N_BASES; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StromaProtocol) p = stroma_protocol_load_data (bases[i], -1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (p);
      g_assert_cmpstr (p->source_json, ==, bases[i]);
    }
}

static void
test_minimal_defaults (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaProtocol) p = stroma_protocol_load_data (bases[BASE_RANDOMIZED], -1, &error);
  const StromaNote *note;

  g_assert_no_error (error);

  /* Unset optional members take documented defaults. */
  g_assert_cmpstr (p->bsa_formula, ==, "mosteller");
  g_assert_cmpuint (p->bsa_decimals, ==, 2);
  g_assert_cmpfloat (p->dose_deviation_threshold, ==, 0.10);
  g_assert_cmpfloat (p->product->dose_deviation_threshold, ==, 0.05);
  g_assert_cmpstr (p->product->window_status, ==, "protocol");
  g_assert_cmpstr (p->product->weight_basis, ==, "actual");
  g_assert_cmpstr (p->mobilisation->recipient, ==, "donor");
  g_assert_cmpuint (((StromaEndpoint *) p->endpoints->pdata[0])->max_gap_days, ==, 0);
  g_assert_cmpstr (((StromaEndpoint *) p->endpoints->pdata[0])->event_day, ==, "first");
  g_assert_cmpuint (((StromaEndpoint *) p->endpoints->pdata[0])->transfusion_free_days, ==, 0);
  g_assert_cmpfloat (p->statistics->allocation_ratio, ==, 1);
  g_assert_nonnull (p->safety->sae_criteria);
  g_assert_null (p->masking);

  g_assert_cmpuint (p->notes->len, ==, 1);
  note = p->notes->pdata[0];
  g_assert_cmpstr (note->path, ==, "$");
  g_assert_cmpstr (note->reading, ==, "y");

  /* Lookups of what is not there. */
  g_assert_null (stroma_protocol_find_criterion (p, "ecog"));
  g_assert_null (stroma_protocol_find_endpoint (p, "pr"));
  g_assert_null (stroma_protocol_find_assessment (p, "lft"));
  g_assert_null (stroma_protocol_find_care (p, "g-csf"));
  g_assert_null (stroma_protocol_find_criterion (p, NULL));

  stroma_protocol_free (NULL);
}

static void
test_minimal_optional_sections (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = edit_base (BASE_ESCALATION, "product.dose_levels_status", REMOVE);
  g_autoptr(StromaProtocol) p = NULL;
  g_autoptr(StromaProtocol) q = NULL;

  /* Dose levels without a status are the protocol's own. */
  p = stroma_protocol_load_data (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (p->product->dose_levels_status, ==, "protocol");
  g_assert_cmpfloat (stroma_protocol_get_dose_per_kg (p, 1), ==, 5e5);

  /* A single-arm trial without product, regimens, endpoints or safety rules. */
  q = stroma_protocol_load_data (
    "{ \"format_version\": 1, \"id\": \"obs\", \"version\": \"2\", \"title\": \"Registry\","
    "  \"short_title\": \"Reg\", \"design\": \"single-arm\", \"subject_code_prefix\": \"R\","
    "  \"subject_code_digits\": 4,"
    "  \"allocation\": { \"method\": \"cohort\", \"arms\": [ { \"id\": \"all\", \"label\": \"All\","
    "                    \"ratio\": 1, \"receives_product\": false } ] },"
    "  \"eligibility\": [ { \"id\": \"c\", \"kind\": \"inclusion\", \"text\": \"Consent\" } ] }",
    -1, &error);
  g_assert_no_error (error);
  g_assert_null (q->product);
  g_assert_null (q->safety);
  g_assert_null (q->escalation);
  g_assert_null (q->mobilisation);
  g_assert_cmpuint (q->endpoints->len, ==, 0);
  g_assert_true (isnan (stroma_protocol_get_dose_per_kg (q, 1)));
  g_assert_null (stroma_protocol_find_regimen (q, "haplo"));
  {
    g_autofree char *code = stroma_protocol_format_subject_code (q, 12);

    g_assert_cmpstr (code, ==, "R0012");
  }
}

static void
test_minimal_standard_care_default_arms (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = edit_base (BASE_RANDOMIZED, "standard_care[0].arms", REMOVE);
  g_autoptr(StromaProtocol) p = NULL;

  /* Standard care without "arms" is given in every arm. */
  p = stroma_protocol_load_data (text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (stroma_protocol_find_care (p, "tpo")->arms,
                    ((const char * const []) { "a", "b", NULL }));
}

static void
test_load_data_length (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaProtocol) p = NULL;
  gsize n = strlen (bases[BASE_ESCALATION]);
  /* Not nul-terminated: the loader must honour the length. */
  g_autofree char *buffer = g_malloc (n + 5);

  memcpy (buffer, bases[BASE_ESCALATION], n);
  memcpy (buffer + n, "junk", 4);
  buffer[n + 4] = '\0';

  p = stroma_protocol_load_data (buffer, n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpuint (strlen (p->source_json), ==, n);
}

/* Error cases: each takes a minimal protocol, edits it, and names the error it expects. */

typedef struct
{
  const char *path;    /* e.g. "regimens[0].agents[0].dose" */
  const char *value;   /* JSON text with ' for ", or REMOVE */
} Edit;

typedef struct
{
  const char          *name;
  Base                 base;
  Edit                 edits[3];
  StromaProtocolError  code;
  const char          *message;   /* expected start of the message: the JSON path and ':' */
} EditCase;

#define CY_AGENT \
  "{'agent': 'Cy', 'dose': 60, 'dose_unit': 'mg', 'basis': 'kg', 'per': 'day', 'days': [-2]}"
#define R BASE_RANDOMIZED
#define E BASE_ESCALATION
#define ERR(x) STROMA_PROTOCOL_ERROR_##x

static const EditCase edit_cases[] = {
  /* Top level */
  { "format-missing", R, { { "format_version", REMOVE } }, ERR (MISSING), "$.format_version:" },
  { "format-newer", R, { { "format_version", "2" } }, ERR (UNSUPPORTED), "$.format_version:" },
  { "format-string", R, { { "format_version", "'1'" } }, ERR (TYPE), "$.format_version:" },
  { "format-negative", R, { { "format_version", "-1" } }, ERR (RANGE), "$.format_version:" },
  { "unknown-member", R, { { "colour", "'blue'" } }, ERR (UNKNOWN_MEMBER), "$.colour:" },
  { "title-missing", R, { { "title", REMOVE } }, ERR (MISSING), "$.title:" },
  { "title-null", R, { { "title", "null" } }, ERR (TYPE), "$.title:" },
  { "title-number", R, { { "title", "5" } }, ERR (TYPE), "$.title:" },
  { "title-blank", R, { { "title", "'  '" } }, ERR (VALUE), "$.title:" },
  { "id-not-identifier", R, { { "id", "'my trial'" } }, ERR (VALUE), "$.id:" },
  { "id-number", R, { { "id", "7" } }, ERR (TYPE), "$.id:" },
  { "design-unknown", R, { { "design", "'crossover'" } }, ERR (VALUE), "$.design:" },
  { "masking-unknown", R, { { "masking", "'triple'" } }, ERR (VALUE), "$.masking:" },
  { "digits-double", R, { { "subject_code_digits", "3.0" } }, ERR (TYPE),
    "$.subject_code_digits:" },
  { "digits-range", R, { { "subject_code_digits", "12" } }, ERR (RANGE), "$.subject_code_digits:" },
  { "bsa-formula", R, { { "bsa_formula", "'haycock'" } }, ERR (VALUE), "$.bsa_formula:" },
  { "bsa-decimals", R, { { "bsa_decimals", "5" } }, ERR (RANGE), "$.bsa_decimals:" },
  { "deviation-range", R, { { "dose_deviation_threshold", "1.5" } }, ERR (RANGE),
    "$.dose_deviation_threshold:" },
  { "deviation-string", R, { { "dose_deviation_threshold", "'10%'" } }, ERR (TYPE),
    "$.dose_deviation_threshold:" },
  { "identifiers-type", R, { { "subject_identifiers", "'initials'" } }, ERR (TYPE),
    "$.subject_identifiers:" },
  { "identifiers-element", R, { { "subject_identifiers", "[1]" } }, ERR (TYPE),
    "$.subject_identifiers[0]:" },
  { "identifiers-blank", R, { { "subject_identifiers", "['']" } }, ERR (VALUE),
    "$.subject_identifiers[0]:" },
  { "identifiers-repeat", R, { { "subject_identifiers", "['initials', 'initials']" } },
    ERR (DUPLICATE), "$.subject_identifiers[1]:" },

  /* Notes */
  { "notes-type", R, { { "notes", "'see text'" } }, ERR (TYPE), "$.notes:" },
  { "notes-element", R, { { "notes", "['see text']" } }, ERR (TYPE), "$.notes[0]:" },
  { "note-reading-missing", R, { { "notes[0].reading", REMOVE } }, ERR (MISSING),
    "$.notes[0].reading:" },
  { "note-kind", R, { { "notes[0].kind", "'typo'" } }, ERR (VALUE), "$.notes[0].kind:" },
  { "note-unknown-member", R, { { "notes[0].page", "3" } }, ERR (UNKNOWN_MEMBER),
    "$.notes[0].page:" },
  { "nested-note-reading", R,
    { { "regimens[0].agents[0].notes", "[{'original': 'x'}]" } }, ERR (MISSING),
    "$.regimens[0].agents[0].notes[0].reading:" },

  /* Outcomes and timeline */
  { "outcomes-type", R, { { "outcomes", "[]" } }, ERR (TYPE), "$.outcomes:" },
  { "outcomes-primary", R, { { "outcomes.primary", "'Recovery'" } }, ERR (TYPE),
    "$.outcomes.primary:" },
  { "outcomes-unknown", R, { { "outcomes.tertiary", "[]" } }, ERR (UNKNOWN_MEMBER),
    "$.outcomes.tertiary:" },
  { "timeline-start", R, { { "timeline[0].start", "'2024-13'" } }, ERR (VALUE),
    "$.timeline[0].start:" },
  { "timeline-end", R, { { "timeline[0].end", "'Dec 2024'" } }, ERR (VALUE),
    "$.timeline[0].end:" },
  { "timeline-order", R, { { "timeline[0].end", "'2023-12'" } }, ERR (RANGE),
    "$.timeline[0].end:" },
  { "timeline-element", R, { { "timeline", "[2024]" } }, ERR (TYPE), "$.timeline[0]:" },
  { "timeline-text-missing", R, { { "timeline[0].text", REMOVE } }, ERR (MISSING),
    "$.timeline[0].text:" },

  /* Allocation */
  { "allocation-missing", R, { { "allocation", REMOVE } }, ERR (MISSING), "$.allocation:" },
  { "allocation-type", R, { { "allocation", "[]" } }, ERR (TYPE), "$.allocation:" },
  { "method-unknown", R, { { "allocation.method", "'minimization'" } }, ERR (VALUE),
    "$.allocation.method:" },
  { "arms-empty", R, { { "allocation.arms", "[]" } }, ERR (VALUE), "$.allocation.arms:" },
  { "arm-ratio-zero", R, { { "allocation.arms[1].ratio", "0" } }, ERR (RANGE),
    "$.allocation.arms[1].ratio:" },
  { "arm-ratio-fraction", R, { { "allocation.arms[1].ratio", "1.5" } }, ERR (RANGE),
    "$.allocation.arms[1].ratio:" },
  { "arm-receives-string", R, { { "allocation.arms[0].receives_product", "'yes'" } }, ERR (TYPE),
    "$.allocation.arms[0].receives_product:" },
  { "arm-receives-missing", R, { { "allocation.arms[0].receives_product", REMOVE } },
    ERR (MISSING), "$.allocation.arms[0].receives_product:" },
  { "arm-duplicate", R, { { "allocation.arms[1].id", "'a'" } }, ERR (DUPLICATE),
    "$.allocation.arms[1].id:" },
  { "arm-unknown-member", R, { { "allocation.arms[0].weight", "1" } }, ERR (UNKNOWN_MEMBER),
    "$.allocation.arms[0].weight:" },
  { "randomized-one-arm", R,
    { { "allocation.arms", "[{'id': 'a', 'label': 'A', 'ratio': 1, 'receives_product': true}]" } },
    ERR (RANGE), "$.allocation.arms:" },
  { "single-arm-two-arms", R, { { "design", "'single-arm'" } }, ERR (RANGE),
    "$.allocation.arms:" },
  { "strata-without-stratify-by", R, { { "allocation.stratify_by", REMOVE } }, ERR (MISSING),
    "$.allocation.stratify_by:" },
  { "stratify-by-without-strata", R, { { "allocation.strata", REMOVE } }, ERR (MISSING),
    "$.allocation.strata:" },
  { "stratify-by-not-identifier", R, { { "allocation.stratify_by", "'donor type'" } },
    ERR (VALUE), "$.allocation.stratify_by:" },
  { "strata-type", R, { { "allocation.strata", "'x, y'" } }, ERR (TYPE),
    "$.allocation.strata:" },
  { "stratified-without-strata", R,
    { { "allocation.strata", REMOVE }, { "allocation.stratify_by", REMOVE } }, ERR (MISSING),
    "$.allocation.strata:" },
  { "strata-element", R, { { "allocation.strata", "['x']" } }, ERR (TYPE),
    "$.allocation.strata[0]:" },
  { "stratum-duplicate", R, { { "allocation.strata[1].id", "'x'" } }, ERR (DUPLICATE),
    "$.allocation.strata[1].id:" },
  { "stratum-label-missing", R, { { "allocation.strata[0].label", REMOVE } }, ERR (MISSING),
    "$.allocation.strata[0].label:" },
  { "blocks-missing", R, { { "allocation.block_sizes", REMOVE } }, ERR (MISSING),
    "$.allocation.block_sizes:" },
  { "blocks-empty", R, { { "allocation.block_sizes", "[]" } }, ERR (VALUE),
    "$.allocation.block_sizes:" },
  { "block-not-integer", R, { { "allocation.block_sizes", "[4, '6']" } }, ERR (TYPE),
    "$.allocation.block_sizes[1]:" },
  { "block-zero", R, { { "allocation.block_sizes", "[0]" } }, ERR (RANGE),
    "$.allocation.block_sizes[0]:" },
  { "block-not-multiple", R, { { "allocation.block_sizes", "[4, 3]" } }, ERR (RANGE),
    "$.allocation.block_sizes[1]:" },
  { "block-not-multiple-of-ratio-sum", R,
    { { "allocation.arms[0].ratio", "2" }, { "allocation.block_sizes", "[3, 4]" } }, ERR (RANGE),
    "$.allocation.block_sizes[1]:" },
  { "block-repeat", R, { { "allocation.block_sizes", "[4, 4]" } }, ERR (DUPLICATE),
    "$.allocation.block_sizes[1]:" },
  { "blocks-with-cohort", E, { { "allocation.block_sizes", "[2]" } }, ERR (VALUE),
    "$.allocation.block_sizes:" },
  { "target-total", R, { { "allocation.target_total", "5" } }, ERR (RANGE),
    "$.allocation.target_total:" },
  { "target-total-type", R, { { "allocation.target_total", "4.0" } }, ERR (TYPE),
    "$.allocation.target_total:" },
  { "target-negative", R, { { "allocation.arms[0].target", "-1" } }, ERR (RANGE),
    "$.allocation.arms[0].target:" },

  /* Assessments */
  { "assessment-duplicate", R,
    { { "assessments", "[{'id': 'c', 'label': 'C', 'tests': []},"
                       " {'id': 'c', 'label': 'D', 'tests': []}]" } },
    ERR (DUPLICATE), "$.assessments[1].id:" },
  { "assessment-lab-code", R, { { "assessments[0].id", "'NEUT'" } }, ERR (DUPLICATE),
    "$.assessments[0].id:" },
  { "assessment-test-unknown", R, { { "assessments[0].tests", "['NEUT', 'PLT']" } },
    ERR (REFERENCE), "$.assessments[0].tests[1]:" },
  { "assessment-tests-missing", R, { { "assessments[0].tests", REMOVE } }, ERR (MISSING),
    "$.assessments[0].tests:" },

  /* Eligibility */
  { "eligibility-missing", R, { { "eligibility", REMOVE } }, ERR (MISSING), "$.eligibility:" },
  { "eligibility-type", R, { { "eligibility", "{}" } }, ERR (TYPE), "$.eligibility:" },
  { "eligibility-empty", R, { { "eligibility", "[]" } }, ERR (VALUE), "$.eligibility:" },
  { "criterion-not-object", R, { { "eligibility[0]", "'adult'" } }, ERR (TYPE),
    "$.eligibility[0]:" },
  { "criterion-kind", R, { { "eligibility[0].kind", "'inclusive'" } }, ERR (VALUE),
    "$.eligibility[0].kind:" },
  { "criterion-text-missing", R, { { "eligibility[0].text", REMOVE } }, ERR (MISSING),
    "$.eligibility[0].text:" },
  { "criterion-duplicate", R, { { "eligibility[1].id", "'age'" } }, ERR (DUPLICATE),
    "$.eligibility[1].id:" },
  { "rule-type", R, { { "eligibility[0].rule", "'age >= 18'" } }, ERR (TYPE),
    "$.eligibility[0].rule:" },
  { "rule-field-unknown", R, { { "eligibility[0].rule.field", "'height'" } }, ERR (REFERENCE),
    "$.eligibility[0].rule.field:" },
  { "rule-field-missing", R, { { "eligibility[0].rule.field", REMOVE } }, ERR (MISSING),
    "$.eligibility[0].rule.field:" },
  { "rule-no-bounds", R,
    { { "eligibility[0].rule", "{'field': 'age'}" } }, ERR (MISSING), "$.eligibility[0].rule:" },
  { "rule-min-string", R, { { "eligibility[0].rule.min", "'18'" } }, ERR (TYPE),
    "$.eligibility[0].rule.min:" },
  { "rule-min-inclusive-missing", R, { { "eligibility[0].rule.min_inclusive", REMOVE } },
    ERR (MISSING), "$.eligibility[0].rule.min_inclusive:" },
  { "rule-max-inclusive-missing", R, { { "eligibility[0].rule.max_inclusive", REMOVE } },
    ERR (MISSING), "$.eligibility[0].rule.max_inclusive:" },
  { "rule-min-inclusive-alone", R, { { "eligibility[0].rule.min", REMOVE } }, ERR (VALUE),
    "$.eligibility[0].rule.min_inclusive:" },
  { "rule-max-inclusive-alone", R, { { "eligibility[0].rule.max", REMOVE } }, ERR (VALUE),
    "$.eligibility[0].rule.max_inclusive:" },
  { "rule-inclusive-string", R, { { "eligibility[0].rule.min_inclusive", "'yes'" } },
    ERR (TYPE), "$.eligibility[0].rule.min_inclusive:" },
  { "rule-uln-not-lab", R, { { "eligibility[0].rule.relative_to_uln", "true" } }, ERR (VALUE),
    "$.eligibility[0].rule.relative_to_uln:" },
  { "rule-uln-min-zero", R,
    { { "eligibility[1].rule.min", "0" }, { "eligibility[1].rule.min_inclusive", "true" } },
    ERR (RANGE), "$.eligibility[1].rule.min:" },
  { "rule-uln-max-zero", R, { { "eligibility[1].rule.max", "0" } }, ERR (RANGE),
    "$.eligibility[1].rule.max:" },
  { "rule-lab-min-negative", R,
    { { "eligibility[1].rule.relative_to_uln", "false" }, { "eligibility[1].rule.min", "-1" },
      { "eligibility[1].rule.min_inclusive", "true" } },
    ERR (RANGE), "$.eligibility[1].rule.min:" },
  { "rule-lab-max-negative", R,
    { { "eligibility[1].rule.relative_to_uln", "false" }, { "eligibility[1].rule.max", "-1" } },
    ERR (RANGE), "$.eligibility[1].rule.max:" },
  { "rule-age-min-range", R, { { "eligibility[0].rule.min", "-1" } }, ERR (RANGE),
    "$.eligibility[0].rule.min:" },
  { "rule-age-max-range", R, { { "eligibility[0].rule.max", "200" } }, ERR (RANGE),
    "$.eligibility[0].rule.max:" },
  { "rule-min-above-max", R, { { "eligibility[0].rule.min", "70" } }, ERR (RANGE),
    "$.eligibility[0].rule.max:" },
  { "rule-empty-interval", R,
    { { "eligibility[0].rule.min", "60" }, { "eligibility[0].rule.min_inclusive", "false" } },
    ERR (RANGE), "$.eligibility[0].rule.max:" },
  { "rule-lab-unit-missing", R, { { "eligibility[1].rule.unit", REMOVE } }, ERR (MISSING),
    "$.eligibility[1].rule.unit:" },
  { "rule-lab-unit-wrong", R, { { "eligibility[1].rule.unit", "'IU/L'" } }, ERR (VALUE),
    "$.eligibility[1].rule.unit:" },
  { "rule-unknown-member", R, { { "eligibility[0].rule.minimum", "18" } }, ERR (UNKNOWN_MEMBER),
    "$.eligibility[0].rule.minimum:" },

  /* Discontinuation */
  { "discontinuation-kind", R, { { "discontinuation[0].kind", "'pause'" } }, ERR (VALUE),
    "$.discontinuation[0].kind:" },
  { "discontinuation-duplicate", R,
    { { "discontinuation", "[{'id': 'w', 'kind': 'removal', 'text': 'A'},"
                           " {'id': 'w', 'kind': 'removal', 'text': 'B'}]" } },
    ERR (DUPLICATE), "$.discontinuation[1].id:" },

  /* Regimens */
  { "regimens-type", R, { { "regimens", "{}" } }, ERR (TYPE), "$.regimens:" },
  { "regimen-donor-unknown", R, { { "regimens[0].donor_types", "['z']" } }, ERR (REFERENCE),
    "$.regimens[0].donor_types[0]:" },
  { "regimen-donor-empty", R, { { "regimens[0].donor_types", "[]" } }, ERR (VALUE),
    "$.regimens[0].donor_types:" },
  { "regimen-donor-repeat", R, { { "regimens[0].donor_types", "['x', 'x']" } },
    ERR (DUPLICATE), "$.regimens[0].donor_types[1]:" },
  { "regimen-donor-twice", R,
    { { "regimens[1]", "{'id': 'rx2', 'label': 'Rx2', 'donor_types': ['y', 'x'],"
                       " 'layout_status': 'protocol', 'agents': [" CY_AGENT "]}" } },
    ERR (DUPLICATE), "$.regimens[1].donor_types[1]:" },
  { "regimen-donor-no-strata", R,
    { { "allocation.method", "'blocks'" }, { "allocation.strata", REMOVE },
      { "allocation.stratify_by", REMOVE } },
    ERR (REFERENCE), "$.regimens[0].donor_types[0]:" },
  { "regimen-duplicate", R,
    { { "regimens[1]", "{'id': 'rx', 'label': 'Rx2', 'donor_types': ['y'],"
                       " 'layout_status': 'protocol', 'agents': [" CY_AGENT "]}" } },
    ERR (DUPLICATE), "$.regimens[1].id:" },
  { "regimen-layout-status", R, { { "regimens[0].layout_status", "'guess'" } }, ERR (VALUE),
    "$.regimens[0].layout_status:" },
  { "regimen-layout-missing", R, { { "regimens[0].layout_status", REMOVE } }, ERR (MISSING),
    "$.regimens[0].layout_status:" },
  { "regimen-agents-missing", R, { { "regimens[0].agents", REMOVE } }, ERR (MISSING),
    "$.regimens[0].agents:" },
  { "regimen-agent-not-object", R, { { "regimens[0].agents", "['Bu']" } }, ERR (TYPE),
    "$.regimens[0].agents[0]:" },
  { "agent-dose-zero", R, { { "regimens[0].agents[0].dose", "0" } }, ERR (RANGE),
    "$.regimens[0].agents[0].dose: must be a positive number" },
  { "agent-dose-negative", R, { { "regimens[0].agents[0].dose", "-0.8" } }, ERR (RANGE),
    "$.regimens[0].agents[0].dose:" },
  { "agent-dose-string", R, { { "regimens[0].agents[0].dose", "'0.8 mg'" } }, ERR (TYPE),
    "$.regimens[0].agents[0].dose:" },
  { "agent-dose-unit", R, { { "regimens[0].agents[0].dose_unit", "'mg/kg'" } }, ERR (VALUE),
    "$.regimens[0].agents[0].dose_unit:" },
  { "agent-basis", R, { { "regimens[0].agents[0].basis", "'lb'" } }, ERR (VALUE),
    "$.regimens[0].agents[0].basis:" },
  { "agent-per", R, { { "regimens[0].agents[0].per", "'week'" } }, ERR (VALUE),
    "$.regimens[0].agents[0].per:" },
  { "agent-doses-per-day", R, { { "regimens[0].agents[0].doses_per_day", "0" } }, ERR (RANGE),
    "$.regimens[0].agents[0].doses_per_day:" },
  { "agent-route", R, { { "regimens[0].agents[0].route", "'nasal'" } }, ERR (VALUE),
    "$.regimens[0].agents[0].route:" },
  { "agent-optional-type", R, { { "regimens[0].agents[0].optional", "1" } }, ERR (TYPE),
    "$.regimens[0].agents[0].optional:" },
  { "agent-days-missing", R, { { "regimens[0].agents[0].days", REMOVE } }, ERR (MISSING),
    "$.regimens[0].agents[0].days:" },
  { "agent-days-empty", R, { { "regimens[0].agents[0].days", "[]" } }, ERR (VALUE),
    "$.regimens[0].agents[0].days:" },
  { "agent-day-fraction", R, { { "regimens[0].agents[0].days", "[-3, -2.5]" } }, ERR (TYPE),
    "$.regimens[0].agents[0].days[1]:" },
  { "agent-day-zero", R, { { "regimens[0].agents[0].days", "[-1, 0]" } }, ERR (RANGE),
    "$.regimens[0].agents[0].days[1]:" },
  { "agent-day-positive", R, { { "regimens[0].agents[0].days[0]", "3" } }, ERR (RANGE),
    "$.regimens[0].agents[0].days[0]:" },
  { "agent-day-too-early", R, { { "regimens[0].agents[0].days[0]", "-61" } }, ERR (RANGE),
    "$.regimens[0].agents[0].days[0]:" },
  { "agent-day-repeat", R, { { "regimens[0].agents[0].days", "[-3, -3]" } }, ERR (DUPLICATE),
    "$.regimens[0].agents[0].days[1]:" },
  { "agent-unknown-member", R, { { "regimens[0].agents[0].dosee", "1" } }, ERR (UNKNOWN_MEMBER),
    "$.regimens[0].agents[0].dosee:" },

  /* Mobilisation */
  { "mobilisation-recipient", R, { { "mobilisation.recipient", "'recipient'" } }, ERR (VALUE),
    "$.mobilisation.recipient:" },
  { "mobilisation-day-zero", R, { { "mobilisation.agents[0].days", "[0, 1]" } }, ERR (RANGE),
    "$.mobilisation.agents[0].days[0]:" },
  { "mobilisation-agents-missing", R, { { "mobilisation.agents", REMOVE } }, ERR (MISSING),
    "$.mobilisation.agents:" },
  { "collection-product", R, { { "mobilisation.collections[0].product", "'CB'" } },
    ERR (VALUE), "$.mobilisation.collections[0].product:" },
  { "collection-day", R, { { "mobilisation.collections[0].day", "0" } }, ERR (RANGE),
    "$.mobilisation.collections[0].day:" },
  { "collection-not-object", R, { { "mobilisation.collections", "[5]" } }, ERR (TYPE),
    "$.mobilisation.collections[0]:" },

  /* Product */
  { "product-missing", R, { { "product", REMOVE } }, ERR (MISSING), "$.product:" },
  { "product-no-dose", R, { { "product.dose_per_kg", REMOVE } }, ERR (MISSING), "$.product:" },
  { "product-both-doses", R, { { "product.dose_levels", "[1e6]" } }, ERR (VALUE),
    "$.product.dose_levels:" },
  { "product-dose-zero", R, { { "product.dose_per_kg", "0" } }, ERR (RANGE),
    "$.product.dose_per_kg:" },
  { "product-dose-string", R, { { "product.dose_per_kg", "'1e6/kg'" } }, ERR (TYPE),
    "$.product.dose_per_kg:" },
  { "product-levels-status-alone", R, { { "product.dose_levels_status", "'protocol'" } },
    ERR (VALUE), "$.product.dose_levels_status:" },
  { "product-name-missing", R, { { "product.name", REMOVE } }, ERR (MISSING), "$.product.name:" },
  { "product-n-doses-missing", R, { { "product.n_doses", REMOVE } }, ERR (MISSING),
    "$.product.n_doses:" },
  { "product-interval-zero", R, { { "product.interval_days", "0" } }, ERR (RANGE),
    "$.product.interval_days:" },
  { "product-relative-to", R, { { "product.relative_to", "'randomization'" } }, ERR (VALUE),
    "$.product.relative_to:" },
  { "product-window-negative", R, { { "product.window_before_days", "-1" } }, ERR (RANGE),
    "$.product.window_before_days:" },
  { "product-windows-overlap", R, { { "product.window_before_days", "3" },
                                    { "product.window_after_days", "4" } },
    ERR (RANGE), "$.product.window_after_days:" },
  { "product-window-status", R, { { "product.window_status", "'guess'" } }, ERR (VALUE),
    "$.product.window_status:" },
  { "product-delay-rule", R, { { "product.delay_rule", "'skip'" } }, ERR (VALUE),
    "$.product.delay_rule:" },
  { "product-weight-basis", R, { { "product.weight_basis", "'lean'" } }, ERR (VALUE),
    "$.product.weight_basis:" },
  { "product-deviation", R, { { "product.dose_deviation_threshold", "1" } }, ERR (RANGE),
    "$.product.dose_deviation_threshold:" },
  { "product-deviation-negative", R, { { "product.dose_deviation_threshold", "-0.05" } },
    ERR (RANGE), "$.product.dose_deviation_threshold:" },
  { "product-type", R, { { "product", "[]" } }, ERR (TYPE), "$.product:" },
  { "levels-empty", E, { { "product.dose_levels", "[]" } }, ERR (VALUE), "$.product.dose_levels:" },
  { "levels-string", E, { { "product.dose_levels", "[5e5, '1e6']" } }, ERR (TYPE),
    "$.product.dose_levels[1]:" },
  { "levels-zero", E, { { "product.dose_levels", "[0, 1e6]" } }, ERR (RANGE),
    "$.product.dose_levels[0]:" },
  { "levels-not-increasing", E, { { "product.dose_levels", "[1e6, 1e6]" } }, ERR (RANGE),
    "$.product.dose_levels[1]:" },
  { "levels-status", E, { { "product.dose_levels_status", "'draft'" } }, ERR (VALUE),
    "$.product.dose_levels_status:" },

  /* Dose escalation */
  { "escalation-missing", E, { { "dose_escalation", REMOVE } }, ERR (MISSING),
    "$.dose_escalation:" },
  { "escalation-not-cohort", E,
    { { "allocation.method", "'blocks'" }, { "allocation.block_sizes", "[1]" } }, ERR (VALUE),
    "$.allocation.method:" },
  { "escalation-wrong-design", E, { { "design", "'single-arm'" } }, ERR (VALUE),
    "$.dose_escalation:" },
  { "escalation-without-levels", E,
    { { "product.dose_levels", REMOVE }, { "product.dose_levels_status", REMOVE },
      { "product.dose_per_kg", "1e6" } },
    ERR (MISSING), "$.product.dose_levels:" },
  { "escalation-without-product", E,
    { { "product", REMOVE }, { "allocation.arms[0].receives_product", "false" } }, ERR (MISSING),
    "$.product:" },
  { "escalation-rule", E, { { "dose_escalation.rule", "'2+4'" } }, ERR (VALUE),
    "$.dose_escalation.rule:" },
  { "escalation-cohort-zero", E, { { "dose_escalation.cohort_size", "0" } }, ERR (RANGE),
    "$.dose_escalation.cohort_size:" },
  { "escalation-escalate-max", E, { { "dose_escalation.escalate_max_dlt", "3" } }, ERR (RANGE),
    "$.dose_escalation.escalate_max_dlt:" },
  { "escalation-expand-below", E,
    { { "dose_escalation.escalate_max_dlt", "1" }, { "dose_escalation.expand_max_dlt", "0" } },
    ERR (RANGE), "$.dose_escalation.expand_max_dlt:" },
  { "escalation-expansion-zero", E, { { "dose_escalation.expansion_size", "0" } }, ERR (RANGE),
    "$.dose_escalation.expansion_size:" },
  { "escalation-expanded-max", E, { { "dose_escalation.expanded_escalate_max_dlt", "6" } },
    ERR (RANGE), "$.dose_escalation.expanded_escalate_max_dlt:" },
  { "escalation-start-level", E, { { "dose_escalation.start_level", "4" } }, ERR (RANGE),
    "$.dose_escalation.start_level:" },
  { "escalation-unknown-member", E, { { "dose_escalation.mtd", "2" } }, ERR (UNKNOWN_MEMBER),
    "$.dose_escalation.mtd:" },

  /* Standard care and titration */
  { "care-duplicate", R,
    { { "standard_care", "[{'id': 't', 'agent': 'A'}, {'id': 't', 'agent': 'B'}]" },
      { "titration", REMOVE } },
    ERR (DUPLICATE), "$.standard_care[1].id:" },
  { "care-dose-zero", R, { { "standard_care[0].dose_min", "0" } }, ERR (RANGE),
    "$.standard_care[0].dose_min:" },
  { "care-dose-max-below-min", R, { { "standard_care[0].dose_max", "0.5" } }, ERR (RANGE),
    "$.standard_care[0].dose_max:" },
  { "care-dose-max-missing", R, { { "standard_care[0].dose_max", REMOVE } }, ERR (MISSING),
    "$.standard_care[0].dose_max:" },
  { "care-dose-unit", R, { { "standard_care[0].dose_unit", "'pill'" } }, ERR (VALUE),
    "$.standard_care[0].dose_unit:" },
  { "care-unit-without-dose", R,
    { { "standard_care[0].dose_min", REMOVE }, { "standard_care[0].dose_max", REMOVE } },
    ERR (VALUE), "$.standard_care[0].dose_unit:" },
  { "care-arm-unknown", R, { { "standard_care[0].arms", "['a', 'c']" } }, ERR (REFERENCE),
    "$.standard_care[0].arms[1]:" },
  { "care-max-level-zero", R, { { "standard_care[0].max_level", "0" } }, ERR (RANGE),
    "$.standard_care[0].max_level:" },
  { "care-max-level-string", R, { { "standard_care[0].max_level", "'4'" } }, ERR (TYPE),
    "$.standard_care[0].max_level:" },
  { "care-arms-empty", R, { { "standard_care[0].arms", "[]" } }, ERR (VALUE),
    "$.standard_care[0].arms:" },
  { "titration-care-unknown", R, { { "titration[0].care", "'tpo-ra'" } }, ERR (REFERENCE),
    "$.titration[0].care:" },
  { "titration-test-unknown", R, { { "titration[0].test", "'PLT'" } }, ERR (REFERENCE),
    "$.titration[0].test:" },
  { "titration-comparison", R, { { "titration[0].comparison", "'=<'" } }, ERR (VALUE),
    "$.titration[0].comparison:" },
  { "titration-action", R, { { "titration[0].action", "'double'" } }, ERR (VALUE),
    "$.titration[0].action:" },
  { "titration-steps-missing", R, { { "titration[0].steps", REMOVE } }, ERR (MISSING),
    "$.titration[0].steps:" },
  { "titration-steps-zero", R, { { "titration[0].steps", "0" } }, ERR (RANGE),
    "$.titration[0].steps:" },
  { "titration-stop-steps", R, { { "titration[0].action", "'stop'" } }, ERR (VALUE),
    "$.titration[0].steps:" },
  { "titration-duplicate", R,
    { { "titration", "[{'id': 'u', 'care': 'tpo', 'test': 'PLAT', 'comparison': '>',"
                     "   'threshold': 400, 'action': 'stop'},"
                     "  {'id': 'u', 'care': 'tpo', 'test': 'PLAT', 'comparison': '>',"
                     "   'threshold': 500, 'action': 'stop'}]" } },
    ERR (DUPLICATE), "$.titration[1].id:" },

  /* Endpoints */
  { "endpoint-test-unknown", R, { { "endpoints[0].test", "'ANC'" } }, ERR (REFERENCE),
    "$.endpoints[0].test:" },
  { "endpoint-test-missing", R, { { "endpoints[0].test", REMOVE } }, ERR (MISSING),
    "$.endpoints[0].test:" },
  { "endpoint-unit-type", R, { { "endpoints[0].unit", "9" } }, ERR (TYPE),
    "$.endpoints[0].unit:" },
  { "endpoint-unit-wrong", R, { { "endpoints[0].unit", "'/uL'" } }, ERR (VALUE),
    "$.endpoints[0].unit:" },
  { "endpoint-comparison", R, { { "endpoints[0].comparison", "'=>'" } }, ERR (VALUE),
    "$.endpoints[0].comparison:" },
  { "endpoint-comparison-missing", R, { { "endpoints[0].comparison", REMOVE } }, ERR (MISSING),
    "$.endpoints[0].comparison:" },
  { "endpoint-threshold-negative", R, { { "endpoints[0].threshold", "-0.5" } }, ERR (RANGE),
    "$.endpoints[0].threshold:" },
  { "endpoint-threshold-string", R, { { "endpoints[0].threshold", "'0.5'" } }, ERR (TYPE),
    "$.endpoints[0].threshold:" },
  { "endpoint-upper-threshold-missing", R, { { "endpoints[1].upper_threshold", REMOVE } },
    ERR (MISSING), "$.endpoints[1].upper_threshold:" },
  { "endpoint-upper-comparison-missing", R, { { "endpoints[1].upper_comparison", REMOVE } },
    ERR (MISSING), "$.endpoints[1].upper_comparison:" },
  { "endpoint-lower-not-lower", R, { { "endpoints[1].comparison", "'<'" } }, ERR (VALUE),
    "$.endpoints[1].comparison:" },
  { "endpoint-upper-not-upper", R, { { "endpoints[1].upper_comparison", "'>='" } }, ERR (VALUE),
    "$.endpoints[1].upper_comparison:" },
  { "endpoint-upper-below", R, { { "endpoints[1].upper_threshold", "50" } }, ERR (RANGE),
    "$.endpoints[1].upper_threshold:" },
  { "endpoint-kind", R, { { "endpoints[0].kind", "'window'" } }, ERR (VALUE),
    "$.endpoints[0].kind:" },
  { "endpoint-definition", R, { { "endpoints[0].definition", "'ebmt'" } }, ERR (VALUE),
    "$.endpoints[0].definition:" },
  { "endpoint-relative-to", R, { { "endpoints[0].relative_to", "'screening'" } }, ERR (VALUE),
    "$.endpoints[0].relative_to:" },
  { "endpoint-status", R, { { "endpoints[0].status", "'maybe'" } }, ERR (VALUE),
    "$.endpoints[0].status:" },
  { "endpoint-consecutive-missing", R, { { "endpoints[0].consecutive", REMOVE } }, ERR (MISSING),
    "$.endpoints[0].consecutive:" },
  { "endpoint-consecutive-zero", R, { { "endpoints[0].consecutive", "0" } }, ERR (RANGE),
    "$.endpoints[0].consecutive:" },
  { "endpoint-count-by", R, { { "endpoints[0].count_by", "'weeks'" } }, ERR (VALUE),
    "$.endpoints[0].count_by:" },
  { "endpoint-event-day", R, { { "endpoints[0].event_day", "'middle'" } }, ERR (VALUE),
    "$.endpoints[0].event_day:" },
  { "endpoint-max-gap", R, { { "endpoints[0].max_gap_days", "-1" } }, ERR (RANGE),
    "$.endpoints[0].max_gap_days:" },
  { "endpoint-after-nadir", R, { { "endpoints[0].after_nadir", "'true'" } }, ERR (TYPE),
    "$.endpoints[0].after_nadir:" },
  { "endpoint-product", R, { { "endpoints[1].product", "'FFP'" } }, ERR (VALUE),
    "$.endpoints[1].product:" },
  { "endpoint-free-days-no-product", R, { { "endpoints[0].transfusion_free_days", "7" } },
    ERR (MISSING), "$.endpoints[0].product:" },
  { "endpoint-during-run-no-product", R, { { "endpoints[1].product", REMOVE } }, ERR (MISSING),
    "$.endpoints[1].product:" },
  { "time-zone", R, { { "time_zone", "'Middle/Earth'" } }, ERR (VALUE), "$.time_zone:" },
  { "endpoint-dependent-no-product", R, { { "endpoints[0].dependent_days", "28" } },
    ERR (MISSING), "$.endpoints[0].product:" },
  { "endpoint-dependent-range", R, { { "endpoints[1].dependent_days", "400" } }, ERR (RANGE),
    "$.endpoints[1].dependent_days:" },
  { "fallback-dependent", R, { { "endpoints[2].dependent_days", "28" } }, ERR (VALUE),
    "$.endpoints[2].dependent_days:" },
  { "endpoint-assessment-day", R, { { "endpoints[2].assessment_day", "-1" } }, ERR (RANGE),
    "$.endpoints[2].assessment_day:" },
  { "endpoint-category-no-group", R, { { "endpoints[1].group", REMOVE } }, ERR (MISSING),
    "$.endpoints[1].group:" },
  { "fallback-run-member", R, { { "endpoints[2].consecutive", "3" } }, ERR (VALUE),
    "$.endpoints[2].consecutive:" },
  { "fallback-no-group", R,
    { { "endpoints[2].group", REMOVE }, { "endpoints[2].category", REMOVE } },
    ERR (MISSING), "$.endpoints[2].group:" },
  { "fallback-no-assessment-day", R, { { "endpoints[2].assessment_day", REMOVE } }, ERR (MISSING),
    "$.endpoints[2].assessment_day:" },
  { "fallback-group-without-run", R,
    { { "endpoints[2].group", "'other'" } }, ERR (REFERENCE), "$.endpoints[2].group:" },
  { "fallback-twice", R,
    { { "endpoints[0]", "{'id': 'nr0', 'label': 'NR0', 'definition': 'protocol',"
                        " 'kind': 'fallback', 'group': 'plt', 'test': 'PLAT', 'comparison': '<',"
                        " 'threshold': 20, 'relative_to': 'treatment_start',"
                        " 'assessment_day': 28}" },
      { "observation[0].anchor_endpoint", "'cr'" } },
    ERR (DUPLICATE), "$.endpoints[2].kind:" },
  { "endpoint-category-repeat", R, { { "endpoints[2].category", "'CR'" } }, ERR (DUPLICATE),
    "$.endpoints[2].category:" },
  { "endpoint-duplicate", R, { { "endpoints[1].id", "'anc'" } }, ERR (DUPLICATE),
    "$.endpoints[1].id:" },
  { "endpoint-not-object", R, { { "endpoints[0]", "'anc'" } }, ERR (TYPE), "$.endpoints[0]:" },

  /* Observation */
  { "observation-relative-to", R, { { "observation[1].relative_to", "'transplant'" } },
    ERR (VALUE), "$.observation[1].relative_to:" },
  { "observation-anchor-missing", R, { { "observation[0].anchor_endpoint", REMOVE } },
    ERR (MISSING), "$.observation[0].anchor_endpoint:" },
  { "observation-anchor-unknown", R, { { "observation[0].anchor_endpoint", "'engraftment'" } },
    ERR (REFERENCE), "$.observation[0].anchor_endpoint:" },
  { "observation-anchor-not-endpoint", R, { { "observation[1].anchor_endpoint", "'anc'" } },
    ERR (VALUE), "$.observation[1].anchor_endpoint:" },
  { "observation-after-unknown", R, { { "observation[1].after_endpoint", "'x'" } },
    ERR (REFERENCE), "$.observation[1].after_endpoint:" },
  { "observation-until-unknown", R, { { "observation[1].until_endpoint", "'x'" } },
    ERR (REFERENCE), "$.observation[1].until_endpoint:" },
  { "observation-start-missing", R, { { "observation[1].start_day", REMOVE } }, ERR (MISSING),
    "$.observation[1].start_day:" },
  { "observation-end-before-start", R, { { "observation[1].end_day", "-1" } }, ERR (RANGE),
    "$.observation[1].end_day:" },
  { "observation-no-frequency", R, { { "observation[1].days", REMOVE } }, ERR (MISSING),
    "$.observation[1]:" },
  { "observation-two-frequencies", R, { { "observation[1].every_days", "7" } }, ERR (VALUE),
    "$.observation[1]:" },
  { "observation-as-needed-and-days", R, { { "observation[1].as_needed", "true" } }, ERR (VALUE),
    "$.observation[1]:" },
  { "observation-every-zero", R, { { "observation[0].every_days", "0" } }, ERR (RANGE),
    "$.observation[0].every_days:" },
  { "observation-times-zero", R, { { "observation[0].times", "0" } }, ERR (RANGE),
    "$.observation[0].times:" },
  { "observation-times-without-every", R, { { "observation[1].times", "2" } }, ERR (VALUE),
    "$.observation[1].times:" },
  { "observation-day-outside", R, { { "observation[1].days", "[30, 101]" } }, ERR (RANGE),
    "$.observation[1].days[1]:" },
  { "observation-day-repeat", R, { { "observation[1].days", "[30, 30]" } }, ERR (DUPLICATE),
    "$.observation[1].days[1]:" },
  { "observation-day-string", R, { { "observation[1].days", "['30']" } }, ERR (TYPE),
    "$.observation[1].days[0]:" },
  { "observation-days-type", R, { { "observation[1].days", "30" } }, ERR (TYPE),
    "$.observation[1].days:" },
  { "observation-as-needed-type", R, { { "observation[1].as_needed", "'yes'" } }, ERR (TYPE),
    "$.observation[1].as_needed:" },
  { "observation-test-unknown", R, { { "observation[0].tests", "['cbc', 'lft']" } },
    ERR (REFERENCE), "$.observation[0].tests[1]:" },
  { "observation-tests-empty", R, { { "observation[0].tests", "[]" } }, ERR (VALUE),
    "$.observation[0].tests:" },
  { "observation-duplicate", R, { { "observation[1].id", "'o1'" } }, ERR (DUPLICATE),
    "$.observation[1].id:" },

  /* Safety */
  { "safety-ctcae", R, { { "safety.ctcae_version", "'6.0'" } }, ERR (VALUE),
    "$.safety.ctcae_version:" },
  { "safety-related-missing", R, { { "safety.related_relationships", REMOVE } }, ERR (MISSING),
    "$.safety.related_relationships:" },
  { "safety-related-unknown", R, { { "safety.related_relationships", "['maybe']" } },
    ERR (VALUE), "$.safety.related_relationships[0]:" },
  { "safety-sae-unknown", R, { { "safety.sae_criteria", "['death', 'bad']" } }, ERR (VALUE),
    "$.safety.sae_criteria[1]:" },
  { "safety-reporting-start", R, { { "safety.reporting.start", "'enrolment'" } }, ERR (VALUE),
    "$.safety.reporting.start:" },
  { "safety-reporting-days", R, { { "safety.reporting.days_after_last_treatment", REMOVE } },
    ERR (MISSING), "$.safety.reporting.days_after_last_treatment:" },
  { "safety-reporting-unknown", R, { { "safety.reporting.end", "1" } }, ERR (UNKNOWN_MEMBER),
    "$.safety.reporting.end:" },
  { "safety-rules-element", R, { { "safety.rules", "[1]" } }, ERR (TYPE), "$.safety.rules[0]:" },
  { "safety-rules-type", R, { { "safety.rules", "{}" } }, ERR (TYPE), "$.safety.rules:" },
  { "safety-rule-event", R, { { "safety.rules[0].event", "'fever'" } }, ERR (VALUE),
    "$.safety.rules[0].event:" },
  { "safety-rule-grade", R, { { "safety.rules[0].min_grade", "6" } }, ERR (RANGE),
    "$.safety.rules[0].min_grade:" },
  { "safety-rule-grade-not-ae", R, { { "safety.rules[0].event", "'death'" } }, ERR (VALUE),
    "$.safety.rules[0].min_grade:" },
  { "safety-rule-related-not-ae", R,
    { { "safety.rules[0].event", "'death'" }, { "safety.rules[0].min_grade", REMOVE } },
    ERR (VALUE), "$.safety.rules[0].related_only:" },
  { "safety-rule-window-without-after", R, { { "safety.rules[0].after", REMOVE } },
    ERR (MISSING), "$.safety.rules[0].after:" },
  { "safety-rule-terms-not-ae", R,
    { { "safety.rules[0].event", "'relapse'" }, { "safety.rules[0].min_grade", REMOVE },
      { "safety.rules[0].terms", "['Relapse']" } },
    ERR (VALUE), "$.safety.rules[0].terms:" },
  { "safety-rule-ventilation-terms-missing", R,
    { { "safety.rules[0].event", "'mechanical-ventilation'" },
      { "safety.rules[0].related_only", REMOVE } },
    ERR (MISSING), "$.safety.rules[0].terms:" },
  { "safety-rule-ventilation-related", R,
    { { "safety.rules[0].event", "'mechanical-ventilation'" },
      { "safety.rules[0].terms", "['Respiratory failure']" } },
    ERR (VALUE), "$.safety.rules[0].related_only:" },
  { "safety-rule-terms-empty", R, { { "safety.rules[0].terms", "[]" } }, ERR (VALUE),
    "$.safety.rules[0].terms:" },
  { "safety-rule-terms-blank", R, { { "safety.rules[0].terms", "['']" } }, ERR (VALUE),
    "$.safety.rules[0].terms[0]:" },
  { "safety-rule-after", R, { { "safety.rules[0].after", "'consent'" } }, ERR (VALUE),
    "$.safety.rules[0].after:" },
  { "safety-rule-action", R, { { "safety.rules[0].action", "'panic'" } }, ERR (VALUE),
    "$.safety.rules[0].action:" },
  { "safety-rule-text-missing", R, { { "safety.rules[0].text", REMOVE } }, ERR (MISSING),
    "$.safety.rules[0].text:" },
  { "safety-rule-duplicate", R,
    { { "safety.rules", "[{'id': 'd', 'text': 'A', 'event': 'death',"
                        "   'action': 'suspend-trial'},"
                        "  {'id': 'd', 'text': 'B', 'event': 'relapse',"
                        "   'action': 'stop-product'}]" } },
    ERR (DUPLICATE), "$.safety.rules[1].id:" },

  /* Statistics */
  { "statistics-test", R, { { "statistics.test", "'log-rank'" } }, ERR (VALUE),
    "$.statistics.test:" },
  { "statistics-p1-one", R, { { "statistics.p1", "1" } }, ERR (RANGE), "$.statistics.p1:" },
  { "statistics-p2-zero", R, { { "statistics.p2", "0" } }, ERR (RANGE), "$.statistics.p2:" },
  { "statistics-equal-rates", R, { { "statistics.p2", "0.76" } }, ERR (RANGE),
    "$.statistics.p2:" },
  { "statistics-alpha", R, { { "statistics.alpha", "0" } }, ERR (RANGE), "$.statistics.alpha:" },
  { "statistics-power", R, { { "statistics.power", "80" } }, ERR (RANGE), "$.statistics.power:" },
  { "statistics-sides", R, { { "statistics.sides", "3" } }, ERR (RANGE), "$.statistics.sides:" },
  { "statistics-cc-missing", R, { { "statistics.continuity_correction", REMOVE } },
    ERR (MISSING), "$.statistics.continuity_correction:" },
  { "statistics-ratio", R, { { "statistics.allocation_ratio", "0" } }, ERR (RANGE),
    "$.statistics.allocation_ratio:" },
  { "statistics-dropout", R, { { "statistics.dropout", "1" } }, ERR (RANGE),
    "$.statistics.dropout:" },
  { "statistics-dropout-rule", R, { { "statistics.dropout_rule", "'add'" } }, ERR (VALUE),
    "$.statistics.dropout_rule:" },
  { "statistics-stated-order", R, { { "statistics.stated_n_per_arm_with_dropout", "30" } },
    ERR (RANGE), "$.statistics.stated_n_per_arm_with_dropout:" },
  { "statistics-unknown", R, { { "statistics.beta", "0.2" } }, ERR (UNKNOWN_MEMBER),
    "$.statistics.beta:" },
};

#undef CY_AGENT
#undef R
#undef E
#undef ERR

static JsonNode *
parse_value (const char *value)
{
  g_autofree char *json = g_strdelimit (g_strdup (value), "'", '"');
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);

  return node;
}

static void
apply_edit (JsonNode   *root,
            const char *path,
            const char *value)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = root;
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = NULL;
      const char *bracket = strchr (parts[i], '[');
      gboolean last_part = i + 1 == n;
      JsonObject *obj;

      name = bracket ? g_strndup (parts[i], bracket - parts[i]) : g_strdup (parts[i]);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      obj = json_node_get_object (node);

      if (bracket == NULL && last_part)
        {
          if (value == REMOVE)
            {
              g_assert_true (json_object_has_member (obj, name));
              json_object_remove_member (obj, name);
            }
          else
            {
              json_object_set_member (obj, name, parse_value (value));
            }
          return;
        }

      g_assert_true (json_object_has_member (obj, name));
      node = json_object_get_member (obj, name);

      while (bracket != NULL)
        {
          guint index = (guint) g_ascii_strtoull (bracket + 1, NULL, 10);
          JsonArray *array;

          g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
          array = json_node_get_array (node);
          bracket = strchr (bracket + 1, '[');

          if (bracket == NULL && last_part)
            {
              g_assert_cmpuint (index, <=, json_array_get_length (array));

              if (value == REMOVE)
                {
                  json_array_remove_element (array, index);
                }
              else
                {
                  JsonNode *replacement = parse_value (value);

                  if (index == json_array_get_length (array))
                    {
                      json_array_add_element (array, replacement);
                    }
                  else
                    {
                      /* JsonArray cannot replace an element: rebuild it. */
                      g_autoptr(JsonArray) rebuilt = json_array_new ();

                      for (guint k = 0; k < json_array_get_length (array); k++)
                        {
                          JsonNode *element = json_array_get_element (array, k);

                          json_array_add_element (rebuilt, k == index ? replacement
                                                                      : json_node_copy (element));
                        }
                      json_node_set_array (node, rebuilt);
                    }
                }
              return;
            }

          g_assert_cmpuint (index, <, json_array_get_length (array));
          node = json_array_get_element (array, index);
        }
    }
}

static void
assert_load_error (const char          *text,
                   gssize               length,
                   StromaProtocolError  code,
                   const char          *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaProtocol) p = stroma_protocol_load_data (text, length, &error);

  g_assert_null (p);
  g_assert_error (error, STROMA_PROTOCOL_ERROR, (gint) code);
  g_test_message ("message: %s", error->message);
  if (!g_str_has_prefix (error->message, message))
    g_error ("expected a message starting with “%s”, got “%s”", message, error->message);
}

static void
test_error_edits (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (edit_cases); i++)
    {
      const EditCase *c = &edit_cases[i];
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      g_test_message ("edit case %u: %s", i, c->name);

      root = json_from_string (bases[c->base], &error);
      g_assert_no_error (error);

      for (guint j = 0; j < G_N_ELEMENTS (c->edits) && c->edits[j].path != NULL; j++)
        apply_edit (root, c->edits[j].path, c->edits[j].value);

      text = json_to_string (root, TRUE);
      assert_load_error (text, -1, c->code, c->message);
    }
}

typedef struct
{
  const char          *name;
  const char          *find;      /* NULL: use replace as the whole text */
  const char          *replace;
  StromaProtocolError  code;
  const char          *message;
} TextCase;

static void
test_error_texts (void)
{
  static const TextCase cases[] = {
    { "empty", NULL, "", STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "blank", NULL, " \n\t\n", STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "not-json", NULL, "protocol: msc-pgf", STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "truncated", NULL, "{ \"format_version\": 1, \"id\": ", STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "trailing-comma", "\"version\": \"1.0\",", "\"version\": \"1.0\",,",
      STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "nan", "\"threshold\": 0.5", "\"threshold\": NaN", STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "root-array", NULL, "[{\"format_version\": 1}]", STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "root-null", NULL, "null", STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "root-string", NULL, "\"msc-pgf\"", STROMA_PROTOCOL_ERROR_PARSE, "$: " },
    { "invalid-utf8", "Minimal trial", "Minimal \xff\xfe trial", STROMA_PROTOCOL_ERROR_PARSE,
      "$: " },
    { "repeated-member", "\"version\": \"1.0\",", "\"version\": \"1.0\", \"version\": \"2.0\",",
      STROMA_PROTOCOL_ERROR_DUPLICATE, "$.version:" },
    { "repeated-nested-member", "\"method\": \"stratified-blocks\",",
      "\"method\": \"stratified-blocks\", \"method\": \"blocks\",",
      STROMA_PROTOCOL_ERROR_DUPLICATE, "$.allocation.method:" },
    { "repeated-member-in-array", "\"dose\": 0.8,", "\"dose\": 0.8, \"dose\": 8,",
      STROMA_PROTOCOL_ERROR_DUPLICATE, "$.regimens[0].agents[0].dose:" },
    /* Overflows to infinity, which no generator can write back. */
    { "dose-infinite", "\"dose\": 0.8,", "\"dose\": 1e999,", STROMA_PROTOCOL_ERROR_RANGE,
      "$.regimens[0].agents[0].dose:" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const TextCase *c = &cases[i];
      g_autoptr(GString) text = NULL;

      g_test_message ("text case %u: %s", i, c->name);

      if (c->find == NULL)
        {
          text = g_string_new (c->replace);
        }
      else
        {
          text = g_string_new (bases[BASE_RANDOMIZED]);
          g_assert_cmpuint (g_string_replace (text, c->find, c->replace, 1), ==, 1);
        }

      assert_load_error (text->str, text->len, c->code, c->message);
    }

  /* A zero-length buffer needs no text at all. */
  assert_load_error (NULL, 0, STROMA_PROTOCOL_ERROR_PARSE, "$: ");
}

static void
test_error_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StromaProtocol) p = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *broken = NULL;
  g_autofree char *expected = NULL;

  dir = g_dir_make_tmp ("stroma-protocol-XXXXXX", &error);
  g_assert_no_error (error);

  missing = g_build_filename (dir, "missing.json", NULL);
  p = stroma_protocol_load_file (missing, &error);
  g_assert_null (p);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  /* An invalid file names itself before the JSON path. */
  broken = g_build_filename (dir, "broken.json", NULL);
  g_assert_true (g_file_set_contents (broken, "{\"format_version\": 7}", -1, NULL));
  p = stroma_protocol_load_file (broken, &error);
  g_assert_null (p);
  g_assert_error (error, STROMA_PROTOCOL_ERROR, STROMA_PROTOCOL_ERROR_UNSUPPORTED);
  expected = g_strconcat (broken, ": $.format_version:", NULL);
  g_assert_true (g_str_has_prefix (error->message, expected));

  g_assert_cmpint (g_remove (broken), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  load_bases ();

  g_test_add_func ("/protocol/shipped/all-load", test_shipped_all_load);
  g_test_add_func ("/protocol/pgf/identity", test_pgf_identity);
  g_test_add_func ("/protocol/pgf/allocation", test_pgf_allocation);
  g_test_add_func ("/protocol/pgf/product", test_pgf_product);
  g_test_add_func ("/protocol/pgf/regimens", test_pgf_regimens);
  g_test_add_func ("/protocol/pgf/criteria", test_pgf_criteria);
  g_test_add_func ("/protocol/pgf/endpoints", test_pgf_endpoints);
  g_test_add_func ("/protocol/pgf/observation", test_pgf_observation);
  g_test_add_func ("/protocol/pgf/safety", test_pgf_safety);
  g_test_add_func ("/protocol/pgf/titration", test_pgf_titration);
  g_test_add_func ("/protocol/pgf/statistics", test_pgf_statistics);
  g_test_add_func ("/protocol/pgf/notes", test_pgf_notes);
  g_test_add_func ("/protocol/crc", test_crc);
  g_test_add_func ("/protocol/comparison/eval", test_comparison_eval);
  g_test_add_func ("/protocol/comparison/strings", test_comparison_strings);
  g_test_add_func ("/protocol/lab-units", test_lab_units);
  g_test_add_func ("/protocol/minimal/load", test_minimal_load);
  g_test_add_func ("/protocol/minimal/defaults", test_minimal_defaults);
  g_test_add_func ("/protocol/minimal/optional-sections", test_minimal_optional_sections);
  g_test_add_func ("/protocol/minimal/standard-care-arms", test_minimal_standard_care_default_arms);
  g_test_add_func ("/protocol/minimal/length", test_load_data_length);
  g_test_add_func ("/protocol/errors/edits", test_error_edits);
  g_test_add_func ("/protocol/errors/texts", test_error_texts);
  g_test_add_func ("/protocol/errors/file", test_error_file);

  return g_test_run ();
}
