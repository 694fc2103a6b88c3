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
/// A further measure balanced together with the first (e.g. potential next to workload).
struct MeasureInput {
    std::string name;
    std::vector<double> values;  ///< per node; ≥ 0
    double tolerance = 0.05;     ///< allowed |load − target| / target
};

struct BalanceProblem {
    const AreaGraph* graph = nullptr;
    std::vector<double> weights;   ///< per node, e.g. workload; ≥ 0
    std::vector<Point> locations;  ///< per node (lon/lat), for seeding and compactness

    std::string weightName = "weight";  ///< name of the first measure in reports
    std::vector<MeasureInput> extraMeasures;
    /// Per territory (1.0 = one full-time rep); targets scale with it. Empty: all 1.
    std::vector<double> capacities;
    /// Per node: the territory it is locked to, or −1. Empty: none locked.
    std::vector<std::int32_t> lockedTerritory;
    /// Load each territory carries whatever areas it gets (locked accounts, accounts given to
    /// a specialist elsewhere): [t * measureCount + m], measure 0 = weights. Empty: none.
    std::vector<double> fixedLoad;
    /// Per territory: frozen territories keep exactly their nodes of currentAssignment and
    /// are left out of the balance. Empty: none.
    std::vector<char> frozenTerritories;
    /// Per node: the plan as it is now (rebalance mode, disruption, moves report); −1 =
    /// unassigned. Empty: none.
    std::vector<std::int32_t> currentAssignment;
    /// Per node: what changing territory costs under the disruption weight (e.g. potential
    /// or accounts in the area). Empty: the first measure.
    std::vector<double> disruptionValues;
    /// Per territory: its rep's home base (lon/lat) and whether it has one. Empty: none.
    std::vector<Point> homes;
    std::vector<char> hasHome;
    /// Per node, for Polsby–Popper in the report: area (km²) and perimeter (km). Optional.
    std::vector<double> areaKm2;
    std::vector<double> perimeterKm;
    /// Per node, how messages name it (e.g. "area 05119", "account A-17"). Empty: "node N".
    std::vector<std::string> nodeNames;
    /// What the nodes are, plural, for messages ("areas", "accounts").
    std::string nodeNoun = "areas";
    /// Multilevel (for many small units, e.g. accounts): per node, the group it is balanced
    /// with first (e.g. its area). Each group is cut into connected pieces of a bounded size,
    /// the pieces are balanced as units, and then only the nodes near the territories'
    /// boundaries are searched one by one (the interior of each territory held as one unit).
    /// Empty, or fewer than 50 nodes per territory: one level, every node on its own.
    std::vector<std::uint32_t> coarseGroups;
    /// Per node, its mass in the moment of inertia (e.g. the number of accounts a unit
    /// stands for). Empty: 1 each.
    std::vector<double> nodeMass;
    /// Per node, a plan to start from without heating it up (e.g. a coarser level's plan);
    /// −1 = grow into. Empty: as the mode says.
    std::vector<std::int32_t> startAssignment;
};

/// What "compact" means for the secondary objective.
enum class Compactness {
    CutEdges,        ///< number of graph edges between different territories
    BoundaryLength,  ///< total shared boundary (km) between different territories
    Inertia,         ///< moment of inertia of each territory's areas about its centre
};

enum class BalanceMode {
    FromScratch,  ///< design the territories anew
    Rebalance,    ///< start from currentAssignment and improve it
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

    BalanceMode mode = BalanceMode::FromScratch;
    /// Weight on nodes leaving their territory in currentAssignment: 0 = design freely; 1 ≈ a
    /// moved average node costs as much as one more cut edge; 10 and more = change little.
    double disruptionWeight = 0.0;
    /// Weight on distance from the rep's home (per average node, per typical node spacing).
    double travelWeight = 0.0;
    /// No node further than this from its territory's home (km); 0 = no limit.
    double maxTravelKm = 0.0;
    /// Keep every territory connected in the graph (geographic). False: territories may be
    /// scattered (non-geographic); any node may go to any territory and plans are judged by
    /// balance, travel and moment of inertia (the report still counts components).
    bool requireContiguity = true;
    /// See SearchSettings::connectivityProbeLimit (0 = exact checks however far they look).
    std::uint32_t connectivityProbeLimit = 0;
};

/// Balance figures of one measure.
struct MeasureReport {
    std::string name;
    double tolerance = 0.0;
    double total = 0.0;
    double maxDeviation = 0.0;  ///< max |load − target| / target over territories not frozen
    double meanDeviation = 0.0;
    bool toleranceMet = false;
    std::size_t worstTerritory = 0;
    double lowerBoundDeviation = 0.0;
    std::string lowerBoundReason;
};

/// One node that changed territory against currentAssignment, and why.
struct NodeMove {
    std::uint32_t node = 0;
    std::int32_t from = -1;
    std::int32_t to = -1;
    std::string reason;
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

    std::vector<MeasureReport> measures;  ///< the first is the weight above
    std::vector<double> territoryLoads;   ///< [t * measures.size() + m]
    std::vector<double> targets;          ///< [t * measures.size() + m]
    double inertiaKm2 = 0.0;  ///< sum over territories of Σ |area centre − territory centre|²
    /// Per territory 4πA/P² (1 = a disc), when areas and perimeters are known; else empty.
    std::vector<double> polsbyPopper;
    double meanPolsbyPopper = 0.0;
    double minPolsbyPopper = 0.0;
    /// Mean and largest distance (km) of a node from its territory's home, weighted by the
    /// first measure, over territories with a home; nodes beyond maxTravelKm.
    double meanTravelKm = 0.0;
    double maxTravelKm = 0.0;
    std::size_t nodesBeyondMaxTravel = 0;
    /// Against currentAssignment: nodes moved, and the share of the first measure and of the
    /// disruption values that moved.
    std::size_t movedNodes = 0;
    double movedWeightShare = 0.0;
    double movedDisruptionShare = 0.0;
    std::vector<NodeMove> moves;
    std::size_t lockViolations = 0;  ///< nodes outside their locked territory (always 0)
    std::string binding;             ///< what keeps the tolerance from being met, when missed
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
