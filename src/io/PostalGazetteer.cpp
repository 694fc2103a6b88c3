// SPDX-License-Identifier: Apache-2.0
#include "PostalGazetteer.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <utility>

#include "AccountColumnMapping.h"
#include "CsvReader.h"
#include "NumberParsing.h"
#include "TextFile.h"

namespace tessera::io {

namespace fs = std::filesystem;

namespace {

/// Upper-case ASCII letters and digits only.
std::string codeKey(std::string_view code) {
    std::string key;
    key.reserve(code.size());
    for (const char c : code) {
        if (c >= 'a' && c <= 'z') {
            key.push_back(static_cast<char>(c - 'a' + 'A'));
        } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            key.push_back(c);
        }
    }
    return key;
}

bool allDigits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string PostalGazetteer::defaultLocation() {
    if (const char* dir = std::getenv("TESSERA_GEOCODING_DIR"); dir != nullptr && *dir != 0) {
        return dir;
    }
#ifdef TESSERA_GEOCODING_SOURCE_DIR
    if (fs::is_directory(TESSERA_GEOCODING_SOURCE_DIR)) {
        return TESSERA_GEOCODING_SOURCE_DIR;
    }
#endif
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = self.parent_path().parent_path() / "share/tessera/geocoding";
        if (fs::is_directory(installed)) {
            return installed.string();
        }
    }
    return {};
}

Result<PostalGazetteer> PostalGazetteer::load(const std::string& fileOrDirectory) {
    PostalGazetteer gazetteer;
    std::vector<fs::path> files;
    std::error_code ec;
    if (fs::is_directory(fileOrDirectory, ec)) {
        for (const auto& entry : fs::directory_iterator(fileOrDirectory, ec)) {
            if (entry.is_regular_file() && entry.path().extension() == ".csv") {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        if (files.empty()) {
            return fail(ErrorCode::FileNotFound,
                        "the postal-code folder has no .csv tables (country,postal_code,"
                        "longitude,latitude,…); point to the folder with the tables",
                        fileOrDirectory);
        }
    } else {
        files.emplace_back(fileOrDirectory);
    }
    for (const fs::path& file : files) {
        auto text = readWholeFile(file.string());
        if (!text) {
            return fail(text.error());
        }
        if (auto added = gazetteer.addTable(*text, file.string()); !added) {
            return fail(added.error());
        }
    }
    return gazetteer;
}

Result<void> PostalGazetteer::addTable(std::string_view csvText, const std::string& sourceName) {
    CsvReader reader(csvText);
    CsvRecord record;
    if (!reader.next(record)) {
        return fail(ErrorCode::BadData, "the postal-code table is empty", sourceName);
    }
    std::array<std::optional<std::size_t>, 4> columns;  // country, code, lon, lat
    const std::array<std::string_view, 4> names = {"country", "postalcode", "longitude",
                                                   "latitude"};
    for (std::size_t i = 0; i < record.size(); ++i) {
        const std::string name = normalizeColumnName(record[i]);
        for (std::size_t k = 0; k < names.size(); ++k) {
            if (name == names[k] && !columns[k]) {
                columns[k] = i;
            }
        }
    }
    for (std::size_t k = 0; k < names.size(); ++k) {
        if (!columns[k]) {
            return fail(ErrorCode::BadData,
                        "the postal-code table has no " + std::string(names[k]) +
                            " column; its header must be country,postal_code,longitude,latitude",
                        sourceName);
        }
    }
    std::int64_t row = 0;
    while (reader.next(record)) {
        ++row;
        auto bad = [&](std::size_t column, const std::string& what) {
            Error error;
            error.code = ErrorCode::BadData;
            error.file = sourceName;
            error.row = row;
            error.column = std::string(names[column]);
            error.message = what + "; the table must be country,postal_code,longitude,latitude";
            return fail(std::move(error));
        };
        std::size_t needed = 0;
        for (const auto& column : columns) {
            needed = std::max(needed, *column);
        }
        if (record.size() <= needed) {
            return bad(0, "the row has too few fields");
        }
        const std::string country = codeKey(record[*columns[0]]);
        const std::string code = codeKey(record[*columns[1]]);
        const auto lon = parseDecimal(record[*columns[2]]);
        const auto lat = parseDecimal(record[*columns[3]]);
        if (country.size() != 2) {
            return bad(0, "the country is not a two-letter ISO code");
        }
        if (code.empty()) {
            return bad(1, "the postal code is empty");
        }
        if (!lon || std::abs(*lon) > 180.0) {
            return bad(2, "the longitude is not a number in -180…180");
        }
        if (!lat || std::abs(*lat) > 90.0) {
            return bad(3, "the latitude is not a number in -90…90");
        }
        CountryTable& table = tables_[country];
        if (table.codes.empty()) {
            table.digitsLength = code.size();
        }
        if (!allDigits(code)) {
            table.allDigits = false;
        }
        if (code.size() != table.digitsLength) {
            table.digitsLength = 0;
        }
        if (table.codes.insert_or_assign(code, Point{*lon, *lat}).second) {
            ++size_;
        }
    }
    for (auto& [country, table] : tables_) {
        if (!table.allDigits) {
            table.digitsLength = 0;
        }
    }
    return {};
}

std::optional<PostalGazetteer::Match> PostalGazetteer::find(std::string_view country,
                                                            std::string_view postalCode) const {
    const auto table = tables_.find(country);
    if (table == tables_.end()) {
        return std::nullopt;
    }
    const CountryTable& codes = table->second;
    std::string_view code = trimSpaces(postalCode);
    const std::size_t length = codes.digitsLength;
    if (length > 0) {
        // ZIP+4 ("02139-4307"), a spreadsheet's "2139.0", codes written with spaces.
        if (const std::size_t dash = code.find('-'); dash != std::string_view::npos) {
            code = code.substr(0, dash);
        }
        if (code.ends_with(".0")) {
            code.remove_suffix(2);
        }
    }
    std::string key = codeKey(code);
    if (key.empty()) {
        return std::nullopt;
    }
    bool padded = false;
    if (length > 0 && allDigits(key)) {
        if (key.size() == length + 4) {
            key.resize(length);  // ZIP+4 without its dash: the first digits are the ZIP
        }
        if (key.size() < length) {
            key.insert(0, length - key.size(), '0');
            padded = true;
        }
    }
    const auto found = codes.codes.find(key);
    if (found == codes.codes.end()) {
        return std::nullopt;
    }
    return Match{found->second, padded};
}

std::vector<std::string> PostalGazetteer::countries() const {
    std::vector<std::string> list;
    for (const auto& [country, table] : tables_) {
        list.push_back(country);
    }
    return list;
}

std::optional<std::string> countryCode(std::string_view country) {
    const std::string key = normalizeColumnName(country);
    if (key.empty()) {
        return std::nullopt;
    }
    static const std::array<std::pair<std::string_view, std::string_view>, 64> kNames = {{
        {"usa", "US"},
        {"unitedstates", "US"},
        {"unitedstatesofamerica", "US"},
        {"america", "US"},
        {"us", "US"},
        {"puertorico", "US"},
        {"pr", "US"},
        {"pri", "US"},
        {"guam", "US"},
        {"gu", "US"},
        {"virginislands", "US"},
        {"usvirginislands", "US"},
        {"vi", "US"},
        {"deu", "DE"},
        {"germany", "DE"},
        {"deutschland", "DE"},
        {"gbr", "GB"},
        {"uk", "GB"},
        {"unitedkingdom", "GB"},
        {"greatbritain", "GB"},
        {"england", "GB"},
        {"scotland", "GB"},
        {"wales", "GB"},
        {"fra", "FR"},
        {"france", "FR"},
        {"can", "CA"},
        {"canada", "CA"},
        {"aut", "AT"},
        {"austria", "AT"},
        {"sterreich", "AT"},
        {"osterreich", "AT"},
        {"oesterreich", "AT"},
        {"che", "CH"},
        {"switzerland", "CH"},
        {"schweiz", "CH"},
        {"suisse", "CH"},
        {"svizzera", "CH"},
        {"nld", "NL"},
        {"netherlands", "NL"},
        {"nederland", "NL"},
        {"holland", "NL"},
        {"ita", "IT"},
        {"italy", "IT"},
        {"italia", "IT"},
        {"esp", "ES"},
        {"spain", "ES"},
        {"espaa", "ES"},
        {"espana", "ES"},
        {"mex", "MX"},
        {"mexico", "MX"},
        {"mxico", "MX"},
        {"bel", "BE"},
        {"belgium", "BE"},
        {"belgique", "BE"},
        {"belgie", "BE"},
        {"dnk", "DK"},
        {"denmark", "DK"},
        {"danmark", "DK"},
        {"swe", "SE"},
        {"sweden", "SE"},
        {"sverige", "SE"},
        {"pol", "PL"},
        {"poland", "PL"},
        {"polska", "PL"},
    }};
    for (const auto& [name, code] : kNames) {
        if (key == name) {
            return std::string(code);
        }
    }
    if (key.size() == 2 && key[0] >= 'a' && key[1] >= 'a') {
        return std::string{static_cast<char>(key[0] - 'a' + 'A'),
                           static_cast<char>(key[1] - 'a' + 'A')};
    }
    return std::nullopt;
}

}  // namespace tessera::io
