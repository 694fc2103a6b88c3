// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "app/tools/AbstractTool.h"
#include "core/Geometry.h"

namespace tessera::app {

class Document;

/// Draws a polygon onto the active territory: click to add vertices, double-click to finish
/// (Backspace removes the last vertex). Areas whose label point is inside join the territory,
/// and so do the located accounts inside (as account overrides), except locked ones and those
/// of locked territories. One undo step per polygon.
class PolygonTool : public AbstractTool {
    Q_OBJECT

public:
    explicit PolygonTool(Document* document, QObject* parent = nullptr);
    [[nodiscard]] QCursor cursor() const override { return Qt::CrossCursor; }

    void mousePressed(QMouseEvent* event) override;
    void mouseMoved(QMouseEvent* event) override;
    void mouseReleased(QMouseEvent* event) override;
    void mouseDoubleClicked(QMouseEvent* event) override;
    bool keyPressed(QKeyEvent* event) override;
    void paintOverlay(QPainter& painter) override;
    void deactivate() override;

    /// The vertices placed so far (lon/lat).
    [[nodiscard]] const std::vector<Point>& vertices() const { return vertices_; }

private:
    void finish();

    Document* document_;
    std::vector<Point> vertices_;
    QPointF cursor_;
};

}  // namespace tessera::app
