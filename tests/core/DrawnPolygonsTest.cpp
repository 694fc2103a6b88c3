// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "TestAreas.h"
#include "core/AreaLocator.h"
#include "core/DrawnPolygons.h"

using namespace tessera;

namespace {

// A 4 × 4 grid of 1° squares numbered row by row from the south-west (area i has its label
// point at (i % 4 + 0.5, i / 4 + 0.5)), one account on each label point (ID "A<i>"); columns
// 0–1 are territory 0, columns 2–3 territory 1.
Project grid() {
    Project project;
    project.areas = test::gridAreas(4, 4, 1.0);
    for (std::size_t i = 0; i < project.areas.size(); ++i) {
        Account account;
        account.id = "A" + std::to_string(i);
        account.location = project.areas[i].labelPoint;
        account.locationSource = LocationSource::Coordinates;
        project.accounts.push_back(account);
    }
    (void)assignAccountsToAreas(project);
    project.territories = {Territory{"West", 0x111111, kNoRep, false},
                           Territory{"East", 0x222222, kNoRep, false}};
    for (std::size_t i = 0; i < project.areas.size(); ++i) {
        project.alignment.areaTerritory.push_back(i % 4 < 2 ? 0 : 1);
    }
    return project;
}

/// An axis-aligned rectangle as a ring.
std::vector<Point> rect(double x0, double y0, double x1, double y1) {
    return {Point(x0, y0), Point(x1, y0), Point(x1, y1), Point(x0, y1)};
}

/// Applies a reshape to the project as the app's undo command does.
void apply(Project& project, PolygonReshape reshape, std::size_t index) {
    project.alignment = std::move(reshape.alignment);
    if (index == project.drawnPolygons.size()) {
        project.drawnPolygons.push_back(std::move(reshape.polygon));
    } else {
        project.drawnPolygons[index] = std::move(reshape.polygon);
    }
}

DrawnPolygon newPolygon(TerritoryIndex territory) {
    DrawnPolygon polygon;
    polygon.territory = territory;
    return polygon;
}

}  // namespace

TEST(DrawnPolygons, DrawingTakesWhatIsInsideAndRemembersWhereItWas) {
    Project project = grid();
    // Around the label points of areas 0 and 1 (territory 0), drawn onto territory 1.
    PolygonReshape drawn = reshapeDrawnPolygon(project, newPolygon(1), rect(0.2, 0.2, 1.8, 0.8));
    EXPECT_EQ(drawn.areasJoined, 2U);
    EXPECT_EQ(drawn.accountsJoined, 0U);  // they follow their areas, no override needed
    EXPECT_EQ(drawn.alignment.areaTerritory[0], 1);
    EXPECT_EQ(drawn.alignment.areaTerritory[1], 1);
    EXPECT_EQ(drawn.alignment.areaTerritory[4], 0);
    EXPECT_EQ(drawn.polygon.capturedAreas,
              (std::vector<CapturedArea>{CapturedArea{0, 0}, CapturedArea{1, 0}}));
    EXPECT_TRUE(drawn.polygon.capturedAccounts.empty());
    EXPECT_EQ(drawn.polygon.ring.size(), 4U);
}

TEST(DrawnPolygons, ReshapingMovesOnlyWhatCrossesTheBoundary) {
    Project project = grid();
    apply(project, reshapeDrawnPolygon(project, newPolygon(1), rect(0.2, 0.2, 1.8, 0.8)), 0);
    // Area 1 painted back to territory 0 by hand after the polygon took it.
    project.alignment.areaTerritory[1] = 0;
    // Grow upwards over areas 4 and 5: they join; area 1 stays inside and is left as it is.
    PolygonReshape grown =
        reshapeDrawnPolygon(project, project.drawnPolygons[0], rect(0.2, 0.2, 1.8, 1.8));
    EXPECT_EQ(grown.areasJoined, 2U);
    EXPECT_EQ(grown.areasReturned, 0U);
    EXPECT_EQ(grown.alignment.areaTerritory[1], 0);
    EXPECT_EQ(grown.alignment.areaTerritory[4], 1);
    EXPECT_EQ(grown.alignment.areaTerritory[5], 1);
    apply(project, std::move(grown), 0);
    // Shrink to area 5 alone: 0 and 4 go back to territory 0; 1 was moved by hand, stays.
    PolygonReshape shrunk =
        reshapeDrawnPolygon(project, project.drawnPolygons[0], rect(1.2, 1.2, 1.8, 1.8));
    EXPECT_EQ(shrunk.areasReturned, 2U);
    EXPECT_EQ(shrunk.alignment.areaTerritory[0], 0);
    EXPECT_EQ(shrunk.alignment.areaTerritory[4], 0);
    EXPECT_EQ(shrunk.alignment.areaTerritory[1], 0);
    EXPECT_EQ(shrunk.alignment.areaTerritory[5], 1);
    EXPECT_EQ(shrunk.polygon.capturedAreas, (std::vector<CapturedArea>{CapturedArea{5, 0}}));
}

TEST(DrawnPolygons, LocksAreHonouredBothWays) {
    Project project = grid();
    project.areas[4].locked = true;
    PolygonReshape drawn = reshapeDrawnPolygon(project, newPolygon(1), rect(0.2, 0.2, 1.8, 1.8));
    EXPECT_EQ(drawn.alignment.areaTerritory[4], 0);  // locked area stays
    EXPECT_EQ(drawn.lockedSkipped, 1U);
    EXPECT_EQ(drawn.areasJoined, 3U);
    apply(project, std::move(drawn), 0);
    // Area 0 locked after it was taken: leaving the polygon does not move it.
    project.areas[0].locked = true;
    PolygonReshape shrunk =
        reshapeDrawnPolygon(project, project.drawnPolygons[0], rect(1.2, 0.2, 1.8, 1.8));
    EXPECT_EQ(shrunk.alignment.areaTerritory[0], 1);
    EXPECT_EQ(shrunk.alignment.areaTerritory[4], 0);
    EXPECT_EQ(shrunk.areasReturned, 0U);
    // A locked territory keeps its areas.
    Project other = grid();
    other.territories[0].locked = true;
    PolygonReshape none = reshapeDrawnPolygon(other, newPolygon(1), rect(0.2, 0.2, 1.8, 0.8));
    EXPECT_FALSE(none.movedAnything());
    EXPECT_EQ(none.lockedSkipped, 4U);  // two areas and their two accounts
}

TEST(DrawnPolygons, AccountsJoinByOverrideAndGoBackToTheOverrideTheyHad) {
    Project project = grid();
    Account corner;
    corner.id = "corner";
    corner.location = Point(0.1, 0.1);  // in area 0, away from its label point
    corner.locationSource = LocationSource::Coordinates;
    project.accounts.push_back(corner);
    Account overridden = corner;
    overridden.id = "overridden";
    overridden.location = Point(0.15, 0.1);
    project.accounts.push_back(overridden);
    Account locked = corner;
    locked.id = "locked";
    locked.location = Point(0.12, 0.12);
    locked.locked = true;
    project.accounts.push_back(locked);
    (void)assignAccountsToAreas(project);
    project.alignment.accountOverrides[17] = 0;  // "overridden" is pinned to territory 0
    // A triangle over the south-west corner of area 0 (its label point stays outside).
    const std::vector<Point> triangle = {Point(0.02, 0.02), Point(0.3, 0.02), Point(0.02, 0.3)};
    PolygonReshape drawn = reshapeDrawnPolygon(project, newPolygon(1), triangle);
    EXPECT_EQ(drawn.areasJoined, 0U);
    EXPECT_EQ(drawn.accountsJoined, 2U);
    EXPECT_EQ(drawn.lockedSkipped, 1U);
    ASSERT_EQ(drawn.polygon.capturedAccounts.size(), 2U);
    EXPECT_EQ(drawn.polygon.capturedAccounts[0], (CapturedAccount{"corner", false, kNoTerritory}));
    EXPECT_EQ(drawn.polygon.capturedAccounts[1], (CapturedAccount{"overridden", true, 0}));
    apply(project, std::move(drawn), 0);
    EXPECT_EQ(project.territoryOfAccount(16), 1);
    EXPECT_EQ(project.territoryOfAccount(17), 1);
    EXPECT_EQ(project.territoryOfAccount(18), 0);
    // Moved away from the corner: both go back, the pinned one to its pin.
    PolygonReshape moved = reshapeDrawnPolygon(project, project.drawnPolygons[0],
                                               {Point(2.1, 2.1), Point(2.3, 2.1), Point(2.1, 2.3)});
    EXPECT_EQ(moved.accountsReturned, 2U);
    EXPECT_EQ(moved.alignment.accountOverrides.count(16), 0U);
    EXPECT_EQ(moved.alignment.accountOverrides.at(17), 0);
    EXPECT_TRUE(moved.polygon.capturedAccounts.empty());
}

TEST(DrawnPolygons, AccountsAreFoundByTheirIdAfterAReimportReordersThem) {
    Project project = grid();
    const std::vector<Point> triangle = {Point(0.02, 0.02), Point(0.3, 0.02), Point(0.02, 0.3)};
    Account corner;
    corner.id = "corner";
    corner.location = Point(0.1, 0.1);
    corner.locationSource = LocationSource::Coordinates;
    project.accounts.push_back(corner);
    (void)assignAccountsToAreas(project);
    apply(project, reshapeDrawnPolygon(project, newPolygon(1), triangle), 0);
    ASSERT_EQ(project.alignment.accountOverrides.at(16), 1);
    // The account comes first after a re-import (overrides are remapped by the import).
    std::rotate(project.accounts.begin(), project.accounts.end() - 1, project.accounts.end());
    (void)assignAccountsToAreas(project);
    project.alignment.accountOverrides = {{0, 1}};
    PolygonReshape moved = reshapeDrawnPolygon(project, project.drawnPolygons[0],
                                               {Point(2.1, 2.1), Point(2.3, 2.1), Point(2.1, 2.3)});
    EXPECT_EQ(moved.accountsReturned, 1U);
    EXPECT_TRUE(moved.alignment.accountOverrides.empty());
}

TEST(DrawnPolygons, FollowTerritoryDeletionAndMerging) {
    DrawnPolygon ofWest;
    ofWest.territory = 0;
    ofWest.ring = rect(0, 0, 1, 1);
    ofWest.capturedAreas = {{3, 2}, {4, 1}};
    ofWest.capturedAccounts = {{"a", true, 1}, {"b", true, 2}, {"c", false, kNoTerritory}};
    DrawnPolygon ofEast = ofWest;
    ofEast.territory = 1;
    DrawnPolygon ofThird = ofWest;
    ofThird.territory = 2;
    const std::vector<DrawnPolygon> polygons = {ofWest, ofEast, ofThird};

    const std::vector<DrawnPolygon> removed = polygonsAfterTerritoryRemoved(polygons, 1);
    ASSERT_EQ(removed.size(), 2U);  // East's polygon went with East
    EXPECT_EQ(removed[0].territory, 0);
    EXPECT_EQ(removed[1].territory, 1);  // the third territory moved down
    EXPECT_EQ(removed[0].capturedAreas,
              (std::vector<CapturedArea>{CapturedArea{3, 1}, CapturedArea{4, kNoTerritory}}));
    EXPECT_EQ(removed[0].capturedAccounts[0], (CapturedAccount{"a", false, kNoTerritory}));
    EXPECT_EQ(removed[0].capturedAccounts[1], (CapturedAccount{"b", true, 1}));

    const std::vector<DrawnPolygon> merged = polygonsAfterTerritoryMerged(polygons, 1, 2);
    ASSERT_EQ(merged.size(), 3U);  // East's polygon now belongs to the third (index 1 now)
    EXPECT_EQ(merged[1].territory, 1);
    EXPECT_EQ(merged[2].territory, 1);
    EXPECT_EQ(merged[0].capturedAreas,
              (std::vector<CapturedArea>{CapturedArea{3, 1}, CapturedArea{4, 1}}));
    EXPECT_EQ(merged[0].capturedAccounts[0], (CapturedAccount{"a", true, 1}));

    const std::vector<DrawnPolygon> fewer = polygonsForTerritoryCount(polygons, 2);
    ASSERT_EQ(fewer.size(), 2U);
    EXPECT_EQ(fewer[0].capturedAreas[0].before, kNoTerritory);
    EXPECT_EQ(fewer[0].capturedAccounts[1], (CapturedAccount{"b", false, kNoTerritory}));
}

TEST(DrawnPolygons, RingCrossingItselfIsRecognised) {
    EXPECT_FALSE(ringCrossesItself(rect(0, 0, 1, 1)));
    EXPECT_FALSE(ringCrossesItself({Point(0, 0), Point(1, 0), Point(0, 1)}));
    // A bow tie: corners 1 and 2 swapped.
    EXPECT_TRUE(ringCrossesItself({Point(0, 0), Point(1, 1), Point(1, 0), Point(0, 1)}));
    // Concave but simple.
    EXPECT_FALSE(
        ringCrossesItself({Point(0, 0), Point(2, 0), Point(2, 2), Point(1, 0.5), Point(0, 2)}));
}
