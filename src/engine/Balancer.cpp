// SPDX-License-Identifier: Apache-2.0
#include "Balancer.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numbers>
#include <string>

#include <boost/geometry/index/rtree.hpp>

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
        bound.reason = "node " + std::to_string(heaviest) + " alone weighs " +
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
                        "balance: node " + std::to_string(v) + " has weight " +
                            formatNumber(problem.weights[v], 3) +
                            "; weights must be finite and not negative");
        }
    }
    for (std::size_t v = 0; v < problem.locations.size(); ++v) {
        const Point& p = problem.locations[v];
        if (!std::isfinite(p.x()) || !std::isfinite(p.y())) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: node " + std::to_string(v) +
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
    return {};
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

detail::SearchGraph buildSearchGraph(const BalanceProblem& problem, const BalanceOptions& options,
                                     const PartPlan& plan, std::vector<std::uint32_t>& group) {
    const AreaGraph& area = *problem.graph;
    detail::SearchGraph graph;
    graph.nodeCount = static_cast<std::uint32_t>(area.nodeCount());
    graph.weights = problem.weights;
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
        if (e.bridge) {
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

std::string describe(const BalanceReport& report, const BalanceOptions& options,
                     std::size_t territoryCount) {
    std::string text;
    const std::string band = "±" + formatPercent(options.tolerance);
    if (report.toleranceMet) {
        text = "All " + std::to_string(territoryCount) + " territories are within " + band +
               " of the target " + formatNumber(report.target, 1) + " (largest deviation " +
               formatPercent(report.maxDeviation) + ", mean " +
               formatPercent(report.meanDeviation) + ").";
    } else {
        text = "The tolerance " + band + " was not reached: territory " +
               std::to_string(report.heaviestTerritory) + " deviates " +
               formatPercent(report.maxDeviation) + " from the target " +
               formatNumber(report.target, 1) + " (mean deviation " +
               formatPercent(report.meanDeviation) + ").";
        if (report.lowerBoundDeviation > options.tolerance) {
            text += " It cannot be reached: " + report.lowerBoundReason + " (no plan gets below " +
                    formatPercent(report.lowerBoundDeviation) + ").";
        } else if (report.stoppedByTimeLimit) {
            text += " The search stopped at the time limit of " +
                    formatNumber(options.timeLimitSeconds, 1) +
                    " s; a longer limit or a wider tolerance may reach it.";
        } else {
            text +=
                " Keeping every territory connected binds: the search found no connected "
                "plan inside the band (a higher effort or a wider tolerance may).";
        }
    }
    if (report.contiguous) {
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
                    : ".";
    }
    text += " " + std::to_string(report.cutEdges) + " cut edges, " +
            formatNumber(report.cutBoundaryKm, 1) + " km of boundary between territories.";
    if (report.stoppedByTimeLimit && report.toleranceMet) {
        text += " The search stopped at the time limit, so another run may differ.";
    }
    return text;
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
    std::vector<double> weight(count, 0.0);
    double total = 0.0;
    for (std::size_t v = 0; v < n; ++v) {
        if (assignment[v] < 0 || static_cast<std::size_t>(assignment[v]) >= count) {
            return fail(ErrorCode::InvalidArgument,
                        "evaluate: node " + std::to_string(v) + " is in territory " +
                            std::to_string(assignment[v]) + ", outside 0.." +
                            std::to_string(count - 1));
        }
        weight[static_cast<std::size_t>(assignment[v])] += problem.weights[v];
        total += problem.weights[v];
    }
    BalanceReport report;
    report.target = total / static_cast<double>(count);
    double sum = 0.0;
    for (std::size_t t = 0; t < count; ++t) {
        const double deviation =
            report.target > 0.0 ? std::abs(weight[t] - report.target) / report.target : 0.0;
        sum += deviation;
        if (deviation > report.maxDeviation) {
            report.maxDeviation = deviation;
            report.heaviestTerritory = t;
        }
    }
    report.meanDeviation = sum / static_cast<double>(count);
    // A hair of slack for floating-point sums of the weights.
    report.toleranceMet = report.maxDeviation <= options.tolerance + 1e-12;

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
                    [](std::size_t c) { return c == 1; });
    for (const AreaEdge& e : graph.edges()) {
        if (!e.bridge && assignment[e.a] != assignment[e.b]) {
            ++report.cutEdges;
            report.cutBoundaryKm += e.sharedBoundaryKm;
        }
    }
    const PartPlan plan = planParts(problem, count);
    report.graphComponents = plan.partCount;
    const LowerBound bound = lowerBound(problem, plan, count, report.target);
    report.lowerBoundDeviation = bound.deviation;
    report.lowerBoundReason = bound.reason;
    return report;
}

Result<BalanceResult> balance(const BalanceProblem& problem, const BalanceOptions& options,
                              Feedback* feedback) {
    const auto started = Clock::now();
    if (auto valid = validate(problem, options); !valid) {
        return fail(valid.error());
    }
    const std::size_t count = options.territoryCount;
    const PartPlan plan = planParts(problem, count);
    std::vector<std::uint32_t> group;
    const detail::SearchGraph graph = buildSearchGraph(problem, options, plan, group);
    std::vector<std::size_t> territoriesPerGroup;
    for (std::size_t p = 0; p < plan.partCount; ++p) {
        if (plan.territories[p] > 0) {
            territoriesPerGroup.push_back(plan.territories[p]);
        }
    }
    double total = 0.0;
    for (double w : problem.weights) {
        total += w;
    }
    detail::SearchSettings settings;
    settings.target = total / static_cast<double>(count);
    settings.bandHalfWidth = settings.target * options.tolerance;
    settings.seed = options.seed;
    settings.effort = options.effort;
    settings.starts = options.starts;
    settings.deadline = started + std::chrono::duration_cast<Clock::duration>(
                                      std::chrono::duration<double>(options.timeLimitSeconds));
    settings.feedback = feedback;
    detail::SearchOutcome outcome =
        detail::searchPartition(graph, group, territoriesPerGroup, settings);
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
    for (std::size_t v = 0; v < result.assignment.size(); ++v) {
        result.territoryWeights[static_cast<std::size_t>(result.assignment[v])] +=
            problem.weights[v];
    }
    result.report = std::move(*report);
    result.report.stoppedByTimeLimit = outcome.timedOut;
    result.report.iterations = outcome.iterations;
    result.report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    result.report.message = describe(result.report, options, count);
    if (feedback != nullptr) {
        feedback->setProgress(1.0);
    }
    return result;
}

}  // namespace tessera::engine
