// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractTableModel>

#include <cstdint>
#include <vector>

namespace tessera::app {

class Document;
struct ChangeEvent;

/// One row per territory (row = territory index) with its rep and the metrics from core's
/// computeMetrics. Qt::DisplayRole gives formatted text, kSortRole the raw number, and the
/// territory column's Qt::DecorationRole the colour the map paints it with.
class TerritoryTableModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        TerritoryColumn,
        RepColumn,
        AreasColumn,
        AccountsColumn,
        WorkloadColumn,
        PotentialColumn,
        DeviationColumn,
        ColumnCount
    };
    static constexpr int kSortRole = Qt::UserRole + 1;

    explicit TerritoryTableModel(Document* document, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role) const override;

private:
    void onDocumentChanged(const ChangeEvent& event);

    Document* document_;
    int rows_ = 0;
    std::vector<std::uint32_t> colors_;
};

}  // namespace tessera::app
