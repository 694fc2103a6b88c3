// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <string>
#include <vector>

namespace tessera::cli {

/// `tessera-cli render PROJECT --out F.png [--size WxH] [--repeat N]`: the map as the canvas
/// draws it (same renderer), written as a PNG; with --repeat, prints the median redraw time.
int runRender(const std::vector<std::string>& args);

}  // namespace tessera::cli
