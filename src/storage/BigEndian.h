// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tessera::storage {

// Unsigned integers of 1 to 8 bytes, most significant byte first, as SQLite's file format and
// its R-tree nodes store them.

inline void putBigEndian(std::uint8_t* at, std::uint64_t value, std::size_t bytes) {
    for (std::size_t i = 0; i < bytes; ++i) {
        at[i] = static_cast<std::uint8_t>(value >> (8U * (bytes - 1 - i)));
    }
}

inline void appendBigEndian(std::vector<std::uint8_t>& out, std::uint64_t value,
                            std::size_t bytes) {
    for (std::size_t i = bytes; i > 0; --i) {
        out.push_back(static_cast<std::uint8_t>(value >> (8U * (i - 1))));
    }
}

[[nodiscard]] inline std::uint64_t readBigEndian(const std::uint8_t* at, std::size_t bytes) {
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
        value = (value << 8U) | at[i];
    }
    return value;
}

}  // namespace tessera::storage
