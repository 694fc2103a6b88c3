// SPDX-License-Identifier: Apache-2.0
// Times saveProject and loadProject on a synthetic project of the size the file must handle
// (by default 33,000 areas and 1,000,000 accounts), and checks that the load gives back what
// was saved. Not a test: run it by hand on a release build, e.g.
//   build/release/tests/storage/storage_bench --areas 33000 --accounts 1000000 --keep
//   /tmp/big.tessera

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "TestProjects.h"
#include "storage/ProjectFile.h"

namespace {

/// Processor time of this process (all threads), to tell work from waiting on a busy machine.
double cpuSeconds() {
    return static_cast<double>(std::clock()) / CLOCKS_PER_SEC;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t areas = 33000;
    std::size_t accounts = 1000000;
    int territories = 200;
    std::string path = (std::filesystem::temp_directory_path() / "tessera-bench.tessera").string();
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", arg.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (arg == "--areas") {
            areas = std::stoul(next());
        } else if (arg == "--accounts") {
            accounts = std::stoul(next());
        } else if (arg == "--territories") {
            territories = std::stoi(next());
        } else if (arg == "--keep") {
            keep = true;
            path = next();
        } else {
            std::fprintf(stderr,
                         "usage: %s [--areas N] [--accounts N] [--territories N] [--keep FILE]\n",
                         argv[0]);
            return 2;
        }
    }
    const int cols = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(areas))));
    const int rows = static_cast<int>((areas + static_cast<std::size_t>(cols) - 1) /
                                      static_cast<std::size_t>(cols));

    auto start = std::chrono::steady_clock::now();
    const tessera::Project project = tessera::test::largeProject(rows, cols, accounts, territories);
    std::printf("built %zu areas, %zu accounts, %zu territories, %zu graph edges in %.2f s\n",
                project.areas.size(), project.accounts.size(), project.territories.size(),
                project.graph.edges().size(), secondsSince(start));

    // Phase times from the progress the writer reports: areas up to 0.2, territories (the
    // dissolve) up to 0.35, account rows up to 0.9, their spatial index up to 0.95, the small
    // tables, triggers and the commit up to 1.0; what follows is closing, fsync and rename.
    start = std::chrono::steady_clock::now();
    double cpuStart = cpuSeconds();
    std::vector<std::pair<double, double>> marks;  // (progress threshold, seconds)
    const double thresholds[] = {0.2, 0.35, 0.9, 0.95, 1.0};
    std::size_t nextMark = 0;
    tessera::Feedback feedback;
    feedback.setProgressCallback([&](double fraction) {
        while (nextMark < std::size(thresholds) && fraction >= thresholds[nextMark]) {
            marks.emplace_back(thresholds[nextMark], secondsSince(start));
            ++nextMark;
        }
    });
    auto saved = tessera::storage::saveProject(project, path, &feedback);
    const double saveSeconds = secondsSince(start);
    const double saveCpu = cpuSeconds() - cpuStart;
    if (!saved) {
        std::fprintf(stderr, "save failed: %s\n", saved.error().toString().c_str());
        return 1;
    }
    const auto bytes = std::filesystem::file_size(path);
    std::printf("save: %.2f s (processor %.2f s), %.1f MB\n", saveSeconds, saveCpu,
                static_cast<double>(bytes) / 1e6);
    const char* phases[] = {"areas", "territories (dissolve)", "account rows",
                            "account spatial index", "rest + commit"};
    double previous = 0.0;
    for (std::size_t i = 0; i < marks.size(); ++i) {
        std::printf("  %-24s %.2f s\n", phases[i], marks[i].second - previous);
        previous = marks[i].second;
    }
    std::printf("  %-24s %.2f s\n", "close + fsync + rename", saveSeconds - previous);

    start = std::chrono::steady_clock::now();
    cpuStart = cpuSeconds();
    auto loaded = tessera::storage::loadProject(path);
    const double loadSeconds = secondsSince(start);
    const double loadCpu = cpuSeconds() - cpuStart;
    if (!loaded) {
        std::fprintf(stderr, "load failed: %s\n", loaded.error().toString().c_str());
        return 1;
    }
    std::printf("load: %.2f s (processor %.2f s)\n", loadSeconds, loadCpu);
    const bool same = *loaded == project;
    std::printf("loaded project equals the saved one: %s\n", same ? "yes" : "NO");
    if (!keep) {
        std::filesystem::remove(path);
    }
    return same ? 0 : 1;
}
