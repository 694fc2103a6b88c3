// SPDX-License-Identifier: Apache-2.0
#include "io/Exporters.h"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "io/CsvReader.h"
#include "io/GdalSupport.h"

namespace tessera::io {
namespace {

namespace fs = std::filesystem;

Area square(const std::string& code, double lon, double lat) {
    Area area;
    area.code = code;
    area.name = code;
    Polygon polygon;
    bg::append(polygon.outer(), Point{lon, lat});
    bg::append(polygon.outer(), Point{lon, lat + 1});
    bg::append(polygon.outer(), Point{lon + 1, lat + 1});
    bg::append(polygon.outer(), Point{lon + 1, lat});
    bg::append(polygon.outer(), Point{lon, lat});
    area.shape.push_back(polygon);
    bg::envelope(area.shape, area.bounds);
    area.labelPoint = Point{lon + 0.5, lat + 0.5};
    return area;
}

Account account(const std::string& id, const std::string& name, double workload) {
    Account a;
    a.id = id;
    a.name = name;
    a.workload = workload;
    a.potential = workload * 100;
    a.locationSource = LocationSource::Coordinates;
    return a;
}

/// Areas A1 A2 (south row) and B1 B2 (north row) of 1° squares. Territory "West & East" =
/// A1 + A2 (rep Ann), "North" = B1 (vacant), "Empty" = no areas; B2 unassigned.
Project makeProject() {
    Project project;
    project.areas = {square("A1", -100, 40), square("A2", -99, 40), square("B1", -100, 41),
                     square("B2", -99, 41)};
    project.reps.push_back(Rep{"Ann", {}, false, 1.0, {}});
    project.territories = {Territory{"West & East", 0x112233, 0, false},
                           Territory{"North", 0x445566, kNoRep, false},
                           Territory{"Empty", 0x778899, kNoRep, false}};
    project.alignment.areaTerritory = {0, 0, 1, kNoTerritory};
    project.accounts = {account("C1", "Smith, \"Jones\" & Co", 10), account("C2", "Plain", 20),
                        account("C3", "Nowhere", 5), account("C4", "Multi\nline", 7)};
    project.accountArea = {0, 2, 3, 1};
    return project;
}

class ExportTest : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        directory_ = fs::temp_directory_path() /
                     (std::string("tessera-io-") + info->name() + "-" + std::to_string(::getpid()));
        fs::create_directories(directory_);
    }
    void TearDown() override { fs::remove_all(directory_); }

    std::string path(const std::string& name) const { return (directory_ / name).string(); }

    std::vector<std::string> filesInDirectory() const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(directory_)) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

    fs::path directory_;
};

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

TEST_F(ExportTest, AssignmentCsvReadsBackWithTerritoryAndRep) {
    const Project project = makeProject();
    ASSERT_TRUE(exportAssignmentCsv(project, path("assignment.csv")).has_value());
    const std::string text = readText(path("assignment.csv"));
    CsvReader reader(text);
    CsvRecord record;
    std::vector<std::vector<std::string>> rows;
    while (reader.next(record)) {
        EXPECT_TRUE(record.problem().empty());
        auto& row = rows.emplace_back();
        for (std::size_t i = 0; i < record.size(); ++i) {
            row.emplace_back(record[i]);
        }
    }
    using Rows = std::vector<std::vector<std::string>>;
    EXPECT_EQ(rows, (Rows{{"account_id", "account_name", "territory", "rep"},
                          {"C1", "Smith, \"Jones\" & Co", "West & East", "Ann"},
                          {"C2", "Plain", "North", ""},
                          {"C3", "Nowhere", "", ""},
                          {"C4", "Multi\nline", "West & East", "Ann"}}));
    EXPECT_EQ(text.substr(0, 38), "account_id,account_name,territory,rep\r");
    EXPECT_EQ(filesInDirectory(), (std::vector<std::string>{"assignment.csv"}));  // no temp left
}

TEST_F(ExportTest, AssignmentCsvReplacesAnExistingFile) {
    { std::ofstream(path("assignment.csv")) << "old content that is longer than the new one\n"; }
    Project project = makeProject();
    project.accounts.resize(1);
    project.accountArea.resize(1);
    ASSERT_TRUE(exportAssignmentCsv(project, path("assignment.csv")).has_value());
    EXPECT_EQ(readText(path("assignment.csv")),
              "account_id,account_name,territory,rep\r\nC1,\"Smith, \"\"Jones\"\" & Co\","
              "West & East,Ann\r\n");
}

TEST_F(ExportTest, AssignmentCsvIntoMissingFolderIsUnwritable) {
    auto result = exportAssignmentCsv(makeProject(), path("no/such/folder/a.csv"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::FileUnwritable);
}

TEST_F(ExportTest, TerritoriesGpkgHasOneDissolvedFeaturePerTerritory) {
    const Project project = makeProject();
    const std::string file = path("territories.gpkg");
    auto written = exportTerritoriesGpkg(project, file);
    ASSERT_TRUE(written.has_value()) << written.error().toString();
    EXPECT_EQ(filesInDirectory(), (std::vector<std::string>{"territories.gpkg"}));

    GdalErrorCollector errors;
    GdalDatasetPtr dataset = openVectorDataset(file);
    ASSERT_TRUE(dataset) << errors.summary();
    ASSERT_EQ(dataset->GetLayerCount(), 1);
    OGRLayer* layer = dataset->GetLayerByName("territories");
    ASSERT_NE(layer, nullptr);
    EXPECT_EQ(layer->GetFeatureCount(), 3);
    EXPECT_EQ(wkbFlatten(layer->GetGeomType()), wkbMultiPolygon);
    ASSERT_NE(layer->GetSpatialRef(), nullptr);
    EXPECT_STREQ(layer->GetSpatialRef()->GetAuthorityCode(nullptr), "4326");

    OGRFeatureUniquePtr first(layer->GetNextFeature());
    ASSERT_TRUE(first);
    EXPECT_STREQ(first->GetFieldAsString("name"), "West & East");
    EXPECT_STREQ(first->GetFieldAsString("rep"), "Ann");
    EXPECT_EQ(first->GetFieldAsInteger("areas"), 2);
    EXPECT_EQ(first->GetFieldAsInteger("accounts"), 2);
    EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("workload"), 17.0);
    EXPECT_DOUBLE_EQ(first->GetFieldAsDouble("potential"), 1700.0);
    // Total workload in territories is 37 over 3 territories of capacity 1.
    EXPECT_NEAR(first->GetFieldAsDouble("workload_deviation"), 17.0 / (37.0 / 3) - 1.0, 1e-12);
    const OGRGeometry* geometry = first->GetGeometryRef();
    ASSERT_NE(geometry, nullptr);
    // A1 and A2 dissolved into one 2°×1° rectangle: one polygon, area 2, no inner edge.
    ASSERT_EQ(wkbFlatten(geometry->getGeometryType()), wkbMultiPolygon);
    const OGRMultiPolygon* multi = geometry->toMultiPolygon();
    ASSERT_EQ(multi->getNumGeometries(), 1);
    EXPECT_NEAR(multi->get_Area(), 2.0, 1e-9);
    EXPECT_TRUE(multi->IsValid());
    OGREnvelope envelope;
    multi->getEnvelope(&envelope);
    EXPECT_DOUBLE_EQ(envelope.MinX, -100.0);  // lon first
    EXPECT_DOUBLE_EQ(envelope.MaxX, -98.0);
    EXPECT_DOUBLE_EQ(envelope.MinY, 40.0);
    // Counter-clockwise outer ring, as GeoPackage wants.
    EXPECT_FALSE(multi->getGeometryRef(0)->getExteriorRing()->isClockwise());

    OGRFeatureUniquePtr second(layer->GetNextFeature());
    ASSERT_TRUE(second);
    EXPECT_STREQ(second->GetFieldAsString("rep"), "");
    EXPECT_NEAR(second->GetGeometryRef()->toMultiPolygon()->get_Area(), 1.0, 1e-9);

    OGRFeatureUniquePtr third(layer->GetNextFeature());
    ASSERT_TRUE(third);
    EXPECT_STREQ(third->GetFieldAsString("name"), "Empty");
    EXPECT_EQ(third->GetFieldAsInteger("areas"), 0);
    EXPECT_EQ(third->GetGeometryRef(), nullptr);
}

TEST_F(ExportTest, TerritoriesGpkgReplacesAnExistingFile) {
    const std::string file = path("territories.gpkg");
    ASSERT_TRUE(exportTerritoriesGpkg(makeProject(), file).has_value());
    Project smaller = makeProject();
    smaller.territories.resize(1);
    smaller.alignment.areaTerritory = {0, 0, kNoTerritory, kNoTerritory};
    ASSERT_TRUE(exportTerritoriesGpkg(smaller, file).has_value());
    GdalDatasetPtr dataset = openVectorDataset(file);
    ASSERT_TRUE(dataset);
    EXPECT_EQ(dataset->GetLayerByName("territories")->GetFeatureCount(), 1);
}

TEST_F(ExportTest, CanceledGpkgExportLeavesNoFile) {
    Feedback feedback;
    feedback.cancel();
    auto result = exportTerritoriesGpkg(makeProject(), path("t.gpkg"), &feedback);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Canceled);
    EXPECT_TRUE(filesInDirectory().empty());
}

TEST_F(ExportTest, GpkgIntoMissingFolderIsUnwritable) {
    auto result = exportTerritoriesGpkg(makeProject(), path("missing/t.gpkg"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::FileUnwritable);
}

}  // namespace
}  // namespace tessera::io
