// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

#include <vector>

#include "core/Project.h"
#include "engine/ProjectBalancing.h"

class QLabel;
class QTableWidget;

namespace tessera::app {

/// A balancing proposal for review: what was reached, and each territory's rep, workload,
/// potential and areas before → after. Apply accepts, Discard rejects; the dialog itself
/// changes nothing.
class BalanceProposalDialog : public QDialog {
    Q_OBJECT

public:
    BalanceProposalDialog(const Project& project, const engine::ProjectBalanceResult& proposal,
                          const QString& summary, QWidget* parent = nullptr);

    /// Areas whose territory (by name) the proposal changes.
    [[nodiscard]] static std::vector<AreaIndex> changedAreas(
        const Project& project, const engine::ProjectBalanceResult& proposal);

    [[nodiscard]] QTableWidget* table() const { return table_; }

private:
    QLabel* summary_;
    QTableWidget* table_;
};

}  // namespace tessera::app
