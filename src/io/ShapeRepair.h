// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/Geometry.h"

namespace tessera::io {

struct ShapeRepairOutcome {
    bool wasValid = true;  ///< valid after bg::correct alone
    bool isValid = true;   ///< valid now
    std::string problem;   ///< what Boost.Geometry found wrong first ("" when it was valid)
    std::string method;    ///< how it was repaired ("" when not repaired)
};

/// Corrects orientation and closure, then, while the shape is invalid, tries in turn: removing
/// spikes (zero-width back-and-forth segments, which topology simplification leaves behind),
/// core's makeValid, and GEOS's MakeValid through GDAL (polygonal parts kept). The shape is
/// replaced only by a valid repair; otherwise it stays as corrected.
ShapeRepairOutcome correctAndRepair(MultiPolygon& shape);

}  // namespace tessera::io
