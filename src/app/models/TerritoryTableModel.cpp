// SPDX-License-Identifier: Apache-2.0
#include "TerritoryTableModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <cmath>

#include "app/Document.h"
#include "app/canvas/TerritoryColoring.h"

namespace tessera::app {

namespace {
/// 51,044,200 → "51.0 M", 48,300 → "48 k": short enough for a table column.
QString compactNumber(const QLocale& locale, double value) {
    const double magnitude = std::abs(value);
    if (magnitude >= 1.0e6) {
        return locale.toString(value / 1.0e6, 'f', 1) + QStringLiteral(" M");
    }
    if (magnitude >= 1.0e4) {
        return locale.toString(value / 1.0e3, 'f', 0) + QStringLiteral(" k");
    }
    return locale.toString(value, 'f', 0);
}
}  // namespace

TerritoryTableModel::TerritoryTableModel(Document* document, QObject* parent)
    : QAbstractTableModel(parent), document_(document) {
    rows_ = static_cast<int>(document_->project().territories.size());
    colors_ = render::territoryDisplayColors(document_->project());
    connect(document_, &Document::changed, this, &TerritoryTableModel::onDocumentChanged);
}

int TerritoryTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : rows_;
}

int TerritoryTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TerritoryTableModel::data(const QModelIndex& index, int role) const {
    const Project& project = document_->project();
    const PlanMetrics& metrics = document_->metrics();
    if (!index.isValid() || index.row() >= rows_ ||
        static_cast<std::size_t>(index.row()) >= project.territories.size() ||
        static_cast<std::size_t>(index.row()) >= metrics.territories.size()) {
        return {};
    }
    const auto row = static_cast<std::size_t>(index.row());
    const Territory& territory = project.territories[row];
    const TerritoryMetrics& m = metrics.territories[row];
    const QLocale locale;
    const auto repName = [&]() -> QString {
        if (territory.rep < 0 || static_cast<std::size_t>(territory.rep) >= project.reps.size()) {
            return tr("(vacant)");
        }
        return QString::fromStdString(project.reps[static_cast<std::size_t>(territory.rep)].name);
    };
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case TerritoryColumn:
                return QString::fromStdString(territory.name);
            case RepColumn:
                return repName();
            case AreasColumn:
                return locale.toString(static_cast<qulonglong>(m.areas));
            case AccountsColumn:
                return locale.toString(static_cast<qulonglong>(m.accounts));
            case WorkloadColumn:
                return locale.toString(m.workload, 'f', 0);
            case PotentialColumn:
                return compactNumber(locale, m.potential);
            case DeviationColumn:
                return QStringLiteral("%1%2 %")
                    .arg(m.workloadDeviation > 0.0 ? QStringLiteral("+") : QString())
                    .arg(locale.toString(m.workloadDeviation * 100.0, 'f', 1));
            default:
                return {};
        }
    }
    if (role == kSortRole) {
        switch (index.column()) {
            case TerritoryColumn:
                return QString::fromStdString(territory.name);
            case RepColumn:
                return repName();
            case AreasColumn:
                return static_cast<qulonglong>(m.areas);
            case AccountsColumn:
                return static_cast<qulonglong>(m.accounts);
            case WorkloadColumn:
                return m.workload;
            case PotentialColumn:
                return m.potential;
            case DeviationColumn:
                return m.workloadDeviation;
            default:
                return {};
        }
    }
    if (role == Qt::DecorationRole && index.column() == TerritoryColumn && row < colors_.size()) {
        const std::uint32_t c = colors_[row];
        return QColor::fromRgb((c >> 16) & 0xFFU, (c >> 8) & 0xFFU, c & 0xFFU);
    }
    if (role == Qt::TextAlignmentRole && index.column() >= AreasColumn) {
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    }
    if (role == Qt::ToolTipRole && index.column() == PotentialColumn) {
        return locale.toString(m.potential, 'f', 0);
    }
    if (role == Qt::ToolTipRole && index.column() == DeviationColumn) {
        return tr("Workload %1 against a target of %2 (potential %3%4 % from its target)")
            .arg(locale.toString(m.workload, 'f', 0), locale.toString(m.workloadTarget, 'f', 0),
                 m.potentialDeviation > 0.0 ? QStringLiteral("+") : QString(),
                 locale.toString(m.potentialDeviation * 100.0, 'f', 1));
    }
    return {};
}

QVariant TerritoryTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::DisplayRole) {
        switch (section) {
            case TerritoryColumn:
                return tr("Territory");
            case RepColumn:
                return tr("Rep");
            case AreasColumn:
                return tr("Areas");
            case AccountsColumn:
                return tr("Accounts");
            case WorkloadColumn:
                return tr("Workload");
            case PotentialColumn:
                return tr("Potential");
            case DeviationColumn:
                return tr("Deviation");
            default:
                return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
            case WorkloadColumn:
                return tr("Hours per year of the accounts in the territory");
            case PotentialColumn:
                return tr("Potential per year of the accounts in the territory");
            case DeviationColumn:
                return tr("Workload above (+) or below (−) the territory's target share");
            default:
                return {};
        }
    }
    return {};
}

void TerritoryTableModel::onDocumentChanged(const ChangeEvent& event) {
    colors_ = render::territoryDisplayColors(document_->project());
    const int rows = static_cast<int>(document_->project().territories.size());
    if (rows != rows_ || event.kind != ChangeEvent::Kind::AreasReassigned) {
        beginResetModel();
        rows_ = rows;
        endResetModel();
        return;
    }
    if (rows_ > 0) {
        emit dataChanged(index(0, 0), index(rows_ - 1, ColumnCount - 1));
    }
}

}  // namespace tessera::app
