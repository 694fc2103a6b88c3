// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QImage>
#include <QRectF>
#include <QSize>
#include <QString>

namespace tessera::render {

/// A raster basemap the renderer draws under the areas (e.g. an offline MBTiles file).
/// Implementations are thread safe: render jobs read from worker threads.
class RasterBasemap {
public:
    RasterBasemap() = default;
    virtual ~RasterBasemap() = default;
    RasterBasemap(const RasterBasemap&) = delete;
    RasterBasemap& operator=(const RasterBasemap&) = delete;

    /// The part of the map inside `mercatorRect` (EPSG:3857 metres; x may lie outside
    /// ±half the world when the view wraps past the antimeridian; top = min y) as an image of
    /// `pixels`, north up; transparent where the basemap has no data.
    [[nodiscard]] virtual QImage read(const QRectF& mercatorRect, QSize pixels) const = 0;
    /// What to show about the source (file name, attribution) in the status bar.
    [[nodiscard]] virtual QString description() const = 0;
};

}  // namespace tessera::render
