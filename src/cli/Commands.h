// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace tessera::cli {

struct Command {
    std::string name;
    std::string usage;                                        ///< one line: arguments
    std::string summary;                                      ///< one line: what it does
    std::function<int(const std::vector<std::string>&)> run;  ///< exit code
};

/// All subcommands of tessera-cli, in the order `help` lists them.
[[nodiscard]] const std::vector<Command>& commands();

}  // namespace tessera::cli
