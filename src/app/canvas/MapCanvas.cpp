// SPDX-License-Identifier: Apache-2.0
#include "MapCanvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <cmath>

#include "app/Document.h"
#include "app/tools/AbstractTool.h"

namespace tessera::app {

namespace {
/// How long the view waits after the last pan or zoom step before rendering anew.
constexpr int kIdleRenderDelayMs = 120;
constexpr double kKeyZoomFactor = 1.5;
constexpr double kKeyPanFraction = 0.2;
}  // namespace

MapCanvas::MapCanvas(Document* document, QWidget* parent) : QWidget(parent), document_(document) {
    setObjectName(QStringLiteral("mapCanvas"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    renderTimer_.setSingleShot(true);
    connect(&renderTimer_, &QTimer::timeout, this, &MapCanvas::renderNow);
    connect(document_, &Document::changed, this, &MapCanvas::onDocumentChanged);
    connect(document_, &Document::selectedAreaChanged, this, [this] { scheduleRender(0); });
}

MapCanvas::~MapCanvas() = default;

void MapCanvas::setViewport(const render::Viewport& viewport) {
    viewport_ = viewport;
    viewport_.setSize(size());
    needsZoomToAll_ = false;
    update();
    scheduleRender(kIdleRenderDelayMs);
}

void MapCanvas::setTool(AbstractTool* tool) {
    if (tool_ == tool) {
        return;
    }
    if (tool_) {
        tool_->deactivate();
    }
    tool_ = tool;
    if (tool_) {
        tool_->activate(this);
        setCursor(tool_->cursor());
    } else {
        unsetCursor();
    }
}

std::int32_t MapCanvas::areaAt(const QPointF& widgetPos) const {
    if (!viewport_.isValid()) {
        return -1;
    }
    return document_->areaAt(viewport_.screenToLonLat(widgetPos));
}

void MapCanvas::panByPixels(const QPointF& delta) {
    viewport_.panByPixels(delta);
    update();
    scheduleRender(kIdleRenderDelayMs);
}

void MapCanvas::zoomAbout(const QPointF& widgetPos, double factor) {
    viewport_.zoomAbout(widgetPos, factor);
    update();
    scheduleRender(kIdleRenderDelayMs);
}

void MapCanvas::zoomToAll() {
    if (size().isEmpty()) {
        needsZoomToAll_ = true;
        return;
    }
    viewport_ = renderer_.fittingViewport(document_->project(), size());
    needsZoomToAll_ = false;
    update();
    scheduleRender(0);
}

void MapCanvas::zoomIn() {
    zoomAbout(rect().center(), kKeyZoomFactor);
}

void MapCanvas::zoomOut() {
    zoomAbout(rect().center(), 1.0 / kKeyZoomFactor);
}

void MapCanvas::renderNow() {
    renderTimer_.stop();
    if (size().isEmpty()) {
        return;
    }
    if (needsZoomToAll_) {
        viewport_ = renderer_.fittingViewport(document_->project(), size());
        needsZoomToAll_ = false;
    }
    render::RenderOptions options = currentOptions();
    image_ = renderer_.render(document_->project(), viewport_, options);
    imageViewport_ = viewport_;
    hasRendered_ = true;
    update();
    emit renderFinished(renderer_.lastStats());
}

render::RenderOptions MapCanvas::currentOptions() const {
    render::RenderOptions options;
    options.highlightedArea = document_->selectedArea();
    options.highlightedAreas = highlightedAreas_;
    options.devicePixelRatio = devicePixelRatioF();
    return options;
}

void MapCanvas::setHighlightedAreas(std::vector<tessera::AreaIndex> areas) {
    highlightedAreas_ = std::move(areas);
    scheduleRender(0);
}

void MapCanvas::scheduleRender(int delayMs) {
    renderTimer_.start(delayMs);
}

void MapCanvas::onDocumentChanged(const ChangeEvent& event) {
    if (event.kind == ChangeEvent::Kind::ProjectReplaced) {
        renderer_.invalidateGeometry();
        hasRendered_ = false;
        image_ = QImage();
        needsZoomToAll_ = true;
    }
    scheduleRender(0);
}

void MapCanvas::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    const render::RenderOptions defaults;
    if (image_.isNull()) {
        painter.fillRect(rect(), defaults.background);
        if (!renderTimer_.isActive()) {
            scheduleRender(0);
        }
        return;
    }
    if (imageViewport_ == viewport_) {
        painter.drawImage(QPointF(0, 0), image_);
        return;
    }
    // The view moved since the image was made: show the image where its map now is, scaled,
    // until the new one is ready.
    painter.fillRect(rect(), defaults.background);
    const double scale = imageViewport_.metresPerPixel() / viewport_.metresPerPixel();
    const QPointF topLeft =
        viewport_.mercatorToScreen(imageViewport_.screenToMercator(QPointF(0.0, 0.0)));
    const QSizeF imageSize = QSizeF(imageViewport_.size()) * scale;
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(QRectF(topLeft, imageSize), image_);
}

void MapCanvas::resizeEvent(QResizeEvent* /*event*/) {
    viewport_.setSize(size());
    if (needsZoomToAll_) {
        zoomToAll();
    } else {
        update();
        scheduleRender(kIdleRenderDelayMs);
    }
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) {
        event->ignore();
        return;
    }
    zoomAbout(event->position(), std::pow(2.0, steps / 2.0));
    event->accept();
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::MiddleButton) {
        middlePanning_ = true;
        lastPanPos_ = event->position();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (tool_) {
        tool_->mousePressed(event);
    }
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (viewport_.isValid()) {
        const Point lonLat = viewport_.screenToLonLat(event->position());
        emit cursorMoved(lonLat.x(), lonLat.y());
    }
    if (middlePanning_) {
        panByPixels(event->position() - lastPanPos_);
        lastPanPos_ = event->position();
        event->accept();
        return;
    }
    if (tool_) {
        tool_->mouseMoved(event);
    }
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (middlePanning_ && event->button() == Qt::MiddleButton) {
        middlePanning_ = false;
        setCursor(tool_ ? tool_->cursor() : QCursor());
        renderNow();
        event->accept();
        return;
    }
    if (tool_) {
        tool_->mouseReleased(event);
    }
}

void MapCanvas::keyPressEvent(QKeyEvent* event) {
    const QPointF step(width() * kKeyPanFraction, height() * kKeyPanFraction);
    switch (event->key()) {
        case Qt::Key_Plus:
        case Qt::Key_Equal:
            zoomIn();
            break;
        case Qt::Key_Minus:
            zoomOut();
            break;
        case Qt::Key_Left:
            panByPixels({step.x(), 0.0});
            break;
        case Qt::Key_Right:
            panByPixels({-step.x(), 0.0});
            break;
        case Qt::Key_Up:
            panByPixels({0.0, step.y()});
            break;
        case Qt::Key_Down:
            panByPixels({0.0, -step.y()});
            break;
        default:
            QWidget::keyPressEvent(event);
            return;
    }
    event->accept();
}

void MapCanvas::leaveEvent(QEvent* event) {
    emit cursorLeft();
    QWidget::leaveEvent(event);
}

}  // namespace tessera::app
