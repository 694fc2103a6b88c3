// SPDX-License-Identifier: Apache-2.0
#include "PolylineStroker.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace tessera::render {

namespace {

double cross(QPointF a, QPointF b) {
    return a.x() * b.y() - a.y() * b.x();
}

QPointF leftNormal(QPointF direction) {
    return {-direction.y(), direction.x()};
}

}  // namespace

PolylineStroker::PolylineStroker(double halfWidth, double tolerance)
    : halfWidth_(std::max(halfWidth, 1.0e-6)) {
    // A chord spanning the angle a lies h (1 - cos(a / 2)) inside its arc of radius h.
    const double ratio = std::clamp(1.0 - std::max(tolerance, 1.0e-6) / halfWidth_, -1.0, 1.0);
    maxStep_ = std::clamp(2.0 * std::acos(ratio), 0.05, std::numbers::pi / 2.0);
}

void PolylineStroker::clear() {
    points_.clear();
    sizes_.clear();
}

void PolylineStroker::arc(QPointF centre, QPointF from, QPointF to, double angle) {
    const int steps = static_cast<int>(std::ceil(std::abs(angle) / maxStep_ - 1.0e-9));
    if (steps > 1) {
        const double step = angle / steps;
        const double c = std::cos(step);
        const double s = std::sin(step);
        QPointF v = from;
        for (int i = 1; i < steps; ++i) {
            v = QPointF(v.x() * c - v.y() * s, v.x() * s + v.y() * c);
            points_.push_back(centre + v);
        }
    }
    points_.push_back(centre + to);
}

void PolylineStroker::add(const QPointF* points, std::size_t count) {
    distinct_.clear();
    for (std::size_t i = 0; i < count; ++i) {
        if (distinct_.empty()) {
            distinct_.push_back(points[i]);
            continue;
        }
        const QPointF d = points[i] - distinct_.back();
        if (QPointF::dotProduct(d, d) > 1.0e-12) {
            distinct_.push_back(points[i]);
        }
    }
    if (distinct_.empty()) {
        return;
    }
    const double h = halfWidth_;
    const std::size_t first = points_.size();
    const std::vector<QPointF>& p = distinct_;
    if (p.size() == 1) {
        // A dot: the two round caps of a line of no length.
        points_.push_back(p[0] + QPointF(h, 0.0));
        arc(p[0], QPointF(h, 0.0), QPointF(-h, 0.0), -std::numbers::pi);
        arc(p[0], QPointF(-h, 0.0), QPointF(h, 0.0), -std::numbers::pi);
        points_.pop_back();  // the start again
        sizes_.push_back(static_cast<int>(points_.size() - first));
        return;
    }
    const std::size_t segments = p.size() - 1;
    const auto direction = [&](std::size_t k) {
        const QPointF d = p[k + 1] - p[k];
        return d / std::sqrt(QPointF::dotProduct(d, d));
    };
    const auto length = [&](std::size_t k) {
        const QPointF d = p[k + 1] - p[k];
        return std::sqrt(QPointF::dotProduct(d, d));
    };
    const double cosMaxStep = std::cos(maxStep_);

    // The start cap: from the right side round the back of p[0] to the left side.
    QPointF d = direction(0);
    QPointF n = leftNormal(d) * h;
    points_.push_back(p[0] - n);
    arc(p[0], -n, n, -std::numbers::pi);
    // Forward along the left side.
    for (std::size_t k = 1; k < segments; ++k) {
        const QPointF next = direction(k);
        const QPointF nextNormal = leftNormal(next) * h;
        const double turn = cross(d, next);
        const double along = QPointF::dotProduct(d, next);
        points_.push_back(p[k] + n);
        if (turn < 0.0 || (turn == 0.0 && along < 0.0)) {
            // Turning right: the left side is outside, an arc about the vertex.
            const double angle =
                along >= cosMaxStep ? -maxStep_ : -std::atan2(std::abs(turn), along);
            arc(p[k], n, nextNormal, angle);
        } else if (std::abs(turn) * h <= std::min(length(k - 1), length(k))) {
            // Inside: the chord between the two sides stays within both segments' rectangles.
            points_.push_back(p[k] + nextNormal);
        } else {
            points_.push_back(p[k]);
            points_.push_back(p[k] + nextNormal);
        }
        d = next;
        n = nextNormal;
    }
    // The end cap, then back along the right side.
    points_.push_back(p[segments] + n);
    arc(p[segments], n, -n, -std::numbers::pi);
    for (std::size_t k = segments - 1; k >= 1; --k) {
        const QPointF previous = direction(k - 1);
        const QPointF previousNormal = leftNormal(previous) * h;
        const double turn = cross(previous, d);
        const double along = QPointF::dotProduct(previous, d);
        points_.push_back(p[k] - n);
        if (turn > 0.0) {
            // Turning left (seen forward): the right side is outside.
            const double angle =
                along >= cosMaxStep ? -maxStep_ : -std::atan2(std::abs(turn), along);
            arc(p[k], -n, -previousNormal, angle);
        } else if ((turn < 0.0 || along > 0.0) &&
                   std::abs(turn) * h <= std::min(length(k - 1), length(k))) {
            points_.push_back(p[k] - previousNormal);
        } else {
            points_.push_back(p[k]);
            points_.push_back(p[k] - previousNormal);
        }
        d = previous;
        n = previousNormal;
    }
    // The polygon closes at its first point, p[0] - n.
    sizes_.push_back(static_cast<int>(points_.size() - first));
}

void PolylineStroker::fill(QPainter& painter) const {
    const QPointF* polygon = points_.data();
    for (const int size : sizes_) {
        painter.drawPolygon(polygon, size, Qt::WindingFill);
        polygon += size;
    }
}

}  // namespace tessera::render
