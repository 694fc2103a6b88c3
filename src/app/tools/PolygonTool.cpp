// SPDX-License-Identifier: Apache-2.0
#include "PolygonTool.h"

#include <QAction>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QUndoCommand>

#include "app/Document.h"
#include "app/canvas/MapCanvas.h"
#include "app/commands/TerritoryEdits.h"

namespace tessera::app {

PolygonTool::PolygonTool(Document* document, QObject* parent)
    : AbstractTool(tr("Draw Polygon"), QIcon(QStringLiteral(":/icons/polygon.svg")),
                   QKeySequence(Qt::Key_P), parent),
      document_(document) {
    action()->setObjectName(QStringLiteral("actionPolygonTool"));
    action()->setStatusTip(
        tr("Click the corners of a polygon, double-click to finish: what "
           "is inside joins the active territory"));
}

void PolygonTool::mousePressed(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || canvas() == nullptr) {
        return;
    }
    if (document_->activeTerritory() == kNoTerritory) {
        emit statusMessage(tr("Choose a territory in the Territories list first, then draw"));
        return;
    }
    const Point p = canvas()->viewport().screenToLonLat(event->position());
    // The press of a double-click lands on the last vertex again: keep one.
    if (vertices_.empty() || canvas()->viewport().lonLatToScreen(vertices_.back()) !=
                                 canvas()->viewport().lonLatToScreen(p)) {
        vertices_.push_back(p);
    }
    cursor_ = event->position();
    canvas()->update();
    event->accept();
}

void PolygonTool::mouseMoved(QMouseEvent* event) {
    cursor_ = event->position();
    if (!vertices_.empty() && canvas() != nullptr) {
        canvas()->update();
    }
}

void PolygonTool::mouseReleased(QMouseEvent* event) {
    event->accept();
}

void PolygonTool::mouseDoubleClicked(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton) {
        finish();
        event->accept();
    }
}

bool PolygonTool::keyPressed(QKeyEvent* event) {
    if (event->key() == Qt::Key_Backspace && !vertices_.empty()) {
        vertices_.pop_back();
        canvas()->update();
        return true;
    }
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter) && !vertices_.empty()) {
        finish();
        return true;
    }
    return false;
}

void PolygonTool::finish() {
    const std::vector<Point> polygon = std::move(vertices_);
    vertices_.clear();
    if (canvas() != nullptr) {
        canvas()->update();
    }
    if (polygon.size() < 3) {
        emit statusMessage(tr("A polygon needs at least three corners"));
        return;
    }
    QUndoCommand* command =
        territory_edits::assignPolygon(document_, polygon, document_->activeTerritory());
    if (command == nullptr) {
        return;
    }
    emit statusMessage(
        command->text() +
        tr(". The polygon is kept: edit its corners with the Edit Polygon tool (V)."));
    document_->undoStack()->push(command);
}

void PolygonTool::paintOverlay(QPainter& painter) {
    if (vertices_.empty() || canvas() == nullptr) {
        return;
    }
    QPolygonF screen;
    for (const Point& p : vertices_) {
        screen.append(canvas()->viewport().lonLatToScreen(p));
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(QPen(QColor(0xC6, 0x28, 0x28), 2.0));
    painter.setBrush(QColor(0xC6, 0x28, 0x28, 40));
    QPolygonF withCursor = screen;
    withCursor.append(cursor_);
    painter.drawPolygon(withCursor);
    painter.setBrush(Qt::white);
    for (const QPointF& p : screen) {
        painter.drawEllipse(p, 3.5, 3.5);
    }
    painter.restore();
}

void PolygonTool::deactivate() {
    vertices_.clear();
    AbstractTool::deactivate();
}

}  // namespace tessera::app
