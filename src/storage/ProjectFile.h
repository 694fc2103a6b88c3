// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/Feedback.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::storage {

/// Schema version written by this build; older files are migrated forward on load.
constexpr int kSchemaVersion = 2;

/// Writes the project as one SQLite file that is also a valid GeoPackage (areas, accounts and
/// territories are layers QGIS/ogrinfo can open). Atomic: written to a temporary file beside
/// the target, synced, then renamed over it, so the target is never half-written.
///
/// The file holds, as GeoPackage layers in EPSG:4326 with R-tree spatial indexes:
///  - `areas` (MULTIPOLYGON): code, name, locked, territory, label_lon/label_lat and one REAL
///    column per area attribute (NULL where missing);
///  - `accounts` (POINT, NULL for accounts that are not located): account_id, name,
///    postal_code, segment, required_skill, owner, potential, workload, sales, locked,
///    location_source, area, territory (the one it counts in), custom (JSON object);
///  - `territories` (MULTIPOLYGON, the dissolved outline of its areas): name, color, rep,
///    rep_name, locked and its metrics (areas, accounts, workload, potential, sales and the
///    deviations from target);
///  - `drawn_polygons` (MULTIPOLYGON without a spatial index, one polygon each, the ring
///    closed, corners as drawn):
///    territory; with the attribute table `drawn_polygon_captures` (polygon, area or
///    account_id, before_territory, had_override): what each polygon moved and from where.
///    Optional: a file without these tables (written before they existed) has no polygons;
/// and as attribute tables: `reps`, `area_graph`, `account_overrides`, `import_rejects` and
/// `tessera_meta` (key/value: schema version, names, timestamps). References between tables
/// hold the referenced row's fid (model index + 1), NULL for none. Coordinates are stored
/// as the doubles of the model, so loading gives back exactly what was saved.
///
/// Fails with InvalidArgument when the project is inconsistent (an index out of range, a
/// per-area list of the wrong length), with FileUnwritable when the folder cannot be written,
/// and with Canceled when `feedback` was canceled; the target is then untouched.
[[nodiscard]] Result<void> saveProject(const Project& project, const std::string& path);
[[nodiscard]] Result<void> saveProject(const Project& project, const std::string& path,
                                       Feedback* feedback);

/// Reads a project written by saveProject (any schema version up to kSchemaVersion). A file
/// from a newer Tessera, a file that is not a Tessera project and a damaged file are refused
/// with a message saying which it is. The area graph and the account → area assignment are
/// read as stored, not recomputed.
[[nodiscard]] Result<Project> loadProject(const std::string& path);
[[nodiscard]] Result<Project> loadProject(const std::string& path, Feedback* feedback);

}  // namespace tessera::storage
