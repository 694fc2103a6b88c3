// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "../core/TestAreas.h"
#include "core/AreaGraphBuilder.h"
#include "core/AreaLocator.h"
#include "core/Project.h"

namespace tessera::test {

/// A project that exercises every field the file stores, including the awkward values: NaN
/// attributes, attribute names that collide, unicode, an area with a hole, a multipolygon
/// island (bridged into the graph), accounts that are not located, overrides (one to "no
/// territory"), locks, reps with skills and without a home, and import rejects.
inline Project richProject() {
    Project project;
    project.name = "Réseau Süd — 東京 ✓";
    project.areaLayerName = "counties.gpkg:counties";
    project.areaAttributeNames = {"population", "Fläche km²", "POPULATION", "", "name"};

    project.areas = gridAreas(3, 3, 0.5);
    project.areas.push_back(areaFromWkt(
        "H1",
        "POLYGON((2 0,2 1,3 1,3 0,2 0),(2.25 0.25,2.75 0.25,2.75 0.75,2.25 0.75,2.25 0.25))"));
    project.areas.push_back(
        areaFromWkt("M2", "MULTIPOLYGON(((5 5,5 6,6 6,6 5,5 5)),((7 5,7 6,8 6,8 5,7 5)))"));
    project.areas[0].name = "Zürich";
    project.areas[1].name = "Ελλάδα \"quoted\" 'single'";
    project.areas[2].name = "";
    project.areas[4].locked = true;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < project.areas.size(); ++i) {
        const auto x = static_cast<double>(i);
        project.areas[i].attributes = {1000.5 * x, i % 3 == 0 ? nan : 0.1 * x, -x, 1e300, nan};
    }
    // Coordinates that do not survive a trip through decimal text.
    project.areas[3].shape[0].outer()[1] = Point(0.1 + 0.2, 0.5 + 1e-15);
    bg::envelope(project.areas[3].shape, project.areas[3].bounds);

    project.reps = {
        {"Ana Müller", Point(0.25, 0.25), true, 1.0, {"medical", "deutsch", "日本語"}},
        {"Bo", Point(0.0, 0.0), false, 0.5, {}},
        {"Cé \"Chief\"", Point(7.5, 5.5), true, 1.25, {""}},
    };
    project.territories = {
        {"North", 0x8dd3c7, 0, false},
        {"South ✓", 0xfdb462, 1, true},
        {"Vacant", 0x000000, kNoRep, false},
        {"Unused", 0xffffff, 2, false},
    };
    project.alignment.areaTerritory = {0, 0, 1, 0, 1, 1, kNoTerritory, 2, 2, 1, 2};

    auto account = [](std::string id, double lon, double lat, LocationSource source) {
        Account a;
        a.id = std::move(id);
        a.name = "Account " + a.id;
        a.location = Point(lon, lat);
        a.locationSource = source;
        a.postalCode = "0" + a.id;
        a.potential = 1000.0 + lon;
        a.workload = 10.25;
        a.sales = 333.3333333333333;
        return a;
    };
    project.accounts.push_back(account("A1", 0.1, 0.1, LocationSource::Coordinates));
    project.accounts.push_back(account("A2", 0.7, 0.2, LocationSource::PostalCode));
    project.accounts.push_back(account("A3", 0.0, 0.0, LocationSource::None));
    project.accounts.push_back(account("A4", 1.3, 1.3, LocationSource::Coordinates));
    project.accounts.push_back(account("A5", 5.5, 5.5, LocationSource::Coordinates));
    project.accounts.push_back(account("A6", 12.0, 40.0, LocationSource::Coordinates));
    project.accounts.push_back(account("A7", -73.98, 40.75, LocationSource::None));
    project.accounts[0].custom = {{"Region", "Nord"},
                                  {"Notes", "line 1\nline 2, \"quoted\""},
                                  {"Empty", ""},
                                  {"Region", "duplicate name"}};
    project.accounts[1].custom = {{"Ünïcode ✓", "東京\t\\ back\\slash \x01 control"}};
    project.accounts[3].custom = {{"", ""}};
    project.accounts[1].segment = "Healthcare";
    project.accounts[1].requiredSkill = "medical";
    project.accounts[1].owner = "Ana Müller";
    project.accounts[2].locked = true;
    project.accounts[4].potential = 0.0;
    project.accounts[4].workload = -0.0;
    project.accounts[5].sales = 1e-310;  // subnormal

    assignAccountsToAreas(project);
    project.alignment.accountOverrides = {{3, 2}, {5, kNoTerritory}, {0, 1}};

    project.graph = buildAreaGraph(project.areas);
    std::vector<Point> labels;
    for (const Area& area : project.areas) {
        labels.push_back(area.labelPoint);
    }
    connectIslands(project.graph, labels);

    project.accountRejects = {
        {"accounts.csv", 17, "Latitude", "latitude 123.4 is out of range (-90..90): fix the value",
         "A99,\"Foo, Inc.\",123.4,-73.9"},
        {"accounts.xlsx", -1, "", "the whole row is empty", ""},
        {"kunden.csv", 3, "Straße", "ungültig ✗", "line\nwith newline;and;semicolons"},
    };
    return project;
}

/// A synthetic project of the size the file must handle: a grid of square areas and accounts
/// spread over it, each with a few custom columns; assigned to `territoryCount` territories in
/// vertical stripes.
inline Project largeProject(int rows, int cols, std::size_t accountCount, int territoryCount) {
    Project project;
    project.name = "large";
    project.areaLayerName = "synthetic grid";
    project.areaAttributeNames = {"population", "households"};
    const double size = 0.01;
    project.areas.reserve(static_cast<std::size_t>(rows) * static_cast<std::size_t>(cols));
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            Area area;
            area.code = std::to_string(r * cols + c);
            area.name = "Area " + area.code;
            const double x0 = -100.0 + c * size;
            const double y0 = 30.0 + r * size;
            Polygon square;
            square.outer() = {Point(x0, y0), Point(x0, y0 + size), Point(x0 + size, y0 + size),
                              Point(x0 + size, y0), Point(x0, y0)};
            area.shape.push_back(std::move(square));
            bg::envelope(area.shape, area.bounds);
            area.labelPoint = Point(x0 + size / 2, y0 + size / 2);
            area.attributes = {static_cast<double>(r * c), static_cast<double>(r + c)};
            project.areas.push_back(std::move(area));
        }
    }
    for (int t = 0; t < territoryCount; ++t) {
        project.reps.push_back({"Rep " + std::to_string(t),
                                Point(-100.0, 30.0),
                                true,
                                1.0,
                                {"skill" + std::to_string(t % 3)}});
        project.territories.push_back({"T" + std::to_string(t), paletteColor(t), t, false});
    }
    project.alignment.areaTerritory.resize(project.areas.size());
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < cols; ++c) {
            project.alignment.areaTerritory[static_cast<std::size_t>(r * cols + c)] =
                c * territoryCount / cols;
        }
    }
    std::mt19937_64 random(42);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    project.accounts.resize(accountCount);
    project.accountArea.resize(accountCount);
    for (std::size_t i = 0; i < accountCount; ++i) {
        Account& account = project.accounts[i];
        const int r = static_cast<int>(unit(random) * rows);
        const int c = static_cast<int>(unit(random) * cols);
        account.id = "0016g00000" + std::to_string(1000000 + i);
        account.name = "Customer " + std::to_string(i);
        account.location =
            Point(-100.0 + (c + unit(random)) * size, 30.0 + (r + unit(random)) * size);
        account.locationSource = LocationSource::Coordinates;
        account.postalCode = std::to_string(10000 + r);
        account.segment = i % 2 == 0 ? "Retail" : "Healthcare";
        account.owner = "Rep " + std::to_string(i % 7);
        account.potential = unit(random) * 100000.0;
        account.workload = unit(random) * 40.0;
        account.sales = unit(random) * 50000.0;
        account.custom = {{"Industry", "Manufacturing"}, {"Tier", std::to_string(i % 4)}};
        project.accountArea[i] = r * cols + c;
    }
    project.graph = buildAreaGraph(project.areas);
    return project;
}

inline std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// A fresh, empty folder under the system temp folder, removed when it goes out of scope.
class ScratchFolder {
public:
    explicit ScratchFolder(const std::string& name) {
        path_ = std::filesystem::temp_directory_path() /
                ("tessera-storage-" + name + "-" + std::to_string(std::random_device{}()));
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~ScratchFolder() {
        std::error_code ec;
        std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add, ec);
        std::filesystem::remove_all(path_, ec);
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;

    [[nodiscard]] std::string file(const std::string& name) const {
        return (path_ / name).string();
    }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    /// Names of the files in the folder, sorted.
    [[nodiscard]] std::vector<std::string> files() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(path_)) {
            names.push_back(entry.path().filename().string());
        }
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    std::filesystem::path path_;
};

}  // namespace tessera::test
