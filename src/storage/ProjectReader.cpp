// SPDX-License-Identifier: Apache-2.0
// loadProject: recognises the file (Tessera project, other GeoPackage, other file, damaged),
// checks and migrates its schema version, and reads the tables back into the model, checking
// every reference so that a file edited or damaged outside Tessera is refused, not trusted.

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "GeoPackageGeometry.h"
#include "GeoPackageSchema.h"
#include "ProjectFile.h"
#include "ProjectSchema.h"
#include "SchemaMigrations.h"
#include "SqliteDatabase.h"
#include "core/JsonText.h"

namespace tessera::storage {

namespace {

using namespace schema;

constexpr std::size_t kRowsPerProgressStep = 4096;

std::uint32_t bigEndian32(const unsigned char* bytes) {
    return (static_cast<std::uint32_t>(bytes[0]) << 24U) |
           (static_cast<std::uint32_t>(bytes[1]) << 16U) |
           (static_cast<std::uint32_t>(bytes[2]) << 8U) | static_cast<std::uint32_t>(bytes[3]);
}

/// Tells apart, before SQLite is involved, a missing file, a file that is not an SQLite
/// database at all, and a database file cut short (SQLite would open that and fail later,
/// or worse, read part of it).
Result<void> checkFileHeader(const std::string& path) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (ec || !std::filesystem::exists(status)) {
        return fail(ErrorCode::FileNotFound,
                    "the project file does not exist. Check the name and the folder.", path);
    }
    if (std::filesystem::is_directory(status)) {
        return fail(ErrorCode::FileUnreadable,
                    "this is a folder, not a Tessera project file. Choose a .tessera file.", path);
    }
    const auto size = std::filesystem::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) {
        return fail(ErrorCode::FileUnreadable,
                    "the file cannot be read. Check that you may read it.", path);
    }
    std::array<unsigned char, 100> header{};
    in.read(reinterpret_cast<char*>(header.data()), header.size());
    const auto got = static_cast<std::size_t>(in.gcount());
    static constexpr char kMagic[] = "SQLite format 3";  // followed by a NUL byte
    if (got < sizeof(kMagic) || std::memcmp(header.data(), kMagic, sizeof(kMagic)) != 0) {
        return fail(ErrorCode::FileUnreadable,
                    size == 0 ? "the file is empty, so it is not a Tessera project (was a copy or "
                                "a download interrupted?)"
                              : "this is not a Tessera project: Tessera projects are GeoPackage "
                                "(SQLite) files, and this file is something else. To bring data "
                                "into a project, import it instead.",
                    path);
    }
    if (got < header.size()) {
        return fail(ErrorCode::FileUnreadable,
                    "the project file is damaged: it is cut short (" + std::to_string(size) +
                        " bytes). Open an earlier copy or an autosave of the project.",
                    path);
    }
    // Page size (offset 16, big-endian; 1 means 65536) and, when valid (the change counter at
    // offset 24 equals the version-valid-for number at 92), the size in pages at offset 28.
    std::uint64_t pageSize = (static_cast<std::uint32_t>(header[16]) << 8U) | header[17];
    if (pageSize == 1) {
        pageSize = 65536;
    }
    const std::uint32_t pages = bigEndian32(&header[28]);
    const bool pagesValid = pages != 0 && bigEndian32(&header[24]) == bigEndian32(&header[92]);
    if (pagesValid && size < pageSize * pages) {
        return fail(ErrorCode::FileUnreadable,
                    "the project file is damaged: it is cut short (" + std::to_string(size) +
                        " of " + std::to_string(pageSize * pages) +
                        " bytes). Open an earlier copy or an autosave of the project.",
                    path);
    }
    return {};
}

tl::unexpected<Error> damaged(const std::string& path, const std::string& table, std::int64_t fid,
                              const std::string& column, const std::string& what) {
    Error error;
    error.code = ErrorCode::BadData;
    error.file = path;
    error.column = column;
    std::string where = "table " + table;
    if (fid > 0) {
        where += ", fid " + std::to_string(fid);
        error.feature = fid - 1;
    }
    if (!column.empty()) {
        where += ", column " + column;
    }
    error.message = "the project file is damaged or was changed outside Tessera (" + where +
                    "): " + what + ". Open an earlier copy or an autosave of the project.";
    return tl::unexpected<Error>(std::move(error));
}

class ProjectReader {
public:
    ProjectReader(SqliteDatabase& db, std::string path, Feedback* feedback)
        : db_(db), path_(std::move(path)), feedback_(feedback) {}

    Result<Project> read() {
        if (auto r = readMeta(); !r) {
            return fail(r.error());
        }
        for (auto step : {&ProjectReader::readReps, &ProjectReader::readTerritories,
                          &ProjectReader::readAreas, &ProjectReader::readAccounts,
                          &ProjectReader::readAreaGraph, &ProjectReader::readOverrides,
                          &ProjectReader::readRejects, &ProjectReader::readDrawnPolygons}) {
            if (auto r = (this->*step)(); !r) {
                return fail(r.error());
            }
        }
        progress(1.0);
        return std::move(project_);
    }

private:
    void progress(double fraction) {
        if (feedback_ != nullptr) {
            feedback_->setProgress(fraction);
        }
    }

    [[nodiscard]] bool canceled() const { return feedback_ != nullptr && feedback_->isCanceled(); }

    [[nodiscard]] tl::unexpected<Error> canceledError() const {
        return fail(ErrorCode::Canceled, "opening the project was canceled", path_);
    }

    /// A statement's error with the project file named (the database may be a migrated copy).
    [[nodiscard]] tl::unexpected<Error> withPath(Error error) const {
        error.file = path_;
        return tl::unexpected<Error>(std::move(error));
    }

    Result<SqliteStatement> prepare(const std::string& sql, const std::string& table) {
        auto statement = db_.prepare(sql);
        if (!statement) {
            return damaged(
                path_, table, 0, "",
                "a table or column Tessera needs is missing (" + statement.error().message + ")");
        }
        return statement;
    }

    Result<void> readMeta() {
        auto query = prepare("SELECT key, value FROM tessera_meta", kMeta);
        if (!query) {
            return fail(query.error());
        }
        std::map<std::string, std::string> meta;
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            meta[query->columnText(0)] = query->columnText(1);
        }
        auto value = [&meta](const char* key) -> const std::string* {
            const auto it = meta.find(key);
            return it == meta.end() ? nullptr : &it->second;
        };
        for (const char* key : {meta::kProjectName, meta::kAreaLayerName, meta::kAreaAttributeNames,
                                meta::kAreaAttributeColumns, meta::kAreaGraphNodes,
                                meta::kAreaTerritoryStored, meta::kAccountAreaStored}) {
            if (value(key) == nullptr) {
                return damaged(path_, kMeta, 0, "",
                               std::string("the entry '") + key + "' is missing");
            }
        }
        project_.name = *value(meta::kProjectName);
        project_.areaLayerName = *value(meta::kAreaLayerName);
        auto names = parseJsonArray(*value(meta::kAreaAttributeNames));
        auto columns = parseJsonArray(*value(meta::kAreaAttributeColumns));
        if (!names || !columns || names->size() != columns->size()) {
            return damaged(path_, kMeta, 0, "",
                           "the area attribute names and columns do not match");
        }
        project_.areaAttributeNames = std::move(*names);
        attributeColumns_ = std::move(*columns);
        try {
            graphNodes_ = std::stoull(*value(meta::kAreaGraphNodes));
        } catch (const std::exception&) {
            return damaged(path_, kMeta, 0, "", "the area graph's node count is not a number");
        }
        areaTerritoryStored_ = *value(meta::kAreaTerritoryStored) == "1";
        accountAreaStored_ = *value(meta::kAccountAreaStored) == "1";
        if (const std::string* header = value(meta::kAccountRejectsHeader)) {
            project_.accountRejectsHeader = *header;
        }
        return {};
    }

    Result<void> readReps() {
        auto query = prepare(
            "SELECT fid, name, home_lon, home_lat, has_home, capacity, skills FROM reps "
            "ORDER BY fid",
            kReps);
        if (!query) {
            return fail(query.error());
        }
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            const std::int64_t fid = query->columnInt(0);
            if (auto r = expectFid(kReps, fid, project_.reps.size()); !r) {
                return r;
            }
            Rep rep;
            rep.name = query->columnText(1);
            rep.home = Point(query->columnDouble(2), query->columnDouble(3));
            rep.hasHome = query->columnInt(4) != 0;
            rep.capacity = query->columnDouble(5);
            auto skills = parseJsonArray(query->columnText(6));
            if (!skills) {
                return damaged(path_, kReps, fid, "skills", skills.error().message);
            }
            rep.skills = std::move(*skills);
            project_.reps.push_back(std::move(rep));
        }
        return {};
    }

    Result<void> readTerritories() {
        auto query = prepare("SELECT fid, name, color, rep, locked FROM territories ORDER BY fid",
                             kTerritories);
        if (!query) {
            return fail(query.error());
        }
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            const std::int64_t fid = query->columnInt(0);
            if (auto r = expectFid(kTerritories, fid, project_.territories.size()); !r) {
                return r;
            }
            Territory territory;
            territory.name = query->columnText(1);
            const auto color = parseColor(query->columnText(2));
            if (!color) {
                return damaged(path_, kTerritories, fid, "color",
                               "'" + query->columnText(2) + "' is not a colour like #1f78b4");
            }
            territory.color = *color;
            auto rep = reference(*query, 3, project_.reps.size(), kTerritories, fid, "rep");
            if (!rep) {
                return fail(rep.error());
            }
            territory.rep = static_cast<RepIndex>(*rep);
            territory.locked = query->columnInt(4) != 0;
            project_.territories.push_back(std::move(territory));
        }
        return {};
    }

    Result<void> readAreas() {
        std::string sql = "SELECT fid, geom, code, name, locked, territory, label_lon, label_lat";
        for (const std::string& column : attributeColumns_) {
            sql += ", " + quoteIdentifier(column);
        }
        sql += " FROM areas ORDER BY fid";
        auto query = prepare(sql, kAreas);
        if (!query) {
            return fail(query.error());
        }
        const std::size_t expectedRows = rowCount(kAreas);
        project_.areas.reserve(expectedRows);
        std::vector<TerritoryIndex> areaTerritory;
        areaTerritory.reserve(expectedRows);
        bool anyTerritory = false;
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            const std::int64_t fid = query->columnInt(0);
            if (auto r = expectFid(kAreas, fid, project_.areas.size()); !r) {
                return r;
            }
            Area area;
            if (!query->isNull(1)) {
                auto shape = decodeMultiPolygon(query->columnBlob(1));
                if (!shape) {
                    return damaged(path_, kAreas, fid, "geom", shape.error().message);
                }
                area.shape = std::move(*shape);
            }
            bg::envelope(area.shape, area.bounds);
            area.code = query->columnText(2);
            area.name = query->columnText(3);
            area.locked = query->columnInt(4) != 0;
            auto territory =
                reference(*query, 5, project_.territories.size(), kAreas, fid, "territory");
            if (!territory) {
                return fail(territory.error());
            }
            anyTerritory = anyTerritory || *territory != kNoTerritory;
            areaTerritory.push_back(static_cast<TerritoryIndex>(*territory));
            area.labelPoint = Point(query->columnDouble(6), query->columnDouble(7));
            area.attributes.resize(attributeColumns_.size());
            for (std::size_t a = 0; a < attributeColumns_.size(); ++a) {
                area.attributes[a] = query->columnDouble(static_cast<int>(8 + a));
            }
            project_.areas.push_back(std::move(area));
            if (project_.areas.size() % kRowsPerProgressStep == 0) {
                if (canceled()) {
                    return canceledError();
                }
                progress(0.2 * static_cast<double>(project_.areas.size()) /
                         static_cast<double>(std::max<std::size_t>(expectedRows, 1)));
            }
        }
        if (areaTerritoryStored_ || anyTerritory) {
            project_.alignment.areaTerritory = std::move(areaTerritory);
        }
        return {};
    }

    Result<void> readAccounts() {
        auto query = prepare(
            "SELECT fid, geom, account_id, name, postal_code, segment, required_skill, owner, "
            "potential, workload, sales, locked, location_source, area, custom, removed "
            "FROM accounts "
            "ORDER BY fid",
            kAccounts);
        if (!query) {
            return fail(query.error());
        }
        const std::size_t expectedRows = rowCount(kAccounts);
        project_.accounts.reserve(expectedRows);
        project_.accountArea.reserve(expectedRows);
        bool anyArea = false;
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            const std::int64_t fid = query->columnInt(0);
            if (auto r = expectFid(kAccounts, fid, project_.accounts.size()); !r) {
                return r;
            }
            Account account;
            if (!query->isNull(1)) {
                auto location = decodePoint(query->columnBlob(1));
                if (!location) {
                    return damaged(path_, kAccounts, fid, "geom", location.error().message);
                }
                account.location = *location;
            }
            account.id = query->columnText(2);
            account.name = query->columnText(3);
            account.postalCode = query->columnText(4);
            account.segment = query->columnText(5);
            account.requiredSkill = query->columnText(6);
            account.owner = query->columnText(7);
            account.potential = query->columnDouble(8);
            account.workload = query->columnDouble(9);
            account.sales = query->columnDouble(10);
            account.locked = query->columnInt(11) != 0;
            const auto source = parseLocationSource(query->columnText(12));
            if (!source) {
                return damaged(
                    path_, kAccounts, fid, "location_source",
                    "'" + query->columnText(12) + "' is not one of coordinates, postal_code, none");
            }
            account.locationSource = *source;
            auto area = reference(*query, 13, project_.areas.size(), kAccounts, fid, "area");
            if (!area) {
                return fail(area.error());
            }
            anyArea = anyArea || *area != kNoArea;
            project_.accountArea.push_back(static_cast<std::int32_t>(*area));
            if (!query->isNull(14)) {
                if (auto custom = parseJsonObject(query->columnText(14), account.custom); !custom) {
                    return damaged(path_, kAccounts, fid, "custom", custom.error().message);
                }
            }
            account.removed = query->columnInt(15) != 0;
            project_.accounts.push_back(std::move(account));
            if (project_.accounts.size() % kRowsPerProgressStep == 0) {
                if (canceled()) {
                    return canceledError();
                }
                progress(0.2 + 0.75 * static_cast<double>(project_.accounts.size()) /
                                   static_cast<double>(std::max<std::size_t>(expectedRows, 1)));
            }
        }
        if (!accountAreaStored_ && !anyArea) {
            project_.accountArea.clear();
        }
        return {};
    }

    Result<void> readAreaGraph() {
        if (graphNodes_ != 0 && graphNodes_ != project_.areas.size()) {
            return damaged(path_, kMeta, 0, "",
                           "the area graph has " + std::to_string(graphNodes_) + " nodes for " +
                               std::to_string(project_.areas.size()) + " areas");
        }
        auto query = prepare(
            "SELECT fid, a, b, shared_boundary_km, bridge FROM area_graph "
            "ORDER BY fid",
            kAreaGraph);
        if (!query) {
            return fail(query.error());
        }
        std::vector<AreaEdge> edges;
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            const std::int64_t fid = query->columnInt(0);
            AreaEdge edge;
            for (int end = 0; end < 2; ++end) {
                const std::int64_t value = query->columnInt(1 + end);
                if (query->isNull(1 + end) || value < 1 ||
                    static_cast<std::uint64_t>(value) > graphNodes_) {
                    return damaged(path_, kAreaGraph, fid, end == 0 ? "a" : "b",
                                   "area fid " + std::to_string(value) + " does not exist");
                }
                (end == 0 ? edge.a : edge.b) = static_cast<std::uint32_t>(value - 1);
            }
            edge.sharedBoundaryKm = query->columnDouble(3);
            edge.bridge = query->columnInt(4) != 0;
            edges.push_back(edge);
        }
        project_.graph = AreaGraph::fromEdges(graphNodes_, std::move(edges));
        return {};
    }

    Result<void> readOverrides() {
        auto query = prepare("SELECT fid, account, territory FROM account_overrides ORDER BY fid",
                             kAccountOverrides);
        if (!query) {
            return fail(query.error());
        }
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            const std::int64_t fid = query->columnInt(0);
            auto account =
                reference(*query, 1, project_.accounts.size(), kAccountOverrides, fid, "account");
            if (!account) {
                return fail(account.error());
            }
            if (*account < 0) {
                return damaged(path_, kAccountOverrides, fid, "account", "no account given");
            }
            auto territory = reference(*query, 2, project_.territories.size(), kAccountOverrides,
                                       fid, "territory");
            if (!territory) {
                return fail(territory.error());
            }
            const bool inserted = project_.alignment.accountOverrides
                                      .emplace(static_cast<AccountIndex>(*account),
                                               static_cast<TerritoryIndex>(*territory))
                                      .second;
            if (!inserted) {
                return damaged(
                    path_, kAccountOverrides, fid, "account",
                    "account fid " + std::to_string(*account + 1) + " is overridden twice");
            }
        }
        return {};
    }

    Result<void> readRejects() {
        auto query = prepare(
            "SELECT source_file, row, column_name, reason, raw_line FROM import_rejects "
            "ORDER BY fid",
            kImportRejects);
        if (!query) {
            return fail(query.error());
        }
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            ImportReject reject;
            reject.source = query->columnText(0);
            reject.row = query->isNull(1) ? -1 : query->columnInt(1);
            reject.column = query->columnText(2);
            reject.reason = query->columnText(3);
            reject.rawLine = query->columnText(4);
            project_.accountRejects.push_back(std::move(reject));
        }
        return {};
    }

    [[nodiscard]] Result<bool> hasTable(const char* table) {
        auto query = db_.prepare(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
            "name = ?");
        if (!query) {
            return withPath(query.error());
        }
        query->bind(1, std::string_view(table));
        auto row = query->step();
        if (!row) {
            return withPath(row.error());
        }
        return *row && query->columnInt(0) > 0;
    }

    /// Optional: files written before drawn polygons were kept have no such tables.
    Result<void> readDrawnPolygons() {
        auto present = hasTable(kDrawnPolygons);
        if (!present) {
            return fail(present.error());
        }
        if (!*present) {
            return {};
        }
        auto query =
            prepare("SELECT fid, geom, territory FROM drawn_polygons ORDER BY fid", kDrawnPolygons);
        if (!query) {
            return fail(query.error());
        }
        std::vector<DrawnPolygon>& polygons = project_.drawnPolygons;
        while (true) {
            auto row = query->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            const std::int64_t fid = query->columnInt(0);
            if (auto r = expectFid(kDrawnPolygons, fid, polygons.size()); !r) {
                return r;
            }
            DrawnPolygon polygon;
            auto territory =
                reference(*query, 2, project_.territories.size(), kDrawnPolygons, fid, "territory");
            if (!territory) {
                return fail(territory.error());
            }
            if (*territory < 0) {
                return damaged(path_, kDrawnPolygons, fid, "territory", "no territory given");
            }
            polygon.territory = static_cast<TerritoryIndex>(*territory);
            if (query->isNull(1)) {
                return damaged(path_, kDrawnPolygons, fid, "geom", "the polygon has no geometry");
            }
            auto shape = decodeMultiPolygon(query->columnBlob(1));
            if (!shape) {
                return damaged(path_, kDrawnPolygons, fid, "geom", shape.error().message);
            }
            if (shape->size() != 1 || !shape->front().inners().empty() ||
                shape->front().outer().size() < 4) {
                return damaged(path_, kDrawnPolygons, fid, "geom",
                               "expected one polygon with one ring of at least 3 corners");
            }
            const Ring& ring = shape->front().outer();
            polygon.ring.assign(ring.begin(), ring.end() - 1);  // drop the closing corner
            polygons.push_back(std::move(polygon));
        }
        auto captures = prepare(
            "SELECT fid, polygon, area, account_id, before_territory, had_override "
            "FROM drawn_polygon_captures ORDER BY fid",
            kDrawnPolygonCaptures);
        if (!captures) {
            return fail(captures.error());
        }
        while (true) {
            auto row = captures->step();
            if (!row) {
                return withPath(row.error());
            }
            if (!*row) {
                break;
            }
            const std::int64_t fid = captures->columnInt(0);
            auto polygon =
                reference(*captures, 1, polygons.size(), kDrawnPolygonCaptures, fid, "polygon");
            if (!polygon) {
                return fail(polygon.error());
            }
            if (*polygon < 0) {
                return damaged(path_, kDrawnPolygonCaptures, fid, "polygon", "no polygon given");
            }
            auto area =
                reference(*captures, 2, project_.areas.size(), kDrawnPolygonCaptures, fid, "area");
            if (!area) {
                return fail(area.error());
            }
            auto before = reference(*captures, 4, project_.territories.size(),
                                    kDrawnPolygonCaptures, fid, "before_territory");
            if (!before) {
                return fail(before.error());
            }
            DrawnPolygon& owner = polygons[static_cast<std::size_t>(*polygon)];
            const bool isAccount = !captures->isNull(3);
            if ((*area >= 0) == isAccount) {
                return damaged(path_, kDrawnPolygonCaptures, fid, "area",
                               "exactly one of area and account_id must be given");
            }
            if (isAccount) {
                CapturedAccount account;
                account.accountId = captures->columnText(3);
                account.hadOverride = captures->columnInt(5) != 0;
                account.overrideBefore = static_cast<TerritoryIndex>(*before);
                owner.capturedAccounts.push_back(std::move(account));
            } else {
                owner.capturedAreas.push_back(
                    {static_cast<AreaIndex>(*area), static_cast<TerritoryIndex>(*before)});
            }
        }
        return {};
    }

    /// For reserving memory and reporting progress; 0 when unknown.
    std::size_t rowCount(const char* table) {
        auto count = db_.prepare(std::string("SELECT count(*) FROM ") + table);
        if (!count || !count->step().value_or(false)) {
            return 0;
        }
        return static_cast<std::size_t>(std::max<std::int64_t>(count->columnInt(0), 0));
    }

    /// Rows are written with fids 1, 2, 3, ...; a gap means rows were deleted or added.
    Result<void> expectFid(const char* table, std::int64_t fid, std::size_t rowsSoFar) {
        const auto expected = static_cast<std::int64_t>(rowsSoFar + 1);
        if (fid != expected) {
            return damaged(path_, table, fid, "fid",
                           "expected fid " + std::to_string(expected) +
                               " here (rows were deleted or added outside Tessera)");
        }
        return {};
    }

    /// A reference column: NULL reads as -1 (none), fid n as model index n - 1.
    Result<std::int64_t> reference(const SqliteStatement& query, int column, std::size_t rows,
                                   const char* table, std::int64_t fid, const char* name) {
        if (query.isNull(column)) {
            return -1;
        }
        const std::int64_t value = query.columnInt(column);
        if (value < 1 || static_cast<std::uint64_t>(value) > rows) {
            return damaged(path_, table, fid, name,
                           std::to_string(value) + " refers to no row (there are " +
                               std::to_string(rows) + ")");
        }
        return value - 1;
    }

    SqliteDatabase& db_;
    std::string path_;
    Feedback* feedback_;
    Project project_;
    std::vector<std::string> attributeColumns_;
    std::size_t graphNodes_ = 0;
    bool areaTerritoryStored_ = false;
    bool accountAreaStored_ = false;
};

/// Reads tessera_meta.schema_version, after telling a Tessera project from another database.
Result<int> readSchemaVersion(SqliteDatabase& db, const std::string& path) {
    auto hasMeta = db.prepare(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'tessera_meta'");
    if (!hasMeta) {
        Error error = hasMeta.error();
        error.file = path;
        return fail(std::move(error));
    }
    auto row = hasMeta->step();
    if (!row) {
        Error error = row.error();
        error.file = path;
        return fail(std::move(error));
    }
    if (hasMeta->columnInt(0) == 0) {
        auto applicationId = db.prepare("PRAGMA application_id");
        const bool geoPackage = applicationId && applicationId->step().value_or(false) &&
                                applicationId->columnInt(0) == kGeoPackageApplicationId;
        return fail(ErrorCode::FileUnreadable,
                    geoPackage ? "this GeoPackage is not a Tessera project (it has no "
                                 "tessera_meta table). To use its layers, import them into a "
                                 "project instead."
                               : "this SQLite database is not a Tessera project (it has no "
                                 "tessera_meta table).",
                    path);
    }
    auto version = db.prepare("SELECT value FROM tessera_meta WHERE key = 'schema_version'");
    if (!version) {
        return damaged(path, kMeta, 0, "", "the table cannot be read");
    }
    auto found = version->step();
    if (!found) {
        Error error = found.error();
        error.file = path;
        return fail(std::move(error));
    }
    if (!*found) {
        return damaged(path, kMeta, 0, "", "the entry 'schema_version' is missing");
    }
    const std::string text = version->columnText(0);
    try {
        std::size_t used = 0;
        const int value = std::stoi(text, &used);
        if (used == text.size()) {
            return value;
        }
    } catch (const std::exception&) {
    }
    return damaged(path, kMeta, 0, "", "the schema version '" + text + "' is not a number");
}

/// Copies the database into memory and migrates the copy, leaving the file as it is.
Result<SqliteDatabase> migratedCopy(SqliteDatabase& db, const std::string& path, int version,
                                    std::span<const SchemaMigration> migrations) {
    auto copy = SqliteDatabase::open(":memory:", SqliteDatabase::Mode::Create);
    if (!copy) {
        return fail(copy.error());
    }
    sqlite3_backup* backup = sqlite3_backup_init(copy->handle(), "main", db.handle(), "main");
    if (backup == nullptr) {
        return fail(copy->lastError("cannot copy the project for migration"));
    }
    const int stepped = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (stepped != SQLITE_DONE || finished != SQLITE_OK) {
        return fail(sqliteError(db.handle(), stepped != SQLITE_DONE ? stepped : finished,
                                "cannot copy the project for migration", path));
    }
    auto migrated =
        registerGeoPackageFunctions(*copy)
            .and_then([&] { return copy->execute("BEGIN;"); })
            .and_then([&] { return migrateSchema(*copy, version, kSchemaVersion, migrations); });
    if (migrated) {
        migrated = copy->execute("COMMIT;");
    }
    if (!migrated) {
        Error error = migrated.error();
        error.file = path;
        return fail(std::move(error));
    }
    return std::move(*copy);
}

}  // namespace

Result<Project> loadProjectWithMigrations(const std::string& path,
                                          std::span<const SchemaMigration> migrations,
                                          Feedback* feedback) {
    if (auto header = checkFileHeader(path); !header) {
        return fail(header.error());
    }
    auto db = SqliteDatabase::open(path, SqliteDatabase::Mode::ReadOnly);
    if (!db) {
        return fail(db.error());
    }
    auto version = readSchemaVersion(*db, path);
    if (!version) {
        return fail(version.error());
    }
    if (*version > kSchemaVersion) {
        return fail(ErrorCode::Unsupported,
                    "this project was made by a newer Tessera (schema " + std::to_string(*version) +
                        "); this build reads up to schema " + std::to_string(kSchemaVersion) +
                        ". Update Tessera to open it.",
                    path);
    }
    if (*version < kSchemaVersion) {
        auto copy = migratedCopy(*db, path, *version, migrations);
        if (!copy) {
            return fail(copy.error());
        }
        return ProjectReader(*copy, path, feedback).read();
    }
    if (auto r = db->execute("PRAGMA mmap_size = 1073741824;"); !r) {
        return fail(r.error());
    }
    return ProjectReader(*db, path, feedback).read();
}

Result<Project> loadProject(const std::string& path) {
    return loadProjectWithMigrations(path, builtInMigrations(), nullptr);
}

Result<Project> loadProject(const std::string& path, Feedback* feedback) {
    return loadProjectWithMigrations(path, builtInMigrations(), feedback);
}

}  // namespace tessera::storage
