// SPDX-License-Identifier: Apache-2.0
#include "LabelSprites.h"

#include <QFontMetricsF>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QPen>

#include <cmath>
#include <mutex>

namespace tessera::render {

namespace {

/// The cache starts over when it holds this many labels (area codes of a large layer).
constexpr qsizetype kMaxSprites = 4096;

std::mutex& cacheMutex() {
    static std::mutex mutex;
    return mutex;
}

QHash<QString, std::shared_ptr<const LabelSprite>>& cache() {
    static QHash<QString, std::shared_ptr<const LabelSprite>> sprites;
    return sprites;
}

std::shared_ptr<const LabelSprite> makeSprite(const QString& text, const QFont& font,
                                              const QColor& color, double haloWidth, double ratio) {
    auto sprite = std::make_shared<LabelSprite>();
    const QFontMetricsF metrics(font);
    const QRectF box = metrics.boundingRect(text);
    sprite->box = QRectF(QPointF(0.0, 0.0), box.size());
    sprite->advance = metrics.horizontalAdvance(text);
    if (text.isEmpty()) {
        return sprite;
    }
    // The text's baseline origin sits `ascent` below the box's top-left corner.
    QPainterPath path;
    path.addText(0.0, metrics.ascent(), font, text);
    const double margin = haloWidth / 2.0 + 1.0;
    const QRectF extent = path.boundingRect().adjusted(-margin, -margin, margin, margin);
    const QRect pixels(QPoint(static_cast<int>(std::floor(extent.left() * ratio)),
                              static_cast<int>(std::floor(extent.top() * ratio))),
                       QPoint(static_cast<int>(std::ceil(extent.right() * ratio)),
                              static_cast<int>(std::ceil(extent.bottom() * ratio))));
    sprite->offset = pixels.topLeft();
    sprite->image = QImage(pixels.size(), QImage::Format_ARGB32_Premultiplied);
    if (sprite->image.isNull()) {
        return sprite;
    }
    sprite->image.setDevicePixelRatio(ratio);
    sprite->image.fill(Qt::transparent);
    QPainter painter(&sprite->image);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.translate(-QPointF(pixels.topLeft()) / ratio);
    QPen halo(QColor(255, 255, 255, 220), haloWidth);
    halo.setJoinStyle(Qt::RoundJoin);
    painter.strokePath(path, halo);
    painter.fillPath(path, color);
    return sprite;
}

}  // namespace

void LabelSprite::draw(QPainter& painter, QPointF topLeft) const {
    if (image.isNull()) {
        return;
    }
    const double ratio = image.devicePixelRatio();
    const QPointF device(std::round(topLeft.x() * ratio) + offset.x(),
                         std::round(topLeft.y() * ratio) + offset.y());
    painter.drawImage(device / ratio, image);
}

std::shared_ptr<const LabelSprite> LabelSprites::get(const QString& text, const QFont& font,
                                                     const QColor& color, double haloWidth,
                                                     double devicePixelRatio) {
    const double ratio = std::max(1.0, devicePixelRatio);
    const QString key = text + QChar(0x1F) + font.key() + QChar(0x1F) +
                        QString::number(color.rgba(), 16) + QChar(0x1F) +
                        QString::number(haloWidth) + QChar(0x1F) + QString::number(ratio);
    {
        const std::lock_guard lock(cacheMutex());
        const auto it = cache().constFind(key);
        if (it != cache().constEnd()) {
            return it.value();
        }
    }
    // Rendered outside the lock: another thread may render the same label meanwhile, and
    // either copy is right.
    auto sprite = makeSprite(text, font, color, haloWidth, ratio);
    const std::lock_guard lock(cacheMutex());
    if (cache().size() >= kMaxSprites) {
        cache().clear();
    }
    cache().insert(key, sprite);
    return sprite;
}

std::size_t LabelSprites::size() {
    const std::lock_guard lock(cacheMutex());
    return static_cast<std::size_t>(cache().size());
}

}  // namespace tessera::render
