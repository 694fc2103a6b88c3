// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QUndoCommand>

#include "app/AccountData.h"

namespace tessera::app {

class Document;

/// Applies an account import (new accounts, their areas, the rejects, and the overrides a
/// replacing import dropped) as one undo step. Stores the accounts before and after.
class ImportAccountsCommand : public QUndoCommand {
public:
    ImportAccountsCommand(Document* document, AccountData imported, const QString& text,
                          QUndoCommand* parent = nullptr);

    void undo() override;
    void redo() override;

private:
    Document* document_;
    AccountData before_;
    AccountData after_;
};

}  // namespace tessera::app
