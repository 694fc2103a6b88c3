// SPDX-License-Identifier: Apache-2.0
#include "TerritoryColoring.h"

#include <algorithm>
#include <numeric>

namespace tessera::render {

namespace {
constexpr std::size_t kPaletteLength = 20;

std::uint32_t darkened(std::uint32_t rgb, double factor) {
    const auto channel = [&](int shift) {
        const auto value = static_cast<double>((rgb >> shift) & 0xFFU);
        return static_cast<std::uint32_t>(value * factor) << shift;
    };
    return channel(16) | channel(8) | channel(0);
}
}  // namespace

std::vector<std::vector<TerritoryIndex>> territoryAdjacency(const Project& project) {
    const std::size_t territoryCount = project.territories.size();
    std::vector<std::vector<TerritoryIndex>> adjacency(territoryCount);
    const auto& areaTerritory = project.alignment.areaTerritory;
    const auto territoryOf = [&](std::uint32_t area) -> TerritoryIndex {
        if (area >= areaTerritory.size()) {
            return kNoTerritory;
        }
        const TerritoryIndex t = areaTerritory[area];
        return t >= 0 && static_cast<std::size_t>(t) < territoryCount ? t : kNoTerritory;
    };
    for (const AreaEdge& edge : project.graph.edges()) {
        if (edge.bridge) {
            continue;
        }
        const TerritoryIndex t = territoryOf(edge.a);
        const TerritoryIndex u = territoryOf(edge.b);
        if (t == kNoTerritory || u == kNoTerritory || t == u) {
            continue;
        }
        adjacency[static_cast<std::size_t>(t)].push_back(u);
        adjacency[static_cast<std::size_t>(u)].push_back(t);
    }
    for (auto& neighbours : adjacency) {
        std::sort(neighbours.begin(), neighbours.end());
        neighbours.erase(std::unique(neighbours.begin(), neighbours.end()), neighbours.end());
    }
    return adjacency;
}

std::uint32_t candidateColor(std::size_t k) {
    const std::uint32_t base = paletteColor(k % kPaletteLength);
    const std::size_t round = k / kPaletteLength;
    if (round == 0) {
        return base;
    }
    // 0.8, 0.64, ... 0.21 of the palette colour: still readable under black boundaries.
    constexpr std::size_t kDarkRounds = 7;
    if (round <= kDarkRounds) {
        double factor = 1.0;
        for (std::size_t i = 0; i < round; ++i) {
            factor *= 0.8;
        }
        return darkened(base, factor);
    }
    // Beyond that (a territory with over 140 neighbours), distinct scrambled colours: an odd
    // multiplier is a bijection modulo 2^32, so no two k below 2^24 share a colour.
    return static_cast<std::uint32_t>(k * 2654435761U) & 0xFFFFFFU;
}

std::vector<std::uint32_t> territoryDisplayColors(const Project& project) {
    const std::size_t territoryCount = project.territories.size();
    const auto adjacency = territoryAdjacency(project);
    std::vector<std::size_t> order(territoryCount);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return adjacency[a].size() > adjacency[b].size();
    });
    std::vector<std::uint32_t> colors(territoryCount, 0);
    std::vector<bool> colored(territoryCount, false);
    std::vector<std::uint32_t> taken;
    for (const std::size_t t : order) {
        taken.clear();
        for (const TerritoryIndex u : adjacency[t]) {
            if (colored[static_cast<std::size_t>(u)]) {
                taken.push_back(colors[static_cast<std::size_t>(u)]);
            }
        }
        const auto isFree = [&](std::uint32_t color) {
            return std::find(taken.begin(), taken.end(), color) == taken.end();
        };
        std::uint32_t chosen = project.territories[t].color & 0xFFFFFFU;
        if (!isFree(chosen)) {
            for (std::size_t k = 0;; ++k) {
                if (isFree(candidateColor(k))) {
                    chosen = candidateColor(k);
                    break;
                }
            }
        }
        colors[t] = chosen;
        colored[t] = true;
    }
    return colors;
}

}  // namespace tessera::render
