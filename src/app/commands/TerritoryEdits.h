// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/Project.h"

class QUndoCommand;

namespace tessera::app {

class Document;

/// Territory edits (create, rename, recolour, delete, merge, split off the selection). Each
/// returns one undo command (null when the edit would change nothing or makes no sense) that
/// swaps the whole territory list and alignment, with a readable text.
namespace territory_edits {

/// A new empty territory named `name` (a free palette colour); returns its command.
[[nodiscard]] QUndoCommand* create(Document* document, const QString& name);
/// A new territory named `name` made of `areas` (taken from wherever they were; locked
/// areas stay where they are).
[[nodiscard]] QUndoCommand* splitOff(Document* document, const std::vector<AreaIndex>& areas,
                                     const QString& name);
[[nodiscard]] QUndoCommand* rename(Document* document, TerritoryIndex territory,
                                   const QString& name);
[[nodiscard]] QUndoCommand* recolour(Document* document, TerritoryIndex territory,
                                     std::uint32_t rgb);
/// Removes the territory; its areas become unassigned and its account overrides are dropped.
[[nodiscard]] QUndoCommand* remove(Document* document, TerritoryIndex territory);
/// Moves every area and account override of `from` into `into`, then removes `from`.
[[nodiscard]] QUndoCommand* merge(Document* document, TerritoryIndex from, TerritoryIndex into);
/// Areas whose label point lies inside `polygon` (lon/lat) join `territory`, and located
/// accounts inside it join it as overrides, unless locked (area, account or other territory).
/// The polygon is kept in the project (Project::drawnPolygons) with what it took, so that
/// its corners can be edited later; null when it has fewer than 3 corners.
[[nodiscard]] QUndoCommand* assignPolygon(Document* document, const std::vector<Point>& polygon,
                                          TerritoryIndex territory);

/// What a change to a drawn polygon's corners was (for the command's text).
enum class PolygonEdit { MoveVertex, InsertVertex, DeleteVertex };

/// Gives drawn polygon `index` the corners `ring`: what newly lies inside joins its territory,
/// what it took that no longer lies inside goes back (see reshapeDrawnPolygon). One command
/// with a text like "Move vertex of polygon in 'North'"; null when the index is out of range,
/// the ring has fewer than 3 corners or is the same. `summary`, when given, receives what
/// moved, for the status bar.
[[nodiscard]] QUndoCommand* reshapePolygon(Document* document, std::size_t index,
                                           std::vector<Point> ring, PolygonEdit edit,
                                           QString* summary = nullptr);

}  // namespace territory_edits

}  // namespace tessera::app
