// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QUndoCommand>

#include "app/AccountData.h"

namespace tessera::app {

class Document;

/// Applies an account import (new accounts, their areas, the rejects, and the overrides a
/// replacing import dropped) as one undo step. Holds the accounts the document does not have
/// at the moment (after the import until the first redo, then those before it), exchanged
/// with the document's on each undo/redo: a million accounts are never copied.
class ImportAccountsCommand : public QUndoCommand {
public:
    ImportAccountsCommand(Document* document, AccountData imported, const QString& text,
                          QUndoCommand* parent = nullptr);

    void undo() override;
    void redo() override;

private:
    Document* document_;
    AccountData other_;
};

}  // namespace tessera::app
