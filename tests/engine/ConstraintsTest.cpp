// SPDX-License-Identifier: Apache-2.0
// The engine's constraints and objectives beyond one measure: several measures with their own
// tolerances, capacities, locks, frozen territories, fixed loads, moment of inertia, travel,
// disruption and the rebalance mode. Every figure checked here is recomputed from the plan.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "EngineTestGraphs.h"
#include "engine/Balancer.h"

namespace tessera::engine {
namespace {

using test::componentsPerTerritory;
using test::grid;
using test::OwnedProblem;
using test::randomGridLike;

using test::optionsFor;

/// Loads per territory of `values`, recomputed from the plan.
std::vector<double> loads(const std::vector<double>& values, const std::vector<std::int32_t>& plan,
                          std::size_t territories) {
    std::vector<double> sums(territories, 0.0);
    for (std::size_t v = 0; v < plan.size(); ++v) {
        sums[static_cast<std::size_t>(plan[v])] += values[v];
    }
    return sums;
}

void expectConnected(const OwnedProblem& input, const std::vector<std::int32_t>& plan,
                     std::size_t territories) {
    for (std::size_t c : componentsPerTerritory(input.graph, plan, territories)) {
        EXPECT_EQ(c, 1U);
    }
}

TEST(ConstraintsTest, TwoMeasuresEachReachTheirOwnTolerance) {
    const OwnedProblem input = randomGridLike(8, 8, 7);
    std::vector<double> potential(input.weights.size());
    for (std::size_t v = 0; v < potential.size(); ++v) {
        potential[v] = 1.0 + static_cast<double>((v * 37) % 11);  // spread differently
    }
    BalanceProblem problem = input.problem();
    problem.weightName = "workload";
    problem.extraMeasures.push_back({"potential", potential, 0.10});
    const auto result = balance(problem, optionsFor(4, 0.10));
    ASSERT_TRUE(result) << result.error().message;
    const BalanceReport& report = result->report;
    ASSERT_EQ(report.measures.size(), 2U);
    EXPECT_EQ(report.measures[1].name, "potential");
    EXPECT_TRUE(report.toleranceMet) << report.message;
    expectConnected(input, result->assignment, 4);
    for (const auto& [values, m] :
         {std::pair{input.weights, std::size_t{0}}, std::pair{potential, std::size_t{1}}}) {
        const std::vector<double> sums = loads(values, result->assignment, 4);
        double total = 0.0;
        for (double s : sums) {
            total += s;
        }
        double worst = 0.0;
        for (double s : sums) {
            worst = std::max(worst, std::abs(s - total / 4.0) / (total / 4.0));
        }
        EXPECT_NEAR(report.measures[m].maxDeviation, worst, 1e-9);
        EXPECT_LE(worst, 0.10 + 1e-9) << "measure " << m;
    }
}

TEST(ConstraintsTest, TargetsScaleWithCapacity) {
    const OwnedProblem input = grid(6, 6);
    BalanceProblem problem = input.problem();
    problem.capacities = {2.0, 1.0, 1.0};  // 36 nodes: 18, 9, 9
    const auto result = balance(problem, optionsFor(3, 0.0));
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
    EXPECT_EQ(loads(input.weights, result->assignment, 3), (std::vector<double>{18, 9, 9}));
    EXPECT_DOUBLE_EQ(result->report.targets[0], 18.0);
    expectConnected(input, result->assignment, 3);
}

TEST(ConstraintsTest, LockedNodesAlwaysStayInTheirTerritory) {
    for (std::uint64_t seed = 1; seed <= 6; ++seed) {
        const OwnedProblem input = randomGridLike(7, 7, 100 + seed);
        BalanceProblem problem = input.problem();
        problem.lockedTerritory.assign(input.weights.size(), -1);
        problem.lockedTerritory[0] = 2;   // a corner to the last territory
        problem.lockedTerritory[48] = 0;  // the opposite corner to the first
        problem.lockedTerritory[24] = 1;
        const auto result = balance(problem, optionsFor(3, 0.2, seed));
        ASSERT_TRUE(result) << result.error().message;
        EXPECT_EQ(result->assignment[0], 2);
        EXPECT_EQ(result->assignment[48], 0);
        EXPECT_EQ(result->assignment[24], 1);
        EXPECT_EQ(result->report.lockViolations, 0U);
        expectConnected(input, result->assignment, 3);
    }
}

TEST(ConstraintsTest, FixedLoadCountsTowardsItsTerritory) {
    const OwnedProblem input = grid(4, 6);  // 24 nodes of weight 1
    BalanceProblem problem = input.problem();
    problem.fixedLoad = {6.0, 0.0};  // e.g. locked accounts elsewhere: 30 in all, 15 each
    const auto result = balance(problem, optionsFor(2, 0.0));
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
    EXPECT_EQ(loads(input.weights, result->assignment, 2), (std::vector<double>{9, 15}));
    EXPECT_DOUBLE_EQ(result->report.territoryLoads[0], 15.0);
}

TEST(ConstraintsTest, LockedContentOverCapacityIsAProvenLowerBound) {
    const OwnedProblem input = grid(4, 4);
    BalanceProblem problem = input.problem();
    problem.lockedTerritory.assign(16, -1);
    for (std::uint32_t v : {0U, 1U, 2U, 3U, 4U, 5U, 6U, 7U, 8U, 9U}) {
        problem.lockedTerritory[v] = 0;  // 10 of 16 locked to territory 0; target 8
    }
    const auto result = balance(problem, optionsFor(2, 0.05));
    ASSERT_TRUE(result) << result.error().message;
    const BalanceReport& report = result->report;
    EXPECT_FALSE(report.toleranceMet);
    EXPECT_NEAR(report.lowerBoundDeviation, 0.25, 1e-12);
    EXPECT_NE(report.lowerBoundReason.find("locked to territory 0"), std::string::npos)
        << report.lowerBoundReason;
    EXPECT_NE(report.binding.find("cannot be reached"), std::string::npos) << report.binding;
    EXPECT_EQ(report.lockViolations, 0U);
}

TEST(ConstraintsTest, FrozenTerritoryKeepsItsNodesAndTheOthersShareTheRest) {
    const OwnedProblem input = grid(6, 6);
    BalanceProblem problem = input.problem();
    // Current plan: columns 0-1 territory 0 (12 nodes), the rest split badly.
    problem.currentAssignment.assign(36, 1);
    for (std::uint32_t r = 0; r < 6; ++r) {
        for (std::uint32_t c = 0; c < 6; ++c) {
            problem.currentAssignment[r * 6 + c] = c < 2 ? 0 : (c < 5 ? 1 : 2);
        }
    }
    problem.frozenTerritories = {1, 0, 0};
    BalanceOptions options = optionsFor(3, 0.0);
    options.mode = BalanceMode::Rebalance;
    const auto result = balance(problem, options);
    ASSERT_TRUE(result) << result.error().message;
    for (std::size_t v = 0; v < 36; ++v) {
        EXPECT_EQ(result->assignment[v] == 0, problem.currentAssignment[v] == 0) << v;
    }
    EXPECT_EQ(loads(input.weights, result->assignment, 3), (std::vector<double>{12, 12, 12}));
    EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
    expectConnected(input, result->assignment, 3);
}

TEST(ConstraintsTest, HighDisruptionWeightKeepsABalancedPlanAsItIs) {
    const OwnedProblem input = grid(6, 6);
    BalanceProblem problem = input.problem();
    problem.currentAssignment.assign(36, 0);
    for (std::size_t v = 18; v < 36; ++v) {
        problem.currentAssignment[v] = 1;  // two balanced halves
    }
    BalanceOptions options = optionsFor(2, 0.05);
    options.mode = BalanceMode::Rebalance;
    options.disruptionWeight = 20.0;
    const auto result = balance(problem, options);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->assignment, problem.currentAssignment);
    EXPECT_EQ(result->report.movedNodes, 0U);
    EXPECT_DOUBLE_EQ(result->report.movedWeightShare, 0.0);
}

TEST(ConstraintsTest, RebalanceMovesFewAreasAndSaysWhy) {
    const OwnedProblem input = grid(6, 6);
    BalanceProblem problem = input.problem();
    // Territory 0 has 24 nodes (rows 0-3), territory 1 has 12 (rows 4-5): 6 must move.
    problem.currentAssignment.assign(36, 0);
    for (std::size_t v = 24; v < 36; ++v) {
        problem.currentAssignment[v] = 1;
    }
    BalanceOptions options = optionsFor(2, 0.0);
    options.mode = BalanceMode::Rebalance;
    options.disruptionWeight = 5.0;
    const auto result = balance(problem, options);
    ASSERT_TRUE(result) << result.error().message;
    const BalanceReport& report = result->report;
    EXPECT_TRUE(report.toleranceMet) << report.message;
    EXPECT_EQ(report.movedNodes, 6U);
    EXPECT_NEAR(report.movedWeightShare, 6.0 / 36.0, 1e-12);
    ASSERT_EQ(report.moves.size(), 6U);
    for (const NodeMove& move : report.moves) {
        EXPECT_EQ(move.from, 0);
        EXPECT_EQ(move.to, 1);
        EXPECT_NE(move.reason.find("territory 0 was 33.3 % over its target"), std::string::npos)
            << move.reason;
    }
}

TEST(ConstraintsTest, MaxTravelDistanceIsHeldWhenItCanBe) {
    const OwnedProblem input = grid(6, 6);  // 0.01° spacing, about 1.1 km
    BalanceProblem problem = input.problem();
    problem.homes = {Point(10.0, 50.0), Point(10.05, 50.05)};  // opposite corners
    problem.hasHome = {1, 1};
    BalanceOptions options = optionsFor(2, 0.0);
    options.maxTravelKm = 6.0;  // the far corner of the grid is about 6.6 km from each home
    options.travelWeight = 1.0;
    const auto result = balance(problem, options);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_EQ(result->report.nodesBeyondMaxTravel, 0U);
    EXPECT_LE(result->report.maxTravelKm, 6.0);
    EXPECT_GT(result->report.meanTravelKm, 0.0);
    EXPECT_EQ(result->assignment[0], 0);   // the node at home 0
    EXPECT_EQ(result->assignment[35], 1);  // the node at home 1
    expectConnected(input, result->assignment, 2);
}

TEST(ConstraintsTest, InertiaCompactnessGivesCompactConnectedTerritories) {
    const OwnedProblem input = grid(8, 8);
    BalanceProblem problem = input.problem();
    BalanceOptions options = optionsFor(4, 0.0);
    options.compactness = Compactness::Inertia;
    const auto result = balance(problem, options);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_TRUE(result->report.toleranceMet);
    expectConnected(input, result->assignment, 4);
    // Four 4×4 quadrants are the optimum: 4 · 16 · 2 · 1.25 spacing² (spacing² in km²).
    const double dx = 0.01 * std::cos(50.035 * std::numbers::pi / 180.0) * 111.195;
    const double dy = 0.01 * 111.195;
    const double quadrants = 4.0 * 16.0 * 1.25 * (dx * dx + dy * dy);
    EXPECT_NEAR(result->report.inertiaKm2, quadrants, quadrants * 0.02);
    EXPECT_EQ(result->report.cutEdges, 16U);
}

TEST(ConstraintsTest, PolsbyPopperOfASquareOfSquares) {
    const OwnedProblem input = grid(2, 4);
    BalanceProblem problem = input.problem();
    problem.areaKm2.assign(8, 1.0);
    problem.perimeterKm.assign(8, 4.0);
    const std::vector<std::int32_t> plan{0, 0, 1, 1, 0, 0, 1, 1};  // two 2×2 squares
    const auto report = evaluateAssignment(problem, optionsFor(2, 0.0), plan);
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_EQ(report->polsbyPopper.size(), 2U);
    EXPECT_NEAR(report->polsbyPopper[0], std::numbers::pi / 4.0, 1e-12);
    EXPECT_NEAR(report->meanPolsbyPopper, std::numbers::pi / 4.0, 1e-12);
}

TEST(ConstraintsTest, SameSeedSamePlanWithConstraints) {
    const OwnedProblem input = randomGridLike(9, 9, 5);
    BalanceProblem problem = input.problem();
    problem.capacities = {1.0, 0.5, 1.0, 1.5};
    problem.lockedTerritory.assign(81, -1);
    problem.lockedTerritory[40] = 3;
    problem.extraMeasures.push_back({"count", std::vector<double>(81, 1.0), 0.3});
    BalanceOptions options = optionsFor(4, 0.15, 9);
    options.compactness = Compactness::Inertia;
    const auto a = balance(problem, options);
    const auto b = balance(problem, options);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->assignment, b->assignment);
    EXPECT_EQ(a->assignment[40], 3);
}

TEST(ConstraintsTest, AnImpossibleMeasureDoesNotDragTheOthersOutOfTheirBands) {
    const OwnedProblem input = grid(6, 6);
    std::vector<double> potential(36, 1.0);
    potential[14] = 1000.0;  // one area holds nearly all the potential
    BalanceProblem problem = input.problem();
    problem.extraMeasures.push_back({"potential", potential, 0.05});
    const auto result = balance(problem, optionsFor(3, 0.0));
    ASSERT_TRUE(result) << result.error().message;
    const BalanceReport& report = result->report;
    EXPECT_TRUE(report.measures[0].toleranceMet) << report.message;
    EXPECT_FALSE(report.measures[1].toleranceMet);
    EXPECT_GT(report.measures[1].lowerBoundDeviation, 1.0);
    EXPECT_NE(report.binding.find("cannot be reached for potential"), std::string::npos)
        << report.binding;
}

TEST(ConstraintsTest, RebalanceNeedsTheCurrentPlanAndSaysSo) {
    const OwnedProblem input = grid(3, 3);
    BalanceOptions options = optionsFor(2, 0.1);
    options.mode = BalanceMode::Rebalance;
    const auto result = balance(input.problem(), options);
    ASSERT_FALSE(result);
    EXPECT_NE(result.error().message.find("current plan"), std::string::npos);

    BalanceProblem problem = input.problem();
    problem.capacities = {1.0, -1.0};
    const auto bad = balance(problem, optionsFor(2, 0.1));
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("capacities must be positive"), std::string::npos);

    problem = input.problem();
    problem.lockedTerritory.assign(9, -1);
    problem.lockedTerritory[4] = 5;
    const auto lock = balance(problem, optionsFor(2, 0.1));
    ASSERT_FALSE(lock);
    EXPECT_NE(lock.error().message.find("does not exist"), std::string::npos);
}

}  // namespace
}  // namespace tessera::engine
