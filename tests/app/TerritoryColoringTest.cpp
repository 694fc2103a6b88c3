// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <limits>
#include <map>
#include <set>
#include <string>

#include "AppTestProject.h"
#include "app/canvas/TerritoryColoring.h"
#include "core/AreaGraphBuilder.h"
#include "io/AreaReader.h"

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

namespace {

/// Every pair of touching territories has display colours at least the minimum ΔE apart.
void expectNeighboursClearlyDistinct(const Project& project,
                                     const std::vector<std::uint32_t>& colors) {
    std::size_t pairs = 0;
    double closest = std::numeric_limits<double>::infinity();
    for (const AreaEdge& edge : project.graph.edges()) {
        if (edge.bridge) {
            continue;
        }
        const TerritoryIndex t = project.alignment.areaTerritory[edge.a];
        const TerritoryIndex u = project.alignment.areaTerritory[edge.b];
        if (t == u || t < 0 || u < 0) {
            continue;
        }
        ++pairs;
        const double distance = render::colorDistance(colors[static_cast<std::size_t>(t)],
                                                      colors[static_cast<std::size_t>(u)]);
        closest = std::min(closest, distance);
        EXPECT_GE(distance, render::kMinNeighbourColorDistance)
            << "territories " << t << " and " << u << " (" << std::hex
            << colors[static_cast<std::size_t>(t)] << " / " << colors[static_cast<std::size_t>(u)]
            << std::dec << ") touch along areas " << edge.a << " and " << edge.b;
    }
    EXPECT_GT(pairs, 0U);
    ::testing::Test::RecordProperty("closest_neighbour_delta_e", std::to_string(closest));
}

}  // namespace

TEST(TerritoryColoring, ColourDistanceIsPerceptual) {
    EXPECT_DOUBLE_EQ(render::colorDistance(0x123456, 0x123456), 0.0);
    EXPECT_NEAR(render::colorDistance(0x000000, 0xFFFFFF), 100.0, 0.01);  // L* 0 to 100
    // The palette's two lavenders (territories 3 and 16 of the sample) are close; a lavender
    // and an orange are not.
    EXPECT_LT(render::colorDistance(0xbebada, 0xcab2d6), 10.0);
    EXPECT_GT(render::colorDistance(0xbebada, 0xfdb462), 40.0);
}

TEST(TerritoryColoring, SimilarColoursOfNeighboursAreReplaced) {
    // Two touching territories in the palette's two lavenders.
    Project project = test::gridProject(1, 2, 2);
    project.territories[0].color = 0xbebada;
    project.territories[1].color = 0xcab2d6;
    const auto colors = territoryDisplayColors(project);
    EXPECT_GE(render::colorDistance(colors[0], colors[1]), render::kMinNeighbourColorDistance);
    // One of them keeps its own colour.
    EXPECT_TRUE(colors[0] == 0xbebadaU || colors[1] == 0xcab2d6U);
    expectNeighboursClearlyDistinct(project, colors);
}

TEST(TerritoryColoring, BlocksOfOneColourBecomeClearlyDistinct) {
    const Project project = blockProject(0x808080);
    expectNeighboursClearlyDistinct(project, territoryDisplayColors(project));
}

TEST(TerritoryColoring, SampleCountiesByStateHaveClearlyDistinctNeighbours) {
    // The sample's real geometry: the us-atlas counties, one territory per state (49 in the
    // conterminous US with up to 8 neighbours each), coloured from the palette in order as
    // the balancer does.
    io::AreaImportOptions options;
    options.layer = "counties";
    auto read =
        io::readAreas(std::string(TESSERA_SAMPLE_DATA_DIR) + "/us-counties-10m.json", options);
    ASSERT_TRUE(read) << read.error().toString();
    Project project;
    project.areas = std::move(read->areas);
    project.graph = buildAreaGraph(project.areas);
    std::map<std::string, TerritoryIndex> states;
    project.alignment.areaTerritory.resize(project.areas.size(), kNoTerritory);
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        const std::string state = project.areas[a].code.substr(0, 2);
        auto [it, inserted] =
            states.try_emplace(state, static_cast<TerritoryIndex>(project.territories.size()));
        if (inserted) {
            project.territories.push_back(
                {"State " + state, paletteColor(project.territories.size()), kNoRep, false});
        }
        project.alignment.areaTerritory[a] = it->second;
    }
    ASSERT_GT(project.territories.size(), 48U);
    expectNeighboursClearlyDistinct(project, territoryDisplayColors(project));
}
