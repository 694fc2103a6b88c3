// SPDX-License-Identifier: Apache-2.0
#include "BrushTool.h"

#include <QAction>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "app/Document.h"
#include "app/canvas/MapCanvas.h"
#include "app/commands/PaintAreasCommand.h"

namespace tessera::app {

namespace {
/// The stroke is sampled this often (pixels) between mouse events so no area is skipped.
constexpr double kSampleStepPixels = 3.0;
constexpr double kBrushRadiusPixels = 6.0;
}  // namespace

BrushTool::BrushTool(Document* document, QObject* parent)
    : AbstractTool(tr("Paint"), QIcon(QStringLiteral(":/icons/brush.svg")), QKeySequence(Qt::Key_B),
                   parent),
      document_(document) {
    action()->setObjectName(QStringLiteral("actionBrushTool"));
    action()->setStatusTip(
        tr("Drag across areas to paint them onto the active territory (one stroke = one undo)"));
}

void BrushTool::mousePressed(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || canvas() == nullptr) {
        return;
    }
    const TerritoryIndex territory = document_->activeTerritory();
    if (territory == kNoTerritory) {
        emit statusMessage(
            tr("Choose a territory in the Territories list first, then paint "
               "areas onto it"));
        return;
    }
    const bool continues = territory == lastTerritory_ && mergeWindowMs_ > 0 &&
                           sinceLastStroke_.isValid() &&
                           sinceLastStroke_.elapsed() <= mergeWindowMs_;
    if (!continues) {
        strokeId_ = nextStrokeId_++;
    }
    lastTerritory_ = territory;
    painting_ = true;
    skippedLocked_ = 0;
    strokeAreas_.clear();
    lastPos_ = event->position();
    paintAlong(lastPos_, lastPos_);
    event->accept();
}

void BrushTool::mouseMoved(QMouseEvent* event) {
    hoverPos_ = event->position();
    hovering_ = true;
    if (canvas() == nullptr) {
        return;
    }
    if (painting_) {
        paintAlong(lastPos_, event->position());
        lastPos_ = event->position();
        event->accept();
    }
    canvas()->update();
}

void BrushTool::mouseReleased(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !painting_ || canvas() == nullptr) {
        return;
    }
    paintAlong(lastPos_, event->position());
    painting_ = false;
    sinceLastStroke_.start();
    if (skippedLocked_ > 0) {
        emit statusMessage(tr("%n locked area(s) kept their territory", nullptr,
                              static_cast<int>(skippedLocked_)));
    } else if (!strokeAreas_.empty()) {
        emit statusMessage(
            tr("Painted %n area(s) onto %1", nullptr, static_cast<int>(strokeAreas_.size()))
                .arg(document_->territoryName(lastTerritory_)));
    }
    strokeAreas_.clear();
    canvas()->update();
    event->accept();
}

void BrushTool::paintAlong(QPointF from, QPointF to) {
    const TerritoryIndex territory = document_->activeTerritory();
    if (territory == kNoTerritory) {
        return;
    }
    const Project& project = document_->project();
    const bool territoryLocked = project.territories[static_cast<std::size_t>(territory)].locked;
    const double length = std::hypot(to.x() - from.x(), to.y() - from.y());
    const int steps = std::max(1, static_cast<int>(std::ceil(length / kSampleStepPixels)));
    std::vector<AreaIndex> areas;
    for (int i = 0; i <= steps; ++i) {
        const QPointF p = from + (to - from) * (static_cast<double>(i) / steps);
        const std::int32_t area = canvas()->areaAt(p);
        if (area < 0) {
            continue;
        }
        const auto index = static_cast<AreaIndex>(area);
        if (std::find(areas.begin(), areas.end(), index) != areas.end() ||
            document_->territoryOfArea(area) == territory) {
            continue;
        }
        const TerritoryIndex current = document_->territoryOfArea(area);
        const bool currentLocked = current != kNoTerritory &&
                                   project.territories[static_cast<std::size_t>(current)].locked;
        if (project.areas[index].locked || currentLocked || territoryLocked) {
            if (std::find(strokeAreas_.begin(), strokeAreas_.end(), index) == strokeAreas_.end()) {
                ++skippedLocked_;
                strokeAreas_.push_back(index);
            }
            continue;
        }
        areas.push_back(index);
    }
    if (areas.empty()) {
        return;
    }
    auto command = std::make_unique<PaintAreasCommand>(document_, areas, territory, strokeId_);
    if (!command->isEffective()) {
        return;
    }
    strokeAreas_.insert(strokeAreas_.end(), areas.begin(), areas.end());
    document_->undoStack()->push(command.release());
}

void BrushTool::paintOverlay(QPainter& painter) {
    if (!hovering_ || canvas() == nullptr) {
        return;
    }
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QColor color(0x20, 0x20, 0x20);
    const TerritoryIndex territory = document_->activeTerritory();
    if (territory != kNoTerritory) {
        const std::uint32_t rgb =
            document_->project().territories[static_cast<std::size_t>(territory)].color;
        color = QColor::fromRgb((rgb >> 16) & 0xFFU, (rgb >> 8) & 0xFFU, rgb & 0xFFU);
    }
    painter.setPen(QPen(Qt::white, 3.0));
    painter.setBrush(Qt::NoBrush);
    painter.drawEllipse(hoverPos_, kBrushRadiusPixels, kBrushRadiusPixels);
    painter.setPen(QPen(color.darker(130), 1.5));
    QColor fill = color;
    fill.setAlpha(painting_ ? 160 : 70);
    painter.setBrush(fill);
    painter.drawEllipse(hoverPos_, kBrushRadiusPixels, kBrushRadiusPixels);
    painter.restore();
}

void BrushTool::deactivate() {
    painting_ = false;
    hovering_ = false;
    strokeAreas_.clear();
    AbstractTool::deactivate();
}

}  // namespace tessera::app
