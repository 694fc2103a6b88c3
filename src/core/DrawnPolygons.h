// SPDX-License-Identifier: Apache-2.0
#pragma once

// Drawn polygon territories: what a polygon takes into its territory when it is drawn or its
// corners are edited, what it gives back, and how the polygons follow territory edits.

#include <cstddef>
#include <string>
#include <vector>

#include "core/Project.h"

namespace tessera {

/// The result of drawing a polygon or changing its corners: the alignment after the change
/// and the polygon with its new ring and what it now holds.
struct PolygonReshape {
    Alignment alignment;
    DrawnPolygon polygon;
    std::size_t areasJoined = 0;    ///< newly inside: moved into the polygon's territory
    std::size_t areasReturned = 0;  ///< no longer inside: back to the territory they had
    std::size_t accountsJoined = 0;
    std::size_t accountsReturned = 0;
    std::size_t lockedSkipped = 0;  ///< would have moved but are locked (or their territory)

    [[nodiscard]] bool movedAnything() const {
        return areasJoined + areasReturned + accountsJoined + accountsReturned > 0;
    }
};

/// Gives `polygon` the ring `newRing` (lon/lat, not closed, at least 3 corners) and works out
/// what changes, with the same rule as drawing. Only what crosses the polygon's boundary
/// changes:
///  - an area whose label point is newly inside joins the polygon's territory, and a located
///    account newly inside joins it too (by an account override, or by dropping its override
///    when its area is now in the territory), unless the area, the account, or the territory
///    it is in is locked;
///  - an area or account the polygon took earlier that is no longer inside goes back to the
///    territory (or override) it had before, if it is still in the polygon's territory
///    (otherwise it was moved since and stays where it is) and not locked now; a territory
///    that no longer exists reads as unassigned;
///  - what stays inside, and what stays outside, is left as it is.
/// Drawing a new polygon is the same with `polygon.ring` empty (nothing was inside).
[[nodiscard]] PolygonReshape reshapeDrawnPolygon(const Project& project,
                                                 const DrawnPolygon& polygon,
                                                 std::vector<Point> newRing);

/// Gives back everything `polygon` took (as reshaping it to nothing would): for deleting it.
[[nodiscard]] PolygonReshape releaseDrawnPolygon(const Project& project,
                                                 const DrawnPolygon& polygon);

/// True when the ring's edges cross each other (a vertex dragged across an edge).
[[nodiscard]] bool ringCrossesItself(const std::vector<Point>& ring);

/// The polygons after territory `removed` is deleted: its own polygons are dropped (they were
/// part of it), and what other polygons took from it reads as taken from "unassigned" (areas)
/// or from no override (accounts), as the deletion leaves them; later indices shift down.
[[nodiscard]] std::vector<DrawnPolygon> polygonsAfterTerritoryRemoved(
    std::vector<DrawnPolygon> polygons, TerritoryIndex removed);

/// The polygons after territory `from` is merged into `into` (and then removed): polygons of
/// `from` belong to `into` (their areas went there), and what was taken from `from` reads as
/// taken from `into`; later indices shift down.
[[nodiscard]] std::vector<DrawnPolygon> polygonsAfterTerritoryMerged(
    std::vector<DrawnPolygon> polygons, TerritoryIndex from, TerritoryIndex into);

/// The polygons when the territory list is replaced by one of `territoryCount` territories
/// (balancing): polygons of territories that no longer exist are dropped, and references to
/// them read as unassigned / no override.
[[nodiscard]] std::vector<DrawnPolygon> polygonsForTerritoryCount(
    std::vector<DrawnPolygon> polygons, std::size_t territoryCount);

}  // namespace tessera
