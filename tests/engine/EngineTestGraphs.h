// SPDX-License-Identifier: Apache-2.0
#pragma once

// Small graphs for the engine tests: grids, grid-like graphs with random holes and diagonals,
// and an independent check of a plan (recomputed from scratch, not through the engine).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "core/AreaGraph.h"
#include "core/Geometry.h"
#include "engine/Balancer.h"

namespace tessera::engine::test {

/// A light search (the test graphs are small) so that the suites stay fast under sanitizers.
inline BalanceOptions optionsFor(std::size_t territories, double tolerance,
                                 std::uint64_t seed = 1) {
    BalanceOptions options;
    options.territoryCount = territories;
    options.tolerance = tolerance;
    options.seed = seed;
    options.timeLimitSeconds = 600.0;
    options.effort = 0.3;
    options.starts = 1;
    return options;
}

/// A problem that owns its graph.
struct OwnedProblem {
    AreaGraph graph;
    std::vector<double> weights;
    std::vector<Point> locations;

    [[nodiscard]] BalanceProblem problem() const {
        BalanceProblem p;
        p.graph = &graph;
        p.weights = weights;
        p.locations = locations;
        return p;
    }
};

inline std::uint32_t gridNode(std::uint32_t row, std::uint32_t column, std::uint32_t columns) {
    return row * columns + column;
}

/// rows × columns grid, rook adjacency, unit boundary 1 km, weights 1, 0.01° spacing.
inline OwnedProblem grid(std::uint32_t rows, std::uint32_t columns) {
    OwnedProblem out;
    std::vector<AreaEdge> edges;
    for (std::uint32_t r = 0; r < rows; ++r) {
        for (std::uint32_t c = 0; c < columns; ++c) {
            out.locations.emplace_back(10.0 + 0.01 * c, 50.0 + 0.01 * r);
            if (c + 1 < columns) {
                edges.push_back({gridNode(r, c, columns), gridNode(r, c + 1, columns), 1.0, false});
            }
            if (r + 1 < rows) {
                edges.push_back({gridNode(r, c, columns), gridNode(r + 1, c, columns), 1.0, false});
            }
        }
    }
    out.graph = AreaGraph::fromEdges(static_cast<std::size_t>(rows) * columns, std::move(edges));
    out.weights.assign(static_cast<std::size_t>(rows) * columns, 1.0);
    return out;
}

/// A connected grid-like graph: a grid with some edges removed (never disconnecting it) and
/// some diagonals added, with random weights in [0, maxWeight] (about a tenth of them 0).
inline OwnedProblem randomGridLike(std::uint32_t rows, std::uint32_t columns, std::uint64_t seed,
                                   double maxWeight = 10.0) {
    std::mt19937_64 random(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::size_t n = static_cast<std::size_t>(rows) * columns;
    std::vector<AreaEdge> candidates;
    for (std::uint32_t r = 0; r < rows; ++r) {
        for (std::uint32_t c = 0; c < columns; ++c) {
            if (c + 1 < columns) {
                candidates.push_back({gridNode(r, c, columns), gridNode(r, c + 1, columns),
                                      1.0 + unit(random), false});
            }
            if (r + 1 < rows) {
                candidates.push_back({gridNode(r, c, columns), gridNode(r + 1, c, columns),
                                      1.0 + unit(random), false});
            }
            if (r + 1 < rows && c + 1 < columns && unit(random) < 0.2) {
                candidates.push_back(
                    {gridNode(r, c, columns), gridNode(r + 1, c + 1, columns), 0.0, false});
            }
        }
    }
    std::shuffle(candidates.begin(), candidates.end(), random);
    // Kruskal keeps a spanning tree; other edges are dropped with probability 0.25.
    std::vector<std::uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0U);
    auto find = [&parent](std::uint32_t x) {
        while (parent[x] != x) {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    };
    std::vector<AreaEdge> edges;
    for (const AreaEdge& e : candidates) {
        const std::uint32_t a = find(e.a);
        const std::uint32_t b = find(e.b);
        if (a != b) {
            parent[a] = b;
            edges.push_back(e);
        } else if (unit(random) >= 0.25) {
            edges.push_back(e);
        }
    }
    OwnedProblem out;
    out.graph = AreaGraph::fromEdges(n, std::move(edges));
    for (std::uint32_t r = 0; r < rows; ++r) {
        for (std::uint32_t c = 0; c < columns; ++c) {
            out.locations.emplace_back(10.0 + 0.01 * c + 0.003 * unit(random),
                                       50.0 + 0.01 * r + 0.003 * unit(random));
            out.weights.push_back(unit(random) < 0.1 ? 0.0 : std::round(maxWeight * unit(random)));
        }
    }
    return out;
}

/// Components of each territory, recomputed by a plain breadth-first search.
inline std::vector<std::size_t> componentsPerTerritory(const AreaGraph& graph,
                                                       const std::vector<std::int32_t>& plan,
                                                       std::size_t territories) {
    std::vector<std::size_t> components(territories, 0);
    std::vector<char> seen(graph.nodeCount(), 0);
    for (std::uint32_t start = 0; start < graph.nodeCount(); ++start) {
        if (seen[start]) {
            continue;
        }
        ++components[static_cast<std::size_t>(plan[start])];
        std::vector<std::uint32_t> queue{start};
        seen[start] = 1;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            for (const auto& nb : graph.neighbours(queue[head])) {
                if (!seen[nb.node] && plan[nb.node] == plan[start]) {
                    seen[nb.node] = 1;
                    queue.push_back(nb.node);
                }
            }
        }
    }
    return components;
}

/// Largest |weight − mean| / mean over territories, recomputed from the plan.
inline double maxDeviation(const std::vector<double>& weights,
                           const std::vector<std::int32_t>& plan, std::size_t territories) {
    std::vector<double> sums(territories, 0.0);
    double total = 0.0;
    for (std::size_t v = 0; v < plan.size(); ++v) {
        sums[static_cast<std::size_t>(plan[v])] += weights[v];
        total += weights[v];
    }
    const double target = total / static_cast<double>(territories);
    double worst = 0.0;
    for (double s : sums) {
        worst = std::max(worst, target > 0.0 ? std::abs(s - target) / target : 0.0);
    }
    return worst;
}

inline std::size_t cutEdges(const AreaGraph& graph, const std::vector<std::int32_t>& plan) {
    std::size_t cut = 0;
    for (const AreaEdge& e : graph.edges()) {
        cut += (!e.bridge && plan[e.a] != plan[e.b]) ? 1 : 0;
    }
    return cut;
}

}  // namespace tessera::engine::test
