// SPDX-License-Identifier: Apache-2.0
#pragma once

// Names shared by the project file's writer and reader: tables, tessera_meta keys, and the
// text forms of enums and colours. See docs in ProjectFile.h for what each table holds.
//
// Row references between tables hold the referenced row's fid, which is its index in the
// model plus one (fids start at 1), so that the layers join in QGIS (accounts.territory =
// territories.fid); NULL stands for "none" (unassigned, vacant, not in any area).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/Project.h"

namespace tessera::storage::schema {

inline constexpr const char* kAreas = "areas";
inline constexpr const char* kAccounts = "accounts";
inline constexpr const char* kTerritories = "territories";
inline constexpr const char* kReps = "reps";
inline constexpr const char* kAreaGraph = "area_graph";
inline constexpr const char* kAccountOverrides = "account_overrides";
inline constexpr const char* kImportRejects = "import_rejects";
inline constexpr const char* kMeta = "tessera_meta";
/// Polygons drawn onto territories (a layer) and what each took (optional tables: a file
/// without them has no drawn polygons).
inline constexpr const char* kDrawnPolygons = "drawn_polygons";
inline constexpr const char* kDrawnPolygonCaptures = "drawn_polygon_captures";
inline constexpr const char* kGeometryColumn = "geom";

namespace meta {
inline constexpr const char* kSchemaVersion = "schema_version";
inline constexpr const char* kWrittenBy = "written_by";
inline constexpr const char* kProjectName = "project_name";
inline constexpr const char* kAreaLayerName = "area_layer_name";
inline constexpr const char* kAreaAttributeNames = "area_attribute_names";      ///< JSON array
inline constexpr const char* kAreaAttributeColumns = "area_attribute_columns";  ///< JSON array
inline constexpr const char* kAreaGraphNodes = "area_graph_nodes";
/// Whether the alignment's area → territory list and the account → area list were filled
/// ("1") or empty ("0") in the model; NULL columns alone cannot tell.
inline constexpr const char* kAreaTerritoryStored = "area_territory_stored";
inline constexpr const char* kAccountAreaStored = "account_area_stored";
inline constexpr const char* kCreatedAt = "created_at";
inline constexpr const char* kSavedAt = "saved_at";
/// The header row of the file the import rejects came from (optional entry).
inline constexpr const char* kAccountRejectsHeader = "account_rejects_header";
}  // namespace meta

/// Column names in the areas table for the area attributes: the attribute name, made unique
/// (SQLite compares column names without case) and kept clear of the fixed columns.
[[nodiscard]] std::vector<std::string> areaAttributeColumns(const std::vector<std::string>& names);

[[nodiscard]] std::string_view locationSourceName(LocationSource source);
[[nodiscard]] std::optional<LocationSource> parseLocationSource(std::string_view name);

/// "#rrggbb" (or "#aarrggbb" should the value use the top byte).
[[nodiscard]] std::string colorText(std::uint32_t color);
[[nodiscard]] std::optional<std::uint32_t> parseColor(std::string_view text);

}  // namespace tessera::storage::schema
