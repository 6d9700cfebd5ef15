/* stroma-protocol.h — placeholder of the agreed interface, replaced by the loader's own header
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once
#include <glib.h>
G_BEGIN_DECLS
typedef enum { STROMA_CMP_LT, STROMA_CMP_LE, STROMA_CMP_GT, STROMA_CMP_GE } StromaComparison;
gboolean stroma_comparison_eval (StromaComparison cmp, double value, double threshold);
typedef struct { char *id; char *label; double ratio; gboolean receives_product; guint target; } StromaArm;
typedef struct { char *id; char *kind; char *text; gboolean has_rule;
  char *field; double min; double max;
  gboolean min_inclusive, max_inclusive; char *unit; gboolean relative_to_uln; char *note; } StromaCriterion;
typedef struct { char *agent; double dose; char *dose_unit; char *basis;
  char *per; guint doses_per_day; GArray *days; char *route; char *note; } StromaRegimenAgent;
typedef struct { char *id; char *label; GStrv donor_types; GPtrArray *agents; char *layout_status; char *note; } StromaRegimen;
typedef struct { char *name; double dose_per_kg;
  GArray *dose_levels; guint n_doses; guint interval_days;
  gint window_before_days; gint window_after_days; char *delay_rule; } StromaProductSchedule;
typedef struct { char *id; char *label; char *relative_to;
  gint start_day; gint end_day; guint every_days; GStrv tests; } StromaObservationPhase;
struct _StromaProtocol {
  char *id; char *version; char *title; char *short_title; char *design;
  char *subject_code_prefix; guint subject_code_digits;
  char *bsa_formula; double dose_deviation_threshold;
  GPtrArray *arms;
  char *stratify_by;
  GStrv strata;
  GArray *block_sizes;
  guint target_total;
  GPtrArray *criteria;
  GPtrArray *regimens;
  StromaProductSchedule *product;
  GPtrArray *observation;
  char *source_json;
};
typedef struct _StromaProtocol StromaProtocol;
StromaProtocol *stroma_protocol_load_file (const char *path, GError **error);
StromaProtocol *stroma_protocol_load_data (const char *data, gssize length, GError **error);
const StromaRegimen *stroma_protocol_find_regimen (const StromaProtocol *self, const char *donor_type);
const StromaArm *stroma_protocol_find_arm (const StromaProtocol *self, const char *arm_id);
void stroma_protocol_free (StromaProtocol *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (StromaProtocol, stroma_protocol_free)
G_END_DECLS
