// SPDX-License-Identifier: Apache-2.0
#include "engine/GraphBalanceRun.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/GraphReader.h"

namespace tessera::engine {
namespace {

std::string readText(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

class GraphBalanceRunTest : public ::testing::Test {
protected:
    void SetUp() override {
        directory_ = std::filesystem::temp_directory_path() /
                     ("tessera-graph-run-" +
                      std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(directory_);
    }
    void TearDown() override { std::filesystem::remove_all(directory_); }
    std::filesystem::path directory_;
};

TEST_F(GraphBalanceRunTest, BalancesAGraphFileAndWritesPlanAndReport) {
    auto data = io::readGraph(std::string(TESSERA_TEST_DATA_DIR) + "/engine/grid3x2.json");
    ASSERT_TRUE(data) << data.error().toString();
    auto weights = data->numericField("pop");
    ASSERT_TRUE(weights);
    GraphBalanceArgs args;
    args.options.territoryCount = 2;
    args.options.tolerance = 0.2;
    args.weightField = "pop";
    args.graphPath = data->path;
    args.planPath = (directory_ / "plan.csv").string();
    args.reportPath = (directory_ / "report.json").string();
    GraphBalanceInput input;
    input.graph = &data->graph;
    input.nodeIds = data->nodeIds;
    input.weights = *weights;
    input.locations = data->locations;
    input.boundaryUnit = "source units";
    auto run = runGraphBalance(args, input);
    ASSERT_TRUE(run) << run.error().toString();
    // Total 150.5, target 75.25: e.g. {a, b, d} = 70 and {c, e, f} = 80.5 are within ±20 %.
    const BalanceReport& report = run->result.report;
    EXPECT_TRUE(report.contiguous);
    EXPECT_TRUE(report.toleranceMet) << report.message;

    const std::string plan = readText(directory_ / "plan.csv");
    std::istringstream lines(plan);
    std::string line;
    std::getline(lines, line);
    EXPECT_EQ(line, "node_id,territory");
    for (std::size_t v = 0; v < 6; ++v) {
        ASSERT_TRUE(std::getline(lines, line));
        EXPECT_EQ(line, data->nodeIds[v] + "," + std::to_string(run->result.assignment[v]));
    }
    EXPECT_FALSE(std::getline(lines, line));

    const std::string json = readText(directory_ / "report.json");
    for (const char* key :
         {"\"max_deviation\"", "\"contiguous\": true", "\"cut_edges\"", "\"seconds\"",
          "\"measures\"", "\"weight_field\": \"pop\"", "\"cut_boundary_unit\": \"source units\""}) {
        EXPECT_NE(json.find(key), std::string::npos) << key << " missing in\n" << json;
    }
    EXPECT_NE(json.find("\"cut_edges\": " + std::to_string(report.cutEdges)), std::string::npos);
    EXPECT_FALSE(std::filesystem::exists(directory_ / "plan.csv.part"));
}

TEST_F(GraphBalanceRunTest, UnwritablePlanIsAnErrorNamingTheFile) {
    auto data = io::readGraph(std::string(TESSERA_TEST_DATA_DIR) + "/engine/integer_ids.json");
    ASSERT_TRUE(data);
    GraphBalanceArgs args;
    args.options.territoryCount = 2;
    args.planPath = (directory_ / "no" / "such" / "folder" / "plan.csv").string();
    GraphBalanceInput input;
    input.graph = &data->graph;
    input.nodeIds = data->nodeIds;
    input.weights = *data->numericField("w");
    auto run = runGraphBalance(args, input);
    ASSERT_FALSE(run);
    EXPECT_EQ(run.error().code, ErrorCode::FileUnwritable);
    EXPECT_EQ(run.error().file, args.planPath);
}

TEST(GraphBalanceCsvTest, QuotesIdsThatNeedIt) {
    EXPECT_EQ(planCsv({"plain", "a,b", "say \"hi\""}, {0, 1, 2}),
              "node_id,territory\nplain,0\n\"a,b\",1\n\"say \"\"hi\"\"\",2\n");
}

}  // namespace
}  // namespace tessera::engine
