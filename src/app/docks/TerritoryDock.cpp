// SPDX-License-Identifier: Apache-2.0
#include "TerritoryDock.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QMouseEvent>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

#include "app/Document.h"
#include "app/models/TerritoryTableModel.h"

namespace tessera::app {

namespace {
/// Compares text the way people count: digit runs by their value ("Territory 2" before
/// "Territory 10"), everything else case-insensitively. (QCollator's numeric mode needs ICU,
/// which not every Qt build has.)
int naturalCompare(const QString& a, const QString& b) {
    qsizetype i = 0;
    qsizetype j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype iEnd = i;
            qsizetype jEnd = j;
            while (iEnd < a.size() && a[iEnd].isDigit()) {
                ++iEnd;
            }
            while (jEnd < b.size() && b[jEnd].isDigit()) {
                ++jEnd;
            }
            // Without leading zeros, a longer run is a larger number.
            QStringView x = QStringView(a).mid(i, iEnd - i);
            QStringView y = QStringView(b).mid(j, jEnd - j);
            while (x.size() > 1 && x.front() == QLatin1Char('0')) {
                x = x.mid(1);
            }
            while (y.size() > 1 && y.front() == QLatin1Char('0')) {
                y = y.mid(1);
            }
            if (x.size() != y.size()) {
                return x.size() < y.size() ? -1 : 1;
            }
            if (const int c = x.compare(y); c != 0) {
                return c;
            }
            i = iEnd;
            j = jEnd;
            continue;
        }
        const QChar ca = a[i].toCaseFolded();
        const QChar cb = b[j].toCaseFolded();
        if (ca != cb) {
            return ca < cb ? -1 : 1;
        }
        ++i;
        ++j;
    }
    return (a.size() - i) == (b.size() - j) ? 0 : ((a.size() - i) < (b.size() - j) ? -1 : 1);
}

/// Sorts text columns naturally, numbers by value.
class NaturalSortProxy : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

protected:
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override {
        const QVariant a = left.data(sortRole());
        const QVariant b = right.data(sortRole());
        if (a.typeId() == QMetaType::QString && b.typeId() == QMetaType::QString) {
            return naturalCompare(a.toString(), b.toString()) < 0;
        }
        return QSortFilterProxyModel::lessThan(left, right);
    }
};
}  // namespace

TerritoryDock::TerritoryDock(Document* document, QWidget* parent)
    : QDockWidget(tr("Territories"), parent),
      document_(document),
      model_(new TerritoryTableModel(document, this)),
      proxy_(new NaturalSortProxy(this)),
      view_(new QTableView),
      summary_(new QLabel) {
    setObjectName(QStringLiteral("territoryDock"));
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(TerritoryTableModel::kSortRole);
    proxy_->setDynamicSortFilter(true);

    view_->setObjectName(QStringLiteral("territoryTable"));
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->sortByColumn(TerritoryTableModel::TerritoryColumn, Qt::AscendingOrder);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::SingleSelection);
    view_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view_->setAlternatingRowColors(true);
    view_->verticalHeader()->hide();
    view_->verticalHeader()->setDefaultSectionSize(view_->fontMetrics().height() + 6);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view_->setToolTip(tr("Select a territory, then click areas on the map to move them to it"));

    summary_->setObjectName(QStringLiteral("territorySummary"));
    summary_->setWordWrap(true);
    summary_->setContentsMargins(4, 2, 4, 2);

    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(view_);
    layout->addWidget(summary_);
    setWidget(content);

    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TerritoryDock::onSelectionChanged);
    connect(document_, &Document::activeTerritoryChanged, this,
            &TerritoryDock::showActiveTerritory);
    connect(document_, &Document::changed, this, &TerritoryDock::updateSummary);
    // A model reset drops the selection; show the active territory again.
    connect(model_, &QAbstractItemModel::modelReset, this,
            [this] { showActiveTerritory(document_->activeTerritory()); });
    // With areas selected, a territory's row moves them there (undoable, like Ctrl+Enter).
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (QMenu* menu = contextMenuFor(view_->indexAt(pos))) {
            menu->exec(view_->viewport()->mapToGlobal(pos));
            menu->deleteLater();
        }
    });
    // Watched on the viewport rather than through doubleClicked(): the first click of the
    // double-click picks the territory, which resets the table and with it the item view's
    // memory of the pressed row.
    view_->viewport()->installEventFilter(this);
    updateSummary();
}

bool TerritoryDock::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport() && event->type() == QEvent::MouseButtonDblClick) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        const QModelIndex index = view_->indexAt(mouse->position().toPoint());
        if (mouse->button() == Qt::LeftButton && index.isValid() &&
            !document_->selectedAreas().empty()) {
            emit assignSelectionRequested(proxy_->mapToSource(index).row());
            return true;
        }
    }
    return QDockWidget::eventFilter(watched, event);
}

QMenu* TerritoryDock::contextMenuFor(const QModelIndex& proxyIndex) {
    if (!proxyIndex.isValid()) {
        return nullptr;
    }
    const int territory = proxy_->mapToSource(proxyIndex).row();
    auto* menu = new QMenu(view_);
    const std::size_t selected = document_->selectedAreas().size();
    const QString name = document_->territoryName(territory);
    QAction* assign = menu->addAction(
        selected == 0   ? tr("Assign Selection to This Territory (select areas first)")
        : selected == 1 ? tr("Assign 1 Selected Area to %1").arg(name)
                        : tr("Assign %1 Selected Areas to %2")
                              .arg(QLocale().toString(static_cast<qulonglong>(selected)), name));
    assign->setObjectName(QStringLiteral("actionAssignSelectionHere"));
    assign->setEnabled(selected > 0);
    connect(assign, &QAction::triggered, this,
            [this, territory] { emit assignSelectionRequested(territory); });
    return menu;
}

void TerritoryDock::onSelectionChanged() {
    if (syncing_) {
        return;
    }
    const QModelIndexList rows = view_->selectionModel()->selectedRows();
    const int territory = rows.isEmpty() ? -1 : proxy_->mapToSource(rows.front()).row();
    document_->setActiveTerritory(territory);
    if (territory >= 0) {
        emit territoryPicked(territory);
    }
}

void TerritoryDock::showActiveTerritory(int territory) {
    syncing_ = true;
    if (territory < 0 || territory >= model_->rowCount()) {
        view_->clearSelection();
    } else {
        const QModelIndex index = proxy_->mapFromSource(model_->index(territory, 0));
        view_->selectionModel()->select(
            index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        view_->scrollTo(index);
    }
    syncing_ = false;
}

void TerritoryDock::updateSummary() {
    const PlanMetrics& metrics = document_->metrics();
    const QLocale locale;
    QStringList parts;
    parts << (metrics.territories.size() == 1
                  ? tr("1 territory")
                  : tr("%1 territories").arg(static_cast<qulonglong>(metrics.territories.size())));
    parts << tr("max. deviation %1 %")
                 .arg(locale.toString(metrics.maxAbsWorkloadDeviation * 100.0, 'f', 1));
    if (metrics.unassignedAreas > 0) {
        parts << tr("%1 unassigned areas")
                     .arg(locale.toString(static_cast<qulonglong>(metrics.unassignedAreas)));
    }
    if (metrics.unassignedAccounts > 0) {
        parts << tr("%1 accounts in no territory")
                     .arg(locale.toString(static_cast<qulonglong>(metrics.unassignedAccounts)));
    }
    if (metrics.unlocatedAccounts > 0) {
        parts << tr("%1 accounts not located")
                     .arg(locale.toString(static_cast<qulonglong>(metrics.unlocatedAccounts)));
    }
    summary_->setText(parts.join(QStringLiteral(" · ")));
}

}  // namespace tessera::app
