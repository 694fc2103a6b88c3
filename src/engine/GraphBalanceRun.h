// SPDX-License-Identifier: Apache-2.0
#pragma once

// Graph mode: balance a graph read from a file (io::readGraph) and write the plan and the
// report the way `tessera-cli balance --graph` promises, so results can be compared with
// redistricting tools on the very same graph.

#include <string>
#include <vector>

#include "engine/Balancer.h"

namespace tessera::engine {

struct GraphBalanceArgs {
    BalanceOptions options;
    std::string weightField;  ///< named in the report
    std::string graphPath;    ///< named in the report
    std::string planPath;    ///< plan.csv: `node_id,territory` (territories 0..N−1); may be empty
    std::string reportPath;  ///< report JSON; may be empty
};

/// What the graph mode balances: a graph with node ids, one weight per node and, if known,
/// lon/lat per node.
struct GraphBalanceInput {
    const AreaGraph* graph = nullptr;
    std::vector<std::string> nodeIds;
    std::vector<double> weights;
    std::vector<Point> locations;
    /// Unit of AreaEdge::sharedBoundaryKm in this graph: "km", or e.g. "source units" for a
    /// GerryChain graph whose shared_perim is in the shapes' coordinate units.
    std::string boundaryUnit = "km";
    /// Further fields balanced at the same time, each with its own tolerance.
    std::vector<MeasureInput> extraMeasures;
    /// Per node: the territory it is locked to, or −1 (--lock). Empty: none.
    std::vector<std::int32_t> lockedTerritory;
    /// Per territory: home base (lon/lat) and whether it has one (--homes). Empty: none.
    std::vector<Point> homes;
    std::vector<char> hasHome;
    /// Per node area and perimeter for Polsby–Popper (same units as the edges' boundary), and
    /// where they came from; empty when the graph does not carry them.
    std::vector<double> areas;
    std::vector<double> perimeters;
    std::string polsbyPopperSource;
};

struct GraphBalanceRun {
    BalanceResult result;
    double readSeconds = 0.0;  ///< filled by the caller if it timed the reading
    double writeSeconds = 0.0;
};

/// Balances and writes the plan CSV and the report JSON (see reportJson). An error names the
/// file that could not be written.
[[nodiscard]] Result<GraphBalanceRun> runGraphBalance(const GraphBalanceArgs& args,
                                                      const GraphBalanceInput& input,
                                                      Feedback* feedback = nullptr);

/// The report as JSON: `max_deviation` (fraction of target), `mean_deviation`, `target`,
/// `tolerance`, `tolerance_met`, `contiguous`, `components_per_territory`, `cut_edges`,
/// `cut_boundary` (+ `cut_boundary_unit`), `lower_bound_deviation`, `lower_bound_reason`,
/// `seconds`, `iterations`, `stopped_by_time_limit`, `seed`, `territories`, `nodes`,
/// `edges`, `graph_components`, `territory_weights`, `measures` (one entry per balanced
/// measure: field, target, max/mean deviation, tolerance, lower bound),
/// `max_deviation_per_measure` (field → fraction), `inertia_km2`, `polsby_popper` (per
/// territory, null without area/perimeter), `mean_polsby_popper`, `min_polsby_popper`,
/// `polsby_popper_source`, `locked_nodes`, `lock_violations`, `homes`, `mean_travel_km`,
/// `max_travel_km`, `binding` and `message`.
[[nodiscard]] std::string reportJson(const GraphBalanceArgs& args, const GraphBalanceInput& input,
                                     const BalanceResult& result);

/// `node_id,territory` lines with a header; ids quoted where CSV needs it.
[[nodiscard]] std::string planCsv(const std::vector<std::string>& nodeIds,
                                  const std::vector<std::int32_t>& assignment);

}  // namespace tessera::engine
