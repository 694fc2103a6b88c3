// SPDX-License-Identifier: Apache-2.0
#include "Commands.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include "Arguments.h"
#include "BalanceCommand.h"
#include "BenchCommands.h"
#include "ImportAccountsCommand.h"
#ifdef TESSERA_HAVE_RENDER
#include "RenderCommand.h"
#endif
#include "TextFormat.h"
#include "core/AreaGraphBuilder.h"
#include "core/AreaLocator.h"
#include "core/Metrics.h"
#include "engine/GraphBalanceRun.h"
#include "engine/ProjectBalancing.h"
#include "io/AccountCsvReader.h"
#include "io/AreaReader.h"
#include "io/Exporters.h"
#include "io/GraphReader.h"
#include "io/RejectsExport.h"
#include "storage/ProjectFile.h"

namespace tessera::cli {

namespace {

int reportError(const std::string& command, const Error& error) {
    std::cerr << "tessera-cli " << command << ": " << error.toString() << "\n";
    return error.code == ErrorCode::InvalidArgument ? 2 : 1;
}

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

void printJson(const QJsonObject& object) {
    std::cout << QJsonDocument(object).toJson(QJsonDocument::Indented).toStdString();
}

/// Loads the project named by the first positional argument.
Result<Project> loadFirst(const Arguments& args) {
    if (args.positionals().size() != 1) {
        return fail(ErrorCode::InvalidArgument, "expected exactly one PROJECT argument");
    }
    return storage::loadProject(args.positionals()[0]);
}

int cmdNew(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw, {"name"}, {"force"});
    if (!args) {
        return reportError("new", args.error());
    }
    if (args->positionals().size() != 1) {
        return reportError(
            "new", makeError(ErrorCode::InvalidArgument, "expected exactly one PROJECT argument"));
    }
    const std::string& path = args->positionals()[0];
    if (std::filesystem::exists(path) && !args->has("force")) {
        return reportError(
            "new", makeError(ErrorCode::InvalidArgument,
                             "\"" + path + "\" already exists; pass --force to replace it"));
    }
    Project project;
    project.name = args->valueOr("name", std::filesystem::path(path).stem().string());
    if (auto saved = storage::saveProject(project, path); !saved) {
        return reportError("new", saved.error());
    }
    std::cout << "Created project \"" << project.name << "\" in " << path << "\n";
    return 0;
}

int cmdLayers(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw, {"file"}, {});
    if (!args) {
        return reportError("layers", args.error());
    }
    auto file = args->required("file");
    if (!file) {
        return reportError("layers", file.error());
    }
    auto layers = io::listLayers(*file);
    if (!layers) {
        return reportError("layers", layers.error());
    }
    for (const std::string& layer : *layers) {
        std::cout << layer << "\n";
    }
    return 0;
}

int cmdImportAreas(const std::vector<std::string>& raw) {
    auto args =
        Arguments::parse(raw, {"file", "layer", "id-field", "name-field", "where"}, {"json"});
    if (!args) {
        return reportError("import-areas", args.error());
    }
    auto file = args->required("file");
    if (!file) {
        return reportError("import-areas", file.error());
    }
    auto project = loadFirst(*args);
    if (!project) {
        return reportError("import-areas", project.error());
    }
    const auto start = Clock::now();
    io::AreaImportOptions options;
    options.layer = args->valueOr("layer", "");
    options.idField = args->valueOr("id-field", "");
    options.nameField = args->valueOr("name-field", "");
    options.where = args->valueOr("where", "");
    auto imported = io::readAreas(*file, options);
    if (!imported) {
        return reportError("import-areas", imported.error());
    }
    const double readSeconds = secondsSince(start);
    if (imported->areas.empty()) {
        return reportError(
            "import-areas",
            makeError(ErrorCode::BadData,
                      "the layer has no usable polygon features; nothing was imported", *file));
    }
    const bool hadAlignment = !project->territories.empty();
    project->areas = std::move(imported->areas);
    project->areaAttributeNames = std::move(imported->attributeNames);
    project->areaLayerName =
        std::filesystem::path(*file).filename().string() + ":" + imported->layerName;
    // New geography: the old alignment no longer applies.
    project->territories.clear();
    project->alignment = {};
    project->alignment.areaTerritory.assign(project->areas.size(), kNoTerritory);

    const auto graphStart = Clock::now();
    project->graph = buildAreaGraph(project->areas);
    const double graphSeconds = secondsSince(graphStart);
    std::size_t components = 0;
    (void)project->graph.componentLabels(&components);

    const auto assignStart = Clock::now();
    const AccountAssignmentSummary assigned = assignAccountsToAreas(*project);
    const double assignSeconds = secondsSince(assignStart);

    const auto saveStart = Clock::now();
    if (auto saved = storage::saveProject(*project, args->positionals()[0]); !saved) {
        return reportError("import-areas", saved.error());
    }
    const double saveSeconds = secondsSince(saveStart);

    for (const Error& warning : imported->warnings) {
        std::cerr << "warning: " << warning.toString() << "\n";
    }
    if (args->has("json")) {
        QJsonObject out;
        out["layer"] = qs(imported->layerName);
        out["areas"] = static_cast<qint64>(project->areas.size());
        out["warnings"] = static_cast<qint64>(imported->warnings.size());
        out["graph_edges"] = static_cast<qint64>(project->graph.edges().size());
        out["graph_components"] = static_cast<qint64>(components);
        out["accounts_in_areas"] = static_cast<qint64>(assigned.inArea);
        out["accounts_outside_areas"] = static_cast<qint64>(assigned.outsideAllAreas);
        out["seconds_read"] = readSeconds;
        out["seconds_graph"] = graphSeconds;
        out["seconds_assign"] = assignSeconds;
        out["seconds_save"] = saveSeconds;
        printJson(out);
        return 0;
    }
    std::cout << "Imported " << project->areas.size() << " areas from layer \""
              << imported->layerName << "\" (" << imported->warnings.size() << " warnings) in "
              << fixed(readSeconds, 3) << " s\n"
              << "Area graph: " << project->graph.edges().size() << " neighbour pairs, "
              << components << " connected part(s) in " << fixed(graphSeconds, 3) << " s\n";
    if (!project->accounts.empty()) {
        std::cout << "Accounts: " << assigned.inArea << " in areas, " << assigned.outsideAllAreas
                  << " outside every area, " << assigned.notLocated << " not located ("
                  << fixed(assignSeconds, 3) << " s)\n";
    }
    if (hadAlignment) {
        std::cout << "The previous territories were removed: they referred to the old areas.\n";
    }
    std::cout << "Saved in " << fixed(saveSeconds, 3) << " s\n";
    return 0;
}

int cmdReport(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw, {}, {"json"});
    if (!args) {
        return reportError("report", args.error());
    }
    auto project = loadFirst(*args);
    if (!project) {
        return reportError("report", project.error());
    }
    const PlanMetrics metrics = computeMetrics(*project);
    auto repName = [&project](const Territory& t) -> std::string {
        return t.rep >= 0 && static_cast<std::size_t>(t.rep) < project->reps.size()
                   ? project->reps[static_cast<std::size_t>(t.rep)].name
                   : std::string();
    };
    if (args->has("json")) {
        QJsonObject out;
        out["project"] = qs(project->name);
        out["areas"] = static_cast<qint64>(project->areas.size());
        out["accounts"] = static_cast<qint64>(metrics.accounts);
        out["unassigned_accounts"] = static_cast<qint64>(metrics.unassignedAccounts);
        out["unlocated_accounts"] = static_cast<qint64>(metrics.unlocatedAccounts);
        out["unassigned_areas"] = static_cast<qint64>(metrics.unassignedAreas);
        out["max_workload_deviation"] = metrics.maxAbsWorkloadDeviation;
        QJsonArray territories;
        for (const TerritoryMetrics& m : metrics.territories) {
            const Territory& t = project->territories[static_cast<std::size_t>(m.territory)];
            QJsonObject row;
            row["id"] = m.territory + 1;
            row["name"] = qs(t.name);
            row["rep"] = qs(repName(t));
            row["areas"] = static_cast<qint64>(m.areas);
            row["accounts"] = static_cast<qint64>(m.accounts);
            row["workload"] = m.workload;
            row["potential"] = m.potential;
            row["workload_target"] = m.workloadTarget;
            row["workload_deviation"] = m.workloadDeviation;
            row["potential_deviation"] = m.potentialDeviation;
            territories.append(row);
        }
        out["territories"] = territories;
        QJsonArray rejects;
        for (const ImportReject& reject : project->accountRejects) {
            QJsonObject r;
            r["source"] = qs(reject.source);
            r["row"] = static_cast<qint64>(reject.row);
            r["column"] = qs(reject.column);
            r["reason"] = qs(reject.reason);
            rejects.append(r);
        }
        out["rejected_rows"] = rejects;
        printJson(out);
        return 0;
    }
    std::cout << "Project \"" << project->name << "\": " << project->areas.size() << " areas, "
              << metrics.accounts << " accounts, " << project->territories.size()
              << " territories\n\n";
    std::cout << std::left << std::setw(5) << "id" << std::setw(22) << "name" << std::setw(16)
              << "rep" << std::right << std::setw(7) << "areas" << std::setw(10) << "accounts"
              << std::setw(12) << "workload" << std::setw(16) << "potential" << std::setw(11)
              << "deviation"
              << "\n";
    for (const TerritoryMetrics& m : metrics.territories) {
        const Territory& t = project->territories[static_cast<std::size_t>(m.territory)];
        std::cout << std::left << std::setw(5) << m.territory + 1 << std::setw(22)
                  << t.name.substr(0, 21) << std::setw(16)
                  << (repName(t).empty() ? "(vacant)" : repName(t).substr(0, 15)) << std::right
                  << std::setw(7) << m.areas << std::setw(10) << m.accounts << std::setw(12)
                  << fixed(m.workload, 1) << std::setw(16) << fixed(m.potential, 0) << std::setw(11)
                  << (m.workloadDeviation >= 0 ? "+" : "") + fixed(m.workloadDeviation * 100.0, 2) +
                         "%"
                  << "\n";
    }
    std::cout << "\nMax workload deviation: " << percent(metrics.maxAbsWorkloadDeviation) << "\n"
              << "Unassigned accounts: " << metrics.unassignedAccounts
              << " (located but in no territory); not located: " << metrics.unlocatedAccounts
              << "; unassigned areas: " << metrics.unassignedAreas << "\n";
    if (!project->accountRejects.empty()) {
        std::cout << "Rejected rows kept from the last import: " << project->accountRejects.size()
                  << "\n";
    }
    return 0;
}

int cmdExport(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw, {"format", "out"}, {});
    if (!args) {
        return reportError("export", args.error());
    }
    auto format = args->required("format");
    auto out = args->required("out");
    if (!format) {
        return reportError("export", format.error());
    }
    if (!out) {
        return reportError("export", out.error());
    }
    auto project = loadFirst(*args);
    if (!project) {
        return reportError("export", project.error());
    }
    const auto start = Clock::now();
    Result<void> written;
    if (*format == "csv") {
        written = io::exportAssignmentCsv(*project, *out);
    } else if (*format == "gpkg") {
        written = io::exportTerritoriesGpkg(*project, *out);
    } else if (*format == "rejects") {
        written = io::exportRejectsCsv(*project, *out);
    } else {
        return reportError(
            "export", makeError(ErrorCode::InvalidArgument,
                                "unknown --format \"" + *format + "\"; use csv, gpkg or rejects"));
    }
    if (!written) {
        return reportError("export", written.error());
    }
    std::cout << "Wrote " << *out << " in " << fixed(secondsSince(start), 3) << " s\n";
    return 0;
}

}  // namespace

const std::vector<Command>& commands() {
    static const std::vector<Command> kCommands = {
        {"new", "PROJECT [--name NAME] [--force]", "create an empty project file", cmdNew},
        {"layers", "--file F", "list the layers of a GIS file", cmdLayers},
        {"import-areas",
         "PROJECT --file F [--layer L] [--id-field X] [--name-field Y] [--where SQL] [--json]",
         "import a polygon layer as the project's areas (replaces areas and territories)",
         cmdImportAreas},
        {"import-accounts",
         "PROJECT --file F [--mapping M.json] [--encoding E] [--delimiter D] [--decimal-mark "
         "point|comma] [--swap-lat-lon auto|yes|no] [--sheet S] [--country CC] [--gazetteer "
         "DIR|FILE] [--no-geocoding] [--partial] [--save-mapping M.json] [--json]",
         "import a customer list (CSV/TSV any encoding, .xlsx, .ods); merges by account ID, "
         "locates by coordinates or postal code; bad rows are kept as rejects",
         runImportAccounts},
        {"balance", balanceUsage(),
         "split the areas (or the accounts, or a graph's nodes) into territories with workload "
         "(and more measures) within ±T of their targets, holding locks and skills",
         runBalance},
        {"report", "PROJECT [--json]",
         "per-territory areas, accounts, workload, potential, deviation", cmdReport},
        {"export", "PROJECT --format csv|gpkg|rejects --out F",
         "write the assignment CSV (account id → territory), territories as a GeoPackage, or "
         "the rejected import rows with an import_error column (fix and import again)",
         cmdExport},
#ifdef TESSERA_HAVE_RENDER
        {"render",
         "PROJECT --out F.png [--size WxH] [--repeat N] [--fill territory|potential|accounts|"
         "workload|sales] [--classes N] [--no-accounts] [--no-cluster] [--no-lod] [--no-labels] "
         "[--no-basemap] [--mbtiles F.mbtiles] [--interactive] [--verbose]",
         "draw the map to a PNG with the canvas's renderer; --repeat times redraws, "
         "--interactive times a pan/zoom frame, --verbose prints the CPU time per layer",
         runRender},
#endif
        {"bench", "assign|graph|scale-csv ...",
         "benchmarks on real or scaled real data (median of several runs; see docs/benchmarks.md)",
         runBench},
    };
    return kCommands;
}

}  // namespace tessera::cli
