// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace tessera::cli {

/// `tessera-cli import-accounts PROJECT --file F [options]`: reads a customer list (CSV/TSV in
/// any usual encoding, .xlsx/.ods), merges it into the project by account ID, locates the
/// accounts, assigns them to areas and saves; prints the summary (or JSON with --json).
/// Exits non-zero only when the file cannot be read at all or the project cannot be saved.
int runImportAccounts(const std::vector<std::string>& args);

}  // namespace tessera::cli
