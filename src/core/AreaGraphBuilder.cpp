// SPDX-License-Identifier: Apache-2.0
#include "AreaGraphBuilder.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

#include <boost/geometry/index/rtree.hpp>

#include "Project.h"

namespace tessera {

namespace {

constexpr double kQuantum = 1e7;  // 1e-7 degrees ≈ 1 cm

std::uint64_t quantize(const Point& p) {
    const auto x = static_cast<std::int64_t>(std::llround(p.x() * kQuantum));
    const auto y = static_cast<std::int64_t>(std::llround(p.y() * kQuantum));
    // lon in [-180, 180] * 1e7 fits in 32 bits signed; lat likewise.
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(x)) << 32U) |
           static_cast<std::uint32_t>(y);
}

struct SegmentRecord {
    std::uint64_t from;
    std::uint64_t to;
    std::uint32_t area;
    float lengthKm;
};

void collectSegments(const Ring& ring, std::uint32_t area, std::vector<SegmentRecord>& out) {
    for (std::size_t i = 1; i < ring.size(); ++i) {
        std::uint64_t p = quantize(ring[i - 1]);
        std::uint64_t q = quantize(ring[i]);
        if (p == q) {
            continue;
        }
        if (p > q) {
            std::swap(p, q);
        }
        out.push_back({p, q, area, static_cast<float>(greatCircleKm(ring[i - 1], ring[i]))});
    }
}

double touchingLengthKm(const MultiPolygon& a, const MultiPolygon& b) {
    // Length of the boundary of `a` that lies on `b`'s boundary, approximated by the part of
    // a's outline within a small buffer distance of b.
    double length = 0.0;
    for (const Polygon& polygon : a) {
        const Ring& ring = polygon.outer();
        for (std::size_t i = 1; i < ring.size(); ++i) {
            const Point mid((ring[i - 1].x() + ring[i].x()) / 2,
                            (ring[i - 1].y() + ring[i].y()) / 2);
            if (bg::distance(mid, b) < 1e-5) {
                length += greatCircleKm(ring[i - 1], ring[i]);
            }
        }
    }
    return length;
}

}  // namespace

AreaGraph buildAreaGraph(const std::vector<Area>& areas, Feedback* feedback) {
    std::size_t total = 0;
    for (const Area& area : areas) {
        total += bg::num_points(area.shape);
    }
    std::vector<SegmentRecord> segments;
    segments.reserve(total);
    for (std::uint32_t i = 0; i < areas.size(); ++i) {
        for (const Polygon& polygon : areas[i].shape) {
            collectSegments(polygon.outer(), i, segments);
            for (const Ring& inner : polygon.inners()) {
                collectSegments(inner, i, segments);
            }
        }
        if (feedback != nullptr && (i % 1024) == 0) {
            if (feedback->isCanceled()) {
                return {};
            }
            feedback->setProgress(0.3 * i / static_cast<double>(areas.size()));
        }
    }
    std::sort(segments.begin(), segments.end(), [](const SegmentRecord& x, const SegmentRecord& y) {
        if (x.from != y.from) {
            return x.from < y.from;
        }
        if (x.to != y.to) {
            return x.to < y.to;
        }
        return x.area < y.area;
    });
    if (feedback != nullptr) {
        if (feedback->isCanceled()) {
            return {};
        }
        feedback->setProgress(0.6);
    }
    std::vector<AreaEdge> edges;
    for (std::size_t i = 0; i < segments.size();) {
        std::size_t j = i + 1;
        while (j < segments.size() && segments[j].from == segments[i].from &&
               segments[j].to == segments[i].to) {
            ++j;
        }
        // Every pair of distinct areas in the run shares this segment.
        for (std::size_t x = i; x < j; ++x) {
            for (std::size_t y = x + 1; y < j; ++y) {
                if (segments[x].area != segments[y].area) {
                    edges.push_back(
                        {segments[x].area, segments[y].area, segments[x].lengthKm, false});
                }
            }
        }
        i = j;
    }
    AreaGraph graph = AreaGraph::fromEdges(areas.size(), std::move(edges));

    // Fallback for areas whose boundaries do not share vertices with their neighbours.
    namespace bgi = bg::index;
    using Entry = std::pair<Box, std::uint32_t>;
    std::vector<std::uint32_t> lonely;
    for (std::uint32_t i = 0; i < areas.size(); ++i) {
        if (graph.degree(i) == 0 && !areas[i].shape.empty()) {
            lonely.push_back(i);
        }
    }
    if (!lonely.empty()) {
        std::vector<Entry> entries;
        entries.reserve(areas.size());
        for (std::uint32_t i = 0; i < areas.size(); ++i) {
            if (!areas[i].shape.empty()) {
                entries.emplace_back(areas[i].bounds, i);
            }
        }
        bgi::rtree<Entry, bgi::rstar<16>> tree(entries.begin(), entries.end());
        std::vector<AreaEdge> extra(graph.edges().begin(), graph.edges().end());
        std::vector<bool> isLonely(areas.size(), false);
        for (std::uint32_t i : lonely) {
            isLonely[i] = true;
        }
        for (std::size_t k = 0; k < lonely.size(); ++k) {
            const std::uint32_t i = lonely[k];
            Box search = areas[i].bounds;
            search.min_corner().x(search.min_corner().x() - 1e-5);
            search.min_corner().y(search.min_corner().y() - 1e-5);
            search.max_corner().x(search.max_corner().x() + 1e-5);
            search.max_corner().y(search.max_corner().y() + 1e-5);
            std::vector<Entry> candidates;
            tree.query(bgi::intersects(search), std::back_inserter(candidates));
            for (const Entry& candidate : candidates) {
                const std::uint32_t j = candidate.second;
                if (j == i || (isLonely[j] && j < i)) {
                    continue;  // the pair was measured from j's side already
                }
                if (bg::distance(areas[i].shape, areas[j].shape) > 1e-5) {
                    continue;
                }
                const double length = touchingLengthKm(areas[i].shape, areas[j].shape);
                if (length > 0.0) {
                    extra.push_back({i, j, length, false});
                }
            }
            if (feedback != nullptr && feedback->isCanceled()) {
                return {};
            }
        }
        graph = AreaGraph::fromEdges(areas.size(), std::move(extra));
    }
    if (feedback != nullptr) {
        feedback->setProgress(1.0);
    }
    return graph;
}

std::size_t connectIslands(AreaGraph& graph, const std::vector<Point>& locations) {
    std::size_t componentCount = 0;
    std::vector<std::uint32_t> label = graph.componentLabels(&componentCount);
    if (componentCount <= 1) {
        return 0;
    }
    // Union-find over components.
    std::vector<std::uint32_t> parent(componentCount);
    std::iota(parent.begin(), parent.end(), 0U);
    auto find = [&parent](std::uint32_t c) {
        while (parent[c] != c) {
            parent[c] = parent[parent[c]];
            c = parent[c];
        }
        return c;
    };
    std::vector<std::size_t> size(componentCount, 0);
    for (std::uint32_t c : label) {
        ++size[c];
    }
    std::vector<std::uint32_t> order(componentCount);
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(),
              [&size](std::uint32_t x, std::uint32_t y) { return size[x] < size[y]; });

    std::vector<AreaEdge> edges(graph.edges().begin(), graph.edges().end());
    std::size_t bridges = 0;
    for (std::size_t k = 0; k + 1 < order.size(); ++k) {  // the largest component stays put
        const std::uint32_t component = find(order[k]);
        double best = std::numeric_limits<double>::infinity();
        std::uint32_t bestFrom = 0;
        std::uint32_t bestTo = 0;
        for (std::uint32_t u = 0; u < label.size(); ++u) {
            if (find(label[u]) != component) {
                continue;
            }
            for (std::uint32_t v = 0; v < label.size(); ++v) {
                if (find(label[v]) == component) {
                    continue;
                }
                const double d = greatCircleKm(locations[u], locations[v]);
                if (d < best) {
                    best = d;
                    bestFrom = u;
                    bestTo = v;
                }
            }
        }
        if (!std::isfinite(best)) {
            continue;
        }
        edges.push_back({bestFrom, bestTo, 0.0, true});
        parent[component] = find(label[bestTo]);
        ++bridges;
    }
    graph = AreaGraph::fromEdges(graph.nodeCount(), std::move(edges));
    return bridges;
}

}  // namespace tessera
