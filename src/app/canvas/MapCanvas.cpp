// SPDX-License-Identifier: Apache-2.0
#include "MapCanvas.h"

#include <QFontMetricsF>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

#include "app/Document.h"
#include "app/Logging.h"
#include "app/canvas/Basemap.h"
#include "app/tools/AbstractTool.h"

namespace tessera::app {

namespace {
/// How long the view waits after the last pan or zoom step before rendering anew.
constexpr int kIdleRenderDelayMs = 60;
constexpr double kKeyZoomFactor = 1.5;
constexpr double kKeyPanFraction = 0.2;
const QSize kOverviewSize(180, 120);
const QColor kHighlightColor(0xFF, 0x8C, 0x00);
const QColor kSelectionColor(0x00, 0x5F, 0xD4);
/// Opacity of the area fills over the online tiles: the streets and names stay readable
/// through the territory colours.
constexpr int kFillAlphaOverTiles = 140;

QString territoryOrNone(const Document& document, TerritoryIndex t) {
    return document.territoryName(t);
}

/// The bundled basemap, read once per process.
const std::vector<MultiPolygon>& bundledBasemap() {
    static const std::vector<MultiPolygon> shapes = [] {
        auto loaded = loadBundledBasemap();
        if (!loaded) {
            qCWarning(lcApp) << "no basemap:" << QString::fromStdString(loaded.error().toString());
            return std::vector<MultiPolygon>{};
        }
        return std::move(*loaded);
    }();
    return shapes;
}
}  // namespace

MapCanvas::MapCanvas(Document* document, QWidget* parent)
    : QWidget(parent), document_(document), tileLayer_(new TileLayer(QString(), this)) {
    setObjectName(QStringLiteral("mapCanvas"));
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMinimumSize(200, 150);
    pool_.setMaxThreadCount(1);
    renderer_.setBasemap(bundledBasemap());
    renderTimer_.setSingleShot(true);
    connect(&renderTimer_, &QTimer::timeout, this, &MapCanvas::renderNow);
    connect(&watcher_, &QFutureWatcher<RenderResult>::finished, this, &MapCanvas::onRenderFinished);
    connect(document_, &Document::changed, this, &MapCanvas::onDocumentChanged);
    connect(document_, &Document::selectedAreaChanged, this, qOverload<>(&QWidget::update));
    connect(document_, &Document::selectionChanged, this, qOverload<>(&QWidget::update));
    connect(tileLayer_, &TileLayer::tilesChanged, this, qOverload<>(&QWidget::update));
    // Turning the tiles on or off changes the areas' transparency: render anew.
    connect(tileLayer_, &TileLayer::enabledChanged, this, [this] { scheduleRender(0); });
}

MapCanvas::~MapCanvas() {
    if (currentJob_) {
        currentJob_->cancel = true;
    }
    pool_.waitForDone();
}

bool MapCanvas::isRenderPending() const {
    // currentJob_ is cleared when its result has been taken (not merely when the thread is done).
    return renderTimer_.isActive() || currentJob_ != nullptr;
}

void MapCanvas::setViewport(const render::Viewport& viewport) {
    viewport_ = viewport;
    viewport_.setSize(size());
    needsZoomToAll_ = false;
    update();
    scheduleRender(kIdleRenderDelayMs);
}

void MapCanvas::setRenderOptions(const render::RenderOptions& options) {
    options_ = options;
    scheduleRender(0);
}

void MapCanvas::setHighlightedAreas(std::vector<tessera::AreaIndex> areas) {
    std::sort(areas.begin(), areas.end());
    areas.erase(std::unique(areas.begin(), areas.end()), areas.end());
    highlighted_ = std::move(areas);
    update();
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
    update();
}

std::int32_t MapCanvas::areaAt(const QPointF& widgetPos) const {
    if (!viewport_.isValid()) {
        return -1;
    }
    return document_->areaAt(viewport_.screenToLonLat(widgetPos));
}

std::vector<AreaIndex> MapCanvas::areasInPolygon(const QPolygonF& widgetPolygon) const {
    std::vector<AreaIndex> result;
    if (!viewport_.isValid() || widgetPolygon.size() < 3) {
        return result;
    }
    const auto& areas = document_->project().areas;
    const QRectF bounds = widgetPolygon.boundingRect();
    for (std::size_t a = 0; a < areas.size(); ++a) {
        const QPointF p = viewport_.lonLatToScreen(areas[a].labelPoint);
        if (bounds.contains(p) && widgetPolygon.containsPoint(p, Qt::OddEvenFill)) {
            result.push_back(static_cast<AreaIndex>(a));
        }
    }
    return result;
}

std::int32_t MapCanvas::accountAt(const QPointF& widgetPos, double radius) const {
    if (!viewport_.isValid()) {
        return -1;
    }
    const auto& accounts = document_->project().accounts;
    std::int32_t best = -1;
    double bestDistance = radius * radius;
    for (std::size_t i = 0; i < accounts.size(); ++i) {
        if (accounts[i].locationSource == LocationSource::None) {
            continue;
        }
        const QPointF d = viewport_.lonLatToScreen(accounts[i].location) - widgetPos;
        const double distance = QPointF::dotProduct(d, d);
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = static_cast<std::int32_t>(i);
        }
    }
    return best;
}

bool MapCanvas::showsAccountDots() const {
    if (!options_.accounts || !viewport_.isValid()) {
        return false;
    }
    if (options_.clusterAbove == 0) {
        return true;
    }
    // The renderer clusters when more than clusterAbove located accounts are in view.
    const QRectF visible = viewport_.visibleMercatorRect();
    std::size_t inView = 0;
    for (const Account& account : document_->project().accounts) {
        if (account.locationSource != LocationSource::None &&
            visible.contains(viewport_.lonLatToMercator(account.location)) &&
            ++inView > options_.clusterAbove) {
            return false;
        }
    }
    return true;
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

void MapCanvas::zoomToMercatorRect(const QRectF& rect) {
    QRectF extent = rect;
    constexpr double kMinimumMetres = 2000.0;
    if (extent.width() < kMinimumMetres && extent.height() < kMinimumMetres) {
        extent = QRectF(extent.center() - QPointF(kMinimumMetres, kMinimumMetres) / 2.0,
                        QSizeF(kMinimumMetres, kMinimumMetres));
    }
    viewport_.setSize(size());
    viewport_.fitMercatorRect(extent, 0.08);
    needsZoomToAll_ = false;
    update();
    scheduleRender(0);
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

bool MapCanvas::zoomToTerritory(int territory) {
    std::vector<AreaIndex> areas;
    const auto& areaTerritory = document_->project().alignment.areaTerritory;
    for (std::size_t a = 0; a < areaTerritory.size(); ++a) {
        if (areaTerritory[a] == territory) {
            areas.push_back(static_cast<AreaIndex>(a));
        }
    }
    if (areas.empty()) {
        return false;
    }
    if (!scene_) {
        scene_ = renderer_.scene(document_->project(), viewport_.centralLongitude(), options_);
    }
    zoomToMercatorRect(render::areasExtent(*scene_, areas));
    return true;
}

bool MapCanvas::zoomToSelection() {
    const auto& selected = document_->selectedAreas();
    if (selected.empty()) {
        return false;
    }
    if (!scene_) {
        scene_ = renderer_.scene(document_->project(), viewport_.centralLongitude(), options_);
    }
    zoomToMercatorRect(render::areasExtent(*scene_, selected));
    return true;
}

bool MapCanvas::zoomToAccount(int account) {
    const auto& accounts = document_->project().accounts;
    if (account < 0 || static_cast<std::size_t>(account) >= accounts.size() ||
        accounts[static_cast<std::size_t>(account)].locationSource == LocationSource::None) {
        return false;
    }
    const QPointF centre =
        viewport_.lonLatToMercator(accounts[static_cast<std::size_t>(account)].location);
    viewport_.setCenter(centre);
    viewport_.setMetresPerPixel(std::min(viewport_.metresPerPixel(), 20.0));
    needsZoomToAll_ = false;
    update();
    scheduleRender(0);
    return true;
}

void MapCanvas::setRasterBasemap(std::shared_ptr<const render::RasterBasemap> basemap) {
    rasterBasemap_ = std::move(basemap);
    scheduleRender(0);
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
    viewport_.setSize(size());
    render::RenderOptions options = options_;
    options.devicePixelRatio = devicePixelRatioF();
    options.highlightedArea = -1;  // drawn as an overlay
    options.legend = false;        // drawn as an overlay
    const render::RenderOptions overviewOptions = options;
    if (tileLayer_->isEnabled()) {
        // The tiles are painted under the image: a transparent background, no offline land,
        // see-through fills.
        options.background = Qt::transparent;
        options.basemap = false;
        options.areaFillAlpha = kFillAlphaOverTiles;
    }
    if (rasterBasemap_ && !tileLayer_->isEnabled()) {
        // The MBTiles basemap is drawn into the image, under see-through fills.
        options.rasterBasemap = rasterBasemap_;
        options.basemap = false;
        options.areaFillAlpha = kFillAlphaOverTiles;
    }
    scene_ = renderer_.scene(document_->project(), viewport_.centralLongitude(), options);

    // The job in flight (if any) is out of date: stop it.
    if (currentJob_) {
        currentJob_->cancel = true;
    }
    auto job = std::make_shared<RenderJob>();
    job->viewport = viewport_;
    job->generation = ++generation_;
    job->transparent = tileLayer_->isEnabled();
    currentJob_ = job;
    const std::shared_ptr<const render::MapScene> scene = scene_;
    const render::Viewport overview =
        renderer_.fittingViewport(document_->project(), kOverviewSize);
    watcher_.setFuture(
        QtConcurrent::run(&pool_, [scene, options, overviewOptions, job, overview]() {
            RenderResult result;
            result.job = job;
            result.image = render::MapRenderer::renderScene(*scene, job->viewport, options,
                                                            &job->cancel, &result.stats);
            if (!result.image.isNull()) {
                // The overview: the whole extent, small, without accounts, labels or boundaries.
                render::RenderOptions small = overviewOptions;
                small.accounts = false;
                small.territoryLabels = false;
                small.areaBoundaries = false;
                small.repHomes = false;
                result.overview =
                    render::MapRenderer::renderScene(*scene, overview, small, &job->cancel);
            }
            return result;
        }));
}

void MapCanvas::onRenderFinished() {
    const RenderResult result = watcher_.result();
    if (!result.job || result.job != currentJob_) {
        return;  // superseded
    }
    if (result.image.isNull()) {
        currentJob_.reset();  // canceled or nothing to draw
        return;
    }
    image_ = result.image;
    imageTransparent_ = result.job->transparent;
    imageViewport_ = result.job->viewport;
    if (!result.overview.isNull()) {
        overview_ = result.overview;
        overviewViewport_ = renderer_.fittingViewport(document_->project(), kOverviewSize);
    }
    hasRendered_ = true;
    currentJob_.reset();
    update();
    emit renderFinished(result.stats);
}

void MapCanvas::scheduleRender(int delayMs) {
    renderTimer_.start(delayMs);
}

void MapCanvas::onDocumentChanged(const ChangeEvent& event) {
    if (event.kind == ChangeEvent::Kind::ProjectReplaced) {
        if (currentJob_) {
            currentJob_->cancel = true;
            currentJob_.reset();  // a result of the old project that arrives later is dropped
        }
        pool_.waitForDone();  // jobs hold the old scene only, but finish them before rebuilding
        renderer_.invalidateGeometry();
        scene_.reset();
        hasRendered_ = false;
        image_ = QImage();
        highlighted_.clear();
        hoverArea_ = -1;
        needsZoomToAll_ = true;
    } else if (event.kind == ChangeEvent::Kind::AccountsReplaced) {
        // New account points (a vector of the same address and size must not pass for the
        // old one); a map that showed nothing yet zooms to the accounts.
        renderer_.invalidateGeometry();
        scene_.reset();
        needsZoomToAll_ = needsZoomToAll_ || !hasRendered_ || document_->project().areas.empty();
    }
    scheduleRender(0);
}

void MapCanvas::paintEvent(QPaintEvent* /*event*/) {
    QPainter painter(this);
    if (image_.isNull()) {
        painter.fillRect(rect(), options_.background);
        paintTiles(painter);
        paintAttribution(painter);
        if (!isRenderPending()) {
            scheduleRender(0);
        }
        return;
    }
    const bool seeThrough = tileLayer_->isEnabled() || imageTransparent_;
    if (seeThrough) {
        painter.fillRect(rect(), options_.background);
        paintTiles(painter);
    }
    if (imageViewport_ == viewport_) {
        painter.drawImage(QPointF(0, 0), image_);
    } else {
        // The view moved since the image was made: show the image where its map now is,
        // scaled, until the new one is ready.
        if (!seeThrough) {
            painter.fillRect(rect(), options_.background);
        }
        const double scale = imageViewport_.metresPerPixel() / viewport_.metresPerPixel();
        const QPointF topLeft =
            viewport_.mercatorToScreen(imageViewport_.screenToMercator(QPointF(0.0, 0.0)));
        const QSizeF imageSize = QSizeF(imageViewport_.size()) * scale;
        painter.setRenderHint(QPainter::SmoothPixmapTransform, scale < 4.0);
        painter.drawImage(QRectF(topLeft, imageSize), image_);
    }
    if (scene_) {
        if (!highlighted_.empty()) {
            render::MapRenderer::paintAreaHighlight(painter, *scene_, viewport_, highlighted_,
                                                    kHighlightColor, 70, 2.5);
        }
        const auto& selection = document_->selectedAreas();
        if (!selection.empty()) {
            render::MapRenderer::paintAreaHighlight(painter, *scene_, viewport_, selection,
                                                    kSelectionColor, 80, 2.0);
        }
        if (document_->selectedArea() >= 0) {
            render::MapRenderer::paintAreaHighlight(
                painter, *scene_, viewport_, {static_cast<AreaIndex>(document_->selectedArea())},
                kSelectionColor, 40, 2.5);
        }
        if (hoverArea_ >= 0) {
            render::MapRenderer::paintAreaHighlight(painter, *scene_, viewport_,
                                                    {static_cast<AreaIndex>(hoverArea_)},
                                                    QColor(0, 0, 0, 140), 0, 1.5);
        }
        if (options_.fill == render::AreaFill::Metric) {
            render::MapRenderer::paintLegend(painter, render::MapRenderer::legendOf(*scene_),
                                             QPointF(10.0, height() - 44.0));
        }
    }
    if (tool_) {
        tool_->paintOverlay(painter);
    }
    paintScaleBar(painter);
    paintOverview(painter);
    paintAttribution(painter);
}

void MapCanvas::paintTiles(QPainter& painter) {
    if (!tileLayer_->isEnabled() || !viewport_.isValid()) {
        return;
    }
    // Cheap when every tile of the view is in memory or on its way; asks for the rest.
    tileLayer_->setDevicePixelRatio(devicePixelRatioF());
    tileLayer_->request(viewport_);
    tileLayer_->paint(painter, viewport_);
}

void MapCanvas::paintAttribution(QPainter& painter) const {
    if (!tileLayer_->isEnabled() || tileLayer_->attribution().isEmpty()) {
        return;
    }
    painter.save();
    QFont font = painter.font();
    font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.85));
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QString text = tileLayer_->attribution();
    const QSizeF textSize(metrics.horizontalAdvance(text) + 8.0, metrics.height() + 2.0);
    const QRectF box(width() - textSize.width(), height() - textSize.height(), textSize.width(),
                     textSize.height());
    painter.fillRect(box, QColor(255, 255, 255, 200));
    painter.setPen(QColor(0x33, 0x33, 0x33));
    painter.drawText(box, Qt::AlignCenter, text);
    painter.restore();
}

void MapCanvas::paintScaleBar(QPainter& painter) const {
    if (!viewport_.isValid()) {
        return;
    }
    // Ground metres per pixel at the view's centre latitude (Mercator stretches by 1/cos).
    const Point centre = viewport_.screenToLonLat(QPointF(width() / 2.0, height() / 2.0));
    const double groundMetresPerPixel =
        viewport_.metresPerPixel() * std::cos(centre.y() * 3.14159265358979 / 180.0);
    const double target = groundMetresPerPixel * 120.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(target)));
    double nice = magnitude;
    for (const double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * magnitude <= target) {
            nice = step * magnitude;
        }
    }
    const double pixels = nice / groundMetresPerPixel;
    const QString text = nice >= 1000.0 ? tr("%1 km").arg(nice / 1000.0) : tr("%1 m").arg(nice);
    const QPointF origin(12.0, height() - 16.0);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QPen(QColor(255, 255, 255, 200), 4.0));
    painter.drawLine(origin, origin + QPointF(pixels, 0));
    painter.setPen(QPen(QColor(0x20, 0x20, 0x20), 2.0));
    painter.drawLine(origin, origin + QPointF(pixels, 0));
    painter.drawLine(origin, origin + QPointF(0, -6));
    painter.drawLine(origin + QPointF(pixels, 0), origin + QPointF(pixels, -6));
    painter.drawText(QRectF(origin.x(), origin.y() - 22.0, pixels + 60.0, 16.0),
                     Qt::AlignLeft | Qt::AlignVCenter, text);
    painter.restore();
}

void MapCanvas::paintOverview(QPainter& painter) {
    if (overview_.isNull() || width() < 500 || height() < 350) {
        return;
    }
    const double attributionRoom =
        tileLayer_->isEnabled() && !tileLayer_->attribution().isEmpty() ? 16.0 : 0.0;
    const QRectF box(width() - kOverviewSize.width() - 10.0,
                     height() - kOverviewSize.height() - 10.0 - attributionRoom,
                     kOverviewSize.width(), kOverviewSize.height());
    painter.save();
    painter.setPen(QPen(QColor(0, 0, 0, 90), 1.0));
    painter.setBrush(Qt::NoBrush);
    painter.drawImage(box.topLeft(), overview_);
    painter.drawRect(box);
    // The current view on the overview.
    const QRectF visible = viewport_.visibleMercatorRect();
    QRectF onOverview(overviewViewport_.mercatorToScreen(visible.topLeft()),
                      overviewViewport_.mercatorToScreen(visible.bottomRight()));
    onOverview = onOverview.normalized().translated(box.topLeft()).intersected(box);
    painter.setClipRect(box);
    painter.setPen(QPen(QColor(0xD0, 0x20, 0x20), 1.5));
    painter.drawRect(onOverview.adjusted(0, 0, -1, -1));
    painter.restore();
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
        const std::int32_t hover = areaAt(event->position());
        if (hover != hoverArea_) {
            hoverArea_ = hover;
            update();
        }
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

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    if (tool_) {
        tool_->mouseDoubleClicked(event);
    }
}

void MapCanvas::keyPressEvent(QKeyEvent* event) {
    if (tool_ && tool_->keyPressed(event)) {
        return;
    }
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
    if (hoverArea_ >= 0) {
        hoverArea_ = -1;
        update();
    }
    QWidget::leaveEvent(event);
}

bool MapCanvas::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const QPointF pos = help->pos();
        const std::int32_t account = accountAt(pos);
        const Project& project = document_->project();
        QString text;
        if (account >= 0) {
            const Account& a = project.accounts[static_cast<std::size_t>(account)];
            text = tr("<b>%1</b> (%2)<br>Potential %3, workload %4 h<br>Territory: %5")
                       .arg(QString::fromStdString(a.name).toHtmlEscaped(),
                            QString::fromStdString(a.id).toHtmlEscaped())
                       .arg(a.potential, 0, 'f', 0)
                       .arg(a.workload, 0, 'f', 0)
                       .arg(territoryOrNone(*document_, project.territoryOfAccount(
                                                            static_cast<AccountIndex>(account)))
                                .toHtmlEscaped());
        } else if (const std::int32_t area = areaAt(pos); area >= 0) {
            const Area& a = project.areas[static_cast<std::size_t>(area)];
            text =
                tr("<b>%1</b> (%2)<br>Territory: %3%4")
                    .arg(QString::fromStdString(a.name).toHtmlEscaped(),
                         QString::fromStdString(a.code).toHtmlEscaped(),
                         document_->territoryName(document_->territoryOfArea(area)).toHtmlEscaped(),
                         a.locked ? tr("<br>Locked") : QString());
        }
        if (text.isEmpty()) {
            QToolTip::hideText();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

}  // namespace tessera::app
