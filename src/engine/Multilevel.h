// SPDX-License-Identifier: Apache-2.0
#pragma once

// Multilevel balancing for many small units (accounts): balance connected pieces of each
// coarse group first, then search only the nodes near the territories' boundaries, each
// territory's interior held as one unit. Internal to the engine.

#include <chrono>

#include "Balancer.h"
#include "PartitionSearch.h"

namespace tessera::engine::detail {

/// Below this many nodes per territory the groups are ignored (one level is fast enough).
inline constexpr std::size_t kMultilevelNodesPerTerritory = 50;

/// The plan for `problem` (whose coarseGroups are set); the caller reports it. Canceled
/// and bad sub-problems come back as errors.
[[nodiscard]] Result<SearchOutcome> balanceMultilevel(
    const BalanceProblem& problem, const BalanceOptions& options, Feedback* feedback,
    std::chrono::steady_clock::time_point started);

}  // namespace tessera::engine::detail
