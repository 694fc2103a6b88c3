// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <QSignalSpy>

#include "AppTestProject.h"
#include "app/Document.h"
#include "app/commands/ApplyBalanceCommand.h"
#include "app/commands/ReassignAreasCommand.h"

using namespace tessera;
using namespace tessera::app;

TEST(ReassignAreasCommand, StoresOldAndNewTerritoryPerArea) {
    Document document;
    document.resetProject(test::gridProject(2, 3, 3), QString());
    const std::vector<TerritoryIndex> before = document.project().alignment.areaTerritory;
    ASSERT_EQ(before, (std::vector<TerritoryIndex>{0, 1, 2, 0, 1, 2}));
    QSignalSpy changes(&document, &Document::changed);

    // Areas 0 (territory 0), 1 (territory 1) and 2 (already territory 2) to territory 2.
    auto* command = new ReassignAreasCommand(&document, {0, 1, 2}, 2);
    EXPECT_EQ(command->text(), QStringLiteral("Assign 2 areas to Territory 3"));
    EXPECT_EQ(command->areas(), (std::vector<AreaIndex>{0, 1}));
    document.undoStack()->push(command);
    EXPECT_EQ(document.project().alignment.areaTerritory,
              (std::vector<TerritoryIndex>{2, 2, 2, 0, 1, 2}));
    EXPECT_TRUE(document.isModified());
    ASSERT_EQ(changes.count(), 1);
    const auto event = changes.front().front().value<ChangeEvent>();
    EXPECT_EQ(event.kind, ChangeEvent::Kind::AreasReassigned);
    EXPECT_EQ(event.areas, (std::vector<AreaIndex>{0, 1}));
    EXPECT_EQ(document.metrics().territories[2].areas, 4U);

    document.undoStack()->undo();
    EXPECT_EQ(document.project().alignment.areaTerritory, before);
    EXPECT_EQ(document.metrics().territories[2].areas, 2U);
    EXPECT_FALSE(document.isModified());
    document.undoStack()->redo();
    EXPECT_EQ(document.project().alignment.areaTerritory[1], 2);
}

TEST(ReassignAreasCommand, ReadableTextForOneAreaAndForUnassigning) {
    Document document;
    document.resetProject(test::gridProject(1, 2, 2), QString());
    EXPECT_EQ(ReassignAreasCommand(&document, {0}, 1).text(),
              QStringLiteral("Assign 1 area to Territory 2"));
    EXPECT_EQ(ReassignAreasCommand(&document, {0, 1}, kNoTerritory).text(),
              QStringLiteral("Unassign 2 areas"));
    EXPECT_FALSE(ReassignAreasCommand(&document, {1}, 1).isEffective());
}

TEST(ApplyBalanceCommand, ReplacesTerritoriesAndAlignmentInOneUndoStep) {
    Document document;
    Project project = test::gridProject(2, 2, 2);
    project.alignment.accountOverrides[3] = 1;
    document.resetProject(project, QString());
    document.setActiveTerritory(1);

    std::vector<Territory> territories = {{"Only", 0x123456, kNoRep, false}};
    Alignment alignment;
    alignment.areaTerritory = {0, 0, 0, 0};
    document.undoStack()->push(new ApplyBalanceCommand(&document, territories, alignment,
                                                       QStringLiteral("Balance into 1 territory")));
    EXPECT_EQ(document.project().territories, territories);
    EXPECT_EQ(document.project().alignment, alignment);
    EXPECT_EQ(document.activeTerritory(), kNoTerritory);  // territory 2 is gone
    EXPECT_EQ(document.metrics().territories.size(), 1U);
    EXPECT_EQ(document.undoStack()->count(), 1);

    document.undoStack()->undo();
    EXPECT_EQ(document.project().territories, project.territories);
    EXPECT_EQ(document.project().alignment, project.alignment);
    EXPECT_EQ(document.metrics().territories.size(), 2U);
}

TEST(Document, AreaAtFindsTheAreaUnderALonLatPoint) {
    Document document;
    document.resetProject(test::gridProject(2, 2, 1), QString());
    EXPECT_EQ(document.areaAt(Point{1.5, 0.5}), 1);
    EXPECT_EQ(document.areaAt(Point{0.5, 1.5}), 2);
    EXPECT_EQ(document.areaAt(Point{5.0, 5.0}), -1);
}

TEST(Document, ResetClearsHistoryAndEditingState) {
    Document document;
    document.resetProject(test::gridProject(2, 2, 2), QString());
    document.setActiveTerritory(1);
    document.setSelectedArea(3);
    document.undoStack()->push(new ReassignAreasCommand(&document, {0}, 1));
    document.resetProject(test::gridProject(1, 1, 1), QStringLiteral("/tmp/x.tessera"));
    EXPECT_EQ(document.undoStack()->count(), 0);
    EXPECT_EQ(document.activeTerritory(), kNoTerritory);
    EXPECT_EQ(document.selectedArea(), -1);
    EXPECT_EQ(document.displayName(), QStringLiteral("x.tessera"));
    EXPECT_FALSE(document.isModified());
}
