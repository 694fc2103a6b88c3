// SPDX-License-Identifier: Apache-2.0
#include "AccountGraph.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numbers>
#include <numeric>
#include <utility>

#include <boost/geometry/index/rtree.hpp>

namespace tessera::engine {
namespace {

namespace bgi = boost::geometry::index;
using Entry = std::pair<Point, std::uint32_t>;
using Tree = bgi::rtree<Entry, bgi::rstar<16>>;

double squared(const Point& a, const Point& b) {
    const double dx = a.x() - b.x();
    const double dy = a.y() - b.y();
    return dx * dx + dy * dy;
}

/// At most `limit` members spread evenly over the list (all of them when it is short).
std::vector<std::uint32_t> sample(const std::vector<std::uint32_t>& members, std::size_t limit) {
    if (members.size() <= limit) {
        return members;
    }
    std::vector<std::uint32_t> out;
    out.reserve(limit);
    for (std::size_t i = 0; i < limit; ++i) {
        out.push_back(members[i * members.size() / limit]);
    }
    return out;
}

}  // namespace

AreaGraph buildAccountGraph(const Project& project, const std::vector<AccountIndex>& units,
                            const AccountGraphSettings& settings) {
    const std::size_t n = units.size();
    if (n == 0) {
        return {};
    }
    // Planar coordinates: longitude shrunk by the cosine of the mean latitude.
    double meanLatitude = 0.0;
    for (AccountIndex a : units) {
        meanLatitude += project.accounts[a].location.y();
    }
    meanLatitude /= static_cast<double>(n);
    const double shrink = std::cos(meanLatitude * std::numbers::pi / 180.0);
    std::vector<Entry> entries;
    entries.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const Point& p = project.accounts[units[i]].location;
        entries.emplace_back(Point(p.x() * shrink, p.y()), static_cast<std::uint32_t>(i));
    }
    const Tree tree(entries.begin(), entries.end());  // packed: deterministic and fast
    std::vector<AreaEdge> edges;
    auto link = [&edges](std::uint32_t a, std::uint32_t b, bool bridge) {
        if (a != b) {
            edges.push_back({std::min(a, b), std::max(a, b), 0.0, bridge});
        }
    };
    // Accounts at the very same spot (e.g. located by the same postal code) are chained; each
    // links to its nearest accounts elsewhere, so a crowd at one spot does not hang on a
    // single account.
    std::vector<std::uint32_t> bySpot(n);
    std::iota(bySpot.begin(), bySpot.end(), 0U);
    std::sort(bySpot.begin(), bySpot.end(), [&entries](std::uint32_t a, std::uint32_t b) {
        const Point& p = entries[a].first;
        const Point& q = entries[b].first;
        return p.x() != q.x() ? p.x() < q.x() : p.y() != q.y() ? p.y() < q.y() : a < b;
    });
    auto sameSpot = [&entries](std::uint32_t a, std::uint32_t b) {
        return entries[a].first.x() == entries[b].first.x() &&
               entries[a].first.y() == entries[b].first.y();
    };
    // Spots: runs of accounts at the very same place in bySpot.
    std::vector<std::size_t> spotBegin;
    for (std::size_t j = 0; j < n; ++j) {
        if (j == 0 || !sameSpot(bySpot[j - 1], bySpot[j])) {
            spotBegin.push_back(j);
        } else {
            link(bySpot[j - 1], bySpot[j], false);
        }
    }
    const std::size_t spots = spotBegin.size();
    spotBegin.push_back(n);
    if (settings.nearest > 0 && spots > 1) {
        // Each account links to the nearest other *spots* (not accounts: a crowd at the next
        // spot would take every link), each spot's links spread over its members.
        std::vector<Entry> spotEntries;
        spotEntries.reserve(spots);
        for (std::size_t s = 0; s < spots; ++s) {
            spotEntries.emplace_back(entries[bySpot[spotBegin[s]]].first,
                                     static_cast<std::uint32_t>(s));
        }
        const Tree spotTree(spotEntries.begin(), spotEntries.end());
        std::vector<Entry> found;
        edges.reserve(edges.size() + n * settings.nearest);
        for (std::size_t s = 0; s < spots; ++s) {
            found.clear();
            const Point here = spotEntries[s].first;
            spotTree.query(bgi::nearest(here, static_cast<unsigned>(settings.nearest + 1)) &&
                               bgi::satisfies([s](const Entry& e) { return e.second != s; }),
                           std::back_inserter(found));
            std::sort(found.begin(), found.end(), [&here](const Entry& x, const Entry& y) {
                const double dx = squared(here, x.first);
                const double dy = squared(here, y.first);
                return dx != dy ? dx < dy : x.second < y.second;
            });
            if (found.size() > settings.nearest) {
                found.resize(settings.nearest);
            }
            const std::size_t size = spotBegin[s + 1] - spotBegin[s];
            for (std::size_t r = 0; r < size; ++r) {
                const std::uint32_t i = bySpot[spotBegin[s] + r];
                for (const Entry& e : found) {
                    const std::size_t other = e.second;
                    const std::size_t otherSize = spotBegin[other + 1] - spotBegin[other];
                    link(i, bySpot[spotBegin[other] + r % otherSize], false);
                }
            }
        }
    }
    if (settings.areaLinks && project.graph.nodeCount() == project.areas.size()) {
        std::vector<std::vector<std::uint32_t>> byArea(project.areas.size());
        for (std::uint32_t i = 0; i < n; ++i) {
            const AccountIndex a = units[i];
            const std::int32_t area = a < project.accountArea.size() ? project.accountArea[a] : -1;
            if (area >= 0 && static_cast<std::size_t>(area) < byArea.size()) {
                byArea[static_cast<std::size_t>(area)].push_back(i);
            }
        }
        constexpr std::size_t kSample = 48;  // bounds the work per pair of crowded areas
        for (const AreaEdge& e : project.graph.edges()) {
            if (byArea[e.a].empty() || byArea[e.b].empty()) {
                continue;
            }
            const std::vector<std::uint32_t> left = sample(byArea[e.a], kSample);
            const std::vector<std::uint32_t> right = sample(byArea[e.b], kSample);
            double best = std::numeric_limits<double>::infinity();
            std::pair<std::uint32_t, std::uint32_t> pair{left.front(), right.front()};
            for (std::uint32_t u : left) {
                for (std::uint32_t v : right) {
                    const double d = squared(entries[u].first, entries[v].first);
                    if (d < best) {
                        best = d;
                        pair = {u, v};
                    }
                }
            }
            link(pair.first, pair.second, false);
        }
    }
    AreaGraph graph = AreaGraph::fromEdges(n, std::move(edges));

    // Join the parts still apart, smallest first, each to the nearest account outside it.
    std::size_t parts = 0;
    const std::vector<std::uint32_t> label = graph.componentLabels(&parts);
    if (parts <= 1) {
        return graph;
    }
    std::vector<std::uint32_t> parent(parts);
    std::iota(parent.begin(), parent.end(), 0U);
    auto find = [&parent](std::uint32_t c) {
        while (parent[c] != c) {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        return c;
    };
    std::vector<std::vector<std::uint32_t>> members(parts);
    for (std::uint32_t i = 0; i < n; ++i) {
        members[label[i]].push_back(i);
    }
    std::vector<std::uint32_t> order(parts);
    std::iota(order.begin(), order.end(), 0U);
    std::stable_sort(order.begin(), order.end(), [&members](std::uint32_t x, std::uint32_t y) {
        return members[x].size() < members[y].size();
    });
    std::vector<AreaEdge> all(graph.edges().begin(), graph.edges().end());
    std::vector<Entry> found;
    for (std::size_t k = 0; k + 1 < order.size(); ++k) {  // the largest part stays put
        const std::uint32_t part = find(order[k]);
        double best = std::numeric_limits<double>::infinity();
        std::pair<std::uint32_t, std::uint32_t> bridge{0, 0};
        for (std::uint32_t i : members[order[k]]) {
            found.clear();
            tree.query(bgi::nearest(entries[i].first, 1) && bgi::satisfies([&](const Entry& e) {
                           return find(label[e.second]) != part;
                       }),
                       std::back_inserter(found));
            if (!found.empty()) {
                const double d = squared(entries[i].first, found.front().first);
                if (d < best) {
                    best = d;
                    bridge = {i, found.front().second};
                }
            }
        }
        if (std::isfinite(best)) {
            all.push_back({std::min(bridge.first, bridge.second),
                           std::max(bridge.first, bridge.second), 0.0, true});
            parent[part] = find(label[bridge.second]);
        }
    }
    return AreaGraph::fromEdges(n, std::move(all));
}

}  // namespace tessera::engine
