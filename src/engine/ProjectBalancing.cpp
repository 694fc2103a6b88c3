// SPDX-License-Identifier: Apache-2.0
#include "ProjectBalancing.h"

#include <string>

#include "core/AreaGraphBuilder.h"
#include "core/Metrics.h"

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
