// SPDX-License-Identifier: Apache-2.0
#include "TileLayer.h"

#include <QDir>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPainter>
#include <QStandardPaths>
#include <QUrl>

#include <algorithm>
#include <cmath>

#include "app/Logging.h"

#ifndef TESSERA_PROJECT_VERSION
#error "TESSERA_PROJECT_VERSION must be defined by the build"
#endif
#ifndef TESSERA_PROJECT_URL
#error "TESSERA_PROJECT_URL must be defined by the build"
#endif

namespace tessera::app {

namespace {
/// Tiles kept in memory (about 64 MB of 256×256 ARGB images).
constexpr std::size_t kMaxTilesInMemory = 1000;
/// Disk cache size.
constexpr qint64 kDiskCacheBytes = 200LL * 1024 * 1024;
/// Coarser zooms searched for a stand-in while a tile loads.
constexpr int kMaxFallbackLevels = 6;
const char* const kTileKeyProperty = "tesseraTileKey";
const char* const kTileGenerationProperty = "tesseraTileGeneration";

double worldWidth() {
    return 2.0 * render::Viewport::kMercatorHalfWorld;
}
}  // namespace

TileLayer::TileLayer(const QString& cacheDirectory, QObject* parent)
    : QObject(parent), network_(new QNetworkAccessManager(this)) {
    QString directory = cacheDirectory;
    if (directory.isEmpty()) {
        directory = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
        if (!directory.isEmpty()) {
            directory = QDir(directory).filePath(QStringLiteral("tiles"));
        }
    }
    if (!directory.isEmpty()) {
        setCacheDirectory(directory);
    }
    connect(network_, &QNetworkAccessManager::finished, this, &TileLayer::onFinished);
}

TileLayer::~TileLayer() {
    abortAll();
}

void TileLayer::setCacheDirectory(const QString& directory) {
    auto* cache = new QNetworkDiskCache(network_);
    cache->setCacheDirectory(directory);
    cache->setMaximumCacheSize(kDiskCacheBytes);
    network_->setCache(cache);  // takes ownership, deletes the previous cache
}

QByteArray TileLayer::userAgent() {
    return QByteArrayLiteral("Tessera/" TESSERA_PROJECT_VERSION " (+" TESSERA_PROJECT_URL ")");
}

void TileLayer::setEnabled(bool enabled) {
    if (enabled_ == enabled) {
        return;
    }
    enabled_ = enabled;
    if (!enabled_) {
        abortAll();
    }
    failureReported_ = false;
    emit enabledChanged(enabled_);
    emit tilesChanged();
}

void TileLayer::setUrlTemplate(const QString& urlTemplate) {
    if (urlTemplate == urlTemplate_) {
        return;
    }
    abortAll();
    urlTemplate_ = urlTemplate;
    ++urlGeneration_;
    tiles_.clear();
    recent_.clear();
    failed_.clear();
    failureReported_ = false;
    emit tilesChanged();
}

QString TileLayer::validateUrlTemplate(const QString& urlTemplate) {
    const QString trimmed = urlTemplate.trimmed();
    if (trimmed.isEmpty()) {
        return tr("The tile URL is empty.");
    }
    for (const char* placeholder : {"{z}", "{x}", "{y}"}) {
        if (!trimmed.contains(QLatin1String(placeholder))) {
            return tr("The tile URL must contain %1 (for example %2).")
                .arg(QLatin1String(placeholder), QString::fromUtf8(kDefaultUrl));
        }
    }
    QString probe = trimmed;
    probe.replace(QLatin1String("{z}"), QLatin1String("0"))
        .replace(QLatin1String("{x}"), QLatin1String("0"))
        .replace(QLatin1String("{y}"), QLatin1String("0"));
    const QUrl url(probe, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        return tr("The tile URL must be an http:// or https:// address with a host.");
    }
    return {};
}

int TileLayer::zoomFor(double metresPerPixel) {
    if (!(metresPerPixel > 0.0)) {
        return 0;
    }
    const double z = std::log2(worldWidth() / (kTileSize * metresPerPixel));
    return std::clamp(static_cast<int>(std::lround(z)), 0, kMaxZoom);
}

std::vector<TileKey> TileLayer::tilesFor(const render::Viewport& viewport, int zoom) {
    std::vector<TileKey> keys;
    if (!viewport.isValid()) {
        return keys;
    }
    const int n = 1 << zoom;
    const double tileMetres = worldWidth() / n;
    const QRectF visible = viewport.visibleMercatorRect();
    const double half = render::Viewport::kMercatorHalfWorld;
    // Columns may run past ±180° (a view centred on another central longitude, or zoomed far
    // out); they wrap. Rows count down from the north edge and are clipped.
    const auto x0 = static_cast<long long>(std::floor((visible.left() + half) / tileMetres));
    const auto x1 = static_cast<long long>(std::floor((visible.right() + half) / tileMetres));
    const int y0 =
        std::max(0, static_cast<int>(std::floor((half - visible.bottom()) / tileMetres)));
    const int y1 =
        std::min(n - 1, static_cast<int>(std::floor((half - visible.top()) / tileMetres)));
    const long long columns = std::min<long long>(x1 - x0 + 1, n);
    // Centre-out order, so the middle of the view arrives first.
    const QPointF centre = viewport.center();
    for (int y = y0; y <= y1; ++y) {
        for (long long i = 0; i < columns; ++i) {
            const long long column = x0 + i;
            keys.push_back({zoom, static_cast<int>(((column % n) + n) % n), y});
        }
    }
    const auto distance = [&](const TileKey& k) {
        const double cx = (k.x + 0.5) * tileMetres - half;
        const double cy = half - (k.y + 0.5) * tileMetres;
        double dx = std::fabs(cx - centre.x());
        dx = std::min(dx, std::fabs(worldWidth() - dx));
        return dx * dx + (cy - centre.y()) * (cy - centre.y());
    };
    std::stable_sort(keys.begin(), keys.end(),
                     [&](const TileKey& a, const TileKey& b) { return distance(a) < distance(b); });
    return keys;
}

QString TileLayer::urlOf(const TileKey& key) const {
    QString url = urlTemplate_.trimmed();
    url.replace(QLatin1String("{z}"), QString::number(key.z))
        .replace(QLatin1String("{x}"), QString::number(key.x))
        .replace(QLatin1String("{y}"), QString::number(key.y))
        .replace(QLatin1String("{r}"), retinaSuffix());
    return url;
}

QString TileLayer::retinaSuffix() const {
    return devicePixelRatio_ > 1.0 ? QStringLiteral("@2x") : QString();
}

void TileLayer::setDevicePixelRatio(double ratio) {
    const bool wasRetina = devicePixelRatio_ > 1.0;
    devicePixelRatio_ = ratio;
    if (wasRetina == (ratio > 1.0) || !urlTemplate_.contains(QLatin1String("{r}"))) {
        return;
    }
    // Other URLs now: the tiles in memory are of the other resolution.
    abortAll();
    ++urlGeneration_;
    tiles_.clear();
    recent_.clear();
    failed_.clear();
    failureReported_ = false;
    emit tilesChanged();
}

void TileLayer::request(const render::Viewport& viewport) {
    if (!enabled_ || !viewport.isValid() || !validateUrlTemplate(urlTemplate_).isEmpty()) {
        return;
    }
    const int zoom = zoomFor(viewport.metresPerPixel());
    const std::vector<TileKey> wanted = tilesFor(viewport, zoom);
    const QSet<TileKey> wantedSet(wanted.begin(), wanted.end());
    // Requests the view no longer needs (another zoom, panned away) are aborted.
    const QList<TileKey> pendingKeys = pending_.keys();
    for (const TileKey& key : pendingKeys) {
        if (!wantedSet.contains(key)) {
            QNetworkReply* reply = pending_.take(key);
            reply->abort();
        }
    }
    bool anyNew = false;
    for (const TileKey& key : wanted) {
        if (tiles_.contains(key) || pending_.contains(key) || failed_.contains(key)) {
            continue;
        }
        QNetworkRequest request{QUrl(urlOf(key))};
        request.setHeader(QNetworkRequest::UserAgentHeader, userAgent());
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                             QNetworkRequest::PreferCache);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::NoLessSafeRedirectPolicy);
        request.setTransferTimeout(30000);
        QNetworkReply* reply = network_->get(request);
        reply->setProperty(kTileKeyProperty, QVariant::fromValue(QList<int>{key.z, key.x, key.y}));
        reply->setProperty(kTileGenerationProperty, QVariant::fromValue(urlGeneration_));
        pending_.insert(key, reply);
        anyNew = true;
    }
    if (anyNew) {
        failureReported_ = false;
    }
}

void TileLayer::onFinished(QNetworkReply* reply) {
    reply->deleteLater();
    const QList<int> parts = reply->property(kTileKeyProperty).value<QList<int>>();
    if (parts.size() != 3) {
        return;
    }
    const TileKey key{parts[0], parts[1], parts[2]};
    const bool current = reply->property(kTileGenerationProperty).toULongLong() == urlGeneration_;
    if (current && pending_.value(key) == reply) {
        pending_.remove(key);
    }
    if (!current || reply->error() == QNetworkReply::OperationCanceledError) {
        return;  // aborted: another URL, or no longer in view
    }
    QString problem;
    QImage image;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 0 && status != 200) {
        problem = tr("the server answered HTTP %1 %2")
                      .arg(status)
                      .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    } else if (reply->error() != QNetworkReply::NoError) {
        problem = reply->errorString();
    } else if (!image.loadFromData(reply->readAll()) || image.isNull()) {
        problem = tr("the response is not an image");
    }
    if (!problem.isEmpty()) {
        failed_.insert(key);
        qCWarning(lcApp) << "tile" << reply->url().toString() << "failed:" << problem;
        if (!failureReported_) {
            failureReported_ = true;
            emit tileFailed(tr("Map tiles could not be loaded from %1: %2. The online basemap "
                               "stays empty there; check the URL in View → Basemap → Tile Basemap "
                               "Settings or the network.")
                                .arg(reply->url().host(), problem));
        }
        return;
    }
    tiles_.insert(key, image.convertToFormat(QImage::Format_ARGB32_Premultiplied));
    recent_.push_back(key);
    if (recent_.size() > kMaxTilesInMemory) {
        const std::size_t drop = recent_.size() - kMaxTilesInMemory;
        for (std::size_t i = 0; i < drop; ++i) {
            tiles_.remove(recent_[i]);
        }
        recent_.erase(recent_.begin(), recent_.begin() + static_cast<std::ptrdiff_t>(drop));
    }
    emit tilesChanged();
}

void TileLayer::retryFailed() {
    failed_.clear();
    failureReported_ = false;
}

void TileLayer::abortAll() {
    const QHash<TileKey, QNetworkReply*> pending = std::exchange(pending_, {});
    for (QNetworkReply* reply : pending) {
        reply->abort();
    }
}

bool TileLayer::findCovering(const TileKey& key, QImage* image, QRectF* source) const {
    for (int up = 0; up <= std::min(kMaxFallbackLevels, key.z); ++up) {
        const TileKey parent{key.z - up, key.x >> up, key.y >> up};
        const auto it = tiles_.constFind(parent);
        if (it == tiles_.constEnd()) {
            continue;
        }
        const int span = 1 << up;
        const double part = static_cast<double>(it->width()) / span;
        const double partHeight = static_cast<double>(it->height()) / span;
        *image = *it;
        *source = QRectF((key.x - (parent.x << up)) * part, (key.y - (parent.y << up)) * partHeight,
                         part, partHeight);
        return true;
    }
    return false;
}

void TileLayer::paint(QPainter& painter, const render::Viewport& viewport) const {
    if (!enabled_ || !viewport.isValid() || tiles_.isEmpty()) {
        return;
    }
    const int zoom = zoomFor(viewport.metresPerPixel());
    const int n = 1 << zoom;
    const double tileMetres = worldWidth() / n;
    const double half = render::Viewport::kMercatorHalfWorld;
    const QRectF visible = viewport.visibleMercatorRect();
    const auto x0 = static_cast<long long>(std::floor((visible.left() + half) / tileMetres));
    const auto x1 = static_cast<long long>(std::floor((visible.right() + half) / tileMetres));
    const int y0 =
        std::max(0, static_cast<int>(std::floor((half - visible.bottom()) / tileMetres)));
    const int y1 =
        std::min(n - 1, static_cast<int>(std::floor((half - visible.top()) / tileMetres)));
    painter.save();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    for (long long column = x0; column <= x1; ++column) {
        const TileKey base{zoom, static_cast<int>(((column % n) + n) % n), 0};
        for (int y = y0; y <= y1; ++y) {
            TileKey key = base;
            key.y = y;
            QImage image;
            QRectF source;
            if (!findCovering(key, &image, &source)) {
                continue;
            }
            // Corners on screen, rounded outwards so neighbouring tiles leave no seam.
            const QPointF topLeft = viewport.mercatorToScreen(
                QPointF(static_cast<double>(column) * tileMetres - half, half - y * tileMetres));
            const QPointF bottomRight = viewport.mercatorToScreen(QPointF(
                static_cast<double>(column + 1) * tileMetres - half, half - (y + 1) * tileMetres));
            const QRectF target(QPointF(std::floor(topLeft.x()), std::floor(topLeft.y())),
                                QPointF(std::ceil(bottomRight.x()), std::ceil(bottomRight.y())));
            painter.drawImage(target, image, source);
        }
    }
    painter.restore();
}

}  // namespace tessera::app
