// SPDX-License-Identifier: Apache-2.0
#include "GeoPackageGeometry.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>

namespace tessera::storage {

namespace {

constexpr std::uint8_t kLittleEndian = 1;
constexpr std::uint32_t kWkbPoint = 1;
constexpr std::uint32_t kWkbPolygon = 3;
constexpr std::uint32_t kWkbMultiPolygon = 6;

// GeoPackage header flags (2.1.3.1.1): bit 0 byte order, bits 1-3 envelope contents,
// bit 4 empty geometry, bit 5 extended (non-standard) geometry type.
constexpr std::uint8_t kFlagLittleEndian = 0x01;
constexpr std::uint8_t kFlagEnvelopeXY = 0x02;
constexpr std::uint8_t kFlagEmpty = 0x10;
constexpr std::uint8_t kFlagExtended = 0x20;

class Writer {
public:
    explicit Writer(std::vector<std::uint8_t>& out) : out_(out) { out_.clear(); }

    void byte(std::uint8_t value) { out_.push_back(value); }
    void u32(std::uint32_t value) {
        for (int i = 0; i < 4; ++i) {
            out_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
        }
    }
    void f64(double value) {
        const auto bits = std::bit_cast<std::uint64_t>(value);
        for (int i = 0; i < 8; ++i) {
            out_.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
        }
    }
    void header(std::uint8_t flags) {
        byte('G');
        byte('P');
        byte(0);  // version 1 of the blob format
        byte(flags);
        u32(static_cast<std::uint32_t>(kWgs84SrsId));
    }

private:
    std::vector<std::uint8_t>& out_;
};

class Reader {
public:
    explicit Reader(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}

    [[nodiscard]] std::size_t remaining() const { return bytes_.size() - at_; }
    [[nodiscard]] bool ok() const { return ok_; }
    void setLittleEndian(bool little) { little_ = little; }

    std::uint8_t byte() {
        if (!need(1)) {
            return 0;
        }
        return bytes_[at_++];
    }
    std::uint32_t u32() {
        if (!need(4)) {
            return 0;
        }
        std::uint32_t value = 0;
        for (int i = 0; i < 4; ++i) {
            const std::uint32_t b = bytes_[at_ + (little_ ? i : 3 - i)];
            value |= b << (8 * i);
        }
        at_ += 4;
        return value;
    }
    double f64() {
        if (!need(8)) {
            return 0.0;
        }
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i) {
            const std::uint64_t b = bytes_[at_ + (little_ ? i : 7 - i)];
            bits |= b << (8 * i);
        }
        at_ += 8;
        return std::bit_cast<double>(bits);
    }
    void skip(std::size_t count) {
        if (need(count)) {
            at_ += count;
        }
    }

private:
    bool need(std::size_t count) {
        if (!ok_ || remaining() < count) {
            ok_ = false;
            return false;
        }
        return true;
    }

    std::span<const std::uint8_t> bytes_;
    std::size_t at_ = 0;
    bool little_ = true;
    bool ok_ = true;
};

std::vector<std::uint8_t>& scratch() {
    thread_local std::vector<std::uint8_t> buffer;
    return buffer;
}

tl::unexpected<Error> badBlob(const std::string& what) {
    return fail(ErrorCode::BadData, "invalid GeoPackage geometry: " + what);
}

/// Reads the GP header and leaves the reader at the WKB. Returns false with `error` set on a
/// blob that is not a standard GeoPackage geometry.
bool readHeader(Reader& reader, std::string& error) {
    const std::uint8_t g = reader.byte();
    const std::uint8_t p = reader.byte();
    const std::uint8_t version = reader.byte();
    const std::uint8_t flags = reader.byte();
    if (!reader.ok() || g != 'G' || p != 'P') {
        error = "the blob does not start with the GeoPackage magic \"GP\"";
        return false;
    }
    if (version != 0) {
        error = "unknown blob version " + std::to_string(version);
        return false;
    }
    if ((flags & kFlagExtended) != 0) {
        error = "extended (non-standard) geometry types are not supported";
        return false;
    }
    reader.setLittleEndian((flags & kFlagLittleEndian) != 0);
    (void)reader.u32();  // srs id: every layer's column declares EPSG:4326
    static constexpr std::size_t kEnvelopeSizes[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    const unsigned envelopeKind = (flags >> 1U) & 0x07U;
    if (envelopeKind > 4) {
        error = "invalid envelope indicator " + std::to_string(envelopeKind);
        return false;
    }
    reader.skip(kEnvelopeSizes[envelopeKind]);
    if (!reader.ok()) {
        error = "the blob is shorter than its header";
        return false;
    }
    return true;
}

struct WkbType {
    std::uint32_t base = 0;
    unsigned extraOrdinates = 0;  ///< Z and/or M values after x and y
};

bool readWkbType(Reader& reader, WkbType& type, std::string& error) {
    const std::uint8_t order = reader.byte();
    if (order > 1) {
        error = "invalid WKB byte order " + std::to_string(order);
        return false;
    }
    reader.setLittleEndian(order == kLittleEndian);
    std::uint32_t code = reader.u32();
    if (!reader.ok()) {
        error = "the WKB ends early";
        return false;
    }
    // EWKB-style flags (PostGIS) and ISO codes (1000 Z, 2000 M, 3000 ZM).
    unsigned extra = 0;
    if ((code & 0x80000000U) != 0) {
        ++extra;
    }
    if ((code & 0x40000000U) != 0) {
        ++extra;
    }
    if ((code & 0x20000000U) != 0) {
        error = "EWKB with an embedded SRID is not GeoPackage WKB";
        return false;
    }
    code &= 0x0fffffffU;
    const std::uint32_t iso = code / 1000;
    if (iso == 1 || iso == 2) {
        ++extra;
    } else if (iso == 3) {
        extra += 2;
    } else if (iso != 0) {
        error = "unknown WKB geometry type " + std::to_string(code);
        return false;
    }
    type.base = code % 1000;
    type.extraOrdinates = extra;
    return true;
}

bool readPolygon(Reader& reader, unsigned extra, Polygon& polygon, std::string& error) {
    const std::uint32_t ringCount = reader.u32();
    if (!reader.ok() || ringCount > reader.remaining() / 4) {
        error = "a polygon's ring count runs past the end of the blob";
        return false;
    }
    const std::size_t pointSize = 8 * (2 + extra);
    for (std::uint32_t r = 0; r < ringCount; ++r) {
        const std::uint32_t pointCount = reader.u32();
        if (!reader.ok() || pointCount > reader.remaining() / pointSize) {
            error = "a ring's point count runs past the end of the blob";
            return false;
        }
        Ring ring;
        ring.reserve(pointCount);
        for (std::uint32_t i = 0; i < pointCount; ++i) {
            const double x = reader.f64();
            const double y = reader.f64();
            reader.skip(8 * extra);
            ring.emplace_back(x, y);
        }
        if (r == 0) {
            polygon.outer() = std::move(ring);
        } else {
            polygon.inners().push_back(std::move(ring));
        }
    }
    return true;
}

}  // namespace

bool encodeMultiPolygon(const MultiPolygon& shape, std::vector<std::uint8_t>& out, Box& envelope) {
    Writer writer(out);
    const bool empty = bg::num_points(shape) == 0;
    if (empty) {
        writer.header(kFlagLittleEndian | kFlagEmpty);
    } else {
        double minX = std::numeric_limits<double>::infinity();
        double minY = minX;
        double maxX = -minX;
        double maxY = -minX;
        auto extend = [&](const Ring& ring) {
            for (const Point& p : ring) {
                minX = std::min(minX, p.x());
                maxX = std::max(maxX, p.x());
                minY = std::min(minY, p.y());
                maxY = std::max(maxY, p.y());
            }
        };
        for (const Polygon& polygon : shape) {
            extend(polygon.outer());
            for (const Ring& inner : polygon.inners()) {
                extend(inner);
            }
        }
        envelope = Box(Point(minX, minY), Point(maxX, maxY));
        writer.header(kFlagLittleEndian | kFlagEnvelopeXY);
        writer.f64(minX);
        writer.f64(maxX);
        writer.f64(minY);
        writer.f64(maxY);
    }
    writer.byte(kLittleEndian);
    writer.u32(kWkbMultiPolygon);
    writer.u32(static_cast<std::uint32_t>(shape.size()));
    auto writeRing = [&writer](const Ring& ring) {
        writer.u32(static_cast<std::uint32_t>(ring.size()));
        for (const Point& p : ring) {
            writer.f64(p.x());
            writer.f64(p.y());
        }
    };
    for (const Polygon& polygon : shape) {
        writer.byte(kLittleEndian);
        writer.u32(kWkbPolygon);
        // An empty polygon (no outer ring) has no rings in WKB; otherwise the outer ring comes
        // first, then the holes, each exactly as in the model.
        const bool emptyPolygon = polygon.outer().empty() && polygon.inners().empty();
        writer.u32(emptyPolygon ? 0U : static_cast<std::uint32_t>(1 + polygon.inners().size()));
        if (!emptyPolygon) {
            writeRing(polygon.outer());
            for (const Ring& inner : polygon.inners()) {
                writeRing(inner);
            }
        }
    }
    return !empty;
}

void encodePoint(const Point& point, std::vector<std::uint8_t>& out) {
    Writer writer(out);
    const bool empty = std::isnan(point.x()) && std::isnan(point.y());
    writer.header(kFlagLittleEndian | (empty ? kFlagEmpty : 0));
    writer.byte(kLittleEndian);
    writer.u32(kWkbPoint);
    writer.f64(point.x());
    writer.f64(point.y());
}

Result<MultiPolygon> decodeMultiPolygon(std::span<const std::uint8_t> blob) {
    Reader reader(blob);
    std::string error;
    if (!readHeader(reader, error)) {
        return badBlob(error);
    }
    WkbType type;
    if (!readWkbType(reader, type, error)) {
        return badBlob(error);
    }
    MultiPolygon shape;
    if (type.base == kWkbPolygon) {
        Polygon polygon;
        if (!readPolygon(reader, type.extraOrdinates, polygon, error)) {
            return badBlob(error);
        }
        shape.push_back(std::move(polygon));
        return shape;
    }
    if (type.base != kWkbMultiPolygon) {
        return badBlob("expected a POLYGON or MULTIPOLYGON, found WKB type " +
                       std::to_string(type.base));
    }
    const std::uint32_t polygonCount = reader.u32();
    if (!reader.ok() || polygonCount > reader.remaining() / 9) {
        return badBlob("the polygon count runs past the end of the blob");
    }
    shape.reserve(polygonCount);
    for (std::uint32_t i = 0; i < polygonCount; ++i) {
        WkbType partType;
        if (!readWkbType(reader, partType, error)) {
            return badBlob(error);
        }
        if (partType.base != kWkbPolygon) {
            return badBlob("a MULTIPOLYGON part is WKB type " + std::to_string(partType.base));
        }
        Polygon polygon;
        if (!readPolygon(reader, partType.extraOrdinates, polygon, error)) {
            return badBlob(error);
        }
        shape.push_back(std::move(polygon));
    }
    return shape;
}

Result<Point> decodePoint(std::span<const std::uint8_t> blob) {
    Reader reader(blob);
    std::string error;
    if (!readHeader(reader, error)) {
        return badBlob(error);
    }
    WkbType type;
    if (!readWkbType(reader, type, error)) {
        return badBlob(error);
    }
    if (type.base != kWkbPoint) {
        return badBlob("expected a POINT, found WKB type " + std::to_string(type.base));
    }
    const double x = reader.f64();
    const double y = reader.f64();
    if (!reader.ok()) {
        return badBlob("the point's coordinates run past the end of the blob");
    }
    return Point(x, y);
}

bool isEmptyGeometry(std::span<const std::uint8_t> blob) {
    if (blob.size() >= 4 && blob[0] == 'G' && blob[1] == 'P' && (blob[3] & kFlagEmpty) != 0) {
        return true;
    }
    return !geometryEnvelope(blob).has_value();
}

std::optional<Box> geometryEnvelope(std::span<const std::uint8_t> blob) {
    if (blob.size() >= 8 + 32 && blob[0] == 'G' && blob[1] == 'P' &&
        ((blob[3] >> 1U) & 0x07U) != 0 && (blob[3] & kFlagEmpty) == 0) {
        Reader reader(blob);
        reader.skip(8);
        reader.setLittleEndian((blob[3] & kFlagLittleEndian) != 0);
        const double minX = reader.f64();
        const double maxX = reader.f64();
        const double minY = reader.f64();
        const double maxY = reader.f64();
        return Box(Point(minX, minY), Point(maxX, maxY));
    }
    if (auto point = decodePoint(blob)) {
        if (std::isnan(point->x()) || std::isnan(point->y())) {
            return std::nullopt;
        }
        return Box(*point, *point);
    }
    if (auto shape = decodeMultiPolygon(blob)) {
        if (bg::num_points(*shape) == 0) {
            return std::nullopt;
        }
        Box box;
        encodeMultiPolygon(*shape, scratch(), box);
        return box;
    }
    return std::nullopt;
}

}  // namespace tessera::storage
