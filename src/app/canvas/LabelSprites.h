// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>
#include <QFont>
#include <QImage>
#include <QPoint>
#include <QRectF>
#include <QString>

#include <memory>

class QPainter;

namespace tessera::render {

/// A map label rendered once: the text in its colour over a white halo, in device pixels.
/// The names on a map are the same few dozen texts frame after frame, and laying the text out,
/// turning it into outlines and stroking the halo is most of what drawing a label costs.
struct LabelSprite {
    QRectF box;  ///< QFontMetricsF::boundingRect of the text, moved to (0, 0)
    double advance = 0.0;
    QImage image;   ///< premultiplied ARGB, devicePixelRatio set; null for an empty text
    QPoint offset;  ///< device pixels from the box's top-left to the image's top-left

    /// Draws the label with its box's top-left at `topLeft` (logical pixels of an unrotated,
    /// unscaled painter), moved to the nearest whole device pixel so the image is copied 1:1.
    void draw(QPainter& painter, QPointF topLeft) const;
};

/// A process-wide cache of label sprites, safe to use from any thread (render jobs run on
/// worker threads). Bounded: it starts over once it holds a few thousand labels.
class LabelSprites {
public:
    /// The sprite of `text` in `font`, filled with `color` over a white halo `haloWidth`
    /// logical pixels wide, for a device with `devicePixelRatio`. Needs a QGuiApplication.
    [[nodiscard]] static std::shared_ptr<const LabelSprite> get(const QString& text,
                                                                const QFont& font,
                                                                const QColor& color,
                                                                double haloWidth,
                                                                double devicePixelRatio);
    /// How many sprites the cache holds (for tests).
    [[nodiscard]] static std::size_t size();
};

}  // namespace tessera::render
