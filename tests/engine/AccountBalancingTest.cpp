// SPDX-License-Identifier: Apache-2.0
// Account mode: every account is a unit of its own. Small instances against exhaustive
// search (geographic: connected in the accounts' graph, fewest cut edges; non-geographic:
// least moment of inertia), locks and skills held, the plan written back as areas plus
// account overrides, determinism, cancel.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <set>

#include "../core/TestAreas.h"
#include "core/AreaGraphBuilder.h"
#include "core/AreaLocator.h"
#include "engine/AccountGraph.h"
#include "engine/ProjectBalancing.h"

namespace tessera::engine {
namespace {

BalanceOptions quick(std::uint64_t seed = 1) {
    BalanceOptions options;
    options.seed = seed;
    options.effort = 0.3;
    options.starts = 1;
    options.timeLimitSeconds = 600.0;
    return options;
}

Account accountAt(const std::string& id, double lon, double lat, double workload) {
    Account account;
    account.id = id;
    account.location = Point(lon, lat);
    account.locationSource = LocationSource::Coordinates;
    account.workload = workload;
    account.potential = workload * 10.0;
    return account;
}

/// Accounts only (no areas): `count` scattered points with uneven workloads.
Project scatteredAccounts(std::size_t count, std::size_t territories) {
    Project project;
    const double lon[] = {0.00, 0.31, 0.05, 0.52, 0.23, 0.71, 0.44, 0.12, 0.63, 0.90, 0.35, 0.80};
    const double lat[] = {0.10, 0.02, 0.47, 0.33, 0.70, 0.12, 0.91, 0.83, 0.60, 0.44, 0.25, 0.77};
    const double work[] = {7, 3, 5, 9, 4, 6, 2, 8, 5, 3, 6, 4};
    for (std::size_t i = 0; i < count; ++i) {
        project.accounts.push_back(
            accountAt("C" + std::to_string(i), 10.0 + lon[i], 50.0 + lat[i], work[i]));
    }
    project.accountArea.assign(count, kNoArea);
    for (std::size_t t = 0; t < territories; ++t) {
        project.reps.push_back(Rep{"Rep " + std::to_string(t + 1), {}, false, 1.0, {}});
        project.territories.push_back(
            {"T" + std::to_string(t + 1), 0x808080, static_cast<RepIndex>(t), false});
    }
    return project;
}

/// Moment of inertia as the engine reports it: planar km about the mean latitude, unit mass.
double inertiaOf(const Project& project, const std::vector<int>& plan, std::size_t count) {
    double meanLat = 0.0;
    for (const Account& a : project.accounts) {
        meanLat += a.location.y();
    }
    meanLat /= static_cast<double>(project.accounts.size());
    const double shrink = std::cos(meanLat * std::numbers::pi / 180.0);
    double total = 0.0;
    for (std::size_t t = 0; t < count; ++t) {
        double c = 0.0, sx = 0.0, sy = 0.0, sq = 0.0;
        for (std::size_t i = 0; i < plan.size(); ++i) {
            if (plan[i] != static_cast<int>(t)) {
                continue;
            }
            const double x = project.accounts[i].location.x() * shrink * 111.195;
            const double y = project.accounts[i].location.y() * 111.195;
            c += 1.0;
            sx += x;
            sy += y;
            sq += x * x + y * y;
        }
        if (c > 0.0) {
            total += sq - (sx * sx + sy * sy) / c;
        }
    }
    return total;
}

/// Calls visit(plan) for every assignment of n nodes to `count` territories.
void everyPlan(std::size_t n, std::size_t count,
               const std::function<void(const std::vector<int>&)>& visit) {
    std::vector<int> plan(n, 0);
    while (true) {
        visit(plan);
        std::size_t i = 0;
        while (i < n && ++plan[i] == static_cast<int>(count)) {
            plan[i++] = 0;
        }
        if (i == n) {
            return;
        }
    }
}

bool withinBand(const Project& project, const std::vector<int>& plan, std::size_t count,
                double tolerance) {
    double total = 0.0;
    std::vector<double> load(count, 0.0);
    for (std::size_t i = 0; i < plan.size(); ++i) {
        load[static_cast<std::size_t>(plan[i])] += project.accounts[i].workload;
        total += project.accounts[i].workload;
    }
    const double target = total / static_cast<double>(count);
    for (double l : load) {
        if (std::abs(l - target) > tolerance * target + 1e-9) {
            return false;
        }
    }
    return true;
}

TEST(AccountBalancingTest, NonGeographicFindsTheLeastInertiaPlanInTheBand) {
    for (const std::size_t count : {2U, 3U}) {
        const Project project = scatteredAccounts(10, count);
        ProjectBalanceSettings settings;
        settings.units = BalanceUnits::Accounts;
        settings.nonGeographic = true;
        settings.territoryCount = count;
        settings.tolerances = {0.06};
        double best = std::numeric_limits<double>::infinity();
        everyPlan(10, count, [&](const std::vector<int>& plan) {
            if (withinBand(project, plan, count, 0.06)) {
                best = std::min(best, inertiaOf(project, plan, count));
            }
        });
        ASSERT_TRUE(std::isfinite(best));
        const auto run = balanceProject(project, settings, quick());
        ASSERT_TRUE(run) << run.error().message;
        EXPECT_TRUE(run->result.report.toleranceMet) << run->result.report.message;
        EXPECT_EQ(run->units, BalanceUnits::Accounts);
        ASSERT_EQ(run->unitAccounts.size(), 10U);
        std::vector<int> plan(run->result.assignment.begin(), run->result.assignment.end());
        EXPECT_NEAR(inertiaOf(project, plan, count), best, 1e-6 * best) << count;
        EXPECT_NEAR(run->result.report.inertiaKm2, best, 1e-6 * best);
    }
}

TEST(AccountBalancingTest, GeographicFindsTheFewestCutEdgesAmongConnectedPlans) {
    const Project project = scatteredAccounts(12, 2);
    AccountGraphSettings graphSettings;
    graphSettings.nearest = 3;
    std::vector<AccountIndex> units(12);
    for (std::size_t i = 0; i < 12; ++i) {
        units[i] = static_cast<AccountIndex>(i);
    }
    const AreaGraph graph = buildAccountGraph(project, units, graphSettings);
    std::size_t parts = 0;
    (void)graph.componentLabels(&parts);
    ASSERT_EQ(parts, 1U);
    auto connected = [&](const std::vector<int>& plan, int t) {
        std::vector<char> seen(12, 0);
        int start = -1;
        int size = 0;
        for (int v = 0; v < 12; ++v) {
            if (plan[static_cast<std::size_t>(v)] == t) {
                start = v;
                ++size;
            }
        }
        if (start < 0) {
            return false;
        }
        std::vector<std::uint32_t> stack{static_cast<std::uint32_t>(start)};
        seen[static_cast<std::size_t>(start)] = 1;
        int reached = 1;
        while (!stack.empty()) {
            const std::uint32_t v = stack.back();
            stack.pop_back();
            for (const auto& nb : graph.neighbours(v)) {
                if (!seen[nb.node] && plan[nb.node] == t) {
                    seen[nb.node] = 1;
                    ++reached;
                    stack.push_back(nb.node);
                }
            }
        }
        return reached == size;
    };
    std::size_t best = std::numeric_limits<std::size_t>::max();
    everyPlan(12, 2, [&](const std::vector<int>& plan) {
        if (!withinBand(project, plan, 2, 0.05) || !connected(plan, 0) || !connected(plan, 1)) {
            return;
        }
        std::size_t cut = 0;
        for (const AreaEdge& e : graph.edges()) {
            cut += !e.bridge && plan[e.a] != plan[e.b] ? 1 : 0;
        }
        best = std::min(best, cut);
    });
    ASSERT_NE(best, std::numeric_limits<std::size_t>::max());
    ProjectBalanceSettings settings;
    settings.units = BalanceUnits::Accounts;
    settings.accountNeighbours = 3;
    settings.territoryCount = 2;
    settings.tolerances = {0.05};
    const auto run = balanceProject(project, settings, quick());
    ASSERT_TRUE(run) << run.error().message;
    EXPECT_TRUE(run->result.report.toleranceMet) << run->result.report.message;
    EXPECT_TRUE(run->result.report.contiguous);
    EXPECT_EQ(run->result.report.cutEdges, best);
}

/// rows × cols grid of 0.1° areas with `perArea` accounts each; `territories` reps.
Project gridWithAccounts(int rows, int cols, int perArea, int territories) {
    Project project;
    project.areas = test::gridAreas(rows, cols, 0.1);
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        for (int j = 0; j < perArea; ++j) {
            const Point c = project.areas[a].labelPoint;
            project.accounts.push_back(accountAt("A" + std::to_string(a) + "-" + std::to_string(j),
                                                 c.x() - 0.03 + 0.02 * j, c.y() + 0.01 * (j % 2),
                                                 5.0 + static_cast<double>((a * 7 + j) % 5)));
        }
    }
    project.graph = buildAreaGraph(project.areas);
    (void)assignAccountsToAreas(project);
    for (int t = 0; t < territories; ++t) {
        project.reps.push_back(Rep{"Rep " + std::to_string(t + 1), {}, false, 1.0, {}});
        project.territories.push_back(
            {"Territory " + std::to_string(t + 1), 0x808080, static_cast<RepIndex>(t), false});
    }
    project.alignment.areaTerritory.resize(project.areas.size());
    for (std::size_t a = 0; a < project.areas.size(); ++a) {
        project.alignment.areaTerritory[a] =
            static_cast<int>(a) % cols * territories / cols;  // vertical bands
    }
    return project;
}

TEST(AccountBalancingTest, PlanIsWrittenBackAsAreasAndOverridesAndLocksAndSkillsHold) {
    Project project = gridWithAccounts(6, 6, 3, 4);
    project.reps[2].skills = {"spanish"};
    std::vector<std::size_t> lockedAccounts{0, 17, 50, 99};
    for (std::size_t i : lockedAccounts) {
        project.accounts[i].locked = true;
    }
    std::vector<std::size_t> skilled{5, 40, 77, 104};
    for (std::size_t i : skilled) {
        project.accounts[i].requiredSkill = "spanish";
    }
    project.accounts[30].removed = true;  // left as it is
    for (const ProjectMode mode : {ProjectMode::FromScratch, ProjectMode::Rebalance}) {
        for (const bool nonGeographic : {false, true}) {
            ProjectBalanceSettings settings;
            settings.units = BalanceUnits::Accounts;
            settings.mode = mode;
            settings.nonGeographic = nonGeographic;
            settings.territoryCount = 4;
            settings.tolerances = {0.05};
            const auto run = balanceProject(project, settings, quick());
            ASSERT_TRUE(run) << run.error().message;
            EXPECT_TRUE(run->result.report.toleranceMet) << run->result.report.message;
            EXPECT_EQ(run->result.report.lockViolations, 0U);
            EXPECT_EQ(run->accountsNotBalanced, 1U);
            if (!nonGeographic) {
                EXPECT_TRUE(run->result.report.contiguous);
            }
            const Project after = applyProjectBalance(project, *run);
            for (std::size_t node = 0; node < run->unitAccounts.size(); ++node) {
                const AccountIndex a = run->unitAccounts[node];
                ASSERT_EQ(after.territoryOfAccount(a), run->result.assignment[node])
                    << project.accounts[a].id;
            }
            for (std::size_t i : lockedAccounts) {
                EXPECT_EQ(after.territoryOfAccount(static_cast<AccountIndex>(i)),
                          project.territoryOfAccount(static_cast<AccountIndex>(i)));
            }
            for (std::size_t i : skilled) {
                EXPECT_EQ(after.territoryOfAccount(static_cast<AccountIndex>(i)), 2);
            }
            EXPECT_EQ(after.territoryOfAccount(30), kNoTerritory);
            // Few overrides: an area goes where most of its accounts go.
            EXPECT_LT(after.alignment.accountOverrides.size(), project.accounts.size() / 2);
        }
    }
}

TEST(AccountBalancingTest, ManyAccountsGoMultilevelAndLocksSkillsBandAndContiguityHold) {
    // 864 accounts into 4 territories: enough per territory for the multilevel search.
    Project project = gridWithAccounts(12, 12, 6, 4);
    project.reps[1].skills = {"french"};
    std::vector<std::size_t> lockedAccounts;  // held where they are: in a territory now
    for (std::size_t i = 3; i < 800; i += 170) {
        while (project.territoryOfAccount(static_cast<AccountIndex>(i)) < 0) {
            ++i;
        }
        lockedAccounts.push_back(i);
    }
    ASSERT_EQ(lockedAccounts.size(), 5U);
    for (std::size_t i : lockedAccounts) {
        project.accounts[i].locked = true;
    }
    const std::vector<std::size_t> skilled{10, 300, 650};
    for (std::size_t i : skilled) {
        project.accounts[i].requiredSkill = "french";
    }
    for (const ProjectMode mode : {ProjectMode::FromScratch, ProjectMode::Rebalance}) {
        for (const bool nonGeographic : {false, true}) {
            ProjectBalanceSettings settings;
            settings.units = BalanceUnits::Accounts;
            settings.mode = mode;
            settings.nonGeographic = nonGeographic;
            settings.territoryCount = 4;
            settings.tolerances = {0.03};
            const auto run = balanceProject(project, settings, quick());
            ASSERT_TRUE(run) << run.error().message;
            const BalanceReport& report = run->result.report;
            EXPECT_TRUE(report.toleranceMet) << report.message;
            EXPECT_EQ(report.lockViolations, 0U);
            if (!nonGeographic) {
                EXPECT_TRUE(report.contiguous) << report.message;
            }
            const Project after = applyProjectBalance(project, *run);
            for (std::size_t i : lockedAccounts) {
                EXPECT_EQ(after.territoryOfAccount(static_cast<AccountIndex>(i)),
                          project.territoryOfAccount(static_cast<AccountIndex>(i)));
            }
            for (std::size_t i : skilled) {
                EXPECT_EQ(after.territoryOfAccount(static_cast<AccountIndex>(i)), 1);
            }
            // The band, recomputed from the written-back plan (held accounts included).
            std::vector<double> load(4, 0.0);
            double total = 0.0;
            for (std::size_t a = 0; a < project.accounts.size(); ++a) {
                const TerritoryIndex t = after.territoryOfAccount(static_cast<AccountIndex>(a));
                ASSERT_GE(t, 0);
                load[static_cast<std::size_t>(t)] += project.accounts[a].workload;
                total += project.accounts[a].workload;
            }
            for (double l : load) {
                EXPECT_LE(std::abs(l - total / 4.0), 0.03 * total / 4.0 + 1e-9);
            }
        }
    }
}

TEST(AccountBalancingTest, ACrowdAtOneSpotDoesNotTakeEveryLink) {
    // Six accounts at each of ten spots: every account links to its three nearest other spots,
    // not to three accounts of the nearest crowd.
    Project project;
    for (int spot = 0; spot < 10; ++spot) {
        for (int j = 0; j < 6; ++j) {
            project.accounts.push_back(
                accountAt("S" + std::to_string(spot) + "-" + std::to_string(j),
                          10.0 + 0.1 * spot + 0.01 * (spot % 3), 50.0 + 0.03 * (spot % 2), 1.0));
        }
    }
    project.accountArea.assign(project.accounts.size(), kNoArea);
    std::vector<AccountIndex> units(project.accounts.size());
    for (std::size_t i = 0; i < units.size(); ++i) {
        units[i] = static_cast<AccountIndex>(i);
    }
    AccountGraphSettings settings;
    settings.nearest = 3;
    settings.areaLinks = false;
    const AreaGraph graph = buildAccountGraph(project, units, settings);
    for (std::uint32_t i = 0; i < graph.nodeCount(); ++i) {
        std::set<std::size_t> spots;
        for (const AreaGraph::Neighbour& nb : graph.neighbours(i)) {
            if (nb.node / 6 != i / 6) {
                spots.insert(nb.node / 6);
            }
        }
        EXPECT_GE(spots.size(), 3U) << project.accounts[i].id;
    }
}

TEST(AccountBalancingTest, SameSeedSamePlanAndMessagesNameAccounts) {
    const Project project = gridWithAccounts(5, 5, 2, 3);
    ProjectBalanceSettings settings;
    settings.units = BalanceUnits::Accounts;
    settings.territoryCount = 3;
    settings.mode = ProjectMode::Rebalance;
    const auto first = balanceProject(project, settings, quick(7));
    const auto second = balanceProject(project, settings, quick(7));
    ASSERT_TRUE(first && second);
    EXPECT_EQ(first->result.assignment, second->result.assignment);
    EXPECT_EQ(first->alignment, second->alignment);
    EXPECT_NE(first->result.report.message.find("accounts change territory"), std::string::npos)
        << first->result.report.message;

    Project heavy = project;
    heavy.accounts[3].workload = 1000.0;
    settings.mode = ProjectMode::FromScratch;
    const auto bound = balanceProject(heavy, settings, quick());
    ASSERT_TRUE(bound);
    EXPECT_NE(
        bound->result.report.measures[0].lowerBoundReason.find("account " + heavy.accounts[3].id),
        std::string::npos)
        << bound->result.report.measures[0].lowerBoundReason;
}

TEST(AccountBalancingTest, CustomNumericColumnsAreMeasuresAndBadValuesSayWhere) {
    Project project = gridWithAccounts(4, 4, 2, 2);
    for (std::size_t i = 0; i < project.accounts.size(); ++i) {
        project.accounts[i].custom = {{"visits", std::to_string(1 + i % 3)}};
    }
    ProjectBalanceSettings settings;
    settings.units = BalanceUnits::Accounts;
    settings.territoryCount = 2;
    settings.measures = {"workload", "visits"};
    settings.tolerances = {0.05, 0.1};
    const auto run = balanceProject(project, settings, quick());
    ASSERT_TRUE(run) << run.error().message;
    EXPECT_EQ(run->result.report.measures[1].name, "visits");
    EXPECT_TRUE(run->result.report.measures[1].toleranceMet);

    project.accounts[5].custom = {{"visits", "many"}};
    const auto bad = balanceProject(project, settings, quick());
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find(project.accounts[5].id), std::string::npos);
    EXPECT_NE(bad.error().message.find("visits"), std::string::npos);

    settings.measures = {"nonsense"};
    const auto unknown = balanceProject(project, settings, quick());
    ASSERT_FALSE(unknown);
    EXPECT_NE(unknown.error().message.find("workload, potential"), std::string::npos);

    settings.measures = {"workload"};
    BalanceOptions boundary = quick();
    boundary.compactness = Compactness::BoundaryLength;
    const auto noBoundary = balanceProject(project, settings, boundary);
    ASSERT_FALSE(noBoundary);
    EXPECT_NE(noBoundary.error().message.find("cut edges or moment of inertia"), std::string::npos);
}

TEST(AccountBalancingTest, CancelReturnsCanceledAndLeavesTheProjectAlone) {
    const Project project = gridWithAccounts(5, 5, 3, 3);
    const Project copy = project;
    ProjectBalanceSettings settings;
    settings.units = BalanceUnits::Accounts;
    settings.territoryCount = 3;
    Feedback feedback;
    feedback.cancel();
    const auto run = balanceProject(project, settings, quick(), &feedback);
    ASSERT_FALSE(run);
    EXPECT_EQ(run.error().code, ErrorCode::Canceled);
    EXPECT_EQ(project, copy);
}

TEST(AccountBalancingTest, AccountGraphIsConnectedAndFollowsTheAreas) {
    const Project project = gridWithAccounts(4, 4, 3, 2);
    std::vector<AccountIndex> units(project.accounts.size());
    for (std::size_t i = 0; i < units.size(); ++i) {
        units[i] = static_cast<AccountIndex>(i);
    }
    AccountGraphSettings onlyAreas;
    onlyAreas.nearest = 0;
    const AreaGraph graph = buildAccountGraph(project, units, onlyAreas);
    std::size_t parts = 0;
    (void)graph.componentLabels(&parts);
    EXPECT_EQ(parts, 1U);  // bridges join what the area links leave apart
    // Every pair of neighbouring areas has an edge between their accounts.
    for (const AreaEdge& e : project.graph.edges()) {
        bool found = false;
        for (const AreaEdge& f : graph.edges()) {
            const auto areaA = project.accountArea[f.a];
            const auto areaB = project.accountArea[f.b];
            found = found || (!f.bridge &&
                              ((areaA == static_cast<int>(e.a) && areaB == static_cast<int>(e.b)) ||
                               (areaA == static_cast<int>(e.b) && areaB == static_cast<int>(e.a))));
        }
        EXPECT_TRUE(found) << e.a << "-" << e.b;
    }
}

}  // namespace
}  // namespace tessera::engine
