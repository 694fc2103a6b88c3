// SPDX-License-Identifier: Apache-2.0
#pragma once

// Inputs of `tessera-cli balance --graph` beyond the graph itself: locked nodes (--lock),
// rep home bases (--homes), and Polsby–Popper from GerryChain's node and edge fields.

#include <cstdint>
#include <string>
#include <vector>

#include "core/Geometry.h"
#include "core/Result.h"
#include "io/GraphReader.h"

namespace tessera::cli {

/// `--lock FILE`: CSV rows `node_id,territory` (territories 0..territories−1; a first row
/// that is not a lock, e.g. `node_id,territory`, is a header). Per node, its territory or −1.
/// Errors name the file, the row and the column: unknown node, territory out of range, a
/// node locked twice to different territories, a row without two fields.
[[nodiscard]] Result<std::vector<std::int32_t>> readGraphLocks(
    const std::string& path, const std::vector<std::string>& nodeIds, std::size_t territories);

/// Home bases per territory.
struct GraphHomes {
    std::vector<Point> homes;  ///< per territory (lon/lat)
    std::vector<char> hasHome;
};

/// `--homes FILE`: CSV rows `territory,node_id` (the home is at that node's location) or
/// `territory,lon,lat`; a first row that is neither is a header. Territories without a row
/// have no home. Errors name the file, the row and the column.
[[nodiscard]] Result<GraphHomes> readGraphHomes(const std::string& path,
                                                const std::vector<std::string>& nodeIds,
                                                const std::vector<Point>& locations,
                                                std::size_t territories);

/// Per-node area and perimeter for Polsby–Popper, from GerryChain's fields: `area`, and
/// `perimeter` when the nodes carry it, else `boundary_perim` (0 where absent: an inner node)
/// plus the `shared_perim` of the node's edges. Returns how they were obtained ("area,
/// boundary_perim + shared_perim"), or an empty text (and empty vectors) when the graph lacks
/// `area` or both `perimeter` and `shared_perim`.
[[nodiscard]] std::string polsbyPopperInputs(const io::GraphData& graph, std::vector<double>& areas,
                                             std::vector<double>& perimeters);

}  // namespace tessera::cli
