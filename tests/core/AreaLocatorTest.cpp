// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

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
