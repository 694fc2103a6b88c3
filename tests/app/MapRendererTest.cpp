// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <QImage>

#include <algorithm>

#include "AppTestProject.h"
#include "app/canvas/MapRenderer.h"
#include "app/canvas/TerritoryColoring.h"

using namespace tessera;
using tessera::render::MapRenderer;
using tessera::render::RenderOptions;
using tessera::render::Viewport;

namespace {
QRgb rgbOf(std::uint32_t color) {
    return qRgb((color >> 16) & 0xFF, (color >> 8) & 0xFF, color & 0xFF);
}

QRgb pixelAt(const QImage& image, const QPointF& point) {
    return image.pixel(point.toPoint()) | 0xFF000000U;
}
}  // namespace

TEST(MapRenderer, FillsAreasWithTheirTerritoryColour) {
    Project project = test::gridProject(4, 4, 2);
    project.alignment.areaTerritory[15] = kNoTerritory;
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(400, 300));
    RenderOptions options;
    options.accounts = false;  // the accounts sit on the label points
    const QImage image = renderer.render(project, viewport, options);
    ASSERT_EQ(image.size(), QSize(400, 300));
    const auto colors = render::territoryDisplayColors(project);
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        const TerritoryIndex t = project.alignment.areaTerritory[a];
        const QRgb expected = t == kNoTerritory ? options.unassignedFill.rgb()
                                                : rgbOf(colors[static_cast<std::size_t>(t)]);
        EXPECT_EQ(pixelAt(image, viewport.lonLatToScreen(project.areas[a].labelPoint)), expected)
            << "area " << a;
    }
    EXPECT_EQ(renderer.lastStats().areasDrawn, 16U);
    // Outside the grid: background.
    EXPECT_EQ(pixelAt(image, QPointF(2.0, 150.0)), options.background.rgb());
}

TEST(MapRenderer, TerritoryOutlineIsDrawnOnlyBetweenTerritories) {
    const Project project = test::gridProject(2, 4, 2);  // columns 0–1 vs 2–3
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(400, 200));
    RenderOptions options;
    options.accounts = false;
    options.areaBoundaries = false;
    const QImage image = renderer.render(project, viewport, options);
    // The darkest pixel within one pixel of the point: lines are antialiased.
    const auto isDarkAround = [](const QImage& img, const QPointF& point) {
        int darkest = 255;
        for (int dx = -1; dx <= 1; ++dx) {
            for (int dy = -1; dy <= 1; ++dy) {
                darkest = std::min(darkest, qGray(img.pixel(point.toPoint() + QPoint(dx, dy))));
            }
        }
        return darkest < 130;  // the fills here are about 190 grey, the outline 38
    };
    // On the line lon = 2 (between the territories) and lon = 1 (inside territory 1).
    EXPECT_TRUE(isDarkAround(image, viewport.lonLatToScreen(Point{2.0, 0.5})));
    EXPECT_FALSE(isDarkAround(image, viewport.lonLatToScreen(Point{1.0, 0.5})));
    // Reassigning an area moves the outline: the renderer notices the new alignment itself.
    Project changed = project;
    changed.alignment.areaTerritory[1] = 1;  // bottom row, column 1 joins territory 2
    const QImage after = renderer.render(changed, viewport, options);
    EXPECT_TRUE(isDarkAround(after, viewport.lonLatToScreen(Point{1.0, 0.5})));
    EXPECT_FALSE(isDarkAround(after, viewport.lonLatToScreen(Point{2.0, 0.5})));
}

TEST(MapRenderer, CullsAreasOutsideTheView) {
    const Project project = test::gridProject(10, 10, 2);
    MapRenderer renderer;
    Viewport viewport = renderer.fittingViewport(project, QSize(300, 300));
    viewport.setCenter(viewport.lonLatToMercator(project.areas[0].labelPoint));
    viewport.setMetresPerPixel(viewport.metresPerPixel() / 10.0);  // about one area wide
    (void)renderer.render(project, viewport);
    EXPECT_GE(renderer.lastStats().areasDrawn, 1U);
    EXPECT_LE(renderer.lastStats().areasDrawn, 4U);
    EXPECT_LE(renderer.lastStats().accountsDrawn, 4U);
}

TEST(MapRenderer, DrawsAccountsAsPoints) {
    Project project = test::gridProject(2, 2, 1);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(200, 200));
    RenderOptions options;
    options.accountColor = QColor(255, 0, 0);
    const QImage image = renderer.render(project, viewport, options);
    EXPECT_EQ(renderer.lastStats().accountsDrawn, 4U);
    const QRgb dot = pixelAt(image, viewport.lonLatToScreen(project.accounts[0].location));
    EXPECT_GT(qRed(dot), 200);
    EXPECT_LT(qGreen(dot), 120);
}

TEST(MapRenderer, EmptyProjectGivesTheBackground) {
    const Project project;
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(64, 48));
    EXPECT_TRUE(viewport.isValid());
    const QImage image = renderer.render(project, viewport);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(pixelAt(image, QPointF(10, 10)), RenderOptions().background.rgb());
    EXPECT_EQ(renderer.lastStats().areasDrawn, 0U);
}

TEST(MapRenderer, HiDpiImageHasMoreDevicePixels) {
    const Project project = test::gridProject(2, 2, 1);
    MapRenderer renderer;
    const Viewport viewport = renderer.fittingViewport(project, QSize(100, 80));
    RenderOptions options;
    options.devicePixelRatio = 2.0;
    const QImage image = renderer.render(project, viewport, options);
    EXPECT_EQ(image.size(), QSize(200, 160));
    EXPECT_DOUBLE_EQ(image.devicePixelRatio(), 2.0);
}
