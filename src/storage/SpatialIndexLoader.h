// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "SqliteBulkLoader.h"
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

/// The same in steps, so that the packing (sorting, node building: all CPU, no database) can
/// run on another thread while the connection is busy with other rows:
/// spatialIndexNodeBytes() (on the connection), packSpatialIndex() (anywhere), then
/// writeSpatialIndex() (on the connection, into the still empty R-tree).
struct PackedSpatialIndex {
    std::size_t nodeBytes = 0;
    /// Node n's bytes are nodes[(n - 1) * nodeBytes, n * nodeBytes): the root is node 1.
    std::vector<std::uint8_t> nodes;
    /// (entry id, leaf node) and (child node, parent node), each sorted by key.
    std::vector<std::pair<std::int64_t, std::int64_t>> rowidLinks;
    std::vector<std::pair<std::int64_t, std::int64_t>> parentLinks;
};

/// The node size SQLite chose for this R-tree when it created it (from the page size).
[[nodiscard]] Result<std::size_t> spatialIndexNodeBytes(SqliteDatabase& db,
                                                        const std::string& rtreeTable);
[[nodiscard]] PackedSpatialIndex packSpatialIndex(std::vector<SpatialIndexEntry> entries,
                                                  std::size_t nodeBytes);
[[nodiscard]] Result<void> writeSpatialIndex(SqliteDatabase& db, const std::string& rtreeTable,
                                             const PackedSpatialIndex& packed);

/// The root pages of an R-tree's node, rowid and parent tables.
struct SpatialIndexRoots {
    std::uint32_t node = 0;
    std::uint32_t rowid = 0;
    std::uint32_t parent = 0;
};

/// writeSpatialIndex for a closed file: the three tables (all empty, the node table's root row
/// deleted too) are written as pages by `loader` (see SqliteBulkLoader.h).
[[nodiscard]] Result<void> loadSpatialIndex(SqliteBulkLoader& loader,
                                            const SpatialIndexRoots& roots,
                                            const PackedSpatialIndex& packed);

}  // namespace tessera::storage
