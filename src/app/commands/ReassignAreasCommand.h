// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QUndoCommand>

#include <vector>

#include "core/Project.h"

namespace tessera::app {

class Document;

/// Moves areas to a territory (or to none). Stores the old and the new territory of each
/// area, so undo gives back exactly what was there, even when the areas came from several
/// territories.
class ReassignAreasCommand : public QUndoCommand {
public:
    /// Areas already in `territory` are left out; check isEffective() before pushing.
    ReassignAreasCommand(Document* document, const std::vector<AreaIndex>& areas,
                         TerritoryIndex territory, QUndoCommand* parent = nullptr);

    /// False when every area already belongs to the territory (pushing would do nothing).
    [[nodiscard]] bool isEffective() const { return !areas_.empty(); }
    [[nodiscard]] const std::vector<AreaIndex>& areas() const { return areas_; }

    void undo() override;
    void redo() override;
    [[nodiscard]] int id() const override;

private:
    Document* document_;
    std::vector<AreaIndex> areas_;
    std::vector<TerritoryIndex> oldTerritories_;
    std::vector<TerritoryIndex> newTerritories_;
};

}  // namespace tessera::app
