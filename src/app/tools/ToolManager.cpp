// SPDX-License-Identifier: Apache-2.0
#include "ToolManager.h"

#include <QAction>
#include <QActionGroup>

#include "app/canvas/MapCanvas.h"
#include "app/tools/AbstractTool.h"

namespace tessera::app {

ToolManager::ToolManager(MapCanvas* canvas, QObject* parent)
    : QObject(parent), canvas_(canvas), actionGroup_(new QActionGroup(this)) {
    actionGroup_->setExclusive(true);
}

void ToolManager::registerTool(AbstractTool* tool) {
    tool->setParent(this);
    tools_.push_back(tool);
    actionGroup_->addAction(tool->action());
    connect(tool->action(), &QAction::triggered, this, [this, tool] { setActiveTool(tool); });
    if (activeTool_ == nullptr) {
        setActiveTool(tool);
    }
}

void ToolManager::setActiveTool(AbstractTool* tool) {
    if (tool == activeTool_) {
        return;
    }
    activeTool_ = tool;
    if (tool != nullptr) {
        tool->action()->setChecked(true);
    }
    canvas_->setTool(tool);
    emit activeToolChanged(tool);
}

}  // namespace tessera::app
