// SPDX-License-Identifier: Apache-2.0
#include "Exporters.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <system_error>

#include "CsvReader.h"
#include "GdalSupport.h"
#include "OgrGeometryConversion.h"
#include "TextFile.h"
#include "core/Metrics.h"
#include "core/TerritoryOutline.h"

namespace tessera::io {

namespace {

namespace fs = std::filesystem;

std::string repName(const Project& project, const Territory& territory) {
    if (territory.rep >= 0 && static_cast<std::size_t>(territory.rep) < project.reps.size()) {
        return project.reps[static_cast<std::size_t>(territory.rep)].name;
    }
    return {};
}

/// Removes a file (and GeoPackage's -wal/-shm/-journal companions) when it goes out of scope,
/// unless released.
class TemporaryFileGuard {
public:
    explicit TemporaryFileGuard(std::string path) : path_(std::move(path)) {}
    ~TemporaryFileGuard() {
        if (path_.empty()) {
            return;
        }
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            fs::remove(path_ + suffix, ignored);
        }
    }
    TemporaryFileGuard(const TemporaryFileGuard&) = delete;
    TemporaryFileGuard& operator=(const TemporaryFileGuard&) = delete;
    void release() { path_.clear(); }

private:
    std::string path_;
};

bool createField(OGRLayer& layer, const char* name, OGRFieldType type) {
    OGRFieldDefn field(name, type);
    return layer.CreateField(&field) == OGRERR_NONE;
}

}  // namespace

Result<void> exportAssignmentCsv(const Project& project, const std::string& path) {
    std::string text;
    text.reserve(64 * (project.accounts.size() + 1));
    text += "account_id,account_name,territory,rep\r\n";
    for (AccountIndex i = 0; i < project.accounts.size(); ++i) {
        const Account& account = project.accounts[i];
        const TerritoryIndex t = project.territoryOfAccount(i);
        const Territory* territory =
            t >= 0 && static_cast<std::size_t>(t) < project.territories.size()
                ? &project.territories[static_cast<std::size_t>(t)]
                : nullptr;
        appendCsvField(text, account.id);
        text.push_back(',');
        appendCsvField(text, account.name);
        text.push_back(',');
        if (territory != nullptr) {
            appendCsvField(text, territory->name);
            text.push_back(',');
            appendCsvField(text, repName(project, *territory));
        } else {
            text.push_back(',');
        }
        text += "\r\n";
    }
    return writeFileAtomically(path, text);
}

Result<void> exportTerritoriesGpkg(const Project& project, const std::string& path,
                                   Feedback* feedback) {
    ensureGdalDriversRegistered();
    GdalErrorCollector errors;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) {
        return fail(ErrorCode::Unsupported,
                    "this GDAL has no GeoPackage driver; install GDAL with SQLite support", path);
    }
    // Write next to the target and rename at the end: the old file stays intact until the new
    // one is complete.
    const std::string temporary = temporarySiblingPath(path) + ".gpkg";
    TemporaryFileGuard guard(temporary);
    GdalDatasetPtr dataset(driver->Create(temporary.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!dataset) {
        return fail(gdalError(ErrorCode::FileUnwritable,
                              "cannot create a GeoPackage in this folder; choose a folder you "
                              "may write to",
                              path, errors));
    }
    OGRSpatialReference wgs84;
    wgs84.importFromEPSG(4326);
    wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* layer = dataset->CreateLayer("territories", &wgs84, wkbMultiPolygon, nullptr);
    if (layer == nullptr || !createField(*layer, "name", OFTString) ||
        !createField(*layer, "rep", OFTString) || !createField(*layer, "areas", OFTInteger) ||
        !createField(*layer, "accounts", OFTInteger) || !createField(*layer, "workload", OFTReal) ||
        !createField(*layer, "potential", OFTReal) || !createField(*layer, "sales", OFTReal) ||
        !createField(*layer, "workload_deviation", OFTReal) ||
        !createField(*layer, "potential_deviation", OFTReal)) {
        return fail(gdalError(ErrorCode::FileUnwritable,
                              "cannot create the territories layer in the GeoPackage", path,
                              errors));
    }

    const PlanMetrics metrics = computeMetrics(project);
    std::vector<std::vector<std::uint32_t>> members(project.territories.size());
    for (std::size_t a = 0; a < project.alignment.areaTerritory.size() && a < project.areas.size();
         ++a) {
        const TerritoryIndex t = project.alignment.areaTerritory[a];
        if (t >= 0 && static_cast<std::size_t>(t) < members.size()) {
            members[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(a));
        }
    }

    if (dataset->StartTransaction() != OGRERR_NONE) {
        return fail(
            gdalError(ErrorCode::FileUnwritable, "cannot write to the GeoPackage", path, errors));
    }
    const std::size_t count = project.territories.size();
    for (std::size_t t = 0; t < count; ++t) {
        if (feedback != nullptr) {
            if (feedback->isCanceled()) {
                return fail(ErrorCode::Canceled, "the export was canceled; no file was written",
                            path);
            }
            feedback->setProgress(static_cast<double>(t) / static_cast<double>(count));
        }
        const Territory& territory = project.territories[t];
        const TerritoryMetrics& m = metrics.territories[t];
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        feature->SetField("name", territory.name.c_str());
        feature->SetField("rep", repName(project, territory).c_str());
        feature->SetField("areas", static_cast<int>(m.areas));
        feature->SetField("accounts", static_cast<int>(m.accounts));
        feature->SetField("workload", m.workload);
        feature->SetField("potential", m.potential);
        feature->SetField("sales", m.sales);
        feature->SetField("workload_deviation", m.workloadDeviation);
        feature->SetField("potential_deviation", m.potentialDeviation);
        if (!members[t].empty()) {
            const MultiPolygon outline = dissolveAreas(project.areas, members[t]);
            if (!outline.empty()) {
                feature->SetGeometryDirectly(toOgrMultiPolygon(outline).release());
            }
        }
        if (layer->CreateFeature(feature.get()) != OGRERR_NONE) {
            return fail(gdalError(ErrorCode::FileUnwritable,
                                  "cannot write territory \"" + territory.name +
                                      "\" to the GeoPackage (is the disk full?)",
                                  path, errors));
        }
    }
    if (dataset->CommitTransaction() != OGRERR_NONE) {
        return fail(gdalError(ErrorCode::FileUnwritable,
                              "cannot finish writing the GeoPackage (is the disk full?)", path,
                              errors));
    }
    dataset.reset();  // closes and flushes the file
    if (!errors.failures().empty()) {
        return fail(
            gdalError(ErrorCode::FileUnwritable, "writing the GeoPackage failed", path, errors));
    }
    std::error_code ec;
    fs::rename(temporary, path, ec);
    if (ec) {
        return fail(ErrorCode::FileUnwritable,
                    "cannot replace the file: " + ec.message() +
                        "; close programs that have it open (QGIS?) and try again",
                    path);
    }
    guard.release();
    if (feedback != nullptr) {
        feedback->setProgress(1.0);
    }
    return {};
}

}  // namespace tessera::io
