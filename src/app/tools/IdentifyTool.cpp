// SPDX-License-Identifier: Apache-2.0
#include "IdentifyTool.h"

#include <QAction>
#include <QMouseEvent>

#include "app/Document.h"
#include "app/canvas/MapCanvas.h"

namespace tessera::app {

IdentifyTool::IdentifyTool(Document* document, QObject* parent)
    : AreaClickTool(tr("Identify"), QIcon(QStringLiteral(":/icons/identify.svg")),
                    QKeySequence(Qt::Key_I), parent),
      document_(document) {
    action()->setObjectName(QStringLiteral("actionIdentifyTool"));
    action()->setStatusTip(
        tr("Click an area or an account to see its details; drag to move the map"));
}

void IdentifyTool::areaClicked(std::int32_t area, QMouseEvent* event) {
    // An account dot under the cursor wins over the area around it (when the dots are shown
    // one by one, not as clusters).
    const std::int32_t account = canvas() != nullptr && canvas()->showsAccountDots()
                                     ? canvas()->accountAt(event->position())
                                     : -1;
    if (account >= 0) {
        document_->setSelectedAccount(account);
        const Account& picked = document_->project().accounts[static_cast<std::size_t>(account)];
        emit statusMessage(
            tr("Account %1 — %2")
                .arg(QString::fromStdString(picked.id), QString::fromStdString(picked.name)));
        return;
    }
    document_->setSelectedAccount(-1);
    document_->setSelectedArea(area);
    if (area < 0) {
        emit statusMessage(tr("No area here"));
    }
}

}  // namespace tessera::app
