// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/Feedback.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::io {

/// `account_id,account_name,territory,rep` per account, keyed by the CRM's account ID, for the
/// CRM import; accounts in no territory get an empty territory (and rep), a vacant territory
/// an empty rep. UTF-8 without a byte order mark, CRLF line ends, fields quoted as RFC 4180
/// requires. Written atomically (temporary file next to it, then renamed).
[[nodiscard]] Result<void> exportAssignmentCsv(const Project& project, const std::string& path);

/// A GeoPackage with one layer `territories` (MULTIPOLYGON, EPSG:4326): one feature per
/// territory, in project order, its geometry the dissolved union of its areas (dissolveAreas;
/// null for a territory without areas), with the fields name, rep, areas, accounts, workload,
/// potential, sales, workload_deviation and potential_deviation (computeMetrics; deviations
/// are fractions, 0.1 = 10 % over target). Written to a temporary file next to `path` and
/// renamed over it when complete, so an existing file is replaced only by a finished one.
[[nodiscard]] Result<void> exportTerritoriesGpkg(const Project& project, const std::string& path,
                                                 Feedback* feedback = nullptr);

}  // namespace tessera::io
