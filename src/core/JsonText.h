// SPDX-License-Identifier: Apache-2.0
#pragma once

// The little JSON the project file and the import mapping files need: arrays of strings (attribute
// names, skills) and flat objects of strings (an account's custom columns, in their order,
// duplicates kept). Text is UTF-8 and passes through byte for byte; only quotes, backslashes and
// control characters are escaped, so SQLite's json functions and any JSON reader can query the
// columns.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/CustomAttributes.h"
#include "core/Result.h"

namespace tessera {

using JsonMembers = std::vector<std::pair<std::string, std::string>>;

[[nodiscard]] std::string toJsonArray(const std::vector<std::string>& values);
[[nodiscard]] std::string toJsonObject(const JsonMembers& members);
/// toJsonObject into `out` (replacing what it held), reusing its buffer.
void writeJsonObject(const JsonMembers& members, std::string& out);
void writeJsonObject(const CustomAttributes& members, std::string& out);

/// Parses an array of scalars; numbers and booleans come back as their text, null as "".
[[nodiscard]] Result<std::vector<std::string>> parseJsonArray(std::string_view text);
/// Parses a flat object of scalars, keeping member order and repeated names.
[[nodiscard]] Result<JsonMembers> parseJsonObject(std::string_view text);
/// The same, appending the members to `out` (without a vector of string pairs on the way).
[[nodiscard]] Result<void> parseJsonObject(std::string_view text, CustomAttributes& out);

}  // namespace tessera
