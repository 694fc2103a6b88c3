// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
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
    std::vector<double> weights;   ///< per node, e.g. workload; ≥ 0
    std::vector<Point> locations;  ///< per node (lon/lat), for seeding and compactness
};

/// What "compact" means for the secondary objective.
enum class Compactness {
    CutEdges,        ///< number of graph edges between different territories
    BoundaryLength,  ///< total shared boundary (km) between different territories
};

struct BalanceOptions {
    std::size_t territoryCount = 2;
    double tolerance = 0.05;  ///< allowed |weight − target| / target
    std::uint64_t seed = 1;
    /// A safety stop. The search itself has a fixed, size-dependent budget so that a seed always
    /// gives the same plan; only a run that hits this limit may differ between machines (the
    /// report says so).
    double timeLimitSeconds = 10.0;
    Compactness compactness = Compactness::CutEdges;
    /// Scales the search budget (1 = default; 0.2 for a quick draft, 5 for a long polish).
    double effort = 1.0;
    /// Independent starts from different seeds, each on its own thread; the best plan wins
    /// (the result is the same whatever the thread timing).
    std::size_t starts = 2;
};

/// What a run achieved; never claims more than it reached.
struct BalanceReport {
    double target = 0.0;
    double maxDeviation = 0.0;  ///< max |weight − target| / target over territories
    double meanDeviation = 0.0;
    bool toleranceMet = false;
    bool contiguous = false;
    std::vector<std::size_t> componentsPerTerritory;
    std::size_t cutEdges = 0;
    double cutBoundaryKm = 0.0;
    /// A deviation no plan can go below (e.g. one node heavier than the band allows).
    double lowerBoundDeviation = 0.0;
    double seconds = 0.0;
    std::string message;  ///< plain words: what was reached, what binds

    /// Why lowerBoundDeviation is what it is, in plain words (empty when it is 0).
    std::string lowerBoundReason;
    std::size_t heaviestTerritory = 0;  ///< index of the territory with the largest |deviation|
    /// Connected components of the input graph; above 1 territories are assigned to parts in
    /// proportion to their weight, and a part too light for a territory of its own joins the
    /// nearest one (whose territory is then reported as not contiguous).
    std::size_t graphComponents = 1;
    bool stoppedByTimeLimit = false;
    std::uint64_t iterations = 0;  ///< local-search moves tried
};

struct BalanceResult {
    std::vector<std::int32_t> assignment;  ///< territory per node, 0..territoryCount-1
    std::vector<double> territoryWeights;
    BalanceReport report;
};

/// Recomputes the report figures (target, deviations, contiguity, cut edges and boundary,
/// lower bound) for any assignment, e.g. a plan edited by hand. `seconds`, `iterations` and
/// `message` are left empty. Cut edges and boundary count graph edges that are not bridges
/// (bridges join islands and share no boundary); contiguity counts bridges as links.
[[nodiscard]] Result<BalanceReport> evaluateAssignment(const BalanceProblem& problem,
                                                       const BalanceOptions& options,
                                                       std::span<const std::int32_t> assignment);

/// Deterministic for a given seed; honours the time limit; cancel returns ErrorCode::Canceled
/// and leaves the problem untouched.
[[nodiscard]] Result<BalanceResult> balance(const BalanceProblem& problem,
                                            const BalanceOptions& options,
                                            Feedback* feedback = nullptr);

}  // namespace tessera::engine
