// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/AreaGraph.h"
#include "core/Feedback.h"
#include "core/Geometry.h"
#include "core/Result.h"

namespace tessera::engine {

/// A graph partitioning problem: split the nodes (areas) into territories that are connected
/// in the graph and whose weights are within a tolerance of their target.
struct BalanceProblem {
    const AreaGraph* graph = nullptr;
    std::vector<double> weights;    ///< per node, e.g. workload; ≥ 0
    std::vector<Point> locations;   ///< per node (lon/lat), for seeding and compactness
};

struct BalanceOptions {
    std::size_t territoryCount = 2;
    double tolerance = 0.05;        ///< allowed |weight − target| / target
    std::uint64_t seed = 1;
    double timeLimitSeconds = 10.0;
};

/// What a run achieved; never claims more than it reached.
struct BalanceReport {
    double target = 0.0;
    double maxDeviation = 0.0;   ///< max |weight − target| / target over territories
    double meanDeviation = 0.0;
    bool toleranceMet = false;
    bool contiguous = false;
    std::vector<std::size_t> componentsPerTerritory;
    std::size_t cutEdges = 0;
    double cutBoundaryKm = 0.0;
    /// A deviation no plan can go below (e.g. one node heavier than the band allows).
    double lowerBoundDeviation = 0.0;
    double seconds = 0.0;
    std::string message;         ///< plain words: what was reached, what binds
};

struct BalanceResult {
    std::vector<std::int32_t> assignment;  ///< territory per node, 0..territoryCount-1
    std::vector<double> territoryWeights;
    BalanceReport report;
};

/// Deterministic for a given seed; honours the time limit; cancel returns ErrorCode::Canceled
/// and leaves the problem untouched.
[[nodiscard]] Result<BalanceResult> balance(const BalanceProblem& problem,
                                            const BalanceOptions& options,
                                            Feedback* feedback = nullptr);

}  // namespace tessera::engine
