// SPDX-License-Identifier: Apache-2.0
#include "EditPolygonTool.h"

#include <QAction>
#include <QKeyEvent>
#include <QLineF>
#include <QMouseEvent>
#include <QPainter>
#include <QPolygonF>
#include <QUndoCommand>

#include <algorithm>
#include <cmath>
#include <limits>

#include "app/Document.h"
#include "app/canvas/MapCanvas.h"
#include "app/commands/TerritoryEdits.h"
#include "core/DrawnPolygons.h"

namespace tessera::app {

namespace {

constexpr double kDragThreshold = 3.0;
const QColor kOutline(0xC6, 0x28, 0x28);
const QColor kHover(0xFF, 0x98, 0x00);
const QColor kSnap(0xD8, 0x1B, 0x60);

double distanceToSegment(const QPointF& p, const QPointF& a, const QPointF& b) {
    const QPointF ab = b - a;
    const double length2 = QPointF::dotProduct(ab, ab);
    double t = length2 > 0.0 ? QPointF::dotProduct(p - a, ab) / length2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    return QLineF(p, a + ab * t).length();
}

QRectF square(const QPointF& centre, double size) {
    return {centre.x() - size / 2.0, centre.y() - size / 2.0, size, size};
}

}  // namespace

EditPolygonTool::EditPolygonTool(Document* document, QObject* parent)
    : AbstractTool(tr("Edit Polygon"), QIcon(QStringLiteral(":/icons/edit-polygon.svg")),
                   QKeySequence(Qt::Key_V), parent),
      document_(document) {
    action()->setObjectName(QStringLiteral("actionEditPolygonTool"));
    action()->setStatusTip(
        tr("Click a drawn polygon, then drag its corners; drag a mid-edge handle to add a "
           "corner; right-click or Delete removes one"));
    connect(document_, &Document::changed, this, &EditPolygonTool::onDocumentChanged);
}

void EditPolygonTool::pickPolygon(int index) {
    const auto count = static_cast<int>(document_->project().drawnPolygons.size());
    picked_ = index >= 0 && index < count ? index : -1;
    hoverVertex_ = -1;
    hoverEdge_ = -1;
    if (canvas() != nullptr) {
        canvas()->update();
    }
    if (picked_ >= 0) {
        const DrawnPolygon& polygon =
            document_->project().drawnPolygons[static_cast<std::size_t>(picked_)];
        emit statusMessage(tr("Polygon in %1 with %2 corners: drag a corner to move it, a "
                              "mid-edge handle to add one; right-click or Delete removes one")
                               .arg(document_->territoryName(polygon.territory))
                               .arg(polygon.ring.size()));
    }
}

void EditPolygonTool::onDocumentChanged(const ChangeEvent& /*event*/) {
    // An undo may have removed the picked polygon (or changed its corners under a drag).
    cancelDrag();
    if (picked_ >= static_cast<int>(document_->project().drawnPolygons.size())) {
        picked_ = -1;
    }
    hoverVertex_ = -1;
    hoverEdge_ = -1;
    if (canvas() != nullptr) {
        canvas()->update();
    }
}

std::vector<QPointF> EditPolygonTool::screenRing(const std::vector<Point>& ring) const {
    std::vector<QPointF> screen;
    screen.reserve(ring.size());
    for (const Point& p : ring) {
        screen.push_back(canvas()->viewport().lonLatToScreen(p));
    }
    return screen;
}

int EditPolygonTool::vertexAt(const QPointF& pos) const {
    if (picked_ < 0 || canvas() == nullptr) {
        return -1;
    }
    const std::vector<QPointF> ring =
        screenRing(document_->project().drawnPolygons[static_cast<std::size_t>(picked_)].ring);
    int best = -1;
    double bestDistance = kPickDistance;
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const double d = QLineF(pos, ring[i]).length();
        if (d <= bestDistance) {
            bestDistance = d;
            best = static_cast<int>(i);
        }
    }
    return best;
}

int EditPolygonTool::midEdgeAt(const QPointF& pos) const {
    if (picked_ < 0 || canvas() == nullptr) {
        return -1;
    }
    const std::vector<QPointF> ring =
        screenRing(document_->project().drawnPolygons[static_cast<std::size_t>(picked_)].ring);
    for (std::size_t i = 0; i < ring.size(); ++i) {
        const QPointF a = ring[i];
        const QPointF b = ring[(i + 1) % ring.size()];
        // Edges too short on screen have no mid-edge handle (it would hide the corners).
        if (QLineF(a, b).length() < 3.0 * kHandleSize) {
            continue;
        }
        if (QLineF(pos, (a + b) / 2.0).length() <= kPickDistance) {
            return static_cast<int>(i);
        }
    }
    return -1;
}

int EditPolygonTool::polygonAt(const QPointF& pos) const {
    if (canvas() == nullptr) {
        return -1;
    }
    const auto& polygons = document_->project().drawnPolygons;
    int nearest = -1;
    double nearestDistance = kPickDistance;
    int containing = -1;
    for (std::size_t p = 0; p < polygons.size(); ++p) {
        const std::vector<QPointF> ring = screenRing(polygons[p].ring);
        QPolygonF shape;
        for (std::size_t i = 0; i < ring.size(); ++i) {
            shape.append(ring[i]);
            const double d = distanceToSegment(pos, ring[i], ring[(i + 1) % ring.size()]);
            if (d <= nearestDistance) {
                nearestDistance = d;
                nearest = static_cast<int>(p);
            }
        }
        if (shape.containsPoint(pos, Qt::OddEvenFill)) {
            containing = static_cast<int>(p);  // the last drawn is on top
        }
    }
    return nearest >= 0 ? nearest : containing;
}

std::optional<Point> EditPolygonTool::snapAt(const QPointF& pos) const {
    const auto& polygons = document_->project().drawnPolygons;
    std::optional<Point> best;
    double bestDistance = kSnapDistance;
    for (std::size_t p = 0; p < polygons.size(); ++p) {
        if (static_cast<int>(p) == picked_) {
            continue;
        }
        for (const Point& corner : polygons[p].ring) {
            const double d = QLineF(pos, canvas()->viewport().lonLatToScreen(corner)).length();
            if (d <= bestDistance) {
                bestDistance = d;
                best = corner;
            }
        }
    }
    return best;
}

void EditPolygonTool::updateHover(const QPointF& pos) {
    const int vertex = vertexAt(pos);
    const int edge = vertex < 0 ? midEdgeAt(pos) : -1;
    if (vertex != hoverVertex_ || edge != hoverEdge_) {
        hoverVertex_ = vertex;
        hoverEdge_ = edge;
        canvas()->update();
    }
    if (vertex >= 0) {
        canvas()->setCursor(Qt::SizeAllCursor);
    } else if (edge >= 0) {
        canvas()->setCursor(Qt::CrossCursor);
    } else if (polygonAt(pos) >= 0) {
        canvas()->setCursor(Qt::PointingHandCursor);
    } else {
        canvas()->setCursor(cursor());
    }
}

void EditPolygonTool::mousePressed(QMouseEvent* event) {
    if (canvas() == nullptr) {
        return;
    }
    const QPointF pos = event->position();
    if (event->button() == Qt::RightButton) {
        const int vertex = vertexAt(pos);
        if (vertex >= 0) {
            deleteVertex(vertex);
            event->accept();
        }
        return;
    }
    if (event->button() != Qt::LeftButton) {
        return;
    }
    pressPos_ = pos;
    lastPos_ = pos;
    const int vertex = vertexAt(pos);
    const int edge = vertex < 0 ? midEdgeAt(pos) : -1;
    if (vertex >= 0 || edge >= 0) {
        workingRing_ = document_->project().drawnPolygons[static_cast<std::size_t>(picked_)].ring;
        if (vertex >= 0) {
            drag_ = Drag::Vertex;
            dragVertex_ = vertex;
        } else {
            drag_ = Drag::Insert;
            const Point& a = workingRing_[static_cast<std::size_t>(edge)];
            const Point& b = workingRing_[static_cast<std::size_t>(edge + 1) % workingRing_.size()];
            const QPointF middle =
                (canvas()->viewport().lonLatToScreen(a) + canvas()->viewport().lonLatToScreen(b)) /
                2.0;
            dragVertex_ = edge + 1;
            workingRing_.insert(workingRing_.begin() + dragVertex_,
                                canvas()->viewport().screenToLonLat(middle));
        }
        canvas()->update();
    } else {
        drag_ = Drag::Pending;
        pendingPick_ = polygonAt(pos);
    }
    event->accept();
}

void EditPolygonTool::mouseMoved(QMouseEvent* event) {
    if (canvas() == nullptr) {
        return;
    }
    const QPointF pos = event->position();
    switch (drag_) {
        case Drag::None:
            updateHover(pos);
            return;
        case Drag::Pending:
            if (QLineF(pos, pressPos_).length() < kDragThreshold) {
                return;
            }
            drag_ = Drag::Pan;
            canvas()->setCursor(Qt::ClosedHandCursor);
            [[fallthrough]];
        case Drag::Pan:
            canvas()->panByPixels(pos - lastPos_);
            lastPos_ = pos;
            return;
        case Drag::Vertex:
        case Drag::Insert: {
            snap_ = snapAt(pos);
            workingRing_[static_cast<std::size_t>(dragVertex_)] =
                snap_ ? *snap_ : canvas()->viewport().screenToLonLat(pos);
            lastPos_ = pos;
            canvas()->update();
            event->accept();
            return;
        }
    }
}

void EditPolygonTool::mouseReleased(QMouseEvent* event) {
    if (canvas() == nullptr || event->button() != Qt::LeftButton) {
        return;
    }
    const Drag drag = drag_;
    drag_ = Drag::None;
    snap_.reset();
    switch (drag) {
        case Drag::None:
            return;
        case Drag::Pending:
            pickPolygon(pendingPick_);
            break;
        case Drag::Pan:
            canvas()->renderNow();
            break;
        case Drag::Vertex:
            if (QLineF(event->position(), pressPos_).length() >= kDragThreshold) {
                commit(std::move(workingRing_), territory_edits::PolygonEdit::MoveVertex);
            }
            break;
        case Drag::Insert:
            // A click on a mid-edge handle inserts a corner there; a drag puts it where dropped.
            commit(std::move(workingRing_), territory_edits::PolygonEdit::InsertVertex);
            break;
    }
    workingRing_.clear();
    dragVertex_ = -1;
    updateHover(event->position());
    event->accept();
}

bool EditPolygonTool::keyPressed(QKeyEvent* event) {
    if ((event->key() == Qt::Key_Delete || event->key() == Qt::Key_Backspace) && picked_ >= 0 &&
        drag_ == Drag::None) {
        if (hoverVertex_ >= 0) {
            deleteVertex(hoverVertex_);
        } else {
            emit statusMessage(
                tr("Point at a corner of the polygon, then press Delete to remove "
                   "it"));
        }
        return true;
    }
    return false;
}

void EditPolygonTool::deleteVertex(int vertex) {
    if (picked_ < 0) {
        return;
    }
    std::vector<Point> ring =
        document_->project().drawnPolygons[static_cast<std::size_t>(picked_)].ring;
    if (ring.size() <= 3) {
        emit statusMessage(
            tr("A polygon keeps at least three corners: this one has three, so "
               "none can be deleted"));
        return;
    }
    ring.erase(ring.begin() + vertex);
    commit(std::move(ring), territory_edits::PolygonEdit::DeleteVertex);
}

void EditPolygonTool::commit(std::vector<Point> ring, territory_edits::PolygonEdit edit) {
    if (picked_ < 0) {
        return;
    }
    if (ringCrossesItself(ring)) {
        emit statusMessage(
            tr("The polygon's edges would cross: the change was not made. Put the "
               "corner where the edges do not cross."));
        canvas()->update();
        return;
    }
    QString summary;
    QUndoCommand* command = territory_edits::reshapePolygon(
        document_, static_cast<std::size_t>(picked_), std::move(ring), edit, &summary);
    if (command == nullptr) {
        canvas()->update();
        return;
    }
    const int picked = picked_;
    document_->undoStack()->push(command);
    picked_ = picked;  // the change keeps the same polygon picked
    emit statusMessage(summary);
    canvas()->update();
}

void EditPolygonTool::cancelDrag() {
    drag_ = Drag::None;
    dragVertex_ = -1;
    workingRing_.clear();
    snap_.reset();
}

void EditPolygonTool::paintOverlay(QPainter& painter) {
    if (canvas() == nullptr) {
        return;
    }
    const Project& project = document_->project();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    // Every drawn polygon, thin and dashed, so that one can be picked.
    for (std::size_t p = 0; p < project.drawnPolygons.size(); ++p) {
        if (static_cast<int>(p) == picked_) {
            continue;
        }
        const std::vector<QPointF> ring = screenRing(project.drawnPolygons[p].ring);
        QPen pen(kOutline, 1.5, Qt::DashLine);
        painter.setPen(pen);
        painter.setBrush(Qt::NoBrush);
        painter.drawPolygon(ring.data(), static_cast<int>(ring.size()));
    }
    if (picked_ >= 0) {
        const bool dragging = drag_ == Drag::Vertex || drag_ == Drag::Insert;
        const std::vector<QPointF> ring =
            screenRing(dragging ? workingRing_
                                : project.drawnPolygons[static_cast<std::size_t>(picked_)].ring);
        painter.setPen(QPen(kOutline, 2.0));
        painter.setBrush(QColor(0xC6, 0x28, 0x28, 40));
        painter.drawPolygon(ring.data(), static_cast<int>(ring.size()));
        // Mid-edge handles (not while dragging: the ring is changing under them).
        if (!dragging) {
            for (std::size_t i = 0; i < ring.size(); ++i) {
                const QPointF a = ring[i];
                const QPointF b = ring[(i + 1) % ring.size()];
                if (QLineF(a, b).length() < 3.0 * kHandleSize) {
                    continue;
                }
                const bool hover = static_cast<int>(i) == hoverEdge_;
                painter.setPen(QPen(QColor(0x26, 0x32, 0x38), 1.0));
                painter.setBrush(hover ? kHover : QColor(255, 255, 255, 170));
                painter.drawRect(
                    square((a + b) / 2.0, hover ? kMidHandleSize + 2.0 : kMidHandleSize));
            }
        }
        for (std::size_t i = 0; i < ring.size(); ++i) {
            const bool active = static_cast<int>(i) == (dragging ? dragVertex_ : hoverVertex_);
            painter.setPen(QPen(QColor(0x26, 0x32, 0x38), 1.2));
            painter.setBrush(active ? kHover : QColor(Qt::white));
            painter.drawRect(square(ring[i], active ? kHandleSize + 2.0 : kHandleSize));
        }
        if (dragging && snap_) {
            painter.setPen(QPen(kSnap, 2.0));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(canvas()->viewport().lonLatToScreen(*snap_), kSnapDistance,
                                kSnapDistance);
        }
    }
    painter.restore();
}

void EditPolygonTool::deactivate() {
    cancelDrag();
    picked_ = -1;
    hoverVertex_ = -1;
    hoverEdge_ = -1;
    AbstractTool::deactivate();
}

}  // namespace tessera::app
