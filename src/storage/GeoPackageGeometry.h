// SPDX-License-Identifier: Apache-2.0
#pragma once

// GeoPackage geometry blobs (OGC 12-128r18, 2.1.3): a "GP" header with the SRS id and an
// optional envelope, then the geometry as WKB. Written little-endian with an XY envelope for
// polygons and none for points, as the standard recommends; read in either byte order.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/Geometry.h"
#include "core/Result.h"

namespace tessera::storage {

/// EPSG:4326, WGS 84 longitude/latitude; every Tessera layer uses it.
constexpr std::int32_t kWgs84SrsId = 4326;

/// Replaces `out` with the blob of `shape` (a MULTIPOLYGON, empty when the shape is), rings
/// and vertices exactly as given. `envelope` receives the bounding box; returns false for an
/// empty shape (no envelope then).
bool encodeMultiPolygon(const MultiPolygon& shape, std::vector<std::uint8_t>& out, Box& envelope);

/// Replaces `out` with the blob of a POINT (an empty point when both coordinates are NaN).
void encodePoint(const Point& point, std::vector<std::uint8_t>& out);

/// Reads a POLYGON or MULTIPOLYGON blob (Z and M values are dropped). The error message says
/// what is wrong with the blob; the caller adds where it is.
[[nodiscard]] Result<MultiPolygon> decodeMultiPolygon(std::span<const std::uint8_t> blob);

/// Reads a POINT blob; an empty point reads as NaN coordinates.
[[nodiscard]] Result<Point> decodePoint(std::span<const std::uint8_t> blob);

/// True for a blob flagged empty (or whose WKB has no coordinates).
[[nodiscard]] bool isEmptyGeometry(std::span<const std::uint8_t> blob);

/// The bounding box of a blob: from its header envelope when it has one, else from its point,
/// polygon or multipolygon coordinates; nullopt for an empty or unreadable blob.
[[nodiscard]] std::optional<Box> geometryEnvelope(std::span<const std::uint8_t> blob);

}  // namespace tessera::storage
