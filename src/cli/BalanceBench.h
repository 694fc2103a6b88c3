// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace tessera::cli {

/// `tessera-cli bench balance --graph G.json --weight FIELD [--copies C] [--accounts N]
/// [--territories K] [--tolerance T] [--measures 1|2]`: the balancer on a real graph tiled
/// C times with N accounts scattered by the weight.
int benchBalance(const std::vector<std::string>& args);

}  // namespace tessera::cli
