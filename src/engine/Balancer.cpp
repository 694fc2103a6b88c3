// SPDX-License-Identifier: Apache-2.0
#include "Balancer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>
#include <string_view>

#include <boost/geometry/index/rtree.hpp>

#include "Multilevel.h"
#include "PartitionSearch.h"

namespace tessera::engine {
namespace {

using Clock = std::chrono::steady_clock;

std::string formatNumber(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

std::string formatPercent(double fraction) {
    const double percent = fraction * 100.0;
    return formatNumber(percent, std::abs(percent) < 10.0 ? 2 : 1) + " %";
}

constexpr double kKmPerDegree = 111.195;

std::size_t measureCountOf(const BalanceProblem& problem) {
    return 1 + problem.extraMeasures.size();
}

double valueOf(const BalanceProblem& problem, std::size_t v, std::size_t m) {
    return m == 0 ? problem.weights[v] : problem.extraMeasures[m - 1].values[v];
}

double toleranceOf(const BalanceProblem& problem, const BalanceOptions& options, std::size_t m) {
    return m == 0 ? options.tolerance : problem.extraMeasures[m - 1].tolerance;
}

/// How messages name node v: its name when the problem gives names, else "node v".
std::string nodeLabel(const BalanceProblem& problem, std::size_t v) {
    return v < problem.nodeNames.size() && !problem.nodeNames[v].empty()
               ? problem.nodeNames[v]
               : "node " + std::to_string(v);
}

std::string measureName(const BalanceProblem& problem, std::size_t m) {
    return m == 0 ? problem.weightName : problem.extraMeasures[m - 1].name;
}

/// Whether the problem uses anything beyond one measure split evenly over a possibly
/// disconnected graph.
bool usesConstraints(const BalanceProblem& problem, const BalanceOptions& options) {
    return !problem.capacities.empty() || !problem.lockedTerritory.empty() ||
           !problem.fixedLoad.empty() || !problem.frozenTerritories.empty() ||
           !problem.homes.empty() || options.mode == BalanceMode::Rebalance ||
           options.disruptionWeight > 0.0;
}

bool isFrozen(const BalanceProblem& problem, std::size_t t) {
    return t < problem.frozenTerritories.size() && problem.frozenTerritories[t] != 0;
}

/// Targets and band half widths per territory and measure ([t * M + m]), in the measures'
/// own units. Frozen territories aim at what they hold (their band is infinite); the others
/// share the rest in proportion to their capacity.
struct Targets {
    std::size_t measures = 1;
    std::vector<double> target;
    std::vector<double> band;
    std::vector<double> total;  ///< per measure, nodes and fixed loads
};

Targets targetsFor(const BalanceProblem& problem, const BalanceOptions& options) {
    const std::size_t count = options.territoryCount;
    const std::size_t k = measureCountOf(problem);
    const std::size_t n = problem.weights.size();
    Targets targets;
    targets.measures = k;
    targets.total.assign(k, 0.0);
    std::vector<double> frozenLoad(count * k, 0.0);
    for (std::size_t m = 0; m < k; ++m) {
        for (std::size_t v = 0; v < n; ++v) {
            const double value = valueOf(problem, v, m);
            targets.total[m] += value;
            if (!problem.currentAssignment.empty() && problem.currentAssignment[v] >= 0 &&
                isFrozen(problem, static_cast<std::size_t>(problem.currentAssignment[v]))) {
                frozenLoad[static_cast<std::size_t>(problem.currentAssignment[v]) * k + m] += value;
            }
        }
        for (std::size_t t = 0; t < count && !problem.fixedLoad.empty(); ++t) {
            targets.total[m] += problem.fixedLoad[t * k + m];
            if (isFrozen(problem, t)) {
                frozenLoad[t * k + m] += problem.fixedLoad[t * k + m];
            }
        }
    }
    double capacity = 0.0;
    for (std::size_t t = 0; t < count; ++t) {
        if (!isFrozen(problem, t)) {
            capacity += problem.capacities.empty() ? 1.0 : problem.capacities[t];
        }
    }
    targets.target.assign(count * k, 0.0);
    targets.band.assign(count * k, 0.0);
    for (std::size_t m = 0; m < k; ++m) {
        double frozenTotal = 0.0;
        for (std::size_t t = 0; t < count; ++t) {
            frozenTotal += frozenLoad[t * k + m];
        }
        for (std::size_t t = 0; t < count; ++t) {
            const std::size_t i = t * k + m;
            if (isFrozen(problem, t)) {
                targets.target[i] = frozenLoad[i];
                targets.band[i] = std::numeric_limits<double>::infinity();
                continue;
            }
            const double share =
                (problem.capacities.empty() ? 1.0 : problem.capacities[t]) / capacity;
            targets.target[i] = (targets.total[m] - frozenTotal) * share;
            targets.band[i] = targets.target[i] * toleranceOf(problem, options, m);
        }
    }
    return targets;
}

/// How the territories are spread over the connected parts of the graph.
struct PartPlan {
    std::vector<std::uint32_t> partOfNode;
    std::size_t partCount = 0;
    std::vector<double> partWeight;
    std::vector<std::size_t> partNodes;
    std::vector<std::size_t> partPositiveNodes;
    std::vector<std::size_t> territories;  ///< per part; 0 = joins the nearest part that has some
};

/// Territories per connected part in proportion to weight (highest averages, divisors 1, 3, 5,
/// …: Sainte-Laguë), never more than a part has nodes. Parts whose share rounds to nothing get
/// none and join their nearest neighbour.
PartPlan planParts(const BalanceProblem& problem, std::size_t territoryCount) {
    PartPlan plan;
    plan.partOfNode = problem.graph->componentLabels(&plan.partCount);
    plan.partWeight.assign(plan.partCount, 0.0);
    plan.partNodes.assign(plan.partCount, 0);
    plan.partPositiveNodes.assign(plan.partCount, 0);
    double total = 0.0;
    for (std::size_t v = 0; v < plan.partOfNode.size(); ++v) {
        plan.partWeight[plan.partOfNode[v]] += problem.weights[v];
        ++plan.partNodes[plan.partOfNode[v]];
        if (problem.weights[v] > 0.0) {
            ++plan.partPositiveNodes[plan.partOfNode[v]];
        }
        total += problem.weights[v];
    }
    plan.territories.assign(plan.partCount, 0);
    for (std::size_t given = 0; given < territoryCount; ++given) {
        std::size_t best = plan.partCount;
        double bestPriority = -1.0;
        for (std::size_t p = 0; p < plan.partCount; ++p) {
            if (plan.territories[p] >= plan.partNodes[p]) {
                continue;
            }
            const double size =
                total > 0.0 ? plan.partWeight[p] : static_cast<double>(plan.partNodes[p]);
            const double priority = size / static_cast<double>(2 * plan.territories[p] + 1);
            if (priority > bestPriority) {
                bestPriority = priority;
                best = p;
            }
        }
        ++plan.territories[best];  // territoryCount ≤ nodes, so some part always has room
    }
    return plan;
}

struct LowerBound {
    double deviation = 0.0;
    std::string reason;
};

LowerBound lowerBound(const BalanceProblem& problem, const PartPlan& plan,
                      std::size_t territoryCount, double target) {
    LowerBound bound;
    if (!(target > 0.0)) {
        return bound;
    }
    std::size_t heaviest = 0;
    for (std::size_t v = 1; v < problem.weights.size(); ++v) {
        if (problem.weights[v] > problem.weights[heaviest]) {
            heaviest = v;
        }
    }
    const double nodeBound = problem.weights[heaviest] / target - 1.0;
    if (nodeBound > 0.0) {
        bound.deviation = nodeBound;
        bound.reason = nodeLabel(problem, heaviest) + " alone weighs " +
                       formatNumber(problem.weights[heaviest], 1) + ", " +
                       formatPercent(nodeBound) + " above the target of " +
                       formatNumber(target, 1) + ", so its territory cannot be closer";
    }
    // Parts of a disconnected graph: their territories share the part's weight.
    std::vector<double> groupWeight(plan.partCount, 0.0);
    std::vector<std::size_t> groupPositive(plan.partCount, 0);
    if (plan.partCount > 1) {
        double unallocated = 0.0;
        std::size_t unallocatedPositive = 0;
        for (std::size_t p = 0; p < plan.partCount; ++p) {
            if (plan.territories[p] == 0) {
                unallocated += plan.partWeight[p];
                unallocatedPositive += plan.partPositiveNodes[p];
            }
        }
        for (std::size_t p = 0; p < plan.partCount; ++p) {
            if (plan.territories[p] == 0) {
                continue;
            }
            const double average = plan.partWeight[p] / static_cast<double>(plan.territories[p]);
            // Joined parts add weight somewhere; the bound uses this part's own weight only
            // when nothing joins, and the weight with everything joined as the upper side.
            const double low = average / target - 1.0;
            const double high = (plan.partWeight[p] + unallocated) /
                                    static_cast<double>(plan.territories[p]) / target -
                                1.0;
            double deviation = 0.0;
            if (low > 0.0) {
                deviation = low;
            } else if (high < 0.0) {
                deviation = -high;
            }
            if (deviation > bound.deviation) {
                bound.deviation = deviation;
                bound.reason = "the graph falls into " + std::to_string(plan.partCount) +
                               " separate parts; part " + std::to_string(p) + " (weight " +
                               formatNumber(plan.partWeight[p], 1) + ", " +
                               std::to_string(plan.partNodes[p]) + " nodes) holds " +
                               std::to_string(plan.territories[p]) +
                               " whole territories, averaging " + formatPercent(deviation) +
                               " from the target";
            }
            if (plan.partPositiveNodes[p] + unallocatedPositive < plan.territories[p] &&
                bound.deviation < 1.0) {
                bound.deviation = 1.0;
                bound.reason = "part " + std::to_string(p) +
                               " of the graph has fewer nodes with "
                               "weight than territories, so one territory gets no weight";
            }
        }
    } else {
        std::size_t positive = 0;
        for (double w : problem.weights) {
            positive += w > 0.0 ? 1 : 0;
        }
        if (positive < territoryCount && bound.deviation < 1.0) {
            bound.deviation = 1.0;
            bound.reason = "only " + std::to_string(positive) +
                           " nodes have any weight, fewer "
                           "than the " +
                           std::to_string(territoryCount) +
                           " territories, so some territory gets no weight";
        }
    }
    return bound;
}

Result<void> checkPerNode(std::string_view what, std::size_t size, std::size_t n) {
    if (size != 0 && size != n) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: " + std::to_string(size) + " " + std::string(what) + " for " +
                        std::to_string(n) + " nodes; give one per node or none");
    }
    return {};
}

Result<void> checkPerTerritory(std::string_view what, std::size_t size, std::size_t count) {
    if (size != 0 && size != count) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: " + std::to_string(size) + " " + std::string(what) + " for " +
                        std::to_string(count) + " territories; give one per territory or none");
    }
    return {};
}

Result<void> validateConstraints(const BalanceProblem& problem, const BalanceOptions& options) {
    const std::size_t n = problem.graph->nodeCount();
    const std::size_t count = options.territoryCount;
    const std::size_t k = measureCountOf(problem);
    for (std::size_t m = 1; m < k; ++m) {
        const MeasureInput& measure = problem.extraMeasures[m - 1];
        if (measure.values.size() != n) {
            return fail(ErrorCode::InvalidArgument, "balance: measure '" + measure.name + "' has " +
                                                        std::to_string(measure.values.size()) +
                                                        " values for " + std::to_string(n) +
                                                        " nodes; give exactly one per node");
        }
        for (std::size_t v = 0; v < n; ++v) {
            if (!std::isfinite(measure.values[v]) || measure.values[v] < 0.0) {
                return fail(ErrorCode::InvalidArgument,
                            "balance: measure '" + measure.name + "' is " +
                                formatNumber(measure.values[v], 3) + " at " +
                                nodeLabel(problem, v) + "; values must be finite and not negative");
            }
        }
        if (!std::isfinite(measure.tolerance) || measure.tolerance < 0.0) {
            return fail(ErrorCode::InvalidArgument, "balance: the tolerance of measure '" +
                                                        measure.name +
                                                        "' must be a fraction ≥ 0, e.g. 0.05");
        }
    }
    for (const auto& check :
         {checkPerNode("locks", problem.lockedTerritory.size(), n),
          checkPerNode("current territories", problem.currentAssignment.size(), n),
          checkPerNode("disruption values", problem.disruptionValues.size(), n),
          checkPerNode("areas", problem.areaKm2.size(), n),
          checkPerNode("perimeters", problem.perimeterKm.size(), n),
          checkPerNode("node names", problem.nodeNames.size(), n),
          checkPerNode("coarse groups", problem.coarseGroups.size(), n),
          checkPerNode("node masses", problem.nodeMass.size(), n),
          checkPerNode("start territories", problem.startAssignment.size(), n),
          checkPerTerritory("capacities", problem.capacities.size(), count),
          checkPerTerritory("frozen flags", problem.frozenTerritories.size(), count),
          checkPerTerritory("homes", problem.homes.size(), count),
          checkPerTerritory("home flags", problem.hasHome.size(), count)}) {
        if (!check) {
            return check;
        }
    }
    if (problem.homes.size() != problem.hasHome.size()) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: give a home flag for every home (and a home for every flag)");
    }
    if (!problem.fixedLoad.empty() && problem.fixedLoad.size() != count * k) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: the fixed loads need one value per territory and measure (" +
                        std::to_string(count * k) + "), not " +
                        std::to_string(problem.fixedLoad.size()));
    }
    for (double load : problem.fixedLoad) {
        if (!std::isfinite(load) || load < 0.0) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: fixed loads must be finite and not negative");
        }
    }
    std::size_t active = 0;
    for (std::size_t t = 0; t < count; ++t) {
        if (isFrozen(problem, t)) {
            continue;
        }
        ++active;
        if (!problem.capacities.empty() &&
            (!std::isfinite(problem.capacities[t]) || problem.capacities[t] <= 0.0)) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: territory " + std::to_string(t) + " has capacity " +
                            formatNumber(problem.capacities[t], 3) +
                            "; capacities must be positive (1 = one full-time rep)");
        }
    }
    if (active == 0) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: every territory is frozen; unfreeze at least one to balance");
    }
    if (!problem.frozenTerritories.empty() && problem.currentAssignment.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: frozen territories need the current plan (which nodes they hold)");
    }
    for (std::size_t v = 0; v < problem.lockedTerritory.size(); ++v) {
        const std::int32_t t = problem.lockedTerritory[v];
        if (t < -1 || t >= static_cast<std::int32_t>(count)) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: " + nodeLabel(problem, v) + " is locked to territory " +
                            std::to_string(t) + ", which does not exist (0.." +
                            std::to_string(count - 1) + ")");
        }
        if (t >= 0 && isFrozen(problem, static_cast<std::size_t>(t)) &&
            problem.currentAssignment[v] != t) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: " + nodeLabel(problem, v) + " is locked to frozen territory " +
                            std::to_string(t) +
                            " but is not in it; frozen territories take "
                            "no new nodes");
        }
    }
    for (std::size_t v = 0; v < problem.currentAssignment.size(); ++v) {
        if (problem.currentAssignment[v] < -1) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: " + nodeLabel(problem, v) + " has current territory " +
                            std::to_string(problem.currentAssignment[v]) + "; use −1 for none");
        }
    }
    for (double mass : problem.nodeMass) {
        if (!std::isfinite(mass) || mass <= 0.0) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: node masses must be finite and positive");
        }
    }
    for (std::size_t v = 0; v < problem.startAssignment.size(); ++v) {
        const std::int32_t t = problem.startAssignment[v];
        if (t < -1 || t >= static_cast<std::int32_t>(count)) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: " + nodeLabel(problem, v) + " starts in territory " +
                            std::to_string(t) + ", which does not exist (0.." +
                            std::to_string(count - 1) + "; −1 for none)");
        }
    }
    for (double value : problem.disruptionValues) {
        if (!std::isfinite(value) || value < 0.0) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: disruption values must be finite and not negative");
        }
    }
    for (const double weight :
         {options.disruptionWeight, options.travelWeight, options.maxTravelKm}) {
        if (!std::isfinite(weight) || weight < 0.0) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: the disruption and travel weights and the maximum travel "
                        "distance must be finite and not negative");
        }
    }
    if (options.mode == BalanceMode::Rebalance && problem.currentAssignment.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: rebalancing needs the current plan; give it or build from scratch");
    }
    if ((options.compactness == Compactness::Inertia || options.travelWeight > 0.0 ||
         options.maxTravelKm > 0.0) &&
        problem.locations.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: moment of inertia and travel need a location for every node");
    }
    if (usesConstraints(problem, options) && options.requireContiguity) {
        std::size_t parts = 0;
        (void)problem.graph->componentLabels(&parts);
        if (parts > 1) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: the graph falls into " + std::to_string(parts) +
                            " separate parts; capacities, locks, homes, rebalancing and "
                            "disruption need one connected graph (bridge islands to their "
                            "nearest neighbour first)");
        }
    }
    return {};
}

Result<void> validate(const BalanceProblem& problem, const BalanceOptions& options) {
    if (problem.graph == nullptr) {
        return fail(ErrorCode::InvalidArgument, "balance: the problem has no graph");
    }
    const std::size_t n = problem.graph->nodeCount();
    if (problem.weights.size() != n) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: " + std::to_string(problem.weights.size()) + " weights for " +
                        std::to_string(n) + " nodes; give exactly one weight per node");
    }
    if (!problem.locations.empty() && problem.locations.size() != n) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: " + std::to_string(problem.locations.size()) + " locations for " +
                        std::to_string(n) + " nodes; give one location per node or none");
    }
    for (std::size_t v = 0; v < n; ++v) {
        if (!std::isfinite(problem.weights[v]) || problem.weights[v] < 0.0) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: " + nodeLabel(problem, v) + " has weight " +
                            formatNumber(problem.weights[v], 3) +
                            "; weights must be finite and not negative");
        }
    }
    for (std::size_t v = 0; v < problem.locations.size(); ++v) {
        const Point& p = problem.locations[v];
        if (!std::isfinite(p.x()) || !std::isfinite(p.y())) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: " + nodeLabel(problem, v) +
                            " has no finite location; give lon/lat for every node or none");
        }
    }
    if (options.territoryCount < 1) {
        return fail(ErrorCode::InvalidArgument, "balance: ask for at least 1 territory");
    }
    if (n == 0) {
        return fail(ErrorCode::InvalidArgument, "balance: the graph has no nodes to split");
    }
    if (options.territoryCount > n) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: " + std::to_string(options.territoryCount) +
                        " territories cannot be made from " + std::to_string(n) +
                        " nodes (every territory needs at least one); ask for at most " +
                        std::to_string(n));
    }
    if (!std::isfinite(options.tolerance) || options.tolerance < 0.0) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: the tolerance must be a fraction ≥ 0, e.g. 0.05 for ±5 %");
    }
    if (!std::isfinite(options.timeLimitSeconds) || options.timeLimitSeconds <= 0.0) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: the time limit must be a positive number of seconds");
    }
    if (!std::isfinite(options.effort) || options.effort <= 0.0) {
        return fail(ErrorCode::InvalidArgument, "balance: the effort must be positive");
    }
    if (options.starts < 1 || options.starts > 64) {
        return fail(ErrorCode::InvalidArgument, "balance: ask for 1 to 64 starts");
    }
    return validateConstraints(problem, options);
}

/// Planar coordinates for seeding: longitude shrunk by the cosine of the mean latitude.
void setCoordinates(const BalanceProblem& problem, detail::SearchGraph& graph) {
    if (problem.locations.empty()) {
        return;
    }
    double meanLatitude = 0.0;
    for (const Point& p : problem.locations) {
        meanLatitude += p.y();
    }
    meanLatitude /= static_cast<double>(problem.locations.size());
    const double shrink = std::cos(meanLatitude * std::numbers::pi / 180.0);
    graph.x.reserve(problem.locations.size());
    graph.y.reserve(problem.locations.size());
    for (const Point& p : problem.locations) {
        graph.x.push_back(p.x() * shrink);
        graph.y.push_back(p.y());
    }
    graph.mass = problem.nodeMass;
}

/// Joins each part without territories to the nearest node of a part that has some; returns
/// the extra edges and relabels the joined nodes' group.
std::vector<std::pair<std::uint32_t, std::uint32_t>> joinParts(const detail::SearchGraph& graph,
                                                               const PartPlan& plan,
                                                               std::vector<std::uint32_t>& group) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> joins;
    std::vector<std::uint32_t> groupOfPart(plan.partCount, 0);
    std::uint32_t groups = 0;
    std::size_t heaviestAllocated = 0;
    for (std::size_t p = 0; p < plan.partCount; ++p) {
        if (plan.territories[p] > 0) {
            groupOfPart[p] = groups++;
            if (plan.territories[heaviestAllocated] == 0 ||
                plan.partWeight[p] > plan.partWeight[heaviestAllocated]) {
                heaviestAllocated = p;
            }
        }
    }
    const std::size_t n = graph.nodeCount;
    std::vector<std::vector<std::uint32_t>> members(plan.partCount);
    for (std::uint32_t v = 0; v < n; ++v) {
        members[plan.partOfNode[v]].push_back(v);
    }
    namespace bgi = boost::geometry::index;
    using Entry = std::pair<Point, std::uint32_t>;
    bgi::rtree<Entry, bgi::quadratic<16>> allocated;
    if (!graph.x.empty()) {
        std::vector<Entry> entries;
        for (std::uint32_t v = 0; v < n; ++v) {
            if (plan.territories[plan.partOfNode[v]] > 0) {
                entries.emplace_back(Point(graph.x[v], graph.y[v]), v);
            }
        }
        allocated = bgi::rtree<Entry, bgi::quadratic<16>>(entries.begin(), entries.end());
    }
    for (std::size_t p = 0; p < plan.partCount; ++p) {
        if (plan.territories[p] > 0) {
            continue;
        }
        std::uint32_t from = members[p].front();
        std::uint32_t to = members[heaviestAllocated].front();
        if (!graph.x.empty()) {
            double best = std::numeric_limits<double>::infinity();
            for (std::uint32_t v : members[p]) {
                std::vector<Entry> found;
                allocated.query(bgi::nearest(Point(graph.x[v], graph.y[v]), 1),
                                std::back_inserter(found));
                if (found.empty()) {
                    continue;
                }
                const double d = boost::geometry::comparable_distance(Point(graph.x[v], graph.y[v]),
                                                                      found.front().first);
                if (d < best) {
                    best = d;
                    from = v;
                    to = found.front().second;
                }
            }
        }
        joins.emplace_back(from, to);
        for (std::uint32_t v : members[p]) {
            group[v] = groupOfPart[plan.partOfNode[to]];
        }
    }
    for (std::uint32_t v = 0; v < n; ++v) {
        if (plan.territories[plan.partOfNode[v]] > 0) {
            group[v] = groupOfPart[plan.partOfNode[v]];
        }
    }
    return joins;
}

/// The search graph; measure m is multiplied by scales[m] (its average node weighs 1).
detail::SearchGraph buildSearchGraph(const BalanceProblem& problem, const BalanceOptions& options,
                                     const PartPlan& plan, const std::vector<double>& scales,
                                     std::vector<std::uint32_t>& group) {
    const AreaGraph& area = *problem.graph;
    detail::SearchGraph graph;
    graph.nodeCount = static_cast<std::uint32_t>(area.nodeCount());
    const std::size_t k = measureCountOf(problem);
    graph.measureCount = static_cast<std::uint32_t>(k);
    graph.weights.assign(graph.nodeCount * k, 0.0);
    for (std::size_t m = 0; m < k; ++m) {
        for (std::size_t v = 0; v < graph.nodeCount; ++v) {
            graph.weights[v * k + m] = valueOf(problem, v, m) * scales[m];
        }
    }
    setCoordinates(problem, graph);
    group.assign(graph.nodeCount, 0);
    const auto joins = joinParts(graph, plan, group);

    std::vector<std::vector<std::pair<std::uint32_t, double>>> extra(graph.nodeCount);
    for (const auto& [a, b] : joins) {
        extra[a].emplace_back(b, 0.0);
        extra[b].emplace_back(a, 0.0);
    }
    double positiveSum = 0.0;
    std::size_t positiveCount = 0;
    auto costOf = [&](const AreaEdge& e) {
        if (e.bridge || options.compactness == Compactness::Inertia) {
            return 0.0;
        }
        return options.compactness == Compactness::CutEdges ? 1.0 : e.sharedBoundaryKm;
    };
    for (const AreaEdge& e : area.edges()) {
        const double c = costOf(e);
        if (c > 0.0) {
            positiveSum += c;
            ++positiveCount;
        }
    }
    const double scale = positiveCount > 0 ? static_cast<double>(positiveCount) / positiveSum : 1.0;
    graph.offsets.assign(graph.nodeCount + 1, 0);
    for (std::uint32_t v = 0; v < graph.nodeCount; ++v) {
        graph.offsets[v + 1] =
            graph.offsets[v] + static_cast<std::uint32_t>(area.degree(v) + extra[v].size());
    }
    graph.targets.reserve(graph.offsets.back());
    graph.costs.reserve(graph.offsets.back());
    for (std::uint32_t v = 0; v < graph.nodeCount; ++v) {
        for (const AreaGraph::Neighbour& nb : area.neighbours(v)) {
            graph.targets.push_back(nb.node);
            graph.costs.push_back(costOf(area.edges()[nb.edge]) * scale);
        }
        for (const auto& [u, c] : extra[v]) {
            graph.targets.push_back(u);
            graph.costs.push_back(c);
        }
    }
    return graph;
}

/// Planar kilometres (equirectangular about the mean latitude) for inertia and travel.
struct Planar {
    double shrink = 1.0;
    [[nodiscard]] double x(const Point& p) const { return p.x() * shrink * kKmPerDegree; }
    [[nodiscard]] double y(const Point& p) const { return p.y() * kKmPerDegree; }
};

Planar planarFor(const BalanceProblem& problem) {
    Planar planar;
    if (problem.locations.empty()) {
        return planar;
    }
    double meanLatitude = 0.0;
    for (const Point& p : problem.locations) {
        meanLatitude += p.y();
    }
    meanLatitude /= static_cast<double>(problem.locations.size());
    planar.shrink = std::cos(meanLatitude * std::numbers::pi / 180.0);
    return planar;
}

std::string territoryName(std::size_t t) {
    return "territory " + std::to_string(t);
}

/// Why a node moved from `from` to `to`, judged by the loads of the plan it left.
std::string moveReason(const BalanceProblem& problem, const Targets& targets,
                       const std::vector<double>& before, std::int32_t from, std::int32_t to,
                       std::size_t territoryCount) {
    if (from < 0) {
        return "it had no territory";
    }
    if (static_cast<std::size_t>(from) >= territoryCount) {
        return "its territory " + std::to_string(from) + " no longer exists";
    }
    const std::size_t k = targets.measures;
    const auto f = static_cast<std::size_t>(from);
    const auto t = static_cast<std::size_t>(to);
    std::size_t bestMeasure = k;
    double bestRelief = 0.0;
    for (std::size_t m = 0; m < k; ++m) {
        const double tf = targets.target[f * k + m];
        const double tt = targets.target[t * k + m];
        if (!(tf > 0.0) || !(tt > 0.0)) {
            continue;
        }
        const double over = before[f * k + m] / tf - 1.0;
        const double under = 1.0 - before[t * k + m] / tt;
        if (over > 0.0 && under > 0.0 && over + under > bestRelief) {
            bestRelief = over + under;
            bestMeasure = m;
        }
    }
    if (bestMeasure < k) {
        const std::size_t m = bestMeasure;
        return measureName(problem, m) + ": " + territoryName(f) + " was " +
               formatPercent(before[f * k + m] / targets.target[f * k + m] - 1.0) +
               " over its target, " + territoryName(t) + " " +
               formatPercent(1.0 - before[t * k + m] / targets.target[t * k + m]) + " under";
    }
    return "shape: a shorter boundary, less travel or room for another move (" + territoryName(f) +
           " and " + territoryName(t) + " stay within their bands)";
}

std::string describe(const BalanceProblem& problem, const BalanceReport& report,
                     const BalanceOptions& options, std::size_t territoryCount) {
    std::string text;
    const bool several = report.measures.size() > 1;
    if (report.toleranceMet) {
        text = "All " + std::to_string(territoryCount) + " territories are within their bands";
        for (std::size_t m = 0; m < report.measures.size(); ++m) {
            const MeasureReport& measure = report.measures[m];
            text += std::string(m == 0 ? " (" : "; ") + (several ? measure.name + " " : "") + "±" +
                    formatPercent(measure.tolerance) + ": largest deviation " +
                    formatPercent(measure.maxDeviation) + ", mean " +
                    formatPercent(measure.meanDeviation);
        }
        text += ").";
    } else {
        text = "The tolerance was not reached:";
        for (const MeasureReport& measure : report.measures) {
            if (measure.toleranceMet) {
                continue;
            }
            text += " " + measure.name + " deviates up to " + formatPercent(measure.maxDeviation) +
                    " in " + territoryName(measure.worstTerritory) + " (band ±" +
                    formatPercent(measure.tolerance) + ", mean deviation " +
                    formatPercent(measure.meanDeviation) + ").";
        }
        text += " " + report.binding;
    }
    if (!options.requireContiguity) {
        std::size_t whole = 0;
        for (std::size_t c : report.componentsPerTerritory) {
            whole += c <= 1 ? 1 : 0;
        }
        text += " Non-geographic: territories may be scattered; " + std::to_string(whole) + " of " +
                std::to_string(territoryCount) + " are in one piece.";
    } else if (report.contiguous) {
        text += " Every territory is connected.";
    } else {
        std::size_t split = 0;
        for (std::size_t c : report.componentsPerTerritory) {
            split += c > 1 ? 1 : 0;
        }
        text += " " + std::to_string(split) + " territories are not connected in the graph";
        text += report.graphComponents > 1
                    ? " because the graph falls into " + std::to_string(report.graphComponents) +
                          " separate parts and parts too light for a territory of their own "
                          "joined the nearest one."
                    : " (locked areas that lie apart keep them split).";
    }
    text += " " + std::to_string(report.cutEdges) + " cut edges";
    text += report.cutBoundaryKm > 0.0 ? ", " + formatNumber(report.cutBoundaryKm, 1) +
                                             " km of boundary between territories."
                                       : ".";
    if (!problem.currentAssignment.empty()) {
        text += " " + std::to_string(report.movedNodes) + " " + problem.nodeNoun +
                " change territory (" + formatPercent(report.movedWeightShare) + " of " +
                problem.weightName + ").";
    }
    if (report.stoppedByTimeLimit && report.toleranceMet) {
        text += " The search stopped at the time limit, so another run may differ.";
    }
    (void)options;
    return text;
}

/// What keeps the tolerance from being met, in plain words.
std::string bindingConstraint(const BalanceProblem& problem, const BalanceOptions& options,
                              const BalanceReport& report) {
    for (const MeasureReport& measure : report.measures) {
        if (!measure.toleranceMet && measure.lowerBoundDeviation > measure.tolerance) {
            return "It cannot be reached for " + measure.name + ": " + measure.lowerBoundReason +
                   " (no plan gets below " + formatPercent(measure.lowerBoundDeviation) + ").";
        }
    }
    if (report.stoppedByTimeLimit) {
        return "The search stopped at the time limit of " +
               formatNumber(options.timeLimitSeconds, 1) +
               " s; a longer limit or a wider tolerance may reach it.";
    }
    if (!problem.lockedTerritory.empty() || !problem.frozenTerritories.empty()) {
        return "Locked areas and frozen territories bind: with them held in place and every "
               "territory connected the search found no plan inside the band (unlock some "
               "or widen the tolerance).";
    }
    if (options.maxTravelKm > 0.0) {
        return "The maximum travel distance binds together with contiguity: areas beyond a "
               "rep's reach cannot go to that rep (raise the limit or widen the tolerance).";
    }
    if (options.disruptionWeight > 0.0) {
        return "The disruption weight binds: keeping areas with their rep outweighed closing "
               "the gap (lower the weight or widen the tolerance).";
    }
    if (report.measures.size() > 1) {
        return "Balancing " + std::to_string(report.measures.size()) +
               " measures at once binds: where they are spread differently one territory "
               "cannot hit every band while staying connected (widen a tolerance).";
    }
    if (!options.requireContiguity) {
        return "The search found no plan inside the band (a higher effort or a wider tolerance "
               "may).";
    }
    return "Keeping every territory connected binds: the search found no connected plan "
           "inside the band (a higher effort or a wider tolerance may).";
}

}  // namespace

Result<BalanceReport> evaluateAssignment(const BalanceProblem& problem,
                                         const BalanceOptions& options,
                                         std::span<const std::int32_t> assignment) {
    if (auto valid = validate(problem, options); !valid) {
        return fail(valid.error());
    }
    const AreaGraph& graph = *problem.graph;
    const std::size_t n = graph.nodeCount();
    const std::size_t count = options.territoryCount;
    if (assignment.size() != n) {
        return fail(ErrorCode::InvalidArgument, "evaluate: " + std::to_string(assignment.size()) +
                                                    " assignments for " + std::to_string(n) +
                                                    " nodes");
    }
    for (std::size_t v = 0; v < n; ++v) {
        if (assignment[v] < 0 || static_cast<std::size_t>(assignment[v]) >= count) {
            return fail(ErrorCode::InvalidArgument,
                        "evaluate: " + nodeLabel(problem, v) + " is in territory " +
                            std::to_string(assignment[v]) + ", outside 0.." +
                            std::to_string(count - 1));
        }
    }
    const std::size_t k = measureCountOf(problem);
    const Targets targets = targetsFor(problem, options);
    BalanceReport report;
    report.targets = targets.target;
    report.territoryLoads.assign(count * k, 0.0);
    if (!problem.fixedLoad.empty()) {
        report.territoryLoads = problem.fixedLoad;
    }
    for (std::size_t v = 0; v < n; ++v) {
        const auto t = static_cast<std::size_t>(assignment[v]);
        for (std::size_t m = 0; m < k; ++m) {
            report.territoryLoads[t * k + m] += valueOf(problem, v, m);
        }
    }
    std::size_t active = 0;
    for (std::size_t t = 0; t < count; ++t) {
        active += isFrozen(problem, t) ? 0 : 1;
    }
    const PartPlan plan = planParts(problem, count);
    report.graphComponents = plan.partCount;
    report.toleranceMet = true;
    for (std::size_t m = 0; m < k; ++m) {
        MeasureReport measure;
        measure.name = measureName(problem, m);
        measure.tolerance = toleranceOf(problem, options, m);
        measure.total = targets.total[m];
        double sum = 0.0;
        for (std::size_t t = 0; t < count; ++t) {
            if (isFrozen(problem, t)) {
                continue;
            }
            const double target = targets.target[t * k + m];
            const double load = report.territoryLoads[t * k + m];
            const double deviation = target > 0.0 ? std::abs(load - target) / target
                                     : load > 0.0 ? 1.0
                                                  : 0.0;
            sum += deviation;
            if (deviation > measure.maxDeviation) {
                measure.maxDeviation = deviation;
                measure.worstTerritory = t;
            }
        }
        measure.meanDeviation = sum / static_cast<double>(active);
        // A hair of slack for floating-point sums of the weights.
        measure.toleranceMet = measure.maxDeviation <= measure.tolerance + 1e-12;
        report.toleranceMet = report.toleranceMet && measure.toleranceMet;

        // Lower bounds: the heaviest node, content locked to a territory, parts of the graph.
        if (m == 0 && !usesConstraints(problem, options)) {
            const LowerBound bound = lowerBound(problem, plan, count, targets.target[0]);
            measure.lowerBoundDeviation = bound.deviation;
            measure.lowerBoundReason = bound.reason;
        }
        std::size_t heaviest = 0;
        for (std::size_t v = 1; v < n; ++v) {
            if (valueOf(problem, v, m) > valueOf(problem, heaviest, m)) {
                heaviest = v;
            }
        }
        double roomiest = 0.0;  // the largest target a free node can join
        for (std::size_t t = 0; t < count; ++t) {
            if (!isFrozen(problem, t)) {
                const double base = problem.fixedLoad.empty() ? 0.0 : problem.fixedLoad[t * k + m];
                roomiest = std::max(roomiest, targets.target[t * k + m] - base);
            }
        }
        if (roomiest > 0.0 && !problem.lockedTerritory.empty() &&
            problem.lockedTerritory[heaviest] >= 0) {
            roomiest = std::numeric_limits<double>::infinity();  // covered by the locked check
        }
        const double heavy = valueOf(problem, heaviest, m);
        if (roomiest > 0.0 && std::isfinite(roomiest) && heavy > roomiest) {
            double best = std::numeric_limits<double>::infinity();
            for (std::size_t t = 0; t < count; ++t) {
                if (isFrozen(problem, t)) {
                    continue;
                }
                const double base = problem.fixedLoad.empty() ? 0.0 : problem.fixedLoad[t * k + m];
                best = std::min(best, (base + heavy) / targets.target[t * k + m] - 1.0);
            }
            if (best > measure.lowerBoundDeviation) {
                measure.lowerBoundDeviation = best;
                measure.lowerBoundReason = nodeLabel(problem, heaviest) + " alone has " +
                                           formatNumber(heavy, 1) + " " + measure.name +
                                           ", more than any territory's target allows";
            }
        }
        std::vector<double> locked(count, 0.0);
        for (std::size_t t = 0; t < count && !problem.fixedLoad.empty(); ++t) {
            locked[t] = problem.fixedLoad[t * k + m];
        }
        for (std::size_t v = 0; v < problem.lockedTerritory.size(); ++v) {
            if (problem.lockedTerritory[v] >= 0) {
                locked[static_cast<std::size_t>(problem.lockedTerritory[v])] +=
                    valueOf(problem, v, m);
            }
        }
        for (std::size_t t = 0; t < count; ++t) {
            const double target = targets.target[t * k + m];
            if (isFrozen(problem, t) || !(target > 0.0) || locked[t] <= target) {
                continue;
            }
            const double deviation = locked[t] / target - 1.0;
            if (deviation > measure.lowerBoundDeviation) {
                measure.lowerBoundDeviation = deviation;
                measure.lowerBoundReason = "the areas and accounts locked to " + territoryName(t) +
                                           " alone have " + formatNumber(locked[t], 1) + " " +
                                           measure.name + ", " + formatPercent(deviation) +
                                           " over its target of " + formatNumber(target, 1);
            }
        }
        report.measures.push_back(std::move(measure));
    }
    const MeasureReport& first = report.measures.front();
    report.maxDeviation = first.maxDeviation;
    report.meanDeviation = first.meanDeviation;
    report.heaviestTerritory = first.worstTerritory;
    report.lowerBoundDeviation = first.lowerBoundDeviation;
    report.lowerBoundReason = first.lowerBoundReason;
    double targetSum = 0.0;
    for (std::size_t t = 0; t < count; ++t) {
        targetSum += isFrozen(problem, t) ? 0.0 : targets.target[t * k];
    }
    report.target = targetSum / static_cast<double>(active);

    report.componentsPerTerritory.assign(count, 0);
    std::vector<char> seen(n, 0);
    std::vector<std::uint32_t> stack;
    for (std::uint32_t start = 0; start < n; ++start) {
        if (seen[start]) {
            continue;
        }
        const std::int32_t territory = assignment[start];
        ++report.componentsPerTerritory[static_cast<std::size_t>(territory)];
        seen[start] = 1;
        stack.assign(1, start);
        while (!stack.empty()) {
            const std::uint32_t v = stack.back();
            stack.pop_back();
            for (const AreaGraph::Neighbour& nb : graph.neighbours(v)) {
                if (!seen[nb.node] && assignment[nb.node] == territory) {
                    seen[nb.node] = 1;
                    stack.push_back(nb.node);
                }
            }
        }
    }
    report.contiguous =
        std::all_of(report.componentsPerTerritory.begin(), report.componentsPerTerritory.end(),
                    [](std::size_t c) { return c <= 1; });
    std::vector<double> internalBoundary(count, 0.0);
    for (const AreaEdge& e : graph.edges()) {
        if (e.bridge) {
            continue;
        }
        if (assignment[e.a] != assignment[e.b]) {
            ++report.cutEdges;
            report.cutBoundaryKm += e.sharedBoundaryKm;
        } else {
            internalBoundary[static_cast<std::size_t>(assignment[e.a])] += e.sharedBoundaryKm;
        }
    }
    // Moment of inertia (unit mass per node) and Polsby–Popper.
    const Planar planar = planarFor(problem);
    if (!problem.locations.empty()) {
        std::vector<double> c(count, 0.0);
        std::vector<double> sx(count, 0.0);
        std::vector<double> sy(count, 0.0);
        std::vector<double> sq(count, 0.0);
        for (std::size_t v = 0; v < n; ++v) {
            const auto t = static_cast<std::size_t>(assignment[v]);
            const double x = planar.x(problem.locations[v]);
            const double y = planar.y(problem.locations[v]);
            const double mass = problem.nodeMass.empty() ? 1.0 : problem.nodeMass[v];
            c[t] += mass;
            sx[t] += mass * x;
            sy[t] += mass * y;
            sq[t] += mass * (x * x + y * y);
        }
        for (std::size_t t = 0; t < count; ++t) {
            if (c[t] > 0.0) {
                report.inertiaKm2 += std::max(0.0, sq[t] - (sx[t] * sx[t] + sy[t] * sy[t]) / c[t]);
            }
        }
    }
    if (!problem.areaKm2.empty() && !problem.perimeterKm.empty()) {
        std::vector<double> area(count, 0.0);
        std::vector<double> perimeter(count, 0.0);
        for (std::size_t v = 0; v < n; ++v) {
            area[static_cast<std::size_t>(assignment[v])] += problem.areaKm2[v];
            perimeter[static_cast<std::size_t>(assignment[v])] += problem.perimeterKm[v];
        }
        report.polsbyPopper.assign(count, 0.0);
        report.minPolsbyPopper = std::numeric_limits<double>::infinity();
        double sum = 0.0;
        for (std::size_t t = 0; t < count; ++t) {
            const double p = perimeter[t] - 2.0 * internalBoundary[t];
            report.polsbyPopper[t] =
                p > 0.0 ? std::min(1.0, 4.0 * std::numbers::pi * area[t] / (p * p)) : 0.0;
            sum += report.polsbyPopper[t];
            report.minPolsbyPopper = std::min(report.minPolsbyPopper, report.polsbyPopper[t]);
        }
        report.meanPolsbyPopper = sum / static_cast<double>(count);
    }
    // Travel from the rep's home, weighted by the first measure.
    if (!problem.homes.empty() && !problem.locations.empty()) {
        double weighted = 0.0;
        double weight = 0.0;
        std::size_t counted = 0;
        double plain = 0.0;
        for (std::size_t v = 0; v < n; ++v) {
            const auto t = static_cast<std::size_t>(assignment[v]);
            if (!problem.hasHome[t]) {
                continue;
            }
            const double d = greatCircleKm(problem.locations[v], problem.homes[t]);
            weighted += problem.weights[v] * d;
            weight += problem.weights[v];
            plain += d;
            ++counted;
            report.maxTravelKm = std::max(report.maxTravelKm, d);
            if (options.maxTravelKm > 0.0 && d > options.maxTravelKm) {
                ++report.nodesBeyondMaxTravel;
            }
        }
        report.meanTravelKm = weight > 0.0  ? weighted / weight
                              : counted > 0 ? plain / static_cast<double>(counted)
                                            : 0.0;
    }
    for (std::size_t v = 0; v < problem.lockedTerritory.size(); ++v) {
        if (problem.lockedTerritory[v] >= 0 && problem.lockedTerritory[v] != assignment[v]) {
            ++report.lockViolations;
        }
    }
    // Disruption against the current plan.
    if (!problem.currentAssignment.empty()) {
        std::vector<double> before(count * k, 0.0);
        if (!problem.fixedLoad.empty()) {
            before = problem.fixedLoad;
        }
        for (std::size_t v = 0; v < n; ++v) {
            const std::int32_t t = problem.currentAssignment[v];
            if (t >= 0 && static_cast<std::size_t>(t) < count) {
                for (std::size_t m = 0; m < k; ++m) {
                    before[static_cast<std::size_t>(t) * k + m] += valueOf(problem, v, m);
                }
            }
        }
        double moved = 0.0;
        double movedValue = 0.0;
        double totalValue = 0.0;
        for (std::size_t v = 0; v < n; ++v) {
            const double value =
                problem.disruptionValues.empty() ? problem.weights[v] : problem.disruptionValues[v];
            totalValue += value;
            if (problem.currentAssignment[v] == assignment[v]) {
                continue;
            }
            ++report.movedNodes;
            moved += problem.weights[v];
            movedValue += value;
            report.moves.push_back(
                {static_cast<std::uint32_t>(v), problem.currentAssignment[v], assignment[v],
                 moveReason(problem, targets, before, problem.currentAssignment[v], assignment[v],
                            count)});
        }
        report.movedWeightShare = targets.total[0] > 0.0 ? moved / targets.total[0] : 0.0;
        report.movedDisruptionShare = totalValue > 0.0 ? movedValue / totalValue : 0.0;
    }
    if (!report.toleranceMet) {
        report.binding = bindingConstraint(problem, options, report);
    }
    return report;
}

namespace {

/// The result of a search: the report of its plan, what binds, the message.
Result<BalanceResult> finishBalance(const BalanceProblem& problem, const BalanceOptions& options,
                                    detail::SearchOutcome outcome, Clock::time_point started,
                                    Feedback* feedback) {
    const std::size_t count = options.territoryCount;
    const std::size_t k = measureCountOf(problem);
    if (outcome.canceled) {
        return fail(ErrorCode::Canceled, "balance: canceled; nothing was changed");
    }
    auto report = evaluateAssignment(problem, options, outcome.assignment);
    if (!report) {
        return fail(report.error());
    }
    BalanceResult result;
    result.assignment = std::move(outcome.assignment);
    result.territoryWeights.assign(count, 0.0);
    for (std::size_t t = 0; t < count; ++t) {
        result.territoryWeights[t] = report->territoryLoads[t * k];
    }
    result.report = std::move(*report);
    result.report.stoppedByTimeLimit = outcome.timedOut;
    result.report.iterations = outcome.iterations;
    result.report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (!result.report.toleranceMet) {
        result.report.binding = bindingConstraint(problem, options, result.report);
    }
    result.report.message = describe(problem, result.report, options, count);
    if (feedback != nullptr) {
        feedback->setProgress(1.0);
    }
    return result;
}

}  // namespace

Result<BalanceResult> balance(const BalanceProblem& problem, const BalanceOptions& options,
                              Feedback* feedback) {
    const auto started = Clock::now();
    if (auto valid = validate(problem, options); !valid) {
        return fail(valid.error());
    }
    if (!problem.coarseGroups.empty() &&
        problem.weights.size() >= detail::kMultilevelNodesPerTerritory * options.territoryCount) {
        auto outcome = detail::balanceMultilevel(problem, options, feedback, started);
        if (!outcome) {
            return fail(outcome.error());
        }
        return finishBalance(problem, options, std::move(*outcome), started, feedback);
    }
    const std::size_t count = options.territoryCount;
    const std::size_t n = problem.weights.size();
    const std::size_t k = measureCountOf(problem);
    const PartPlan plan = planParts(problem, count);
    const Targets targets = targetsFor(problem, options);
    // Each measure scaled so that its average node weighs 1.
    std::vector<double> scales(k, 1.0);
    for (std::size_t m = 0; m < k; ++m) {
        if (targets.total[m] > 0.0) {
            scales[m] = static_cast<double>(n) / targets.total[m];
        }
    }
    std::vector<std::uint32_t> group;
    const detail::SearchGraph graph = buildSearchGraph(problem, options, plan, scales, group);
    std::vector<std::size_t> territoriesPerGroup;
    for (std::size_t p = 0; p < plan.partCount; ++p) {
        if (plan.territories[p] > 0) {
            territoriesPerGroup.push_back(plan.territories[p]);
        }
    }
    if (!options.requireContiguity) {
        // Non-geographic: the parts of the graph do not bind; one group of all territories.
        group.assign(n, 0);
        territoriesPerGroup.assign(1, count);
    }
    // A band no plan can reach (proven bound) is searched at its bound instead, so that an
    // impossible measure does not drag the others out of theirs.
    std::vector<double> reachable(k, 0.0);  ///< the tolerance searched for, per measure
    {
        const std::vector<std::int32_t> anyPlan(n, 0);
        auto bounds = evaluateAssignment(problem, options, anyPlan);
        if (!bounds) {
            return fail(bounds.error());
        }
        for (std::size_t m = 0; m < k; ++m) {
            const double tolerance = toleranceOf(problem, options, m);
            const double bound = bounds->measures[m].lowerBoundDeviation;
            reachable[m] = std::max(tolerance, bound * 1.001);
        }
    }
    detail::SearchSettings settings;
    settings.target = targets.target[0] * scales[0];
    settings.bandHalfWidth = settings.target * options.tolerance;
    settings.targets.resize(count * k);
    settings.bands.resize(count * k);
    for (std::size_t t = 0; t < count; ++t) {
        for (std::size_t m = 0; m < k; ++m) {
            settings.targets[t * k + m] = targets.target[t * k + m] * scales[m];
            settings.bands[t * k + m] = std::isfinite(targets.band[t * k + m])
                                            ? targets.target[t * k + m] * reachable[m] * scales[m]
                                            : targets.band[t * k + m];
        }
    }
    if (!problem.fixedLoad.empty()) {
        settings.baseLoad.resize(count * k);
        for (std::size_t i = 0; i < count * k; ++i) {
            settings.baseLoad[i] = problem.fixedLoad[i] * scales[i % k];
        }
    }
    if (!problem.frozenTerritories.empty()) {
        settings.frozen = problem.frozenTerritories;
    }
    if (!problem.lockedTerritory.empty() || !problem.frozenTerritories.empty()) {
        settings.fixed.assign(n, -1);
        for (std::size_t v = 0; v < n; ++v) {
            if (!problem.lockedTerritory.empty()) {
                settings.fixed[v] = problem.lockedTerritory[v];
            }
            const std::int32_t now =
                problem.currentAssignment.empty() ? -1 : problem.currentAssignment[v];
            if (now >= 0 && isFrozen(problem, static_cast<std::size_t>(now))) {
                settings.fixed[v] = now;
            }
        }
    }
    std::vector<std::int32_t> current;
    if (!problem.currentAssignment.empty()) {
        current = problem.currentAssignment;
        for (std::int32_t& t : current) {
            if (t >= static_cast<std::int32_t>(count)) {
                t = -1;  // its territory is gone
            }
        }
    }
    if (options.mode == BalanceMode::Rebalance) {
        settings.initial = current;
        settings.gentle = true;
    }
    if (!problem.startAssignment.empty()) {
        settings.initial = problem.startAssignment;
        settings.gentle = true;
    }
    if (options.disruptionWeight > 0.0 && !current.empty()) {
        settings.current = current;
        double total = 0.0;
        for (std::size_t v = 0; v < n; ++v) {
            total +=
                problem.disruptionValues.empty() ? problem.weights[v] : problem.disruptionValues[v];
        }
        const double unit = total > 0.0 ? total / static_cast<double>(n) : 1.0;
        settings.disruptionCost.resize(n);
        for (std::size_t v = 0; v < n; ++v) {
            const double value =
                problem.disruptionValues.empty() ? problem.weights[v] : problem.disruptionValues[v];
            // A floor of a tenth of an average node: no area drifts for nothing.
            settings.disruptionCost[v] = options.disruptionWeight * (value / unit + 0.1);
        }
    }
    // Typical spacing of neighbouring nodes (planar units of the search graph), the unit of
    // travel and inertia weights.
    double spacing = 1.0;
    double spacingSquared = 1.0;
    if (!graph.x.empty()) {
        // With masses, nodes standing for many (a territory's interior) are left out.
        double massLimit = std::numeric_limits<double>::infinity();
        if (!problem.nodeMass.empty()) {
            std::vector<double> masses = problem.nodeMass;
            std::nth_element(masses.begin(), masses.begin() + static_cast<std::ptrdiff_t>(n / 2),
                             masses.end());
            massLimit = 2.0 * masses[n / 2];
        }
        double sum = 0.0;
        double sumSquares = 0.0;
        std::size_t edges = 0;
        for (const AreaEdge& e : problem.graph->edges()) {
            if (e.bridge || (!problem.nodeMass.empty() && (problem.nodeMass[e.a] > massLimit ||
                                                           problem.nodeMass[e.b] > massLimit))) {
                continue;
            }
            const double dx = graph.x[e.a] - graph.x[e.b];
            const double dy = graph.y[e.a] - graph.y[e.b];
            sum += std::sqrt(dx * dx + dy * dy);
            sumSquares += dx * dx + dy * dy;
            ++edges;
        }
        if (edges > 0 && sum > 0.0) {
            spacing = sum / static_cast<double>(edges);
            spacingSquared = sumSquares / static_cast<double>(edges);
        }
    }
    if (!problem.homes.empty() && !graph.x.empty()) {
        const Planar planar = planarFor(problem);
        settings.homeX.resize(count);
        settings.homeY.resize(count);
        settings.hasHome = problem.hasHome;
        for (std::size_t t = 0; t < count; ++t) {
            // The search graph's planar units are degrees (longitude shrunk).
            settings.homeX[t] = planar.x(problem.homes[t]) / kKmPerDegree;
            settings.homeY[t] = planar.y(problem.homes[t]) / kKmPerDegree;
        }
        if (options.travelWeight > 0.0) {
            settings.travelCost.resize(n);
            for (std::size_t v = 0; v < n; ++v) {
                double load = 0.0;
                for (std::size_t m = 0; m < k; ++m) {
                    load += graph.weights[v * k + m];
                }
                settings.travelCost[v] =
                    options.travelWeight * load / static_cast<double>(k) / spacing;
            }
        }
        settings.maxDistance = options.maxTravelKm / kKmPerDegree;
    }
    if (options.compactness == Compactness::Inertia && !graph.x.empty()) {
        // Moving a boundary node of a round territory of n/count nodes changes its inertia by
        // about r²/2 with r² = (n/count)·s²/π: weigh that like one cut edge.
        double totalMass = static_cast<double>(n);
        if (!problem.nodeMass.empty()) {
            totalMass = 0.0;
            for (double mass : problem.nodeMass) {
                totalMass += mass;
            }
        }
        settings.inertiaWeight =
            2.0 * std::numbers::pi * static_cast<double>(count) / (totalMass * spacingSquared);
    }
    settings.contiguous = options.requireContiguity;
    settings.connectivityProbeLimit = options.connectivityProbeLimit;
    settings.seed = options.seed;
    settings.effort = options.effort;
    settings.starts = options.starts;
    settings.deadline = started + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(options.timeLimitSeconds));
    settings.feedback = feedback;
    detail::SearchOutcome outcome =
        detail::searchPartition(graph, group, territoriesPerGroup, settings);
    return finishBalance(problem, options, std::move(outcome), started, feedback);
}

}  // namespace tessera::engine
