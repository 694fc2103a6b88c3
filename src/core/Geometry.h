// SPDX-License-Identifier: Apache-2.0
#pragma once

// Boost.Geometry types of the territory model. Coordinates are WGS 84 longitude/latitude in
// degrees, longitude first (x = lon, y = lat), everywhere. Planar predicates (point in polygon,
// intersection) are evaluated on lon/lat as given; distances are great-circle.

#include <boost/geometry.hpp>
#include <boost/geometry/geometries/box.hpp>
#include <boost/geometry/geometries/multi_polygon.hpp>
#include <boost/geometry/geometries/point_xy.hpp>
#include <boost/geometry/geometries/polygon.hpp>

#include <string>

#include "Result.h"

// Exact coordinate equality, so model structs holding points can default their operator==.
namespace boost::geometry::model::d2 {
inline bool operator==(const point_xy<double>& a, const point_xy<double>& b) {
    return a.x() == b.x() && a.y() == b.y();
}
}  // namespace boost::geometry::model::d2

namespace tessera {

namespace bg = boost::geometry;

using Point = bg::model::d2::point_xy<double>;  ///< x = longitude, y = latitude (degrees)
using Polygon = bg::model::polygon<Point>;      ///< clockwise outer rings, closed
using Ring = Polygon::ring_type;
using MultiPolygon = bg::model::multi_polygon<Polygon>;
using Box = bg::model::box<Point>;
using Linestring = bg::model::linestring<Point>;

constexpr double kEarthRadiusKm = 6371.0088;

/// Great-circle (haversine) distance in kilometres between two lon/lat points.
[[nodiscard]] double greatCircleKm(const Point& a, const Point& b);

/// Parses WKT (POLYGON or MULTIPOLYGON) into a corrected multipolygon.
[[nodiscard]] Result<MultiPolygon> multiPolygonFromWkt(const std::string& wkt);

/// Repairs orientation/closure and, if still invalid, tries a zero buffer-free fix
/// (self-union). Returns false when the geometry stays invalid; it is kept as corrected.
bool makeValid(MultiPolygon& shape, std::string* reason = nullptr);

/// A point guaranteed to lie inside the shape when possible (centroid if inside, else an
/// interior point of the largest polygon); used for labels and as the area's location.
[[nodiscard]] Point interiorPoint(const MultiPolygon& shape);

/// Area in square kilometres (spherical approximation).
[[nodiscard]] double areaKm2(const MultiPolygon& shape);

/// Perimeter in kilometres (great-circle segment lengths).
[[nodiscard]] double perimeterKm(const MultiPolygon& shape);

}  // namespace tessera
