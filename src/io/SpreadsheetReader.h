// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

#include "core/Result.h"

namespace tessera::io {

struct SpreadsheetAsCsv {
    std::string csv;                      ///< the sheet's cells as CSV text (UTF-8, comma, CRLF)
    std::string sheetName;                ///< the sheet that was read
    std::vector<std::string> sheetNames;  ///< every sheet of the file, in order
};

/// Reads one sheet of an .xlsx, .xls or .ods file through GDAL (XLSX, XLS, ODS drivers) as
/// CSV text, every cell as the text GDAL gives for it and the first row as data too (the
/// account reader finds the header itself), so that one reader handles CSV and
/// spreadsheets alike. `sheet` empty = the first sheet; an unknown sheet is an error listing
/// the sheets.
[[nodiscard]] Result<SpreadsheetAsCsv> readSpreadsheetAsCsv(const std::string& path,
                                                            const std::string& sheet);

}  // namespace tessera::io
