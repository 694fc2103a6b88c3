// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/AreaGraphBuilder.h"
#include "core/AreaLocator.h"
#include "core/Project.h"
#include "core/TestAreas.h"

namespace tessera::test {

/// A rows × cols grid of 1° squares with one account in the middle of each area (workload 10
/// plus the area's column, potential 100 × (area index + 1)) and `territoryCount` territories
/// splitting the grid into vertical bands (named "Territory 1"…).
inline Project gridProject(int rows, int cols, int territoryCount) {
    Project project;
    project.name = "grid";
    project.areas = gridAreas(rows, cols, 1.0);
    project.areaAttributeNames = {"population"};
    for (std::size_t i = 0; i < project.areas.size(); ++i) {
        project.areas[i].attributes = {1000.0 * static_cast<double>(i + 1)};
        Account account;
        account.id = "A" + std::to_string(i);
        account.name = "Account " + std::to_string(i);
        account.location = project.areas[i].labelPoint;
        account.locationSource = LocationSource::Coordinates;
        account.workload = 10.0 + static_cast<double>(i % static_cast<std::size_t>(cols));
        account.potential = 100.0 * static_cast<double>(i + 1);
        project.accounts.push_back(account);
    }
    project.graph = buildAreaGraph(project.areas);
    (void)assignAccountsToAreas(project);
    for (int t = 0; t < territoryCount; ++t) {
        Territory territory;
        territory.name = "Territory " + std::to_string(t + 1);
        territory.color = paletteColor(static_cast<std::size_t>(t));
        project.territories.push_back(territory);
    }
    project.alignment.areaTerritory.resize(project.areas.size());
    for (std::size_t i = 0; i < project.areas.size(); ++i) {
        const int col = static_cast<int>(i) % cols;
        project.alignment.areaTerritory[i] = col * territoryCount / cols;
    }
    return project;
}

}  // namespace tessera::test
