// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPointF>
#include <QRectF>
#include <QSize>
#include <QTransform>

#include <vector>

#include "core/Geometry.h"

namespace tessera::render {

/// The one coordinate authority of the map: lon/lat (degrees, lon first) ↔ Web Mercator
/// (metres, y north) ↔ screen (pixels, y down, origin top-left of the view).
///
/// A central longitude lets a map whose data straddles the antimeridian (Alaska's Aleutians)
/// show as one piece: longitudes are wrapped into [central − 180, central + 180) before
/// projecting. With the default central longitude 0 this is plain EPSG:3857.
class Viewport {
public:
    static constexpr double kEarthRadiusMetres = 6378137.0;
    static constexpr double kMaxLatitude = 85.05112877980659;
    /// Half the width of the Mercator world, in metres.
    static constexpr double kMercatorHalfWorld = 20037508.342789244;
    static constexpr double kMinMetresPerPixel = 0.05;
    static constexpr double kMaxMetresPerPixel = 1.0e6;

    /// Plain EPSG:3857 of a lon/lat point; latitude clamped to ±kMaxLatitude.
    [[nodiscard]] static QPointF mercatorFromLonLat(double lon, double lat);
    /// Inverse of mercatorFromLonLat (longitude not wrapped).
    [[nodiscard]] static Point lonLatFromMercator(const QPointF& mercator);

    Viewport() = default;
    Viewport(QSize size, QPointF centerMercator, double metresPerPixel);

    [[nodiscard]] QSize size() const { return size_; }
    /// Changes the pixel size, keeping the centre and the scale.
    void setSize(QSize size) { size_ = size; }
    [[nodiscard]] QPointF center() const { return center_; }
    void setCenter(QPointF centerMercator) { center_ = centerMercator; }
    [[nodiscard]] double metresPerPixel() const { return metresPerPixel_; }
    /// Clamped to [kMinMetresPerPixel, kMaxMetresPerPixel].
    void setMetresPerPixel(double metresPerPixel);
    [[nodiscard]] double centralLongitude() const { return centralLongitude_; }
    void setCentralLongitude(double lon) { centralLongitude_ = lon; }
    [[nodiscard]] bool isValid() const { return !size_.isEmpty() && metresPerPixel_ > 0.0; }

    /// Longitude wrapped into [central − 180, central + 180).
    [[nodiscard]] double wrapLongitude(double lon) const;
    [[nodiscard]] QPointF lonLatToMercator(const Point& lonLat) const;
    /// Longitude normalised to [−180, 180].
    [[nodiscard]] Point mercatorToLonLat(const QPointF& mercator) const;

    [[nodiscard]] QPointF mercatorToScreen(const QPointF& mercator) const;
    [[nodiscard]] QPointF screenToMercator(const QPointF& screen) const;
    [[nodiscard]] QPointF lonLatToScreen(const Point& lonLat) const;
    /// Longitude normalised to [−180, 180], ready for the model's spatial queries.
    [[nodiscard]] Point screenToLonLat(const QPointF& screen) const;
    /// Maps Mercator metres to screen pixels (for QPainter::setTransform).
    [[nodiscard]] QTransform mercatorToScreenTransform() const;

    /// The Mercator rectangle the view shows (left = min x, top = min y).
    [[nodiscard]] QRectF visibleMercatorRect() const;
    /// The lon/lat boxes (in [−180, 180]) the view shows: two when it crosses the antimeridian.
    [[nodiscard]] std::vector<Box> visibleLonLatBoxes() const;

    /// Zooms by `factor` (> 1 zooms in) keeping the map point under `screenPos` where it is.
    void zoomAbout(QPointF screenPos, double factor);
    /// Moves the map by a screen delta (dragging the map right by 10 px moves delta (10, 0)).
    void panByPixels(QPointF delta);
    /// Centres and scales so that `mercatorRect` fills the view with a margin on each side
    /// (fraction of the view). No change for an empty rectangle or an invalid viewport size.
    void fitMercatorRect(const QRectF& mercatorRect, double marginFraction = 0.03);

    bool operator==(const Viewport& other) const = default;

private:
    QSize size_;
    QPointF center_;
    double metresPerPixel_ = 1000.0;
    double centralLongitude_ = 0.0;
};

/// A central longitude for data covering the given longitude intervals (each [min, max] in
/// [−180, 180], one per polygon part): 0 when the antimeridian lies in the widest gap between
/// the intervals, else the middle of the covered arc, so the data shows in one piece.
[[nodiscard]] double centralLongitudeFor(std::vector<std::pair<double, double>> intervals);

}  // namespace tessera::render
