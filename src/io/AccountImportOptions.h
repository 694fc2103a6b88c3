// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "AccountColumnMapping.h"
#include "NumberParsing.h"
#include "TextEncoding.h"
#include "core/Geometry.h"
#include "core/Result.h"

namespace tessera::io {

class PostalGazetteer;

/// Whether the latitude and longitude columns are swapped.
enum class SwapLatLon {
    Auto,  ///< swap when the values say so (see AccountImportResult::swapNote)
    Yes,
    No,
};

/// How to read a customer file. Everything left unset is detected.
struct AccountImportOptions {
    std::optional<TextEncoding> encoding;
    std::optional<char> delimiter;
    /// The decimal mark of every numeric column ...
    std::optional<DecimalMark> decimalMark;
    /// ... or of one field's column (wins over decimalMark).
    std::array<std::optional<DecimalMark>, kAccountFieldCount> fieldDecimalMark{};
    /// The user's column choices, over the automatic mapping.
    std::vector<FieldChoice> fieldChoices;
    SwapLatLon swapLatLon = SwapLatLon::Auto;
    /// The spreadsheet's sheet (.xlsx, .ods); empty = the first.
    std::string sheet;
    /// The country of accounts without a country column (ISO alpha-2; empty = the only
    /// country of the gazetteer, if it has one).
    std::string defaultCountry;
    /// Postal-code centroids for accounts without coordinates; null = no geocoding.
    const PostalGazetteer* gazetteer = nullptr;
    /// How many of the points lie in the project's areas; lets Auto detect swapped columns of
    /// values that fit both ways (e.g. lat 40, lon 20 in a project of US counties). Optional.
    std::function<std::size_t(std::span<const Point>)> countInAreas;
    /// Threads that parse the rows (0 = one per core, at most 8). The result is the same for
    /// any number.
    unsigned threads = 0;
    /// The row holding the column names, 0-based among the file's first ten non-empty rows
    /// (the rows above it are skipped as titles); unset = detected.
    std::optional<std::size_t> headerRow;

    bool operator==(const AccountImportOptions& other) const {
        return encoding == other.encoding && delimiter == other.delimiter &&
               decimalMark == other.decimalMark && fieldDecimalMark == other.fieldDecimalMark &&
               fieldChoices == other.fieldChoices && swapLatLon == other.swapLatLon &&
               sheet == other.sheet && defaultCountry == other.defaultCountry &&
               headerRow == other.headerRow;
    }
};

/// "," ";" "tab" "|" and the words comma, semicolon, tab, pipe; nothing when unknown.
[[nodiscard]] std::optional<char> parseDelimiterName(std::string_view name);
[[nodiscard]] std::string delimiterName(char delimiter);  ///< "comma", "tab", …
[[nodiscard]] std::optional<DecimalMark> parseDecimalMarkName(std::string_view name);
[[nodiscard]] std::string_view decimalMarkName(DecimalMark mark);  ///< "point" / "comma"
[[nodiscard]] std::optional<SwapLatLon> parseSwapLatLonName(std::string_view name);
[[nodiscard]] std::string_view swapLatLonName(SwapLatLon swap);  ///< "auto" / "yes" / "no"

/// A mapping file: a flat JSON object, saved from the app or `tessera-cli import-accounts
/// --save-mapping` and reused with `--mapping`:
///
///     { "id": "Store Nbr", "latitude": "LAT", "postal_code": "ZIP", "owner": "",
///       "encoding": "windows-1252", "delimiter": ";", "decimal_mark": "comma",
///       "decimal_mark.potential": "point", "swap_lat_lon": "no", "sheet": "Accounts",
///       "default_country": "US", "header_row": "2" }
///
/// Field keys (accountFieldKey) name the file's column for the field ("" = none); the other
/// keys are the reading options (`header_row` is 1-based). Unknown keys are an error naming them,
/// so typos do not pass silently.
[[nodiscard]] Result<AccountImportOptions> parseMappingJson(std::string_view json,
                                                            const std::string& sourceName);
[[nodiscard]] Result<AccountImportOptions> readMappingFile(const std::string& path);
[[nodiscard]] std::string mappingJson(const AccountImportOptions& options);
[[nodiscard]] Result<void> writeMappingFile(const std::string& path,
                                            const AccountImportOptions& options);

}  // namespace tessera::io
