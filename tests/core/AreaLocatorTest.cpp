// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "TestAreas.h"
#include "core/AreaLocator.h"

using namespace tessera;
using tessera::test::areaFromWkt;
using tessera::test::gridAreas;

TEST(AreaLocator, FindsContainingAreaAndReportsOutside) {
    const auto areas = gridAreas(2, 2, 1.0);
    AreaLocator locator(areas);
    EXPECT_EQ(locator.areaAt({0.5, 0.5}), 0);
    EXPECT_EQ(locator.areaAt({1.5, 0.5}), 1);
    EXPECT_EQ(locator.areaAt({1.5, 1.5}), 3);
    EXPECT_EQ(locator.areaAt({5, 5}), -1);
    EXPECT_EQ(locator.areaAt({1.0, 0.5}), 0);  // shared boundary: lower index
}

TEST(AreaLocator, HolesAreNotInside) {
    std::vector<Area> areas = {
        areaFromWkt("donut", "POLYGON((0 0,4 0,4 4,0 4,0 0),(1 1,3 1,3 3,1 3,1 1))")};
    AreaLocator locator(areas);
    EXPECT_EQ(locator.areaAt({0.5, 0.5}), 0);
    EXPECT_EQ(locator.areaAt({2, 2}), -1);
}

TEST(AreaLocator, AssignAccountsCountsOutsideAndUnlocated) {
    Project project;
    project.areas = gridAreas(2, 2, 1.0);
    auto account = [](double lon, double lat, LocationSource source) {
        Account a;
        a.location = {lon, lat};
        a.locationSource = source;
        return a;
    };
    project.accounts = {account(0.5, 0.5, LocationSource::Coordinates),
                        account(1.5, 1.5, LocationSource::PostalCode),
                        account(9, 9, LocationSource::Coordinates),
                        account(0.5, 0.5, LocationSource::None)};
    const auto summary = assignAccountsToAreas(project);
    EXPECT_EQ(summary.inArea, 2U);
    EXPECT_EQ(summary.outsideAllAreas, 1U);
    EXPECT_EQ(summary.notLocated, 1U);
    ASSERT_EQ(summary.outside.size(), 1U);
    EXPECT_EQ(summary.outside[0], 2U);
    EXPECT_EQ(project.accountArea, (std::vector<std::int32_t>{0, 3, -1, -1}));
}

TEST(AreaLocator, ManyPointsInParallelMatchSerial) {
    const auto areas = gridAreas(10, 10, 0.1);
    AreaLocator locator(areas);
    std::vector<Point> points;
    for (int i = 0; i < 20000; ++i) {
        points.emplace_back((i % 211) * 0.0051, (i % 197) * 0.0052);
    }
    const auto parallel = locator.locateAll(points);
    for (std::size_t i = 0; i < points.size(); ++i) {
        ASSERT_EQ(parallel[i], locator.areaAt(points[i])) << i;
    }
}

namespace {

/// A star-shaped polygon with `corners` corners around (cx, cy), radii between 0.4 and 1 of
/// `radius`, and (when `withHole`) a star-shaped hole inside; closed, clockwise outer ring.
Polygon starPolygon(double cx, double cy, double radius, int corners, bool withHole,
                    std::mt19937& random) {
    std::uniform_real_distribution<double> spread(0.4, 1.0);
    Polygon polygon;
    auto ring = [&](Ring& out, double scale, bool clockwise) {
        for (int i = 0; i < corners; ++i) {
            const int k = clockwise ? -i : i;
            const double angle = 2.0 * 3.141592653589793 * k / corners;
            const double r = radius * scale * spread(random);
            out.push_back({cx + r * std::cos(angle), cy + r * std::sin(angle)});
        }
        out.push_back(out.front());
    };
    ring(polygon.outer(), 1.0, true);
    if (withHole) {
        polygon.inners().resize(1);
        ring(polygon.inners()[0], 0.3, false);
    }
    return polygon;
}

}  // namespace

TEST(AreaLocator, AgreesWithBoostCoveredByOnJaggedPolygonsWithHoles) {
    // Overlapping, jagged polygons with many corners and holes: for random points, points on
    // corners and points near edges, the locator answers the lowest-index area whose polygon
    // covers the point, exactly as testing every polygon with Boost.Geometry does.
    std::mt19937 random(42);
    std::vector<Area> areas;
    for (int i = 0; i < 40; ++i) {
        Area area;
        area.code = std::to_string(i);
        std::uniform_real_distribution<double> where(0.0, 10.0);
        const double cx = where(random);
        const double cy = where(random);
        area.shape.push_back(starPolygon(cx, cy, 1.5, 5 + i * 13, i % 3 == 0, random));
        if (i % 5 == 0) {  // a second part (an island)
            area.shape.push_back(starPolygon(cx + 3, cy - 3, 0.5, 7, false, random));
        }
        bg::envelope(area.shape, area.bounds);
        areas.push_back(std::move(area));
    }
    const AreaLocator locator(areas);
    auto expected = [&areas](const Point& point) {
        for (std::size_t a = 0; a < areas.size(); ++a) {
            if (bg::covered_by(point, areas[a].shape)) {
                return static_cast<std::int32_t>(a);
            }
        }
        return std::int32_t{-1};
    };
    std::vector<Point> points;
    std::uniform_real_distribution<double> anywhere(-2.0, 14.0);
    for (int i = 0; i < 15000; ++i) {
        points.emplace_back(anywhere(random), anywhere(random));
    }
    std::uniform_real_distribution<double> along(0.0, 1.0);
    for (const Area& area : areas) {
        for (const Polygon& polygon : area.shape) {
            const Ring& ring = polygon.outer();
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                points.push_back(ring[i]);  // a corner
                const double t = along(random);
                const Point near(ring[i].x() + t * (ring[i + 1].x() - ring[i].x()) + 1e-9,
                                 ring[i].y() + t * (ring[i + 1].y() - ring[i].y()));
                points.push_back(near);
            }
        }
    }
    std::size_t inside = 0;
    for (const Point& point : points) {
        const std::int32_t want = expected(point);
        ASSERT_EQ(locator.areaAt(point), want) << bg::wkt(point);
        inside += want >= 0 ? 1 : 0;
    }
    EXPECT_GT(inside, points.size() / 4);  // the test covers both answers
}

TEST(AreaLocator, PointsOnEdgesAndCornersOfAGridAreCovered) {
    // Every corner and every point on an edge of a 5 × 5 grid of unit squares (and of a
    // polygon whose edges are all horizontal or vertical) is in the lowest-index square
    // touching it; points just outside the grid are in none.
    const auto areas = gridAreas(5, 5, 1.0);
    const AreaLocator locator(areas);
    for (int i = 0; i <= 20; ++i) {
        for (int j = 0; j <= 20; ++j) {
            const Point point(i * 0.25, j * 0.25);
            std::int32_t want = -1;
            for (std::size_t a = 0; a < areas.size() && want < 0; ++a) {
                if (bg::covered_by(point, areas[a].shape)) {
                    want = static_cast<std::int32_t>(a);
                }
            }
            ASSERT_GE(want, 0);
            EXPECT_EQ(locator.areaAt(point), want) << bg::wkt(point);
        }
    }
    EXPECT_EQ(locator.areaAt({-1e-12, 2.0}), -1);
    EXPECT_EQ(locator.areaAt({2.0, 5.0 + 1e-12}), -1);
}
