/* stroma-records.c — field tables for the clinical records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stroma-records"

#include "config.h"

#include <string.h>
#include <glib/gi18n.h>

#include "stroma-records.h"

#define F(type, name, kind) { #name, STROMA_FIELD_##kind, G_STRUCT_OFFSET (type, name) }

static const StromaFieldInfo subject_fields[] = {
  F (StromaSubject, code, STRING),
  F (StromaSubject, initials, STRING),
  F (StromaSubject, sex, STRING),
  F (StromaSubject, birth_date, STRING),
  F (StromaSubject, height_cm, DOUBLE),
  F (StromaSubject, weight_kg, DOUBLE),
  F (StromaSubject, kps, INT),
  F (StromaSubject, ecog, INT),
  F (StromaSubject, donor_type, STRING),
  F (StromaSubject, status, STRING),
  F (StromaSubject, screening_date, STRING),
  F (StromaSubject, pgf_onset_date, STRING),
  F (StromaSubject, treatment_start, STRING),
  F (StromaSubject, dose_level, INT),
  F (StromaSubject, diagnosis, STRING),
  F (StromaSubject, synthetic, BOOL),
  F (StromaSubject, screen_fail_reason, STRING),
};

static const StromaFieldInfo consent_fields[] = {
  F (StromaConsent, consent_date, STRING),
  F (StromaConsent, form_version, STRING),
  F (StromaConsent, obtained_by, STRING),
};

static const StromaFieldInfo eligibility_fields[] = {
  F (StromaEligibility, criterion_id, STRING),
  F (StromaEligibility, answer, STRING),
  F (StromaEligibility, value, DOUBLE),
  F (StromaEligibility, unit, STRING),
  F (StromaEligibility, assessed_on, STRING),
  F (StromaEligibility, assessed_by, STRING),
};

static const StromaFieldInfo allocation_fields[] = {
  F (StromaAllocation, stratum, STRING),
  F (StromaAllocation, sequence, INT),
  F (StromaAllocation, arm, STRING),
  F (StromaAllocation, allocated_at, STRING),
  F (StromaAllocation, allocated_by, STRING),
};

static const StromaFieldInfo transplant_fields[] = {
  F (StromaTransplant, day0_date, STRING),
  F (StromaTransplant, donor_type, STRING),
  F (StromaTransplant, graft_source, STRING),
  F (StromaTransplant, cd34_per_kg, DOUBLE),
  F (StromaTransplant, mnc_per_kg, DOUBLE),
  F (StromaTransplant, abo_match, STRING),
  F (StromaTransplant, hla_match, STRING),
};

static const StromaFieldInfo conditioning_fields[] = {
  F (StromaConditioningDose, regimen_id, STRING),
  F (StromaConditioningDose, agent, STRING),
  F (StromaConditioningDose, study_day, INT),
  F (StromaConditioningDose, dose_number, INT),
  F (StromaConditioningDose, planned_date, STRING),
  F (StromaConditioningDose, calculated_dose, DOUBLE),
  F (StromaConditioningDose, dose_unit, STRING),
  F (StromaConditioningDose, basis, STRING),
  F (StromaConditioningDose, bsa_m2, DOUBLE),
  F (StromaConditioningDose, bsa_formula, STRING),
  F (StromaConditioningDose, weight_kg, DOUBLE),
  F (StromaConditioningDose, given_dose, DOUBLE),
  F (StromaConditioningDose, given_at, STRING),
  F (StromaConditioningDose, given_by, STRING),
  F (StromaConditioningDose, status, STRING),
  F (StromaConditioningDose, deviation_reason, STRING),
  F (StromaConditioningDose, planned_time, STRING),
};

static const StromaFieldInfo infusion_fields[] = {
  F (StromaInfusion, number, INT),
  F (StromaInfusion, planned_date, STRING),
  F (StromaInfusion, given_at, STRING),
  F (StromaInfusion, cells_per_kg, DOUBLE),
  F (StromaInfusion, total_cells, DOUBLE),
  F (StromaInfusion, weight_kg, DOUBLE),
  F (StromaInfusion, lot, STRING),
  F (StromaInfusion, bag, STRING),
  F (StromaInfusion, status, STRING),
  F (StromaInfusion, reason, STRING),
  F (StromaInfusion, vitals_pre, STRING),
  F (StromaInfusion, vitals_post, STRING),
};

static const StromaFieldInfo lab_fields[] = {
  F (StromaLabResult, collected_on, STRING),
  F (StromaLabResult, test_code, STRING),
  F (StromaLabResult, orres, STRING),
  F (StromaLabResult, orresu, STRING),
  F (StromaLabResult, stresn, DOUBLE),
  F (StromaLabResult, stresu, STRING),
  F (StromaLabResult, lln, DOUBLE),
  F (StromaLabResult, uln, DOUBLE),
  F (StromaLabResult, source, STRING),
};

static const StromaFieldInfo transfusion_fields[] = {
  F (StromaTransfusion, given_on, STRING),
  F (StromaTransfusion, product, STRING),
  F (StromaTransfusion, units, DOUBLE),
};

static const StromaFieldInfo medication_fields[] = {
  F (StromaMedication, agent, STRING),
  F (StromaMedication, dose, DOUBLE),
  F (StromaMedication, dose_unit, STRING),
  F (StromaMedication, dose_level, INT),
  F (StromaMedication, start_date, STRING),
  F (StromaMedication, end_date, STRING),
  F (StromaMedication, indication, STRING),
};

static const StromaFieldInfo ae_fields[] = {
  F (StromaAdverseEvent, term, STRING),
  F (StromaAdverseEvent, grade, INT),
  F (StromaAdverseEvent, ctcae_version, STRING),
  F (StromaAdverseEvent, serious, BOOL),
  F (StromaAdverseEvent, relationship, STRING),
  F (StromaAdverseEvent, dlt, BOOL),
  F (StromaAdverseEvent, onset_date, STRING),
  F (StromaAdverseEvent, resolved_date, STRING),
  F (StromaAdverseEvent, outcome, STRING),
  F (StromaAdverseEvent, action_taken, STRING),
};

static const StromaFieldInfo disposition_fields[] = {
  F (StromaDisposition, event, STRING),
  F (StromaDisposition, event_date, STRING),
  F (StromaDisposition, reason, STRING),
  F (StromaDisposition, criterion_id, STRING),
};

static const StromaFieldInfo follow_up_fields[] = {
  F (StromaFollowUp, kind, STRING),
  F (StromaFollowUp, event_date, STRING),
  F (StromaFollowUp, detail, STRING),
};

#undef F

#define INFO(k, t, type, fields, per) \
  [k] = { k, t, sizeof (type), fields, G_N_ELEMENTS (fields), per }

static const StromaRecordInfo record_infos[STROMA_N_RECORD_KINDS] = {
  INFO (STROMA_RECORD_SUBJECT, "subjects", StromaSubject, subject_fields, FALSE),
  INFO (STROMA_RECORD_CONSENT, "consents", StromaConsent, consent_fields, TRUE),
  INFO (STROMA_RECORD_ELIGIBILITY, "eligibility_answers", StromaEligibility,
        eligibility_fields, TRUE),
  INFO (STROMA_RECORD_ALLOCATION, "allocations", StromaAllocation, allocation_fields, TRUE),
  INFO (STROMA_RECORD_TRANSPLANT, "transplants", StromaTransplant, transplant_fields, TRUE),
  INFO (STROMA_RECORD_CONDITIONING_DOSE, "conditioning_doses", StromaConditioningDose,
        conditioning_fields, TRUE),
  INFO (STROMA_RECORD_INFUSION, "infusions", StromaInfusion, infusion_fields, TRUE),
  INFO (STROMA_RECORD_LAB_RESULT, "lab_results", StromaLabResult, lab_fields, TRUE),
  INFO (STROMA_RECORD_TRANSFUSION, "transfusions", StromaTransfusion, transfusion_fields, TRUE),
  INFO (STROMA_RECORD_MEDICATION, "medications", StromaMedication, medication_fields, TRUE),
  INFO (STROMA_RECORD_ADVERSE_EVENT, "adverse_events", StromaAdverseEvent, ae_fields, TRUE),
  INFO (STROMA_RECORD_DISPOSITION, "dispositions", StromaDisposition, disposition_fields, TRUE),
  INFO (STROMA_RECORD_FOLLOW_UP, "follow_ups", StromaFollowUp, follow_up_fields, TRUE),
};

#undef INFO

/**
 * stroma_record_info:
 * @kind: a record kind
 *
 * Returns: (transfer none): the field table of @kind.
 */
const StromaRecordInfo *
stroma_record_info (StromaRecordKind kind)
{
  g_return_val_if_fail (kind < STROMA_N_RECORD_KINDS, NULL);

  return &record_infos[kind];
}

/**
 * stroma_record_info_find:
 * @table: a table name such as "lab_results"
 *
 * Returns: (transfer none) (nullable): the record kind stored in @table.
 */
const StromaRecordInfo *
stroma_record_info_find (const char *table)
{
  g_return_val_if_fail (table != NULL, NULL);

  for (guint i = 0; i < STROMA_N_RECORD_KINDS; i++)
    if (strcmp (record_infos[i].table, table) == 0)
      return &record_infos[i];

  return NULL;
}

/**
 * stroma_record_new:
 * @kind: a record kind
 *
 * Returns: (transfer full): a new record with every field unset.
 */
gpointer
stroma_record_new (StromaRecordKind kind)
{
  const StromaRecordInfo *info = stroma_record_info (kind);
  StromaRecord *record;

  g_return_val_if_fail (info != NULL, NULL);

  record = g_malloc0 (info->size);
  record->kind = kind;

  for (guint i = 0; i < info->n_fields; i++)
    {
      guint8 *p = (guint8 *)record + info->fields[i].offset;

      switch (info->fields[i].type)
        {
        case STROMA_FIELD_INT:
          *(gint64 *)p = STROMA_NO_INT;
          break;
        case STROMA_FIELD_DOUBLE:
          *(double *)p = NAN;
          break;
        case STROMA_FIELD_STRING:
        case STROMA_FIELD_BOOL:
        default:
          break;
        }
    }

  return record;
}

/**
 * stroma_record_copy:
 * @record: a record
 *
 * Returns: (transfer full): a deep copy of @record.
 */
gpointer
stroma_record_copy (gconstpointer record)
{
  const StromaRecord *src = record;
  const StromaRecordInfo *info;
  StromaRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  info = stroma_record_info (src->kind);
  copy = g_memdup2 (src, info->size);

  for (guint i = 0; i < info->n_fields; i++)
    if (info->fields[i].type == STROMA_FIELD_STRING)
      {
        char **p = (char **)((guint8 *)copy + info->fields[i].offset);
        *p = g_strdup (*p);
      }

  return copy;
}

void
stroma_record_free (gpointer record)
{
  StromaRecord *self = record;
  const StromaRecordInfo *info;

  if (self == NULL)
    return;

  info = stroma_record_info (self->kind);

  for (guint i = 0; i < info->n_fields; i++)
    if (info->fields[i].type == STROMA_FIELD_STRING)
      g_free (*(char **)((guint8 *)self + info->fields[i].offset));

  g_free (self);
}

/**
 * stroma_record_field_is_set:
 * @record: a record
 * @field: one of the fields of its kind
 *
 * Returns: %TRUE when @field holds a value (it is stored as SQL NULL otherwise).
 */
gboolean
stroma_record_field_is_set (gconstpointer          record,
                            const StromaFieldInfo *field)
{
  const guint8 *p = (const guint8 *)record + field->offset;

  switch (field->type)
    {
    case STROMA_FIELD_INT:
      return *(const gint64 *)p != STROMA_NO_INT;
    case STROMA_FIELD_DOUBLE:
      return !isnan (*(const double *)p);
    case STROMA_FIELD_STRING:
      return *(char *const *)p != NULL;
    case STROMA_FIELD_BOOL:
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/**
 * stroma_subject_status_label:
 * @status: (nullable): a subject status id, as stored ("on-treatment")
 *
 * Returns: the status for people to read, translated; the id itself when unknown.
 */
const char *
stroma_subject_status_label (const char *status)
{
  static const struct { const char *id; const char *label; } labels[] = {
    /* Translators: statuses of a trial subject */
    { "screening", N_("Screening") },
    { "screen-failed", N_("Screen failure") },
    { "enrolled", N_("Enrolled") },
    { "randomized", N_("Randomized") },
    { "on-treatment", N_("On treatment") },
    { "follow-up", N_("Follow-up") },
    { "completed", N_("Completed") },
    { "withdrawn", N_("Withdrawn") },
    { "died", N_("Died") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_strcmp0 (labels[i].id, status) == 0)
      return _(labels[i].label);

  return status;
}

static gboolean
parse_ymd (const char *iso,
           guint      *year,
           guint      *month,
           guint      *day)
{
  /* Exactly YYYY-MM-DD, optionally followed by a time: what the schema's CHECKs allow. */
  if (iso == NULL || strlen (iso) < 10 || iso[4] != '-' || iso[7] != '-' ||
      (iso[10] != '\0' && iso[10] != 'T'))
    return FALSE;

  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (iso[i]))
      return FALSE;

  *year = (guint) ((iso[0] - '0') * 1000 + (iso[1] - '0') * 100 + (iso[2] - '0') * 10 +
                   (iso[3] - '0'));
  *month = (guint) ((iso[5] - '0') * 10 + (iso[6] - '0'));
  *day = (guint) ((iso[8] - '0') * 10 + (iso[9] - '0'));

  return g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year);
}

/**
 * stroma_date_to_julian:
 * @iso: (nullable): an ISO date, or a UTC time whose date counts
 * @julian: (out): the day, as a #GDate Julian day (1 = 1 January of year 1)
 *
 * Reads the date of a record without going through the locale, which makes it cheap enough
 * for every lab value of a trial.
 *
 * Returns: %TRUE when @iso starts with a valid YYYY-MM-DD date
 */
gboolean
stroma_date_to_julian (const char *iso,
                       guint32    *julian)
{
  guint year, month, day;
  guint y, m;

  g_return_val_if_fail (julian != NULL, FALSE);

  if (!parse_ymd (iso, &year, &month, &day))
    return FALSE;

  /* Days from 1 January of year 1 (proleptic Gregorian), counting March as the first month
   * so that the leap day ends the year. */
  y = month <= 2 ? year - 1 : year;
  m = month <= 2 ? month + 9 : month - 3;
  *julian = 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + day - 306;

  return TRUE;
}

/**
 * stroma_study_day:
 * @date: (nullable): the date of an event (or a UTC time)
 * @day0_date: (nullable): the subject's day 0, the day of stem-cell infusion
 * @day: (out): the study day
 *
 * The transplant day number of @date: date − day 0 in calendar days. Day 0 is the day of
 * infusion, day −1 the day before and day +1 the day after; there is no day −0 and no day is
 * skipped (DOMAIN §2.4), the same count the endpoint derivations use.
 *
 * Returns: %TRUE when both dates are set and valid
 */
gboolean
stroma_study_day (const char *date,
                  const char *day0_date,
                  gint       *day)
{
  guint32 j, j0;

  g_return_val_if_fail (day != NULL, FALSE);

  if (!stroma_date_to_julian (date, &j) || !stroma_date_to_julian (day0_date, &j0))
    return FALSE;

  *day = (gint) j - (gint) j0;
  return TRUE;
}

/**
 * stroma_age_in_years:
 * @birth_date: (nullable): an ISO date of birth
 * @on_date: (nullable): the date the age is taken on
 * @years: (out): completed years of age
 *
 * Returns: %TRUE when both dates are valid and @on_date is not before @birth_date
 */
gboolean
stroma_age_in_years (const char *birth_date,
                     const char *on_date,
                     gint       *years)
{
  guint by, bm, bd, y, m, d;
  gint age;

  g_return_val_if_fail (years != NULL, FALSE);

  if (!parse_ymd (birth_date, &by, &bm, &bd) || !parse_ymd (on_date, &y, &m, &d))
    return FALSE;

  age = (gint) y - (gint) by;
  if (m < bm || (m == bm && d < bd))
    age--;
  if (age < 0)
    return FALSE;

  *years = age;
  return TRUE;
}

StromaSubjectRecord *
stroma_subject_record_new (void)
{
  StromaSubjectRecord *self = g_new0 (StromaSubjectRecord, 1);

  self->eligibility = g_ptr_array_new_with_free_func (stroma_record_free);
  self->conditioning = g_ptr_array_new_with_free_func (stroma_record_free);
  self->infusions = g_ptr_array_new_with_free_func (stroma_record_free);
  self->labs = g_ptr_array_new_with_free_func (stroma_record_free);
  self->transfusions = g_ptr_array_new_with_free_func (stroma_record_free);
  self->medications = g_ptr_array_new_with_free_func (stroma_record_free);
  self->adverse_events = g_ptr_array_new_with_free_func (stroma_record_free);
  self->dispositions = g_ptr_array_new_with_free_func (stroma_record_free);
  self->follow_ups = g_ptr_array_new_with_free_func (stroma_record_free);

  return self;
}

void
stroma_subject_record_free (StromaSubjectRecord *self)
{
  if (self == NULL)
    return;

  stroma_record_free (self->subject);
  stroma_record_free (self->consent);
  stroma_record_free (self->allocation);
  stroma_record_free (self->transplant);
  g_ptr_array_unref (self->eligibility);
  g_ptr_array_unref (self->conditioning);
  g_ptr_array_unref (self->infusions);
  g_ptr_array_unref (self->labs);
  g_ptr_array_unref (self->transfusions);
  g_ptr_array_unref (self->medications);
  g_ptr_array_unref (self->adverse_events);
  g_ptr_array_unref (self->dispositions);
  g_ptr_array_unref (self->follow_ups);
  g_free (self);
}
