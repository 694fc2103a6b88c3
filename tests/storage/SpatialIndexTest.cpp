// SPDX-License-Identifier: Apache-2.0
// The packed R-tree is one SQLite's own R-tree module accepts: rtreecheck() finds nothing
// wrong, queries find exactly the boxes that overlap, and ordinary inserts still work on it.

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "storage/SpatialIndexLoader.h"
#include "storage/SqliteDatabase.h"

using namespace tessera;
using namespace tessera::storage;

namespace {

std::int64_t queryInt(SqliteDatabase& db, const std::string& sql) {
    auto statement = db.prepare(sql);
    EXPECT_TRUE(statement) << statement.error().message;
    auto row = statement->step();
    EXPECT_TRUE(row && *row) << sql;
    return statement->columnInt(0);
}

std::string queryText(SqliteDatabase& db, const std::string& sql) {
    auto statement = db.prepare(sql);
    EXPECT_TRUE(statement) << statement.error().message;
    auto row = statement->step();
    EXPECT_TRUE(row && *row) << sql;
    return statement->columnText(0);
}

/// Points and small boxes scattered over a 10°×10° square; query boxes have float-exact edges
/// and the data never lies within float rounding of them, so overlap is unambiguous.
std::vector<SpatialIndexEntry> randomEntries(std::size_t count, std::uint64_t seed) {
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<int> cell(0, 9999);
    std::vector<SpatialIndexEntry> entries;
    for (std::size_t i = 0; i < count; ++i) {
        const double x = -100.0 + cell(random) * 1e-3 + 3e-4;
        const double y = 30.0 + cell(random) * 1e-3 + 3e-4;
        const double size = (i % 3 == 0) ? 4e-4 : 0.0;  // every third a box, the rest points
        entries.push_back(
            {static_cast<std::int64_t>(i + 1), Box(Point(x, y), Point(x + size, y + size))});
    }
    return entries;
}

}  // namespace

TEST(SpatialIndex, PackedTreesOfEverySizeAreValidAndAnswerQueries) {
    // Empty, a root leaf, exactly full, one more, two levels full, three levels.
    for (std::size_t count : {0UL, 1UL, 51UL, 52UL, 2601UL, 2602UL, 60000UL}) {
        auto db = SqliteDatabase::open(":memory:", SqliteDatabase::Mode::Create);
        ASSERT_TRUE(db);
        ASSERT_TRUE(
            db->execute("CREATE VIRTUAL TABLE idx USING rtree(id, minx, maxx, miny, maxy)"));
        const auto entries = randomEntries(count, count);
        auto filled = fillSpatialIndex(*db, "idx", entries);
        ASSERT_TRUE(filled) << filled.error().message;
        EXPECT_EQ(queryText(*db, "SELECT rtreecheck('idx')"), "ok") << count << " entries";
        EXPECT_EQ(queryInt(*db, "SELECT count(*) FROM idx"), static_cast<std::int64_t>(count));

        const double x1 = -98.5;
        const double x2 = -96.25;
        const double y1 = 31.125;
        const double y2 = 35.0;
        std::int64_t expected = 0;
        for (const SpatialIndexEntry& e : entries) {
            if (e.box.min_corner().x() <= x2 && e.box.max_corner().x() >= x1 &&
                e.box.min_corner().y() <= y2 && e.box.max_corner().y() >= y1) {
                ++expected;
            }
        }
        EXPECT_EQ(queryInt(*db,
                           "SELECT count(*) FROM idx WHERE minx <= -96.25 AND maxx >= -98.5 "
                           "AND miny <= 35.0 AND maxy >= 31.125"),
                  expected)
            << count << " entries";

        // SQLite's own inserts and deletes work on the packed (full) nodes.
        ASSERT_TRUE(
            db->execute("INSERT INTO idx VALUES (1000000, 1, 2, 3, 4);"
                        "INSERT INTO idx VALUES (1000001, -99, -98, 31, 32);"
                        "DELETE FROM idx WHERE id = 1;"));
        EXPECT_EQ(queryText(*db, "SELECT rtreecheck('idx')"), "ok") << count << " entries";
        EXPECT_EQ(queryInt(*db, "SELECT count(*) FROM idx"),
                  static_cast<std::int64_t>(count + 2 - (count > 0 ? 1 : 0)));
    }
}

TEST(SpatialIndex, BoxesAreRoundedOutwardsToFloats) {
    auto db = SqliteDatabase::open(":memory:", SqliteDatabase::Mode::Create);
    ASSERT_TRUE(db);
    ASSERT_TRUE(db->execute("CREATE VIRTUAL TABLE idx USING rtree(id, minx, maxx, miny, maxy)"));
    // 0.1 is not a float: the box must still contain it after rounding.
    ASSERT_TRUE(fillSpatialIndex(*db, "idx", {{7, Box(Point(0.1, -0.1), Point(0.1, -0.1))}}));
    EXPECT_EQ(queryInt(*db,
                       "SELECT count(*) FROM idx WHERE minx <= 0.1 AND maxx >= 0.1 AND "
                       "miny <= -0.1 AND maxy >= -0.1"),
              1);
}
