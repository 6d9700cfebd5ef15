/* test-schedule.c — product doses, observations and the coordinator's agenda
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include "core/stroma-schedule.h"

/* Fixtures */

static StromaProtocol *
load_shipped (const char *id)
{
  const char *datadir = g_getenv ("STROMA_SOURCE_DATADIR");
  g_autofree char *file = g_strconcat (id, ".json", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  StromaProtocol *protocol;

  path = g_build_filename (datadir != NULL && *datadir != '\0' ? datadir : SOURCE_DATADIR,
                           "protocols", file, NULL);
  protocol = stroma_protocol_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static StromaSubjectRecord *
new_subject (const char *code,
             const char *arm,
             const char *treatment_start,
             double      weight_kg)
{
  StromaSubjectRecord *record = stroma_subject_record_new ();
  static gint64 next_id = 1;

  record->subject = stroma_record_new (STROMA_RECORD_SUBJECT);
  record->subject->parent.id = next_id++;
  record->subject->code = g_strdup (code);
  record->subject->treatment_start = g_strdup (treatment_start);
  record->subject->weight_kg = weight_kg;
  record->subject->height_cm = 165;
  if (arm != NULL)
    {
      record->allocation = stroma_record_new (STROMA_RECORD_ALLOCATION);
      record->allocation->arm = g_strdup (arm);
    }

  return record;
}

static StromaInfusion *
add_infusion (StromaSubjectRecord *record,
              gint64               number,
              const char          *status,
              const char          *given_at)
{
  StromaInfusion *infusion = stroma_record_new (STROMA_RECORD_INFUSION);

  infusion->parent.subject_id = record->subject->parent.id;
  infusion->number = number;
  infusion->status = g_strdup (status);
  infusion->given_at = g_strdup (given_at);
  g_ptr_array_add (record->infusions, infusion);

  return infusion;
}

static void
add_lab (StromaSubjectRecord *record,
         const char          *test_code,
         const char          *collected_on)
{
  StromaLabResult *lab = stroma_record_new (STROMA_RECORD_LAB_RESULT);

  lab->test_code = g_strdup (test_code);
  lab->collected_on = g_strdup (collected_on);
  lab->orres = g_strdup ("1.0");
  lab->stresn = 1.0;
  g_ptr_array_add (record->labs, lab);
}

static void
add_disposition (StromaSubjectRecord *record,
                 const char          *event,
                 const char          *date)
{
  StromaDisposition *d = stroma_record_new (STROMA_RECORD_DISPOSITION);

  d->event = g_strdup (event);
  d->event_date = g_strdup (date);
  g_ptr_array_add (record->dispositions, d);
}

static StromaProductPlan *
product_plan (const StromaProtocol       *protocol,
              const StromaSubjectRecord  *record,
              const char                 *as_of,
              const char                 *time_zone)
{
  StromaScheduleOptions options = STROMA_SCHEDULE_OPTIONS_INIT;
  g_autoptr(GError) error = NULL;
  StromaProductPlan *plan;

  options.time_zone = time_zone;
  plan = stroma_product_plan_new (protocol, record, as_of, &options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);

  return plan;
}

static const StromaProductDose *
dose (const StromaProductPlan *plan,
      guint                    number)
{
  const StromaProductDose *d = stroma_product_plan_get_dose (plan, number);

  g_assert_nonnull (d);
  g_assert_cmpuint (d->number, ==, number);

  return d;
}

#define assert_status(d, s) \
  g_assert_cmpstr (stroma_schedule_status_to_string ((d)->status), ==, (s))

/* The investigational product */

static void
test_status_ids (void)
{
  static const char *ids[] = { "planned", "due", "overdue", "given", "missed", "done" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      StromaScheduleStatus status = 99;

      g_assert_cmpstr (stroma_schedule_status_to_string (i), ==, ids[i]);
      g_assert_true (stroma_schedule_status_from_string (ids[i], &status));
      g_assert_cmpint (status, ==, i);
    }

  {
    StromaScheduleStatus status = STROMA_SCHEDULE_DUE;

    g_assert_false (stroma_schedule_status_from_string ("late", &status));
    g_assert_false (stroma_schedule_status_from_string ("Due", &status));
    g_assert_cmpint (status, ==, STROMA_SCHEDULE_DUE);
  }

  g_assert_cmpstr (stroma_observation_skip_to_string (STROMA_OBSERVATION_SKIP_AS_NEEDED), ==,
                   "as-needed");
  g_assert_cmpstr (stroma_observation_skip_to_string (STROMA_OBSERVATION_SKIP_NO_DATE), ==,
                   "no-date");
  g_assert_cmpstr (stroma_observation_skip_to_string (STROMA_OBSERVATION_SKIP_ENDPOINT_UNKNOWN),
                   ==, "endpoint-unknown");
  g_assert_cmpstr (stroma_observation_skip_to_string (STROMA_OBSERVATION_SKIP_ENDPOINT_NOT_MET),
                   ==, "endpoint-not-met");
}

/* msc-pgf: weekly × 4 from the treatment start, window −1/+2 days. */
static void
test_weekly_plan (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-001", "msc", "2024-03-12", 55.6);
  g_autoptr(StromaProductPlan) plan = product_plan (protocol, record, "2024-03-01", NULL);
  static const struct { const char *due, *start, *end; } expected[] = {
    { "2024-03-12", "2024-03-11", "2024-03-14" },
    { "2024-03-19", "2024-03-18", "2024-03-21" },
    { "2024-03-26", "2024-03-25", "2024-03-28" },
    { "2024-04-02", "2024-04-01", "2024-04-04" },
  };

  g_assert_cmpuint (plan->doses->len, ==, G_N_ELEMENTS (expected));
  g_assert_cmpstr (plan->start_date, ==, "2024-03-12");
  g_assert_cmpstr (plan->subject_code, ==, "PGF-001");
  g_assert_cmpuint (plan->n_doses, ==, 4);
  g_assert_cmpuint (plan->interval_days, ==, 7);
  g_assert_null (plan->planned_until);
  g_assert_null (plan->stopped_on);
  g_assert_cmpint (plan->dose_level, ==, STROMA_NO_INT);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const StromaProductDose *d = dose (plan, i + 1);

      g_assert_cmpstr (d->due_date, ==, expected[i].due);
      g_assert_cmpstr (d->scheduled_date, ==, expected[i].due);
      g_assert_cmpint (d->shift_days, ==, 0);
      g_assert_cmpstr (d->window_start, ==, expected[i].start);
      g_assert_cmpstr (d->window_end, ==, expected[i].end);
      assert_status (d, "planned");
      g_assert_false (d->recorded);
      /* DOMAIN.md §2.3: 1 × 10⁶/kg */
      g_assert_cmpfloat (d->cells_per_kg, ==, 1e6);
      g_assert_cmpfloat_with_epsilon (d->total_cells, 5.56e7, 1);
    }

  /* Day 0 instead of the treatment start when the protocol counts from it. */
  {
    g_autoptr(StromaProductPlan) p = NULL;

    set_string (&protocol->product->relative_to, "day0");
    record->transplant = stroma_record_new (STROMA_RECORD_TRANSPLANT);
    record->transplant->day0_date = g_strdup ("2024-01-05");
    p = product_plan (protocol, record, "2024-01-01", NULL);
    g_assert_cmpstr (dose (p, 1)->due_date, ==, "2024-01-05");
    g_assert_cmpstr (dose (p, 4)->due_date, ==, "2024-01-26");
  }
}

/* A dose given 3 days late moves doses 3 and 4 by 3 days with "shift-following", and not with
 * "keep-schedule". */
static void
test_delay_rule (void)
{
  static const struct {
    const char *rule;
    const char *due3, *due4;
    gint        shift;
  } cases[] = {
    { "shift-following", "2024-03-29", "2024-04-05", 3 },
    { "keep-schedule", "2024-03-26", "2024-04-02", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
      g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-002", "msc", "2024-03-12", 60);
      g_autoptr(StromaProductPlan) plan = NULL;
      const StromaProductDose *d2;

      g_test_message ("%s", cases[i].rule);
      set_string (&protocol->product->delay_rule, cases[i].rule);
      add_infusion (record, 1, "given", "2024-03-12T02:18:00Z");
      add_infusion (record, 2, "given", "2024-03-22T02:10:00Z");
      plan = product_plan (protocol, record, "2024-03-22", NULL);

      g_assert_cmpstr (plan->delay_rule, ==, cases[i].rule);
      d2 = dose (plan, 2);
      g_assert_cmpstr (d2->due_date, ==, "2024-03-19");
      g_assert_cmpstr (d2->given_date, ==, "2024-03-22");
      g_assert_cmpint (d2->days_from_due, ==, 3);
      g_assert_true (d2->late);
      g_assert_true (d2->outside_window);
      assert_status (d2, "given");

      g_assert_cmpstr (dose (plan, 3)->due_date, ==, cases[i].due3);
      g_assert_cmpstr (dose (plan, 4)->due_date, ==, cases[i].due4);
      g_assert_cmpstr (dose (plan, 3)->scheduled_date, ==, "2024-03-26");
      g_assert_cmpint (dose (plan, 3)->shift_days, ==, cases[i].shift);
      g_assert_cmpint (dose (plan, 4)->shift_days, ==, cases[i].shift);
      assert_status (dose (plan, 3), "planned");
      g_assert_false (dose (plan, 1)->late);
    }
}

/* Dose 1 is due 2024-03-12 with the window 03-11…03-14. */
static void
test_window_edges (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  static const struct { const char *as_of, *status; } statuses[] = {
    { "2024-03-10", "planned" },
    { "2024-03-11", "due" },      /* the window opens */
    { "2024-03-12", "due" },
    { "2024-03-14", "due" },      /* its last day */
    { "2024-03-15", "overdue" },  /* the day after it closes */
    { "2024-04-30", "overdue" },
  };
  static const struct {
    const char *given_at;
    gint        days_from_due;
    gboolean    outside, late;
  } given[] = {
    { "2024-03-10T02:00:00Z", -2, TRUE, FALSE },
    { "2024-03-11T02:00:00Z", -1, FALSE, FALSE },
    { "2024-03-12T02:00:00Z", 0, FALSE, FALSE },
    { "2024-03-14T02:00:00Z", 2, FALSE, FALSE },
    { "2024-03-15T02:00:00Z", 3, TRUE, TRUE },
    { "2024-03-14", 2, FALSE, FALSE },     /* a bare date is the site's date */
  };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-003", "msc", "2024-03-12", 60);
      g_autoptr(StromaProductPlan) plan = product_plan (protocol, record, statuses[i].as_of,
                                                        NULL);

      g_test_message ("as of %s", statuses[i].as_of);
      assert_status (dose (plan, 1), statuses[i].status);
      g_assert_cmpstr (plan->as_of, ==, statuses[i].as_of);
    }

  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-003", "msc", "2024-03-12", 60);
      g_autoptr(StromaProductPlan) plan = NULL;
      const StromaProductDose *d;

      g_test_message ("given at %s", given[i].given_at);
      add_infusion (record, 1, "given", given[i].given_at);
      plan = product_plan (protocol, record, "2024-03-20", NULL);
      d = dose (plan, 1);

      assert_status (d, "given");
      g_assert_cmpint (d->days_from_due, ==, given[i].days_from_due);
      g_assert_cmpint (d->outside_window, ==, given[i].outside);
      g_assert_cmpint (d->late, ==, given[i].late);
      g_assert_cmpstr (d->given_at, ==, given[i].given_at);
    }

  /* Looking back at a date before the dose was given, it was due then. */
  {
    g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-003", "msc", "2024-03-12", 60);
    g_autoptr(StromaProductPlan) plan = NULL;

    add_infusion (record, 1, "given", "2024-03-13T02:00:00Z");
    plan = product_plan (protocol, record, "2024-03-12", NULL);
    assert_status (dose (plan, 1), "due");
    g_assert_null (dose (plan, 1)->given_date);
  }
}

static void
test_missed_and_overdue (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-004", "msc", "2024-03-12", 60);
  g_autoptr(StromaProductPlan) plan = NULL;
  StromaInfusion *missed;

  add_infusion (record, 1, "given", "2024-03-12T02:00:00Z");
  missed = add_infusion (record, 2, "missed", NULL);
  missed->reason = g_strdup ("grade 3 pneumonia");
  /* Dose 3 is recorded as delayed but not given: its window decides. */
  add_infusion (record, 3, "delayed", NULL)->reason = g_strdup ("fever");

  /* The day after dose 3's window (03-25…03-28) closes. */
  plan = product_plan (protocol, record, "2024-03-29", NULL);

  assert_status (dose (plan, 1), "given");
  assert_status (dose (plan, 2), "missed");
  g_assert_cmpstr (dose (plan, 2)->reason, ==, "grade 3 pneumonia");
  g_assert_cmpstr (dose (plan, 2)->record_status, ==, "missed");
  g_assert_true (dose (plan, 2)->recorded);
  /* A missed dose moves nothing: dose 3 is due one interval after dose 2 was due. */
  g_assert_cmpstr (dose (plan, 3)->due_date, ==, "2024-03-26");
  assert_status (dose (plan, 3), "overdue");
  g_assert_cmpstr (dose (plan, 3)->record_status, ==, "delayed");
  g_assert_cmpstr (dose (plan, 3)->reason, ==, "fever");
  /* Dose 4 waits one interval after the overdue dose 3 was due. */
  g_assert_cmpstr (dose (plan, 4)->due_date, ==, "2024-04-02");
  assert_status (dose (plan, 4), "planned");

  /* On dose 3's last window day it is still due. */
  {
    g_autoptr(StromaProductPlan) p = product_plan (protocol, record, "2024-03-28", NULL);

    assert_status (dose (p, 3), "due");
  }

  /* A given record wins over a missed one with the same number. */
  {
    g_autoptr(StromaProductPlan) p = NULL;

    add_infusion (record, 2, "given", "2024-03-20T02:00:00Z");
    p = product_plan (protocol, record, "2024-03-29", NULL);
    assert_status (dose (p, 2), "given");
    g_assert_cmpstr (dose (p, 3)->due_date, ==, "2024-03-27");
  }
}

/* msc-crc: every 21 days at the cohort's dose level, until stopped. */
/* A dose rescheduled by the coordinator ("delayed" with a new planned date) is due on that
 * date, its window moves with it, and the delay rule re-plans the doses after it. */
static void
test_rescheduled (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-005", "msc", "2024-03-12", 60);
  g_autoptr(StromaProductPlan) plan = NULL;
  StromaInfusion *moved;

  add_infusion (record, 1, "given", "2024-03-12T02:00:00Z");
  moved = add_infusion (record, 2, "delayed", NULL);
  moved->planned_date = g_strdup ("2024-03-23");
  moved->reason = g_strdup ("fever 38.6 °C on the planned day");

  plan = product_plan (protocol, record, "2024-03-20", NULL);
  g_assert_cmpstr (dose (plan, 2)->due_date, ==, "2024-03-23");
  g_assert_cmpstr (dose (plan, 2)->window_start, ==, "2024-03-22");
  g_assert_cmpstr (dose (plan, 2)->window_end, ==, "2024-03-25");
  g_assert_cmpint (dose (plan, 2)->shift_days, ==, 4);
  /* Its old window (03-18…03-21) is open on 03-20, but the dose is not due until 03-22. */
  assert_status (dose (plan, 2), "planned");
  /* Shift-following: dose 3 comes one interval after the new date. */
  g_assert_cmpstr (dose (plan, 3)->due_date, ==, "2024-03-30");
  g_assert_cmpstr (dose (plan, 4)->due_date, ==, "2024-04-06");

  /* Once given, the dose is measured against the protocol's due date again: the delay stays
   * a documented deviation, and dose 3 follows the day it was actually given. */
  g_free (moved->status);
  moved->status = g_strdup ("given");
  moved->given_at = g_strdup ("2024-03-24T02:00:00Z");
  g_clear_pointer (&plan, stroma_product_plan_free);
  plan = product_plan (protocol, record, "2024-03-26", NULL);
  assert_status (dose (plan, 2), "given");
  g_assert_cmpstr (dose (plan, 2)->due_date, ==, "2024-03-19");
  g_assert_true (dose (plan, 2)->late);
  g_assert_cmpstr (dose (plan, 3)->due_date, ==, "2024-03-31");
}

static void
test_dose_levels (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-crc");
  static const char *dues[] = {
    "2025-02-03", "2025-02-24", "2025-03-17", "2025-04-07", "2025-04-28", "2025-05-19",
  };
  static const struct { gint64 level; double cells; } levels[] = {
    { 1, 5e5 }, { 2, 1e6 }, { 3, 2e6 },
  };

  {
    g_autoptr(StromaSubjectRecord) record = new_subject ("CRC-004", NULL, "2025-02-03", 57.3);
    g_autoptr(StromaProductPlan) plan = NULL;

    record->subject->dose_level = 2;
    add_infusion (record, 1, "given", "2025-02-03T02:00:00Z");
    add_infusion (record, 2, "given", "2025-02-24T02:00:00Z");
    plan = product_plan (protocol, record, "2025-03-01", NULL);

    /* Planned to as_of + 84 days = 2025-05-24: the dose of 06-09 is beyond it. */
    g_assert_cmpuint (plan->n_doses, ==, 0);
    g_assert_cmpstr (plan->planned_until, ==, "2025-05-24");
    g_assert_cmpuint (plan->doses->len, ==, G_N_ELEMENTS (dues));
    for (guint i = 0; i < G_N_ELEMENTS (dues); i++)
      g_assert_cmpstr (dose (plan, i + 1)->due_date, ==, dues[i]);

    g_assert_cmpint (plan->dose_level, ==, 2);
    g_assert_cmpfloat (plan->cells_per_kg, ==, 1e6);
    g_assert_cmpfloat (dose (plan, 3)->cells_per_kg, ==, 1e6);
    g_assert_cmpfloat_with_epsilon (dose (plan, 3)->total_cells, 5.73e7, 1);
    /* Window ±3 days. */
    g_assert_cmpstr (dose (plan, 3)->window_start, ==, "2025-03-14");
    g_assert_cmpstr (dose (plan, 3)->window_end, ==, "2025-03-20");
  }

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(StromaSubjectRecord) record = new_subject ("CRC-001", NULL, "2025-02-03", 50);
      g_autoptr(StromaProductPlan) plan = NULL;

      record->subject->dose_level = levels[i].level;
      plan = product_plan (protocol, record, "2025-02-01", NULL);
      g_assert_cmpfloat (plan->cells_per_kg, ==, levels[i].cells);
      g_assert_cmpfloat (dose (plan, 1)->cells_per_kg, ==, levels[i].cells);
    }

  /* A level the protocol does not have, or none: the dates stand, the dose is unknown. */
  {
    static const gint64 bad[] = { 4, 0, STROMA_NO_INT };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(StromaSubjectRecord) record = new_subject ("CRC-002", NULL, "2025-02-03", 50);
        g_autoptr(StromaProductPlan) plan = NULL;

        record->subject->dose_level = bad[i];
        plan = product_plan (protocol, record, "2025-02-01", NULL);
        g_assert_true (isnan (plan->cells_per_kg));
        g_assert_true (isnan (dose (plan, 1)->total_cells));
        g_assert_cmpstr (dose (plan, 1)->due_date, ==, "2025-02-03");
      }
  }

  /* Treatment stops at the first disposition: nothing is planned from it on. */
  {
    g_autoptr(StromaSubjectRecord) record = new_subject ("CRC-005", NULL, "2025-02-03", 50);
    g_autoptr(StromaProductPlan) plan = NULL;

    record->subject->dose_level = 1;
    add_disposition (record, "terminated", "2025-04-07");
    plan = product_plan (protocol, record, "2025-05-01", NULL);
    g_assert_cmpstr (plan->stopped_on, ==, "2025-04-07");
    g_assert_cmpuint (plan->doses->len, ==, 3);
    g_assert_cmpstr (dose (plan, 3)->due_date, ==, "2025-03-17");
  }

  /* Death recorded at follow-up stops it too; a relapse alone does not. */
  {
    g_autoptr(StromaSubjectRecord) record = new_subject ("CRC-008", NULL, "2025-02-03", 50);
    g_autoptr(StromaProductPlan) plan = NULL;
    static const struct { const char *kind, *date; } events[] = {
      { "relapse", "2025-02-10" }, { "death", "2025-03-01" }, { "contact", "2025-02-20" },
    };

    record->subject->dose_level = 1;
    for (guint i = 0; i < G_N_ELEMENTS (events); i++)
      {
        StromaFollowUp *f = stroma_record_new (STROMA_RECORD_FOLLOW_UP);

        f->kind = g_strdup (events[i].kind);
        f->event_date = g_strdup (events[i].date);
        g_ptr_array_add (record->follow_ups, f);
      }
    plan = product_plan (protocol, record, "2025-05-01", NULL);
    g_assert_cmpstr (plan->stopped_on, ==, "2025-03-01");
    g_assert_cmpuint (plan->doses->len, ==, 2);
  }

  /* A horizon of 0 plans to the as-of date only. */
  {
    g_autoptr(StromaSubjectRecord) record = new_subject ("CRC-006", NULL, "2025-02-03", 50);
    StromaScheduleOptions options = { NULL, 0 };
    g_autoptr(StromaProductPlan) plan = NULL;

    record->subject->dose_level = 1;
    plan = stroma_product_plan_new (protocol, record, "2025-02-24", &options, NULL);
    g_assert_cmpuint (plan->doses->len, ==, 2);
    g_assert_cmpstr (plan->planned_until, ==, "2025-02-24");
  }
}

/* The target uses the latest weight: the one recorded at the last infusion given. */
static void
test_latest_weight (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-005", "msc", "2024-03-12", 55.6);
  StromaInfusion *first, *second;

  /* Without infusions: the subject's weight. */
  {
    g_autoptr(StromaProductPlan) plan = product_plan (protocol, record, "2024-03-10", NULL);

    g_assert_cmpfloat (plan->weight_kg, ==, 55.6);
    g_assert_cmpuint (plan->weight_infusion, ==, 0);
    g_assert_cmpfloat_with_epsilon (dose (plan, 1)->total_cells, 5.56e7, 1);
  }

  /* Listed out of order on purpose: the date decides, not the position. */
  second = add_infusion (record, 2, "given", "2024-03-19T02:09:00Z");
  second->weight_kg = 54.9;
  second->total_cells = 5.52e7;
  first = add_infusion (record, 1, "given", "2024-03-12T02:18:00Z");
  first->weight_kg = 55.7;
  first->total_cells = 5.56e7;
  first->cells_per_kg = 1e6;

  {
    g_autoptr(StromaProductPlan) plan = product_plan (protocol, record, "2024-03-20", NULL);

    g_assert_cmpfloat (plan->weight_kg, ==, 54.9);
    g_assert_cmpuint (plan->weight_infusion, ==, 2);
    g_assert_cmpfloat (dose (plan, 3)->weight_kg, ==, 54.9);
    g_assert_cmpfloat_with_epsilon (dose (plan, 3)->total_cells, 5.49e7, 1);
    g_assert_cmpfloat_with_epsilon (dose (plan, 4)->total_cells, 5.49e7, 1);
    /* Given doses keep what was recorded. */
    g_assert_cmpfloat (dose (plan, 1)->weight_kg, ==, 55.7);
    g_assert_cmpfloat (dose (plan, 1)->total_cells, ==, 5.56e7);
    g_assert_cmpfloat (dose (plan, 2)->total_cells, ==, 5.52e7);
  }

  /* As of a date before the second infusion, the first one's weight is the latest. */
  {
    g_autoptr(StromaProductPlan) plan = product_plan (protocol, record, "2024-03-15", NULL);

    g_assert_cmpfloat (plan->weight_kg, ==, 55.7);
    g_assert_cmpuint (plan->weight_infusion, ==, 1);
    g_assert_cmpfloat_with_epsilon (dose (plan, 2)->total_cells, 5.57e7, 1);
  }
}

/* Dates come from the data and the site's zone, never from the process's TZ (AT-9). */
static void
test_time_zones (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  static const char *process_zones[] = { "UTC", "Asia/Shanghai", "America/New_York" };
  static const struct {
    const char *site;
    const char *given_date;   /* of 2024-03-18T17:30:00Z */
    gint        days_from_due;
  } sites[] = {
    { NULL, "2024-03-19", 0 },              /* the protocol's site zone, Asia/Shanghai */
    { "UTC", "2024-03-18", -1 },
    { "Asia/Shanghai", "2024-03-19", 0 },   /* 01:30 the next morning in Beijing */
    { "+08:00", "2024-03-19", 0 },
  };
  g_autofree char *saved = g_strdup (g_getenv ("TZ"));

  for (guint z = 0; z < G_N_ELEMENTS (process_zones); z++)
    {
      g_setenv ("TZ", process_zones[z], TRUE);
      tzset ();

      for (guint s = 0; s < G_N_ELEMENTS (sites); s++)
        {
          /* Weekly doses from 2024-03-05 cross New York's change to summer time on 03-10. */
          g_autoptr(StromaSubjectRecord) record =
            new_subject ("PGF-006", "msc", "2024-03-05", 60);
          g_autoptr(StromaProductPlan) plan = NULL;
          const StromaProductDose *d;

          g_test_message ("TZ=%s, site %s", process_zones[z], sites[s].site);
          add_infusion (record, 1, "given", "2024-03-05T01:00:00Z");
          add_infusion (record, 2, "given", "2024-03-12T03:00:00Z");
          add_infusion (record, 3, "given", "2024-03-18T17:30:00Z");
          plan = product_plan (protocol, record, "2024-03-20", sites[s].site);

          g_assert_cmpstr (dose (plan, 2)->due_date, ==, "2024-03-12");
          d = dose (plan, 3);
          g_assert_cmpstr (d->due_date, ==, "2024-03-19");
          g_assert_cmpstr (d->given_date, ==, sites[s].given_date);
          g_assert_cmpint (d->days_from_due, ==, sites[s].days_from_due);
          g_assert_false (d->outside_window);
          /* shift-following: dose 4 is due one week after dose 3 was given. */
          g_assert_cmpstr (dose (plan, 4)->due_date, ==,
                           sites[s].days_from_due == 0 ? "2024-03-26" : "2024-03-25");
        }
    }

  if (saved != NULL)
    g_setenv ("TZ", saved, TRUE);
  else
    g_unsetenv ("TZ");
  tzset ();

  {
    g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-006", "msc", "2024-03-05", 60);
    StromaScheduleOptions options = { "Mars/Olympus_Mons", 84 };
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaProductPlan) plan = NULL;

    plan = stroma_product_plan_new (protocol, record, "2024-03-20", &options, &error);
    g_assert_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_TIME_ZONE);
    g_assert_null (plan);
  }
}

static void
test_product_errors (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  static const struct {
    const char *arm, *start, *as_of, *given_at;
    int         code;
  } cases[] = {
    { "control", "2024-03-12", "2024-03-20", NULL, STROMA_SCHEDULE_ERROR_NO_PRODUCT },
    { "msc", NULL, "2024-03-20", NULL, STROMA_SCHEDULE_ERROR_NOT_STARTED },
    { "msc", "2024-03-12", "2024-3-20", NULL, STROMA_SCHEDULE_ERROR_INVALID_DATE },
    { "msc", "2024-03-12", "2024-02-30", NULL, STROMA_SCHEDULE_ERROR_INVALID_DATE },
    { "msc", "12/03/2024", "2024-03-20", NULL, STROMA_SCHEDULE_ERROR_INVALID_DATE },
    { "msc", "2024-03-12", "2024-03-20", "yesterday", STROMA_SCHEDULE_ERROR_INVALID_DATE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-007", cases[i].arm,
                                                           cases[i].start, 60);
      g_autoptr(GError) error = NULL;
      g_autoptr(StromaProductPlan) plan = NULL;

      if (cases[i].given_at != NULL)
        add_infusion (record, 1, "given", cases[i].given_at);
      plan = stroma_product_plan_new (protocol, record, cases[i].as_of, NULL, &error);
      g_assert_error (error, STROMA_SCHEDULE_ERROR, cases[i].code);
      g_assert_null (plan);
      g_test_message ("%s", error->message);
    }

  /* A protocol without a product. */
  {
    g_autoptr(StromaSubjectRecord) record = new_subject ("PGF-007", "msc", "2024-03-12", 60);
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaProductPlan) plan = NULL;
    StromaProductSchedule *product = g_steal_pointer (&protocol->product);

    plan = stroma_product_plan_new (protocol, record, "2024-03-20", NULL, &error);
    g_assert_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_NO_PRODUCT);
    protocol->product = product;
  }
}

/* Observations */

static GHashTable *
anc_recovery (const char *date)
{
  GHashTable *events = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (events, (gpointer) "registry-anc-recovery", (gpointer) date);
  return events;
}

static const StromaObservationSlot *
find_slot (const StromaObservationPlan *plan,
           const char                  *phase_id,
           const char                  *test,       /* test code or examination */
           const char                  *due_date)
{
  for (guint i = 0; i < plan->slots->len; i++)
    {
      const StromaObservationSlot *slot = plan->slots->pdata[i];
      const char *name = slot->test_code != NULL ? slot->test_code : slot->assessment;

      if (strcmp (slot->phase_id, phase_id) == 0 && g_strcmp0 (name, test) == 0 &&
          strcmp (slot->due_date, due_date) == 0)
        return slot;
    }

  return NULL;
}

static guint
count_slots (const StromaObservationPlan *plan,
             const char                  *phase_id,
             const char                  *test)
{
  guint n = 0;

  for (guint i = 0; i < plan->slots->len; i++)
    {
      const StromaObservationSlot *slot = plan->slots->pdata[i];
      const char *name = slot->test_code != NULL ? slot->test_code : slot->assessment;

      if (strcmp (slot->phase_id, phase_id) == 0 && g_strcmp0 (name, test) == 0)
        n++;
    }

  return n;
}

static const StromaObservationSkipped *
find_skipped (const StromaObservationPlan *plan,
              const char                  *phase_id)
{
  for (guint i = 0; i < plan->skipped->len; i++)
    {
      const StromaObservationSkipped *skipped = plan->skipped->pdata[i];

      if (strcmp (skipped->phase_id, phase_id) == 0)
        return skipped;
    }

  return NULL;
}

static StromaSubjectRecord *
transplanted (const char *day0)
{
  StromaSubjectRecord *record = new_subject ("PGF-010", "msc", NULL, 60);

  record->transplant = stroma_record_new (STROMA_RECORD_TRANSPLANT);
  record->transplant->day0_date = g_strdup (day0);

  return record;
}

static StromaObservationPlan *
observation_plan (const StromaProtocol       *protocol,
                  const StromaSubjectRecord  *record,
                  GHashTable                 *events,
                  const char                 *as_of,
                  const char                 *from,
                  const char                 *to)
{
  g_autoptr(GError) error = NULL;
  StromaObservationPlan *plan;

  plan = stroma_observation_plan_new (protocol, record, events, as_of, from, to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plan);

  return plan;
}

/* "Complete blood count twice a week" (times 2, every 7 days) from day 0 = 2024-02-01: due on
 * days 0, 3, 7, 10, …; each slot runs to the day before the next due date. */
static void
test_twice_weekly (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = transplanted ("2024-02-01");
  g_autoptr(GHashTable) events = anc_recovery (NULL);   /* derived, not met yet */
  g_autoptr(StromaObservationPlan) plan = NULL;
  static const struct { const char *due, *end, *status, *done_on; } plat[] = {
    { "2024-02-01", "2024-02-03", "done", "2024-02-02" },
    { "2024-02-04", "2024-02-07", "overdue", NULL },   /* the value of 02-08 is too late */
    { "2024-02-08", "2024-02-10", "done", "2024-02-08" },
    { "2024-02-11", "2024-02-14", "planned", NULL },
    { "2024-02-15", "2024-02-17", "planned", NULL },
  };
  static const char *cbc[] = { "WBC", "NEUT", "LYM", "HGB", "PLAT" };

  add_lab (record, "PLAT", "2024-02-02");
  add_lab (record, "PLAT", "2024-02-08");
  add_lab (record, "HGB", "2024-02-07");    /* the slot's last day still counts */
  add_lab (record, "HGB", "2024-02-10");    /* after the as-of date: not known yet */

  plan = observation_plan (protocol, record, events, "2024-02-09", "2024-02-01", "2024-02-17");

  for (guint i = 0; i < G_N_ELEMENTS (plat); i++)
    {
      const StromaObservationSlot *slot = find_slot (plan, "pre-cbc", "PLAT", plat[i].due);

      g_test_message ("PLAT due %s", plat[i].due);
      g_assert_nonnull (slot);
      g_assert_cmpstr (slot->slot_end, ==, plat[i].end);
      g_assert_cmpstr (stroma_schedule_status_to_string (slot->status), ==, plat[i].status);
      g_assert_cmpstr (slot->done_on, ==, plat[i].done_on);
      g_assert_cmpstr (slot->assessment, ==, "cbc");
      g_assert_true (slot->tracked);
    }
  g_assert_cmpuint (count_slots (plan, "pre-cbc", "PLAT"), ==, G_N_ELEMENTS (plat));

  /* The panel is expanded into its tests. */
  for (guint i = 0; i < G_N_ELEMENTS (cbc); i++)
    g_assert_nonnull (find_slot (plan, "pre-cbc", cbc[i], "2024-02-04"));
  g_assert_cmpstr (stroma_schedule_status_to_string (
                     find_slot (plan, "pre-cbc", "HGB", "2024-02-04")->status), ==, "done");
  g_assert_cmpstr (stroma_schedule_status_to_string (
                     find_slot (plan, "pre-cbc", "HGB", "2024-02-08")->status), ==, "due");
  g_assert_cmpstr (stroma_schedule_status_to_string (
                     find_slot (plan, "pre-cbc", "NEUT", "2024-02-08")->status), ==, "due");

  /* Weekly chemistry: one slot a week. */
  g_assert_cmpstr (find_slot (plan, "pre-chemistry", "ALT", "2024-02-01")->slot_end, ==,
                   "2024-02-07");
  g_assert_cmpuint (count_slots (plan, "pre-chemistry", "ALT"), ==, 3);

  /* Examinations are listed while planned or due, never overdue. */
  g_assert_nonnull (find_slot (plan, "pre-vitals", "vitals", "2024-02-09"));
  g_assert_false (find_slot (plan, "pre-vitals", "vitals", "2024-02-09")->tracked);
  g_assert_null (find_slot (plan, "pre-vitals", "vitals", "2024-02-08"));

  /* As needed: no due dates, and said so. */
  g_assert_cmpint (find_skipped (plan, "pre-as-needed")->reason, ==,
                   STROMA_OBSERVATION_SKIP_AS_NEEDED);
  g_assert_cmpuint (count_slots (plan, "pre-as-needed", "imaging"), ==, 0);
}

/* Test the slot rules at their edges, phase by phase. */
static void
test_slot_edges (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  static const struct {
    const char *lab_date, *as_of, *status;
  } cases[] = {
    /* pre-cbc PLAT slot 2024-02-04 … 2024-02-07 */
    { NULL, "2024-02-03", "planned" },
    { NULL, "2024-02-04", "due" },
    { NULL, "2024-02-07", "due" },
    { NULL, "2024-02-08", "overdue" },
    { "2024-02-03", "2024-02-08", "overdue" },   /* the previous slot's value */
    { "2024-02-04", "2024-02-08", "done" },
    { "2024-02-07", "2024-02-08", "done" },
    { "2024-02-08", "2024-02-08", "overdue" },   /* the next slot's value */
    { "2024-02-05", "2024-02-05", "done" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(StromaSubjectRecord) record = transplanted ("2024-02-01");
      g_autoptr(GHashTable) events = anc_recovery (NULL);
      g_autoptr(StromaObservationPlan) plan = NULL;
      const StromaObservationSlot *slot;

      g_test_message ("value on %s, as of %s", cases[i].lab_date, cases[i].as_of);
      if (cases[i].lab_date != NULL)
        add_lab (record, "PLAT", cases[i].lab_date);
      plan = observation_plan (protocol, record, events, cases[i].as_of, "2024-02-01",
                               "2024-02-20");
      slot = find_slot (plan, "pre-cbc", "PLAT", "2024-02-04");
      g_assert_nonnull (slot);
      g_assert_cmpstr (stroma_schedule_status_to_string (slot->status), ==, cases[i].status);
    }
}

/* Phases that hang on an endpoint: skipped when it was not derived, started when it is met,
 * closed the day before it. */
static void
test_endpoint_phases (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = transplanted ("2024-02-01");
  static const char *needs_anc[] = {
    "pre-vitals", "pre-cbc", "pre-chemistry", "pre-viral", "post-cbc-month1",
    "post-cbc-month2", "post-cbc-month3", "post-monthly",
  };

  /* Not derived: every phase that needs it is skipped, and says which endpoint. */
  {
    g_autoptr(StromaObservationPlan) plan = observation_plan (protocol, record, NULL,
                                                              "2024-02-09", NULL, NULL);

    for (guint i = 0; i < G_N_ELEMENTS (needs_anc); i++)
      {
        const StromaObservationSkipped *skipped = find_skipped (plan, needs_anc[i]);

        g_test_message ("%s", needs_anc[i]);
        g_assert_nonnull (skipped);
        g_assert_cmpint (skipped->reason, ==, STROMA_OBSERVATION_SKIP_ENDPOINT_UNKNOWN);
        g_assert_cmpstr (skipped->detail, ==, "registry-anc-recovery");
        g_assert_cmpuint (count_slots (plan, needs_anc[i], "PLAT"), ==, 0);
      }
    /* Day-0 phases without an endpoint still run. */
    g_assert_null (find_skipped (plan, "post-lymph-subsets"));
  }

  /* Derived, not met: what counts from it or starts at it waits; what ends at it runs. */
  {
    g_autoptr(GHashTable) events = anc_recovery (NULL);
    g_autoptr(StromaObservationPlan) plan = observation_plan (protocol, record, events,
                                                              "2024-02-09", NULL, NULL);

    g_assert_cmpint (find_skipped (plan, "post-cbc-month1")->reason, ==,
                     STROMA_OBSERVATION_SKIP_ENDPOINT_NOT_MET);
    g_assert_cmpint (find_skipped (plan, "post-monthly")->reason, ==,
                     STROMA_OBSERVATION_SKIP_ENDPOINT_NOT_MET);
    g_assert_null (find_skipped (plan, "pre-cbc"));
    g_assert_cmpuint (count_slots (plan, "pre-cbc", "PLAT"), ==, 3);
  }

  /* Met on 2024-02-10 (day 9): the twice-weekly count ends on 02-09, the month-1 count
   * starts on 02-10 and the monthly one with it. */
  {
    g_autoptr(GHashTable) events = anc_recovery ("2024-02-10");
    g_autoptr(StromaObservationPlan) plan = observation_plan (protocol, record, events,
                                                              "2024-02-20", NULL, "2024-03-31");
    const StromaObservationSlot *slot;

    slot = find_slot (plan, "pre-cbc", "PLAT", "2024-02-08");
    g_assert_nonnull (slot);
    g_assert_cmpstr (slot->slot_end, ==, "2024-02-09");
    g_assert_cmpuint (count_slots (plan, "pre-cbc", "PLAT"), ==, 3);

    g_assert_nonnull (find_slot (plan, "post-cbc-month1", "PLAT", "2024-02-10"));
    g_assert_nonnull (find_slot (plan, "post-cbc-month1", "PLAT", "2024-02-13"));
    g_assert_nonnull (find_slot (plan, "post-cbc-month1", "PLAT", "2024-02-17"));
    g_assert_cmpstr (find_slot (plan, "post-cbc-month1", "PLAT", "2024-02-10")->slot_end, ==,
                     "2024-02-12");
    /* Month 1 is days 0–29 from the event: the last slot (day 28) ends on day 29. */
    g_assert_cmpstr (find_slot (plan, "post-cbc-month1", "PLAT", "2024-03-09")->slot_end, ==,
                     "2024-03-10");
    g_assert_nonnull (find_slot (plan, "post-cbc-month2", "PLAT", "2024-03-11"));

    g_assert_nonnull (find_slot (plan, "post-monthly", "PLAT", "2024-02-10"));
    g_assert_cmpstr (find_slot (plan, "post-monthly", "PLAT", "2024-02-10")->slot_end, ==,
                     "2024-03-10");
    g_assert_null (find_skipped (plan, "post-cbc-month1"));
  }

  /* A bad event date is an error, not a skip. */
  {
    g_autoptr(GHashTable) events = anc_recovery ("10 Feb");
    g_autoptr(GError) error = NULL;
    g_autoptr(StromaObservationPlan) plan = NULL;

    plan = stroma_observation_plan_new (protocol, record, events, "2024-02-20", NULL, NULL,
                                        &error);
    g_assert_error (error, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_DATE);
    g_assert_null (plan);
  }
}

/* Fixed time points, phases counted from other dates, and the subject's leaving. */
static void
test_fixed_days_and_references (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = transplanted ("2024-02-01");
  g_autoptr(GHashTable) events = anc_recovery ("2024-02-10");

  /* Lymphocyte subsets at days 30, 61, 91, …: examinations, so planned or due only. */
  {
    g_autoptr(StromaObservationPlan) plan = observation_plan (protocol, record, events,
                                                              "2024-03-05", NULL, "2024-06-30");
    const StromaObservationSlot *slot = find_slot (plan, "post-lymph-subsets", "lymph-subsets",
                                                   "2024-03-02");

    g_assert_nonnull (slot);
    g_assert_cmpstr (slot->slot_end, ==, "2024-04-01");
    g_assert_cmpstr (stroma_schedule_status_to_string (slot->status), ==, "due");
    g_assert_cmpstr (find_slot (plan, "post-lymph-subsets", "lymph-subsets",
                                "2024-04-02")->slot_end, ==, "2024-05-01");

    /* No treatment start, no screening date: said so. */
    g_assert_cmpint (find_skipped (plan, "pgf-cbc")->reason, ==, STROMA_OBSERVATION_SKIP_NO_DATE);
    g_assert_cmpstr (find_skipped (plan, "pgf-cbc")->detail, ==, "treatment_start");
    g_assert_cmpstr (find_skipped (plan, "baseline")->detail, ==, "screening_date");
  }

  /* Daily counts from the treatment start; nothing due from the subject's death on. */
  {
    g_autoptr(StromaObservationPlan) plan = NULL;

    set_string (&record->subject->treatment_start, "2024-04-01");
    add_disposition (record, "died", "2024-04-05");
    plan = observation_plan (protocol, record, events, "2024-04-10", "2024-04-01", "2024-04-10");
    g_assert_cmpstr (plan->stopped_on, ==, "2024-04-05");
    g_assert_cmpuint (count_slots (plan, "pgf-cbc", "PLAT"), ==, 4);
    g_assert_cmpstr (find_slot (plan, "pgf-cbc", "PLAT", "2024-04-04")->slot_end, ==,
                     "2024-04-04");
    g_assert_null (find_slot (plan, "pgf-cbc", "PLAT", "2024-04-05"));
  }
}

/* "What is due today": due slots and every overdue one, nothing else. */
static void
test_observations_due (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(StromaSubjectRecord) record = transplanted ("2024-02-01");
  g_autoptr(GHashTable) events = anc_recovery (NULL);
  g_autoptr(StromaObservationPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  add_lab (record, "PLAT", "2024-02-02");

  plan = stroma_observation_plan_new_due (protocol, record, events, "2024-02-09", &error);
  g_assert_no_error (error);

  for (guint i = 0; i < plan->slots->len; i++)
    {
      const StromaObservationSlot *slot = plan->slots->pdata[i];

      g_assert_true (slot->status == STROMA_SCHEDULE_DUE ||
                     slot->status == STROMA_SCHEDULE_OVERDUE);
      g_assert_true (strcmp (slot->due_date, "2024-02-09") <= 0);
      if (!slot->tracked)
        g_assert_true (slot->status == STROMA_SCHEDULE_DUE);
      if (i > 0)
        g_assert_cmpstr (((StromaObservationSlot *) plan->slots->pdata[i - 1])->due_date, <=,
                         slot->due_date);
    }

  g_assert_null (find_slot (plan, "pre-cbc", "PLAT", "2024-02-01"));        /* done */
  g_assert_nonnull (find_slot (plan, "pre-cbc", "NEUT", "2024-02-01"));     /* overdue */
  g_assert_nonnull (find_slot (plan, "pre-cbc", "PLAT", "2024-02-04"));     /* overdue */
  g_assert_nonnull (find_slot (plan, "pre-cbc", "PLAT", "2024-02-08"));     /* due */
  g_assert_null (find_slot (plan, "pre-cbc", "PLAT", "2024-02-11"));        /* planned */
  g_assert_nonnull (find_slot (plan, "pre-vitals", "vitals", "2024-02-09"));
  g_assert_cmpstr (plan->as_of, ==, "2024-02-09");

  /* Bad ranges and dates. */
  {
    g_autoptr(StromaObservationPlan) p = NULL;
    g_autoptr(GError) e = NULL;

    p = stroma_observation_plan_new (protocol, record, events, "2024-02-09", "2024-02-10",
                                     "2024-02-01", &e);
    g_assert_error (e, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_RANGE);
    g_assert_null (p);
  }
  {
    g_autoptr(StromaObservationPlan) p = NULL;
    g_autoptr(GError) e = NULL;

    add_lab (record, "PLAT", "2024/02/05");
    p = stroma_observation_plan_new_due (protocol, record, events, "2024-02-09", &e);
    g_assert_error (e, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_DATE);
    g_assert_nonnull (strstr (e->message, "PGF-010"));
    g_assert_null (p);
  }
}

/* The coordinator's agenda */

static void
test_agenda (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-pgf");
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func (
    (GDestroyNotify) stroma_subject_record_free);
  g_autoptr(StromaAgenda) agenda = NULL;
  g_autoptr(GError) error = NULL;
  StromaSubjectRecord *r;
  static const struct { const char *code; guint number; const char *due; } due[] = {
    { "PGF-011", 2, "2024-03-19" },   /* window 03-18…03-21: open today */
    { "PGF-012", 1, "2024-03-22" },   /* window opens 03-21, within the week */
    { "PGF-014", 4, "2024-03-23" },   /* one week after dose 3 was given */
    { "PGF-013", 1, "2024-03-25" },   /* window opens 03-24, the view's last day */
  };
  static const struct { const char *code; guint number; const char *due; } overdue[] = {
    { "PGF-014", 1, "2024-03-01" },
    { "PGF-014", 2, "2024-03-08" },
    { "PGF-011", 1, "2024-03-12" },
  };

  /* Dose 1 was not given and its window has closed; dose 2 is due. */
  g_ptr_array_add (records, new_subject ("PGF-011", "msc", "2024-03-12", 60));
  g_ptr_array_add (records, new_subject ("PGF-012", "msc", "2024-03-22", 60));
  g_ptr_array_add (records, new_subject ("PGF-013", "msc", "2024-03-25", 60));
  /* Two doses overdue, then dose 3 given: dose 4 follows it. */
  r = new_subject ("PGF-014", "msc", "2024-03-01", 60);
  add_infusion (r, 3, "given", "2024-03-16T02:00:00Z");
  g_ptr_array_add (records, r);
  /* Window opens after the view: not listed. */
  g_ptr_array_add (records, new_subject ("PGF-015", "msc", "2024-03-27", 60));
  /* All given or missed. */
  r = new_subject ("PGF-016", "msc", "2024-02-01", 60);
  add_infusion (r, 1, "given", "2024-02-01T02:00:00Z");
  add_infusion (r, 2, "given", "2024-02-08T02:00:00Z");
  add_infusion (r, 3, "missed", NULL);
  add_infusion (r, 4, "given", "2024-02-22T02:00:00Z");
  g_ptr_array_add (records, r);
  /* Control arm, not started: left out silently. */
  g_ptr_array_add (records, new_subject ("PGF-017", "control", "2024-03-19", 60));
  g_ptr_array_add (records, new_subject ("PGF-018", "msc", NULL, 60));
  /* Records that cannot be read: a problem, the others still planned. */
  r = new_subject ("PGF-019", "msc", "2024-03-12", 60);
  add_infusion (r, 1, "given", "the twelfth");
  g_ptr_array_add (records, r);

  agenda = stroma_agenda_new (protocol, (StromaSubjectRecord * const *) records->pdata,
                              records->len, "2024-03-18", "2024-03-18", "2024-03-24", NULL,
                              &error);
  g_assert_no_error (error);

  g_assert_cmpuint (agenda->due->len, ==, G_N_ELEMENTS (due));
  for (guint i = 0; i < G_N_ELEMENTS (due); i++)
    {
      const StromaAgendaItem *item = agenda->due->pdata[i];

      g_assert_cmpstr (item->plan->subject_code, ==, due[i].code);
      g_assert_cmpuint (item->dose->number, ==, due[i].number);
      g_assert_cmpstr (item->dose->due_date, ==, due[i].due);
    }

  g_assert_cmpuint (agenda->overdue->len, ==, G_N_ELEMENTS (overdue));
  for (guint i = 0; i < G_N_ELEMENTS (overdue); i++)
    {
      const StromaAgendaItem *item = agenda->overdue->pdata[i];

      g_assert_cmpstr (item->plan->subject_code, ==, overdue[i].code);
      g_assert_cmpuint (item->dose->number, ==, overdue[i].number);
      g_assert_cmpstr (item->dose->due_date, ==, overdue[i].due);
      g_assert_cmpint (item->dose->status, ==, STROMA_SCHEDULE_OVERDUE);
    }

  g_assert_cmpuint (agenda->problems->len, ==, 1);
  g_assert_cmpstr (((StromaAgendaProblem *) agenda->problems->pdata[0])->subject_code, ==,
                   "PGF-019");
  g_assert_cmpuint (agenda->plans->len, ==, 6);
  g_assert_cmpstr (agenda->from, ==, "2024-03-18");
  g_assert_cmpstr (agenda->to, ==, "2024-03-24");

  /* "Today" only: PGF-011's dose 2. */
  {
    g_autoptr(StromaAgenda) today = stroma_agenda_new (
      protocol, (StromaSubjectRecord * const *) records->pdata, records->len, "2024-03-18",
      "2024-03-18", "2024-03-18", NULL, NULL);

    g_assert_cmpuint (today->due->len, ==, 1);
    g_assert_cmpstr (((StromaAgendaItem *) today->due->pdata[0])->plan->subject_code, ==,
                     "PGF-011");
    g_assert_cmpuint (today->overdue->len, ==, 3);
  }

  /* Errors in the request itself. */
  {
    g_autoptr(StromaAgenda) bad = NULL;
    g_autoptr(GError) e = NULL;

    bad = stroma_agenda_new (protocol, (StromaSubjectRecord * const *) records->pdata,
                             records->len, "2024-03-18", "2024-03-24", "2024-03-18", NULL, &e);
    g_assert_error (e, STROMA_SCHEDULE_ERROR, STROMA_SCHEDULE_ERROR_INVALID_RANGE);
    g_assert_null (bad);
  }
}

/* Open-ended schedules reach the end of a view past the default horizon. */
static void
test_agenda_open_ended (void)
{
  g_autoptr(StromaProtocol) protocol = load_shipped ("msc-crc");
  g_autoptr(StromaSubjectRecord) record = new_subject ("CRC-007", NULL, "2025-01-06", 50);
  StromaSubjectRecord *records[] = { record };
  StromaScheduleOptions options = { "Asia/Shanghai", 7 };
  static const char *given[] = {
    "2025-01-06T02:00:00Z", "2025-01-27T02:00:00Z", "2025-02-17T02:00:00Z",
  };
  g_autoptr(StromaAgenda) agenda = NULL;
  g_autoptr(GError) error = NULL;

  record->subject->dose_level = 1;
  for (guint n = 0; n < G_N_ELEMENTS (given); n++)
    add_infusion (record, n + 1, "given", given[n]);

  /* Cycles 4… are due 03-10, 03-31, 04-21, 05-12: a view to 05-15 needs them all. */
  agenda = stroma_agenda_new (protocol, records, 1, "2025-03-01", "2025-03-01", "2025-05-15",
                              &options, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agenda->due->len, ==, 4);
  g_assert_cmpstr (((StromaAgendaItem *) agenda->due->pdata[3])->dose->due_date, ==,
                   "2025-05-12");
  g_assert_cmpuint (agenda->overdue->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schedule/status-ids", test_status_ids);
  g_test_add_func ("/schedule/product/weekly", test_weekly_plan);
  g_test_add_func ("/schedule/product/delay-rule", test_delay_rule);
  g_test_add_func ("/schedule/product/window-edges", test_window_edges);
  g_test_add_func ("/schedule/product/missed-and-overdue", test_missed_and_overdue);
  g_test_add_func ("/schedule/product/rescheduled", test_rescheduled);
  g_test_add_func ("/schedule/product/dose-levels", test_dose_levels);
  g_test_add_func ("/schedule/product/latest-weight", test_latest_weight);
  g_test_add_func ("/schedule/product/time-zones", test_time_zones);
  g_test_add_func ("/schedule/product/errors", test_product_errors);
  g_test_add_func ("/schedule/observation/twice-weekly", test_twice_weekly);
  g_test_add_func ("/schedule/observation/slot-edges", test_slot_edges);
  g_test_add_func ("/schedule/observation/endpoint-phases", test_endpoint_phases);
  g_test_add_func ("/schedule/observation/fixed-days", test_fixed_days_and_references);
  g_test_add_func ("/schedule/observation/due", test_observations_due);
  g_test_add_func ("/schedule/agenda/week", test_agenda);
  g_test_add_func ("/schedule/agenda/open-ended", test_agenda_open_ended);

  return g_test_run ();
}
