// SPDX-License-Identifier: Apache-2.0
// The offline MBTiles basemap through GDAL: a small raster .mbtiles made here (GDAL's MBTiles
// driver from an in-memory raster), read at the right place, drawn under the areas, chosen
// and remembered through View → Basemap; clear errors for files that are not raster MBTiles.

#include <gtest/gtest.h>

#include <QAction>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <string>

#include "AppTestProject.h"
#include "app/MainWindow.h"
#include "app/MapActions.h"
#include "app/canvas/MapCanvas.h"
#include "app/canvas/MapRenderer.h"
#include "app/canvas/MbtilesBasemap.h"

using namespace tessera;
using render::MbtilesBasemap;
using tessera::app::MainWindow;
using tessera::app::MapActions;

namespace {

/// The test raster's extent in Web Mercator metres: somewhere over the South Atlantic, far
/// from the test grid's areas (lon 0…, lat 0…).
constexpr double kLeft = -8.0e6;
constexpr double kRight = -6.0e6;
constexpr double kSouth = -4.0e6;
constexpr double kNorth = -2.0e6;

/// Quadrant colours: north-west red, north-east green, south-west blue, south-east yellow.
QRgb quadrantColor(bool north, bool west) {
    if (north) {
        return west ? qRgb(255, 0, 0) : qRgb(0, 255, 0);
    }
    return west ? qRgb(0, 0, 255) : qRgb(255, 255, 0);
}

/// Writes a raster MBTiles file of four coloured quadrants (PNG tiles, RGBA).
std::string makeRasterMbtiles(const QString& directory) {
    GDALAllRegister();
    constexpr int kSize = 256;
    GDALDriver* mem = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDataset* source = mem->Create("", kSize, kSize, 4, GDT_Byte, nullptr);
    double transform[6] = {kLeft, (kRight - kLeft) / kSize,  0.0, kNorth,
                           0.0,   -(kNorth - kSouth) / kSize};
    source->SetGeoTransform(transform);
    OGRSpatialReference mercator;
    mercator.importFromEPSG(3857);
    source->SetSpatialRef(&mercator);
    std::vector<GByte> values(static_cast<std::size_t>(kSize) * kSize);
    for (int band = 1; band <= 4; ++band) {
        for (int y = 0; y < kSize; ++y) {
            for (int x = 0; x < kSize; ++x) {
                const QRgb color = quadrantColor(y < kSize / 2, x < kSize / 2);
                const int value = band == 1   ? qRed(color)
                                  : band == 2 ? qGreen(color)
                                  : band == 3 ? qBlue(color)
                                              : 255;
                values[static_cast<std::size_t>(y) * kSize + x] = static_cast<GByte>(value);
            }
        }
        EXPECT_EQ(source->GetRasterBand(band)->RasterIO(GF_Write, 0, 0, kSize, kSize, values.data(),
                                                        kSize, kSize, GDT_Byte, 0, 0, nullptr),
                  CE_None);
    }
    const std::string path = (directory + QStringLiteral("/quadrants.mbtiles")).toStdString();
    CPLStringList options;
    options.SetNameValue("TILE_FORMAT", "PNG");
    options.SetNameValue("NAME", "Quadrants");
    GDALDriver* mbtiles = GetGDALDriverManager()->GetDriverByName("MBTiles");
    EXPECT_NE(mbtiles, nullptr);
    GDALDataset* copy =
        mbtiles->CreateCopy(path.c_str(), source, FALSE, options.List(), nullptr, nullptr);
    EXPECT_NE(copy, nullptr) << CPLGetLastErrorMsg();
    GDALClose(copy);
    GDALClose(source);
    return path;
}

/// Writes a vector MBTiles file (Mapbox Vector Tiles) with one point.
std::string makeVectorMbtiles(const QString& directory) {
    GDALAllRegister();
    const std::string path = (directory + QStringLiteral("/vector.mbtiles")).toStdString();
    GDALDriver* mbtiles = GetGDALDriverManager()->GetDriverByName("MBTiles");
    GDALDataset* dataset = mbtiles->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr);
    EXPECT_NE(dataset, nullptr) << CPLGetLastErrorMsg();
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = dataset->CreateLayer("points", &wgs84, wkbPoint, nullptr);
    EXPECT_NE(layer, nullptr);
    OGRFeature feature(layer->GetLayerDefn());
    OGRPoint point(-60.0, -25.0);
    feature.SetGeometry(&point);
    EXPECT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    GDALClose(dataset);
    return path;
}

int channelDistance(QRgb a, QRgb b) {
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                     std::abs(qBlue(a) - qBlue(b))});
}

}  // namespace

TEST(MbtilesBasemapTest, ReadsTheRightColoursAtTheRightPlaces) {
    QTemporaryDir directory;
    ASSERT_TRUE(directory.isValid());
    auto basemap = MbtilesBasemap::open(makeRasterMbtiles(directory.path()));
    ASSERT_TRUE(basemap) << basemap.error().toString();
    const QRectF extent = (*basemap)->extent();
    // The tiles cover the raster, to within a pixel of the zoom level GDAL wrote (about
    // 4.9 km at zoom 5 for the 7.8 km pixels of the source).
    const double pixel = 5000.0;
    EXPECT_NEAR(extent.left(), kLeft, pixel);
    EXPECT_NEAR(extent.right(), kRight, pixel);
    EXPECT_NEAR(extent.top(), kSouth, pixel);
    EXPECT_NEAR(extent.bottom(), kNorth, pixel);
    EXPECT_TRUE((*basemap)->description().contains(QStringLiteral("quadrants.mbtiles")));

    // A 400 × 400 px window over a 10,000 km square: the raster is the middle fifth.
    const QRectF window(-12.0e6, -8.0e6, 10.0e6, 10.0e6);  // x −12…−2 Mm, y −8…+2 Mm
    const QSize pixels(400, 400);
    const QImage image = (*basemap)->read(window, pixels);
    ASSERT_EQ(image.size(), pixels);
    const auto pixelAt = [&](double x, double y) {
        const int px = static_cast<int>((x - window.left()) / window.width() * pixels.width());
        const int py = static_cast<int>((window.bottom() - y) / window.height() * pixels.height());
        return image.pixel(px, py);
    };
    const double midX = (kLeft + kRight) / 2.0;
    const double midY = (kSouth + kNorth) / 2.0;
    const double quarter = (kRight - kLeft) / 4.0;
    for (const bool north : {true, false}) {
        for (const bool west : {true, false}) {
            const QRgb got =
                pixelAt(midX + (west ? -quarter : quarter), midY + (north ? quarter : -quarter));
            EXPECT_EQ(qAlpha(got), 255);
            EXPECT_LE(channelDistance(got, quadrantColor(north, west)), 8)
                << "north " << north << " west " << west << ": " << std::hex << got;
        }
    }
    // Far outside the tiles nothing is drawn.
    EXPECT_EQ(qAlpha(pixelAt(-11.0e6, 1.0e6)), 0);
    EXPECT_EQ(qAlpha(pixelAt(-3.0e6, -7.0e6)), 0);

    // The same place one world to the east (a view past the antimeridian) shows the same.
    const double world = 2.0 * render::Viewport::kMercatorHalfWorld;
    const QImage wrapped = (*basemap)->read(window.translated(world, 0.0), pixels);
    EXPECT_EQ(wrapped.pixel(120, 170), image.pixel(120, 170));
    EXPECT_EQ(wrapped.pixel(180, 230), image.pixel(180, 230));
    EXPECT_EQ(qAlpha(wrapped.pixel(180, 230)), 255);

    // Zoomed far out, GDAL reads the coarse level: still the right colours.
    const QRectF worldWindow(-render::Viewport::kMercatorHalfWorld,
                             -render::Viewport::kMercatorHalfWorld, world, world);
    const QImage small = (*basemap)->read(worldWindow, QSize(512, 512));
    const auto smallAt = [&](double x, double y) {
        return small.pixel(static_cast<int>((x - worldWindow.left()) / world * 512),
                           static_cast<int>((worldWindow.bottom() - y) / world * 512));
    };
    EXPECT_LE(channelDistance(smallAt(midX - quarter, midY + quarter), quadrantColor(true, true)),
              40);
    EXPECT_LE(channelDistance(smallAt(midX + quarter, midY - quarter), quadrantColor(false, false)),
              40);
}

TEST(MbtilesBasemapTest, ClearErrorsForFilesThatAreNotRasterMbtiles) {
    QTemporaryDir directory;
    ASSERT_TRUE(directory.isValid());
    const std::string missing = (directory.path() + QStringLiteral("/none.mbtiles")).toStdString();
    auto absent = MbtilesBasemap::open(missing);
    ASSERT_FALSE(absent);
    EXPECT_EQ(absent.error().code, ErrorCode::FileNotFound);
    EXPECT_EQ(absent.error().file, missing);

    const QString textPath = directory.path() + QStringLiteral("/notes.mbtiles");
    QFile text(textPath);
    ASSERT_TRUE(text.open(QIODevice::WriteOnly));
    text.write("these are not map tiles\n");
    text.close();
    auto notMbtiles = MbtilesBasemap::open(textPath.toStdString());
    ASSERT_FALSE(notMbtiles);
    EXPECT_EQ(notMbtiles.error().code, ErrorCode::FileUnreadable);
    EXPECT_NE(notMbtiles.error().message.find("not a raster MBTiles file"), std::string::npos)
        << notMbtiles.error().message;

    auto vector = MbtilesBasemap::open(makeVectorMbtiles(directory.path()));
    ASSERT_FALSE(vector);
    EXPECT_EQ(vector.error().code, ErrorCode::Unsupported);
    EXPECT_NE(vector.error().message.find("vector tiles"), std::string::npos)
        << vector.error().message;
}

TEST(MbtilesBasemapTest, RendererDrawsItUnderTheAreas) {
    QTemporaryDir directory;
    ASSERT_TRUE(directory.isValid());
    auto basemap = MbtilesBasemap::open(makeRasterMbtiles(directory.path()));
    ASSERT_TRUE(basemap) << basemap.error().toString();
    const Project project = test::gridProject(4, 4, 2);
    render::MapRenderer renderer;
    // A view over the raster (west) and the grid's areas (east of lon 0).
    render::Viewport viewport(QSize(400, 300), QPointF(-3.0e6, -1.0e6), 25000.0);
    render::RenderOptions options;
    options.accounts = false;
    options.territoryLabels = false;
    options.basemap = false;
    const QImage plain = renderer.render(project, viewport, options);
    options.rasterBasemap = *basemap;
    const QImage withTiles = renderer.render(project, viewport, options);
    const QPoint northWest =
        viewport.mercatorToScreen(QPointF(kLeft + 500000.0, kNorth - 500000.0)).toPoint();
    EXPECT_EQ(plain.pixel(northWest), options.background.rgb());
    EXPECT_LE(channelDistance(withTiles.pixel(northWest), qRgb(255, 0, 0)), 8);
    // An area stays on top of the basemap.
    const QPoint area = viewport.lonLatToScreen(Point(0.5, 0.5)).toPoint();
    EXPECT_EQ(withTiles.pixel(area), plain.pixel(area));
}

TEST(MbtilesBasemapTest, ChosenInTheViewMenuAndRemembered) {
    QSettings().remove(QStringLiteral("map"));
    QTemporaryDir directory;
    ASSERT_TRUE(directory.isValid());
    const QString path = QString::fromStdString(makeRasterMbtiles(directory.path()));
    {
        MainWindow window;
        MapActions* actions = window.mapActions();
        EXPECT_FALSE(actions->mbtilesAction()->isChecked());
        EXPECT_FALSE(actions->clearMbtilesAction()->isEnabled());
        EXPECT_EQ(window.canvas()->rasterBasemap(), nullptr);

        // A file that is not MBTiles: a clear reason, nothing changes.
        const QString bad = directory.path() + QStringLiteral("/bad.mbtiles");
        QFile file(bad);
        ASSERT_TRUE(file.open(QIODevice::WriteOnly));
        file.write("x");
        file.close();
        const QString why = actions->loadMbtilesBasemap(bad);
        EXPECT_TRUE(why.contains(QStringLiteral("not a raster MBTiles file"))) << why.toStdString();
        EXPECT_TRUE(why.contains(QStringLiteral("bad.mbtiles"))) << why.toStdString();
        EXPECT_EQ(window.canvas()->rasterBasemap(), nullptr);
        EXPECT_FALSE(QSettings().contains(QStringLiteral("map/mbtiles/path")));

        // The online tiles are turned off: one basemap at a time.
        actions->tileBasemapAction()->setChecked(true);
        EXPECT_TRUE(window.canvas()->tileLayer()->isEnabled());
        EXPECT_TRUE(actions->loadMbtilesBasemap(path).isEmpty());
        EXPECT_NE(window.canvas()->rasterBasemap(), nullptr);
        EXPECT_FALSE(window.canvas()->tileLayer()->isEnabled());
        EXPECT_FALSE(actions->tileBasemapAction()->isChecked());
        EXPECT_TRUE(actions->mbtilesAction()->isChecked());
        EXPECT_TRUE(actions->clearMbtilesAction()->isEnabled());
    }
    {
        MainWindow window;  // remembered
        ASSERT_NE(window.canvas()->rasterBasemap(), nullptr);
        EXPECT_TRUE(window.mapActions()->mbtilesAction()->isChecked());
        // Turning the online tiles on removes the MBTiles basemap.
        window.mapActions()->tileBasemapAction()->setChecked(true);
        EXPECT_EQ(window.canvas()->rasterBasemap(), nullptr);
        EXPECT_FALSE(QSettings().contains(QStringLiteral("map/mbtiles/path")));
        window.mapActions()->tileBasemapAction()->setChecked(false);
        EXPECT_TRUE(window.mapActions()->loadMbtilesBasemap(path).isEmpty());
        window.mapActions()->clearMbtilesAction()->trigger();
        EXPECT_EQ(window.canvas()->rasterBasemap(), nullptr);
        EXPECT_FALSE(window.mapActions()->mbtilesAction()->isChecked());
    }
    {
        MainWindow window;
        EXPECT_EQ(window.canvas()->rasterBasemap(), nullptr);
    }
    QSettings().remove(QStringLiteral("map"));
}
