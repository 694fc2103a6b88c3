// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/Project.h"

namespace tessera::io {

struct AccountImportResult;

/// What a (re-)import changed in the project's accounts.
struct AccountMergeSummary {
    std::size_t added = 0;         ///< IDs the project did not have
    std::size_t changed = 0;       ///< IDs it had, with a value that differs
    std::size_t unchanged = 0;     ///< IDs it had, identical
    std::size_t removed = 0;       ///< IDs the import no longer has: flagged removed, kept
    std::size_t restored = 0;      ///< flagged removed before, in the list again (also changed)
    std::size_t stillRemoved = 0;  ///< flagged before and still missing
    std::vector<std::string> addedIds, changedIds, removedIds;  ///< the first few of each
};

/// Merges imported accounts into the project by account ID: a new ID is appended; a known ID
/// takes the imported values (keeping the account's lock, its position in the list and so its
/// manual territory override); a known ID missing from the import is flagged `removed`, not
/// deleted, so it counts in no territory but keeps its history and override, and comes back
/// if a later import has it again. The project's rejects become the import's. Area membership
/// (accountArea) is not refreshed: call assignAccountsToAreas() afterwards.
///
/// A partial list (`partialList`: only new and changed accounts, such as a fixed rejects file)
/// flags nothing removed.
AccountMergeSummary mergeImportedAccounts(Project& project, AccountImportResult&& imported,
                                          bool partialList = false);

}  // namespace tessera::io
