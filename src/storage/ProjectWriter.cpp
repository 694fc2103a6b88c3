// SPDX-License-Identifier: Apache-2.0
// saveProject: validates the model, writes it into a temporary GeoPackage beside the target in
// one transaction, and renames the finished file over the target.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <future>
#include <limits>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "GeoPackageGeometry.h"
#include "GeoPackageSchema.h"
#include "ProjectFile.h"
#include "ProjectSchema.h"
#include "ReplacementFile.h"
#include "SpatialIndexLoader.h"
#include "SqliteBulkLoader.h"
#include "SqliteDatabase.h"
#include "core/JsonText.h"
#include "core/Metrics.h"
#include "core/TerritoryOutline.h"

#ifndef TESSERA_VERSION
#define TESSERA_VERSION "unknown"
#endif

namespace tessera::storage {

namespace {

/// An account that is not located has no geometry (GIS tools then leave it off the map); a
/// location it still carries is kept so that nothing is lost.
bool hasGeometry(const Account& account) {
    return account.locationSource != LocationSource::None || account.location.x() != 0.0 ||
           account.location.y() != 0.0;
}

/// Whether the account is in the accounts' spatial index: it has a geometry, and a finite one.
bool indexed(const Account& account) {
    return hasGeometry(account) && std::isfinite(account.location.x()) &&
           std::isfinite(account.location.y());
}

using namespace schema;

constexpr std::size_t kRowsPerProgressStep = 4096;

tl::unexpected<Error> inconsistent(const std::string& what) {
    return fail(ErrorCode::InvalidArgument,
                "cannot save an inconsistent project: " + what +
                    ". This is a bug in the program that built the project; please report it.");
}

/// The model's invariants that the file relies on; checked before anything is written.
Result<void> checkConsistent(const Project& project) {
    const std::size_t areaCount = project.areas.size();
    const std::size_t accountCount = project.accounts.size();
    const auto territoryCount = static_cast<std::int64_t>(project.territories.size());
    const auto repCount = static_cast<std::int64_t>(project.reps.size());
    const auto& areaTerritory = project.alignment.areaTerritory;
    if (!areaTerritory.empty() && areaTerritory.size() != areaCount) {
        return inconsistent("the alignment lists " + std::to_string(areaTerritory.size()) +
                            " areas, the project has " + std::to_string(areaCount));
    }
    for (std::size_t i = 0; i < areaTerritory.size(); ++i) {
        if (areaTerritory[i] < kNoTerritory || areaTerritory[i] >= territoryCount) {
            return inconsistent("area " + std::to_string(i) + " is in territory " +
                                std::to_string(areaTerritory[i]) + ", which does not exist");
        }
    }
    for (std::size_t i = 0; i < areaCount; ++i) {
        if (project.areas[i].attributes.size() != project.areaAttributeNames.size()) {
            return inconsistent("area " + std::to_string(i) + " has " +
                                std::to_string(project.areas[i].attributes.size()) +
                                " attribute values for " +
                                std::to_string(project.areaAttributeNames.size()) + " attributes");
        }
    }
    if (!project.accountArea.empty() && project.accountArea.size() != accountCount) {
        return inconsistent("the account → area list has " +
                            std::to_string(project.accountArea.size()) + " entries for " +
                            std::to_string(accountCount) + " accounts");
    }
    for (std::size_t i = 0; i < project.accountArea.size(); ++i) {
        const std::int32_t area = project.accountArea[i];
        if (area < kNoArea || area >= static_cast<std::int64_t>(areaCount)) {
            return inconsistent("account " + std::to_string(i) + " is in area " +
                                std::to_string(area) + ", which does not exist");
        }
    }
    for (const auto& [account, territory] : project.alignment.accountOverrides) {
        if (account >= accountCount) {
            return inconsistent("an override names account " + std::to_string(account) +
                                ", which does not exist");
        }
        if (territory < kNoTerritory || territory >= territoryCount) {
            return inconsistent("account " + std::to_string(account) +
                                " is overridden to territory " + std::to_string(territory) +
                                ", which does not exist");
        }
    }
    for (std::size_t i = 0; i < project.territories.size(); ++i) {
        const RepIndex rep = project.territories[i].rep;
        if (rep < kNoRep || rep >= repCount) {
            return inconsistent("territory " + std::to_string(i) + " has rep " +
                                std::to_string(rep) + ", who does not exist");
        }
    }
    for (std::size_t p = 0; p < project.drawnPolygons.size(); ++p) {
        const DrawnPolygon& polygon = project.drawnPolygons[p];
        const std::string which = "drawn polygon " + std::to_string(p);
        if (polygon.territory < 0 || polygon.territory >= territoryCount) {
            return inconsistent(which + " belongs to territory " +
                                std::to_string(polygon.territory) + ", which does not exist");
        }
        if (polygon.ring.size() < 3) {
            return inconsistent(which + " has " + std::to_string(polygon.ring.size()) + " corners");
        }
        for (const CapturedArea& captured : polygon.capturedAreas) {
            if (captured.area >= areaCount || captured.before < kNoTerritory ||
                captured.before >= territoryCount) {
                return inconsistent(which + " took area " + std::to_string(captured.area) +
                                    " from territory " + std::to_string(captured.before) +
                                    ", one of which does not exist");
            }
        }
        for (const CapturedAccount& captured : polygon.capturedAccounts) {
            if (captured.hadOverride && (captured.overrideBefore < kNoTerritory ||
                                         captured.overrideBefore >= territoryCount)) {
                return inconsistent(which + " took account " + captured.accountId +
                                    " from territory " + std::to_string(captured.overrideBefore) +
                                    ", which does not exist");
            }
        }
    }
    const std::size_t nodes = project.graph.nodeCount();
    if (nodes != 0 && nodes != areaCount) {
        return inconsistent("the area graph has " + std::to_string(nodes) + " nodes for " +
                            std::to_string(areaCount) + " areas");
    }
    return {};
}

std::string utcNow() {
    const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

/// When the target already is a Tessera project, its creation time carries over.
std::optional<std::string> existingCreationTime(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return std::nullopt;
    }
    auto db = SqliteDatabase::open(path, SqliteDatabase::Mode::ReadOnly);
    if (!db) {
        return std::nullopt;
    }
    auto query = db->prepare("SELECT value FROM tessera_meta WHERE key = 'created_at'");
    if (!query) {
        return std::nullopt;
    }
    auto row = query->step();
    if (!row || !*row || query->isNull(0)) {
        return std::nullopt;
    }
    return query->columnText(0);
}

/// The fid a reference to model index `modelIndex` is stored as (indices count from 0, fids
/// from 1); none (NULL) for the "no area/territory/rep" indices below 0.
std::optional<std::int64_t> referenceFid(std::int64_t modelIndex) {
    return modelIndex < 0 ? std::nullopt : std::optional(modelIndex + 1);
}

void bindReference(SqliteStatement& statement, int index, std::int64_t modelIndex) {
    if (const auto fid = referenceFid(modelIndex)) {
        statement.bind(index, *fid);
    } else {
        statement.bindNull(index);
    }
}

void extend(std::optional<Box>& extent, const Box& box) {
    if (!extent) {
        extent = box;
    } else {
        bg::expand(*extent, box);
    }
}

void addReference(SqliteRecord& record, std::int64_t modelIndex) {
    if (const auto fid = referenceFid(modelIndex)) {
        record.addInteger(*fid);
    } else {
        record.addNull();
    }
}

/// The accounts' rows in SQLite's record format, made a chunk at a time on another thread
/// ahead of the thread that lays them out into pages (encoding: custom attributes as JSON, the
/// point blob, the record, is half the work of writing the table); a chunk that is not begun
/// when it is needed is made by the taking thread itself. At most kSlots chunks exist at once,
/// so the rows never sit in memory twice.
class AccountRecordPipeline {
public:
    static constexpr std::size_t kRowsPerChunk = 4096;

    explicit AccountRecordPipeline(const Project& project)
        : project_(project),
          chunks_((project.accounts.size() + kRowsPerChunk - 1) / kRowsPerChunk) {
        thread_ = std::thread([this] { run(); });
    }
    ~AccountRecordPipeline() {
        {
            const std::lock_guard lock(mutex_);
            stop_ = true;
        }
        changed_.notify_all();
        thread_.join();
    }
    AccountRecordPipeline(const AccountRecordPipeline&) = delete;
    AccountRecordPipeline& operator=(const AccountRecordPipeline&) = delete;

    /// One chunk's records, back to back; record r ends at ends[r].
    struct Chunk {
        std::vector<std::uint8_t> bytes;
        std::vector<std::size_t> ends;
        std::size_t index = std::numeric_limits<std::size_t>::max();  ///< once made
    };

    /// Chunk c, made; chunks are taken in order, each once, and released before the next is
    /// taken. It stays valid until release().
    const Chunk& take(std::size_t c) {
        std::unique_lock lock(mutex_);
        Chunk& chunk = slots_[c % kSlots];
        if (chunk.index != c && nextToMake_ == c) {
            ++nextToMake_;
            lock.unlock();
            make(c, chunk, encoder_);
            lock.lock();
            chunk.index = c;
            return chunk;
        }
        changed_.wait(lock, [&] { return chunk.index == c; });
        return chunk;
    }
    void release() {
        {
            const std::lock_guard lock(mutex_);
            ++released_;
        }
        changed_.notify_all();
    }

private:
    static constexpr std::size_t kSlots = 4;

    /// A thread's reusable buffers.
    struct Encoder {
        SqliteRecord record;
        std::vector<std::uint8_t> point;
        std::string json;
    };

    void run() {
        Encoder encoder;
        for (;;) {
            std::size_t c = 0;
            {
                std::unique_lock lock(mutex_);
                changed_.wait(lock, [&] {
                    return stop_ || (nextToMake_ < chunks_ && nextToMake_ < released_ + kSlots);
                });
                if (stop_) {
                    return;
                }
                c = nextToMake_++;
            }
            Chunk& chunk = slots_[c % kSlots];
            make(c, chunk, encoder);
            {
                const std::lock_guard lock(mutex_);
                chunk.index = c;
            }
            changed_.notify_all();
            if (c + 1 == chunks_) {
                return;
            }
        }
    }

    void make(std::size_t c, Chunk& chunk, Encoder& encoder) const {
        chunk.bytes.clear();
        chunk.ends.clear();
        const std::size_t end = std::min(project_.accounts.size(), (c + 1) * kRowsPerChunk);
        for (std::size_t i = c * kRowsPerChunk; i < end; ++i) {
            encode(i, encoder);
            encoder.record.appendTo(chunk.bytes);
            chunk.ends.push_back(chunk.bytes.size());
        }
    }

    /// The columns of CREATE TABLE accounts, in order.
    void encode(std::size_t i, Encoder& encoder) const {
        SqliteRecord& record = encoder.record;
        const Account& account = project_.accounts[i];
        record.clear();
        record.addNull();  // fid: the rowid
        if (hasGeometry(account)) {
            encodePoint(account.location, encoder.point);
            record.addBlob(encoder.point);
        } else {
            record.addNull();
        }
        record.addText(account.id);
        record.addText(account.name);
        record.addText(account.postalCode);
        record.addText(account.segment);
        record.addText(account.requiredSkill);
        record.addText(account.owner);
        record.addRealToRealColumn(account.potential);
        record.addRealToRealColumn(account.workload);
        record.addRealToRealColumn(account.sales);
        record.addInteger(account.locked ? 1 : 0);
        record.addText(locationSourceName(account.locationSource));
        addReference(record, project_.accountArea.empty() ? kNoArea : project_.accountArea[i]);
        addReference(record, project_.territoryOfAccount(static_cast<AccountIndex>(i)));
        if (account.custom.empty()) {
            record.addNull();
        } else {
            writeJsonObject(account.custom, encoder.json);
            record.addText(encoder.json);
        }
        record.addInteger(account.removed ? 1 : 0);
    }

    const Project& project_;
    const std::size_t chunks_;
    Encoder encoder_;  // the taking thread's
    Chunk slots_[kSlots];
    std::mutex mutex_;
    std::condition_variable changed_;
    std::size_t nextToMake_ = 0;
    std::size_t released_ = 0;
    bool stop_ = false;
    std::thread thread_;
};

class ProjectWriter {
public:
    ProjectWriter(SqliteDatabase& db, const Project& project, Feedback* feedback,
                  std::string createdAt)
        : db_(db), project_(project), feedback_(feedback), createdAt_(std::move(createdAt)) {}

    Result<void> write() {
        if (auto r = db_.execute("PRAGMA page_size = 16384;"
                                 "PRAGMA journal_mode = OFF;"
                                 "PRAGMA synchronous = OFF;"
                                 "PRAGMA locking_mode = EXCLUSIVE;"
                                 "PRAGMA temp_store = MEMORY;"
                                 "PRAGMA cache_size = -65536;"
                                 "BEGIN;");
            !r) {
            return r;
        }
        for (auto step : {&ProjectWriter::writeSchema, &ProjectWriter::writeAreas,
                          &ProjectWriter::writeTerritories, &ProjectWriter::writeAccounts,
                          &ProjectWriter::writeReps, &ProjectWriter::writeAreaGraph,
                          &ProjectWriter::writeOverrides, &ProjectWriter::writeRejects,
                          &ProjectWriter::writeDrawnPolygons, &ProjectWriter::writeMeta,
                          &ProjectWriter::writeIndexTriggers}) {
            if (auto r = (this->*step)(); !r) {
                return r;
            }
        }
        return db_.execute("COMMIT;");
    }

private:
    void progress(double fraction) {
        if (feedback_ != nullptr) {
            feedback_->setProgress(fraction);
        }
    }

    [[nodiscard]] bool canceled() const { return feedback_ != nullptr && feedback_->isCanceled(); }

    static tl::unexpected<Error> canceledError() {
        return fail(ErrorCode::Canceled, "saving was canceled; the file on disk was not changed");
    }

    Result<void> writeSchema() {
        if (auto r = createGeoPackageCore(db_); !r) {
            return r;
        }
        attributeColumns_ = areaAttributeColumns(project_.areaAttributeNames);
        std::string areas =
            "CREATE TABLE areas ("
            " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
            " geom MULTIPOLYGON,"
            " code TEXT NOT NULL,"
            " name TEXT NOT NULL,"
            " locked BOOLEAN NOT NULL,"
            " territory INTEGER,"
            " label_lon REAL,"
            " label_lat REAL";
        for (const std::string& column : attributeColumns_) {
            areas += ", " + quoteIdentifier(column) + " REAL";
        }
        areas += ");";
        const std::string sql = areas +
                                "CREATE TABLE accounts ("
                                " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                " geom POINT,"
                                " account_id TEXT NOT NULL,"
                                " name TEXT NOT NULL,"
                                " postal_code TEXT NOT NULL,"
                                " segment TEXT NOT NULL,"
                                " required_skill TEXT NOT NULL,"
                                " owner TEXT NOT NULL,"
                                " potential REAL,"
                                " workload REAL,"
                                " sales REAL,"
                                " locked BOOLEAN NOT NULL,"
                                " location_source TEXT NOT NULL,"
                                " area INTEGER,"
                                " territory INTEGER,"
                                " custom TEXT,"
                                " removed BOOLEAN NOT NULL DEFAULT 0);"
                                "CREATE TABLE territories ("
                                " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                " geom MULTIPOLYGON,"
                                " name TEXT NOT NULL,"
                                " color TEXT NOT NULL,"
                                " rep INTEGER,"
                                " rep_name TEXT,"
                                " locked BOOLEAN NOT NULL,"
                                " areas INTEGER NOT NULL,"
                                " accounts INTEGER NOT NULL,"
                                " workload REAL,"
                                " potential REAL,"
                                " sales REAL,"
                                " workload_deviation REAL,"
                                " potential_deviation REAL);"
                                "CREATE TABLE reps ("
                                " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                " name TEXT NOT NULL,"
                                " home_lon REAL,"
                                " home_lat REAL,"
                                " has_home BOOLEAN NOT NULL,"
                                " capacity REAL,"
                                " skills TEXT NOT NULL);"
                                "CREATE TABLE area_graph ("
                                " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                " a INTEGER NOT NULL,"
                                " b INTEGER NOT NULL,"
                                " shared_boundary_km REAL,"
                                " bridge BOOLEAN NOT NULL);"
                                "CREATE TABLE account_overrides ("
                                " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                " account INTEGER NOT NULL UNIQUE,"
                                " territory INTEGER);"
                                "CREATE TABLE import_rejects ("
                                " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                " source_file TEXT NOT NULL,"
                                " row INTEGER,"
                                " column_name TEXT NOT NULL,"
                                " reason TEXT NOT NULL,"
                                " raw_line TEXT NOT NULL);"
                                "CREATE TABLE tessera_meta ("
                                " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                " key TEXT NOT NULL UNIQUE,"
                                " value TEXT);";
        if (auto r = db_.execute(sql); !r) {
            return r;
        }
        const std::pair<const char*, const char*> layers[] = {
            {kAreas, "Areas (geography building blocks) and the territory each belongs to"},
            {kAccounts, "Customer accounts, with the area and territory each counts in"},
            {kTerritories, "Territories: the dissolved outline of their areas, rep and metrics"},
        };
        for (const auto& [table, description] : layers) {
            const std::string geometryType =
                table == std::string(kAccounts) ? "POINT" : "MULTIPOLYGON";
            if (auto r =
                    registerFeatureTable(db_, table, kGeometryColumn, geometryType, description);
                !r) {
                return r;
            }
            if (auto r = createSpatialIndex(db_, table, kGeometryColumn); !r) {
                return r;
            }
        }
        const std::pair<const char*, const char*> tables[] = {
            {kReps, "Sales reps: home base, capacity (1 = one full-time workload), skills"},
            {kAreaGraph, "Neighbouring areas (fids) with their shared boundary length"},
            {kAccountOverrides, "Accounts assigned to a territory regardless of their area"},
            {kImportRejects, "Input rows the last import could not use, with the reason"},
            {kMeta, "Tessera project settings (schema version, names, timestamps)"},
        };
        for (const auto& [table, description] : tables) {
            if (auto r = registerAttributesTable(db_, table, description); !r) {
                return r;
            }
        }
        return {};
    }

    Result<void> writeAreas() {
        std::string sql = "INSERT INTO areas VALUES (?, ?, ?, ?, ?, ?, ?, ?";
        for (std::size_t i = 0; i < attributeColumns_.size(); ++i) {
            sql += ", ?";
        }
        sql += ")";
        auto insert = db_.prepare(sql);
        if (!insert) {
            return fail(insert.error());
        }
        std::vector<SpatialIndexEntry> index;
        index.reserve(project_.areas.size());
        const auto& areaTerritory = project_.alignment.areaTerritory;
        std::optional<Box> extent;
        for (std::size_t i = 0; i < project_.areas.size(); ++i) {
            const Area& area = project_.areas[i];
            const auto fid = static_cast<std::int64_t>(i + 1);
            Box envelope;
            const bool hasEnvelope = encodeMultiPolygon(area.shape, blob_, envelope);
            insert->bind(1, fid);
            insert->bindBlob(2, blob_);
            insert->bind(3, std::string_view(area.code));
            insert->bind(4, std::string_view(area.name));
            insert->bind(5, std::int64_t{area.locked ? 1 : 0});
            bindReference(*insert, 6, areaTerritory.empty() ? kNoTerritory : areaTerritory[i]);
            insert->bind(7, area.labelPoint.x());
            insert->bind(8, area.labelPoint.y());
            for (std::size_t a = 0; a < area.attributes.size(); ++a) {
                insert->bind(static_cast<int>(9 + a), area.attributes[a]);
            }
            if (auto r = insert->execute(); !r) {
                return r;
            }
            if (hasEnvelope) {
                index.push_back({fid, envelope});
                extend(extent, envelope);
            }
            if (i % kRowsPerProgressStep == 0) {
                if (canceled()) {
                    return canceledError();
                }
                progress(0.2 * static_cast<double>(i) / static_cast<double>(project_.areas.size()));
            }
        }
        if (auto r =
                fillSpatialIndex(db_, spatialIndexTable(kAreas, kGeometryColumn), std::move(index));
            !r) {
            return r;
        }
        return setLayerExtent(db_, kAreas, extent);
    }

    Result<void> writeTerritories() {
        std::vector<std::vector<std::uint32_t>> members(project_.territories.size());
        const auto& areaTerritory = project_.alignment.areaTerritory;
        for (std::uint32_t a = 0; a < areaTerritory.size(); ++a) {
            if (areaTerritory[a] >= 0) {
                members[static_cast<std::size_t>(areaTerritory[a])].push_back(a);
            }
        }
        // (The metrics go over every account: not for a project without territories yet.)
        const PlanMetrics metrics =
            project_.territories.empty() ? PlanMetrics{} : computeMetrics(project_);
        auto insert = db_.prepare(
            "INSERT INTO territories VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        if (!insert) {
            return fail(insert.error());
        }
        std::vector<SpatialIndexEntry> index;
        std::optional<Box> extent;
        for (std::size_t t = 0; t < project_.territories.size(); ++t) {
            if (canceled()) {
                return canceledError();
            }
            const Territory& territory = project_.territories[t];
            const TerritoryMetrics& m = metrics.territories[t];
            const auto fid = static_cast<std::int64_t>(t + 1);
            insert->bind(1, fid);
            Box envelope;
            bool hasEnvelope = false;
            if (members[t].empty()) {
                insert->bindNull(2);
            } else {
                hasEnvelope =
                    encodeMultiPolygon(dissolveAreas(project_.areas, members[t]), blob_, envelope);
                insert->bindBlob(2, blob_);
            }
            insert->bind(3, std::string_view(territory.name));
            const std::string color = colorText(territory.color);
            insert->bind(4, std::string_view(color));
            bindReference(*insert, 5, territory.rep);
            if (territory.rep >= 0) {
                insert->bind(6, std::string_view(
                                    project_.reps[static_cast<std::size_t>(territory.rep)].name));
            } else {
                insert->bindNull(6);
            }
            insert->bind(7, std::int64_t{territory.locked ? 1 : 0});
            insert->bind(8, static_cast<std::int64_t>(m.areas));
            insert->bind(9, static_cast<std::int64_t>(m.accounts));
            insert->bind(10, m.workload);
            insert->bind(11, m.potential);
            insert->bind(12, m.sales);
            insert->bind(13, m.workloadDeviation);
            insert->bind(14, m.potentialDeviation);
            if (auto r = insert->execute(); !r) {
                return r;
            }
            if (hasEnvelope) {
                index.push_back({fid, envelope});
                extend(extent, envelope);
            }
            progress(0.2 + 0.15 * static_cast<double>(t + 1) /
                               static_cast<double>(project_.territories.size()));
        }
        if (auto r = fillSpatialIndex(db_, spatialIndexTable(kTerritories, kGeometryColumn),
                                      std::move(index));
            !r) {
            return r;
        }
        return setLayerExtent(db_, kTerritories, extent);
    }

    /// The accounts' rows and their spatial index are not INSERTed: SQLite's statement machine
    /// would be most of a big save. Here the tables are only prepared (their sqlite_sequence row,
    /// extent and root pages noted, the index packed on another thread); fillBulkTables() then
    /// writes their pages straight into the closed file.
    Result<void> writeAccounts() {
        const std::string rtree = spatialIndexTable(kAccounts, kGeometryColumn);
        auto nodeBytes = spatialIndexNodeBytes(db_, rtree);
        if (!nodeBytes) {
            return fail(nodeBytes.error());
        }
        // The extent now (the layer's row is written before COMMIT); the index's entries and
        // packing on another thread, while the rest is written.
        std::optional<Box> extent;
        for (const Account& account : project_.accounts) {
            if (indexed(account)) {
                extend(extent, Box(account.location, account.location));
            }
        }
        hasIndexEntries_ = extent.has_value();
        packed_ = std::async(std::launch::async, [this, bytes = *nodeBytes] {
            std::vector<SpatialIndexEntry> index;
            index.reserve(project_.accounts.size());
            for (std::size_t i = 0; i < project_.accounts.size(); ++i) {
                const Account& account = project_.accounts[i];
                if (indexed(account)) {
                    index.push_back({static_cast<std::int64_t>(i + 1),
                                     Box(account.location, account.location)});
                }
            }
            return packSpatialIndex(std::move(index), bytes);
        });
        if (!project_.accounts.empty()) {
            // What SQLite would have noted after inserting fids 1 to n (AUTOINCREMENT).
            auto sequence = db_.prepare("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)");
            if (!sequence) {
                return fail(sequence.error());
            }
            sequence->bind(1, std::string_view(kAccounts));
            sequence->bind(2, static_cast<std::int64_t>(project_.accounts.size()));
            if (auto r = sequence->execute(); !r) {
                return r;
            }
        }
        if (hasIndexEntries_) {
            // The index is written whole, root node included.
            if (auto r = db_.execute("DELETE FROM " + quoteIdentifier(rtree + "_node")); !r) {
                return r;
            }
        }
        for (const auto& [table, root] : {std::pair{std::string(kAccounts), &accountsRoot_},
                                          std::pair{rtree + "_node", &indexRoots_.node},
                                          std::pair{rtree + "_rowid", &indexRoots_.rowid},
                                          std::pair{rtree + "_parent", &indexRoots_.parent}}) {
            auto page = rootPage(table);
            if (!page) {
                return fail(page.error());
            }
            *root = *page;
        }
        return setLayerExtent(db_, kAccounts, extent);
    }

    Result<std::uint32_t> rootPage(const std::string& table) {
        auto query =
            db_.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?");
        if (!query) {
            return fail(query.error());
        }
        query->bind(1, std::string_view(table));
        auto row = query->step();
        if (!row) {
            return fail(row.error());
        }
        if (!*row) {
            return fail(ErrorCode::Internal, "the project file has no table " + table);
        }
        return static_cast<std::uint32_t>(query->columnInt(0));
    }

public:
    /// Writes the accounts and their spatial index into the file write() made, once SQLite has
    /// closed it.
    Result<void> fillBulkTables(const std::string& path) {
        auto loader = SqliteBulkLoader::open(path);
        if (!loader) {
            return fail(loader.error());
        }
        if (auto r = loadAccounts(*loader); !r) {
            return r;
        }
        progress(0.9);
        const PackedSpatialIndex packed = packed_.get();
        if (hasIndexEntries_) {
            if (auto r = loadSpatialIndex(*loader, indexRoots_, packed); !r) {
                return r;
            }
        }
        if (auto r = loader->finish(); !r) {
            return r;
        }
        progress(1.0);
        return {};
    }

private:
    Result<void> loadAccounts(SqliteBulkLoader& loader) {
        if (auto r = loader.beginTable(accountsRoot_); !r) {
            return r;
        }
        AccountRecordPipeline records(project_);
        const std::size_t count = project_.accounts.size();
        constexpr std::size_t kChunk = AccountRecordPipeline::kRowsPerChunk;
        for (std::size_t c = 0; c * kChunk < count; ++c) {
            if (canceled()) {
                return canceledError();
            }
            progress(0.35 + 0.55 * static_cast<double>(c * kChunk) / static_cast<double>(count));
            const AccountRecordPipeline::Chunk& chunk = records.take(c);
            std::size_t begin = 0;
            for (std::size_t r = 0; r < chunk.ends.size(); ++r) {
                const auto rowid = static_cast<std::int64_t>(c * kChunk + r + 1);
                const std::span<const std::uint8_t> record(chunk.bytes.data() + begin,
                                                           chunk.ends[r] - begin);
                if (auto added = loader.add(rowid, record); !added) {
                    return added;
                }
                begin = chunk.ends[r];
            }
            records.release();
        }
        return loader.endTable();
    }

    Result<void> writeReps() {
        auto insert = db_.prepare("INSERT INTO reps VALUES (?, ?, ?, ?, ?, ?, ?)");
        if (!insert) {
            return fail(insert.error());
        }
        for (std::size_t i = 0; i < project_.reps.size(); ++i) {
            const Rep& rep = project_.reps[i];
            const std::string skills = toJsonArray(rep.skills);
            insert->bind(1, static_cast<std::int64_t>(i + 1));
            insert->bind(2, std::string_view(rep.name));
            insert->bind(3, rep.home.x());
            insert->bind(4, rep.home.y());
            insert->bind(5, std::int64_t{rep.hasHome ? 1 : 0});
            insert->bind(6, rep.capacity);
            insert->bind(7, std::string_view(skills));
            if (auto r = insert->execute(); !r) {
                return r;
            }
        }
        return {};
    }

    Result<void> writeAreaGraph() {
        auto insert = db_.prepare("INSERT INTO area_graph VALUES (?, ?, ?, ?, ?)");
        if (!insert) {
            return fail(insert.error());
        }
        const auto& edges = project_.graph.edges();
        for (std::size_t i = 0; i < edges.size(); ++i) {
            insert->bind(1, static_cast<std::int64_t>(i + 1));
            insert->bind(2, static_cast<std::int64_t>(edges[i].a) + 1);
            insert->bind(3, static_cast<std::int64_t>(edges[i].b) + 1);
            insert->bind(4, edges[i].sharedBoundaryKm);
            insert->bind(5, std::int64_t{edges[i].bridge ? 1 : 0});
            if (auto r = insert->execute(); !r) {
                return r;
            }
        }
        return {};
    }

    Result<void> writeOverrides() {
        std::vector<std::pair<AccountIndex, TerritoryIndex>> overrides(
            project_.alignment.accountOverrides.begin(), project_.alignment.accountOverrides.end());
        std::sort(overrides.begin(), overrides.end());
        auto insert = db_.prepare("INSERT INTO account_overrides VALUES (?, ?, ?)");
        if (!insert) {
            return fail(insert.error());
        }
        for (std::size_t i = 0; i < overrides.size(); ++i) {
            insert->bind(1, static_cast<std::int64_t>(i + 1));
            insert->bind(2, static_cast<std::int64_t>(overrides[i].first) + 1);
            bindReference(*insert, 3, overrides[i].second);
            if (auto r = insert->execute(); !r) {
                return r;
            }
        }
        return {};
    }

    Result<void> writeRejects() {
        auto insert = db_.prepare("INSERT INTO import_rejects VALUES (?, ?, ?, ?, ?, ?)");
        if (!insert) {
            return fail(insert.error());
        }
        for (std::size_t i = 0; i < project_.accountRejects.size(); ++i) {
            const ImportReject& reject = project_.accountRejects[i];
            insert->bind(1, static_cast<std::int64_t>(i + 1));
            insert->bind(2, std::string_view(reject.source));
            insert->bind(3, reject.row);
            insert->bind(4, std::string_view(reject.column));
            insert->bind(5, std::string_view(reject.reason));
            insert->bind(6, std::string_view(reject.rawLine));
            if (auto r = insert->execute(); !r) {
                return r;
            }
        }
        return {};
    }

    /// Each polygon as a one-polygon MULTIPOLYGON (its ring closed, corners in the order
    /// drawn) with its territory; what it took in drawn_polygon_captures, one row per area
    /// (area set, account_id NULL) or account (account_id set, area NULL).
    Result<void> writeDrawnPolygons() {
        if (auto r = db_.execute("CREATE TABLE drawn_polygons ("
                                 " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                 " geom MULTIPOLYGON,"
                                 " territory INTEGER NOT NULL);"
                                 "CREATE TABLE drawn_polygon_captures ("
                                 " fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,"
                                 " polygon INTEGER NOT NULL,"
                                 " area INTEGER,"
                                 " account_id TEXT,"
                                 " before_territory INTEGER,"
                                 " had_override BOOLEAN NOT NULL);");
            !r) {
            return r;
        }
        if (auto r = registerFeatureTable(
                db_, kDrawnPolygons, kGeometryColumn, "MULTIPOLYGON",
                "Polygons drawn onto territories (their areas and accounts joined the territory)");
            !r) {
            return r;
        }
        if (auto r = registerAttributesTable(
                db_, kDrawnPolygonCaptures,
                "What each drawn polygon moved into its territory, and from where");
            !r) {
            return r;
        }
        auto polygons = db_.prepare("INSERT INTO drawn_polygons VALUES (?, ?, ?)");
        auto captures = db_.prepare("INSERT INTO drawn_polygon_captures VALUES (?, ?, ?, ?, ?, ?)");
        if (!polygons || !captures) {
            return fail(!polygons ? polygons.error() : captures.error());
        }
        std::optional<Box> extent;
        std::int64_t captureFid = 0;
        for (std::size_t p = 0; p < project_.drawnPolygons.size(); ++p) {
            const DrawnPolygon& polygon = project_.drawnPolygons[p];
            const auto fid = static_cast<std::int64_t>(p + 1);
            MultiPolygon shape;
            shape.resize(1);
            for (const Point& corner : polygon.ring) {
                shape[0].outer().push_back(corner);
            }
            shape[0].outer().push_back(polygon.ring.front());
            Box envelope;
            polygons->bind(1, fid);
            if (encodeMultiPolygon(shape, blob_, envelope)) {
                extend(extent, envelope);
            }
            polygons->bindBlob(2, blob_);
            bindReference(*polygons, 3, polygon.territory);
            if (auto r = polygons->execute(); !r) {
                return r;
            }
            for (const CapturedArea& area : polygon.capturedAreas) {
                captures->bind(1, ++captureFid);
                captures->bind(2, fid);
                bindReference(*captures, 3, area.area);
                captures->bindNull(4);
                bindReference(*captures, 5, area.before);
                captures->bind(6, std::int64_t{0});
                if (auto r = captures->execute(); !r) {
                    return r;
                }
            }
            for (const CapturedAccount& account : polygon.capturedAccounts) {
                captures->bind(1, ++captureFid);
                captures->bind(2, fid);
                captures->bindNull(3);
                captures->bind(4, std::string_view(account.accountId));
                bindReference(*captures, 5,
                              account.hadOverride ? account.overrideBefore : kNoTerritory);
                captures->bind(6, std::int64_t{account.hadOverride ? 1 : 0});
                if (auto r = captures->execute(); !r) {
                    return r;
                }
            }
        }
        return setLayerExtent(db_, kDrawnPolygons, extent);
    }

    Result<void> writeMeta() {
        const std::vector<std::pair<std::string, std::string>> entries = {
            {meta::kSchemaVersion, std::to_string(kSchemaVersion)},
            {meta::kWrittenBy, std::string("Tessera ") + TESSERA_VERSION},
            {meta::kProjectName, project_.name},
            {meta::kAreaLayerName, project_.areaLayerName},
            {meta::kAreaAttributeNames, toJsonArray(project_.areaAttributeNames)},
            {meta::kAreaAttributeColumns, toJsonArray(attributeColumns_)},
            {meta::kAreaGraphNodes, std::to_string(project_.graph.nodeCount())},
            {meta::kAreaTerritoryStored, project_.alignment.areaTerritory.empty() ? "0" : "1"},
            {meta::kAccountAreaStored, project_.accountArea.empty() ? "0" : "1"},
            {meta::kCreatedAt, createdAt_},
            {meta::kSavedAt, utcNow()},
            {meta::kAccountRejectsHeader, project_.accountRejectsHeader},
        };
        auto insert = db_.prepare("INSERT INTO tessera_meta (key, value) VALUES (?, ?)");
        if (!insert) {
            return fail(insert.error());
        }
        for (const auto& [key, value] : entries) {
            insert->bind(1, std::string_view(key));
            insert->bind(2, std::string_view(value));
            if (auto r = insert->execute(); !r) {
                return r;
            }
        }
        return {};
    }

    Result<void> writeIndexTriggers() {
        // After the rows, so that they do not fire (their ST_* functions are GDAL's and
        // QGIS's, not SQLite's) while Tessera fills the index itself.
        for (const char* table : {kAreas, kAccounts, kTerritories}) {
            if (auto r = createSpatialIndexTriggers(db_, table, kGeometryColumn, "fid"); !r) {
                return r;
            }
        }
        if (canceled()) {
            return canceledError();
        }
        return {};
    }

    SqliteDatabase& db_;
    const Project& project_;
    Feedback* feedback_;
    std::string createdAt_;
    std::vector<std::string> attributeColumns_;
    std::vector<std::uint8_t> blob_;
    bool hasIndexEntries_ = false;
    std::future<PackedSpatialIndex> packed_;
    std::uint32_t accountsRoot_ = 0;
    SpatialIndexRoots indexRoots_;
};

}  // namespace

Result<void> saveProject(const Project& project, const std::string& path) {
    return saveProject(project, path, nullptr);
}

Result<void> saveProject(const Project& project, const std::string& path, Feedback* feedback) {
    if (auto consistent = checkConsistent(project); !consistent) {
        Error error = consistent.error();
        error.file = path;
        return fail(std::move(error));
    }
    auto replacement = ReplacementFile::create(path);
    if (!replacement) {
        return fail(replacement.error());
    }
    const std::string createdAt = existingCreationTime(path).value_or(utcNow());
    {
        const BackgroundWriteback writeback(replacement->path());
        auto db = SqliteDatabase::open(replacement->path(), SqliteDatabase::Mode::ReadWrite);
        if (!db) {
            Error error = db.error();
            error.file = path;
            return fail(std::move(error));
        }
        ProjectWriter writer(*db, project, feedback, createdAt);
        auto written = writer.write();
        if (written) {
            written = db->close();
        }
        if (written) {
            written = writer.fillBulkTables(replacement->path());
        }
        if (!written) {
            Error error = written.error();
            error.file = path;
            if (error.code != ErrorCode::Canceled) {
                error.message =
                    "cannot save the project (the file on disk was not changed): " + error.message;
            }
            return fail(std::move(error));
        }
    }
    if (feedback != nullptr && feedback->isCanceled()) {
        return fail(ErrorCode::Canceled, "saving was canceled; the file on disk was not changed",
                    path);
    }
    return replacement->commit();
}

}  // namespace tessera::storage
