// SPDX-License-Identifier: Apache-2.0
#pragma once

// Between OGR geometries and the model's Boost.Geometry multipolygons, by walking the rings
// (no WKB/WKT round trip).

#include <cstddef>
#include <memory>

#include "core/Geometry.h"

class OGRGeometry;
class OGRMultiPolygon;

namespace tessera::io {

struct PolygonExtraction {
    MultiPolygon shape;                 ///< the polygonal parts, coordinates as in the source
    bool hadNonPolygonalParts = false;  ///< points/lines in it were left out
    std::size_t degenerateRings = 0;    ///< rings with fewer than 3 distinct points, left out
};

/// The polygonal parts of any OGR geometry (Polygon, MultiPolygon, curved and 3D/measured
/// variants, polyhedral surfaces, TINs, collections of those). Rings are closed; Z and M are
/// dropped. Orientation is left as it came (call bg::correct).
[[nodiscard]] PolygonExtraction extractPolygons(const OGRGeometry& geometry);

/// The multipolygon as an OGR geometry with counter-clockwise outer rings and clockwise holes
/// (the OGC and GeoPackage convention).
[[nodiscard]] std::unique_ptr<OGRMultiPolygon> toOgrMultiPolygon(const MultiPolygon& shape);

}  // namespace tessera::io
