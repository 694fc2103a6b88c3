// SPDX-License-Identifier: Apache-2.0
#include "ReassignAreasCommand.h"

#include <QCoreApplication>

#include "app/Document.h"
#include "app/commands/CommandIds.h"

namespace tessera::app {

ReassignAreasCommand::ReassignAreasCommand(Document* document, const std::vector<AreaIndex>& areas,
                                           TerritoryIndex territory, QUndoCommand* parent)
    : QUndoCommand(parent), document_(document) {
    for (const AreaIndex area : areas) {
        const TerritoryIndex old = document_->territoryOfArea(static_cast<std::int32_t>(area));
        if (area < document_->project().areas.size() && old != territory) {
            areas_.push_back(area);
            oldTerritories_.push_back(old);
            newTerritories_.push_back(territory);
        }
    }
    const auto count = static_cast<int>(areas_.size());
    const auto translate = [](const char* text) {
        return QCoreApplication::translate("ReassignAreasCommand", text);
    };
    if (territory == kNoTerritory) {
        setText(count == 1 ? translate("Unassign 1 area")
                           : translate("Unassign %1 areas").arg(count));
    } else {
        const QString name = document_->territoryName(territory);
        setText(count == 1 ? translate("Assign 1 area to %1").arg(name)
                           : translate("Assign %1 areas to %2").arg(count).arg(name));
    }
}

void ReassignAreasCommand::undo() {
    document_->setAreaTerritories(areas_, oldTerritories_);
}

void ReassignAreasCommand::redo() {
    document_->setAreaTerritories(areas_, newTerritories_);
}

int ReassignAreasCommand::id() const {
    return static_cast<int>(CommandId::ReassignAreas);
}

}  // namespace tessera::app
