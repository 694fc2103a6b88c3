// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "app/tools/AbstractTool.h"

namespace tessera::app {

class Document;

/// Click an area or an account dot to select it and see its details; drag to pan.
class IdentifyTool : public AreaClickTool {
    Q_OBJECT

public:
    explicit IdentifyTool(Document* document, QObject* parent = nullptr);

protected:
    void areaClicked(std::int32_t area, QMouseEvent* event) override;

private:
    Document* document_;
};

}  // namespace tessera::app
