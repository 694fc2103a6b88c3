// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <cmath>

#include "app/canvas/Viewport.h"

using tessera::Point;
using tessera::render::centralLongitudeFor;
using tessera::render::Viewport;

namespace {
Viewport usViewport() {
    Viewport viewport(QSize(800, 600), Viewport::mercatorFromLonLat(-98.0, 39.0), 5000.0);
    return viewport;
}
}  // namespace

TEST(Viewport, MercatorOfKnownPoints) {
    const QPointF origin = Viewport::mercatorFromLonLat(0.0, 0.0);
    EXPECT_NEAR(origin.x(), 0.0, 1e-9);
    EXPECT_NEAR(origin.y(), 0.0, 1e-9);
    const QPointF east = Viewport::mercatorFromLonLat(180.0, 0.0);
    EXPECT_NEAR(east.x(), Viewport::kMercatorHalfWorld, 1e-3);
    const QPointF north = Viewport::mercatorFromLonLat(0.0, Viewport::kMaxLatitude);
    EXPECT_NEAR(north.y(), Viewport::kMercatorHalfWorld, 1e-3);
    // Berlin (13.4050, 52.5200): x = R·λ, y = R·ln tan(π/4 + φ/2) with R = 6378137 m, worked
    // out independently of the code under test.
    const QPointF berlin = Viewport::mercatorFromLonLat(13.4050, 52.5200);
    EXPECT_NEAR(berlin.x(), 1492237.77, 0.01);
    EXPECT_NEAR(berlin.y(), 6894699.80, 0.01);
}

TEST(Viewport, LatitudeIsClampedToTheMercatorLimit) {
    EXPECT_DOUBLE_EQ(Viewport::mercatorFromLonLat(0.0, 90.0).y(),
                     Viewport::mercatorFromLonLat(0.0, Viewport::kMaxLatitude).y());
    EXPECT_TRUE(std::isfinite(Viewport::mercatorFromLonLat(0.0, -90.0).y()));
}

TEST(Viewport, LonLatMercatorRoundTrip) {
    for (const Point& p :
         {Point{-179.5, -60.0}, Point{-98.25, 39.5}, Point{13.4, 52.5}, Point{151.2, -33.9}}) {
        const Point back = Viewport::lonLatFromMercator(Viewport::mercatorFromLonLat(p.x(), p.y()));
        EXPECT_NEAR(back.x(), p.x(), 1e-9);
        EXPECT_NEAR(back.y(), p.y(), 1e-9);
    }
}

TEST(Viewport, ScreenTransformsAreInverse) {
    const Viewport viewport = usViewport();
    const Point lonLat{-105.0, 40.0};
    const QPointF screen = viewport.lonLatToScreen(lonLat);
    const Point back = viewport.screenToLonLat(screen);
    EXPECT_NEAR(back.x(), lonLat.x(), 1e-9);
    EXPECT_NEAR(back.y(), lonLat.y(), 1e-9);
    // The centre of the map is the centre of the widget; north is up, east is right.
    const QPointF centre = viewport.lonLatToScreen(Point{-98.0, 39.0});
    EXPECT_NEAR(centre.x(), 400.0, 1e-6);
    EXPECT_NEAR(centre.y(), 300.0, 1e-6);
    EXPECT_LT(viewport.lonLatToScreen(Point{-98.0, 45.0}).y(), 300.0);
    EXPECT_GT(viewport.lonLatToScreen(Point{-90.0, 39.0}).x(), 400.0);
    // The QTransform for the painter agrees with the point functions.
    const QPointF mercator = viewport.lonLatToMercator(lonLat);
    const QPointF viaTransform = viewport.mercatorToScreenTransform().map(mercator);
    EXPECT_NEAR(viaTransform.x(), screen.x(), 1e-6);
    EXPECT_NEAR(viaTransform.y(), screen.y(), 1e-6);
}

TEST(Viewport, ZoomAboutAPointKeepsThatPointFixed) {
    Viewport viewport = usViewport();
    const QPointF cursor(123.0, 456.0);
    const Point before = viewport.screenToLonLat(cursor);
    viewport.zoomAbout(cursor, 2.0);
    EXPECT_DOUBLE_EQ(viewport.metresPerPixel(), 2500.0);
    const Point after = viewport.screenToLonLat(cursor);
    EXPECT_NEAR(after.x(), before.x(), 1e-9);
    EXPECT_NEAR(after.y(), before.y(), 1e-9);
    const QPointF screen = viewport.lonLatToScreen(before);
    EXPECT_NEAR(screen.x(), cursor.x(), 1e-6);
    EXPECT_NEAR(screen.y(), cursor.y(), 1e-6);
    viewport.zoomAbout(QPointF(700.0, 20.0), 0.25);
    EXPECT_DOUBLE_EQ(viewport.metresPerPixel(), 10000.0);
}

TEST(Viewport, PanMovesTheMapWithTheMouse) {
    Viewport viewport = usViewport();
    const Point lonLat{-100.0, 35.0};
    const QPointF before = viewport.lonLatToScreen(lonLat);
    viewport.panByPixels(QPointF(30.0, -12.0));
    const QPointF after = viewport.lonLatToScreen(lonLat);
    EXPECT_NEAR(after.x() - before.x(), 30.0, 1e-6);
    EXPECT_NEAR(after.y() - before.y(), -12.0, 1e-6);
}

TEST(Viewport, FitShowsTheWholeRectangle) {
    Viewport viewport(QSize(1000, 500), QPointF(), 1.0);
    const QRectF rect(1.0e6, 2.0e6, 4.0e6, 1.0e6);
    viewport.fitMercatorRect(rect, 0.05);
    EXPECT_TRUE(viewport.visibleMercatorRect().contains(rect));
    EXPECT_EQ(viewport.center(), rect.center());
    // The wider side decides: 4e6 m over 90 % of 1000 px.
    EXPECT_NEAR(viewport.metresPerPixel(), 4.0e6 / 900.0, 1e-6);
}

TEST(Viewport, ScaleIsClamped) {
    Viewport viewport = usViewport();
    viewport.setMetresPerPixel(1e-9);
    EXPECT_DOUBLE_EQ(viewport.metresPerPixel(), Viewport::kMinMetresPerPixel);
    viewport.zoomAbout(QPointF(10, 10), 1e-12);
    EXPECT_DOUBLE_EQ(viewport.metresPerPixel(), Viewport::kMaxMetresPerPixel);
}

TEST(Viewport, VisibleBoxesSplitAtTheAntimeridian) {
    // Centred on 180°, 40° wide: 160°E..180° and −180°..−160°.
    Viewport viewport(QSize(400, 200), Viewport::mercatorFromLonLat(180.0, 0.0),
                      Viewport::mercatorFromLonLat(40.0, 0.0).x() / 400.0);
    const auto boxes = viewport.visibleLonLatBoxes();
    ASSERT_EQ(boxes.size(), 2U);
    EXPECT_NEAR(boxes[0].min_corner().x(), 160.0, 1e-6);
    EXPECT_NEAR(boxes[0].max_corner().x(), 180.0, 1e-6);
    EXPECT_NEAR(boxes[1].min_corner().x(), -180.0, 1e-6);
    EXPECT_NEAR(boxes[1].max_corner().x(), -160.0, 1e-6);

    const auto one = usViewport().visibleLonLatBoxes();
    ASSERT_EQ(one.size(), 1U);
    EXPECT_LT(one[0].min_corner().x(), -98.0);
    EXPECT_GT(one[0].max_corner().x(), -98.0);
}

TEST(Viewport, CentralLongitudeKeepsDataAcrossTheAntimeridianTogether) {
    // The US with the Aleutians beyond 180°: the widest gap is the Atlantic–Eurasia side.
    const double central = centralLongitudeFor({{-179.2, -130.0}, {-125.0, -66.9}, {172.4, 180.0}});
    EXPECT_NEAR(central, -127.25, 1e-9);
    Viewport viewport;
    viewport.setCentralLongitude(central);
    EXPECT_NEAR(viewport.wrapLongitude(179.0), -181.0, 1e-9);
    EXPECT_NEAR(viewport.wrapLongitude(-70.0), -70.0, 1e-9);
    // Back to [−180, 180] for the model's queries.
    const Point back = viewport.mercatorToLonLat(viewport.lonLatToMercator(Point{179.0, 52.0}));
    EXPECT_NEAR(back.x(), 179.0, 1e-9);

    // Europe: the antimeridian is far from the data, plain Web Mercator.
    EXPECT_EQ(centralLongitudeFor({{-10.0, 2.0}, {5.0, 30.0}}), 0.0);
    EXPECT_EQ(centralLongitudeFor({}), 0.0);
    // Data all around the world: no gap wide enough, plain Web Mercator.
    EXPECT_EQ(centralLongitudeFor({{-180.0, -10.0}, {-5.0, 180.0}}), 0.0);
}
