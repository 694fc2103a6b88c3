// SPDX-License-Identifier: Apache-2.0
#include "MapRenderer.h"

#include <QElapsedTimer>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QPainter>
#include <QPainterPath>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <tuple>
#include <unordered_map>

#include "app/canvas/TerritoryColoring.h"
#include "core/AreaLocator.h"

namespace tessera::render {

namespace {

/// Vertices that agree to about 1 cm are the same vertex (as in core's area graph builder).
constexpr double kVertexQuantum = 1.0e7;
/// Areas smaller than this on screen (pixels, both sides) are drawn as a filled rectangle.
constexpr double kTinyAreaPixels = 1.5;

struct SegmentKey {
    std::int64_t x1, y1, x2, y2;
    bool operator==(const SegmentKey&) const = default;
};

struct SegmentKeyHash {
    std::size_t operator()(const SegmentKey& k) const {
        std::uint64_t h = 1469598103934665603ULL;
        for (const std::int64_t v : {k.x1, k.y1, k.x2, k.y2}) {
            h ^= static_cast<std::uint64_t>(v);
            h *= 1099511628211ULL;
        }
        return static_cast<std::size_t>(h ^ (h >> 29));
    }
};

SegmentKey segmentKey(const Point& a, const Point& b) {
    std::int64_t ax = std::llround(a.x() * kVertexQuantum);
    std::int64_t ay = std::llround(a.y() * kVertexQuantum);
    std::int64_t bx = std::llround(b.x() * kVertexQuantum);
    std::int64_t by = std::llround(b.y() * kVertexQuantum);
    if (std::tie(bx, by) < std::tie(ax, ay)) {
        std::swap(ax, bx);
        std::swap(ay, by);
    }
    return {ax, ay, bx, by};
}

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

}  // namespace

struct MapRenderer::GeometryCache {
    struct ProjectedArea {
        QPainterPath path;                           ///< Mercator metres
        QRectF bounds;                               ///< Mercator metres
        QPointF label;                               ///< Mercator metres
        std::vector<QPolygonF> rings;                ///< Mercator metres, closed
        std::vector<std::int32_t> segmentNeighbour;  ///< per ring segment, in ring order; -1 none
    };

    const Area* areasData = nullptr;
    std::size_t areaCount = 0;
    const Account* accountsData = nullptr;
    std::size_t accountCount = 0;
    double centralLongitude = 0.0;

    std::vector<ProjectedArea> areas;
    std::unique_ptr<AreaLocator> locator;
    std::vector<QPointF> accountPoints;   ///< Mercator; NaN for accounts that are not located
    std::optional<QRectF> areaExtent;     ///< Mercator; none when there are no areas
    std::optional<QRectF> accountExtent;  ///< Mercator; none when no account is located
};

struct MapRenderer::AlignmentCache {
    std::vector<TerritoryIndex> areaTerritory;
    std::vector<std::uint32_t> territoryColors;
    std::size_t graphEdges = 0;
    bool valid = false;

    std::vector<std::uint32_t> displayColors;
    /// Per area, the pieces of its boundary that are a territory boundary and that this area
    /// draws (a boundary shared by two areas is drawn by the lower index).
    std::vector<std::vector<QPolygonF>> outlines;
    /// Per territory: where its name goes (the label point of its area nearest to the middle
    /// of its areas) and the extent of its areas, both in Mercator; empty territories have a
    /// null extent.
    std::vector<QPointF> labelAnchors;
    std::vector<QRectF> extents;
};

MapRenderer::MapRenderer() : alignment_(std::make_unique<AlignmentCache>()) {}
MapRenderer::~MapRenderer() = default;

void MapRenderer::invalidateGeometry() {
    geometry_.reset();
    alignment_->valid = false;
}

void MapRenderer::ensureGeometry(const Project& project, double centralLongitude) {
    if (geometry_ && geometry_->areasData == project.areas.data() &&
        geometry_->areaCount == project.areas.size() &&
        geometry_->accountsData == project.accounts.data() &&
        geometry_->accountCount == project.accounts.size() &&
        geometry_->centralLongitude == centralLongitude) {
        return;
    }
    auto cache = std::make_unique<GeometryCache>();
    cache->areasData = project.areas.data();
    cache->areaCount = project.areas.size();
    cache->accountsData = project.accounts.data();
    cache->accountCount = project.accounts.size();
    cache->centralLongitude = centralLongitude;

    Viewport projection;
    projection.setCentralLongitude(centralLongitude);

    // Which area lies on the other side of each boundary segment.
    std::unordered_map<SegmentKey, std::pair<std::int32_t, std::int32_t>, SegmentKeyHash> owners;
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        forEachRing(project.areas[a].shape, [&](const Ring& ring) {
            for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
                auto [it, inserted] = owners.try_emplace(
                    segmentKey(ring[i], ring[i + 1]),
                    std::pair<std::int32_t, std::int32_t>{static_cast<std::int32_t>(a), -1});
                if (!inserted && it->second.first != static_cast<std::int32_t>(a)) {
                    it->second.second = static_cast<std::int32_t>(a);
                }
            }
        });
    }

    cache->areas.resize(project.areas.size());
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        GeometryCache::ProjectedArea& projected = cache->areas[a];
        projected.path.setFillRule(Qt::OddEvenFill);
        forEachRing(project.areas[a].shape, [&](const Ring& ring) {
            QPolygonF polygon;
            polygon.reserve(static_cast<qsizetype>(ring.size()));
            for (std::size_t i = 0; i < ring.size(); ++i) {
                polygon.append(projection.lonLatToMercator(ring[i]));
                if (i + 1 < ring.size()) {
                    const auto& pair = owners.at(segmentKey(ring[i], ring[i + 1]));
                    const auto self = static_cast<std::int32_t>(a);
                    projected.segmentNeighbour.push_back(pair.first == self ? pair.second
                                                                            : pair.first);
                }
            }
            projected.path.addPolygon(polygon);
            projected.path.closeSubpath();
            projected.rings.push_back(std::move(polygon));
        });
        projected.bounds = projected.path.boundingRect();
        projected.label = projection.lonLatToMercator(project.areas[a].labelPoint);
        if (!projected.rings.empty()) {
            cache->areaExtent =
                cache->areaExtent ? cache->areaExtent->united(projected.bounds) : projected.bounds;
        }
    }
    cache->locator = std::make_unique<AreaLocator>(project.areas);

    cache->accountPoints.reserve(project.accounts.size());
    for (const Account& account : project.accounts) {
        if (account.locationSource == LocationSource::None) {
            cache->accountPoints.emplace_back(std::nan(""), std::nan(""));
            continue;
        }
        const QPointF point = projection.lonLatToMercator(account.location);
        cache->accountPoints.push_back(point);
        const QRectF dot(point, QSizeF(1.0, 1.0));
        cache->accountExtent = cache->accountExtent ? cache->accountExtent->united(dot) : dot;
    }
    geometry_ = std::move(cache);
    alignment_->valid = false;
}

void MapRenderer::ensureAlignment(const Project& project) {
    AlignmentCache& cache = *alignment_;
    std::vector<std::uint32_t> territoryColors;
    territoryColors.reserve(project.territories.size());
    for (const Territory& territory : project.territories) {
        territoryColors.push_back(territory.color);
    }
    if (cache.valid && cache.areaTerritory == project.alignment.areaTerritory &&
        cache.territoryColors == territoryColors &&
        cache.graphEdges == project.graph.edges().size()) {
        return;
    }
    cache.areaTerritory = project.alignment.areaTerritory;
    cache.territoryColors = std::move(territoryColors);
    cache.graphEdges = project.graph.edges().size();
    cache.displayColors = territoryDisplayColors(project);

    const std::size_t territoryCount = project.territories.size();
    const auto territoryOf = [&](std::int32_t area) -> TerritoryIndex {
        if (area < 0 || static_cast<std::size_t>(area) >= cache.areaTerritory.size()) {
            return kNoTerritory;
        }
        const TerritoryIndex t = cache.areaTerritory[static_cast<std::size_t>(area)];
        return t >= 0 && static_cast<std::size_t>(t) < territoryCount ? t : kNoTerritory;
    };
    cache.outlines.assign(geometry_ ? geometry_->areas.size() : 0, {});
    for (std::size_t a = 0; a < cache.outlines.size(); ++a) {
        const auto self = static_cast<std::int32_t>(a);
        const TerritoryIndex own = territoryOf(self);
        const GeometryCache::ProjectedArea& projected = geometry_->areas[a];
        std::size_t segment = 0;
        for (const QPolygonF& ring : projected.rings) {
            QPolygonF run;
            for (qsizetype i = 0; i + 1 < ring.size(); ++i, ++segment) {
                const std::int32_t neighbour = projected.segmentNeighbour[segment];
                const bool draws = neighbour < 0
                                       ? own != kNoTerritory
                                       : own != territoryOf(neighbour) && self < neighbour;
                if (draws) {
                    if (run.isEmpty()) {
                        run.append(ring[i]);
                    }
                    run.append(ring[i + 1]);
                } else if (!run.isEmpty()) {
                    cache.outlines[a].push_back(std::move(run));
                    run = QPolygonF();
                }
            }
            if (!run.isEmpty()) {
                cache.outlines[a].push_back(std::move(run));
            }
        }
    }
    // Label anchors: the middle of each territory's area label points, moved to the nearest
    // of them so that the name sits inside the territory.
    cache.labelAnchors.assign(territoryCount, QPointF());
    cache.extents.assign(territoryCount, QRectF());
    std::vector<QPointF> sums(territoryCount, QPointF());
    std::vector<std::size_t> counts(territoryCount, 0);
    for (std::size_t a = 0; a < cache.outlines.size(); ++a) {
        const TerritoryIndex t = territoryOf(static_cast<std::int32_t>(a));
        if (t == kNoTerritory) {
            continue;
        }
        const auto ti = static_cast<std::size_t>(t);
        sums[ti] += geometry_->areas[a].label;
        ++counts[ti];
        const QRectF& bounds = geometry_->areas[a].bounds;
        cache.extents[ti] = cache.extents[ti].isNull() ? bounds : cache.extents[ti].united(bounds);
    }
    std::vector<double> nearest(territoryCount, std::numeric_limits<double>::infinity());
    for (std::size_t a = 0; a < cache.outlines.size(); ++a) {
        const TerritoryIndex t = territoryOf(static_cast<std::int32_t>(a));
        if (t == kNoTerritory) {
            continue;
        }
        const auto ti = static_cast<std::size_t>(t);
        const QPointF middle = sums[ti] / static_cast<double>(counts[ti]);
        const QPointF offset = geometry_->areas[a].label - middle;
        const double distance = QPointF::dotProduct(offset, offset);
        if (distance < nearest[ti]) {
            nearest[ti] = distance;
            cache.labelAnchors[ti] = geometry_->areas[a].label;
        }
    }
    cache.valid = true;
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
    const double ratio = std::max(1.0, options.devicePixelRatio);
    QImage image(QSize(static_cast<int>(std::ceil(viewport.size().width() * ratio)),
                       static_cast<int>(std::ceil(viewport.size().height() * ratio))),
                 QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        return image;
    }
    image.setDevicePixelRatio(ratio);
    QPainter painter(&image);
    paint(painter, project, viewport, options);
    return image;
}

void MapRenderer::paint(QPainter& painter, const Project& project, const Viewport& viewport,
                        const RenderOptions& options) {
    QElapsedTimer timer;
    timer.start();
    stats_ = {};
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, options.antialiasing);
    painter.fillRect(QRectF(QPointF(0, 0), QSizeF(viewport.size())), options.background);
    if (!viewport.isValid()) {
        painter.restore();
        return;
    }
    ensureGeometry(project, viewport.centralLongitude());
    ensureAlignment(project);
    const GeometryCache& geometry = *geometry_;
    const AlignmentCache& alignment = *alignment_;

    // Visible areas: R-tree query on lon/lat boxes, then the projected bounds.
    const QRectF visible = viewport.visibleMercatorRect();
    std::vector<std::uint32_t> candidates;
    for (const Box& box : viewport.visibleLonLatBoxes()) {
        std::vector<std::uint32_t> hits = geometry.locator->areasInBox(box);
        candidates.insert(candidates.end(), hits.begin(), hits.end());
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    std::erase_if(candidates, [&](std::uint32_t a) {
        return !geometry.areas[a].bounds.intersects(visible) && !geometry.areas[a].bounds.isNull();
    });

    const QTransform toScreen = viewport.mercatorToScreenTransform();
    const auto fillOf = [&](std::uint32_t a) -> QColor {
        const TerritoryIndex t = a < project.alignment.areaTerritory.size()
                                     ? project.alignment.areaTerritory[a]
                                     : kNoTerritory;
        if (t < 0 || static_cast<std::size_t>(t) >= alignment.displayColors.size()) {
            return options.unassignedFill;
        }
        return rgb(alignment.displayColors[static_cast<std::size_t>(t)]);
    };

    // Boundaries fade out as the map zooms out, so a national map of counties is not all lines.
    QColor boundaryColor = options.areaBoundary;
    const double areasPerScreen = static_cast<double>(candidates.size());
    if (areasPerScreen > 400.0) {
        boundaryColor.setAlphaF(boundaryColor.alphaF() *
                                std::max(0.35, std::sqrt(400.0 / areasPerScreen)));
    }
    QPen boundaryPen(boundaryColor, 0.0);
    boundaryPen.setCosmetic(true);

    painter.setTransform(toScreen);
    for (const std::uint32_t a : candidates) {
        const GeometryCache::ProjectedArea& projected = geometry.areas[a];
        const QColor fill = fillOf(a);
        const QRectF onScreen = toScreen.mapRect(projected.bounds);
        if (onScreen.width() < kTinyAreaPixels && onScreen.height() < kTinyAreaPixels) {
            painter.resetTransform();
            painter.fillRect(onScreen.adjusted(-0.25, -0.25, 0.25, 0.25), fill);
            painter.setTransform(toScreen);
        } else {
            painter.setPen(options.areaBoundaries ? boundaryPen : QPen(Qt::NoPen));
            painter.setBrush(fill);
            painter.drawPath(projected.path);
        }
        ++stats_.areasDrawn;
    }

    if (options.territoryOutlines) {
        const double width =
            std::clamp(2.2 - std::log10(viewport.metresPerPixel()) * 0.3, 1.0, 2.2);
        QPen outlinePen(options.territoryOutline, width);
        outlinePen.setCosmetic(true);
        outlinePen.setJoinStyle(Qt::RoundJoin);
        outlinePen.setCapStyle(Qt::RoundCap);
        painter.setPen(outlinePen);
        painter.setBrush(Qt::NoBrush);
        for (const std::uint32_t a : candidates) {
            for (const QPolygonF& run : alignment.outlines[a]) {
                painter.drawPolyline(run);
            }
        }
    }

    if (!options.highlightedAreas.empty()) {
        QColor wash = options.changedHighlight;
        wash.setAlpha(90);
        QPen pen(options.changedHighlight, 2.0);
        pen.setCosmetic(true);
        painter.setPen(pen);
        painter.setBrush(QBrush(wash, Qt::SolidPattern));
        for (const AreaIndex a : options.highlightedAreas) {
            if (a < geometry.areas.size()) {
                painter.drawPath(geometry.areas[a].path);
            }
        }
    }
    if (options.highlightedArea >= 0 &&
        static_cast<std::size_t>(options.highlightedArea) < geometry.areas.size()) {
        const auto& projected = geometry.areas[static_cast<std::size_t>(options.highlightedArea)];
        QColor wash = options.highlight;
        wash.setAlpha(60);
        QPen highlightPen(options.highlight, 2.5);
        highlightPen.setCosmetic(true);
        painter.setPen(highlightPen);
        painter.setBrush(wash);
        painter.drawPath(projected.path);
    }
    painter.resetTransform();

    if (options.accounts && !geometry.accountPoints.empty()) {
        std::vector<QPointF> points;
        points.reserve(geometry.accountPoints.size());
        for (const QPointF& point : geometry.accountPoints) {
            if (visible.contains(point)) {
                points.push_back(toScreen.map(point));
            }
        }
        // Dots grow a little as the map zooms in, and get lighter where there are many, so a
        // national map is not buried under them.
        const double size = std::clamp(5.5 - std::log10(viewport.metresPerPixel()), 1.8, 4.5);
        QColor dotColor = options.accountColor;
        if (points.size() > 1500) {
            dotColor.setAlphaF(
                dotColor.alphaF() *
                std::max(0.4, std::sqrt(1500.0 / static_cast<double>(points.size()))));
        }
        QPen dotPen(dotColor, size);
        dotPen.setCapStyle(Qt::RoundCap);
        painter.setPen(dotPen);
        painter.drawPoints(points.data(), static_cast<int>(points.size()));
        stats_.accountsDrawn = points.size();
    }

    if (options.territoryLabels && qobject_cast<QGuiApplication*>(QCoreApplication::instance())) {
        paintTerritoryLabels(painter, project, viewport);
    }
    painter.restore();
    stats_.milliseconds = static_cast<double>(timer.nsecsElapsed()) / 1.0e6;
}

void MapRenderer::paintTerritoryLabels(QPainter& painter, const Project& project,
                                       const Viewport& viewport) {
    const AlignmentCache& alignment = *alignment_;
    QFont font = painter.font();
    font.setPointSizeF(8.5);
    font.setBold(true);
    const QFontMetricsF metrics(font);
    const QRectF screen(QPointF(0, 0), QSizeF(viewport.size()));
    const QTransform toScreen = viewport.mercatorToScreenTransform();
    std::vector<QRectF> placed;
    QPen halo(QColor(255, 255, 255, 220), 3.0);
    halo.setJoinStyle(Qt::RoundJoin);
    // Larger territories first: they keep their label when names would overlap.
    std::vector<std::size_t> order;
    for (std::size_t t = 0; t < alignment.labelAnchors.size() && t < project.territories.size();
         ++t) {
        if (!alignment.extents[t].isNull()) {
            order.push_back(t);
        }
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const QRectF& ea = alignment.extents[a];
        const QRectF& eb = alignment.extents[b];
        return ea.width() * ea.height() > eb.width() * eb.height();
    });
    for (const std::size_t t : order) {
        const QString name = QString::fromStdString(project.territories[t].name);
        const QRectF extent = toScreen.mapRect(alignment.extents[t]);
        const QPointF anchor = toScreen.map(alignment.labelAnchors[t]);
        QRectF box = metrics.boundingRect(name);
        if (name.isEmpty() || extent.width() < box.width() * 0.9 || !screen.contains(anchor)) {
            continue;
        }
        box.moveCenter(anchor);
        const QRectF padded = box.adjusted(-3, -2, 3, 2);
        if (std::any_of(placed.begin(), placed.end(),
                        [&](const QRectF& other) { return other.intersects(padded); })) {
            continue;
        }
        placed.push_back(padded);
        QPainterPath text;
        text.addText(box.left(), box.top() + metrics.ascent(), font, name);
        painter.strokePath(text, halo);
        painter.fillPath(text, QColor(0x1A, 0x1A, 0x1A));
    }
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
