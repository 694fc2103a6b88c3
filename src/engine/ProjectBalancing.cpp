// SPDX-License-Identifier: Apache-2.0
#include "ProjectBalancing.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "core/AreaGraphBuilder.h"
#include "core/Metrics.h"
#include "engine/AccountGraph.h"
#include "engine/RepMatching.h"

namespace tessera::engine {

BalanceProblem problemFromProject(const Project& project, AreaGraph& bridgedGraph) {
    BalanceProblem problem;
    problem.locations.reserve(project.areas.size());
    problem.nodeNames.reserve(project.areas.size());
    for (const Area& area : project.areas) {
        problem.locations.push_back(area.labelPoint);
        problem.nodeNames.push_back("area " + area.code);
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

/// Where a skill account goes among the territories whose reps have the skill (`able`, not
/// empty): the nearest rep home when `byHome` (and some able rep has one), else the territory
/// with the least pinned workload for its rep's capacity.
std::size_t ableTerritoryFor(const Project& project, const std::vector<Territory>& territories,
                             const std::vector<std::size_t>& able, const Account& account,
                             const std::vector<double>& pinnedLoad, bool byHome,
                             bool useCapacities) {
    std::size_t chosen = able.front();
    double best = std::numeric_limits<double>::infinity();
    bool found = false;
    if (byHome) {
        for (const std::size_t t : able) {
            const Rep* rep = repOf(project, territories, t);
            if (rep != nullptr && rep->hasHome) {
                const double d = greatCircleKm(account.location, rep->home);
                if (d < best) {
                    best = d;
                    chosen = t;
                    found = true;
                }
            }
        }
    }
    if (!found) {
        best = std::numeric_limits<double>::infinity();
        for (const std::size_t t : able) {
            const Rep* rep = repOf(project, territories, t);
            const double capacity = useCapacities && rep != nullptr ? rep->capacity : 1.0;
            const double load = pinnedLoad[t] / std::max(capacity, 1e-9);
            if (load < best) {
                best = load;
                chosen = t;
            }
        }
    }
    return chosen;
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

/// From scratch with homes: gives each rep the territory nearest their home (weighted by
/// the first measure), an assignment problem solved exactly. Only where it changes no target
/// or lock: equal capacities, and nothing (`tied`: locks, held accounts) ties territories to
/// reps. Renumbers out.result and re-evaluates its report.
Result<void> matchReps(const BalanceProblem& problem, const BalanceOptions& options, bool tied,
                       ProjectBalanceResult& out) {
    const std::size_t count = options.territoryCount;
    const std::size_t k = 1 + problem.extraMeasures.size();
    const std::size_t nodes = problem.weights.size();
    const bool equalCapacities =
        problem.capacities.empty() ||
        std::all_of(problem.capacities.begin(), problem.capacities.end(),
                    [&](double c) { return c == problem.capacities.front(); });
    if (!equalCapacities || tied) {
        out.notes.push_back(
            "Reps were not re-matched to territories: capacities differ, or locks or "
            "accounts held to a rep tie territories to reps.");
        return {};
    }
    std::vector<double> cost(count * count, 0.0);
    for (std::size_t a = 0; a < nodes; ++a) {
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
    if (!changed) {
        return {};
    }
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
        "Reps were matched to territories by distance from their home bases (optimal "
        "assignment).");
    return {};
}

/// Value of measure `name` for an account: one of its fields, or a numeric column of its own
/// (Account::custom); a missing or empty column counts as 0.
Result<double> accountMeasure(const Account& account, const std::string& name) {
    const double field = accountValue(account, name);
    if (!std::isnan(field)) {
        return field;
    }
    for (const auto& [column, text] : account.custom) {
        if (column != name) {
            continue;
        }
        std::size_t begin = text.find_first_not_of(" \t");
        if (begin == std::string::npos) {
            return 0.0;
        }
        const std::size_t end = text.find_last_not_of(" \t") + 1;
        double value = 0.0;
        const auto [rest, error] = std::from_chars(text.data() + begin, text.data() + end, value);
        if (error != std::errc() || rest != text.data() + end) {
            return fail(ErrorCode::InvalidArgument,
                        "balance: account '" + account.id + "' has \"" + std::string(text) +
                            "\" in column '" + name +
                            "', which is not a number; fix it in the account list or balance "
                            "another measure");
        }
        return value;
    }
    return 0.0;
}

/// Account mode: every located account is a unit of its own; the plan is written back as
/// area territories (each area goes where most of its workload goes) plus an override for
/// every account that ends up elsewhere than its area.
Result<ProjectBalanceResult> balanceAccounts(
    const Project& project, const ProjectBalanceSettings& settings, BalanceOptions options,
    Feedback* feedback, ProjectBalanceResult out, std::vector<Territory> territories,
    const std::vector<std::int32_t>& remap, BalanceMode engineMode) {
    const std::size_t count = out.territoryCount;
    const std::size_t existing = project.territories.size();
    out.units = BalanceUnits::Accounts;
    std::vector<AccountIndex> units;
    for (std::size_t i = 0; i < project.accounts.size(); ++i) {
        const Account& account = project.accounts[i];
        if (account.removed || account.locationSource == LocationSource::None ||
            !std::isfinite(account.location.x()) || !std::isfinite(account.location.y())) {
            ++out.accountsNotBalanced;
            continue;
        }
        units.push_back(static_cast<AccountIndex>(i));
    }
    if (units.empty()) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: the project has no located accounts to balance by account; import "
                    "accounts with coordinates or postal codes first");
    }
    const std::size_t n = units.size();
    if (count > n) {
        return fail(ErrorCode::InvalidArgument, "balance: " + std::to_string(count) +
                                                    " territories cannot be made from " +
                                                    std::to_string(n) + " located accounts");
    }
    if (options.compactness == Compactness::BoundaryLength) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: accounts share no boundary; in account mode measure compactness "
                    "by cut edges or moment of inertia");
    }
    if (settings.nonGeographic) {
        options.requireContiguity = false;
        options.compactness = Compactness::Inertia;
    }
    // Nearest-neighbour graphs have many nodes whose removal almost cuts a territory; a check
    // that has to walk round more than this many accounts skips the move instead.
    if (options.connectivityProbeLimit == 0) {
        options.connectivityProbeLimit = 512;
    }
    auto heldTerritory = [&](TerritoryIndex old) -> std::int32_t {
        if (old < 0 || static_cast<std::size_t>(old) >= existing) {
            return -1;
        }
        const std::int32_t t = remap[static_cast<std::size_t>(old)];
        return t >= 0 && static_cast<std::size_t>(t) < count ? t : -1;
    };

    // Measures per account.
    if (settings.measures.empty()) {
        return fail(ErrorCode::InvalidArgument, "balance: name at least one measure");
    }
    const std::size_t k = settings.measures.size();
    for (const std::string& name : settings.measures) {
        if (!std::isnan(accountValue(Account{}, name))) {
            continue;
        }
        const bool column = std::any_of(units.begin(), units.end(), [&](AccountIndex a) {
            const auto& custom = project.accounts[a].custom;
            return std::any_of(custom.begin(), custom.end(),
                               [&](const auto& entry) { return entry.first == name; });
        });
        if (!column) {
            std::string known = "workload, potential, sales, accounts";
            for (const auto& entry : project.accounts[units.front()].custom) {
                known += ", ";
                known += entry.first;
            }
            return fail(ErrorCode::InvalidArgument, "balance: no account has a measure '" + name +
                                                        "'; in account mode choose from " + known);
        }
    }
    std::vector<std::vector<double>> values(k, std::vector<double>(n, 0.0));
    for (std::size_t i = 0; i < n; ++i) {
        const Account& account = project.accounts[units[i]];
        for (std::size_t m = 0; m < k; ++m) {
            auto value = accountMeasure(account, settings.measures[m]);
            if (!value) {
                return fail(value.error());
            }
            if (!std::isfinite(*value) || *value < 0.0) {
                return fail(ErrorCode::InvalidArgument,
                            "balance: account '" + account.id + "' has " + settings.measures[m] +
                                " = " + std::to_string(*value) +
                                "; a balanced measure must be finite and not negative");
            }
            values[m][i] = *value;
        }
    }
    auto toleranceOf = [&](std::size_t m) {
        return m < settings.tolerances.size() ? settings.tolerances[m]
               : settings.tolerances.empty()  ? 0.05
                                              : settings.tolerances.front();
    };
    options.tolerance = toleranceOf(0);

    // The current plan, locks, frozen territories.
    std::vector<std::int32_t> current(n, -1);
    bool anyCurrent = false;
    for (std::size_t i = 0; i < n; ++i) {
        current[i] = heldTerritory(project.territoryOfAccount(units[i]));
        anyCurrent = anyCurrent || current[i] >= 0;
    }
    std::vector<std::int32_t> locked(n, -1);
    std::vector<char> frozen(count, 0);
    bool anyLock = false;
    if (settings.holdLocks && anyCurrent) {
        for (std::size_t t = 0; t < count; ++t) {
            frozen[t] = territories[t].locked ? 1 : 0;
        }
        for (std::size_t i = 0; i < n; ++i) {
            const AccountIndex a = units[i];
            const std::int32_t area = a < project.accountArea.size() ? project.accountArea[a] : -1;
            const bool areaLocked = area >= 0 &&
                                    static_cast<std::size_t>(area) < project.areas.size() &&
                                    project.areas[static_cast<std::size_t>(area)].locked;
            if ((project.accounts[a].locked || areaLocked) && current[i] >= 0) {
                locked[i] = current[i];
                anyLock = true;
            }
        }
    }
    const bool anyFrozen = std::any_of(frozen.begin(), frozen.end(), [](char f) { return f; });

    // Accounts needing a skill not every rep has: to an able rep, as in area mode.
    if (settings.holdSkills) {
        std::vector<double> pinnedLoad(count, 0.0);
        std::map<std::string, std::size_t> unservable;
        for (std::size_t i = 0; i < n; ++i) {
            const Account& account = project.accounts[units[i]];
            if (account.requiredSkill.empty() || locked[i] >= 0) {
                continue;
            }
            std::vector<std::size_t> able;
            for (std::size_t t = 0; t < count; ++t) {
                if (hasSkill(project, territories, t, account.requiredSkill) &&
                    (!frozen[t] || current[i] == static_cast<std::int32_t>(t))) {
                    able.push_back(t);
                }
            }
            if (able.size() == count) {
                continue;
            }
            if (able.empty()) {
                ++unservable[account.requiredSkill];
                ++out.unservableAccounts;
                continue;
            }
            std::size_t chosen = able.front();
            const bool keepNow = engineMode == BalanceMode::Rebalance && current[i] >= 0 &&
                                 std::find(able.begin(), able.end(),
                                           static_cast<std::size_t>(current[i])) != able.end();
            if (keepNow) {
                chosen = static_cast<std::size_t>(current[i]);
            } else {
                chosen = ableTerritoryFor(project, territories, able, account, pinnedLoad,
                                          settings.useHomes, settings.useCapacities);
            }
            pinnedLoad[chosen] += account.workload;
            locked[i] = static_cast<std::int32_t>(chosen);
            ++out.skillPins;
            anyLock = true;
        }
        for (const auto& [skill, accounts] : unservable) {
            out.notes.push_back(std::to_string(accounts) + " accounts need the skill '" + skill +
                                "', which no rep has; they were balanced like the others until a "
                                "rep with that skill is added.");
        }
    }

    // Held accounts (locked, or given to a specialist) are fixed loads of their territory, not
    // nodes: they go where they are held whatever the shapes (as in area mode), so they do
    // not split the territory the others form.
    std::vector<std::uint32_t> free;  ///< positions in `units` of the accounts that may move
    std::vector<double> fixedLoad(count * k, 0.0);
    for (std::uint32_t i = 0; i < n; ++i) {
        if (locked[i] < 0) {
            free.push_back(i);
            continue;
        }
        for (std::size_t m = 0; m < k; ++m) {
            fixedLoad[static_cast<std::size_t>(locked[i]) * k + m] += values[m][i];
        }
    }
    if (free.size() < count) {
        return fail(ErrorCode::InvalidArgument,
                    "balance: only " + std::to_string(free.size()) +
                        " accounts are free to move (the others are locked or need a skill), "
                        "too few for " +
                        std::to_string(count) +
                        " territories; unlock some or ask for fewer territories");
    }
    const std::size_t nodes = free.size();
    std::vector<AccountIndex> nodeAccounts(nodes);
    std::vector<std::vector<double>> nodeValues(k, std::vector<double>(nodes, 0.0));
    std::vector<std::int32_t> nodeCurrent(nodes, -1);
    for (std::size_t p = 0; p < nodes; ++p) {
        nodeAccounts[p] = units[free[p]];
        nodeCurrent[p] = current[free[p]];
        for (std::size_t m = 0; m < k; ++m) {
            nodeValues[m][p] = values[m][free[p]];
        }
    }

    // The problem.
    AccountGraphSettings graphSettings;
    graphSettings.nearest = settings.accountNeighbours;
    const AreaGraph graph = buildAccountGraph(project, nodeAccounts, graphSettings);
    BalanceProblem problem;
    problem.graph = &graph;
    problem.weightName = settings.measures.front();
    problem.weights = nodeValues[0];
    for (std::size_t m = 1; m < k; ++m) {
        problem.extraMeasures.push_back({settings.measures[m], nodeValues[m], toleranceOf(m)});
    }
    if (anyLock) {
        problem.fixedLoad = fixedLoad;
    }
    problem.locations.reserve(nodes);
    problem.nodeNames.reserve(nodes);
    for (AccountIndex a : nodeAccounts) {
        problem.locations.push_back(project.accounts[a].location);
        problem.nodeNames.push_back("account " + project.accounts[a].id);
    }
    problem.nodeNoun = "accounts";
    // Multilevel: the accounts of an area (those outside every area together) are balanced in
    // pieces first, then refined one by one near the territories' boundaries.
    problem.coarseGroups.resize(nodes);
    for (std::size_t p = 0; p < nodes; ++p) {
        const AccountIndex a = nodeAccounts[p];
        const std::int32_t area = a < project.accountArea.size() ? project.accountArea[a] : -1;
        problem.coarseGroups[p] = static_cast<std::uint32_t>(area + 1);
    }
    if (anyCurrent) {
        problem.currentAssignment = nodeCurrent;
        double totalPotential = 0.0;
        for (AccountIndex a : nodeAccounts) {
            totalPotential += project.accounts[a].potential;
        }
        problem.disruptionValues.resize(nodes);
        for (std::size_t p = 0; p < nodes; ++p) {
            problem.disruptionValues[p] =
                1.0 / static_cast<double>(nodes) +
                (totalPotential > 0.0 ? project.accounts[nodeAccounts[p]].potential / totalPotential
                                      : 0.0);
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
    if (anyFrozen) {
        problem.frozenTerritories = frozen;
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

    auto balanced = balance(problem, options, feedback);
    if (!balanced) {
        return fail(balanced.error());
    }
    out.result = std::move(*balanced);
    if (engineMode == BalanceMode::FromScratch && settings.matchReps && anyHome) {
        if (auto matched = matchReps(problem, options, anyLock || anyFrozen, out); !matched) {
            return fail(matched.error());
        }
    }
    // Territory of every unit: the held ones where they are held, the others as balanced.
    std::vector<std::int32_t> unitTerritory = locked;
    for (std::size_t p = 0; p < nodes; ++p) {
        unitTerritory[free[p]] = out.result.assignment[p];
    }
    if (settings.nonGeographic) {
        out.notes.push_back(
            "Non-geographic: territories may be scattered; they were judged by balance, travel "
            "and moment of inertia, not by contiguity.");
    }
    if (out.accountsNotBalanced > 0) {
        out.notes.push_back(std::to_string(out.accountsNotBalanced) +
                            " accounts are not located or no longer in the CRM list; they were "
                            "left as they are.");
    }
    if (out.skillPins > 0) {
        out.notes.push_back(std::to_string(out.skillPins) +
                            " accounts needing a skill go to a rep who has it.");
    }

    // Written back: each area to the territory holding most of its accounts' workload (locked
    // areas and areas of frozen territories stay), areas without accounts like most of their
    // neighbours; an override for every account away from its area's territory.
    const std::size_t areaCount = project.areas.size();
    std::vector<std::int32_t> areaNow(areaCount, -1);
    for (std::size_t a = 0; a < areaCount && a < project.alignment.areaTerritory.size(); ++a) {
        areaNow[a] = heldTerritory(project.alignment.areaTerritory[a]);
    }
    std::vector<std::vector<std::uint32_t>> byArea(areaCount);
    for (std::uint32_t i = 0; i < n; ++i) {
        const AccountIndex a = units[i];
        const std::int32_t area = a < project.accountArea.size() ? project.accountArea[a] : -1;
        if (area >= 0 && static_cast<std::size_t>(area) < areaCount) {
            byArea[static_cast<std::size_t>(area)].push_back(i);
        }
    }
    std::vector<std::int32_t> areaTerritory(areaCount, -1);
    std::vector<double> score(count, 0.0);
    for (std::size_t a = 0; a < areaCount; ++a) {
        const bool stays =
            settings.holdLocks && areaNow[a] >= 0 &&
            (project.areas[a].locked || frozen[static_cast<std::size_t>(areaNow[a])]);
        if (stays) {
            areaTerritory[a] = areaNow[a];
            continue;
        }
        if (byArea[a].empty()) {
            continue;
        }
        std::size_t best = count;
        for (std::uint32_t i : byArea[a]) {
            const auto t = static_cast<std::size_t>(unitTerritory[i]);
            score[t] += project.accounts[units[i]].workload + 1e-9;
            if (best == count || score[t] > score[best] || (score[t] == score[best] && t < best)) {
                best = t;
            }
        }
        for (std::uint32_t i : byArea[a]) {
            score[static_cast<std::size_t>(unitTerritory[i])] = 0.0;
        }
        areaTerritory[a] = static_cast<std::int32_t>(best);
    }
    if (project.graph.nodeCount() == areaCount) {
        std::vector<std::size_t> votes(count, 0);
        for (bool changed = true; changed;) {
            changed = false;
            std::vector<std::int32_t> next = areaTerritory;
            for (std::size_t a = 0; a < areaCount; ++a) {
                if (areaTerritory[a] >= 0) {
                    continue;
                }
                std::size_t best = count;
                std::vector<std::size_t> touched;
                for (const AreaGraph::Neighbour& nb :
                     project.graph.neighbours(static_cast<std::uint32_t>(a))) {
                    const std::int32_t t = areaTerritory[nb.node];
                    if (t < 0) {
                        continue;
                    }
                    const auto ti = static_cast<std::size_t>(t);
                    ++votes[ti];
                    touched.push_back(ti);
                    if (best == count || votes[ti] > votes[best] ||
                        (votes[ti] == votes[best] && ti < best)) {
                        best = ti;
                    }
                }
                for (std::size_t t : touched) {
                    votes[t] = 0;
                }
                if (best < count) {
                    next[a] = static_cast<std::int32_t>(best);
                    changed = true;
                }
            }
            areaTerritory = std::move(next);
        }
    }
    for (std::size_t a = 0; a < areaCount; ++a) {
        if (areaTerritory[a] < 0) {
            areaTerritory[a] = areaNow[a];
        }
    }
    out.territories = std::move(territories);
    out.alignment.areaTerritory = areaTerritory;
    std::vector<char> isUnit(project.accounts.size(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        isUnit[units[i]] = 1;
        const AccountIndex a = units[i];
        const std::int32_t area = a < project.accountArea.size() ? project.accountArea[a] : -1;
        const std::int32_t t = unitTerritory[i];
        if (area < 0 || static_cast<std::size_t>(area) >= areaCount ||
            areaTerritory[static_cast<std::size_t>(area)] != t) {
            out.alignment.accountOverrides[a] = t;
        }
    }
    for (const auto& [account, territory] : project.alignment.accountOverrides) {
        if (account < isUnit.size() && !isUnit[account]) {
            const std::int32_t t = heldTerritory(territory);
            if (t >= 0) {
                out.alignment.accountOverrides[account] = t;
            }
        }
    }
    out.unitAccounts = std::move(nodeAccounts);
    return out;
}

}  // namespace

Result<ProjectBalanceResult> balanceProject(const Project& project,
                                            const ProjectBalanceSettings& settings,
                                            BalanceOptions options, Feedback* feedback) {
    ProjectBalanceResult out;
    const std::size_t areaCount = project.areas.size();
    if (areaCount == 0 && settings.units == BalanceUnits::Areas) {
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
    if (count > areaCount && settings.units == BalanceUnits::Areas) {
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
    if (settings.units == BalanceUnits::Accounts) {
        return balanceAccounts(project, settings, options, feedback, std::move(out),
                               std::move(territories), remap, engineMode);
    }

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
                chosen = ableTerritoryFor(
                    project, territories, able, account, pinnedLoad,
                    settings.useHomes && account.locationSource != LocationSource::None,
                    settings.useCapacities);
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

    if (engineMode == BalanceMode::FromScratch && settings.matchReps && anyHome) {
        if (auto matched = matchReps(problem, options, anyLock || !held.empty(), out); !matched) {
            return fail(matched.error());
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
