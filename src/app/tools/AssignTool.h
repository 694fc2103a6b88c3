// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "app/tools/AbstractTool.h"

namespace tessera::app {

class Document;

/// Click an area to move it to the active territory (one undo step per click); drag to pan.
class AssignTool : public AreaClickTool {
    Q_OBJECT

public:
    explicit AssignTool(Document* document, QObject* parent = nullptr);
    [[nodiscard]] QCursor cursor() const override { return Qt::PointingHandCursor; }

protected:
    void areaClicked(std::int32_t area, QMouseEvent* event) override;

private:
    Document* document_;
};

}  // namespace tessera::app
