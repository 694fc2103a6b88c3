// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <set>

#include "AppTestProject.h"
#include "app/canvas/TerritoryColoring.h"

using namespace tessera;
using tessera::render::candidateColor;
using tessera::render::territoryAdjacency;
using tessera::render::territoryDisplayColors;

namespace {

/// An 8 × 8 grid cut into 2 × 2 blocks: 16 territories, each touching up to 4 others, all
/// with the same stored colour so that every neighbour pair is a conflict to resolve.
Project blockProject(std::uint32_t sameColor) {
    Project project = test::gridProject(8, 8, 1);
    project.territories.clear();
    for (int t = 0; t < 16; ++t) {
        project.territories.push_back({"T" + std::to_string(t), sameColor, kNoRep, false});
    }
    for (std::size_t i = 0; i < project.areas.size(); ++i) {
        const int row = static_cast<int>(i) / 8;
        const int col = static_cast<int>(i) % 8;
        project.alignment.areaTerritory[i] = (row / 2) * 4 + col / 2;
    }
    return project;
}

void expectNeighboursDiffer(const Project& project, const std::vector<std::uint32_t>& colors) {
    // Neighbours straight from the area graph, independent of territoryAdjacency.
    std::size_t pairs = 0;
    for (const AreaEdge& edge : project.graph.edges()) {
        const TerritoryIndex t = project.alignment.areaTerritory[edge.a];
        const TerritoryIndex u = project.alignment.areaTerritory[edge.b];
        if (t != u && t >= 0 && u >= 0) {
            ++pairs;
            EXPECT_NE(colors[static_cast<std::size_t>(t)], colors[static_cast<std::size_t>(u)])
                << "territories " << t << " and " << u << " touch along areas " << edge.a << " and "
                << edge.b;
        }
    }
    EXPECT_GT(pairs, 0U);
}

}  // namespace

TEST(TerritoryColoring, AdjacencyComesFromTheAreaGraph) {
    const Project project = blockProject(0x808080);
    const auto adjacency = territoryAdjacency(project);
    ASSERT_EQ(adjacency.size(), 16U);
    EXPECT_EQ(adjacency[0], (std::vector<TerritoryIndex>{1, 4}));        // corner block
    EXPECT_EQ(adjacency[5], (std::vector<TerritoryIndex>{1, 4, 6, 9}));  // inner block
}

TEST(TerritoryColoring, NoTwoAdjacentTerritoriesShareAColourOnAGrid) {
    const Project project = blockProject(0x808080);
    const auto colors = territoryDisplayColors(project);
    ASSERT_EQ(colors.size(), 16U);
    expectNeighboursDiffer(project, colors);
}

TEST(TerritoryColoring, PaletteColoursOfFortyTerritoriesAreRepairedWhereTheyClash) {
    // 40 vertical bands where every band starts with its left or right neighbour's colour
    // (t / 2): each such pair is a clash the colouring must repair.
    Project project = test::gridProject(2, 40, 40);
    for (std::size_t t = 0; t < project.territories.size(); ++t) {
        project.territories[t].color = paletteColor(t / 2);
    }
    const auto colors = territoryDisplayColors(project);
    expectNeighboursDiffer(project, colors);
}

TEST(TerritoryColoring, OwnColoursAreKeptWhenNeighboursDiffer) {
    const Project project = test::gridProject(3, 3, 3);
    const auto colors = territoryDisplayColors(project);
    for (std::size_t t = 0; t < project.territories.size(); ++t) {
        EXPECT_EQ(colors[t], project.territories[t].color);
    }
}

TEST(TerritoryColoring, BridgesAndUnassignedAreasDoNotMakeNeighbours) {
    Project project = test::gridProject(1, 3, 3);
    project.alignment.areaTerritory[1] = kNoTerritory;  // a gap between territory 1 and 3
    const auto adjacency = territoryAdjacency(project);
    EXPECT_TRUE(adjacency[0].empty());
    EXPECT_TRUE(adjacency[2].empty());
}

TEST(TerritoryColoring, CandidateColoursAreDistinct) {
    std::set<std::uint32_t> seen;
    for (std::size_t k = 0; k < 400; ++k) {
        EXPECT_TRUE(seen.insert(candidateColor(k)).second) << "candidate " << k;
        EXPECT_LE(candidateColor(k), 0xFFFFFFU);
    }
}
