// SPDX-License-Identifier: Apache-2.0
#include "AccountImportPreview.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <unordered_set>

#include "AccountCsvReader.h"
#include "CsvReader.h"
#include "SpreadsheetReader.h"

namespace tessera::io {

namespace {

/// The text up to and including its last line break (all of it when `complete`).
std::string_view wholeLines(std::string_view text, bool complete) {
    if (complete) {
        return text;
    }
    const std::size_t end = text.find_last_of('\n');
    return end == std::string_view::npos ? std::string_view{} : text.substr(0, end + 1);
}

std::string plural(std::size_t count, const std::string& one, const std::string& many) {
    return std::to_string(count) + " " + (count == 1 ? one : many);
}

}  // namespace

Result<AccountFileSample> readAccountFileSample(const std::string& path,
                                                const AccountImportOptions& options,
                                                std::size_t maxBytes) {
    AccountFileSample sample;
    const std::string name = std::filesystem::path(path).filename().string();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return fail(ErrorCode::FileNotFound,
                    std::filesystem::exists(path, ec)
                        ? "this is not a file (a folder?); choose the customer list itself"
                        : "the file does not exist; check the name and the folder",
                    path);
    }
    if (isSpreadsheetFile(path)) {
        auto sheet = readSpreadsheetAsCsv(path, options.sheet);
        if (!sheet) {
            return fail(sheet.error());
        }
        sample.text = std::move(sheet->csv);
        sample.complete = true;
        sample.isSpreadsheet = true;
        sample.sheetName = std::move(sheet->sheetName);
        sample.sheetNames = std::move(sheet->sheetNames);
    } else {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            return fail(ErrorCode::FileUnreadable,
                        "the file cannot be opened for reading; check that you may read it and "
                        "that no other program locks it",
                        path);
        }
        std::string bytes(maxBytes + 1, '\0');
        in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        if (in.bad()) {
            return fail(ErrorCode::FileUnreadable,
                        "reading the file failed (a disk or network "
                        "error?); try again or copy it elsewhere",
                        path);
        }
        bytes.resize(static_cast<std::size_t>(in.gcount()));
        sample.complete = bytes.size() <= maxBytes;
        if (!sample.complete) {
            bytes.resize(maxBytes);
        }
        // Detect on whole lines: a cut multi-byte character would look like another encoding.
        const std::string_view lines = wholeLines(bytes, sample.complete);
        sample.detectedEncoding = detectEncoding(lines.empty() ? std::string_view(bytes) : lines);
        sample.encoding = options.encoding ? *options.encoding : sample.detectedEncoding;
        std::string_view convertible = bytes;
        const bool utf16 =
            sample.encoding == TextEncoding::Utf16LE || sample.encoding == TextEncoding::Utf16BE;
        if (utf16 && convertible.size() % 2 != 0) {
            convertible.remove_suffix(1);
        }
        auto converted = convertToUtf8(convertible, sample.encoding);
        std::string text = converted ? std::move(*converted) : std::string(convertible);
        if (text.starts_with("\xEF\xBB\xBF")) {
            text.erase(0, 3);
        }
        text.resize(wholeLines(text, sample.complete).size());
        sample.text = std::move(text);
    }
    if (sample.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        return fail(ErrorCode::BadData,
                    sample.complete ? "the file is empty; expected a header row naming the "
                                      "columns and one row per account"
                                    : "the file's first lines are empty or one enormous line; "
                                      "it does not look like a customer list",
                    name);
    }
    return sample;
}

AccountFilePreview previewAccountText(std::string_view utf8, const AccountImportOptions& options,
                                      std::size_t maxRows) {
    AccountFilePreview preview;
    preview.detectedDelimiter = sniffCsvDelimiter(utf8);
    preview.delimiter = options.delimiter ? *options.delimiter : preview.detectedDelimiter;
    const CsvDialect dialect{preview.delimiter, '"'};

    const HeaderGuess guess = detectHeaderRow(utf8, preview.delimiter, options.fieldChoices);
    const std::size_t recordsSeen = guess.recordsSeen;
    const std::size_t firstRecordSize = guess.firstRecordSize;
    std::size_t bestKnown = guess.knownColumns;
    preview.detectedHeaderRow = guess.index;
    CsvReader reader(utf8, dialect);
    CsvRecord record;
    preview.headerRow = preview.detectedHeaderRow;
    if (options.headerRow && *options.headerRow < recordsSeen) {
        preview.headerRow = *options.headerRow;
        bestKnown = std::max<std::size_t>(bestKnown, 1);
    }
    preview.hasHeader = bestKnown > 0;

    std::size_t skip = preview.hasHeader ? preview.headerRow + 1 : 0;
    for (std::size_t i = 0; i < skip && reader.next(record); ++i) {
        if (i == preview.headerRow) {
            for (std::size_t c = 0; c < record.size(); ++c) {
                std::string header(trimSpaces(record[c]));
                preview.headers.push_back(header.empty() ? "column " + std::to_string(c + 1)
                                                         : std::move(header));
            }
        }
    }
    if (!preview.hasHeader) {
        for (std::size_t c = 0; c < firstRecordSize; ++c) {
            preview.headers.push_back("column " + std::to_string(c + 1));
        }
    }
    while (reader.next(record)) {
        ++preview.dataRows;
        if (preview.rows.size() < maxRows) {
            std::vector<std::string> fields;
            fields.reserve(record.size());
            for (std::size_t c = 0; c < record.size(); ++c) {
                fields.emplace_back(record[c]);
            }
            preview.rows.push_back(std::move(fields));
        }
    }
    return preview;
}

AccountColumnCheck checkAccountColumns(
    std::string_view utf8, char delimiter, std::size_t firstDataRow,
    const AccountColumnMapping& mapping,
    const std::array<std::optional<DecimalMark>, kAccountFieldCount>& marks) {
    const std::size_t columns = mapping.headers.size();
    AccountColumnCheck check;
    check.problems.resize(columns);
    check.problemRows.resize(columns);

    struct Counts {
        std::size_t notNumber = 0, outOfRange = 0, negative = 0, empty = 0, duplicate = 0,
                    onlyOne = 0, zeroZero = 0;
    };
    std::vector<Counts> counts(columns);
    std::unordered_set<std::string> ids;

    const auto column = [&mapping](AccountField field) { return mapping.column(field); };
    const auto mark = [&marks](AccountField field) {
        return marks[static_cast<std::size_t>(field)].value_or(DecimalMark::Point);
    };

    CsvReader reader(utf8, CsvDialect{delimiter, '"'});
    CsvRecord record;
    for (std::size_t i = 0; i < firstDataRow && reader.next(record); ++i) {
    }
    std::vector<bool> rowHasProblem(columns);
    while (reader.next(record)) {
        ++check.rows;
        bool extraValues = false;
        for (std::size_t i = columns; i < record.size(); ++i) {
            extraValues = extraValues || !trimSpaces(record[i]).empty();
        }
        if (!record.problem().empty() || record.size() < columns || extraValues) {
            ++check.brokenRows;
            continue;
        }
        std::fill(rowHasProblem.begin(), rowHasProblem.end(), false);
        const auto flag = [&rowHasProblem](std::size_t c) { rowHasProblem[c] = true; };
        if (const auto c = column(AccountField::Id)) {
            const std::string_view id = trimSpaces(record[*c]);
            if (id.empty()) {
                ++counts[*c].empty;
                flag(*c);
            } else if (!ids.emplace(id).second) {
                ++counts[*c].duplicate;
                flag(*c);
            }
        }
        const auto lonColumn = column(AccountField::Longitude);
        const auto latColumn = column(AccountField::Latitude);
        if (lonColumn && latColumn) {
            std::string_view lonText = trimSpaces(record[*lonColumn]);
            std::string_view latText = trimSpaces(record[*latColumn]);
            lonText = isBlankValue(lonText) ? std::string_view{} : lonText;
            latText = isBlankValue(latText) ? std::string_view{} : latText;
            if (lonText.empty() != latText.empty()) {
                const std::size_t missing = lonText.empty() ? *lonColumn : *latColumn;
                ++counts[missing].onlyOne;
                flag(missing);
            } else if (!lonText.empty()) {
                const auto lon = parseNumber(lonText, mark(AccountField::Longitude));
                const auto lat = parseNumber(latText, mark(AccountField::Latitude));
                if (!lon) {
                    ++counts[*lonColumn].notNumber;
                    flag(*lonColumn);
                } else if (std::abs(*lon) > 180.0) {
                    ++counts[*lonColumn].outOfRange;
                    flag(*lonColumn);
                }
                if (!lat) {
                    ++counts[*latColumn].notNumber;
                    flag(*latColumn);
                } else if (std::abs(*lat) > 90.0) {
                    ++counts[*latColumn].outOfRange;
                    flag(*latColumn);
                }
                if (lon && lat && *lon == 0.0 && *lat == 0.0) {
                    ++counts[*lonColumn].zeroZero;
                }
            }
        }
        const AccountField amounts[] = {AccountField::Potential, AccountField::Workload,
                                        AccountField::Sales, AccountField::VisitsPerYear,
                                        AccountField::MinutesPerVisit};
        for (const AccountField field : amounts) {
            const auto c = column(field);
            if (!c) {
                continue;
            }
            const std::string_view text = trimSpaces(record[*c]);
            if (text.empty() || isBlankValue(text)) {
                continue;
            }
            const auto number = parseNumber(text, mark(field));
            if (!number) {
                ++counts[*c].notNumber;
                flag(*c);
            } else if (*number < 0.0 && field != AccountField::Sales) {
                ++counts[*c].negative;
                flag(*c);
            }
        }
        for (std::size_t c = 0; c < columns; ++c) {
            check.problemRows[c] += rowHasProblem[c] ? 1 : 0;
        }
    }

    for (std::size_t c = 0; c < columns; ++c) {
        std::optional<AccountField> field;
        for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
            if (mapping.columnOfField[f] == c) {
                field = static_cast<AccountField>(f);
            }
        }
        if (!field) {
            continue;
        }
        const Counts& n = counts[c];
        auto& out = check.problems[c];
        const std::string markName =
            mark(*field) == DecimalMark::Comma ? "a decimal comma" : "a decimal point";
        if (n.empty > 0) {
            out.push_back(plural(n.empty, "ID is empty", "IDs are empty"));
        }
        if (n.duplicate > 0) {
            out.push_back(plural(n.duplicate, "ID is already used by an earlier row",
                                 "IDs are already used by earlier rows"));
        }
        if (n.notNumber > 0) {
            out.push_back(plural(n.notNumber, "value is not a number", "values are not numbers") +
                          " with " + markName);
        }
        if (n.outOfRange > 0) {
            const bool lat = *field == AccountField::Latitude;
            out.push_back(plural(n.outOfRange, lat ? "latitude" : "longitude",
                                 lat ? "latitudes" : "longitudes") +
                          (n.outOfRange == 1 ? " is" : " are") +
                          (lat ? " outside -90…90" : " outside -180…180"));
        }
        if (n.negative > 0) {
            out.push_back(plural(n.negative, "value is negative", "values are negative"));
        }
        if (n.onlyOne > 0) {
            out.push_back(plural(n.onlyOne, "value is empty while the other coordinate is given",
                                 "values are empty while the other coordinate is given"));
        }
        if (n.zeroZero > 0) {
            out.push_back(plural(n.zeroZero, "row is at (0, 0)", "rows are at (0, 0)") +
                          ": located by postal code if possible, else rejected");
        }
    }
    return check;
}

}  // namespace tessera::io
