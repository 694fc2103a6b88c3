// SPDX-License-Identifier: Apache-2.0
#include "SchemaMigrations.h"

#include <algorithm>

namespace tessera::storage {

namespace {

Result<void> addAccountsRemovedColumn(SqliteDatabase& db) {
    return db.execute("ALTER TABLE accounts ADD COLUMN removed BOOLEAN NOT NULL DEFAULT 0;");
}

}  // namespace

std::span<const SchemaMigration> builtInMigrations() {
    // Version 1 is the first schema. Add {N, "what changed", &apply} for each later version.
    static const SchemaMigration kMigrations[] = {
        {1, "accounts.removed: accounts a re-import no longer had, flagged instead of deleted",
         &addAccountsRemovedColumn},
    };
    return kMigrations;
}

Result<void> migrateSchema(SqliteDatabase& db, int fromVersion, int toVersion,
                           std::span<const SchemaMigration> migrations) {
    for (int version = fromVersion; version < toVersion; ++version) {
        const auto step = std::find_if(migrations.begin(), migrations.end(),
                                       [version](const SchemaMigration& migration) {
                                           return migration.fromVersion == version;
                                       });
        if (step == migrations.end() || step->apply == nullptr) {
            return fail(ErrorCode::Unsupported,
                        "the project uses schema " + std::to_string(fromVersion) +
                            ", older than this build can read: it reads schema " +
                            std::to_string(toVersion) + " and has no migration from schema " +
                            std::to_string(version) + " to " + std::to_string(version + 1) +
                            ". Open it with the Tessera release that wrote it and save it again, "
                            "or update that file with an intermediate release.",
                        db.path());
        }
        if (auto applied = step->apply(db); !applied) {
            Error error = applied.error();
            error.message = "migrating the project from schema " + std::to_string(version) +
                            " to " + std::to_string(version + 1) + " (" + step->description +
                            ") failed: " + error.message;
            error.file = db.path();
            return fail(std::move(error));
        }
        auto update = db.prepare("UPDATE tessera_meta SET value = ? WHERE key = 'schema_version'");
        if (!update) {
            return fail(update.error());
        }
        const std::string next = std::to_string(version + 1);
        update->bind(1, std::string_view(next));
        if (auto done = update->execute(); !done) {
            return done;
        }
    }
    return {};
}

}  // namespace tessera::storage
