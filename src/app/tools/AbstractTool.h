// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCursor>
#include <QIcon>
#include <QKeySequence>
#include <QObject>
#include <QString>

class QAction;
class QKeyEvent;
class QMouseEvent;
class QPainter;

namespace tessera::app {

class MapCanvas;

/// A way of working on the map with the mouse (a strategy). One tool is active at a time; the
/// canvas forwards its mouse events to it. The ToolManager puts each tool's action in one
/// exclusive QActionGroup.
class AbstractTool : public QObject {
    Q_OBJECT

public:
    AbstractTool(const QString& name, const QIcon& icon, const QKeySequence& shortcut,
                 QObject* parent = nullptr);
    ~AbstractTool() override;

    /// Checkable action that makes this tool the active one.
    [[nodiscard]] QAction* action() const { return action_; }
    [[nodiscard]] QString name() const;

    virtual void activate(MapCanvas* canvas);
    virtual void deactivate();
    [[nodiscard]] virtual QCursor cursor() const { return Qt::ArrowCursor; }

    virtual void mousePressed(QMouseEvent* event) = 0;
    virtual void mouseMoved(QMouseEvent* event) = 0;
    virtual void mouseReleased(QMouseEvent* event) = 0;
    virtual void mouseDoubleClicked(QMouseEvent* /*event*/) {}
    /// A key pressed on the canvas; true when the tool used it.
    virtual bool keyPressed(QKeyEvent* /*event*/) { return false; }
    /// Draws the tool's transient graphics (rubber band, brush) over the map, in widget pixels.
    virtual void paintOverlay(QPainter& /*painter*/) {}

signals:
    /// Something the user should read (what the tool did, why it could not).
    void statusMessage(const QString& message);

protected:
    [[nodiscard]] MapCanvas* canvas() const { return canvas_; }

private:
    QAction* action_;
    MapCanvas* canvas_ = nullptr;
};

/// A tool whose left click acts on the area under the cursor, and whose left drag pans the map
/// (so the map can be moved without changing tools).
class AreaClickTool : public AbstractTool {
    Q_OBJECT

public:
    using AbstractTool::AbstractTool;

    void mousePressed(QMouseEvent* event) override;
    void mouseMoved(QMouseEvent* event) override;
    void mouseReleased(QMouseEvent* event) override;
    void deactivate() override;

protected:
    /// A click (press and release without dragging) on `area` (-1 when outside all areas).
    virtual void areaClicked(std::int32_t area, QMouseEvent* event) = 0;

private:
    bool pressed_ = false;
    bool dragging_ = false;
    QPointF pressPos_;
    QPointF lastPos_;
};

}  // namespace tessera::app
