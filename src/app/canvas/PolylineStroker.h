// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QPointF>

#include <cstddef>
#include <vector>

class QPainter;

namespace tessera::render {

/// Turns thick polylines with round joins and round caps into filled outlines, the shape a
/// QPen with Qt::RoundJoin and Qt::RoundCap strokes, but with the arcs as short straight
/// pieces (never off the true circle by more than `tolerance`) instead of Bézier curves, and
/// without Qt's per-join trigonometry: the territory outlines of a national map have thousands
/// of joins, and Qt's stroker spends most of its time on them.
///
/// Each outline runs along the left side of the polyline, around the end cap, back along the
/// right side and around the start cap; an outer join is an arc about the vertex, an inner join
/// passes through the vertex (as Qt's stroker does). Such an outline is the sum of the segment
/// rectangles, the join sectors and the cap half-discs, all turning the same way, so filled
/// with the non-zero winding rule it covers exactly their union, whatever the polyline does
/// (short segments, sharp turns, reversals, self-crossings).
class PolylineStroker {
public:
    /// `halfWidth` and `tolerance` in the units of the points (the painter's logical pixels).
    PolylineStroker(double halfWidth, double tolerance);

    /// Adds the outline of points[0..count) as one closed polygon. Repeated points are
    /// skipped; a polyline of one distinct point becomes a disc.
    void add(const QPointF* points, std::size_t count);
    /// Fills the outlines added so far (non-zero winding) with the painter's brush and pen.
    void fill(QPainter& painter) const;
    void clear();

    [[nodiscard]] const std::vector<QPointF>& points() const { return points_; }
    /// Number of points of each closed polygon in points(), in order.
    [[nodiscard]] const std::vector<int>& polygonSizes() const { return sizes_; }

private:
    /// Appends the arc about `centre` from centre + from to centre + to (both of length
    /// halfWidth_), turning by `angle` radians (negative: clockwise in a y-up frame), without
    /// its first point.
    void arc(QPointF centre, QPointF from, QPointF to, double angle);

    double halfWidth_;
    double maxStep_;  ///< largest angle (radians) of one straight piece of an arc
    std::vector<QPointF> points_;
    std::vector<int> sizes_;
    std::vector<QPointF> distinct_;
};

}  // namespace tessera::render
