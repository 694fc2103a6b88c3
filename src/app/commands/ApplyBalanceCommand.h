// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QUndoCommand>

#include <vector>

#include "core/Project.h"

namespace tessera::app {

class Document;

/// Replaces the territories and the whole alignment with a balancing result, as one undo step.
/// Stores the old and the new territories and alignment.
class ApplyBalanceCommand : public QUndoCommand {
public:
    ApplyBalanceCommand(Document* document, std::vector<Territory> newTerritories,
                        Alignment newAlignment, const QString& text,
                        QUndoCommand* parent = nullptr);
    /// Also replaces the drawn polygons (the first form keeps those whose territory is still
    /// there).
    ApplyBalanceCommand(Document* document, std::vector<Territory> newTerritories,
                        Alignment newAlignment, std::vector<DrawnPolygon> newPolygons,
                        const QString& text, QUndoCommand* parent = nullptr);

    void undo() override;
    void redo() override;

private:
    Document* document_;
    std::vector<Territory> oldTerritories_;
    Alignment oldAlignment_;
    std::vector<Territory> newTerritories_;
    Alignment newAlignment_;
    std::vector<DrawnPolygon> oldPolygons_;
    std::vector<DrawnPolygon> newPolygons_;
};

}  // namespace tessera::app
