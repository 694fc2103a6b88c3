// SPDX-License-Identifier: Apache-2.0
#include "Geometry.h"

#include <cmath>
#include <numbers>

namespace tessera {

namespace {
constexpr double kDegToRad = std::numbers::pi / 180.0;
}

double greatCircleKm(const Point& a, const Point& b) {
    const double lat1 = a.y() * kDegToRad;
    const double lat2 = b.y() * kDegToRad;
    const double dLat = lat2 - lat1;
    const double dLon = (b.x() - a.x()) * kDegToRad;
    const double s = std::sin(dLat / 2) * std::sin(dLat / 2) +
                     std::cos(lat1) * std::cos(lat2) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(s)));
}

Result<MultiPolygon> multiPolygonFromWkt(const std::string& wkt) {
    MultiPolygon shape;
    try {
        if (wkt.rfind("MULTIPOLYGON", 0) == 0) {
            bg::read_wkt(wkt, shape);
        } else if (wkt.rfind("POLYGON", 0) == 0) {
            Polygon polygon;
            bg::read_wkt(wkt, polygon);
            shape.push_back(std::move(polygon));
        } else {
            return fail(ErrorCode::BadData,
                        "expected POLYGON or MULTIPOLYGON WKT, got: " + wkt.substr(0, 40));
        }
    } catch (const std::exception& e) {
        return fail(ErrorCode::BadData, std::string("invalid WKT: ") + e.what());
    }
    bg::correct(shape);
    return shape;
}

bool makeValid(MultiPolygon& shape, std::string* reason) {
    bg::correct(shape);
    std::string failure;
    if (bg::is_valid(shape, failure)) {
        return true;
    }
    // Self-intersections and overlapping parts: rebuild by unioning the polygons one by one.
    try {
        MultiPolygon rebuilt;
        for (const Polygon& polygon : shape) {
            MultiPolygon next;
            bg::union_(rebuilt, polygon, next);
            rebuilt = std::move(next);
        }
        bg::correct(rebuilt);
        if (!rebuilt.empty() && bg::is_valid(rebuilt)) {
            shape = std::move(rebuilt);
            return true;
        }
    } catch (const std::exception&) {
        // keep the corrected input
    }
    if (reason != nullptr) {
        *reason = failure;
    }
    return false;
}

Point interiorPoint(const MultiPolygon& shape) {
    if (shape.empty()) {
        return {0.0, 0.0};
    }
    Point centroid{0.0, 0.0};
    try {
        bg::centroid(shape, centroid);
        if (bg::within(centroid, shape)) {
            return centroid;
        }
    } catch (const std::exception&) {
    }
    // Largest polygon; scan a horizontal line through its box centre for the widest inside run.
    const Polygon* largest = &shape.front();
    double largestArea = 0.0;
    for (const Polygon& polygon : shape) {
        const double a = std::abs(bg::area(polygon));
        if (a > largestArea) {
            largestArea = a;
            largest = &polygon;
        }
    }
    Box box;
    bg::envelope(*largest, box);
    const double y = (box.min_corner().y() + box.max_corner().y()) / 2.0;
    constexpr int kSteps = 128;
    int bestStart = -1;
    int bestLength = 0;
    int runStart = -1;
    for (int i = 1; i <= kSteps; ++i) {
        const double x =
            box.min_corner().x() + (box.max_corner().x() - box.min_corner().x()) * i / (kSteps + 1);
        const bool inside = i < kSteps && bg::within(Point{x, y}, *largest);
        if (inside && runStart < 0) {
            runStart = i;
        } else if (!inside && runStart >= 0) {
            if (i - runStart > bestLength) {
                bestLength = i - runStart;
                bestStart = runStart;
            }
            runStart = -1;
        }
    }
    if (bestStart < 0) {
        return largest->outer().empty() ? centroid : largest->outer().front();
    }
    const double mid = bestStart + (bestLength - 1) / 2.0;
    return {
        box.min_corner().x() + (box.max_corner().x() - box.min_corner().x()) * mid / (kSteps + 1),
        y};
}

double areaKm2(const MultiPolygon& shape) {
    // Equal-area scaling of planar lon/lat area by cos(latitude) of each ring's centre.
    double total = 0.0;
    const double kmPerDeg = kEarthRadiusKm * kDegToRad;
    for (const Polygon& polygon : shape) {
        Box box;
        bg::envelope(polygon, box);
        const double lat = (box.min_corner().y() + box.max_corner().y()) / 2.0;
        total += std::abs(bg::area(polygon)) * kmPerDeg * kmPerDeg * std::cos(lat * kDegToRad);
    }
    return total;
}

double perimeterKm(const MultiPolygon& shape) {
    double total = 0.0;
    auto ringLength = [&total](const Ring& ring) {
        for (std::size_t i = 1; i < ring.size(); ++i) {
            total += greatCircleKm(ring[i - 1], ring[i]);
        }
    };
    for (const Polygon& polygon : shape) {
        ringLength(polygon.outer());
        for (const Ring& inner : polygon.inners()) {
            ringLength(inner);
        }
    }
    return total;
}

}  // namespace tessera
