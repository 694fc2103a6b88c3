// SPDX-License-Identifier: Apache-2.0
#include "BalanceCommand.h"

#include <chrono>
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
#include "GraphInputs.h"
#include "TextFormat.h"
#include "engine/GraphBalanceRun.h"
#include "engine/ProjectBalancing.h"
#include "io/GraphReader.h"
#include "storage/ProjectFile.h"

namespace tessera::cli {
namespace {

int reportError(const Error& error) {
    std::cerr << "tessera-cli balance: " << error.toString() << "\n";
    return error.code == ErrorCode::InvalidArgument ? 2 : 1;
}

int reportError(const std::string& message) {
    return reportError(makeError(ErrorCode::InvalidArgument, message));
}

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

/// "a,b,c" → {"a", "b", "c"} (empty items dropped).
std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    std::string item;
    std::istringstream in(text);
    while (std::getline(in, item, ',')) {
        if (!item.empty()) {
            items.push_back(item);
        }
    }
    return items;
}

/// --tolerance "0.05" or "0.05,0.1": one fraction per measure.
Result<std::vector<double>> tolerances(const Arguments& args) {
    std::vector<double> out;
    for (const std::string& item : splitList(args.valueOr("tolerance", "0.05"))) {
        try {
            std::size_t used = 0;
            const double value = std::stod(item, &used);
            if (used != item.size() || !(value >= 0.0) || value >= 1.0) {
                throw std::invalid_argument(item);
            }
            out.push_back(value);
        } catch (const std::exception&) {
            return fail(ErrorCode::InvalidArgument,
                        "--tolerance \"" + item +
                            "\" is not a fraction of the target in [0, 1), e.g. 0.05 for ±5 % "
                            "(one per measure, comma-separated)");
        }
    }
    if (out.empty()) {
        out.push_back(0.05);
    }
    return out;
}

Result<engine::Compactness> compactnessArg(const Arguments& args) {
    const std::string value = args.valueOr("compactness", "cut-edges");
    if (value == "cut-edges") {
        return engine::Compactness::CutEdges;
    }
    if (value == "boundary") {
        return engine::Compactness::BoundaryLength;
    }
    if (value == "inertia") {
        return engine::Compactness::Inertia;
    }
    return fail(ErrorCode::InvalidArgument,
                "unknown --compactness \"" + value + "\"; use cut-edges, boundary or inertia");
}

/// Options shared by both modes: seed, time limit, effort, compactness, weights.
Result<engine::BalanceOptions> commonOptions(const Arguments& args) {
    engine::BalanceOptions options;
    auto seed = args.integer("seed", 1);
    auto timeLimit = args.number("time-limit", 10.0);
    auto effort = args.number("effort", 1.0);
    auto compactness = compactnessArg(args);
    auto disruption = args.number("disruption", 0.0);
    auto travel = args.number("travel-weight", 0.0);
    auto maxTravel = args.number("max-travel-km", 0.0);
    for (const Error* error :
         {seed ? nullptr : &seed.error(), timeLimit ? nullptr : &timeLimit.error(),
          effort ? nullptr : &effort.error(), compactness ? nullptr : &compactness.error(),
          disruption ? nullptr : &disruption.error(), travel ? nullptr : &travel.error(),
          maxTravel ? nullptr : &maxTravel.error()}) {
        if (error != nullptr) {
            return fail(*error);
        }
    }
    if (*seed < 0) {
        return fail(ErrorCode::InvalidArgument, "--seed must be 0 or more");
    }
    options.seed = static_cast<std::uint64_t>(*seed);
    options.timeLimitSeconds = *timeLimit;
    options.effort = *effort;
    options.compactness = *compactness;
    options.disruptionWeight = *disruption;
    options.travelWeight = *travel;
    options.maxTravelKm = *maxTravel;
    return options;
}

bool writeFile(const std::string& path, const QByteArray& bytes, std::string& error) {
    QFile file(qs(path));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        file.write(bytes) != bytes.size()) {
        error = "cannot write the report: " + file.errorString().toStdString();
        return false;
    }
    return true;
}

/// `balance --graph G.json --weight FIELD[,FIELD2] ...`: no project, for comparisons with
/// redistricting tools on the very same graph.
int balanceGraph(const Arguments& args) {
    auto graphPath = args.required("graph");
    auto weight = args.required("weight");
    auto territories = args.integer("territories", 0);
    auto tolerance = tolerances(args);
    auto options = commonOptions(args);
    for (const Error* error :
         {graphPath ? nullptr : &graphPath.error(), weight ? nullptr : &weight.error(),
          territories ? nullptr : &territories.error(), tolerance ? nullptr : &tolerance.error(),
          options ? nullptr : &options.error()}) {
        if (error != nullptr) {
            return reportError(*error);
        }
    }
    if (*territories < 1) {
        return reportError("--territories N is required and must be at least 1");
    }
    const std::vector<std::string> fields = splitList(*weight);
    if (fields.empty()) {
        return reportError("--weight names at least one numeric node field");
    }
    const auto readStart = Clock::now();
    auto graph = io::readGraph(*graphPath);
    if (!graph) {
        return reportError(graph.error());
    }
    engine::GraphBalanceInput input;
    for (std::size_t m = 0; m < fields.size(); ++m) {
        auto values = graph->numericField(fields[m]);
        if (!values) {
            return reportError(values.error());
        }
        const double tol = m < tolerance->size() ? (*tolerance)[m] : tolerance->front();
        if (m == 0) {
            input.weights = std::move(*values);
        } else {
            input.extraMeasures.push_back({fields[m], std::move(*values), tol});
        }
    }
    const double readSeconds = secondsSince(readStart);
    engine::GraphBalanceArgs run;
    run.options = *options;
    run.options.territoryCount = static_cast<std::size_t>(*territories);
    run.options.tolerance = tolerance->front();
    run.weightField = fields.front();
    run.graphPath = *graphPath;
    run.planPath = args.valueOr("out", "");
    run.reportPath = args.valueOr("report", "");
    input.graph = &graph->graph;
    input.nodeIds = graph->nodeIds;
    input.locations = graph->locations;
    input.boundaryUnit = graph->hasSharedPerimeter ? "source units" : "km";
    input.polsbyPopperSource = polsbyPopperInputs(*graph, input.areas, input.perimeters);
    if (const std::string lockPath = args.valueOr("lock", ""); !lockPath.empty()) {
        auto locks = readGraphLocks(lockPath, graph->nodeIds, run.options.territoryCount);
        if (!locks) {
            return reportError(locks.error());
        }
        input.lockedTerritory = std::move(*locks);
    }
    if (const std::string homesPath = args.valueOr("homes", ""); !homesPath.empty()) {
        auto homes =
            readGraphHomes(homesPath, graph->nodeIds, graph->locations, run.options.territoryCount);
        if (!homes) {
            return reportError(homes.error());
        }
        input.homes = std::move(homes->homes);
        input.hasHome = std::move(homes->hasHome);
    }
    auto result = engine::runGraphBalance(run, input);
    if (!result) {
        return reportError(result.error());
    }
    const engine::BalanceReport& report = result->result.report;
    std::cout << "Balanced " << graph->nodeIds.size() << " nodes (" << graph->graph.edges().size()
              << " edges, read in " << fixed(readSeconds, 3) << " s) into "
              << run.options.territoryCount << " territories in " << fixed(report.seconds, 3)
              << " s\n";
    for (const engine::MeasureReport& measure : report.measures) {
        std::cout << measure.name << ": max deviation " << percent(measure.maxDeviation)
                  << " (tolerance ±" << percent(measure.tolerance)
                  << (measure.toleranceMet ? ": met" : ": NOT met") << ")\n";
    }
    std::cout << "Contiguous: " << (report.contiguous ? "yes" : "no") << "; cut edges "
              << report.cutEdges << "\n"
              << report.message << "\n";
    if (!run.planPath.empty()) {
        std::cout << "Plan: " << run.planPath << "\n";
    }
    if (!run.reportPath.empty()) {
        std::cout << "Report: " << run.reportPath << "\n";
    }
    return 0;
}

QJsonObject projectReportJson(const Project& before, const engine::ProjectBalanceResult& run,
                              const engine::BalanceOptions& options) {
    const engine::BalanceReport& report = run.result.report;
    QJsonObject out;
    out["territories"] = static_cast<qint64>(run.territoryCount);
    out["target"] = report.target;
    out["max_deviation"] = report.maxDeviation;
    out["mean_deviation"] = report.meanDeviation;
    out["tolerance_met"] = report.toleranceMet;
    out["contiguous"] = report.contiguous;
    out["cut_edges"] = static_cast<qint64>(report.cutEdges);
    out["cut_boundary_km"] = report.cutBoundaryKm;
    out["inertia_km2"] = report.inertiaKm2;
    out["mean_polsby_popper"] = report.meanPolsbyPopper;
    out["min_polsby_popper"] = report.minPolsbyPopper;
    out["lower_bound_deviation"] = report.lowerBoundDeviation;
    out["lower_bound_reason"] = qs(report.lowerBoundReason);
    out["binding"] = qs(report.binding);
    out["seconds"] = report.seconds;
    out["seed"] = static_cast<qint64>(options.seed);
    out["stopped_by_time_limit"] = report.stoppedByTimeLimit;
    out["mean_travel_km"] = report.meanTravelKm;
    out["max_travel_km"] = report.maxTravelKm;
    out["areas_beyond_max_travel"] = static_cast<qint64>(report.nodesBeyondMaxTravel);
    out["moved_areas"] = static_cast<qint64>(report.movedNodes);
    out["moved_workload_share"] = report.movedWeightShare;
    out["moved_accounts_potential_share"] = report.movedDisruptionShare;
    out["skill_pins"] = static_cast<qint64>(run.skillPins);
    out["unservable_accounts"] = static_cast<qint64>(run.unservableAccounts);
    out["lock_violations"] = static_cast<qint64>(report.lockViolations);
    out["message"] = qs(report.message);
    QJsonArray notes;
    for (const std::string& note : run.notes) {
        notes.append(qs(note));
    }
    out["notes"] = notes;
    QJsonArray measures;
    QJsonObject perMeasure;
    const std::size_t k = report.measures.size();
    for (std::size_t m = 0; m < k; ++m) {
        const engine::MeasureReport& measure = report.measures[m];
        QJsonObject entry;
        entry["name"] = qs(measure.name);
        entry["tolerance"] = measure.tolerance;
        entry["total"] = measure.total;
        entry["max_deviation"] = measure.maxDeviation;
        entry["mean_deviation"] = measure.meanDeviation;
        entry["tolerance_met"] = measure.toleranceMet;
        entry["worst_territory"] = qs(run.territories[measure.worstTerritory].name);
        entry["lower_bound_deviation"] = measure.lowerBoundDeviation;
        entry["lower_bound_reason"] = qs(measure.lowerBoundReason);
        measures.append(entry);
        perMeasure[qs(measure.name)] = measure.maxDeviation;
    }
    out["measures"] = measures;
    out["max_deviation_per_measure"] = perMeasure;
    QJsonArray territories;
    for (std::size_t t = 0; t < run.territoryCount; ++t) {
        QJsonObject entry;
        entry["name"] = qs(run.territories[t].name);
        QJsonObject loads;
        QJsonObject targets;
        for (std::size_t m = 0; m < k; ++m) {
            loads[qs(report.measures[m].name)] = report.territoryLoads[t * k + m];
            targets[qs(report.measures[m].name)] = report.targets[t * k + m];
        }
        entry["loads"] = loads;
        entry["targets"] = targets;
        entry["components"] = static_cast<qint64>(report.componentsPerTerritory[t]);
        if (!report.polsbyPopper.empty()) {
            entry["polsby_popper"] = report.polsbyPopper[t];
        }
        territories.append(entry);
    }
    out["territory_figures"] = territories;
    QJsonArray moves;
    const bool byAccount = run.units == engine::BalanceUnits::Accounts;
    out["units"] = byAccount ? "accounts" : "areas";
    if (byAccount) {
        out["moved_accounts"] = static_cast<qint64>(report.movedNodes);
        out["accounts_not_balanced"] = static_cast<qint64>(run.accountsNotBalanced);
        out["account_overrides"] = static_cast<qint64>(run.alignment.accountOverrides.size());
    }
    for (const engine::NodeMove& move : report.moves) {
        QJsonObject entry;
        if (byAccount) {
            entry["account"] = qs(before.accounts[run.unitAccounts[move.node]].id);
        } else {
            entry["area"] = qs(before.areas[move.node].code);
        }
        entry["from"] =
            move.from >= 0 && static_cast<std::size_t>(move.from) < before.territories.size()
                ? qs(before.territories[static_cast<std::size_t>(move.from)].name)
                : QString();
        entry["to"] = qs(run.territories[static_cast<std::size_t>(move.to)].name);
        entry["reason"] = qs(move.reason);
        moves.append(entry);
    }
    out["moves"] = moves;
    return out;
}

int balanceProject(const Arguments& args) {
    if (args.positionals().size() != 1) {
        return reportError("expected exactly one PROJECT argument (or --graph G)");
    }
    const std::string path = args.positionals()[0];
    auto project = storage::loadProject(path);
    if (!project) {
        return reportError(project.error());
    }
    auto options = commonOptions(args);
    auto tolerance = tolerances(args);
    auto territories =
        args.integer("territories", static_cast<long long>(project->territories.size()));
    auto workloadPerRep = args.number("workload-per-rep", 0.0);
    auto removed = args.integer("remove", 0);
    for (const Error* error :
         {options ? nullptr : &options.error(), tolerance ? nullptr : &tolerance.error(),
          territories ? nullptr : &territories.error(),
          workloadPerRep ? nullptr : &workloadPerRep.error(),
          removed ? nullptr : &removed.error()}) {
        if (error != nullptr) {
            return reportError(*error);
        }
    }
    engine::ProjectBalanceSettings settings;
    const std::string mode = args.valueOr("mode", args.has("workload-per-rep") ? "how-many"
                                                  : args.has("remove")         ? "remove-territory"
                                                                               : "scratch");
    if (mode == "scratch") {
        settings.mode = engine::ProjectMode::FromScratch;
        if (*territories < 1) {
            return reportError("--territories must be at least 1 (the project has " +
                               std::to_string(project->territories.size()) +
                               " territories; pass --territories N)");
        }
    } else if (mode == "rebalance") {
        settings.mode = engine::ProjectMode::Rebalance;
    } else if (mode == "add-rep") {
        settings.mode = engine::ProjectMode::AddTerritory;
    } else if (mode == "remove-territory") {
        settings.mode = engine::ProjectMode::RemoveTerritory;
        if (*removed < 1) {
            return reportError("--remove K names the territory to remove, 1 for the first");
        }
        settings.removedTerritory = static_cast<std::size_t>(*removed - 1);
    } else if (mode == "how-many") {
        settings.mode = engine::ProjectMode::HowMany;
        settings.workloadPerRep = *workloadPerRep;
    } else {
        return reportError("unknown --mode \"" + mode +
                           "\"; use scratch, rebalance, add-rep, remove-territory or how-many");
    }
    settings.territoryCount = static_cast<std::size_t>(std::max(0LL, *territories));
    settings.measures = splitList(args.valueOr("measures", "workload"));
    settings.tolerances = *tolerance;
    settings.holdLocks = !args.has("ignore-locks");
    settings.useCapacities = !args.has("ignore-capacity");
    settings.holdSkills = !args.has("ignore-skills");
    settings.useHomes = !args.has("ignore-homes");
    settings.matchReps = !args.has("no-rep-matching");
    const std::string units = args.valueOr("units", "areas");
    if (units == "accounts") {
        settings.units = engine::BalanceUnits::Accounts;
    } else if (units != "areas") {
        return reportError("unknown --units \"" + units + "\"; use areas or accounts");
    }
    settings.nonGeographic = args.has("non-geographic");
    if (settings.nonGeographic && settings.units != engine::BalanceUnits::Accounts) {
        return reportError(
            "--non-geographic needs --units accounts (areas always form "
            "connected territories)");
    }
    auto neighbours = args.integer("neighbours", 6);
    if (!neighbours) {
        return reportError(neighbours.error());
    }
    if (*neighbours < 0 || *neighbours > 64) {
        return reportError("--neighbours K must be between 0 and 64 (nearest accounts linked)");
    }
    settings.accountNeighbours = static_cast<std::size_t>(*neighbours);
    auto run = engine::balanceProject(*project, settings, *options);
    if (!run) {
        return reportError(run.error());
    }
    const Project balanced = engine::applyProjectBalance(*project, *run);
    if (!args.has("dry-run")) {
        if (auto saved = storage::saveProject(balanced, path); !saved) {
            return reportError(saved.error());
        }
    }
    const QJsonObject json = projectReportJson(*project, *run, *options);
    if (auto reportPath = args.value("report")) {
        std::string error;
        if (!writeFile(*reportPath, QJsonDocument(json).toJson(), error)) {
            return reportError(makeError(ErrorCode::FileUnwritable, error, *reportPath));
        }
    }
    if (args.has("json")) {
        std::cout << QJsonDocument(json).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    const engine::BalanceReport& report = run->result.report;
    const bool byAccount = settings.units == engine::BalanceUnits::Accounts;
    std::cout << "Balanced " << (byAccount ? run->unitAccounts.size() : project->areas.size())
              << (byAccount ? " accounts" : " areas") << " into " << run->territoryCount
              << " territories in " << fixed(report.seconds, 3) << " s"
              << (args.has("dry-run") ? " (dry run: the project was not changed)" : "") << "\n";
    for (const engine::MeasureReport& measure : report.measures) {
        std::cout << measure.name << ": max deviation " << percent(measure.maxDeviation)
                  << ", mean " << percent(measure.meanDeviation) << " (tolerance ±"
                  << percent(measure.tolerance) << (measure.toleranceMet ? ": met" : ": NOT met")
                  << ")\n";
    }
    std::cout << "Contiguous: " << (report.contiguous ? "yes" : "no") << "; cut edges "
              << report.cutEdges << "\n"
              << report.message << "\n";
    for (const std::string& note : run->notes) {
        std::cout << note << "\n";
    }
    return 0;
}

}  // namespace

std::string balanceUsage() {
    return "PROJECT [--mode scratch|rebalance|add-rep|remove-territory|how-many] "
           "[--territories N] [--remove K] [--workload-per-rep W] [--measures M1,M2] "
           "[--tolerance T1,T2] [--compactness cut-edges|boundary|inertia] [--travel-weight W] "
           "[--max-travel-km D] [--disruption W] [--ignore-locks] [--ignore-capacity] "
           "[--ignore-skills] [--ignore-homes] [--no-rep-matching] "
           "[--units areas|accounts] [--non-geographic] [--neighbours K] [--seed S] "
           "[--time-limit SEC] [--effort E] [--report R.json] [--json] [--dry-run]\n"
           "          | --graph G.json|G.gal --weight FIELD[,FIELD2] --territories N "
           "[--tolerance T1,T2] [--out plan.csv] [--report R.json] [--seed S] "
           "[--time-limit SEC] [--compactness ...] [--lock LOCKS.csv (node_id,territory)] "
           "[--homes HOMES.csv (territory,node_id or territory,lon,lat)] [--travel-weight W] "
           "[--max-travel-km D]";
}

int runBalance(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(
        raw, {"territories", "tolerance",        "seed",     "time-limit",    "report",
              "graph",       "weight",           "out",      "compactness",   "mode",
              "remove",      "workload-per-rep", "measures", "travel-weight", "max-travel-km",
              "disruption",  "effort",           "units",    "neighbours",    "lock",
              "homes"},
        {"json", "ignore-locks", "ignore-capacity", "ignore-skills", "ignore-homes",
         "no-rep-matching", "dry-run", "non-geographic"});
    if (!args) {
        return reportError(args.error());
    }
    if (!args->has("graph") && (args->has("lock") || args->has("homes"))) {
        return reportError(
            "--lock and --homes are for --graph; in a project, lock areas, accounts or "
            "territories in the app and give reps their home bases there");
    }
    return args->has("graph") ? balanceGraph(*args) : balanceProject(*args);
}

}  // namespace tessera::cli
