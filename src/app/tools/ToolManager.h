// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QObject>
#include <QPointer>
#include <vector>

class QActionGroup;

namespace tessera::app {

class AbstractTool;
class MapCanvas;

/// Keeps one tool active at a time: each registered tool's action is in one exclusive action
/// group, and the active tool is the canvas's tool.
class ToolManager : public QObject {
    Q_OBJECT

public:
    ToolManager(MapCanvas* canvas, QObject* parent = nullptr);

    /// Takes ownership. The first registered tool becomes active.
    void registerTool(AbstractTool* tool);
    [[nodiscard]] QActionGroup* actionGroup() const { return actionGroup_; }
    [[nodiscard]] AbstractTool* activeTool() const { return activeTool_; }
    [[nodiscard]] const std::vector<AbstractTool*>& tools() const { return tools_; }
    void setActiveTool(AbstractTool* tool);

signals:
    void activeToolChanged(tessera::app::AbstractTool* tool);

private:
    MapCanvas* canvas_;
    QActionGroup* actionGroup_;
    std::vector<AbstractTool*> tools_;
    QPointer<AbstractTool> activeTool_;
};

}  // namespace tessera::app
