// SPDX-License-Identifier: Apache-2.0
// Round trips through the project file, and the files loadProject must refuse.

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include <sqlite3.h>

#include "TestProjects.h"
#include "storage/GeoPackageSchema.h"
#include "storage/ProjectFile.h"
#include "storage/SchemaMigrations.h"

using namespace tessera;
using namespace tessera::storage;
using tessera::test::readBytes;
using tessera::test::richProject;
using tessera::test::ScratchFolder;

namespace {

/// Runs SQL on a saved file, as another program (GDAL, QGIS, a damaged disk) might change it.
void executeSql(const std::string& path, const std::string& sql) {
    auto db = SqliteDatabase::open(path, SqliteDatabase::Mode::Create);
    ASSERT_TRUE(db) << db.error().toString();
    ASSERT_TRUE(registerGeoPackageFunctions(*db));
    auto done = db->execute(sql);
    ASSERT_TRUE(done) << done.error().toString();
}

std::string metaValue(const std::string& path, const std::string& key) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT value FROM tessera_meta WHERE key = ?", -1, &statement, nullptr);
    sqlite3_bind_text(statement, 1, key.c_str(), -1, SQLITE_TRANSIENT);
    std::string value;
    if (sqlite3_step(statement) == SQLITE_ROW) {
        value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

int pragmaValue(const std::string& path, const std::string& pragma) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, ("PRAGMA " + pragma).c_str(), -1, &statement, nullptr);
    int value = -1;
    if (sqlite3_step(statement) == SQLITE_ROW) {
        value = sqlite3_column_int(statement, 0);
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return value;
}

}  // namespace

TEST(ProjectFile, RoundTripGivesBackExactlyWhatWasSaved) {
    ScratchFolder folder("roundtrip");
    const Project original = richProject();
    // The fixture must hold what it claims to, or the comparison proves little.
    ASSERT_TRUE(std::isnan(original.areas[0].attributes[1]));
    ASSERT_EQ(original.accounts[2].locationSource, LocationSource::None);
    ASSERT_TRUE(std::any_of(original.graph.edges().begin(), original.graph.edges().end(),
                            [](const AreaEdge& e) { return e.bridge; }));
    ASSERT_EQ(original.accountArea.size(), original.accounts.size());

    const std::string path = folder.file("plan.tessera");
    ASSERT_TRUE(saveProject(original, path)) << saveProject(original, path).error().toString();
    auto loaded = loadProject(path);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    EXPECT_TRUE(*loaded == original);

    // Field by field as well, so that a failure says where.
    EXPECT_EQ(loaded->name, original.name);
    EXPECT_EQ(loaded->areaAttributeNames, original.areaAttributeNames);
    ASSERT_EQ(loaded->areas.size(), original.areas.size());
    for (std::size_t i = 0; i < original.areas.size(); ++i) {
        EXPECT_TRUE(loaded->areas[i] == original.areas[i]) << "area " << i;
    }
    EXPECT_TRUE(std::isnan(loaded->areas[0].attributes[1]));
    EXPECT_EQ(loaded->areas[3].shape[0].outer()[1].x(), 0.1 + 0.2);
    EXPECT_EQ(loaded->accounts, original.accounts);
    EXPECT_EQ(loaded->reps, original.reps);
    EXPECT_EQ(loaded->territories, original.territories);
    EXPECT_EQ(loaded->alignment, original.alignment);
    EXPECT_EQ(loaded->accountArea, original.accountArea);
    EXPECT_EQ(loaded->graph.edges(), original.graph.edges());
    EXPECT_EQ(loaded->accountRejects, original.accountRejects);
    EXPECT_TRUE(std::signbit(loaded->accounts[4].workload) || loaded->accounts[4].workload == 0.0);
}

TEST(ProjectFile, EmptyProjectAndProjectWithoutAssignmentRoundTrip) {
    ScratchFolder folder("empty");
    const Project empty;
    ASSERT_TRUE(saveProject(empty, folder.file("empty.tessera")));
    auto loadedEmpty = loadProject(folder.file("empty.tessera"));
    ASSERT_TRUE(loadedEmpty) << loadedEmpty.error().toString();
    EXPECT_TRUE(*loadedEmpty == empty);

    // Areas and accounts but no alignment, no account → area assignment and no graph yet.
    Project partial = richProject();
    partial.alignment = {};
    partial.accountArea.clear();
    partial.graph = {};
    for (Territory& territory : partial.territories) {
        territory.rep = kNoRep;
    }
    ASSERT_TRUE(saveProject(partial, folder.file("partial.tessera")));
    auto loadedPartial = loadProject(folder.file("partial.tessera"));
    ASSERT_TRUE(loadedPartial) << loadedPartial.error().toString();
    EXPECT_TRUE(loadedPartial->alignment.areaTerritory.empty());
    EXPECT_TRUE(loadedPartial->accountArea.empty());
    EXPECT_TRUE(*loadedPartial == partial);
}

TEST(ProjectFile, AreaWithEmptyShapeRoundTrips) {
    ScratchFolder folder("emptyshape");
    Project project = richProject();
    Area nothing;
    nothing.code = "00000";
    nothing.name = "no geometry";
    bg::envelope(nothing.shape, nothing.bounds);
    nothing.labelPoint = Point(0.0, 0.0);
    nothing.attributes.assign(project.areaAttributeNames.size(), 1.0);
    project.areas.push_back(nothing);
    project.alignment.areaTerritory.push_back(kNoTerritory);
    project.graph = AreaGraph::fromEdges(project.areas.size(), project.graph.edges());
    ASSERT_TRUE(saveProject(project, folder.file("p.tessera")));
    auto loaded = loadProject(folder.file("p.tessera"));
    ASSERT_TRUE(loaded) << loaded.error().toString();
    EXPECT_TRUE(loaded->areas.back().shape.empty());
    EXPECT_TRUE(*loaded == project);
}

TEST(ProjectFile, IsAGeoPackageWithTheSchemaVersionInTesseraMeta) {
    ScratchFolder folder("pragmas");
    const std::string path = folder.file("p.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    EXPECT_EQ(pragmaValue(path, "application_id"), 0x47504B47);
    EXPECT_EQ(pragmaValue(path, "user_version"), 10300);
    EXPECT_EQ(metaValue(path, "schema_version"), std::to_string(kSchemaVersion));
    EXPECT_EQ(metaValue(path, "project_name"), richProject().name);
    EXPECT_EQ(metaValue(path, "area_attribute_names"),
              "[\"population\",\"Fläche km²\",\"POPULATION\",\"\",\"name\"]");
    // Colliding names get distinct columns: SQLite compares column names without case.
    EXPECT_EQ(metaValue(path, "area_attribute_columns"),
              "[\"population\",\"Fläche km²\",\"POPULATION_2\",\"attribute_4\",\"name_2\"]");
    EXPECT_FALSE(metaValue(path, "saved_at").empty());
}

TEST(ProjectFile, CreationTimeSurvivesSavingAgain) {
    ScratchFolder folder("created");
    const std::string path = folder.file("p.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    executeSql(path,
               "UPDATE tessera_meta SET value = '2001-02-03T04:05:06Z' WHERE key = "
               "'created_at'");
    ASSERT_TRUE(saveProject(richProject(), path));
    EXPECT_EQ(metaValue(path, "created_at"), "2001-02-03T04:05:06Z");
    EXPECT_NE(metaValue(path, "saved_at"), "2001-02-03T04:05:06Z");
}

// --- refusing files --------------------------------------------------------------------------

TEST(ProjectFile, RefusesAProjectFromANewerSchema) {
    ScratchFolder folder("newer");
    const std::string path = folder.file("future.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    executeSql(path, "UPDATE tessera_meta SET value = '" + std::to_string(kSchemaVersion + 1) +
                         "' WHERE key = 'schema_version'");
    auto loaded = loadProject(path);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::Unsupported);
    EXPECT_NE(loaded.error().message.find(
                  "made by a newer Tessera (schema " + std::to_string(kSchemaVersion + 1) +
                  "); this build reads up to schema " + std::to_string(kSchemaVersion)),
              std::string::npos)
        << loaded.error().message;
    EXPECT_EQ(loaded.error().file, path);
}

namespace {

/// A stand-in for a future migration: "schema 0" called the CRM id column crm_id.
Result<void> renameCrmIdColumn(SqliteDatabase& db) {
    return db.execute("ALTER TABLE accounts RENAME COLUMN crm_id TO account_id");
}

/// Turns a saved file into a schema 1 file: no accounts.removed column yet.
void makeSchemaOneFile(const std::string& path) {
    executeSql(path,
               "ALTER TABLE accounts DROP COLUMN removed;"
               "UPDATE tessera_meta SET value = '1' WHERE key = 'schema_version';");
}

/// Turns a saved file into a "schema 0" file that renameCrmIdColumn migrates back.
void makeSchemaZeroFile(const std::string& path) {
    makeSchemaOneFile(path);
    executeSql(path,
               "ALTER TABLE accounts RENAME COLUMN account_id TO crm_id;"
               "UPDATE tessera_meta SET value = '0' WHERE key = 'schema_version';");
}

}  // namespace

TEST(ProjectFile, OlderSchemaWithoutMigrationIsRefusedClearly) {
    ScratchFolder folder("older");
    const std::string path = folder.file("old.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    makeSchemaZeroFile(path);
    auto loaded = loadProject(path);  // the built-in list has no migration from 0
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::Unsupported);
    EXPECT_NE(loaded.error().message.find("no migration from schema 0 to 1"), std::string::npos)
        << loaded.error().message;
    EXPECT_EQ(loaded.error().file, path);
}

TEST(ProjectFile, OlderSchemaIsMigratedInMemoryAndTheFileIsLeftAsItWas) {
    ScratchFolder folder("migrate");
    const std::string path = folder.file("old.tessera");
    const Project original = richProject();
    ASSERT_TRUE(saveProject(original, path));
    makeSchemaZeroFile(path);
    const std::string before = readBytes(path);

    const SchemaMigration migrations[] = {{0, "rename crm_id to account_id", &renameCrmIdColumn},
                                          builtInMigrations()[0]};
    auto loaded = loadProjectWithMigrations(path, migrations, nullptr);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    EXPECT_TRUE(*loaded == original);
    EXPECT_EQ(readBytes(path), before);
    EXPECT_EQ(metaValue(path, "schema_version"), "0");

    // Saving writes the current schema.
    ASSERT_TRUE(saveProject(*loaded, path));
    EXPECT_EQ(metaValue(path, "schema_version"), std::to_string(kSchemaVersion));
}

TEST(ProjectFile, SchemaOneFileGetsTheAccountsRemovedFlagByTheBuiltInMigration) {
    ScratchFolder folder("schema1");
    const std::string path = folder.file("v1.tessera");
    const Project original = richProject();
    ASSERT_TRUE(saveProject(original, path));
    makeSchemaOneFile(path);
    auto loaded = loadProject(path);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    EXPECT_TRUE(*loaded == original);  // every account: removed = false
}

TEST(ProjectFile, RemovedAccountsAndTheRejectsHeaderRoundTrip) {
    ScratchFolder folder("removed");
    const std::string path = folder.file("p.tessera");
    Project project = richProject();
    ASSERT_FALSE(project.accounts.empty());
    project.accounts.back().removed = true;
    project.accountRejectsHeader = "id;name;lat;lon";
    ASSERT_TRUE(saveProject(project, path));
    auto loaded = loadProject(path);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    EXPECT_TRUE(loaded->accounts.back().removed);
    EXPECT_EQ(loaded->accountRejectsHeader, "id;name;lat;lon");
    EXPECT_TRUE(*loaded == project);
}

TEST(ProjectFile, AFailingMigrationSaysWhichStepFailed) {
    ScratchFolder folder("badmigration");
    const std::string path = folder.file("old.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    executeSql(path, "UPDATE tessera_meta SET value = '0' WHERE key = 'schema_version'");
    // account_id was not renamed, so the migration's ALTER TABLE fails.
    const SchemaMigration migrations[] = {{0, "rename crm_id to account_id", &renameCrmIdColumn}};
    auto loaded = loadProjectWithMigrations(path, migrations, nullptr);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("migrating the project from schema 0 to 1 (rename "
                                          "crm_id to account_id) failed"),
              std::string::npos)
        << loaded.error().message;
}

TEST(ProjectFile, RefusesATextFileNamedLikeAProject) {
    auto loaded = loadProject(std::string(TESSERA_TEST_DATA_DIR) + "/storage/notes.tessera");
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::FileUnreadable);
    EXPECT_NE(loaded.error().message.find("not a Tessera project"), std::string::npos)
        << loaded.error().message;
}

TEST(ProjectFile, RefusesATruncatedProject) {
    ScratchFolder folder("truncated");
    const std::string path = folder.file("cut.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    const std::string bytes = readBytes(path);
    for (std::size_t keep : {bytes.size() / 2, std::size_t{4096 + 100}, std::size_t{60}}) {
        std::ofstream(path, std::ios::binary | std::ios::trunc)
            .write(bytes.data(), static_cast<long>(keep));
        auto loaded = loadProject(path);
        ASSERT_FALSE(loaded) << "kept " << keep << " bytes";
        EXPECT_EQ(loaded.error().code, ErrorCode::FileUnreadable);
        EXPECT_NE(loaded.error().message.find("damaged"), std::string::npos)
            << loaded.error().message;
    }
}

TEST(ProjectFile, RefusesEmptyMissingAndForeignFiles) {
    ScratchFolder folder("foreign");
    std::ofstream(folder.file("empty.tessera")).close();
    auto empty = loadProject(folder.file("empty.tessera"));
    ASSERT_FALSE(empty);
    EXPECT_NE(empty.error().message.find("empty"), std::string::npos) << empty.error().message;

    auto missing = loadProject(folder.file("missing.tessera"));
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, ErrorCode::FileNotFound);

    auto directory = loadProject(folder.path().string());
    ASSERT_FALSE(directory);
    EXPECT_EQ(directory.error().code, ErrorCode::FileUnreadable);

    executeSql(folder.file("other.sqlite"), "CREATE TABLE t (x INTEGER);");
    auto sqlite = loadProject(folder.file("other.sqlite"));
    ASSERT_FALSE(sqlite);
    EXPECT_NE(sqlite.error().message.find("SQLite database is not a Tessera project"),
              std::string::npos)
        << sqlite.error().message;

    executeSql(folder.file("other.gpkg"),
               "PRAGMA application_id = 1196444487; CREATE TABLE gpkg_contents (x TEXT);");
    auto geoPackage = loadProject(folder.file("other.gpkg"));
    ASSERT_FALSE(geoPackage);
    EXPECT_NE(geoPackage.error().message.find("GeoPackage is not a Tessera project"),
              std::string::npos)
        << geoPackage.error().message;
}

TEST(ProjectFile, RefusesDanglingReferencesSayingWhere) {
    ScratchFolder folder("dangling");
    const std::string path = folder.file("p.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    executeSql(path, "UPDATE accounts SET area = 999 WHERE fid = 2");
    auto loaded = loadProject(path);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::BadData);
    EXPECT_EQ(loaded.error().column, "area");
    EXPECT_EQ(loaded.error().feature, 1);
    EXPECT_NE(loaded.error().message.find("table accounts, fid 2, column area"), std::string::npos)
        << loaded.error().message;
}

TEST(ProjectFile, RefusesDeletedRowsAndBrokenGeometry) {
    ScratchFolder folder("deleted");
    const std::string path = folder.file("p.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    executeSql(path, "DELETE FROM areas WHERE fid = 3");
    auto loaded = loadProject(path);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("rows were deleted or added"), std::string::npos)
        << loaded.error().message;

    ASSERT_TRUE(saveProject(richProject(), path));
    executeSql(path, "UPDATE areas SET geom = x'47500003' WHERE fid = 5");
    loaded = loadProject(path);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("table areas, fid 5, column geom"), std::string::npos)
        << loaded.error().message;

    ASSERT_TRUE(saveProject(richProject(), path));
    executeSql(path, "UPDATE accounts SET custom = '{\"a\": ' WHERE fid = 1");
    loaded = loadProject(path);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("column custom"), std::string::npos)
        << loaded.error().message;
}

TEST(ProjectFile, RefusesToSaveAnInconsistentProject) {
    ScratchFolder folder("inconsistent");
    Project project = richProject();
    project.alignment.areaTerritory.pop_back();
    auto saved = saveProject(project, folder.file("p.tessera"));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(saved.error().message.find("the alignment lists 10 areas, the project has 11"),
              std::string::npos)
        << saved.error().message;

    project = richProject();
    project.territories[1].rep = 7;
    saved = saveProject(project, folder.file("p.tessera"));
    ASSERT_FALSE(saved);
    EXPECT_NE(saved.error().message.find("territory 1 has rep 7"), std::string::npos);
    EXPECT_TRUE(folder.files().empty());
}

TEST(ProjectFile, SpatialIndexesAreCompleteAndValid) {
    ScratchFolder folder("rtree");
    const std::string path = folder.file("big.tessera");
    const Project project = tessera::test::largeProject(30, 30, 20000, 5);
    ASSERT_TRUE(saveProject(project, path));
    auto db = SqliteDatabase::open(path, SqliteDatabase::Mode::ReadOnly);
    ASSERT_TRUE(db);
    for (const char* layer : {"areas", "accounts", "territories"}) {
        const std::string rtree = std::string("rtree_") + layer + "_geom";
        auto check = db->prepare("SELECT rtreecheck('" + rtree + "')");
        ASSERT_TRUE(check) << check.error().message;
        ASSERT_TRUE(check->step().value_or(false));
        EXPECT_EQ(check->columnText(0), "ok") << layer;
        // Every feature with a geometry is in the index, under its fid.
        auto missing =
            db->prepare(std::string("SELECT count(*) FROM ") + layer +
                        " WHERE geom IS NOT NULL AND fid NOT IN (SELECT id FROM " + rtree + ")");
        ASSERT_TRUE(missing);
        ASSERT_TRUE(missing->step().value_or(false));
        EXPECT_EQ(missing->columnInt(0), 0) << layer;
        auto count = db->prepare("SELECT count(*) FROM " + rtree);
        ASSERT_TRUE(count && count->step().value_or(false));
        const std::size_t expected = std::string(layer) == "areas" ? project.areas.size()
                                     : std::string(layer) == "accounts"
                                         ? project.accounts.size()
                                         : project.territories.size();
        EXPECT_EQ(static_cast<std::size_t>(count->columnInt(0)), expected) << layer;
    }
}
