// SPDX-License-Identifier: Apache-2.0
#include "Arguments.h"

#include <charconv>

namespace tessera::cli {

Result<Arguments> Arguments::parse(const std::vector<std::string>& args,
                                   const std::set<std::string>& valued,
                                   const std::set<std::string>& flags) {
    Arguments parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            parsed.positionals_.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (flags.contains(name)) {
            if (inlineValue) {
                return fail(ErrorCode::InvalidArgument, "option --" + name + " takes no value");
            }
            parsed.flags_.insert(name);
        } else if (valued.contains(name)) {
            if (inlineValue) {
                parsed.values_[name] = *inlineValue;
            } else if (i + 1 < args.size()) {
                parsed.values_[name] = args[++i];
            } else {
                return fail(ErrorCode::InvalidArgument, "option --" + name + " needs a value");
            }
        } else {
            std::string known;
            for (const std::string& v : valued) {
                known += " --" + v;
            }
            for (const std::string& f : flags) {
                known += " --" + f;
            }
            return fail(ErrorCode::InvalidArgument,
                        "unknown option --" + name + (known.empty() ? "" : "; known:" + known));
        }
    }
    return parsed;
}

bool Arguments::has(const std::string& name) const {
    return flags_.contains(name) || values_.contains(name);
}

std::optional<std::string> Arguments::value(const std::string& name) const {
    if (auto it = values_.find(name); it != values_.end()) {
        return it->second;
    }
    return std::nullopt;
}

std::string Arguments::valueOr(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

Result<std::string> Arguments::required(const std::string& name) const {
    if (auto v = value(name)) {
        return *v;
    }
    return fail(ErrorCode::InvalidArgument, "missing required option --" + name);
}

Result<double> Arguments::number(const std::string& name, double fallback) const {
    const auto v = value(name);
    if (!v) {
        return fallback;
    }
    double result = 0.0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), result);
    if (ec != std::errc() || end != v->data() + v->size()) {
        return fail(ErrorCode::InvalidArgument,
                    "option --" + name + " expects a number, got \"" + *v + "\"");
    }
    return result;
}

Result<long long> Arguments::integer(const std::string& name, long long fallback) const {
    const auto v = value(name);
    if (!v) {
        return fallback;
    }
    long long result = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), result);
    if (ec != std::errc() || end != v->data() + v->size()) {
        return fail(ErrorCode::InvalidArgument,
                    "option --" + name + " expects a whole number, got \"" + *v + "\"");
    }
    return result;
}

}  // namespace tessera::cli
