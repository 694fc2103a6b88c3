// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <QSignalSpy>

#include "AppTestProject.h"
#include "app/BalanceRunner.h"
#include "app/Document.h"
#include "app/commands/ReassignAreasCommand.h"
#include "app/dialogs/BalanceProposalDialog.h"

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
