/* stroma-demo.c — synthetic demo trials
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Writes a clinically plausible, entirely synthetic trial through the store API, so that its
 * audit trail looks like real use: subjects are screened, consented, randomized from the
 * concealed list, conditioned, transplanted, treated, sampled, transfused and followed, with
 * a few corrections made with reasons. Everything random comes from one GRand seeded by the
 * caller, and dates run up to a fixed data cut, so one seed always writes the same trial.
 *
 * The blood counts follow a simple daily model of the course after an allogeneic transplant
 * with poor graft function: conditioning, aplasia, initial engraftment, the fall that defines
 * poor graft function, and — for responders — recovery after treatment starts. Response rates
 * are drawn near the protocol's assumptions (76% with MSCs, 38% without).
 */

#define G_LOG_DOMAIN "stroma-demo"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "core/stroma-dosing.h"
#include "core/stroma-escalation.h"
#include "core/stroma-regimen.h"
#include "core/stroma-randomization.h"
#include "stroma-demo.h"

#define NO_DAY G_MAXINT

typedef struct
{
  GRand                *rand;
  const StromaProtocol *protocol;
  StromaStore          *store;
  GDate                 cut;
  gboolean              missed_done;
  guint                 n_subjects;
  StromaDemoProgress    progress;
  gpointer              user_data;
} Demo;

static const StromaEditContext admin_context = { "admin", "trial set up" };
static const StromaEditContext coordinator_context = { "coord.liu", NULL };
static const StromaEditContext investigator_context = { "dr.chen", NULL };

/* Randomness */

static double
uniform (Demo   *demo,
         double  a,
         double  b)
{
  return g_rand_double_range (demo->rand, a, b);
}

static int
uniform_int (Demo *demo,
             int   a,
             int   b)   /* inclusive */
{
  return g_rand_int_range (demo->rand, a, b + 1);
}

static gboolean
chance (Demo   *demo,
        double  p)
{
  return g_rand_double (demo->rand) < p;
}

static double
normal (Demo   *demo,
        double  mean,
        double  sd)
{
  double u1 = g_rand_double_range (demo->rand, 1e-12, 1.0);
  double u2 = g_rand_double (demo->rand);

  return mean + sd * sqrt (-2.0 * log (u1)) * cos (2 * G_PI * u2);
}

/* Dates: Julian day numbers, printed as ISO dates */

static char *
iso (guint32 julian)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&d), g_date_get_month (&d),
                          g_date_get_day (&d));
}

/* A time on a date at a local clock time in China (UTC+8), as UTC; hours past 23 fall on the
 * following days. */
static char *
iso_time_utc (guint32 julian,
              int     local_hour,
              int     minute)
{
  int hour = local_hour - 8;
  GDate d;

  julian += (guint32) (hour >= 0 ? hour / 24 : 0);
  hour = hour >= 0 ? hour % 24 : hour;
  if (hour < 0)
    {
      hour += 24;
      julian--;
    }
  g_date_clear (&d, 1);
  g_date_set_julian (&d, julian);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:00Z", g_date_get_year (&d),
                          g_date_get_month (&d), g_date_get_day (&d), hour, minute);
}

static guint32
julian_from_iso (const char *text)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, text);
  g_assert (g_date_valid (&d));
  return g_date_get_julian (&d);
}

/* Saving */

static gboolean
save (Demo                    *demo,
      const StromaEditContext *context,
      gpointer                 record,
      GError                 **error)
{
  gboolean ok = stroma_store_save (demo->store, context, record, error);

  stroma_record_free (record);
  return ok;
}

static gboolean
set_status (Demo          *demo,
            StromaSubject *subject,
            const char    *status,
            const char    *reason,
            GError       **error)
{
  StromaEditContext context = { "coord.liu", reason };

  g_free (subject->status);
  subject->status = g_strdup (status);
  return stroma_store_save (demo->store, &context, subject, error);
}

/* The daily model of one subject's counts. Days are relative to day 0. */

typedef struct
{
  int     first_day;
  int     last_day;       /* last day observed: data cut, death or withdrawal */
  double *anc;
  double *plt;
  double *hb;
  double *lym;
  GArray *plt_tx;         /* days */
  GArray *rbc_tx;
} Course;

static void
course_free (Course *c)
{
  g_free (c->anc);
  g_free (c->plt);
  g_free (c->hb);
  g_free (c->lym);
  g_array_unref (c->plt_tx);
  g_array_unref (c->rbc_tx);
}

static double
logistic (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

typedef struct
{
  int    engraft_day;
  int    pgf_day;
  int    treat_day;
  int    response;        /* 0 none, 1 partial, 2 complete */
  int    response_day;
  double anc_peak, anc_low, anc_target;
  double plt_peak, plt_low, plt_target;
  double hb_target;
} Biology;

static void
simulate_course (Demo          *demo,
                 const Biology *b,
                 Course        *c)
{
  int n = c->last_day - c->first_day + 1;
  double plt_boost = 0, hb_level = normal (demo, 100, 8);
  int last_plt_tx = -100, last_rbc_tx = -100;

  c->anc = g_new0 (double, n);
  c->plt = g_new0 (double, n);
  c->hb = g_new0 (double, n);
  c->lym = g_new0 (double, n);
  c->plt_tx = g_array_new (FALSE, FALSE, sizeof (int));
  c->rbc_tx = g_array_new (FALSE, FALSE, sizeof (int));

  for (int i = 0; i < n; i++)
    {
      int d = c->first_day + i;
      double anc, plt, lym, hb_drift;

      if (d < 0)
        {
          double f = (double) (d - c->first_day) / (double) (-c->first_day);
          anc = 3.2 * exp (-3.0 * f) + 0.05;
          plt = 160 * exp (-1.6 * f) + 5;
          lym = 1.4 * exp (-3.5 * f) + 0.02;
          hb_drift = -0.8;
        }
      else if (d < b->engraft_day)
        {
          anc = 0.03 + 0.04 * (d % 3) / 3.0;
          plt = 8;
          lym = 0.05;
          hb_drift = -1.2;
        }
      else if (d < b->pgf_day)
        {
          anc = 0.05 + b->anc_peak * logistic ((d - b->engraft_day - 3) / 1.5);
          plt = 8 + (b->plt_peak - 8) * logistic ((d - b->engraft_day - 6) / 2.0);
          lym = 0.1 + 0.3 * logistic ((d - b->engraft_day - 5) / 3.0);
          hb_drift = -0.7;
        }
      else
        {
          double fall = logistic ((d - b->pgf_day - 3) / 1.5);
          anc = b->anc_peak + (b->anc_low - b->anc_peak) * fall;
          plt = b->plt_peak + (b->plt_low - b->plt_peak) * fall;
          lym = 0.25;
          hb_drift = -1.0;

          if (b->response > 0 && d >= b->response_day)
            {
              double rise = logistic ((d - b->response_day - 7) / 3.0);
              anc += (b->anc_target - b->anc_low) * rise;
              plt += (b->plt_target - b->plt_low) * rise;
              lym += 0.6 * rise;
              hb_drift = d < b->response_day + 10 ? -0.3 : 0.0;
              if (d >= b->response_day + 10 && hb_level < b->hb_target)
                hb_drift = 0.9;
            }
        }

      /* Platelet transfusion below 15, at most every third day; its effect fades in 3 days. */
      plt_boost *= 0.55;
      if (d >= 0 && plt + plt_boost < 15 && d - last_plt_tx >= 3)
        {
          plt_boost += uniform (demo, 18, 30);
          last_plt_tx = d;
          g_array_append_val (c->plt_tx, d);
        }

      /* Red cells below 65 g/L, at most every seventh day. */
      hb_level += hb_drift;
      if (hb_level < 66 && d - last_rbc_tx >= 7)
        {
          hb_level += uniform (demo, 14, 22);
          last_rbc_tx = d;
          g_array_append_val (c->rbc_tx, d);
        }

      c->anc[i] = MAX (anc, 0.01);
      c->plt[i] = MAX (plt + plt_boost, 2);
      c->hb[i] = CLAMP (hb_level, 45, 170);
      c->lym[i] = MAX (lym, 0.01);
    }
}

static double
noisy (Demo   *demo,
       double  value,
       double  sd)
{
  return value * exp (normal (demo, 0, sd));
}

static gboolean
add_lab (Demo        *demo,
         gint64       subject_id,
         guint32      julian,
         const char  *code,
         double       value,
         const char  *unit,
         double       lln,
         double       uln,
         gboolean     as_g_dl,
         GError     **error)
{
  StromaLabResult *lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);
  int decimals = value < 10 ? 2 : value < 100 ? 1 : 0;

  lab->parent.subject_id = subject_id;
  lab->collected_on = iso (julian);
  lab->test_code = g_strdup (code);
  if (as_g_dl)
    {
      lab->orres = g_strdup_printf ("%.1f", value / 10.0);
      lab->orresu = g_strdup ("g/dL");
      lab->stresn = g_ascii_strtod (lab->orres, NULL) * 10.0;
    }
  else
    {
      lab->orres = g_strdup_printf ("%.*f", decimals, value);
      lab->orresu = g_strdup (unit);
      lab->stresn = g_ascii_strtod (lab->orres, NULL);
    }
  lab->stresu = g_strdup (unit);
  lab->lln = lln;
  lab->uln = uln;
  lab->source = g_strdup ("demo");

  return save (demo, NULL, lab, error);
}

static gboolean
add_blood_count (Demo         *demo,
                 StromaSubject *subject,
                 const Course *c,
                 guint32       day0,
                 int           day,
                 gboolean      hb_in_g_dl,
                 GError      **error)
{
  int i = day - c->first_day;
  double anc = noisy (demo, c->anc[i], 0.12);
  double lym = noisy (demo, c->lym[i], 0.15);
  double wbc = anc + lym + noisy (demo, 0.15 + 0.1 * anc, 0.2);
  gboolean female = g_strcmp0 (subject->sex, "F") == 0;
  gint64 id = subject->parent.id;

  return add_lab (demo, id, day0 + day, "WBC", wbc, "10^9/L", 3.5, 9.5, FALSE, error) &&
         add_lab (demo, id, day0 + day, "NEUT", anc, "10^9/L", 1.8, 6.3, FALSE, error) &&
         add_lab (demo, id, day0 + day, "LYM", lym, "10^9/L", 1.1, 3.2, FALSE, error) &&
         add_lab (demo, id, day0 + day, "HGB", noisy (demo, c->hb[i], 0.03), "g/L",
                  female ? 115 : 130, female ? 150 : 175, hb_in_g_dl, error) &&
         add_lab (demo, id, day0 + day, "PLAT", noisy (demo, c->plt[i], 0.10), "10^9/L",
                  125, 350, FALSE, error);
}

/* Tests the demo can give values for, with their canonical unit and reference range. */
typedef struct
{
  const char *code;
  double      lo, hi;      /* usual values in these patients */
  const char *unit;
  double      lln, uln;
} LabSpec;

static const LabSpec chemistry[] = {
  { "ALT", 12, 70, "U/L", 9, 50 },
  { "AST", 15, 60, "U/L", 15, 40 },
  { "BILI", 5, 24, "umol/L", NAN, 21 },
  { "CREAT", 50, 110, "umol/L", 57, 111 },
  { "PT", 10.5, 14.5, "s", 10, 14 },
  { "INR", 0.85, 1.25, "ratio", NAN, 1.2 },
  { "APTT", 24, 40, "s", 25, 37 },
};

#define SAMPLE_CBC (1u << 0)
#define SAMPLE_CHEMISTRY(i) (1u << (1 + (i)))

static guint
sample_mask_for (const StromaProtocol *protocol,
                 GStrv                 tests)
{
  guint mask = 0;

  for (guint t = 0; tests != NULL && tests[t] != NULL; t++)
    {
      const StromaAssessment *assessment = stroma_protocol_find_assessment (protocol, tests[t]);
      const char * const single[] = { tests[t], NULL };
      const char * const *codes = assessment ? (const char * const *) assessment->tests : single;

      for (guint k = 0; codes != NULL && codes[k] != NULL; k++)
        {
          if (g_str_equal (codes[k], "NEUT") || g_str_equal (codes[k], "PLAT") ||
              g_str_equal (codes[k], "HGB"))
            mask |= SAMPLE_CBC;
          for (guint i = 0; i < G_N_ELEMENTS (chemistry); i++)
            if (g_str_equal (codes[k], chemistry[i].code))
              mask |= SAMPLE_CHEMISTRY (i);
        }
    }

  return mask;
}

/* What is sampled on which day (relative to day 0): the protocol's observation schedules,
 * anchored on this subject's day 0, start of treatment, screening and neutrophil recovery;
 * plus counts every other day through conditioning, as the ward takes them. */
static GHashTable *
sampling_plan (Demo          *demo,
               const Biology *b,
               const Course  *c,
               int            screening_day,
               int            end_day)
{
  GHashTable *plan = g_hash_table_new (NULL, NULL);
  const GPtrArray *phases = demo->protocol->observation;
  int recovery_day = b->engraft_day + 2;

  for (int d = c->first_day; d < 0; d += 2)
    g_hash_table_insert (plan, GINT_TO_POINTER (d), GUINT_TO_POINTER (SAMPLE_CBC));

  for (guint p = 0; phases != NULL && p < phases->len; p++)
    {
      const StromaObservationPhase *phase = phases->pdata[p];
      guint mask = sample_mask_for (demo->protocol, phase->tests);
      int anchor, first, last;

      if (mask == 0 || phase->as_needed)
        continue;

      if (g_strcmp0 (phase->relative_to, "day0") == 0)
        anchor = 0;
      else if (g_strcmp0 (phase->relative_to, "treatment_start") == 0)
        anchor = b->treat_day;
      else if (g_strcmp0 (phase->relative_to, "screening") == 0)
        anchor = screening_day;
      else if (g_strcmp0 (phase->relative_to, "endpoint") == 0)
        anchor = recovery_day;   /* the only anchoring endpoint the model knows */
      else
        continue;

      first = anchor + phase->start_day;
      last = phase->end_day == STROMA_PROTOCOL_OPEN_END ? end_day : anchor + phase->end_day;
      if (phase->until_endpoint != NULL)
        last = MIN (last, recovery_day);
      last = MIN (last, end_day);

      if (phase->days != NULL)
        {
          for (guint i = 0; i < phase->days->len; i++)
            {
              int d = anchor + g_array_index (phase->days, gint, i);
              if (d >= c->first_day && d <= end_day)
                g_hash_table_insert (plan, GINT_TO_POINTER (d),
                                     GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                       g_hash_table_lookup (plan, GINT_TO_POINTER (d))) | mask));
            }
          continue;
        }

      if (phase->every_days == 0)
        continue;

      for (int d = first; d <= last; d += (int) phase->every_days)
        for (guint k = 0; k < MAX (phase->times, 1); k++)
          {
            /* "twice a week": spread the times evenly over the interval */
            int day = d + (int) (k * phase->every_days / MAX (phase->times, 1));
            if (day < c->first_day || day > last)
              continue;
            g_hash_table_insert (plan, GINT_TO_POINTER (day),
                                 GUINT_TO_POINTER (GPOINTER_TO_UINT (
                                   g_hash_table_lookup (plan, GINT_TO_POINTER (day))) | mask));
          }
    }

  return plan;
}

static gboolean
add_chemistry (Demo        *demo,
               gint64       subject_id,
               guint32      julian,
               guint        mask,
               double       elevation,
               GError     **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (chemistry); i++)
    {
      const LabSpec *spec = &chemistry[i];
      double v;

      if ((mask & SAMPLE_CHEMISTRY (i)) == 0)
        continue;

      v = uniform (demo, spec->lo, spec->hi);
      if (g_str_equal (spec->code, "ALT") || g_str_equal (spec->code, "AST"))
        v *= elevation;
      if (!add_lab (demo, subject_id, julian, spec->code, v, spec->unit, spec->lln, spec->uln,
                    FALSE, error))
        return FALSE;
    }

  return TRUE;
}

static int
compare_int (gconstpointer a,
             gconstpointer b)
{
  return *(const int *)a - *(const int *)b;
}

static int
compare_pointer_int (const void *a,
                     const void *b)
{
  return GPOINTER_TO_INT (*(gpointer const *)a) - GPOINTER_TO_INT (*(gpointer const *)b);
}

static const char * const diagnoses[] = {
  "acute myeloid leukaemia", "acute lymphoblastic leukaemia", "myelodysplastic syndrome",
  "severe aplastic anaemia", "chronic myeloid leukaemia", "non-Hodgkin lymphoma",
};

static char *
random_initials (Demo *demo)
{
  static const char letters[] = "ABCDFGHJKLMNPQRSTWXYZ";
  int n = chance (demo, 0.6) ? 3 : 2;
  char buf[4] = { 0 };

  for (int i = 0; i < n; i++)
    buf[i] = letters[uniform_int (demo, 0, (int) strlen (letters) - 1)];

  return g_strdup (buf);
}

static StromaSubject *
new_subject (Demo        *demo,
             guint        number,
             guint32      screening,
             const char  *donor_type)
{
  StromaSubject *s = stroma_record_new (STROMA_RECORD_SUBJECT);
  gboolean female = chance (demo, 0.45);
  int age = uniform_int (demo, 18, 60);

  s->code = stroma_protocol_format_subject_code (demo->protocol, number);
  s->initials = random_initials (demo);
  s->sex = g_strdup (female ? "F" : "M");
  s->birth_date = iso (screening - (guint32) (age * 365.25) - (guint32) uniform_int (demo, 0, 364));
  s->height_cm = round (normal (demo, female ? 158 : 169, 6) * 10) / 10;
  s->weight_kg = round (CLAMP (normal (demo, female ? 55 : 66, 9), 38, 110) * 10) / 10;
  s->kps = 10 * uniform_int (demo, 7, 10);
  s->ecog = s->kps >= 90 ? 0 : s->kps >= 80 ? 1 : 2;
  s->donor_type = g_strdup (donor_type);
  s->status = g_strdup ("screening");
  s->screening_date = iso (screening);
  s->diagnosis = g_strdup (diagnoses[uniform_int (demo, 0, G_N_ELEMENTS (diagnoses) - 1)]);
  s->synthetic = TRUE;

  return s;
}

static gboolean
add_consent_and_eligibility (Demo          *demo,
                             StromaSubject *subject,
                             guint32        screening,
                             GError       **error)
{
  StromaConsent *consent = stroma_record_new (STROMA_RECORD_CONSENT);
  GDate birth;
  int age;

  consent->parent.subject_id = subject->parent.id;
  consent->consent_date = iso (screening);
  consent->form_version = g_strdup (demo->protocol->version);
  consent->obtained_by = g_strdup ("dr.chen");
  if (!save (demo, NULL, consent, error))
    return FALSE;

  g_date_clear (&birth, 1);
  g_date_set_parse (&birth, subject->birth_date);
  age = (int) ((screening - g_date_get_julian (&birth)) / 365.25);

  for (guint i = 0; i < demo->protocol->criteria->len; i++)
    {
      const StromaCriterion *criterion = demo->protocol->criteria->pdata[i];
      StromaEligibility *e = stroma_record_new (STROMA_RECORD_ELIGIBILITY);
      gboolean inclusion = g_strcmp0 (criterion->kind, "exclusion") != 0;

      e->parent.subject_id = subject->parent.id;
      e->criterion_id = g_strdup (criterion->id);
      e->answer = g_strdup (inclusion ? "met" : "not-met");
      if (criterion->has_rule && g_strcmp0 (criterion->field, "age") == 0)
        {
          e->value = age;
          e->unit = g_strdup ("years");
        }
      else if (criterion->has_rule && g_strcmp0 (criterion->field, "kps") == 0)
        e->value = (double) subject->kps;
      else if (criterion->has_rule && g_strcmp0 (criterion->field, "ecog") == 0)
        e->value = (double) subject->ecog;
      e->assessed_on = iso (screening);
      e->assessed_by = g_strdup ("dr.chen");
      if (!save (demo, &investigator_context, e, error))
        return FALSE;
    }

  return set_status (demo, subject, "enrolled", "consent signed and eligibility confirmed", error);
}

static gboolean
add_adverse_event (Demo          *demo,
                   gint64         subject_id,
                   const char    *term,
                   int            grade,
                   gboolean       serious,
                   const char    *relationship,
                   guint32        onset,
                   guint32        last_day,
                   gboolean       fatal,
                   GError       **error)
{
  StromaAdverseEvent *ae = stroma_record_new (STROMA_RECORD_ADVERSE_EVENT);
  guint32 resolved = onset + (guint32) uniform_int (demo, 3, 21);

  ae->parent.subject_id = subject_id;
  ae->term = g_strdup (term);
  ae->grade = grade;
  ae->ctcae_version = g_strdup ("5.0");
  ae->serious = serious || grade >= 4;
  ae->relationship = g_strdup (relationship);
  ae->dlt = grade >= 3 && (g_strcmp0 (relationship, "probable") == 0 ||
                           g_strcmp0 (relationship, "definite") == 0);
  ae->onset_date = iso (onset);
  if (fatal)
    ae->outcome = g_strdup ("fatal");
  else if (resolved <= last_day)
    {
      ae->resolved_date = iso (resolved);
      ae->outcome = g_strdup ("recovered");
    }
  else
    ae->outcome = g_strdup ("recovering");
  ae->action_taken = g_strdup (grade >= 3 ? "treated; hospitalisation" : "symptomatic treatment");

  return save (demo, &investigator_context, ae, error);
}

static gboolean
add_medication (Demo        *demo,
                gint64       subject_id,
                const char  *agent,
                double       dose,
                const char  *unit,
                gint64       level,
                guint32      start,
                guint32      end,
                const char  *indication,
                GError     **error)
{
  StromaMedication *m = stroma_record_new (STROMA_RECORD_MEDICATION);

  m->parent.subject_id = subject_id;
  m->agent = g_strdup (agent);
  m->dose = dose;
  m->dose_unit = g_strdup (unit);
  m->dose_level = level;
  m->start_date = iso (start);
  m->end_date = iso (MAX (end, start));
  m->indication = g_strdup (indication);

  return save (demo, NULL, m, error);
}

/* Latent platelet count on a day, or the last one known. */
static double
course_plt (const Course *c,
            int           day)
{
  day = CLAMP (day, c->first_day, c->last_day);
  return c->plt[day - c->first_day];
}

/* The conditioning plan of the regimen for the subject's donor type, recorded as given: each
 * dose rounded on the ward to a practical amount. */
static gboolean
write_conditioning (Demo          *demo,
                    StromaSubject *subject,
                    guint32        day0,
                    GError       **error)
{
  const StromaRegimen *regimen = stroma_protocol_find_regimen (demo->protocol, subject->donor_type);
  g_autofree char *day0_date = iso (day0);
  g_autoptr(StromaRegimenPlan) plan = NULL;

  if (regimen == NULL)
    return TRUE;

  plan = stroma_regimen_plan_new (demo->protocol, regimen, subject->weight_kg, subject->height_cm,
                                  day0_date, NULL, error);
  if (plan == NULL)
    return FALSE;

  for (guint i = 0; i < plan->doses->len; i++)
    {
      const StromaRegimenDose *planned = plan->doses->pdata[i];
      StromaConditioningDose *dose = stroma_record_new (STROMA_RECORD_CONDITIONING_DOSE);
      double amount = planned->dose;
      g_auto(GStrv) hm = g_strsplit (planned->time, ":", 2);

      dose->parent.subject_id = subject->parent.id;
      dose->regimen_id = g_strdup (plan->regimen_id);
      dose->agent = g_strdup (planned->agent);
      dose->study_day = planned->layout_day;
      dose->dose_number = planned->dose_number;
      dose->planned_date = g_strdup (planned->date);
      dose->calculated_dose = amount;
      dose->dose_unit = g_strdup (planned->dose_unit);
      dose->basis = g_strdup (stroma_dose_basis_to_string (planned->basis));
      if (planned->basis == STROMA_DOSE_PER_M2)
        {
          dose->bsa_m2 = planned->bsa_used;
          dose->bsa_formula = g_strdup (stroma_bsa_formula_to_string (planned->bsa_formula));
        }
      dose->weight_kg = subject->weight_kg;
      dose->given_dose = amount >= 100 ? round (amount / 10) * 10
                         : amount >= 10 ? round (amount) : round (amount * 10) / 10;
      /* Plans start at midnight; the ward starts its first dose in the morning. */
      dose->given_at = iso_time_utc (day0 + (guint32) planned->layout_day, atoi (hm[0]) + 8,
                                     atoi (hm[1]));
      dose->given_by = g_strdup ("coord.liu");
      dose->status = g_strdup ("given");
      if (!save (demo, NULL, dose, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
write_infusions (Demo          *demo,
                 StromaSubject *subject,
                 guint32        first,
                 guint          n_doses,
                 guint          interval,
                 double         cells_per_kg,
                 guint32        stop,       /* no dose on or after (death, relapse, withdrawal) */
                 int           *n_given,
                 GError       **error)
{
  guint32 planned = first;
  int shift = 0;

  *n_given = 0;

  for (guint k = 1; k <= n_doses; k++)
    {
      StromaInfusion *inf = stroma_record_new (STROMA_RECORD_INFUSION);
      guint32 given = planned;

      inf->parent.subject_id = subject->parent.id;
      inf->number = k;
      inf->planned_date = iso (planned);
      inf->cells_per_kg = cells_per_kg;

      if (k > 1 && chance (demo, 0.08))
        {
          shift = uniform_int (demo, 2, 5);
          given = planned + (guint32) shift;
          inf->reason = g_strdup_printf (_("delayed %d days: fever on the planned day"), shift);
        }

      if (planned >= stop)
        {
          inf->status = g_strdup ("missed");
          inf->reason = g_strdup (_("not given: study treatment stopped"));
        }
      else if (given > g_date_get_julian (&demo->cut))
        inf->status = g_strdup ("planned");
      else if (!demo->missed_done && k == 3 && chance (demo, 0.15))
        {
          demo->missed_done = TRUE;
          inf->status = g_strdup ("missed");
          inf->reason = g_strdup (_("missed: grade 3 pneumonia on the planned day; not made up "
                                    "(protocol window passed)"));
        }
      else
        {
          double weight = round (noisy (demo, subject->weight_kg, 0.01) * 10) / 10;

          inf->status = g_strdup ("given");
          inf->given_at = iso_time_utc (given, 10, uniform_int (demo, 0, 59));
          inf->weight_kg = weight;
          inf->total_cells = round (cells_per_kg * weight * uniform (demo, 0.97, 1.04) / 1e5) * 1e5;
          inf->lot = g_strdup_printf ("UCMSC-%02u%02u-%03d", g_date_get_year (&demo->cut) % 100,
                                      k, uniform_int (demo, 1, 120));
          inf->bag = g_strdup_printf ("B%u", k);
          inf->vitals_pre = g_strdup_printf ("T %.1f °C, HR %d, BP %d/%d, SpO2 %d%%",
                                             normal (demo, 36.7, 0.2), uniform_int (demo, 68, 96),
                                             uniform_int (demo, 104, 132),
                                             uniform_int (demo, 62, 84), uniform_int (demo, 96, 99));
          inf->vitals_post = g_strdup_printf ("T %.1f °C, HR %d, BP %d/%d, SpO2 %d%%",
                                              normal (demo, 36.8, 0.25), uniform_int (demo, 68, 100),
                                              uniform_int (demo, 104, 132),
                                              uniform_int (demo, 62, 84), uniform_int (demo, 95, 99));
          (*n_given)++;
        }

      if (!save (demo, NULL, inf, error))
        return FALSE;

      /* The protocol's rule: a delay moves the doses that follow. */
      planned = given + interval;
    }

  return TRUE;
}

/* msc-pgf: one randomized subject through transplant, poor graft function, treatment and
 * follow-up. */
static gboolean
write_pgf_subject (Demo        *demo,
                   guint        number,
                   const char  *stratum,
                   guint32      treat,
                   GError     **error)
{
  g_autoptr(StromaSubject) subject = NULL;
  g_autoptr(StromaAllocation) allocation = NULL;
  g_autoptr(GHashTable) plan = NULL;
  g_autofree gpointer *days = NULL;
  guint n_days = 0;
  const StromaRegimen *regimen = stroma_protocol_find_regimen (demo->protocol, stratum);
  const StromaArm *arm;
  Biology b = { 0 };
  Course c = { 0 };
  guint32 cut = g_date_get_julian (&demo->cut);
  guint32 day0, screening;
  int death_day = NO_DAY, relapse_day = NO_DAY, withdraw_day = NO_DAY, end_day;
  gboolean msc, hb_in_g_dl;
  double p_cr, p_pr, r;
  int first_regimen_day = -10;

  b.pgf_day = uniform_int (demo, 28, 60);
  b.engraft_day = uniform_int (demo, 11, 19);
  b.treat_day = b.pgf_day + uniform_int (demo, 4, 9);
  day0 = treat - (guint32) b.treat_day;
  screening = day0 + (guint32) b.pgf_day + (guint32) uniform_int (demo, 1, 3);

  subject = new_subject (demo, number, screening, stratum);
  subject->pgf_onset_date = iso (day0 + b.pgf_day);

  if (!stroma_store_begin (demo->store, &coordinator_context, error))
    return FALSE;

  if (!stroma_store_save (demo->store, NULL, subject, error) ||
      !add_consent_and_eligibility (demo, subject, screening, error))
    goto fail;

  allocation = stroma_store_allocate (demo->store, &investigator_context, subject->parent.id,
                                      stratum, error);
  if (allocation == NULL)
    goto fail;
  g_free (subject->status);
  subject->status = g_strdup ("randomized");
  subject->parent.rev += 1;   /* the allocation moved the status on */

  arm = stroma_protocol_find_arm (demo->protocol, allocation->arm);
  msc = arm != NULL && arm->receives_product;

  /* Transplant */
  {
    StromaTransplant *t = stroma_record_new (STROMA_RECORD_TRANSPLANT);
    gboolean haplo = g_strcmp0 (stratum, "haplo") == 0;

    t->parent.subject_id = subject->parent.id;
    t->day0_date = iso (day0);
    t->donor_type = g_strdup (stratum);
    t->graft_source = g_strdup (haplo ? "PBSC+BM" : "PBSC");
    t->cd34_per_kg = round (uniform (demo, 2.0, 8.0) * 100) / 100;
    t->mnc_per_kg = round (uniform (demo, 6.0, 12.0) * 100) / 100;
    t->abo_match = g_strdup (chance (demo, 0.55) ? "match"
                             : chance (demo, 0.5) ? "minor" : chance (demo, 0.7) ? "major"
                             : "bidirectional");
    t->hla_match = g_strdup (haplo ? (chance (demo, 0.5) ? "5/10" : "6/10")
                             : g_strcmp0 (stratum, "smd") == 0 ? "10/10"
                             : chance (demo, 0.6) ? "10/10" : "9/10");
    if (!save (demo, NULL, t, error))
      goto fail;
  }

  if (regimen != NULL)
    for (guint a = 0; a < regimen->agents->len; a++)
      {
        const StromaRegimenAgent *agent = regimen->agents->pdata[a];
        for (guint d = 0; agent->days != NULL && d < agent->days->len; d++)
          first_regimen_day = MIN (first_regimen_day, g_array_index (agent->days, gint, d));
      }

  if (!write_conditioning (demo, subject, day0, error))
    goto fail;

  /* Response near the protocol's assumptions: 76% with MSCs, 38% without. */
  p_cr = msc ? 0.50 : 0.20;
  p_pr = msc ? 0.26 : 0.18;
  r = g_rand_double (demo->rand);
  b.response = r < p_cr ? 2 : r < p_cr + p_pr ? 1 : 0;
  b.response_day = b.treat_day + uniform_int (demo, 7, 35);
  b.anc_peak = uniform (demo, 0.9, 2.2);
  b.anc_low = uniform (demo, 0.15, 0.45);
  b.anc_target = b.response ? uniform (demo, 1.5, 4.0) : b.anc_low;
  b.plt_peak = uniform (demo, 22, 40);
  b.plt_low = uniform (demo, 4, 12);
  b.plt_target = b.response == 2 ? uniform (demo, 70, 170) : b.response == 1 ? uniform (demo, 30, 44)
                 : b.plt_low;
  b.hb_target = b.response ? uniform (demo, 95, 125) : 0;

  /* Outcomes within the first year */
  if (chance (demo, 0.12))
    relapse_day = b.treat_day + uniform_int (demo, 40, 300);
  if (chance (demo, b.response == 0 ? 0.30 : b.response == 1 ? 0.15 : 0.07) ||
      (relapse_day != NO_DAY && chance (demo, 0.5)))
    death_day = (relapse_day != NO_DAY ? relapse_day : b.treat_day) + uniform_int (demo, 20, 200);
  if (death_day == NO_DAY && chance (demo, 0.03))
    withdraw_day = b.treat_day + uniform_int (demo, 40, 120);

  end_day = (int) (cut - day0);
  end_day = MIN (end_day, b.treat_day + 365);
  end_day = MIN (end_day, death_day);
  end_day = MIN (end_day, withdraw_day);

  c.first_day = first_regimen_day;
  c.last_day = MAX (end_day, b.treat_day);
  simulate_course (demo, &b, &c);

  /* Blood counts and chemistry, as the schedules sample them */
  hb_in_g_dl = chance (demo, 0.1);
  plan = sampling_plan (demo, &b, &c, (int) (screening - day0), end_day);
  days = g_hash_table_get_keys_as_array (plan, &n_days);
  qsort (days, n_days, sizeof (gpointer), compare_pointer_int);
  for (guint i = 0; i < n_days; i++)
    {
      int d = GPOINTER_TO_INT (days[i]);
      guint mask = GPOINTER_TO_UINT (g_hash_table_lookup (plan, days[i]));

      if (d > end_day || d < c.first_day)
        continue;
      if ((mask & SAMPLE_CBC) && !add_blood_count (demo, subject, &c, day0, d, hb_in_g_dl, error))
        goto fail;
      if (!add_chemistry (demo, subject->parent.id, day0 + d, mask,
                          chance (demo, 0.03) ? uniform (demo, 3, 6) : 1.0, error))
        goto fail;
    }

  /* Transfusions */
  for (guint i = 0; i < c.plt_tx->len; i++)
    {
      StromaTransfusion *t = stroma_record_new (STROMA_RECORD_TRANSFUSION);
      t->parent.subject_id = subject->parent.id;
      t->given_on = iso (day0 + g_array_index (c.plt_tx, int, i));
      t->product = g_strdup ("PLT");
      t->units = 1;
      if (!save (demo, NULL, t, error))
        goto fail;
    }
  for (guint i = 0; i < c.rbc_tx->len; i++)
    {
      StromaTransfusion *t = stroma_record_new (STROMA_RECORD_TRANSFUSION);
      t->parent.subject_id = subject->parent.id;
      t->given_on = iso (day0 + g_array_index (c.rbc_tx, int, i));
      t->product = g_strdup ("RBC");
      t->units = 2;
      if (!save (demo, NULL, t, error))
        goto fail;
    }

  /* Standard care for poor graft function, both arms */
  subject->treatment_start = iso (treat);
  if (!set_status (demo, subject, "on-treatment", "study treatment started", error))
    goto fail;

  if (chance (demo, 0.8) &&
      !add_medication (demo, subject->parent.id, "G-CSF", round (5 * subject->weight_kg), "µg",
                       STROMA_NO_INT, day0 + b.pgf_day + 1,
                       MIN (day0 + b.pgf_day + (guint32) uniform_int (demo, 7, 14), day0 + end_day),
                       "ANC < 0.5 × 10⁹/L", error))
    goto fail;

  if (chance (demo, 0.7) &&
      !add_medication (demo, subject->parent.id, "rhTPO", 15000, "U", STROMA_NO_INT, treat,
                       MIN (treat + 13, day0 + end_day), "PLT < 20 × 10⁹/L", error))
    goto fail;

  /* TPO receptor agonist, titrated every two weeks by the §5.1 rule. */
  if (chance (demo, 0.75))
    {
      static const double level_mg[] = { 0, 25, 50, 75, 100 };
      int level = 1;
      int start = b.treat_day;

      for (int d = b.treat_day + 14; start <= end_day; d += 14)
        {
          double plt = course_plt (&c, d);
          int next = level;
          gboolean stop = d > b.treat_day + 84 || d > end_day;

          if (plt > 400)
            stop = TRUE;
          else if (plt >= 200)
            next = MAX (level - 1, 1);
          else if (plt < 50)
            next = MIN (level + 1, 4);

          if (next != level || stop)
            {
              if (!add_medication (demo, subject->parent.id, "TPO-RA", level_mg[level], "mg",
                                   level, day0 + start, day0 + MIN (d - 1, end_day),
                                   "PLT < 50 × 10⁹/L", error))
                goto fail;
              start = d;
              level = next;
            }
          if (stop)
            break;
        }
    }

  /* MSC infusions */
  if (msc && demo->protocol->product != NULL)
    {
      const StromaProductSchedule *product = demo->protocol->product;
      int stop_day = MIN (MIN (death_day, relapse_day), withdraw_day);
      guint32 stop = stop_day == NO_DAY ? G_MAXUINT32 : day0 + (guint32) stop_day;
      int n_given = 0;

      if (!write_infusions (demo, subject, treat, MAX (product->n_doses, 1),
                            MAX (product->interval_days, 1),
                            isnan (product->dose_per_kg) ? 1e6 : product->dose_per_kg, stop,
                            &n_given, error))
        goto fail;

      if (n_given > 0 && chance (demo, 0.1) &&
          !add_adverse_event (demo, subject->parent.id, "Infusion related reaction",
                              uniform_int (demo, 1, 2), FALSE, "probable", treat,
                              day0 + end_day, FALSE, error))
        goto fail;
    }

  /* Adverse events after consent */
  {
    static const struct { const char *term; int min, max; double p; } events[] = {
      { "Lung infection", 2, 3, 0.35 },
      { "Upper respiratory infection", 1, 2, 0.30 },
      { "Cytomegalovirus infection reactivation", 2, 3, 0.25 },
      { "Sepsis", 3, 4, 0.10 },
      { "Graft versus host disease", 1, 3, 0.30 },
      { "Epistaxis", 1, 2, 0.25 },
      { "Fatigue", 1, 2, 0.30 },
      { "Diarrhea", 1, 3, 0.20 },
    };

    for (guint i = 0; i < G_N_ELEMENTS (events); i++)
      if (chance (demo, events[i].p))
        {
          int onset = b.treat_day + uniform_int (demo, 1, MAX (2, MIN (120, end_day - b.treat_day)));
          int grade = uniform_int (demo, events[i].min, events[i].max);

          if (onset > end_day)
            continue;
          if (!add_adverse_event (demo, subject->parent.id, events[i].term, grade, grade >= 3 &&
                                  chance (demo, 0.6), "unlikely", day0 + onset, day0 + end_day,
                                  FALSE, error))
            goto fail;
        }
  }

  /* Follow-up contacts, relapse, death, disposition */
  for (int d = b.treat_day + 30; d <= end_day; d += 30)
    {
      StromaFollowUp *f = stroma_record_new (STROMA_RECORD_FOLLOW_UP);
      f->parent.subject_id = subject->parent.id;
      f->kind = g_strdup ("contact");
      f->event_date = iso (day0 + d);
      f->detail = g_strdup (_("alive; clinic visit"));
      if (!save (demo, NULL, f, error))
        goto fail;
    }

  if (relapse_day != NO_DAY && relapse_day <= end_day)
    {
      StromaFollowUp *f = stroma_record_new (STROMA_RECORD_FOLLOW_UP);
      f->parent.subject_id = subject->parent.id;
      f->kind = g_strdup ("relapse");
      f->event_date = iso (day0 + relapse_day);
      f->detail = g_strdup (_("haematological relapse on marrow aspirate"));
      if (!save (demo, &investigator_context, f, error))
        goto fail;
    }

  if (death_day != NO_DAY && death_day == end_day)
    {
      gboolean after_relapse = relapse_day != NO_DAY && relapse_day <= death_day;
      const char *cause = after_relapse ? _("death after relapse") : _("death from sepsis");
      StromaFollowUp *f;
      StromaDisposition *disp;

      if (!add_adverse_event (demo, subject->parent.id, after_relapse ? "Death NOS" : "Sepsis", 5,
                              TRUE, "unrelated", day0 + death_day, day0 + death_day, TRUE, error))
        goto fail;

      f = stroma_record_new (STROMA_RECORD_FOLLOW_UP);
      f->parent.subject_id = subject->parent.id;
      f->kind = g_strdup ("death");
      f->event_date = iso (day0 + death_day);
      f->detail = g_strdup (cause);
      if (!save (demo, &investigator_context, f, error))
        goto fail;

      disp = stroma_record_new (STROMA_RECORD_DISPOSITION);
      disp->parent.subject_id = subject->parent.id;
      disp->event = g_strdup ("died");
      disp->event_date = iso (day0 + death_day);
      disp->reason = g_strdup (cause);
      if (!save (demo, NULL, disp, error) ||
          !set_status (demo, subject, "died", "death reported", error))
        goto fail;
    }
  else if (withdraw_day != NO_DAY && withdraw_day == end_day)
    {
      StromaDisposition *disp = stroma_record_new (STROMA_RECORD_DISPOSITION);
      disp->parent.subject_id = subject->parent.id;
      disp->event = g_strdup ("withdrawn");
      disp->event_date = iso (day0 + withdraw_day);
      disp->reason = g_strdup (_("consent withdrawn by the subject"));
      if (!save (demo, NULL, disp, error) ||
          !set_status (demo, subject, "withdrawn", "consent withdrawn", error))
        goto fail;
    }
  else if (end_day == b.treat_day + 365)
    {
      StromaDisposition *disp = stroma_record_new (STROMA_RECORD_DISPOSITION);
      disp->parent.subject_id = subject->parent.id;
      disp->event = g_strdup ("completed");
      disp->event_date = iso (day0 + end_day);
      disp->reason = g_strdup (_("one-year follow-up completed"));
      if (!save (demo, NULL, disp, error) ||
          !set_status (demo, subject, "completed", "one-year follow-up completed", error))
        goto fail;
    }
  else if (end_day >= b.treat_day + 28 &&
           !set_status (demo, subject, "follow-up", "treatment period ended", error))
    goto fail;

  /* Now and then a value is corrected against the laboratory report, with a reason. */
  if (chance (demo, 0.06))
    {
      g_autoptr(StromaSubjectRecord) record =
        stroma_store_load_subject_record (demo->store, subject->parent.id, error);
      StromaEditContext correction = {
        "coord.liu", "transcription error corrected against the laboratory report"
      };

      if (record == NULL)
        goto fail;
      for (guint i = record->labs->len / 2; i < record->labs->len; i++)
        {
          StromaLabResult *lab = record->labs->pdata[i];
          if (g_strcmp0 (lab->test_code, "PLAT") == 0)
            {
              double corrected = round (lab->stresn * 1.1 + 1);
              g_free (lab->orres);
              lab->orres = g_strdup_printf ("%.0f", corrected);
              lab->stresn = corrected;
              if (!stroma_store_save (demo->store, &correction, lab, error))
                goto fail;
              break;
            }
        }
    }

  course_free (&c);
  return stroma_store_commit (demo->store, error);

fail:
  if (c.anc != NULL)
    course_free (&c);
  stroma_store_rollback (demo->store);
  return FALSE;
}

/* Chooses how many subjects each stratum gets so that every stratum's list is used up to a
 * block boundary: the arms then come out exactly balanced, as the trial's targets require. */
static guint *
stratum_sizes (Demo      *demo,
               GPtrArray *list,
               guint      n_strata,
               guint      total)
{
  static const double share[] = { 0.55, 0.25, 0.20 };
  g_autofree guint *best = g_new0 (guint, n_strata);
  guint *sizes = g_new0 (guint, n_strata);
  g_autoptr(GPtrArray) boundaries = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  const StromaProtocol *protocol = demo->protocol;
  double best_cost = G_MAXDOUBLE;

  for (guint s = 0; s < n_strata; s++)
    {
      GArray *b = g_array_new (FALSE, FALSE, sizeof (guint));
      guint zero = 0;

      g_array_append_val (b, zero);
      for (guint i = 0; i < list->len; i++)
        {
          StromaRandomizationEntry *e = list->pdata[i];
          StromaRandomizationEntry *next = i + 1 < list->len ? list->pdata[i + 1] : NULL;

          if (g_strcmp0 (e->stratum, protocol->strata[s]) != 0)
            continue;
          if (next == NULL || next->block != e->block || g_strcmp0 (next->stratum, e->stratum) != 0)
            g_array_append_val (b, e->sequence);
        }
      g_ptr_array_add (boundaries, b);
    }

  /* Exhaustive over the first strata's boundaries; the last takes the rest. */
  {
    g_autofree guint *idx = g_new0 (guint, n_strata);

    for (;;)
      {
        guint used = 0;
        double cost = 0;
        guint rest;
        gboolean rest_ok = FALSE;
        GArray *last = boundaries->pdata[n_strata - 1];

        for (guint s = 0; s + 1 < n_strata; s++)
          used += g_array_index ((GArray *)boundaries->pdata[s], guint, idx[s]);

        if (used <= total)
          {
            rest = total - used;
            for (guint i = 0; i < last->len; i++)
              if (g_array_index (last, guint, i) == rest)
                rest_ok = TRUE;
            /* An odd total cannot balance; take the nearest. */
            if (!rest_ok && rest <= g_array_index (last, guint, last->len - 1))
              cost += 50;
            if (rest_ok || rest <= g_array_index (last, guint, last->len - 1))
              {
                for (guint s = 0; s < n_strata; s++)
                  {
                    guint n = s + 1 < n_strata
                              ? g_array_index ((GArray *)boundaries->pdata[s], guint, idx[s]) : rest;
                    double want = total * (s < G_N_ELEMENTS (share) ? share[s] : 1.0 / n_strata);
                    cost += fabs (n - want);
                  }
                if (cost < best_cost)
                  {
                    best_cost = cost;
                    for (guint s = 0; s + 1 < n_strata; s++)
                      best[s] = g_array_index ((GArray *)boundaries->pdata[s], guint, idx[s]);
                    best[n_strata - 1] = rest;
                  }
              }
          }

        /* next combination */
        {
          guint s = 0;
          while (s + 1 < n_strata)
            {
              idx[s]++;
              if (idx[s] < ((GArray *)boundaries->pdata[s])->len)
                break;
              idx[s] = 0;
              s++;
            }
          if (s + 1 >= n_strata)
            break;
        }
      }
  }

  memcpy (sizes, best, n_strata * sizeof (guint));
  return sizes;
}

static gboolean
write_randomized_trial (Demo     *demo,
                        GError  **error)
{
  const StromaProtocol *protocol = demo->protocol;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree guint *sizes = NULL;
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  guint32 seed[4];
  guint n_strata = protocol->strata ? g_strv_length (protocol->strata) : 0;
  guint32 first = julian_from_iso ("2024-03-01");
  guint32 last = g_date_get_julian (&demo->cut) - 10;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint32));

  if (n_strata == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The protocol “%s” names no strata to randomize within."), protocol->id);
      return FALSE;
    }

  for (guint i = 0; i < 4; i++)
    seed[i] = g_rand_int (demo->rand);

  /* A list long enough for every stratum to take the whole trial. */
  list = stroma_randomization_generate (protocol, demo->n_subjects + 12, seed, error);
  if (list == NULL || !stroma_store_set_randomization_list (demo->store, &admin_context, list, error))
    return FALSE;

  sizes = stratum_sizes (demo, list, n_strata, demo->n_subjects);

  for (guint s = 0; s < n_strata; s++)
    for (guint k = 0; k < sizes[s]; k++)
      g_ptr_array_add (order, protocol->strata[s]);

  /* Enrolment order: shuffled across strata. */
  for (guint i = order->len; i > 1; i--)
    {
      guint j = (guint) g_rand_int_range (demo->rand, 0, (gint32) i);
      gpointer tmp = order->pdata[i - 1];
      order->pdata[i - 1] = order->pdata[j];
      order->pdata[j] = tmp;
    }

  for (guint i = 0; i < order->len; i++)
    {
      guint32 t = first + (guint32) g_rand_int_range (demo->rand, 0, (gint32) (last - first));
      g_array_append_val (starts, t);
    }
  g_array_sort (starts, compare_int);

  /* The last few started lately, as in a trial still recruiting: their infusions and counts
   * are what the agenda and the desk show as due. */
  {
    static const guint32 recent[] = { 24, 17, 10, 4 };
    guint n_recent = MIN (G_N_ELEMENTS (recent), starts->len);

    for (guint k = 0; k < n_recent; k++)
      {
        guint32 t = g_date_get_julian (&demo->cut) - recent[G_N_ELEMENTS (recent) - n_recent + k];
        guint32 *slot = &g_array_index (starts, guint32, starts->len - n_recent + k);

        *slot = MAX (*slot, t);
      }
  }

  for (guint i = 0; i < order->len; i++)
    {
      if (!write_pgf_subject (demo, i + 1, order->pdata[i], g_array_index (starts, guint32, i), error))
        return FALSE;
      if (demo->progress != NULL)
        demo->progress (i + 1, order->len, demo->user_data);
    }

  return TRUE;
}

/* msc-crc: 3+3 dose escalation, then expansion at the chosen level; 21-day cycles. */
static gboolean
write_crc_subject (Demo        *demo,
                   guint        number,
                   guint        level,
                   guint32      start,
                   gboolean    *had_dlt,
                   GError     **error)
{
  g_autoptr(StromaSubject) subject = NULL;
  const StromaProductSchedule *product = demo->protocol->product;
  guint32 cut = g_date_get_julian (&demo->cut);
  guint32 screening = start - (guint32) uniform_int (demo, 5, 14);
  int n_cycles = uniform_int (demo, 2, 8);
  guint interval = product != NULL ? MAX (product->interval_days, 1) : 21;
  double cells = 1e6;
  int n_given = 0;
  guint32 end, stop;
  gboolean died = chance (demo, 0.2);
  double dlt_p = 0.04 + 0.09 * (level - 1);

  if (product != NULL && product->dose_levels != NULL && level >= 1 &&
      level <= product->dose_levels->len)
    cells = g_array_index (product->dose_levels, double, level - 1);

  subject = new_subject (demo, number, screening, NULL);
  subject->dose_level = level;
  subject->diagnosis = (g_free (subject->diagnosis), g_strdup ("metastatic colorectal adenocarcinoma"));
  subject->ecog = uniform_int (demo, 0, 2);
  subject->kps = subject->ecog == 0 ? 90 : subject->ecog == 1 ? 80 : 70;

  stop = start + (guint32) (n_cycles * (int) interval);
  end = MIN (cut, stop + (guint32) uniform_int (demo, 20, 120));

  if (!stroma_store_begin (demo->store, &coordinator_context, error))
    return FALSE;

  if (!stroma_store_save (demo->store, NULL, subject, error) ||
      !add_consent_and_eligibility (demo, subject, screening, error))
    goto fail;

  /* Screening labs meet the protocol's thresholds. */
  {
    /* Counts of a patient with adequate marrow function, as the protocol requires. */
    static const LabSpec counts[] = {
      { "WBC", 4.0, 8.0, "10^9/L", 3.5, 9.5 },
      { "NEUT", 2.0, 5.5, "10^9/L", 1.8, 6.3 },
      { "LYM", 0.9, 2.2, "10^9/L", 1.1, 3.2 },
      { "HGB", 95, 140, "g/L", 115, 175 },
      { "PLAT", 110, 320, "10^9/L", 125, 350 },
    };

    for (int k = -1; k < n_cycles; k++)
      {
        guint32 day = k < 0 ? screening : start + (guint32) (k * (int) interval);
        double elevation = k >= 0 && chance (demo, 0.05 * level) ? uniform (demo, 3, 8) : 1.0;

        if (day > end)
          break;
        for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
          if (!add_lab (demo, subject->parent.id, day, counts[i].code,
                        uniform (demo, counts[i].lo, counts[i].hi), counts[i].unit,
                        counts[i].lln, counts[i].uln, FALSE, error))
            goto fail;
        if (!add_chemistry (demo, subject->parent.id, day, ~SAMPLE_CBC, elevation, error))
          goto fail;
      }
  }

  subject->treatment_start = iso (start);
  if (!set_status (demo, subject, "on-treatment", "first cycle given", error))
    goto fail;

  if (!write_infusions (demo, subject, start, (guint) n_cycles, interval, cells, end + 1,
                        &n_given, error))
    goto fail;

  *had_dlt = chance (demo, dlt_p);
  if (*had_dlt && !add_adverse_event (demo, subject->parent.id,
                                      chance (demo, 0.5) ? "Cytokine release syndrome"
                                                         : "Alanine aminotransferase increased",
                                      uniform_int (demo, 3, 4), TRUE, "probable",
                                      start + (guint32) uniform_int (demo, 1, 14), end, FALSE, error))
    goto fail;

  if (chance (demo, 0.3) &&
      !add_adverse_event (demo, subject->parent.id, "Infusion related reaction",
                          uniform_int (demo, 1, 2), FALSE, "probable", start, end, FALSE, error))
    goto fail;
  if (chance (demo, 0.4) &&
      !add_adverse_event (demo, subject->parent.id, "Fever", 1, FALSE, "possible",
                          start + 1, end, FALSE, error))
    goto fail;
  if (chance (demo, 0.35) &&
      !add_adverse_event (demo, subject->parent.id, "Fatigue", uniform_int (demo, 1, 2), FALSE,
                          "possible", start + 3, end, FALSE, error))
    goto fail;

  if (stop <= cut)
    {
      StromaDisposition *disp = stroma_record_new (STROMA_RECORD_DISPOSITION);
      disp->parent.subject_id = subject->parent.id;
      disp->event = g_strdup (died && end < cut ? "died" : "terminated");
      disp->event_date = iso (died && end < cut ? end : stop);
      disp->reason = g_strdup (died && end < cut ? _("death from disease progression")
                                                 : _("disease progression (RECIST 1.1)"));
      if (died && end < cut)
        {
          if (!add_adverse_event (demo, subject->parent.id, "Death NOS", 5, TRUE, "unrelated", end,
                                  end, TRUE, error))
            goto fail;
        }
      if (!save (demo, NULL, disp, error) ||
          !set_status (demo, subject, died && end < cut ? "died" : "follow-up",
                       died && end < cut ? "death reported" : "treatment ended: progression", error))
        goto fail;
    }

  return stroma_store_commit (demo->store, error);

fail:
  stroma_store_rollback (demo->store);
  return FALSE;
}

static gboolean
write_escalation_trial (Demo     *demo,
                        GError  **error)
{
  const StromaProductSchedule *product = demo->protocol->product;
  guint n_levels = product != NULL && product->dose_levels != NULL ? product->dose_levels->len : 3;
  g_autofree StromaEscalationLevel *levels = g_new0 (StromaEscalationLevel, MAX (n_levels, 1));
  guint32 start = julian_from_iso ("2025-01-06");
  guint level = 1;
  gboolean escalating = TRUE;
  guint ceiling = n_levels + 1;   /* the lowest level known to be too toxic */
  guint number = 0;

  while (number < demo->n_subjects)
    {
      StromaEscalationDecision decision;
      guint cohort = 3;

      for (guint k = 0; k < cohort && number < demo->n_subjects; k++)
        {
          gboolean dlt = FALSE;
          guint32 day = start + (guint32) (k * 4);

          if (day > g_date_get_julian (&demo->cut) - 7)
            return TRUE;
          if (!write_crc_subject (demo, ++number, level, day, &dlt, error))
            return FALSE;
          if (escalating)
            {
              levels[level - 1].n_treated++;
              levels[level - 1].n_dlt += dlt ? 1 : 0;
            }
          if (demo->progress)
            demo->progress (number, demo->n_subjects, demo->user_data);
        }

      /* Next cohort after the DLT window of the first cycle. */
      start += 28;

      if (!escalating)
        continue;

      /* The 3+3 rule, with a ceiling: once a level had too many DLTs the trial never escalates
       * into it again, and the level below is filled to 6 before it is called the MTD. */
      decision = stroma_escalation_decide (&levels[level - 1], level >= MIN (n_levels, ceiling - 1));
      switch (decision)
        {
        case STROMA_ESCALATION_ESCALATE:
          level++;
          break;
        case STROMA_ESCALATION_MTD_EXCEEDED:
          ceiling = level;
          if (level > 1 && levels[level - 2].n_treated < 6)
            level--;
          else
            {
              escalating = FALSE;
              level = (guint) MAX (stroma_escalation_mtd (levels, n_levels) + 1, 1);
            }
          break;
        case STROMA_ESCALATION_TOP_REACHED:
          escalating = FALSE;
          break;
        case STROMA_ESCALATION_EXPAND:
        case STROMA_ESCALATION_ENROL:
        case STROMA_ESCALATION_PENDING:
        default:
          break;
        }
    }

  return TRUE;
}

void
stroma_demo_print_progress (guint    done,
                            guint    total,
                            gpointer user_data)
{
  /* Only on a terminal: a log file gets the summary alone. */
  if (!isatty (STDERR_FILENO))
    return;
  if (done == total || done % 25 == 0)
    g_printerr ("\r%s %u/%u", _("subjects written:"), done, total);
  if (done == total)
    g_printerr ("\r\033[K");
}

/**
 * stroma_demo_write:
 * @path: where to write the trial file; it must not exist
 * @protocol: the protocol
 * @options: subjects, seed, data cut, progress
 * @error: a #GError
 *
 * Returns: (transfer full) (nullable): the store of the new synthetic trial.
 */
StromaStore *
stroma_demo_write (const char              *path,
                   const StromaProtocol    *protocol,
                   const StromaDemoOptions *options,
                   GError                 **error)
{
  g_autoptr(StromaStore) store = NULL;
  Demo demo = { 0 };
  gboolean ok;
  guint32 seed[2];

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (protocol != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  g_date_clear (&demo.cut, 1);
  g_date_set_parse (&demo.cut, options->data_cut ? options->data_cut : STROMA_DEMO_DATA_CUT);
  if (!g_date_valid (&demo.cut))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid data-cut date (use YYYY-MM-DD)."), options->data_cut);
      return NULL;
    }

  store = stroma_store_create (path, protocol, &admin_context, TRUE, error);
  if (store == NULL)
    return NULL;

  seed[0] = (guint32) (options->seed & 0xffffffff);
  seed[1] = (guint32) (options->seed >> 32);
  demo.rand = g_rand_new_with_seed_array (seed, 2);
  demo.protocol = protocol;
  demo.store = store;
  demo.progress = options->progress;
  demo.user_data = options->user_data;
  demo.n_subjects = options->n_subjects > 0 ? options->n_subjects
                    : protocol->target_total > 0 ? protocol->target_total : 18;

  ok = stroma_store_add_user (store, &admin_context, "admin", "Trial administrator",
                              "administrator", error) &&
       stroma_store_add_user (store, &admin_context, "dr.chen", "Dr Chen Jie (synthetic)",
                              "investigator", error) &&
       stroma_store_add_user (store, &admin_context, "coord.liu", "Liu Min (synthetic)",
                              "coordinator", error) &&
       stroma_store_add_user (store, &admin_context, "sponsor.zhao", "Zhao Lan (synthetic)",
                              "sponsor", error);

  if (ok)
    {
      if (protocol->arms->len >= 2 && protocol->block_sizes != NULL && protocol->block_sizes->len > 0)
        ok = write_randomized_trial (&demo, error);
      else
        ok = write_escalation_trial (&demo, error);
    }

  g_rand_free (demo.rand);

  if (!ok)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_clear_pointer (&store, stroma_store_close);
      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      return NULL;
    }

  return g_steal_pointer (&store);
}
