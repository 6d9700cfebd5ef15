/* stroma-test-records.c — subject records and protocols built in C for the core tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Links the core only: these tests need no trial file.
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stroma-test-records.h"

static gint64 next_id = 1;

/* @date plus @days, as an ISO date. */
char *
stroma_test_date_add (const char *date,
                      int         days)
{
  int y, m, d;
  GDate day;

  g_assert_cmpint (sscanf (date, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  if (days >= 0)
    g_date_add_days (&day, (guint) days);
  else
    g_date_subtract_days (&day, (guint) -days);

  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&day), g_date_get_month (&day),
                          g_date_get_day (&day));
}

/* A shipped protocol: data/protocols/<id>.json, found through STROMA_SOURCE_DATADIR. */
StromaProtocol *
stroma_test_shipped_protocol (const char *id)
{
  const char *datadir = g_getenv ("STROMA_SOURCE_DATADIR");
  g_autofree char *fallback = NULL;
  g_autofree char *name = g_strconcat (id, ".json", NULL);
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  StromaProtocol *protocol;

  if (datadir == NULL || *datadir == '\0')
    datadir = fallback = g_test_build_filename (G_TEST_DIST, "..", "data", NULL);

  path = g_build_filename (datadir, "protocols", name, NULL);
  protocol = stroma_protocol_load_file (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
}

/* Sets the member at @path ("standard_care[0].max_level") to @json, or removes it when @json is
 * NULL. */
static void
edit (JsonNode   *root,
      const char *path,
      const char *json)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonObject *object = json_node_get_object (root);
  guint n = g_strv_length (parts);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup (parts[i]);
      char *bracket = strchr (name, '[');
      int index = -1;

      if (bracket != NULL)
        {
          index = atoi (bracket + 1);
          *bracket = '\0';
        }

      if (i + 1 == n && index < 0)
        {
          if (json == NULL)
            {
              json_object_remove_member (object, name);
            }
          else
            {
              g_autoptr(GError) error = NULL;
              JsonNode *value = json_from_string (json, &error);

              g_assert_no_error (error);
              json_object_set_member (object, name, value);
            }
          return;
        }

      if (index >= 0)
        object = json_array_get_object_element (json_object_get_array_member (object, name),
                                                (guint) index);
      else
        object = json_object_get_object_member (object, name);
      g_assert_nonnull (object);
    }
}

/* tests/data/<file>, with one member edited when @path is given. */
StromaProtocol *
stroma_test_minimal_protocol (const char *file,
                              const char *path,
                              const char *json)
{
  g_autofree char *filename = g_test_build_filename (G_TEST_DIST, "data", file, NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  StromaProtocol *protocol;

  g_file_get_contents (filename, &text, NULL, &error);
  g_assert_no_error (error);

  if (path != NULL)
    {
      g_autoptr(JsonNode) root = json_from_string (text, &error);

      g_assert_no_error (error);
      edit (root, path, json);
      g_free (text);
      text = json_to_string (root, TRUE);
    }

  protocol = stroma_protocol_load_data (text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (protocol);

  return protocol;
}

static gpointer
new_record (StromaSubjectRecord *record,
            StromaRecordKind     kind)
{
  StromaRecord *r = stroma_record_new (kind);

  r->id = next_id++;
  r->rev = 1;
  r->subject_id = record->subject != NULL ? record->subject->parent.id : 0;

  return r;
}

/* A randomized subject: consented 2024-12-20, transplanted 2025-01-01, treated from
 * 2025-03-01; @arm NULL leaves it unallocated (cohort designs). */
StromaSubjectRecord *
stroma_test_record_new (const char *code,
                        const char *arm)
{
  StromaSubjectRecord *record = stroma_subject_record_new ();

  record->subject = new_record (record, STROMA_RECORD_SUBJECT);
  record->subject->parent.subject_id = record->subject->parent.id;
  record->subject->code = g_strdup (code);
  record->subject->status = g_strdup ("on-treatment");
  record->subject->treatment_start = g_strdup ("2025-03-01");

  record->consent = new_record (record, STROMA_RECORD_CONSENT);
  record->consent->consent_date = g_strdup ("2024-12-20");

  record->transplant = new_record (record, STROMA_RECORD_TRANSPLANT);
  record->transplant->day0_date = g_strdup ("2025-01-01");

  if (arm != NULL)
    {
      record->allocation = new_record (record, STROMA_RECORD_ALLOCATION);
      record->allocation->arm = g_strdup (arm);
      record->allocation->allocated_at = g_strdup ("2025-02-20T09:30:00Z");
    }

  return record;
}

/* Given at 02:00 UTC on @date, or only planned for it when @status is not "given". */
StromaInfusion *
stroma_test_add_infusion (StromaSubjectRecord *record,
                          guint                number,
                          const char          *date,
                          const char          *status)
{
  StromaInfusion *infusion = new_record (record, STROMA_RECORD_INFUSION);

  infusion->number = number;
  infusion->planned_date = g_strdup (date);
  infusion->status = g_strdup (status);
  if (g_str_equal (status, "given"))
    infusion->given_at = g_strconcat (date, "T02:00:00Z", NULL);
  g_ptr_array_add (record->infusions, infusion);

  return infusion;
}

StromaAdverseEvent *
stroma_test_add_adverse_event (StromaSubjectRecord *record,
                               const char          *term,
                               int                  grade,
                               const char          *relationship,
                               const char          *onset)
{
  StromaAdverseEvent *ae = new_record (record, STROMA_RECORD_ADVERSE_EVENT);

  ae->term = g_strdup (term);
  ae->grade = grade;
  ae->ctcae_version = g_strdup ("5.0");
  ae->serious = grade >= 4;
  ae->relationship = g_strdup (relationship);
  ae->onset_date = g_strdup (onset);
  g_ptr_array_add (record->adverse_events, ae);

  return ae;
}

StromaFollowUp *
stroma_test_add_follow_up (StromaSubjectRecord *record,
                           const char          *kind,
                           const char          *date)
{
  StromaFollowUp *follow_up = new_record (record, STROMA_RECORD_FOLLOW_UP);

  follow_up->kind = g_strdup (kind);
  follow_up->event_date = g_strdup (date);
  g_ptr_array_add (record->follow_ups, follow_up);

  return follow_up;
}

StromaDisposition *
stroma_test_add_disposition (StromaSubjectRecord *record,
                             const char          *event,
                             const char          *date)
{
  StromaDisposition *disposition = new_record (record, STROMA_RECORD_DISPOSITION);

  disposition->event = g_strdup (event);
  disposition->event_date = g_strdup (date);
  g_ptr_array_add (record->dispositions, disposition);

  return disposition;
}

StromaMedication *
stroma_test_add_medication (StromaSubjectRecord *record,
                            const char          *agent,
                            gint64               level,
                            const char          *start,
                            const char          *end)
{
  StromaMedication *medication = new_record (record, STROMA_RECORD_MEDICATION);

  medication->agent = g_strdup (agent);
  medication->dose_level = level;
  medication->start_date = g_strdup (start);
  medication->end_date = g_strdup (end);
  g_ptr_array_add (record->medications, medication);

  return medication;
}

StromaLabResult *
stroma_test_add_lab (StromaSubjectRecord *record,
                     const char          *test_code,
                     const char          *date,
                     double               value)
{
  StromaLabResult *lab = new_record (record, STROMA_RECORD_LAB_RESULT);

  lab->test_code = g_strdup (test_code);
  lab->collected_on = g_strdup (date);
  lab->stresn = value;
  lab->stresu = g_strdup (stroma_protocol_lab_unit (test_code));
  g_ptr_array_add (record->labs, lab);

  return lab;
}
