// SPDX-License-Identifier: Apache-2.0
#include "ApplyBalanceCommand.h"

#include "app/Document.h"

namespace tessera::app {

ApplyBalanceCommand::ApplyBalanceCommand(Document* document, std::vector<Territory> newTerritories,
                                         Alignment newAlignment, const QString& text,
                                         QUndoCommand* parent)
    : QUndoCommand(text, parent),
      document_(document),
      oldTerritories_(document->project().territories),
      oldAlignment_(document->project().alignment),
      newTerritories_(std::move(newTerritories)),
      newAlignment_(std::move(newAlignment)) {}

void ApplyBalanceCommand::undo() {
    document_->setAlignment(oldTerritories_, oldAlignment_);
}

void ApplyBalanceCommand::redo() {
    document_->setAlignment(newTerritories_, newAlignment_);
}

}  // namespace tessera::app
