// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/Feedback.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::io {

struct AreaImportOptions {
    std::string layer;    ///< layer name; empty = the first polygon layer
    std::string idField;  ///< field holding the area code; empty = guess (id, GEOID, FIPS, ZCTA…,
                          ///< else the FID)
    std::string
        nameField;  ///< field holding the name; empty = guess (name, NAME, …, else the code)
    /// Optional OGR SQL attribute filter (the WHERE clause of `ogr2ogr -where`), e.g.
    /// `STATEFP = '06'`; only matching features are read. Feature numbers in warnings then
    /// count the matching features.
    std::string where;
};

struct AreaImportResult {
    std::string layerName;
    std::vector<std::string> attributeNames;  ///< numeric fields, aligned with Area::attributes
    std::vector<Area> areas;       ///< WGS 84 lon/lat, corrected, bounds + label point set
    std::vector<Error> warnings;   ///< per feature: skipped (no/empty geometry), repaired, …
    std::string idField;           ///< field the codes came from; empty = the feature IDs (FID)
    std::string nameField;         ///< field the names came from; empty = names are the codes
    std::string sourceCrs;         ///< name of the layer's coordinate system, "" when it had none
    std::size_t featuresRead = 0;  ///< features in the layer; = areas.size() + skipped
};

/// Layer names of a vector dataset (any format GDAL reads).
[[nodiscard]] Result<std::vector<std::string>> listLayers(const std::string& path);

/// Reads a polygon layer through GDAL (GeoJSON, TopoJSON, Shapefile, GeoPackage, …) and
/// reprojects it to WGS 84 lon/lat. Non-polygon features are skipped with a warning; a missing
/// .prj is assumed to be WGS 84 when the coordinates fit, else an error.
///
/// Layer: options.layer, else, in file order, the first layer whose geometry type is polygonal
/// or that is of unknown/mixed type (TopoJSON, GeoJSON with mixed types) and whose first
/// feature with a geometry is a polygon, else the first layer of mixed type. GDAL's own errors
/// while reading features do not stop the import; they are added to the warnings.
///
/// Codes: options.idField, else the first field whose name, ignoring case and punctuation, is
/// one of id, code, zcta5ce20, zcta5ce10, zcta, zip, zipcode, postcode, postalcode, plz,
/// geoid20, geoid10, geoid, fips (in this order: postal codes before Census GEOIDs, which in
/// ZCTA files are state + ZIP); else the feature ID (FID). A feature whose code is empty gets
/// its FID as code (with a warning). Codes are unique in the result: when a code was already
/// used, the feature is kept and its code gets the suffix "#2", "#3", … — with a warning
/// naming both features, so the user can fix the layer or pick another id field.
///
/// Names: options.nameField, else the first field named name, namelsad, nameen, label or
/// title, else the first field whose name starts with "name"; else the code.
///
/// Attributes: every Integer, Integer64 and Real field, in layer order; NaN where null.
///
/// Geometry: Polygon/MultiPolygon (and curved, 3D or measured variants, collections of
/// polygons); Z/M dropped; orientation corrected; rings with fewer than 3 distinct points
/// dropped (warning). Invalid shapes (self-intersections, …) are repaired with makeValid
/// (warning "repaired"), or kept as they are with a warning when that fails. Features with no,
/// empty or non-polygonal geometry, or whose coordinates cannot be reprojected, are skipped
/// with a warning. Every warning has the feature's 0-based index in Error::feature.
///
/// Coordinate system: the layer's, transformed to WGS 84 with longitude first. A layer without
/// one (no .prj, TopoJSON) is taken as WGS 84 when all coordinates are within ±180/±90 (with a
/// warning saying so); otherwise the result is an error asking for a .prj.
///
/// Errors: FileNotFound, FileUnreadable (GDAL's messages included), NotFound (layer or field;
/// the message lists what exists), BadData (no polygon features; no coordinate system),
/// Canceled.
[[nodiscard]] Result<AreaImportResult> readAreas(const std::string& path,
                                                 const AreaImportOptions& options = {},
                                                 Feedback* feedback = nullptr);

}  // namespace tessera::io
