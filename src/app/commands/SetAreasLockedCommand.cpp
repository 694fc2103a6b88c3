// SPDX-License-Identifier: Apache-2.0
#include "SetAreasLockedCommand.h"

#include <QCoreApplication>

#include "app/Document.h"

namespace tessera::app {

SetAreasLockedCommand::SetAreasLockedCommand(Document* document,
                                             const std::vector<AreaIndex>& areas, bool locked,
                                             QUndoCommand* parent)
    : QUndoCommand(parent), document_(document), locked_(locked) {
    const auto& all = document_->project().areas;
    for (const AreaIndex area : areas) {
        if (area < all.size() && all[area].locked != locked) {
            areas_.push_back(area);
        }
    }
    const auto count = static_cast<int>(areas_.size());
    const auto translate = [](const char* text) {
        return QCoreApplication::translate("SetAreasLockedCommand", text);
    };
    if (locked) {
        setText(count == 1 ? translate("Lock 1 area") : translate("Lock %1 areas").arg(count));
    } else {
        setText(count == 1 ? translate("Unlock 1 area") : translate("Unlock %1 areas").arg(count));
    }
}

void SetAreasLockedCommand::undo() {
    document_->setAreasLocked(areas_, std::vector<bool>(areas_.size(), !locked_));
}

void SetAreasLockedCommand::redo() {
    document_->setAreasLocked(areas_, std::vector<bool>(areas_.size(), locked_));
}

}  // namespace tessera::app
