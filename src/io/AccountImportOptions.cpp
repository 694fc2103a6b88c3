// SPDX-License-Identifier: Apache-2.0
#include "AccountImportOptions.h"

#include <algorithm>

#include "PostalGazetteer.h"
#include "TextFile.h"
#include "core/JsonText.h"

namespace tessera::io {

std::optional<char> parseDelimiterName(std::string_view name) {
    if (name == "," || name == ";" || name == "|" || name == "\t") {
        return name[0];
    }
    const std::string key = normalizeColumnName(name);
    if (key == "comma") {
        return ',';
    }
    if (key == "semicolon") {
        return ';';
    }
    if (key == "tab" || key == "t" || key == "tsv") {
        return '\t';
    }
    if (key == "pipe" || key == "bar") {
        return '|';
    }
    return std::nullopt;
}

std::string delimiterName(char delimiter) {
    switch (delimiter) {
        case ',':
            return "comma";
        case ';':
            return "semicolon";
        case '\t':
            return "tab";
        case '|':
            return "pipe";
        default:
            return std::string(1, delimiter);
    }
}

std::optional<DecimalMark> parseDecimalMarkName(std::string_view name) {
    const std::string key = normalizeColumnName(name);
    if (key == "point" || key == "dot" || key == "period" || name == ".") {
        return DecimalMark::Point;
    }
    if (key == "comma" || name == ",") {
        return DecimalMark::Comma;
    }
    return std::nullopt;
}

std::string_view decimalMarkName(DecimalMark mark) {
    return mark == DecimalMark::Point ? "point" : "comma";
}

std::optional<SwapLatLon> parseSwapLatLonName(std::string_view name) {
    const std::string key = normalizeColumnName(name);
    if (key == "auto") {
        return SwapLatLon::Auto;
    }
    if (key == "yes" || key == "true" || key == "swap") {
        return SwapLatLon::Yes;
    }
    if (key == "no" || key == "false") {
        return SwapLatLon::No;
    }
    return std::nullopt;
}

std::string_view swapLatLonName(SwapLatLon swap) {
    switch (swap) {
        case SwapLatLon::Auto:
            return "auto";
        case SwapLatLon::Yes:
            return "yes";
        case SwapLatLon::No:
            return "no";
    }
    return "auto";
}

Result<AccountImportOptions> parseMappingJson(std::string_view json,
                                              const std::string& sourceName) {
    auto members = parseJsonObject(json);
    if (!members) {
        Error error = members.error();
        error.file = sourceName;
        error.message = "the mapping file is not a flat JSON object of strings: " + error.message;
        return fail(std::move(error));
    }
    AccountImportOptions options;
    auto bad = [&sourceName](const std::string& key, const std::string& what) {
        return fail(ErrorCode::BadData, "in the mapping, \"" + key + "\": " + what, sourceName);
    };
    for (const auto& [key, value] : *members) {
        if (const auto field = parseAccountFieldKey(key)) {
            options.fieldChoices.push_back({*field, value});
        } else if (key == "encoding") {
            const auto encoding = parseEncodingName(value);
            if (!encoding && !value.empty() && value != "auto") {
                return bad(key, "unknown encoding \"" + value +
                                    "\"; use utf-8, utf-16le, utf-16be, windows-1252 or latin1");
            }
            options.encoding = encoding;
        } else if (key == "delimiter") {
            const auto delimiter = parseDelimiterName(value);
            if (!delimiter && !value.empty() && value != "auto") {
                return bad(
                    key, "unknown delimiter \"" + value + "\"; use \",\", \";\", \"tab\" or \"|\"");
            }
            options.delimiter = delimiter;
        } else if (key == "decimal_mark" || key.starts_with("decimal_mark.")) {
            const auto mark = parseDecimalMarkName(value);
            if (!mark && !value.empty() && value != "auto") {
                return bad(key, "unknown decimal mark \"" + value + "\"; use point or comma");
            }
            if (key == "decimal_mark") {
                options.decimalMark = mark;
            } else {
                const auto markField = parseAccountFieldKey(key.substr(13));
                if (!markField || !isNumericField(*markField)) {
                    return bad(key,
                               "not a numeric field; decimal_mark.FIELD takes longitude, "
                               "latitude, potential, workload, sales, visits_per_year or "
                               "minutes_per_visit");
                }
                options.fieldDecimalMark[static_cast<std::size_t>(*markField)] = mark;
            }
        } else if (key == "swap_lat_lon") {
            const auto swap = parseSwapLatLonName(value);
            if (!swap) {
                return bad(key, "use auto, yes or no");
            }
            options.swapLatLon = *swap;
        } else if (key == "sheet") {
            options.sheet = value;
        } else if (key == "default_country") {
            if (!value.empty() && !countryCode(value)) {
                return bad(key, "unknown country \"" + value + "\"; use a two-letter ISO code");
            }
            options.defaultCountry = value.empty() ? std::string() : *countryCode(value);
        } else if (key == "header_row") {
            std::size_t row = 0;
            const bool digits = !value.empty() && value.size() <= 2 &&
                                std::all_of(value.begin(), value.end(),
                                            [](char c) { return c >= '0' && c <= '9'; });
            if (digits) {
                row = static_cast<std::size_t>(std::stoul(value));
            }
            if (!value.empty() && value != "auto" && (!digits || row < 1 || row > 10)) {
                return bad(key, "use a row number from 1 to 10, or auto");
            }
            options.headerRow =
                row >= 1 ? std::optional<std::size_t>(row - 1) : std::optional<std::size_t>();
        } else {
            std::string known;
            for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
                known += std::string(accountFieldKey(static_cast<AccountField>(f))) + ", ";
            }
            return bad(key, "unknown key; the keys are the fields (" + known +
                                ") and encoding, delimiter, decimal_mark, decimal_mark.FIELD, "
                                "swap_lat_lon, sheet, default_country, header_row");
        }
    }
    return options;
}

Result<AccountImportOptions> readMappingFile(const std::string& path) {
    auto text = readWholeFile(path);
    if (!text) {
        return fail(text.error());
    }
    std::string_view json = *text;
    if (json.starts_with("\xEF\xBB\xBF")) {
        json.remove_prefix(3);
    }
    return parseMappingJson(json, path);
}

std::string mappingJson(const AccountImportOptions& options) {
    JsonMembers members;
    for (const FieldChoice& choice : options.fieldChoices) {
        members.emplace_back(std::string(accountFieldKey(choice.field)), choice.header);
    }
    if (options.encoding) {
        members.emplace_back("encoding", std::string(encodingName(*options.encoding)));
    }
    if (options.delimiter) {
        members.emplace_back("delimiter", delimiterName(*options.delimiter));
    }
    if (options.decimalMark) {
        members.emplace_back("decimal_mark", std::string(decimalMarkName(*options.decimalMark)));
    }
    for (std::size_t f = 0; f < kAccountFieldCount; ++f) {
        if (options.fieldDecimalMark[f]) {
            members.emplace_back(
                "decimal_mark." + std::string(accountFieldKey(static_cast<AccountField>(f))),
                std::string(decimalMarkName(*options.fieldDecimalMark[f])));
        }
    }
    members.emplace_back("swap_lat_lon", std::string(swapLatLonName(options.swapLatLon)));
    if (!options.sheet.empty()) {
        members.emplace_back("sheet", options.sheet);
    }
    if (!options.defaultCountry.empty()) {
        members.emplace_back("default_country", options.defaultCountry);
    }
    if (options.headerRow) {
        members.emplace_back("header_row", std::to_string(*options.headerRow + 1));
    }
    // One member per line, so the file is easy to edit by hand.
    std::string json = toJsonObject(members);
    std::string pretty;
    pretty.reserve(json.size() + members.size() * 4);
    bool inString = false;
    bool escaped = false;
    for (std::size_t i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (inString) {
            pretty.push_back(c);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            continue;
        }
        if (c == '"') {
            inString = true;
            pretty.push_back(c);
        } else if (c == '{') {
            pretty += "{\n  ";
        } else if (c == '}') {
            pretty += "\n}\n";
        } else if (c == ',') {
            pretty += ",\n  ";
        } else if (c == ':') {
            pretty += ": ";
        } else {
            pretty.push_back(c);
        }
    }
    return pretty;
}

Result<void> writeMappingFile(const std::string& path, const AccountImportOptions& options) {
    return writeFileAtomically(path, mappingJson(options));
}

}  // namespace tessera::io
