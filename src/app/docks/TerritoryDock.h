// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDockWidget>

class QLabel;
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

signals:
    /// The user picked a territory in the table.
    void territoryPicked(int territory);

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
