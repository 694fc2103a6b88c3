// SPDX-License-Identifier: Apache-2.0
// `tessera-cli bench balance`: the balancer on scaled real data. A real graph (e.g. the
// Arkansas block groups) is tiled into a grid of copies joined along their touching edges,
// accounts are scattered over the nodes in proportion to a real weight (population), and
// the nodes' workload and potential are the sums of their accounts.
#include "BalanceBench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <limits>

#include "Arguments.h"
#include "TextFormat.h"
#include "engine/Balancer.h"
#include "io/GraphReader.h"

namespace tessera::cli {
namespace {

int fail(const std::string& message) {
    std::cerr << "tessera-cli bench balance: " << message << "\n";
    return 2;
}

/// splitmix64, so that the scaled data is the same on every machine.
struct Random {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
};

}  // namespace

int benchBalance(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw,
                                 {"graph", "weight", "copies", "accounts", "territories",
                                  "tolerance", "seed", "time-limit", "measures"},
                                 {});
    if (!args) {
        return fail(args.error().message);
    }
    auto path = args->required("graph");
    auto weightField = args->required("weight");
    auto copies = args->integer("copies", 15);
    auto accounts = args->integer("accounts", 1000000);
    auto territories = args->integer("territories", 500);
    auto tolerance = args->number("tolerance", 0.05);
    auto seed = args->integer("seed", 1);
    auto timeLimit = args->number("time-limit", 60.0);
    auto measures = args->integer("measures", 1);
    if (!path || !weightField || !copies || !accounts || !territories || !tolerance || !seed ||
        !timeLimit || !measures) {
        return fail("give --graph G.json --weight FIELD and numbers for the other options");
    }
    if (*copies < 1 || *accounts < 1 || *territories < 1 || *measures < 1 || *measures > 2) {
        return fail(
            "--copies, --accounts and --territories must be at least 1; --measures 1 "
            "(workload) or 2 (workload and potential)");
    }
    auto graph = io::readGraph(*path);
    if (!graph) {
        return fail(graph.error().toString());
    }
    auto weights = graph->numericField(*weightField);
    if (!weights) {
        return fail(weights.error().toString());
    }
    if (graph->locations.empty()) {
        return fail("the graph has no node locations to tile by");
    }
    const auto started = Clock::now();
    // Tile: copies in a grid of columns × rows, each shifted by the graph's extent.
    const std::size_t n = graph->nodeIds.size();
    const auto count = static_cast<std::size_t>(*copies);
    const auto columns = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(count))));
    double minX = std::numeric_limits<double>::infinity();
    double maxX = -minX;
    double minY = minX;
    double maxY = -minX;
    for (const Point& p : graph->locations) {
        minX = std::min(minX, p.x());
        maxX = std::max(maxX, p.x());
        minY = std::min(minY, p.y());
        maxY = std::max(maxY, p.y());
    }
    const double width = maxX - minX;
    const double height = maxY - minY;
    std::vector<AreaEdge> edges;
    std::vector<Point> locations;
    std::vector<double> population;
    for (std::size_t c = 0; c < count; ++c) {
        const double dx = static_cast<double>(c % columns) * width;
        const double dy = static_cast<double>(c / columns) * height;
        for (std::size_t v = 0; v < n; ++v) {
            locations.emplace_back(graph->locations[v].x() + dx, graph->locations[v].y() + dy);
            population.push_back((*weights)[v]);
        }
        for (const AreaEdge& e : graph->graph.edges()) {
            edges.push_back({static_cast<std::uint32_t>(c * n + e.a),
                             static_cast<std::uint32_t>(c * n + e.b), e.sharedBoundaryKm, false});
        }
    }
    // Join neighbouring copies: each node in the outer 3 % strip facing a neighbour links to
    // the nearest node in that neighbour's facing strip.
    auto strip = [&](std::size_t copy, bool east, bool vertical) {
        std::vector<std::uint32_t> nodes;
        for (std::size_t v = 0; v < n; ++v) {
            const Point& p = graph->locations[v];
            const double s = vertical ? (east ? maxY - p.y() : p.y() - minY) / height
                                      : (east ? maxX - p.x() : p.x() - minX) / width;
            if (s < 0.03) {
                nodes.push_back(static_cast<std::uint32_t>(copy * n + v));
            }
        }
        return nodes;
    };
    auto join = [&](std::size_t a, std::size_t b, bool vertical) {
        const auto from = strip(a, true, vertical);
        const auto to = strip(b, false, vertical);
        for (std::uint32_t u : from) {
            std::uint32_t best = to.front();
            double bestDistance = std::numeric_limits<double>::infinity();
            for (std::uint32_t w : to) {
                const double ex = locations[u].x() - locations[w].x();
                const double ey = locations[u].y() - locations[w].y();
                if (ex * ex + ey * ey < bestDistance) {
                    bestDistance = ex * ex + ey * ey;
                    best = w;
                }
            }
            edges.push_back({std::min(u, best), std::max(u, best), 1.0, false});
        }
    };
    for (std::size_t c = 0; c < count; ++c) {
        if (c % columns + 1 < columns && c + 1 < count) {
            join(c, c + 1, false);
        }
        if (c + columns < count) {
            join(c, c + columns, true);
        }
    }
    const AreaGraph tiled = AreaGraph::fromEdges(locations.size(), std::move(edges));
    const double tileSeconds = secondsSince(started);

    // Accounts: scattered in proportion to population; workload 5–40 h, potential skewed.
    const auto aggregateStart = Clock::now();
    std::vector<double> cumulative(population.size());
    double total = 0.0;
    for (std::size_t v = 0; v < population.size(); ++v) {
        total += population[v];
        cumulative[v] = total;
    }
    Random random{static_cast<std::uint64_t>(*seed)};
    std::vector<double> workload(population.size(), 0.0);
    std::vector<double> potential(population.size(), 0.0);
    for (long long i = 0; i < *accounts; ++i) {
        const double r = random.unit() * total;
        const auto node = static_cast<std::size_t>(
            std::upper_bound(cumulative.begin(), cumulative.end(), r) - cumulative.begin());
        const std::size_t v = std::min(node, population.size() - 1);
        workload[v] += 5.0 + 35.0 * random.unit();
        potential[v] += 1000.0 * std::exp(3.0 * random.unit());
    }
    const double aggregateSeconds = secondsSince(aggregateStart);

    engine::BalanceProblem problem;
    problem.graph = &tiled;
    problem.weights = std::move(workload);
    problem.weightName = "workload";
    problem.locations = std::move(locations);
    if (*measures == 2) {
        problem.extraMeasures.push_back({"potential", std::move(potential), *tolerance});
    }
    engine::BalanceOptions options;
    options.territoryCount = static_cast<std::size_t>(*territories);
    options.tolerance = *tolerance;
    options.seed = static_cast<std::uint64_t>(*seed);
    options.timeLimitSeconds = *timeLimit;
    auto result = engine::balance(problem, options);
    if (!result) {
        return fail(result.error().toString());
    }
    const engine::BalanceReport& report = result->report;
    std::cout << std::fixed << std::setprecision(3) << "nodes " << tiled.nodeCount() << ", edges "
              << tiled.edges().size() << ", accounts " << *accounts << ", territories "
              << options.territoryCount << "\n"
              << "tile " << tileSeconds << " s, aggregate accounts " << aggregateSeconds
              << " s, balance " << report.seconds << " s\n";
    for (const engine::MeasureReport& measure : report.measures) {
        std::cout << measure.name << ": max deviation " << measure.maxDeviation * 100.0
                  << " % (tolerance " << measure.tolerance * 100.0
                  << " %: " << (measure.toleranceMet ? "met" : "NOT met") << ")\n";
    }
    std::cout << "contiguous " << (report.contiguous ? "yes" : "no") << ", cut edges "
              << report.cutEdges << ", stopped by time limit "
              << (report.stoppedByTimeLimit ? "yes" : "no") << "\n";
    return 0;
}

}  // namespace tessera::cli
