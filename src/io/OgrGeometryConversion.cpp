// SPDX-License-Identifier: Apache-2.0
#include "OgrGeometryConversion.h"

#include <ogr_geometry.h>

namespace tessera::io {

namespace {

/// Copies a ring, closing it; returns false (and leaves `out` empty) when it has fewer than
/// three distinct points.
bool copyRing(const OGRSimpleCurve& curve, Ring& out) {
    out.clear();
    const int count = curve.getNumPoints();
    if (count <= 0) {
        return false;
    }
    out.reserve(static_cast<std::size_t>(count) + 1);
    for (int i = 0; i < count; ++i) {
        const Point p{curve.getX(i), curve.getY(i)};
        if (out.empty() || !(out.back() == p)) {
            out.push_back(p);
        }
    }
    if (out.size() > 1 && out.front() == out.back()) {
        out.pop_back();
    }
    if (out.size() < 3) {
        out.clear();
        return false;
    }
    out.push_back(out.front());
    return true;
}

void addPolygon(const OGRPolygon& source, PolygonExtraction& extraction) {
    const OGRLinearRing* exterior = source.getExteriorRing();
    if (exterior == nullptr || exterior->IsEmpty()) {
        return;
    }
    Polygon polygon;
    if (!copyRing(*exterior, polygon.outer())) {
        ++extraction.degenerateRings;
        extraction.degenerateRings += static_cast<std::size_t>(source.getNumInteriorRings());
        return;
    }
    for (int i = 0; i < source.getNumInteriorRings(); ++i) {
        Ring hole;
        if (copyRing(*source.getInteriorRing(i), hole)) {
            polygon.inners().push_back(std::move(hole));
        } else {
            ++extraction.degenerateRings;
        }
    }
    extraction.shape.push_back(std::move(polygon));
}

void walk(const OGRGeometry& geometry, PolygonExtraction& extraction) {
    if (geometry.IsEmpty()) {
        return;
    }
    switch (wkbFlatten(geometry.getGeometryType())) {
        case wkbPolygon:
            addPolygon(*geometry.toPolygon(), extraction);
            return;
        case wkbMultiPolygon:
            for (const OGRPolygon* polygon : *geometry.toMultiPolygon()) {
                addPolygon(*polygon, extraction);
            }
            return;
        case wkbGeometryCollection:
            for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
                walk(*part, extraction);
            }
            return;
        case wkbCurvePolygon:
        case wkbMultiSurface:
        case wkbPolyhedralSurface:
        case wkbTIN:
        case wkbTriangle: {
            std::unique_ptr<OGRGeometry> linear(
                OGRGeometryFactory::forceToMultiPolygon(geometry.clone()));
            if (linear != nullptr && wkbFlatten(linear->getGeometryType()) == wkbMultiPolygon) {
                walk(*linear, extraction);
            } else {
                extraction.hadNonPolygonalParts = true;
            }
            return;
        }
        default:
            extraction.hadNonPolygonalParts = true;
            return;
    }
}

void setRing(OGRLinearRing& target, const Ring& ring, bool reverse) {
    const int count = static_cast<int>(ring.size());
    target.setNumPoints(count, FALSE);
    for (int i = 0; i < count; ++i) {
        const Point& p = ring[static_cast<std::size_t>(reverse ? count - 1 - i : i)];
        target.setPoint(i, p.x(), p.y());
    }
}

}  // namespace

PolygonExtraction extractPolygons(const OGRGeometry& geometry) {
    PolygonExtraction extraction;
    walk(geometry, extraction);
    return extraction;
}

std::unique_ptr<OGRMultiPolygon> toOgrMultiPolygon(const MultiPolygon& shape) {
    auto result = std::make_unique<OGRMultiPolygon>();
    for (const Polygon& polygon : shape) {
        if (polygon.outer().size() < 4) {
            continue;
        }
        auto ogrPolygon = std::make_unique<OGRPolygon>();
        // Boost's model here has clockwise outer rings; OGC wants them counter-clockwise.
        const bool outerClockwise = bg::area(polygon.outer()) > 0.0;
        auto exterior = std::make_unique<OGRLinearRing>();
        setRing(*exterior, polygon.outer(), outerClockwise);
        ogrPolygon->addRingDirectly(exterior.release());
        for (const Ring& hole : polygon.inners()) {
            if (hole.size() < 4) {
                continue;
            }
            auto interior = std::make_unique<OGRLinearRing>();
            // Holes go clockwise: reverse when Boost sees them counter-clockwise (area < 0).
            setRing(*interior, hole, bg::area(hole) < 0.0);
            ogrPolygon->addRingDirectly(interior.release());
        }
        result->addGeometryDirectly(ogrPolygon.release());
    }
    return result;
}

}  // namespace tessera::io
