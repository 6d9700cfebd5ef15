/* stroma-regimen.h — a conditioning regimen expanded into one subject's doses
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "stroma-dosing.h"
#include "stroma-protocol.h"
#include "stroma-records.h"

G_BEGIN_DECLS

#define STROMA_REGIMEN_ERROR (stroma_regimen_error_quark ())

/**
 * StromaRegimenError:
 * @STROMA_REGIMEN_ERROR_NO_REGIMEN: the protocol has no regimen for the subject's donor type
 * @STROMA_REGIMEN_ERROR_UNKNOWN_AGENT: a layout names an agent the regimen does not have
 * @STROMA_REGIMEN_ERROR_INVALID_LAYOUT: an edited day list is empty, repeats a day or leaves
 *   the conditioning days (−60 to −1)
 * @STROMA_REGIMEN_ERROR_INVALID_DATE: the day-0 date is not an ISO date
 * @STROMA_REGIMEN_ERROR_INVALID_TIME: the first-dose time is not "HH:MM"
 *
 * Dose calculations fail with %STROMA_DOSING_ERROR, their message prefixed with the agent.
 */
typedef enum
{
  STROMA_REGIMEN_ERROR_NO_REGIMEN,
  STROMA_REGIMEN_ERROR_UNKNOWN_AGENT,
  STROMA_REGIMEN_ERROR_INVALID_LAYOUT,
  STROMA_REGIMEN_ERROR_INVALID_DATE,
  STROMA_REGIMEN_ERROR_INVALID_TIME,
} StromaRegimenError;

GQuark stroma_regimen_error_quark (void);

/* The earliest conditioning day a layout may use, as in protocol files. */
#define STROMA_REGIMEN_FIRST_DAY (-60)

/**
 * StromaRegimenLayout:
 * @days: agent name → #GArray of gint study days that replace the protocol's days
 * @selected: set of optional agents the investigator selected
 * @start_time: "HH:MM" of each day's first dose; %NULL for 00:00
 *
 * A site's edits to a regimen's day layout. Agents it does not mention keep the protocol's
 * days; optional agents are left out unless selected.
 */
typedef struct
{
  GHashTable *days;
  GHashTable *selected;
  char       *start_time;
} StromaRegimenLayout;

/**
 * StromaRegimenDose:
 *
 * One administration of one agent. q6h gives four a day, at the day's start time and every
 * six hours after it (DOMAIN.md §2.3); a dose whose time passes midnight falls on the next
 * calendar day but still belongs to its layout day.
 */
typedef struct
{
  char             *agent;
  guint             agent_index;   /* position in the regimen's agents */
  guint             dose_number;   /* 1-based within the agent */
  guint             dose_of_day;   /* 1-based within its layout day */
  gint              layout_day;    /* the layout day the dose belongs to */
  gint              study_day;     /* the calendar day it is given, relative to day 0 */
  char             *date;          /* ISO date; NULL without a day-0 date */
  char             *time;          /* "HH:MM" */
  double            dose;          /* this administration, in dose_unit */
  double            daily_dose;    /* the layout day's amount, in dose_unit */
  char             *dose_unit;
  double            prescribed;    /* the protocol's amount per basis, e.g. 0.8 (mg/kg) */
  StromaDoseBasis   basis;
  char             *per;           /* "dose" | "day": what `prescribed` is for */
  double            bsa_exact;     /* m²; NAN unless per m² */
  double            bsa_used;      /* m² after the protocol's rounding; NAN unless per m² */
  StromaBsaFormula  bsa_formula;
  double            weight_kg;     /* the weight used; NAN for flat doses */
  char             *route;         /* nullable */
  gboolean          optional;
} StromaRegimenDose;

/**
 * StromaRegimenTotal:
 *
 * One agent's course: how many doses on how many days, and the amount in all.
 */
typedef struct
{
  char     *agent;
  guint     agent_index;
  guint     n_doses;
  guint     n_days;
  gint      first_day;
  gint      last_day;
  double    dose;          /* each administration */
  double    daily_dose;
  double    total;
  char     *dose_unit;
  gboolean  edited;        /* the days differ from the protocol's */
  gboolean  optional;
} StromaRegimenTotal;

typedef struct
{
  char             *regimen_id;
  char             *regimen_label;
  char             *layout_status;  /* the protocol's: "site-default", "protocol", "confirmed" */
  char             *day0_date;      /* nullable */
  double            weight_kg;
  double            height_cm;
  StromaBsaFormula  bsa_formula;
  guint             bsa_decimals;
  double            bsa_exact;      /* NAN unless an agent is dosed per m² */
  double            bsa_used;
  char             *start_time;     /* "HH:MM" */
  gboolean          edited;         /* a layout moved at least one agent's days */
  GPtrArray        *doses;          /* StromaRegimenDose*, by date and time, then agent */
  GPtrArray        *totals;         /* StromaRegimenTotal*, in the regimen's order */
  GStrv             not_selected;   /* optional agents left out */
} StromaRegimenPlan;

StromaRegimenLayout *stroma_regimen_layout_new            (void);
void                 stroma_regimen_layout_free           (StromaRegimenLayout *self);
void                 stroma_regimen_layout_set_days       (StromaRegimenLayout *self,
                                                           const char          *agent,
                                                           const gint          *days,
                                                           guint                n_days);
void                 stroma_regimen_layout_set_selected   (StromaRegimenLayout *self,
                                                           const char          *agent,
                                                           gboolean             selected);
void                 stroma_regimen_layout_set_start_time (StromaRegimenLayout *self,
                                                           const char          *start_time);

StromaRegimenPlan        *stroma_regimen_plan_new            (const StromaProtocol      *protocol,
                                                              const StromaRegimen       *regimen,
                                                              double                     weight_kg,
                                                              double                     height_cm,
                                                              const char                *day0_date,
                                                              const StromaRegimenLayout *layout,
                                                              GError                   **error);
StromaRegimenPlan        *stroma_regimen_plan_new_for_subject (const StromaProtocol      *protocol,
                                                              const StromaSubjectRecord *record,
                                                              const StromaRegimenLayout *layout,
                                                              GError                   **error);
void                      stroma_regimen_plan_free           (StromaRegimenPlan         *self);
const StromaRegimenTotal *stroma_regimen_plan_find_total     (const StromaRegimenPlan   *self,
                                                              const char                *agent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaRegimenLayout, stroma_regimen_layout_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaRegimenPlan, stroma_regimen_plan_free)

G_END_DECLS
