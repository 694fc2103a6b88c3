// SPDX-License-Identifier: Apache-2.0
#include "Document.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <algorithm>
#include <utility>

#include "app/Logging.h"
#include "core/DrawnPolygons.h"
#include "storage/ProjectFile.h"

namespace tessera::app {

Document::Document(QObject* parent) : QObject(parent) {
    connect(&undoStack_, &QUndoStack::cleanChanged, this,
            [this](bool clean) { emit modifiedChanged(!clean); });
    recomputeDerived(true);
}

Document::~Document() {
    // The undo stack announces its last state while it is destroyed; nobody may hear that
    // from a document that is going away (its listeners may be half destroyed already).
    blockSignals(true);
    undoStack_.blockSignals(true);
}

QString Document::displayName() const {
    return filePath_.isEmpty() ? tr("Untitled") : QFileInfo(filePath_).fileName();
}

void Document::resetProject(Project project, const QString& filePath) {
    undoStack_.clear();
    project_ = std::move(project);
    if (project_.alignment.areaTerritory.size() != project_.areas.size()) {
        project_.alignment.areaTerritory.resize(project_.areas.size(), kNoTerritory);
    }
    recomputeDerived(true);
    activeTerritory_ = kNoTerritory;
    selectedArea_ = -1;
    selectedAreas_.clear();
    selectedAccount_ = -1;
    if (filePath_ != filePath) {
        filePath_ = filePath;
        emit filePathChanged(filePath_);
    }
    undoStack_.setClean();
    emit modifiedChanged(false);
    announce({ChangeEvent::Kind::ProjectReplaced, {}});
    emit activeTerritoryChanged(activeTerritory_);
    emit selectedAreaChanged(selectedArea_);
    emit selectedAccountChanged(selectedAccount_);
    emit selectionChanged();
}

Result<void> Document::open(const QString& path) {
    QElapsedTimer timer;
    timer.start();
    Result<Project> loaded = storage::loadProject(path.toStdString());
    if (!loaded) {
        return fail(loaded.error());
    }
    qCInfo(lcApp) << "loaded" << path << "in" << timer.elapsed() << "ms:" << loaded->areas.size()
                  << "areas," << loaded->accounts.size() << "accounts";
    resetProject(std::move(*loaded), path);
    return {};
}

Result<void> Document::saveAs(const QString& path) {
    QElapsedTimer timer;
    timer.start();
    Result<void> saved = storage::saveProject(project_, path.toStdString());
    if (!saved) {
        return saved;
    }
    qCInfo(lcApp) << "saved" << path << "in" << timer.elapsed() << "ms";
    if (filePath_ != path) {
        filePath_ = path;
        emit filePathChanged(filePath_);
    }
    undoStack_.setClean();
    return {};
}

void Document::setAreaTerritories(const std::vector<AreaIndex>& areas,
                                  const std::vector<TerritoryIndex>& territories) {
    Q_ASSERT(areas.size() == territories.size());
    auto& areaTerritory = project_.alignment.areaTerritory;
    for (std::size_t i = 0; i < areas.size() && i < territories.size(); ++i) {
        if (areas[i] < areaTerritory.size()) {
            areaTerritory[areas[i]] = territories[i];
        }
    }
    recomputeDerived(false);
    announce({ChangeEvent::Kind::AreasReassigned, areas});
}

void Document::setAlignment(std::vector<Territory> territories, Alignment alignment) {
    std::vector<DrawnPolygon> polygons =
        polygonsForTerritoryCount(project_.drawnPolygons, territories.size());
    setAlignment(std::move(territories), std::move(alignment), std::move(polygons));
}

void Document::setAlignment(std::vector<Territory> territories, Alignment alignment,
                            std::vector<DrawnPolygon> drawnPolygons) {
    project_.drawnPolygons = std::move(drawnPolygons);
    project_.territories = std::move(territories);
    project_.alignment = std::move(alignment);
    project_.alignment.areaTerritory.resize(project_.areas.size(), kNoTerritory);
    recomputeDerived(false);
    if (activeTerritory_ >= static_cast<TerritoryIndex>(project_.territories.size())) {
        setActiveTerritory(kNoTerritory);
    }
    announce({ChangeEvent::Kind::AlignmentReplaced, {}});
}

std::int32_t Document::areaAt(const Point& lonLat) const {
    return locator_ ? locator_->areaAt(lonLat) : -1;
}

TerritoryIndex Document::territoryOfArea(std::int32_t area) const {
    const auto& areaTerritory = project_.alignment.areaTerritory;
    if (area < 0 || static_cast<std::size_t>(area) >= areaTerritory.size()) {
        return kNoTerritory;
    }
    const TerritoryIndex t = areaTerritory[static_cast<std::size_t>(area)];
    return t >= 0 && static_cast<std::size_t>(t) < project_.territories.size() ? t : kNoTerritory;
}

QString Document::territoryName(TerritoryIndex territory) const {
    if (territory < 0 || static_cast<std::size_t>(territory) >= project_.territories.size()) {
        return tr("Unassigned");
    }
    return QString::fromStdString(project_.territories[static_cast<std::size_t>(territory)].name);
}

void Document::setActiveTerritory(TerritoryIndex territory) {
    if (territory < 0 || static_cast<std::size_t>(territory) >= project_.territories.size()) {
        territory = kNoTerritory;
    }
    if (territory != activeTerritory_) {
        activeTerritory_ = territory;
        emit activeTerritoryChanged(activeTerritory_);
    }
}

void Document::setSelectedArea(std::int32_t area) {
    if (area < 0 || static_cast<std::size_t>(area) >= project_.areas.size()) {
        area = -1;
    }
    if (area >= 0 && selectedAccount_ >= 0) {
        selectedAccount_ = -1;
        emit selectedAccountChanged(-1);
    }
    if (area != selectedArea_) {
        selectedArea_ = area;
        emit selectedAreaChanged(selectedArea_);
    }
}

void Document::setSelectedAccount(std::int32_t account) {
    if (account < 0 || static_cast<std::size_t>(account) >= project_.accounts.size()) {
        account = -1;
    }
    if (account >= 0 && selectedArea_ >= 0) {
        selectedArea_ = -1;
        emit selectedAreaChanged(-1);
    }
    if (account != selectedAccount_) {
        selectedAccount_ = account;
        emit selectedAccountChanged(selectedAccount_);
    }
}

void Document::setSelectedAreas(std::vector<AreaIndex> areas) {
    std::erase_if(areas, [this](AreaIndex a) { return a >= project_.areas.size(); });
    std::sort(areas.begin(), areas.end());
    areas.erase(std::unique(areas.begin(), areas.end()), areas.end());
    if (areas != selectedAreas_) {
        selectedAreas_ = std::move(areas);
        emit selectionChanged();
    }
}

void Document::setAreasLocked(const std::vector<AreaIndex>& areas,
                              const std::vector<bool>& locked) {
    Q_ASSERT(areas.size() == locked.size());
    for (std::size_t i = 0; i < areas.size() && i < locked.size(); ++i) {
        if (areas[i] < project_.areas.size()) {
            project_.areas[areas[i]].locked = locked[i];
        }
    }
    announce({ChangeEvent::Kind::AreasLocked, areas});
}

AccountData Document::accountData() const {
    return {project_.accounts, project_.accountArea, project_.accountRejects,
            project_.accountRejectsHeader, project_.alignment.accountOverrides};
}

void Document::setAccountData(AccountData data) {
    swapAccountData(data);
}

void Document::swapAccountData(AccountData& data) {
    std::swap(project_.accounts, data.accounts);
    std::swap(project_.accountArea, data.accountArea);
    std::swap(project_.accountRejects, data.rejects);
    std::swap(project_.accountRejectsHeader, data.rejectsHeader);
    std::swap(project_.alignment.accountOverrides, data.accountOverrides);
    areaLoads_ = tessera::areaLoads(project_);
    recomputeDerived(false);
    announce({ChangeEvent::Kind::AccountsReplaced, {}});
}

void Document::recomputeDerived(bool geometryChanged) {
    if (geometryChanged) {
        locator_ = std::make_unique<AreaLocator>(project_.areas);
        areaLoads_ = tessera::areaLoads(project_);
    }
    metrics_ = computeMetrics(project_);
}

void Document::announce(const ChangeEvent& event) {
    ++revision_;
    emit changed(event);
}

}  // namespace tessera::app
