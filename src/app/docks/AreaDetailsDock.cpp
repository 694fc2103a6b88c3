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
      hint_(new QLabel(tr("Click an area or an account on the map to see its details."))),
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
    connect(document_, &Document::selectedAccountChanged, this, &AreaDetailsDock::refresh);
    connect(document_, &Document::changed, this, &AreaDetailsDock::refresh);
    refresh();
}

void AreaDetailsDock::refresh() {
    view_->clear();
    const std::int32_t selected = document_->selectedArea();
    const Project& project = document_->project();
    const std::int32_t account = document_->selectedAccount();
    if (account >= 0 && static_cast<std::size_t>(account) < project.accounts.size()) {
        setWindowTitle(tr("Account"));
        hint_->setVisible(false);
        view_->setVisible(true);
        showAccount(static_cast<std::size_t>(account));
        return;
    }
    setWindowTitle(tr("Area"));
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

void AreaDetailsDock::showAccount(std::size_t index) {
    const Project& project = document_->project();
    const Account& account = project.accounts[index];
    const QLocale locale;
    const auto add = [this](const QString& property, const QString& value) {
        auto* item = new QTreeWidgetItem(view_, {property, value});
        item->setToolTip(1, value);
    };
    const auto text = [](std::string_view value) {
        return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
    };
    add(tr("ID"), text(account.id));
    add(tr("Name"), text(account.name));
    switch (account.locationSource) {
        case LocationSource::Coordinates:
            add(tr("Located by"), tr("coordinates in the import"));
            break;
        case LocationSource::PostalCode:
            add(tr("Located by"), tr("postal code centroid"));
            break;
        case LocationSource::None:
            add(tr("Located by"), tr("not located (counts in no territory)"));
            break;
    }
    if (account.locationSource != LocationSource::None) {
        add(tr("Location"), tr("%1, %2 (lon, lat)")
                                .arg(locale.toString(account.location.x(), 'f', 5),
                                     locale.toString(account.location.y(), 'f', 5)));
    }
    if (!account.postalCode.empty()) {
        add(tr("Postal code"), text(account.postalCode));
    }
    const std::int32_t area =
        index < project.accountArea.size() ? project.accountArea[index] : std::int32_t{-1};
    if (area >= 0 && static_cast<std::size_t>(area) < project.areas.size()) {
        const Area& a = project.areas[static_cast<std::size_t>(area)];
        add(tr("Area"), a.name.empty() || a.name == a.code
                            ? text(a.code)
                            : QStringLiteral("%1 — %2").arg(text(a.code), text(a.name)));
    } else {
        add(tr("Area"), tr("(none: outside every area)"));
    }
    const TerritoryIndex territory = project.territoryOfAccount(static_cast<AccountIndex>(index));
    const bool overridden =
        project.alignment.accountOverrides.count(static_cast<AccountIndex>(index)) > 0;
    add(tr("Territory"), overridden ? tr("%1 (assigned to the account, not by its area)")
                                          .arg(document_->territoryName(territory))
                                    : document_->territoryName(territory));
    add(tr("Potential"), locale.toString(account.potential, 'f', 0));
    add(tr("Workload"), tr("%1 h/year").arg(locale.toString(account.workload, 'f', 1)));
    if (account.sales > 0.0) {
        add(tr("Sales"), locale.toString(account.sales, 'f', 0));
    }
    if (!account.segment.empty()) {
        add(tr("Segment"), text(account.segment));
    }
    if (!account.requiredSkill.empty()) {
        add(tr("Required skill"), text(account.requiredSkill));
    }
    if (!account.owner.empty()) {
        add(tr("Owner (CRM)"), text(account.owner));
    }
    if (account.locked) {
        add(tr("Locked"), tr("yes"));
    }
    if (account.removed) {
        add(tr("Removed"), tr("no longer in the CRM list"));
    }
    // Columns that map to no field (addresses, phone numbers, …), as imported.
    for (const auto& [name, value] : account.custom) {
        add(text(name), text(value));
    }
}

}  // namespace tessera::app
