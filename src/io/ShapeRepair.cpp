// SPDX-License-Identifier: Apache-2.0
#include "ShapeRepair.h"

#include <ogr_geometry.h>

#include <algorithm>
#include <memory>

#include "GdalSupport.h"
#include "OgrGeometryConversion.h"

namespace tessera::io {

namespace {

bool withoutSpikes(const MultiPolygon& shape, MultiPolygon& repaired) {
    repaired = shape;
    bg::remove_spikes(repaired);
    // A polygon that was nothing but spikes collapses; drop it.
    repaired.erase(std::remove_if(repaired.begin(), repaired.end(),
                                  [](const Polygon& p) { return p.outer().size() < 4; }),
                   repaired.end());
    bg::correct(repaired);
    return !repaired.empty() && bg::is_valid(repaired);
}

bool withGeos(const MultiPolygon& shape, MultiPolygon& repaired) {
    if (!OGRGeometryFactory::haveGEOS()) {
        return false;
    }
    GdalErrorCollector quiet;  // GEOS complaints about the invalid input are expected here
    const std::unique_ptr<OGRMultiPolygon> source = toOgrMultiPolygon(shape);
    const std::unique_ptr<OGRGeometry> valid(source->MakeValid());
    if (!valid) {
        return false;
    }
    PolygonExtraction extraction = extractPolygons(*valid);
    repaired = std::move(extraction.shape);
    bg::correct(repaired);
    return !repaired.empty() && bg::is_valid(repaired);
}

}  // namespace

ShapeRepairOutcome correctAndRepair(MultiPolygon& shape) {
    ShapeRepairOutcome outcome;
    bg::correct(shape);
    if (bg::is_valid(shape, outcome.problem)) {
        outcome.problem.clear();
        return outcome;
    }
    // Keep the readable part of Boost's report ("… found at (x, y)"), not its internals.
    if (const auto internals = outcome.problem.find("; method:"); internals != std::string::npos) {
        outcome.problem.resize(internals);
    }
    outcome.wasValid = false;
    MultiPolygon repaired;
    if (withoutSpikes(shape, repaired)) {
        shape = std::move(repaired);
        outcome.method = "spikes removed";
        return outcome;
    }
    MultiPolygon candidate = shape;
    if (makeValid(candidate)) {
        shape = std::move(candidate);
        outcome.method = "overlapping parts merged";
        return outcome;
    }
    if (withGeos(shape, repaired)) {
        shape = std::move(repaired);
        outcome.method = "rebuilt with GEOS MakeValid";
        return outcome;
    }
    outcome.isValid = false;
    return outcome;
}

}  // namespace tessera::io
