// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDockWidget>

class QLabel;
class QMenu;
class QModelIndex;
class QSortFilterProxyModel;
class QTableView;

namespace tessera::app {

class Document;
class TerritoryTableModel;

/// The territories with their metrics, sortable. Selecting a row makes that territory the
/// active one (what the assign tool paints with); the selection follows the active territory.
class TerritoryDock : public QDockWidget {
    Q_OBJECT

public:
    explicit TerritoryDock(Document* document, QWidget* parent = nullptr);

    [[nodiscard]] QTableView* view() const { return view_; }
    [[nodiscard]] TerritoryTableModel* model() const { return model_; }
    [[nodiscard]] QSortFilterProxyModel* proxy() const { return proxy_; }
    /// A territory row's context menu (what a right-click shows; the caller owns it); null
    /// outside a row.
    [[nodiscard]] QMenu* contextMenuFor(const QModelIndex& proxyIndex);

signals:
    /// The user picked a territory in the table.
    void territoryPicked(int territory);
    /// The user asked to move the selected areas to `territory`: "Assign Selection to This
    /// Territory" in the row's context menu, or a double-click while areas are selected.
    void assignSelectionRequested(int territory);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onSelectionChanged();
    void showActiveTerritory(int territory);
    void updateSummary();

    Document* document_;
    TerritoryTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QTableView* view_;
    QLabel* summary_;
    bool syncing_ = false;
};

}  // namespace tessera::app
