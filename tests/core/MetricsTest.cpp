// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "TestAreas.h"
#include "core/AreaLocator.h"
#include "core/Metrics.h"

using namespace tessera;

namespace {
Project twoTerritoryProject() {
    Project project;
    project.areas = tessera::test::gridAreas(1, 3, 1.0);
    for (double lon : {0.5, 0.6, 1.5, 2.5}) {
        Account a;
        a.id = std::to_string(project.accounts.size());
        a.location = {lon, 0.5};
        a.locationSource = LocationSource::Coordinates;
        a.workload = 10;
        a.potential = 100;
        project.accounts.push_back(a);
    }
    project.territories = {{"T1", 0xff0000, kNoRep, false}, {"T2", 0x00ff00, kNoRep, false}};
    project.alignment.areaTerritory = {0, 1, 1};
    (void)assignAccountsToAreas(project);
    return project;
}
}  // namespace

TEST(Metrics, SumsAndDeviationFromEqualTargets) {
    const Project project = twoTerritoryProject();
    const PlanMetrics m = computeMetrics(project);
    ASSERT_EQ(m.territories.size(), 2U);
    EXPECT_EQ(m.territories[0].accounts, 2U);
    EXPECT_EQ(m.territories[1].areas, 2U);
    EXPECT_DOUBLE_EQ(m.territories[0].workloadTarget, 20.0);
    EXPECT_DOUBLE_EQ(m.territories[0].workloadDeviation, 0.0);
    EXPECT_DOUBLE_EQ(m.maxAbsWorkloadDeviation, 0.0);
}

TEST(Metrics, OverrideMovesAccountAndCapacityScalesTarget) {
    Project project = twoTerritoryProject();
    project.alignment.accountOverrides[3] = 0;  // the account in area 2 goes to T1
    project.reps = {{"Half", {0, 0}, false, 0.5, {}}, {"Full", {0, 0}, false, 1.0, {}}};
    project.territories[0].rep = 0;
    project.territories[1].rep = 1;
    const PlanMetrics m = computeMetrics(project);
    EXPECT_EQ(m.territories[0].accounts, 3U);
    EXPECT_NEAR(m.territories[0].workloadTarget, 40.0 / 3.0, 1e-9);
    EXPECT_NEAR(m.territories[0].workloadDeviation, (30.0 - 40.0 / 3.0) / (40.0 / 3.0), 1e-9);
}

TEST(Metrics, UnassignedAreasAndUnlocatedAccountsAreCounted) {
    Project project = twoTerritoryProject();
    project.alignment.areaTerritory[2] = kNoTerritory;
    project.accounts[0].locationSource = LocationSource::None;
    (void)assignAccountsToAreas(project);
    const PlanMetrics m = computeMetrics(project);
    EXPECT_EQ(m.unassignedAreas, 1U);
    EXPECT_EQ(m.unassignedAccounts, 1U);
    EXPECT_EQ(m.unlocatedAccounts, 1U);
    EXPECT_DOUBLE_EQ(m.totalWorkload, 20.0);
}
