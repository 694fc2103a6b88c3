// SPDX-License-Identifier: Apache-2.0
#include "BenchCommands.h"

#include "BalanceBench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <functional>
#include <iomanip>
#include <iostream>
#include <random>

#include "Arguments.h"
#include "TextFormat.h"
#include "core/AreaGraphBuilder.h"
#include "core/AreaLocator.h"
#include "core/Project.h"
#include "io/AccountCsvReader.h"
#include "io/AreaReader.h"

namespace tessera::cli {

namespace {

int benchError(const Error& error) {
    std::cerr << "tessera-cli bench: " << error.toString() << "\n";
    return error.code == ErrorCode::InvalidArgument ? 2 : 1;
}

/// Runs `work` `repeat` times and returns the median wall time in seconds.
double medianSeconds(int repeat, const std::function<void()>& work) {
    std::vector<double> times;
    for (int i = 0; i < std::max(1, repeat); ++i) {
        const auto start = Clock::now();
        work();
        times.push_back(secondsSince(start));
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

Result<io::AreaImportResult> readAreasArg(const Arguments& args) {
    auto file = args.required("areas");
    if (!file) {
        return fail(file.error());
    }
    io::AreaImportOptions options;
    options.layer = args.valueOr("layer", "");
    return io::readAreas(*file, options);
}

/// Replicates real points up to `count` with a deterministic jitter of up to ±0.02° so the
/// scaled set keeps the real spatial distribution (dense cities, empty deserts).
std::vector<Point> scalePoints(const std::vector<Point>& real, std::size_t count) {
    std::vector<Point> points;
    points.reserve(count);
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> jitter(-0.02, 0.02);
    for (std::size_t i = 0; i < count; ++i) {
        const Point& p = real[i % real.size()];
        if (i < real.size()) {
            points.push_back(p);
        } else {
            points.emplace_back(p.x() + jitter(random), p.y() + jitter(random));
        }
    }
    return points;
}

int benchAssign(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(
        raw, {"areas", "layer", "accounts", "count", "repeat", "write-points"}, {});
    if (!args) {
        return benchError(args.error());
    }
    auto areas = readAreasArg(*args);
    if (!areas) {
        return benchError(areas.error());
    }
    auto accountsFile = args->required("accounts");
    if (!accountsFile) {
        return benchError(accountsFile.error());
    }
    auto accounts = io::readAccountsCsv(*accountsFile);
    if (!accounts) {
        return benchError(accounts.error());
    }
    std::vector<Point> real;
    for (const Account& a : accounts->accounts) {
        if (a.locationSource != LocationSource::None) {
            real.push_back(a.location);
        }
    }
    if (real.empty()) {
        return benchError(makeError(ErrorCode::BadData, "no located accounts", *accountsFile));
    }
    auto count = args->integer("count", 1000000);
    auto repeat = args->integer("repeat", 5);
    if (!count || !repeat || *count < 1) {
        return benchError(makeError(ErrorCode::InvalidArgument, "bad --count or --repeat"));
    }
    const std::vector<Point> points = scalePoints(real, static_cast<std::size_t>(*count));
    if (auto out = args->value("write-points")) {
        std::ofstream file(*out);
        file << "id,lon,lat\n" << std::setprecision(10);
        for (std::size_t i = 0; i < points.size(); ++i) {
            file << i << "," << points[i].x() << "," << points[i].y() << "\n";
        }
        if (!file) {
            return benchError(makeError(ErrorCode::FileUnwritable, "cannot write points", *out));
        }
    }
    std::size_t inside = 0;
    double buildSeconds = 0.0;
    const double seconds = medianSeconds(static_cast<int>(*repeat), [&] {
        const auto start = Clock::now();
        AreaLocator locator(areas->areas);
        buildSeconds = secondsSince(start);
        const auto located = locator.locateAll(points);
        inside = static_cast<std::size_t>(
            std::count_if(located.begin(), located.end(), [](std::int32_t a) { return a >= 0; }));
    });
    std::cout << "assign: " << points.size() << " points (scaled from " << real.size()
              << " real) into " << areas->areas.size() << " areas: " << inside << " inside; median "
              << std::fixed << std::setprecision(3) << seconds << " s (locator build "
              << buildSeconds << " s) over " << *repeat << " runs\n";
    return 0;
}

int benchGraph(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw, {"areas", "layer", "repeat"}, {});
    if (!args) {
        return benchError(args.error());
    }
    auto areas = readAreasArg(*args);
    if (!areas) {
        return benchError(areas.error());
    }
    auto repeat = args->integer("repeat", 5);
    if (!repeat) {
        return benchError(repeat.error());
    }
    std::size_t edges = 0;
    double km = 0.0;
    const double seconds = medianSeconds(static_cast<int>(*repeat), [&] {
        const AreaGraph graph = buildAreaGraph(areas->areas);
        edges = graph.edges().size();
        km = 0.0;
        for (const AreaEdge& e : graph.edges()) {
            km += e.sharedBoundaryKm;
        }
    });
    std::cout << "graph: " << areas->areas.size() << " areas, " << edges
              << " neighbour pairs, shared boundary " << std::fixed << std::setprecision(0) << km
              << " km; median " << std::setprecision(3) << seconds << " s over " << *repeat
              << " runs\n";
    return 0;
}

int benchScaleCsv(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw, {"file", "rows", "out", "id-column"}, {});
    if (!args) {
        return benchError(args.error());
    }
    auto file = args->required("file");
    auto out = args->required("out");
    auto rows = args->integer("rows", 1000000);
    if (!file || !out || !rows) {
        return benchError(makeError(ErrorCode::InvalidArgument, "need --file, --out and --rows"));
    }
    std::ifstream in(*file, std::ios::binary);
    if (!in) {
        return benchError(makeError(ErrorCode::FileNotFound, "cannot open", *file));
    }
    std::string header;
    std::getline(in, header);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty()) {
            lines.push_back(line);
        }
    }
    if (lines.empty()) {
        return benchError(makeError(ErrorCode::BadData, "no data rows", *file));
    }
    // The first column must be the ID; copies get a suffix so IDs stay unique.
    std::ofstream output(*out, std::ios::binary);
    output << header << "\n";
    for (long long i = 0; i < *rows; ++i) {
        const std::string& line = lines[static_cast<std::size_t>(i) % lines.size()];
        const long long copy = i / static_cast<long long>(lines.size());
        if (copy == 0) {
            output << line << "\n";
        } else {
            const auto comma = line.find(',');
            output << line.substr(0, comma) << "-" << copy << line.substr(comma) << "\n";
        }
    }
    if (!output) {
        return benchError(makeError(ErrorCode::FileUnwritable, "cannot write", *out));
    }
    std::cout << "wrote " << *rows << " rows to " << *out << "\n";
    return 0;
}

}  // namespace

int runBench(const std::vector<std::string>& args) {
    const std::string what = args.empty() ? "" : args[0];
    const std::vector<std::string> rest(args.begin() + (args.empty() ? 0 : 1), args.end());
    if (what == "assign") {
        return benchAssign(rest);
    }
    if (what == "graph") {
        return benchGraph(rest);
    }
    if (what == "balance") {
        return benchBalance(rest);
    }
    if (what == "scale-csv") {
        return benchScaleCsv(rest);
    }
    std::cerr << "usage:\n"
                 "  tessera-cli bench assign --areas F [--layer L] --accounts CSV [--count N] "
                 "[--repeat R] [--write-points OUT.csv]\n"
                 "  tessera-cli bench graph --areas F [--layer L] [--repeat R]\n"
                 "  tessera-cli bench scale-csv --file IN.csv --rows N --out OUT.csv\n"
                 "  tessera-cli bench balance --graph G.json --weight FIELD [--copies C] "
                 "[--accounts N] [--territories K] [--tolerance T] [--measures 1|2]\n";
    return 2;
}

}  // namespace tessera::cli
