// SPDX-License-Identifier: Apache-2.0
#include "PaintAreasCommand.h"

#include <QCoreApplication>

#include <algorithm>

#include "app/Document.h"
#include "app/commands/CommandIds.h"

namespace tessera::app {

PaintAreasCommand::PaintAreasCommand(Document* document, const std::vector<AreaIndex>& areas,
                                     TerritoryIndex territory, int strokeId, QUndoCommand* parent)
    : QUndoCommand(parent), document_(document), territory_(territory), strokeId_(strokeId) {
    for (const AreaIndex area : areas) {
        const TerritoryIndex old = document_->territoryOfArea(static_cast<std::int32_t>(area));
        if (area < document_->project().areas.size() && old != territory &&
            std::find(areas_.begin(), areas_.end(), area) == areas_.end()) {
            areas_.push_back(area);
            oldTerritories_.push_back(old);
        }
    }
    updateText();
}

void PaintAreasCommand::updateText() {
    const auto count = static_cast<int>(areas_.size());
    const QString name = document_->territoryName(territory_);
    setText(count == 1
                ? QCoreApplication::translate("PaintAreasCommand", "Paint 1 area onto %1").arg(name)
                : QCoreApplication::translate("PaintAreasCommand", "Paint %1 areas onto %2")
                      .arg(count)
                      .arg(name));
}

void PaintAreasCommand::undo() {
    document_->setAreaTerritories(areas_, oldTerritories_);
}

void PaintAreasCommand::redo() {
    document_->setAreaTerritories(areas_, std::vector<TerritoryIndex>(areas_.size(), territory_));
}

int PaintAreasCommand::id() const {
    return static_cast<int>(CommandId::PaintAreas);
}

bool PaintAreasCommand::mergeWith(const QUndoCommand* other) {
    const auto* next = dynamic_cast<const PaintAreasCommand*>(other);
    if (next == nullptr || next->strokeId_ != strokeId_ || next->territory_ != territory_) {
        return false;
    }
    // An area painted twice keeps the territory it had before the first time.
    for (std::size_t i = 0; i < next->areas_.size(); ++i) {
        if (std::find(areas_.begin(), areas_.end(), next->areas_[i]) == areas_.end()) {
            areas_.push_back(next->areas_[i]);
            oldTerritories_.push_back(next->oldTerritories_[i]);
        }
    }
    updateText();
    return true;
}

}  // namespace tessera::app
