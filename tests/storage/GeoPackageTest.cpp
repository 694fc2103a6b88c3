// SPDX-License-Identifier: Apache-2.0
// The project file is a GeoPackage that GDAL (and so QGIS and ogrinfo) opens without a word of
// complaint, with the layers, counts, geometries and spatial indexes a GIS user expects.

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include <cpl_error.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include "TestProjects.h"
#include "storage/GeoPackageGeometry.h"
#include "storage/ProjectFile.h"

using namespace tessera;
using namespace tessera::storage;
using tessera::test::richProject;
using tessera::test::ScratchFolder;

namespace {

/// Collects GDAL's warnings and errors while it lives.
class GdalMessages {
public:
    GdalMessages() { CPLPushErrorHandlerEx(&GdalMessages::handle, this); }
    ~GdalMessages() { CPLPopErrorHandler(); }
    GdalMessages(const GdalMessages&) = delete;
    GdalMessages& operator=(const GdalMessages&) = delete;

    [[nodiscard]] const std::vector<std::string>& messages() const { return messages_; }

private:
    static void CPL_STDCALL handle(CPLErr level, CPLErrorNum /*number*/, const char* message) {
        auto* self = static_cast<GdalMessages*>(CPLGetErrorHandlerUserData());
        if (level >= CE_Warning) {
            self->messages_.emplace_back(message);
        }
    }
    std::vector<std::string> messages_;
};

struct DatasetCloser {
    void operator()(GDALDataset* dataset) const { GDALClose(dataset); }
};
using DatasetPtr = std::unique_ptr<GDALDataset, DatasetCloser>;

DatasetPtr openGeoPackage(const std::string& path) {
    GDALAllRegister();
    const char* drivers[] = {"GPKG", nullptr};
    return DatasetPtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, drivers,
                                        nullptr, nullptr));
}

std::vector<Point> ringPoints(const OGRLinearRing* ring) {
    std::vector<Point> points;
    for (int i = 0; i < ring->getNumPoints(); ++i) {
        points.emplace_back(ring->getX(i), ring->getY(i));
    }
    return points;
}

std::vector<Point> ringPoints(const Ring& ring) {
    return {ring.begin(), ring.end()};
}

}  // namespace

TEST(GeoPackage, GdalOpensTheLayersWithTheRightCountsAndNoWarnings) {
    ScratchFolder folder("gdal");
    // Named .gpkg: GDAL warns about any other extension on a GeoPackage (see below).
    const std::string path = folder.file("plan.gpkg");
    const Project project = richProject();
    ASSERT_TRUE(saveProject(project, path));

    GdalMessages messages;
    DatasetPtr dataset = openGeoPackage(path);
    ASSERT_TRUE(dataset) << CPLGetLastErrorMsg();

    struct Expected {
        const char* name;
        OGRwkbGeometryType type;
        std::size_t count;
    };
    const Expected layers[] = {
        {"areas", wkbMultiPolygon, project.areas.size()},
        {"accounts", wkbPoint, project.accounts.size()},
        {"territories", wkbMultiPolygon, project.territories.size()},
        {"reps", wkbNone, project.reps.size()},
        {"area_graph", wkbNone, project.graph.edges().size()},
        {"account_overrides", wkbNone, project.alignment.accountOverrides.size()},
        {"import_rejects", wkbNone, project.accountRejects.size()},
        {"tessera_meta", wkbNone, 12},
    };
    for (const Expected& expected : layers) {
        OGRLayer* layer = dataset->GetLayerByName(expected.name);
        ASSERT_NE(layer, nullptr) << expected.name;
        EXPECT_EQ(layer->GetGeomType(), expected.type) << expected.name;
        EXPECT_EQ(layer->GetFeatureCount(), static_cast<GIntBig>(expected.count)) << expected.name;
        if (expected.type != wkbNone) {
            const OGRSpatialReference* srs = layer->GetSpatialRef();
            ASSERT_NE(srs, nullptr) << expected.name;
            EXPECT_STREQ(srs->GetAuthorityCode(nullptr), "4326") << expected.name;
            EXPECT_TRUE(layer->TestCapability(OLCFastSpatialFilter)) << expected.name;
        }
    }
    // Read every feature of every layer, as ogrinfo -al does.
    for (OGRLayer* layer : dataset->GetLayers()) {
        for (auto& feature : *layer) {
            (void)feature;
        }
    }
    EXPECT_TRUE(messages.messages().empty()) << messages.messages().front();
}

TEST(GeoPackage, UnderATesseraNameGdalOnlyRemarksOnTheExtension) {
    // The GeoPackage standard asks for a .gpkg extension (requirement 3); GDAL 3.6 says so once
    // when it opens a GeoPackage named otherwise, and has nothing else to say.
    ScratchFolder folder("gdalname");
    const std::string path = folder.file("plan.tessera");
    ASSERT_TRUE(saveProject(richProject(), path));
    GdalMessages messages;
    DatasetPtr dataset = openGeoPackage(path);
    ASSERT_TRUE(dataset);
    for (OGRLayer* layer : dataset->GetLayers()) {
        for (auto& feature : *layer) {
            (void)feature;
        }
    }
    ASSERT_LE(messages.messages().size(), 1U);
    if (!messages.messages().empty()) {
        EXPECT_NE(messages.messages()[0].find("non conformant file extension"), std::string::npos)
            << messages.messages()[0];
    }
}

TEST(GeoPackage, AreaGeometryAndFieldsReadBackInGdal) {
    ScratchFolder folder("gdalarea");
    const std::string path = folder.file("plan.tessera");
    const Project project = richProject();
    ASSERT_TRUE(saveProject(project, path));
    DatasetPtr dataset = openGeoPackage(path);
    ASSERT_TRUE(dataset);
    OGRLayer* areas = dataset->GetLayerByName("areas");
    ASSERT_NE(areas, nullptr);

    const std::size_t index = 9;  // "H1", a square with a square hole
    const Area& expected = project.areas[index];
    std::unique_ptr<OGRFeature> feature(areas->GetFeature(static_cast<GIntBig>(index + 1)));
    ASSERT_TRUE(feature);
    EXPECT_STREQ(feature->GetFieldAsString("code"), "H1");
    EXPECT_EQ(feature->GetFieldAsInteger("territory"),
              project.alignment.areaTerritory[index] + 1);  // the territory's fid
    EXPECT_DOUBLE_EQ(feature->GetFieldAsDouble("population"), expected.attributes[0]);
    const OGRGeometry* geometry = feature->GetGeometryRef();
    ASSERT_NE(geometry, nullptr);
    ASSERT_EQ(wkbFlatten(geometry->getGeometryType()), wkbMultiPolygon);
    const auto* multi = geometry->toMultiPolygon();
    ASSERT_EQ(multi->getNumGeometries(), 1);
    const OGRPolygon* polygon = multi->getGeometryRef(0);
    ASSERT_EQ(polygon->getNumInteriorRings(), 1);
    EXPECT_EQ(ringPoints(polygon->getExteriorRing()), ringPoints(expected.shape[0].outer()));
    EXPECT_EQ(ringPoints(polygon->getInteriorRing(0)), ringPoints(expected.shape[0].inners()[0]));
    EXPECT_DOUBLE_EQ(multi->get_Area(), std::abs(bg::area(expected.shape)));
    EXPECT_DOUBLE_EQ(multi->get_Area(), 0.75);

    // A unicode name and a NULL (NaN) attribute.
    std::unique_ptr<OGRFeature> first(areas->GetFeature(1));
    ASSERT_TRUE(first);
    EXPECT_STREQ(first->GetFieldAsString("name"), "Zürich");
    EXPECT_TRUE(first->IsFieldNull(first->GetFieldIndex("Fläche km²")));
}

TEST(GeoPackage, AccountsAndTerritoriesReadBackInGdal) {
    ScratchFolder folder("gdalaccounts");
    const std::string path = folder.file("plan.tessera");
    const Project project = richProject();
    ASSERT_TRUE(saveProject(project, path));
    DatasetPtr dataset = openGeoPackage(path);
    ASSERT_TRUE(dataset);

    OGRLayer* accounts = dataset->GetLayerByName("accounts");
    ASSERT_NE(accounts, nullptr);
    std::unique_ptr<OGRFeature> located(accounts->GetFeature(1));
    ASSERT_TRUE(located);
    const auto* point = located->GetGeometryRef()->toPoint();
    EXPECT_EQ(point->getX(), project.accounts[0].location.x());
    EXPECT_EQ(point->getY(), project.accounts[0].location.y());
    EXPECT_STREQ(located->GetFieldAsString("account_id"), "A1");
    EXPECT_STREQ(located->GetFieldAsString("location_source"), "coordinates");
    // Account 0 is overridden into territory 1, so it counts there (fid 2).
    EXPECT_EQ(located->GetFieldAsInteger("territory"), 2);
    EXPECT_STREQ(located->GetFieldAsString("custom"),
                 "{\"Region\":\"Nord\",\"Notes\":\"line 1\\nline 2, \\\"quoted\\\"\","
                 "\"Empty\":\"\",\"Region\":\"duplicate name\"}");
    std::unique_ptr<OGRFeature> notLocated(accounts->GetFeature(3));
    ASSERT_TRUE(notLocated);
    EXPECT_EQ(notLocated->GetGeometryRef(), nullptr);
    EXPECT_TRUE(notLocated->IsFieldNull(notLocated->GetFieldIndex("area")));

    // The spatial index answers a box query: only A1 lies in the first grid cell.
    accounts->SetSpatialFilterRect(0.0, 0.0, 0.49, 0.49);
    EXPECT_EQ(accounts->GetFeatureCount(), 1);
    accounts->SetSpatialFilter(nullptr);

    OGRLayer* territories = dataset->GetLayerByName("territories");
    ASSERT_NE(territories, nullptr);
    // Territory 2 ("Vacant") holds grid cells 7 and 8 and the multipolygon M2 (10): three
    // squares of 0.25 + two of 1.
    std::unique_ptr<OGRFeature> vacant(territories->GetFeature(3));
    ASSERT_TRUE(vacant);
    EXPECT_STREQ(vacant->GetFieldAsString("name"), "Vacant");
    EXPECT_TRUE(vacant->IsFieldNull(vacant->GetFieldIndex("rep")));
    EXPECT_EQ(vacant->GetFieldAsInteger("areas"), 3);
    const OGRGeometry* outline = vacant->GetGeometryRef();
    ASSERT_NE(outline, nullptr);
    EXPECT_EQ(outline->toMultiPolygon()->getNumGeometries(), 3);  // cells 7+8 joined, M2's two
    EXPECT_NEAR(outline->toMultiPolygon()->get_Area(), 0.5 + 2.0, 1e-12);
    EXPECT_TRUE(outline->IsValid());
    std::unique_ptr<OGRFeature> unused(territories->GetFeature(4));
    ASSERT_TRUE(unused);
    EXPECT_EQ(unused->GetGeometryRef(), nullptr);  // no areas, no outline
    EXPECT_STREQ(unused->GetFieldAsString("color"), "#ffffff");
    EXPECT_STREQ(unused->GetFieldAsString("rep_name"), "Cé \"Chief\"");
}

TEST(GeoPackageGeometry, ReadsBigEndianAndZValues) {
    // GP header, little-endian flags with no envelope, then big-endian WKB POINT Z (1001).
    const std::vector<std::uint8_t> pointZ = {
        'G',  'P',  0,    0x01, 0xE6, 0x10, 0, 0,   // header, srs 4326
        0x00, 0x00, 0x00, 0x03, 0xE9,               // big-endian, type 1001
        0x40, 0x24, 0,    0,    0,    0,    0, 0,   // 10.0
        0xC0, 0x34, 0,    0,    0,    0,    0, 0,   // -20.0
        0x3F, 0xF0, 0,    0,    0,    0,    0, 0};  // z = 1.0
    auto point = decodePoint(pointZ);
    ASSERT_TRUE(point) << point.error().message;
    EXPECT_EQ(point->x(), 10.0);
    EXPECT_EQ(point->y(), -20.0);
}

TEST(GeoPackageGeometry, RejectsTruncatedAndForeignBlobs) {
    MultiPolygon shape;
    bg::read_wkt("MULTIPOLYGON(((0 0,0 1,1 1,1 0,0 0)))", shape);
    std::vector<std::uint8_t> blob;
    Box envelope;
    ASSERT_TRUE(encodeMultiPolygon(shape, blob, envelope));
    for (std::size_t size = 0; size < blob.size(); ++size) {
        auto decoded = decodeMultiPolygon(std::span(blob.data(), size));
        EXPECT_FALSE(decoded) << "decoded a blob cut to " << size << " bytes";
    }
    auto whole = decodeMultiPolygon(blob);
    ASSERT_TRUE(whole);
    EXPECT_TRUE(bg::equals(*whole, shape));
    EXPECT_FALSE(decodePoint(blob));  // a multipolygon is not a point

    const std::vector<std::uint8_t> notGeoPackage = {'S', 'P', 0, 1, 0, 0, 0, 0};
    auto foreign = decodeMultiPolygon(notGeoPackage);
    ASSERT_FALSE(foreign);
    EXPECT_NE(foreign.error().message.find("magic"), std::string::npos);
}
