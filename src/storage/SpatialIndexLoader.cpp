// SPDX-License-Identifier: Apache-2.0
#include "SpatialIndexLoader.h"

#include "BigEndian.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <optional>
#include <span>
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

/// Sorts (key, value) links with unique positive keys and positive values by key. Keys that
/// are mostly 1 … n (the accounts' rowids, the nodes' numbers) are put in place in one pass,
/// ten times faster than sorting a million of them; others are sorted.
void sortByKey(std::vector<std::pair<std::int64_t, std::int64_t>>& links) {
    std::int64_t maxKey = 0;
    bool positive = true;
    for (const auto& [key, value] : links) {
        maxKey = std::max(maxKey, key);
        positive = positive && key > 0 && value > 0;
    }
    if (!positive || static_cast<std::uint64_t>(maxKey) > 4 * links.size() + 1024) {
        std::sort(links.begin(), links.end());
        return;
    }
    std::vector<std::int64_t> valueOf(static_cast<std::size_t>(maxKey) + 1, 0);
    for (const auto& [key, value] : links) {
        std::int64_t& slot = valueOf[static_cast<std::size_t>(key)];
        if (slot != 0) {
            std::sort(links.begin(), links.end());  // a key twice: not for this
            return;
        }
        slot = value;
    }
    std::size_t at = 0;
    for (std::size_t key = 1; key < valueOf.size(); ++key) {
        if (valueOf[key] != 0) {
            links[at++] = {static_cast<std::int64_t>(key), valueOf[key]};
        }
    }
}

}  // namespace

Result<std::size_t> spatialIndexNodeBytes(SqliteDatabase& db, const std::string& rtreeTable) {
    auto rootQuery = db.prepare("SELECT length(data) FROM " +
                                quoteIdentifier(rtreeTable + "_node") + " WHERE nodeno = 1");
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
    if (nodeBytes < kNodeHeaderBytes + 2 * kCellBytes) {
        return fail(ErrorCode::Internal,
                    "unexpected R-tree node size " + std::to_string(nodeBytes));
    }
    return nodeBytes;
}

PackedSpatialIndex packSpatialIndex(std::vector<SpatialIndexEntry> entries, std::size_t nodeBytes) {
    PackedSpatialIndex packed;
    packed.nodeBytes = nodeBytes;
    if (entries.empty()) {
        return packed;  // CREATE VIRTUAL TABLE made the empty root already
    }
    const std::size_t capacity = (nodeBytes - kNodeHeaderBytes) / kCellBytes;
    std::vector<Cell> level;
    level.reserve(entries.size());
    for (const SpatialIndexEntry& entry : entries) {
        level.push_back(
            {entry.id,
             {roundDown(entry.box.min_corner().x()), roundUp(entry.box.max_corner().x()),
              roundDown(entry.box.min_corner().y()), roundUp(entry.box.max_corner().y())}});
    }
    entries = {};

    // Nodes are numbered in the order they are stored, from 2; the root (node 1) comes last
    // but is kept in front. Leaves map each rowid to its node; inner nodes map each child to
    // its parent.
    const std::size_t leaves = (level.size() + capacity - 1) / capacity;
    packed.nodes.assign(nodeBytes, std::uint8_t{0});  // the root's place
    packed.nodes.reserve(nodeBytes * (leaves + leaves / (capacity - 1) + 2));
    packed.rowidLinks.reserve(level.size());
    auto storeNode = [&](std::int64_t nodeNumber, const std::vector<Cell>& cells, std::size_t begin,
                         std::size_t end, int depth) {
        const std::size_t base = static_cast<std::size_t>(nodeNumber - 1) * nodeBytes;
        if (packed.nodes.size() < base + nodeBytes) {
            packed.nodes.resize(base + nodeBytes, std::uint8_t{0});
        }
        putBigEndian(packed.nodes.data() + base,
                     nodeNumber == 1 ? static_cast<std::uint64_t>(depth) : 0U, 2);
        putBigEndian(packed.nodes.data() + base + 2, end - begin, 2);
        std::size_t at = base + kNodeHeaderBytes;
        for (std::size_t i = begin; i < end; ++i) {
            putBigEndian(packed.nodes.data() + at, static_cast<std::uint64_t>(cells[i].id), 8);
            putBigEndian(packed.nodes.data() + at + 8,
                         std::bit_cast<std::uint32_t>(cells[i].box.minX), 4);
            putBigEndian(packed.nodes.data() + at + 12,
                         std::bit_cast<std::uint32_t>(cells[i].box.maxX), 4);
            putBigEndian(packed.nodes.data() + at + 16,
                         std::bit_cast<std::uint32_t>(cells[i].box.minY), 4);
            putBigEndian(packed.nodes.data() + at + 20,
                         std::bit_cast<std::uint32_t>(cells[i].box.maxY), 4);
            at += kCellBytes;
        }
    };

    // Bottom up: pack the current level into nodes until one node (the root, number 1) holds
    // all that is left.
    std::int64_t nextNode = 2;
    int depth = 0;
    while (level.size() > capacity) {
        sortTileRecursive(level, capacity);
        std::vector<Cell> parents;
        parents.reserve((level.size() + capacity - 1) / capacity);
        for (std::size_t begin = 0; begin < level.size(); begin += capacity) {
            const std::size_t end = std::min(begin + capacity, level.size());
            const std::int64_t nodeNumber = nextNode++;
            storeNode(nodeNumber, level, begin, end, depth);
            for (std::size_t i = begin; i < end; ++i) {
                (depth == 0 ? packed.rowidLinks : packed.parentLinks)
                    .emplace_back(level[i].id, nodeNumber);
            }
            parents.push_back({nodeNumber, cover(level, begin, end)});
        }
        level = std::move(parents);
        ++depth;
    }
    storeNode(1, level, 0, level.size(), depth);
    for (const Cell& cell : level) {
        (depth == 0 ? packed.rowidLinks : packed.parentLinks)
            .emplace_back(cell.id, std::int64_t{1});
    }
    // In key order, so that SQLite appends to the tables' B-trees instead of inserting all
    // over them.
    sortByKey(packed.rowidLinks);
    sortByKey(packed.parentLinks);
    return packed;
}

namespace {

/// Inserts (key, value) pairs kLinksPerStatement at a time: one statement per pair costs more
/// than the pair.
Result<void> insertLinks(SqliteDatabase& db, const std::string& table,
                         const std::vector<std::pair<std::int64_t, std::int64_t>>& links) {
    constexpr std::size_t kLinksPerStatement = 128;
    auto statementFor = [&](std::size_t rows) {
        std::string sql = "INSERT INTO " + table + " VALUES ";
        for (std::size_t r = 0; r < rows; ++r) {
            sql += r == 0 ? "(?, ?)" : ", (?, ?)";
        }
        return db.prepare(sql);
    };
    std::optional<SqliteStatement> full;
    for (std::size_t begin = 0; begin < links.size(); begin += kLinksPerStatement) {
        const std::size_t rows = std::min(kLinksPerStatement, links.size() - begin);
        std::optional<SqliteStatement> tail;
        if (rows == kLinksPerStatement && !full) {
            auto prepared = statementFor(rows);
            if (!prepared) {
                return fail(prepared.error());
            }
            full = std::move(*prepared);
        } else if (rows != kLinksPerStatement) {
            auto prepared = statementFor(rows);
            if (!prepared) {
                return fail(prepared.error());
            }
            tail = std::move(*prepared);
        }
        SqliteStatement& statement = tail ? *tail : *full;
        for (std::size_t r = 0; r < rows; ++r) {
            statement.bind(static_cast<int>(2 * r + 1), links[begin + r].first);
            statement.bind(static_cast<int>(2 * r + 2), links[begin + r].second);
        }
        if (auto r = statement.execute(); !r) {
            return r;
        }
    }
    return {};
}

}  // namespace

Result<void> writeSpatialIndex(SqliteDatabase& db, const std::string& rtreeTable,
                               const PackedSpatialIndex& packed) {
    if (packed.nodes.empty()) {
        return {};
    }
    auto writeNode = db.prepare("INSERT OR REPLACE INTO " + quoteIdentifier(rtreeTable + "_node") +
                                " VALUES (?, ?)");
    if (!writeNode) {
        return fail(writeNode.error());
    }
    const std::size_t count = packed.nodes.size() / packed.nodeBytes;
    for (std::size_t n = 0; n < count; ++n) {
        writeNode->bind(1, static_cast<std::int64_t>(n + 1));
        writeNode->bindBlob(
            2, std::span(packed.nodes).subspan(n * packed.nodeBytes, packed.nodeBytes));
        if (auto r = writeNode->execute(); !r) {
            return r;
        }
    }
    if (auto r = insertLinks(db, quoteIdentifier(rtreeTable + "_rowid"), packed.rowidLinks); !r) {
        return r;
    }
    return insertLinks(db, quoteIdentifier(rtreeTable + "_parent"), packed.parentLinks);
}

Result<void> loadSpatialIndex(SqliteBulkLoader& loader, const SpatialIndexRoots& roots,
                              const PackedSpatialIndex& packed) {
    SqliteRecord record;
    if (auto r = loader.beginTable(roots.node); !r) {
        return r;
    }
    const std::size_t nodes = packed.nodes.size() / packed.nodeBytes;
    for (std::size_t n = 0; n < nodes; ++n) {
        record.clear();
        record.addNull();
        record.addBlob(std::span(packed.nodes).subspan(n * packed.nodeBytes, packed.nodeBytes));
        if (auto r = loader.add(static_cast<std::int64_t>(n + 1), record.bytes()); !r) {
            return r;
        }
    }
    if (auto r = loader.endTable(); !r) {
        return r;
    }
    for (const auto& [root, links] : {std::pair{roots.rowid, &packed.rowidLinks},
                                      std::pair{roots.parent, &packed.parentLinks}}) {
        if (auto r = loader.beginTable(root); !r) {
            return r;
        }
        for (const auto& [key, value] : *links) {
            record.clear();
            record.addNull();
            record.addInteger(value);
            if (auto r = loader.add(key, record.bytes()); !r) {
                return r;
            }
        }
        if (auto r = loader.endTable(); !r) {
            return r;
        }
    }
    return {};
}

Result<void> fillSpatialIndex(SqliteDatabase& db, const std::string& rtreeTable,
                              std::vector<SpatialIndexEntry> entries) {
    auto nodeBytes = spatialIndexNodeBytes(db, rtreeTable);
    if (!nodeBytes) {
        return fail(nodeBytes.error());
    }
    return writeSpatialIndex(db, rtreeTable, packSpatialIndex(std::move(entries), *nodeBytes));
}

}  // namespace tessera::storage
