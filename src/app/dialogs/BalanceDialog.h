// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

#include "engine/Balancer.h"

class QDoubleSpinBox;
class QSpinBox;

namespace tessera::app {

/// Asks how to balance: number of territories, tolerance, seed and time limit.
class BalanceDialog : public QDialog {
    Q_OBJECT

public:
    /// `areaCount` bounds the number of territories; `initial` fills the fields.
    BalanceDialog(std::size_t areaCount, const engine::BalanceOptions& initial,
                  QWidget* parent = nullptr);

    [[nodiscard]] engine::BalanceOptions options() const;

private:
    QSpinBox* territories_;
    QDoubleSpinBox* tolerancePercent_;
    QSpinBox* seed_;
    QDoubleSpinBox* timeLimit_;
};

}  // namespace tessera::app
