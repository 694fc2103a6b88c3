// SPDX-License-Identifier: Apache-2.0
// dissolveAreas (core/TerritoryOutline.h) on a 3×3 grid of 1°×1° squares, numbered row by row
// from the bottom left:
//   6 7 8
//   3 4 5
//   0 1 2

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <numeric>
#include <sstream>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "../core/TestAreas.h"
#include "core/TerritoryOutline.h"

using namespace tessera;
using tessera::test::areaFromWkt;
using tessera::test::gridAreas;

namespace {

double planarArea(const MultiPolygon& shape) {
    return bg::area(shape);
}

std::string describe(const MultiPolygon& shape) {
    std::ostringstream out;
    out << bg::wkt(shape);
    return out.str();
}

/// Checks what every outline must be: valid, in the model's orientation (clockwise outer
/// rings, counter-clockwise holes, closed), and the same point set as the union of the parts.
void expectWellFormed(const MultiPolygon& outline, const std::vector<Area>& areas,
                      const std::vector<std::uint32_t>& members) {
    std::string reason;
    EXPECT_TRUE(bg::is_valid(outline, reason)) << reason << ": " << describe(outline);
    for (const Polygon& polygon : outline) {
        // Boost.Geometry's area is positive for a ring in the polygon type's (clockwise) order.
        EXPECT_GT(bg::area(polygon.outer()), 0.0) << describe(outline);
        EXPECT_EQ(polygon.outer().front(), polygon.outer().back());
        for (const Ring& inner : polygon.inners()) {
            EXPECT_LT(bg::area(inner), 0.0) << describe(outline);
            EXPECT_EQ(inner.front(), inner.back());
        }
    }
    double sum = 0.0;
    MultiPolygon expected;
    for (std::uint32_t member : members) {
        sum += bg::area(areas[member].shape);
        MultiPolygon next;
        bg::union_(expected, areas[member].shape, next);
        expected = std::move(next);
    }
    EXPECT_NEAR(planarArea(outline), sum, 1e-9);
    EXPECT_TRUE(bg::equals(outline, expected)) << describe(outline);
}

}  // namespace

TEST(TerritoryOutline, TwoAdjacentSquaresBecomeOneRectangle) {
    const auto areas = gridAreas(3, 3, 1.0);
    const MultiPolygon outline = dissolveAreas(areas, {0, 1});
    ASSERT_EQ(outline.size(), 1U) << describe(outline);
    EXPECT_TRUE(outline[0].inners().empty());
    EXPECT_DOUBLE_EQ(planarArea(outline), 2.0);
    // The shared side's end points stay as vertices of the outline (6 + closing point).
    EXPECT_EQ(outline[0].outer().size(), 7U);
    expectWellFormed(outline, areas, {0, 1});
}

TEST(TerritoryOutline, RingOfEightAroundTheCentreHasAHole) {
    const auto areas = gridAreas(3, 3, 1.0);
    const std::vector<std::uint32_t> ring = {0, 1, 2, 3, 5, 6, 7, 8};
    const MultiPolygon outline = dissolveAreas(areas, ring);
    ASSERT_EQ(outline.size(), 1U) << describe(outline);
    ASSERT_EQ(outline[0].inners().size(), 1U) << describe(outline);
    EXPECT_DOUBLE_EQ(planarArea(outline), 8.0);
    EXPECT_DOUBLE_EQ(std::abs(bg::area(outline[0].inners()[0])), 1.0);
    EXPECT_TRUE(bg::within(Point(1.5, 1.5), areas[4].shape));
    EXPECT_FALSE(bg::within(Point(1.5, 1.5), outline));
    expectWellFormed(outline, areas, ring);
}

TEST(TerritoryOutline, TwoSeparateSquaresStayTwoPolygons) {
    const auto areas = gridAreas(3, 3, 1.0);
    const MultiPolygon outline = dissolveAreas(areas, {0, 2});
    ASSERT_EQ(outline.size(), 2U) << describe(outline);
    EXPECT_DOUBLE_EQ(planarArea(outline), 2.0);
    expectWellFormed(outline, areas, {0, 2});
}

TEST(TerritoryOutline, SquaresTouchingAtACornerAreTwoPolygonsNotAFigureEight) {
    const auto areas = gridAreas(3, 3, 1.0);
    const MultiPolygon outline = dissolveAreas(areas, {0, 4, 8});
    ASSERT_EQ(outline.size(), 3U) << describe(outline);
    expectWellFormed(outline, areas, {0, 4, 8});
}

TEST(TerritoryOutline, HoleTouchingTheOutlineAtAVertexStaysAHole) {
    // Everything but the centre and the top right corner: the centre hole touches the notch
    // at (2, 2).
    const auto areas = gridAreas(3, 3, 1.0);
    const std::vector<std::uint32_t> members = {0, 1, 2, 3, 5, 6, 7};
    const MultiPolygon outline = dissolveAreas(areas, members);
    ASSERT_EQ(outline.size(), 1U) << describe(outline);
    EXPECT_EQ(outline[0].inners().size(), 1U) << describe(outline);
    expectWellFormed(outline, areas, members);
}

TEST(TerritoryOutline, IslandInsideAHoleIsItsOwnPolygon) {
    // A 5×5 grid: the outer ring of 16 cells around an empty ring of 8 around the centre cell.
    const auto areas = gridAreas(5, 5, 1.0);
    std::vector<std::uint32_t> members;
    for (std::uint32_t i = 0; i < 25; ++i) {
        const std::uint32_t r = i / 5;
        const std::uint32_t c = i % 5;
        if (r == 0 || r == 4 || c == 0 || c == 4 || i == 12) {
            members.push_back(i);
        }
    }
    const MultiPolygon outline = dissolveAreas(areas, members);
    ASSERT_EQ(outline.size(), 2U) << describe(outline);
    expectWellFormed(outline, areas, members);
}

TEST(TerritoryOutline, AreasWithHolesAndMultiplePartsDissolve) {
    std::vector<Area> areas = {
        areaFromWkt("donut", "POLYGON((0 0,0 3,3 3,3 0,0 0),(1 1,2 1,2 2,1 2,1 1))"),
        areaFromWkt("right", "POLYGON((3 0,3 3,4 3,4 0,3 0))"),
        areaFromWkt("parts", "MULTIPOLYGON(((10 0,10 1,11 1,11 0,10 0)),((4 0,4 1,5 1,5 0,4 0)))"),
    };
    const MultiPolygon outline = dissolveAreas(areas, {0, 1, 2});
    ASSERT_EQ(outline.size(), 2U) << describe(outline);
    expectWellFormed(outline, areas, {0, 1, 2});
}

TEST(TerritoryOutline, MismatchedVerticesFallBackToAUnion) {
    // B's left side has an extra vertex at (1, 0.5) that A's right side lacks (a T-junction).
    std::vector<Area> areas = {
        areaFromWkt("A", "POLYGON((0 0,0 1,1 1,1 0,0 0))"),
        areaFromWkt("B", "POLYGON((1 0,1 0.5,1 1,2 1,2 0,1 0))"),
    };
    const MultiPolygon outline = dissolveAreas(areas, {0, 1});
    ASSERT_EQ(outline.size(), 1U) << describe(outline);
    EXPECT_DOUBLE_EQ(planarArea(outline), 2.0);
    expectWellFormed(outline, areas, {0, 1});
}

TEST(TerritoryOutline, NoMembersOrUnknownMembersGiveNothing) {
    const auto areas = gridAreas(2, 2, 1.0);
    EXPECT_TRUE(dissolveAreas(areas, {}).empty());
    EXPECT_TRUE(dissolveAreas(areas, {17}).empty());
    EXPECT_EQ(dissolveAreas(areas, {3, 99}).size(), 1U);
}

TEST(TerritoryOutline, LargeGridIsOneRectangle) {
    const auto areas = gridAreas(40, 40, 0.01);
    std::vector<std::uint32_t> all(areas.size());
    std::iota(all.begin(), all.end(), 0U);
    const MultiPolygon outline = dissolveAreas(areas, all);
    ASSERT_EQ(outline.size(), 1U);
    EXPECT_TRUE(outline[0].inners().empty());
    EXPECT_NEAR(planarArea(outline), 0.16, 1e-9);
    EXPECT_TRUE(bg::is_valid(outline));
}

namespace {

/// The polygons of a layer of the bundled us-atlas TopoJSON, keyed by their `id` (county or
/// state FIPS). Counties and states share the file's arcs, so their vertices agree exactly.
std::vector<Area> readUsAtlasLayer(const std::string& layerName) {
    GDALAllRegister();
    const std::string path = std::string(TESSERA_SAMPLE_DATA_DIR) + "/us-counties-10m.json";
    std::unique_ptr<GDALDataset> dataset(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    std::vector<Area> areas;
    if (!dataset) {
        ADD_FAILURE() << "cannot open " << path;
        return areas;
    }
    OGRLayer* layer = dataset->GetLayerByName(layerName.c_str());
    if (layer == nullptr) {
        ADD_FAILURE() << "no layer " << layerName;
        return areas;
    }
    for (auto& feature : *layer) {
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr) {
            continue;
        }
        auto shape = multiPolygonFromWkt(geometry->exportToWkt());
        if (!shape) {
            continue;
        }
        Area area;
        area.code = feature->GetFieldAsString("id");
        area.shape = std::move(*shape);
        areas.push_back(std::move(area));
    }
    return areas;
}

}  // namespace

// Regression guard on real data: every state's counties dissolve into exactly the state's own
// outline, through the boundary path (no union fallback), valid.
TEST(TerritoryOutline, CountiesOfAStateDissolveIntoTheState) {
    const std::vector<Area> counties = readUsAtlasLayer("counties");
    const std::vector<Area> states = readUsAtlasLayer("states");
    ASSERT_GT(counties.size(), 3000U);
    ASSERT_GT(states.size(), 50U);
    std::size_t compared = 0;
    // Michigan (two peninsulas, islands), Virginia (independent cities), Florida (keys),
    // Hawaii (islands only), Colorado (a rectangle).
    for (const char* fips : {"26", "51", "12", "15", "08"}) {
        std::vector<std::uint32_t> members;
        for (std::uint32_t i = 0; i < counties.size(); ++i) {
            if (counties[i].code.rfind(fips, 0) == 0) {
                members.push_back(i);
            }
        }
        const auto state = std::find_if(states.begin(), states.end(),
                                        [fips](const Area& a) { return a.code == fips; });
        ASSERT_NE(state, states.end()) << fips;
        bool fallback = true;
        const MultiPolygon outline = dissolveAreas(counties, members, &fallback);
        EXPECT_FALSE(fallback) << "state " << fips;
        std::string reason;
        EXPECT_TRUE(bg::is_valid(outline, reason)) << "state " << fips << ": " << reason;
        EXPECT_EQ(outline.size(), state->shape.size()) << "state " << fips;
        EXPECT_NEAR(bg::area(outline), bg::area(state->shape), 1e-9 * bg::area(state->shape))
            << "state " << fips;
        // The same point set: nothing in one that is not in the other. (Boost 1.74's
        // bg::equals answers false on these pairs although their symmetric difference is
        // empty, hence the explicit check.)
        MultiPolygon difference;
        bg::sym_difference(outline, state->shape, difference);
        EXPECT_TRUE(difference.empty()) << "state " << fips << ": " << describe(difference);
        ++compared;
    }
    EXPECT_EQ(compared, 5U);
}
