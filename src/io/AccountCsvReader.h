// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "AccountColumnMapping.h"
#include "AccountImportOptions.h"
#include "NumberParsing.h"
#include "TextEncoding.h"
#include "core/Feedback.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::io {

/// The column named so in a file is our own rejects export's error column; it is skipped.
inline constexpr std::string_view kImportErrorColumn = "import_error";

struct AccountImportResult {
    std::size_t rowsRead = 0;           ///< data rows (header excluded); = imported + rejected
    std::vector<Account> accounts;      ///< imported, in file order
    std::vector<ImportReject> rejects;  ///< every row not imported, with row, column, reason
    std::size_t locatedByCoordinates = 0;
    std::size_t locatedByPostcode = 0;    ///< by the centroid of their postal code
    std::size_t unlocated = 0;            ///< imported but without a usable location
    std::size_t duplicates = 0;           ///< rows whose account ID was already seen (rejected)
    std::size_t postcodesZeroPadded = 0;  ///< located after restoring lost leading zeros
    std::size_t postcodesNotFound = 0;    ///< unlocated: postal code not in the table

    // What was detected (or given), to show and to save as a mapping.
    TextEncoding encoding = TextEncoding::Utf8;
    char delimiter = ',';
    std::size_t linesBeforeHeader = 0;  ///< records above the header row (titles), skipped
    bool hasHeader = true;
    std::string headerLine;  ///< the header row as it was in the file (for the rejects export)
    AccountColumnMapping mapping;
    /// The decimal mark used for each numeric field's column.
    std::array<std::optional<DecimalMark>, kAccountFieldCount> decimalMarks{};
    bool latLonSwapped = false;
    /// Why the lat/lon columns were (or, with SwapLatLon::No, would have been) swapped; empty
    /// when they look right.
    std::string swapNote;
    /// The file has our rejects export's import_error column: a fixed rejects file, a partial
    /// list (merge it without flagging the accounts it lacks as removed).
    bool isRejectsFile = false;
    bool workloadFromVisits = false;  ///< workload = visits per year × minutes per visit / 60
    /// Everything else worth telling the user, one sentence each.
    std::vector<std::string> notes;
};

/// Reads a customer list: CSV/TSV text in any usual encoding, or an .xlsx/.ods spreadsheet
/// (its first sheet or AccountImportOptions::sheet, through GDAL). Bad rows go to `rejects`
/// with their row number, column and reason; only an unreadable file is an error.
///
/// Reading: the encoding is detected (UTF-8 with or without BOM, UTF-16 LE/BE, else
/// Windows-1252) and everything is converted to UTF-8; the delimiter (`,` `;` TAB `|`) is
/// detected; RFC 4180 quoting (quoted delimiters, doubled quotes, line breaks inside quotes);
/// LF, CRLF or CR line ends. The header row is the first of the first ten rows that names
/// the most known columns (title rows above it are skipped and noted); a file without any
/// known column name is read without a header when the options map "column N" names. Lines
/// that are entirely empty are skipped and not counted.
///
/// Columns are found by name, ignoring case, spaces and punctuation (see
/// AccountColumnMapping.h for the names of Salesforce, HubSpot, Dynamics and plain exports),
/// then the options' field choices apply. The account ID is required, and either latitude and
/// longitude or a postal code — without them the file is an error listing its columns. Every
/// column that feeds no Account member is kept in Account::custom as (header, value), exactly
/// as it came.
///
/// Numbers: `1,234.50`, `1.234,50`, `$1,200`, `€ 3.400`, `12%` (= 0.12), `(1,200)`; blanks,
/// N/A and the like are empty. The decimal mark of each numeric column is voted by its values
/// (first 20,000 rows) unless the options set it.
///
/// Locating: coordinates when given and valid; swapped latitude/longitude columns are detected
/// (latitudes beyond ±90 that are valid longitudes, or, with options.countInAreas, more rows
/// inside the project's areas when swapped) and handled as options.swapLatLon says. A row with
/// no coordinates (or the (0, 0) CRMs write for "not geocoded") and a postal code is located
/// at the code's centroid from options.gazetteer (country from the country column, else
/// options.defaultCountry, else the gazetteer's only country; lost leading zeros restored);
/// otherwise it is imported with LocationSource::None and counted in `unlocated`.
///
/// Row numbers: ImportReject::row is the 1-based number of the data record — the first record
/// after the header is row 1, whatever line it is on. When the record starts on another line,
/// the reason says which.
///
/// A row is rejected (never dropped) when: its quoting is broken; it has fewer fields than the
/// header, or more fields and the extra ones are not empty; the ID is empty or already used by
/// an imported row (counted in `duplicates`); longitude or latitude is not a number, out of
/// range (swaps pointed out), only one of them is given, or both are 0 without a postal code
/// to fall back on; potential, workload, visits or minutes is not a number or negative; sales
/// is not a number. The reason names every problem of the row; `column` is the first column
/// at fault.
[[nodiscard]] Result<AccountImportResult> readAccountsFile(const std::string& path,
                                                           const AccountImportOptions& options,
                                                           Feedback* feedback = nullptr);

/// The same for file content already in memory (CSV/TSV bytes in any supported encoding);
/// `sourceName` is the file name put into the rejects and errors.
[[nodiscard]] Result<AccountImportResult> parseAccounts(std::string_view bytes,
                                                        const std::string& sourceName,
                                                        const AccountImportOptions& options,
                                                        Feedback* feedback = nullptr);

/// readAccountsFile with the default options (detect everything, no geocoding).
[[nodiscard]] Result<AccountImportResult> readAccountsCsv(const std::string& path,
                                                          Feedback* feedback = nullptr);

/// parseAccounts with the default options.
[[nodiscard]] Result<AccountImportResult> parseAccountsCsv(std::string_view text,
                                                           const std::string& sourceName,
                                                           Feedback* feedback = nullptr);

/// Whether the file is a spreadsheet read through GDAL (.xlsx, .xls, .ods) by its extension.
[[nodiscard]] bool isSpreadsheetFile(const std::string& path);

/// The header row as the import finds it: of the text's first ten records, the first naming
/// the most known columns (field aliases, or headers the user chose). The import and its
/// preview both call this, so they never disagree.
struct HeaderGuess {
    std::size_t recordsSeen = 0;      ///< records looked at (at most ten); 0 = empty text
    std::size_t firstRecordSize = 0;  ///< fields of the first record
    std::size_t knownColumns = 0;     ///< of the best row; 0 = no header row found
    std::size_t index = 0;            ///< 0-based record index of the best row
};
[[nodiscard]] HeaderGuess detectHeaderRow(std::string_view utf8, char delimiter,
                                          const std::vector<FieldChoice>& choices);

}  // namespace tessera::io
