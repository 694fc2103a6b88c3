// SPDX-License-Identifier: Apache-2.0
#include "ProjectSchema.h"

#include <algorithm>
#include <set>

namespace tessera::storage::schema {

namespace {

std::string asciiLower(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
        return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return lower;
}

}  // namespace

std::vector<std::string> areaAttributeColumns(const std::vector<std::string>& names) {
    std::set<std::string> taken = {"fid",    "geom",      "code",      "name",
                                   "locked", "territory", "label_lon", "label_lat"};
    std::vector<std::string> columns;
    columns.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        std::string base;
        for (char c : names[i]) {
            base += (static_cast<unsigned char>(c) < 0x20) ? '_' : c;
        }
        if (base.find_first_not_of(' ') == std::string::npos) {
            base = "attribute_" + std::to_string(i + 1);
        }
        std::string column = base;
        for (int suffix = 2; taken.contains(asciiLower(column)); ++suffix) {
            column = base + "_" + std::to_string(suffix);
        }
        taken.insert(asciiLower(column));
        columns.push_back(std::move(column));
    }
    return columns;
}

std::string_view locationSourceName(LocationSource source) {
    switch (source) {
        case LocationSource::Coordinates:
            return "coordinates";
        case LocationSource::PostalCode:
            return "postal_code";
        case LocationSource::None:
            break;
    }
    return "none";
}

std::optional<LocationSource> parseLocationSource(std::string_view name) {
    for (LocationSource source :
         {LocationSource::Coordinates, LocationSource::PostalCode, LocationSource::None}) {
        if (name == locationSourceName(source)) {
            return source;
        }
    }
    return std::nullopt;
}

std::string colorText(std::uint32_t color) {
    static constexpr char kHex[] = "0123456789abcdef";
    const int digits = (color >> 24U) != 0 ? 8 : 6;
    std::string text = "#";
    for (int i = digits - 1; i >= 0; --i) {
        text += kHex[(color >> (4U * static_cast<unsigned>(i))) & 0x0fU];
    }
    return text;
}

std::optional<std::uint32_t> parseColor(std::string_view text) {
    if (text.size() != 7 && text.size() != 9) {
        return std::nullopt;
    }
    if (text[0] != '#') {
        return std::nullopt;
    }
    std::uint32_t value = 0;
    for (char c : text.substr(1)) {
        value <<= 4U;
        if (c >= '0' && c <= '9') {
            value |= static_cast<std::uint32_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            value |= static_cast<std::uint32_t>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            value |= static_cast<std::uint32_t>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
    }
    return value;
}

}  // namespace tessera::storage::schema
