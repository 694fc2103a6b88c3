// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <vector>

#include "Project.h"

namespace tessera {

/// What the accounts inside one area add up to.
struct AreaLoad {
    double workload = 0.0;
    double potential = 0.0;
    double sales = 0.0;
    std::size_t accounts = 0;
};

/// Per area, the sums over the located accounts inside it (overridden accounts included:
/// this is about geography, not about territories).
[[nodiscard]] std::vector<AreaLoad> areaLoads(const Project& project);

struct TerritoryMetrics {
    TerritoryIndex territory = kNoTerritory;
    std::size_t areas = 0;
    std::size_t accounts = 0;
    double workload = 0.0;
    double potential = 0.0;
    double sales = 0.0;
    double workloadTarget = 0.0;     ///< total workload × rep capacity share
    double workloadDeviation = 0.0;  ///< (workload − target) / target; 0 when target is 0
    double potentialTarget = 0.0;
    double potentialDeviation = 0.0;
};

struct PlanMetrics {
    std::vector<TerritoryMetrics> territories;  ///< one per Project::territories, same order
    std::size_t accounts = 0;
    std::size_t unassignedAccounts = 0;  ///< located, but in no territory
    std::size_t unlocatedAccounts = 0;
    std::size_t unassignedAreas = 0;
    double totalWorkload = 0.0;  ///< over accounts in territories
    double totalPotential = 0.0;
    double maxAbsWorkloadDeviation = 0.0;
    double maxAbsPotentialDeviation = 0.0;
};

/// Per-territory sums and deviations from target. Targets split the total in proportion to
/// each territory's rep capacity (1.0 when vacant).
[[nodiscard]] PlanMetrics computeMetrics(const Project& project);

}  // namespace tessera
