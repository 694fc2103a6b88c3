// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "Feedback.h"
#include "Geometry.h"

namespace tessera {

struct Area;
struct Project;

/// Finds the area containing a point: the polygons whose bounding boxes may hold it come from
/// a uniform grid, then an exact point-in-polygon test runs against the edges at the point's
/// latitude only (each polygon is cut into horizontal bands). An R-tree of the areas' boxes
/// answers areasInBox. Keeps its own copy of the edges: a change to the areas needs a new
/// locator. Thread safe for concurrent queries.
class AreaLocator {
public:
    explicit AreaLocator(const std::vector<Area>& areas);
    ~AreaLocator();
    AreaLocator(const AreaLocator&) = delete;
    AreaLocator& operator=(const AreaLocator&) = delete;

    /// Index of the area containing `point` (points on a shared boundary go to the lower
    /// index), or -1 when the point is in no area.
    [[nodiscard]] std::int32_t areaAt(const Point& point) const;

    /// Areas whose bounding boxes intersect `box`.
    [[nodiscard]] std::vector<std::uint32_t> areasInBox(const Box& box) const;

    /// Locates many points, in parallel on all cores. Returns one entry per point.
    [[nodiscard]] std::vector<std::int32_t> locateAll(const std::vector<Point>& points,
                                                      Feedback* feedback = nullptr) const;

private:
    struct Index;
    std::unique_ptr<Index> index_;
};

/// Result of assigning accounts to areas.
struct AccountAssignmentSummary {
    std::size_t inArea = 0;
    std::size_t outsideAllAreas = 0;  ///< located, but in no area
    std::size_t notLocated = 0;
    std::vector<std::uint32_t> outside;  ///< account indices outside every area
    std::size_t removed = 0;             ///< flagged removed: in no area
};

/// Fills project.accountArea: every located account to the area that contains it.
/// Returns the summary; on cancel leaves accountArea as it was.
AccountAssignmentSummary assignAccountsToAreas(Project& project, Feedback* feedback = nullptr);

/// The same with a locator already built over project.areas (so that a caller that needs one
/// anyway, like the import, builds its index once).
AccountAssignmentSummary assignAccountsToAreas(Project& project, const AreaLocator& locator,
                                               Feedback* feedback = nullptr);

}  // namespace tessera
