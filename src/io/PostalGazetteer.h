// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/Geometry.h"
#include "core/Result.h"

namespace tessera::io {

/// Offline postal-code centroids, to locate accounts that have a postal code but no
/// coordinates. Read from CSV tables in Tessera's gazetteer format, one row per code:
///
///     country,postal_code,longitude,latitude,place,admin1
///     US,02139,-71.10416,42.36422,Cambridge,MA
///
/// `country` is the ISO 3166-1 alpha-2 code; `place` and `admin1` are optional and unused
/// here. A directory is read as all its `*.csv` files, so a country is added by dropping in a
/// file (`data/geocoding/` ships the US).
class PostalGazetteer {
public:
    /// A file or a directory of `*.csv` files. Errors name the file, row and column.
    [[nodiscard]] static Result<PostalGazetteer> load(const std::string& fileOrDirectory);

    /// Where the bundled tables are: $TESSERA_GEOCODING_DIR if set, else `data/geocoding`
    /// of the source tree or `share/tessera/geocoding` next to the installed binary.
    [[nodiscard]] static std::string defaultLocation();

    /// Adds the rows of one table (later rows win for a code given twice).
    [[nodiscard]] Result<void> addTable(std::string_view csvText, const std::string& sourceName);

    struct Match {
        Point location;
        bool zeroPadded = false;  ///< the code had lost leading zeros ("2139" → "02139")
    };

    /// The centroid of a postal code in a country (ISO alpha-2, see countryCode()). Spaces,
    /// case and a ZIP+4 suffix do not matter; in countries whose codes are all digits of one
    /// length, a code that lost its leading zeros in a spreadsheet ("2139") is recovered.
    [[nodiscard]] std::optional<Match> find(std::string_view country,
                                            std::string_view postalCode) const;

    /// The countries with a table (ISO alpha-2), sorted.
    [[nodiscard]] std::vector<std::string> countries() const;
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }

private:
    struct CountryTable {
        std::unordered_map<std::string, Point> codes;
        std::size_t digitsLength = 0;  ///< when every code is this many digits; else 0
        bool allDigits = true;
    };
    std::map<std::string, CountryTable, std::less<>> tables_;
    std::size_t size_ = 0;
};

/// The ISO 3166-1 alpha-2 code of a country as people write it in a CRM: the code itself
/// ("us", "DE"), the alpha-3 code ("USA") or the English or local name ("United States",
/// "Deutschland"); nothing when unknown. Puerto Rico and the other US territories with ZIP
/// codes are "US" (their ZIP codes are in the US table).
[[nodiscard]] std::optional<std::string> countryCode(std::string_view country);

}  // namespace tessera::io
