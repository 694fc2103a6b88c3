// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <iomanip>
#include <sstream>
#include <string>

namespace tessera::cli {

using Clock = std::chrono::steady_clock;

/// Seconds from `start` until now.
inline double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

/// `value` with exactly `decimals` decimals ("12.50").
inline std::string fixed(double value, int decimals) {
    std::ostringstream out;
    out << std::fixed << std::setprecision(decimals) << value;
    return out.str();
}

/// A fraction as a percentage with two decimals ("4.93 %").
inline std::string percent(double fraction) {
    return fixed(fraction * 100.0, 2) + " %";
}

}  // namespace tessera::cli
