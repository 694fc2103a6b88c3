// SPDX-License-Identifier: Apache-2.0
#include "BalanceDialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace tessera::app {

BalanceDialog::BalanceDialog(std::size_t areaCount, const engine::BalanceOptions& initial,
                             QWidget* parent)
    : QDialog(parent),
      territories_(new QSpinBox),
      tolerancePercent_(new QDoubleSpinBox),
      seed_(new QSpinBox),
      timeLimit_(new QDoubleSpinBox) {
    setWindowTitle(tr("Balance Territories"));
    setObjectName(QStringLiteral("balanceDialog"));

    const int maxTerritories = static_cast<int>(std::clamp<std::size_t>(areaCount, 1, 100000));
    territories_->setObjectName(QStringLiteral("territoryCount"));
    territories_->setRange(1, maxTerritories);
    territories_->setValue(std::clamp(static_cast<int>(initial.territoryCount), 1, maxTerritories));
    territories_->setToolTip(
        tr("How many territories to split the areas into (at most one per "
           "area)"));

    tolerancePercent_->setObjectName(QStringLiteral("tolerance"));
    tolerancePercent_->setRange(0.1, 100.0);
    tolerancePercent_->setDecimals(1);
    tolerancePercent_->setSingleStep(0.5);
    tolerancePercent_->setSuffix(QStringLiteral(" %"));
    tolerancePercent_->setValue(initial.tolerance * 100.0);
    tolerancePercent_->setToolTip(
        tr("How far each territory's workload may be from the target (the mean)"));

    seed_->setObjectName(QStringLiteral("seed"));
    seed_->setRange(0, std::numeric_limits<int>::max());
    seed_->setValue(
        static_cast<int>(std::min<std::uint64_t>(initial.seed, std::numeric_limits<int>::max())));
    seed_->setToolTip(tr("The same seed gives the same result; try another for an alternative"));

    timeLimit_->setObjectName(QStringLiteral("timeLimit"));
    timeLimit_->setRange(1.0, 3600.0);
    timeLimit_->setDecimals(0);
    timeLimit_->setSuffix(tr(" s"));
    timeLimit_->setValue(initial.timeLimitSeconds);
    timeLimit_->setToolTip(tr("The balancer stops and reports what it reached by then"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Territories:"), territories_);
    form->addRow(tr("T&olerance:"), tolerancePercent_);
    form->addRow(tr("&Seed:"), seed_);
    form->addRow(tr("Time &limit:"), timeLimit_);

    auto* note =
        new QLabel(tr("Replaces the assignment of every area with contiguous "
                      "territories of balanced workload. Territory names, colours and "
                      "reps are kept where their number survives. You can undo it."));
    note->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Balance"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

engine::BalanceOptions BalanceDialog::options() const {
    engine::BalanceOptions options;
    options.territoryCount = static_cast<std::size_t>(territories_->value());
    options.tolerance = tolerancePercent_->value() / 100.0;
    options.seed = static_cast<std::uint64_t>(seed_->value());
    options.timeLimitSeconds = timeLimit_->value();
    return options;
}

}  // namespace tessera::app
