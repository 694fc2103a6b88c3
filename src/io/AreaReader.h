// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/Feedback.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::io {

struct AreaImportOptions {
    std::string layer;      ///< layer name; empty = the first polygon layer
    std::string idField;    ///< field holding the area code; empty = guess (id, GEOID, FIPS, ZCTA…, else the FID)
    std::string nameField;  ///< field holding the name; empty = guess (name, NAME, …, else the code)
};

struct AreaImportResult {
    std::string layerName;
    std::vector<std::string> attributeNames;  ///< numeric fields, aligned with Area::attributes
    std::vector<Area> areas;                  ///< WGS 84 lon/lat, corrected, bounds + label point set
    std::vector<Error> warnings;  ///< per feature: skipped (no/empty geometry), repaired, …
};

/// Layer names of a vector dataset (any format GDAL reads).
[[nodiscard]] Result<std::vector<std::string>> listLayers(const std::string& path);

/// Reads a polygon layer through GDAL (GeoJSON, TopoJSON, Shapefile, GeoPackage, …) and
/// reprojects it to WGS 84 lon/lat. Non-polygon features are skipped with a warning; a missing
/// .prj is assumed to be WGS 84 when the coordinates fit, else an error.
[[nodiscard]] Result<AreaImportResult> readAreas(const std::string& path,
                                                 const AreaImportOptions& options = {},
                                                 Feedback* feedback = nullptr);

}  // namespace tessera::io
