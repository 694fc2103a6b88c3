// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <vector>

namespace tessera::engine {

/// The assignment of rows to columns (a square `size` × `size` cost matrix, row-major) with
/// the least total cost, solved exactly (Hungarian method with potentials, O(size³)).
/// Returns the column of each row. Costs must be finite.
[[nodiscard]] std::vector<std::size_t> solveAssignment(const std::vector<double>& cost,
                                                       std::size_t size);

}  // namespace tessera::engine
