// SPDX-License-Identifier: Apache-2.0
#include "BalanceProposalDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <map>

#include "core/Metrics.h"

namespace tessera::app {

namespace {

QString territoryOf(const Project& project, std::size_t area) {
    if (area >= project.alignment.areaTerritory.size()) {
        return {};
    }
    const TerritoryIndex t = project.alignment.areaTerritory[area];
    return t >= 0 && static_cast<std::size_t>(t) < project.territories.size()
               ? QString::fromStdString(project.territories[static_cast<std::size_t>(t)].name)
               : QString();
}

QString accountTerritoryName(const Project& project, AccountIndex account) {
    const TerritoryIndex t = project.territoryOfAccount(account);
    return t >= 0 && static_cast<std::size_t>(t) < project.territories.size()
               ? QString::fromStdString(project.territories[static_cast<std::size_t>(t)].name)
               : QString();
}

QString repName(const Project& project, const Territory& territory) {
    return territory.rep >= 0 && static_cast<std::size_t>(territory.rep) < project.reps.size()
               ? QString::fromStdString(project.reps[static_cast<std::size_t>(territory.rep)].name)
               : QObject::tr("vacant");
}

}  // namespace

std::vector<AreaIndex> BalanceProposalDialog::changedAreas(
    const Project& project, const engine::ProjectBalanceResult& proposal) {
    const Project next = engine::applyProjectBalance(project, proposal);
    std::vector<char> marked(project.areas.size(), 0);
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        marked[a] = territoryOf(project, a) != territoryOf(next, a) ? 1 : 0;
    }
    // Account mode: also the areas of accounts that change rep.
    for (AccountIndex account = 0; account < project.accounts.size(); ++account) {
        const std::int32_t area =
            account < project.accountArea.size() ? project.accountArea[account] : kNoArea;
        if (area >= 0 && static_cast<std::size_t>(area) < marked.size() &&
            !marked[static_cast<std::size_t>(area)] &&
            accountTerritoryName(project, account) != accountTerritoryName(next, account)) {
            marked[static_cast<std::size_t>(area)] = 1;
        }
    }
    std::vector<AreaIndex> changed;
    for (std::size_t a = 0; a < marked.size(); ++a) {
        if (marked[a]) {
            changed.push_back(static_cast<AreaIndex>(a));
        }
    }
    return changed;
}

BalanceProposalDialog::BalanceProposalDialog(const Project& project,
                                             const engine::ProjectBalanceResult& proposal,
                                             const QString& summary, QWidget* parent)
    : QDialog(parent), summary_(new QLabel(summary)), table_(new QTableWidget) {
    setWindowTitle(tr("Balancing Proposal"));
    setObjectName(QStringLiteral("balanceProposal"));
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    const Project next = engine::applyProjectBalance(project, proposal);
    const PlanMetrics before = computeMetrics(project);
    const PlanMetrics after = computeMetrics(next);
    std::map<std::string, std::size_t> beforeByName;
    for (std::size_t t = 0; t < project.territories.size(); ++t) {
        beforeByName.emplace(project.territories[t].name, t);
    }
    const QLocale locale;
    auto number = [&locale](double value) { return locale.toString(value, 'f', 0); };
    auto change = [](const QString& from, const QString& to) {
        return from == to ? to : from + QStringLiteral(" → ") + to;
    };
    table_->setObjectName(QStringLiteral("proposalTable"));
    table_->setColumnCount(5);
    const bool byAccount = proposal.units == engine::BalanceUnits::Accounts;
    table_->setHorizontalHeaderLabels({tr("Territory"), tr("Rep"), tr("Workload"), tr("Potential"),
                                       byAccount ? tr("Accounts") : tr("Areas")});
    table_->setRowCount(static_cast<int>(next.territories.size()));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    for (std::size_t t = 0; t < next.territories.size(); ++t) {
        const Territory& territory = next.territories[t];
        const TerritoryMetrics& now = after.territories[t];
        const auto old = beforeByName.find(territory.name);
        const bool existed = old != beforeByName.end();
        const TerritoryMetrics* was = existed ? &before.territories[old->second] : nullptr;
        const QString deviation =
            QStringLiteral(" (%1%2 %)")
                .arg(now.workloadDeviation >= 0 ? QStringLiteral("+") : QString())
                .arg(locale.toString(now.workloadDeviation * 100.0, 'f', 1));
        const QString cells[] = {
            QString::fromStdString(territory.name),
            existed ? change(repName(project, project.territories[old->second]),
                             repName(next, territory))
                    : repName(next, territory),
            (was ? number(was->workload) + QStringLiteral(" → ") : tr("new → ")) +
                number(now.workload) + deviation,
            (was ? number(was->potential) + QStringLiteral(" → ") : tr("new → ")) +
                number(now.potential),
            (was ? QString::number(byAccount ? was->accounts : was->areas) + QStringLiteral(" → ")
                 : tr("new → ")) +
                QString::number(byAccount ? now.accounts : now.areas),
        };
        for (int c = 0; c < 5; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c >= 2) {
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            }
            table_->setItem(static_cast<int>(t), c, item);
        }
    }
    std::size_t removed = 0;
    for (const Territory& territory : project.territories) {
        const bool kept = std::any_of(next.territories.begin(), next.territories.end(),
                                      [&](const Territory& t) { return t.name == territory.name; });
        removed += kept ? 0 : 1;
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);

    const std::size_t moved = changedAreas(project, proposal).size();
    std::size_t movedAccounts = 0;
    for (AccountIndex account = 0; account < project.accounts.size(); ++account) {
        movedAccounts +=
            accountTerritoryName(project, account) != accountTerritoryName(next, account) ? 1 : 0;
    }
    auto* changes = new QLabel(
        (byAccount ? tr("%n account(s) change rep", nullptr, static_cast<int>(movedAccounts)) +
                         tr(" (their %n area(s) are marked on the map); ", nullptr,
                            static_cast<int>(moved))
                   : tr("%n area(s) change territory (marked on the map); ", nullptr,
                        static_cast<int>(moved))) +
        tr("%1 % of the workload changes rep.")
            .arg(locale.toString(proposal.result.report.movedWeightShare * 100.0, 'f', 1)) +
        (removed > 0 ? QLatin1Char(' ') +
                           tr("%n territory(ies) removed.", nullptr, static_cast<int>(removed))
                     : QString()));
    changes->setObjectName(QStringLiteral("proposalChanges"));
    changes->setWordWrap(true);

    auto* buttons = new QDialogButtonBox;
    QPushButton* apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    apply->setObjectName(QStringLiteral("applyProposal"));
    apply->setToolTip(tr("Make the proposal the plan, as one undoable step"));
    QPushButton* discard = buttons->addButton(tr("&Discard"), QDialogButtonBox::RejectRole);
    discard->setObjectName(QStringLiteral("discardProposal"));
    discard->setToolTip(tr("Leave the plan as it was"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(changes);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);
    resize(720, 480);
}

}  // namespace tessera::app
