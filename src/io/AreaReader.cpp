// SPDX-License-Identifier: Apache-2.0
#include "AreaReader.h"

#include <gdal_priv.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "AccountColumnMapping.h"
#include "GdalSupport.h"
#include "OgrGeometryConversion.h"
#include "ShapeRepair.h"

namespace tessera::io {

namespace {

// ZIP/postcode fields before the Census GEOIDs: in ZCTA files GEOID10 is state + ZCTA, while
// accounts carry the plain ZIP code.
constexpr std::array<std::string_view, 14> kIdFieldNames = {
    "id",       "code",       "zcta5ce20", "zcta5ce10", "zcta",    "zip",   "zipcode",
    "postcode", "postalcode", "plz",       "geoid20",   "geoid10", "geoid", "fips"};
constexpr std::array<std::string_view, 5> kNameFieldNames = {"name", "namelsad", "nameen", "label",
                                                             "title"};

bool isPolygonal(OGRwkbGeometryType type) {
    switch (wkbFlatten(type)) {
        case wkbPolygon:
        case wkbMultiPolygon:
        case wkbCurvePolygon:
        case wkbMultiSurface:
        case wkbPolyhedralSurface:
        case wkbTIN:
        case wkbTriangle:
            return true;
        default:
            return false;
    }
}

bool mayHoldPolygons(OGRwkbGeometryType type) {
    const auto flat = wkbFlatten(type);
    return flat == wkbUnknown || flat == wkbGeometryCollection;
}

bool firstGeometriesArePolygons(OGRLayer& layer) {
    constexpr int kFeaturesLooked = 10;
    layer.ResetReading();
    bool polygons = false;
    for (int i = 0; i < kFeaturesLooked; ++i) {
        OGRFeatureUniquePtr feature(layer.GetNextFeature());
        if (!feature) {
            break;
        }
        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry != nullptr && !geometry->IsEmpty()) {
            polygons = isPolygonal(geometry->getGeometryType());
            break;
        }
    }
    layer.ResetReading();
    return polygons;
}

std::string joinNames(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) {
        text += (text.empty() ? "\"" : ", \"") + name + "\"";
    }
    return text.empty() ? "(none)" : text;
}

bool fileMissing(const std::string& path) {
    if (path.starts_with("/vsi")) {
        return false;  // GDAL virtual file systems (zip, http, …) decide for themselves
    }
    std::error_code ec;
    return !std::filesystem::exists(path, ec);
}

Result<GdalDatasetPtr> openForReading(const std::string& path, GdalErrorCollector& errors) {
    if (fileMissing(path)) {
        return fail(ErrorCode::FileNotFound,
                    "the file does not exist; check the path and the file name", path);
    }
    GdalDatasetPtr dataset = openVectorDataset(path);
    if (!dataset) {
        return fail(gdalError(ErrorCode::FileUnreadable,
                              "GDAL cannot read this file as a vector layer; use a GeoPackage, "
                              "a Shapefile (with its .shx and .dbf), GeoJSON or TopoJSON",
                              path, errors));
    }
    return dataset;
}

std::vector<std::string> layerNames(GDALDataset& dataset) {
    std::vector<std::string> names;
    for (int i = 0; i < dataset.GetLayerCount(); ++i) {
        names.emplace_back(dataset.GetLayer(i)->GetName());
    }
    return names;
}

Result<OGRLayer*> chooseLayer(GDALDataset& dataset, const std::string& requested,
                              const std::string& path) {
    if (!requested.empty()) {
        OGRLayer* layer = dataset.GetLayerByName(requested.c_str());
        if (layer == nullptr) {
            return fail(ErrorCode::NotFound,
                        "there is no layer \"" + requested + "\" in this file; its layers are " +
                            joinNames(layerNames(dataset)),
                        path);
        }
        return layer;
    }
    // In file order: a layer declared polygonal, or one of mixed type whose first features
    // with a geometry are polygons (TopoJSON declares none: us-atlas' "counties" comes before
    // the typed "states").
    for (int i = 0; i < dataset.GetLayerCount(); ++i) {
        OGRLayer* layer = dataset.GetLayer(i);
        if (isPolygonal(layer->GetGeomType())) {
            return layer;
        }
        if (mayHoldPolygons(layer->GetGeomType()) && firstGeometriesArePolygons(*layer)) {
            return layer;
        }
    }
    // Else the first mixed layer: its polygons are read, the rest is skipped with warnings.
    for (int i = 0; i < dataset.GetLayerCount(); ++i) {
        if (mayHoldPolygons(dataset.GetLayer(i)->GetGeomType())) {
            return dataset.GetLayer(i);
        }
    }
    return fail(ErrorCode::BadData,
                "this file has no polygon layer (its layers are " + joinNames(layerNames(dataset)) +
                    "); areas must be polygons such as ZIP code areas or counties",
                path);
}

/// Index of the field named `requested` (exactly, else ignoring case and punctuation), or a
/// NotFound error listing the fields.
Result<int> findNamedField(const OGRFeatureDefn& definition, const std::string& requested,
                           const std::string& what, const std::string& path) {
    const int exact = definition.GetFieldIndex(requested.c_str());
    if (exact >= 0) {
        return exact;
    }
    const std::string wanted = normalizeColumnName(requested);
    std::vector<std::string> names;
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
        names.emplace_back(definition.GetFieldDefn(i)->GetNameRef());
        if (normalizeColumnName(names.back()) == wanted) {
            return i;
        }
    }
    return fail(ErrorCode::NotFound,
                "the layer has no field \"" + requested + "\" for the " + what +
                    "; its fields are " + joinNames(names),
                path);
}

template <std::size_t N>
std::optional<int> guessField(const OGRFeatureDefn& definition,
                              const std::array<std::string_view, N>& candidates,
                              std::string_view prefix = {}) {
    std::vector<std::string> normalized;
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
        normalized.push_back(normalizeColumnName(definition.GetFieldDefn(i)->GetNameRef()));
    }
    for (const std::string_view candidate : candidates) {
        for (std::size_t i = 0; i < normalized.size(); ++i) {
            if (normalized[i] == candidate) {
                return static_cast<int>(i);
            }
        }
    }
    if (!prefix.empty()) {
        for (std::size_t i = 0; i < normalized.size(); ++i) {
            if (normalized[i].starts_with(prefix)) {
                return static_cast<int>(i);
            }
        }
    }
    return std::nullopt;
}

Error featureWarning(const std::string& path, std::int64_t feature, std::string message) {
    Error warning;
    warning.code = ErrorCode::BadData;
    warning.file = path;
    warning.feature = feature;
    warning.message = std::move(message);
    return warning;
}

/// Reprojects every coordinate in place; false when any point failed.
bool transformShape(OGRCoordinateTransformation& transformation, MultiPolygon& shape,
                    std::vector<double>& xs, std::vector<double>& ys) {
    xs.clear();
    ys.clear();
    auto gather = [&](const Ring& ring) {
        for (const Point& p : ring) {
            xs.push_back(p.x());
            ys.push_back(p.y());
        }
    };
    for (const Polygon& polygon : shape) {
        gather(polygon.outer());
        for (const Ring& hole : polygon.inners()) {
            gather(hole);
        }
    }
    if (xs.empty()) {
        return true;
    }
    if (xs.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        return false;
    }
    if (!transformation.Transform(static_cast<int>(xs.size()), xs.data(), ys.data())) {
        return false;
    }
    std::size_t next = 0;
    auto scatter = [&](Ring& ring) {
        for (Point& p : ring) {
            p = Point{xs[next], ys[next]};
            ++next;
        }
    };
    for (Polygon& polygon : shape) {
        scatter(polygon.outer());
        for (Ring& hole : polygon.inners()) {
            scatter(hole);
        }
    }
    for (std::size_t i = 0; i < xs.size(); ++i) {
        if (!std::isfinite(xs[i]) || !std::isfinite(ys[i])) {
            return false;
        }
    }
    return true;
}

/// Makes codes unique by suffixing "#2", "#3", …; warns for each renamed feature.
void makeCodesUnique(std::vector<Area>& areas, const std::vector<std::int64_t>& featureIndex,
                     const std::string& path, std::vector<Error>& warnings) {
    std::unordered_map<std::string, std::size_t> firstUse;
    firstUse.reserve(areas.size() * 2);
    for (std::size_t i = 0; i < areas.size(); ++i) {
        firstUse.try_emplace(areas[i].code, i);
    }
    std::unordered_map<std::string, int> seen;
    for (std::size_t i = 0; i < areas.size(); ++i) {
        const std::size_t first = firstUse.at(areas[i].code);
        if (first == i) {
            continue;
        }
        const std::string original = areas[i].code;
        int& count = seen[original];
        count = std::max(count, 1);
        std::string unique;
        do {
            ++count;
            unique = original + "#" + std::to_string(count);
        } while (firstUse.contains(unique));
        firstUse.emplace(unique, i);
        areas[i].code = unique;
        warnings.push_back(featureWarning(
            path, featureIndex[i],
            "the code \"" + original + "\" is also used by feature " +
                std::to_string(featureIndex[first]) + "; this feature is kept as \"" + unique +
                "\" — if the codes should be unique, fix the layer or choose another id field"));
    }
}

}  // namespace

Result<std::vector<std::string>> listLayers(const std::string& path) {
    GdalErrorCollector errors;
    auto dataset = openForReading(path, errors);
    if (!dataset) {
        return fail(dataset.error());
    }
    return layerNames(**dataset);
}

Result<AreaImportResult> readAreas(const std::string& path, const AreaImportOptions& options,
                                   Feedback* feedback) {
    GdalErrorCollector errors;
    auto opened = openForReading(path, errors);
    if (!opened) {
        return fail(opened.error());
    }
    GDALDataset& dataset = **opened;
    auto chosen = chooseLayer(dataset, options.layer, path);
    if (!chosen) {
        return fail(chosen.error());
    }
    OGRLayer& layer = **chosen;
    AreaImportResult result;
    result.layerName = layer.GetName();
    const OGRFeatureDefn& definition = *layer.GetLayerDefn();

    // Fields: code, name, numeric attributes.
    std::optional<int> idField;
    if (!options.idField.empty()) {
        auto found = findNamedField(definition, options.idField, "area code", path);
        if (!found) {
            return fail(found.error());
        }
        idField = *found;
    } else {
        idField = guessField(definition, kIdFieldNames);
    }
    std::optional<int> nameField;
    if (!options.nameField.empty()) {
        auto found = findNamedField(definition, options.nameField, "area name", path);
        if (!found) {
            return fail(found.error());
        }
        nameField = *found;
    } else {
        nameField = guessField(definition, kNameFieldNames, "name");
    }
    if (idField) {
        result.idField = definition.GetFieldDefn(*idField)->GetNameRef();
    }
    if (nameField) {
        result.nameField = definition.GetFieldDefn(*nameField)->GetNameRef();
    }
    std::vector<int> numericFields;
    for (int i = 0; i < definition.GetFieldCount(); ++i) {
        const OGRFieldType type = definition.GetFieldDefn(i)->GetType();
        if (type == OFTInteger || type == OFTInteger64 || type == OFTReal) {
            numericFields.push_back(i);
            result.attributeNames.emplace_back(definition.GetFieldDefn(i)->GetNameRef());
        }
    }

    // Coordinate system.
    std::unique_ptr<OGRCoordinateTransformation> transformation;
    const OGRSpatialReference* layerCrs = layer.GetSpatialRef();
    const bool hasCrs = layerCrs != nullptr && !layerCrs->IsEmpty() && !layerCrs->IsLocal();
    if (hasCrs) {
        result.sourceCrs = layerCrs->GetName() != nullptr ? layerCrs->GetName() : "";
        OGRSpatialReference source(*layerCrs);
        source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        OGRSpatialReference wgs84;
        wgs84.importFromEPSG(4326);
        wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        const char* const sameOptions[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=NO", nullptr};
        if (!source.IsSame(&wgs84, sameOptions)) {
            transformation.reset(OGRCreateCoordinateTransformation(&source, &wgs84));
            if (!transformation) {
                return fail(gdalError(ErrorCode::Unsupported,
                                      "cannot convert the layer's coordinate system (" +
                                          result.sourceCrs +
                                          ") to WGS 84; reproject the file to EPSG:4326 with "
                                          "a GIS and import it again",
                                      path, errors));
            }
        }
    }

    // Features.
    if (!options.where.empty() && layer.SetAttributeFilter(options.where.c_str()) != OGRERR_NONE) {
        return fail(ErrorCode::InvalidArgument,
                    "the attribute filter \"" + options.where +
                        "\" is not valid OGR SQL for this layer (fields: check with ogrinfo -so)",
                    path);
    }
    const GIntBig expectedCount = layer.GetFeatureCount(FALSE);
    std::vector<std::int64_t> featureIndexOfArea;
    if (expectedCount > 0) {
        result.areas.reserve(static_cast<std::size_t>(expectedCount));
        featureIndexOfArea.reserve(static_cast<std::size_t>(expectedCount));
    }
    Box extent{{std::numeric_limits<double>::max(), std::numeric_limits<double>::max()},
               {std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()}};
    std::vector<double> xs;
    std::vector<double> ys;
    std::size_t skipped = 0;
    std::int64_t index = -1;
    layer.ResetReading();
    while (OGRFeatureUniquePtr feature{layer.GetNextFeature()}) {
        ++index;
        if (feedback != nullptr) {
            if (feedback->isCanceled()) {
                return fail(ErrorCode::Canceled, "the area import was canceled", path);
            }
            if (expectedCount > 0 && index % 64 == 0) {
                feedback->setProgress(0.95 * static_cast<double>(index) /
                                      static_cast<double>(expectedCount));
            }
        }
        Area area;
        const GIntBig fid = feature->GetFID();
        if (idField && feature->IsFieldSetAndNotNull(*idField)) {
            area.code = feature->GetFieldAsString(*idField);
        }
        if (area.code.empty()) {
            area.code = std::to_string(fid == OGRNullFID ? index : fid);
            if (idField) {
                result.warnings.push_back(
                    featureWarning(path, index,
                                   "the feature has no value in the id field \"" + result.idField +
                                       "\"; its feature ID " + area.code + " is used as its code"));
            }
        }
        if (nameField && feature->IsFieldSetAndNotNull(*nameField)) {
            area.name = feature->GetFieldAsString(*nameField);
        }
        if (area.name.empty()) {
            area.name = area.code;
        }
        const std::string label = "area \"" + area.code + "\"";

        const OGRGeometry* geometry = feature->GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty()) {
            ++skipped;
            result.warnings.push_back(featureWarning(
                path, index, label + " has no geometry and was skipped; draw or fix it in a GIS"));
            continue;
        }
        PolygonExtraction extraction = extractPolygons(*geometry);
        if (extraction.shape.empty()) {
            ++skipped;
            result.warnings.push_back(featureWarning(
                path, index,
                label + " is a " + OGRGeometryTypeToName(geometry->getGeometryType()) +
                    (extraction.degenerateRings > 0 ? " without a usable ring" : "") +
                    ", not a polygon, and was skipped; areas must be polygons"));
            continue;
        }
        if (extraction.hadNonPolygonalParts) {
            result.warnings.push_back(
                featureWarning(path, index,
                               label + " mixes polygons with points or lines; only the polygons "
                                       "were kept"));
        }
        if (extraction.degenerateRings > 0) {
            result.warnings.push_back(
                featureWarning(path, index,
                               label + ": " + std::to_string(extraction.degenerateRings) +
                                   " ring(s) with fewer than 3 distinct points were left out"));
        }
        area.shape = std::move(extraction.shape);
        if (transformation && !transformShape(*transformation, area.shape, xs, ys)) {
            ++skipped;
            result.warnings.push_back(featureWarning(
                path, index,
                label + " has coordinates that cannot be converted to longitude/latitude "
                        "(outside the area its coordinate system is defined for) and was "
                        "skipped; check the .prj"));
            continue;
        }
        const ShapeRepairOutcome repair = correctAndRepair(area.shape);
        if (repair.isValid && !repair.wasValid) {
            result.warnings.push_back(featureWarning(path, index,
                                                     label + " was invalid (" + repair.problem +
                                                         ") and was repaired (" + repair.method +
                                                         ")"));
        } else if (!repair.isValid) {
            result.warnings.push_back(featureWarning(
                path, index,
                label + " is invalid (" + repair.problem +
                    ") and could not be repaired; it is kept, but its neighbours and the "
                    "accounts inside it may be wrong — fix it in a GIS"));
        }
        bg::envelope(area.shape, area.bounds);
        bg::expand(extent, area.bounds);
        area.labelPoint = interiorPoint(area.shape);
        area.attributes.reserve(numericFields.size());
        for (const int field : numericFields) {
            area.attributes.push_back(feature->IsFieldSetAndNotNull(field)
                                          ? feature->GetFieldAsDouble(field)
                                          : std::numeric_limits<double>::quiet_NaN());
        }
        result.areas.push_back(std::move(area));
        featureIndexOfArea.push_back(index);
    }
    result.featuresRead = static_cast<std::size_t>(index + 1);

    if (result.areas.empty()) {
        return fail(ErrorCode::BadData,
                    "layer \"" + result.layerName + "\" has no usable polygon features (" +
                        std::to_string(result.featuresRead) + " features, " +
                        std::to_string(skipped) +
                        " skipped); choose a polygon layer such as ZIP code areas or counties" +
                        (errors.summary().empty() ? "" : " (GDAL: " + errors.summary() + ")"),
                    path);
    }
    if (!hasCrs) {
        const bool fitsLonLat = extent.min_corner().x() >= -180.0 &&
                                extent.max_corner().x() <= 180.0 &&
                                extent.min_corner().y() >= -90.0 && extent.max_corner().y() <= 90.0;
        if (!fitsLonLat) {
            const auto fmt = [](double v) { return std::to_string(std::llround(v)); };
            return fail(ErrorCode::BadData,
                        "the file has no coordinate system, and its coordinates (x " +
                            fmt(extent.min_corner().x()) + " to " + fmt(extent.max_corner().x()) +
                            ", y " + fmt(extent.min_corner().y()) + " to " +
                            fmt(extent.max_corner().y()) +
                            ") are not longitude/latitude; add the .prj file that came with the "
                            "data (same name as the .shp), or reproject the file to WGS 84 "
                            "(EPSG:4326) in a GIS",
                        path);
        }
        result.warnings.push_back(featureWarning(
            path, -1,
            "the file has no coordinate system; its coordinates fit longitude/latitude, so "
            "WGS 84 was assumed"));
    }
    makeCodesUnique(result.areas, featureIndexOfArea, path, result.warnings);
    // GDAL's own complaints while reading (a corrupt record, an unsupported value) do not
    // stop the import: the features they concern were skipped or repaired above.
    for (const std::string& message : errors.failures()) {
        result.warnings.push_back(featureWarning(path, -1, "GDAL error: " + message));
    }
    for (const std::string& message : errors.warnings()) {
        result.warnings.push_back(featureWarning(path, -1, "GDAL: " + message));
    }
    if (feedback != nullptr) {
        feedback->setProgress(1.0);
    }
    return result;
}

}  // namespace tessera::io
