// SPDX-License-Identifier: Apache-2.0
#include "MbtilesBasemap.h"

#include <QFileInfo>
#include <QPainter>

#include <gdal_priv.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "app/canvas/Viewport.h"
#include "io/GdalSupport.h"

namespace tessera::render {

namespace {
const char* const kMbtilesOnly[] = {"MBTiles", nullptr};
}  // namespace

MbtilesBasemap::~MbtilesBasemap() {
    if (dataset_ != nullptr) {
        GDALClose(GDALDataset::ToHandle(dataset_));
    }
}

Result<std::shared_ptr<MbtilesBasemap>> MbtilesBasemap::open(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorCode::FileNotFound,
                    "the MBTiles file does not exist; choose an existing .mbtiles file", path);
    }
    io::ensureGdalDriversRegistered();
    io::GdalErrorCollector errors;
    auto* dataset = GDALDataset::FromHandle(GDALOpenEx(
        path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, kMbtilesOnly, nullptr, nullptr));
    if (dataset == nullptr) {
        // Tell vector tiles apart from files that are no MBTiles at all.
        io::GdalErrorCollector vectorErrors;
        if (GDALDatasetH vector = GDALOpenEx(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                             kMbtilesOnly, nullptr, nullptr)) {
            GDALClose(vector);
            return fail(ErrorCode::Unsupported,
                        "this MBTiles file holds vector tiles (Mapbox Vector Tiles); the basemap "
                        "needs raster tiles (PNG, JPEG or WebP) — choose a raster MBTiles file",
                        path);
        }
        return fail(io::gdalError(ErrorCode::FileUnreadable,
                                  "not a raster MBTiles file (an SQLite file with a tiles table "
                                  "of PNG, JPEG or WebP images); choose a raster .mbtiles file",
                                  path, errors));
    }
    std::shared_ptr<MbtilesBasemap> basemap(new MbtilesBasemap());
    basemap->dataset_ = dataset;
    basemap->path_ = path;
    basemap->width_ = dataset->GetRasterXSize();
    basemap->height_ = dataset->GetRasterYSize();
    basemap->bands_ = dataset->GetRasterCount();
    if (dataset->GetGeoTransform(basemap->transform_) != CE_None || basemap->width_ <= 0 ||
        basemap->height_ <= 0 || basemap->bands_ < 1 || basemap->transform_[1] <= 0.0 ||
        basemap->transform_[5] >= 0.0) {
        return fail(ErrorCode::BadData,
                    "the MBTiles file has no usable extent (empty tiles table or bad bounds "
                    "metadata); check it with gdalinfo",
                    path);
    }
    if (const char* name = dataset->GetMetadataItem("NAME")) {
        basemap->name_ = name;
    }
    if (const char* attribution = dataset->GetMetadataItem("ATTRIBUTION")) {
        basemap->attribution_ = attribution;
    }
    return basemap;
}

QRectF MbtilesBasemap::extent() const {
    const double left = transform_[0];
    const double top = transform_[3];
    const double right = left + transform_[1] * width_;
    const double bottom = top + transform_[5] * height_;
    return {QPointF(left, bottom), QPointF(right, top)};
}

QString MbtilesBasemap::description() const {
    QString text = QFileInfo(QString::fromStdString(path_)).fileName();
    if (!name_.empty()) {
        text += QStringLiteral(" (%1)").arg(QString::fromStdString(name_));
    }
    if (!attribution_.empty()) {
        text += QStringLiteral(" — %1").arg(QString::fromStdString(attribution_));
    }
    return text;
}

QImage MbtilesBasemap::read(const QRectF& mercatorRect, QSize pixels) const {
    QImage image(pixels, QImage::Format_RGBA8888);
    if (image.isNull() || mercatorRect.isEmpty()) {
        return image;
    }
    image.fill(Qt::transparent);
    // A view that wraps past the antimeridian shows parts of the world copies left and right.
    const double world = 2.0 * Viewport::kMercatorHalfWorld;
    for (int copy = -1; copy <= 1; ++copy) {
        readPiece(mercatorRect, pixels, copy * world, image);
    }
    return image;
}

void MbtilesBasemap::readPiece(const QRectF& rect, QSize pixels, double shift,
                               QImage& image) const {
    // The part of the tiles' extent (moved by `shift`) that the request covers, in Mercator.
    const QRectF piece = extent().translated(shift, 0.0).intersected(rect);
    if (piece.isEmpty()) {
        return;
    }
    // Whole output pixels covering it, then the exact source window of those pixels.
    const double sx = pixels.width() / rect.width();
    const double sy = pixels.height() / rect.height();
    const int x0 = std::clamp(static_cast<int>(std::floor((piece.left() - rect.left()) * sx)), 0,
                              pixels.width());
    const int x1 = std::clamp(static_cast<int>(std::ceil((piece.right() - rect.left()) * sx)), 0,
                              pixels.width());
    // Image rows run north to south: row 0 is the rectangle's largest y.
    const int y0 = std::clamp(static_cast<int>(std::floor((rect.bottom() - piece.bottom()) * sy)),
                              0, pixels.height());
    const int y1 = std::clamp(static_cast<int>(std::ceil((rect.bottom() - piece.top()) * sy)), 0,
                              pixels.height());
    if (x1 <= x0 || y1 <= y0) {
        return;
    }
    const double left = rect.left() + x0 / sx - shift;
    const double right = rect.left() + x1 / sx - shift;
    const double north = rect.bottom() - y0 / sy;
    const double south = rect.bottom() - y1 / sy;
    double srcX0 = (left - transform_[0]) / transform_[1];
    double srcX1 = (right - transform_[0]) / transform_[1];
    double srcY0 = (north - transform_[3]) / transform_[5];
    double srcY1 = (south - transform_[3]) / transform_[5];
    // Rounding to whole output pixels may step a fraction past the data: clip.
    srcX0 = std::max(srcX0, 0.0);
    srcY0 = std::max(srcY0, 0.0);
    srcX1 = std::min(srcX1, static_cast<double>(width_));
    srcY1 = std::min(srcY1, static_cast<double>(height_));
    if (srcX1 <= srcX0 || srcY1 <= srcY0) {
        return;
    }
    GDALRasterIOExtraArg extra;
    INIT_RASTERIO_EXTRA_ARG(extra);
    extra.eResampleAlg = GRIORA_Bilinear;
    extra.bFloatingPointWindowValidity = TRUE;
    extra.dfXOff = srcX0;
    extra.dfYOff = srcY0;
    extra.dfXSize = srcX1 - srcX0;
    extra.dfYSize = srcY1 - srcY0;
    const int windowX = static_cast<int>(std::floor(srcX0));
    const int windowY = static_cast<int>(std::floor(srcY0));
    const int windowWidth =
        std::max(1, std::min(width_, static_cast<int>(std::ceil(srcX1))) - windowX);
    const int windowHeight =
        std::max(1, std::min(height_, static_cast<int>(std::ceil(srcY1))) - windowY);
    // Grey (1 band), grey + alpha (2), RGB (3), RGBA (4) into RGBA bytes.
    int bandMap[4] = {1, 2, 3, 4};
    int bandCount = 4;
    switch (bands_) {
        case 1:
            bandMap[1] = bandMap[2] = 1;
            bandCount = 3;
            break;
        case 2:
            bandMap[1] = bandMap[2] = 1;
            bandMap[3] = 2;
            break;
        case 3:
            bandCount = 3;
            break;
        default:
            break;
    }
    const auto lineSpace = static_cast<GSpacing>(image.bytesPerLine());
    uchar* first = image.bits() + static_cast<std::ptrdiff_t>(y0) * image.bytesPerLine() + x0 * 4;
    if (bandCount == 3) {
        // No alpha band: what is read is opaque.
        for (int y = y0; y < y1; ++y) {
            uchar* row = image.scanLine(y);
            for (int x = x0; x < x1; ++x) {
                row[x * 4 + 3] = 0xFF;
            }
        }
    }
    const std::lock_guard lock(mutex_);
    io::GdalErrorCollector errors;  // a missing or broken tile stays transparent
    const CPLErr result =
        dataset_->RasterIO(GF_Read, windowX, windowY, windowWidth, windowHeight, first, x1 - x0,
                           y1 - y0, GDT_Byte, bandCount, bandMap, 4, lineSpace, 1, &extra);
    if (result != CE_None) {
        for (int y = y0; y < y1; ++y) {
            std::fill_n(image.scanLine(y) + x0 * 4, (x1 - x0) * 4, uchar{0});
        }
    }
}

}  // namespace tessera::render
