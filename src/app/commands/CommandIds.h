// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace tessera::app {

/// QUndoCommand::id() values of commands that can merge with their predecessor. One enum so
/// that ids never collide.
enum class CommandId : int {
    ReassignAreas = 1,
    PaintAreas = 2,
};

}  // namespace tessera::app
