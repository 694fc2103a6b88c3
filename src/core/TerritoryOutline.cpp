// SPDX-License-Identifier: Apache-2.0
#include "TerritoryOutline.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "Project.h"

namespace tessera {

namespace {

// Vertices closer than 1e-7 degrees (about 1 cm) are the same vertex, as in buildAreaGraph.
constexpr double kQuantum = 1e7;

using VertexKey = std::uint64_t;

VertexKey quantize(const Point& p) {
    const auto x = static_cast<std::int64_t>(std::llround(p.x() * kQuantum));
    const auto y = static_cast<std::int64_t>(std::llround(p.y() * kQuantum));
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(x)) << 32U) |
           static_cast<std::uint32_t>(y);
}

bool isFinite(const Point& p) {
    return std::isfinite(p.x()) && std::isfinite(p.y());
}

/// Twice the signed area of a closed or open ring; positive when counter-clockwise (x right,
/// y up).
double signedArea2(const std::vector<Point>& ring) {
    double sum = 0.0;
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const Point& a = ring[i];
        const Point& b = ring[(i + 1) % n];
        sum += a.x() * b.y() - b.x() * a.y();
    }
    return sum;
}

struct DirectedSegment {
    VertexKey from;
    VertexKey to;
};

class OutlineBuilder {
public:
    void addRing(const Ring& ring, bool outer) {
        ringPoints_.clear();
        for (const Point& p : ring) {
            if (isFinite(p)) {
                ringPoints_.push_back(p);
            }
        }
        if (ringPoints_.size() < 3) {
            return;
        }
        // Outer rings run clockwise and holes counter-clockwise, so that the interior is on the
        // right of every segment and a boundary shared by two members runs both ways.
        const double area = signedArea2(ringPoints_);
        const bool reverse = outer ? area > 0.0 : area < 0.0;
        if (reverse) {
            std::reverse(ringPoints_.begin(), ringPoints_.end());
        }
        for (std::size_t i = 0, n = ringPoints_.size(); i < n; ++i) {
            const Point& a = ringPoints_[i];
            const Point& b = ringPoints_[(i + 1) % n];
            const VertexKey from = quantize(a);
            const VertexKey to = quantize(b);
            if (from == to) {
                continue;  // closing point, or a repeated vertex
            }
            vertices_.try_emplace(from, a);
            segments_.push_back({from, to});
        }
    }

    MultiPolygon build() {
        cancelSharedSegments();
        traceRings();
        return assemble();
    }

    /// True when every segment found its place in a ring; otherwise the members' boundaries do
    /// not match vertex for vertex and the result is incomplete.
    [[nodiscard]] bool complete() const { return openChains_ == 0 && orphanHoles_ == 0; }

private:
    /// Keeps, per undirected segment, the net direction: a boundary shared by two members runs
    /// once each way and cancels; a duplicated area leaves one copy.
    void cancelSharedSegments() {
        struct Undirected {
            VertexKey low;
            VertexKey high;
            int direction;  // +1 when it runs low → high
        };
        std::vector<Undirected> undirected;
        undirected.reserve(segments_.size());
        for (const DirectedSegment& s : segments_) {
            if (s.from < s.to) {
                undirected.push_back({s.from, s.to, 1});
            } else {
                undirected.push_back({s.to, s.from, -1});
            }
        }
        std::sort(undirected.begin(), undirected.end(),
                  [](const Undirected& x, const Undirected& y) {
                      return std::pair(x.low, x.high) < std::pair(y.low, y.high);
                  });
        segments_.clear();
        for (std::size_t i = 0; i < undirected.size();) {
            int net = 0;
            std::size_t j = i;
            while (j < undirected.size() && undirected[j].low == undirected[i].low &&
                   undirected[j].high == undirected[i].high) {
                net += undirected[j].direction;
                ++j;
            }
            if (net > 0) {
                segments_.push_back({undirected[i].low, undirected[i].high});
            } else if (net < 0) {
                segments_.push_back({undirected[i].high, undirected[i].low});
            }
            i = j;
        }
        std::sort(segments_.begin(), segments_.end(),
                  [](const DirectedSegment& x, const DirectedSegment& y) {
                      return std::pair(x.from, x.to) < std::pair(y.from, y.to);
                  });
    }

    /// Chains the outline segments into closed walks and splits each walk into simple rings
    /// at the vertices it visits twice.
    void traceRings() {
        std::vector<bool> used(segments_.size(), false);
        // Segments are sorted by `from`; runCursor[s] of the first segment s of each run (the
        // segments leaving one vertex) is its first possibly unused segment, so each run is
        // scanned once overall.
        std::vector<std::size_t> runCursor(segments_.size());
        std::iota(runCursor.begin(), runCursor.end(), std::size_t{0});
        auto nextUnused = [&](VertexKey vertex) -> std::size_t {
            const auto it = std::lower_bound(
                segments_.begin(), segments_.end(), vertex,
                [](const DirectedSegment& s, VertexKey key) { return s.from < key; });
            if (it == segments_.end() || it->from != vertex) {
                return segments_.size();
            }
            const auto runStart = static_cast<std::size_t>(it - segments_.begin());
            std::size_t& cursor = runCursor[runStart];
            while (cursor < segments_.size() && segments_[cursor].from == vertex && used[cursor]) {
                ++cursor;
            }
            if (cursor < segments_.size() && segments_[cursor].from == vertex) {
                return cursor;
            }
            return segments_.size();
        };

        std::vector<VertexKey> walk;
        for (std::size_t first = 0; first < segments_.size(); ++first) {
            if (used[first]) {
                continue;
            }
            used[first] = true;
            walk.clear();
            const VertexKey start = segments_[first].from;
            walk.push_back(start);
            VertexKey at = segments_[first].to;
            bool closed = true;
            while (at != start) {
                walk.push_back(at);
                const std::size_t next = nextUnused(at);
                if (next == segments_.size()) {
                    closed = false;  // a dangling chain: the members do not share vertices
                    break;
                }
                used[next] = true;
                at = segments_[next].to;
            }
            if (closed) {
                splitWalk(walk);
            } else {
                ++openChains_;
            }
        }
    }

    void splitWalk(const std::vector<VertexKey>& walk) {
        stack_.clear();
        position_.clear();
        auto visit = [this](VertexKey vertex) {
            if (auto it = position_.find(vertex); it != position_.end()) {
                const std::size_t begin = it->second;
                std::vector<Point> ring;
                ring.reserve(stack_.size() - begin + 1);
                for (std::size_t i = begin; i < stack_.size(); ++i) {
                    ring.push_back(vertices_.at(stack_[i]));
                }
                emitRing(std::move(ring));
                for (std::size_t i = begin + 1; i < stack_.size(); ++i) {
                    position_.erase(stack_[i]);
                }
                stack_.resize(begin + 1);
            } else {
                position_.emplace(vertex, stack_.size());
                stack_.push_back(vertex);
            }
        };
        for (VertexKey vertex : walk) {
            visit(vertex);
        }
        visit(walk.front());
    }

    void emitRing(std::vector<Point> ring) {
        if (ring.size() < 3) {
            return;
        }
        const double area = signedArea2(ring);
        if (area == 0.0) {
            return;  // a sliver with no inside
        }
        ring.push_back(ring.front());
        Ring closed(ring.begin(), ring.end());
        if (area < 0.0) {
            outers_.push_back(std::move(closed));
        } else {
            holes_.push_back(std::move(closed));
        }
    }

    MultiPolygon assemble() {
        MultiPolygon result;
        result.resize(outers_.size());
        std::vector<Box> boxes(outers_.size());
        std::vector<double> areas(outers_.size());
        for (std::size_t i = 0; i < outers_.size(); ++i) {
            bg::envelope(outers_[i], boxes[i]);
            areas[i] = std::abs(bg::area(outers_[i]));
            result[i].outer() = std::move(outers_[i]);
        }
        for (Ring& hole : holes_) {
            // The midpoint of a hole's segment lies on no outer ring (segments are unique), so
            // it is strictly inside the outers that contain the hole; the smallest one owns it
            // (an island in a lake has its own holes).
            const Point probe((hole[0].x() + hole[1].x()) / 2.0, (hole[0].y() + hole[1].y()) / 2.0);
            std::size_t owner = result.size();
            double ownerArea = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < result.size(); ++i) {
                if (areas[i] < ownerArea && bg::covered_by(probe, boxes[i]) &&
                    bg::within(probe, result[i].outer())) {
                    owner = i;
                    ownerArea = areas[i];
                }
            }
            if (owner < result.size()) {
                result[owner].inners().push_back(std::move(hole));
            } else {
                ++orphanHoles_;
            }
        }
        return result;
    }

    std::vector<Point> ringPoints_;
    std::unordered_map<VertexKey, Point> vertices_;  // first coordinates seen per vertex
    std::vector<DirectedSegment> segments_;
    std::vector<VertexKey> stack_;
    std::unordered_map<VertexKey, std::size_t> position_;
    std::vector<Ring> outers_;
    std::vector<Ring> holes_;
    std::size_t openChains_ = 0;
    std::size_t orphanHoles_ = 0;
};

MultiPolygon unionOfShapes(std::vector<MultiPolygon> shapes) {
    // Pairwise, as a balanced tree, so that each union works on shapes of similar size.
    while (shapes.size() > 1) {
        std::vector<MultiPolygon> next;
        next.reserve((shapes.size() + 1) / 2);
        for (std::size_t i = 0; i + 1 < shapes.size(); i += 2) {
            MultiPolygon merged;
            bg::union_(shapes[i], shapes[i + 1], merged);
            next.push_back(std::move(merged));
        }
        if (shapes.size() % 2 == 1) {
            next.push_back(std::move(shapes.back()));
        }
        shapes = std::move(next);
    }
    return shapes.empty() ? MultiPolygon{} : std::move(shapes.front());
}

}  // namespace

MultiPolygon dissolveAreas(const std::vector<Area>& areas,
                           const std::vector<std::uint32_t>& members, bool* usedUnionFallback) {
    OutlineBuilder builder;
    std::vector<std::uint32_t> valid;
    valid.reserve(members.size());
    for (std::uint32_t member : members) {
        if (member < areas.size() && !areas[member].shape.empty()) {
            valid.push_back(member);
        }
    }
    for (std::uint32_t member : valid) {
        for (const Polygon& polygon : areas[member].shape) {
            builder.addRing(polygon.outer(), true);
            for (const Ring& inner : polygon.inners()) {
                builder.addRing(inner, false);
            }
        }
    }
    MultiPolygon outline = builder.build();
    const bool chained = builder.complete() && bg::is_valid(outline);
    if (usedUnionFallback != nullptr) {
        *usedUnionFallback = !chained;
    }
    if (chained) {
        return outline;
    }
    // Boundaries that do not match vertex for vertex: clip the shapes instead.
    try {
        std::vector<MultiPolygon> shapes;
        shapes.reserve(valid.size());
        for (std::uint32_t member : valid) {
            shapes.push_back(areas[member].shape);
        }
        MultiPolygon merged = unionOfShapes(std::move(shapes));
        bg::correct(merged);
        return merged;
    } catch (const std::exception&) {
        return outline;  // invalid member shapes: the chained outline is the best there is
    }
}

}  // namespace tessera
