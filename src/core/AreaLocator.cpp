// SPDX-License-Identifier: Apache-2.0
#include "AreaLocator.h"

#include <algorithm>
#include <atomic>
#include <thread>

#include <boost/geometry/index/rtree.hpp>

#include "Project.h"

namespace tessera {

namespace bgi = bg::index;

namespace {
using Entry = std::pair<Box, std::uint32_t>;
// Per polygon, not per area: a multipolygon's parts are often far apart (islands), and
// per-part boxes keep the candidate lists short.
struct PartEntry {
    Box box;
    std::uint32_t area;
    std::uint32_t part;
};
struct PartIndexable {
    using result_type = const Box&;
    const Box& operator()(const PartEntry& e) const { return e.box; }
};
struct PartEqual {
    bool operator()(const PartEntry& x, const PartEntry& y) const {
        return x.area == y.area && x.part == y.part;
    }
};
}  // namespace

struct AreaLocator::Index {
    bgi::rtree<PartEntry, bgi::rstar<16>, PartIndexable, PartEqual> parts;
    bgi::rtree<Entry, bgi::rstar<16>> areas;
};

AreaLocator::AreaLocator(const std::vector<Area>& areas)
    : areas_(areas), index_(std::make_unique<Index>()) {
    std::vector<PartEntry> parts;
    std::vector<Entry> boxes;
    for (std::uint32_t i = 0; i < areas.size(); ++i) {
        if (areas[i].shape.empty()) {
            continue;
        }
        boxes.emplace_back(areas[i].bounds, i);
        for (std::uint32_t p = 0; p < areas[i].shape.size(); ++p) {
            Box box;
            bg::envelope(areas[i].shape[p], box);
            parts.push_back({box, i, p});
        }
    }
    index_->parts = decltype(index_->parts)(parts.begin(), parts.end());
    index_->areas = decltype(index_->areas)(boxes.begin(), boxes.end());
}

AreaLocator::~AreaLocator() = default;

std::int32_t AreaLocator::areaAt(const Point& point) const {
    std::int32_t found = -1;
    for (auto it = index_->parts.qbegin(bgi::intersects(point)); it != index_->parts.qend(); ++it) {
        const Polygon& polygon = areas_[it->area].shape[it->part];
        if (bg::covered_by(point, polygon)) {
            const auto area = static_cast<std::int32_t>(it->area);
            if (found < 0 || area < found) {
                found = area;
            }
        }
    }
    return found;
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
