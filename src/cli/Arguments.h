// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/Result.h"

namespace tessera::cli {

/// Command-line arguments of one subcommand: positionals, `--name value` options and `--flag`s.
/// Every option must be declared, so a typo is an error instead of being ignored.
class Arguments {
public:
    /// `valued` options take a value; `flags` take none.
    static Result<Arguments> parse(const std::vector<std::string>& args,
                                   const std::set<std::string>& valued,
                                   const std::set<std::string>& flags);

    [[nodiscard]] const std::vector<std::string>& positionals() const { return positionals_; }
    [[nodiscard]] bool has(const std::string& name) const;
    [[nodiscard]] std::optional<std::string> value(const std::string& name) const;
    [[nodiscard]] std::string valueOr(const std::string& name, const std::string& fallback) const;
    [[nodiscard]] Result<std::string> required(const std::string& name) const;
    [[nodiscard]] Result<double> number(const std::string& name, double fallback) const;
    [[nodiscard]] Result<long long> integer(const std::string& name, long long fallback) const;

private:
    std::vector<std::string> positionals_;
    std::map<std::string, std::string> values_;
    std::set<std::string> flags_;
};

}  // namespace tessera::cli
