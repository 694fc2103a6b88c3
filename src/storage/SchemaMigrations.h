// SPDX-License-Identifier: Apache-2.0
#pragma once

// Forward migrations of the project file's schema (tessera_meta.schema_version; PRAGMA
// user_version stays the GeoPackage version). A file of an older schema is copied into memory,
// migrated there step by step (version k to k + 1) and then read; the file itself is left as
// it is until the user saves, which writes the current schema. When a change to the schema is
// made, kSchemaVersion goes up by one and a migration from the previous version is added to
// the list in SchemaMigrations.cpp.

#include <span>
#include <string>

#include "ProjectFile.h"
#include "SqliteDatabase.h"
#include "core/Feedback.h"

namespace tessera::storage {

struct SchemaMigration {
    int fromVersion = 0;  ///< migrates a database of this schema to fromVersion + 1
    std::string description;
    Result<void> (*apply)(SqliteDatabase& db) = nullptr;
};

/// The migrations this build knows, in order.
[[nodiscard]] std::span<const SchemaMigration> builtInMigrations();

/// Brings `db` (a writable copy) from `fromVersion` to `toVersion` with `migrations`, one step
/// at a time, updating tessera_meta.schema_version after each. Fails, saying which step is
/// missing, when the chain is incomplete.
[[nodiscard]] Result<void> migrateSchema(SqliteDatabase& db, int fromVersion, int toVersion,
                                         std::span<const SchemaMigration> migrations);

/// loadProject with a given list of migrations instead of the built-in ones (tests use it to
/// exercise the mechanism before the first real migration exists).
[[nodiscard]] Result<Project> loadProjectWithMigrations(const std::string& path,
                                                        std::span<const SchemaMigration> migrations,
                                                        Feedback* feedback);

}  // namespace tessera::storage
