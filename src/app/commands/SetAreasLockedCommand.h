// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QUndoCommand>

#include <vector>

#include "core/Project.h"

namespace tessera::app {

class Document;

/// Locks or unlocks areas: a locked area keeps its territory (the brush and the assign
/// commands skip it, the balancer leaves it). Stores each area's old lock.
class SetAreasLockedCommand : public QUndoCommand {
public:
    /// Areas already in the requested state are left out; check isEffective() before pushing.
    SetAreasLockedCommand(Document* document, const std::vector<AreaIndex>& areas, bool locked,
                          QUndoCommand* parent = nullptr);

    [[nodiscard]] bool isEffective() const { return !areas_.empty(); }

    void undo() override;
    void redo() override;

private:
    Document* document_;
    bool locked_;
    std::vector<AreaIndex> areas_;
};

}  // namespace tessera::app
