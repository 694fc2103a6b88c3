// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace tessera::cli {

/// `tessera-cli balance PROJECT ...` (modes, measures, locks, skills, travel, disruption)
/// and its graph mode `tessera-cli balance --graph G ...`.
int runBalance(const std::vector<std::string>& args);

/// The usage line of `balance` for `help`.
[[nodiscard]] std::string balanceUsage();

}  // namespace tessera::cli
