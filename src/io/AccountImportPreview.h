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
#include "core/Result.h"

// What the import wizard shows before importing: the beginning of a customer file as it will be
// read, and the problems each mapped column has. The import itself is readAccountsFile().

namespace tessera::io {

/// The beginning of a customer file (or all of it, when small), converted to UTF-8 text.
struct AccountFileSample {
    std::string text;       ///< UTF-8 without BOM, whole lines only; spreadsheets as CSV
    bool complete = false;  ///< `text` is the whole file
    TextEncoding encoding = TextEncoding::Utf8;  ///< given in the options, else detected
    TextEncoding detectedEncoding = TextEncoding::Utf8;
    bool isSpreadsheet = false;           ///< .xlsx/.xls/.ods, read through GDAL (comma, UTF-8)
    std::string sheetName;                ///< the sheet read
    std::vector<std::string> sheetNames;  ///< every sheet of a spreadsheet
};

/// Reads up to `maxBytes` of a customer file (a spreadsheet's sheet whole) with the encoding
/// and sheet of `options` (detected when unset), cut after the last complete line. Errors
/// (missing, unreadable, empty, not a spreadsheet GDAL can open) name the file and say why.
[[nodiscard]] Result<AccountFileSample> readAccountFileSample(const std::string& path,
                                                              const AccountImportOptions& options,
                                                              std::size_t maxBytes = 8u << 20u);

/// The first rows of a file split the way the import will split them.
struct AccountFilePreview {
    char delimiter = ',';
    char detectedDelimiter = ',';
    std::size_t headerRow = 0;          ///< 0-based row of the header (rows above are titles)
    std::size_t detectedHeaderRow = 0;  ///< where the import would look without an override
    bool hasHeader = true;              ///< false: no row names a known column
    std::vector<std::string> headers;   ///< "column N" for a file without a header row
    std::vector<std::vector<std::string>> rows;  ///< the first data rows, field by field
    std::size_t dataRows = 0;                    ///< data rows in the whole text
};

/// Splits `utf8` (a sample's text) with the delimiter and header row of `options` (detected
/// as the import does when unset) and keeps the first `maxRows` data rows.
[[nodiscard]] AccountFilePreview previewAccountText(std::string_view utf8,
                                                    const AccountImportOptions& options,
                                                    std::size_t maxRows);

/// The problems of each column of a file, counted over its data rows, as the import will see
/// them with a mapping and decimal marks. Each problem is a sentence with its count ("12
/// values are not numbers with a decimal comma", "3 latitudes are outside -90…90").
struct AccountColumnCheck {
    std::size_t rows = 0;        ///< data rows checked
    std::size_t brokenRows = 0;  ///< wrong number of fields or broken quoting: rejected whole
    std::vector<std::vector<std::string>> problems;  ///< per column of the mapping's headers
    std::vector<std::size_t> problemRows;            ///< per column: rows with a problem there
};

[[nodiscard]] AccountColumnCheck checkAccountColumns(
    std::string_view utf8, char delimiter, std::size_t firstDataRow,
    const AccountColumnMapping& mapping,
    const std::array<std::optional<DecimalMark>, kAccountFieldCount>& marks);

}  // namespace tessera::io
