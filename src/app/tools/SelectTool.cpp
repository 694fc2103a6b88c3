// SPDX-License-Identifier: Apache-2.0
#include "SelectTool.h"

#include <QAction>
#include <QApplication>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>

#include "app/Document.h"
#include "app/canvas/MapCanvas.h"

namespace tessera::app {

SelectTool::SelectTool(Document* document, QObject* parent)
    : AbstractTool(tr("Select"), QIcon(QStringLiteral(":/icons/select.svg")),
                   QKeySequence(Qt::Key_S), parent),
      document_(document) {
    action()->setObjectName(QStringLiteral("actionSelectTool"));
    action()->setStatusTip(
        tr("Click or drag a box to select areas (Alt+drag: lasso; Shift adds, Ctrl removes)"));
}

void SelectTool::mousePressed(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || canvas() == nullptr) {
        return;
    }
    pressed_ = true;
    dragging_ = false;
    lasso_ = event->modifiers().testFlag(Qt::AltModifier);
    modifiers_ = event->modifiers();
    pressPos_ = event->position();
    path_ = QPolygonF{pressPos_};
    event->accept();
}

void SelectTool::mouseMoved(QMouseEvent* event) {
    if (!pressed_ || canvas() == nullptr) {
        return;
    }
    if (!dragging_ &&
        (event->position() - pressPos_).manhattanLength() >= QApplication::startDragDistance()) {
        dragging_ = true;
    }
    if (dragging_) {
        if (lasso_) {
            path_.append(event->position());
        } else {
            path_ = QPolygonF(QRectF(pressPos_, event->position()).normalized());
        }
        canvas()->update();
    }
    event->accept();
}

void SelectTool::mouseReleased(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !pressed_ || canvas() == nullptr) {
        return;
    }
    pressed_ = false;
    Mode mode = Mode::Replace;
    if (modifiers_.testFlag(Qt::ShiftModifier)) {
        mode = Mode::Add;
    } else if (modifiers_.testFlag(Qt::ControlModifier)) {
        mode = dragging_ ? Mode::Remove : Mode::Toggle;
    }
    if (dragging_) {
        dragging_ = false;
        apply(canvas()->areasInPolygon(path_), mode);
        path_.clear();
        canvas()->update();
    } else {
        const std::int32_t area = canvas()->areaAt(event->position());
        document_->setSelectedArea(area);
        apply(area >= 0 ? std::vector<AreaIndex>{static_cast<AreaIndex>(area)}
                        : std::vector<AreaIndex>{},
              mode);
    }
    event->accept();
}

void SelectTool::apply(const std::vector<AreaIndex>& areas, Mode mode) {
    std::vector<AreaIndex> selection = document_->selectedAreas();
    switch (mode) {
        case Mode::Replace:
            selection = areas;
            break;
        case Mode::Add:
            selection.insert(selection.end(), areas.begin(), areas.end());
            break;
        case Mode::Remove:
            std::erase_if(selection, [&](AreaIndex a) {
                return std::binary_search(areas.begin(), areas.end(), a);
            });
            break;
        case Mode::Toggle:
            for (const AreaIndex a : areas) {
                const auto it = std::find(selection.begin(), selection.end(), a);
                if (it == selection.end()) {
                    selection.push_back(a);
                } else {
                    selection.erase(it);
                }
            }
            break;
    }
    document_->setSelectedAreas(std::move(selection));
    const auto count = document_->selectedAreas().size();
    emit statusMessage(count == 0 ? tr("Nothing selected")
                                  : tr("%n area(s) selected", nullptr, static_cast<int>(count)));
}

void SelectTool::paintOverlay(QPainter& painter) {
    if (!dragging_ || path_.size() < 2) {
        return;
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QPen pen(QColor(0x00, 0x5F, 0xD4), 1.5, Qt::DashLine);
    painter.setPen(pen);
    painter.setBrush(QColor(0x00, 0x5F, 0xD4, 40));
    painter.drawPolygon(path_);
    painter.restore();
}

void SelectTool::deactivate() {
    pressed_ = false;
    dragging_ = false;
    path_.clear();
    AbstractTool::deactivate();
}

}  // namespace tessera::app
