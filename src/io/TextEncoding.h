// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tessera::io {

/// Character encodings a customer file comes in.
enum class TextEncoding {
    Utf8,     ///< with or without a byte order mark
    Utf16LE,  ///< Excel's "Unicode text"
    Utf16BE,
    Windows1252,  ///< Excel on Windows, "ANSI"; a superset of the printable Latin-1
    Latin1,       ///< ISO 8859-1
};

/// "UTF-8", "UTF-16LE", "UTF-16BE", "Windows-1252", "ISO-8859-1".
[[nodiscard]] std::string_view encodingName(TextEncoding encoding);

/// Reads a user's name of an encoding, ignoring case and punctuation: utf8, utf-16le,
/// utf16be, cp1252, windows-1252, ansi, latin1, iso-8859-1, …; nothing when unknown.
[[nodiscard]] std::optional<TextEncoding> parseEncodingName(std::string_view name);

/// Whether `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values > U+10FFFF).
[[nodiscard]] bool isValidUtf8(std::string_view bytes);

/// What the bytes most likely are: a UTF-8 or UTF-16 byte order mark decides; without one,
/// UTF-16 is recognised by its zero bytes (ASCII text in UTF-16 has a zero in every other
/// byte), then valid UTF-8 is UTF-8, and anything else is Windows-1252.
[[nodiscard]] TextEncoding detectEncoding(std::string_view bytes);

/// The text as UTF-8 without a byte order mark. For UTF-8 input, returns nothing when no
/// conversion is needed (no BOM; use the bytes as they are) — the common case costs no copy.
/// Invalid sequences become U+FFFD; bytes Windows-1252 leaves undefined map to the C1 controls
/// like Latin-1 does, so nothing is dropped.
[[nodiscard]] std::optional<std::string> convertToUtf8(std::string_view bytes,
                                                       TextEncoding encoding);

}  // namespace tessera::io
