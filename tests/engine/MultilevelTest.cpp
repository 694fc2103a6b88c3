// SPDX-License-Identifier: Apache-2.0
// Multilevel balancing (BalanceProblem::coarseGroups, used in account mode): groups balanced
// in pieces first, then the nodes near the boundaries refined one by one. Known optimum on a
// grid, and on random instances: locks, frozen territories, contiguity and the band always
// held (recomputed from the plan), determinism, cancel, non-geographic plans, node masses.
#include <gtest/gtest.h>

#include <atomic>
#include <cmath>

#include "EngineTestGraphs.h"
#include "engine/Balancer.h"

namespace tessera::engine {
namespace {

using test::componentsPerTerritory;
using test::cutEdges;
using test::grid;
using test::maxDeviation;
using test::optionsFor;
using test::OwnedProblem;
using test::randomGridLike;

/// Groups of `size` × `size` grid cells (like the accounts of one area).
std::vector<std::uint32_t> blocks(std::uint32_t rows, std::uint32_t columns, std::uint32_t size) {
    std::vector<std::uint32_t> groups;
    const std::uint32_t across = (columns + size - 1) / size;
    for (std::uint32_t r = 0; r < rows; ++r) {
        for (std::uint32_t c = 0; c < columns; ++c) {
            groups.push_back(r / size * across + c / size);
        }
    }
    return groups;
}

TEST(MultilevelTest, GridBisectionFindsTheMinimumCut) {
    // 10 × 20 cells into 2 equal halves: no plan cuts fewer than the 10 edges across the middle.
    const OwnedProblem input = grid(10, 20);
    BalanceProblem problem = input.problem();
    problem.coarseGroups = blocks(10, 20, 5);
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
        const auto result = balance(problem, optionsFor(2, 0.0, seed));
        ASSERT_TRUE(result) << result.error().message;
        EXPECT_EQ(maxDeviation(input.weights, result->assignment, 2), 0.0);
        EXPECT_EQ(cutEdges(input.graph, result->assignment), 10U) << "seed " << seed;
        EXPECT_EQ(result->report.cutEdges, 10U);
        EXPECT_TRUE(result->report.contiguous);
    }
}

TEST(MultilevelTest, LocksContiguityAndTheBandAlwaysHoldOnRandomInstances) {
    for (std::uint64_t seed = 1; seed <= 4; ++seed) {
        const OwnedProblem input = randomGridLike(24, 24, seed);
        BalanceProblem problem = input.problem();
        problem.coarseGroups = blocks(24, 24, 4);
        // One node locked to each territory, in the four corners.
        problem.lockedTerritory.assign(input.weights.size(), -1);
        problem.lockedTerritory[0] = 0;
        problem.lockedTerritory[23] = 1;
        problem.lockedTerritory[24 * 23] = 2;
        problem.lockedTerritory[24 * 24 - 1] = 3;
        const auto result = balance(problem, optionsFor(4, 0.05, seed));
        ASSERT_TRUE(result) << result.error().message;
        const auto& plan = result->assignment;
        for (std::size_t v = 0; v < plan.size(); ++v) {
            if (problem.lockedTerritory[v] >= 0) {
                EXPECT_EQ(plan[v], problem.lockedTerritory[v]) << "node " << v;
            }
        }
        for (std::size_t c : componentsPerTerritory(input.graph, plan, 4)) {
            EXPECT_EQ(c, 1U) << "seed " << seed;
        }
        EXPECT_LE(maxDeviation(input.weights, plan, 4), 0.05 + 1e-9) << "seed " << seed;
        EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
        EXPECT_EQ(result->report.lockViolations, 0U);
    }
}

TEST(MultilevelTest, SameSeedSamePlan) {
    const OwnedProblem input = randomGridLike(20, 20, 11);
    BalanceProblem problem = input.problem();
    problem.coarseGroups = blocks(20, 20, 3);
    BalanceOptions options = optionsFor(3, 0.03, 5);
    options.starts = 2;
    const auto first = balance(problem, options);
    const auto second = balance(problem, options);
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->assignment, second->assignment);
}

TEST(MultilevelTest, FrozenTerritoryKeepsExactlyItsNodes) {
    const OwnedProblem input = randomGridLike(20, 20, 3);
    BalanceProblem problem = input.problem();
    problem.coarseGroups = blocks(20, 20, 4);
    problem.currentAssignment.resize(input.weights.size());
    for (std::uint32_t r = 0; r < 20; ++r) {
        for (std::uint32_t c = 0; c < 20; ++c) {
            problem.currentAssignment[r * 20 + c] = static_cast<std::int32_t>(c * 4 / 20);
        }
    }
    problem.frozenTerritories = {1, 0, 0, 0};  // the left edge: the rest stays connected
    BalanceOptions options = optionsFor(4, 0.05);
    const auto result = balance(problem, options);
    ASSERT_TRUE(result) << result.error().message;
    for (std::size_t v = 0; v < input.weights.size(); ++v) {
        EXPECT_EQ(result->assignment[v] == 0, problem.currentAssignment[v] == 0) << "node " << v;
    }
    for (std::size_t c : componentsPerTerritory(input.graph, result->assignment, 4)) {
        EXPECT_EQ(c, 1U);
    }
    EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
}

TEST(MultilevelTest, NonGeographicMeetsTheBand) {
    const OwnedProblem input = randomGridLike(20, 20, 8);
    BalanceProblem problem = input.problem();
    problem.coarseGroups = blocks(20, 20, 4);
    BalanceOptions options = optionsFor(4, 0.02);
    options.requireContiguity = false;
    options.compactness = Compactness::Inertia;
    const auto result = balance(problem, options);
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_LE(maxDeviation(input.weights, result->assignment, 4), 0.02 + 1e-9);
    EXPECT_TRUE(result->report.toleranceMet) << result->report.message;
}

TEST(MultilevelTest, CancelDuringTheRunStopsIt) {
    const OwnedProblem input = randomGridLike(30, 30, 5);
    BalanceProblem problem = input.problem();
    problem.coarseGroups = blocks(30, 30, 3);
    Feedback feedback;
    std::atomic<int> calls{0};
    feedback.setProgressCallback([&feedback, &calls](double fraction) {
        ++calls;
        if (fraction > 0.4) {  // in the refinement
            feedback.cancel();
        }
    });
    BalanceOptions options = optionsFor(4, 0.01);
    options.effort = 1.0;
    const auto result = balance(problem, options, &feedback);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, ErrorCode::Canceled);
    EXPECT_GT(calls.load(), 1);
}

TEST(MultilevelTest, NodeMassWeighsTheMomentOfInertiaAndBadMassesAreErrors) {
    const OwnedProblem input = grid(4, 4);
    BalanceProblem problem = input.problem();
    std::vector<std::int32_t> plan(16, 0);
    for (std::size_t v = 8; v < 16; ++v) {
        plan[v] = 1;
    }
    const BalanceOptions options = optionsFor(2, 0.05);
    const auto unit = evaluateAssignment(problem, options, plan);
    problem.nodeMass.assign(16, 3.0);
    const auto triple = evaluateAssignment(problem, options, plan);
    ASSERT_TRUE(unit && triple);
    EXPECT_GT(unit->inertiaKm2, 0.0);
    EXPECT_NEAR(triple->inertiaKm2, 3.0 * unit->inertiaKm2, 1e-6 * unit->inertiaKm2);

    problem.nodeMass[5] = 0.0;
    const auto bad = balance(problem, options);
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("masses"), std::string::npos);
    problem.nodeMass.clear();
    problem.coarseGroups.assign(3, 0);  // not one per node
    const auto wrongSize = balance(problem, options);
    ASSERT_FALSE(wrongSize);
    EXPECT_NE(wrongSize.error().message.find("coarse groups"), std::string::npos);
}

}  // namespace
}  // namespace tessera::engine
