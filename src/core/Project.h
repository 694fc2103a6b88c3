// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "AreaGraph.h"
#include "CustomAttributes.h"
#include "Geometry.h"

namespace tessera {

/// Index of an area in Project::areas.
using AreaIndex = std::uint32_t;
/// Index of a territory in Project::territories; kNoTerritory for "unassigned".
using TerritoryIndex = std::int32_t;
/// Index of an account in Project::accounts.
using AccountIndex = std::uint32_t;
/// Index of a rep in Project::reps; kNoRep for a vacant territory.
using RepIndex = std::int32_t;

constexpr TerritoryIndex kNoTerritory = -1;
constexpr RepIndex kNoRep = -1;
constexpr std::int32_t kNoArea = -1;

/// A geography building block (ZIP/postcode area, county, any polygon).
struct Area {
    std::string code;  ///< the layer's identifier (e.g. 5-digit county FIPS)
    std::string name;
    MultiPolygon shape;
    Box bounds;
    Point labelPoint;                ///< inside the shape where possible
    std::vector<double> attributes;  ///< aligned with Project::areaAttributeNames; NaN = missing
    bool locked = false;

    bool operator==(const Area& other) const;
};

/// How an account got its location.
enum class LocationSource : std::uint8_t {
    Coordinates = 0,  ///< latitude/longitude given in the input
    PostalCode = 1,   ///< centroid of its postal code
    None = 2,         ///< not located; counts in no territory until fixed
};

/// A customer account, as imported from the CRM.
struct Account {
    std::string id;  ///< the CRM's account ID
    std::string name;
    Point location{0.0, 0.0};
    LocationSource locationSource = LocationSource::None;
    bool locked = false;
    /// No longer in the CRM's list (a re-import did not have it): kept, flagged, and counted
    /// in no area and no territory until a later import has it again.
    bool removed = false;
    std::string postalCode;
    std::string segment;
    std::string requiredSkill;
    std::string owner;  ///< current rep/owner from the CRM, as given
    double potential = 0.0;
    double workload = 0.0;  ///< hours per year
    double sales = 0.0;
    /// Columns of the input that map to no field, kept as they came (name, value).
    CustomAttributes custom;

    bool operator==(const Account& other) const = default;
};

struct Rep {
    std::string name;
    Point home{0.0, 0.0};
    bool hasHome = false;
    double capacity = 1.0;  ///< 1.0 = one full-time workload
    std::vector<std::string> skills;

    bool operator==(const Rep& other) const = default;
};

struct Territory {
    std::string name;
    std::uint32_t color = 0x808080;  ///< 0xRRGGBB
    RepIndex rep = kNoRep;
    bool locked = false;

    bool operator==(const Territory& other) const = default;
};

/// One complete alignment: which territory each area belongs to, plus accounts assigned to a
/// territory regardless of where they sit.
struct Alignment {
    std::vector<TerritoryIndex> areaTerritory;  ///< per area; kNoTerritory = unassigned
    std::unordered_map<AccountIndex, TerritoryIndex> accountOverrides;

    bool operator==(const Alignment& other) const = default;
};

/// An input row (or feature) an importer could not use, kept so nothing the user gave is lost:
/// it can be exported with its reason, fixed, and imported again.
struct ImportReject {
    std::string source;     ///< file name it came from
    std::int64_t row = -1;  ///< 1-based data row (header not counted), or feature index
    std::string column;     ///< the column at fault, empty when the whole row is
    std::string reason;     ///< what is wrong and what to do
    std::string rawLine;    ///< the row as it was in the file

    bool operator==(const ImportReject& other) const = default;
};

/// An area a drawn polygon moved into its territory, and the territory it had before.
struct CapturedArea {
    AreaIndex area = 0;
    TerritoryIndex before = kNoTerritory;

    bool operator==(const CapturedArea& other) const = default;
};

/// An account a drawn polygon made count in its territory, and the override it had before
/// (none: it counted in its area's territory). Named by its CRM ID, because account indices
/// change when accounts are imported again.
struct CapturedAccount {
    std::string accountId;
    bool hadOverride = false;
    TerritoryIndex overrideBefore = kNoTerritory;  ///< meaningful when hadOverride

    bool operator==(const CapturedAccount& other) const = default;
};

/// A polygon drawn onto a territory (Draw Polygon tool), kept so that its corners can be
/// edited later. It remembers what it moved, so that what leaves it goes back where it was.
struct DrawnPolygon {
    TerritoryIndex territory = kNoTerritory;
    /// Lon/lat corners as drawn, not closed (the first is not repeated at the end); at least 3.
    std::vector<Point> ring;
    std::vector<CapturedArea> capturedAreas;  ///< sorted by area
    std::vector<CapturedAccount> capturedAccounts;

    bool operator==(const DrawnPolygon& other) const;
};

/// The whole territory plan. Plain data; the app wraps it in a document with undo.
struct Project {
    std::string name;
    std::string areaLayerName;  ///< where the areas came from (file/layer)
    std::vector<std::string> areaAttributeNames;
    std::vector<Area> areas;
    std::vector<Account> accounts;
    std::vector<Rep> reps;
    std::vector<Territory> territories;
    Alignment alignment;
    /// Derived: the area containing each account (kNoArea when outside all areas or not
    /// located). Kept in step by assignAccountsToAreas().
    std::vector<std::int32_t> accountArea;
    /// Neighbours and shared boundary lengths of the areas.
    AreaGraph graph;
    /// Account rows the last import could not use.
    std::vector<ImportReject> accountRejects;
    /// The header row of the file those rejects came from, as it was (UTF-8), so that the
    /// rejects can be exported as a file that imports again.
    std::string accountRejectsHeader;
    /// Polygons drawn onto territories, in the order they were drawn.
    std::vector<DrawnPolygon> drawnPolygons;

    bool operator==(const Project& other) const;

    /// Territory an account counts in: its override, else its area's territory.
    [[nodiscard]] TerritoryIndex territoryOfAccount(AccountIndex account) const;
};

/// A distinct colour per index from a qualitative palette (cycles after its length).
[[nodiscard]] std::uint32_t paletteColor(std::size_t index);

}  // namespace tessera
