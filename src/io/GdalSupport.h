// SPDX-License-Identifier: Apache-2.0
#pragma once

// RAII around GDAL: datasets that close themselves, and a scope that collects GDAL's error
// messages so they end up in our Error values instead of on stderr.

#include <memory>
#include <string>
#include <vector>

#include "core/Result.h"

class GDALDataset;

namespace tessera::io {

/// Registers GDAL's drivers once per process (thread safe).
void ensureGdalDriversRegistered();

struct GdalDatasetCloser {
    void operator()(GDALDataset* dataset) const;
};
/// A GDAL dataset closed (and, for writers, flushed) when it goes out of scope.
using GdalDatasetPtr = std::unique_ptr<GDALDataset, GdalDatasetCloser>;

/// Opens a vector dataset read-only (or for update); null when GDAL cannot open it — the
/// messages are then in the active GdalErrorCollector.
[[nodiscard]] GdalDatasetPtr openVectorDataset(const std::string& path, bool update = false);

/// While alive, GDAL's errors and warnings on this thread are collected here instead of being
/// printed. Scopes nest: the innermost one collects.
class GdalErrorCollector {
public:
    GdalErrorCollector();
    ~GdalErrorCollector();
    GdalErrorCollector(const GdalErrorCollector&) = delete;
    GdalErrorCollector& operator=(const GdalErrorCollector&) = delete;

    [[nodiscard]] const std::vector<std::string>& failures() const { return failures_; }
    [[nodiscard]] const std::vector<std::string>& warnings() const { return warnings_; }
    /// Failures (else warnings) joined into one sentence, "" when there are none.
    [[nodiscard]] std::string summary() const;
    void clear();

private:
    friend struct GdalErrorHandlerTrampoline;

    std::vector<std::string> failures_;
    std::vector<std::string> warnings_;
};

/// An Error whose message ends with what GDAL said (when it said anything).
[[nodiscard]] Error gdalError(ErrorCode code, std::string message, const std::string& file,
                              const GdalErrorCollector& collector);

}  // namespace tessera::io
