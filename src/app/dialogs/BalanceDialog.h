// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDialog>

#include <QStringList>

#include "engine/Balancer.h"
#include "engine/ProjectBalancing.h"

class QCheckBox;
class QComboBox;
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
    /// Mode, measures and tolerances, and which constraints to hold.
    [[nodiscard]] engine::ProjectBalanceSettings settings() const;
    /// The territories a "remove a rep" run may remove (in project order).
    void setTerritoryNames(const QStringList& names);
    /// Account mode may make up to one territory per located account.
    void setAccountCount(std::size_t accountCount);

private:
    void updateEnabled();

    QSpinBox* territories_;
    QDoubleSpinBox* tolerancePercent_;
    QSpinBox* seed_;
    QDoubleSpinBox* timeLimit_;
    QComboBox* mode_;
    QComboBox* removed_;
    QDoubleSpinBox* workloadPerRep_;
    QCheckBox* potential_;
    QDoubleSpinBox* potentialTolerance_;
    QCheckBox* accounts_;
    QDoubleSpinBox* accountsTolerance_;
    QComboBox* compactness_;
    QDoubleSpinBox* travelWeight_;
    QDoubleSpinBox* maxTravelKm_;
    QSpinBox* disruption_;
    QCheckBox* holdLocks_;
    QCheckBox* holdSkills_;
    QCheckBox* useCapacity_;
    QComboBox* units_;
    QCheckBox* nonGeographic_;
    std::size_t areaCount_ = 0;
    std::size_t accountCount_ = 0;
};

}  // namespace tessera::app
