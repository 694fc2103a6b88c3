// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "TestAreas.h"
#include "core/AreaGraphBuilder.h"

using namespace tessera;
using tessera::test::areaFromWkt;
using tessera::test::gridAreas;

namespace {
bool hasEdge(const AreaGraph& graph, std::uint32_t a, std::uint32_t b) {
    for (const auto& n : graph.neighbours(a)) {
        if (n.node == b) {
            return true;
        }
    }
    return false;
}
}  // namespace

TEST(AreaGraph, GridIsRookNotQueen) {
    const auto areas = gridAreas(3, 3);
    const AreaGraph graph = buildAreaGraph(areas);
    EXPECT_EQ(graph.nodeCount(), 9U);
    EXPECT_EQ(graph.edges().size(), 12U);  // 6 horizontal + 6 vertical shared sides
    EXPECT_TRUE(hasEdge(graph, 0, 1));
    EXPECT_TRUE(hasEdge(graph, 4, 7));
    EXPECT_FALSE(hasEdge(graph, 0, 4));  // corner only
    EXPECT_EQ(graph.degree(4), 4U);
    EXPECT_EQ(graph.degree(0), 2U);
}

TEST(AreaGraph, SharedBoundaryLengthIsGreatCircle) {
    const auto areas = gridAreas(1, 2, 1.0);  // two 1°×1° squares at the equator
    const AreaGraph graph = buildAreaGraph(areas);
    ASSERT_EQ(graph.edges().size(), 1U);
    EXPECT_NEAR(graph.edges()[0].sharedBoundaryKm, 111.2, 0.5);
}

TEST(AreaGraph, SharedEdgeSplitDifferentlyOnEachSideFallsBackToGeometry) {
    // B's left side has an extra vertex at (1, 0.5); A's right side does not.
    std::vector<Area> areas = {
        areaFromWkt("A", "POLYGON((0 0,1 0,1 1,0 1,0 0))"),
        areaFromWkt("B", "POLYGON((1 0,2 0,2 1,1 1,1 0.5,1 0))"),
    };
    const AreaGraph graph = buildAreaGraph(areas);
    ASSERT_EQ(graph.edges().size(), 1U);
    EXPECT_NEAR(graph.edges()[0].sharedBoundaryKm, 111.2, 1.0);
}

TEST(AreaGraph, IslandsAreBridgedToTheirNearestArea) {
    std::vector<Area> areas = gridAreas(1, 2, 1.0);
    areas.push_back(areaFromWkt("island", "POLYGON((5 0,6 0,6 1,5 1,5 0))"));
    areas.push_back(areaFromWkt("far", "POLYGON((20 0,21 0,21 1,20 1,20 0))"));
    AreaGraph graph = buildAreaGraph(areas);
    std::size_t components = 0;
    (void)graph.componentLabels(&components);
    EXPECT_EQ(components, 3U);
    std::vector<Point> locations;
    for (const Area& a : areas) {
        locations.push_back(a.labelPoint);
    }
    EXPECT_EQ(connectIslands(graph, locations), 2U);
    (void)graph.componentLabels(&components);
    EXPECT_EQ(components, 1U);
    EXPECT_TRUE(hasEdge(graph, 1, 2));  // island joins the nearer square
    EXPECT_TRUE(hasEdge(graph, 2, 3));  // the far one joins the island
    for (const AreaEdge& e : graph.edges()) {
        EXPECT_EQ(e.bridge, e.sharedBoundaryKm == 0.0);
    }
}

TEST(AreaGraph, FromEdgesMergesDuplicatesAndDropsSelfLoops) {
    const AreaGraph graph = AreaGraph::fromEdges(
        3, {{1, 0, 2.0, false}, {0, 1, 3.0, false}, {2, 2, 1.0, false}, {1, 2, 1.0, false}});
    ASSERT_EQ(graph.edges().size(), 2U);
    EXPECT_EQ(graph.edges()[0].a, 0U);
    EXPECT_DOUBLE_EQ(graph.edges()[0].sharedBoundaryKm, 5.0);
}

TEST(AreaGraph, CancelReturnsEmptyGraph) {
    Feedback feedback;
    feedback.cancel();
    const AreaGraph graph = buildAreaGraph(gridAreas(4, 4), &feedback);
    EXPECT_EQ(graph.nodeCount(), 0U);
}
