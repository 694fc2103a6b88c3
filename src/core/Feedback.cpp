// SPDX-License-Identifier: Apache-2.0
#include "Feedback.h"

#include <algorithm>

namespace tessera {

void Feedback::setProgress(double fraction) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    progress_.store(fraction, std::memory_order_relaxed);
    if (callback_) {
        callback_(fraction);
    }
}

}  // namespace tessera
