// SPDX-License-Identifier: Apache-2.0
#include "AreaLocator.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <span>
#include <thread>

#include <boost/geometry/index/rtree.hpp>

#include "Project.h"

namespace tessera {

namespace bgi = bg::index;

namespace {
using Entry = std::pair<Box, std::uint32_t>;
struct Edge {
    double x1, y1, x2, y2;
};

/// Items sorted into numbered buckets and stored flat: bucket b holds items[start[b],
/// start[b + 1]). `place(put)` must call put(bucket, item) for every placement, the same each
/// time: it runs twice, once to count and once to fill.
template <typename T>
struct Buckets {
    std::vector<std::size_t> start;
    std::vector<T> items;

    template <typename Place>
    void build(std::size_t buckets, Place place) {
        start.assign(buckets + 1, 0);
        place([this](std::size_t bucket, const T&) { ++start[bucket + 1]; });
        for (std::size_t b = 0; b < buckets; ++b) {
            start[b + 1] += start[b];
        }
        items.resize(start[buckets]);
        std::vector<std::size_t> fill(start.begin(), start.end() - 1);
        place([&](std::size_t bucket, const T& item) { items[fill[bucket]++] = item; });
    }
    [[nodiscard]] std::span<const T> operator[](std::size_t bucket) const {
        return std::span(items).subspan(start[bucket], start[bucket + 1] - start[bucket]);
    }
    [[nodiscard]] bool empty() const { return start.empty(); }
};

/// One polygon (outer ring and holes) cut into horizontal bands, each listing the edges that
/// reach into it, so that a point is tested against the few edges at its latitude instead of
/// all of them (a county has hundreds).
class BandedPolygon {
public:
    explicit BandedPolygon(const Polygon& polygon) {
        std::vector<Edge> all;
        auto addRing = [&all](const Ring& ring) {
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                all.push_back({ring[i].x(), ring[i].y(), ring[i + 1].x(), ring[i + 1].y()});
            }
            if (ring.size() > 1 && !bg::equals(ring.front(), ring.back())) {
                all.push_back(
                    {ring.back().x(), ring.back().y(), ring.front().x(), ring.front().y()});
            }
        };
        addRing(polygon.outer());
        for (const Ring& hole : polygon.inners()) {
            addRing(hole);
        }
        double maxY = 0.0;
        for (std::size_t i = 0; i < all.size(); ++i) {
            const double lo = std::min(all[i].y1, all[i].y2);
            const double hi = std::max(all[i].y1, all[i].y2);
            minY_ = i == 0 ? lo : std::min(minY_, lo);
            maxY = i == 0 ? hi : std::max(maxY, hi);
        }
        constexpr std::size_t kEdgesPerBand = 4;
        constexpr std::size_t kMaxBands = 1024;
        bands_ = std::clamp<std::size_t>(all.size() / kEdgesPerBand, 1, kMaxBands);
        bandHeight_ = (maxY - minY_) / static_cast<double>(bands_);
        if (!(bandHeight_ > 0.0)) {
            bands_ = 1;
            bandHeight_ = 1.0;
        }
        // Each edge goes into every band its y-range touches.
        edges_.build(bands_, [&](auto put) {
            for (const Edge& e : all) {
                const auto [first, last] = bandRange(e);
                for (std::size_t b = first; b <= last; ++b) {
                    put(b, e);
                }
            }
        });
    }

    /// Whether the point is inside or on the boundary (Boost's covered_by): crossing number
    /// over the band's edges, a point on an edge counting as inside.
    [[nodiscard]] bool covers(const Point& point) const {
        const double x = point.x();
        const double y = point.y();
        const double t = (y - minY_) / bandHeight_;
        if (!(t >= 0.0)) {
            return false;
        }
        const auto band = std::min(bands_ - 1, static_cast<std::size_t>(t));
        bool inside = false;
        for (const Edge& e : edges_[band]) {
            const bool above1 = e.y1 > y;
            const bool above2 = e.y2 > y;
            if ((e.y1 <= y || e.y2 <= y) && (e.y1 >= y || e.y2 >= y) && std::min(e.x1, e.x2) <= x &&
                x <= std::max(e.x1, e.x2)) {
                // The point is within the edge's box: on the edge when collinear.
                if ((e.x2 - e.x1) * (y - e.y1) - (e.y2 - e.y1) * (x - e.x1) == 0.0) {
                    return true;
                }
            }
            if (above1 != above2) {
                const double crossing = e.x1 + (y - e.y1) * (e.x2 - e.x1) / (e.y2 - e.y1);
                if (x < crossing) {
                    inside = !inside;
                }
            }
        }
        return inside;
    }

private:
    [[nodiscard]] std::pair<std::size_t, std::size_t> bandRange(const Edge& e) const {
        auto bandOf = [this](double y) {
            const double t = (y - minY_) / bandHeight_;
            return std::min(bands_ - 1, static_cast<std::size_t>(std::max(0.0, t)));
        };
        const std::size_t a = bandOf(std::min(e.y1, e.y2));
        const std::size_t b = bandOf(std::max(e.y1, e.y2));
        // A y exactly on a band's lower limit may round into the band below: take that too.
        return {a > 0 ? a - 1 : a, b};
    }

    double minY_ = 0.0;
    double bandHeight_ = 1.0;
    std::size_t bands_ = 1;
    Buckets<Edge> edges_;
};

/// The polygons' bounding boxes binned into a uniform grid of cells: a point's cell lists the
/// few polygons that can contain it (a fifth of the cost of an R-tree query for a point).
class PolygonGrid {
public:
    PolygonGrid() = default;
    explicit PolygonGrid(const std::vector<Box>& boxes) {
        if (boxes.empty()) {
            return;
        }
        Box extent = boxes.front();
        for (const Box& box : boxes) {
            bg::expand(extent, box);
        }
        minX_ = extent.min_corner().x();
        minY_ = extent.min_corner().y();
        const double width = extent.max_corner().x() - minX_;
        const double height = extent.max_corner().y() - minY_;
        // About 16 cells per polygon, square, at most a million.
        constexpr double kCellsPerPolygon = 16.0;
        constexpr double kMaxCells = 1 << 20;
        const double cells =
            std::min(kMaxCells, kCellsPerPolygon * static_cast<double>(boxes.size()));
        double cell = std::sqrt(std::max(width * height, 1e-18) / cells);
        if (!(cell > 0.0)) {
            cell = 1.0;
        }
        cols_ =
            std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(width / cell)), 1, 1 << 20);
        rows_ =
            std::clamp<std::size_t>(static_cast<std::size_t>(std::ceil(height / cell)), 1, 1 << 20);
        while (cols_ * rows_ > static_cast<std::size_t>(kMaxCells) * 2) {
            cols_ = std::max<std::size_t>(1, cols_ / 2);
            rows_ = std::max<std::size_t>(1, rows_ / 2);
        }
        cellWidth_ = width > 0.0 ? width / static_cast<double>(cols_) : 1.0;
        cellHeight_ = height > 0.0 ? height / static_cast<double>(rows_) : 1.0;
        polygons_.build(cols_ * rows_, [&](auto put) { forEachCell(boxes, put); });
    }

    /// The polygons whose boxes may contain the point, in increasing index order.
    [[nodiscard]] std::span<const std::uint32_t> candidates(const Point& point) const {
        const double tx = (point.x() - minX_) / cellWidth_;
        const double ty = (point.y() - minY_) / cellHeight_;
        if (!(tx >= 0.0 && ty >= 0.0) || polygons_.empty()) {
            return {};
        }
        const auto col = static_cast<std::size_t>(std::min(tx, 1e15));
        const auto row = static_cast<std::size_t>(std::min(ty, 1e15));
        // A point on the extent's far edge belongs to the last cell.
        if (col > cols_ || row > rows_) {
            return {};
        }
        const std::size_t c = std::min(col, cols_ - 1) + std::min(row, rows_ - 1) * cols_;
        return polygons_[c];
    }

private:
    template <typename Visit>
    void forEachCell(const std::vector<Box>& boxes, Visit visit) const {
        auto cellOf = [](double v, double origin, double size, std::size_t count) {
            const double t = (v - origin) / size;
            return std::min(count - 1, static_cast<std::size_t>(std::max(0.0, t)));
        };
        for (std::uint32_t i = 0; i < boxes.size(); ++i) {
            const Box& box = boxes[i];
            // One cell more on the low side: a coordinate exactly on a cell line may round
            // into the cell below when a point is binned.
            std::size_t c0 = cellOf(box.min_corner().x(), minX_, cellWidth_, cols_);
            std::size_t r0 = cellOf(box.min_corner().y(), minY_, cellHeight_, rows_);
            c0 = c0 > 0 ? c0 - 1 : c0;
            r0 = r0 > 0 ? r0 - 1 : r0;
            const std::size_t c1 = cellOf(box.max_corner().x(), minX_, cellWidth_, cols_);
            const std::size_t r1 = cellOf(box.max_corner().y(), minY_, cellHeight_, rows_);
            for (std::size_t r = r0; r <= r1; ++r) {
                for (std::size_t c = c0; c <= c1; ++c) {
                    visit(c + r * cols_, i);
                }
            }
        }
    }

    double minX_ = 0.0;
    double minY_ = 0.0;
    double cellWidth_ = 1.0;
    double cellHeight_ = 1.0;
    std::size_t cols_ = 0;
    std::size_t rows_ = 0;
    Buckets<std::uint32_t> polygons_;
};

}  // namespace

struct AreaLocator::Index {
    bgi::rtree<Entry, bgi::rstar<16>> areas;
    // Per polygon, not per area: a multipolygon's parts are often far apart (islands), and
    // per-part boxes keep the candidate lists short.
    std::vector<BandedPolygon> polygons;
    std::vector<Box> polygonBoxes;
    std::vector<std::int32_t> polygonArea;
    PolygonGrid grid;
};

AreaLocator::AreaLocator(const std::vector<Area>& areas) : index_(std::make_unique<Index>()) {
    std::vector<Entry> boxes;
    for (std::uint32_t i = 0; i < areas.size(); ++i) {
        if (areas[i].shape.empty()) {
            continue;
        }
        boxes.emplace_back(areas[i].bounds, i);
        for (const Polygon& polygon : areas[i].shape) {
            Box box;
            bg::envelope(polygon, box);
            index_->polygonBoxes.push_back(box);
            index_->polygonArea.push_back(static_cast<std::int32_t>(i));
            index_->polygons.emplace_back(polygon);
        }
    }
    index_->grid = PolygonGrid(index_->polygonBoxes);
    index_->areas = decltype(index_->areas)(boxes.begin(), boxes.end());
}

AreaLocator::~AreaLocator() = default;

std::int32_t AreaLocator::areaAt(const Point& point) const {
    // Polygons are numbered in area order, so the first that covers the point has the lowest
    // area index.
    for (const std::uint32_t polygon : index_->grid.candidates(point)) {
        if (bg::covered_by(point, index_->polygonBoxes[polygon]) &&
            index_->polygons[polygon].covers(point)) {
            return index_->polygonArea[polygon];
        }
    }
    return -1;
}

std::vector<std::uint32_t> AreaLocator::areasInBox(const Box& box) const {
    std::vector<Entry> hits;
    index_->areas.query(bgi::intersects(box), std::back_inserter(hits));
    std::vector<std::uint32_t> result;
    result.reserve(hits.size());
    for (const Entry& e : hits) {
        result.push_back(e.second);
    }
    std::sort(result.begin(), result.end());
    return result;
}

std::vector<std::int32_t> AreaLocator::locateAll(const std::vector<Point>& points,
                                                 Feedback* feedback) const {
    std::vector<std::int32_t> result(points.size(), -1);
    const unsigned threads = std::max(1U, std::min(8U, std::thread::hardware_concurrency()));
    constexpr std::size_t kChunk = 4096;
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    auto work = [&](bool reports) {
        for (;;) {
            const std::size_t begin = next.fetch_add(kChunk);
            if (begin >= points.size() || (feedback != nullptr && feedback->isCanceled())) {
                return;
            }
            const std::size_t end = std::min(points.size(), begin + kChunk);
            for (std::size_t i = begin; i < end; ++i) {
                result[i] = areaAt(points[i]);
            }
            const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
            if (reports && feedback != nullptr) {
                feedback->setProgress(static_cast<double>(finished) / points.size());
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads && points.size() > kChunk; ++t) {
        pool.emplace_back(work, false);
    }
    work(true);
    for (std::thread& t : pool) {
        t.join();
    }
    return result;
}

AccountAssignmentSummary assignAccountsToAreas(Project& project, Feedback* feedback) {
    const AreaLocator locator(project.areas);
    return assignAccountsToAreas(project, locator, feedback);
}

AccountAssignmentSummary assignAccountsToAreas(Project& project, const AreaLocator& locator,
                                               Feedback* feedback) {
    AccountAssignmentSummary summary;
    std::vector<Point> points;
    points.reserve(project.accounts.size());
    for (const Account& account : project.accounts) {
        points.push_back(account.location);
    }
    std::vector<std::int32_t> located = locator.locateAll(points, feedback);
    if (feedback != nullptr && feedback->isCanceled()) {
        return summary;
    }
    for (std::uint32_t i = 0; i < project.accounts.size(); ++i) {
        if (project.accounts[i].removed) {
            located[i] = kNoArea;
            ++summary.removed;
        } else if (project.accounts[i].locationSource == LocationSource::None) {
            located[i] = kNoArea;
            ++summary.notLocated;
        } else if (located[i] < 0) {
            ++summary.outsideAllAreas;
            summary.outside.push_back(i);
        } else {
            ++summary.inArea;
        }
    }
    project.accountArea = std::move(located);
    return summary;
}

}  // namespace tessera
