// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPolygonF>

#include "app/tools/AbstractTool.h"
#include "core/Project.h"

namespace tessera::app {

class Document;

/// Selects areas. Click: the area under the cursor becomes the selection (outside all areas:
/// clears it). Shift adds, Ctrl removes (Ctrl toggles on a click). Drag: a box; Alt+drag: a
/// lasso; an area is inside when its label point is. Selecting is
/// view state, not an edit: it is not on the undo stack.
class SelectTool : public AbstractTool {
    Q_OBJECT

public:
    explicit SelectTool(Document* document, QObject* parent = nullptr);
    [[nodiscard]] QCursor cursor() const override { return Qt::ArrowCursor; }

    void mousePressed(QMouseEvent* event) override;
    void mouseMoved(QMouseEvent* event) override;
    void mouseReleased(QMouseEvent* event) override;
    void paintOverlay(QPainter& painter) override;
    void deactivate() override;

private:
    enum class Mode { Replace, Add, Remove, Toggle };
    void apply(const std::vector<AreaIndex>& areas, Mode mode);

    Document* document_;
    bool pressed_ = false;
    bool dragging_ = false;
    bool lasso_ = false;
    Qt::KeyboardModifiers modifiers_;
    QPointF pressPos_;
    QPolygonF path_;  ///< widget pixels: box corners or lasso points
};

}  // namespace tessera::app
