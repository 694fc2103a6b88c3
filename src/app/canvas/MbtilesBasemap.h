// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "app/canvas/RasterBasemap.h"
#include "core/Result.h"

class GDALDataset;

namespace tessera::render {

/// An offline raster basemap from a local .mbtiles file (PNG/JPEG/WebP tiles in Web
/// Mercator), read through GDAL's MBTiles raster driver. GDAL picks the zoom level (the
/// driver's overviews) that matches the requested resolution. Reads are serialised (a GDAL
/// dataset is not thread safe).
class MbtilesBasemap final : public RasterBasemap {
public:
    ~MbtilesBasemap() override;

    /// Opens `path`; a clear error when it is missing, not an MBTiles file, or holds vector
    /// tiles.
    [[nodiscard]] static Result<std::shared_ptr<MbtilesBasemap>> open(const std::string& path);

    [[nodiscard]] QImage read(const QRectF& mercatorRect, QSize pixels) const override;
    [[nodiscard]] QString description() const override;

    [[nodiscard]] const std::string& path() const { return path_; }
    /// The extent of the tiles, EPSG:3857 metres (top = min y).
    [[nodiscard]] QRectF extent() const;
    [[nodiscard]] int bandCount() const { return bands_; }

private:
    MbtilesBasemap() = default;
    /// Reads the part of `mercatorRect` inside [−half world, +half world] into `image` at
    /// `target` (device pixels of the whole request).
    void readPiece(const QRectF& mercatorRect, QSize pixels, double shift, QImage& image) const;

    std::string path_;
    std::string name_;
    std::string attribution_;
    GDALDataset* dataset_ = nullptr;
    double transform_[6] = {0, 1, 0, 0, 0, -1};
    int width_ = 0;
    int height_ = 0;
    int bands_ = 0;
    mutable std::mutex mutex_;
};

}  // namespace tessera::render
