// SPDX-License-Identifier: Apache-2.0
#include "DrawnPolygons.h"

#include <algorithm>
#include <optional>
#include <unordered_map>

namespace tessera {

namespace {

/// A ring as a closed, correctly oriented polygon with its bounding box, for inside tests.
class RingShape {
public:
    explicit RingShape(const std::vector<Point>& ring) {
        if (ring.size() < 3) {
            return;
        }
        for (const Point& p : ring) {
            shape_.outer().push_back(p);
        }
        shape_.outer().push_back(ring.front());
        bg::correct(shape_);
        bg::envelope(shape_, bounds_);
        valid_ = true;
    }

    [[nodiscard]] bool contains(const Point& p) const {
        return valid_ && bg::covered_by(p, bounds_) && bg::within(p, shape_);
    }

private:
    Polygon shape_;
    Box bounds_;
    bool valid_ = false;
};

bool validTerritory(const Project& project, TerritoryIndex t) {
    return t >= 0 && static_cast<std::size_t>(t) < project.territories.size();
}

bool lockedTerritory(const Project& project, TerritoryIndex t) {
    return validTerritory(project, t) && project.territories[static_cast<std::size_t>(t)].locked;
}

bool isLocated(const Account& account) {
    return account.locationSource != LocationSource::None && !account.removed;
}

/// The territory an account counts in under `alignment` (Project::territoryOfAccount for
/// another alignment).
TerritoryIndex territoryOfAccount(const Project& project, const Alignment& alignment,
                                  AccountIndex account) {
    if (project.accounts[account].removed) {
        return kNoTerritory;
    }
    if (const auto it = alignment.accountOverrides.find(account);
        it != alignment.accountOverrides.end()) {
        return it->second;
    }
    const std::int32_t area =
        account < project.accountArea.size() ? project.accountArea[account] : kNoArea;
    if (area < 0 || static_cast<std::size_t>(area) >= alignment.areaTerritory.size()) {
        return kNoTerritory;
    }
    return alignment.areaTerritory[static_cast<std::size_t>(area)];
}

TerritoryIndex remapRemoved(TerritoryIndex t, TerritoryIndex removed) {
    if (t == removed) {
        return kNoTerritory;
    }
    return t > removed ? t - 1 : t;
}

}  // namespace

PolygonReshape reshapeDrawnPolygon(const Project& project, const DrawnPolygon& polygon,
                                   std::vector<Point> newRing) {
    PolygonReshape result;
    result.alignment = project.alignment;
    result.alignment.areaTerritory.resize(project.areas.size(), kNoTerritory);
    result.polygon.territory = polygon.territory;
    const TerritoryIndex territory = polygon.territory;
    const RingShape before(polygon.ring);
    const RingShape after(newRing);
    result.polygon.ring = std::move(newRing);
    Alignment& alignment = result.alignment;

    // Areas the polygon took that leave it go back; those that stay inside stay taken.
    std::vector<bool> taken(project.areas.size(), false);
    std::vector<bool> released(project.areas.size(), false);
    for (const CapturedArea& captured : polygon.capturedAreas) {
        if (captured.area >= project.areas.size()) {
            continue;
        }
        const Area& area = project.areas[captured.area];
        if (after.contains(area.labelPoint)) {
            taken[captured.area] = true;
            result.polygon.capturedAreas.push_back(captured);
            continue;
        }
        if (alignment.areaTerritory[captured.area] != territory) {
            continue;  // moved elsewhere since: no longer the polygon's to give back
        }
        if (area.locked) {
            ++result.lockedSkipped;
            continue;
        }
        alignment.areaTerritory[captured.area] =
            validTerritory(project, captured.before) ? captured.before : kNoTerritory;
        released[captured.area] = true;
        ++result.areasReturned;
    }
    // Areas newly inside join.
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        const Area& area = project.areas[a];
        if (taken[a] || released[a] || !after.contains(area.labelPoint) ||
            before.contains(area.labelPoint)) {
            continue;
        }
        const TerritoryIndex current = alignment.areaTerritory[a];
        if (current == territory) {
            continue;
        }
        if (area.locked || lockedTerritory(project, current)) {
            ++result.lockedSkipped;
            continue;
        }
        result.polygon.capturedAreas.push_back({static_cast<AreaIndex>(a), current});
        alignment.areaTerritory[a] = territory;
        ++result.areasJoined;
    }
    std::sort(result.polygon.capturedAreas.begin(), result.polygon.capturedAreas.end(),
              [](const CapturedArea& x, const CapturedArea& y) { return x.area < y.area; });

    // Accounts the polygon took that leave it go back to their earlier override (or none).
    std::unordered_map<std::string, AccountIndex> byId;
    if (!polygon.capturedAccounts.empty()) {
        byId.reserve(project.accounts.size());
        for (std::size_t i = 0; i < project.accounts.size(); ++i) {
            byId.emplace(project.accounts[i].id, static_cast<AccountIndex>(i));
        }
    }
    std::vector<bool> accountTaken(project.accounts.size(), false);
    for (const CapturedAccount& captured : polygon.capturedAccounts) {
        const auto found = byId.find(captured.accountId);
        if (found == byId.end()) {
            continue;  // no longer in the project
        }
        const AccountIndex i = found->second;
        const Account& account = project.accounts[i];
        if (isLocated(account) && after.contains(account.location)) {
            accountTaken[i] = true;
            result.polygon.capturedAccounts.push_back(captured);
            // Taken by dropping its override when its area joined: if that area just went
            // back, the account keeps counting in the polygon's territory by an override.
            if (!account.locked && territoryOfAccount(project, alignment, i) != territory &&
                territoryOfAccount(project, project.alignment, i) == territory) {
                alignment.accountOverrides[i] = territory;
            }
            continue;
        }
        if (territoryOfAccount(project, project.alignment, i) != territory) {
            continue;  // moved elsewhere since
        }
        if (account.locked) {
            ++result.lockedSkipped;
            continue;
        }
        if (captured.hadOverride) {
            alignment.accountOverrides[i] = validTerritory(project, captured.overrideBefore)
                                                ? captured.overrideBefore
                                                : kNoTerritory;
        } else {
            alignment.accountOverrides.erase(i);
        }
        accountTaken[i] = true;  // given back: not to be taken again in this same change
        ++result.accountsReturned;
    }
    // Accounts newly inside join; so do accounts still inside that counted in the polygon's
    // territory only through an area that just went back.
    for (std::size_t i = 0; i < project.accounts.size(); ++i) {
        const Account& account = project.accounts[i];
        if (accountTaken[i] || !isLocated(account) || !after.contains(account.location)) {
            continue;
        }
        const std::int32_t area = i < project.accountArea.size() ? project.accountArea[i] : kNoArea;
        const bool areaWentBack = area >= 0 && released[static_cast<std::size_t>(area)];
        if (before.contains(account.location) && !areaWentBack) {
            continue;
        }
        const auto index = static_cast<AccountIndex>(i);
        const TerritoryIndex byArea =
            area >= 0 ? alignment.areaTerritory[static_cast<std::size_t>(area)] : kNoTerritory;
        const auto existing = alignment.accountOverrides.find(index);
        const bool hasOverride = existing != alignment.accountOverrides.end();
        const TerritoryIndex current = hasOverride ? existing->second : byArea;
        if (current == territory) {
            continue;
        }
        if (account.locked || lockedTerritory(project, current)) {
            ++result.lockedSkipped;
            continue;
        }
        result.polygon.capturedAccounts.push_back(
            {account.id, hasOverride, hasOverride ? existing->second : kNoTerritory});
        if (byArea == territory) {
            alignment.accountOverrides.erase(index);
        } else {
            alignment.accountOverrides[index] = territory;
        }
        ++result.accountsJoined;
    }
    return result;
}

PolygonReshape releaseDrawnPolygon(const Project& project, const DrawnPolygon& polygon) {
    return reshapeDrawnPolygon(project, polygon, {});
}

bool ringCrossesItself(const std::vector<Point>& ring) {
    if (ring.size() < 4) {
        return false;  // a triangle's edges meet only at its corners
    }
    const std::size_t n = ring.size();
    for (std::size_t i = 0; i < n; ++i) {
        const bg::model::segment<Point> first(ring[i], ring[(i + 1) % n]);
        for (std::size_t j = i + 2; j < n; ++j) {
            if (i == 0 && j == n - 1) {
                continue;  // neighbours through the closing corner
            }
            const bg::model::segment<Point> second(ring[j], ring[(j + 1) % n]);
            if (bg::intersects(first, second)) {
                return true;
            }
        }
    }
    return false;
}

std::vector<DrawnPolygon> polygonsAfterTerritoryRemoved(std::vector<DrawnPolygon> polygons,
                                                        TerritoryIndex removed) {
    std::vector<DrawnPolygon> kept;
    for (DrawnPolygon& polygon : polygons) {
        if (polygon.territory == removed) {
            continue;
        }
        polygon.territory = remapRemoved(polygon.territory, removed);
        for (CapturedArea& area : polygon.capturedAreas) {
            area.before = remapRemoved(area.before, removed);
        }
        for (CapturedAccount& account : polygon.capturedAccounts) {
            if (account.hadOverride && account.overrideBefore == removed) {
                // Deleting a territory drops the overrides onto it.
                account.hadOverride = false;
                account.overrideBefore = kNoTerritory;
            } else if (account.hadOverride) {
                account.overrideBefore = remapRemoved(account.overrideBefore, removed);
            }
        }
        kept.push_back(std::move(polygon));
    }
    return kept;
}

std::vector<DrawnPolygon> polygonsAfterTerritoryMerged(std::vector<DrawnPolygon> polygons,
                                                       TerritoryIndex from, TerritoryIndex into) {
    for (DrawnPolygon& polygon : polygons) {
        if (polygon.territory == from) {
            polygon.territory = into;
        }
        for (CapturedArea& area : polygon.capturedAreas) {
            if (area.before == from) {
                area.before = into;
            }
        }
        for (CapturedAccount& account : polygon.capturedAccounts) {
            if (account.hadOverride && account.overrideBefore == from) {
                account.overrideBefore = into;
            }
        }
    }
    return polygonsAfterTerritoryRemoved(std::move(polygons), from);
}

std::vector<DrawnPolygon> polygonsForTerritoryCount(std::vector<DrawnPolygon> polygons,
                                                    std::size_t territoryCount) {
    const auto valid = [territoryCount](TerritoryIndex t) {
        return t >= 0 && static_cast<std::size_t>(t) < territoryCount;
    };
    std::vector<DrawnPolygon> kept;
    for (DrawnPolygon& polygon : polygons) {
        if (!valid(polygon.territory)) {
            continue;
        }
        for (CapturedArea& area : polygon.capturedAreas) {
            if (!valid(area.before)) {
                area.before = kNoTerritory;
            }
        }
        for (CapturedAccount& account : polygon.capturedAccounts) {
            if (account.hadOverride && !valid(account.overrideBefore) &&
                account.overrideBefore != kNoTerritory) {
                account.hadOverride = false;
                account.overrideBefore = kNoTerritory;
            }
        }
        kept.push_back(std::move(polygon));
    }
    return kept;
}

}  // namespace tessera
