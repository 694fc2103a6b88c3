// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/Result.h"

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
    // Recognised and used while importing, then kept among the custom columns under their
    // header (Account has no member for them):
    Street,
    City,
    State,
    Country,          ///< picks the postal-code table
    VisitsPerYear,    ///< with MinutesPerVisit, gives the workload when there is no workload
    MinutesPerVisit,  ///< column
    Count             ///< number of fields, not a field
};

constexpr std::size_t kAccountFieldCount = static_cast<std::size_t>(AccountField::Count);

/// A header name reduced to what identifies it: ASCII letters lower-cased, everything that is
/// not a letter or digit removed ("Account ID", "account_id" and "AccountId" → "accountid").
[[nodiscard]] std::string normalizeColumnName(std::string_view name);

/// The recognised names (normalised) of a field, most specific first.
[[nodiscard]] const std::vector<std::string_view>& accountFieldAliases(AccountField field);

/// A human name of the field for messages ("latitude").
[[nodiscard]] std::string_view accountFieldLabel(AccountField field);

/// The field's key in mapping files ("id", "postal_code", "visits_per_year").
[[nodiscard]] std::string_view accountFieldKey(AccountField field);
[[nodiscard]] std::optional<AccountField> parseAccountFieldKey(std::string_view key);

/// Whether the field holds a number (coordinates, amounts, visits, minutes).
[[nodiscard]] bool isNumericField(AccountField field);

/// Whether the field's value is kept among Account::custom under its header (address parts,
/// country, visits, minutes) rather than in a member of its own.
[[nodiscard]] bool isKeptAsCustom(AccountField field);

/// Which column feeds which Account field; the columns that feed none are kept as custom
/// columns. When several columns match a field, the one matching the earlier alias wins (then
/// the leftmost) and the others stay custom columns.
struct AccountColumnMapping {
    /// As in the file, surrounding spaces trimmed; an empty name becomes "column N" (1-based).
    std::vector<std::string> headers;
    std::array<std::optional<std::size_t>, kAccountFieldCount> columnOfField{};
    std::vector<std::size_t> customColumns;  ///< in file order, incl. isKeptAsCustom fields

    [[nodiscard]] std::optional<std::size_t> column(AccountField field) const {
        return columnOfField[static_cast<std::size_t>(field)];
    }
    /// Fields mapped to any column.
    [[nodiscard]] std::size_t mappedFieldCount() const;
};

/// Maps header names to Account fields by the aliases above (case and punctuation ignored).
/// The mapping step is separate from reading so that the user can change it.
[[nodiscard]] AccountColumnMapping mapAccountColumns(const std::vector<std::string>& headers);

/// The user's choice for one field: the header of its column, or empty for "no column".
struct FieldChoice {
    AccountField field;
    std::string header;

    bool operator==(const FieldChoice& other) const = default;
};

/// Applies the user's choices over an automatic mapping: a chosen header (matched like the
/// aliases, ignoring case and punctuation, or "column N") moves to that field, and a column
/// taken from another field leaves it. Fails, listing the columns of the file, when a chosen
/// header is not in the file.
[[nodiscard]] Result<AccountColumnMapping> applyFieldChoices(
    AccountColumnMapping mapping, const std::vector<FieldChoice>& choices,
    const std::string& sourceName);

/// "\"a\", \"b\", …": the headers quoted, for messages.
[[nodiscard]] std::string listColumns(const std::vector<std::string>& headers);

}  // namespace tessera::io
