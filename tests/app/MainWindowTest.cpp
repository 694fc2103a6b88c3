// SPDX-License-Identifier: Apache-2.0
// Drives the main window the way a person does: pick a territory in the dock, click an area
// on the map, look at the table, undo, redo.

#include <gtest/gtest.h>

#include <QAction>
#include <QApplication>
#include <QDeadlineTimer>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QTreeWidget>

#include <functional>

#include "AppTestProject.h"
#include "GuiWait.h"
#include "app/BalanceRunner.h"
#include "app/Document.h"
#include "app/MainWindow.h"
#include "app/MapActions.h"
#include "app/canvas/MapCanvas.h"
#include "app/dialogs/BalanceProposalDialog.h"
#include "app/docks/AreaDetailsDock.h"
#include "app/docks/TerritoryDock.h"
#include "app/models/TerritoryTableModel.h"
#include "app/tools/AssignTool.h"
#include "app/tools/IdentifyTool.h"
#include "app/tools/ToolManager.h"

using namespace tessera;
using namespace tessera::app;

namespace {

using test::waitUntil;

class MainWindowTest : public ::testing::Test {
protected:
    void SetUp() override {
        window_ = std::make_unique<MainWindow>();
        window_->resize(1200, 800);
        window_->document()->resetProject(test::gridProject(4, 4, 2), QString());
        window_->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window_.get()));
        ASSERT_TRUE(waitUntil([this] { return window_->canvas()->hasRendered(); }));
    }

    QString tableText(int territory, int column) const {
        const TerritoryTableModel* model = window_->territoryDock()->model();
        return model->data(model->index(territory, column), Qt::DisplayRole).toString();
    }

    /// Clicks the territory's row in the dock's table, as a person would.
    void clickTerritoryRow(int territory) {
        TerritoryDock* dock = window_->territoryDock();
        const QModelIndex index = dock->proxy()->mapFromSource(
            dock->model()->index(territory, TerritoryTableModel::AreasColumn));
        QTableView* view = dock->view();
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    }

    /// Clicks the map at an area's label point (plus `offset` pixels), computed through the
    /// canvas's viewport. The grid's accounts sit on the label points.
    void clickArea(AreaIndex area, QPoint offset = {}) {
        MapCanvas* canvas = window_->canvas();
        const QPointF position = canvas->viewport().lonLatToScreen(
            window_->document()->project().areas[area].labelPoint);
        ASSERT_TRUE(canvas->rect().contains(position.toPoint() + offset));
        QTest::mouseClick(canvas, Qt::LeftButton, {}, position.toPoint() + offset);
    }
    /// The details dock's value for `property`, empty when there is no such row.
    QString detail(const QString& property) const {
        const auto found =
            window_->areaDetailsDock()->view()->findItems(property, Qt::MatchExactly, 0);
        return found.isEmpty() ? QString() : found.front()->text(1);
    }

    std::unique_ptr<MainWindow> window_;
};

}  // namespace

TEST_F(MainWindowTest, ClickReassignsAnAreaToTheActiveTerritoryAndUndoRestoresIt) {
    Document* document = window_->document();
    // Columns 0–1 are Territory 1, columns 2–3 Territory 2; area 5 is row 1, column 1.
    const AreaIndex area = 5;
    ASSERT_EQ(document->project().alignment.areaTerritory[area], 0);
    EXPECT_EQ(tableText(0, TerritoryTableModel::AreasColumn), QStringLiteral("8"));
    EXPECT_EQ(tableText(1, TerritoryTableModel::AreasColumn), QStringLiteral("8"));
    const QString workload0 = tableText(0, TerritoryTableModel::WorkloadColumn);
    const QString workload1 = tableText(1, TerritoryTableModel::WorkloadColumn);
    EXPECT_EQ(workload0, QStringLiteral("84"));   // 4 rows × (10 + 11)
    EXPECT_EQ(workload1, QStringLiteral("100"));  // 4 rows × (12 + 13)

    clickTerritoryRow(1);
    EXPECT_EQ(document->activeTerritory(), 1);
    EXPECT_EQ(window_->toolManager()->activeTool(), window_->assignTool());

    clickArea(area);
    EXPECT_EQ(document->project().alignment.areaTerritory[area], 1);
    EXPECT_EQ(document->undoStack()->count(), 1);
    EXPECT_EQ(document->undoStack()->undoText(), QStringLiteral("Assign 1 area to Territory 2"));
    EXPECT_EQ(tableText(0, TerritoryTableModel::AreasColumn), QStringLiteral("7"));
    EXPECT_EQ(tableText(1, TerritoryTableModel::AreasColumn), QStringLiteral("9"));
    EXPECT_EQ(tableText(0, TerritoryTableModel::WorkloadColumn), QStringLiteral("73"));
    EXPECT_EQ(tableText(1, TerritoryTableModel::WorkloadColumn), QStringLiteral("111"));
    EXPECT_TRUE(window_->isWindowModified());
    // The clicked area is the one whose details show.
    EXPECT_EQ(document->selectedArea(), static_cast<std::int32_t>(area));

    QAction* undo = window_->findChild<QAction*>(QStringLiteral("actionUndo"));
    QAction* redo = window_->findChild<QAction*>(QStringLiteral("actionRedo"));
    ASSERT_NE(undo, nullptr);
    ASSERT_NE(redo, nullptr);
    EXPECT_EQ(undo->text(), QStringLiteral("&Undo Assign 1 area to Territory 2"));
    undo->trigger();
    EXPECT_EQ(document->project().alignment.areaTerritory[area], 0);
    EXPECT_EQ(tableText(0, TerritoryTableModel::AreasColumn), QStringLiteral("8"));
    EXPECT_EQ(tableText(1, TerritoryTableModel::AreasColumn), QStringLiteral("8"));
    EXPECT_EQ(tableText(0, TerritoryTableModel::WorkloadColumn), workload0);
    EXPECT_EQ(tableText(1, TerritoryTableModel::WorkloadColumn), workload1);
    EXPECT_FALSE(window_->isWindowModified());

    redo->trigger();
    EXPECT_EQ(document->project().alignment.areaTerritory[area], 1);
    EXPECT_EQ(tableText(1, TerritoryTableModel::AreasColumn), QStringLiteral("9"));
}

TEST_F(MainWindowTest, UndoShortcutWorksFromTheMap) {
    Document* document = window_->document();
    clickTerritoryRow(0);
    clickArea(3);  // row 0, column 3: Territory 2 → Territory 1
    ASSERT_EQ(document->project().alignment.areaTerritory[3], 0);
    window_->canvas()->setFocus();
    QTest::keySequence(window_.get(), QKeySequence::Undo);
    EXPECT_EQ(document->project().alignment.areaTerritory[3], 1);
    QTest::keySequence(window_.get(), QKeySequence::Redo);
    EXPECT_EQ(document->project().alignment.areaTerritory[3], 0);
}

TEST_F(MainWindowTest, IdentifyClickShowsAreaDetailsWithoutChangingThePlan) {
    Document* document = window_->document();
    window_->toolManager()->setActiveTool(window_->identifyTool());
    clickArea(6, QPoint(20, 12));  // away from the area's account dot
    EXPECT_EQ(document->selectedArea(), 6);
    EXPECT_EQ(document->undoStack()->count(), 0);
    QTreeWidget* details = window_->areaDetailsDock()->view();
    ASSERT_GT(details->topLevelItemCount(), 3);
    EXPECT_EQ(details->topLevelItem(0)->text(1), QStringLiteral("6"));       // code
    EXPECT_EQ(details->topLevelItem(1)->text(1), QStringLiteral("Area 6"));  // name
    EXPECT_EQ(details->topLevelItem(2)->text(1), QStringLiteral("Territory 2"));
    const auto found = details->findItems(QStringLiteral("population"), Qt::MatchExactly, 0);
    ASSERT_EQ(found.size(), 1);
    EXPECT_EQ(found.front()->text(1), QLocale().toString(7000.0, 'g', 10));
}

TEST_F(MainWindowTest, DragPansTheMapInsteadOfAssigning) {
    Document* document = window_->document();
    clickTerritoryRow(1);
    MapCanvas* canvas = window_->canvas();
    const QPointF centreBefore = canvas->viewport().center();
    const QPoint start =
        canvas->viewport().lonLatToScreen(document->project().areas[0].labelPoint).toPoint();
    QTest::mousePress(canvas, Qt::LeftButton, {}, start);
    QTest::mouseMove(canvas, start + QPoint(40, 10));
    QTest::mouseMove(canvas, start + QPoint(80, 20));
    QTest::mouseRelease(canvas, Qt::LeftButton, {}, start + QPoint(80, 20));
    EXPECT_EQ(document->undoStack()->count(), 0);
    EXPECT_NE(canvas->viewport().center(), centreBefore);
    // The point that was under the mouse moved with it.
    const QPointF moved =
        canvas->viewport().lonLatToScreen(document->project().areas[0].labelPoint);
    EXPECT_NEAR(moved.x(), start.x() + 80, 1.0);
    EXPECT_NEAR(moved.y(), start.y() + 20, 1.0);
}

TEST_F(MainWindowTest, SortingTheTableKeepsTheActiveTerritory) {
    Document* document = window_->document();
    TerritoryDock* dock = window_->territoryDock();
    dock->view()->sortByColumn(TerritoryTableModel::WorkloadColumn, Qt::DescendingOrder);
    // Territory 2 has the higher workload, so it is the first row now.
    const QModelIndex first = dock->proxy()->index(0, TerritoryTableModel::TerritoryColumn);
    EXPECT_EQ(first.data().toString(), QStringLiteral("Territory 2"));
    clickTerritoryRow(0);
    EXPECT_EQ(document->activeTerritory(), 0);
    clickArea(2);
    EXPECT_EQ(document->project().alignment.areaTerritory[2], 0);
}

TEST(TerritoryDock, SortsNamesTheWayPeopleCount) {
    Document document;
    document.resetProject(test::gridProject(1, 12, 12), QString());
    TerritoryDock dock(&document);
    dock.view()->sortByColumn(TerritoryTableModel::TerritoryColumn, Qt::AscendingOrder);
    QStringList names;
    for (int row = 0; row < dock.proxy()->rowCount(); ++row) {
        names << dock.proxy()->index(row, TerritoryTableModel::TerritoryColumn).data().toString();
    }
    EXPECT_EQ(names.mid(0, 3),
              (QStringList{QStringLiteral("Territory 1"), QStringLiteral("Territory 2"),
                           QStringLiteral("Territory 3")}));
    EXPECT_EQ(names.back(), QStringLiteral("Territory 12"));
}

TEST_F(MainWindowTest, TitleShowsTheFileAndTheModifiedMarker) {
    EXPECT_TRUE(window_->windowTitle().startsWith(QStringLiteral("Untitled[*]")));
    EXPECT_FALSE(window_->isWindowModified());
    clickTerritoryRow(0);
    clickArea(3);
    EXPECT_TRUE(window_->isWindowModified());
}

namespace {

/// Runs the balancer in review mode through the main window and waits for the proposal.
BalanceProposalDialog* proposeRebalance(MainWindow& window) {
    auto* runner = window.findChild<BalanceRunner*>();
    if (runner == nullptr) {
        return nullptr;
    }
    engine::ProjectBalanceSettings settings;
    settings.mode = engine::ProjectMode::Rebalance;
    settings.measures = {"workload", "potential"};
    settings.tolerances = {0.05, 0.25};
    engine::BalanceOptions options;
    options.disruptionWeight = 0.5;
    options.timeLimitSeconds = 10.0;
    if (!runner->start(settings, options)) {
        return nullptr;
    }
    BalanceProposalDialog* dialog = nullptr;
    waitUntil([&] {
        dialog = window.findChild<BalanceProposalDialog*>();
        return dialog != nullptr && dialog->isVisible();
    });
    return dialog;
}

}  // namespace

TEST_F(MainWindowTest, BalanceProposalMarksChangesAndDiscardLeavesThePlanAlone) {
    const QString screenshotProject = qEnvironmentVariable("TESSERA_SCREENSHOT_PROJECT");
    if (!screenshotProject.isEmpty()) {
        ASSERT_TRUE(window_->document()->open(screenshotProject));
        window_->resize(1600, 1000);
        ASSERT_TRUE(waitUntil([this] { return window_->canvas()->hasRendered(); }));
    }
    const Project before = window_->document()->project();
    BalanceProposalDialog* dialog = proposeRebalance(*window_);
    ASSERT_NE(dialog, nullptr);
    EXPECT_EQ(window_->document()->project(), before);  // a proposal changes nothing yet
    EXPECT_FALSE(window_->canvas()->highlightedAreas().empty());
    EXPECT_EQ(dialog->table()->rowCount(), static_cast<int>(before.territories.size()));

    if (const QString out = qEnvironmentVariable("TESSERA_SCREENSHOT_OUT"); !out.isEmpty()) {
        dialog->move(window_->geometry().right() - dialog->width() - 40,
                     window_->geometry().top() + 120);
        QTest::qWait(500);
        const QPixmap main = window_->grab();
        const QPixmap review = dialog->grab();
        QPixmap shot(main.size());
        QPainter painter(&shot);
        painter.drawPixmap(0, 0, main);
        const QPoint at(main.width() - review.width() - 24, 110);
        painter.fillRect(QRect(at - QPoint(2, 2), review.size() + QSize(4, 4)), Qt::darkGray);
        painter.drawPixmap(at, review);
        painter.end();
        ASSERT_TRUE(shot.save(out));
    }

    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("discardProposal")),
                      Qt::LeftButton);
    ASSERT_TRUE(waitUntil([this] { return window_->canvas()->highlightedAreas().empty(); }));
    EXPECT_EQ(window_->document()->project(), before);
    EXPECT_EQ(window_->document()->undoStack()->count(), 0);

    // Again, and apply: one undo step that undo takes back.
    dialog = proposeRebalance(*window_);
    ASSERT_NE(dialog, nullptr);
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("applyProposal")),
                      Qt::LeftButton);
    ASSERT_TRUE(waitUntil([this] { return window_->document()->undoStack()->count() == 1; }));
    window_->document()->undoStack()->undo();
    EXPECT_EQ(window_->document()->project().alignment, before.alignment);
}

TEST_F(MainWindowTest, IdentifyClickOnAnAccountShowsTheAccountsDetails) {
    Project project = test::gridProject(4, 4, 2);
    Account& account = project.accounts[6];
    account.postalCode = "06510";
    account.sales = 1234.0;
    account.segment = "Hospital";
    account.custom = {{"Street", "1 Main St"}, {"City", "New Haven"}};
    project.alignment.accountOverrides[9] = 0;  // account 9 counts in Territory 1
    Document* document = window_->document();
    document->resetProject(std::move(project), QString());
    ASSERT_TRUE(waitUntil([this] { return window_->canvas()->hasRendered(); }));
    ASSERT_TRUE(window_->canvas()->showsAccountDots());
    window_->toolManager()->setActiveTool(window_->identifyTool());

    clickArea(6);  // on the account's dot
    EXPECT_EQ(document->selectedAccount(), 6);
    EXPECT_EQ(document->selectedArea(), -1);
    EXPECT_EQ(window_->areaDetailsDock()->windowTitle(), QStringLiteral("Account"));
    EXPECT_EQ(detail(QStringLiteral("ID")), QStringLiteral("A6"));
    EXPECT_EQ(detail(QStringLiteral("Name")), QStringLiteral("Account 6"));
    EXPECT_EQ(detail(QStringLiteral("Located by")), QStringLiteral("coordinates in the import"));
    EXPECT_EQ(detail(QStringLiteral("Postal code")), QStringLiteral("06510"));
    EXPECT_EQ(detail(QStringLiteral("Area")), QStringLiteral("6 — Area 6"));
    EXPECT_EQ(detail(QStringLiteral("Territory")), QStringLiteral("Territory 2"));
    EXPECT_EQ(detail(QStringLiteral("Potential")), QLocale().toString(700.0, 'f', 0));
    EXPECT_EQ(detail(QStringLiteral("Workload")),
              QStringLiteral("%1 h/year").arg(QLocale().toString(12.0, 'f', 1)));
    EXPECT_EQ(detail(QStringLiteral("Sales")), QLocale().toString(1234.0, 'f', 0));
    EXPECT_EQ(detail(QStringLiteral("Segment")), QStringLiteral("Hospital"));
    EXPECT_EQ(detail(QStringLiteral("Street")), QStringLiteral("1 Main St"));
    EXPECT_EQ(detail(QStringLiteral("City")), QStringLiteral("New Haven"));
    EXPECT_TRUE(detail(QStringLiteral("Location")).contains(QStringLiteral("(lon, lat)")));

    // An account assigned by override says so.
    clickArea(9);
    EXPECT_EQ(document->selectedAccount(), 9);
    EXPECT_EQ(detail(QStringLiteral("Territory")),
              QStringLiteral("Territory 1 (assigned to the account, not by its area)"));

    // Clicking the area beside the dot shows the area again.
    clickArea(5, QPoint(20, 12));
    EXPECT_EQ(document->selectedAccount(), -1);
    EXPECT_EQ(document->selectedArea(), 5);
    EXPECT_EQ(window_->areaDetailsDock()->windowTitle(), QStringLiteral("Area"));
    EXPECT_EQ(detail(QStringLiteral("Code")), QStringLiteral("5"));
    // Identifying is not an edit.
    EXPECT_EQ(document->undoStack()->count(), 0);
}

TEST_F(MainWindowTest, TerritoryDockAssignsTheSelectionByMenuAndDoubleClick) {
    Document* document = window_->document();
    TerritoryDock* dock = window_->territoryDock();
    const auto rowOf = [dock](int territory) {
        return dock->proxy()->mapFromSource(
            dock->model()->index(territory, TerritoryTableModel::AreasColumn));
    };
    const auto territoryOf = [document](AreaIndex area) {
        return document->project().alignment.areaTerritory[area];
    };
    // Nothing selected: the menu entry says what to do first, and is off.
    {
        std::unique_ptr<QMenu> menu(dock->contextMenuFor(rowOf(1)));
        ASSERT_NE(menu, nullptr);
        auto* assign = menu->findChild<QAction*>(QStringLiteral("actionAssignSelectionHere"));
        ASSERT_NE(assign, nullptr);
        EXPECT_FALSE(assign->isEnabled());
    }
    // Area 4 locked (one undo step), then four areas of Territory 1 selected.
    document->setSelectedAreas({4});
    window_->mapActions()->lockAction()->trigger();
    ASSERT_EQ(document->undoStack()->count(), 1);
    document->setSelectedAreas({0, 1, 4, 5});
    {
        std::unique_ptr<QMenu> menu(dock->contextMenuFor(rowOf(1)));
        auto* assign = menu->findChild<QAction*>(QStringLiteral("actionAssignSelectionHere"));
        ASSERT_NE(assign, nullptr);
        EXPECT_TRUE(assign->isEnabled());
        EXPECT_EQ(assign->text(), QStringLiteral("Assign 4 Selected Areas to Territory 2"));
        assign->trigger();
    }
    EXPECT_EQ(territoryOf(0), 1);
    EXPECT_EQ(territoryOf(1), 1);
    EXPECT_EQ(territoryOf(5), 1);
    EXPECT_EQ(territoryOf(4), 0);  // locked: stays
    EXPECT_EQ(document->activeTerritory(), 1);
    ASSERT_EQ(document->undoStack()->count(), 2);
    EXPECT_EQ(document->undoStack()->undoText(), QStringLiteral("Assign 3 areas to Territory 2"));
    document->undoStack()->undo();
    EXPECT_EQ(territoryOf(0), 0);
    EXPECT_EQ(territoryOf(1), 0);
    EXPECT_EQ(territoryOf(5), 0);

    // A double-click on a territory's row while areas are selected moves them there.
    document->setSelectedAreas({2, 3});  // Territory 2's
    QTableView* view = dock->view();
    view->scrollTo(rowOf(0));
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(rowOf(0)).center());
    EXPECT_EQ(territoryOf(2), 0);
    EXPECT_EQ(territoryOf(3), 0);
    EXPECT_EQ(document->undoStack()->undoText(), QStringLiteral("Assign 2 areas to Territory 1"));
    document->undoStack()->undo();
    EXPECT_EQ(territoryOf(2), 1);
    EXPECT_EQ(territoryOf(3), 1);
    // Without a selection a double-click only picks the territory.
    document->setSelectedAreas({});
    const int steps = document->undoStack()->count();
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(rowOf(1)).center());
    EXPECT_EQ(document->undoStack()->count(), steps);
    EXPECT_EQ(document->activeTerritory(), 1);
}
