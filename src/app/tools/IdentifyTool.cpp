// SPDX-License-Identifier: Apache-2.0
#include "IdentifyTool.h"

#include <QAction>

#include "app/Document.h"

namespace tessera::app {

IdentifyTool::IdentifyTool(Document* document, QObject* parent)
    : AreaClickTool(tr("Identify"), QIcon(QStringLiteral(":/icons/identify.svg")),
                    QKeySequence(Qt::Key_I), parent),
      document_(document) {
    action()->setObjectName(QStringLiteral("actionIdentifyTool"));
    action()->setStatusTip(tr("Click an area to see its details; drag to move the map"));
}

void IdentifyTool::areaClicked(std::int32_t area, QMouseEvent* /*event*/) {
    document_->setSelectedArea(area);
    if (area < 0) {
        emit statusMessage(tr("No area here"));
    }
}

}  // namespace tessera::app
