// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "core/Geometry.h"

using namespace tessera;

TEST(Geometry, GreatCircleKnownDistance) {
    // London Heathrow to New York JFK, about 5,540 km.
    const double km = greatCircleKm({-0.4614, 51.4700}, {-73.7789, 40.6413});
    EXPECT_NEAR(km, 5540.0, 15.0);
    EXPECT_DOUBLE_EQ(greatCircleKm({10, 10}, {10, 10}), 0.0);
}

TEST(Geometry, WktCounterClockwiseIsCorrected) {
    auto shape = multiPolygonFromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))");
    ASSERT_TRUE(shape);
    EXPECT_GT(bg::area(*shape), 0.0);  // clockwise after correction
    EXPECT_TRUE(bg::is_valid(*shape));
}

TEST(Geometry, BadWktIsAnErrorNotACrash) {
    EXPECT_FALSE(multiPolygonFromWkt("POLYGON((0 0,1 0"));
    EXPECT_FALSE(multiPolygonFromWkt("LINESTRING(0 0,1 1)"));
}

TEST(Geometry, InteriorPointOfConcaveShapeIsInside) {
    // A U shape whose centroid lies in the notch.
    auto shape = multiPolygonFromWkt("POLYGON((0 0,3 0,3 3,2 3,2 1,1 1,1 3,0 3,0 0))");
    ASSERT_TRUE(shape);
    EXPECT_TRUE(bg::within(interiorPoint(*shape), *shape));
}

TEST(Geometry, AreaAndPerimeterOfOneDegreeSquareAtEquator) {
    auto shape = multiPolygonFromWkt("POLYGON((0 0,1 0,1 1,0 1,0 0))");
    ASSERT_TRUE(shape);
    EXPECT_NEAR(areaKm2(*shape), 111.2 * 111.2, 200.0);
    EXPECT_NEAR(perimeterKm(*shape), 4 * 111.2, 2.0);
}

TEST(Geometry, MakeValidRepairsSelfOverlappingParts) {
    auto shape =
        multiPolygonFromWkt("MULTIPOLYGON(((0 0,2 0,2 2,0 2,0 0)),((1 1,3 1,3 3,1 3,1 1)))");
    ASSERT_TRUE(shape);
    EXPECT_FALSE(bg::is_valid(*shape));
    EXPECT_TRUE(makeValid(*shape));
    EXPECT_TRUE(bg::is_valid(*shape));
    EXPECT_NEAR(bg::area(*shape), 7.0, 1e-9);
}
