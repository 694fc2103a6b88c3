// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

#include "app/canvas/MapRenderer.h"
#include "app/canvas/TileLayer.h"
#include "app/canvas/Viewport.h"
#include "app/tools/AbstractTool.h"
#include "core/Project.h"

namespace tessera::app {

class Document;
struct ChangeEvent;

/// The map view. The map is rendered off the GUI thread (a render job paints an immutable
/// MapScene into an image on a thread pool); the canvas composites the last finished image
/// with light overlays drawn on top each frame (selection, highlights, hover, the active tool's
/// rubber band or brush, scale bar, legend, overview). While the user pans or zooms, the
/// cached image is moved and scaled at once and a new one is rendered behind it; a job whose
/// view is out of date is canceled. Wheel zooms about the cursor, the middle button (or a drag
/// with a click tool) pans, + − and the arrow keys work too. Mouse input goes to the active tool.
class MapCanvas : public QWidget {
    Q_OBJECT

public:
    explicit MapCanvas(Document* document, QWidget* parent = nullptr);
    ~MapCanvas() override;

    [[nodiscard]] Document* document() const { return document_; }
    [[nodiscard]] const render::Viewport& viewport() const { return viewport_; }
    void setViewport(const render::Viewport& viewport);
    [[nodiscard]] render::MapRenderer& renderer() { return renderer_; }
    /// True once an image of the current document has been rendered.
    [[nodiscard]] bool hasRendered() const { return hasRendered_; }
    /// True while a render job runs or waits to start.
    [[nodiscard]] bool isRenderPending() const;
    /// The image on screen (without overlays) and the view it was rendered for.
    [[nodiscard]] const QImage& renderedImage() const { return image_; }

    /// What the map shows (fill by territory or metric, accounts, labels, …).
    [[nodiscard]] const render::RenderOptions& renderOptions() const { return options_; }
    void setRenderOptions(const render::RenderOptions& options);
    /// The scene of the last render (null before the first).
    [[nodiscard]] std::shared_ptr<const render::MapScene> scene() const { return scene_; }

    /// The optional online raster basemap (off until enabled). When on, it is drawn beneath
    /// the areas, which are then partly transparent, with its attribution in the corner.
    [[nodiscard]] TileLayer* tileLayer() const { return tileLayer_; }
    /// The offline raster basemap (an MBTiles file) drawn under the areas; null for none.
    [[nodiscard]] const std::shared_ptr<const render::RasterBasemap>& rasterBasemap() const {
        return rasterBasemap_;
    }
    void setRasterBasemap(std::shared_ptr<const render::RasterBasemap> basemap);

    /// Areas drawn with a highlight overlay (orange), e.g. the areas a balance proposal moves.
    /// Empty to clear. Does not re-render the map.
    void setHighlightedAreas(std::vector<tessera::AreaIndex> areas);
    [[nodiscard]] const std::vector<AreaIndex>& highlightedAreas() const { return highlighted_; }
    /// The area under the mouse (drawn with a light outline); -1 for none.
    [[nodiscard]] std::int32_t hoverArea() const { return hoverArea_; }

    /// The tool that receives mouse input (not owned); null for none.
    void setTool(AbstractTool* tool);
    [[nodiscard]] AbstractTool* tool() const { return tool_; }

    /// The area under a widget position, or -1.
    [[nodiscard]] std::int32_t areaAt(const QPointF& widgetPos) const;
    /// Areas whose label point lies inside a widget-coordinate polygon (box or lasso).
    [[nodiscard]] std::vector<AreaIndex> areasInPolygon(const QPolygonF& widgetPolygon) const;
    /// The account nearest to a widget position within `radius` pixels, or -1.
    [[nodiscard]] std::int32_t accountAt(const QPointF& widgetPos, double radius = 6.0) const;
    /// True when the accounts in view are drawn as single dots (shown, and not clustered).
    [[nodiscard]] bool showsAccountDots() const;

    /// Moves the map by a screen delta; renders anew once the movement pauses.
    void panByPixels(const QPointF& delta);
    void zoomAbout(const QPointF& widgetPos, double factor);
    /// Zooms so that the Mercator rectangle fills the view (with a margin).
    void zoomToMercatorRect(const QRectF& rect);

public slots:
    void zoomToAll();
    void zoomIn();
    void zoomOut();
    /// Zooms to the areas of a territory; false when it has none.
    bool zoomToTerritory(int territory);
    /// Zooms to the selected areas; false when nothing is selected.
    bool zoomToSelection();
    /// Centres on an account (zooming in to street level if needed); false when not located.
    bool zoomToAccount(int account);
    /// Starts a render job now, not when idle.
    void renderNow();

signals:
    /// The cursor moved over the map: its position in lon/lat.
    void cursorMoved(double lon, double lat);
    void cursorLeft();
    /// A new image is on screen.
    void renderFinished(const tessera::render::RenderStats& stats);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    bool event(QEvent* event) override;

private:
    struct RenderJob {
        std::atomic<bool> cancel{false};
        render::Viewport viewport;
        quint64 generation = 0;
        bool transparent = false;  ///< rendered over the tile basemap (see-through)
    };
    struct RenderResult {
        QImage image;
        QImage overview;
        render::RenderStats stats;
        std::shared_ptr<RenderJob> job;
    };

    void onDocumentChanged(const ChangeEvent& event);
    void onRenderFinished();
    void scheduleRender(int delayMs);
    void paintScaleBar(QPainter& painter) const;
    void paintOverview(QPainter& painter);
    void paintTiles(QPainter& painter);
    void paintAttribution(QPainter& painter) const;

    Document* document_;
    render::MapRenderer renderer_;
    render::RenderOptions options_;
    render::Viewport viewport_;
    QImage image_;
    render::Viewport imageViewport_;
    std::shared_ptr<const render::MapScene> scene_;
    QTimer renderTimer_;
    QThreadPool pool_;
    QFutureWatcher<RenderResult> watcher_;
    std::shared_ptr<RenderJob> currentJob_;
    quint64 generation_ = 0;
    QPointer<AbstractTool> tool_;
    std::vector<AreaIndex> highlighted_;
    std::int32_t hoverArea_ = -1;
    QImage overview_;  ///< the whole extent, small; rebuilt with each full render
    render::Viewport overviewViewport_;
    bool needsZoomToAll_ = true;
    bool hasRendered_ = false;
    bool middlePanning_ = false;
    QPointF lastPanPos_;
    TileLayer* tileLayer_;
    std::shared_ptr<const render::RasterBasemap> rasterBasemap_;
    bool imageTransparent_ = false;  ///< image_ has a transparent background
};

}  // namespace tessera::app
