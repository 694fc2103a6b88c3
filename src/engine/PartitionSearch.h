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
    /// Measures per node, node-major (weights[v * measureCount + m]); each measure scaled so
    /// that its average node weighs 1.
    std::vector<double> weights;
    std::uint32_t measureCount = 1;
    std::vector<double> x;  ///< planar coordinates; empty when unknown
    std::vector<double> y;
    std::vector<double> mass;  ///< per node, for the moment of inertia; empty: 1 each
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

    // Per territory t and measure m at [t * measureCount + m], in the graph's scaled units.
    // When empty, every territory aims at `target` ± `bandHalfWidth` (one measure).
    std::vector<double> targets;
    std::vector<double> bands;  ///< half widths; infinite for a frozen territory
    std::vector<double>
        baseLoad;              ///< load a territory carries whatever its nodes (locked accounts)
    std::vector<char> frozen;  ///< per territory: takes and gives no node

    std::vector<std::int32_t> fixed;  ///< per node: territory it is locked to, or −1; may be empty
    std::vector<std::int32_t>
        initial;          ///< per node: plan to start from (−1 = grow into); may be empty
    bool gentle = false;  ///< start from `initial` without heating it up

    /// Per node, cost of leaving its territory in `current` (disruption); may be empty.
    std::vector<std::int32_t> current;
    std::vector<double> disruptionCost;

    /// Travel: per territory its home (planar units), hasHome; per node the mass that travels.
    std::vector<double> homeX;
    std::vector<double> homeY;
    std::vector<char> hasHome;
    std::vector<double> travelCost;  ///< per node, cost per planar unit of distance; may be empty
    double maxDistance = 0.0;        ///< planar units; 0 = no limit

    double inertiaWeight = 0.0;  ///< cost per squared planar unit of moment of inertia

    /// Keep every territory connected. False (non-geographic): a node may also move to a
    /// territory it does not touch, and nothing checks connectivity.
    bool contiguous = true;
    /// A connectivity check that has to look at more than this many nodes counts as "would
    /// disconnect" (the move is skipped; never a wrong accept); 0 = no limit. Bounds the cost
    /// per move on graphs with many near-articulation nodes (nearest-neighbour graphs).
    std::uint32_t connectivityProbeLimit = 0;
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
