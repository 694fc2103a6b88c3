// SPDX-License-Identifier: Apache-2.0
#include "ImportAccountsCommand.h"

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <utility>

#include <sys/resource.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include "Arguments.h"
#include "TextFormat.h"
#include "core/AreaLocator.h"
#include "io/AccountCsvReader.h"
#include "io/AccountImportOptions.h"
#include "io/AccountMerge.h"
#include "io/PostalGazetteer.h"
#include "storage/ProjectFile.h"

namespace tessera::cli {

namespace {

std::string seconds(double value) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(3) << value << " s";
    return out.str();
}

int reportError(const Error& error) {
    std::cerr << "tessera-cli import-accounts: " << error.toString() << "\n";
    return error.code == ErrorCode::InvalidArgument ? 2 : 1;
}

/// CPU time of the whole process so far (every thread, user + system), in seconds: beside the
/// wall time of each phase it shows how much of the machine the phase used.
double processCpuSeconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) {
        return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6;
    };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

Error invalid(const std::string& message) {
    return makeError(ErrorCode::InvalidArgument, message);
}

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

/// The mapping file's options, then the command line's over them.
Result<io::AccountImportOptions> optionsFrom(const Arguments& args) {
    io::AccountImportOptions options;
    if (auto mapping = args.value("mapping")) {
        auto read = io::readMappingFile(*mapping);
        if (!read) {
            return fail(read.error());
        }
        options = std::move(*read);
    }
    if (auto encoding = args.value("encoding")) {
        options.encoding = io::parseEncodingName(*encoding);
        if (!options.encoding && *encoding != "auto") {
            return fail(invalid("unknown --encoding \"" + *encoding +
                                "\"; use utf-8, utf-16le, utf-16be, windows-1252 or latin1"));
        }
    }
    if (auto delimiter = args.value("delimiter")) {
        options.delimiter = io::parseDelimiterName(*delimiter);
        if (!options.delimiter && *delimiter != "auto") {
            return fail(invalid("unknown --delimiter \"" + *delimiter +
                                "\"; use comma, semicolon, tab or pipe (or the character)"));
        }
    }
    if (auto mark = args.value("decimal-mark")) {
        options.decimalMark = io::parseDecimalMarkName(*mark);
        if (!options.decimalMark && *mark != "auto") {
            return fail(invalid("unknown --decimal-mark \"" + *mark + "\"; use point or comma"));
        }
    }
    if (auto swap = args.value("swap-lat-lon")) {
        const auto parsed = io::parseSwapLatLonName(*swap);
        if (!parsed) {
            return fail(invalid("--swap-lat-lon takes auto, yes or no"));
        }
        options.swapLatLon = *parsed;
    }
    if (auto sheet = args.value("sheet")) {
        options.sheet = *sheet;
    }
    if (auto country = args.value("country")) {
        const auto code = io::countryCode(*country);
        if (!code) {
            return fail(invalid("unknown --country \"" + *country +
                                "\"; use a two-letter ISO code such as US or DE"));
        }
        options.defaultCountry = *code;
    }
    return options;
}

QJsonObject summaryJson(const io::AccountImportResult& imported,
                        const io::AccountMergeSummary& merged,
                        const AccountAssignmentSummary& assigned, const Project& project) {
    QJsonObject out;
    out["rows"] = static_cast<qint64>(imported.rowsRead);
    out["imported"] = static_cast<qint64>(imported.accounts.size());
    out["rejected"] = static_cast<qint64>(project.accountRejects.size());
    out["duplicates"] = static_cast<qint64>(imported.duplicates);
    out["located_by_coordinates"] = static_cast<qint64>(imported.locatedByCoordinates);
    out["located_by_postcode"] = static_cast<qint64>(imported.locatedByPostcode);
    out["unlocated"] = static_cast<qint64>(imported.unlocated);
    out["postcodes_zero_padded"] = static_cast<qint64>(imported.postcodesZeroPadded);
    out["postcodes_not_found"] = static_cast<qint64>(imported.postcodesNotFound);
    out["added"] = static_cast<qint64>(merged.added);
    out["changed"] = static_cast<qint64>(merged.changed);
    out["unchanged"] = static_cast<qint64>(merged.unchanged);
    out["removed"] = static_cast<qint64>(merged.removed);
    out["restored"] = static_cast<qint64>(merged.restored);
    out["in_areas"] = static_cast<qint64>(assigned.inArea);
    out["outside_areas"] = static_cast<qint64>(assigned.outsideAllAreas);
    out["encoding"] = qs(std::string(io::encodingName(imported.encoding)));
    out["delimiter"] = qs(std::string(1, imported.delimiter));
    out["lat_lon_swapped"] = imported.latLonSwapped;
    QJsonObject marks;
    for (std::size_t f = 0; f < io::kAccountFieldCount; ++f) {
        if (imported.decimalMarks[f]) {
            marks[qs(std::string(io::accountFieldKey(static_cast<io::AccountField>(f))))] =
                qs(std::string(io::decimalMarkName(*imported.decimalMarks[f])));
        }
    }
    out["decimal_marks"] = marks;
    QJsonArray notes;
    if (!imported.swapNote.empty()) {
        notes.append(qs(imported.swapNote));
    }
    for (const std::string& note : imported.notes) {
        notes.append(qs(note));
    }
    out["notes"] = notes;
    QJsonArray rejects;
    for (const ImportReject& reject : project.accountRejects) {
        QJsonObject r;
        r["row"] = static_cast<qint64>(reject.row);
        r["column"] = qs(reject.column);
        r["reason"] = qs(reject.reason);
        rejects.append(r);
    }
    out["rejects"] = rejects;
    return out;
}

/// Freeing a million accounts' strings one by one takes a third of a second after the work is
/// done; the system takes the memory back at once when the process exits. So the project is
/// handed to a global at the end of the command instead of being destroyed (reachable, so
/// leak checkers do not count it; a later call in the same process frees the earlier one).
Project* projectLeftForExit = nullptr;

class LeaveProjectForExit {
public:
    explicit LeaveProjectForExit(Result<Project>& project) : project_(project) {}
    ~LeaveProjectForExit() {
        if (project_) {
            delete std::exchange(projectLeftForExit, new Project(std::move(*project_)));
        }
    }
    LeaveProjectForExit(const LeaveProjectForExit&) = delete;
    LeaveProjectForExit& operator=(const LeaveProjectForExit&) = delete;

private:
    Result<Project>& project_;
};

}  // namespace

int runImportAccounts(const std::vector<std::string>& raw) {
    auto args = Arguments::parse(raw,
                                 {"file", "mapping", "encoding", "delimiter", "decimal-mark",
                                  "swap-lat-lon", "sheet", "country", "gazetteer", "save-mapping"},
                                 {"json", "no-geocoding", "partial"});
    if (!args) {
        return reportError(args.error());
    }
    auto file = args->required("file");
    if (!file) {
        return reportError(file.error());
    }
    if (args->positionals().size() != 1) {
        return reportError(invalid("expected exactly one PROJECT argument"));
    }
    const std::string projectPath = args->positionals()[0];
    auto options = optionsFrom(*args);
    if (!options) {
        return reportError(options.error());
    }
    auto project = storage::loadProject(projectPath);
    if (!project) {
        return reportError(project.error());
    }
    const LeaveProjectForExit leaveForExit(project);
    std::optional<io::PostalGazetteer> gazetteer;
    if (!args->has("no-geocoding")) {
        const std::string location =
            args->valueOr("gazetteer", io::PostalGazetteer::defaultLocation());
        if (location.empty()) {
            std::cerr << "tessera-cli import-accounts: warning: no postal-code tables found "
                         "(set TESSERA_GEOCODING_DIR or --gazetteer); accounts without "
                         "coordinates stay unlocated\n";
        } else {
            auto loaded = io::PostalGazetteer::load(location);
            if (!loaded) {
                return reportError(loaded.error());
            }
            gazetteer = std::move(*loaded);
            options->gazetteer = &*gazetteer;
        }
    }
    std::unique_ptr<AreaLocator> locator;
    if (!project->areas.empty()) {
        locator = std::make_unique<AreaLocator>(project->areas);
        options->countInAreas = [&locator](std::span<const Point> points) {
            std::size_t inside = 0;
            for (const Point& point : points) {
                inside += locator->areaAt(point) >= 0 ? 1 : 0;
            }
            return inside;
        };
    }

    const auto start = Clock::now();
    const double cpuAtStart = processCpuSeconds();
    auto imported = io::readAccountsFile(*file, *options);
    if (!imported) {
        return reportError(imported.error());
    }
    const double readSeconds = secondsSince(start);
    const double cpuAfterRead = processCpuSeconds();
    if (auto saveMapping = args->value("save-mapping")) {
        // The mapping as used: detected choices written out, so the next import repeats them.
        io::AccountImportOptions used = *options;
        used.fieldChoices.clear();
        for (std::size_t f = 0; f < io::kAccountFieldCount; ++f) {
            const auto column = imported->mapping.columnOfField[f];
            used.fieldChoices.push_back({static_cast<io::AccountField>(f),
                                         column ? imported->mapping.headers[*column] : ""});
        }
        used.encoding = imported->encoding;
        used.delimiter = imported->delimiter;
        for (std::size_t f = 0; f < io::kAccountFieldCount; ++f) {
            used.fieldDecimalMark[f] = imported->decimalMarks[f];
        }
        used.decimalMark.reset();
        if (imported->latLonSwapped && used.swapLatLon == io::SwapLatLon::Auto) {
            // The columns are saved already swapped.
            used.swapLatLon = io::SwapLatLon::No;
        }
        if (auto written = io::writeMappingFile(*saveMapping, used); !written) {
            return reportError(written.error());
        }
    }
    const std::size_t importedCount = imported->accounts.size();
    // Counts and notes stay here; the accounts move into the project (not copied: a million
    // accounts take a second to copy).
    std::vector<Account> importedAccounts = std::move(imported->accounts);
    io::AccountImportResult kept = *imported;
    imported->accounts = std::move(importedAccounts);
    const bool partial = args->has("partial") || imported->isRejectsFile;
    const io::AccountMergeSummary merged =
        io::mergeImportedAccounts(*project, std::move(*imported), partial);
    const double cpuAfterMerge = processCpuSeconds();
    const auto assignStart = Clock::now();
    // The locator built for the swap detection serves the assignment too: one index.
    const AccountAssignmentSummary assigned =
        locator ? assignAccountsToAreas(*project, *locator) : assignAccountsToAreas(*project);
    const double assignSeconds = secondsSince(assignStart);
    const double cpuAfterAssign = processCpuSeconds();
    const auto saveStart = Clock::now();
    if (auto saved = storage::saveProject(*project, projectPath); !saved) {
        return reportError(saved.error());
    }
    const double saveSeconds = secondsSince(saveStart);
    const double cpuAfterSave = processCpuSeconds();

    if (args->has("json")) {
        QJsonObject out = summaryJson(kept, merged, assigned, *project);
        out["imported"] = static_cast<qint64>(importedCount);
        out["seconds_read"] = readSeconds;
        out["seconds_assign"] = assignSeconds;
        out["seconds_save"] = saveSeconds;
        out["cpu_seconds_read"] = cpuAfterRead - cpuAtStart;
        out["cpu_seconds_merge"] = cpuAfterMerge - cpuAfterRead;
        out["cpu_seconds_assign"] = cpuAfterAssign - cpuAfterMerge;
        out["cpu_seconds_save"] = cpuAfterSave - cpuAfterAssign;
        std::cout << QJsonDocument(out).toJson(QJsonDocument::Indented).toStdString();
        return 0;
    }
    const std::size_t rejected = project->accountRejects.size();
    std::cout << "Read " << kept.rowsRead << " rows from " << *file << " ("
              << io::encodingName(kept.encoding) << ", " << io::delimiterName(kept.delimiter)
              << "-separated) in " << seconds(readSeconds) << ":\n"
              << "  " << importedCount << " imported + " << rejected
              << " rejected = " << importedCount + rejected << " rows"
              << (importedCount + rejected == kept.rowsRead ? "" : " (MISMATCH — please report)")
              << (kept.duplicates > 0
                      ? "; " + std::to_string(kept.duplicates) + " rejected for a duplicate ID"
                      : std::string())
              << "\n"
              << "  located: " << kept.locatedByCoordinates << " by coordinates, "
              << kept.locatedByPostcode << " by postal code, " << kept.unlocated
              << " not located (kept; they count in no territory until located)\n"
              << "  merged by account ID: " << merged.added << " new, " << merged.changed
              << " changed, " << merged.unchanged << " unchanged, " << merged.removed
              << " no longer in the list (flagged removed, not deleted)"
              << (merged.restored > 0 ? ", " + std::to_string(merged.restored) + " back again"
                                      : std::string())
              << "\n";
    if (!project->areas.empty()) {
        std::cout << "  assigned to areas: " << assigned.inArea << " in areas, "
                  << assigned.outsideAllAreas << " outside every area (" << seconds(assignSeconds)
                  << ")\n";
    }
    if (!kept.swapNote.empty()) {
        std::cout << kept.swapNote << "\n";
    }
    for (const std::string& note : kept.notes) {
        std::cout << note << "\n";
    }
    constexpr std::size_t kShown = 10;
    for (std::size_t i = 0; i < rejected && i < kShown; ++i) {
        const ImportReject& r = project->accountRejects[i];
        std::cout << "  rejected: row " << r.row << (r.column.empty() ? "" : ", column " + r.column)
                  << ": " << r.reason << "\n";
    }
    if (rejected > kShown) {
        std::cout << "  … and " << rejected - kShown << " more\n";
    }
    if (rejected > 0) {
        std::cout << "The rejected rows are kept in the project; to fix them: tessera-cli export "
                  << projectPath << " --format rejects --out rejects.csv\n";
    }
    std::cout << "Saved in " << seconds(saveSeconds) << "\n";
    return 0;
}

}  // namespace tessera::cli
