// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPointF>

#include <optional>
#include <vector>

#include "app/commands/TerritoryEdits.h"
#include "app/tools/AbstractTool.h"
#include "core/Geometry.h"

namespace tessera::app {

class Document;
struct ChangeEvent;

/// Edits the corners of a polygon drawn with the Draw Polygon tool (a vertex tool, as in QGIS
/// or ArcGIS): click a drawn polygon (its edge or inside) to pick it; its corners show square
/// handles and each edge a smaller mid-edge handle. Drag a corner to move it (it snaps to the
/// corners of other drawn polygons); drag (or click) a mid-edge handle to insert a corner;
/// right-click a corner, or hover it and press Delete, to remove it (never below three).
/// Each finished change is one undo command that re-evaluates what lies inside (see
/// territory_edits::reshapePolygon). Left drag elsewhere pans the map.
class EditPolygonTool : public AbstractTool {
    Q_OBJECT

public:
    explicit EditPolygonTool(Document* document, QObject* parent = nullptr);

    void mousePressed(QMouseEvent* event) override;
    void mouseMoved(QMouseEvent* event) override;
    void mouseReleased(QMouseEvent* event) override;
    bool keyPressed(QKeyEvent* event) override;
    void paintOverlay(QPainter& painter) override;
    void deactivate() override;

    /// The picked polygon (index in Project::drawnPolygons), or -1.
    [[nodiscard]] int pickedPolygon() const { return picked_; }
    void pickPolygon(int index);

    /// Handle sizes and pick distances, in widget pixels.
    static constexpr double kHandleSize = 9.0;
    static constexpr double kMidHandleSize = 7.0;
    static constexpr double kPickDistance = 7.0;
    static constexpr double kSnapDistance = 10.0;

private:
    enum class Drag { None, Pending, Pan, Vertex, Insert };

    void onDocumentChanged(const ChangeEvent& event);
    [[nodiscard]] std::vector<QPointF> screenRing(const std::vector<Point>& ring) const;
    /// The corner of the picked polygon under `pos`, or -1.
    [[nodiscard]] int vertexAt(const QPointF& pos) const;
    /// The edge (from corner i to i + 1) of the picked polygon whose mid-edge handle is under
    /// `pos`, or -1.
    [[nodiscard]] int midEdgeAt(const QPointF& pos) const;
    /// The drawn polygon under `pos`: the nearest edge within the pick distance, else the
    /// last drawn one containing it; -1 for none.
    [[nodiscard]] int polygonAt(const QPointF& pos) const;
    /// A corner of another drawn polygon within the snap distance of `pos`.
    [[nodiscard]] std::optional<Point> snapAt(const QPointF& pos) const;
    void updateHover(const QPointF& pos);
    void commit(std::vector<Point> ring, territory_edits::PolygonEdit edit);
    void deleteVertex(int vertex);
    void cancelDrag();

    Document* document_;
    int picked_ = -1;
    Drag drag_ = Drag::None;
    int dragVertex_ = -1;             ///< the corner being moved in workingRing_
    std::vector<Point> workingRing_;  ///< the ring while a drag is in progress
    QPointF pressPos_;
    QPointF lastPos_;
    int pendingPick_ = -1;  ///< polygon under a left press that was not a handle
    int hoverVertex_ = -1;
    int hoverEdge_ = -1;
    std::optional<Point> snap_;
};

}  // namespace tessera::app
