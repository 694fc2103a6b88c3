// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/Feedback.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::io {

struct AccountImportResult {
    std::size_t rowsRead = 0;            ///< data rows (header excluded); = imported + rejected
    std::vector<Account> accounts;       ///< imported, in file order
    std::vector<ImportReject> rejects;   ///< every row not imported, with row, column, reason
    std::size_t locatedByCoordinates = 0;
    std::size_t unlocated = 0;           ///< imported but without a usable location
    std::size_t duplicates = 0;          ///< rows whose account ID was already seen (rejected)
};

/// Reads a customer CSV (header row; columns for id, name, lon/lat, potential, workload found by
/// common names, case-insensitive). Bad rows go to `rejects` with their row number and column;
/// only an unreadable file is an error.
[[nodiscard]] Result<AccountImportResult> readAccountsCsv(const std::string& path,
                                                          Feedback* feedback = nullptr);

}  // namespace tessera::io
