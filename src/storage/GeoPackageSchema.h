// SPDX-License-Identifier: Apache-2.0
#pragma once

// The GeoPackage 1.3 scaffolding around Tessera's tables (OGC 12-128r18): the application id
// and version, the SRS table with its three mandatory rows (EPSG:4326, undefined cartesian,
// undefined geographic), gpkg_contents, gpkg_geometry_columns, and the R-tree spatial index
// extension.

#include <cstdint>
#include <optional>
#include <string>

#include "SqliteDatabase.h"
#include "core/Geometry.h"

namespace tessera::storage {

/// "GPKG" as PRAGMA application_id.
constexpr std::int32_t kGeoPackageApplicationId = 0x47504B47;
/// GeoPackage 1.3.0 as PRAGMA user_version.
constexpr std::int32_t kGeoPackageUserVersion = 10300;

/// Sets the application id and version and creates the core tables. Call on an empty database.
[[nodiscard]] Result<void> createGeoPackageCore(SqliteDatabase& db);

/// Registers a table created by the caller as a feature layer with one geometry column in
/// EPSG:4326 (`geometryType` as in gpkg_geometry_columns: POINT, MULTIPOLYGON, ...).
[[nodiscard]] Result<void> registerFeatureTable(SqliteDatabase& db, const std::string& table,
                                                const std::string& geometryColumn,
                                                const std::string& geometryType,
                                                const std::string& description);

/// Registers a table created by the caller as non-spatial ('attributes') content.
[[nodiscard]] Result<void> registerAttributesTable(SqliteDatabase& db, const std::string& table,
                                                   const std::string& description);

/// Stores the layer's extent in gpkg_contents (nothing when the layer has no geometry).
[[nodiscard]] Result<void> setLayerExtent(SqliteDatabase& db, const std::string& table,
                                          const std::optional<Box>& extent);

/// Registers on the connection the SQL functions the R-tree triggers call (ST_IsEmpty,
/// ST_MinX, ST_MaxX, ST_MinY, ST_MaxY), so that statements changing a layer's geometry work on
/// it as they do in GDAL and QGIS. Needed before any UPDATE/INSERT on a layer once its triggers
/// exist (migrations, tests).
[[nodiscard]] Result<void> registerGeoPackageFunctions(SqliteDatabase& db);

/// Name of the R-tree table of a layer's geometry column: rtree_<table>_<column>.
[[nodiscard]] std::string spatialIndexTable(const std::string& table, const std::string& column);

/// Creates the R-tree virtual table of a layer and registers the gpkg_rtree_index extension.
/// The caller fills it (id = fid, minx, maxx, miny, maxy) and then calls
/// createSpatialIndexTriggers, which keep it in step when QGIS or GDAL edit the layer later.
/// (The triggers call the ST_* functions those programs register; Tessera itself never edits
/// a saved file, it writes a new one.)
[[nodiscard]] Result<void> createSpatialIndex(SqliteDatabase& db, const std::string& table,
                                              const std::string& column);
[[nodiscard]] Result<void> createSpatialIndexTriggers(SqliteDatabase& db, const std::string& table,
                                                      const std::string& column,
                                                      const std::string& idColumn);

}  // namespace tessera::storage
