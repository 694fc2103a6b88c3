// SPDX-License-Identifier: Apache-2.0
#include "BalanceDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <limits>

namespace tessera::app {

namespace {

QDoubleSpinBox* percentBox(const QString& name, double fraction, const QString& tip) {
    auto* box = new QDoubleSpinBox;
    box->setObjectName(name);
    box->setRange(0.1, 100.0);
    box->setDecimals(1);
    box->setSingleStep(0.5);
    box->setSuffix(QStringLiteral(" %"));
    box->setValue(fraction * 100.0);
    box->setToolTip(tip);
    return box;
}

QWidget* row(QWidget* first, QWidget* second) {
    auto* widget = new QWidget;
    auto* layout = new QHBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(first);
    layout->addWidget(second, 1);
    return widget;
}

}  // namespace

BalanceDialog::BalanceDialog(std::size_t areaCount, const engine::BalanceOptions& initial,
                             QWidget* parent)
    : QDialog(parent),
      territories_(new QSpinBox),
      tolerancePercent_(percentBox(
          QStringLiteral("tolerance"), initial.tolerance,
          tr("How far each territory's workload may be from its target (total × the rep's "
             "share of the capacity)"))),
      seed_(new QSpinBox),
      timeLimit_(new QDoubleSpinBox),
      mode_(new QComboBox),
      removed_(new QComboBox),
      workloadPerRep_(new QDoubleSpinBox),
      potential_(new QCheckBox(tr("&Potential"))),
      potentialTolerance_(percentBox(QStringLiteral("potentialTolerance"), 0.10,
                                     tr("How far each territory's potential may be from its "
                                        "target"))),
      accounts_(new QCheckBox(tr("&Accounts"))),
      accountsTolerance_(percentBox(QStringLiteral("accountsTolerance"), 0.10,
                                    tr("How far each territory's account count may be from "
                                       "its target"))),
      compactness_(new QComboBox),
      travelWeight_(new QDoubleSpinBox),
      maxTravelKm_(new QDoubleSpinBox),
      disruption_(new QSpinBox),
      holdLocks_(new QCheckBox(tr("Hold &locked areas, accounts and territories"))),
      holdSkills_(new QCheckBox(tr("Accounts needing a &skill go only to reps who have it"))),
      useCapacity_(new QCheckBox(tr("Targets follow each rep's &capacity"))),
      units_(new QComboBox),
      nonGeographic_(new QCheckBox(tr("Territories may be scattered (&non-geographic)"))),
      areaCount_(areaCount) {
    setWindowTitle(tr("Balance Territories"));
    setObjectName(QStringLiteral("balanceDialog"));

    mode_->setObjectName(QStringLiteral("mode"));
    mode_->addItem(tr("Build from scratch"), static_cast<int>(engine::ProjectMode::FromScratch));
    mode_->addItem(tr("Rebalance the current plan"),
                   static_cast<int>(engine::ProjectMode::Rebalance));
    mode_->addItem(tr("Add a rep and rebalance around it"),
                   static_cast<int>(engine::ProjectMode::AddTerritory));
    mode_->addItem(tr("Remove a territory and rebalance"),
                   static_cast<int>(engine::ProjectMode::RemoveTerritory));
    mode_->addItem(tr("How many reps do I need?"), static_cast<int>(engine::ProjectMode::HowMany));
    mode_->setToolTip(
        tr("From scratch designs new territories; the other modes start from the "
           "current plan and change as little as the disruption weight asks"));

    const int maxTerritories = static_cast<int>(std::clamp<std::size_t>(areaCount, 1, 100000));
    territories_->setObjectName(QStringLiteral("territoryCount"));
    territories_->setRange(1, maxTerritories);
    territories_->setValue(std::clamp(static_cast<int>(initial.territoryCount), 1, maxTerritories));
    territories_->setToolTip(
        tr("How many territories to split the areas into (at most one per "
           "area)"));
    removed_->setObjectName(QStringLiteral("removedTerritory"));
    removed_->setToolTip(tr("The territory whose areas are shared out among the others"));
    workloadPerRep_->setObjectName(QStringLiteral("workloadPerRep"));
    workloadPerRep_->setRange(1.0, 1e9);
    workloadPerRep_->setDecimals(0);
    workloadPerRep_->setValue(1600.0);
    workloadPerRep_->setSuffix(tr(" h"));
    workloadPerRep_->setToolTip(tr("Workload one full-time rep carries (hours per year)"));

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

    compactness_->setObjectName(QStringLiteral("compactness"));
    compactness_->addItem(tr("Fewest neighbour pairs cut"),
                          static_cast<int>(engine::Compactness::CutEdges));
    compactness_->addItem(tr("Shortest boundary"),
                          static_cast<int>(engine::Compactness::BoundaryLength));
    compactness_->addItem(tr("Round (moment of inertia)"),
                          static_cast<int>(engine::Compactness::Inertia));
    travelWeight_->setObjectName(QStringLiteral("travelWeight"));
    travelWeight_->setRange(0.0, 100.0);
    travelWeight_->setDecimals(1);
    travelWeight_->setToolTip(
        tr("How much distance from the rep's home base counts against "
           "compactness (0: not at all)"));
    maxTravelKm_->setObjectName(QStringLiteral("maxTravelKm"));
    maxTravelKm_->setRange(0.0, 20000.0);
    maxTravelKm_->setDecimals(0);
    maxTravelKm_->setSuffix(tr(" km"));
    maxTravelKm_->setSpecialValueText(tr("no limit"));
    maxTravelKm_->setToolTip(tr("No area further than this from its rep's home base"));
    disruption_->setObjectName(QStringLiteral("disruption"));
    disruption_->setRange(0, 100);
    disruption_->setSuffix(QStringLiteral(" %"));
    disruption_->setValue(0);
    disruption_->setToolTip(
        tr("0 % designs freely; 100 % changes as few accounts and as little "
           "potential as possible"));

    potential_->setObjectName(QStringLiteral("balancePotential"));
    accounts_->setObjectName(QStringLiteral("balanceAccounts"));
    holdLocks_->setObjectName(QStringLiteral("holdLocks"));
    holdSkills_->setObjectName(QStringLiteral("holdSkills"));
    useCapacity_->setObjectName(QStringLiteral("useCapacity"));
    for (QCheckBox* box : {holdLocks_, holdSkills_, useCapacity_}) {
        box->setChecked(true);
    }

    units_->setObjectName(QStringLiteral("units"));
    units_->addItem(tr("Areas (each area with its accounts)"),
                    static_cast<int>(engine::BalanceUnits::Areas));
    units_->addItem(tr("Accounts (each account to a rep)"),
                    static_cast<int>(engine::BalanceUnits::Accounts));
    units_->setToolTip(
        tr("What moves between territories: whole areas, or single accounts (an account "
           "away from the rest of its area gets its own assignment)"));
    nonGeographic_->setObjectName(QStringLiteral("nonGeographic"));
    nonGeographic_->setToolTip(
        tr("Accounts only: a territory need not be one connected piece; territories are "
           "judged by balance, travel and roundness instead"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Mode:"), mode_);
    form->addRow(tr("&Units:"), units_);
    form->addRow(QString(), nonGeographic_);
    form->addRow(tr("&Territories:"), territories_);
    form->addRow(tr("&Remove:"), removed_);
    form->addRow(tr("&Workload per rep:"), workloadPerRep_);

    auto* measures = new QGroupBox(tr("Balance"));
    auto* measureForm = new QFormLayout(measures);
    measureForm->addRow(tr("W&orkload within:"), tolerancePercent_);
    measureForm->addRow(row(potential_, potentialTolerance_));
    measureForm->addRow(row(accounts_, accountsTolerance_));

    auto* shape = new QGroupBox(tr("Shape"));
    auto* shapeForm = new QFormLayout(shape);
    shapeForm->addRow(tr("&Compactness:"), compactness_);
    shapeForm->addRow(tr("Tra&vel weight:"), travelWeight_);
    shapeForm->addRow(tr("Max. &distance:"), maxTravelKm_);
    shapeForm->addRow(tr("&Disruption:"), disruption_);

    auto* rules = new QGroupBox(tr("Hold"));
    auto* rulesLayout = new QVBoxLayout(rules);
    rulesLayout->addWidget(holdLocks_);
    rulesLayout->addWidget(holdSkills_);
    rulesLayout->addWidget(useCapacity_);

    auto* run = new QFormLayout;
    run->addRow(tr("&Seed:"), seed_);
    run->addRow(tr("Time &limit:"), timeLimit_);

    auto* note =
        new QLabel(tr("The result is a proposal: the map marks the areas that would "
                      "change and a table compares each rep before and after. Apply "
                      "it as one undoable step, or discard it."));
    note->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Balance"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(measures);
    left->addLayout(run);
    left->addStretch(1);
    auto* right = new QVBoxLayout;
    right->addWidget(shape);
    right->addWidget(rules);
    right->addStretch(1);
    columns->addLayout(left);
    columns->addLayout(right);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns);
    layout->addWidget(note);
    layout->addWidget(buttons);

    for (QCheckBox* box : {potential_, accounts_}) {
        connect(box, &QCheckBox::toggled, this, &BalanceDialog::updateEnabled);
    }
    connect(mode_, &QComboBox::currentIndexChanged, this, &BalanceDialog::updateEnabled);
    connect(units_, &QComboBox::currentIndexChanged, this, &BalanceDialog::updateEnabled);
    connect(nonGeographic_, &QCheckBox::toggled, this, &BalanceDialog::updateEnabled);
    updateEnabled();
}

void BalanceDialog::setTerritoryNames(const QStringList& names) {
    removed_->clear();
    removed_->addItems(names);
    if (names.isEmpty()) {
        mode_->setCurrentIndex(0);
        for (int i = 1; i < 4; ++i) {
            mode_->setItemData(i, 0, Qt::UserRole - 1);  // disabled: nothing to start from
        }
    }
    updateEnabled();
}

void BalanceDialog::setAccountCount(std::size_t accountCount) {
    accountCount_ = accountCount;
    updateEnabled();
}

void BalanceDialog::updateEnabled() {
    const auto mode = static_cast<engine::ProjectMode>(mode_->currentData().toInt());
    const bool byAccount = static_cast<engine::BalanceUnits>(units_->currentData().toInt()) ==
                           engine::BalanceUnits::Accounts;
    nonGeographic_->setEnabled(byAccount);
    // Accounts share no boundary; non-geographic territories are judged by roundness.
    const int boundary =
        compactness_->findData(static_cast<int>(engine::Compactness::BoundaryLength));
    compactness_->setItemData(boundary, byAccount ? 0 : QVariant(), Qt::UserRole - 1);
    if (byAccount && compactness_->currentIndex() == boundary) {
        compactness_->setCurrentIndex(
            compactness_->findData(static_cast<int>(engine::Compactness::CutEdges)));
    }
    if (byAccount && nonGeographic_->isChecked()) {  // scattered territories: roundness only
        compactness_->setCurrentIndex(
            compactness_->findData(static_cast<int>(engine::Compactness::Inertia)));
    }
    compactness_->setEnabled(!(byAccount && nonGeographic_->isChecked()));
    const std::size_t units = byAccount ? accountCount_ : areaCount_;
    territories_->setMaximum(static_cast<int>(std::clamp<std::size_t>(units, 1, 100000)));
    territories_->setEnabled(mode == engine::ProjectMode::FromScratch);
    removed_->setEnabled(mode == engine::ProjectMode::RemoveTerritory && removed_->count() > 1);
    workloadPerRep_->setEnabled(mode == engine::ProjectMode::HowMany);
    potentialTolerance_->setEnabled(potential_->isChecked());
    accountsTolerance_->setEnabled(accounts_->isChecked());
}

engine::BalanceOptions BalanceDialog::options() const {
    engine::BalanceOptions options;
    options.territoryCount = static_cast<std::size_t>(territories_->value());
    options.tolerance = tolerancePercent_->value() / 100.0;
    options.seed = static_cast<std::uint64_t>(seed_->value());
    options.timeLimitSeconds = timeLimit_->value();
    options.compactness = static_cast<engine::Compactness>(compactness_->currentData().toInt());
    options.travelWeight = travelWeight_->value();
    options.maxTravelKm = maxTravelKm_->value();
    // 0–100 % on a scale where 10 makes a moved average area cost ten cut edges.
    options.disruptionWeight = disruption_->value() / 10.0;
    return options;
}

engine::ProjectBalanceSettings BalanceDialog::settings() const {
    engine::ProjectBalanceSettings settings;
    settings.mode = static_cast<engine::ProjectMode>(mode_->currentData().toInt());
    settings.territoryCount = static_cast<std::size_t>(territories_->value());
    settings.removedTerritory = static_cast<std::size_t>(std::max(0, removed_->currentIndex()));
    settings.workloadPerRep = workloadPerRep_->value();
    settings.measures = {"workload"};
    settings.tolerances = {tolerancePercent_->value() / 100.0};
    if (potential_->isChecked()) {
        settings.measures.emplace_back("potential");
        settings.tolerances.push_back(potentialTolerance_->value() / 100.0);
    }
    if (accounts_->isChecked()) {
        settings.measures.emplace_back("accounts");
        settings.tolerances.push_back(accountsTolerance_->value() / 100.0);
    }
    settings.holdLocks = holdLocks_->isChecked();
    settings.holdSkills = holdSkills_->isChecked();
    settings.useCapacities = useCapacity_->isChecked();
    settings.units = static_cast<engine::BalanceUnits>(units_->currentData().toInt());
    settings.nonGeographic =
        settings.units == engine::BalanceUnits::Accounts && nonGeographic_->isChecked();
    return settings;
}

}  // namespace tessera::app
