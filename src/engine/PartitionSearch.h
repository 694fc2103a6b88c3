// SPDX-License-Identifier: Apache-2.0
#pragma once

// The search behind engine::balance(): region growing from spread-out seeds, then simulated
// annealing over boundary moves that keep every territory connected. Internal to the engine.

#include <chrono>
#include <cstdint>
#include <vector>

#include "core/Feedback.h"

namespace tessera::engine::detail {

/// The graph the search runs on, in compressed adjacency form. Edge costs are the compactness
/// measure scaled so that a typical edge costs 1.
struct SearchGraph {
    std::uint32_t nodeCount = 0;
    std::vector<std::uint32_t> offsets{0};  ///< nodeCount + 1 entries
    std::vector<std::uint32_t> targets;     ///< neighbour per adjacency entry
    std::vector<double> costs;              ///< cut cost per adjacency entry
    std::vector<double> weights;            ///< per node
    std::vector<double> x;                  ///< planar coordinates; empty when unknown
    std::vector<double> y;
};

struct SearchSettings {
    double target = 0.0;         ///< weight every territory aims at
    double bandHalfWidth = 0.0;  ///< allowed |weight − target|, in weight units
    std::uint64_t seed = 1;
    double effort = 1.0;
    std::chrono::steady_clock::time_point deadline;
    Feedback* feedback = nullptr;
    bool reportProgress = true;  ///< false: only check for cancel
    /// Independent starts (on their own threads); the best plan wins.
    std::size_t starts = 1;
};

struct SearchOutcome {
    std::vector<std::int32_t> assignment;
    bool canceled = false;
    bool timedOut = false;
    std::uint64_t iterations = 0;
};

/// Splits every group (a connected part of `graph`; `groupOfNode` labels them) into
/// `territoriesPerGroup[g]` connected territories, numbered consecutively group after group.
/// Every group must have at least as many nodes as territories.
[[nodiscard]] SearchOutcome searchPartition(const SearchGraph& graph,
                                            const std::vector<std::uint32_t>& groupOfNode,
                                            const std::vector<std::size_t>& territoriesPerGroup,
                                            const SearchSettings& settings);

}  // namespace tessera::engine::detail
