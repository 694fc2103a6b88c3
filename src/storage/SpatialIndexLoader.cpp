// SPDX-License-Identifier: Apache-2.0
#include "SpatialIndexLoader.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <utility>

namespace tessera::storage {

namespace {

// SQLite's R-tree node: a 2-byte depth (root only, 0 elsewhere), a 2-byte cell count, then
// cells of an 8-byte id (a rowid in leaves, a child node number above) and minx, maxx, miny,
// maxy as 4-byte floats, all big-endian; zero-padded to the table's node size.
constexpr std::size_t kNodeHeaderBytes = 4;
constexpr std::size_t kCellBytes = 8 + 4 * 4;

struct FloatBox {
    float minX;
    float maxX;
    float minY;
    float maxY;
};

float roundDown(double value) {
    float f = static_cast<float>(value);
    if (static_cast<double>(f) > value) {
        f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    }
    return f;
}

float roundUp(double value) {
    float f = static_cast<float>(value);
    if (static_cast<double>(f) < value) {
        f = std::nextafter(f, std::numeric_limits<float>::infinity());
    }
    return f;
}

struct Cell {
    std::int64_t id;  ///< rowid of an entry, or node number of a child node
    FloatBox box;
};

FloatBox cover(const std::vector<Cell>& cells, std::size_t begin, std::size_t end) {
    FloatBox box = cells[begin].box;
    for (std::size_t i = begin + 1; i < end; ++i) {
        box.minX = std::min(box.minX, cells[i].box.minX);
        box.maxX = std::max(box.maxX, cells[i].box.maxX);
        box.minY = std::min(box.minY, cells[i].box.minY);
        box.maxY = std::max(box.maxY, cells[i].box.maxY);
    }
    return box;
}

void putBigEndian(std::vector<std::uint8_t>& out, std::size_t at, std::uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out[at + static_cast<std::size_t>(i)] =
            static_cast<std::uint8_t>(value >> (8 * (bytes - 1 - i)));
    }
}

/// Orders cells sort-tile-recursive: vertical slices by x centre, each sorted by y centre, so
/// that consecutive runs of `capacity` cells are compact nodes.
void sortTileRecursive(std::vector<Cell>& cells, std::size_t capacity) {
    auto centreX = [](const Cell& c) { return static_cast<double>(c.box.minX) + c.box.maxX; };
    auto centreY = [](const Cell& c) { return static_cast<double>(c.box.minY) + c.box.maxY; };
    std::sort(cells.begin(), cells.end(),
              [&](const Cell& a, const Cell& b) { return centreX(a) < centreX(b); });
    const std::size_t nodes = (cells.size() + capacity - 1) / capacity;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
    const std::size_t sliceSize = slices * capacity;
    for (std::size_t begin = 0; begin < cells.size(); begin += sliceSize) {
        const auto first = cells.begin() + static_cast<std::ptrdiff_t>(begin);
        const auto last =
            cells.begin() + static_cast<std::ptrdiff_t>(std::min(begin + sliceSize, cells.size()));
        std::sort(first, last,
                  [&](const Cell& a, const Cell& b) { return centreY(a) < centreY(b); });
    }
}

}  // namespace

Result<void> fillSpatialIndex(SqliteDatabase& db, const std::string& rtreeTable,
                              std::vector<SpatialIndexEntry> entries) {
    const std::string nodeTable = quoteIdentifier(rtreeTable + "_node");
    const std::string rowidTable = quoteIdentifier(rtreeTable + "_rowid");
    const std::string parentTable = quoteIdentifier(rtreeTable + "_parent");

    // The node size SQLite chose when it created the table (from the page size).
    auto rootQuery = db.prepare("SELECT length(data) FROM " + nodeTable + " WHERE nodeno = 1");
    if (!rootQuery) {
        return fail(rootQuery.error());
    }
    auto hasRoot = rootQuery->step();
    if (!hasRoot) {
        return fail(hasRoot.error());
    }
    if (!*hasRoot) {
        return fail(ErrorCode::Internal, "the spatial index " + rtreeTable + " has no root node");
    }
    const auto nodeBytes = static_cast<std::size_t>(rootQuery->columnInt(0));
    rootQuery->reset();
    const std::size_t capacity = (nodeBytes - kNodeHeaderBytes) / kCellBytes;
    if (nodeBytes < kNodeHeaderBytes + 2 * kCellBytes) {
        return fail(ErrorCode::Internal,
                    "unexpected R-tree node size " + std::to_string(nodeBytes));
    }
    if (entries.empty()) {
        return {};  // CREATE VIRTUAL TABLE made the empty root already
    }

    auto writeNode = db.prepare("INSERT OR REPLACE INTO " + nodeTable + " VALUES (?, ?)");
    auto writeRowid = db.prepare("INSERT INTO " + rowidTable + " VALUES (?, ?)");
    auto writeParent = db.prepare("INSERT INTO " + parentTable + " VALUES (?, ?)");
    if (!writeNode || !writeRowid || !writeParent) {
        return fail(!writeNode ? writeNode.error()
                               : (!writeRowid ? writeRowid.error() : writeParent.error()));
    }

    std::vector<Cell> level;
    level.reserve(entries.size());
    for (const SpatialIndexEntry& entry : entries) {
        level.push_back(
            {entry.id,
             {roundDown(entry.box.min_corner().x()), roundUp(entry.box.max_corner().x()),
              roundDown(entry.box.min_corner().y()), roundUp(entry.box.max_corner().y())}});
    }
    entries = {};

    std::vector<std::uint8_t> blob(nodeBytes);
    std::vector<std::pair<std::int64_t, std::int64_t>> rowidLinks;   // entry id → leaf node
    std::vector<std::pair<std::int64_t, std::int64_t>> parentLinks;  // node → parent node
    rowidLinks.reserve(level.size());
    auto storeNode = [&](std::int64_t nodeNumber, const std::vector<Cell>& cells, std::size_t begin,
                         std::size_t end, int depth) -> Result<void> {
        std::fill(blob.begin(), blob.end(), std::uint8_t{0});
        putBigEndian(blob, 0, nodeNumber == 1 ? static_cast<std::uint64_t>(depth) : 0U, 2);
        putBigEndian(blob, 2, end - begin, 2);
        std::size_t at = kNodeHeaderBytes;
        for (std::size_t i = begin; i < end; ++i) {
            putBigEndian(blob, at, static_cast<std::uint64_t>(cells[i].id), 8);
            putBigEndian(blob, at + 8, std::bit_cast<std::uint32_t>(cells[i].box.minX), 4);
            putBigEndian(blob, at + 12, std::bit_cast<std::uint32_t>(cells[i].box.maxX), 4);
            putBigEndian(blob, at + 16, std::bit_cast<std::uint32_t>(cells[i].box.minY), 4);
            putBigEndian(blob, at + 20, std::bit_cast<std::uint32_t>(cells[i].box.maxY), 4);
            at += kCellBytes;
        }
        writeNode->bind(1, nodeNumber);
        writeNode->bindBlob(2, blob);
        return writeNode->execute();
    };

    // Bottom up: pack the current level into nodes until one node (the root, number 1) holds
    // all that is left. Children are numbered from 2 in the order they are written.
    std::int64_t nextNode = 2;
    int depth = 0;
    while (level.size() > capacity) {
        sortTileRecursive(level, capacity);
        std::vector<Cell> parents;
        parents.reserve((level.size() + capacity - 1) / capacity);
        for (std::size_t begin = 0; begin < level.size(); begin += capacity) {
            const std::size_t end = std::min(begin + capacity, level.size());
            const std::int64_t nodeNumber = nextNode++;
            if (auto r = storeNode(nodeNumber, level, begin, end, depth); !r) {
                return r;
            }
            for (std::size_t i = begin; i < end; ++i) {
                // Leaves map each rowid to its node; inner nodes map each child to its parent.
                (depth == 0 ? rowidLinks : parentLinks).emplace_back(level[i].id, nodeNumber);
            }
            parents.push_back({nodeNumber, cover(level, begin, end)});
        }
        level = std::move(parents);
        ++depth;
    }
    if (auto r = storeNode(1, level, 0, level.size(), depth); !r) {
        return r;
    }
    for (const Cell& cell : level) {
        (depth == 0 ? rowidLinks : parentLinks).emplace_back(cell.id, std::int64_t{1});
    }
    // In key order, so that SQLite appends to the tables' B-trees instead of inserting all
    // over them.
    for (auto [links, statement] :
         {std::pair{&rowidLinks, &*writeRowid}, std::pair{&parentLinks, &*writeParent}}) {
        std::sort(links->begin(), links->end());
        for (const auto& [key, node] : *links) {
            statement->bind(1, key);
            statement->bind(2, node);
            if (auto r = statement->execute(); !r) {
                return r;
            }
        }
    }
    return {};
}

}  // namespace tessera::storage
