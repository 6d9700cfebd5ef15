/* stroma-schedule.h — product doses and observations: what is due, when, and what is late
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

#define STROMA_SCHEDULE_ERROR (stroma_schedule_error_quark ())

/**
 * StromaScheduleError:
 * @STROMA_SCHEDULE_ERROR_INVALID_DATE: a date or time, given or recorded, cannot be read
 * @STROMA_SCHEDULE_ERROR_INVALID_RANGE: a range ends before it starts
 * @STROMA_SCHEDULE_ERROR_INVALID_TIME_ZONE: the site time zone is not one GLib knows
 * @STROMA_SCHEDULE_ERROR_NO_PRODUCT: the protocol has no investigational product, or the
 *   subject's arm does not receive it
 * @STROMA_SCHEDULE_ERROR_NOT_STARTED: the subject has no date for the first dose yet
 */
typedef enum
{
  STROMA_SCHEDULE_ERROR_INVALID_DATE,
  STROMA_SCHEDULE_ERROR_INVALID_RANGE,
  STROMA_SCHEDULE_ERROR_INVALID_TIME_ZONE,
  STROMA_SCHEDULE_ERROR_NO_PRODUCT,
  STROMA_SCHEDULE_ERROR_NOT_STARTED,
} StromaScheduleError;

GQuark stroma_schedule_error_quark (void);

/**
 * StromaScheduleStatus:
 * @STROMA_SCHEDULE_PLANNED: its window (or slot) has not opened yet
 * @STROMA_SCHEDULE_DUE: its window is open today and it is not given (or done) yet
 * @STROMA_SCHEDULE_OVERDUE: its window has closed and it is neither given nor recorded as
 *   missed (for an observation: no value in its slot)
 * @STROMA_SCHEDULE_GIVEN: the dose is recorded as given
 * @STROMA_SCHEDULE_MISSED: the dose is recorded as missed
 * @STROMA_SCHEDULE_DONE: the observation has a lab value in its slot
 */
typedef enum
{
  STROMA_SCHEDULE_PLANNED,
  STROMA_SCHEDULE_DUE,
  STROMA_SCHEDULE_OVERDUE,
  STROMA_SCHEDULE_GIVEN,
  STROMA_SCHEDULE_MISSED,
  STROMA_SCHEDULE_DONE,
} StromaScheduleStatus;

const char *stroma_schedule_status_to_string   (StromaScheduleStatus  status);
gboolean    stroma_schedule_status_from_string (const char           *id,
                                                StromaScheduleStatus *status);

/* How far past the as-of date an open-ended product schedule ("until stopped") is planned. */
#define STROMA_SCHEDULE_HORIZON_DEFAULT 84

/**
 * StromaScheduleOptions:
 * @time_zone: the site's time zone ("Asia/Shanghai", "+08:00"), used to date the UTC times of
 *   infusions; %NULL for UTC. The process's own TZ never enters a result.
 * @horizon_days: how many days past the as-of date open-ended schedules are planned
 */
typedef struct
{
  const char *time_zone;
  guint       horizon_days;
} StromaScheduleOptions;

#define STROMA_SCHEDULE_OPTIONS_INIT { NULL, STROMA_SCHEDULE_HORIZON_DEFAULT }

/* The investigational product */

/**
 * StromaProductDose:
 *
 * One dose of the product. The due date follows the protocol's delay rule: with
 * "shift-following" each dose is due one interval after the previous dose was given (or was
 * due, if it was not given); with "keep-schedule" dose n is due n − 1 intervals after dose 1.
 * The window is [due − window_before_days, due + window_after_days].
 */
typedef struct
{
  guint                 number;          /* 1-based */
  char                 *due_date;
  char                 *window_start;
  char                 *window_end;
  char                 *scheduled_date;  /* due date without delays: start + (n − 1) × interval */
  gint                  shift_days;      /* due − scheduled */
  StromaScheduleStatus  status;
  char                 *given_date;      /* the site's date of given_at; NULL unless given */
  char                 *given_at;        /* as recorded (UTC) */
  gint                  days_from_due;   /* given − due; 0 unless given on a known date */
  gboolean              outside_window;  /* given before or after its window */
  gboolean              late;            /* given after its window */
  double                cells_per_kg;    /* target */
  double                weight_kg;       /* recorded at a given dose; else the latest known */
  double                total_cells;     /* recorded at a given dose; else target × weight */
  gboolean              recorded;        /* an infusion record has this number */
  char                 *record_status;   /* as recorded: planned, given, delayed, missed */
  char                 *reason;          /* the record's reason for a delay or a miss */
} StromaProductDose;

typedef struct
{
  gint64      subject_id;
  char       *subject_code;
  char       *as_of;
  char       *start_date;        /* dose 1 is due on it */
  char       *delay_rule;        /* "shift-following" | "keep-schedule" */
  guint       interval_days;
  gint        window_before_days;
  gint        window_after_days;
  guint       n_doses;           /* the protocol's; 0 = until stopped */
  char       *planned_until;     /* open-ended schedules: as_of + horizon; NULL otherwise */
  char       *stopped_on;        /* first disposition or death: no dose is planned from it */
  gint64      dose_level;        /* STROMA_NO_INT without dose levels */
  double      cells_per_kg;      /* NAN for a dose level the protocol does not have */
  double      weight_kg;         /* the latest known weight; NAN when none */
  guint       weight_infusion;   /* the infusion it was recorded at; 0 = the subject's */
  GPtrArray  *doses;             /* StromaProductDose*, by number */
} StromaProductPlan;

StromaProductPlan       *stroma_product_plan_new      (const StromaProtocol          *protocol,
                                                       const StromaSubjectRecord     *record,
                                                       const char                    *as_of,
                                                       const StromaScheduleOptions   *options,
                                                       GError                       **error);
void                     stroma_product_plan_free     (StromaProductPlan             *self);
const StromaProductDose *stroma_product_plan_get_dose (const StromaProductPlan       *self,
                                                       guint                          number);

/* Observations */

/**
 * StromaObservationSkip:
 * @STROMA_OBSERVATION_SKIP_AS_NEEDED: the phase has no due dates ("as needed")
 * @STROMA_OBSERVATION_SKIP_NO_DATE: the subject lacks the date the phase counts from
 * @STROMA_OBSERVATION_SKIP_ENDPOINT_UNKNOWN: the phase starts, ends or counts from an endpoint
 *   the caller did not derive
 * @STROMA_OBSERVATION_SKIP_ENDPOINT_NOT_MET: the phase starts at, or counts from, an endpoint
 *   not met yet
 */
typedef enum
{
  STROMA_OBSERVATION_SKIP_AS_NEEDED,
  STROMA_OBSERVATION_SKIP_NO_DATE,
  STROMA_OBSERVATION_SKIP_ENDPOINT_UNKNOWN,
  STROMA_OBSERVATION_SKIP_ENDPOINT_NOT_MET,
} StromaObservationSkip;

const char *stroma_observation_skip_to_string (StromaObservationSkip reason);

typedef struct
{
  char                  *phase_id;
  char                  *label;
  StromaObservationSkip  reason;
  char                  *detail;    /* the endpoint id or the missing date's field */
} StromaObservationSkipped;

/**
 * StromaObservationSlot:
 *
 * One due date of one test of one phase. Its slot runs from the due date to the day before
 * the next due date (the last one to the end of the phase): a value of the test collected in
 * the slot makes it done. Examinations without lab values (vital signs, imaging) are not
 * tracked: they are planned or due, never done or overdue.
 */
typedef struct
{
  char                 *phase_id;
  char                 *label;
  char                 *assessment;   /* assessment id; NULL when the phase names the test */
  char                 *test_code;    /* lab test code; NULL for an examination */
  gboolean              tracked;
  char                 *due_date;
  char                 *slot_end;     /* last day of the slot */
  StromaScheduleStatus  status;       /* planned, due, overdue or done */
  char                 *done_on;      /* date of the first value in the slot */
} StromaObservationSlot;

typedef struct
{
  char      *as_of;
  char      *from;
  char      *to;
  char      *stopped_on;    /* first disposition or death: nothing is due from it */
  GPtrArray *slots;         /* StromaObservationSlot*, by due date, then phase and test */
  GPtrArray *skipped;       /* StromaObservationSkipped*, in protocol order */
} StromaObservationPlan;

StromaObservationPlan *stroma_observation_plan_new     (const StromaProtocol       *protocol,
                                                        const StromaSubjectRecord  *record,
                                                        GHashTable                 *endpoint_events,
                                                        const char                 *as_of,
                                                        const char                 *from,
                                                        const char                 *to,
                                                        GError                    **error);
StromaObservationPlan *stroma_observation_plan_new_due (const StromaProtocol       *protocol,
                                                        const StromaSubjectRecord  *record,
                                                        GHashTable                 *endpoint_events,
                                                        const char                 *as_of,
                                                        GError                    **error);
void                   stroma_observation_plan_free    (StromaObservationPlan      *self);

/* The coordinator's agenda */

typedef struct
{
  const StromaProductPlan *plan;   /* the subject's plan, owned by the agenda */
  const StromaProductDose *dose;
} StromaAgendaItem;

typedef struct
{
  gint64  subject_id;
  char   *subject_code;
  char   *message;
} StromaAgendaProblem;

typedef struct
{
  char      *as_of;
  char      *from;
  char      *to;
  GPtrArray *plans;      /* StromaProductPlan* of the subjects on product */
  GPtrArray *due;        /* StromaAgendaItem*: window meets [from, to], not yet closed */
  GPtrArray *overdue;    /* StromaAgendaItem*: window closed before as_of, not given/missed */
  GPtrArray *problems;   /* StromaAgendaProblem*: subjects whose plan could not be made */
} StromaAgenda;

StromaAgenda *stroma_agenda_new  (const StromaProtocol          *protocol,
                                  StromaSubjectRecord * const   *records,
                                  guint                          n_records,
                                  const char                    *as_of,
                                  const char                    *from,
                                  const char                    *to,
                                  const StromaScheduleOptions   *options,
                                  GError                       **error);
void          stroma_agenda_free (StromaAgenda                  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaProductPlan, stroma_product_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaObservationPlan, stroma_observation_plan_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaAgenda, stroma_agenda_free)

G_END_DECLS
