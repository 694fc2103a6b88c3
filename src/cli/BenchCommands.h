// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace tessera::cli {

/// `tessera-cli bench WHAT ...`: timed runs of core operations on real (or scaled real) data,
/// printing the median of several runs. Benchmarks, not tests: nothing is asserted on time.
int runBench(const std::vector<std::string>& args);

}  // namespace tessera::cli
