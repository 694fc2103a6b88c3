// SPDX-License-Identifier: Apache-2.0
// Drives the map tools with synthesized mouse and keyboard events, as a person would, and
// checks the model, then undoes and checks again.

#include <gtest/gtest.h>

#include <QAction>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QTest>
#include <QUndoStack>
#include <QUndoView>

#include <functional>

#include "AppTestProject.h"
#include "GuiWait.h"
#include "app/Document.h"
#include "app/MainWindow.h"
#include "app/MapActions.h"
#include "app/canvas/MapCanvas.h"
#include "app/commands/TerritoryEdits.h"
#include "app/tools/BrushTool.h"
#include "app/tools/PolygonTool.h"
#include "app/tools/SelectTool.h"
#include "app/tools/ToolManager.h"

using namespace tessera;
using namespace tessera::app;

namespace {

using test::waitUntil;

class MapToolsTest : public ::testing::Test {
protected:
    void SetUp() override {
        window_ = std::make_unique<MainWindow>();
        window_->resize(1200, 800);
        window_->document()->resetProject(test::gridProject(4, 4, 2), QString());
        window_->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window_.get()));
        ASSERT_TRUE(waitUntil([this] { return canvas()->hasRendered(); }));
    }

    Document* document() const { return window_->document(); }
    MapCanvas* canvas() const { return window_->canvas(); }
    MapActions* actions() const { return window_->mapActions(); }
    TerritoryIndex territoryOf(std::size_t area) const {
        return document()->project().alignment.areaTerritory[area];
    }
    /// Where an area's label point is on the canvas.
    QPoint at(std::size_t area) const {
        return canvas()
            ->viewport()
            .lonLatToScreen(document()->project().areas[area].labelPoint)
            .toPoint();
    }
    void stroke(const std::vector<std::size_t>& areas) {
        QTest::mousePress(canvas(), Qt::LeftButton, {}, at(areas.front()));
        for (const std::size_t area : areas) {
            QTest::mouseMove(canvas(), at(area));
        }
        QTest::mouseRelease(canvas(), Qt::LeftButton, {}, at(areas.back()));
    }

    std::unique_ptr<MainWindow> window_;
};

}  // namespace

// Grid 4 × 4, areas numbered row by row from the south-west; columns 0–1 are territory 0,
// columns 2–3 territory 1.

TEST_F(MapToolsTest, BrushStrokeIsOneUndoStep) {
    BrushTool* brush = actions()->brushTool();
    brush->setMergeWindowMs(0);
    brush->action()->trigger();
    ASSERT_EQ(window_->findChild<ToolManager*>()->activeTool(), brush);
    document()->setActiveTerritory(1);
    stroke({0, 1, 5});  // across three areas of territory 0
    EXPECT_EQ(territoryOf(0), 1);
    EXPECT_EQ(territoryOf(1), 1);
    EXPECT_EQ(territoryOf(5), 1);
    EXPECT_EQ(territoryOf(4), 0);  // not touched
    QUndoStack* stack = document()->undoStack();
    ASSERT_EQ(stack->count(), 1);
    EXPECT_EQ(stack->text(0).toStdString(), "Paint 3 areas onto Territory 2");
    stack->undo();
    EXPECT_EQ(territoryOf(0), 0);
    EXPECT_EQ(territoryOf(1), 0);
    EXPECT_EQ(territoryOf(5), 0);
    stack->redo();
    EXPECT_EQ(territoryOf(5), 1);
}

TEST_F(MapToolsTest, QuickStrokesOntoTheSameTerritoryMerge) {
    BrushTool* brush = actions()->brushTool();
    brush->action()->trigger();
    document()->setActiveTerritory(1);
    brush->setMergeWindowMs(600000);  // any follow-up counts as quick: no timing in the test
    stroke({0});
    stroke({4});
    QUndoStack* stack = document()->undoStack();
    ASSERT_EQ(stack->count(), 1);
    EXPECT_EQ(stack->text(0).toStdString(), "Paint 2 areas onto Territory 2");
    // Another territory: a new step.
    document()->setActiveTerritory(0);
    stroke({3});
    EXPECT_EQ(stack->count(), 2);
    EXPECT_EQ(territoryOf(3), 0);
    // Strokes that are not quick stay separate.
    brush->setMergeWindowMs(0);
    document()->setActiveTerritory(1);
    stroke({8});
    stroke({12});
    EXPECT_EQ(stack->count(), 4);
    while (stack->canUndo()) {
        stack->undo();
    }
    const Project fresh = test::gridProject(4, 4, 2);
    EXPECT_EQ(document()->project().alignment.areaTerritory, fresh.alignment.areaTerritory);
}

TEST_F(MapToolsTest, SelectClickShiftCtrlAndBox) {
    SelectTool* select = actions()->selectTool();
    select->action()->trigger();
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, at(5));
    EXPECT_EQ(document()->selectedAreas(), (std::vector<AreaIndex>{5}));
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::ShiftModifier, at(6));
    EXPECT_EQ(document()->selectedAreas(), (std::vector<AreaIndex>{5, 6}));
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::ControlModifier, at(5));
    EXPECT_EQ(document()->selectedAreas(), (std::vector<AreaIndex>{6}));
    // A box from the middle of area 0 to the middle of area 5 holds the label points of both
    // ends (and of 1 and 4 in between).
    const QPoint from = at(0) + QPoint(-3, 3);
    const QPoint to = at(5) + QPoint(3, -3);
    QTest::mousePress(canvas(), Qt::LeftButton, {}, from);
    QTest::mouseMove(canvas(), (from + to) / 2);
    QTest::mouseMove(canvas(), to);
    QTest::mouseRelease(canvas(), Qt::LeftButton, {}, to);
    EXPECT_EQ(document()->selectedAreas(), (std::vector<AreaIndex>{0, 1, 4, 5}));
    // Ctrl+box removes.
    QTest::mousePress(canvas(), Qt::LeftButton, Qt::ControlModifier, at(0) + QPoint(-3, 3));
    QTest::mouseMove(canvas(), at(0) + QPoint(3, -3));
    QTest::mouseMove(canvas(), at(1) + QPoint(3, -3));
    QTest::mouseRelease(canvas(), Qt::LeftButton, Qt::ControlModifier, at(1) + QPoint(3, -3));
    EXPECT_EQ(document()->selectedAreas(), (std::vector<AreaIndex>{4, 5}));
    // Selecting is not an edit.
    EXPECT_EQ(document()->undoStack()->count(), 0);
}

TEST_F(MapToolsTest, LassoSelects) {
    actions()->selectTool()->action()->trigger();
    // A triangle around the label points of areas 0, 1 and 4 (not 5).
    const QPoint a = at(0) + QPoint(-10, 10);
    const QPoint b = at(1) + QPoint(15, 10);
    const QPoint c = at(4) + QPoint(-10, -15);
    QTest::mousePress(canvas(), Qt::LeftButton, Qt::AltModifier, a);
    QTest::mouseMove(canvas(), b);
    QTest::mouseMove(canvas(), c);
    QTest::mouseRelease(canvas(), Qt::LeftButton, Qt::AltModifier, c);
    EXPECT_EQ(document()->selectedAreas(), (std::vector<AreaIndex>{0, 1, 4}));
}

TEST_F(MapToolsTest, AssignSelectionAndUndo) {
    actions()->selectTool()->action()->trigger();
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, at(0));
    QTest::mouseClick(canvas(), Qt::LeftButton, Qt::ShiftModifier, at(4));
    document()->setActiveTerritory(1);
    ASSERT_TRUE(actions()->assignSelectionAction()->isEnabled());
    actions()->assignSelectionAction()->trigger();
    EXPECT_EQ(territoryOf(0), 1);
    EXPECT_EQ(territoryOf(4), 1);
    EXPECT_EQ(document()->undoStack()->text(0).toStdString(), "Assign 2 areas to Territory 2");
    document()->undoStack()->undo();
    EXPECT_EQ(territoryOf(0), 0);
    EXPECT_EQ(territoryOf(4), 0);
}

TEST_F(MapToolsTest, LockedAreasKeepTheirTerritory) {
    actions()->selectTool()->action()->trigger();
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, at(1));
    actions()->lockAction()->trigger();
    EXPECT_TRUE(document()->project().areas[1].locked);
    EXPECT_EQ(document()->undoStack()->text(0).toStdString(), "Lock 1 area");
    // The brush passes over it without moving it.
    actions()->brushTool()->setMergeWindowMs(0);
    actions()->brushTool()->action()->trigger();
    document()->setActiveTerritory(1);
    stroke({0, 1, 2});
    EXPECT_EQ(territoryOf(0), 1);
    EXPECT_EQ(territoryOf(1), 0);
    // Undo the stroke, then the lock.
    document()->undoStack()->undo();
    EXPECT_EQ(territoryOf(0), 0);
    document()->undoStack()->undo();
    EXPECT_FALSE(document()->project().areas[1].locked);
    stroke({1});
    EXPECT_EQ(territoryOf(1), 1);
}

TEST_F(MapToolsTest, HighlightedAreasShowOnTheCanvas) {
    const QPoint p = at(10);
    const QColor before = canvas()->grab().toImage().pixelColor(p);
    canvas()->setHighlightedAreas({10, 10, 3});
    EXPECT_EQ(canvas()->highlightedAreas(), (std::vector<AreaIndex>{3, 10}));
    const QColor after = canvas()->grab().toImage().pixelColor(p);
    EXPECT_NE(before, after);
    EXPECT_GT(after.red(), after.blue());  // orange wash
    canvas()->setHighlightedAreas({});
    EXPECT_EQ(canvas()->grab().toImage().pixelColor(p), before);
}

TEST_F(MapToolsTest, KeyboardAndZoomCommandsNavigate) {
    canvas()->setFocus();
    const double scale = canvas()->viewport().metresPerPixel();
    QTest::keyClick(canvas(), Qt::Key_Plus);
    EXPECT_LT(canvas()->viewport().metresPerPixel(), scale);
    const QPointF centre = canvas()->viewport().center();
    QTest::keyClick(canvas(), Qt::Key_Left);
    EXPECT_LT(canvas()->viewport().center().x(), centre.x());
    QTest::keyClick(canvas(), Qt::Key_Minus);
    // Zoom to a territory: its areas are in view; an unknown territory changes nothing.
    ASSERT_TRUE(canvas()->zoomToTerritory(1));
    const auto& viewport = canvas()->viewport();
    const auto& areas = document()->project().areas;
    EXPECT_TRUE(
        viewport.visibleMercatorRect().contains(viewport.lonLatToMercator(areas[3].labelPoint)));
    EXPECT_FALSE(canvas()->zoomToTerritory(5));
    // Zoom to the selection: one area fills the view, a far one is out of it.
    document()->setSelectedAreas({0});
    ASSERT_TRUE(canvas()->zoomToSelection());
    const QRectF selectionView = canvas()->viewport().visibleMercatorRect();
    EXPECT_TRUE(selectionView.contains(viewport.lonLatToMercator(areas[0].labelPoint)));
    EXPECT_FALSE(selectionView.contains(viewport.lonLatToMercator(areas[15].labelPoint)));
    document()->setSelectedAreas({});
    // Zoom to an account: centred on it.
    ASSERT_TRUE(canvas()->zoomToAccount(0));
    const QPointF accountScreen =
        canvas()->viewport().lonLatToScreen(document()->project().accounts[0].location);
    EXPECT_NEAR(accountScreen.x(), canvas()->width() / 2.0, 1.0);
    EXPECT_FALSE(canvas()->zoomToSelection());  // nothing selected any more
    // The new view is rendered in the background and then shown.
    ASSERT_TRUE(waitUntil([this] { return !canvas()->isRenderPending(); }));
}

TEST_F(MapToolsTest, UndoHistoryDockListsTheEdits) {
    QDockWidget* dock = actions()->undoHistoryDock();
    ASSERT_NE(dock, nullptr);
    actions()->brushTool()->setMergeWindowMs(0);
    actions()->brushTool()->action()->trigger();
    document()->setActiveTerritory(1);
    stroke({0});
    EXPECT_EQ(document()->undoStack()->text(0).toStdString(), "Paint 1 area onto Territory 2");
    auto* view = qobject_cast<QUndoView*>(dock->widget());
    ASSERT_NE(view, nullptr);
    EXPECT_EQ(view->model()->rowCount(), 2);  // the opened project, then the stroke
    EXPECT_EQ(view->model()->index(1, 0).data().toString().toStdString(),
              "Paint 1 area onto Territory 2");
}

TEST_F(MapToolsTest, PolygonToolAssignsAreasAndAccountsInside) {
    PolygonTool* polygon = actions()->polygonTool();
    polygon->action()->trigger();
    document()->setActiveTerritory(1);
    // A triangle around the label points of areas 0, 1 and 4 (and their accounts).
    const QPoint a = at(0) + QPoint(-10, 10);
    const QPoint b = at(1) + QPoint(15, 10);
    const QPoint c = at(4) + QPoint(-10, -15);
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, a);
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, b);
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, c);
    EXPECT_EQ(polygon->vertices().size(), 3U);
    QTest::mouseDClick(canvas(), Qt::LeftButton, {}, c);
    EXPECT_TRUE(polygon->vertices().empty());
    EXPECT_EQ(territoryOf(0), 1);
    EXPECT_EQ(territoryOf(1), 1);
    EXPECT_EQ(territoryOf(4), 1);
    EXPECT_EQ(territoryOf(5), 0);
    EXPECT_EQ(document()->project().territoryOfAccount(0), 1);
    EXPECT_EQ(document()->undoStack()->count(), 1);
    EXPECT_EQ(document()->undoStack()->text(0).toStdString(),
              "Draw polygon onto Territory 2: 3 areas, 0 accounts");
    document()->undoStack()->undo();
    EXPECT_EQ(territoryOf(0), 0);
    EXPECT_EQ(document()->project().territoryOfAccount(0), 0);
}

TEST_F(MapToolsTest, PolygonToolOverridesAccountsWhoseAreaStaysOutside) {
    // An account inside the polygon whose area's label point is outside joins as an override;
    // a locked account does not.
    Project project = test::gridProject(4, 4, 2);
    Account inside = project.accounts[0];
    inside.id = "corner";
    inside.location = Point(0.1, 0.1);  // south-west corner of area 0
    project.accounts.push_back(inside);
    Account locked = inside;
    locked.id = "locked";
    locked.location = Point(0.15, 0.1);
    locked.locked = true;
    project.accounts.push_back(locked);
    (void)assignAccountsToAreas(project);
    document()->resetProject(std::move(project), QString());
    ASSERT_TRUE(waitUntil([this] { return canvas()->hasRendered(); }));
    actions()->polygonTool()->action()->trigger();
    document()->setActiveTerritory(1);
    const QPoint sw = canvas()->viewport().lonLatToScreen(Point(0.02, 0.02)).toPoint();
    const QPoint se = canvas()->viewport().lonLatToScreen(Point(0.3, 0.02)).toPoint();
    const QPoint nw = canvas()->viewport().lonLatToScreen(Point(0.02, 0.3)).toPoint();
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, sw);
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, se);
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, nw);
    QTest::mouseDClick(canvas(), Qt::LeftButton, {}, nw);
    const std::size_t count = document()->project().accounts.size();
    EXPECT_EQ(territoryOf(0), 0);  // its label point is outside
    EXPECT_EQ(document()->project().territoryOfAccount(static_cast<AccountIndex>(count - 2)), 1);
    EXPECT_EQ(document()->project().territoryOfAccount(static_cast<AccountIndex>(count - 1)), 0);
    document()->undoStack()->undo();
    EXPECT_EQ(document()->project().territoryOfAccount(static_cast<AccountIndex>(count - 2)), 0);
}

TEST_F(MapToolsTest, TerritoryEditsAreUndoable) {
    MapActions* map = actions();
    const std::size_t before = document()->project().territories.size();
    ASSERT_TRUE(map->pushEdit(territory_edits::create(document(), QStringLiteral("North")), {}));
    EXPECT_EQ(document()->project().territories.size(), before + 1);
    EXPECT_EQ(document()->undoStack()->text(0).toStdString(), "Create territory North");
    const auto north = static_cast<TerritoryIndex>(before);
    ASSERT_TRUE(
        map->pushEdit(territory_edits::rename(document(), north, QStringLiteral("Nord")), {}));
    EXPECT_EQ(document()->project().territories.back().name, "Nord");
    ASSERT_TRUE(map->pushEdit(territory_edits::recolour(document(), north, 0x123456), {}));
    EXPECT_EQ(document()->project().territories.back().color, 0x123456U);
    // Split areas 12 and 13 off into a new territory, then merge it into territory 0.
    ASSERT_TRUE(map->pushEdit(
        territory_edits::splitOff(document(), {12, 13}, QStringLiteral("Split")), {}));
    const auto split = static_cast<TerritoryIndex>(before + 1);
    EXPECT_EQ(territoryOf(12), split);
    EXPECT_EQ(territoryOf(13), split);
    ASSERT_TRUE(map->pushEdit(territory_edits::merge(document(), split, 1), {}));
    EXPECT_EQ(territoryOf(12), 1);
    EXPECT_EQ(document()->project().territories.size(), before + 1);
    // Deleting territory 0 unassigns its areas and renumbers the later ones.
    ASSERT_TRUE(map->pushEdit(territory_edits::remove(document(), 0), {}));
    EXPECT_EQ(territoryOf(0), kNoTerritory);
    EXPECT_EQ(territoryOf(3), 0);  // was territory 1
    EXPECT_EQ(document()->undoStack()->text(document()->undoStack()->count() - 1).toStdString(),
              "Delete territory Territory 1");
    // Nothing to do: no command.
    EXPECT_FALSE(map->pushEdit(territory_edits::rename(document(), 0, QStringLiteral("  ")),
                               QStringLiteral("why")));
    QUndoStack* stack = document()->undoStack();
    while (stack->canUndo()) {
        stack->undo();
    }
    const Project fresh = test::gridProject(4, 4, 2);
    EXPECT_EQ(document()->project().territories, fresh.territories);
    EXPECT_EQ(document()->project().alignment, fresh.alignment);
}
