// SPDX-License-Identifier: Apache-2.0
#include "ImportAccountsCommand.h"

#include "app/Document.h"

namespace tessera::app {

ImportAccountsCommand::ImportAccountsCommand(Document* document, AccountData imported,
                                             const QString& text, QUndoCommand* parent)
    : QUndoCommand(text, parent),
      document_(document),
      before_(document->accountData()),
      after_(std::move(imported)) {}

void ImportAccountsCommand::undo() {
    document_->setAccountData(before_);
}

void ImportAccountsCommand::redo() {
    document_->setAccountData(after_);
}

}  // namespace tessera::app
