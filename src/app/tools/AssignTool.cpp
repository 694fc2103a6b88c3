// SPDX-License-Identifier: Apache-2.0
#include "AssignTool.h"

#include <QAction>

#include "app/Document.h"
#include "app/commands/ReassignAreasCommand.h"

namespace tessera::app {

AssignTool::AssignTool(Document* document, QObject* parent)
    : AreaClickTool(tr("Assign"), QIcon(QStringLiteral(":/icons/assign.svg")),
                    QKeySequence(Qt::Key_A), parent),
      document_(document) {
    action()->setObjectName(QStringLiteral("actionAssignTool"));
    action()->setStatusTip(
        tr("Click an area to move it to the active territory; drag to move the map"));
}

void AssignTool::areaClicked(std::int32_t area, QMouseEvent* /*event*/) {
    if (area < 0) {
        emit statusMessage(tr("No area here"));
        return;
    }
    document_->setSelectedArea(area);
    const TerritoryIndex territory = document_->activeTerritory();
    if (territory == kNoTerritory) {
        emit statusMessage(
            tr("Choose a territory in the Territories list first, then click "
               "areas to move them to it"));
        return;
    }
    auto command = std::make_unique<ReassignAreasCommand>(
        document_, std::vector<AreaIndex>{static_cast<AreaIndex>(area)}, territory);
    if (!command->isEffective()) {
        emit statusMessage(
            tr("%1 is already in %2")
                .arg(QString::fromStdString(
                         document_->project().areas[static_cast<std::size_t>(area)].name),
                     document_->territoryName(territory)));
        return;
    }
    emit statusMessage(command->text());
    document_->undoStack()->push(command.release());
}

}  // namespace tessera::app
