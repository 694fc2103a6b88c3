// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <vector>

#include "core/AreaGraph.h"
#include "core/Project.h"

namespace tessera::engine {

/// How the neighbourhood of accounts is built for account-mode balancing.
struct AccountGraphSettings {
    /// Each account is linked to this many nearest accounts (by location); 0 = none.
    std::size_t nearest = 6;
    /// Also link the nearest pair of accounts across every shared area boundary, so that the
    /// accounts' graph follows the map wherever the area graph does.
    bool areaLinks = true;
};

/// The graph of `units` (indices into project.accounts; node i is units[i]): accounts among
/// each other's nearest, plus the nearest pair across every pair of neighbouring areas; parts
/// still apart are joined to their nearest account by a bridge edge (no boundary, like an
/// island area), so the graph is connected. Every unit must have a location.
[[nodiscard]] AreaGraph buildAccountGraph(const Project& project,
                                          const std::vector<AccountIndex>& units,
                                          const AccountGraphSettings& settings);

}  // namespace tessera::engine
