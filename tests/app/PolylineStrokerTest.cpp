// SPDX-License-Identifier: Apache-2.0
// PolylineStroker draws what a round-joined, round-capped QPen draws.

#include <gtest/gtest.h>

#include <QImage>
#include <QPainter>
#include <QPen>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "app/canvas/PolylineStroker.h"

using tessera::render::PolylineStroker;

namespace {

struct Comparison {
    int worst = 0;              ///< largest channel difference
    std::size_t different = 0;  ///< pixels differing by more than 24
    std::size_t inked = 0;      ///< pixels the reference drew on
};

int difference(QRgb a, QRgb b) {
    return std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)),
                     std::abs(qBlue(a) - qBlue(b)), std::abs(qAlpha(a) - qAlpha(b))});
}

/// Draws the polylines with a QPen and with PolylineStroker on a `ratio` device pixel image.
Comparison compareWithQPen(const std::vector<std::vector<QPointF>>& lines, double width,
                           double ratio) {
    const QSize size(200, 160);
    QImage reference(size * ratio, QImage::Format_ARGB32_Premultiplied);
    reference.setDevicePixelRatio(ratio);
    reference.fill(Qt::transparent);
    QImage stroked = reference;
    {
        QPainter painter(&reference);
        painter.setRenderHint(QPainter::Antialiasing, true);
        QPen pen(QColor(0x26, 0x26, 0x26), width);
        pen.setJoinStyle(Qt::RoundJoin);
        pen.setCapStyle(Qt::RoundCap);
        painter.setPen(pen);
        for (const auto& line : lines) {
            painter.drawPolyline(line.data(), static_cast<int>(line.size()));
        }
    }
    {
        QPainter painter(&stroked);
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0x26, 0x26, 0x26));
        PolylineStroker stroker(width / 2.0, 0.02 / ratio);
        for (const auto& line : lines) {
            stroker.add(line.data(), line.size());
        }
        stroker.fill(painter);
    }
    Comparison result;
    for (int y = 0; y < reference.height(); ++y) {
        for (int x = 0; x < reference.width(); ++x) {
            const int d = difference(reference.pixel(x, y), stroked.pixel(x, y));
            result.worst = std::max(result.worst, d);
            result.different += d > 24 ? 1U : 0U;
            result.inked += qAlpha(reference.pixel(x, y)) > 0 ? 1U : 0U;
        }
    }
    return result;
}

}  // namespace

TEST(PolylineStroker, DrawsWhatARoundJoinedQPenDraws) {
    // Sharp and shallow turns both ways, a reversal, segments shorter than the pen, a line
    // crossing itself, a straight run with a collinear vertex.
    const std::vector<std::vector<QPointF>> lines{
        {{10, 10}, {60, 12}, {62, 40}, {20, 42}, {24, 70}},
        {{80, 20}, {120, 20}, {80, 21}},
        {{140, 20}, {141, 22}, {142, 20.5}, {143.5, 22.5}, {145, 20}, {190, 30}},
        {{20, 100}, {90, 150}, {90, 100}, {20, 150}, {20, 110}},
        {{110, 90}, {140, 90}, {170, 90}, {170, 91}},
        {{120, 140}, {160, 110}, {190, 150}, {150, 152}},
    };
    for (const double ratio : {1.0, 2.0}) {
        for (const double width : {1.4, 2.0, 2.6}) {
            const Comparison c = compareWithQPen(lines, width, ratio);
            ASSERT_GT(c.inked, 1000U);
            // Only antialiasing differences along the edges (Qt's stroker flattens Bézier arcs
            // and rounds a little differently); a missing join, cap or piece of a segment
            // would leave pixels off by far more than half.
            EXPECT_LE(c.different, c.inked / 50) << "width " << width << " ratio " << ratio;
            EXPECT_LE(c.worst, 128) << "width " << width << " ratio " << ratio;
        }
    }
}

TEST(PolylineStroker, RandomPolylinesMatchTheQPen) {
    std::mt19937 random(20261128);
    std::uniform_real_distribution<double> coordinate(5.0, 195.0);
    std::uniform_real_distribution<double> step(-6.0, 6.0);
    std::vector<std::vector<QPointF>> lines;
    for (int l = 0; l < 12; ++l) {
        std::vector<QPointF> line{{coordinate(random), coordinate(random) * 0.8}};
        for (int i = 0; i < 25; ++i) {
            const QPointF next = line.back() + QPointF(step(random), step(random));
            line.emplace_back(std::clamp(next.x(), 2.0, 198.0), std::clamp(next.y(), 2.0, 158.0));
        }
        lines.push_back(std::move(line));
    }
    const Comparison c = compareWithQPen(lines, 2.2, 1.0);
    ASSERT_GT(c.inked, 2000U);
    EXPECT_LE(c.different, c.inked / 50);
    EXPECT_LE(c.worst, 128);
}

TEST(PolylineStroker, OnePointIsADotAndRepeatsAreSkipped) {
    PolylineStroker stroker(2.0, 0.02);
    const std::vector<QPointF> dot{{50, 50}, {50, 50}, {50, 50}};
    stroker.add(dot.data(), dot.size());
    ASSERT_EQ(stroker.polygonSizes().size(), 1U);
    for (const QPointF& p : stroker.points()) {
        EXPECT_NEAR(std::hypot(p.x() - 50.0, p.y() - 50.0), 2.0, 1e-9);
    }
    // A full circle in pieces of at most maxStep: 2 acos(1 - 0.02 / 2) ≈ 16.2°, so ≥ 22.
    EXPECT_GE(stroker.points().size(), 22U);

    stroker.clear();
    const std::vector<QPointF> repeated{{0, 0}, {0, 0}, {10, 0}, {10, 0}};
    stroker.add(repeated.data(), repeated.size());
    ASSERT_EQ(stroker.polygonSizes().size(), 1U);
    // A straight line: two half-circle caps and the two sides, every point within the pen.
    for (const QPointF& p : stroker.points()) {
        const double along = std::clamp(p.x(), 0.0, 10.0);
        EXPECT_NEAR(std::hypot(p.x() - along, p.y()), 2.0, 1e-9);
    }
    stroker.clear();
    stroker.add(repeated.data(), 0);
    EXPECT_TRUE(stroker.points().empty());
    EXPECT_TRUE(stroker.polygonSizes().empty());
}
