// SPDX-License-Identifier: Apache-2.0
#include "Result.h"

namespace tessera {

std::string Error::toString() const {
    std::string where = file;
    auto append = [&where](const std::string& part) {
        if (!where.empty()) {
            where += ", ";
        }
        where += part;
    };
    if (row >= 0) {
        append("row " + std::to_string(row));
    }
    if (feature >= 0) {
        append("feature " + std::to_string(feature));
    }
    if (!column.empty()) {
        append("column " + column);
    }
    return where.empty() ? message : where + ": " + message;
}

}  // namespace tessera
