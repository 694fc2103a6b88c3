// SPDX-License-Identifier: Apache-2.0
// Balancing a project: measures by name, rep capacities, locks on areas, accounts and
// territories, skills, modes (rebalance, add/remove a rep, how many reps), rep matching.
#include "engine/ProjectBalancing.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "../core/TestAreas.h"
#include "core/AreaGraphBuilder.h"
#include "core/AreaLocator.h"
#include "engine/RepMatching.h"

namespace tessera::engine {
namespace {

/// rows × cols grid of 0.1° squares, one account per area (workload 10 + column, potential
/// 100 × (index + 1)), `territories` vertical bands with one rep each (no home).
Project gridProject(int rows, int cols, int territories) {
    Project project;
    project.areas = test::gridAreas(rows, cols, 0.1);
    for (std::size_t i = 0; i < project.areas.size(); ++i) {
        Account account;
        account.id = "A" + std::to_string(i);
        account.location = project.areas[i].labelPoint;
        account.locationSource = LocationSource::Coordinates;
        account.workload = 10.0 + static_cast<double>(i % static_cast<std::size_t>(cols));
        account.potential = 100.0 * static_cast<double>(i + 1);
        project.accounts.push_back(account);
    }
    project.graph = buildAreaGraph(project.areas);
    (void)assignAccountsToAreas(project);
    for (int t = 0; t < territories; ++t) {
        Rep rep;
        rep.name = "Rep " + std::to_string(t + 1);
        project.reps.push_back(rep);
        Territory territory;
        territory.name = "Territory " + std::to_string(t + 1);
        territory.rep = t;
        project.territories.push_back(territory);
    }
    project.alignment.areaTerritory.resize(project.areas.size());
    for (std::size_t i = 0; i < project.areas.size(); ++i) {
        project.alignment.areaTerritory[i] = static_cast<int>(i) % cols * territories / cols;
    }
    return project;
}

BalanceOptions quick(std::uint64_t seed = 1) {
    BalanceOptions options;
    options.seed = seed;
    options.effort = 0.3;
    options.starts = 1;
    options.timeLimitSeconds = 600.0;
    return options;
}

/// Workload per territory of a project, recomputed from its accounts.
std::vector<double> workloads(const Project& project) {
    std::vector<double> sums(project.territories.size(), 0.0);
    for (std::size_t i = 0; i < project.accounts.size(); ++i) {
        const TerritoryIndex t = project.territoryOfAccount(static_cast<AccountIndex>(i));
        if (t >= 0) {
            sums[static_cast<std::size_t>(t)] += project.accounts[i].workload;
        }
    }
    return sums;
}

TEST(ProjectBalancingTest, WorkloadAndPotentialBothWithinTheirBands) {
    const Project project = gridProject(8, 8, 4);
    ProjectBalanceSettings settings;
    settings.mode = ProjectMode::FromScratch;
    settings.territoryCount = 4;
    settings.measures = {"workload", "potential"};
    settings.tolerances = {0.05, 0.15};
    const auto run = balanceProject(project, settings, quick());
    ASSERT_TRUE(run) << run.error().message;
    const BalanceReport& report = run->result.report;
    ASSERT_EQ(report.measures.size(), 2U);
    EXPECT_TRUE(report.toleranceMet) << report.message;
    EXPECT_TRUE(report.contiguous);
    EXPECT_FALSE(report.polsbyPopper.empty());
    const Project next = applyProjectBalance(project, *run);
    const std::vector<double> sums = workloads(next);
    const double total = std::accumulate(sums.begin(), sums.end(), 0.0);
    for (double s : sums) {
        EXPECT_LE(std::abs(s - total / 4.0), total / 4.0 * 0.05 + 1e-9);
    }
}

TEST(ProjectBalancingTest, UnknownMeasureIsAnErrorListingTheChoices) {
    const Project project = gridProject(3, 3, 2);
    ProjectBalanceSettings settings;
    settings.territoryCount = 2;
    settings.measures = {"revenue"};
    const auto run = balanceProject(project, settings, quick());
    ASSERT_FALSE(run);
    EXPECT_NE(run.error().message.find("no measure 'revenue'; choose from workload"),
              std::string::npos)
        << run.error().message;
}

TEST(ProjectBalancingTest, HalfTimeRepGetsHalfTheWorkload) {
    Project project = gridProject(6, 6, 3);
    project.reps[0].capacity = 0.5;
    ProjectBalanceSettings settings;
    settings.mode = ProjectMode::Rebalance;
    settings.tolerances = {0.05};
    const auto run = balanceProject(project, settings, quick());
    ASSERT_TRUE(run) << run.error().message;
    EXPECT_TRUE(run->result.report.toleranceMet) << run->result.report.message;
    const std::vector<double> sums = workloads(applyProjectBalance(project, *run));
    EXPECT_NEAR(sums[0] / sums[1], 0.5, 0.06);
    EXPECT_NEAR(sums[1] / sums[2], 1.0, 0.11);
}

TEST(ProjectBalancingTest, LocksOnAreasAccountsAndTerritoriesAreHeld) {
    Project project = gridProject(6, 6, 3);
    project.areas[0].locked = true;  // territory 0 (column 0)
    project.areas[5].locked = true;  // territory 2 (column 5)
    project.accounts[17].locked = true;
    const TerritoryIndex lockedAccountTerritory = project.territoryOfAccount(17);
    project.alignment.accountOverrides[3] = 0;  // an account in column 3 served by territory 0
    project.territories[1].locked = true;       // frozen
    ProjectBalanceSettings settings;
    settings.mode = ProjectMode::Rebalance;
    settings.tolerances = {0.10};
    const auto run = balanceProject(project, settings, quick());
    ASSERT_TRUE(run) << run.error().message;
    const Project next = applyProjectBalance(project, *run);
    EXPECT_EQ(next.alignment.areaTerritory[0], 0);
    EXPECT_EQ(next.alignment.areaTerritory[5], 2);
    EXPECT_EQ(next.territoryOfAccount(17), lockedAccountTerritory);
    EXPECT_EQ(next.territoryOfAccount(3), 0);
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        EXPECT_EQ(next.alignment.areaTerritory[a] == 1, project.alignment.areaTerritory[a] == 1)
            << "the frozen territory changed at area " << a;
    }
    EXPECT_EQ(run->result.report.lockViolations, 0U);
}

TEST(ProjectBalancingTest, AccountsNeedingASkillGoOnlyToRepsWhoHaveIt) {
    Project project = gridProject(6, 6, 3);
    project.reps[2].skills = {"Spanish"};
    for (std::size_t i = 0; i < project.accounts.size(); i += 4) {
        project.accounts[i].requiredSkill = "Spanish";
    }
    project.accounts[1].requiredSkill = "Klingon";  // no rep has it
    for (const ProjectMode mode : {ProjectMode::FromScratch, ProjectMode::Rebalance}) {
        ProjectBalanceSettings settings;
        settings.mode = mode;
        settings.territoryCount = 3;
        settings.tolerances = {0.10};
        const auto run = balanceProject(project, settings, quick());
        ASSERT_TRUE(run) << run.error().message;
        EXPECT_EQ(run->unservableAccounts, 1U);
        const Project next = applyProjectBalance(project, *run);
        for (std::size_t i = 0; i < next.accounts.size(); ++i) {
            if (next.accounts[i].requiredSkill == "Spanish") {
                EXPECT_EQ(next.territoryOfAccount(static_cast<AccountIndex>(i)), 2)
                    << "account " << i;
            }
        }
        EXPECT_TRUE(run->result.report.toleranceMet) << run->result.report.message;
        EXPECT_FALSE(run->notes.empty());
    }
}

TEST(ProjectBalancingTest, AddingARepCarvesANewTerritoryAndRebalances) {
    const Project project = gridProject(6, 6, 3);
    ProjectBalanceSettings settings;
    settings.mode = ProjectMode::AddTerritory;
    settings.tolerances = {0.10};
    BalanceOptions options = quick();
    options.disruptionWeight = 1.0;
    const auto run = balanceProject(project, settings, options);
    ASSERT_TRUE(run) << run.error().message;
    ASSERT_EQ(run->territories.size(), 4U);
    EXPECT_EQ(run->territories[0].name, "Territory 1");
    EXPECT_TRUE(run->result.report.toleranceMet) << run->result.report.message;
    EXPECT_TRUE(run->result.report.contiguous);
    EXPECT_GT(run->result.report.movedNodes, 0U);
    EXPECT_LT(run->result.report.movedNodes, project.areas.size());
}

TEST(ProjectBalancingTest, RemovingARepSpreadsItsAreasOverTheOthers) {
    const Project project = gridProject(6, 6, 3);
    ProjectBalanceSettings settings;
    settings.mode = ProjectMode::RemoveTerritory;
    settings.removedTerritory = 1;
    settings.tolerances = {0.10};
    BalanceOptions options = quick();
    options.disruptionWeight = 1.0;
    const auto run = balanceProject(project, settings, options);
    ASSERT_TRUE(run) << run.error().message;
    ASSERT_EQ(run->territories.size(), 2U);
    EXPECT_EQ(run->territories[1].name, "Territory 3");
    EXPECT_TRUE(run->result.report.toleranceMet) << run->result.report.message;
    EXPECT_TRUE(run->result.report.contiguous);
    // Areas of the territories that stay mostly stay.
    std::size_t kept = 0;
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        const TerritoryIndex before = project.alignment.areaTerritory[a];
        if (before != 1 && run->alignment.areaTerritory[a] == (before == 0 ? 0 : 1)) {
            ++kept;
        }
    }
    EXPECT_GE(kept, 18U);
}

TEST(ProjectBalancingTest, HowManyRepsFollowsFromTheWorkloadPerRep) {
    const Project project = gridProject(6, 6, 3);
    double total = 0.0;
    for (const Account& account : project.accounts) {
        total += account.workload;
    }
    ProjectBalanceSettings settings;
    settings.mode = ProjectMode::HowMany;
    settings.workloadPerRep = total / 4.5;  // 4.5 reps' worth: 5 territories
    settings.tolerances = {0.10};
    const auto run = balanceProject(project, settings, quick());
    ASSERT_TRUE(run) << run.error().message;
    EXPECT_EQ(run->territoryCount, 5U);
    EXPECT_EQ(run->territories.size(), 5U);
    EXPECT_NE(run->notes.front().find("needs 5 reps"), std::string::npos) << run->notes.front();
}

TEST(ProjectBalancingTest, RepsAreMatchedToTheNearestTerritories) {
    Project project = gridProject(6, 6, 2);
    // Rep 0 lives at the east edge, rep 1 at the west edge.
    project.reps[0].home = Point(0.58, 0.3);
    project.reps[0].hasHome = true;
    project.reps[1].home = Point(0.02, 0.3);
    project.reps[1].hasHome = true;
    ProjectBalanceSettings settings;
    settings.territoryCount = 2;
    settings.tolerances = {0.10};
    BalanceOptions options = quick();
    options.travelWeight = 1.0;
    const auto run = balanceProject(project, settings, options);
    ASSERT_TRUE(run) << run.error().message;
    // The area at each home belongs to that home's rep.
    EXPECT_EQ(run->alignment.areaTerritory[2 * 6 + 5], 0);
    EXPECT_EQ(run->alignment.areaTerritory[2 * 6 + 0], 1);
}

TEST(RepMatchingTest, HungarianFindsTheOptimumOfEverySmallMatrix) {
    std::uint64_t state = 7;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<double>((state >> 33) % 100);
    };
    for (std::size_t size = 1; size <= 6; ++size) {
        for (int round = 0; round < 20; ++round) {
            std::vector<double> cost(size * size);
            for (double& c : cost) {
                c = next();
            }
            std::vector<std::size_t> permutation(size);
            std::iota(permutation.begin(), permutation.end(), 0U);
            double best = std::numeric_limits<double>::infinity();
            do {
                double sum = 0.0;
                for (std::size_t r = 0; r < size; ++r) {
                    sum += cost[r * size + permutation[r]];
                }
                best = std::min(best, sum);
            } while (std::next_permutation(permutation.begin(), permutation.end()));
            const std::vector<std::size_t> found = solveAssignment(cost, size);
            double sum = 0.0;
            std::vector<char> used(size, 0);
            for (std::size_t r = 0; r < size; ++r) {
                ASSERT_LT(found[r], size);
                EXPECT_FALSE(used[found[r]]);
                used[found[r]] = 1;
                sum += cost[r * size + found[r]];
            }
            EXPECT_DOUBLE_EQ(sum, best);
        }
    }
}

}  // namespace
}  // namespace tessera::engine

namespace tessera::engine {
namespace {

TEST(ProjectBalancingTest, MessagesNameTheAreaByItsCode) {
    Project project = gridProject(4, 4, 2);
    project.accounts[5].workload = 1000.0;  // far heavier than any target allows
    ProjectBalanceSettings settings;
    settings.territoryCount = 2;
    const auto run = balanceProject(project, settings, quick());
    ASSERT_TRUE(run) << run.error().message;
    const std::string& reason = run->result.report.measures[0].lowerBoundReason;
    EXPECT_NE(reason.find("area " + project.areas[5].code), std::string::npos) << reason;
    EXPECT_EQ(reason.find("node "), std::string::npos) << reason;
}

}  // namespace
}  // namespace tessera::engine
