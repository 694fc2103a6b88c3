// SPDX-License-Identifier: Apache-2.0
#include "Metrics.h"

#include <algorithm>
#include <cmath>

namespace tessera {

std::vector<AreaLoad> areaLoads(const Project& project) {
    std::vector<AreaLoad> loads(project.areas.size());
    for (std::size_t i = 0; i < project.accounts.size() && i < project.accountArea.size(); ++i) {
        const std::int32_t area = project.accountArea[i];
        if (area < 0) {
            continue;
        }
        const Account& account = project.accounts[i];
        AreaLoad& load = loads[static_cast<std::size_t>(area)];
        load.workload += account.workload;
        load.potential += account.potential;
        load.sales += account.sales;
        ++load.accounts;
    }
    return loads;
}

PlanMetrics computeMetrics(const Project& project) {
    PlanMetrics metrics;
    const std::size_t territoryCount = project.territories.size();
    metrics.territories.resize(territoryCount);
    for (std::size_t t = 0; t < territoryCount; ++t) {
        metrics.territories[t].territory = static_cast<TerritoryIndex>(t);
    }
    for (std::size_t a = 0; a < project.alignment.areaTerritory.size(); ++a) {
        const TerritoryIndex t = project.alignment.areaTerritory[a];
        if (t >= 0 && static_cast<std::size_t>(t) < territoryCount) {
            ++metrics.territories[static_cast<std::size_t>(t)].areas;
        } else {
            ++metrics.unassignedAreas;
        }
    }
    metrics.accounts = project.accounts.size();
    for (AccountIndex i = 0; i < project.accounts.size(); ++i) {
        const Account& account = project.accounts[i];
        if (account.removed) {
            --metrics.accounts;  // no longer a customer
            continue;
        }
        const TerritoryIndex t = project.territoryOfAccount(i);
        if (t < 0 || static_cast<std::size_t>(t) >= territoryCount) {
            if (account.locationSource == LocationSource::None &&
                !project.alignment.accountOverrides.contains(i)) {
                ++metrics.unlocatedAccounts;
            } else {
                ++metrics.unassignedAccounts;
            }
            continue;
        }
        TerritoryMetrics& m = metrics.territories[static_cast<std::size_t>(t)];
        ++m.accounts;
        m.workload += account.workload;
        m.potential += account.potential;
        m.sales += account.sales;
        metrics.totalWorkload += account.workload;
        metrics.totalPotential += account.potential;
    }
    double capacityTotal = 0.0;
    std::vector<double> capacity(territoryCount, 1.0);
    for (std::size_t t = 0; t < territoryCount; ++t) {
        const RepIndex rep = project.territories[t].rep;
        if (rep >= 0 && static_cast<std::size_t>(rep) < project.reps.size()) {
            capacity[t] = std::max(0.0, project.reps[static_cast<std::size_t>(rep)].capacity);
        }
        capacityTotal += capacity[t];
    }
    for (std::size_t t = 0; t < territoryCount; ++t) {
        TerritoryMetrics& m = metrics.territories[t];
        const double share = capacityTotal > 0.0 ? capacity[t] / capacityTotal : 0.0;
        m.workloadTarget = metrics.totalWorkload * share;
        m.potentialTarget = metrics.totalPotential * share;
        m.workloadDeviation =
            m.workloadTarget > 0.0 ? (m.workload - m.workloadTarget) / m.workloadTarget : 0.0;
        m.potentialDeviation =
            m.potentialTarget > 0.0 ? (m.potential - m.potentialTarget) / m.potentialTarget : 0.0;
        metrics.maxAbsWorkloadDeviation =
            std::max(metrics.maxAbsWorkloadDeviation, std::abs(m.workloadDeviation));
        metrics.maxAbsPotentialDeviation =
            std::max(metrics.maxAbsPotentialDeviation, std::abs(m.potentialDeviation));
    }
    return metrics;
}

}  // namespace tessera
