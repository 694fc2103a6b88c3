// SPDX-License-Identifier: Apache-2.0
#include "ImportAccountsCommand.h"

#include "app/Document.h"

namespace tessera::app {

ImportAccountsCommand::ImportAccountsCommand(Document* document, AccountData imported,
                                             const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent), document_(document), other_(std::move(imported)) {}

void ImportAccountsCommand::undo() {
    document_->swapAccountData(other_);
}

void ImportAccountsCommand::redo() {
    document_->swapAccountData(other_);
}

}  // namespace tessera::app
