// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "AreaGraph.h"
#include "Feedback.h"
#include "Geometry.h"

namespace tessera {

struct Area;

/// Builds the rook neighbourhood of the areas (they share a boundary segment, not just a
/// corner) with the shared boundary length in km. Boundaries match when their vertices agree to
/// about 1 cm (1e-7 degrees), as in topologically clean layers (TopoJSON, TIGER, most national
/// boundary sets). Areas that find no neighbour that way but touch another area geometrically
/// get an edge with the length of the touching boundary (slower, for sloppier layers).
/// Returns an empty graph if canceled.
[[nodiscard]] AreaGraph buildAreaGraph(const std::vector<Area>& areas,
                                       Feedback* feedback = nullptr);

/// Joins every connected component but the largest to its nearest area in another component
/// (by great-circle distance between label points) with a bridge edge, until the graph is
/// connected. Islands and exclaves then join the nearest territory. Returns the number of
/// bridges added.
std::size_t connectIslands(AreaGraph& graph, const std::vector<Point>& locations);

}  // namespace tessera
