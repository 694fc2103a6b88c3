// SPDX-License-Identifier: Apache-2.0
#include "GraphBalanceRun.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/JsonQuote.h"

namespace tessera::engine {
namespace {

std::string jsonString(const std::string& text) {
    std::string out;
    appendJsonQuoted(out, text);
    return out;
}

std::string jsonNumber(double value) {
    if (!std::isfinite(value)) {
        return "null";
    }
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    return buffer;
}

std::string csvField(const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        return text;
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c;
        if (c == '"') {
            out += '"';
        }
    }
    return out + "\"";
}

Result<void> writeFile(const std::string& path, const std::string& content, const char* what) {
    const std::filesystem::path target(path);
    std::filesystem::path temporary = target;
    temporary += ".part";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << content;
        out.flush();
        if (!out) {
            std::error_code ignored;
            std::filesystem::remove(temporary, ignored);
            return fail(ErrorCode::FileUnwritable,
                        std::string("cannot write the ") + what +
                            "; check that the folder exists and is writable",
                        path);
        }
    }
    std::error_code error;
    std::filesystem::rename(temporary, target, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        return fail(ErrorCode::FileUnwritable,
                    std::string("cannot write the ") + what + ": " + error.message(), path);
    }
    return {};
}

}  // namespace

std::string planCsv(const std::vector<std::string>& nodeIds,
                    const std::vector<std::int32_t>& assignment) {
    std::string out = "node_id,territory\n";
    out.reserve(out.size() + nodeIds.size() * 20);
    for (std::size_t v = 0; v < assignment.size() && v < nodeIds.size(); ++v) {
        out += csvField(nodeIds[v]);
        out += ',';
        out += std::to_string(assignment[v]);
        out += '\n';
    }
    return out;
}

std::string reportJson(const GraphBalanceArgs& args, const GraphBalanceInput& input,
                       const BalanceResult& result) {
    const BalanceReport& r = result.report;
    const BalanceOptions& o = args.options;
    std::string out = "{\n";
    auto field = [&out](const char* name, const std::string& value, bool last = false) {
        out += "  ";
        out += jsonString(name);
        out += ": ";
        out += value;
        out += last ? "\n" : ",\n";
    };
    field("graph", jsonString(args.graphPath));
    field("weight_field", jsonString(args.weightField));
    field("nodes", std::to_string(input.graph != nullptr ? input.graph->nodeCount() : 0));
    field("edges", std::to_string(input.graph != nullptr ? input.graph->edges().size() : 0));
    field("graph_components", std::to_string(r.graphComponents));
    field("territories", std::to_string(o.territoryCount));
    field("tolerance", jsonNumber(o.tolerance));
    field("seed", std::to_string(o.seed));
    field("time_limit", jsonNumber(o.timeLimitSeconds));
    field("compactness", jsonString(o.compactness == Compactness::CutEdges         ? "cut-edges"
                                    : o.compactness == Compactness::BoundaryLength ? "boundary"
                                                                                   : "inertia"));
    field("target", jsonNumber(r.target));
    field("max_deviation", jsonNumber(r.maxDeviation));
    field("mean_deviation", jsonNumber(r.meanDeviation));
    field("tolerance_met", r.toleranceMet ? "true" : "false");
    field("contiguous", r.contiguous ? "true" : "false");
    std::string components = "[";
    for (std::size_t t = 0; t < r.componentsPerTerritory.size(); ++t) {
        components += (t ? ", " : "") + std::to_string(r.componentsPerTerritory[t]);
    }
    field("components_per_territory", components + "]");
    field("cut_edges", std::to_string(r.cutEdges));
    field("cut_boundary", jsonNumber(r.cutBoundaryKm));
    field("cut_boundary_unit", jsonString(input.boundaryUnit));
    field("lower_bound_deviation", jsonNumber(r.lowerBoundDeviation));
    field("lower_bound_reason", jsonString(r.lowerBoundReason));
    field("seconds", jsonNumber(r.seconds));
    field("iterations", std::to_string(r.iterations));
    field("stopped_by_time_limit", r.stoppedByTimeLimit ? "true" : "false");
    std::string weights = "[";
    for (std::size_t t = 0; t < result.territoryWeights.size(); ++t) {
        weights += (t ? ", " : "") + jsonNumber(result.territoryWeights[t]);
    }
    field("territory_weights", weights + "]");
    std::string measures = "[";
    std::string perMeasure = "{";
    for (std::size_t m = 0; m < r.measures.size(); ++m) {
        const MeasureReport& measure = r.measures[m];
        const std::string name = m == 0 ? args.weightField : measure.name;
        double target = 0.0;
        for (std::size_t t = 0; t < o.territoryCount; ++t) {
            target += r.targets[t * r.measures.size() + m];
        }
        target /= static_cast<double>(o.territoryCount);
        measures += std::string(m ? ", " : "") + "{\"field\": " + jsonString(name) +
                    ", \"target\": " + jsonNumber(target) +
                    ", \"max_deviation\": " + jsonNumber(measure.maxDeviation) +
                    ", \"mean_deviation\": " + jsonNumber(measure.meanDeviation) +
                    ", \"tolerance\": " + jsonNumber(measure.tolerance) +
                    ", \"tolerance_met\": " + (measure.toleranceMet ? "true" : "false") +
                    ", \"lower_bound_deviation\": " + jsonNumber(measure.lowerBoundDeviation) + "}";
        perMeasure +=
            std::string(m ? ", " : "") + jsonString(name) + ": " + jsonNumber(measure.maxDeviation);
    }
    field("measures", measures + "]");
    field("max_deviation_per_measure", perMeasure + "}");
    field("inertia_km2", jsonNumber(r.inertiaKm2));
    if (r.polsbyPopper.empty()) {
        field("polsby_popper", "null");
        field("mean_polsby_popper", "null");
        field("min_polsby_popper", "null");
        field("polsby_popper_source",
              jsonString("none: the graph has no node field 'area', or neither a 'perimeter' "
                         "node field nor 'shared_perim' on its edges"));
    } else {
        std::string pp = "[";
        for (std::size_t t = 0; t < r.polsbyPopper.size(); ++t) {
            pp += (t ? ", " : "") + jsonNumber(r.polsbyPopper[t]);
        }
        field("polsby_popper", pp + "]");
        field("mean_polsby_popper", jsonNumber(r.meanPolsbyPopper));
        field("min_polsby_popper", jsonNumber(r.minPolsbyPopper));
        field("polsby_popper_source", jsonString(input.polsbyPopperSource));
    }
    std::size_t lockedNodes = 0;
    for (std::int32_t t : input.lockedTerritory) {
        lockedNodes += t >= 0 ? 1 : 0;
    }
    field("locked_nodes", std::to_string(lockedNodes));
    field("lock_violations", std::to_string(r.lockViolations));
    std::size_t homes = 0;
    for (char h : input.hasHome) {
        homes += h ? 1 : 0;
    }
    field("homes", std::to_string(homes));
    field("mean_travel_km", homes > 0 ? jsonNumber(r.meanTravelKm) : "null");
    field("max_travel_km", homes > 0 ? jsonNumber(r.maxTravelKm) : "null");
    field("binding", jsonString(r.binding));
    field("message", jsonString(r.message), true);
    return out + "}\n";
}

Result<GraphBalanceRun> runGraphBalance(const GraphBalanceArgs& args,
                                        const GraphBalanceInput& input, Feedback* feedback) {
    if (input.graph != nullptr && input.nodeIds.size() != input.graph->nodeCount()) {
        return fail(ErrorCode::InvalidArgument,
                    "graph balance: " + std::to_string(input.nodeIds.size()) + " node ids for " +
                        std::to_string(input.graph->nodeCount()) + " nodes");
    }
    BalanceProblem problem;
    problem.graph = input.graph;
    problem.weights = input.weights;
    problem.weightName = args.weightField;
    problem.extraMeasures = input.extraMeasures;
    problem.locations = input.locations;
    problem.lockedTerritory = input.lockedTerritory;
    if (std::any_of(input.hasHome.begin(), input.hasHome.end(), [](char h) { return h != 0; })) {
        problem.homes = input.homes;
        problem.hasHome = input.hasHome;
    }
    problem.areaKm2 = input.areas;
    problem.perimeterKm = input.perimeters;
    problem.nodeNames.reserve(input.nodeIds.size());
    for (const std::string& id : input.nodeIds) {
        problem.nodeNames.push_back("node " + id);
    }
    auto result = balance(problem, args.options, feedback);
    if (!result) {
        return fail(result.error());
    }
    GraphBalanceRun run;
    run.result = std::move(*result);
    const auto started = std::chrono::steady_clock::now();
    if (!args.planPath.empty()) {
        if (auto written =
                writeFile(args.planPath, planCsv(input.nodeIds, run.result.assignment), "plan");
            !written) {
            return fail(written.error());
        }
    }
    if (!args.reportPath.empty()) {
        if (auto written =
                writeFile(args.reportPath, reportJson(args, input, run.result), "report");
            !written) {
            return fail(written.error());
        }
    }
    run.writeSeconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return run;
}

}  // namespace tessera::engine
