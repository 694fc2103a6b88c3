// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <QSignalSpy>

#include "AppTestProject.h"
#include "app/BalanceRunner.h"
#include "app/Document.h"
#include "app/commands/ReassignAreasCommand.h"
#include "app/dialogs/BalanceDialog.h"
#include "app/dialogs/BalanceProposalDialog.h"
#include "core/AreaLocator.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPixmap>
#include <QSpinBox>
#include <QTableWidget>

using namespace tessera;
using namespace tessera::app;

namespace {
constexpr int kGenerousWaitMs = 60000;  // not a timing assertion: only stops a hung run
}

TEST(BalanceRunner, AppliesTheResultAsOneUndoCommand) {
    Document document;
    Project project = test::gridProject(4, 6, 0);  // no territories, nothing assigned yet
    project.alignment.areaTerritory.assign(project.areas.size(), kNoTerritory);
    document.resetProject(project, QString());
    BalanceRunner runner(&document, nullptr);
    QSignalSpy finished(&runner, &BalanceRunner::finished);

    engine::BalanceOptions options;
    options.territoryCount = 3;
    options.tolerance = 0.25;
    options.timeLimitSeconds = 5.0;
    ASSERT_TRUE(runner.start(options));
    EXPECT_TRUE(runner.isRunning());
    EXPECT_FALSE(runner.start(options));  // one run at a time
    ASSERT_TRUE(finished.wait(kGenerousWaitMs));
    EXPECT_FALSE(runner.isRunning());
    ASSERT_EQ(finished.count(), 1);
    EXPECT_TRUE(finished.front().at(0).toBool()) << finished.front().at(1).toString().toStdString();
    EXPECT_FALSE(finished.front().at(1).toString().isEmpty());

    ASSERT_EQ(document.project().territories.size(), 3U);
    EXPECT_EQ(document.project().territories[2].name, "Territory 3");
    for (const TerritoryIndex t : document.project().alignment.areaTerritory) {
        EXPECT_GE(t, 0);
        EXPECT_LT(t, 3);
    }
    EXPECT_EQ(document.undoStack()->count(), 1);
    EXPECT_EQ(document.undoStack()->undoText(), QStringLiteral("Balance into 3 territories"));

    document.undoStack()->undo();
    EXPECT_TRUE(document.project().territories.empty());
    EXPECT_EQ(document.project().alignment, project.alignment);
}

TEST(BalanceRunner, ResultIsDiscardedWhenThePlanChangedMeanwhile) {
    Document document;
    document.resetProject(test::gridProject(4, 6, 2), QString());
    const Project before = document.project();
    BalanceRunner runner(&document, nullptr);
    QSignalSpy finished(&runner, &BalanceRunner::finished);
    engine::BalanceOptions options;
    options.territoryCount = 2;
    options.timeLimitSeconds = 5.0;
    ASSERT_TRUE(runner.start(options));
    // An edit lands while the worker runs (the progress dialog normally prevents this).
    document.undoStack()->push(new ReassignAreasCommand(&document, {0}, 1));
    ASSERT_TRUE(finished.wait(kGenerousWaitMs));
    EXPECT_FALSE(finished.front().at(0).toBool());
    EXPECT_EQ(document.undoStack()->count(), 1);  // only the edit
    EXPECT_EQ(document.project().territories, before.territories);
}

TEST(BalanceRunner, RefusesAProjectWithoutAreas) {
    Document document;
    BalanceRunner runner(&document, nullptr);
    EXPECT_FALSE(runner.start(engine::BalanceOptions{}));
    EXPECT_FALSE(runner.isRunning());
}

TEST(BalanceRunner, ProposalWaitsForApplyAndAppliesAsOneUndoStep) {
    Document document;
    document.resetProject(test::gridProject(4, 6, 2), QString());
    const Project before = document.project();
    BalanceRunner runner(&document, nullptr);
    runner.setReviewProposals(true);
    QSignalSpy ready(&runner, &BalanceRunner::proposalReady);
    QSignalSpy finished(&runner, &BalanceRunner::finished);
    engine::ProjectBalanceSettings settings;
    settings.mode = engine::ProjectMode::AddTerritory;
    settings.measures = {"workload", "potential"};
    settings.tolerances = {0.1, 0.3};
    engine::BalanceOptions options;
    options.timeLimitSeconds = 5.0;
    ASSERT_TRUE(runner.start(settings, options));
    ASSERT_TRUE(ready.wait(kGenerousWaitMs));
    ASSERT_NE(runner.proposal(), nullptr);
    EXPECT_EQ(finished.count(), 0);
    EXPECT_EQ(document.project(), before);          // nothing applied yet
    EXPECT_FALSE(runner.start(settings, options));  // one proposal at a time

    BalanceProposalDialog dialog(document.project(), *runner.proposal(), QStringLiteral("x"));
    EXPECT_EQ(dialog.table()->rowCount(), 3);
    EXPECT_TRUE(dialog.table()->item(2, 2)->text().startsWith(QStringLiteral("new → ")));
    EXPECT_FALSE(
        BalanceProposalDialog::changedAreas(document.project(), *runner.proposal()).empty());

    runner.applyProposal();
    ASSERT_EQ(finished.count(), 1);
    EXPECT_TRUE(finished.front().at(0).toBool());
    EXPECT_EQ(runner.proposal(), nullptr);
    EXPECT_EQ(document.project().territories.size(), 3U);
    EXPECT_EQ(document.undoStack()->count(), 1);
    document.undoStack()->undo();
    EXPECT_EQ(document.project(), before);
}

TEST(BalanceRunner, DiscardedProposalLeavesEverythingAsItWas) {
    Document document;
    document.resetProject(test::gridProject(4, 6, 2), QString());
    const Project before = document.project();
    BalanceRunner runner(&document, nullptr);
    runner.setReviewProposals(true);
    QSignalSpy ready(&runner, &BalanceRunner::proposalReady);
    QSignalSpy finished(&runner, &BalanceRunner::finished);
    engine::ProjectBalanceSettings settings;
    settings.mode = engine::ProjectMode::Rebalance;
    engine::BalanceOptions options;
    options.timeLimitSeconds = 5.0;
    ASSERT_TRUE(runner.start(settings, options));
    ASSERT_TRUE(ready.wait(kGenerousWaitMs));
    runner.discardProposal();
    ASSERT_EQ(finished.count(), 1);
    EXPECT_FALSE(finished.front().at(0).toBool());
    EXPECT_EQ(document.project(), before);
    EXPECT_EQ(document.undoStack()->count(), 0);
    EXPECT_TRUE(runner.start(settings, options));  // free for another run
    ASSERT_TRUE(ready.wait(kGenerousWaitMs));
    runner.discardProposal();
    EXPECT_EQ(document.project(), before);
}

// Account mode: the proposal assigns single accounts (overrides where an account leaves its
// area's territory), the table counts accounts, Apply is one undo step that undo reverts.
TEST(BalanceRunner, AccountModeProposalAppliesPerAccountAsOneUndoStep) {
    Document document;
    Project project = test::gridProject(4, 6, 3);
    const std::size_t areaAccounts = project.accounts.size();
    for (std::size_t i = 0; i < areaAccounts; ++i) {  // a second account in every area
        Account extra = project.accounts[i];
        extra.id += "b";
        extra.location = Point(extra.location.x() + 0.2, extra.location.y() - 0.2);
        extra.workload = 3.0 + static_cast<double>(i % 4);
        project.accounts.push_back(extra);
    }
    (void)assignAccountsToAreas(project);
    document.resetProject(project, QString());
    const Project before = document.project();
    BalanceRunner runner(&document, nullptr);
    runner.setReviewProposals(true);
    QSignalSpy ready(&runner, &BalanceRunner::proposalReady);
    QSignalSpy finished(&runner, &BalanceRunner::finished);
    engine::ProjectBalanceSettings settings;
    settings.mode = engine::ProjectMode::Rebalance;
    settings.units = engine::BalanceUnits::Accounts;
    settings.nonGeographic = true;
    settings.tolerances = {0.02};
    engine::BalanceOptions options;
    options.timeLimitSeconds = 5.0;
    ASSERT_TRUE(runner.start(settings, options));
    ASSERT_TRUE(ready.wait(kGenerousWaitMs));
    const engine::ProjectBalanceResult* proposal = runner.proposal();
    ASSERT_NE(proposal, nullptr);
    EXPECT_EQ(proposal->units, engine::BalanceUnits::Accounts);
    EXPECT_EQ(document.project(), before);

    BalanceProposalDialog dialog(document.project(), *proposal, QStringLiteral("x"));
    EXPECT_EQ(dialog.table()->horizontalHeaderItem(4)->text(), QStringLiteral("Accounts"));
    const Project next = engine::applyProjectBalance(before, *proposal);
    for (std::size_t node = 0; node < proposal->unitAccounts.size(); ++node) {
        EXPECT_EQ(next.territoryOfAccount(proposal->unitAccounts[node]),
                  proposal->result.assignment[node]);
    }

    runner.applyProposal();
    ASSERT_EQ(finished.count(), 1);
    EXPECT_TRUE(finished.front().at(0).toBool());
    EXPECT_EQ(document.undoStack()->count(), 1);
    EXPECT_EQ(document.undoStack()->undoText(),
              QStringLiteral("Balance accounts into 3 territories"));
    EXPECT_EQ(document.project().alignment, next.alignment);
    document.undoStack()->undo();
    EXPECT_EQ(document.project(), before);
}

TEST(BalanceDialog, UnitsAndNonGeographicReachTheSettings) {
    BalanceDialog dialog(10, engine::BalanceOptions{});
    dialog.setAccountCount(500);
    auto* units = dialog.findChild<QComboBox*>(QStringLiteral("units"));
    auto* nonGeographic = dialog.findChild<QCheckBox*>(QStringLiteral("nonGeographic"));
    auto* territories = dialog.findChild<QSpinBox*>(QStringLiteral("territoryCount"));
    auto* compactness = dialog.findChild<QComboBox*>(QStringLiteral("compactness"));
    ASSERT_TRUE(units && nonGeographic && territories && compactness);
    EXPECT_FALSE(nonGeographic->isEnabled());  // areas always stay connected
    EXPECT_EQ(territories->maximum(), 10);
    EXPECT_EQ(dialog.settings().units, engine::BalanceUnits::Areas);
    compactness->setCurrentIndex(1);  // shortest boundary
    units->setCurrentIndex(1);
    EXPECT_TRUE(nonGeographic->isEnabled());
    EXPECT_EQ(territories->maximum(), 500);
    EXPECT_NE(dialog.options().compactness, engine::Compactness::BoundaryLength);
    nonGeographic->setChecked(true);
    EXPECT_FALSE(compactness->isEnabled());
    EXPECT_EQ(dialog.options().compactness, engine::Compactness::Inertia);
    const engine::ProjectBalanceSettings settings = dialog.settings();
    EXPECT_EQ(settings.units, engine::BalanceUnits::Accounts);
    EXPECT_TRUE(settings.nonGeographic);
    // For looking at the dialog as a person would (not an assertion).
    if (const QByteArray out = qgetenv("TESSERA_BALANCE_DIALOG_SCREENSHOT"); !out.isEmpty()) {
        dialog.adjustSize();
        dialog.grab().save(QString::fromLocal8Bit(out));
    }
}
