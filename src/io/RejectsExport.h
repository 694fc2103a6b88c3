// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/Project.h"
#include "core/Result.h"

namespace tessera::io {

/// The rows the last account import rejected, as a file to fix and import again: the original
/// header row plus an `import_error` column ("row 12, column Latitude: …"), then every rejected
/// row exactly as it was in the file (same delimiter, UTF-8 with a byte order mark so Excel
/// shows accents right). The importer skips the `import_error` column and merges such a file
/// as a partial list; rejects of a rejects file get their error replaced, not a second one.
/// Projects without the header (none stored) get a table source,row,column,reason,raw_line instead.
[[nodiscard]] std::string rejectsCsv(const Project& project);
[[nodiscard]] Result<void> exportRejectsCsv(const Project& project, const std::string& path);

}  // namespace tessera::io
