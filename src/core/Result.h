// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>

#include <tl/expected.hpp>

namespace tessera {

enum class ErrorCode {
    InvalidArgument,  ///< the caller asked for something that makes no sense
    FileNotFound,
    FileUnreadable,  ///< exists but cannot be opened or parsed at all
    FileUnwritable,
    BadData,   ///< a value in the input is wrong (row/column/feature say where)
    NotFound,  ///< a named layer, field or item does not exist
    Unsupported,
    Canceled,
    Internal,
};

/// An error that crosses a library boundary: what went wrong, where, and (in the message)
/// what the user can do about it.
struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string file;           ///< empty when not about a file
    std::int64_t row = -1;      ///< 1-based data row (CSV), -1 when not applicable
    std::string column;         ///< column or field name, empty when not applicable
    std::int64_t feature = -1;  ///< 0-based feature index (GIS layers), -1 when not applicable

    /// "file, row 12, column Latitude: message"
    [[nodiscard]] std::string toString() const;
};

template <class T>
using Result = tl::expected<T, Error>;

/// An Error value, for passing on rather than returning.
inline Error makeError(ErrorCode code, std::string message, std::string file = {}) {
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.file = std::move(file);
    return e;
}

/// Convenience for returning an error: `return fail(ErrorCode::BadData, "...")`.
inline tl::unexpected<Error> fail(ErrorCode code, std::string message, std::string file = {}) {
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.file = std::move(file);
    return tl::unexpected<Error>(std::move(e));
}

inline tl::unexpected<Error> fail(Error e) {
    return tl::unexpected<Error>(std::move(e));
}

}  // namespace tessera
