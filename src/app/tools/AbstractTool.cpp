// SPDX-License-Identifier: Apache-2.0
#include "AbstractTool.h"

#include <QAction>
#include <QApplication>
#include <QMouseEvent>

#include "app/canvas/MapCanvas.h"

namespace tessera::app {

AbstractTool::AbstractTool(const QString& name, const QIcon& icon, const QKeySequence& shortcut,
                           QObject* parent)
    : QObject(parent), action_(new QAction(icon, name, this)) {
    action_->setCheckable(true);
    action_->setShortcut(shortcut);
    if (!shortcut.isEmpty()) {
        action_->setToolTip(
            QStringLiteral("%1 (%2)").arg(name, shortcut.toString(QKeySequence::NativeText)));
    }
}

AbstractTool::~AbstractTool() = default;

QString AbstractTool::name() const {
    return action_->text();
}

void AbstractTool::activate(MapCanvas* canvas) {
    canvas_ = canvas;
}

void AbstractTool::deactivate() {
    canvas_ = nullptr;
}

void AreaClickTool::mousePressed(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || canvas() == nullptr) {
        return;
    }
    pressed_ = true;
    dragging_ = false;
    pressPos_ = event->position();
    lastPos_ = pressPos_;
    event->accept();
}

void AreaClickTool::mouseMoved(QMouseEvent* event) {
    if (!pressed_ || canvas() == nullptr) {
        return;
    }
    if (!dragging_ &&
        (event->position() - pressPos_).manhattanLength() >= QApplication::startDragDistance()) {
        dragging_ = true;
        canvas()->setCursor(Qt::ClosedHandCursor);
    }
    if (dragging_) {
        canvas()->panByPixels(event->position() - lastPos_);
        lastPos_ = event->position();
    }
    event->accept();
}

void AreaClickTool::mouseReleased(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !pressed_ || canvas() == nullptr) {
        return;
    }
    pressed_ = false;
    if (dragging_) {
        dragging_ = false;
        canvas()->setCursor(cursor());
        canvas()->renderNow();
    } else {
        areaClicked(canvas()->areaAt(event->position()), event);
    }
    event->accept();
}

void AreaClickTool::deactivate() {
    pressed_ = false;
    dragging_ = false;
    AbstractTool::deactivate();
}

}  // namespace tessera::app
