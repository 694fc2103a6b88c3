// SPDX-License-Identifier: Apache-2.0
#include "TerritoryEdits.h"

#include <QCoreApplication>

#include <algorithm>

#include "app/Document.h"
#include "app/commands/ApplyBalanceCommand.h"
#include "core/DrawnPolygons.h"

namespace tessera::app::territory_edits {

namespace {

QString translate(const char* text) {
    return QCoreApplication::translate("TerritoryEdits", text);
}

bool validTerritory(const Document* document, TerritoryIndex t) {
    return t >= 0 && static_cast<std::size_t>(t) < document->project().territories.size();
}

std::uint32_t freeColour(const std::vector<Territory>& territories) {
    for (std::size_t k = 0;; ++k) {
        const std::uint32_t candidate = paletteColor(k);
        if (k >= 64 || std::none_of(territories.begin(), territories.end(),
                                    [&](const Territory& t) { return t.color == candidate; })) {
            return candidate;
        }
    }
}

bool isLockedArea(const Project& project, AreaIndex a) {
    if (project.areas[a].locked) {
        return true;
    }
    const TerritoryIndex t = project.alignment.areaTerritory[a];
    return t >= 0 && static_cast<std::size_t>(t) < project.territories.size() &&
           project.territories[static_cast<std::size_t>(t)].locked;
}

/// Removes territory `t`: its areas unassigned, overrides dropped, later indices shifted.
void eraseTerritory(std::vector<Territory>& territories, Alignment& alignment, TerritoryIndex t) {
    territories.erase(territories.begin() + t);
    for (TerritoryIndex& owner : alignment.areaTerritory) {
        if (owner == t) {
            owner = kNoTerritory;
        } else if (owner > t) {
            --owner;
        }
    }
    std::unordered_map<AccountIndex, TerritoryIndex> overrides;
    for (const auto& [account, owner] : alignment.accountOverrides) {
        if (owner != t) {
            overrides.emplace(account, owner > t ? owner - 1 : owner);
        }
    }
    alignment.accountOverrides = std::move(overrides);
}

}  // namespace

QUndoCommand* create(Document* document, const QString& name) {
    const QString trimmed = name.trimmed();
    if (trimmed.isEmpty()) {
        return nullptr;
    }
    std::vector<Territory> territories = document->project().territories;
    Territory territory;
    territory.name = trimmed.toStdString();
    territory.color = freeColour(territories);
    territories.push_back(territory);
    return new ApplyBalanceCommand(document, std::move(territories), document->project().alignment,
                                   translate("Create territory %1").arg(trimmed));
}

QUndoCommand* splitOff(Document* document, const std::vector<AreaIndex>& areas,
                       const QString& name) {
    const QString trimmed = name.trimmed();
    const Project& project = document->project();
    std::vector<AreaIndex> movable;
    for (const AreaIndex a : areas) {
        if (a < project.areas.size() && !isLockedArea(project, a)) {
            movable.push_back(a);
        }
    }
    if (trimmed.isEmpty() || movable.empty()) {
        return nullptr;
    }
    std::vector<Territory> territories = project.territories;
    Territory territory;
    territory.name = trimmed.toStdString();
    territory.color = freeColour(territories);
    territories.push_back(territory);
    Alignment alignment = project.alignment;
    const auto index = static_cast<TerritoryIndex>(territories.size() - 1);
    for (const AreaIndex a : movable) {
        alignment.areaTerritory[a] = index;
    }
    const auto count = static_cast<int>(movable.size());
    return new ApplyBalanceCommand(
        document, std::move(territories), std::move(alignment),
        (count == 1 ? translate("Split 1 area off into territory %2")
                    : translate("Split %1 areas off into territory %2").arg(count))
            .arg(trimmed));
}

QUndoCommand* rename(Document* document, TerritoryIndex territory, const QString& name) {
    const QString trimmed = name.trimmed();
    if (!validTerritory(document, territory) || trimmed.isEmpty() ||
        document->territoryName(territory) == trimmed) {
        return nullptr;
    }
    std::vector<Territory> territories = document->project().territories;
    const QString old = document->territoryName(territory);
    territories[static_cast<std::size_t>(territory)].name = trimmed.toStdString();
    return new ApplyBalanceCommand(document, std::move(territories), document->project().alignment,
                                   translate("Rename territory %1 to %2").arg(old, trimmed));
}

QUndoCommand* recolour(Document* document, TerritoryIndex territory, std::uint32_t rgb) {
    if (!validTerritory(document, territory) ||
        document->project().territories[static_cast<std::size_t>(territory)].color == rgb) {
        return nullptr;
    }
    std::vector<Territory> territories = document->project().territories;
    territories[static_cast<std::size_t>(territory)].color = rgb & 0xFFFFFFU;
    return new ApplyBalanceCommand(
        document, std::move(territories), document->project().alignment,
        translate("Recolour territory %1").arg(document->territoryName(territory)));
}

QUndoCommand* remove(Document* document, TerritoryIndex territory) {
    if (!validTerritory(document, territory)) {
        return nullptr;
    }
    std::vector<Territory> territories = document->project().territories;
    Alignment alignment = document->project().alignment;
    eraseTerritory(territories, alignment, territory);
    return new ApplyBalanceCommand(
        document, std::move(territories), std::move(alignment),
        polygonsAfterTerritoryRemoved(document->project().drawnPolygons, territory),
        translate("Delete territory %1").arg(document->territoryName(territory)));
}

QUndoCommand* merge(Document* document, TerritoryIndex from, TerritoryIndex into) {
    if (!validTerritory(document, from) || !validTerritory(document, into) || from == into) {
        return nullptr;
    }
    std::vector<Territory> territories = document->project().territories;
    Alignment alignment = document->project().alignment;
    for (TerritoryIndex& owner : alignment.areaTerritory) {
        if (owner == from) {
            owner = into;
        }
    }
    for (auto& [account, owner] : alignment.accountOverrides) {
        if (owner == from) {
            owner = into;
        }
    }
    eraseTerritory(territories, alignment, from);
    return new ApplyBalanceCommand(
        document, std::move(territories), std::move(alignment),
        polygonsAfterTerritoryMerged(document->project().drawnPolygons, from, into),
        translate("Merge territory %1 into %2")
            .arg(document->territoryName(from), document->territoryName(into)));
}

QUndoCommand* assignPolygon(Document* document, const std::vector<Point>& polygon,
                            TerritoryIndex territory) {
    if (!validTerritory(document, territory) || polygon.size() < 3) {
        return nullptr;
    }
    const Project& project = document->project();
    DrawnPolygon empty;
    empty.territory = territory;
    PolygonReshape drawn = reshapeDrawnPolygon(project, empty, polygon);
    std::vector<DrawnPolygon> polygons = project.drawnPolygons;
    const QString text = translate("Draw polygon onto %1: %2 areas, %3 accounts")
                             .arg(document->territoryName(territory))
                             .arg(drawn.areasJoined)
                             .arg(drawn.accountsJoined);
    polygons.push_back(std::move(drawn.polygon));
    return new ApplyBalanceCommand(document, project.territories, std::move(drawn.alignment),
                                   std::move(polygons), text);
}

QUndoCommand* reshapePolygon(Document* document, std::size_t index, std::vector<Point> ring,
                             PolygonEdit edit, QString* summary) {
    const Project& project = document->project();
    if (index >= project.drawnPolygons.size() || ring.size() < 3) {
        return nullptr;
    }
    const DrawnPolygon& polygon = project.drawnPolygons[index];
    if (polygon.ring.size() == ring.size() &&
        std::equal(
            ring.begin(), ring.end(), polygon.ring.begin(),
            [](const Point& a, const Point& b) { return a.x() == b.x() && a.y() == b.y(); })) {
        return nullptr;
    }
    PolygonReshape reshaped = reshapeDrawnPolygon(project, polygon, std::move(ring));
    const QString name = document->territoryName(polygon.territory);
    QString text;
    switch (edit) {
        case PolygonEdit::MoveVertex:
            text = translate("Move vertex of polygon in '%1'").arg(name);
            break;
        case PolygonEdit::InsertVertex:
            text = translate("Insert vertex in polygon in '%1'").arg(name);
            break;
        case PolygonEdit::DeleteVertex:
            text = translate("Delete vertex of polygon in '%1'").arg(name);
            break;
    }
    if (summary != nullptr) {
        QString moved = translate(
                            "%1 areas and %2 accounts joined %3, %4 areas and %5 accounts "
                            "went back")
                            .arg(reshaped.areasJoined)
                            .arg(reshaped.accountsJoined)
                            .arg(name)
                            .arg(reshaped.areasReturned)
                            .arg(reshaped.accountsReturned);
        if (reshaped.lockedSkipped > 0) {
            moved += translate("; %1 locked stayed where they were").arg(reshaped.lockedSkipped);
        }
        *summary = text + QStringLiteral(": ") + moved;
    }
    std::vector<DrawnPolygon> polygons = project.drawnPolygons;
    polygons[index] = std::move(reshaped.polygon);
    return new ApplyBalanceCommand(document, project.territories, std::move(reshaped.alignment),
                                   std::move(polygons), text);
}

}  // namespace tessera::app::territory_edits
