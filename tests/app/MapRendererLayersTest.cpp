// SPDX-License-Identifier: Apache-2.0
// The layered renderer: level of detail without gaps, cancel, choropleth, account clusters,
// and golden images.

#include <gtest/gtest.h>

#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>

#include "AppTestProject.h"
#include "app/canvas/MapRenderer.h"

using namespace tessera;
using tessera::render::AreaFill;
using tessera::render::AreaMetric;
using tessera::render::MapRenderer;
using tessera::render::RenderOptions;
using tessera::render::Viewport;

namespace {

/// Two areas side by side whose shared boundary is a fine zig-zag (many vertices closer than
/// the coarse bands' tolerance): simplification must keep them touching.
Project zigzagProject() {
    Project project;
    const int teeth = 400;
    std::vector<Point> boundary;  // from south to north at lon ≈ 0
    for (int i = 0; i <= teeth; ++i) {
        const double lat = -2.0 + 4.0 * i / teeth;
        boundary.emplace_back((i % 2 == 0) ? 0.0 : 0.004 * std::sin(i * 0.37), lat);
    }
    const auto makeArea = [&](bool west) {
        Area area;
        area.code = west ? "W" : "E";
        area.name = area.code;
        Polygon polygon;
        auto& ring = polygon.outer();
        const double x = west ? -2.0 : 2.0;
        ring.emplace_back(x, -2.0);
        ring.emplace_back(x, 2.0);
        for (auto it = boundary.rbegin(); it != boundary.rend(); ++it) {
            ring.push_back(*it);
        }
        ring.emplace_back(x, -2.0);
        bg::correct(polygon);
        area.shape.push_back(polygon);
        bg::envelope(area.shape, area.bounds);
        area.labelPoint = Point(west ? -1.0 : 1.0, 0.0);
        return area;
    };
    project.areas = {makeArea(true), makeArea(false)};
    project.territories = {Territory{"West", 0xE41A1C, kNoRep, false},
                           Territory{"East", 0x377EB8, kNoRep, false}};
    project.alignment.areaTerritory = {0, 1};
    project.accountArea = {};
    return project;
}

int channelDifference(QRgb a, QRgb b) {
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                     std::abs(qBlue(a) - qBlue(b))});
}

/// Compares with a golden PNG in tests/data/render; TESSERA_UPDATE_GOLDENS=1 rewrites it.
/// Tolerance: at most 0.5 % of pixels may differ by more than 24 in a channel (antialiasing).
void expectMatchesGolden(const QImage& actual, const QString& name) {
    const QString path = QStringLiteral(TESSERA_TEST_DATA_DIR) + QStringLiteral("/render/") + name;
    if (qEnvironmentVariableIsSet("TESSERA_UPDATE_GOLDENS")) {
        ASSERT_TRUE(actual.save(path, "PNG")) << path.toStdString();
    }
    const QImage golden = QImage(path).convertToFormat(QImage::Format_RGB32);
    ASSERT_FALSE(golden.isNull()) << "missing golden " << path.toStdString()
                                  << " (run with TESSERA_UPDATE_GOLDENS=1 to create it)";
    const QImage image = actual.convertToFormat(QImage::Format_RGB32);
    ASSERT_EQ(image.size(), golden.size());
    std::size_t different = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            different += channelDifference(image.pixel(x, y), golden.pixel(x, y)) > 24 ? 1U : 0U;
        }
    }
    const auto pixels = static_cast<std::size_t>(image.width() * image.height());
    EXPECT_LE(different, pixels / 200)
        << name.toStdString() << ": " << different << " of " << pixels << " pixels differ";
}

}  // namespace

TEST(MapRendererLayers, SimplifiedSharedBoundaryLeavesNoGap) {
    const Project project = zigzagProject();
    MapRenderer renderer;
    Viewport viewport = renderer.fittingViewport(project, QSize(300, 300));
    RenderOptions options;
    options.accounts = false;
    options.areaBoundaries = false;
    options.territoryOutlines = false;
    options.territoryLabels = false;
    options.antialiasing = false;
    options.background = QColor(0, 255, 0);  // pure green: nothing else is green
    const QImage simplified = renderer.render(project, viewport, options);
    const int band = renderer.lastStats().levelOfDetail;
    ASSERT_GE(band, 1) << "the view should use a coarse band";
    const std::size_t simplifiedVertices = renderer.lastStats().verticesDrawn;
    options.levelOfDetail = false;
    (void)renderer.render(project, viewport, options);
    EXPECT_LT(simplifiedVertices * 4, renderer.lastStats().verticesDrawn)
        << "the coarse band should drop most of the zig-zag's vertices";
    // Along the shared boundary, no background shows between the two areas.
    for (int i = 1; i < 40; ++i) {
        const double lat = -1.9 + 3.8 * i / 40.0;
        const QPoint p = viewport.lonLatToScreen(Point(0.0, lat)).toPoint();
        for (int dx = -2; dx <= 2; ++dx) {
            EXPECT_NE(simplified.pixel(p + QPoint(dx, 0)) | 0xFF000000U, qRgb(0, 255, 0))
                << "gap at lat " << lat;
        }
    }
}

TEST(MapRendererLayers, CanceledRenderStopsAndReturnsNoImage) {
    const Project project = test::gridProject(10, 10, 3);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(200, 200));
    const auto scene = renderer.scene(project, viewport.centralLongitude(), RenderOptions());
    std::atomic<bool> cancel{true};
    render::RenderStats stats;
    const QImage image =
        MapRenderer::renderScene(*scene, viewport, RenderOptions(), &cancel, &stats);
    EXPECT_TRUE(image.isNull());
    EXPECT_TRUE(stats.canceled);
    EXPECT_LT(stats.areasDrawn, 100U);
    cancel = false;
    EXPECT_FALSE(MapRenderer::renderScene(*scene, viewport, RenderOptions(), &cancel).isNull());
}

TEST(MapRendererLayers, ChoroplethColoursFollowTheMetricAndHaveALegend) {
    // Potential grows with the area index: the last area is in the highest class.
    const Project project = test::gridProject(4, 4, 2);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(400, 400));
    RenderOptions options;
    options.accounts = false;
    options.areaBoundaries = false;
    options.territoryOutlines = false;
    options.fill = AreaFill::Metric;
    options.metric = AreaMetric::Potential;
    options.classes = 4;
    const QImage image = renderer.render(project, viewport, options);
    const auto lightness = [&](std::size_t area) {
        return QColor(
                   image.pixel(viewport.lonLatToScreen(project.areas[area].labelPoint).toPoint()))
            .lightness();
    };
    EXPECT_GT(lightness(0), lightness(7));
    EXPECT_GT(lightness(7), lightness(15));
    const auto scene = renderer.scene(project, viewport.centralLongitude(), options);
    const render::Legend legend = MapRenderer::legendOf(*scene);
    EXPECT_EQ(legend.title.toStdString(), "Potential per area");
    ASSERT_EQ(legend.entries.size(), 4U);  // 16 distinct values in 4 quantile classes
    // The attribute choropleth uses the layer's attribute name as the title.
    options.metric = AreaMetric::Attribute;
    options.attribute = 0;
    const auto byAttribute = renderer.scene(project, viewport.centralLongitude(), options);
    EXPECT_EQ(MapRenderer::legendOf(*byAttribute).title.toStdString(), "population");
    // Filled by territory: no legend.
    const auto byTerritory = renderer.scene(project, viewport.centralLongitude(), RenderOptions());
    EXPECT_TRUE(MapRenderer::legendOf(*byTerritory).entries.empty());
}

TEST(MapRendererLayers, ManyAccountsAreClusteredWithCounts) {
    Project project = test::gridProject(2, 2, 1);
    // 4,000 accounts spread over the grid.
    for (int i = 0; i < 4000; ++i) {
        Account account;
        account.id = "X" + std::to_string(i);
        account.location =
            Point(0.05 + 1.9 * ((i * 37) % 1000) / 1000.0, 0.05 + 1.9 * ((i * 91) % 997) / 997.0);
        account.locationSource = LocationSource::Coordinates;
        account.potential = 10.0 + i % 50;
        project.accounts.push_back(account);
    }
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(400, 400));
    RenderOptions options;
    options.territoryLabels = false;
    (void)renderer.render(project, viewport, options);
    EXPECT_EQ(renderer.lastStats().accountsDrawn, 4004U);
    EXPECT_GT(renderer.lastStats().clustersDrawn, 4U);
    EXPECT_LT(renderer.lastStats().clustersDrawn, 200U);
    options.clusterAbove = 0;  // never cluster
    (void)renderer.render(project, viewport, options);
    EXPECT_EQ(renderer.lastStats().clustersDrawn, 0U);
    EXPECT_EQ(renderer.lastStats().accountsDrawn, 4004U);
}

TEST(MapRendererLayers, RepHomeBasesAreDrawn) {
    Project project = test::gridProject(2, 2, 1);
    Rep rep;
    rep.name = "Ann";
    rep.home = Point(0.5, 1.5);
    rep.hasHome = true;
    project.reps.push_back(rep);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(200, 200));
    RenderOptions options;
    options.accounts = false;
    options.territoryLabels = false;
    const QRgb withHome = renderer.render(project, viewport, options)
                              .pixel(viewport.lonLatToScreen(rep.home).toPoint());
    options.repHomes = false;
    const QRgb without = renderer.render(project, viewport, options)
                             .pixel(viewport.lonLatToScreen(rep.home).toPoint());
    EXPECT_GT(qRed(withHome), 150);
    EXPECT_LT(qGreen(withHome), 90);
    EXPECT_NE(withHome, without);
}

TEST(MapRendererLayers, GoldenTerritoryMap) {
    const Project project = test::gridProject(4, 6, 3);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(160, 120));
    RenderOptions options;
    options.territoryLabels = false;  // fonts differ between machines
    expectMatchesGolden(renderer.render(project, viewport, options),
                        QStringLiteral("grid-territories.png"));
}

TEST(MapRendererLayers, GoldenChoropleth) {
    const Project project = test::gridProject(4, 6, 3);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(160, 120));
    RenderOptions options;
    options.territoryLabels = false;
    options.accounts = false;
    options.fill = AreaFill::Metric;
    options.metric = AreaMetric::Workload;
    expectMatchesGolden(renderer.render(project, viewport, options),
                        QStringLiteral("grid-choropleth.png"));
}

TEST(MapRendererLayers, ParallelLayersCompositeToTheSequentialPaint) {
    // renderScene paints the layers on separate threads into separate images and composites
    // them; the result must be what painting them one after the other onto one image gives.
    Project project = test::gridProject(12, 10, 4);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(320, 240));
    RenderOptions options;
    options.highlightedArea = 5;
    const auto scene = renderer.scene(project, viewport.centralLongitude(), options);
    render::RenderStats stats;
    const QImage parallel = MapRenderer::renderScene(*scene, viewport, options, nullptr, &stats);
    ASSERT_FALSE(parallel.isNull());
    QImage sequential(parallel.size(), QImage::Format_ARGB32_Premultiplied);
    {
        QPainter painter(&sequential);
        const render::RenderStats sequentialStats =
            MapRenderer::paintScene(painter, *scene, viewport, options);
        EXPECT_EQ(sequentialStats.areasDrawn, stats.areasDrawn);
        EXPECT_EQ(sequentialStats.verticesDrawn, stats.verticesDrawn);
        EXPECT_EQ(sequentialStats.accountsDrawn, stats.accountsDrawn);
    }
    EXPECT_EQ(stats.areasDrawn, 120U);
    std::size_t different = 0;
    int worst = 0;
    for (int y = 0; y < parallel.height(); ++y) {
        for (int x = 0; x < parallel.width(); ++x) {
            const int d = channelDifference(parallel.pixel(x, y), sequential.pixel(x, y));
            worst = std::max(worst, d);
            different += d > 2 ? 1U : 0U;
        }
    }
    // Compositing premultiplied layers rounds differently by a unit or two at most.
    EXPECT_EQ(different, 0U) << "worst channel difference " << worst;
    // Every layer that had something to draw reports its CPU time.
    EXPECT_GT(stats.layerCpuMilliseconds[0], 0.0);
    EXPECT_GT(stats.layerCpuMilliseconds[1], 0.0);
    EXPECT_EQ(render::RenderStats::layerNames().size(), stats.layerCpuMilliseconds.size());
}

TEST(MapRendererLayers, ReusedImagesNeitherChangeHeldFramesNorLeaveOldPixels) {
    // renderScene reuses its images from frame to frame: a frame the caller still holds must
    // never change, and a reused image must not keep anything of the frame it held before.
    const Project project = test::gridProject(12, 10, 4);
    MapRenderer renderer;
    const Viewport whole = renderer.fittingViewport(project, QSize(320, 240));
    Viewport closer = whole;
    closer.zoomAbout(QPointF(100, 80), 3.0);
    const auto scene = renderer.scene(project, whole.centralLongitude(), RenderOptions());
    const QImage first = MapRenderer::renderScene(*scene, whole, RenderOptions());
    const QImage firstCopy = first.copy();
    QImage second = MapRenderer::renderScene(*scene, closer, RenderOptions());
    const QImage secondCopy = second.copy();
    EXPECT_EQ(first, firstCopy);
    ASSERT_NE(first, second);
    for (int i = 0; i < 3; ++i) {
        second = QImage();  // let go: the next frame may reuse it
        second = MapRenderer::renderScene(*scene, closer, RenderOptions());
        EXPECT_EQ(second, secondCopy);
        EXPECT_EQ(first, firstCopy);
    }
}

TEST(MapRendererLayers, FramesSharedBetweenThreadsMatchTheSequentialPaintAtEveryZoom) {
    // The split between the two threads falls elsewhere at each zoom (fewer areas, more
    // outline per area); the picture must not depend on where.
    const Project project = test::gridProject(12, 10, 4);
    MapRenderer renderer;
    Viewport viewport = renderer.fittingViewport(project, QSize(240, 180));
    const auto scene = renderer.scene(project, viewport.centralLongitude(), RenderOptions());
    for (int step = 0; step < 4; ++step) {
        const QImage parallel = MapRenderer::renderScene(*scene, viewport, RenderOptions());
        QImage sequential(parallel.size(), QImage::Format_ARGB32_Premultiplied);
        {
            QPainter painter(&sequential);
            MapRenderer::paintScene(painter, *scene, viewport, RenderOptions());
        }
        int worst = 0;
        for (int y = 0; y < parallel.height(); ++y) {
            for (int x = 0; x < parallel.width(); ++x) {
                worst = std::max(worst,
                                 channelDifference(parallel.pixel(x, y), sequential.pixel(x, y)));
            }
        }
        EXPECT_LE(worst, 2) << "zoom step " << step;
        viewport.zoomAbout(QPointF(90, 70), 1.8);
    }
}

TEST(MapRendererLayers, TerritoryOutlinesAreAsManyDevicePixelsWideOnHiDpiImages) {
    // The outlines used to be a cosmetic QPen, whose width counts device pixels; the stroked
    // outlines that replaced it must keep that on a device pixel ratio of 2.
    const Project project = test::gridProject(4, 6, 3);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(240, 160));
    std::array<std::size_t, 2> changed{};
    for (const int ratio : {1, 2}) {
        RenderOptions options;
        options.devicePixelRatio = ratio;
        options.accounts = false;
        options.territoryLabels = false;
        options.areaBoundaries = false;
        const QImage with = renderer.render(project, viewport, options);
        options.territoryOutlines = false;
        const QImage without = renderer.render(project, viewport, options);
        ASSERT_EQ(with.size(), QSize(240, 160) * ratio);
        // Across the middle row: the pixels the outlines darken (two inner territory borders
        // and the outer edge on both sides).
        const int y = with.height() / 2;
        for (int x = 0; x < with.width(); ++x) {
            changed[ratio - 1] += channelDifference(with.pixel(x, y), without.pixel(x, y)) > 40;
        }
    }
    ASSERT_GT(changed[0], 4U);
    EXPECT_LE(static_cast<double>(changed[1]), 1.5 * static_cast<double>(changed[0]))
        << changed[0] << " px at ratio 1, " << changed[1] << " at ratio 2";
}
