// SPDX-License-Identifier: Apache-2.0
#include "PartitionSearch.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <queue>
#include <utility>

namespace tessera::engine::detail {
namespace {

/// splitmix64: small, fast, and the same sequence on every platform and standard library.
class Random {
public:
    explicit Random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    /// Uniform in [0, n).
    std::uint32_t below(std::uint32_t n) {
        return static_cast<std::uint32_t>(((next() >> 32) * static_cast<std::uint64_t>(n)) >> 32);
    }
    /// Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

using Clock = std::chrono::steady_clock;

double squaredDistance(const SearchGraph& g, std::uint32_t a, double x, double y) {
    const double dx = g.x[a] - x;
    const double dy = g.y[a] - y;
    return dx * dx + dy * dy;
}

/// Picks `count` distinct seed nodes among `nodes`, spread over the group: k-means++ sampling
/// weighted by node weight, then a few weighted Lloyd iterations, then the node nearest each
/// centre. Without coordinates, k-means++ on hop distances.
std::vector<std::uint32_t> pickSeeds(const SearchGraph& g, const std::vector<std::uint32_t>& nodes,
                                     std::size_t count, Random& random) {
    std::vector<std::uint32_t> seeds;
    if (count == 0 || nodes.empty()) {
        return seeds;
    }
    double totalWeight = 0.0;
    for (std::uint32_t v : nodes) {
        totalWeight += g.weights[v];
    }
    // Zero-weight nodes still get a little mass so that an all-zero group spreads its seeds.
    const double floorWeight =
        totalWeight > 0.0 ? totalWeight / static_cast<double>(nodes.size()) * 1e-3 : 1.0;
    auto mass = [&](std::uint32_t v) { return g.weights[v] + floorWeight; };

    auto sample = [&](const std::vector<double>& score) -> std::size_t {
        double sum = 0.0;
        for (double s : score) {
            sum += s;
        }
        if (!(sum > 0.0)) {
            return random.below(static_cast<std::uint32_t>(score.size()));
        }
        double r = random.unit() * sum;
        for (std::size_t i = 0; i < score.size(); ++i) {
            r -= score[i];
            if (r < 0.0) {
                return i;
            }
        }
        return score.size() - 1;
    };

    std::vector<char> used(nodes.size(), 0);
    const bool haveCoordinates = !g.x.empty();
    std::vector<double> nearest(nodes.size(), std::numeric_limits<double>::infinity());
    std::vector<double> score(nodes.size());
    std::vector<std::size_t> chosen;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        score[i] = mass(nodes[i]);
    }
    chosen.push_back(sample(score));
    used[chosen.back()] = 1;

    if (haveCoordinates) {
        while (chosen.size() < count) {
            const std::uint32_t last = nodes[chosen.back()];
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                nearest[i] =
                    std::min(nearest[i], squaredDistance(g, nodes[i], g.x[last], g.y[last]));
                score[i] = used[i] ? 0.0 : nearest[i] * mass(nodes[i]);
            }
            std::size_t pick = sample(score);
            if (used[pick]) {  // all remaining scores were zero (coincident points)
                pick = std::find(used.begin(), used.end(), 0) - used.begin();
            }
            chosen.push_back(pick);
            used[pick] = 1;
        }
        // Weighted Lloyd iterations move the centres to the middle of their clusters.
        std::vector<double> cx(count);
        std::vector<double> cy(count);
        for (std::size_t c = 0; c < count; ++c) {
            cx[c] = g.x[nodes[chosen[c]]];
            cy[c] = g.y[nodes[chosen[c]]];
        }
        std::vector<double> sx(count);
        std::vector<double> sy(count);
        std::vector<double> sw(count);
        constexpr int kLloydIterations = 6;
        for (int iteration = 0; iteration < kLloydIterations; ++iteration) {
            std::fill(sx.begin(), sx.end(), 0.0);
            std::fill(sy.begin(), sy.end(), 0.0);
            std::fill(sw.begin(), sw.end(), 0.0);
            for (std::uint32_t v : nodes) {
                std::size_t best = 0;
                double bestDistance = std::numeric_limits<double>::infinity();
                for (std::size_t c = 0; c < count; ++c) {
                    const double d = squaredDistance(g, v, cx[c], cy[c]);
                    if (d < bestDistance) {
                        bestDistance = d;
                        best = c;
                    }
                }
                sx[best] += mass(v) * g.x[v];
                sy[best] += mass(v) * g.y[v];
                sw[best] += mass(v);
            }
            for (std::size_t c = 0; c < count; ++c) {
                if (sw[c] > 0.0) {
                    cx[c] = sx[c] / sw[c];
                    cy[c] = sy[c] / sw[c];
                }
            }
        }
        std::fill(used.begin(), used.end(), 0);
        for (std::size_t c = 0; c < count; ++c) {
            std::size_t best = 0;
            double bestDistance = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                const double d = squaredDistance(g, nodes[i], cx[c], cy[c]);
                if (!used[i] && d < bestDistance) {
                    bestDistance = d;
                    best = i;
                }
            }
            used[best] = 1;
            seeds.push_back(nodes[best]);
        }
        return seeds;
    }

    // Hop distances: breadth-first search from each new seed lowers every node's distance.
    std::vector<std::uint32_t> index(g.nodeCount, 0);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        index[nodes[i]] = static_cast<std::uint32_t>(i);
    }
    std::vector<std::uint32_t> hops(nodes.size(), std::numeric_limits<std::uint32_t>::max());
    std::vector<std::uint32_t> queue;
    auto relaxFrom = [&](std::size_t start) {
        queue.assign(1, nodes[start]);
        hops[start] = 0;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            const std::uint32_t v = queue[head];
            const std::uint32_t next = hops[index[v]] + 1;
            for (std::uint32_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
                const std::uint32_t u = g.targets[e];
                if (hops[index[u]] > next) {
                    hops[index[u]] = next;
                    queue.push_back(u);
                }
            }
        }
    };
    relaxFrom(chosen.back());
    while (chosen.size() < count) {
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const double h = static_cast<double>(hops[i]);
            score[i] = used[i] ? 0.0 : h * h * mass(nodes[i]);
        }
        std::size_t pick = sample(score);
        if (used[pick]) {
            pick = std::find(used.begin(), used.end(), 0) - used.begin();
        }
        chosen.push_back(pick);
        used[pick] = 1;
        relaxFrom(pick);
    }
    for (std::size_t c : chosen) {
        seeds.push_back(nodes[c]);
    }
    return seeds;
}

/// Grows one region per seed, always extending the lightest region that can still grow by its
/// frontier node nearest to its seed. Covers the whole (connected) group.
void growRegions(const SearchGraph& g, const std::vector<std::uint32_t>& seeds,
                 std::int32_t firstTerritory, std::vector<std::int32_t>& part) {
    using Candidate = std::pair<double, std::uint32_t>;  // (distance key, node)
    using Frontier = std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>>;
    const std::size_t count = seeds.size();
    std::vector<Frontier> frontier(count);
    std::vector<double> regionWeight(count, 0.0);
    std::vector<std::uint64_t> pushes(count, 0);
    const bool haveCoordinates = !g.x.empty();

    auto push = [&](std::size_t r, std::uint32_t v) {
        double key = 0.0;
        if (haveCoordinates) {
            key = squaredDistance(g, v, g.x[seeds[r]], g.y[seeds[r]]);
        } else {
            key = static_cast<double>(pushes[r]++);  // breadth-first order
        }
        frontier[r].push({key, v});
    };
    auto claim = [&](std::size_t r, std::uint32_t v) {
        part[v] = firstTerritory + static_cast<std::int32_t>(r);
        regionWeight[r] += g.weights[v];
        for (std::uint32_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
            if (part[g.targets[e]] < 0) {
                push(r, g.targets[e]);
            }
        }
    };
    using Load = std::pair<double, std::size_t>;  // (weight, region)
    std::priority_queue<Load, std::vector<Load>, std::greater<>> lightest;
    for (std::size_t r = 0; r < count; ++r) {
        claim(r, seeds[r]);
    }
    for (std::size_t r = 0; r < count; ++r) {
        lightest.push({regionWeight[r], r});
    }
    while (!lightest.empty()) {
        const std::size_t r = lightest.top().second;
        lightest.pop();
        while (!frontier[r].empty() && part[frontier[r].top().second] >= 0) {
            frontier[r].pop();
        }
        if (frontier[r].empty()) {
            continue;  // enclosed: it cannot grow any more
        }
        const std::uint32_t v = frontier[r].top().second;
        frontier[r].pop();
        claim(r, v);
        lightest.push({regionWeight[r], r});
    }
}

/// The annealing state: assignment, territory weights, cut cost and the boundary-node set.
class Annealer {
public:
    Annealer(const SearchGraph& g, std::vector<std::int32_t> part, std::size_t territoryCount,
             const SearchSettings& settings)
        : g_(g),
          part_(std::move(part)),
          weight_(territoryCount, 0.0),
          size_(territoryCount, 0),
          target_(settings.target),
          band_(settings.bandHalfWidth),
          boundaryPosition_(g.nodeCount, kAbsent),
          stamp_(g.nodeCount, 0) {
        for (std::uint32_t v = 0; v < g_.nodeCount; ++v) {
            weight_[static_cast<std::size_t>(part_[v])] += g_.weights[v];
            ++size_[static_cast<std::size_t>(part_[v])];
        }
        for (std::uint32_t v = 0; v < g_.nodeCount; ++v) {
            for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
                if (part_[g_.targets[e]] != part_[v] && v < g_.targets[e]) {
                    cut_ += g_.costs[e];
                }
            }
            refreshBoundary(v);
        }
        for (double w : weight_) {
            excess_ += excessOf(w);
        }
        double total = 0.0;
        for (double w : g_.weights) {
            total += w;
        }
        weightUnit_ = total > 0.0 ? total / static_cast<double>(g_.nodeCount) : 1.0;
        centringUnit_ = weightUnit_;
    }

    /// One stage of the search: `iterations` attempted moves, cooling from `temperatureStart`
    /// to `temperatureEnd` while the balance penalty rises from `penaltyStart` to `penaltyEnd`.
    struct Phase {
        std::uint64_t iterations = 0;
        double temperatureStart = 1.0;
        double temperatureEnd = 0.02;
        double penaltyStart = 0.5;
        double penaltyEnd = 20.0;
        double cutWeight = 1.0;     ///< how much compactness counts against balance
        double centring = 0.1;      ///< pull towards the exact target, per (deviation/unit)²
        bool centreOnBand = false;  ///< the unit of that pull: the band (true) or a node weight
        double progressBegin = 0.0;
        double progressEnd = 1.0;
    };

    /// Returns false when canceled or out of time.
    bool anneal(const Phase& phase, Random& random, const SearchSettings& settings,
                SearchOutcome& outcome) {
        centring_ = phase.centring;
        centringUnit_ = phase.centreOnBand
                            ? std::max(std::min(band_, weightUnit_), 1e-9 * weightUnit_)
                            : weightUnit_;
        const std::uint64_t iterations = phase.iterations;
        const double temperatureStart = phase.temperatureStart;
        const double temperatureEnd = phase.temperatureEnd;
        const double penaltyStart = phase.penaltyStart;
        const double penaltyEnd = phase.penaltyEnd;
        const double progressBegin = phase.progressBegin;
        const double progressEnd = phase.progressEnd;
        constexpr std::uint64_t kCheckEvery = 2048;
        const double coolingRatio = temperatureEnd / temperatureStart;
        const double penaltyRatio = penaltyEnd / penaltyStart;
        double temperature = temperatureStart;
        double penalty = penaltyStart;
        for (std::uint64_t it = 0; it < iterations; ++it) {
            if (it % kCheckEvery == 0) {
                const double fraction = static_cast<double>(it) / static_cast<double>(iterations);
                temperature = temperatureStart * std::pow(coolingRatio, fraction);
                penalty = penaltyStart * std::pow(penaltyRatio, fraction);
                if (settings.feedback != nullptr) {
                    if (settings.feedback->isCanceled()) {
                        outcome.canceled = true;
                        return false;
                    }
                    settings.feedback->setProgress(progressBegin +
                                                   (progressEnd - progressBegin) * fraction);
                }
                if (Clock::now() > settings.deadline) {
                    outcome.timedOut = true;
                    return false;
                }
            }
            ++outcome.iterations;
            if (boundary_.empty()) {
                return true;  // a single territory per group: nothing to move
            }
            const std::uint32_t v =
                boundary_[random.below(static_cast<std::uint32_t>(boundary_.size()))];
            const std::int32_t from = part_[v];
            if (size_[static_cast<std::size_t>(from)] <= 1) {
                continue;
            }
            // A random neighbouring territory of v.
            const std::uint32_t begin = g_.offsets[v];
            const std::uint32_t degree = g_.offsets[v + 1] - begin;
            std::uint32_t pick = random.below(degree);
            std::int32_t to = from;
            for (std::uint32_t k = 0; k < degree; ++k) {
                const std::int32_t t = part_[g_.targets[begin + (pick + k) % degree]];
                if (t != from) {
                    to = t;
                    break;
                }
            }
            if (to == from) {
                continue;
            }
            double costFrom = 0.0;
            double costTo = 0.0;
            for (std::uint32_t e = begin; e < begin + degree; ++e) {
                const std::int32_t t = part_[g_.targets[e]];
                if (t == from) {
                    costFrom += g_.costs[e];
                } else if (t == to) {
                    costTo += g_.costs[e];
                }
            }
            const double w = g_.weights[v];
            const double wf = weight_[static_cast<std::size_t>(from)];
            const double wt = weight_[static_cast<std::size_t>(to)];
            const double excessChange =
                excessOf(wf - w) + excessOf(wt + w) - excessOf(wf) - excessOf(wt);
            const double cutChange = costFrom - costTo;
            const double delta =
                phase.cutWeight * cutChange +
                penalty * (penaltyOf(wf - w) + penaltyOf(wt + w) - penaltyOf(wf) - penaltyOf(wt));
            if (delta > 0.0 && random.unit() >= std::exp(-delta / temperature)) {
                continue;
            }
            if (!staysConnectedWithout(v)) {
                continue;
            }
            considerBest(excess_ + excessChange, cut_ + cutChange);
            apply(v, to, excessChange, cutChange);
        }
        return true;
    }

    /// The best plan seen: within the band with the smallest cut, else the smallest total
    /// excess (then cut).
    std::vector<std::int32_t> best() {
        if (currentIsBest_ || bestPart_.empty()) {
            return part_;
        }
        return bestPart_;
    }

    void markCurrentAsCandidate() {
        const Key key = keyOf(excess_, cut_);
        if (bestPart_.empty() || key < bestKey_) {
            bestKey_ = key;
            currentIsBest_ = true;
        }
    }

private:
    static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
    using Key = std::pair<double, double>;  // (excess, cut)

    double excessOf(double w) const { return std::max(0.0, std::abs(w - target_) - band_); }

    /// Penalty of a territory weight, in weight units: linear so that the band is reached
    /// exactly, plus quadratic so that a large excess is worth spreading over neighbours.
    double penaltyOf(double w) const {
        const double e = excessOf(w) / weightUnit_;
        const double d = (w - target_) / centringUnit_;
        return e + e * e + centring_ * d * d;
    }

    Key keyOf(double excess, double cut) const {
        // Floating sums drift by far less than a thousandth of a weight unit.
        return {excess <= 1e-9 * weightUnit_ ? 0.0 : excess, cut};
    }

    void considerBest(double newExcess, double newCut) {
        const Key next = keyOf(newExcess, newCut);
        if (currentIsBest_) {
            if (next < bestKey_) {
                bestKey_ = next;  // still the best: nothing to save
            } else {
                bestPart_ = part_;  // leaving the best plan: keep it
                currentIsBest_ = false;
            }
            return;
        }
        if (next < bestKey_ || bestPart_.empty()) {
            bestKey_ = next;
            currentIsBest_ = true;
        }
    }

    void apply(std::uint32_t v, std::int32_t to, double excessChange, double cutChange) {
        const std::int32_t from = part_[v];
        weight_[static_cast<std::size_t>(from)] -= g_.weights[v];
        weight_[static_cast<std::size_t>(to)] += g_.weights[v];
        --size_[static_cast<std::size_t>(from)];
        ++size_[static_cast<std::size_t>(to)];
        part_[v] = to;
        excess_ += excessChange;
        cut_ += cutChange;
        refreshBoundary(v);
        for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
            refreshBoundary(g_.targets[e]);
        }
    }

    void refreshBoundary(std::uint32_t v) {
        bool onBoundary = false;
        for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
            if (part_[g_.targets[e]] != part_[v]) {
                onBoundary = true;
                break;
            }
        }
        const bool listed = boundaryPosition_[v] != kAbsent;
        if (onBoundary && !listed) {
            boundaryPosition_[v] = static_cast<std::uint32_t>(boundary_.size());
            boundary_.push_back(v);
        } else if (!onBoundary && listed) {
            const std::uint32_t position = boundaryPosition_[v];
            const std::uint32_t last = boundary_.back();
            boundary_[position] = last;
            boundaryPosition_[last] = position;
            boundary_.pop_back();
            boundaryPosition_[v] = kAbsent;
        }
    }

    /// True when v's territory stays connected after v leaves it: a breadth-first search from
    /// one of v's neighbours in the territory reaches all the others without passing v.
    bool staysConnectedWithout(std::uint32_t v) {
        const std::int32_t territory = part_[v];
        std::uint32_t start = kAbsent;
        std::uint32_t pending = 0;
        ++generation_;
        if (generation_ == 0) {
            std::fill(stamp_.begin(), stamp_.end(), 0);
            generation_ = 1;
        }
        const std::uint32_t targetMark = generation_;
        // Mark v's same-territory neighbours as targets (stamp = generation), count them.
        for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
            const std::uint32_t u = g_.targets[e];
            if (part_[u] == territory && stamp_[u] != targetMark) {
                stamp_[u] = targetMark;
                ++pending;
                start = u;
            }
        }
        if (pending <= 1) {
            return pending == 1;
        }
        ++generation_;
        if (generation_ == 0) {  // wrapped: fall back to a clean slate and a plain search
            std::fill(stamp_.begin(), stamp_.end(), 0);
            generation_ = 1;
            return staysConnectedWithoutSlow(v);
        }
        const std::uint32_t seen = generation_;
        queue_.clear();
        queue_.push_back(start);
        stamp_[start] = seen;
        --pending;
        stamp_[v] = seen;  // never pass through v
        for (std::size_t head = 0; head < queue_.size(); ++head) {
            const std::uint32_t x = queue_[head];
            for (std::uint32_t e = g_.offsets[x]; e < g_.offsets[x + 1]; ++e) {
                const std::uint32_t u = g_.targets[e];
                if (part_[u] != territory || stamp_[u] == seen) {
                    continue;
                }
                if (stamp_[u] == targetMark) {
                    if (--pending == 0) {
                        return true;
                    }
                }
                stamp_[u] = seen;
                queue_.push_back(u);
            }
        }
        return false;
    }

    bool staysConnectedWithoutSlow(std::uint32_t v) {
        const std::int32_t territory = part_[v];
        std::vector<char> seen(g_.nodeCount, 0);
        seen[v] = 1;
        std::uint32_t start = kAbsent;
        for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
            if (part_[g_.targets[e]] == territory) {
                start = g_.targets[e];
            }
        }
        if (start == kAbsent) {
            return false;
        }
        std::vector<std::uint32_t> queue{start};
        seen[start] = 1;
        for (std::size_t head = 0; head < queue.size(); ++head) {
            for (std::uint32_t e = g_.offsets[queue[head]]; e < g_.offsets[queue[head] + 1]; ++e) {
                const std::uint32_t u = g_.targets[e];
                if (part_[u] == territory && !seen[u]) {
                    seen[u] = 1;
                    queue.push_back(u);
                }
            }
        }
        return queue.size() + 1 == size_[static_cast<std::size_t>(territory)];
    }

    const SearchGraph& g_;
    std::vector<std::int32_t> part_;
    std::vector<double> weight_;
    std::vector<std::uint32_t> size_;
    double target_;
    double band_;
    double weightUnit_ = 1.0;
    double centringUnit_ = 1.0;
    double centring_ = 0.1;
    double cut_ = 0.0;
    double excess_ = 0.0;
    std::vector<std::uint32_t> boundary_;
    std::vector<std::uint32_t> boundaryPosition_;
    std::vector<std::uint32_t> stamp_;
    std::uint32_t generation_ = 0;
    std::vector<std::uint32_t> queue_;
    bool currentIsBest_ = false;
    Key bestKey_{};
    std::vector<std::int32_t> bestPart_;
};

}  // namespace

SearchOutcome searchPartition(const SearchGraph& graph,
                              const std::vector<std::uint32_t>& groupOfNode,
                              const std::vector<std::size_t>& territoriesPerGroup,
                              const SearchSettings& settings) {
    SearchOutcome outcome;
    Random random(settings.seed);
    std::vector<std::vector<std::uint32_t>> members(territoriesPerGroup.size());
    for (std::uint32_t v = 0; v < graph.nodeCount; ++v) {
        members[groupOfNode[v]].push_back(v);
    }
    std::vector<std::int32_t> part(graph.nodeCount, -1);
    std::int32_t firstTerritory = 0;
    std::size_t territoryCount = 0;
    for (std::size_t group = 0; group < members.size(); ++group) {
        const std::size_t count = territoriesPerGroup[group];
        const std::vector<std::uint32_t> seeds = pickSeeds(graph, members[group], count, random);
        growRegions(graph, seeds, firstTerritory, part);
        firstTerritory += static_cast<std::int32_t>(count);
        territoryCount += count;
    }
    if (settings.feedback != nullptr) {
        if (settings.feedback->isCanceled()) {
            outcome.canceled = true;
            return outcome;
        }
        settings.feedback->setProgress(0.05);
    }

    Annealer annealer(graph, std::move(part), territoryCount, settings);
    annealer.markCurrentAsCandidate();
    const double budget = settings.effort > 0.0 ? settings.effort : 1.0;
    const double perNode = budget * static_cast<double>(graph.nodeCount);
    const auto atLeast = [](double iterations) {
        return static_cast<std::uint64_t>(std::max(20000.0, iterations));
    };
    // 1. Compactness and balance together, balance weighing more and more.
    Annealer::Phase shape;
    shape.iterations = atLeast(1000.0 * perNode);
    shape.progressBegin = 0.05;
    shape.progressEnd = 0.8;
    // 2. Balance first: compactness barely counts, so weight can travel along chains of
    //    territories to where it is missing.
    Annealer::Phase level;
    level.iterations = atLeast(100.0 * perNode);
    level.temperatureStart = 0.3;
    level.temperatureEnd = 0.01;
    level.penaltyStart = 5.0;
    level.penaltyEnd = 20.0;
    level.cutWeight = 0.05;
    level.centring = 1.0;
    level.centreOnBand = true;
    level.progressBegin = 0.8;
    level.progressEnd = 0.9;
    // 3. Compactness again, inside the band.
    Annealer::Phase polish;
    polish.iterations = atLeast(200.0 * perNode);
    polish.temperatureStart = 0.3;
    polish.temperatureEnd = 0.02;
    polish.penaltyStart = 50.0;
    polish.penaltyEnd = 200.0;
    polish.centring = 0.0;
    polish.progressBegin = 0.9;
    polish.progressEnd = 1.0;
    for (const Annealer::Phase& phase : {shape, level, polish}) {
        if (!annealer.anneal(phase, random, settings, outcome)) {
            if (outcome.canceled) {
                return outcome;
            }
            break;
        }
    }
    outcome.assignment = annealer.best();
    return outcome;
}

}  // namespace tessera::engine::detail
