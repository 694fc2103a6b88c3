// SPDX-License-Identifier: Apache-2.0
#include "AreaDetailsDock.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <cmath>

#include "app/Document.h"
#include "core/Geometry.h"

namespace tessera::app {

AreaDetailsDock::AreaDetailsDock(Document* document, QWidget* parent)
    : QDockWidget(tr("Area"), parent),
      document_(document),
      hint_(new QLabel(tr("Click an area on the map to see its details."))),
      view_(new QTreeWidget) {
    setObjectName(QStringLiteral("areaDetailsDock"));
    hint_->setWordWrap(true);
    hint_->setContentsMargins(4, 4, 4, 4);
    view_->setObjectName(QStringLiteral("areaDetails"));
    view_->setColumnCount(2);
    view_->setHeaderLabels({tr("Property"), tr("Value")});
    view_->setRootIsDecorated(false);
    view_->setAlternatingRowColors(true);
    view_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(hint_);
    layout->addWidget(view_);
    setWidget(content);

    connect(document_, &Document::selectedAreaChanged, this, &AreaDetailsDock::refresh);
    connect(document_, &Document::changed, this, &AreaDetailsDock::refresh);
    refresh();
}

void AreaDetailsDock::refresh() {
    view_->clear();
    const std::int32_t selected = document_->selectedArea();
    const Project& project = document_->project();
    const bool hasArea = selected >= 0 && static_cast<std::size_t>(selected) < project.areas.size();
    hint_->setVisible(!hasArea);
    view_->setVisible(hasArea);
    if (!hasArea) {
        return;
    }
    const auto index = static_cast<std::size_t>(selected);
    const Area& area = project.areas[index];
    const QLocale locale;
    const auto add = [this](const QString& property, const QString& value) {
        auto* item = new QTreeWidgetItem(view_, {property, value});
        item->setToolTip(1, value);
    };
    add(tr("Code"), QString::fromStdString(area.code));
    add(tr("Name"), QString::fromStdString(area.name));
    add(tr("Territory"), document_->territoryName(document_->territoryOfArea(selected)));
    if (index < document_->areaLoads().size()) {
        const AreaLoad& load = document_->areaLoads()[index];
        add(tr("Accounts"), locale.toString(static_cast<qulonglong>(load.accounts)));
        add(tr("Workload"), locale.toString(load.workload, 'f', 1));
        add(tr("Potential"), locale.toString(load.potential, 'f', 0));
        if (load.sales > 0.0) {
            add(tr("Sales"), locale.toString(load.sales, 'f', 0));
        }
    }
    add(tr("Size"), tr("%1 km²").arg(locale.toString(areaKm2(area.shape), 'f', 0)));
    add(tr("Neighbours"), locale.toString(static_cast<qulonglong>(
                              index < project.graph.nodeCount()
                                  ? project.graph.degree(static_cast<std::uint32_t>(index))
                                  : 0)));
    add(tr("Location"), tr("%1, %2 (lon, lat)")
                            .arg(locale.toString(area.labelPoint.x(), 'f', 4),
                                 locale.toString(area.labelPoint.y(), 'f', 4)));
    if (area.locked) {
        add(tr("Locked"), tr("yes"));
    }
    for (std::size_t i = 0; i < area.attributes.size() && i < project.areaAttributeNames.size();
         ++i) {
        const double value = area.attributes[i];
        add(QString::fromStdString(project.areaAttributeNames[i]),
            std::isnan(value) ? tr("(missing)") : locale.toString(value, 'g', 10));
    }
}

}  // namespace tessera::app
