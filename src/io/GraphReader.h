// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/AreaGraph.h"
#include "core/Geometry.h"
#include "core/Result.h"

namespace tessera::io {

/// A neighbourhood graph read from a file, for balancing without a project (graph mode), so
/// that results can be compared with redistricting tools on the very same graph.
struct GraphData {
    AreaGraph graph;
    std::vector<std::string> nodeIds;  ///< per node, as in the file
    /// Node attributes with a numeric value on at least one node (numbers, or text that reads
    /// as a number such as "+35.93").
    std::vector<std::string> fieldNames;
    std::vector<std::vector<double>> fields;  ///< [field][node]; NaN where missing or not a number
    /// Per node lon/lat from a field pair (INTPTLON20/INTPTLAT20, longitude/latitude, lon/lat,
    /// …); empty when the nodes carry none.
    std::vector<Point> locations;
    std::string locationFields;  ///< "INTPTLON20, INTPTLAT20"; empty when none
    /// Edge lengths (AreaEdge::sharedBoundaryKm) are the file's `shared_perim` as given, in the
    /// units of the file's coordinate system (degrees for GerryChain graphs of lon/lat shapes).
    bool hasSharedPerimeter = false;
    std::string path;

    /// The named attribute for every node; an error names the first node without a number and
    /// lists the numeric fields there are.
    [[nodiscard]] Result<std::vector<double>> numericField(const std::string& name) const;
};

/// Reads NetworkX adjacency JSON as GerryChain writes it (`Graph.to_json`):
/// `{"directed": false, "multigraph": false, "graph": …, "nodes": [{"id": …, <attributes>}],
/// "adjacency": [[{"id": …, "shared_perim": …}, …], …]}`. Node ids may be strings or numbers.
[[nodiscard]] Result<GraphData> readNetworkxJson(const std::string& path);

/// Reads a GAL weights file (GeoDa, PySAL): a header line (`n`, or `0 n layer idfield`), then
/// per node a line `id k` and a line with its k neighbours' ids. GAL files carry no attributes:
/// `attributesPath` (optional) names a table GDAL can read (.dbf, .csv, .gpkg, …) whose
/// `idField` column matches the ids; when `attributesPath` is empty and the header names a
/// layer, `<layer>.dbf` next to the GAL file is used if it exists.
[[nodiscard]] Result<GraphData> readGal(const std::string& path,
                                        const std::string& attributesPath = {},
                                        const std::string& idField = {});

/// By extension: .json → NetworkX adjacency JSON, .gal → GAL.
[[nodiscard]] Result<GraphData> readGraph(const std::string& path);

}  // namespace tessera::io
