// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::io {

/// The Account fields a column of a customer file can feed.
enum class AccountField : std::size_t {
    Id,
    Name,
    Longitude,
    Latitude,
    Potential,
    Workload,
    Sales,
    PostalCode,
    Segment,
    Owner,
    RequiredSkill,
    Count  ///< number of fields, not a field
};

constexpr std::size_t kAccountFieldCount = static_cast<std::size_t>(AccountField::Count);

/// A header name reduced to what identifies it: ASCII letters lower-cased, everything that is
/// not a letter or digit removed ("Account ID", "account_id" and "AccountId" → "accountid").
[[nodiscard]] std::string normalizeColumnName(std::string_view name);

/// The recognised names (normalised) of a field, most specific first.
[[nodiscard]] const std::vector<std::string_view>& accountFieldAliases(AccountField field);

/// A human name of the field for messages ("latitude").
[[nodiscard]] std::string_view accountFieldLabel(AccountField field);

/// Which column feeds which Account field; the columns that feed none are kept as custom
/// columns. When several columns match a field, the one matching the earlier alias wins (then
/// the leftmost) and the others stay custom columns.
struct AccountColumnMapping {
    /// As in the file, surrounding spaces trimmed; an empty name becomes "column N" (1-based).
    std::vector<std::string> headers;
    std::array<std::optional<std::size_t>, kAccountFieldCount> columnOfField{};
    std::vector<std::size_t> customColumns;  ///< in file order

    [[nodiscard]] std::optional<std::size_t> column(AccountField field) const {
        return columnOfField[static_cast<std::size_t>(field)];
    }
};

/// Maps header names to Account fields by the aliases above (case and punctuation ignored).
/// The mapping step is separate from reading so a later importer can let the user change it.
[[nodiscard]] AccountColumnMapping mapAccountColumns(const std::vector<std::string>& headers);

}  // namespace tessera::io
