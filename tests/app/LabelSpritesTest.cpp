// SPDX-License-Identifier: Apache-2.0
// Label sprites look like the label painted directly, and are made once per text and style.

#include <gtest/gtest.h>

#include <QFontMetricsF>
#include <QGuiApplication>
#include <QImage>
#include <QPainter>
#include <QPainterPath>
#include <QPen>

#include <algorithm>
#include <cmath>

#include "app/canvas/LabelSprites.h"

using tessera::render::LabelSprites;

namespace {

/// What the renderer painted before sprites: the text as a path, a halo stroke, a fill.
QImage paintedDirectly(const QString& text, const QFont& font, const QColor& color, double halo,
                       QPointF topLeft, double ratio) {
    QImage image(QSize(160, 60) * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QFontMetricsF metrics(font);
    QPainterPath path;
    path.addText(topLeft.x(), topLeft.y() + metrics.ascent(), font, text);
    QPen pen(QColor(255, 255, 255, 220), halo);
    pen.setJoinStyle(Qt::RoundJoin);
    painter.strokePath(path, pen);
    painter.fillPath(path, color);
    return image;
}

QImage drawnFromSprite(const QString& text, const QFont& font, const QColor& color, double halo,
                       QPointF topLeft, double ratio) {
    QImage image(QSize(160, 60) * ratio, QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(ratio);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    LabelSprites::get(text, font, color, halo, ratio)->draw(painter, topLeft);
    return image;
}

}  // namespace

TEST(LabelSprites, LookLikeTheTextPaintedDirectly) {
    ASSERT_NE(qobject_cast<QGuiApplication*>(QCoreApplication::instance()), nullptr);
    QFont font;
    font.setPointSizeF(8.5);
    font.setBold(true);
    const QColor color(0x1A, 0x1A, 0x1A);
    for (const double ratio : {1.0, 2.0}) {
        // At a whole device pixel the sprite is the same picture.
        const QImage direct =
            paintedDirectly(QStringLiteral("Territory 12"), font, color, 3.0, {20, 15}, ratio);
        const QImage sprite =
            drawnFromSprite(QStringLiteral("Territory 12"), font, color, 3.0, {20, 15}, ratio);
        int worst = 0;
        std::size_t inked = 0;
        for (int y = 0; y < direct.height(); ++y) {
            for (int x = 0; x < direct.width(); ++x) {
                const QRgb a = direct.pixel(x, y);
                const QRgb b = sprite.pixel(x, y);
                inked += qAlpha(a) > 0 ? 1U : 0U;
                worst =
                    std::max({worst, std::abs(qRed(a) - qRed(b)), std::abs(qAlpha(a) - qAlpha(b))});
            }
        }
        EXPECT_GT(inked, 200U * static_cast<std::size_t>(ratio * ratio));
        EXPECT_LE(worst, 2) << "ratio " << ratio;
    }
    // Elsewhere it is moved to the nearest whole pixel: at most half a pixel off.
    EXPECT_EQ(drawnFromSprite(QStringLiteral("Territory 12"), font, color, 3.0, {20.4, 14.6}, 1.0),
              drawnFromSprite(QStringLiteral("Territory 12"), font, color, 3.0, {20, 15}, 1.0));
}

TEST(LabelSprites, MadeOncePerTextAndStyle) {
    QFont font;
    font.setPointSizeF(7.0);
    const QColor grey(0x33, 0x33, 0x33);
    const auto first = LabelSprites::get(QStringLiteral("06037"), font, grey, 2.0, 1.0);
    EXPECT_EQ(first, LabelSprites::get(QStringLiteral("06037"), font, grey, 2.0, 1.0));
    EXPECT_NE(first, LabelSprites::get(QStringLiteral("06038"), font, grey, 2.0, 1.0));
    EXPECT_NE(first, LabelSprites::get(QStringLiteral("06037"), font, Qt::red, 2.0, 1.0));
    EXPECT_NE(first, LabelSprites::get(QStringLiteral("06037"), font, grey, 3.0, 1.0));
    EXPECT_NE(first, LabelSprites::get(QStringLiteral("06037"), font, grey, 2.0, 2.0));
    QFont bold = font;
    bold.setBold(true);
    EXPECT_NE(first, LabelSprites::get(QStringLiteral("06037"), bold, grey, 2.0, 1.0));
    // The metrics the placement uses are the font's.
    const QFontMetricsF metrics(font);
    EXPECT_DOUBLE_EQ(first->advance, metrics.horizontalAdvance(QStringLiteral("06037")));
    EXPECT_EQ(first->box.size(), metrics.boundingRect(QStringLiteral("06037")).size());
    EXPECT_FALSE(first->image.isNull());
    EXPECT_TRUE(LabelSprites::get(QString(), font, grey, 2.0, 1.0)->image.isNull());
}
