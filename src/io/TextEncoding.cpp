// SPDX-License-Identifier: Apache-2.0
#include "TextEncoding.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace tessera::io {

namespace {

void appendUtf8(std::string& out, char32_t code) {
    if (code < 0x80) {
        out.push_back(static_cast<char>(code));
    } else if (code < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (code >> 6)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else if (code < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (code >> 12)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (code >> 18)));
        out.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (code & 0x3F)));
    }
}

constexpr char32_t kReplacement = 0xFFFD;

// Windows-1252 0x80..0x9F; the five undefined bytes keep their Latin-1 (C1 control) value.
constexpr std::array<char32_t, 32> kWindows1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

std::string fromUtf16(std::string_view bytes, bool littleEndian) {
    std::string out;
    out.reserve(bytes.size() / 2 + bytes.size() / 8);
    auto unit = [&](std::size_t i) -> char32_t {
        const auto a = static_cast<unsigned char>(bytes[i]);
        const auto b = static_cast<unsigned char>(bytes[i + 1]);
        return littleEndian ? static_cast<char32_t>(a | (b << 8))
                            : static_cast<char32_t>((a << 8) | b);
    };
    std::size_t i = 0;
    for (; i + 1 < bytes.size(); i += 2) {
        const char32_t u = unit(i);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 < bytes.size()) {
                const char32_t low = unit(i + 2);
                if (low >= 0xDC00 && low <= 0xDFFF) {
                    appendUtf8(out, 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00));
                    i += 2;
                    continue;
                }
            }
            appendUtf8(out, kReplacement);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            appendUtf8(out, kReplacement);
        } else {
            appendUtf8(out, u);
        }
    }
    if (i < bytes.size()) {
        appendUtf8(out, kReplacement);  // an odd last byte
    }
    return out;
}

/// Length of the valid UTF-8 sequence at `i`, or 0.
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
    const auto c = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) {
        return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    };
    if (c < 0x80) {
        return 1;
    }
    if (c >= 0xC2 && c <= 0xDF) {
        return cont(1) ? 2 : 0;
    }
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(1) || !cont(2)) {
            return 0;
        }
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 >= 0xA0)) {
            return 0;  // overlong or surrogate
        }
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(1) || !cont(2) || !cont(3)) {
            return 0;
        }
        const auto c1 = static_cast<unsigned char>(s[i + 1]);
        if ((c == 0xF0 && c1 < 0x90) || (c == 0xF4 && c1 >= 0x90)) {
            return 0;
        }
        return 4;
    }
    return 0;
}

bool startsWith(std::string_view bytes, std::string_view prefix) {
    return bytes.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LEBom = "\xFF\xFE";
constexpr std::string_view kUtf16BEBom = "\xFE\xFF";

}  // namespace

std::string_view encodingName(TextEncoding encoding) {
    switch (encoding) {
        case TextEncoding::Utf8:
            return "UTF-8";
        case TextEncoding::Utf16LE:
            return "UTF-16LE";
        case TextEncoding::Utf16BE:
            return "UTF-16BE";
        case TextEncoding::Windows1252:
            return "Windows-1252";
        case TextEncoding::Latin1:
            return "ISO-8859-1";
    }
    return "UTF-8";
}

std::optional<TextEncoding> parseEncodingName(std::string_view name) {
    std::string key;
    for (const char c : name) {
        if (c >= 'A' && c <= 'Z') {
            key.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            key.push_back(c);
        }
    }
    if (key == "utf8" || key == "utf8bom" || key == "utf8sig") {
        return TextEncoding::Utf8;
    }
    if (key == "utf16le" || key == "utf16" || key == "unicode" || key == "ucs2le") {
        return TextEncoding::Utf16LE;
    }
    if (key == "utf16be" || key == "ucs2be") {
        return TextEncoding::Utf16BE;
    }
    if (key == "cp1252" || key == "windows1252" || key == "win1252" || key == "ansi") {
        return TextEncoding::Windows1252;
    }
    if (key == "latin1" || key == "iso88591" || key == "l1" || key == "iso885915" ||
        key == "latin9") {
        return TextEncoding::Latin1;
    }
    return std::nullopt;
}

bool isValidUtf8(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        // Skip ASCII eight bytes at a time.
        while (i + 8 <= bytes.size()) {
            std::uint64_t word = 0;
            std::memcpy(&word, bytes.data() + i, 8);
            if ((word & 0x8080808080808080ULL) != 0) {
                break;
            }
            i += 8;
        }
        if (i >= bytes.size()) {
            break;
        }
        const std::size_t length = utf8SequenceLength(bytes, i);
        if (length == 0) {
            return false;
        }
        i += length;
    }
    return true;
}

TextEncoding detectEncoding(std::string_view bytes) {
    if (startsWith(bytes, kUtf8Bom)) {
        return TextEncoding::Utf8;
    }
    if (startsWith(bytes, kUtf16LEBom)) {
        return TextEncoding::Utf16LE;
    }
    if (startsWith(bytes, kUtf16BEBom)) {
        return TextEncoding::Utf16BE;
    }
    // UTF-16 without a BOM: ASCII characters leave a zero in every other byte.
    const std::size_t sample = std::min<std::size_t>(bytes.size() & ~std::size_t{1}, 4096);
    if (sample >= 4) {
        std::size_t evenZeros = 0;
        std::size_t oddZeros = 0;
        for (std::size_t i = 0; i < sample; i += 2) {
            evenZeros += bytes[i] == '\0' ? 1 : 0;
            oddZeros += bytes[i + 1] == '\0' ? 1 : 0;
        }
        const std::size_t units = sample / 2;
        if (oddZeros * 10 >= units * 4 && evenZeros * 10 < units) {
            return TextEncoding::Utf16LE;
        }
        if (evenZeros * 10 >= units * 4 && oddZeros * 10 < units) {
            return TextEncoding::Utf16BE;
        }
    }
    return isValidUtf8(bytes) ? TextEncoding::Utf8 : TextEncoding::Windows1252;
}

std::optional<std::string> convertToUtf8(std::string_view bytes, TextEncoding encoding) {
    switch (encoding) {
        case TextEncoding::Utf8: {
            if (startsWith(bytes, kUtf8Bom)) {
                bytes.remove_prefix(kUtf8Bom.size());
            } else if (isValidUtf8(bytes)) {
                return std::nullopt;
            }
            std::string out;
            out.reserve(bytes.size());
            for (std::size_t i = 0; i < bytes.size();) {
                const std::size_t length = utf8SequenceLength(bytes, i);
                if (length == 0) {
                    appendUtf8(out, kReplacement);
                    ++i;
                } else {
                    out.append(bytes.substr(i, length));
                    i += length;
                }
            }
            return out;
        }
        case TextEncoding::Utf16LE:
            if (startsWith(bytes, kUtf16LEBom)) {
                bytes.remove_prefix(2);
            }
            return fromUtf16(bytes, true);
        case TextEncoding::Utf16BE:
            if (startsWith(bytes, kUtf16BEBom)) {
                bytes.remove_prefix(2);
            }
            return fromUtf16(bytes, false);
        case TextEncoding::Windows1252:
        case TextEncoding::Latin1: {
            std::string out;
            out.reserve(bytes.size() + bytes.size() / 8);
            const bool cp1252 = encoding == TextEncoding::Windows1252;
            for (const char c : bytes) {
                const auto byte = static_cast<unsigned char>(c);
                if (byte < 0x80) {
                    out.push_back(c);
                } else if (cp1252 && byte < 0xA0) {
                    appendUtf8(out, kWindows1252High[byte - 0x80]);
                } else {
                    appendUtf8(out, byte);
                }
            }
            return out;
        }
    }
    return std::nullopt;
}

}  // namespace tessera::io
