// SPDX-License-Identifier: Apache-2.0
#include "Multilevel.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

namespace tessera::engine::detail {
namespace {

using Clock = std::chrono::steady_clock;

/// Fine nodes grouped into units: `of[v]` is the unit of node v.
struct Units {
    std::vector<std::uint32_t> of;
    std::size_t count = 0;
};

/// A contracted problem; `problem.graph` points at `graph`, so a Level never moves.
struct Level {
    AreaGraph graph;
    BalanceProblem problem;
    BalanceOptions options;
};

std::size_t measureCount(const BalanceProblem& problem) {
    return 1 + problem.extraMeasures.size();
}

double fineValue(const BalanceProblem& problem, std::size_t v, std::size_t m) {
    return m == 0 ? problem.weights[v] : problem.extraMeasures[m - 1].values[v];
}

/// The problem on units: measures, masses and disruption values summed, each unit at the
/// mass-weighted centre of its nodes, edges merged; a merged edge costs as much as the fine
/// edges it stands for (their number, or their shared boundary) when `countFineEdges`, so a
/// cut counts the same on both levels; else (cut edges) one each, so that heavy links between
/// big pieces do not outweigh the balance. `unitLock`, `unitCurrent`, `unitStart` are per unit (may
/// be empty).
std::unique_ptr<Level> contract(const BalanceProblem& fine, const BalanceOptions& options,
                                const Units& units, std::vector<std::int32_t> unitLock,
                                std::vector<std::int32_t> unitCurrent,
                                std::vector<std::int32_t> unitStart, bool countFineEdges) {
    auto level = std::make_unique<Level>();
    const std::size_t n = fine.weights.size();
    const std::size_t u = units.count;
    const std::size_t k = measureCount(fine);
    BalanceProblem& p = level->problem;

    // Edges between different units, merged.
    std::vector<std::tuple<std::uint32_t, std::uint32_t, double, bool>> cross;
    for (const AreaEdge& e : fine.graph->edges()) {
        const std::uint32_t a = units.of[e.a];
        const std::uint32_t b = units.of[e.b];
        if (a == b) {
            continue;
        }
        const double length =
            e.bridge
                ? 0.0
                : (options.compactness == Compactness::BoundaryLength ? e.sharedBoundaryKm : 1.0);
        cross.emplace_back(std::min(a, b), std::max(a, b), length, e.bridge);
    }
    std::sort(cross.begin(), cross.end());
    std::vector<AreaEdge> edges;
    for (const auto& [a, b, length, bridge] : cross) {
        if (!edges.empty() && edges.back().a == a && edges.back().b == b) {
            edges.back().sharedBoundaryKm += length;
            edges.back().bridge = edges.back().bridge && bridge;
        } else {
            edges.push_back({a, b, length, bridge});
        }
    }
    level->graph = AreaGraph::fromEdges(u, std::move(edges));
    p.graph = &level->graph;

    // Measures, masses, disruption values, centres.
    p.weightName = fine.weightName;
    p.weights.assign(u, 0.0);
    for (const MeasureInput& measure : fine.extraMeasures) {
        p.extraMeasures.push_back({measure.name, std::vector<double>(u, 0.0), measure.tolerance});
    }
    p.nodeMass.assign(u, 0.0);
    if (!fine.disruptionValues.empty()) {
        p.disruptionValues.assign(u, 0.0);
    }
    std::vector<double> sx(u, 0.0);
    std::vector<double> sy(u, 0.0);
    for (std::size_t v = 0; v < n; ++v) {
        const std::uint32_t w = units.of[v];
        p.weights[w] += fine.weights[v];
        for (std::size_t m = 1; m < k; ++m) {
            p.extraMeasures[m - 1].values[w] += fineValue(fine, v, m);
        }
        const double mass = fine.nodeMass.empty() ? 1.0 : fine.nodeMass[v];
        p.nodeMass[w] += mass;
        if (!fine.disruptionValues.empty()) {
            p.disruptionValues[w] += fine.disruptionValues[v];
        }
        if (!fine.locations.empty()) {
            sx[w] += mass * fine.locations[v].x();
            sy[w] += mass * fine.locations[v].y();
        }
    }
    if (!fine.locations.empty()) {
        p.locations.reserve(u);
        for (std::size_t w = 0; w < u; ++w) {
            p.locations.emplace_back(sx[w] / p.nodeMass[w], sy[w] / p.nodeMass[w]);
        }
    }
    p.capacities = fine.capacities;
    p.fixedLoad = fine.fixedLoad;
    p.frozenTerritories = fine.frozenTerritories;
    p.homes = fine.homes;
    p.hasHome = fine.hasHome;
    p.nodeNoun = fine.nodeNoun;
    p.lockedTerritory = std::move(unitLock);
    p.currentAssignment = std::move(unitCurrent);
    p.startAssignment = std::move(unitStart);

    level->options = options;
    if (options.compactness == Compactness::CutEdges && countFineEdges) {
        level->options.compactness = Compactness::BoundaryLength;  // a merged edge counts its own
    }
    return level;
}

/// Connected pieces of nodes sharing group, lock and current territory, at most `cap` nodes
/// each (breadth first from the lowest node not yet taken).
Units coarsePieces(const BalanceProblem& problem, std::size_t cap) {
    const std::size_t n = problem.weights.size();
    auto same = [&problem](std::uint32_t a, std::uint32_t b) {
        return problem.coarseGroups[a] == problem.coarseGroups[b] &&
               (problem.lockedTerritory.empty() ||
                problem.lockedTerritory[a] == problem.lockedTerritory[b]) &&
               (problem.currentAssignment.empty() ||
                problem.currentAssignment[a] == problem.currentAssignment[b]);
    };
    constexpr auto kNone = static_cast<std::uint32_t>(-1);
    Units units;
    units.of.assign(n, kNone);
    std::vector<std::uint32_t> queue;
    for (std::uint32_t start = 0; start < n; ++start) {
        if (units.of[start] != kNone) {
            continue;
        }
        const auto id = static_cast<std::uint32_t>(units.count++);
        queue.assign(1, start);
        units.of[start] = id;
        std::size_t taken = 1;
        for (std::size_t head = 0; head < queue.size() && taken < cap; ++head) {
            for (const AreaGraph::Neighbour& nb : problem.graph->neighbours(queue[head])) {
                if (taken >= cap) {
                    break;
                }
                if (units.of[nb.node] == kNone && same(start, nb.node)) {
                    units.of[nb.node] = id;
                    queue.push_back(nb.node);
                    ++taken;
                }
            }
        }
    }
    return units;
}

/// Steps from each node (inside its territory) to the nearest node with a neighbour in another
/// territory; −1 (as unsigned) where the territory touches no other.
std::vector<std::uint32_t> boundaryDistance(const BalanceProblem& problem,
                                            const std::vector<std::int32_t>& plan) {
    const std::size_t n = plan.size();
    const AreaGraph& graph = *problem.graph;
    constexpr auto kFar = static_cast<std::uint32_t>(-1);
    std::vector<std::uint32_t> distance(n, kFar);
    std::vector<std::uint32_t> queue;
    for (std::uint32_t v = 0; v < n; ++v) {
        for (const AreaGraph::Neighbour& nb : graph.neighbours(v)) {
            if (plan[nb.node] != plan[v]) {
                distance[v] = 0;
                queue.push_back(v);
                break;
            }
        }
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
        const std::uint32_t v = queue[head];
        for (const AreaGraph::Neighbour& nb : graph.neighbours(v)) {
            if (plan[nb.node] == plan[v] && distance[nb.node] == kFar) {
                distance[nb.node] = distance[v] + 1;
                queue.push_back(nb.node);
            }
        }
    }
    return distance;
}

/// Per territory, how deep its band of single nodes goes: at least `depth`, and deep enough
/// that the interior holds at most 80 % of the territory's target in every measure (so the
/// held interior never makes the band unreachable).
std::vector<std::uint32_t> refineDepths(const BalanceProblem& problem,
                                        const std::vector<std::int32_t>& plan,
                                        const std::vector<std::uint32_t>& distance,
                                        const BalanceReport& report, std::size_t count,
                                        std::uint32_t depth) {
    const std::size_t n = plan.size();
    const std::size_t k = measureCount(problem);
    std::uint32_t deepest = 0;
    for (std::uint32_t d : distance) {
        if (d != static_cast<std::uint32_t>(-1)) {
            deepest = std::max(deepest, d);
        }
    }
    // load[t][d * k + m]: load of territory t at distance d (deepest + 1 = no boundary).
    const std::size_t levels = static_cast<std::size_t>(deepest) + 2;
    std::vector<std::vector<double>> load(count, std::vector<double>(levels * k, 0.0));
    for (std::size_t v = 0; v < n; ++v) {
        const std::size_t d =
            distance[v] == static_cast<std::uint32_t>(-1) ? levels - 1 : distance[v];
        for (std::size_t m = 0; m < k; ++m) {
            load[static_cast<std::size_t>(plan[v])][d * k + m] += fineValue(problem, v, m);
        }
    }
    std::vector<std::uint32_t> depths(count, depth);
    for (std::size_t t = 0; t < count; ++t) {
        if (!problem.frozenTerritories.empty() && problem.frozenTerritories[t]) {
            continue;  // its nodes are held anyway
        }
        std::vector<double> inside(k, 0.0);  // load deeper than the chosen depth
        std::size_t d = levels;
        while (d > 0) {
            bool light = true;
            for (std::size_t m = 0; m < k; ++m) {
                const double target =
                    report.targets.size() == count * k ? report.targets[t * k + m] : 0.0;
                if (inside[m] + load[t][(d - 1) * k + m] > 0.8 * target) {
                    light = false;
                }
            }
            if (!light) {
                break;
            }
            --d;
            for (std::size_t m = 0; m < k; ++m) {
                inside[m] += load[t][d * k + m];
            }
        }
        // Levels d.. are light enough to hold: single nodes go down to d − 1.
        if (d > 0) {
            depths[t] = std::max(depth, static_cast<std::uint32_t>(d - 1));
        }
    }
    return depths;
}

/// Units for refining `plan`: every node at most `depths[t]` steps (inside its territory t)
/// from a node of another territory on its own; the rest of each territory, per connected
/// piece, one unit locked to it.
Units refineUnits(const BalanceProblem& problem, const std::vector<std::int32_t>& plan,
                  const std::vector<std::uint32_t>& distance,
                  const std::vector<std::uint32_t>& depths, std::vector<char>& single) {
    const std::size_t n = plan.size();
    const AreaGraph& graph = *problem.graph;
    constexpr auto kFar = static_cast<std::uint32_t>(-1);
    std::vector<std::uint32_t> queue;
    Units units;
    units.of.assign(n, kFar);
    single.assign(n, 0);
    for (std::uint32_t v = 0; v < n; ++v) {
        if (distance[v] <= depths[static_cast<std::size_t>(plan[v])]) {
            units.of[v] = static_cast<std::uint32_t>(units.count++);
            single[v] = 1;
        }
    }
    for (std::uint32_t start = 0; start < n; ++start) {
        if (units.of[start] != kFar) {
            continue;
        }
        const auto id = static_cast<std::uint32_t>(units.count++);
        queue.assign(1, start);
        units.of[start] = id;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            for (const AreaGraph::Neighbour& nb : graph.neighbours(queue[head])) {
                if (units.of[nb.node] == kFar && plan[nb.node] == plan[start]) {
                    units.of[nb.node] = id;
                    queue.push_back(nb.node);
                }
            }
        }
    }
    return units;
}

/// Runs one level with its share [begin, end] of the progress and the time left until
/// `deadline`; cancel on the parent reaches the level at its next progress report.
Result<BalanceResult> runLevel(const Level& level, Feedback* feedback, double begin, double end,
                               Clock::time_point deadline) {
    BalanceOptions options = level.options;
    options.timeLimitSeconds =
        std::max(0.01, std::chrono::duration<double>(deadline - Clock::now()).count());
    Feedback child;
    if (feedback != nullptr) {
        child.setProgressCallback([feedback, &child, begin, end](double fraction) {
            feedback->setProgress(begin + (end - begin) * fraction);
            if (feedback->isCanceled()) {
                child.cancel();
            }
        });
        if (feedback->isCanceled()) {
            child.cancel();
        }
    }
    return balance(level.problem, options, &child);
}

}  // namespace

Result<SearchOutcome> balanceMultilevel(const BalanceProblem& problem,
                                        const BalanceOptions& options, Feedback* feedback,
                                        Clock::time_point started) {
    const std::size_t n = problem.weights.size();
    const std::size_t count = options.territoryCount;
    const Clock::time_point deadline =
        started + std::chrono::duration_cast<Clock::duration>(
                      std::chrono::duration<double>(options.timeLimitSeconds));
    SearchOutcome outcome;

    // 1. Coarse: pieces of about a 25th of a territory's nodes, balanced as units.
    const std::size_t cap = std::max<std::size_t>(1, n / (count * 25));
    const Units pieces = coarsePieces(problem, cap);
    std::vector<std::int32_t> lock;
    std::vector<std::int32_t> current;
    if (!problem.lockedTerritory.empty()) {
        lock.assign(pieces.count, -1);
    }
    if (!problem.currentAssignment.empty()) {
        current.assign(pieces.count, -1);
    }
    for (std::size_t v = 0; v < n; ++v) {
        if (!lock.empty()) {
            lock[pieces.of[v]] = problem.lockedTerritory[v];
        }
        if (!current.empty()) {
            current[pieces.of[v]] = problem.currentAssignment[v];
        }
    }
    const auto coarse =
        contract(problem, options, pieces, std::move(lock), std::move(current), {}, false);
    const Clock::time_point coarseDeadline =
        Clock::now() + (deadline - Clock::now()) / 2;  // half the time left at most
    auto first = runLevel(*coarse, feedback, 0.0, 0.3, coarseDeadline);
    if (!first) {
        return fail(first.error());
    }
    outcome.timedOut = first->report.stoppedByTimeLimit;
    outcome.iterations = first->report.iterations;
    std::vector<std::int32_t> plan(n, -1);
    for (std::size_t v = 0; v < n; ++v) {
        plan[v] = first->assignment[pieces.of[v]];
    }

    // 2. Refine: the nodes near the boundaries one by one, the interiors held; a wider band
    // of nodes while the tolerance is missed and time is left.
    double progress = 0.3;
    for (std::uint32_t depth = 2;; depth *= 2) {
        std::vector<char> single;
        const std::vector<std::uint32_t> distance = boundaryDistance(problem, plan);
        const std::vector<std::uint32_t> depths =
            refineDepths(problem, plan, distance, first->report, count, depth);
        const Units units = refineUnits(problem, plan, distance, depths, single);
        std::vector<std::int32_t> unitLock(units.count, -1);
        std::vector<std::int32_t> unitCurrent;
        std::vector<std::int32_t> unitStart(units.count, -1);
        if (!problem.currentAssignment.empty()) {
            unitCurrent.assign(units.count, -1);
        }
        bool interior = false;
        for (std::size_t v = 0; v < n; ++v) {
            const std::uint32_t w = units.of[v];
            unitStart[w] = plan[v];
            if (single[v]) {
                unitLock[w] = problem.lockedTerritory.empty() ? -1 : problem.lockedTerritory[v];
                if (!unitCurrent.empty()) {
                    unitCurrent[w] = problem.currentAssignment[v];
                }
            } else {
                interior = true;
                unitLock[w] = plan[v];
                if (!unitCurrent.empty()) {
                    unitCurrent[w] = plan[v];  // never moves: it costs no disruption
                }
            }
        }
        const auto level = contract(problem, options, units, std::move(unitLock),
                                    std::move(unitCurrent), std::move(unitStart), true);
        const double share = interior ? (1.0 - progress) / 2.0 : 1.0 - progress;
        auto refined = runLevel(*level, feedback, progress, progress + share, deadline);
        if (!refined) {
            return fail(refined.error());
        }
        progress += share;
        outcome.timedOut = outcome.timedOut || refined->report.stoppedByTimeLimit;
        outcome.iterations += refined->report.iterations;
        for (std::size_t v = 0; v < n; ++v) {
            plan[v] = refined->assignment[units.of[v]];
        }
        if (refined->report.toleranceMet || !interior || Clock::now() >= deadline ||
            depth >= (1U << 20)) {
            break;
        }
    }
    outcome.assignment = std::move(plan);
    return outcome;
}

}  // namespace tessera::engine::detail
