// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>

#include "core/Feedback.h"
#include "core/Project.h"
#include "core/Result.h"

namespace tessera::io {

/// `account_id,account_name,territory,rep` per account, keyed by the CRM's account ID, for the
/// CRM import; accounts in no territory get an empty territory. Written atomically.
[[nodiscard]] Result<void> exportAssignmentCsv(const Project& project, const std::string& path);

/// A GeoPackage with one layer `territories`: each territory's areas dissolved into one
/// multipolygon, with name, rep, areas, accounts, workload, potential, deviation.
[[nodiscard]] Result<void> exportTerritoriesGpkg(const Project& project, const std::string& path,
                                                 Feedback* feedback = nullptr);

}  // namespace tessera::io
