// SPDX-License-Identifier: Apache-2.0
#include "ProjectBalancing.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "core/AreaGraphBuilder.h"
#include "core/Metrics.h"
#include "engine/RepMatching.h"

namespace tessera::engine {

BalanceProblem problemFromProject(const Project& project, AreaGraph& bridgedGraph) {
    BalanceProblem problem;
    problem.locations.reserve(project.areas.size());
    for (const Area& area : project.areas) {
        problem.locations.push_back(area.labelPoint);
    }
    bridgedGraph = project.graph.nodeCount() == project.areas.size()
                       ? project.graph
                       : AreaGraph::fromEdges(project.areas.size(), {});
    (void)connectIslands(bridgedGraph, problem.locations);
    problem.graph = &bridgedGraph;
    const std::vector<AreaLoad> loads = areaLoads(project);
    problem.weights.reserve(loads.size());
    for (const AreaLoad& load : loads) {
        problem.weights.push_back(load.workload);
    }
    return problem;
}

std::vector<Territory> makeTerritories(std::size_t count) {
    std::vector<Territory> territories(count);
    for (std::size_t i = 0; i < count; ++i) {
        territories[i].name = "Territory " + std::to_string(i + 1);
        territories[i].color = paletteColor(i);
    }
    return territories;
}

Project applyBalanceResult(const Project& project, const BalanceResult& result,
                           std::size_t territoryCount) {
    Project next = project;
    std::vector<Territory> territories = makeTerritories(territoryCount);
    for (std::size_t i = 0; i < territoryCount && i < project.territories.size(); ++i) {
        territories[i] = project.territories[i];
    }
    next.territories = std::move(territories);
    next.alignment.areaTerritory.assign(result.assignment.begin(), result.assignment.end());
    next.alignment.areaTerritory.resize(project.areas.size(), kNoTerritory);
    std::erase_if(next.alignment.accountOverrides, [territoryCount](const auto& entry) {
        return entry.second < 0 || static_cast<std::size_t>(entry.second) >= territoryCount;
    });
    return next;
}

}  // namespace tessera::engine

namespace tessera::engine {
namespace {

bool hasSkill(const Project& project, const std::vector<Territory>& territories, std::size_t t,
              const std::string& skill) {
    const RepIndex rep = territories[t].rep;
    if (rep < 0 || static_cast<std::size_t>(rep) >= project.reps.size()) {
        return false;
    }
    const auto& skills = project.reps[static_cast<std::size_t>(rep)].skills;
    return std::find(skills.begin(), skills.end(), skill) != skills.end();
}

const Rep* repOf(const Project& project, const std::vector<Territory>& territories, std::size_t t) {
    const RepIndex rep = territories[t].rep;
    return rep >= 0 && static_cast<std::size_t>(rep) < project.reps.size()
               ? &project.reps[static_cast<std::size_t>(rep)]
               : nullptr;
}

/// Value of an account for an account-based measure; NaN when the measure is not one.
double accountValue(const Account& account, const std::string& measure) {
    if (measure == "workload") {
        return account.workload;
    }
    if (measure == "potential") {
        return account.potential;
    }
    if (measure == "sales") {
        return account.sales;
    }
    if (measure == "accounts") {
        return 1.0;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace

Result<ProjectBalanceResult> balanceProject(const Project& project,
                                            const ProjectBalanceSettings& settings,
                                            BalanceOptions options, Feedback* feedback) {
    ProjectBalanceResult out;
    const std::size_t areaCount = project.areas.size();
    if (areaCount == 0) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: the project has no areas; import an area layer first");
    }
    const std::size_t existing = project.territories.size();
    // Current territory of each area in the numbering of the result.
    std::vector<std::int32_t> remap(existing);
    for (std::size_t t = 0; t < existing; ++t) {
        remap[t] = static_cast<std::int32_t>(t);
    }
    std::vector<Territory> territories = project.territories;
    BalanceMode engineMode = BalanceMode::Rebalance;
    switch (settings.mode) {
        case ProjectMode::FromScratch:
            if (settings.territoryCount < 1) {
                return fail(ErrorCode::InvalidArgument,
                            "balance: say how many territories to build (at least 1)");
            }
            out.territoryCount = settings.territoryCount;
            engineMode = BalanceMode::FromScratch;
            break;
        case ProjectMode::HowMany: {
            double total = 0.0;
            for (const Account& account : project.accounts) {
                total += account.workload;
            }
            if (!(settings.workloadPerRep > 0.0) || !std::isfinite(settings.workloadPerRep)) {
                return fail(ErrorCode::InvalidArgument,
                            "balance: give the target workload of one full-time rep (> 0)");
            }
            if (!(total > 0.0)) {
                return fail(ErrorCode::InvalidArgument,
                            "balance: the accounts carry no workload, so no rep count follows from "
                            "a workload per rep; import accounts with a workload column");
            }
            out.territoryCount = static_cast<std::size_t>(
                std::max(1.0, std::ceil(total / settings.workloadPerRep - 1e-9)));
            out.notes.push_back("Total workload " + std::to_string(static_cast<long long>(total)) +
                                " at " +
                                std::to_string(static_cast<long long>(settings.workloadPerRep)) +
                                " per rep needs " + std::to_string(out.territoryCount) + " reps.");
            engineMode = BalanceMode::FromScratch;
            break;
        }
        case ProjectMode::Rebalance:
            if (existing == 0) {
                return fail(ErrorCode::InvalidArgument,
                            "balance: the project has no territories to rebalance; build from "
                            "scratch first");
            }
            out.territoryCount = existing;
            break;
        case ProjectMode::AddTerritory:
            out.territoryCount = existing + 1;
            break;
        case ProjectMode::RemoveTerritory:
            if (settings.removedTerritory >= existing || existing < 2) {
                return fail(ErrorCode::InvalidArgument,
                            "balance: territory " + std::to_string(settings.removedTerritory + 1) +
                                " cannot be removed: the project has " + std::to_string(existing) +
                                " territories and at least one must remain");
            }
            out.territoryCount = existing - 1;
            for (std::size_t t = 0; t < existing; ++t) {
                remap[t] = t == settings.removedTerritory  ? -1
                           : t > settings.removedTerritory ? static_cast<std::int32_t>(t) - 1
                                                           : static_cast<std::int32_t>(t);
            }
            territories.erase(territories.begin() +
                              static_cast<std::ptrdiff_t>(settings.removedTerritory));
            break;
    }
    const std::size_t count = out.territoryCount;
    if (count > areaCount) {
        return fail(ErrorCode::InvalidArgument, "balance: " + std::to_string(count) +
                                                    " territories cannot be made from " +
                                                    std::to_string(areaCount) + " areas");
    }
    const std::vector<Territory> fresh = makeTerritories(count);
    territories.resize(std::min(territories.size(), count));
    for (std::size_t t = territories.size(); t < count; ++t) {
        territories.push_back(fresh[t]);
    }
    options.territoryCount = count;
    options.mode = engineMode;

    // Measures.
    if (settings.measures.empty()) {
        return fail(ErrorCode::InvalidArgument, "balance: name at least one measure");
    }
    const std::size_t k = settings.measures.size();
    std::vector<std::int32_t> attributeOf(k, -1);
    for (std::size_t m = 0; m < k; ++m) {
        const std::string& name = settings.measures[m];
        if (!std::isnan(accountValue(Account{}, name))) {
            continue;
        }
        const auto found =
            std::find(project.areaAttributeNames.begin(), project.areaAttributeNames.end(), name);
        if (found == project.areaAttributeNames.end()) {
            std::string known = "workload, potential, sales, accounts";
            for (const std::string& attribute : project.areaAttributeNames) {
                known += ", " + attribute;
            }
            return fail(ErrorCode::InvalidArgument,
                        "balance: there is no measure '" + name + "'; choose from " + known);
        }
        attributeOf[m] = static_cast<std::int32_t>(found - project.areaAttributeNames.begin());
    }
    auto toleranceOf = [&](std::size_t m) {
        return m < settings.tolerances.size() ? settings.tolerances[m]
               : settings.tolerances.empty()  ? 0.05
                                              : settings.tolerances.front();
    };
    options.tolerance = toleranceOf(0);

    // The current plan in the result's numbering.
    std::vector<std::int32_t> current(areaCount, -1);
    bool anyCurrent = false;
    for (std::size_t a = 0; a < areaCount && a < project.alignment.areaTerritory.size(); ++a) {
        const TerritoryIndex t = project.alignment.areaTerritory[a];
        if (t >= 0 && static_cast<std::size_t>(t) < existing) {
            current[a] = remap[static_cast<std::size_t>(t)];
            if (current[a] >= static_cast<std::int32_t>(count)) {
                current[a] = -1;
            }
            anyCurrent = anyCurrent || current[a] >= 0;
        }
    }

    // Accounts held to a territory whatever happens to their area: overrides, locked
    // accounts, and accounts needing a skill their area's rep may not have.
    std::unordered_map<AccountIndex, TerritoryIndex> held;
    auto heldTerritory = [&](TerritoryIndex old) -> TerritoryIndex {
        return old >= 0 && static_cast<std::size_t>(old) < existing
                   ? remap[static_cast<std::size_t>(old)]
                   : kNoTerritory;
    };
    if (settings.holdLocks) {
        for (const auto& [account, territory] : project.alignment.accountOverrides) {
            const TerritoryIndex t = heldTerritory(territory);
            if (t >= 0 && static_cast<std::size_t>(t) < count) {
                held[account] = t;
            }
        }
        for (std::size_t i = 0; i < project.accounts.size(); ++i) {
            if (project.accounts[i].locked && !held.contains(static_cast<AccountIndex>(i))) {
                const TerritoryIndex t =
                    heldTerritory(project.territoryOfAccount(static_cast<AccountIndex>(i)));
                if (t >= 0 && static_cast<std::size_t>(t) < count) {
                    held[static_cast<AccountIndex>(i)] = t;
                }
            }
        }
    }
    std::unordered_map<AccountIndex, TerritoryIndex> skillPins;
    if (settings.holdSkills) {
        std::vector<double> pinnedLoad(count, 0.0);
        std::map<std::string, std::size_t> unservable;
        for (std::size_t i = 0; i < project.accounts.size(); ++i) {
            const Account& account = project.accounts[i];
            const auto index = static_cast<AccountIndex>(i);
            if (account.requiredSkill.empty() || held.contains(index)) {
                continue;
            }
            std::vector<std::size_t> able;
            for (std::size_t t = 0; t < count; ++t) {
                if (hasSkill(project, territories, t, account.requiredSkill)) {
                    able.push_back(t);
                }
            }
            if (able.size() == count) {
                continue;  // every rep can serve it: it goes with its area
            }
            if (able.empty()) {
                ++unservable[account.requiredSkill];
                ++out.unservableAccounts;
                continue;
            }
            // Its current territory if that rep can serve it; else the nearest able home;
            // else the able territory with the least pinned workload for its capacity.
            std::size_t chosen = able.front();
            const TerritoryIndex now = heldTerritory(project.territoryOfAccount(index));
            const bool keepNow =
                engineMode == BalanceMode::Rebalance && now >= 0 &&
                std::find(able.begin(), able.end(), static_cast<std::size_t>(now)) != able.end();
            if (keepNow) {
                chosen = static_cast<std::size_t>(now);
            } else {
                double best = std::numeric_limits<double>::infinity();
                bool byHome = false;
                if (settings.useHomes && account.locationSource != LocationSource::None) {
                    for (std::size_t t : able) {
                        const Rep* rep = repOf(project, territories, t);
                        if (rep != nullptr && rep->hasHome) {
                            const double d = greatCircleKm(account.location, rep->home);
                            if (d < best) {
                                best = d;
                                chosen = t;
                                byHome = true;
                            }
                        }
                    }
                }
                if (!byHome) {
                    best = std::numeric_limits<double>::infinity();
                    for (std::size_t t : able) {
                        const Rep* rep = repOf(project, territories, t);
                        const double capacity =
                            settings.useCapacities && rep != nullptr ? rep->capacity : 1.0;
                        const double load = pinnedLoad[t] / std::max(capacity, 1e-9);
                        if (load < best) {
                            best = load;
                            chosen = t;
                        }
                    }
                }
            }
            pinnedLoad[chosen] += account.workload;
            skillPins[index] = static_cast<TerritoryIndex>(chosen);
            held[index] = static_cast<TerritoryIndex>(chosen);
        }
        for (const auto& [skill, accounts] : unservable) {
            out.notes.push_back(std::to_string(accounts) + " accounts need the skill '" + skill +
                                "', which no rep has; they go with their area until a rep "
                                "with that skill is added.");
        }
    }

    // The problem.
    AreaGraph graph;
    BalanceProblem problem = problemFromProject(project, graph);
    problem.weightName = settings.measures.front();
    std::vector<std::vector<double>> values(k, std::vector<double>(areaCount, 0.0));
    std::vector<double> fixedLoad(count * k, 0.0);
    std::vector<double> potential(areaCount, 0.0);
    std::vector<double> accounts(areaCount, 0.0);
    for (std::size_t i = 0; i < project.accounts.size() && i < project.accountArea.size(); ++i) {
        const Account& account = project.accounts[i];
        const auto found = held.find(static_cast<AccountIndex>(i));
        const std::int32_t area = project.accountArea[i];
        for (std::size_t m = 0; m < k; ++m) {
            const double value = accountValue(account, settings.measures[m]);
            if (std::isnan(value)) {
                continue;
            }
            if (found != held.end()) {
                fixedLoad[static_cast<std::size_t>(found->second) * k + m] += value;
            } else if (area >= 0) {
                values[m][static_cast<std::size_t>(area)] += value;
            }
        }
        if (area >= 0) {
            potential[static_cast<std::size_t>(area)] += account.potential;
            accounts[static_cast<std::size_t>(area)] += 1.0;
        }
    }
    for (std::size_t m = 0; m < k; ++m) {
        if (attributeOf[m] < 0) {
            continue;
        }
        for (std::size_t a = 0; a < areaCount; ++a) {
            const auto& attributes = project.areas[a].attributes;
            const auto at = static_cast<std::size_t>(attributeOf[m]);
            const double value = at < attributes.size() ? attributes[at] : 0.0;
            if (!std::isfinite(value) || value < 0.0) {
                if (std::isnan(value)) {
                    continue;  // missing: counts as 0
                }
                return fail(ErrorCode::InvalidArgument,
                            "balance: area '" + project.areas[a].code + "' has " +
                                settings.measures[m] + " = " + std::to_string(value) +
                                "; a balanced measure must be finite and not negative");
            }
            values[m][a] = value;
        }
    }
    problem.weights = values[0];
    for (std::size_t m = 1; m < k; ++m) {
        problem.extraMeasures.push_back({settings.measures[m], values[m], toleranceOf(m)});
    }
    if (std::any_of(fixedLoad.begin(), fixedLoad.end(), [](double x) { return x != 0.0; })) {
        problem.fixedLoad = fixedLoad;
    }
    if (anyCurrent) {
        problem.currentAssignment = current;
        // Disruption counts accounts and potential that change rep, half each.
        double totalPotential = 0.0;
        double totalAccounts = 0.0;
        for (std::size_t a = 0; a < areaCount; ++a) {
            totalPotential += potential[a];
            totalAccounts += accounts[a];
        }
        problem.disruptionValues.assign(areaCount, 1.0);
        if (totalAccounts > 0.0) {
            for (std::size_t a = 0; a < areaCount; ++a) {
                problem.disruptionValues[a] =
                    accounts[a] / totalAccounts +
                    (totalPotential > 0.0 ? potential[a] / totalPotential : 0.0);
            }
        }
    } else if (engineMode == BalanceMode::Rebalance) {
        options.mode = BalanceMode::FromScratch;  // nothing to start from
    }
    if (settings.useCapacities) {
        problem.capacities.assign(count, 1.0);
        for (std::size_t t = 0; t < count; ++t) {
            if (const Rep* rep = repOf(project, territories, t)) {
                problem.capacities[t] = rep->capacity;
            }
        }
    }
    bool anyLock = false;
    if (settings.holdLocks && anyCurrent) {
        problem.lockedTerritory.assign(areaCount, -1);
        for (std::size_t a = 0; a < areaCount; ++a) {
            if (project.areas[a].locked && current[a] >= 0) {
                problem.lockedTerritory[a] = current[a];
                anyLock = true;
            }
        }
        if (!anyLock) {
            problem.lockedTerritory.clear();
        }
        problem.frozenTerritories.assign(count, 0);
        bool anyFrozen = false;
        for (std::size_t t = 0; t < count; ++t) {
            if (territories[t].locked) {
                problem.frozenTerritories[t] = 1;
                anyFrozen = true;
            }
        }
        if (!anyFrozen) {
            problem.frozenTerritories.clear();
        }
        anyLock = anyLock || anyFrozen;
    }
    bool anyHome = false;
    if (settings.useHomes) {
        problem.homes.assign(count, Point(0.0, 0.0));
        problem.hasHome.assign(count, 0);
        for (std::size_t t = 0; t < count; ++t) {
            if (const Rep* rep = repOf(project, territories, t); rep != nullptr && rep->hasHome) {
                problem.homes[t] = rep->home;
                problem.hasHome[t] = 1;
                anyHome = true;
            }
        }
        if (!anyHome) {
            problem.homes.clear();
            problem.hasHome.clear();
        }
    }
    problem.areaKm2.reserve(areaCount);
    problem.perimeterKm.reserve(areaCount);
    for (const Area& area : project.areas) {
        problem.areaKm2.push_back(areaKm2(area.shape));
        problem.perimeterKm.push_back(perimeterKm(area.shape));
    }

    auto balanced = balance(problem, options, feedback);
    if (!balanced) {
        return fail(balanced.error());
    }
    out.result = std::move(*balanced);

    // From scratch with homes: give each rep the territory nearest their home (weighted by
    // the first measure), an assignment problem solved exactly. Only where it changes no
    // target or lock: equal capacities, no locks, no accounts held to a territory.
    const bool equalCapacities =
        problem.capacities.empty() ||
        std::all_of(problem.capacities.begin(), problem.capacities.end(),
                    [&](double c) { return c == problem.capacities.front(); });
    if (engineMode == BalanceMode::FromScratch && settings.matchReps && anyHome) {
        if (!equalCapacities || anyLock || !held.empty()) {
            out.notes.push_back(
                "Reps were not re-matched to territories: capacities differ, or locks or "
                "accounts held to a rep tie territories to reps.");
        } else {
            std::vector<double> cost(count * count, 0.0);
            for (std::size_t a = 0; a < areaCount; ++a) {
                const auto label = static_cast<std::size_t>(out.result.assignment[a]);
                const double w = problem.weights[a] > 0.0 ? problem.weights[a] : 1e-6;
                for (std::size_t slot = 0; slot < count; ++slot) {
                    if (problem.hasHome[slot]) {
                        cost[label * count + slot] +=
                            w * greatCircleKm(problem.locations[a], problem.homes[slot]);
                    }
                }
            }
            const std::vector<std::size_t> slotOf = solveAssignment(cost, count);
            bool changed = false;
            for (std::size_t label = 0; label < count; ++label) {
                changed = changed || slotOf[label] != label;
            }
            if (changed) {
                for (std::int32_t& t : out.result.assignment) {
                    t = static_cast<std::int32_t>(slotOf[static_cast<std::size_t>(t)]);
                }
                auto report = evaluateAssignment(problem, options, out.result.assignment);
                if (!report) {
                    return fail(report.error());
                }
                report->seconds = out.result.report.seconds;
                report->iterations = out.result.report.iterations;
                report->stoppedByTimeLimit = out.result.report.stoppedByTimeLimit;
                report->message = out.result.report.message;
                out.result.report = std::move(*report);
                for (std::size_t t = 0; t < count; ++t) {
                    out.result.territoryWeights[t] = out.result.report.territoryLoads[t * k];
                }
                out.notes.push_back(
                    "Reps were matched to territories by distance from their "
                    "home bases (optimal assignment).");
            }
        }
    }

    out.territories = std::move(territories);
    out.alignment.areaTerritory.assign(out.result.assignment.begin(), out.result.assignment.end());
    for (const auto& [account, territory] : held) {
        const std::int32_t area =
            account < project.accountArea.size() ? project.accountArea[account] : kNoArea;
        const bool userOverride = project.alignment.accountOverrides.contains(account);
        // A held account needs an override only where its area ends up elsewhere.
        if (userOverride || area < 0 ||
            out.alignment.areaTerritory[static_cast<std::size_t>(area)] != territory) {
            out.alignment.accountOverrides[account] = territory;
        }
    }
    for (const auto& [account, territory] : skillPins) {
        const std::int32_t area =
            account < project.accountArea.size() ? project.accountArea[account] : kNoArea;
        if (area < 0 || out.alignment.areaTerritory[static_cast<std::size_t>(area)] != territory) {
            ++out.skillPins;
        }
    }
    if (out.skillPins > 0) {
        out.notes.push_back(std::to_string(out.skillPins) +
                            " accounts needing a skill go to a rep who has it, away from the "
                            "rest of their area.");
    }
    return out;
}

Project applyProjectBalance(const Project& project, const ProjectBalanceResult& result) {
    Project next = project;
    next.territories = result.territories;
    next.alignment = result.alignment;
    next.alignment.areaTerritory.resize(project.areas.size(), kNoTerritory);
    return next;
}

}  // namespace tessera::engine
