// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <vector>

#include "core/Project.h"

namespace tessera::app {

/// What changed in the document, so views update only what they must.
struct ChangeEvent {
    enum class Kind {
        /// A different project (new, opened): everything, geometry included.
        ProjectReplaced,
        /// Some areas moved to another territory; `areas` lists them.
        AreasReassigned,
        /// Territories and the whole alignment replaced (balancing); geometry unchanged.
        AlignmentReplaced,
        /// Some areas were locked or unlocked; `areas` lists them.
        AreasLocked,
        /// The accounts were replaced (an import or its undo): their locations, values and
        /// overrides; areas and territories unchanged.
        AccountsReplaced,
    };

    Kind kind = Kind::ProjectReplaced;
    std::vector<AreaIndex> areas;
};

}  // namespace tessera::app
