// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QImage>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include "app/canvas/MapRenderer.h"
#include "app/canvas/Viewport.h"
#include "app/tools/AbstractTool.h"

namespace tessera::app {

class Document;
struct ChangeEvent;

/// The map view: shows the document's territory map, rendered by a MapRenderer into a cached
/// image. While the user pans or zooms, the cached image is moved and scaled at once and a new
/// one is rendered when the interaction pauses. Wheel zooms about the cursor, the middle button
/// (or a drag with a click tool) pans, + − and the arrow keys work too. Mouse input goes to the
/// active tool.
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

    /// The tool that receives mouse input (not owned); null for none.
    void setTool(AbstractTool* tool);
    [[nodiscard]] AbstractTool* tool() const { return tool_; }
    /// Marks areas on the map (e.g. those a balancing proposal changes); empty clears.
    void setHighlightedAreas(std::vector<tessera::AreaIndex> areas);
    [[nodiscard]] const std::vector<tessera::AreaIndex>& highlightedAreas() const {
        return highlightedAreas_;
    }

    /// The area under a widget position, or -1.
    [[nodiscard]] std::int32_t areaAt(const QPointF& widgetPos) const;

    /// Moves the map by a screen delta; renders anew once the movement pauses.
    void panByPixels(const QPointF& delta);
    void zoomAbout(const QPointF& widgetPos, double factor);

public slots:
    void zoomToAll();
    void zoomIn();
    void zoomOut();
    /// Renders now, not when idle.
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
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    std::vector<tessera::AreaIndex> highlightedAreas_;
    void onDocumentChanged(const ChangeEvent& event);
    void scheduleRender(int delayMs);
    render::RenderOptions currentOptions() const;

    Document* document_;
    render::MapRenderer renderer_;
    render::Viewport viewport_;
    QImage image_;
    render::Viewport imageViewport_;
    QTimer renderTimer_;
    QPointer<AbstractTool> tool_;
    bool needsZoomToAll_ = true;
    bool hasRendered_ = false;
    bool middlePanning_ = false;
    QPointF lastPanPos_;
};

}  // namespace tessera::app
