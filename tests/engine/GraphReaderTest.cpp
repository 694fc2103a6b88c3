// SPDX-License-Identifier: Apache-2.0
// io::GraphReader's tests live with the engine's (graph mode), linking tessera::io.
#include "io/GraphReader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numeric>

namespace tessera::io {
namespace {

std::string fixture(const std::string& name) {
    return std::string(TESSERA_TEST_DATA_DIR) + "/engine/" + name;
}

const AreaEdge* findEdge(const AreaGraph& graph, std::uint32_t a, std::uint32_t b) {
    for (const AreaEdge& e : graph.edges()) {
        if (e.a == std::min(a, b) && e.b == std::max(a, b)) {
            return &e;
        }
    }
    return nullptr;
}

TEST(GraphReaderTest, ReadsGerryChainAdjacencyJson) {
    auto data = readNetworkxJson(fixture("grid3x2.json"));
    ASSERT_TRUE(data) << data.error().toString();
    EXPECT_EQ(data->nodeIds, (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
    EXPECT_EQ(data->graph.nodeCount(), 6U);
    EXPECT_EQ(data->graph.edges().size(), 7U);  // each listed from both ends, counted once
    const AreaEdge* be = findEdge(data->graph, 1, 4);
    ASSERT_NE(be, nullptr);
    EXPECT_DOUBLE_EQ(be->sharedBoundaryKm, 2.0);
    EXPECT_TRUE(data->hasSharedPerimeter);
    auto pop = data->numericField("pop");
    ASSERT_TRUE(pop) << pop.error().toString();
    EXPECT_EQ(*pop, (std::vector<double>{10, 20, 30, 40, 50.5, 0}));
    // "+50.00"-style text reads as numbers and gives the locations, lon first.
    ASSERT_EQ(data->locations.size(), 6U);
    EXPECT_DOUBLE_EQ(data->locations[1].x(), -9.99);
    EXPECT_DOUBLE_EQ(data->locations[1].y(), 50.0);
    EXPECT_EQ(data->locationFields, "INTPTLON20, INTPTLAT20");
    // Text that is not a number is not a numeric field.
    EXPECT_FALSE(data->numericField("name"));
}

TEST(GraphReaderTest, ReadsIntegerIdsAndLonLatFields) {
    auto data = readGraph(fixture("integer_ids.json"));
    ASSERT_TRUE(data) << data.error().toString();
    EXPECT_EQ(data->nodeIds, (std::vector<std::string>{"0", "1", "2"}));
    EXPECT_EQ(data->graph.edges().size(), 2U);
    EXPECT_FALSE(data->hasSharedPerimeter);
    ASSERT_EQ(data->locations.size(), 3U);
    EXPECT_DOUBLE_EQ(data->locations[2].x(), 5.2);
    EXPECT_EQ(data->locationFields, "lon, lat");
}

TEST(GraphReaderTest, BadJsonSaysWhatAndWhere) {
    auto unknown = readNetworkxJson(fixture("unknown_neighbour.json"));
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().code, ErrorCode::BadData);
    EXPECT_NE(unknown.error().message.find("'zz'"), std::string::npos) << unknown.error().message;
    EXPECT_EQ(unknown.error().feature, 1);

    auto data = readNetworkxJson(fixture("missing_weight.json"));
    ASSERT_TRUE(data);
    auto weight = data->numericField("w");
    ASSERT_FALSE(weight);
    EXPECT_NE(weight.error().message.find("'y'"), std::string::npos) << weight.error().message;
    auto absent = data->numericField("population");
    ASSERT_FALSE(absent);
    EXPECT_NE(absent.error().message.find("numeric fields: w"), std::string::npos)
        << absent.error().message;

    auto nodeLink = readNetworkxJson(fixture("node_link.json"));
    ASSERT_FALSE(nodeLink);
    EXPECT_EQ(nodeLink.error().code, ErrorCode::Unsupported);

    auto broken = readNetworkxJson(fixture("broken.json"));
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error().code, ErrorCode::FileUnreadable);

    auto missing = readNetworkxJson(fixture("no_such_file.json"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::FileNotFound);

    auto unknownFormat = readGraph(fixture("grid3x2_attributes.csv"));
    ASSERT_FALSE(unknownFormat);
    EXPECT_EQ(unknownFormat.error().code, ErrorCode::Unsupported);
}

TEST(GraphReaderTest, ReadsGalWithAnAttributeTable) {
    auto data = readGal(fixture("grid3x2.gal"), fixture("grid3x2_attributes.csv"), "code");
    ASSERT_TRUE(data) << data.error().toString();
    EXPECT_EQ(data->nodeIds, (std::vector<std::string>{"a", "b", "c", "d", "e", "f"}));
    EXPECT_EQ(data->graph.edges().size(), 7U);
    EXPECT_NE(findEdge(data->graph, 4, 5), nullptr);
    auto pop = data->numericField("pop");
    ASSERT_TRUE(pop) << pop.error().toString();
    EXPECT_EQ(*pop, (std::vector<double>{10, 20, 30, 40, 50.5, 0}));
    ASSERT_EQ(data->locations.size(), 6U);
    EXPECT_DOUBLE_EQ(data->locations[5].x(), -9.98);

    // The header names the id field.
    auto byHeader = readGal(fixture("grid3x2.gal"), fixture("grid3x2_attributes.csv"));
    ASSERT_TRUE(byHeader) << byHeader.error().toString();
    EXPECT_TRUE(byHeader->numericField("pop"));

    auto wrongId = readGal(fixture("grid3x2.gal"), fixture("grid3x2_attributes.csv"), "nope");
    ASSERT_FALSE(wrongId);
    EXPECT_EQ(wrongId.error().code, ErrorCode::NotFound);
}

TEST(GraphReaderTest, ReadsGalTopologyAlone) {
    auto data = readGraph(fixture("isolated.gal"));
    ASSERT_TRUE(data) << data.error().toString();
    EXPECT_EQ(data->nodeIds, (std::vector<std::string>{"1", "2", "3"}));
    EXPECT_EQ(data->graph.edges().size(), 1U);
    EXPECT_TRUE(data->fieldNames.empty());
    EXPECT_TRUE(data->locations.empty());
    EXPECT_FALSE(data->numericField("pop"));
}

TEST(GraphReaderTest, BadGalSaysWhichLine) {
    auto data = readGal(fixture("bad_count.gal"));
    ASSERT_FALSE(data);
    EXPECT_EQ(data.error().code, ErrorCode::BadData);
    EXPECT_EQ(data.error().row, 3);
    EXPECT_NE(data.error().message.find("should have 2"), std::string::npos)
        << data.error().message;
}

TEST(GraphReaderTest, ReadsTheArkansasBlockGroups) {
    const std::string path =
        std::string(TESSERA_SHARED_DATA_DIR) + "/graphs/ar_blockgroups_2020.json";
    if (!std::filesystem::exists(path)) {
        GTEST_SKIP() << "shared data not present: " << path;
    }
    auto data = readGraph(path);
    ASSERT_TRUE(data) << data.error().toString();
    EXPECT_EQ(data->graph.nodeCount(), 2294U);
    EXPECT_EQ(data->graph.edges().size(), 6357U);
    auto pop = data->numericField("tot_pop_20");
    ASSERT_TRUE(pop);
    EXPECT_EQ(std::accumulate(pop->begin(), pop->end(), 0.0), 3011524.0);
    EXPECT_EQ(data->locations.size(), 2294U);
    std::size_t components = 0;
    (void)data->graph.componentLabels(&components);
    EXPECT_EQ(components, 1U);
}

}  // namespace
}  // namespace tessera::io
