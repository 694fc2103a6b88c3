// SPDX-License-Identifier: Apache-2.0
// Draws a polygon territory and edits its corners with synthesized mouse and keyboard events,
// as a person would: checks what joined or went back, undoes and checks again.

#include <gtest/gtest.h>

#include <QAction>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include "AppTestProject.h"
#include "GuiWait.h"
#include "app/Document.h"
#include "app/MainWindow.h"
#include "app/MapActions.h"
#include "app/canvas/MapCanvas.h"
#include "app/commands/TerritoryEdits.h"
#include "app/tools/EditPolygonTool.h"
#include "app/tools/PolygonTool.h"
#include "app/tools/ToolManager.h"

using namespace tessera;
using namespace tessera::app;

namespace {

using test::waitUntil;

// Grid 4 × 4 of 1° squares, areas numbered row by row from the south-west (area i has its
// label point, and its account, at (i % 4 + 0.5, i / 4 + 0.5)); columns 0–1 are territory 0
// ("Territory 1"), columns 2–3 territory 1 ("Territory 2").
class EditPolygonToolTest : public ::testing::Test {
protected:
    void SetUp() override { open(test::gridProject(4, 4, 2)); }

    void open(Project project) {
        window_ = std::make_unique<MainWindow>();
        window_->resize(1200, 800);
        window_->document()->resetProject(std::move(project), QString());
        window_->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window_.get()));
        ASSERT_TRUE(waitUntil([this] { return canvas()->hasRendered(); }));
    }

    Document* document() const { return window_->document(); }
    const Project& project() const { return document()->project(); }
    MapCanvas* canvas() const { return window_->canvas(); }
    EditPolygonTool* tool() const { return window_->mapActions()->editPolygonTool(); }
    QUndoStack* stack() const { return document()->undoStack(); }
    TerritoryIndex territoryOf(std::size_t area) const {
        return project().alignment.areaTerritory[area];
    }
    QPoint screen(double lon, double lat) const {
        return canvas()->viewport().lonLatToScreen(Point(lon, lat)).toPoint();
    }
    /// Where corner `i` of drawn polygon `p` is on the canvas.
    QPoint corner(std::size_t p, std::size_t i) const {
        return canvas()->viewport().lonLatToScreen(project().drawnPolygons[p].ring[i]).toPoint();
    }

    /// Draws a polygon with the Draw Polygon tool onto `territory` (lon/lat corners).
    void draw(const std::vector<Point>& corners, TerritoryIndex territory) {
        window_->mapActions()->polygonTool()->action()->trigger();
        document()->setActiveTerritory(territory);
        for (const Point& p : corners) {
            QTest::mouseClick(canvas(), Qt::LeftButton, {}, screen(p.x(), p.y()));
        }
        QTest::mouseDClick(canvas(), Qt::LeftButton, {},
                           screen(corners.back().x(), corners.back().y()));
    }

    /// Switches to the Edit Polygon tool and picks the polygon by clicking at (lon, lat).
    void pickAt(double lon, double lat) {
        tool()->action()->trigger();
        QTest::mouseClick(canvas(), Qt::LeftButton, {}, screen(lon, lat));
    }

    /// A press, several moves and a release: one drag.
    void drag(const QPoint& from, const QPoint& to) {
        QTest::mousePress(canvas(), Qt::LeftButton, {}, from);
        for (int step = 1; step <= 4; ++step) {
            QTest::mouseMove(canvas(), from + (to - from) * step / 4);
        }
        QTest::mouseRelease(canvas(), Qt::LeftButton, {}, to);
    }

    std::unique_ptr<MainWindow> window_;
};

/// Around the label points of areas 0 and 1.
const std::vector<Point> kBottomRow = {Point(0.2, 0.2), Point(1.8, 0.2), Point(1.8, 0.8),
                                       Point(0.2, 0.8)};

}  // namespace

TEST_F(EditPolygonToolTest, DrawnPolygonIsKeptAndItsUndoRemovesIt) {
    draw(kBottomRow, 1);
    ASSERT_EQ(project().drawnPolygons.size(), 1U);
    const DrawnPolygon& polygon = project().drawnPolygons[0];
    EXPECT_EQ(polygon.territory, 1);
    EXPECT_EQ(polygon.ring.size(), 4U);
    EXPECT_EQ(polygon.capturedAreas,
              (std::vector<CapturedArea>{CapturedArea{0, 0}, CapturedArea{1, 0}}));
    EXPECT_EQ(territoryOf(0), 1);
    stack()->undo();
    EXPECT_TRUE(project().drawnPolygons.empty());
    EXPECT_EQ(territoryOf(0), 0);
    stack()->redo();
    EXPECT_EQ(project().drawnPolygons.size(), 1U);
}

TEST_F(EditPolygonToolTest, DraggingACornerMovesAreasInAndOutAsOneUndoStep) {
    draw(kBottomRow, 1);
    pickAt(1.0, 0.5);
    ASSERT_EQ(tool()->pickedPolygon(), 0);
    ASSERT_EQ(window_->findChild<ToolManager*>()->activeTool(), tool());
    const std::vector<Point> drawn = project().drawnPolygons[0].ring;
    const int before = stack()->count();

    // North-east corner up to (1.8, 1.8): area 5's label point (1.5, 1.5) is now inside.
    drag(corner(0, 2), screen(1.8, 1.8));
    EXPECT_EQ(stack()->count(), before + 1);  // the whole drag is one command
    EXPECT_EQ(stack()->text(stack()->count() - 1).toStdString(),
              "Move vertex of polygon in 'Territory 2'");
    EXPECT_EQ(territoryOf(5), 1);
    EXPECT_EQ(territoryOf(4), 0);  // (0.5, 1.5) stays outside the slanted edge
    EXPECT_EQ(project().territoryOfAccount(5), 1);
    EXPECT_NEAR(project().drawnPolygons[0].ring[2].y(), 1.8, 0.01);

    stack()->undo();
    EXPECT_EQ(territoryOf(5), 0);
    EXPECT_EQ(project().territoryOfAccount(5), 0);
    const DrawnPolygon asDrawn{1, drawn, {{0, 0}, {1, 0}}, {}};
    EXPECT_TRUE(project().drawnPolygons[0] == asDrawn);
    stack()->redo();
    EXPECT_EQ(territoryOf(5), 1);

    // South-east corner west to (0.9, 0.2): area 1's label point (1.5, 0.5) leaves and goes
    // back to the territory it had before the polygon took it.
    drag(corner(0, 1), screen(0.9, 0.2));
    EXPECT_EQ(territoryOf(1), 0);
    EXPECT_EQ(territoryOf(0), 1);
    EXPECT_EQ(territoryOf(5), 1);
    stack()->undo();
    EXPECT_EQ(territoryOf(1), 1);
}

TEST_F(EditPolygonToolTest, MidEdgeHandleInsertsAndRightClickOrDeleteRemoves) {
    // A triangle holding area 0 only.
    draw({Point(0.2, 0.2), Point(1.6, 0.2), Point(0.2, 1.6)}, 1);
    pickAt(0.5, 0.5);
    ASSERT_EQ(tool()->pickedPolygon(), 0);
    const int before = stack()->count();
    const QPoint middle = (corner(0, 1) + corner(0, 2)) / 2;
    drag(middle, screen(1.7, 1.7));
    ASSERT_EQ(project().drawnPolygons[0].ring.size(), 4U);
    EXPECT_EQ(stack()->count(), before + 1);
    EXPECT_EQ(stack()->text(stack()->count() - 1).toStdString(),
              "Insert vertex in polygon in 'Territory 2'");
    EXPECT_EQ(territoryOf(1), 1);
    EXPECT_EQ(territoryOf(4), 1);
    EXPECT_EQ(territoryOf(5), 1);
    stack()->undo();
    EXPECT_EQ(project().drawnPolygons[0].ring.size(), 3U);
    EXPECT_EQ(territoryOf(1), 0);
    EXPECT_EQ(territoryOf(4), 0);
    EXPECT_EQ(territoryOf(5), 0);
    stack()->redo();

    // Right-click the inserted corner: it goes, and so do the areas it brought in.
    QTest::mouseClick(canvas(), Qt::RightButton, {}, corner(0, 2));
    EXPECT_EQ(project().drawnPolygons[0].ring.size(), 3U);
    EXPECT_EQ(stack()->text(stack()->count() - 1).toStdString(),
              "Delete vertex of polygon in 'Territory 2'");
    EXPECT_EQ(territoryOf(5), 0);
    stack()->undo();
    EXPECT_EQ(project().drawnPolygons[0].ring.size(), 4U);
    EXPECT_EQ(territoryOf(5), 1);

    // The same with the Delete key on the corner under the cursor.
    QTest::mouseMove(canvas(), corner(0, 2));
    QTest::keyClick(canvas(), Qt::Key_Delete);
    EXPECT_EQ(project().drawnPolygons[0].ring.size(), 3U);
    EXPECT_EQ(territoryOf(5), 0);

    // Three corners are the floor: nothing is deleted, and the status bar says why.
    QSignalSpy messages(tool(), &AbstractTool::statusMessage);
    const int count = stack()->count();
    QTest::mouseClick(canvas(), Qt::RightButton, {}, corner(0, 0));
    EXPECT_EQ(project().drawnPolygons[0].ring.size(), 3U);
    EXPECT_EQ(stack()->count(), count);
    ASSERT_FALSE(messages.isEmpty());
    EXPECT_TRUE(messages.last().at(0).toString().contains(QStringLiteral("at least three")));
}

TEST_F(EditPolygonToolTest, LockedAreasAndAccountsStayWhereTheyAre) {
    Project locked = test::gridProject(4, 4, 2);
    locked.areas[5].locked = true;
    locked.accounts[4].locked = true;
    // Area 4's account is locked, but the account follows its area unless it has an override:
    // give it one to territory 0 so that the lock is what keeps it there.
    locked.alignment.accountOverrides[4] = 0;
    open(std::move(locked));
    draw(kBottomRow, 1);
    pickAt(1.0, 0.5);
    QSignalSpy messages(tool(), &AbstractTool::statusMessage);
    // Grow over the whole second row.
    drag(corner(0, 2), screen(1.8, 1.8));
    drag(corner(0, 3), screen(0.2, 1.8));
    EXPECT_EQ(territoryOf(4), 1);
    EXPECT_EQ(territoryOf(5), 0);                   // locked area
    EXPECT_EQ(project().territoryOfAccount(4), 0);  // locked account
    ASSERT_FALSE(messages.isEmpty());
    EXPECT_TRUE(messages.last().at(0).toString().contains(QStringLiteral("locked")));
    stack()->undo();
    stack()->undo();
    EXPECT_EQ(territoryOf(4), 0);
}

TEST_F(EditPolygonToolTest, EdgesThatWouldCrossAreRefused) {
    draw(kBottomRow, 1);
    pickAt(1.0, 0.5);
    const int count = stack()->count();
    const DrawnPolygon before = project().drawnPolygons[0];
    QSignalSpy messages(tool(), &AbstractTool::statusMessage);
    // The north-east corner dragged below the south edge: a bow tie.
    drag(corner(0, 2), screen(1.0, -0.5));
    EXPECT_EQ(stack()->count(), count);
    EXPECT_TRUE(project().drawnPolygons[0] == before);
    ASSERT_FALSE(messages.isEmpty());
    EXPECT_TRUE(messages.last().at(0).toString().contains(QStringLiteral("cross")));
}

TEST_F(EditPolygonToolTest, EscapeLeavesAndClickingElsewhereUnpicks) {
    draw(kBottomRow, 1);
    pickAt(1.0, 0.5);
    ASSERT_EQ(tool()->pickedPolygon(), 0);
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, screen(3.5, 3.5));
    EXPECT_EQ(tool()->pickedPolygon(), -1);
    QTest::mouseClick(canvas(), Qt::LeftButton, {}, screen(1.8, 0.5));  // on its east edge
    EXPECT_EQ(tool()->pickedPolygon(), 0);
    QTest::keyClick(canvas(), Qt::Key_Escape);
    EXPECT_NE(window_->findChild<ToolManager*>()->activeTool(), tool());
    EXPECT_EQ(tool()->pickedPolygon(), -1);
}

TEST_F(EditPolygonToolTest, DeletingOrMergingTheTerritoryLeavesNoDanglingPolygon) {
    draw(kBottomRow, 1);
    ASSERT_EQ(project().drawnPolygons.size(), 1U);
    MapActions* map = window_->mapActions();
    // Deleting territory 1 drops its polygon (it was part of it); undo brings both back.
    ASSERT_TRUE(map->pushEdit(territory_edits::remove(document(), 1), {}));
    EXPECT_TRUE(project().drawnPolygons.empty());
    stack()->undo();
    ASSERT_EQ(project().drawnPolygons.size(), 1U);
    EXPECT_EQ(project().drawnPolygons[0].territory, 1);
    // Merging territory 1 into 0: the polygon belongs to 0, and what it took from 0 reads as
    // taken from 0 still.
    ASSERT_TRUE(map->pushEdit(territory_edits::merge(document(), 1, 0), {}));
    ASSERT_EQ(project().drawnPolygons.size(), 1U);
    EXPECT_EQ(project().drawnPolygons[0].territory, 0);
    stack()->undo();
    EXPECT_EQ(project().drawnPolygons[0].territory, 1);
    // Deleting territory 0 (from which the polygon took areas 0 and 1): they would go back to
    // "unassigned" now.
    ASSERT_TRUE(map->pushEdit(territory_edits::remove(document(), 0), {}));
    ASSERT_EQ(project().drawnPolygons.size(), 1U);
    EXPECT_EQ(project().drawnPolygons[0].territory, 0);
    EXPECT_EQ(project().drawnPolygons[0].capturedAreas[0].before, kNoTerritory);
}
