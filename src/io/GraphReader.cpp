// SPDX-License-Identifier: Apache-2.0
#include "GraphReader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include <cpl_error.h>
#include <cpl_json.h>
#include <gdal.h>
#include <ogr_api.h>

namespace tessera::io {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

Error graphError(ErrorCode code, std::string message, const std::string& path) {
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.file = path;
    return e;
}

/// A number written as text: optional sign (also '+'), digits, '.', exponent; spaces around.
std::optional<double> numberFromText(std::string_view text) {
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
        text.remove_prefix(1);
    }
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
        text.remove_suffix(1);
    }
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    double value = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

/// Collects node attributes by name, in the order they are first seen.
class FieldTable {
public:
    explicit FieldTable(std::size_t nodeCount) : nodeCount_(nodeCount) {}

    void set(const std::string& name, std::size_t node, double value) {
        auto [it, inserted] = index_.try_emplace(name, names_.size());
        if (inserted) {
            names_.push_back(name);
            values_.emplace_back(nodeCount_, kMissing);
        }
        values_[it->second][node] = value;
    }

    void moveInto(GraphData& data) {
        data.fieldNames = std::move(names_);
        data.fields = std::move(values_);
    }

private:
    std::size_t nodeCount_;
    std::unordered_map<std::string, std::size_t> index_;
    std::vector<std::string> names_;
    std::vector<std::vector<double>> values_;
};

/// Finds a lon/lat field pair and fills data.locations when every node has valid values.
void detectLocations(GraphData& data) {
    std::vector<std::pair<std::string, std::string>> pairs;  // (lon name, lat name), lower case
    for (const std::string& name : data.fieldNames) {
        const std::string l = lower(name);
        if (l.rfind("intptlat", 0) == 0) {
            pairs.emplace_back("intptlon" + l.substr(8), l);
        }
    }
    pairs.emplace_back("longitude", "latitude");
    pairs.emplace_back("lon", "lat");
    pairs.emplace_back("lng", "lat");
    pairs.emplace_back("long", "lat");
    pairs.emplace_back("x", "y");
    auto find = [&data](const std::string& lowerName) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < data.fieldNames.size(); ++i) {
            if (lower(data.fieldNames[i]) == lowerName) {
                return i;
            }
        }
        return std::nullopt;
    };
    for (const auto& [lonName, latName] : pairs) {
        const auto lon = find(lonName);
        const auto lat = find(latName);
        if (!lon || !lat) {
            continue;
        }
        std::vector<Point> points;
        points.reserve(data.nodeIds.size());
        bool usable = true;
        for (std::size_t v = 0; v < data.nodeIds.size() && usable; ++v) {
            const double x = data.fields[*lon][v];
            const double y = data.fields[*lat][v];
            usable =
                std::isfinite(x) && std::isfinite(y) && std::abs(x) <= 180.0 && std::abs(y) <= 90.0;
            points.emplace_back(x, y);
        }
        if (usable) {
            data.locations = std::move(points);
            data.locationFields = data.fieldNames[*lon] + ", " + data.fieldNames[*lat];
            return;
        }
    }
}

std::optional<std::string> idText(const CPLJSONObject& id) {
    switch (id.GetType()) {
        case CPLJSONObject::Type::String:
            return id.ToString();
        case CPLJSONObject::Type::Integer:
        case CPLJSONObject::Type::Long:
            return std::to_string(id.ToLong());
        case CPLJSONObject::Type::Double: {
            const double value = id.ToDouble();
            if (value == std::floor(value) && std::abs(value) < 9.0e15) {
                return std::to_string(static_cast<long long>(value));
            }
            return id.Format(CPLJSONObject::PrettyFormat::Plain);
        }
        default:
            return std::nullopt;
    }
}

std::optional<double> numberOf(const CPLJSONObject& value) {
    switch (value.GetType()) {
        case CPLJSONObject::Type::Integer:
        case CPLJSONObject::Type::Long:
            return static_cast<double>(value.ToLong());
        case CPLJSONObject::Type::Double: {
            const double d = value.ToDouble();
            return std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
        }
        case CPLJSONObject::Type::String:
            return numberFromText(value.ToString());
        default:
            return std::nullopt;
    }
}

/// Undirected edges without duplicates: the first length seen for a pair wins (NetworkX
/// lists every edge from both ends with the same attributes).
class EdgeCollector {
public:
    void add(std::uint32_t a, std::uint32_t b, double length) {
        if (a == b) {
            return;
        }
        const auto key = (static_cast<std::uint64_t>(std::min(a, b)) << 32) | std::max(a, b);
        if (seen_.insert(key).second) {
            edges_.push_back({std::min(a, b), std::max(a, b), length, false});
        }
    }
    std::vector<AreaEdge> take() { return std::move(edges_); }

private:
    std::unordered_set<std::uint64_t> seen_;
    std::vector<AreaEdge> edges_;
};

/// Silences GDAL's default stderr printing while a reader runs; messages are read back.
class QuietGdalErrors {
public:
    QuietGdalErrors() {
        CPLPushErrorHandler(CPLQuietErrorHandler);
        CPLErrorReset();
    }
    ~QuietGdalErrors() { CPLPopErrorHandler(); }
    QuietGdalErrors(const QuietGdalErrors&) = delete;
    QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
    static std::string lastMessage() {
        const char* message = CPLGetLastErrorMsg();
        return message != nullptr ? message : "";
    }
};

Result<void> readAttributeTable(GraphData& data, const std::string& tablePath,
                                const std::string& idField) {
    QuietGdalErrors quiet;
    GDALAllRegister();
    std::unique_ptr<void, decltype(&GDALClose)> dataset(
        GDALOpenEx(tablePath.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr),
        &GDALClose);
    if (!dataset) {
        return tl::unexpected(
            graphError(std::filesystem::exists(tablePath) ? ErrorCode::FileUnreadable
                                                          : ErrorCode::FileNotFound,
                       "cannot open the attribute table: " + quiet.lastMessage(), tablePath));
    }
    OGRLayerH layer = GDALDatasetGetLayer(dataset.get(), 0);
    if (layer == nullptr) {
        return tl::unexpected(
            graphError(ErrorCode::FileUnreadable, "the attribute table has no layer", tablePath));
    }
    OGRFeatureDefnH definition = OGR_L_GetLayerDefn(layer);
    const int fieldCount = OGR_FD_GetFieldCount(definition);
    int idIndex = idField.empty() ? -1 : OGR_FD_GetFieldIndex(definition, idField.c_str());
    if (idIndex < 0) {
        if (!idField.empty()) {
            Error e = graphError(ErrorCode::NotFound,
                                 "the attribute table has no field '" + idField +
                                     "' to match the graph's node ids; name the id field",
                                 tablePath);
            e.column = idField;
            return tl::unexpected(e);
        }
        // Without a name: the first field whose values are the node ids.
        idIndex = 0;
    }
    std::unordered_map<std::string, std::size_t> nodeOf;
    for (std::size_t v = 0; v < data.nodeIds.size(); ++v) {
        nodeOf.emplace(data.nodeIds[v], v);
    }
    FieldTable table(data.nodeIds.size());
    std::vector<char> matched(data.nodeIds.size(), 0);
    OGR_L_ResetReading(layer);
    std::int64_t row = 0;
    while (OGRFeatureH feature = OGR_L_GetNextFeature(layer)) {
        std::unique_ptr<void, decltype(&OGR_F_Destroy)> owned(feature, &OGR_F_Destroy);
        ++row;
        const std::string id = OGR_F_GetFieldAsString(feature, idIndex);
        auto it = nodeOf.find(id);
        if (it == nodeOf.end()) {
            if (const auto number = numberFromText(id)) {  // "7.0" in a .dbf for node "7"
                if (*number == std::floor(*number)) {
                    it = nodeOf.find(std::to_string(static_cast<long long>(*number)));
                }
            }
        }
        if (it == nodeOf.end()) {
            continue;  // rows for other areas are allowed (a state-wide table, a county graph)
        }
        matched[it->second] = 1;
        for (int f = 0; f < fieldCount; ++f) {
            if (f == idIndex || !OGR_F_IsFieldSetAndNotNull(feature, f)) {
                continue;
            }
            OGRFieldDefnH field = OGR_FD_GetFieldDefn(definition, f);
            const std::string name = OGR_Fld_GetNameRef(field);
            switch (OGR_Fld_GetType(field)) {
                case OFTInteger:
                case OFTInteger64:
                case OFTReal:
                    table.set(name, it->second, OGR_F_GetFieldAsDouble(feature, f));
                    break;
                case OFTString:
                    if (const auto number = numberFromText(OGR_F_GetFieldAsString(feature, f))) {
                        table.set(name, it->second, *number);
                    }
                    break;
                default:
                    break;
            }
        }
    }
    const auto missing = std::find(matched.begin(), matched.end(), 0);
    if (missing != matched.end()) {
        const std::size_t node = static_cast<std::size_t>(missing - matched.begin());
        return tl::unexpected(graphError(
            ErrorCode::BadData,
            "node '" + data.nodeIds[node] + "' of the graph has no row in the attribute table (" +
                std::to_string(std::count(matched.begin(), matched.end(), 0)) +
                " nodes have none); check that the id field matches the GAL ids",
            tablePath));
    }
    table.moveInto(data);
    return {};
}

}  // namespace

Result<std::vector<double>> GraphData::numericField(const std::string& name) const {
    const auto it = std::find(fieldNames.begin(), fieldNames.end(), name);
    if (it == fieldNames.end()) {
        std::string known;
        for (const std::string& field : fieldNames) {
            known += (known.empty() ? "" : ", ") + field;
        }
        Error e = graphError(
            ErrorCode::NotFound,
            "the graph's nodes have no numeric field '" + name + "'; " +
                (known.empty() ? "they have no numeric fields at all" : "numeric fields: " + known),
            path);
        e.column = name;
        return tl::unexpected(e);
    }
    const std::vector<double>& values = fields[static_cast<std::size_t>(it - fieldNames.begin())];
    for (std::size_t v = 0; v < values.size(); ++v) {
        if (!std::isfinite(values[v])) {
            Error e =
                graphError(ErrorCode::BadData,
                           "node '" + nodeIds[v] + "' (node " + std::to_string(v) +
                               ") has no number in field '" + name + "'; every node needs one",
                           path);
            e.column = name;
            e.feature = static_cast<std::int64_t>(v);
            return tl::unexpected(e);
        }
    }
    return values;
}

Result<GraphData> readNetworkxJson(const std::string& path) {
    if (!std::filesystem::exists(path)) {
        return tl::unexpected(graphError(ErrorCode::FileNotFound, "no such graph file", path));
    }
    CPLJSONDocument document;
    {
        QuietGdalErrors quiet;
        if (!document.Load(path)) {
            return tl::unexpected(
                graphError(ErrorCode::FileUnreadable,
                           "not a JSON file (" + quiet.lastMessage() +
                               "); expected NetworkX adjacency JSON as GerryChain writes it",
                           path));
        }
    }
    const CPLJSONObject root = document.GetRoot();
    const CPLJSONObject nodesObject = root.GetObj("nodes");
    const CPLJSONObject adjacencyObject = root.GetObj("adjacency");
    if (root.GetType() != CPLJSONObject::Type::Object ||
        nodesObject.GetType() != CPLJSONObject::Type::Array ||
        adjacencyObject.GetType() != CPLJSONObject::Type::Array) {
        return tl::unexpected(graphError(
            ErrorCode::Unsupported,
            "not NetworkX adjacency JSON: expected an object with \"nodes\" and \"adjacency\" "
            "arrays (GerryChain's Graph.to_json writes that; node-link JSON with \"links\" "
            "is not supported)",
            path));
    }
    if (root.GetObj("directed").GetType() == CPLJSONObject::Type::Boolean &&
        root.GetBool("directed")) {
        return tl::unexpected(graphError(
            ErrorCode::Unsupported, "the graph is directed; neighbourhoods are undirected", path));
    }
    const CPLJSONArray nodes = nodesObject.ToArray();
    const CPLJSONArray adjacency = adjacencyObject.ToArray();
    const int n = nodes.Size();
    if (adjacency.Size() != n) {
        return tl::unexpected(
            graphError(ErrorCode::BadData,
                       std::to_string(n) + " nodes but " + std::to_string(adjacency.Size()) +
                           " adjacency lists; NetworkX writes one list per node, in node order",
                       path));
    }
    GraphData data;
    data.path = path;
    data.nodeIds.reserve(static_cast<std::size_t>(n));
    std::unordered_map<std::string, std::uint32_t> indexOf;
    FieldTable table(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const CPLJSONObject node = nodes[i];
        const auto id = idText(node.GetObj("id"));
        if (node.GetType() != CPLJSONObject::Type::Object || !id) {
            Error e = graphError(
                ErrorCode::BadData,
                "node " + std::to_string(i) + " has no \"id\" (a string or a number)", path);
            e.feature = i;
            return tl::unexpected(e);
        }
        if (!indexOf.emplace(*id, static_cast<std::uint32_t>(i)).second) {
            Error e = graphError(ErrorCode::BadData,
                                 "node id '" + *id + "' appears twice (nodes " +
                                     std::to_string(indexOf[*id]) + " and " + std::to_string(i) +
                                     "); ids must be unique",
                                 path);
            e.feature = i;
            return tl::unexpected(e);
        }
        data.nodeIds.push_back(*id);
        for (const CPLJSONObject& attribute : node.GetChildren()) {
            if (attribute.GetName() == "id") {
                continue;
            }
            if (const auto value = numberOf(attribute)) {
                table.set(attribute.GetName(), static_cast<std::size_t>(i), *value);
            }
        }
    }
    EdgeCollector edges;
    for (int i = 0; i < n; ++i) {
        const CPLJSONObject list = adjacency[i];
        if (list.GetType() != CPLJSONObject::Type::Array) {
            Error e = graphError(ErrorCode::BadData,
                                 "the adjacency of node '" +
                                     data.nodeIds[static_cast<std::size_t>(i)] + "' is not a list",
                                 path);
            e.feature = i;
            return tl::unexpected(e);
        }
        const CPLJSONArray entries = list.ToArray();
        for (int k = 0; k < entries.Size(); ++k) {
            const CPLJSONObject entry = entries[k];
            const auto id = idText(entry.GetObj("id"));
            const auto found = id ? indexOf.find(*id) : indexOf.end();
            if (found == indexOf.end()) {
                Error e = graphError(ErrorCode::BadData,
                                     "the adjacency of node '" +
                                         data.nodeIds[static_cast<std::size_t>(i)] + "' (entry " +
                                         std::to_string(k) + ") names " +
                                         (id ? "'" + *id + "', which is not a node" : "no \"id\""),
                                     path);
                e.feature = i;
                return tl::unexpected(e);
            }
            double length = 0.0;
            const CPLJSONObject perimeter = entry.GetObj("shared_perim");
            if (perimeter.IsValid()) {
                if (const auto value = numberOf(perimeter); value && *value >= 0.0) {
                    length = *value;
                    data.hasSharedPerimeter = true;
                }
            }
            edges.add(static_cast<std::uint32_t>(i), found->second, length);
        }
    }
    data.graph = AreaGraph::fromEdges(static_cast<std::size_t>(n), edges.take());
    table.moveInto(data);
    detectLocations(data);
    return data;
}

Result<GraphData> readGal(const std::string& path, const std::string& attributesPath,
                          const std::string& idField) {
    std::ifstream in(path);
    if (!in) {
        return tl::unexpected(graphError(
            std::filesystem::exists(path) ? ErrorCode::FileUnreadable : ErrorCode::FileNotFound,
            "cannot open the GAL file", path));
    }
    std::string line;
    std::int64_t lineNumber = 0;
    auto lineError = [&](const std::string& message) {
        Error e = graphError(ErrorCode::BadData, message, path);
        e.row = lineNumber;
        return tl::unexpected(e);
    };
    auto nextLine = [&]() -> bool {
        while (std::getline(in, line)) {
            ++lineNumber;
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (line.find_first_not_of(" \t") != std::string::npos) {
                return true;
            }
        }
        return false;
    };
    auto tokens = [](const std::string& text) {
        std::vector<std::string> out;
        std::istringstream stream(text);
        for (std::string token; stream >> token;) {
            out.push_back(token);
        }
        return out;
    };
    if (!nextLine()) {
        return lineError("the GAL file is empty");
    }
    const std::vector<std::string> header = tokens(line);
    std::string layerName;
    std::string headerIdField;
    std::optional<double> count;
    if (header.size() == 1) {
        count = numberFromText(header[0]);
    } else if (header.size() >= 2) {
        count = numberFromText(header[1]);
        if (header.size() >= 4) {
            layerName = header[2];
            headerIdField = header[3];
        }
    }
    if (!count || *count < 0 || *count != std::floor(*count)) {
        return lineError(
            "the GAL header should be the node count, or '0 <count> <layer> <id "
            "field>'; found '" +
            line + "'");
    }
    const auto n = static_cast<std::size_t>(*count);
    GraphData data;
    data.path = path;
    std::vector<std::vector<std::string>> neighbourIds(n);
    std::unordered_map<std::string, std::uint32_t> indexOf;
    for (std::size_t i = 0; i < n; ++i) {
        if (!nextLine()) {
            return lineError("the file ends after " + std::to_string(i) + " of " +
                             std::to_string(n) + " nodes");
        }
        const std::vector<std::string> head = tokens(line);
        const auto k = head.size() == 2 ? numberFromText(head[1]) : std::nullopt;
        if (!k || *k < 0 || *k != std::floor(*k)) {
            return lineError("expected '<node id> <neighbour count>', found '" + line + "'");
        }
        if (!indexOf.emplace(head[0], static_cast<std::uint32_t>(i)).second) {
            return lineError("node id '" + head[0] + "' appears twice; ids must be unique");
        }
        data.nodeIds.push_back(head[0]);
        if (*k == 0) {
            continue;  // its (empty) neighbour line, if written, is skipped as blank
        }
        if (!nextLine()) {
            return lineError("the file ends before the neighbours of node '" + head[0] + "'");
        }
        std::vector<std::string> list = tokens(line);
        if (list.size() != static_cast<std::size_t>(*k)) {
            return lineError("node '" + head[0] + "' should have " +
                             std::to_string(static_cast<long long>(*k)) +
                             " neighbours but its list has " + std::to_string(list.size()));
        }
        neighbourIds[i] = std::move(list);
    }
    EdgeCollector edges;
    for (std::size_t i = 0; i < n; ++i) {
        for (const std::string& id : neighbourIds[i]) {
            const auto found = indexOf.find(id);
            if (found == indexOf.end()) {
                Error e = graphError(ErrorCode::BadData,
                                     "node '" + data.nodeIds[i] + "' lists neighbour '" + id +
                                         "', which is not a node of the file",
                                     path);
                return tl::unexpected(e);
            }
            edges.add(static_cast<std::uint32_t>(i), found->second, 0.0);
        }
    }
    data.graph = AreaGraph::fromEdges(n, edges.take());

    std::string table = attributesPath;
    if (table.empty() && !layerName.empty()) {
        std::filesystem::path candidate =
            std::filesystem::path(path).parent_path() / std::filesystem::path(layerName).filename();
        candidate.replace_extension(".dbf");
        if (std::filesystem::exists(candidate)) {
            table = candidate.string();
        }
    }
    if (!table.empty()) {
        if (auto joined =
                readAttributeTable(data, table, idField.empty() ? headerIdField : idField);
            !joined) {
            return tl::unexpected(joined.error());
        }
        detectLocations(data);
    }
    return data;
}

Result<GraphData> readGraph(const std::string& path) {
    const std::string extension = lower(std::filesystem::path(path).extension().string());
    if (extension == ".gal") {
        return readGal(path);
    }
    if (extension == ".json") {
        return readNetworkxJson(path);
    }
    return tl::unexpected(graphError(ErrorCode::Unsupported,
                                     "unknown graph format '" + extension +
                                         "'; give NetworkX adjacency JSON (.json) or GAL (.gal)",
                                     path));
}

}  // namespace tessera::io
