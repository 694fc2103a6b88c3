// SPDX-License-Identifier: Apache-2.0
#include "TerritoryColoring.h"

#include <algorithm>
#include <cmath>
#include <limits>
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
struct Lab {
    double l, a, b;
};

Lab toLab(std::uint32_t rgb) {
    const auto linear = [](std::uint32_t value) {
        const double c = static_cast<double>(value & 0xFFU) / 255.0;
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const double r = linear(rgb >> 16);
    const double g = linear(rgb >> 8);
    const double b = linear(rgb);
    // sRGB → XYZ (D65), relative to the white point.
    const double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    const double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    const double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    const auto f = [](double t) {
        return t > 216.0 / 24389.0 ? std::cbrt(t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
    };
    return {116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))};
}

/// How many candidate colours a territory looks through: the palette and its darker rounds.
constexpr std::size_t kCandidatesSearched = 8 * kPaletteLength;

}  // namespace

double colorDistance(std::uint32_t a, std::uint32_t b) {
    const Lab p = toLab(a);
    const Lab q = toLab(b);
    return std::sqrt((p.l - q.l) * (p.l - q.l) + (p.a - q.a) * (p.a - q.a) +
                     (p.b - q.b) * (p.b - q.b));
}

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
        // How far a colour is from the nearest colour of an already-coloured neighbour.
        const auto clearance = [&](std::uint32_t color) {
            double nearest = std::numeric_limits<double>::infinity();
            for (const std::uint32_t other : taken) {
                nearest = std::min(nearest, colorDistance(color, other));
            }
            return nearest;
        };
        std::uint32_t chosen = project.territories[t].color & 0xFFFFFFU;
        if (clearance(chosen) < kMinNeighbourColorDistance) {
            std::uint32_t best = chosen;
            double bestClearance = clearance(chosen);
            for (std::size_t k = 0; k < kCandidatesSearched; ++k) {
                const double c = clearance(candidateColor(k));
                if (c >= kMinNeighbourColorDistance) {
                    best = candidateColor(k);
                    break;
                }
                if (c > bestClearance) {
                    best = candidateColor(k);
                    bestClearance = c;
                }
            }
            chosen = best;
            // Never the same colour as a neighbour, however crowded (over 160 neighbours).
            for (std::size_t k = kCandidatesSearched;
                 std::find(taken.begin(), taken.end(), chosen) != taken.end(); ++k) {
                chosen = candidateColor(k);
            }
        }
        colors[t] = chosen;
        colored[t] = true;
    }
    return colors;
}

}  // namespace tessera::render
