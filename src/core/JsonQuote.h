// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tessera {

/// Index of the first byte at or after `from` that a JSON string must escape (a control
/// character, a quote or a backslash), or text.size(). Looks at eight bytes at a time: most
/// values have nothing to escape, and a million accounts' attributes are tens of millions of
/// bytes.
inline std::size_t findJsonEscape(std::string_view text, std::size_t from) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;
    auto hasZeroByte = [](std::uint64_t w) { return (w - kOnes) & ~w & kHighBits; };
    std::size_t i = from;
    for (; i + 8 <= text.size(); i += 8) {
        std::uint64_t w = 0;
        std::memcpy(&w, text.data() + i, 8);
        // A byte below 0x20 (bytes from 0x80 up, UTF-8, are not), a '"' or a '\\'.
        const std::uint64_t below = (w - kOnes * 0x20) & ~w & kHighBits;
        if ((below | hasZeroByte(w ^ (kOnes * '"')) | hasZeroByte(w ^ (kOnes * '\\'))) != 0) {
            break;
        }
    }
    for (; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == '"' || byte == '\\') {
            return i;
        }
    }
    return text.size();
}

/// Appends `text` as a JSON string literal (quotes, escapes, control characters as \u00XX).
/// Runs of characters that need no escape are copied whole.
inline void appendJsonQuoted(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    std::size_t plain = 0;  // start of the run not yet copied
    for (std::size_t i = findJsonEscape(text, 0); i < text.size();
         i = findJsonEscape(text, i + 1)) {
        const auto byte = static_cast<unsigned char>(text[i]);
        out.append(text.data() + plain, i - plain);
        plain = i + 1;
        switch (byte) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                out += "\\u00";
                out += kHex[byte >> 4U];
                out += kHex[byte & 0x0fU];
                break;
        }
    }
    out.append(text.data() + plain, text.size() - plain);
    out += '"';
}

}  // namespace tessera
