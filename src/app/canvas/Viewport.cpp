// SPDX-License-Identifier: Apache-2.0
#include "Viewport.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tessera::render {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
constexpr double kRadToDeg = 180.0 / std::numbers::pi;

/// x − 360·k in [−180, 180).
double normalizedLongitude(double lon) {
    return lon - 360.0 * std::floor((lon + 180.0) / 360.0);
}
}  // namespace

QPointF Viewport::mercatorFromLonLat(double lon, double lat) {
    const double clampedLat = std::clamp(lat, -kMaxLatitude, kMaxLatitude);
    const double x = kEarthRadiusMetres * lon * kDegToRad;
    const double y = kEarthRadiusMetres *
                     std::log(std::tan(std::numbers::pi / 4.0 + clampedLat * kDegToRad / 2.0));
    return {x, y};
}

Point Viewport::lonLatFromMercator(const QPointF& mercator) {
    const double lon = mercator.x() / kEarthRadiusMetres * kRadToDeg;
    const double lat =
        (2.0 * std::atan(std::exp(mercator.y() / kEarthRadiusMetres)) - std::numbers::pi / 2.0) *
        kRadToDeg;
    return {lon, lat};
}

Viewport::Viewport(QSize size, QPointF centerMercator, double metresPerPixel)
    : size_(size), center_(centerMercator) {
    setMetresPerPixel(metresPerPixel);
}

void Viewport::setMetresPerPixel(double metresPerPixel) {
    metresPerPixel_ = std::clamp(metresPerPixel, kMinMetresPerPixel, kMaxMetresPerPixel);
}

double Viewport::wrapLongitude(double lon) const {
    if (centralLongitude_ == 0.0 && lon >= -180.0 && lon <= 180.0) {
        return lon;
    }
    return centralLongitude_ + normalizedLongitude(lon - centralLongitude_);
}

QPointF Viewport::lonLatToMercator(const Point& lonLat) const {
    return mercatorFromLonLat(wrapLongitude(lonLat.x()), lonLat.y());
}

Point Viewport::mercatorToLonLat(const QPointF& mercator) const {
    Point lonLat = lonLatFromMercator(mercator);
    if (lonLat.x() < -180.0 || lonLat.x() > 180.0) {
        lonLat.x(normalizedLongitude(lonLat.x()));
    }
    return lonLat;
}

QPointF Viewport::mercatorToScreen(const QPointF& mercator) const {
    return {(mercator.x() - center_.x()) / metresPerPixel_ + size_.width() / 2.0,
            size_.height() / 2.0 - (mercator.y() - center_.y()) / metresPerPixel_};
}

QPointF Viewport::screenToMercator(const QPointF& screen) const {
    return {center_.x() + (screen.x() - size_.width() / 2.0) * metresPerPixel_,
            center_.y() - (screen.y() - size_.height() / 2.0) * metresPerPixel_};
}

QPointF Viewport::lonLatToScreen(const Point& lonLat) const {
    return mercatorToScreen(lonLatToMercator(lonLat));
}

Point Viewport::screenToLonLat(const QPointF& screen) const {
    return mercatorToLonLat(screenToMercator(screen));
}

QTransform Viewport::mercatorToScreenTransform() const {
    const double s = 1.0 / metresPerPixel_;
    // screen = (m − c)·s + w/2 ; screen_y = h/2 − (m_y − c_y)·s
    return {s,
            0.0,
            0.0,
            -s,
            size_.width() / 2.0 - center_.x() * s,
            size_.height() / 2.0 + center_.y() * s};
}

QRectF Viewport::visibleMercatorRect() const {
    const double halfWidth = size_.width() / 2.0 * metresPerPixel_;
    const double halfHeight = size_.height() / 2.0 * metresPerPixel_;
    return {center_.x() - halfWidth, center_.y() - halfHeight, 2.0 * halfWidth, 2.0 * halfHeight};
}

std::vector<Box> Viewport::visibleLonLatBoxes() const {
    const QRectF rect = visibleMercatorRect();
    const Point low = lonLatFromMercator(rect.topLeft());  // top() is the minimum y here
    const Point high = lonLatFromMercator(rect.bottomRight());
    const double minLat = std::max(-90.0, low.y());
    const double maxLat = std::min(90.0, high.y());
    if (high.x() - low.x() >= 360.0) {
        return {Box{Point{-180.0, minLat}, Point{180.0, maxLat}}};
    }
    const double west = normalizedLongitude(low.x());
    const double east = west + (high.x() - low.x());
    if (east <= 180.0) {
        return {Box{Point{west, minLat}, Point{east, maxLat}}};
    }
    return {Box{Point{west, minLat}, Point{180.0, maxLat}},
            Box{Point{-180.0, minLat}, Point{east - 360.0, maxLat}}};
}

void Viewport::zoomAbout(QPointF screenPos, double factor) {
    if (factor <= 0.0) {
        return;
    }
    const QPointF anchor = screenToMercator(screenPos);
    setMetresPerPixel(metresPerPixel_ / factor);
    // Put the anchor back under the cursor.
    const QPointF drifted = screenToMercator(screenPos);
    center_ += anchor - drifted;
}

void Viewport::panByPixels(QPointF delta) {
    center_ += QPointF(-delta.x() * metresPerPixel_, delta.y() * metresPerPixel_);
}

void Viewport::fitMercatorRect(const QRectF& mercatorRect, double marginFraction) {
    if (size_.isEmpty() || !mercatorRect.isValid()) {
        return;
    }
    const double usableWidth = size_.width() * std::max(0.0, 1.0 - 2.0 * marginFraction);
    const double usableHeight = size_.height() * std::max(0.0, 1.0 - 2.0 * marginFraction);
    if (usableWidth <= 0.0 || usableHeight <= 0.0) {
        return;
    }
    setMetresPerPixel(
        std::max(mercatorRect.width() / usableWidth, mercatorRect.height() / usableHeight));
    center_ = mercatorRect.center();
}

double centralLongitudeFor(std::vector<std::pair<double, double>> intervals) {
    std::erase_if(intervals, [](const auto& interval) {
        return !(interval.first <= interval.second) || !std::isfinite(interval.first) ||
               !std::isfinite(interval.second);
    });
    if (intervals.empty()) {
        return 0.0;
    }
    std::sort(intervals.begin(), intervals.end());
    // Merge overlapping intervals, then look at the gaps between them on the circle.
    std::vector<std::pair<double, double>> merged{intervals.front()};
    for (const auto& interval : intervals) {
        if (interval.first <= merged.back().second) {
            merged.back().second = std::max(merged.back().second, interval.second);
        } else {
            merged.push_back(interval);
        }
    }
    // The gap across the antimeridian, from the last interval's end to the first one's start.
    const double antimeridianGap = merged.front().first + 360.0 - merged.back().second;
    double widestGap = antimeridianGap;
    double widestGapMiddle = 180.0;
    for (std::size_t i = 1; i < merged.size(); ++i) {
        const double gap = merged[i].first - merged[i - 1].second;
        if (gap > widestGap) {
            widestGap = gap;
            widestGapMiddle = (merged[i].first + merged[i - 1].second) / 2.0;
        }
    }
    constexpr double kMinimumUsefulGap = 20.0;
    if (widestGapMiddle == 180.0 || widestGap < kMinimumUsefulGap) {
        return 0.0;
    }
    return normalizedLongitude(widestGapMiddle + 180.0);
}

}  // namespace tessera::render
