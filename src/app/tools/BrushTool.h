// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QElapsedTimer>
#include <QPointF>

#include <vector>

#include "app/tools/AbstractTool.h"
#include "core/Project.h"

namespace tessera::app {

class Document;

/// Paints areas onto the active territory: press and drag across the map, every area the
/// cursor passes over joins the territory (locked areas and areas of locked territories are
/// skipped). One stroke is one undo command; a new stroke onto the same territory that starts
/// within mergeWindowMs() of the previous one merges with it. The map updates as you paint.
class BrushTool : public AbstractTool {
    Q_OBJECT

public:
    explicit BrushTool(Document* document, QObject* parent = nullptr);
    [[nodiscard]] QCursor cursor() const override { return Qt::CrossCursor; }

    void mousePressed(QMouseEvent* event) override;
    void mouseMoved(QMouseEvent* event) override;
    void mouseReleased(QMouseEvent* event) override;
    void paintOverlay(QPainter& painter) override;
    void deactivate() override;

    /// Strokes onto the same territory this close together (ms) are one undo step; 0 = never.
    [[nodiscard]] int mergeWindowMs() const { return mergeWindowMs_; }
    void setMergeWindowMs(int ms) { mergeWindowMs_ = ms; }
    [[nodiscard]] bool isPainting() const { return painting_; }

private:
    void paintAlong(QPointF from, QPointF to);

    Document* document_;
    bool painting_ = false;
    QPointF lastPos_;
    QPointF hoverPos_;
    bool hovering_ = false;
    int strokeId_ = 0;
    int nextStrokeId_ = 1;
    TerritoryIndex lastTerritory_ = kNoTerritory;
    QElapsedTimer sinceLastStroke_;
    int mergeWindowMs_ = 800;
    std::size_t skippedLocked_ = 0;
    std::vector<AreaIndex> strokeAreas_;  ///< painted in this stroke (for the overlay)
};

}  // namespace tessera::app
