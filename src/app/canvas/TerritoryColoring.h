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

/// A display colour per territory such that neighbouring territories never share one. Greedy
/// colouring, most-connected territories first; each territory keeps its own colour when no
/// already-coloured neighbour has it, else gets the first candidate colour its neighbours don't
/// use.
[[nodiscard]] std::vector<std::uint32_t> territoryDisplayColors(const Project& project);

}  // namespace tessera::render
