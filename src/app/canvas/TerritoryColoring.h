// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <vector>

#include "core/Project.h"

namespace tessera::render {

/// Neighbouring territories: t and u are neighbours when an edge of the area graph (bridges
/// across water excluded) joins an area of t to an area of u. Sorted, one list per territory.
[[nodiscard]] std::vector<std::vector<TerritoryIndex>> territoryAdjacency(const Project& project);

/// The k-th candidate display colour (0xRRGGBB): core's paletteColor for the palette's length,
/// then darker variants of it, so there is always another colour to pick.
[[nodiscard]] std::uint32_t candidateColor(std::size_t k);

/// Perceptual distance of two colours (0xRRGGBB): CIE76 ΔE, the Euclidean distance in CIELAB
/// (D65). About 2.3 is just noticeable; the palette's two lavenders are 7.6 apart.
[[nodiscard]] double colorDistance(std::uint32_t a, std::uint32_t b);

/// Neighbouring territories' display colours are at least this far apart (ΔE) whenever the
/// candidates allow it: clearly different at a glance, not just different numbers.
inline constexpr double kMinNeighbourColorDistance = 20.0;

/// A display colour per territory such that neighbouring territories are clearly distinct.
/// Greedy colouring, most-connected territories first; each territory keeps its own colour
/// when it is at least kMinNeighbourColorDistance from every already-coloured neighbour's,
/// else gets the first candidate colour that is (or, should none be, the candidate farthest
/// from its nearest neighbour's colour).
[[nodiscard]] std::vector<std::uint32_t> territoryDisplayColors(const Project& project);

}  // namespace tessera::render
