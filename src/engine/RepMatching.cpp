// SPDX-License-Identifier: Apache-2.0
#include "RepMatching.h"

#include <limits>

namespace tessera::engine {

std::vector<std::size_t> solveAssignment(const std::vector<double>& cost, std::size_t size) {
    // Shortest augmenting paths with row and column potentials (1-based, column 0 is the
    // virtual start); see e.g. Burkard, Dell'Amico, Martello, "Assignment Problems", §4.4.
    const double infinity = std::numeric_limits<double>::infinity();
    std::vector<double> u(size + 1, 0.0);
    std::vector<double> v(size + 1, 0.0);
    std::vector<std::size_t> rowOfColumn(size + 1, 0);
    std::vector<std::size_t> way(size + 1, 0);
    for (std::size_t row = 1; row <= size; ++row) {
        rowOfColumn[0] = row;
        std::size_t column = 0;
        std::vector<double> slack(size + 1, infinity);
        std::vector<char> used(size + 1, 0);
        do {
            used[column] = 1;
            const std::size_t i = rowOfColumn[column];
            double delta = infinity;
            std::size_t next = 0;
            for (std::size_t j = 1; j <= size; ++j) {
                if (used[j]) {
                    continue;
                }
                const double reduced = cost[(i - 1) * size + (j - 1)] - u[i] - v[j];
                if (reduced < slack[j]) {
                    slack[j] = reduced;
                    way[j] = column;
                }
                if (slack[j] < delta) {
                    delta = slack[j];
                    next = j;
                }
            }
            for (std::size_t j = 0; j <= size; ++j) {
                if (used[j]) {
                    u[rowOfColumn[j]] += delta;
                    v[j] -= delta;
                } else {
                    slack[j] -= delta;
                }
            }
            column = next;
        } while (rowOfColumn[column] != 0);
        do {
            const std::size_t previous = way[column];
            rowOfColumn[column] = rowOfColumn[previous];
            column = previous;
        } while (column != 0);
    }
    std::vector<std::size_t> columnOfRow(size, 0);
    for (std::size_t j = 1; j <= size; ++j) {
        if (rowOfColumn[j] != 0) {
            columnOfRow[rowOfColumn[j] - 1] = j - 1;
        }
    }
    return columnOfRow;
}

}  // namespace tessera::engine
