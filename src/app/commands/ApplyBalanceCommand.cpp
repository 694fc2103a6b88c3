// SPDX-License-Identifier: Apache-2.0
#include "ApplyBalanceCommand.h"

#include "app/Document.h"
#include "core/DrawnPolygons.h"

namespace tessera::app {

ApplyBalanceCommand::ApplyBalanceCommand(Document* document, std::vector<Territory> newTerritories,
                                         Alignment newAlignment, const QString& text,
                                         QUndoCommand* parent)
    : ApplyBalanceCommand(document, std::move(newTerritories), std::move(newAlignment), {}, text,
                          parent) {
    // The drawn polygons follow the new territory list (those of removed territories go).
    newPolygons_ = polygonsForTerritoryCount(oldPolygons_, newTerritories_.size());
}

ApplyBalanceCommand::ApplyBalanceCommand(Document* document, std::vector<Territory> newTerritories,
                                         Alignment newAlignment,
                                         std::vector<DrawnPolygon> newPolygons, const QString& text,
                                         QUndoCommand* parent)
    : QUndoCommand(text, parent),
      document_(document),
      oldTerritories_(document->project().territories),
      oldAlignment_(document->project().alignment),
      newTerritories_(std::move(newTerritories)),
      newAlignment_(std::move(newAlignment)),
      oldPolygons_(document->project().drawnPolygons),
      newPolygons_(std::move(newPolygons)) {}

void ApplyBalanceCommand::undo() {
    document_->setAlignment(oldTerritories_, oldAlignment_, oldPolygons_);
}

void ApplyBalanceCommand::redo() {
    document_->setAlignment(newTerritories_, newAlignment_, newPolygons_);
}

}  // namespace tessera::app
