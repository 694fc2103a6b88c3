// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <memory>
#include <vector>

#include "app/AccountData.h"
#include "app/ChangeEvent.h"
#include "core/AreaLocator.h"
#include "core/Metrics.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::app {

/// The open territory plan: the single source of truth of the GUI. Owns the Project and its
/// undo stack; every edit goes through an undo command that calls the edit functions below,
/// and every change is announced with changed(). Views and models only react to it.
///
/// Also holds the editing state the views share: the active territory (what the assign tool
/// paints with) and the selected area (what the details dock shows).
class Document : public QObject {
    Q_OBJECT

public:
    explicit Document(QObject* parent = nullptr);
    ~Document() override;

    [[nodiscard]] const Project& project() const { return project_; }
    [[nodiscard]] QUndoStack* undoStack() { return &undoStack_; }
    /// Empty for a project that was never saved.
    [[nodiscard]] QString filePath() const { return filePath_; }
    /// The file name, or "Untitled".
    [[nodiscard]] QString displayName() const;
    [[nodiscard]] bool isModified() const { return !undoStack_.isClean(); }
    /// Incremented on every change; lets long work check that its input is still current.
    [[nodiscard]] quint64 revision() const { return revision_; }

    /// Replaces the project (new or opened file); clears the undo history.
    void resetProject(Project project, const QString& filePath);
    /// Reads a project file and makes it the document's project.
    [[nodiscard]] Result<void> open(const QString& path);
    /// Writes the project to `path`; on success it becomes the document's file and the
    /// current state counts as saved.
    [[nodiscard]] Result<void> saveAs(const QString& path);

    // Edits: called by undo commands only.
    void setAreaTerritories(const std::vector<AreaIndex>& areas,
                            const std::vector<TerritoryIndex>& territories);
    /// Keeps the drawn polygons whose territory still exists (see polygonsForTerritoryCount).
    void setAlignment(std::vector<Territory> territories, Alignment alignment);
    /// Territories, alignment and drawn polygons together (territory edits, polygon edits).
    void setAlignment(std::vector<Territory> territories, Alignment alignment,
                      std::vector<DrawnPolygon> drawnPolygons);

    // Derived data, kept current.
    [[nodiscard]] const PlanMetrics& metrics() const { return metrics_; }
    [[nodiscard]] const std::vector<AreaLoad>& areaLoads() const { return areaLoads_; }
    /// The area containing a lon/lat point, or -1.
    [[nodiscard]] std::int32_t areaAt(const Point& lonLat) const;
    [[nodiscard]] TerritoryIndex territoryOfArea(std::int32_t area) const;
    /// Territory name, or "Unassigned".
    [[nodiscard]] QString territoryName(TerritoryIndex territory) const;

    // Shared editing state (not part of the project, not undoable).
    [[nodiscard]] TerritoryIndex activeTerritory() const { return activeTerritory_; }
    void setActiveTerritory(TerritoryIndex territory);
    [[nodiscard]] std::int32_t selectedArea() const { return selectedArea_; }
    void setSelectedArea(std::int32_t area);
    /// The areas the select tool picked, sorted and unique (what "assign selection" moves).
    [[nodiscard]] const std::vector<AreaIndex>& selectedAreas() const { return selectedAreas_; }
    /// Sorts, drops duplicates and out-of-range indices.
    void setSelectedAreas(std::vector<AreaIndex> areas);
    /// The account the identify tool picked (what the details dock shows), or -1. Picking an
    /// account clears the selected area and picking an area clears the account.
    [[nodiscard]] std::int32_t selectedAccount() const { return selectedAccount_; }
    void setSelectedAccount(std::int32_t account);

    // Edits: called by undo commands only.
    /// Locks (or unlocks) areas; a locked area keeps its territory when painting or balancing.
    void setAreasLocked(const std::vector<AreaIndex>& areas, const std::vector<bool>& locked);

    /// The accounts with their areas, rejects and overrides (see AccountData).
    [[nodiscard]] AccountData accountData() const;
    // Edit: called by undo commands only. Replaces the accounts and what is tied to them.
    void setAccountData(AccountData data);
    /// The same by exchanging: the document takes `data` and `data` receives what the document
    /// had, without copying a single account (an undo command swaps back and forth).
    void swapAccountData(AccountData& data);

signals:
    /// The selected areas changed.
    void selectionChanged();
    void changed(const tessera::app::ChangeEvent& event);
    void activeTerritoryChanged(int territory);
    void selectedAreaChanged(int area);
    void selectedAccountChanged(int account);
    void filePathChanged(const QString& path);
    /// True when the project differs from the last saved (or opened) state.
    void modifiedChanged(bool modified);

private:
    void recomputeDerived(bool geometryChanged);
    void announce(const ChangeEvent& event);

    Project project_;
    QUndoStack undoStack_;
    QString filePath_;
    quint64 revision_ = 0;
    PlanMetrics metrics_;
    std::vector<AreaLoad> areaLoads_;
    std::unique_ptr<AreaLocator> locator_;
    TerritoryIndex activeTerritory_ = kNoTerritory;
    std::int32_t selectedArea_ = -1;
    std::vector<AreaIndex> selectedAreas_;
    std::int32_t selectedAccount_ = -1;
};

}  // namespace tessera::app
