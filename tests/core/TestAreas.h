// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/Project.h"

namespace tessera::test {

/// An area from WKT, with bounds and label point filled in as an importer would.
inline Area areaFromWkt(const std::string& code, const std::string& wkt) {
    Area area;
    area.code = code;
    area.name = "Area " + code;
    area.shape = multiPolygonFromWkt(wkt).value();
    bg::envelope(area.shape, area.bounds);
    area.labelPoint = interiorPoint(area.shape);
    return area;
}

/// A rows × cols grid of unit squares at the origin (lon/lat degrees, scaled by `size`),
/// numbered row by row.
inline std::vector<Area> gridAreas(int rows, int cols, double size = 0.1) {
    std::vector<Area> areas;
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            const double x0 = c * size;
            const double y0 = r * size;
            const double x1 = x0 + size;
            const double y1 = y0 + size;
            const std::string wkt = "POLYGON((" + std::to_string(x0) + " " + std::to_string(y0) +
                                    "," + std::to_string(x1) + " " + std::to_string(y0) + "," +
                                    std::to_string(x1) + " " + std::to_string(y1) + "," +
                                    std::to_string(x0) + " " + std::to_string(y1) + "," +
                                    std::to_string(x0) + " " + std::to_string(y0) + "))";
            areas.push_back(areaFromWkt(std::to_string(r * cols + c), wkt));
        }
    }
    return areas;
}

}  // namespace tessera::test
