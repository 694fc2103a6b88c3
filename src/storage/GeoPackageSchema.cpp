// SPDX-License-Identifier: Apache-2.0
#include "GeoPackageSchema.h"

#include <cstdint>

#include <sqlite3.h>

#include "GeoPackageGeometry.h"

namespace tessera::storage {

namespace {

// WGS 84 as the GeoPackage standard's own example row for EPSG:4326 spells it.
constexpr const char* kWgs84Definition =
    "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,"
    "AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,"
    "AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,"
    "AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],"
    "AUTHORITY[\"EPSG\",\"4326\"]]";

std::string literal(const std::string& text) {
    std::string quoted = "'";
    for (char c : text) {
        quoted += c;
        if (c == '\'') {
            quoted += '\'';
        }
    }
    quoted += '\'';
    return quoted;
}

std::span<const std::uint8_t> blobArgument(sqlite3_value* value) {
    if (sqlite3_value_type(value) != SQLITE_BLOB) {
        return {};
    }
    const void* data = sqlite3_value_blob(value);
    const int size = sqlite3_value_bytes(value);
    return {static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(size)};
}

void isEmptyFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    sqlite3_result_int(context, isEmptyGeometry(blobArgument(argv[0])) ? 1 : 0);
}

/// ST_MinX and friends; which bound is the function's user data (0 minx, 1 maxx, 2 miny, 3 maxy).
void boundFunction(sqlite3_context* context, int /*argc*/, sqlite3_value** argv) {
    const auto envelope = geometryEnvelope(blobArgument(argv[0]));
    if (!envelope) {
        sqlite3_result_null(context);
        return;
    }
    const auto which = reinterpret_cast<std::intptr_t>(sqlite3_user_data(context));
    const double values[] = {envelope->min_corner().x(), envelope->max_corner().x(),
                             envelope->min_corner().y(), envelope->max_corner().y()};
    sqlite3_result_double(context, values[which]);
}

}  // namespace

Result<void> registerGeoPackageFunctions(SqliteDatabase& db) {
    constexpr int kFlags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
    int rc = sqlite3_create_function(db.handle(), "ST_IsEmpty", 1, kFlags, nullptr,
                                     &isEmptyFunction, nullptr, nullptr);
    const char* names[] = {"ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"};
    for (std::intptr_t i = 0; i < 4 && rc == SQLITE_OK; ++i) {
        rc = sqlite3_create_function(db.handle(), names[i], 1, kFlags, reinterpret_cast<void*>(i),
                                     &boundFunction, nullptr, nullptr);
    }
    if (rc != SQLITE_OK) {
        return fail(db.lastError("cannot register the GeoPackage SQL functions"));
    }
    return {};
}

Result<void> createGeoPackageCore(SqliteDatabase& db) {
    const std::string sql =
        "PRAGMA application_id = " + std::to_string(kGeoPackageApplicationId) +
        ";"
        "PRAGMA user_version = " +
        std::to_string(kGeoPackageUserVersion) +
        ";"
        "CREATE TABLE gpkg_spatial_ref_sys ("
        " srs_name TEXT NOT NULL,"
        " srs_id INTEGER NOT NULL PRIMARY KEY,"
        " organization TEXT NOT NULL,"
        " organization_coordsys_id INTEGER NOT NULL,"
        " definition TEXT NOT NULL,"
        " description TEXT);"
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1,"
        " 'undefined', 'undefined cartesian coordinate reference system');"
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0,"
        " 'undefined', 'undefined geographic coordinate reference system');"
        "INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, " +
        literal(kWgs84Definition) +
        ", 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');"
        "CREATE TABLE gpkg_contents ("
        " table_name TEXT NOT NULL PRIMARY KEY,"
        " data_type TEXT NOT NULL,"
        " identifier TEXT UNIQUE,"
        " description TEXT DEFAULT '',"
        " last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),"
        " min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,"
        " srs_id INTEGER,"
        " CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));"
        "CREATE TABLE gpkg_geometry_columns ("
        " table_name TEXT NOT NULL,"
        " column_name TEXT NOT NULL,"
        " geometry_type_name TEXT NOT NULL,"
        " srs_id INTEGER NOT NULL,"
        " z TINYINT NOT NULL,"
        " m TINYINT NOT NULL,"
        " CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),"
        " CONSTRAINT uk_gc_table_name UNIQUE (table_name),"
        " CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),"
        " CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));"
        "CREATE TABLE gpkg_extensions ("
        " table_name TEXT,"
        " column_name TEXT,"
        " extension_name TEXT NOT NULL,"
        " definition TEXT NOT NULL,"
        " scope TEXT NOT NULL,"
        " CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));";
    return db.execute(sql);
}

Result<void> registerFeatureTable(SqliteDatabase& db, const std::string& table,
                                  const std::string& geometryColumn,
                                  const std::string& geometryType, const std::string& description) {
    const std::string srs = std::to_string(kWgs84SrsId);
    return db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) "
        "VALUES (" +
        literal(table) + ", 'features', " + literal(table) + ", " + literal(description) + ", " +
        srs +
        ");"
        "INSERT INTO gpkg_geometry_columns VALUES (" +
        literal(table) + ", " + literal(geometryColumn) + ", " + literal(geometryType) + ", " +
        srs + ", 0, 0);");
}

Result<void> registerAttributesTable(SqliteDatabase& db, const std::string& table,
                                     const std::string& description) {
    return db.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (" +
        literal(table) + ", 'attributes', " + literal(table) + ", " + literal(description) + ");");
}

Result<void> setLayerExtent(SqliteDatabase& db, const std::string& table,
                            const std::optional<Box>& extent) {
    if (!extent) {
        return {};
    }
    auto statement = db.prepare(
        "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? "
        "WHERE table_name = ?");
    if (!statement) {
        return fail(statement.error());
    }
    statement->bind(1, extent->min_corner().x());
    statement->bind(2, extent->min_corner().y());
    statement->bind(3, extent->max_corner().x());
    statement->bind(4, extent->max_corner().y());
    statement->bind(5, std::string_view(table));
    return statement->execute();
}

std::string spatialIndexTable(const std::string& table, const std::string& column) {
    return "rtree_" + table + "_" + column;
}

Result<void> createSpatialIndex(SqliteDatabase& db, const std::string& table,
                                const std::string& column) {
    return db.execute("CREATE VIRTUAL TABLE " + quoteIdentifier(spatialIndexTable(table, column)) +
                      " USING rtree(id, minx, maxx, miny, maxy);"
                      "INSERT INTO gpkg_extensions VALUES (" +
                      literal(table) + ", " + literal(column) +
                      ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree',"
                      " 'write-only');");
}

Result<void> createSpatialIndexTriggers(SqliteDatabase& db, const std::string& table,
                                        const std::string& column, const std::string& idColumn) {
    // The six triggers of the GeoPackage R-tree extension (F.3), as the standard writes them.
    const std::string rtreeName = spatialIndexTable(table, column);
    const std::string rtree = quoteIdentifier(rtreeName);
    const std::string t = quoteIdentifier(table);
    const std::string c = quoteIdentifier(column);
    const std::string i = quoteIdentifier(idColumn);
    auto trigger = [&](const std::string& suffix) { return quoteIdentifier(rtreeName + suffix); };
    const std::string insertBounds = "INSERT OR REPLACE INTO " + rtree + " VALUES (NEW." + i +
                                     ", ST_MinX(NEW." + c + "), ST_MaxX(NEW." + c +
                                     "), ST_MinY(NEW." + c + "), ST_MaxY(NEW." + c + "));";
    const std::string sql =
        "CREATE TRIGGER " + trigger("_insert") + " AFTER INSERT ON " + t + " WHEN (new." + c +
        " NOT NULL AND NOT ST_IsEmpty(NEW." + c + ")) BEGIN " + insertBounds + " END;" +
        "CREATE TRIGGER " + trigger("_update1") + " AFTER UPDATE OF " + c + " ON " + t +
        " WHEN OLD." + i + " = NEW." + i + " AND (NEW." + c + " NOTNULL AND NOT ST_IsEmpty(NEW." +
        c + ")) BEGIN " + insertBounds + " END;" + "CREATE TRIGGER " + trigger("_update2") +
        " AFTER UPDATE OF " + c + " ON " + t + " WHEN OLD." + i + " = NEW." + i + " AND (NEW." + c +
        " ISNULL OR ST_IsEmpty(NEW." + c + ")) BEGIN DELETE FROM " + rtree + " WHERE id = OLD." +
        i + "; END;" + "CREATE TRIGGER " + trigger("_update3") + " AFTER UPDATE ON " + t +
        " WHEN OLD." + i + " != NEW." + i + " AND (NEW." + c + " NOTNULL AND NOT ST_IsEmpty(NEW." +
        c + ")) BEGIN DELETE FROM " + rtree + " WHERE id = OLD." + i + "; " + insertBounds +
        " END;" + "CREATE TRIGGER " + trigger("_update4") + " AFTER UPDATE ON " + t + " WHEN OLD." +
        i + " != NEW." + i + " AND (NEW." + c + " ISNULL OR ST_IsEmpty(NEW." + c +
        ")) BEGIN DELETE FROM " + rtree + " WHERE id IN (OLD." + i + ", NEW." + i + "); END;" +
        "CREATE TRIGGER " + trigger("_delete") + " AFTER DELETE ON " + t + " WHEN old." + c +
        " NOT NULL BEGIN DELETE FROM " + rtree + " WHERE id = OLD." + i + "; END;";
    return db.execute(sql);
}

}  // namespace tessera::storage
