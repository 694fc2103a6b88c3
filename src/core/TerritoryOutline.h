// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "Geometry.h"

namespace tessera {

struct Area;

/// The union of the member areas' shapes (a territory's outline), as a valid multipolygon with
/// clockwise closed outer rings and counter-clockwise holes, like every shape in the model.
///
/// Works on shared boundaries, not on polygon clipping: the segments of the members' rings
/// that are not shared with another member (vertices matched to 1e-7 degrees, as in
/// buildAreaGraph) form the outline, and are chained into rings. Rings that touch themselves
/// are split at the touching vertex, so corner-touching parts become separate polygons and a
/// hole touching the outline stays a hole. This is linear in the number of vertices. When the
/// members' boundaries do not match vertex for vertex (a T-junction, overlapping areas) the
/// chained result is not valid, and the outline falls back to Boost.Geometry's union_.
/// Member indices out of range are ignored; no members give an empty multipolygon.
/// `usedUnionFallback`, when given, tells whether the slow path was needed.
[[nodiscard]] MultiPolygon dissolveAreas(const std::vector<Area>& areas,
                                         const std::vector<std::uint32_t>& members,
                                         bool* usedUnionFallback = nullptr);

}  // namespace tessera
