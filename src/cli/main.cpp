// SPDX-License-Identifier: Apache-2.0
// tessera-cli: the command-line tool for automation. Same libraries as the GUI.

#include <iostream>
#include <string>
#include <vector>

#include "Commands.h"

namespace {

void printUsage(std::ostream& out) {
    out << "Usage: tessera-cli COMMAND [ARGS]\n\nCommands:\n";
    for (const auto& command : tessera::cli::commands()) {
        out << "  " << command.name << " " << command.usage << "\n      " << command.summary
            << "\n";
    }
    out << "\nEvery command exits 0 on success and non-zero with a message on stderr on error.\n";
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
        printUsage(args.empty() ? std::cerr : std::cout);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version") {
        std::cout << "tessera-cli " << TESSERA_VERSION << "\n";
        return 0;
    }
    for (const auto& command : tessera::cli::commands()) {
        if (command.name == args[0]) {
            try {
                return command.run({args.begin() + 1, args.end()});
            } catch (const std::exception& e) {
                std::cerr << "tessera-cli " << args[0] << ": internal error: " << e.what()
                          << "\nPlease report this with the command you ran.\n";
                return 70;
            }
        }
    }
    std::cerr << "tessera-cli: unknown command \"" << args[0] << "\"\n\n";
    printUsage(std::cerr);
    return 2;
}
