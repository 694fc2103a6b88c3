// SPDX-License-Identifier: Apache-2.0
#include "Project.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace tessera {

namespace {
bool sameDoubles(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) {
            return false;
        }
    }
    return true;
}
}  // namespace

bool Area::operator==(const Area& other) const {
    return code == other.code && name == other.name && locked == other.locked &&
           sameDoubles(attributes, other.attributes) && bg::equals(bounds, other.bounds) &&
           bg::equals(labelPoint, other.labelPoint) && shape.size() == other.shape.size() &&
           bg::num_points(shape) == bg::num_points(other.shape) &&
           (shape.empty() || bg::equals(shape, other.shape));
}

bool Project::operator==(const Project& other) const {
    return name == other.name && areaLayerName == other.areaLayerName &&
           areaAttributeNames == other.areaAttributeNames && areas == other.areas &&
           accounts == other.accounts && reps == other.reps && territories == other.territories &&
           alignment == other.alignment && accountArea == other.accountArea &&
           graph == other.graph && accountRejects == other.accountRejects &&
           accountRejectsHeader == other.accountRejectsHeader &&
           drawnPolygons == other.drawnPolygons;
}

bool DrawnPolygon::operator==(const DrawnPolygon& other) const {
    return territory == other.territory && capturedAreas == other.capturedAreas &&
           capturedAccounts == other.capturedAccounts &&
           std::equal(
               ring.begin(), ring.end(), other.ring.begin(), other.ring.end(),
               [](const Point& a, const Point& b) { return a.x() == b.x() && a.y() == b.y(); });
}

TerritoryIndex Project::territoryOfAccount(AccountIndex account) const {
    if (account < accounts.size() && accounts[account].removed) {
        return kNoTerritory;
    }
    if (auto it = alignment.accountOverrides.find(account);
        it != alignment.accountOverrides.end()) {
        return it->second;
    }
    if (account >= accountArea.size()) {
        return kNoTerritory;
    }
    const std::int32_t area = accountArea[account];
    if (area < 0 || static_cast<std::size_t>(area) >= alignment.areaTerritory.size()) {
        return kNoTerritory;
    }
    return alignment.areaTerritory[static_cast<std::size_t>(area)];
}

std::uint32_t paletteColor(std::size_t index) {
    // Qualitative colours (after ColorBrewer Set3/Paired and Tableau 20), light enough for
    // black labels and area boundaries on top.
    static constexpr std::array<std::uint32_t, 20> kPalette = {
        0x8dd3c7, 0xfdb462, 0xbebada, 0xfb8072, 0x80b1d3, 0xb3de69, 0xfccde5,
        0xffffb3, 0xbc80bd, 0xccebc5, 0xffed6f, 0xa6cee3, 0xb2df8a, 0xfb9a99,
        0xfdbf6f, 0xcab2d6, 0x9edae5, 0xdbdb8d, 0xc49c94, 0xf7b6d2};
    return kPalette[index % kPalette.size()];
}

}  // namespace tessera
