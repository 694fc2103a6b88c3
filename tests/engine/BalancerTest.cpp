// SPDX-License-Identifier: Apache-2.0
#include "engine/Balancer.h"

#include <gtest/gtest.h>

#include <atomic>

#include "EngineTestGraphs.h"

namespace tessera::engine {
namespace {

using test::componentsPerTerritory;
using test::grid;
using test::OwnedProblem;
using test::randomGridLike;

using test::optionsFor;

void expectWellFormed(const OwnedProblem& input, const BalanceResult& result,
                      std::size_t territories) {
    ASSERT_EQ(result.assignment.size(), input.graph.nodeCount());
    for (std::int32_t t : result.assignment) {
        ASSERT_GE(t, 0);
        ASSERT_LT(static_cast<std::size_t>(t), territories);
    }
    const auto components = componentsPerTerritory(input.graph, result.assignment, territories);
    EXPECT_EQ(components, result.report.componentsPerTerritory);
    for (std::size_t t = 0; t < territories; ++t) {
        EXPECT_GE(components[t], 1U) << "territory " << t << " is empty";
    }
}

TEST(BalancerTest, TerritoriesAreAlwaysConnectedOnRandomGridLikeGraphs) {
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
        const OwnedProblem input = randomGridLike(8 + seed % 5, 9 + seed % 4, seed);
        const std::size_t territories = 2 + seed % 6;
        auto result = balance(input.problem(), optionsFor(territories, 0.05, seed));
        ASSERT_TRUE(result) << result.error().toString();
        expectWellFormed(input, *result, territories);
        EXPECT_TRUE(result->report.contiguous) << "seed " << seed;
        for (std::size_t c : result->report.componentsPerTerritory) {
            EXPECT_EQ(c, 1U) << "seed " << seed;
        }
    }
}

TEST(BalancerTest, TerritoriesAreConnectedWithoutLocationsToo) {
    for (std::uint64_t seed = 1; seed <= 5; ++seed) {
        OwnedProblem input = randomGridLike(9, 10, seed);
        input.locations.clear();
        auto result = balance(input.problem(), optionsFor(5, 0.05, seed));
        ASSERT_TRUE(result) << result.error().toString();
        expectWellFormed(input, *result, 5);
        EXPECT_TRUE(result->report.contiguous);
    }
}

TEST(BalancerTest, ReportedFiguresEqualFiguresRecomputedFromThePlan) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        const OwnedProblem input = randomGridLike(10, 10, seed);
        const std::size_t territories = 3 + seed % 3;
        auto result = balance(input.problem(), optionsFor(territories, 0.03, seed));
        ASSERT_TRUE(result) << result.error().toString();
        const BalanceReport& report = result->report;
        EXPECT_NEAR(report.maxDeviation,
                    test::maxDeviation(input.weights, result->assignment, territories), 1e-12);
        EXPECT_EQ(report.cutEdges, test::cutEdges(input.graph, result->assignment));
        double total = 0.0;
        for (double w : input.weights) {
            total += w;
        }
        EXPECT_NEAR(report.target, total / static_cast<double>(territories), 1e-9);
        double sumDeviation = 0.0;
        std::vector<double> sums(territories, 0.0);
        for (std::size_t v = 0; v < input.weights.size(); ++v) {
            sums[static_cast<std::size_t>(result->assignment[v])] += input.weights[v];
        }
        for (std::size_t t = 0; t < territories; ++t) {
            EXPECT_NEAR(result->territoryWeights[t], sums[t], 1e-9);
            sumDeviation += std::abs(sums[t] - report.target) / report.target;
        }
        EXPECT_NEAR(report.meanDeviation, sumDeviation / static_cast<double>(territories), 1e-12);
        EXPECT_EQ(report.toleranceMet, report.maxDeviation <= 0.03 + 1e-12);
        double boundary = 0.0;
        for (const AreaEdge& e : input.graph.edges()) {
            if (result->assignment[e.a] != result->assignment[e.b]) {
                boundary += e.sharedBoundaryKm;
            }
        }
        EXPECT_NEAR(report.cutBoundaryKm, boundary, 1e-9);
        EXPECT_FALSE(report.message.empty());
    }
}

TEST(BalancerTest, ReachesTheToleranceOnEasyInstances) {
    {
        const OwnedProblem input = grid(20, 20);
        BalanceOptions options = optionsFor(4, 0.0);
        options.effort = 1.0;
        options.starts = 2;
        auto result = balance(input.problem(), options);
        ASSERT_TRUE(result);
        EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
        EXPECT_EQ(result->report.maxDeviation, 0.0);
        EXPECT_TRUE(result->report.contiguous);
        // Four 10×10 quadrants cut 40 edges, the optimum.
        EXPECT_LE(result->report.cutEdges, 44U) << result->report.message;
    }
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const OwnedProblem input = randomGridLike(16, 16, seed, 20.0);
        auto result = balance(input.problem(), optionsFor(6, 0.02, seed));
        ASSERT_TRUE(result);
        EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
        EXPECT_TRUE(result->report.contiguous);
    }
}

TEST(BalancerTest, ImpossibleToleranceIsReportedWithItsLowerBound) {
    OwnedProblem input = grid(5, 5);
    input.weights[12] = 100.0;  // the centre: total 124, target 31 for 4 territories
    auto result = balance(input.problem(), optionsFor(4, 0.05));
    ASSERT_TRUE(result);
    const BalanceReport& report = result->report;
    EXPECT_FALSE(report.toleranceMet);
    EXPECT_NEAR(report.target, 31.0, 1e-12);
    EXPECT_NEAR(report.lowerBoundDeviation, 100.0 / 31.0 - 1.0, 1e-12);
    EXPECT_GE(report.maxDeviation, report.lowerBoundDeviation - 1e-12);
    EXPECT_NE(report.lowerBoundReason.find("node 12"), std::string::npos)
        << report.lowerBoundReason;
    EXPECT_NE(report.message.find("cannot be reached"), std::string::npos) << report.message;
    EXPECT_TRUE(report.contiguous);
    // The best possible: the heavy node alone.
    EXPECT_NEAR(report.maxDeviation, report.lowerBoundDeviation, 1e-12) << report.message;
}

TEST(BalancerTest, FewerWeightedNodesThanTerritoriesIsAnImpossibleTolerance) {
    OwnedProblem input = grid(3, 3);
    std::fill(input.weights.begin(), input.weights.end(), 0.0);
    input.weights[0] = 5.0;
    input.weights[8] = 5.0;
    auto result = balance(input.problem(), optionsFor(3, 0.1));
    ASSERT_TRUE(result);
    EXPECT_FALSE(result->report.toleranceMet);
    EXPECT_EQ(result->report.lowerBoundDeviation, 1.0);
    EXPECT_TRUE(result->report.contiguous);
}

TEST(BalancerTest, SameSeedGivesTheSamePlan) {
    const OwnedProblem input = randomGridLike(15, 15, 7);
    BalanceOptions options = optionsFor(5, 0.02, 42);
    options.starts = 3;  // threads finish in any order; the plan must not depend on it
    auto first = balance(input.problem(), options);
    auto second = balance(input.problem(), options);
    ASSERT_TRUE(first);
    ASSERT_TRUE(second);
    EXPECT_EQ(first->assignment, second->assignment);
    EXPECT_EQ(first->report.cutEdges, second->report.cutEdges);
    EXPECT_EQ(first->report.iterations, second->report.iterations);
}

TEST(BalancerTest, CancelBeforeStartReturnsCanceledAndLeavesTheInputAlone) {
    const OwnedProblem input = randomGridLike(12, 12, 3);
    const BalanceProblem problem = input.problem();
    const BalanceProblem copy = problem;
    const AreaGraph graphCopy = input.graph;
    Feedback feedback;
    feedback.cancel();
    auto result = balance(problem, optionsFor(4, 0.05), &feedback);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Canceled);
    EXPECT_EQ(problem.weights, copy.weights);
    EXPECT_EQ(problem.locations, copy.locations);
    EXPECT_EQ(input.graph, graphCopy);
}

TEST(BalancerTest, CancelDuringTheSearchStopsIt) {
    const OwnedProblem input = randomGridLike(20, 20, 5);
    Feedback feedback;
    std::atomic<int> calls{0};
    feedback.setProgressCallback([&feedback, &calls](double fraction) {
        ++calls;
        if (fraction > 0.1) {
            feedback.cancel();
        }
    });
    BalanceOptions options = optionsFor(6, 0.02);
    options.effort = 1.0;
    options.starts = 2;
    auto result = balance(input.problem(), options, &feedback);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Canceled);
    EXPECT_GT(calls.load(), 1);
}

TEST(BalancerTest, TimeLimitStopsTheSearchWithAValidPlan) {
    const OwnedProblem input = randomGridLike(40, 40, 9);
    BalanceOptions options = optionsFor(8, 0.02);
    options.timeLimitSeconds = 1e-6;
    auto result = balance(input.problem(), options);
    ASSERT_TRUE(result) << result.error().toString();
    EXPECT_TRUE(result->report.stoppedByTimeLimit);
    expectWellFormed(input, *result, 8);
    EXPECT_TRUE(result->report.contiguous);
    EXPECT_NE(result->report.message.find("time limit"), std::string::npos)
        << result->report.message;
}

TEST(BalancerTest, OneTerritoryTakesEverything) {
    const OwnedProblem input = randomGridLike(6, 6, 2);
    auto result = balance(input.problem(), optionsFor(1, 0.0));
    ASSERT_TRUE(result);
    for (std::int32_t t : result->assignment) {
        EXPECT_EQ(t, 0);
    }
    EXPECT_TRUE(result->report.toleranceMet);
    EXPECT_EQ(result->report.cutEdges, 0U);
    EXPECT_TRUE(result->report.contiguous);
}

TEST(BalancerTest, AsManyTerritoriesAsNodesGivesOneNodeEach) {
    const OwnedProblem input = grid(2, 3);
    auto result = balance(input.problem(), optionsFor(6, 0.0));
    ASSERT_TRUE(result);
    std::vector<std::int32_t> sorted = result->assignment;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, (std::vector<std::int32_t>{0, 1, 2, 3, 4, 5}));
    EXPECT_TRUE(result->report.toleranceMet);
}

TEST(BalancerTest, ZeroWeightsAreFine) {
    OwnedProblem input = grid(6, 6);
    std::fill(input.weights.begin(), input.weights.end(), 0.0);
    auto result = balance(input.problem(), optionsFor(3, 0.05));
    ASSERT_TRUE(result);
    EXPECT_EQ(result->report.target, 0.0);
    EXPECT_EQ(result->report.maxDeviation, 0.0);
    EXPECT_TRUE(result->report.toleranceMet);
    EXPECT_TRUE(result->report.contiguous);
    expectWellFormed(input, *result, 3);
}

TEST(BalancerTest, BadRequestsAreErrorsThatSayWhatToDo) {
    const OwnedProblem input = grid(2, 2);
    auto tooMany = balance(input.problem(), optionsFor(5, 0.05));
    ASSERT_FALSE(tooMany);
    EXPECT_EQ(tooMany.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(tooMany.error().message.find("at most 4"), std::string::npos)
        << tooMany.error().message;

    EXPECT_FALSE(balance(input.problem(), optionsFor(0, 0.05)));

    BalanceProblem wrongWeights = input.problem();
    wrongWeights.weights.pop_back();
    EXPECT_FALSE(balance(wrongWeights, optionsFor(2, 0.05)));

    BalanceProblem negative = input.problem();
    negative.weights[1] = -1.0;
    auto negativeResult = balance(negative, optionsFor(2, 0.05));
    ASSERT_FALSE(negativeResult);
    EXPECT_NE(negativeResult.error().message.find("node 1"), std::string::npos);

    BalanceProblem noGraph;
    EXPECT_FALSE(balance(noGraph, optionsFor(2, 0.05)));

    EXPECT_FALSE(balance(input.problem(), optionsFor(2, -0.1)));
}

/// Two grids with no edge between them: 3 : 1 in weight, so 3 and 1 territories.
TEST(BalancerTest, DisconnectedGraphSplitsTerritoriesByWeight) {
    const OwnedProblem big = grid(6, 6);
    const OwnedProblem small = grid(3, 4);
    OwnedProblem input;
    std::vector<AreaEdge> edges = big.graph.edges();
    for (AreaEdge e : small.graph.edges()) {
        e.a += 36;
        e.b += 36;
        edges.push_back(e);
    }
    input.graph = AreaGraph::fromEdges(48, edges);
    input.weights = big.weights;
    input.weights.insert(input.weights.end(), small.weights.begin(), small.weights.end());
    input.locations = big.locations;
    for (const Point& p : small.locations) {
        input.locations.emplace_back(p.x() + 1.0, p.y());
    }
    auto result = balance(input.problem(), optionsFor(4, 0.0));
    ASSERT_TRUE(result) << result.error().toString();
    EXPECT_EQ(result->report.graphComponents, 2U);
    EXPECT_TRUE(result->report.contiguous) << result->report.message;
    EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
    // The small part is one territory of its own.
    for (std::size_t v = 37; v < 48; ++v) {
        EXPECT_EQ(result->assignment[v], result->assignment[36]);
    }
    for (std::size_t v = 0; v < 36; ++v) {
        EXPECT_NE(result->assignment[v], result->assignment[36]);
    }
}

/// An island too light for a territory of its own joins the nearest one and is reported.
TEST(BalancerTest, LightIslandJoinsTheNearestTerritoryAndIsReported) {
    const OwnedProblem main = grid(4, 6);
    OwnedProblem input;
    input.graph = AreaGraph::fromEdges(25, main.graph.edges());
    input.weights = main.weights;
    input.weights.push_back(1.0);
    input.locations = main.locations;
    input.locations.emplace_back(9.9, 50.0);  // just west of node 0
    auto result = balance(input.problem(), optionsFor(2, 0.1));
    ASSERT_TRUE(result) << result.error().toString();
    EXPECT_EQ(result->report.graphComponents, 2U);
    EXPECT_EQ(result->assignment[24], result->assignment[0]);
    EXPECT_FALSE(result->report.contiguous);
    EXPECT_NE(result->report.message.find("separate parts"), std::string::npos)
        << result->report.message;
    EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
}

TEST(BalancerTest, EvaluateRejectsPlansThatDoNotFit) {
    const OwnedProblem input = grid(2, 2);
    const std::vector<std::int32_t> shortPlan{0, 1};
    EXPECT_FALSE(evaluateAssignment(input.problem(), optionsFor(2, 0.1), shortPlan));
    const std::vector<std::int32_t> outOfRange{0, 1, 2, 0};
    EXPECT_FALSE(evaluateAssignment(input.problem(), optionsFor(2, 0.1), outOfRange));
    const std::vector<std::int32_t> split{0, 1, 1, 0};  // diagonal: both territories split
    auto report = evaluateAssignment(input.problem(), optionsFor(2, 0.1), split);
    ASSERT_TRUE(report);
    EXPECT_FALSE(report->contiguous);
    EXPECT_EQ(report->componentsPerTerritory, (std::vector<std::size_t>{2, 2}));
    EXPECT_EQ(report->cutEdges, 4U);
}

}  // namespace
}  // namespace tessera::engine
