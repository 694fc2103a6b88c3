// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>
#include <QImage>
#include <QRectF>
#include <QSize>
#include <QString>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "app/canvas/RasterBasemap.h"
#include "app/canvas/Viewport.h"
#include "core/Project.h"

class QPainter;

namespace tessera::render {

/// What the areas are filled by.
enum class AreaFill : std::uint8_t {
    Territory,  ///< the territory's display colour (neighbouring territories differ)
    Metric,     ///< a choropleth of a per-area metric, in classes
};

/// A per-area quantity a choropleth shows.
enum class AreaMetric : std::uint8_t {
    Accounts,   ///< located accounts inside the area
    Potential,  ///< sum of their potential
    Workload,   ///< sum of their workload
    Sales,      ///< sum of their actual sales
    Attribute,  ///< one of the layer's numeric attributes (RenderOptions::attribute)
};

/// What to draw and how. The defaults are the territory map of the main window.
struct RenderOptions {
    bool areaBoundaries = true;
    bool territoryOutlines = true;
    bool accounts = true;
    /// Territory names at the middle of each territory large enough to hold them, area codes
    /// when zoomed in close; never overlapping. Needs a QGuiApplication (fonts); skipped without.
    bool territoryLabels = true;
    /// Drawn with a selection outline on top; -1 for none.
    std::int32_t highlightedArea = -1;
    QColor background{0xEC, 0xF0, 0xF3};
    QColor unassignedFill{0xDA, 0xDA, 0xDA};
    QColor areaBoundary{0x50, 0x50, 0x50, 0x70};
    QColor territoryOutline{0x26, 0x26, 0x26};
    QColor accountColor{0x20, 0x2A, 0x44, 0xB0};
    QColor highlight{0x00, 0x5F, 0xD4};
    bool antialiasing = true;
    /// Device pixels per viewport pixel of the returned image (HiDPI screens).
    double devicePixelRatio = 1.0;

    // Added with the layered canvas (issue 5).
    AreaFill fill = AreaFill::Territory;
    AreaMetric metric = AreaMetric::Potential;
    /// Index into Project::areaAttributeNames for AreaMetric::Attribute.
    int attribute = -1;
    /// Number of choropleth classes (quantiles), 2–9.
    int classes = 5;
    /// Offline state outlines under the areas (when a basemap was given to the renderer).
    bool basemap = true;
    /// Accounts are drawn as counted clusters when more than this many are in view; 0 = never.
    std::size_t clusterAbove = 2500;
    /// Account dots grow with their potential.
    bool sizeAccountsByPotential = true;
    /// Reps' home bases as markers.
    bool repHomes = true;
    /// Area codes as labels when zoomed in close.
    bool areaLabels = true;
    /// The choropleth legend in the bottom-left corner (tessera-cli; the canvas draws its own).
    bool legend = false;
    /// Simplified geometry for the zoom level (topology-preserving); false draws every vertex.
    bool levelOfDetail = true;
    /// Opacity of the area fills (0–255): below 255 over an online tile basemap. A background
    /// with alpha below 255 leaves the image that transparent (e.g. Qt::transparent).
    int areaFillAlpha = 255;
    /// A raster basemap (offline MBTiles) drawn first, under everything; null for none.
    std::shared_ptr<const RasterBasemap> rasterBasemap;
};

/// What the last paint did, for benchmarks and the status bar.
struct RenderStats {
    std::size_t areasDrawn = 0;
    std::size_t accountsDrawn = 0;  ///< accounts in view (clustered or not)
    std::size_t clustersDrawn = 0;  ///< 0 when the accounts were drawn one by one
    std::size_t verticesDrawn = 0;  ///< area vertices at the level of detail used
    int levelOfDetail = -1;         ///< band index; -1 = full detail
    double milliseconds = 0.0;
    bool canceled = false;
    /// Thread CPU time of each layer (names in layerNames()), bottom to top, and of compositing
    /// the layer images (renderScene paints the layers in parallel and composites them).
    std::array<double, 4> layerCpuMilliseconds{};
    double compositeCpuMilliseconds = 0.0;
    /// renderScene shares a frame between the calling thread and a helper: the CPU time of the
    /// lower part (background, land, first areas, then the compositing; always the calling
    /// thread) and of the upper part (the rest; the helper, or the caller when the helper had
    /// not started by the time the caller was done with its part).
    std::array<double, 2> threadCpuMilliseconds{};
    [[nodiscard]] static const std::array<const char*, 4>& layerNames();
};

/// A legend: a title and one swatch per class.
struct Legend {
    QString title;
    std::vector<std::pair<QColor, QString>> entries;
};

/// Everything a frame needs, frozen: projected and simplified geometry, the alignment's
/// colours and outlines, the choropleth classes, the basemap. Immutable once built, so any
/// number of threads may paint it at once while the GUI builds the next one.
class MapScene;

namespace detail {
struct GeometryCache;
struct AlignmentCache;
struct ChoroplethCache;
struct BasemapCache;
}  // namespace detail

/// Paints a project's territory map (basemap, areas filled by territory or by a metric, area
/// boundaries, territory outlines, accounts as points or clusters, rep home bases, labels)
/// for a viewport onto any QPainter or into a QImage. Needs QtGui only, so tessera-cli's
/// `render` command and the canvas share it.
///
/// scene() builds (or reuses) an immutable MapScene on the calling thread: the areas projected
/// to Web Mercator with a simplified copy per zoom band, an R-tree for culling, and the
/// territory outlines and colours of the project's current alignment. Geometry is rebuilt when
/// the project's areas, accounts or the central longitude change; call invalidateGeometry()
/// after changing them in place. paintScene() and renderScene() are thread safe.
class MapRenderer {
public:
    MapRenderer();
    ~MapRenderer();
    MapRenderer(const MapRenderer&) = delete;
    MapRenderer& operator=(const MapRenderer&) = delete;

    /// An image of viewport.size() (times the device pixel ratio) with the map on it.
    [[nodiscard]] QImage render(const Project& project, const Viewport& viewport,
                                const RenderOptions& options = {});
    /// Paints the map onto `painter`, whose device is viewport.size() logical pixels.
    void paint(QPainter& painter, const Project& project, const Viewport& viewport,
               const RenderOptions& options = {});

    /// The frozen scene of the project as it is now (cached parts reused).
    [[nodiscard]] std::shared_ptr<const MapScene> scene(const Project& project,
                                                        double centralLongitude,
                                                        const RenderOptions& options);

    /// Thread safe. Stops early (stats.canceled) when `cancel` becomes true.
    static RenderStats paintScene(QPainter& painter, const MapScene& scene,
                                  const Viewport& viewport, const RenderOptions& options,
                                  const std::atomic<bool>* cancel = nullptr);
    /// Thread safe. A null image when canceled.
    static QImage renderScene(const MapScene& scene, const Viewport& viewport,
                              const RenderOptions& options,
                              const std::atomic<bool>* cancel = nullptr,
                              RenderStats* stats = nullptr);
    /// Outlines (and washes, when fillAlpha > 0) the given areas: selection and highlights.
    static void paintAreaHighlight(QPainter& painter, const MapScene& scene,
                                   const Viewport& viewport, const std::vector<AreaIndex>& areas,
                                   const QColor& color, int fillAlpha, double penWidth);
    /// The choropleth legend of the scene (empty when it is filled by territory).
    [[nodiscard]] static Legend legendOf(const MapScene& scene);
    /// Draws a legend in a box whose bottom-left corner is `bottomLeft`; returns the box.
    static QRectF paintLegend(QPainter& painter, const Legend& legend, QPointF bottomLeft);

    /// Offline basemap: polygons in lon/lat (e.g. the US states), drawn under the areas.
    void setBasemap(std::vector<MultiPolygon> shapes);

    /// A viewport of `size` that shows all areas (or all located accounts when there are no
    /// areas), with the central longitude that keeps the data in one piece.
    [[nodiscard]] Viewport fittingViewport(const Project& project, QSize size);

    /// The colour each territory is painted with (neighbours differ).
    [[nodiscard]] const std::vector<std::uint32_t>& displayColors(const Project& project);

    void invalidateGeometry();
    [[nodiscard]] const RenderStats& lastStats() const { return stats_; }

private:
    void ensureGeometry(const Project& project, double centralLongitude);
    void ensureAlignment(const Project& project);
    void ensureChoropleth(const Project& project, const RenderOptions& options);

    std::shared_ptr<const detail::GeometryCache> geometry_;
    std::shared_ptr<const detail::AlignmentCache> alignment_;
    std::shared_ptr<const detail::ChoroplethCache> choropleth_;
    std::vector<MultiPolygon> basemapShapes_;
    std::shared_ptr<const detail::BasemapCache> basemap_;
    RenderStats stats_;
};

/// The central longitude that shows the project's areas (else accounts) in one piece.
[[nodiscard]] double centralLongitudeOf(const Project& project);

/// Mercator extent of the given areas in a scene; null when none.
[[nodiscard]] QRectF areasExtent(const MapScene& scene, const std::vector<AreaIndex>& areas);

/// Tolerances (metres) of the simplified geometry bands, finest first.
[[nodiscard]] const std::vector<double>& levelOfDetailTolerances();

}  // namespace tessera::render
