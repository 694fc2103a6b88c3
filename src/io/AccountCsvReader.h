// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/Feedback.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::io {

struct AccountImportResult {
    std::size_t rowsRead = 0;           ///< data rows (header excluded); = imported + rejected
    std::vector<Account> accounts;      ///< imported, in file order
    std::vector<ImportReject> rejects;  ///< every row not imported, with row, column, reason
    std::size_t locatedByCoordinates = 0;
    std::size_t unlocated = 0;   ///< imported but without a usable location
    std::size_t duplicates = 0;  ///< rows whose account ID was already seen (rejected)
};

/// Reads a customer CSV (header row; columns for id, name, lon/lat, potential, workload found by
/// common names, case-insensitive). Bad rows go to `rejects` with their row number and column;
/// only an unreadable file is an error.
///
/// The file: UTF-8 (a byte order mark is skipped), RFC 4180 quoting (quoted delimiters, doubled
/// quotes, line breaks inside quotes), LF or CRLF line ends. The delimiter is guessed from the
/// header row (`,` `;` TAB or `|`, the most frequent). Lines that are entirely empty are skipped
/// and not counted.
///
/// Columns are found by name, ignoring case, spaces and punctuation (see
/// AccountColumnMapping.h for all names): the account ID (account_id, CRM ID, id, …), name,
/// longitude (lon, lng, long, x, …) and latitude (lat, y, …) are required — without them the
/// file is an error listing the columns it has; potential, workload, sales, postal code (zip,
/// postcode, …), segment (industry), owner and required skill are optional. Every other column
/// is kept in Account::custom as (header, value) with the value exactly as it came.
///
/// Row numbers: ImportReject::row is the 1-based number of the data record — the first record
/// after the header is row 1, whatever line it is on (in a file without quoted line breaks or
/// empty lines, row N is line N + 1; in a spreadsheet, row N + 1). When the record starts on
/// another line, the reason says which.
///
/// A row is rejected (never dropped) when: its quoting is broken; it has fewer fields than the
/// header, or more fields and the extra ones are not empty; the ID is empty or already used by
/// an imported row (counted in `duplicates`); longitude or latitude is not a number (a decimal
/// point is required, numbers are read the same in every locale), out of range (|lon| > 180,
/// |lat| > 90; swapped columns are pointed out), only one of them is given, or both are 0 (a
/// CRM's placeholder for "not geocoded"); potential or workload is not a number or negative;
/// sales is not a number. The reason names every problem of the row; `column` is the first
/// column at fault. Values of mapped fields are trimmed of spaces; an empty potential, workload
/// or sales is 0. A row with both coordinates empty is imported with LocationSource::None and
/// counted in `unlocated`.
[[nodiscard]] Result<AccountImportResult> readAccountsCsv(const std::string& path,
                                                          Feedback* feedback = nullptr);

/// The same as readAccountsCsv for CSV text already in memory; `sourceName` is the file name
/// put into the rejects and errors.
[[nodiscard]] Result<AccountImportResult> parseAccountsCsv(std::string_view text,
                                                           const std::string& sourceName,
                                                           Feedback* feedback = nullptr);

}  // namespace tessera::io
