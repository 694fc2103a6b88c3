// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QUndoCommand>

#include <vector>

#include "core/Project.h"

namespace tessera::app {

class Document;

/// Areas painted onto a territory with the brush. One brush stroke is one command: every
/// piece of the stroke merges into the command of the same stroke (same stroke id), so undo
/// takes back the whole stroke. The brush gives a quick follow-up stroke onto the same
/// territory the same stroke id, so a few quick dabs undo together.
class PaintAreasCommand : public QUndoCommand {
public:
    /// Areas already in `territory` are left out; check isEffective() before pushing.
    PaintAreasCommand(Document* document, const std::vector<AreaIndex>& areas,
                      TerritoryIndex territory, int strokeId, QUndoCommand* parent = nullptr);

    [[nodiscard]] bool isEffective() const { return !areas_.empty(); }
    [[nodiscard]] const std::vector<AreaIndex>& areas() const { return areas_; }
    [[nodiscard]] int strokeId() const { return strokeId_; }

    void undo() override;
    void redo() override;
    [[nodiscard]] int id() const override;
    bool mergeWith(const QUndoCommand* other) override;

private:
    void updateText();

    Document* document_;
    TerritoryIndex territory_;
    int strokeId_;
    std::vector<AreaIndex> areas_;
    std::vector<TerritoryIndex> oldTerritories_;
};

}  // namespace tessera::app
