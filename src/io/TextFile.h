// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <string_view>

#include "core/Result.h"

namespace tessera::io {

/// The whole content of a file, as bytes. FileNotFound / FileUnreadable errors name the file.
[[nodiscard]] Result<std::string> readWholeFile(const std::string& path);

/// Writes `content` to `path` atomically: into a temporary file next to it, flushed, then
/// renamed over `path`, so readers see either the old file or the complete new one.
[[nodiscard]] Result<void> writeFileAtomically(const std::string& path, std::string_view content);

/// A unique name for a temporary file next to `path` (same directory, so a rename is atomic).
[[nodiscard]] std::string temporarySiblingPath(const std::string& path);

}  // namespace tessera::io
