// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/Project.h"
#include "engine/Balancer.h"

namespace tessera::engine {

/// The balancing problem of a project: nodes are its areas, weights their accounts' workload,
/// locations their label points. The graph is project.graph with islands bridged to their
/// nearest area, written to `bridgedGraph` (which must outlive the problem).
[[nodiscard]] BalanceProblem problemFromProject(const Project& project, AreaGraph& bridgedGraph);

/// `count` territories named "Territory 1".."Territory N", vacant, in palette colours.
[[nodiscard]] std::vector<Territory> makeTerritories(std::size_t count);

/// The project with the result applied: territories replaced by `result.assignment`'s N
/// territories (existing names, colours and reps are kept for indices that survive), account
/// overrides that point past the new territory count dropped.
[[nodiscard]] Project applyBalanceResult(const Project& project, const BalanceResult& result,
                                         std::size_t territoryCount);

/// What a project balance run changes.
enum class ProjectMode {
    FromScratch,      ///< design `territoryCount` territories anew
    Rebalance,        ///< improve the current plan (as many territories as now)
    AddTerritory,     ///< one territory more (for a new rep), rebalanced around it
    RemoveTerritory,  ///< territory `removedTerritory` goes; its areas join the others
    HowMany,          ///< as many territories as `workloadPerRep` needs, from scratch
};

/// What the engine moves between territories.
enum class BalanceUnits {
    Areas,     ///< whole areas with the accounts inside them
    Accounts,  ///< individual accounts (each account to a rep), written as account overrides
};

struct ProjectBalanceSettings {
    ProjectMode mode = ProjectMode::FromScratch;
    std::size_t territoryCount = 0;  ///< FromScratch; other modes derive it
    std::size_t removedTerritory = 0;
    double workloadPerRep = 0.0;  ///< HowMany: target workload of one full-time rep
    /// Measures: "workload", "potential", "sales", "accounts" or an area attribute name;
    /// tolerances aligned (missing ones take the first's).
    std::vector<std::string> measures{"workload"};
    std::vector<double> tolerances{0.05};
    bool holdLocks = true;      ///< locked areas, locked accounts, overrides, frozen territories
    bool useCapacities = true;  ///< rep capacity scales the targets
    bool useHomes = true;       ///< rep home bases (travel, maximum distance, matching)
    bool holdSkills = true;     ///< accounts needing a skill go to a rep who has it
    bool matchReps = true;      ///< from scratch: reps to territories by home distance (Hungarian)
    BalanceUnits units = BalanceUnits::Areas;
    /// Account mode: territories need not be connected (judged by travel and moment of
    /// inertia instead of cut edges).
    bool nonGeographic = false;
    /// Account mode: each account's neighbours are its nearest this many accounts (plus the
    /// nearest pair across every shared area boundary).
    std::size_t accountNeighbours = 6;
};

/// A project balance run's outcome, ready to apply.
struct ProjectBalanceResult {
    BalanceResult result;  ///< in the numbering of the resulting territories
    std::size_t territoryCount = 0;
    std::vector<Territory> territories;
    Alignment alignment;
    std::vector<std::string> notes;      ///< plain words on skills, matching, modes
    std::size_t skillPins = 0;           ///< accounts given to a specialist away from their area
    std::size_t unservableAccounts = 0;  ///< accounts needing a skill no rep has
    BalanceUnits units = BalanceUnits::Areas;
    /// Account mode: the account (index into Project::accounts) of each node of `result`.
    std::vector<AccountIndex> unitAccounts;
    /// Account mode: accounts left as they are (not located, or removed from the CRM list).
    std::size_t accountsNotBalanced = 0;
};

/// Balances a project as `settings` ask; deterministic for options.seed; cancel returns
/// ErrorCode::Canceled and leaves the project untouched.
[[nodiscard]] Result<ProjectBalanceResult> balanceProject(const Project& project,
                                                          const ProjectBalanceSettings& settings,
                                                          BalanceOptions options,
                                                          Feedback* feedback = nullptr);

/// The project with the result applied (territories, alignment); nothing else changes.
[[nodiscard]] Project applyProjectBalance(const Project& project,
                                          const ProjectBalanceResult& result);

}  // namespace tessera::engine
