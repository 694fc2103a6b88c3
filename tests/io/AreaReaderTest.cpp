// SPDX-License-Identifier: Apache-2.0
#include "io/AreaReader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>

namespace tessera::io {
namespace {

using ::testing::HasSubstr;

std::string fixture(const std::string& name) {
    return std::string(TESSERA_TEST_DATA_DIR) + "/io/areas/" + name;
}

const Area* findArea(const AreaImportResult& result, const std::string& code) {
    for (const Area& area : result.areas) {
        if (area.code == code) {
            return &area;
        }
    }
    return nullptr;
}

bool hasWarning(const AreaImportResult& result, std::int64_t feature, const std::string& text) {
    return std::any_of(result.warnings.begin(), result.warnings.end(), [&](const Error& w) {
        return w.feature == feature && w.message.find(text) != std::string::npos;
    });
}

/// The 2×2 grid of 1° squares from -100..-98 lon, 40..42 lat, read from any format.
void expectGrid(const AreaImportResult& result, double tolerance) {
    ASSERT_EQ(result.areas.size(), 4u);
    const Area* a1 = findArea(result, "A1");
    ASSERT_NE(a1, nullptr);
    EXPECT_EQ(a1->name, "South West");
    EXPECT_NEAR(a1->bounds.min_corner().x(), -100.0, tolerance);
    EXPECT_NEAR(a1->bounds.min_corner().y(), 40.0, tolerance);
    EXPECT_NEAR(a1->bounds.max_corner().x(), -99.0, tolerance);
    EXPECT_NEAR(a1->bounds.max_corner().y(), 41.0, tolerance);
    EXPECT_TRUE(bg::within(a1->labelPoint, a1->shape));
    EXPECT_TRUE(bg::is_valid(a1->shape));
    EXPECT_GT(bg::area(a1->shape), 0.0);  // corrected: clockwise outer ring
    EXPECT_EQ(result.attributeNames, (std::vector<std::string>{"population", "density"}));
    ASSERT_EQ(a1->attributes.size(), 2u);
    EXPECT_DOUBLE_EQ(a1->attributes[0], 100.0);
    EXPECT_DOUBLE_EQ(a1->attributes[1], 1.5);
    const Area* a2 = findArea(result, "A2");
    ASSERT_NE(a2, nullptr);
    EXPECT_TRUE(std::isnan(a2->attributes[1]));  // null density
}

TEST(ReadAreas, GeoJsonGridWithGuessedFields) {
    auto result = readAreas(fixture("grid.geojson"));
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    expectGrid(*result, 1e-12);
    EXPECT_EQ(result->idField, "GEOID");
    EXPECT_EQ(result->nameField, "NAME");
    EXPECT_EQ(result->featuresRead, 4u);
    EXPECT_TRUE(result->warnings.empty());
}

TEST(ReadAreas, WhereFilterKeepsOnlyMatchingFeatures) {
    AreaImportOptions options;
    auto all = readAreas(fixture("grid.geojson"));
    ASSERT_TRUE(all.has_value());
    options.where = "GEOID = '" + all->areas.front().code + "'";
    auto one = readAreas(fixture("grid.geojson"), options);
    ASSERT_TRUE(one.has_value()) << one.error().toString();
    ASSERT_EQ(one->areas.size(), 1u);
    EXPECT_EQ(one->areas.front().code, all->areas.front().code);
}

TEST(ReadAreas, InvalidWhereFilterIsAnErrorNamingTheFilter) {
    AreaImportOptions options;
    options.where = "GEOID ==== 'x' AND (";
    auto result = readAreas(fixture("grid.geojson"), options);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::InvalidArgument);
    EXPECT_NE(result.error().message.find("GEOID ===="), std::string::npos);
}

TEST(ReadAreas, ShapefileInUtmIsReprojectedLonFirst) {
    auto result = readAreas(fixture("grid-utm14.shp"));
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    EXPECT_THAT(result->sourceCrs, HasSubstr("UTM"));
    expectGrid(*result, 1e-6);
    EXPECT_TRUE(result->warnings.empty());
}

TEST(ReadAreas, ShapefileWithoutPrjInLonLatIsAssumedWgs84) {
    auto result = readAreas(fixture("grid-lonlat-noprj.shp"));
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    expectGrid(*result, 1e-12);
    EXPECT_TRUE(result->sourceCrs.empty());
    EXPECT_TRUE(hasWarning(*result, -1, "WGS 84 was assumed"));
}

TEST(ReadAreas, ShapefileWithoutPrjInMetresIsAnErrorAskingForPrj) {
    auto result = readAreas(fixture("grid-utm14-noprj.shp"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::BadData);
    EXPECT_THAT(result.error().message, HasSubstr("no coordinate system"));
    EXPECT_THAT(result.error().message, HasSubstr(".prj"));
}

TEST(ReadAreas, GeoPackagePicksThePolygonLayer) {
    auto result = readAreas(fixture("grid.gpkg"));
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    EXPECT_EQ(result->layerName, "grid");
    expectGrid(*result, 1e-12);
}

TEST(ReadAreas, NamedLayerThatIsMissingListsTheLayers) {
    AreaImportOptions options;
    options.layer = "zips";
    auto result = readAreas(fixture("grid.gpkg"), options);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::NotFound);
    EXPECT_THAT(result.error().message, HasSubstr("\"towns\", \"grid\""));
}

TEST(ReadAreas, PointLayerIsRefused) {
    AreaImportOptions options;
    options.layer = "towns";
    auto result = readAreas(fixture("grid.gpkg"), options);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::BadData);
    EXPECT_THAT(result.error().message, HasSubstr("no usable polygon"));
}

TEST(ReadAreas, ExplicitFieldsAreUsedAndUnknownOnesListTheFields) {
    AreaImportOptions options;
    options.idField = "name";  // matched ignoring case
    options.nameField = "GEOID";
    auto result = readAreas(fixture("grid.geojson"), options);
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    EXPECT_NE(findArea(*result, "North East"), nullptr);
    EXPECT_EQ(findArea(*result, "North East")->name, "B2");

    options.idField = "zcta";
    auto missing = readAreas(fixture("grid.geojson"), options);
    ASSERT_FALSE(missing.has_value());
    EXPECT_EQ(missing.error().code, ErrorCode::NotFound);
    EXPECT_THAT(missing.error().message, HasSubstr("\"GEOID\", \"NAME\", \"population\""));
}

TEST(ReadAreas, TopoJsonSharedArcsBuildBothPolygons) {
    auto result = readAreas(fixture("two-regions.topojson"));
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    ASSERT_EQ(result->areas.size(), 2u);
    const Area* east = findArea(*result, "R2");
    ASSERT_NE(east, nullptr);
    EXPECT_EQ(east->name, "East");
    EXPECT_TRUE(bg::is_valid(east->shape));
    EXPECT_NEAR(bg::area(east->shape), 1.0, 1e-12);
}

TEST(ReadAreas, MessyFeaturesAreSkippedRepairedOrRenamedWithWarnings) {
    auto result = readAreas(fixture("messy.geojson"));
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    EXPECT_EQ(result->featuresRead, 8u);
    // kept: OK, BOWTIE (repaired), OK#2, ISLANDS, the one without code
    ASSERT_EQ(result->areas.size(), 5u);
    EXPECT_TRUE(hasWarning(*result, 1, "has no geometry"));
    EXPECT_TRUE(hasWarning(*result, 2, "not a polygon"));
    EXPECT_TRUE(hasWarning(*result, 7, "not a polygon"));
    EXPECT_TRUE(hasWarning(*result, 3, "was repaired"));
    EXPECT_TRUE(hasWarning(*result, 4, "also used by feature 0"));
    EXPECT_TRUE(hasWarning(*result, 6, "no value in the id field"));
    const Area* bowtie = findArea(*result, "BOWTIE");
    ASSERT_NE(bowtie, nullptr);
    EXPECT_TRUE(bg::is_valid(bowtie->shape));
    ASSERT_NE(findArea(*result, "OK#2"), nullptr);
    EXPECT_EQ(findArea(*result, "OK#2")->name, "Duplicate code");
    ASSERT_NE(findArea(*result, "ISLANDS"), nullptr);
    EXPECT_EQ(findArea(*result, "ISLANDS")->shape.size(), 2u);
    ASSERT_NE(findArea(*result, "6"), nullptr);  // its feature ID
    EXPECT_EQ(findArea(*result, "6")->name, "No code");
    for (const Error& warning : result->warnings) {
        EXPECT_THAT(warning.file, HasSubstr("messy.geojson"));
    }
}

TEST(ReadAreas, MissingFileIsFileNotFound) {
    auto result = readAreas(fixture("nothing-here.shp"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::FileNotFound);
}

TEST(ReadAreas, NonGisFileIsUnreadableWithGdalsMessage) {
    auto result = readAreas(fixture("not-a-shapefile.shp"));
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::FileUnreadable);
    EXPECT_THAT(result.error().message, HasSubstr("(GDAL: "));
    EXPECT_THAT(result.error().file, HasSubstr("not-a-shapefile.shp"));
}

TEST(ReadAreas, ReportsProgressUpToOne) {
    Feedback feedback;
    double last = -1.0;
    bool monotonic = true;
    feedback.setProgressCallback([&](double p) {
        monotonic = monotonic && p >= last;
        last = p;
    });
    ASSERT_TRUE(readAreas(fixture("grid.geojson"), {}, &feedback).has_value());
    EXPECT_TRUE(monotonic);
    EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST(ReadAreas, CancelStopsWithCanceled) {
    Feedback feedback;
    feedback.cancel();
    auto result = readAreas(fixture("grid.geojson"), {}, &feedback);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code, ErrorCode::Canceled);
}

TEST(ListLayers, NamesEveryLayer) {
    auto layers = listLayers(fixture("grid.gpkg"));
    ASSERT_TRUE(layers.has_value()) << layers.error().toString();
    EXPECT_EQ(*layers, (std::vector<std::string>{"towns", "grid"}));
    auto topo = listLayers(std::string(TESSERA_SAMPLE_DATA_DIR) + "/us-counties-10m.json");
    ASSERT_TRUE(topo.has_value());
    EXPECT_NE(std::find(topo->begin(), topo->end(), "counties"), topo->end());
}

TEST(ReadAreas, RealZctaPolygonsFromSharedData) {
    const std::string path = std::string(TESSERA_SHARED_DATA_DIR) + "/us/ct_zcta2010.geojson";
    if (!std::filesystem::exists(path)) {
        GTEST_SKIP() << "shared data not available: " << path;
    }
    auto result = readAreas(path);
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    EXPECT_EQ(result->idField, "ZCTA5CE10");  // not GEOID10, which is state FIPS + ZCTA
    EXPECT_EQ(result->areas.size(), 282u);
    for (const Area& area : result->areas) {
        EXPECT_TRUE(area.code.size() == 5 && area.code.starts_with("06")) << area.code;
        EXPECT_TRUE(bg::is_valid(area.shape)) << area.code;
        EXPECT_TRUE(bg::within(area.labelPoint, area.shape)) << area.code;
    }
}

TEST(ReadAreas, SampleUsCountiesTopoJson) {
    AreaImportOptions options;
    options.layer = "counties";
    auto result =
        readAreas(std::string(TESSERA_SAMPLE_DATA_DIR) + "/us-counties-10m.json", options);
    ASSERT_TRUE(result.has_value()) << result.error().toString();
    EXPECT_EQ(result->featuresRead, 3231u);
    // Falls Church city (51610) is too small for the 1:10m topology: it has no geometry.
    EXPECT_EQ(result->areas.size(), 3230u);
    EXPECT_TRUE(hasWarning(*result, 629, "\"51610\" has no geometry"));
    for (const Area& area : result->areas) {
        EXPECT_TRUE(bg::is_valid(area.shape)) << area.code;
    }
    EXPECT_EQ(result->idField, "id");
    EXPECT_EQ(result->nameField, "name");
    const Area* cook = findArea(*result, "17031");
    ASSERT_NE(cook, nullptr);
    EXPECT_EQ(cook->name, "Cook");
    EXPECT_TRUE(bg::within(cook->labelPoint, cook->shape));
    EXPECT_NEAR(cook->labelPoint.x(), -87.8, 0.5);  // lon first
    EXPECT_NEAR(cook->labelPoint.y(), 41.8, 0.5);
    for (const Area& area : result->areas) {
        EXPECT_EQ(area.code.size(), 5u) << area.code;
    }
}

}  // namespace
}  // namespace tessera::io
