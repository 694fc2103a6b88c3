// SPDX-License-Identifier: Apache-2.0
// Drawn polygons in the project file: exact round trip, older files without their tables, and
// damaged rows refused saying where.

#include <gtest/gtest.h>

#include <memory>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "TestProjects.h"
#include "storage/GeoPackageSchema.h"
#include "storage/ProjectFile.h"
#include "storage/SqliteDatabase.h"

using namespace tessera;
using namespace tessera::storage;
using tessera::test::richProject;
using tessera::test::ScratchFolder;

namespace {

void executeSql(const std::string& path, const std::string& sql) {
    auto db = SqliteDatabase::open(path, SqliteDatabase::Mode::Create);
    ASSERT_TRUE(db) << db.error().toString();
    ASSERT_TRUE(registerGeoPackageFunctions(*db));
    auto done = db->execute(sql);
    ASSERT_TRUE(done) << done.error().toString();
}

/// richProject with two drawn polygons: one clockwise with corners that are not round in
/// binary, one counter-clockwise; captures of areas (from a territory and from none) and of
/// accounts (no override before, an override to a territory, an override to "unassigned").
Project projectWithPolygons() {
    Project project = richProject();
    DrawnPolygon first;
    first.territory = 1;
    first.ring = {Point(0.1, 0.1), Point(0.1 + 0.2, 1.3), Point(1.0 / 3.0, -1e-9),
                  Point(-179.99999999999997, 89.5)};
    first.capturedAreas = {{0, 0}, {3, kNoTerritory}};
    first.capturedAccounts = {{"A1", false, kNoTerritory}, {"A4", true, 0}};
    DrawnPolygon second;
    second.territory = 0;
    second.ring = {Point(5.1, 5.1), Point(6.9, 5.1), Point(6.0, 5.9)};
    second.capturedAccounts = {{"Zürich-東京", true, kNoTerritory}};
    project.drawnPolygons = {first, second};
    return project;
}

}  // namespace

TEST(DrawnPolygonFile, RoundTripGivesBackExactlyWhatWasSaved) {
    ScratchFolder folder("polygons");
    const Project original = projectWithPolygons();
    const std::string path = folder.file("plan.tessera");
    auto saved = saveProject(original, path);
    ASSERT_TRUE(saved) << saved.error().toString();
    auto loaded = loadProject(path);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    ASSERT_EQ(loaded->drawnPolygons.size(), 2U);
    for (std::size_t p = 0; p < 2; ++p) {
        const DrawnPolygon& got = loaded->drawnPolygons[p];
        const DrawnPolygon& want = original.drawnPolygons[p];
        EXPECT_EQ(got.territory, want.territory) << p;
        ASSERT_EQ(got.ring.size(), want.ring.size()) << p;
        for (std::size_t i = 0; i < want.ring.size(); ++i) {
            EXPECT_EQ(got.ring[i].x(), want.ring[i].x()) << p << ":" << i;
            EXPECT_EQ(got.ring[i].y(), want.ring[i].y()) << p << ":" << i;
        }
        EXPECT_EQ(got.capturedAreas, want.capturedAreas) << p;
        EXPECT_EQ(got.capturedAccounts, want.capturedAccounts) << p;
    }
    EXPECT_TRUE(*loaded == original);
    // Saved again, the file reads back the same (nothing drifts on a second round).
    ASSERT_TRUE(saveProject(*loaded, path));
    auto again = loadProject(path);
    ASSERT_TRUE(again);
    EXPECT_TRUE(*again == original);
}

TEST(DrawnPolygonFile, AFileWithoutTheTablesOpensWithNoPolygons) {
    // As written before drawn polygons were kept: no drawn_polygons tables at all.
    ScratchFolder folder("nopolygons");
    const std::string path = folder.file("old.tessera");
    ASSERT_TRUE(saveProject(projectWithPolygons(), path));
    executeSql(path,
               "DROP TABLE drawn_polygons; DROP TABLE drawn_polygon_captures;"
               "DELETE FROM gpkg_geometry_columns WHERE table_name = 'drawn_polygons';"
               "DELETE FROM gpkg_contents WHERE table_name LIKE 'drawn_polygon%';");
    auto loaded = loadProject(path);
    ASSERT_TRUE(loaded) << loaded.error().toString();
    EXPECT_TRUE(loaded->drawnPolygons.empty());
    Project expected = projectWithPolygons();
    expected.drawnPolygons.clear();
    EXPECT_TRUE(*loaded == expected);
}

TEST(DrawnPolygonFile, GdalReadsThePolygonsAsALayer) {
    ScratchFolder folder("polygonlayer");
    const std::string path = folder.file("plan.gpkg");
    ASSERT_TRUE(saveProject(projectWithPolygons(), path));
    GDALAllRegister();
    const char* const drivers[] = {"GPKG", nullptr};
    const auto close = [](GDALDataset* d) { GDALClose(d); };
    std::unique_ptr<GDALDataset, decltype(close)> dataset(
        GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers), close);
    ASSERT_TRUE(dataset);
    OGRLayer* layer = dataset->GetLayerByName("drawn_polygons");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(layer->GetGeomType(), wkbMultiPolygon);
    EXPECT_EQ(layer->GetFeatureCount(), 2);
    OGRFeature* feature = layer->GetNextFeature();
    ASSERT_NE(feature, nullptr);
    EXPECT_EQ(feature->GetFieldAsInteger("territory"), 2);  // fid of territory index 1
    const auto* geometry = feature->GetGeometryRef()->toMultiPolygon();
    EXPECT_EQ(geometry->getGeometryRef(0)->getExteriorRing()->getNumPoints(), 5);  // closed
    OGRFeature::DestroyFeature(feature);
    OGRLayer* captures = dataset->GetLayerByName("drawn_polygon_captures");
    ASSERT_NE(captures, nullptr);
    EXPECT_EQ(captures->GetFeatureCount(), 5);
}

TEST(DrawnPolygonFile, DamagedRowsAreRefusedSayingWhere) {
    ScratchFolder folder("badpolygons");
    const std::string path = folder.file("p.tessera");
    ASSERT_TRUE(saveProject(projectWithPolygons(), path));
    executeSql(path, "UPDATE drawn_polygon_captures SET area = 999 WHERE fid = 2");
    auto loaded = loadProject(path);
    ASSERT_FALSE(loaded);
    EXPECT_EQ(loaded.error().code, ErrorCode::BadData);
    EXPECT_NE(loaded.error().message.find("table drawn_polygon_captures, fid 2, column area"),
              std::string::npos)
        << loaded.error().message;

    ASSERT_TRUE(saveProject(projectWithPolygons(), path));
    executeSql(path, "UPDATE drawn_polygons SET territory = 9 WHERE fid = 1");
    loaded = loadProject(path);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("table drawn_polygons, fid 1, column territory"),
              std::string::npos)
        << loaded.error().message;

    ASSERT_TRUE(saveProject(projectWithPolygons(), path));
    executeSql(path, "UPDATE drawn_polygon_captures SET account_id = 'A1' WHERE fid = 1");
    loaded = loadProject(path);
    ASSERT_FALSE(loaded);
    EXPECT_NE(loaded.error().message.find("exactly one of area and account_id"), std::string::npos)
        << loaded.error().message;
}

TEST(DrawnPolygonFile, RefusesToSaveAPolygonOfAMissingTerritory) {
    ScratchFolder folder("inconsistentpolygon");
    Project project = projectWithPolygons();
    project.drawnPolygons[1].territory = 7;
    auto saved = saveProject(project, folder.file("p.tessera"));
    ASSERT_FALSE(saved);
    EXPECT_EQ(saved.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(saved.error().message.find("drawn polygon 1 belongs to territory 7"),
              std::string::npos)
        << saved.error().message;
    EXPECT_TRUE(folder.files().empty());
}
