// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QColor>
#include <QImage>
#include <QSize>

#include <cstdint>
#include <memory>
#include <vector>

#include "app/canvas/Viewport.h"
#include "core/Project.h"

class QPainter;

namespace tessera::render {

/// What to draw and how. The defaults are the territory map of the main window.
struct RenderOptions {
    bool areaBoundaries = true;
    bool territoryOutlines = true;
    bool accounts = true;
    /// Territory names at the middle of each territory large enough to hold them, without
    /// overlaps. Needs a QGuiApplication (fonts); skipped without one.
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
    /// Areas marked on top (e.g. those a balancing proposal moves), hatched and outlined.
    std::vector<AreaIndex> highlightedAreas;
    QColor changedHighlight{0xE6, 0x55, 0x0A};
};

/// What the last paint did, for benchmarks and the status bar.
struct RenderStats {
    std::size_t areasDrawn = 0;
    std::size_t accountsDrawn = 0;
    double milliseconds = 0.0;
};

/// Paints a project's territory map (areas filled by territory, neighbouring territories in
/// different colours, area boundaries, territory outlines, accounts as points) for a viewport
/// onto any QPainter or into a QImage. Needs QtGui only, so tessera-cli's `render` command and
/// the canvas share it.
///
/// Keeps the areas projected to Web Mercator as painter paths, an R-tree for culling, and the
/// territory outlines and colours of the last alignment it saw; these are rebuilt on their own
/// when the project's areas, accounts, alignment or the viewport's central longitude change.
/// Call invalidateGeometry() after changing area or account geometry in place. Not thread safe:
/// use one renderer per thread.
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

    /// A viewport of `size` that shows all areas (or all located accounts when there are no
    /// areas), with the central longitude that keeps the data in one piece.
    [[nodiscard]] Viewport fittingViewport(const Project& project, QSize size);

    /// The colour each territory is painted with (neighbours differ).
    [[nodiscard]] const std::vector<std::uint32_t>& displayColors(const Project& project);

    void invalidateGeometry();
    [[nodiscard]] const RenderStats& lastStats() const { return stats_; }

private:
    struct GeometryCache;
    struct AlignmentCache;

    void ensureGeometry(const Project& project, double centralLongitude);
    void ensureAlignment(const Project& project);
    void paintTerritoryLabels(QPainter& painter, const Project& project, const Viewport& viewport);

    std::unique_ptr<GeometryCache> geometry_;
    std::unique_ptr<AlignmentCache> alignment_;
    RenderStats stats_;
};

/// The central longitude that shows the project's areas (else accounts) in one piece.
[[nodiscard]] double centralLongitudeOf(const Project& project);

}  // namespace tessera::render
