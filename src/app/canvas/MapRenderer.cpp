// SPDX-License-Identifier: Apache-2.0
#include "MapRenderer.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>
#include <QThreadPool>

#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <functional>
#include <latch>
#include <limits>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "app/canvas/LabelSprites.h"
#include "app/canvas/PolylineStroker.h"
#include "app/canvas/TerritoryColoring.h"

namespace tessera::render {

namespace bgi = boost::geometry::index;

namespace {

/// Vertices that agree to about 1 cm are the same vertex (as in core's area graph builder).
constexpr double kVertexQuantum = 1.0e7;
/// Areas smaller than this on screen (pixels, both sides) are drawn as a filled rectangle.
constexpr double kTinyAreaPixels = 1.5;
/// A band is used when its tolerance is at most this many device pixels.
constexpr double kLodPixelTolerance = 0.6;
/// How often (in areas) a paint checks whether it was canceled.
constexpr std::size_t kCancelCheckEvery = 64;
/// Largest distance (device pixels) of a stroked outline's straight-piece arcs from the circle.
constexpr double kArcTolerancePixels = 0.02;
/// Side of an account cluster cell, in logical pixels.
constexpr double kClusterCellPixels = 64.0;

struct VertexKey {
    std::int64_t x, y;
    bool operator==(const VertexKey&) const = default;
    auto operator<=>(const VertexKey&) const = default;
};

struct VertexKeyHash {
    std::size_t operator()(const VertexKey& k) const {
        std::uint64_t h = 1469598103934665603ULL;
        for (const std::int64_t v : {k.x, k.y}) {
            h ^= static_cast<std::uint64_t>(v);
            h *= 1099511628211ULL;
        }
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

VertexKey vertexKey(const Point& p) {
    return {std::llround(p.x() * kVertexQuantum), std::llround(p.y() * kVertexQuantum)};
}

struct SegmentKey {
    std::uint32_t a, b;  ///< vertex ids, a <= b
    bool operator==(const SegmentKey&) const = default;
};

struct SegmentKeyHash {
    std::size_t operator()(const SegmentKey& k) const {
        return std::hash<std::uint64_t>()((static_cast<std::uint64_t>(k.a) << 32U) | k.b);
    }
};

template <class Visitor>
void forEachRing(const MultiPolygon& shape, Visitor&& visit) {
    for (const Polygon& polygon : shape) {
        visit(polygon.outer());
        for (const Ring& inner : polygon.inners()) {
            visit(inner);
        }
    }
}

QColor rgb(std::uint32_t color) {
    return QColor::fromRgb((color >> 16) & 0xFFU, (color >> 8) & 0xFFU, color & 0xFFU);
}

double segmentDistanceSquared(const QPointF& p, const QPointF& a, const QPointF& b) {
    const QPointF ab = b - a;
    const double length2 = QPointF::dotProduct(ab, ab);
    double t = length2 > 0.0 ? QPointF::dotProduct(p - a, ab) / length2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF d = p - (a + t * ab);
    return QPointF::dotProduct(d, d);
}

/// Douglas–Peucker on points[0..n): marks the vertices to keep (the ends always).
void simplifyChain(const std::vector<QPointF>& points, double tolerance, std::vector<char>& keep) {
    const std::size_t n = points.size();
    keep.assign(n, 0);
    if (n == 0) {
        return;
    }
    keep.front() = 1;
    keep.back() = 1;
    const double tolerance2 = tolerance * tolerance;
    std::vector<std::pair<std::size_t, std::size_t>> stack{{0, n - 1}};
    while (!stack.empty()) {
        const auto [first, last] = stack.back();
        stack.pop_back();
        double farthest = -1.0;
        std::size_t index = first;
        for (std::size_t k = first + 1; k < last; ++k) {
            const double d = segmentDistanceSquared(points[k], points[first], points[last]);
            if (d > farthest) {
                farthest = d;
                index = k;
            }
        }
        if (index != first && farthest > tolerance2) {
            keep[index] = 1;
            stack.emplace_back(first, index);
            stack.emplace_back(index, last);
        }
    }
}

QString compactCount(std::size_t count) {
    if (count < 1000) {
        return QString::number(count);
    }
    if (count < 10000) {
        return QString::number(static_cast<double>(count) / 1000.0, 'f', 1) + QLatin1Char('k');
    }
    if (count < 1000000) {
        return QString::number(static_cast<double>(count) / 1000.0, 'f', 0) + QLatin1Char('k');
    }
    return QString::number(static_cast<double>(count) / 1.0e6, 'f', 1) + QLatin1Char('M');
}

QString compactNumber(double value) {
    const double magnitude = std::abs(value);
    if (magnitude >= 1.0e9) {
        return QString::number(value / 1.0e9, 'f', 1) + QLatin1Char('B');
    }
    if (magnitude >= 1.0e6) {
        return QString::number(value / 1.0e6, 'f', 1) + QLatin1Char('M');
    }
    if (magnitude >= 1.0e4) {
        return QString::number(value / 1.0e3, 'f', 0) + QLatin1Char('k');
    }
    if (magnitude >= 100.0 || value == std::floor(value)) {
        return QString::number(value, 'f', 0);
    }
    return QString::number(value, 'g', 3);
}

/// A sequential palette (light yellow → dark blue, after ColorBrewer's YlGnBu) at t in [0, 1].
QColor sequentialColor(double t) {
    static const std::array<QColor, 6> anchors{QColor(0xFF, 0xFF, 0xCC), QColor(0xC7, 0xE9, 0xB4),
                                               QColor(0x7F, 0xCD, 0xBB), QColor(0x41, 0xB6, 0xC4),
                                               QColor(0x2C, 0x7F, 0xB8), QColor(0x25, 0x34, 0x94)};
    t = std::clamp(t, 0.0, 1.0) * static_cast<double>(anchors.size() - 1);
    const auto i = std::min(static_cast<std::size_t>(t), anchors.size() - 2);
    const double f = t - static_cast<double>(i);
    const QColor& a = anchors[i];
    const QColor& b = anchors[i + 1];
    return QColor::fromRgbF(static_cast<float>(a.redF() + (b.redF() - a.redF()) * f),
                            static_cast<float>(a.greenF() + (b.greenF() - a.greenF()) * f),
                            static_cast<float>(a.blueF() + (b.blueF() - a.blueF()) * f));
}

using MercatorBox = bg::model::box<bg::model::d2::point_xy<double>>;
using RTreeValue = std::pair<MercatorBox, std::uint32_t>;
using RTree = bgi::rtree<RTreeValue, bgi::quadratic<16>>;

MercatorBox toBox(const QRectF& r) {
    return {{r.left(), r.top()}, {r.right(), r.bottom()}};
}

}  // namespace

const std::vector<double>& levelOfDetailTolerances() {
    static const std::vector<double> tolerances{40.0, 160.0, 640.0, 2560.0, 10240.0};
    return tolerances;
}

namespace detail {

/// A shape (an area, a basemap state) in Web Mercator, with its simplified copies.
struct ProjectedShape {
    QPainterPath path;              ///< Mercator metres, every vertex
    std::vector<QPainterPath> lod;  ///< per band of levelOfDetailTolerances()
    std::vector<std::uint32_t> lodVertices;
    std::uint32_t vertices = 0;
    QRectF bounds;                                ///< Mercator metres
    QPointF label;                                ///< Mercator metres
    std::vector<QPolygonF> rings;                 ///< Mercator metres, closed
    std::vector<std::vector<std::uint8_t>> keep;  ///< per ring vertex: bit b = kept in band b
    std::vector<std::int32_t> segmentNeighbour;   ///< per ring segment, in ring order; -1 none
};

struct GeometryCache {
    using ProjectedArea = ProjectedShape;

    const Area* areasData = nullptr;
    std::size_t areaCount = 0;
    const Account* accountsData = nullptr;
    std::size_t accountCount = 0;
    double centralLongitude = 0.0;

    std::vector<ProjectedArea> areas;
    std::vector<QString> codes;
    RTree index;
    std::vector<QPointF> accountPoints;     ///< Mercator; NaN for accounts that are not located
    std::vector<std::uint8_t> accountSize;  ///< 0–3 by potential
    std::optional<QRectF> areaExtent;       ///< Mercator; none when there are no areas
    std::optional<QRectF> accountExtent;    ///< Mercator; none when no account is located
};

struct AlignmentCache {
    /// The pieces of an area's boundary that are a territory boundary and that this area draws
    /// (a boundary shared by two areas is drawn by the lower index): per band, then full detail.
    struct Outline {
        std::vector<std::vector<QPolygonF>> levels;
    };

    const GeometryCache* geometry = nullptr;
    std::vector<TerritoryIndex> areaTerritory;
    std::vector<std::uint32_t> territoryColors;
    std::size_t graphEdges = 0;

    std::vector<std::uint32_t> displayColors;
    std::vector<QString> territoryNames;
    std::vector<std::shared_ptr<const Outline>> outlines;
    /// Per territory: where its name goes (the label point of its area nearest to the middle
    /// of its areas) and the extent of its areas, both in Mercator; empty territories have a
    /// null extent.
    std::vector<QPointF> labelAnchors;
    std::vector<QRectF> extents;
};

struct ChoroplethCache {
    const GeometryCache* geometry = nullptr;
    AreaMetric metric = AreaMetric::Potential;
    int attribute = -1;
    int classes = 0;
    std::vector<std::uint8_t> areaClass;  ///< per area; 255 = no data
    std::vector<QColor> colors;
    Legend legend;
};

struct BasemapCache {
    double centralLongitude = 0.0;
    std::vector<ProjectedShape> shapes;  ///< simplified per band like the areas: the land
    /// The same again for the state lines over the areas: they are painted on another thread
    /// at the same time as the land, and a QPainterPath builds its paint-engine form lazily on
    /// first use, so two threads must not draw the same path object.
    std::vector<ProjectedShape> lines;
};

}  // namespace detail

using detail::AlignmentCache;
using detail::BasemapCache;
using detail::ChoroplethCache;
using detail::GeometryCache;
using detail::ProjectedShape;

class MapScene {
public:
    std::shared_ptr<const GeometryCache> geometry;
    std::shared_ptr<const AlignmentCache> alignment;
    std::shared_ptr<const ChoroplethCache> choropleth;  ///< null when filled by territory
    std::shared_ptr<const BasemapCache> basemap;        ///< null without a basemap
    std::vector<std::pair<QPointF, QString>> repHomes;  ///< Mercator
};

namespace {

/// Projects shapes to Web Mercator with their shared-boundary topology and the simplified
/// copies per level-of-detail band. Vertices where the shape on the other side of a boundary
/// changes are kept in every band, and each shared chain is simplified once, so neighbours
/// keep touching at every band.
std::vector<ProjectedShape> projectShapes(const std::vector<const MultiPolygon*>& shapes,
                                          const Viewport& projection) {
    std::vector<ProjectedShape> areas;
    // Vertex ids: one per distinct (quantised) lon/lat position.
    std::unordered_map<VertexKey, std::uint32_t, VertexKeyHash> vertexIds;
    std::vector<VertexKey> vertexKeys;
    // Per area, per ring: the vertex ids (closed: last = first).
    std::vector<std::vector<std::vector<std::uint32_t>>> ringIds(shapes.size());
    for (std::size_t a = 0; a < shapes.size(); ++a) {
        forEachRing(*shapes[a], [&](const Ring& ring) {
            std::vector<std::uint32_t> ids;
            ids.reserve(ring.size());
            for (const Point& p : ring) {
                const VertexKey key = vertexKey(p);
                auto [it, inserted] =
                    vertexIds.try_emplace(key, static_cast<std::uint32_t>(vertexKeys.size()));
                if (inserted) {
                    vertexKeys.push_back(key);
                }
                ids.push_back(it->second);
            }
            ringIds[a].push_back(std::move(ids));
        });
    }
    // Which area lies on the other side of each boundary segment.
    std::unordered_map<SegmentKey, std::pair<std::int32_t, std::int32_t>, SegmentKeyHash> owners;
    for (std::size_t a = 0; a < ringIds.size(); ++a) {
        for (const auto& ids : ringIds[a]) {
            for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
                const SegmentKey key{std::min(ids[i], ids[i + 1]), std::max(ids[i], ids[i + 1])};
                auto [it, inserted] = owners.try_emplace(
                    key, std::pair<std::int32_t, std::int32_t>{static_cast<std::int32_t>(a), -1});
                if (!inserted && it->second.first != static_cast<std::int32_t>(a)) {
                    it->second.second = static_cast<std::int32_t>(a);
                }
            }
        }
    }

    const std::vector<double>& tolerances = levelOfDetailTolerances();
    const std::size_t bands = tolerances.size();
    const std::uint8_t allBands = static_cast<std::uint8_t>((1U << bands) - 1U);
    std::vector<std::uint8_t> keepBits(vertexKeys.size(), 0);

    areas.resize(shapes.size());
    for (std::size_t a = 0; a < shapes.size(); ++a) {
        ProjectedShape& projected = areas[a];
        projected.path.setFillRule(Qt::OddEvenFill);
        std::size_t r = 0;
        forEachRing(*shapes[a], [&](const Ring& ring) {
            const auto& ids = ringIds[a][r++];
            QPolygonF polygon;
            polygon.reserve(static_cast<qsizetype>(ring.size()));
            for (std::size_t i = 0; i < ring.size(); ++i) {
                polygon.append(projection.lonLatToMercator(ring[i]));
                if (i + 1 < ring.size()) {
                    const SegmentKey key{std::min(ids[i], ids[i + 1]),
                                         std::max(ids[i], ids[i + 1])};
                    const auto& pair = owners.at(key);
                    const auto self = static_cast<std::int32_t>(a);
                    projected.segmentNeighbour.push_back(pair.first == self ? pair.second
                                                                            : pair.first);
                }
            }
            projected.vertices += static_cast<std::uint32_t>(polygon.size());
            projected.path.addPolygon(polygon);
            projected.path.closeSubpath();
            projected.rings.push_back(std::move(polygon));
        });
        projected.bounds = projected.path.boundingRect();
    }

    // Nodes: vertices where the area on the other side changes. Every shared boundary chain
    // runs from node to node, so simplifying each chain once (by its lower-index area) and
    // keeping the same vertices on both sides leaves no gaps between neighbours.
    const auto forEachRingSegments = [&](auto&& visit) {
        for (std::size_t a = 0; a < areas.size(); ++a) {
            std::size_t segment = 0;
            for (std::size_t r = 0; r < ringIds[a].size(); ++r) {
                const std::size_t n = ringIds[a][r].size() - 1;
                visit(a, r, n, segment);
                segment += n;
            }
        }
    };
    forEachRingSegments([&](std::size_t a, std::size_t r, std::size_t n, std::size_t first) {
        const auto& neighbours = areas[a].segmentNeighbour;
        for (std::size_t i = 0; i < n; ++i) {
            if (neighbours[first + (i + n - 1) % n] != neighbours[first + i]) {
                keepBits[ringIds[a][r][i]] = allBands;
            }
        }
    });
    // Rings with no node (islands, enclaves): anchor them at their smallest and largest vertex,
    // which both sides of the ring agree on.
    forEachRingSegments([&](std::size_t a, std::size_t r, std::size_t n, std::size_t) {
        const auto& ids = ringIds[a][r];
        if (n == 0 || std::any_of(ids.begin(), ids.end() - 1,
                                  [&](std::uint32_t id) { return keepBits[id] == allBands; })) {
            return;
        }
        const auto [lo, hi] = std::minmax_element(
            ids.begin(), ids.end() - 1,
            [&](std::uint32_t x, std::uint32_t y) { return vertexKeys[x] < vertexKeys[y]; });
        keepBits[*lo] = allBands;
        keepBits[*hi] = allBands;
    });
    std::vector<QPointF> chain;
    std::vector<char> keep;
    forEachRingSegments([&](std::size_t a, std::size_t r, std::size_t n, std::size_t first) {
        const auto& ids = ringIds[a][r];
        const QPolygonF& ring = areas[a].rings[r];
        std::vector<std::size_t> nodes;
        for (std::size_t i = 0; i < n; ++i) {
            if (keepBits[ids[i]] == allBands) {
                nodes.push_back(i);
            }
        }
        const auto self = static_cast<std::int32_t>(a);
        for (std::size_t j = 0; j < nodes.size(); ++j) {
            const std::size_t start = nodes[j];
            const std::size_t end = j + 1 < nodes.size() ? nodes[j + 1] : nodes[0] + n;
            const std::int32_t neighbour = areas[a].segmentNeighbour[first + start % n];
            if (neighbour >= 0 && neighbour < self) {
                continue;  // the neighbour simplifies this chain
            }
            chain.clear();
            for (std::size_t i = start; i <= end; ++i) {
                chain.push_back(ring[static_cast<qsizetype>(i % n)]);
            }
            for (std::size_t b = 0; b < bands; ++b) {
                simplifyChain(chain, tolerances[b], keep);
                for (std::size_t k = 1; k + 1 < chain.size(); ++k) {
                    if (keep[k] != 0) {
                        keepBits[ids[(start + k) % n]] |= static_cast<std::uint8_t>(1U << b);
                    }
                }
            }
        }
    });
    for (std::size_t a = 0; a < areas.size(); ++a) {
        ProjectedShape& projected = areas[a];
        projected.lod.assign(bands, QPainterPath());
        projected.lodVertices.assign(bands, 0);
        for (QPainterPath& path : projected.lod) {
            path.setFillRule(Qt::OddEvenFill);
        }
        for (std::size_t r = 0; r < projected.rings.size(); ++r) {
            const auto& ids = ringIds[a][r];
            std::vector<std::uint8_t> bits(ids.size());
            for (std::size_t i = 0; i < ids.size(); ++i) {
                bits[i] = keepBits[ids[i]];
            }
            for (std::size_t b = 0; b < bands; ++b) {
                QPolygonF simplified;
                for (std::size_t i = 0; i + 1 < ids.size(); ++i) {
                    if ((bits[i] >> b) & 1U) {
                        simplified.append(projected.rings[r][static_cast<qsizetype>(i)]);
                    }
                }
                if (simplified.size() >= 3) {
                    projected.lodVertices[b] += static_cast<std::uint32_t>(simplified.size());
                    projected.lod[b].addPolygon(simplified);
                    projected.lod[b].closeSubpath();
                }
            }
            projected.keep.push_back(std::move(bits));
        }
    }

    return areas;
}

/// The shape at a level-of-detail band: full detail for band -1 or when the band dropped all.
const QPainterPath& pathAtBand(const ProjectedShape& shape, int band) {
    if (band >= 0 && shape.lodVertices[static_cast<std::size_t>(band)] > 0) {
        return shape.lod[static_cast<std::size_t>(band)];
    }
    return shape.path;
}

/// Builds the projected areas, their shared-boundary topology and the simplified copies.
std::shared_ptr<GeometryCache> buildGeometry(const Project& project, double centralLongitude) {
    auto cache = std::make_shared<GeometryCache>();
    cache->areasData = project.areas.data();
    cache->areaCount = project.areas.size();
    cache->accountsData = project.accounts.data();
    cache->accountCount = project.accounts.size();
    cache->centralLongitude = centralLongitude;

    Viewport projection;
    projection.setCentralLongitude(centralLongitude);
    std::vector<const MultiPolygon*> shapes;
    shapes.reserve(project.areas.size());
    for (const Area& area : project.areas) {
        shapes.push_back(&area.shape);
    }
    cache->areas = projectShapes(shapes, projection);
    for (std::size_t a = 0; a < cache->areas.size(); ++a) {
        GeometryCache::ProjectedArea& projected = cache->areas[a];
        projected.label = projection.lonLatToMercator(project.areas[a].labelPoint);
        if (!projected.rings.empty()) {
            cache->areaExtent =
                cache->areaExtent ? cache->areaExtent->united(projected.bounds) : projected.bounds;
        }
    }

    std::vector<RTreeValue> entries;
    entries.reserve(cache->areas.size());
    cache->codes.reserve(project.areas.size());
    for (std::size_t a = 0; a < cache->areas.size(); ++a) {
        cache->codes.push_back(QString::fromStdString(project.areas[a].code));
        if (!cache->areas[a].rings.empty()) {
            entries.emplace_back(toBox(cache->areas[a].bounds), static_cast<std::uint32_t>(a));
        }
    }
    cache->index = RTree(entries.begin(), entries.end());

    // Accounts: projected, and a size class by potential relative to the 90th percentile.
    std::vector<double> potentials;
    for (const Account& account : project.accounts) {
        if (account.potential > 0.0) {
            potentials.push_back(account.potential);
        }
    }
    double reference = 0.0;
    if (!potentials.empty()) {
        const auto p90 =
            potentials.begin() + static_cast<std::ptrdiff_t>(potentials.size() * 9 / 10);
        std::nth_element(potentials.begin(), p90, potentials.end());
        reference = *p90;
    }
    cache->accountPoints.reserve(project.accounts.size());
    cache->accountSize.reserve(project.accounts.size());
    for (const Account& account : project.accounts) {
        const double ratio = reference > 0.0 ? account.potential / reference : 0.0;
        cache->accountSize.push_back(static_cast<std::uint8_t>(
            std::clamp(static_cast<int>(std::sqrt(std::max(ratio, 0.0)) * 2.5), 0, 3)));
        if (account.locationSource == LocationSource::None) {
            cache->accountPoints.emplace_back(std::nan(""), std::nan(""));
            continue;
        }
        const QPointF point = projection.lonLatToMercator(account.location);
        cache->accountPoints.push_back(point);
        const QRectF dot(point, QSizeF(1.0, 1.0));
        cache->accountExtent = cache->accountExtent ? cache->accountExtent->united(dot) : dot;
    }
    return cache;
}

std::shared_ptr<const AlignmentCache::Outline> buildOutline(
    const GeometryCache::ProjectedArea& projected, std::int32_t self,
    const std::function<TerritoryIndex(std::int32_t)>& territoryOf, std::size_t bands) {
    auto outline = std::make_shared<AlignmentCache::Outline>();
    outline->levels.assign(bands + 1, {});
    const TerritoryIndex own = territoryOf(self);
    std::size_t segment = 0;
    for (std::size_t r = 0; r < projected.rings.size(); ++r) {
        const QPolygonF& ring = projected.rings[r];
        const auto& bits = projected.keep[r];
        qsizetype runStart = -1;
        const auto finish = [&](qsizetype end) {
            // Vertices runStart..end: the full run, and per band its ends plus kept vertices.
            outline->levels[bands].push_back(QPolygonF(ring.mid(runStart, end - runStart + 1)));
            for (std::size_t b = 0; b < bands; ++b) {
                QPolygonF run;
                for (qsizetype i = runStart; i <= end; ++i) {
                    if (i == runStart || i == end ||
                        ((bits[static_cast<std::size_t>(i)] >> b) & 1U)) {
                        run.append(ring[i]);
                    }
                }
                outline->levels[b].push_back(std::move(run));
            }
            runStart = -1;
        };
        for (qsizetype i = 0; i + 1 < ring.size(); ++i, ++segment) {
            const std::int32_t neighbour = projected.segmentNeighbour[segment];
            const bool draws = neighbour < 0 ? own != kNoTerritory
                                             : own != territoryOf(neighbour) && self < neighbour;
            if (draws && runStart < 0) {
                runStart = i;
            } else if (!draws && runStart >= 0) {
                finish(i);
            }
        }
        if (runStart >= 0) {
            finish(ring.size() - 1);
        }
    }
    return outline;
}

}  // namespace

MapRenderer::MapRenderer() = default;
MapRenderer::~MapRenderer() = default;

void MapRenderer::invalidateGeometry() {
    geometry_.reset();
    alignment_.reset();
    choropleth_.reset();
}

void MapRenderer::setBasemap(std::vector<MultiPolygon> shapes) {
    basemapShapes_ = std::move(shapes);
    basemap_.reset();
}

void MapRenderer::ensureGeometry(const Project& project, double centralLongitude) {
    if (geometry_ && geometry_->areasData == project.areas.data() &&
        geometry_->areaCount == project.areas.size() &&
        geometry_->accountsData == project.accounts.data() &&
        geometry_->accountCount == project.accounts.size() &&
        geometry_->centralLongitude == centralLongitude) {
        return;
    }
    geometry_ = buildGeometry(project, centralLongitude);
    alignment_.reset();
    choropleth_.reset();
}

void MapRenderer::ensureAlignment(const Project& project) {
    std::vector<std::uint32_t> territoryColors;
    territoryColors.reserve(project.territories.size());
    for (const Territory& territory : project.territories) {
        territoryColors.push_back(territory.color);
    }
    std::vector<QString> names;
    names.reserve(project.territories.size());
    for (const Territory& territory : project.territories) {
        names.push_back(QString::fromStdString(territory.name));
    }
    const AlignmentCache* old = alignment_.get();
    if (old != nullptr && old->geometry == geometry_.get() &&
        old->areaTerritory == project.alignment.areaTerritory &&
        old->territoryColors == territoryColors && old->territoryNames == names &&
        old->graphEdges == project.graph.edges().size()) {
        return;
    }
    auto cache = std::make_shared<AlignmentCache>();
    cache->geometry = geometry_.get();
    cache->areaTerritory = project.alignment.areaTerritory;
    cache->territoryColors = std::move(territoryColors);
    cache->territoryNames = std::move(names);
    cache->graphEdges = project.graph.edges().size();
    cache->displayColors = territoryDisplayColors(project);

    const std::size_t territoryCount = project.territories.size();
    const auto territoryIn = [territoryCount](const std::vector<TerritoryIndex>& areaTerritory,
                                              std::int32_t area) -> TerritoryIndex {
        if (area < 0 || static_cast<std::size_t>(area) >= areaTerritory.size()) {
            return kNoTerritory;
        }
        const TerritoryIndex t = areaTerritory[static_cast<std::size_t>(area)];
        return t >= 0 && static_cast<std::size_t>(t) < territoryCount ? t : kNoTerritory;
    };
    const std::function<TerritoryIndex(std::int32_t)> territoryOf = [&](std::int32_t area) {
        return territoryIn(cache->areaTerritory, area);
    };
    const std::size_t areaCount = geometry_->areas.size();
    const std::size_t bands = levelOfDetailTolerances().size();
    // Only the outlines of areas whose territory (or a neighbour's) changed are rebuilt, so a
    // brush stroke on a large layer stays fast.
    const bool incremental = old != nullptr && old->geometry == geometry_.get() &&
                             old->areaTerritory.size() == cache->areaTerritory.size() &&
                             old->outlines.size() == areaCount &&
                             old->territoryColors.size() == cache->territoryColors.size();
    if (incremental) {
        cache->outlines = old->outlines;
        std::vector<char> dirty(areaCount, 0);
        for (std::size_t a = 0; a < areaCount; ++a) {
            const auto self = static_cast<std::int32_t>(a);
            if (territoryIn(old->areaTerritory, self) == territoryOf(self)) {
                continue;
            }
            dirty[a] = 1;
            for (const std::int32_t neighbour : geometry_->areas[a].segmentNeighbour) {
                if (neighbour >= 0) {
                    dirty[static_cast<std::size_t>(neighbour)] = 1;
                }
            }
        }
        for (std::size_t a = 0; a < areaCount; ++a) {
            if (dirty[a] != 0) {
                cache->outlines[a] = buildOutline(geometry_->areas[a], static_cast<std::int32_t>(a),
                                                  territoryOf, bands);
            }
        }
    } else {
        cache->outlines.resize(areaCount);
        for (std::size_t a = 0; a < areaCount; ++a) {
            cache->outlines[a] =
                buildOutline(geometry_->areas[a], static_cast<std::int32_t>(a), territoryOf, bands);
        }
    }
    // Label anchors: the middle of each territory's area label points, moved to the nearest
    // of them so that the name sits inside the territory.
    cache->labelAnchors.assign(territoryCount, QPointF());
    cache->extents.assign(territoryCount, QRectF());
    std::vector<QPointF> sums(territoryCount, QPointF());
    std::vector<std::size_t> counts(territoryCount, 0);
    for (std::size_t a = 0; a < areaCount; ++a) {
        const TerritoryIndex t = territoryOf(static_cast<std::int32_t>(a));
        if (t == kNoTerritory || geometry_->areas[a].rings.empty()) {
            continue;
        }
        const auto ti = static_cast<std::size_t>(t);
        sums[ti] += geometry_->areas[a].label;
        ++counts[ti];
        const QRectF& bounds = geometry_->areas[a].bounds;
        cache->extents[ti] =
            cache->extents[ti].isNull() ? bounds : cache->extents[ti].united(bounds);
    }
    std::vector<double> nearest(territoryCount, std::numeric_limits<double>::infinity());
    for (std::size_t a = 0; a < areaCount; ++a) {
        const TerritoryIndex t = territoryOf(static_cast<std::int32_t>(a));
        if (t == kNoTerritory || geometry_->areas[a].rings.empty()) {
            continue;
        }
        const auto ti = static_cast<std::size_t>(t);
        const QPointF middle = sums[ti] / static_cast<double>(counts[ti]);
        const QPointF offset = geometry_->areas[a].label - middle;
        const double distance = QPointF::dotProduct(offset, offset);
        if (distance < nearest[ti]) {
            nearest[ti] = distance;
            cache->labelAnchors[ti] = geometry_->areas[a].label;
        }
    }
    alignment_ = std::move(cache);
}

void MapRenderer::ensureChoropleth(const Project& project, const RenderOptions& options) {
    if (options.fill != AreaFill::Metric) {
        return;
    }
    const int classes = std::clamp(options.classes, 2, 9);
    const ChoroplethCache* old = choropleth_.get();
    if (old != nullptr && old->geometry == geometry_.get() && old->metric == options.metric &&
        old->attribute == options.attribute && old->classes == classes) {
        return;
    }
    auto cache = std::make_shared<ChoroplethCache>();
    cache->geometry = geometry_.get();
    cache->metric = options.metric;
    cache->attribute = options.attribute;
    cache->classes = classes;
    const std::size_t areaCount = project.areas.size();
    std::vector<double> values(areaCount, std::nan(""));
    QString title;
    if (options.metric == AreaMetric::Attribute) {
        const int attribute = options.attribute;
        if (attribute >= 0 &&
            static_cast<std::size_t>(attribute) < project.areaAttributeNames.size()) {
            title = QString::fromStdString(
                project.areaAttributeNames[static_cast<std::size_t>(attribute)]);
            for (std::size_t a = 0; a < areaCount; ++a) {
                const auto& attributes = project.areas[a].attributes;
                if (static_cast<std::size_t>(attribute) < attributes.size()) {
                    values[a] = attributes[static_cast<std::size_t>(attribute)];
                }
            }
        }
    } else {
        std::fill(values.begin(), values.end(), 0.0);
        for (std::size_t i = 0; i < project.accounts.size() && i < project.accountArea.size();
             ++i) {
            const std::int32_t area = project.accountArea[i];
            if (area < 0 || static_cast<std::size_t>(area) >= areaCount) {
                continue;
            }
            const Account& account = project.accounts[i];
            double& value = values[static_cast<std::size_t>(area)];
            switch (options.metric) {
                case AreaMetric::Accounts:
                    value += 1.0;
                    break;
                case AreaMetric::Potential:
                    value += account.potential;
                    break;
                case AreaMetric::Workload:
                    value += account.workload;
                    break;
                case AreaMetric::Sales:
                    value += account.sales;
                    break;
                case AreaMetric::Attribute:
                    break;
            }
        }
        switch (options.metric) {
            case AreaMetric::Accounts:
                title = QStringLiteral("Accounts per area");
                break;
            case AreaMetric::Potential:
                title = QStringLiteral("Potential per area");
                break;
            case AreaMetric::Workload:
                title = QStringLiteral("Workload per area (h/year)");
                break;
            case AreaMetric::Sales:
                title = QStringLiteral("Sales per area");
                break;
            case AreaMetric::Attribute:
                break;
        }
    }
    // Quantile class breaks over the areas with data; equal values stay in one class.
    std::vector<double> sorted;
    for (const double v : values) {
        if (std::isfinite(v)) {
            sorted.push_back(v);
        }
    }
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> upper;  // inclusive upper bound of each class
    for (int c = 1; c <= classes && !sorted.empty(); ++c) {
        const std::size_t index =
            std::min(sorted.size() - 1, sorted.size() * static_cast<std::size_t>(c) /
                                            static_cast<std::size_t>(classes));
        const double bound = c == classes ? sorted.back() : sorted[index];
        if (upper.empty() || bound > upper.back()) {
            upper.push_back(bound);
        }
    }
    cache->areaClass.assign(areaCount, 255);
    for (std::size_t a = 0; a < areaCount; ++a) {
        if (!std::isfinite(values[a])) {
            continue;
        }
        const auto it = std::lower_bound(upper.begin(), upper.end(), values[a]);
        cache->areaClass[a] = static_cast<std::uint8_t>(std::min<std::ptrdiff_t>(
            it - upper.begin(), static_cast<std::ptrdiff_t>(upper.size()) - 1));
    }
    cache->legend.title = title;
    for (std::size_t c = 0; c < upper.size(); ++c) {
        const double t = upper.size() == 1
                             ? 0.5
                             : static_cast<double>(c) / static_cast<double>(upper.size() - 1);
        cache->colors.push_back(sequentialColor(t));
        const QString low = c == 0 ? compactNumber(sorted.front()) : compactNumber(upper[c - 1]);
        const QString text = c == 0 ? QStringLiteral("%1 – %2").arg(low, compactNumber(upper[c]))
                                    : QStringLiteral("> %1 – %2").arg(low, compactNumber(upper[c]));
        cache->legend.entries.emplace_back(cache->colors.back(), text);
    }
    if (sorted.size() < areaCount) {
        cache->legend.entries.emplace_back(QColor(0xDA, 0xDA, 0xDA), QStringLiteral("No data"));
    }
    choropleth_ = std::move(cache);
}

std::shared_ptr<const MapScene> MapRenderer::scene(const Project& project, double centralLongitude,
                                                   const RenderOptions& options) {
    ensureGeometry(project, centralLongitude);
    ensureAlignment(project);
    ensureChoropleth(project, options);
    if (!basemapShapes_.empty() && (!basemap_ || basemap_->centralLongitude != centralLongitude)) {
        auto cache = std::make_shared<BasemapCache>();
        cache->centralLongitude = centralLongitude;
        Viewport projection;
        projection.setCentralLongitude(centralLongitude);
        std::vector<const MultiPolygon*> shapes;
        for (const MultiPolygon& shape : basemapShapes_) {
            shapes.push_back(&shape);
        }
        cache->shapes = projectShapes(shapes, projection);
        cache->lines = projectShapes(shapes, projection);
        basemap_ = std::move(cache);
    }
    auto result = std::make_shared<MapScene>();
    result->geometry = geometry_;
    result->alignment = alignment_;
    result->choropleth = options.fill == AreaFill::Metric ? choropleth_ : nullptr;
    result->basemap = basemapShapes_.empty() ? nullptr : basemap_;
    Viewport projection;
    projection.setCentralLongitude(centralLongitude);
    for (const Rep& rep : project.reps) {
        if (rep.hasHome) {
            result->repHomes.emplace_back(projection.lonLatToMercator(rep.home),
                                          QString::fromStdString(rep.name));
        }
    }
    return result;
}

const std::vector<std::uint32_t>& MapRenderer::displayColors(const Project& project) {
    ensureGeometry(project, geometry_ ? geometry_->centralLongitude : centralLongitudeOf(project));
    ensureAlignment(project);
    return alignment_->displayColors;
}

Viewport MapRenderer::fittingViewport(const Project& project, QSize size) {
    const double central = centralLongitudeOf(project);
    ensureGeometry(project, central);
    Viewport viewport;
    viewport.setSize(size);
    viewport.setCentralLongitude(central);
    // All areas, else all located accounts, else the whole world; at least 100 km across.
    QRectF extent = geometry_->areaExtent.value_or(geometry_->accountExtent.value_or(
        QRectF(-Viewport::kMercatorHalfWorld, -Viewport::kMercatorHalfWorld,
               2.0 * Viewport::kMercatorHalfWorld, 2.0 * Viewport::kMercatorHalfWorld)));
    constexpr double kMinimumExtentMetres = 100000.0;
    if (extent.width() < kMinimumExtentMetres && extent.height() < kMinimumExtentMetres) {
        const QPointF centre = extent.center();
        extent =
            QRectF(centre.x() - kMinimumExtentMetres / 2.0, centre.y() - kMinimumExtentMetres / 2.0,
                   kMinimumExtentMetres, kMinimumExtentMetres);
    }
    viewport.fitMercatorRect(extent);
    return viewport;
}

QImage MapRenderer::render(const Project& project, const Viewport& viewport,
                           const RenderOptions& options) {
    const auto frozen = scene(project, viewport.centralLongitude(), options);
    return renderScene(*frozen, viewport, options, nullptr, &stats_);
}

void MapRenderer::paint(QPainter& painter, const Project& project, const Viewport& viewport,
                        const RenderOptions& options) {
    const auto frozen = scene(project, viewport.centralLongitude(), options);
    stats_ = paintScene(painter, *frozen, viewport, options);
}

namespace {

bool isCanceled(const std::atomic<bool>* cancel) {
    return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

void paintLabels(QPainter& painter, const MapScene& scene, const Viewport& viewport,
                 const std::vector<std::uint32_t>& visibleAreas, const RenderOptions& options) {
    const AlignmentCache& alignment = *scene.alignment;
    const GeometryCache& geometry = *scene.geometry;
    const double ratio = painter.device() != nullptr ? painter.device()->devicePixelRatio() : 1.0;
    QFont font = painter.font();
    font.setPointSizeF(8.5);
    font.setBold(true);
    const QRectF screen(QPointF(0, 0), QSizeF(viewport.size()));
    const QTransform toScreen = viewport.mercatorToScreenTransform();
    std::vector<QRectF> placed;
    // Larger territories first: they keep their label when names would overlap.
    std::vector<std::size_t> order;
    for (std::size_t t = 0;
         t < alignment.labelAnchors.size() && t < alignment.territoryNames.size(); ++t) {
        if (!alignment.extents[t].isNull()) {
            order.push_back(t);
        }
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const QRectF& ea = alignment.extents[a];
        const QRectF& eb = alignment.extents[b];
        return ea.width() * ea.height() > eb.width() * eb.height();
    });
    // Each text is laid out, outlined and haloed once (LabelSprites) and copied from then on.
    const auto place = [&](const LabelSprite& label, QPointF anchor) {
        QRectF box = label.box;
        box.moveCenter(anchor);
        const QRectF padded = box.adjusted(-3, -2, 3, 2);
        if (!screen.contains(padded) ||
            std::any_of(placed.begin(), placed.end(),
                        [&](const QRectF& other) { return other.intersects(padded); })) {
            return;
        }
        placed.push_back(padded);
        label.draw(painter, box.topLeft());
    };
    const QColor nameColor(0x1A, 0x1A, 0x1A);
    for (const std::size_t t : order) {
        const QString& name = alignment.territoryNames[t];
        if (name.isEmpty()) {
            continue;
        }
        const QRectF extent = toScreen.mapRect(alignment.extents[t]);
        const auto label = LabelSprites::get(name, font, nameColor, 3.0, ratio);
        if (extent.width() < label->advance * 0.9) {
            continue;
        }
        place(*label, toScreen.map(alignment.labelAnchors[t]));
    }
    // Area codes, once few enough areas are in view that they can be read.
    constexpr std::size_t kMaxAreaLabels = 400;
    if (!options.areaLabels || visibleAreas.size() > kMaxAreaLabels) {
        return;
    }
    QFont small = painter.font();
    small.setPointSizeF(7.0);
    const QFontMetricsF smallMetrics(small);
    const QColor codeColor(0x33, 0x33, 0x33);
    for (const std::uint32_t a : visibleAreas) {
        const QString& code = geometry.codes[a];
        const QRectF bounds = toScreen.mapRect(geometry.areas[a].bounds);
        if (code.isEmpty() || bounds.height() < smallMetrics.height() * 2.0) {
            continue;
        }
        const auto label = LabelSprites::get(code, small, codeColor, 2.0, ratio);
        if (bounds.width() < label->advance + 6.0) {
            continue;
        }
        place(*label, toScreen.map(geometry.areas[a].label) + QPointF(0.0, smallMetrics.height()));
    }
}

void paintAccounts(QPainter& painter, const MapScene& scene, const Viewport& viewport,
                   const RenderOptions& options, RenderStats& stats) {
    const GeometryCache& geometry = *scene.geometry;
    const QRectF visible = viewport.visibleMercatorRect();
    const QTransform toScreen = viewport.mercatorToScreenTransform();
    std::size_t inView = 0;
    for (const QPointF& point : geometry.accountPoints) {
        inView += visible.contains(point) ? 1U : 0U;
    }
    stats.accountsDrawn = inView;
    if (inView == 0) {
        return;
    }
    if (options.clusterAbove > 0 && inView > options.clusterAbove) {
        // A fixed grid in Mercator (anchored at the origin), so clusters stay put while panning.
        const double cell = kClusterCellPixels * viewport.metresPerPixel();
        const auto column0 = static_cast<std::int64_t>(std::floor(visible.left() / cell));
        const auto row0 = static_cast<std::int64_t>(std::floor(visible.top() / cell));
        const auto columns =
            static_cast<std::int64_t>(std::floor(visible.right() / cell)) - column0 + 1;
        const auto rows = static_cast<std::int64_t>(std::floor(visible.bottom() / cell)) - row0 + 1;
        struct Cluster {
            double x = 0.0, y = 0.0;
            std::size_t count = 0;
        };
        std::vector<Cluster> cells(static_cast<std::size_t>(columns * rows));
        for (const QPointF& point : geometry.accountPoints) {
            if (!visible.contains(point)) {
                continue;
            }
            const auto column = std::clamp<std::int64_t>(
                static_cast<std::int64_t>(std::floor(point.x() / cell)) - column0, 0, columns - 1);
            const auto row = std::clamp<std::int64_t>(
                static_cast<std::int64_t>(std::floor(point.y() / cell)) - row0, 0, rows - 1);
            Cluster& c = cells[static_cast<std::size_t>(row * columns + column)];
            c.x += point.x();
            c.y += point.y();
            ++c.count;
        }
        // Counts need fonts, which need a QGuiApplication; without one the circles stay blank.
        const bool canWrite =
            qobject_cast<QGuiApplication*>(QCoreApplication::instance()) != nullptr;
        QFont font;
        if (canWrite) {
            font = painter.font();
            font.setPointSizeF(7.0);
            font.setBold(true);
            painter.setFont(font);
        }
        QColor fill(0x1F, 0x4E, 0x9A, 0xA8);
        QPen ring(QColor(255, 255, 255, 200), 1.0);
        std::vector<QPointF> singles;
        for (const Cluster& c : cells) {
            if (c.count == 0) {
                continue;
            }
            const QPointF centre = toScreen.map(
                QPointF(c.x / static_cast<double>(c.count), c.y / static_cast<double>(c.count)));
            if (c.count == 1) {
                singles.push_back(centre);
                continue;
            }
            ++stats.clustersDrawn;
            const QString text = compactCount(c.count);
            double radius = std::min(4.0 + 1.6 * std::log2(static_cast<double>(c.count)), 17.0);
            if (canWrite) {
                radius = std::max(radius, QFontMetricsF(font).horizontalAdvance(text) / 2.0 + 2.5);
            }
            painter.setPen(ring);
            painter.setBrush(fill);
            painter.drawEllipse(centre, radius, radius);
            if (!canWrite) {
                continue;
            }
            painter.setPen(Qt::white);
            painter.drawText(
                QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                Qt::AlignCenter, text);
        }
        if (!singles.empty()) {
            QPen dot(options.accountColor, 4.0);
            dot.setCapStyle(Qt::RoundCap);
            painter.setPen(dot);
            painter.drawPoints(singles.data(), static_cast<int>(singles.size()));
        }
        return;
    }
    // One dot per account, larger for more potential; lighter where there are many.
    std::array<std::vector<QPointF>, 4> bySize;
    for (std::size_t i = 0; i < geometry.accountPoints.size(); ++i) {
        const QPointF& point = geometry.accountPoints[i];
        if (visible.contains(point)) {
            const std::size_t size = options.sizeAccountsByPotential ? geometry.accountSize[i] : 0;
            bySize[size].push_back(toScreen.map(point));
        }
    }
    const double base = std::clamp(5.5 - std::log10(viewport.metresPerPixel()), 2.2, 4.5);
    QColor dotColor = options.accountColor;
    if (inView > 1500) {
        dotColor.setAlphaF(dotColor.alphaF() *
                           std::max(0.4, std::sqrt(1500.0 / static_cast<double>(inView))));
    }
    for (std::size_t s = 0; s < bySize.size(); ++s) {
        if (bySize[s].empty()) {
            continue;
        }
        QPen dotPen(dotColor, base * (1.0 + 0.45 * static_cast<double>(s)));
        dotPen.setCapStyle(Qt::RoundCap);
        painter.setPen(dotPen);
        painter.drawPoints(bySize[s].data(), static_cast<int>(bySize[s].size()));
    }
}

}  // namespace

namespace {

/// Thread CPU time in milliseconds (what a layer costs, whatever else the machine does).
double threadCpuMilliseconds() {
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1.0e3 + static_cast<double>(now.tv_nsec) / 1.0e6;
}

/// Everything the layers of one frame share, computed once.
struct Frame {
    const MapScene& scene;
    const Viewport& viewport;
    const RenderOptions& options;
    QRectF visible;
    QTransform toScreen;
    int band = -1;                          ///< level-of-detail band; -1 = full detail
    std::vector<std::uint32_t> candidates;  ///< visible areas, in index order
};

Frame prepareFrame(const MapScene& scene, const Viewport& viewport, const RenderOptions& options) {
    Frame frame{scene,
                viewport,
                options,
                viewport.visibleMercatorRect(),
                viewport.mercatorToScreenTransform(),
                -1,
                {}};
    // The coarsest band whose tolerance is below a fraction of a device pixel.
    const double ratio = std::max(1.0, options.devicePixelRatio);
    const double devicePixelMetres = viewport.metresPerPixel() / ratio;
    const std::vector<double>& tolerances = levelOfDetailTolerances();
    if (options.levelOfDetail) {
        for (std::size_t b = 0; b < tolerances.size(); ++b) {
            if (tolerances[b] <= kLodPixelTolerance * devicePixelMetres) {
                frame.band = static_cast<int>(b);
            }
        }
    }
    if (scene.geometry) {
        // Visible areas through the R-tree, in index order (deterministic drawing).
        scene.geometry->index.query(bgi::intersects(toBox(frame.visible)),
                                    boost::make_function_output_iterator([&](const RTreeValue& v) {
                                        frame.candidates.push_back(v.second);
                                    }));
        std::sort(frame.candidates.begin(), frame.candidates.end());
    }
    return frame;
}

/// Basemap land, the area fills with their boundaries, the faint state lines over them.
/// False when canceled part way.
/// Which part of the areas layer a paint does: a range of Frame::candidates, and whether the
/// basemap land under the areas and the state lines over them are part of it.
struct AreasPart {
    std::size_t begin = 0;
    std::size_t end = 0;
    bool under = true;
    bool over = true;
};

bool paintAreasLayer(QPainter& painter, const Frame& frame, const std::atomic<bool>* cancel,
                     RenderStats& stats, const AreasPart& part) {
    const MapScene& scene = frame.scene;
    const RenderOptions& options = frame.options;
    const GeometryCache& geometry = *scene.geometry;
    const AlignmentCache& alignment = *scene.alignment;
    const QRectF& visible = frame.visible;
    const QTransform& toScreen = frame.toScreen;
    painter.save();
    if (part.under && options.rasterBasemap) {
        // Read at device pixels, so a HiDPI image gets the finer zoom level.
        const QRectF target(QPointF(0, 0), QSizeF(frame.viewport.size()));
        const double ratio = std::max(1.0, options.devicePixelRatio);
        const QSize pixels(static_cast<int>(std::ceil(target.width() * ratio)),
                           static_cast<int>(std::ceil(target.height() * ratio)));
        const QImage raster = options.rasterBasemap->read(visible, pixels);
        if (!raster.isNull()) {
            painter.drawImage(target, raster);
        }
    }
    if (part.under && options.basemap && scene.basemap) {
        painter.setTransform(toScreen);
        QPen land(QColor(0xB4, 0xB4, 0xB4), 0.0);
        land.setCosmetic(true);
        painter.setPen(land);
        painter.setBrush(QColor(0xF8, 0xF6, 0xF1));
        for (const ProjectedShape& shape : scene.basemap->shapes) {
            if (shape.bounds.intersects(visible)) {
                painter.drawPath(pathAtBand(shape, frame.band));
            }
        }
        painter.resetTransform();
    }

    const ChoroplethCache* choropleth = scene.choropleth.get();
    const auto fillOf = [&](std::uint32_t a) -> QColor {
        if (choropleth != nullptr) {
            const std::uint8_t c =
                a < choropleth->areaClass.size() ? choropleth->areaClass[a] : 255;
            return c < choropleth->colors.size() ? choropleth->colors[c] : options.unassignedFill;
        }
        const TerritoryIndex t =
            a < alignment.areaTerritory.size() ? alignment.areaTerritory[a] : kNoTerritory;
        if (t < 0 || static_cast<std::size_t>(t) >= alignment.displayColors.size()) {
            return options.unassignedFill;
        }
        return rgb(alignment.displayColors[static_cast<std::size_t>(t)]);
    };

    // Boundaries fade out as the map zooms out, so a national map of counties is not all lines.
    QColor boundaryColor = options.areaBoundary;
    const double areasPerScreen = static_cast<double>(frame.candidates.size());
    if (areasPerScreen > 400.0) {
        boundaryColor.setAlphaF(boundaryColor.alphaF() *
                                std::max(0.35, std::sqrt(400.0 / areasPerScreen)));
    }
    QPen boundaryPen(boundaryColor, 0.0);
    boundaryPen.setCosmetic(true);
    const QPen areaPen = options.areaBoundaries ? boundaryPen : QPen(Qt::NoPen);

    painter.setTransform(toScreen);
    std::size_t counter = 0;
    const auto band = frame.band;
    for (std::size_t i = part.begin; i < part.end; ++i) {
        const std::uint32_t a = frame.candidates[i];
        if (++counter % kCancelCheckEvery == 0 && isCanceled(cancel)) {
            painter.restore();
            return false;
        }
        const GeometryCache::ProjectedArea& projected = geometry.areas[a];
        QColor fill = fillOf(a);
        if (options.areaFillAlpha < 255) {
            fill.setAlpha(fill.alpha() * std::clamp(options.areaFillAlpha, 0, 255) / 255);
        }
        const QRectF onScreen = toScreen.mapRect(projected.bounds);
        if (onScreen.width() < kTinyAreaPixels && onScreen.height() < kTinyAreaPixels) {
            painter.resetTransform();
            painter.fillRect(onScreen.adjusted(-0.25, -0.25, 0.25, 0.25), fill);
            painter.setTransform(toScreen);
            stats.verticesDrawn += 4;
        } else {
            painter.setPen(areaPen);
            painter.setBrush(fill);
            const QPainterPath& path = pathAtBand(projected, band);
            painter.drawPath(path);
            stats.verticesDrawn += &path == &projected.path
                                       ? projected.vertices
                                       : projected.lodVertices[static_cast<std::size_t>(band)];
        }
        ++stats.areasDrawn;
    }

    if (part.over && options.basemap && scene.basemap) {
        // State lines over the areas, faint, for orientation.
        QPen lines(QColor(0x30, 0x30, 0x30, 0x60), 0.0);
        lines.setCosmetic(true);
        painter.setPen(lines);
        painter.setBrush(Qt::NoBrush);
        for (const ProjectedShape& shape : scene.basemap->lines) {
            if (shape.bounds.intersects(visible)) {
                painter.drawPath(pathAtBand(shape, frame.band));
            }
        }
    }
    painter.restore();
    return true;
}

/// The thicker territory outlines and the highlighted area.
void paintOutlinesLayer(QPainter& painter, const Frame& frame) {
    const MapScene& scene = frame.scene;
    const RenderOptions& options = frame.options;
    painter.save();
    if (options.territoryOutlines) {
        // A round-joined, round-capped line `width` device pixels wide, as the cosmetic QPen
        // drawn before stroked it, but outlined by PolylineStroker (straight-piece arcs, no
        // Bézier curves) in the painter's logical pixels and filled.
        const double width =
            std::clamp(2.6 - std::log10(frame.viewport.metresPerPixel()) * 0.3, 1.4, 2.6);
        const double ratio =
            painter.device() != nullptr ? std::max(1.0, painter.device()->devicePixelRatio()) : 1.0;
        PolylineStroker stroker(width / 2.0 / ratio, kArcTolerancePixels / ratio);
        painter.setPen(Qt::NoPen);
        painter.setBrush(options.territoryOutline);
        const std::size_t level = frame.band >= 0 ? static_cast<std::size_t>(frame.band)
                                                  : levelOfDetailTolerances().size();
        const QTransform& t = frame.toScreen;
        std::vector<QPointF> screen;
        for (const std::uint32_t a : frame.candidates) {
            const auto& outline = scene.alignment->outlines[a];
            if (!outline) {
                continue;
            }
            for (const QPolygonF& run : outline->levels[level]) {
                screen.clear();
                for (const QPointF& p : run) {
                    screen.emplace_back(t.m11() * p.x() + t.dx(), t.m22() * p.y() + t.dy());
                }
                stroker.add(screen.data(), screen.size());
            }
        }
        stroker.fill(painter);
    }
    if (options.highlightedArea >= 0 &&
        static_cast<std::size_t>(options.highlightedArea) < scene.geometry->areas.size()) {
        MapRenderer::paintAreaHighlight(painter, scene, frame.viewport,
                                        {static_cast<AreaIndex>(options.highlightedArea)},
                                        options.highlight, 60, 2.5);
    }
    painter.restore();
}

/// Rep home bases and the accounts (dots or clusters).
void paintPointsLayer(QPainter& painter, const Frame& frame, RenderStats& stats) {
    const MapScene& scene = frame.scene;
    const RenderOptions& options = frame.options;
    painter.save();
    if (options.repHomes && !scene.repHomes.empty()) {
        QPen halo(Qt::white, 1.5);
        painter.setPen(halo);
        painter.setBrush(QColor(0xC6, 0x28, 0x28));
        for (const auto& [home, name] : scene.repHomes) {
            if (!frame.visible.contains(home)) {
                continue;
            }
            const QPointF p = frame.toScreen.map(home);
            // A small house: square body with a roof.
            QPolygonF house;
            house << p + QPointF(-5, 6) << p + QPointF(5, 6) << p + QPointF(5, -1)
                  << p + QPointF(0, -6) << p + QPointF(-5, -1);
            painter.drawPolygon(house);
        }
    }
    if (options.accounts && !scene.geometry->accountPoints.empty()) {
        paintAccounts(painter, scene, frame.viewport, options, stats);
    }
    painter.restore();
}

/// Territory names, area codes, the legend. Needs a QGuiApplication (fonts).
void paintLabelsLayer(QPainter& painter, const Frame& frame) {
    const RenderOptions& options = frame.options;
    if (!options.territoryLabels ||
        qobject_cast<QGuiApplication*>(QCoreApplication::instance()) == nullptr) {
        return;
    }
    painter.save();
    paintLabels(painter, frame.scene, frame.viewport, frame.candidates, options);
    if (options.legend && frame.scene.choropleth) {
        MapRenderer::paintLegend(
            painter, MapRenderer::legendOf(frame.scene),
            QPointF(10.0, static_cast<double>(frame.viewport.size().height()) - 10.0));
    }
    painter.restore();
}

/// The layers, bottom to top; a render composites them in this order.
enum class Layer : std::uint8_t { Areas, Outlines, Points, Labels };
constexpr std::array<Layer, 4> kLayers{Layer::Areas, Layer::Outlines, Layer::Points, Layer::Labels};

/// Paints one layer; false when canceled.
bool paintLayer(Layer layer, QPainter& painter, const Frame& frame, const std::atomic<bool>* cancel,
                RenderStats& stats) {
    const double start = threadCpuMilliseconds();
    bool done = true;
    switch (layer) {
        case Layer::Areas:
            done = paintAreasLayer(painter, frame, cancel, stats,
                                   AreasPart{0, frame.candidates.size(), true, true});
            break;
        case Layer::Outlines:
            paintOutlinesLayer(painter, frame);
            break;
        case Layer::Points:
            paintPointsLayer(painter, frame, stats);
            break;
        case Layer::Labels:
            paintLabelsLayer(painter, frame);
            break;
    }
    stats.layerCpuMilliseconds[static_cast<std::size_t>(layer)] = threadCpuMilliseconds() - start;
    return done && !isCanceled(cancel);
}

/// Threads for the layers of a render, separate from the callers' pools (a render job runs on
/// one of those and waits for its layers here, so sharing a pool could starve it).
QThreadPool& layerPool() {
    static QThreadPool pool;
    static const bool configured = [] {
        // One helper per render; two so that a render started while another is still
        // finishing (a canceled canvas job) does not wait for it.
        pool.setMaxThreadCount(2);
        pool.setObjectName(QStringLiteral("tessera-render-layers"));
        // The threads end with the application, not after it: a thread that has drawn text
        // holds Qt's per-thread font cache, which can only be freed while Qt is still there
        // (ending at static destruction, the cache leaked).
        qAddPostRoutine([] { layerPool().waitForDone(); });
        return true;
    }();
    (void)configured;
    return pool;
}

/// Full-frame images reused from frame to frame: allocating a fresh 6 MB image (and faulting
/// its pages in) costs more than clearing one. An image is handed out again only once nobody
/// else holds it (the caller of renderScene keeps the image it got as long as it likes).
class LayerImages {
public:
    static QImage take(QSize pixels) {
        {
            const std::lock_guard lock(mutex());
            auto& images = pool();
            for (auto it = images.begin(); it != images.end(); ++it) {
                if (it->size() == pixels && it->isDetached()) {
                    QImage image = std::move(*it);
                    images.erase(it);
                    return image;
                }
            }
        }
        return QImage(pixels, QImage::Format_ARGB32_Premultiplied);
    }
    static void giveBack(QImage image) {
        if (image.isNull()) {
            return;
        }
        const std::lock_guard lock(mutex());
        auto& images = pool();
        images.push_back(std::move(image));
        if (images.size() > kMaxImages) {
            images.erase(images.begin());
        }
    }

private:
    static constexpr std::size_t kMaxImages = 6;
    static std::mutex& mutex() {
        static std::mutex m;
        return m;
    }
    static std::vector<QImage>& pool() {
        static std::vector<QImage> images;
        return images;
    }
};

// Rough costs of painting, in units of one area vertex filled and stroked (measured on the
// counties benchmark), used only to share a frame's work evenly between two threads.
constexpr double kAreaCallCost = 6.0;         ///< per area drawn, beyond its vertices
constexpr double kLandVertexCost = 1.0;       ///< basemap land: fill and outline
constexpr double kStateLineVertexCost = 0.6;  ///< state lines over the areas
constexpr double kOutlinePointCost = 1.8;     ///< territory outline vertex
constexpr double kAccountScanCost = 0.1;      ///< per account (culling, clustering)
constexpr double kAccountDotCost = 6.0;       ///< per account drawn as a dot

/// Where the frame's areas are split between the calling thread, which paints the basemap land
/// and candidates [0, split), and the helper, which paints the rest of the areas, the state
/// lines, the outlines, the accounts and the labels: about half the work each.
std::size_t balancedSplit(const Frame& frame) {
    const MapScene& scene = frame.scene;
    const RenderOptions& options = frame.options;
    const GeometryCache& geometry = *scene.geometry;
    const int band = frame.band;
    const auto verticesAt = [band](const ProjectedShape& shape) {
        return static_cast<double>(&pathAtBand(shape, band) == &shape.path
                                       ? shape.vertices
                                       : shape.lodVertices[static_cast<std::size_t>(band)]);
    };
    std::vector<double> cumulative;
    cumulative.reserve(frame.candidates.size());
    double areas = 0.0;
    for (const std::uint32_t a : frame.candidates) {
        areas += kAreaCallCost + verticesAt(geometry.areas[a]);
        cumulative.push_back(areas);
    }
    double lower = 0.0;
    double upper = 0.0;
    if (options.basemap && scene.basemap) {
        for (const ProjectedShape& shape : scene.basemap->shapes) {
            if (shape.bounds.intersects(frame.visible)) {
                lower += kLandVertexCost * verticesAt(shape);
                upper += kStateLineVertexCost * verticesAt(shape);
            }
        }
    }
    if (options.territoryOutlines) {
        const std::size_t level =
            band >= 0 ? static_cast<std::size_t>(band) : levelOfDetailTolerances().size();
        for (const std::uint32_t a : frame.candidates) {
            if (const auto& outline = scene.alignment->outlines[a]) {
                for (const QPolygonF& run : outline->levels[level]) {
                    upper += kOutlinePointCost * static_cast<double>(run.size());
                }
            }
        }
    }
    if (options.accounts) {
        std::size_t inView = 0;
        for (const QPointF& point : geometry.accountPoints) {
            inView += frame.visible.contains(point) ? 1U : 0U;
        }
        const bool clustered = options.clusterAbove > 0 && inView > options.clusterAbove;
        upper += kAccountScanCost * static_cast<double>(geometry.accountPoints.size()) +
                 (clustered ? 0.0 : kAccountDotCost * static_cast<double>(inView));
    }
    // lower + cumulative[split) ≈ (areas - cumulative[split)) + upper
    const double target = (areas + upper - lower) / 2.0;
    return static_cast<std::size_t>(std::lower_bound(cumulative.begin(), cumulative.end(), target) -
                                    cumulative.begin());
}

}  // namespace

const std::array<const char*, 4>& RenderStats::layerNames() {
    static const std::array<const char*, 4> names{"areas (basemap, fills, boundaries)",
                                                  "territory outlines", "accounts, rep homes",
                                                  "labels"};
    return names;
}

RenderStats MapRenderer::paintScene(QPainter& painter, const MapScene& scene,
                                    const Viewport& viewport, const RenderOptions& options,
                                    const std::atomic<bool>* cancel) {
    QElapsedTimer timer;
    timer.start();
    RenderStats stats;
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, options.antialiasing);
    painter.setCompositionMode(QPainter::CompositionMode_Source);
    painter.fillRect(QRectF(QPointF(0, 0), QSizeF(viewport.size())), options.background);
    painter.setCompositionMode(QPainter::CompositionMode_SourceOver);
    if (!viewport.isValid() || !scene.geometry || !scene.alignment) {
        painter.restore();
        return stats;
    }
    const Frame frame = prepareFrame(scene, viewport, options);
    stats.levelOfDetail = frame.band;
    for (const Layer layer : kLayers) {
        if (!paintLayer(layer, painter, frame, cancel, stats)) {
            painter.restore();
            stats.canceled = true;
            return stats;
        }
    }
    painter.restore();
    stats.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1.0e6;
    return stats;
}

QImage MapRenderer::renderScene(const MapScene& scene, const Viewport& viewport,
                                const RenderOptions& options, const std::atomic<bool>* cancel,
                                RenderStats* stats) {
    QElapsedTimer timer;
    timer.start();
    const double ratio = std::max(1.0, options.devicePixelRatio);
    const QSize pixels(static_cast<int>(std::ceil(viewport.size().width() * ratio)),
                       static_cast<int>(std::ceil(viewport.size().height() * ratio)));
    QImage image = LayerImages::take(pixels);
    if (image.isNull()) {
        return image;
    }
    image.setDevicePixelRatio(ratio);
    RenderStats result;
    if (!viewport.isValid() || !scene.geometry || !scene.alignment) {
        image.fill(options.background);
        QPainter painter(&image);
        result = paintScene(painter, scene, viewport, options, cancel);
    } else {
        // Two threads share the frame (the machine this is measured on has two cores): this
        // one paints the background, the basemap land and the first areas into the image; a
        // helper paints the remaining areas, the state lines, the outlines, the accounts and
        // the labels, in that order, into a transparent image, which then goes over the first.
        // Source-over is associative, so this is the image painting everything in order on
        // one thread gives (up to rounding), wherever the split falls.
        const Frame frame = prepareFrame(scene, viewport, options);
        result.levelOfDetail = frame.band;
        const std::size_t split = balancedSplit(frame);
        QImage upper;
        RenderStats lowerStats;
        RenderStats upperStats;
        bool upperDone = false;
        // The upper part is painted by whichever thread gets to it first: normally the
        // helper, but when the helper has not even started by the time this thread is done
        // with its part (a busy machine), this thread paints it rather than wait.
        std::atomic<bool> upperClaimed{false};
        const auto paintUpper = [&] {
            const double start = threadCpuMilliseconds();
            upper = LayerImages::take(pixels);
            if (!upper.isNull()) {
                upper.setDevicePixelRatio(ratio);
                upper.fill(Qt::transparent);
                QPainter painter(&upper);
                painter.setRenderHint(QPainter::Antialiasing, options.antialiasing);
                upperDone = paintAreasLayer(painter, frame, cancel, upperStats,
                                            AreasPart{split, frame.candidates.size(), false, true});
                upperStats.layerCpuMilliseconds[0] = threadCpuMilliseconds() - start;
                for (const Layer layer : {Layer::Outlines, Layer::Points, Layer::Labels}) {
                    upperDone = upperDone && paintLayer(layer, painter, frame, cancel, upperStats);
                }
            }
            result.threadCpuMilliseconds[1] = threadCpuMilliseconds() - start;
        };
        std::latch finished(1);
        layerPool().start([&] {
            if (!upperClaimed.exchange(true)) {
                paintUpper();
            }
            finished.count_down();
        });
        const double start = threadCpuMilliseconds();
        bool lowerDone = false;
        {
            // Every pixel, also a last partial one at a fractional ratio: the image is reused.
            image.fill(options.background);
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing, options.antialiasing);
            lowerDone = paintAreasLayer(painter, frame, cancel, lowerStats,
                                        AreasPart{0, split, true, false});
        }
        lowerStats.layerCpuMilliseconds[0] = threadCpuMilliseconds() - start;
        double lowerCpu = lowerStats.layerCpuMilliseconds[0];
        if (!upperClaimed.exchange(true)) {
            paintUpper();
        }
        finished.wait();
        result.canceled = !lowerDone || !upperDone || isCanceled(cancel);
        if (!result.canceled) {
            const double compositeStart = threadCpuMilliseconds();
            QPainter painter(&image);
            painter.drawImage(QPointF(0, 0), upper);
            painter.end();
            result.compositeCpuMilliseconds = threadCpuMilliseconds() - compositeStart;
        }
        LayerImages::giveBack(std::move(upper));
        lowerCpu += result.compositeCpuMilliseconds;
        result.threadCpuMilliseconds[0] = lowerCpu;
        for (const RenderStats* part : {&lowerStats, &upperStats}) {
            result.areasDrawn += part->areasDrawn;
            result.verticesDrawn += part->verticesDrawn;
            result.accountsDrawn += part->accountsDrawn;
            result.clustersDrawn += part->clustersDrawn;
            for (std::size_t i = 0; i < result.layerCpuMilliseconds.size(); ++i) {
                result.layerCpuMilliseconds[i] += part->layerCpuMilliseconds[i];
            }
        }
        result.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1.0e6;
    }
    if (stats != nullptr) {
        *stats = result;
    }
    if (result.canceled) {
        LayerImages::giveBack(std::move(image));
        return {};
    }
    LayerImages::giveBack(image);  // reused once the caller lets go of it
    return image;
}

void MapRenderer::paintAreaHighlight(QPainter& painter, const MapScene& scene,
                                     const Viewport& viewport, const std::vector<AreaIndex>& areas,
                                     const QColor& color, int fillAlpha, double penWidth) {
    if (!scene.geometry || areas.empty()) {
        return;
    }
    const GeometryCache& geometry = *scene.geometry;
    const QRectF visible = viewport.visibleMercatorRect();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setTransform(viewport.mercatorToScreenTransform(), true);
    QColor wash = color;
    wash.setAlpha(fillAlpha);
    QPen pen(color, penWidth);
    pen.setCosmetic(true);
    pen.setJoinStyle(Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(fillAlpha > 0 ? QBrush(wash) : QBrush(Qt::NoBrush));
    // Merged into one path per call so that many selected areas draw quickly.
    QPainterPath merged;
    merged.setFillRule(Qt::WindingFill);
    for (const AreaIndex a : areas) {
        if (a >= geometry.areas.size() || !geometry.areas[a].bounds.intersects(visible)) {
            continue;
        }
        merged.addPath(geometry.areas[a].path);
    }
    painter.drawPath(merged);
    painter.restore();
}

Legend MapRenderer::legendOf(const MapScene& scene) {
    return scene.choropleth ? scene.choropleth->legend : Legend{};
}

QRectF MapRenderer::paintLegend(QPainter& painter, const Legend& legend, QPointF bottomLeft) {
    if (legend.entries.empty()) {
        return {};
    }
    painter.save();
    painter.resetTransform();
    painter.setRenderHint(QPainter::Antialiasing, true);
    QFont font = painter.font();
    font.setPointSizeF(8.5);
    QFont bold = font;
    bold.setBold(true);
    const QFontMetricsF metrics(font);
    const QFontMetricsF boldMetrics(bold);
    const double swatch = 14.0;
    const double line = std::max(swatch + 4.0, metrics.height() + 2.0);
    double width = boldMetrics.horizontalAdvance(legend.title);
    for (const auto& [color, text] : legend.entries) {
        width = std::max(width, swatch + 8.0 + metrics.horizontalAdvance(text));
    }
    const double height =
        boldMetrics.height() + 6.0 + line * static_cast<double>(legend.entries.size());
    const QRectF box(bottomLeft.x(), bottomLeft.y() - height - 16.0, width + 20.0, height + 16.0);
    painter.setPen(QPen(QColor(0, 0, 0, 60), 1.0));
    painter.setBrush(QColor(255, 255, 255, 235));
    painter.drawRoundedRect(box, 4.0, 4.0);
    double y = box.top() + 8.0;
    painter.setFont(bold);
    painter.setPen(QColor(0x1A, 0x1A, 0x1A));
    painter.drawText(QPointF(box.left() + 10.0, y + boldMetrics.ascent()), legend.title);
    y += boldMetrics.height() + 6.0;
    painter.setFont(font);
    for (const auto& [color, text] : legend.entries) {
        painter.setPen(QPen(QColor(0x50, 0x50, 0x50), 0.8));
        painter.setBrush(color);
        painter.drawRect(
            QRectF(box.left() + 10.0, y + (line - swatch) / 2.0 - 1.0, swatch, swatch));
        painter.setPen(QColor(0x1A, 0x1A, 0x1A));
        painter.drawText(QPointF(box.left() + 10.0 + swatch + 8.0,
                                 y + (line - metrics.height()) / 2.0 + metrics.ascent() - 1.0),
                         text);
        y += line;
    }
    painter.restore();
    return box;
}

QRectF areasExtent(const MapScene& scene, const std::vector<AreaIndex>& areas) {
    QRectF extent;
    if (!scene.geometry) {
        return extent;
    }
    for (const AreaIndex a : areas) {
        if (a < scene.geometry->areas.size() && !scene.geometry->areas[a].rings.empty()) {
            const QRectF& b = scene.geometry->areas[a].bounds;
            extent = extent.isNull() ? b : extent.united(b);
        }
    }
    return extent;
}

double centralLongitudeOf(const Project& project) {
    std::vector<std::pair<double, double>> intervals;
    for (const Area& area : project.areas) {
        for (const Polygon& polygon : area.shape) {
            Box box;
            bg::envelope(polygon.outer(), box);
            intervals.emplace_back(box.min_corner().x(), box.max_corner().x());
        }
    }
    if (intervals.empty()) {
        for (const Account& account : project.accounts) {
            if (account.locationSource != LocationSource::None) {
                intervals.emplace_back(account.location.x(), account.location.x());
            }
        }
    }
    return centralLongitudeFor(std::move(intervals));
}

}  // namespace tessera::render
