// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QImage>
#include <QObject>
#include <QSet>
#include <QString>

#include <cstdint>
#include <vector>

#include "app/canvas/Viewport.h"

class QNetworkAccessManager;
class QNetworkReply;
class QPainter;

namespace tessera::app {

/// One XYZ tile: zoom, column (wrapped into [0, 2^z)), row.
struct TileKey {
    int z = 0;
    int x = 0;
    int y = 0;
    bool operator==(const TileKey& other) const = default;
};
inline size_t qHash(const TileKey& key, size_t seed = 0) {
    return ::qHash((static_cast<quint64>(key.z) << 48) ^ (static_cast<quint64>(key.x) << 24) ^
                       static_cast<quint64>(key.y),
                   seed);
}

/// The optional online basemap: XYZ raster tiles ("slippy map", 256 px, Web Mercator) from a
/// URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png. Tiles of the visible
/// extent are fetched asynchronously at the zoom that matches the view (QNetworkAccessManager
/// on the GUI thread's event loop, never blocking it); responses go through a QNetworkDiskCache.
/// paint() draws whatever has arrived (a missing tile borrows a scaled part of a coarser one
/// already in memory), and tilesChanged() asks the view to repaint. A tile that fails is left
/// empty and reported once through tileFailed(); it is not asked for again until the URL
/// changes or retryFailed() is called. Off (no requests at all) until setEnabled(true).
class TileLayer : public QObject {
    Q_OBJECT

public:
    static constexpr int kTileSize = 256;
    static constexpr int kMaxZoom = 19;
    static constexpr const char* kDefaultUrl = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
    static constexpr const char* kDefaultAttribution = "\u00A9 OpenStreetMap contributors";

    /// `cacheDirectory` holds the disk cache; empty for the application's cache location.
    explicit TileLayer(const QString& cacheDirectory = {}, QObject* parent = nullptr);
    ~TileLayer() override;

    /// Moves the disk cache to `directory` (the tests use a temporary one).
    void setCacheDirectory(const QString& directory);

    [[nodiscard]] bool isEnabled() const { return enabled_; }
    void setEnabled(bool enabled);
    [[nodiscard]] const QString& urlTemplate() const { return urlTemplate_; }
    /// Drops the tiles of the previous URL and every failure.
    void setUrlTemplate(const QString& urlTemplate);
    [[nodiscard]] const QString& attribution() const { return attribution_; }
    void setAttribution(const QString& attribution) { attribution_ = attribution; }
    /// "Tessera/<version> (+https://…)", sent with every request.
    [[nodiscard]] static QByteArray userAgent();

    /// Why a URL template can't be used (empty when it can): http(s) with {z}, {x} and {y}.
    [[nodiscard]] static QString validateUrlTemplate(const QString& urlTemplate);
    /// The XYZ zoom whose tiles show at about one tile pixel per screen pixel.
    [[nodiscard]] static int zoomFor(double metresPerPixel);
    /// The tiles covering the view at `zoom` (columns wrapped; rows clipped to the world).
    [[nodiscard]] static std::vector<TileKey> tilesFor(const render::Viewport& viewport, int zoom);
    /// The tile's URL from the template. "{r}" becomes "@2x" on a HiDPI screen (device pixel
    /// ratio above 1), where the server's 512-px tiles fill the same 256 logical pixels.
    [[nodiscard]] QString urlOf(const TileKey& key) const;
    /// The screen's device pixel ratio (the canvas sets it before each paint); a change across
    /// 1 reloads the tiles when the URL has "{r}".
    void setDevicePixelRatio(double ratio);
    [[nodiscard]] double devicePixelRatio() const { return devicePixelRatio_; }
    /// "@2x" above a device pixel ratio of 1, else "".
    [[nodiscard]] QString retinaSuffix() const;

    /// Requests the missing tiles of the view (when enabled); aborts requests for tiles of
    /// other zooms that are no longer wanted.
    void request(const render::Viewport& viewport);
    /// Draws the tiles of the view that are in memory.
    void paint(QPainter& painter, const render::Viewport& viewport) const;
    /// Asks again for tiles that failed.
    void retryFailed();

    [[nodiscard]] int loadedTileCount() const { return static_cast<int>(tiles_.size()); }
    [[nodiscard]] int pendingRequestCount() const { return static_cast<int>(pending_.size()); }
    [[nodiscard]] int failedTileCount() const { return static_cast<int>(failed_.size()); }

signals:
    void enabledChanged(bool enabled);
    /// A tile arrived: the view should repaint.
    void tilesChanged();
    /// A tile could not be fetched (once per failing batch): a status-bar message.
    void tileFailed(const QString& message);

private:
    void onFinished(QNetworkReply* reply);
    void abortAll();
    /// The tile `key`, or a coarser one in memory with the part of it that covers `key`.
    [[nodiscard]] bool findCovering(const TileKey& key, QImage* image, QRectF* source) const;

    QNetworkAccessManager* network_;
    bool enabled_ = false;
    double devicePixelRatio_ = 1.0;
    QString urlTemplate_ = QString::fromUtf8(kDefaultUrl);
    QString attribution_ = QString::fromUtf8(kDefaultAttribution);
    QHash<TileKey, QImage> tiles_;
    std::vector<TileKey> recent_;  ///< load order, for dropping the oldest tiles
    QHash<TileKey, QNetworkReply*> pending_;
    QSet<TileKey> failed_;
    bool failureReported_ = false;
    quint64 urlGeneration_ = 0;
};

}  // namespace tessera::app
