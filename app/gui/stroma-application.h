/* stroma-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define STROMA_TYPE_APPLICATION (stroma_application_get_type ())

G_DECLARE_FINAL_TYPE (StromaApplication, stroma_application, STROMA, APPLICATION, AdwApplication)

StromaApplication *stroma_application_new          (void);
GSettings         *stroma_application_get_settings (StromaApplication *self);
void               stroma_application_add_recent   (StromaApplication *self,
                                                    GFile             *file);

G_END_DECLS
