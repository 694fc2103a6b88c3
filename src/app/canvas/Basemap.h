// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "core/Geometry.h"
#include "core/Result.h"

namespace tessera::app {

/// The offline basemap shipped with the app: the US state outlines (us-atlas, data/sample),
/// compiled into the resources so that they are always there. Read through GDAL once.
[[nodiscard]] Result<std::vector<MultiPolygon>> loadBundledBasemap();

}  // namespace tessera::app
