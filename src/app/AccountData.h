// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/Project.h"

namespace tessera::app {

/// The project's accounts and everything tied to them by account index: what an account import
/// replaces as a whole (and its undo puts back).
struct AccountData {
    std::vector<Account> accounts;
    std::vector<std::int32_t> accountArea;  ///< per account, as Project::accountArea
    std::vector<ImportReject> rejects;
    std::string rejectsHeader;
    std::unordered_map<AccountIndex, TerritoryIndex> accountOverrides;

    bool operator==(const AccountData& other) const = default;
};

}  // namespace tessera::app
