// SPDX-License-Identifier: Apache-2.0
#include "GraphInputs.h"

#include <charconv>
#include <cmath>
#include <string_view>
#include <unordered_map>

#include "io/CsvReader.h"
#include "io/TextFile.h"

namespace tessera::cli {
namespace {

std::string trimmed(std::string_view text) {
    const auto begin = text.find_first_not_of(" \t");
    if (begin == std::string_view::npos) {
        return {};
    }
    const auto end = text.find_last_not_of(" \t");
    return std::string(text.substr(begin, end - begin + 1));
}

/// A whole number in the text, or −1.
long long wholeNumber(const std::string& text) {
    long long value = -1;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() ? value : -1;
}

bool number(const std::string& text, double& value) {
    try {
        std::size_t used = 0;
        value = std::stod(text, &used);
        return used == text.size() && std::isfinite(value);
    } catch (const std::exception&) {
        return false;
    }
}

tl::unexpected<Error> badRow(const std::string& path, std::int64_t row, const std::string& column,
                             const std::string& message) {
    Error error = makeError(ErrorCode::BadData, message, path);
    error.row = row;
    error.column = column;
    return tl::unexpected<Error>(std::move(error));
}

std::unordered_map<std::string, std::uint32_t> indexOf(const std::vector<std::string>& ids) {
    std::unordered_map<std::string, std::uint32_t> index;
    index.reserve(ids.size());
    for (std::size_t v = 0; v < ids.size(); ++v) {
        index.emplace(ids[v], static_cast<std::uint32_t>(v));
    }
    return index;
}

/// The rows of a small CSV file, fields trimmed; each with its line.
Result<std::vector<std::pair<std::int64_t, std::vector<std::string>>>> csvRows(
    const std::string& path) {
    auto text = io::readWholeFile(path);
    if (!text) {
        return fail(text.error());
    }
    const io::CsvDialect dialect{io::sniffCsvDelimiter(*text), '"'};
    io::CsvReader reader(*text, dialect);
    io::CsvRecord record;
    std::vector<std::pair<std::int64_t, std::vector<std::string>>> rows;
    while (reader.next(record)) {
        if (!record.problem().empty()) {
            return badRow(path, record.line(), "", record.problem());
        }
        std::vector<std::string> fields;
        for (std::size_t i = 0; i < record.size(); ++i) {
            fields.push_back(trimmed(record[i]));
        }
        rows.emplace_back(record.line(), std::move(fields));
    }
    return rows;
}

}  // namespace

Result<std::vector<std::int32_t>> readGraphLocks(const std::string& path,
                                                 const std::vector<std::string>& nodeIds,
                                                 std::size_t territories) {
    auto rows = csvRows(path);
    if (!rows) {
        return fail(rows.error());
    }
    const auto index = indexOf(nodeIds);
    std::vector<std::int32_t> locked(nodeIds.size(), -1);
    bool first = true;
    for (const auto& [line, fields] : *rows) {
        const bool header = first && (fields.size() < 2 || (index.find(fields[0]) == index.end() &&
                                                            wholeNumber(fields[1]) < 0));
        first = false;
        if (header) {
            continue;
        }
        if (fields.size() < 2) {
            return badRow(path, line, "",
                          "a lock needs two fields, node_id,territory (e.g. 050310005012,3)");
        }
        const auto node = index.find(fields[0]);
        if (node == index.end()) {
            return badRow(path, line, "node_id",
                          "no node \"" + fields[0] +
                              "\" in the graph; use the ids of the graph's nodes (as in plan.csv)");
        }
        const long long t = wholeNumber(fields[1]);
        if (t < 0 || static_cast<std::size_t>(t) >= territories) {
            return badRow(path, line, "territory",
                          "territory \"" + fields[1] + "\" does not exist; use 0.." +
                              std::to_string(territories - 1) + " (--territories " +
                              std::to_string(territories) + ")");
        }
        std::int32_t& slot = locked[node->second];
        if (slot >= 0 && slot != static_cast<std::int32_t>(t)) {
            return badRow(path, line, "territory",
                          "node \"" + fields[0] + "\" is locked to territory " +
                              std::to_string(slot) + " earlier in the file and to " +
                              std::to_string(t) + " here; keep one");
        }
        slot = static_cast<std::int32_t>(t);
    }
    return locked;
}

Result<GraphHomes> readGraphHomes(const std::string& path, const std::vector<std::string>& nodeIds,
                                  const std::vector<Point>& locations, std::size_t territories) {
    auto rows = csvRows(path);
    if (!rows) {
        return fail(rows.error());
    }
    const auto index = indexOf(nodeIds);
    GraphHomes out;
    out.homes.assign(territories, Point(0.0, 0.0));
    out.hasHome.assign(territories, 0);
    bool first = true;
    for (const auto& [line, fields] : *rows) {
        const bool header = first && (fields.empty() || wholeNumber(fields[0]) < 0);
        first = false;
        if (header) {
            continue;
        }
        if (fields.size() < 2) {
            return badRow(
                path, line, "",
                "a home needs territory,node_id or territory,lon,lat (e.g. 3,-92.3,34.7)");
        }
        const long long t = wholeNumber(fields[0]);
        if (t < 0 || static_cast<std::size_t>(t) >= territories) {
            return badRow(path, line, "territory",
                          "territory \"" + fields[0] + "\" does not exist; use 0.." +
                              std::to_string(territories - 1) + " (--territories " +
                              std::to_string(territories) + ")");
        }
        const auto ti = static_cast<std::size_t>(t);
        if (out.hasHome[ti]) {
            return badRow(path, line, "territory",
                          "territory " + fields[0] + " has a home earlier in the file; give one");
        }
        Point home(0.0, 0.0);
        if (fields.size() >= 3) {
            double lon = 0.0;
            double lat = 0.0;
            if (!number(fields[1], lon) || lon < -180.0 || lon > 180.0) {
                return badRow(path, line, "lon",
                              "\"" + fields[1] + "\" is not a longitude in degrees (−180..180)");
            }
            if (!number(fields[2], lat) || lat < -90.0 || lat > 90.0) {
                return badRow(path, line, "lat",
                              "\"" + fields[2] + "\" is not a latitude in degrees (−90..90)");
            }
            home = Point(lon, lat);
        } else {
            const auto node = index.find(fields[1]);
            if (node == index.end()) {
                return badRow(
                    path, line, "node_id",
                    "no node \"" + fields[1] + "\" in the graph; give a node id or lon,lat");
            }
            if (locations.empty()) {
                return badRow(path, line, "node_id",
                              "the graph's nodes carry no coordinates, so a home cannot be a "
                              "node; give territory,lon,lat");
            }
            home = locations[node->second];
        }
        out.homes[ti] = home;
        out.hasHome[ti] = 1;
    }
    if (locations.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "homes need the nodes' coordinates (e.g. INTPTLON20/INTPTLAT20 fields) to "
                    "measure travel; this graph has none",
                    path);
    }
    return out;
}

std::string polsbyPopperInputs(const io::GraphData& graph, std::vector<double>& areas,
                               std::vector<double>& perimeters) {
    areas.clear();
    perimeters.clear();
    auto field = [&graph](const std::string& name) -> const std::vector<double>* {
        for (std::size_t f = 0; f < graph.fieldNames.size(); ++f) {
            if (graph.fieldNames[f] == name) {
                return &graph.fields[f];
            }
        }
        return nullptr;
    };
    const std::vector<double>* area = field("area");
    if (area == nullptr) {
        return {};
    }
    const std::size_t n = graph.nodeIds.size();
    auto valueOr0 = [](const std::vector<double>* values, std::size_t v) {
        return values != nullptr && std::isfinite((*values)[v]) ? (*values)[v] : 0.0;
    };
    std::string source;
    if (const std::vector<double>* perimeter = field("perimeter")) {
        for (std::size_t v = 0; v < n; ++v) {
            perimeters.push_back(valueOr0(perimeter, v));
        }
        source = "area, perimeter";
    } else if (graph.hasSharedPerimeter) {
        const std::vector<double>* boundary = field("boundary_perim");
        perimeters.assign(n, 0.0);
        for (std::size_t v = 0; v < n; ++v) {
            perimeters[v] = valueOr0(boundary, v);
        }
        for (const AreaEdge& e : graph.graph.edges()) {
            perimeters[e.a] += e.sharedBoundaryKm;
            perimeters[e.b] += e.sharedBoundaryKm;
        }
        source = boundary != nullptr ? "area, boundary_perim + shared_perim"
                                     : "area, shared_perim (no boundary_perim: the state's outer "
                                       "edge is not counted)";
    } else {
        return {};
    }
    for (std::size_t v = 0; v < n; ++v) {
        areas.push_back(valueOr0(area, v));
    }
    return source;
}

}  // namespace tessera::cli
