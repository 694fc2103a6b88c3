// SPDX-License-Identifier: Apache-2.0
#include "GdalSupport.h"

#include <cpl_error.h>
#include <gdal_priv.h>

#include <mutex>

namespace tessera::io {

namespace {
constexpr std::size_t kMaxMessagesKept = 100;
}

void ensureGdalDriversRegistered() {
    static std::once_flag once;
    std::call_once(once, [] { GDALAllRegister(); });
}

void GdalDatasetCloser::operator()(GDALDataset* dataset) const {
    if (dataset != nullptr) {
        GDALClose(GDALDataset::ToHandle(dataset));
    }
}

GdalDatasetPtr openVectorDataset(const std::string& path, bool update) {
    ensureGdalDriversRegistered();
    const unsigned flags =
        GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY);
    return GdalDatasetPtr(
        GDALDataset::FromHandle(GDALOpenEx(path.c_str(), flags, nullptr, nullptr, nullptr)));
}

struct GdalErrorHandlerTrampoline {
    static void CPL_STDCALL handle(CPLErr errorClass, CPLErrorNum errorNumber,
                                   const char* message) {
        auto* collector = static_cast<GdalErrorCollector*>(CPLGetErrorHandlerUserData());
        if (collector == nullptr || message == nullptr) {
            return;
        }
        (void)errorNumber;
        if (errorClass == CE_Failure || errorClass == CE_Fatal) {
            if (collector->failures_.size() < kMaxMessagesKept) {
                collector->failures_.emplace_back(message);
            }
        } else if (errorClass == CE_Warning) {
            if (collector->warnings_.size() < kMaxMessagesKept) {
                collector->warnings_.emplace_back(message);
            }
        }
    }
};

GdalErrorCollector::GdalErrorCollector() {
    CPLPushErrorHandlerEx(&GdalErrorHandlerTrampoline::handle, this);
}

GdalErrorCollector::~GdalErrorCollector() {
    CPLPopErrorHandler();
}

std::string GdalErrorCollector::summary() const {
    const auto& messages = failures_.empty() ? warnings_ : failures_;
    std::string text;
    for (const std::string& message : messages) {
        if (text.find(message) != std::string::npos) {
            continue;  // GDAL often repeats itself
        }
        if (!text.empty()) {
            text += " / ";
        }
        text += message;
    }
    return text;
}

void GdalErrorCollector::clear() {
    failures_.clear();
    warnings_.clear();
}

Error gdalError(ErrorCode code, std::string message, const std::string& file,
                const GdalErrorCollector& collector) {
    Error error;
    error.code = code;
    error.file = file;
    error.message = std::move(message);
    if (const std::string said = collector.summary(); !said.empty()) {
        error.message += " (GDAL: " + said + ")";
    }
    return error;
}

}  // namespace tessera::io
