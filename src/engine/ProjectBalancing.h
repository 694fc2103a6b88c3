// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
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

}  // namespace tessera::engine
