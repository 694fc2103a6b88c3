// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/Project.h"
#include "core/Result.h"

namespace tessera::storage {

/// Schema version written by this build; older files are migrated forward on load.
constexpr int kSchemaVersion = 1;

/// Writes the project as one SQLite file that is also a valid GeoPackage (areas, accounts and
/// territories are layers QGIS/ogrinfo can open). Atomic: written to a temporary file beside
/// the target, synced, then renamed over it, so the target is never half-written.
[[nodiscard]] Result<void> saveProject(const Project& project, const std::string& path);

/// Reads a project written by saveProject (any schema version up to kSchemaVersion).
[[nodiscard]] Result<Project> loadProject(const std::string& path);

}  // namespace tessera::storage
