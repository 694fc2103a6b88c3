// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "SqliteDatabase.h"
#include "core/Geometry.h"

namespace tessera::storage {

/// One row of a layer's spatial index: the feature's fid and bounding box.
struct SpatialIndexEntry {
    std::int64_t id = 0;
    Box box;
};

/// Fills a freshly created, empty SQLite R-tree (`CREATE VIRTUAL TABLE ... USING rtree(id,
/// minx, maxx, miny, maxy)`) with all entries at once, packed sort-tile-recursive into full
/// nodes, by writing its node, rowid and parent tables in SQLite's own R-tree format.
/// Inserting a million points one by one through the virtual table takes tens of seconds;
/// this takes about one. The result is an ordinary R-tree: SQLite, GDAL and QGIS query and
/// update it as usual, and `SELECT rtreecheck('<table>')` answers 'ok'. Coordinates are
/// rounded outwards to 32-bit floats, as SQLite does.
[[nodiscard]] Result<void> fillSpatialIndex(SqliteDatabase& db, const std::string& rtreeTable,
                                            std::vector<SpatialIndexEntry> entries);

}  // namespace tessera::storage
