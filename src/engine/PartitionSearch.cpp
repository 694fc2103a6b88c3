// SPDX-License-Identifier: Apache-2.0
#include "PartitionSearch.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <queue>
#include <thread>
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

/// A node's load for seeding and growing: the mean of its (scaled) measures.
double nodeLoad(const SearchGraph& g, std::uint32_t v) {
    double sum = 0.0;
    for (std::uint32_t m = 0; m < g.measureCount; ++m) {
        sum += g.weights[static_cast<std::size_t>(v) * g.measureCount + m];
    }
    return sum / static_cast<double>(g.measureCount);
}

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
        totalWeight += nodeLoad(g, v);
    }
    // Zero-weight nodes still get a little mass so that an all-zero group spreads its seeds.
    const double floorWeight =
        totalWeight > 0.0 ? totalWeight / static_cast<double>(nodes.size()) * 1e-3 : 1.0;
    auto mass = [&](std::uint32_t v) { return nodeLoad(g, v) + floorWeight; };

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

/// Grows regions `firstTerritory + r` (r < count) over the unclaimed nodes (part < 0): every
/// region starts from the nodes it already holds (its seed, its locked nodes, or the plan it
/// is rebalanced from) and the region with the least load for its share extends by the
/// frontier node nearest to its anchor. Regions not `growable` take nothing; `allowed(v, t)`
/// says whether node v may join territory t. Nodes no region can reach stay unclaimed.
template <class Allowed>
void growRegions(const SearchGraph& g, const std::vector<std::uint32_t>& anchors,
                 std::int32_t firstTerritory, std::vector<std::int32_t>& part,
                 const std::vector<double>& share, const std::vector<char>& growable,
                 Allowed&& allowed) {
    using Candidate = std::pair<double, std::uint32_t>;  // (distance key, node)
    using Frontier = std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>>;
    const std::size_t count = anchors.size();
    std::vector<Frontier> frontier(count);
    std::vector<double> regionWeight(count, 0.0);
    std::vector<std::uint64_t> pushes(count, 0);
    const bool haveCoordinates = !g.x.empty();
    auto regionOf = [&](std::int32_t t) -> std::size_t {
        return t >= firstTerritory && t < firstTerritory + static_cast<std::int32_t>(count)
                   ? static_cast<std::size_t>(t - firstTerritory)
                   : count;
    };

    auto push = [&](std::size_t r, std::uint32_t v) {
        double key = 0.0;
        if (haveCoordinates) {
            key = squaredDistance(g, v, g.x[anchors[r]], g.y[anchors[r]]);
        } else {
            key = static_cast<double>(pushes[r]++);  // breadth-first order
        }
        frontier[r].push({key, v});
    };
    auto expand = [&](std::size_t r, std::uint32_t v) {
        for (std::uint32_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
            if (part[g.targets[e]] < 0) {
                push(r, g.targets[e]);
            }
        }
    };
    for (std::size_t r = 0; r < count; ++r) {
        if (growable[r] && part[anchors[r]] < 0) {
            part[anchors[r]] = firstTerritory + static_cast<std::int32_t>(r);
        }
    }
    for (std::uint32_t v = 0; v < g.nodeCount; ++v) {
        const std::size_t r = regionOf(part[v]);
        if (r < count) {
            regionWeight[r] += nodeLoad(g, v);
            if (growable[r]) {
                expand(r, v);
            }
        }
    }
    using Load = std::pair<double, std::size_t>;  // (weight for share, region)
    std::priority_queue<Load, std::vector<Load>, std::greater<>> lightest;
    for (std::size_t r = 0; r < count; ++r) {
        if (growable[r]) {
            lightest.push({regionWeight[r] / share[r], r});
        }
    }
    const auto territoryOf = [&](std::size_t r) {
        return firstTerritory + static_cast<std::int32_t>(r);
    };
    while (!lightest.empty()) {
        const std::size_t r = lightest.top().second;
        lightest.pop();
        while (!frontier[r].empty() && (part[frontier[r].top().second] >= 0 ||
                                        !allowed(frontier[r].top().second, territoryOf(r)))) {
            frontier[r].pop();
        }
        if (frontier[r].empty()) {
            continue;  // enclosed: it cannot grow any more
        }
        const std::uint32_t v = frontier[r].top().second;
        frontier[r].pop();
        part[v] = territoryOf(r);
        regionWeight[r] += nodeLoad(g, v);
        expand(r, v);
        lightest.push({regionWeight[r] / share[r], r});
    }
}

/// Gives every node left unclaimed (part < 0) a territory: a neighbour's that may take it,
/// spreading outwards; what no allowed neighbour reaches goes to any neighbour's territory
/// that is not frozen, and what is cut off from all of them to `fallback`.
template <class Allowed>
void claimLeftovers(const SearchGraph& g, std::vector<std::int32_t>& part,
                    const std::vector<char>& frozen, std::int32_t fallback, Allowed&& allowed) {
    for (const bool strict : {true, false}) {
        bool changed = true;
        while (changed) {
            changed = false;
            for (std::uint32_t v = 0; v < g.nodeCount; ++v) {
                if (part[v] >= 0) {
                    continue;
                }
                for (std::uint32_t e = g.offsets[v]; e < g.offsets[v + 1]; ++e) {
                    const std::int32_t t = part[g.targets[e]];
                    if (t >= 0 && !frozen[static_cast<std::size_t>(t)] &&
                        (!strict || allowed(v, t))) {
                        part[v] = t;
                        changed = true;
                        break;
                    }
                }
            }
        }
    }
    for (std::int32_t& t : part) {
        if (t < 0) {
            t = fallback;
        }
    }
}

/// The annealing state: assignment, territory loads per measure, cut cost, the other costs
/// (travel, disruption, moment of inertia) and the boundary-node set.
class Annealer {
public:
    Annealer(const SearchGraph& g, std::vector<std::int32_t> part, std::size_t territoryCount,
             const SearchSettings& settings)
        : g_(g),
          s_(settings),
          measures_(g.measureCount),
          part_(std::move(part)),
          weight_(territoryCount * g.measureCount, 0.0),
          size_(territoryCount, 0),
          target_(settings.targets),
          band_(settings.bands),
          penaltyBand_(settings.bands),
          centringUnit_(territoryCount * g.measureCount, 1.0),
          frozen_(settings.frozen),
          inertiaCount_(territoryCount, 0.0),
          inertiaX_(territoryCount, 0.0),
          inertiaY_(territoryCount, 0.0),
          inertiaSquares_(territoryCount, 0.0),
          boundaryPosition_(g.nodeCount, kAbsent),
          stamp_(g.nodeCount, 0) {
        if (target_.empty()) {
            target_.assign(territoryCount * measures_, settings.target);
            band_.assign(territoryCount * measures_, settings.bandHalfWidth);
            penaltyBand_ = band_;
        }
        if (frozen_.empty()) {
            frozen_.assign(territoryCount, 0);
        }
        if (!settings.baseLoad.empty()) {
            weight_ = settings.baseLoad;
        }
        hasFixed_ = !settings.fixed.empty();
        hasDisruption_ = !settings.current.empty() && !settings.disruptionCost.empty();
        hasTravel_ = !settings.travelCost.empty() && !settings.homeX.empty();
        hasReach_ = settings.maxDistance > 0.0 && !settings.homeX.empty() && !g.x.empty();
        inertia_ = settings.inertiaWeight > 0.0 && !g.x.empty();
        for (std::uint32_t v = 0; v < g_.nodeCount; ++v) {
            const auto t = static_cast<std::size_t>(part_[v]);
            addLoad(t, v, 1.0);
            ++size_[t];
            if (inertia_) {
                addInertia(t, v, 1.0);
            }
            other_ += assignCost(v, part_[v]);
        }
        for (std::uint32_t v = 0; v < g_.nodeCount; ++v) {
            for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
                if (part_[g_.targets[e]] != part_[v] && v < g_.targets[e]) {
                    cut_ += g_.costs[e];
                }
            }
            refreshBoundary(v);
        }
        for (std::size_t t = 0; t < size_.size(); ++t) {
            excess_ += excessOf(t);
            if (inertia_) {
                other_ += s_.inertiaWeight * inertiaOf(t);
            }
        }
    }

    /// One stage of the search: `iterations` attempted moves, cooling from `temperatureStart`
    /// to `temperatureEnd` while the balance penalty rises from `penaltyStart` to `penaltyEnd`.
    struct Phase {
        std::uint64_t iterations = 0;
        double temperatureStart = 1.0;
        double temperatureEnd = 0.02;
        double penaltyStart = 0.5;
        double penaltyEnd = 20.0;
        double cutWeight = 1.0;  ///< how much compactness counts against balance
        /// The penalty's band is at least this many average node weights wide (0: the band).
        double penaltyBandInNodes = 0.0;
        double swapShare = 0.0;     ///< share of attempts that swap two nodes instead of moving one
        double centring = 0.1;      ///< pull towards the exact target, per (deviation/unit)²
        bool centreOnBand = false;  ///< the unit of that pull: the band (true) or a node weight
        double progressBegin = 0.0;
        double progressEnd = 1.0;
    };

    /// Returns false when canceled or out of time.
    bool anneal(const Phase& phase, Random& random, const SearchSettings& settings,
                SearchOutcome& outcome) {
        centring_ = phase.centring;
        for (std::size_t i = 0; i < band_.size(); ++i) {
            penaltyBand_[i] = std::max(band_[i], phase.penaltyBandInNodes);
            centringUnit_[i] = phase.centreOnBand ? std::max(std::min(band_[i], 1.0), 1e-9) : 1.0;
        }
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
                    if (settings.reportProgress) {
                        settings.feedback->setProgress(progressBegin +
                                                       (progressEnd - progressBegin) * fraction);
                    }
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
            std::uint32_t v = 0;
            std::int32_t from = 0;
            std::int32_t to = 0;
            std::uint32_t other = kAbsent;
            if (!s_.contiguous && random.unit() < kFarShare) {
                // Non-geographic: any node to the territory of any other node (a territory
                // is picked in proportion to its size), so scattered plans are reachable.
                v = random.below(g_.nodeCount);
                other = random.below(g_.nodeCount);
                from = part_[v];
                to = part_[other];
            } else {
                v = boundary_[random.below(static_cast<std::uint32_t>(boundary_.size()))];
                from = part_[v];
                to = from;
                if (size_[static_cast<std::size_t>(from)] <= 1 || isFixed(v)) {
                    continue;
                }
                // A random neighbouring territory of v.
                const std::uint32_t first = g_.offsets[v];
                const std::uint32_t count = g_.offsets[v + 1] - first;
                const std::uint32_t pick = random.below(count);
                for (std::uint32_t k = 0; k < count; ++k) {
                    other = g_.targets[first + (pick + k) % count];
                    const std::int32_t t = part_[other];
                    if (t != from) {
                        to = t;
                        break;
                    }
                }
            }
            if (size_[static_cast<std::size_t>(from)] <= 1 || isFixed(v)) {
                continue;
            }
            if (to == from || !mayJoin(v, to)) {
                continue;
            }
            const std::uint32_t begin = g_.offsets[v];
            const std::uint32_t degree = g_.offsets[v + 1] - begin;
            if (phase.swapShare > 0.0 && random.unit() < phase.swapShare) {
                trySwap(v, other, penalty, temperature, phase.cutWeight, random);
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
            const auto f = static_cast<std::size_t>(from);
            const auto t = static_cast<std::size_t>(to);
            const double cutChange = costFrom - costTo;
            const double otherChange =
                hasTravel_ || hasDisruption_ || inertia_ ? otherChangeOfMove(v, from, to) : 0.0;
            double penaltyChange = 0.0;
            if (measures_ == 1) {  // the common case, without the loops over measures
                const double w = g_.weights[v];
                penaltyChange = penaltyOne(f, weight_[f] - w) + penaltyOne(t, weight_[t] + w) -
                                penaltyOne(f, weight_[f]) - penaltyOne(t, weight_[t]);
            } else {
                penaltyChange = penaltyAfter(f, kAbsent, v) + penaltyAfter(t, v, kAbsent) -
                                penaltyAfter(f, kAbsent, kAbsent) -
                                penaltyAfter(t, kAbsent, kAbsent);
            }
            const double delta =
                phase.cutWeight * cutChange + otherChange + penalty * penaltyChange;
            if (delta > 0.0 && random.unit() >= std::exp(-delta / temperature)) {
                continue;
            }
            if (!staysConnectedWithout(v)) {
                continue;
            }
            apply(v, to, cutChange, otherChange);
            markCurrentAsCandidate();
        }
        return true;
    }

    /// Swaps v and its neighbour u (in another territory) if the annealing rule accepts it and
    /// both territories stay connected: moves the difference of two weights at once.
    void trySwap(std::uint32_t v, std::uint32_t u, double penalty, double temperature,
                 double cutWeight, Random& random) {
        const std::int32_t a = part_[v];
        const std::int32_t b = part_[u];
        if (isFixed(u) || !mayJoin(u, a)) {
            return;
        }
        if (s_.contiguous && (!adjacentTo(v, b, u) || !adjacentTo(u, a, v))) {
            return;  // each must still touch its new territory after the swap
        }
        const auto ta = static_cast<std::size_t>(a);
        const auto tb = static_cast<std::size_t>(b);
        // The edge between v and u stays cut; every other edge of theirs flips.
        const double cutChange =
            costInto(v, a) - costInto(v, b, u) + costInto(u, b) - costInto(u, a, v);
        const double otherChange = otherChangeOfSwap(v, u);
        const double delta =
            cutWeight * cutChange + otherChange +
            penalty * (penaltyAfter(ta, u, v) + penaltyAfter(tb, v, u) -
                       penaltyAfter(ta, kAbsent, kAbsent) - penaltyAfter(tb, kAbsent, kAbsent));
        if (delta > 0.0 && random.unit() >= std::exp(-delta / temperature)) {
            return;
        }
        if (!staysConnectedWithout(v) || !staysConnectedWithout(u)) {
            return;
        }
        moveNode(v, b);
        moveNode(u, a);
        markCurrentAsCandidate();
    }

    /// The best plan seen: within the band with the smallest cost, else the smallest total
    /// excess (then cost).
    std::vector<std::int32_t> best() const {
        if (!tracking_) {
            return bestPart_;
        }
        std::vector<std::int32_t> plan = part_;
        for (auto it = undoLog_.rbegin(); it != undoLog_.rend(); ++it) {
            plan[it->first] = it->second;
        }
        return plan;
    }

    [[nodiscard]] std::pair<double, double> bestKey() const { return bestKey_; }

    /// Records the current plan as the best if it is better than the best so far. The best
    /// plan is kept as the current one plus a log of the changes since, which is folded into
    /// a copy only when it grows long: keeping the best costs O(1) per move.
    void markCurrentAsCandidate() {
        const Key key = keyOf(excess_, cut_ + other_);
        if (!haveBest_ || key < bestKey_) {
            bestKey_ = key;
            haveBest_ = true;
            tracking_ = true;
            undoLog_.clear();
        }
    }

    [[nodiscard]] bool withinBand() const {
        for (std::size_t t = 0; t < size_.size(); ++t) {
            if (excessOf(t) > 1e-9) {
                return false;
            }
        }
        return true;
    }

    /// Moves weight along chains of territories: the territory farthest outside the band and
    /// the nearest territory on the other side of the target exchange weight pair by pair
    /// along the path between them. Each pair is re-split along a random spanning tree of its
    /// union (recombination), so both halves stay connected. Returns false when canceled.
    bool repairBalance(Random& random, const SearchSettings& settings, std::size_t maxRounds) {
        std::vector<char> hopeless(size_.size(), 0);
        for (std::size_t round = 0; round < maxRounds; ++round) {
            if (settings.feedback != nullptr && settings.feedback->isCanceled()) {
                return false;
            }
            if (Clock::now() > settings.deadline) {
                timedOut_ = true;
                break;
            }
            std::int32_t worst = -1;
            double worstExcess = 1e-9;
            for (std::size_t t = 0; t < size_.size(); ++t) {
                if (!hopeless[t] && excessOf(t) > worstExcess) {
                    worstExcess = excessOf(t);
                    worst = static_cast<std::int32_t>(t);
                }
            }
            if (worst < 0) {
                break;
            }
            const std::vector<std::int32_t> path = pathToOppositeSide(worst);
            bool improved = false;
            for (std::size_t i = 0; i + 1 < path.size(); ++i) {
                if (!recombine(path[i], path[i + 1], i + 2 == path.size(), random)) {
                    break;
                }
                improved = true;
            }
            if (!improved) {
                hopeless[static_cast<std::size_t>(worst)] = 1;
            }
            markCurrentAsCandidate();
        }
        markCurrentAsCandidate();
        return true;
    }

    /// Fine balance repair: for a territory outside the band, the best single boundary move or
    /// swap of two boundary nodes with a neighbouring territory that lowers the pair's excess
    /// (then the cost), until no territory can improve. Swaps move the difference of two node
    /// weights, which is what a tight band needs. Returns false when canceled.
    bool swapRepair(const SearchSettings& settings, std::size_t maxSteps) {
        const double tiny = 1e-9;
        // Territories that found nothing to do stay skipped until a change touches them, so
        // that many territories do not each retry in vain after every step.
        std::vector<char> stuck(size_.size(), 0);
        auto release = [&](std::int32_t t) {
            if (!s_.contiguous) {  // every territory can trade with every other
                std::fill(stuck.begin(), stuck.end(), 0);
                return;
            }
            stuck[static_cast<std::size_t>(t)] = 0;
            for (std::int32_t u : territoryNeighboursOf(t)) {
                stuck[static_cast<std::size_t>(u)] = 0;
            }
        };
        for (std::size_t step = 0; step < maxSteps; ++step) {
            if (settings.feedback != nullptr && settings.feedback->isCanceled()) {
                return false;
            }
            if (Clock::now() > settings.deadline) {
                timedOut_ = true;
                break;
            }
            bool changed = false;
            for (std::size_t a = 0; a < size_.size() && !changed; ++a) {
                const auto territory = static_cast<std::int32_t>(a);
                if (stuck[a] || excessOf(a) <= tiny) {
                    continue;
                }
                if (const auto op = bestOperation(territory, -1, tiny)) {
                    perform(*op);
                    release(op->from);
                    release(op->to);
                    changed = true;
                } else if (const auto touched = twoStep(territory, tiny)) {
                    release(territory);
                    release(*touched);
                    changed = true;
                } else {
                    stuck[a] = 1;
                }
            }
            if (!changed) {
                break;
            }
        }
        markCurrentAsCandidate();
        return true;
    }

    /// Whether a repair stopped at the deadline.
    [[nodiscard]] bool timedOut() const { return timedOut_; }

private:
    static constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
    /// Non-geographic: share of annealing attempts that move a node to any territory.
    static constexpr double kFarShare = 0.3;
    using Key = std::pair<double, double>;  // (excess, cost)

    [[nodiscard]] bool isFixed(std::uint32_t v) const { return hasFixed_ && s_.fixed[v] >= 0; }

    [[nodiscard]] double distanceToHome(std::uint32_t v, std::size_t t) const {
        const double dx = g_.x[v] - s_.homeX[t];
        const double dy = g_.y[v] - s_.homeY[t];
        return std::sqrt(dx * dx + dy * dy);
    }

    /// Whether node v may join territory t (locks, frozen territories, the maximum distance).
    [[nodiscard]] bool mayJoin(std::uint32_t v, std::int32_t t) const {
        const auto i = static_cast<std::size_t>(t);
        if (frozen_[i]) {
            return false;
        }
        if (hasFixed_ && s_.fixed[v] >= 0 && s_.fixed[v] != t) {
            return false;
        }
        return !hasReach_ || !s_.hasHome[i] || distanceToHome(v, i) <= s_.maxDistance;
    }

    /// Travel and disruption cost of node v in territory t.
    [[nodiscard]] double assignCost(std::uint32_t v, std::int32_t t) const {
        double cost = 0.0;
        const auto i = static_cast<std::size_t>(t);
        if (hasTravel_ && s_.hasHome[i]) {
            cost += s_.travelCost[v] * distanceToHome(v, i);
        }
        if (hasDisruption_ && s_.current[v] != t) {
            cost += s_.disruptionCost[v];
        }
        return cost;
    }

    void addLoad(std::size_t t, std::uint32_t v, double sign) {
        const double* w = &g_.weights[static_cast<std::size_t>(v) * measures_];
        double* load = &weight_[t * measures_];
        for (std::uint32_t m = 0; m < measures_; ++m) {
            load[m] += sign * w[m];
        }
    }

    [[nodiscard]] double massOf(std::uint32_t v) const {
        return g_.mass.empty() ? 1.0 : g_.mass[v];
    }

    void addInertia(std::size_t t, std::uint32_t v, double sign) {
        const double m = sign * massOf(v);
        inertiaCount_[t] += m;
        inertiaX_[t] += m * g_.x[v];
        inertiaY_[t] += m * g_.y[v];
        inertiaSquares_[t] += m * (g_.x[v] * g_.x[v] + g_.y[v] * g_.y[v]);
    }

    /// Moment of inertia (unit mass per node) about the centre of territory t, with node
    /// `plus` added and `minus` removed (kAbsent for none).
    [[nodiscard]] double inertiaOf(std::size_t t, std::uint32_t plus = kAbsent,
                                   std::uint32_t minus = kAbsent) const {
        double count = inertiaCount_[t];
        double sx = inertiaX_[t];
        double sy = inertiaY_[t];
        double sq = inertiaSquares_[t];
        if (plus != kAbsent) {
            const double m = massOf(plus);
            count += m;
            sx += m * g_.x[plus];
            sy += m * g_.y[plus];
            sq += m * (g_.x[plus] * g_.x[plus] + g_.y[plus] * g_.y[plus]);
        }
        if (minus != kAbsent) {
            const double m = massOf(minus);
            count -= m;
            sx -= m * g_.x[minus];
            sy -= m * g_.y[minus];
            sq -= m * (g_.x[minus] * g_.x[minus] + g_.y[minus] * g_.y[minus]);
        }
        return count > 1e-9 ? std::max(0.0, sq - (sx * sx + sy * sy) / count) : 0.0;
    }

    [[nodiscard]] double otherChangeOfMove(std::uint32_t v, std::int32_t from,
                                           std::int32_t to) const {
        double change = 0.0;
        if (hasTravel_ || hasDisruption_) {
            change += assignCost(v, to) - assignCost(v, from);
        }
        if (inertia_) {
            const auto f = static_cast<std::size_t>(from);
            const auto t = static_cast<std::size_t>(to);
            change += s_.inertiaWeight * (inertiaOf(f, kAbsent, v) + inertiaOf(t, v, kAbsent) -
                                          inertiaOf(f) - inertiaOf(t));
        }
        return change;
    }

    /// v (in a) and u (in b) trade places.
    [[nodiscard]] double otherChangeOfSwap(std::uint32_t v, std::uint32_t u) const {
        const std::int32_t a = part_[v];
        const std::int32_t b = part_[u];
        double change = 0.0;
        if (hasTravel_ || hasDisruption_) {
            change += assignCost(v, b) - assignCost(v, a) + assignCost(u, a) - assignCost(u, b);
        }
        if (inertia_) {
            const auto ta = static_cast<std::size_t>(a);
            const auto tb = static_cast<std::size_t>(b);
            change += s_.inertiaWeight *
                      (inertiaOf(ta, u, v) + inertiaOf(tb, v, u) - inertiaOf(ta) - inertiaOf(tb));
        }
        return change;
    }

    [[nodiscard]] double excessOne(std::size_t i, double w) const {
        return std::max(0.0, std::abs(w - target_[i]) - band_[i]);
    }

    /// Total excess over the band, over all measures, of territory t.
    [[nodiscard]] double excessOf(std::size_t t) const {
        double sum = 0.0;
        for (std::size_t i = t * measures_; i < (t + 1) * measures_; ++i) {
            sum += excessOne(i, weight_[i]);
        }
        return sum;
    }

    /// Excess of territory t with node `plus` added and `minus` removed (kAbsent for none).
    [[nodiscard]] double excessAfter(std::size_t t, std::uint32_t plus, std::uint32_t minus) const {
        double sum = 0.0;
        for (std::uint32_t m = 0; m < measures_; ++m) {
            const std::size_t i = t * measures_ + m;
            double w = weight_[i];
            if (plus != kAbsent) {
                w += g_.weights[static_cast<std::size_t>(plus) * measures_ + m];
            }
            if (minus != kAbsent) {
                w -= g_.weights[static_cast<std::size_t>(minus) * measures_ + m];
            }
            sum += excessOne(i, w);
        }
        return sum;
    }

    /// Excess of territory t if its loads were `load` (one per measure).
    [[nodiscard]] double excessOfLoad(std::size_t t, const double* load) const {
        double sum = 0.0;
        for (std::uint32_t m = 0; m < measures_; ++m) {
            sum += excessOne(t * measures_ + m, load[m]);
        }
        return sum;
    }

    /// Penalty of one load w at index i (one measure: the territory) in node units.
    [[nodiscard]] double penaltyOne(std::size_t i, double w) const {
        const double e = std::max(0.0, std::abs(w - target_[i]) - penaltyBand_[i]);
        const double d = (w - target_[i]) / centringUnit_[i];
        return e + e * e + (frozen_[i] ? 0.0 : centring_ * d * d);
    }

    /// Penalty of territory t's loads with `plus` added and `minus` removed, in node units:
    /// linear so that the band is reached exactly, plus quadratic so that a large excess is
    /// worth spreading over neighbours, plus a pull towards the exact target.
    [[nodiscard]] double penaltyAfter(std::size_t t, std::uint32_t plus,
                                      std::uint32_t minus) const {
        double sum = 0.0;
        for (std::uint32_t m = 0; m < measures_; ++m) {
            const std::size_t i = t * measures_ + m;
            double w = weight_[i];
            if (plus != kAbsent) {
                w += g_.weights[static_cast<std::size_t>(plus) * measures_ + m];
            }
            if (minus != kAbsent) {
                w -= g_.weights[static_cast<std::size_t>(minus) * measures_ + m];
            }
            const double e = std::max(0.0, std::abs(w - target_[i]) - penaltyBand_[i]);
            const double d = (w - target_[i]) / centringUnit_[i];
            sum += e + e * e + (frozen_[t] ? 0.0 : centring_ * d * d);
        }
        return sum;
    }

    Key keyOf(double excess, double cost) const {
        // Floating sums drift by far less than a thousandth of a weight unit.
        return {excess <= 1e-9 ? 0.0 : excess, cost};
    }

    /// Called before node v leaves territory `from`.
    void logChange(std::uint32_t v, std::int32_t from) {
        if (!tracking_) {
            return;
        }
        undoLog_.emplace_back(v, from);
        if (undoLog_.size() > g_.nodeCount / 2 + 64) {
            bestPart_ = best();
            tracking_ = false;
            undoLog_.clear();
        }
    }

    void apply(std::uint32_t v, std::int32_t to, double cutChange, double otherChange) {
        const std::int32_t from = part_[v];
        const auto f = static_cast<std::size_t>(from);
        const auto t = static_cast<std::size_t>(to);
        logChange(v, from);
        const double excessBefore = excessOf(f) + excessOf(t);
        addLoad(f, v, -1.0);
        addLoad(t, v, 1.0);
        if (inertia_) {
            addInertia(f, v, -1.0);
            addInertia(t, v, 1.0);
        }
        --size_[f];
        ++size_[t];
        part_[v] = to;
        excess_ += excessOf(f) + excessOf(t) - excessBefore;
        cut_ += cutChange;
        other_ += otherChange;
        refreshBoundary(v);
        for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
            refreshBoundary(g_.targets[e]);
        }
    }

    /// Cut cost of v's edges into territory t.
    double costInto(std::uint32_t v, std::int32_t t, std::uint32_t except = kAbsent) const {
        double sum = 0.0;
        for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
            if (part_[g_.targets[e]] == t && g_.targets[e] != except) {
                sum += g_.costs[e];
            }
        }
        return sum;
    }

    bool adjacentTo(std::uint32_t v, std::int32_t t, std::uint32_t except) const {
        for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
            if (part_[g_.targets[e]] == t && g_.targets[e] != except) {
                return true;
            }
        }
        return false;
    }

    /// A move of `give` from its territory to `to`, or a swap with `take` (in `to`).
    struct Operation {
        std::uint32_t give = 0;
        std::uint32_t take = 0;  ///< kAbsent for a plain move
        std::int32_t from = 0;
        std::int32_t to = 0;
        double excessGain = 0.0;  ///< excess of the two territories before minus after
        double cutChange = 0.0;   ///< change of cut plus the other costs
    };

    /// Boundary nodes of territory `a`, and the nodes of other territories next to them.
    void boundaryOf(std::int32_t a, std::vector<std::uint32_t>& own,
                    std::vector<std::uint32_t>& across) const {
        own.clear();
        across.clear();
        for (std::uint32_t v : boundary_) {
            if (part_[v] != a) {
                continue;
            }
            own.push_back(v);
            for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
                if (part_[g_.targets[e]] != a) {
                    across.push_back(g_.targets[e]);
                }
            }
        }
        std::sort(across.begin(), across.end());
        across.erase(std::unique(across.begin(), across.end()), across.end());
    }

    /// Every connectivity-safe move and swap out of territory `a` (never into `avoid`) that
    /// gains more than `minGain` excess, passed to `visit`.
    template <class Visit>
    void forEachOperation(std::int32_t a, std::int32_t avoid, double minGain, Visit&& visit) {
        std::vector<std::uint32_t> own;
        std::vector<std::uint32_t> across;
        boundaryOf(a, own, across);
        const auto ta = static_cast<std::size_t>(a);
        const double excessA = excessOf(ta);
        if (!s_.contiguous && size_[ta] > 1) {
            // Non-geographic: any node of `a` to any territory.
            for (std::uint32_t v = 0; v < g_.nodeCount; ++v) {
                if (part_[v] != a || isFixed(v)) {
                    continue;
                }
                for (std::size_t tb = 0; tb < size_.size(); ++tb) {
                    const auto b = static_cast<std::int32_t>(tb);
                    if (b == a || b == avoid || !mayJoin(v, b)) {
                        continue;
                    }
                    Operation o{v,
                                kAbsent,
                                a,
                                b,
                                excessA + excessOf(tb) - excessAfter(ta, kAbsent, v) -
                                    excessAfter(tb, v, kAbsent),
                                costInto(v, a) - costInto(v, b) + otherChangeOfMove(v, a, b)};
                    if (o.excessGain > minGain) {
                        visit(o);
                    }
                }
            }
        } else if (size_[ta] > 1) {
            for (std::uint32_t v : own) {
                if (isFixed(v)) {
                    continue;
                }
                for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
                    const std::int32_t b = part_[g_.targets[e]];
                    if (b == a || b == avoid || !mayJoin(v, b)) {
                        continue;
                    }
                    const auto tb = static_cast<std::size_t>(b);
                    Operation o{v,
                                kAbsent,
                                a,
                                b,
                                excessA + excessOf(tb) - excessAfter(ta, kAbsent, v) -
                                    excessAfter(tb, v, kAbsent),
                                costInto(v, a) - costInto(v, b) + otherChangeOfMove(v, a, b)};
                    if (o.excessGain > minGain) {
                        visit(o);
                    }
                }
            }
        }
        for (std::uint32_t v : own) {
            if (isFixed(v)) {
                continue;
            }
            for (std::uint32_t u : across) {
                const std::int32_t b = part_[u];
                if (b == avoid || isFixed(u) || !mayJoin(v, b) || !mayJoin(u, a) ||
                    (s_.contiguous && (!adjacentTo(v, b, u) || !adjacentTo(u, a, v)))) {
                    continue;  // each must still touch its new territory after the swap
                }
                const auto tb = static_cast<std::size_t>(b);
                Operation o{v,
                            u,
                            a,
                            b,
                            excessA + excessOf(tb) - excessAfter(ta, u, v) - excessAfter(tb, v, u),
                            costInto(v, a) - costInto(v, b, u) + costInto(u, b) -
                                costInto(u, a, v) + otherChangeOfSwap(v, u)};
                if (o.excessGain > minGain) {
                    visit(o);
                }
            }
        }
    }

    bool connectedAfter(const Operation& o) {
        return staysConnectedWithout(o.give) &&
               (o.take == kAbsent || staysConnectedWithout(o.take));
    }

    /// The operation for territory `a` with the largest gain above `minGain` (then the
    /// smallest cost change) that keeps both territories connected.
    std::optional<Operation> bestOperation(std::int32_t a, std::int32_t avoid, double minGain) {
        std::vector<Operation> options;
        forEachOperation(a, avoid, minGain,
                         [&options](const Operation& o) { options.push_back(o); });
        std::sort(options.begin(), options.end(), [](const Operation& x, const Operation& y) {
            if (x.excessGain != y.excessGain) {
                return x.excessGain > y.excessGain;
            }
            return x.cutChange < y.cutChange;
        });
        for (const Operation& o : options) {
            if (connectedAfter(o)) {
                return o;
            }
        }
        return std::nullopt;
    }

    void perform(const Operation& o) {
        moveNode(o.give, o.to);
        if (o.take != kAbsent) {
            moveNode(o.take, o.from);
        }
    }

    void undo(const Operation& o) {
        if (o.take != kAbsent) {
            moveNode(o.take, o.to);
        }
        moveNode(o.give, o.from);
    }

    /// When no single operation helps territory `a`: one that fixes `a` at the expense of a
    /// neighbour b, followed by one that fixes b without touching `a`, if together they gain.
    std::optional<std::int32_t> twoStep(std::int32_t a, double tiny) {
        std::vector<Operation> firsts;
        const auto ta = static_cast<std::size_t>(a);
        const double excessA = excessOf(ta);
        forEachOperation(a, -1, -std::numeric_limits<double>::infinity(), [&](const Operation& o) {
            const double after = o.take == kAbsent ? excessAfter(ta, kAbsent, o.give)
                                                   : excessAfter(ta, o.take, o.give);
            if (after < excessA - tiny) {
                firsts.push_back(o);
            }
        });
        std::sort(firsts.begin(), firsts.end(), [](const Operation& x, const Operation& y) {
            if (x.excessGain != y.excessGain) {
                return x.excessGain > y.excessGain;
            }
            return x.cutChange < y.cutChange;
        });
        constexpr std::size_t kTried = 64;
        std::size_t tried = 0;
        for (const Operation& first : firsts) {
            if (tried++ == kTried) {
                break;
            }
            if (!connectedAfter(first)) {
                continue;
            }
            perform(first);
            if (const auto second = bestOperation(first.to, a, tiny - first.excessGain)) {
                perform(*second);
                return second->to;
            }
            undo(first);
        }
        return std::nullopt;
    }

    /// Territories next to territory t (by the boundary nodes of t).
    std::vector<std::int32_t> territoryNeighboursOf(std::int32_t t) const {
        std::vector<std::int32_t> out;
        for (std::uint32_t v : boundary_) {
            if (part_[v] != t) {
                continue;
            }
            for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
                const std::int32_t u = part_[g_.targets[e]];
                if (u != t && std::find(out.begin(), out.end(), u) == out.end()) {
                    out.push_back(u);
                }
            }
        }
        return out;
    }

    /// Moves v to territory `to`, keeping every running figure exact.
    void moveNode(std::uint32_t v, std::int32_t to) {
        const std::int32_t from = part_[v];
        apply(v, to, costInto(v, from) - costInto(v, to), otherChangeOfMove(v, from, to));
    }

    /// Territories that share an edge with each territory (frozen ones left out).
    std::vector<std::vector<std::int32_t>> territoryNeighbours() const {
        std::vector<std::vector<std::int32_t>> neighbours(size_.size());
        for (std::uint32_t v : boundary_) {
            for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
                const std::int32_t t = part_[g_.targets[e]];
                if (t != part_[v] && !frozen_[static_cast<std::size_t>(t)]) {
                    neighbours[static_cast<std::size_t>(part_[v])].push_back(t);
                }
            }
        }
        for (auto& list : neighbours) {
            std::sort(list.begin(), list.end());
            list.erase(std::unique(list.begin(), list.end()), list.end());
        }
        return neighbours;
    }

    /// Shortest path of territories from `start` to the nearest territory on the other side of
    /// the target, in the measure start misses most, that has room for all of start's excess
    /// in it (else the one with the most room).
    std::vector<std::int32_t> pathToOppositeSide(std::int32_t start) const {
        const auto neighbours = territoryNeighbours();
        const auto s = static_cast<std::size_t>(start);
        std::uint32_t measure = 0;
        double needed = -1.0;
        for (std::uint32_t m = 0; m < measures_; ++m) {
            const double e = excessOne(s * measures_ + m, weight_[s * measures_ + m]);
            if (e > needed) {
                needed = e;
                measure = m;
            }
        }
        const std::size_t si = s * measures_ + measure;
        const bool heavy = weight_[si] > target_[si];
        std::vector<std::int32_t> previous(size_.size(), -2);
        std::vector<std::int32_t> queue{start};
        previous[s] = -1;
        std::int32_t roomiest = -1;
        double mostRoom = 0.0;
        std::int32_t found = -1;
        for (std::size_t head = 0; head < queue.size() && found < 0; ++head) {
            const std::int32_t t = queue[head];
            const std::size_t i = static_cast<std::size_t>(t) * measures_ + measure;
            const double w = weight_[i];
            const double room = heavy ? target_[i] + band_[i] - w : w - (target_[i] - band_[i]);
            if (t != start && (heavy ? w < target_[i] : w > target_[i])) {
                if (room >= needed) {
                    found = t;
                    break;
                }
                if (room > mostRoom) {
                    mostRoom = room;
                    roomiest = t;
                }
            }
            for (std::int32_t u : neighbours[static_cast<std::size_t>(t)]) {
                if (previous[static_cast<std::size_t>(u)] == -2) {
                    previous[static_cast<std::size_t>(u)] = t;
                    queue.push_back(u);
                }
            }
        }
        if (found < 0) {
            found = roomiest;
        }
        std::vector<std::int32_t> path;
        for (std::int32_t x = found; x >= 0; x = previous[static_cast<std::size_t>(x)]) {
            path.push_back(x);
        }
        std::reverse(path.begin(), path.end());
        return path;
    }

    /// Re-splits the union of territories `first` and `second` along a random spanning tree.
    /// On the way along a chain (`last` false) `first` must end inside the band and `second`
    /// takes the rest; at the end of the chain the two together must end with less excess
    /// than before. Among the splits found, the one with the smallest cut between the two
    /// wins; locked nodes and nodes out of a territory's reach stay on their side. Returns
    /// false (and changes nothing) when no tree gives such a split.
    bool recombine(std::int32_t first, std::int32_t second, bool last, Random& random) {
        constexpr int kTrees = 12;
        const auto tf = static_cast<std::size_t>(first);
        const auto ts = static_cast<std::size_t>(second);
        if (frozen_[tf] || frozen_[ts]) {
            return false;
        }
        std::vector<std::uint32_t>& members = scratchMembers_;
        members.clear();
        if (local_.size() != g_.nodeCount) {
            local_.assign(g_.nodeCount, kAbsent);
        }
        for (std::uint32_t v = 0; v < g_.nodeCount; ++v) {
            if (part_[v] == first || part_[v] == second) {
                local_[v] = static_cast<std::uint32_t>(members.size());
                members.push_back(v);
            }
        }
        const std::size_t m = members.size();
        const std::size_t k = measures_;
        struct LocalEdge {
            std::uint32_t a;
            std::uint32_t b;
            double cost;
        };
        std::vector<LocalEdge> edges;
        // Loads of the two together (their base loads included) and what each side must not
        // take: [x * 2] = may not join first, [x * 2 + 1] = may not join second.
        std::vector<double> total(k, 0.0);
        for (std::size_t i = 0; i < k; ++i) {
            total[i] = weight_[tf * k + i] + weight_[ts * k + i];
        }
        std::vector<std::uint32_t> barred(2 * m, 0);
        std::uint32_t barredFirst = 0;
        std::uint32_t barredSecond = 0;
        for (std::uint32_t i = 0; i < m; ++i) {
            const std::uint32_t v = members[i];
            barred[2 * i] = (isFixed(v) && s_.fixed[v] != first) || !mayJoin(v, first) ? 1 : 0;
            barred[2 * i + 1] =
                (isFixed(v) && s_.fixed[v] != second) || !mayJoin(v, second) ? 1 : 0;
            barredFirst += barred[2 * i];
            barredSecond += barred[2 * i + 1];
            for (std::uint32_t e = g_.offsets[v]; e < g_.offsets[v + 1]; ++e) {
                const std::uint32_t u = g_.targets[e];
                if ((part_[u] == first || part_[u] == second) && local_[u] > i) {
                    edges.push_back({i, local_[u], g_.costs[e]});
                }
            }
        }
        // Loads without nodes: subtree sums add the nodes to these.
        std::vector<double> baseFirst(k, 0.0);
        std::vector<double> baseSecond(k, 0.0);
        if (!s_.baseLoad.empty()) {
            for (std::size_t i = 0; i < k; ++i) {
                baseFirst[i] = s_.baseLoad[tf * k + i];
                baseSecond[i] = s_.baseLoad[ts * k + i];
            }
        }
        std::vector<std::uint32_t> parent(m);
        std::vector<std::vector<std::uint32_t>> tree(m);
        std::vector<std::uint32_t> order;
        std::vector<std::uint32_t> treeParent(m);
        std::vector<double> subtree(m * k);
        std::vector<std::uint32_t> subtreeBarred(2 * m);
        std::vector<std::uint32_t> preorder(m);
        std::vector<std::uint32_t> subtreeSize(m);
        std::vector<char> side(m);
        std::vector<char> bestSide;
        std::vector<double> a(k);
        std::vector<double> b(k);
        const double excessBefore = excessOf(tf) + excessOf(ts);
        double bestError = std::numeric_limits<double>::infinity();
        double bestCut = std::numeric_limits<double>::infinity();
        auto findRoot = [&parent](std::uint32_t x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        };
        for (int attempt = 0; attempt < kTrees; ++attempt) {
            // Kruskal on random keys: a random spanning tree of the union.
            for (std::size_t j = edges.size(); j > 1; --j) {
                std::swap(edges[j - 1], edges[random.below(static_cast<std::uint32_t>(j))]);
            }
            std::iota(parent.begin(), parent.end(), 0U);
            for (auto& list : tree) {
                list.clear();
            }
            for (const LocalEdge& e : edges) {
                const std::uint32_t ra = findRoot(e.a);
                const std::uint32_t rb = findRoot(e.b);
                if (ra != rb) {
                    parent[ra] = rb;
                    tree[e.a].push_back(e.b);
                    tree[e.b].push_back(e.a);
                }
            }
            // Preorder from a random root; subtree weights in reverse.
            const std::uint32_t root = random.below(static_cast<std::uint32_t>(m));
            // Depth-first preorder keeps every subtree a contiguous range of `order`.
            treeParent[root] = kAbsent;
            order.clear();
            std::vector<std::uint32_t> stack{root};
            while (!stack.empty()) {
                const std::uint32_t x = stack.back();
                stack.pop_back();
                preorder[x] = static_cast<std::uint32_t>(order.size());
                order.push_back(x);
                for (std::uint32_t y : tree[x]) {
                    if (y != treeParent[x]) {
                        treeParent[y] = x;
                        stack.push_back(y);
                    }
                }
            }
            if (order.size() != m) {
                return false;  // the union is not connected (a territory split by locks)
            }
            for (std::size_t j = m; j-- > 0;) {
                const std::uint32_t x = order[j];
                for (std::size_t i = 0; i < k; ++i) {
                    subtree[x * k + i] = g_.weights[static_cast<std::size_t>(members[x]) * k + i];
                }
                subtreeBarred[2 * x] = barred[2 * x];
                subtreeBarred[2 * x + 1] = barred[2 * x + 1];
                subtreeSize[x] = 1;
                for (std::uint32_t y : tree[x]) {
                    if (y != treeParent[x]) {
                        for (std::size_t i = 0; i < k; ++i) {
                            subtree[x * k + i] += subtree[y * k + i];
                        }
                        subtreeBarred[2 * x] += subtreeBarred[2 * y];
                        subtreeBarred[2 * x + 1] += subtreeBarred[2 * y + 1];
                        subtreeSize[x] += subtreeSize[y];
                    }
                }
            }
            // The tree edge whose removal scores best: excess first, then distance of `first`
            // from the target.
            std::uint32_t cutAt = kAbsent;
            bool firstIsSubtree = true;
            std::pair<double, double> score{std::numeric_limits<double>::infinity(), 0.0};
            for (std::uint32_t x = 0; x < m; ++x) {
                if (x == root) {
                    continue;
                }
                for (const bool inside : {true, false}) {
                    // inside: the subtree goes to first, the rest to second.
                    const std::uint32_t barredIn = subtreeBarred[2 * x + (inside ? 0 : 1)];
                    const std::uint32_t barredOut = (inside ? barredSecond : barredFirst) -
                                                    subtreeBarred[2 * x + (inside ? 1 : 0)];
                    if (barredIn != 0 || barredOut != 0) {
                        continue;
                    }
                    double distance = 0.0;
                    for (std::size_t i = 0; i < k; ++i) {
                        const double nodesA =
                            inside ? subtree[x * k + i]
                                   : total[i] - baseFirst[i] - baseSecond[i] - subtree[x * k + i];
                        a[i] = baseFirst[i] + nodesA;
                        b[i] = total[i] - a[i];
                        distance += std::abs(a[i] - target_[tf * k + i]);
                    }
                    const std::pair<double, double> candidate{
                        last ? excessOfLoad(tf, a.data()) + excessOfLoad(ts, b.data())
                             : excessOfLoad(tf, a.data()),
                        distance};
                    if (candidate < score) {
                        score = candidate;
                        cutAt = x;
                        firstIsSubtree = inside;
                    }
                }
            }
            const double allowed = last ? excessBefore - 1e-9 : 1e-9;
            if (cutAt == kAbsent || score.first > std::max(allowed, 0.0) ||
                (last && score.first >= excessBefore)) {
                continue;
            }
            const double error = score.first;
            const std::uint32_t begin = preorder[cutAt];
            const std::uint32_t end = begin + subtreeSize[cutAt];
            for (std::uint32_t x = 0; x < m; ++x) {
                const bool inSubtree = preorder[x] >= begin && preorder[x] < end;
                side[x] = inSubtree == firstIsSubtree ? 1 : 0;
            }
            double cut = 0.0;
            for (const LocalEdge& e : edges) {
                cut += side[e.a] != side[e.b] ? e.cost : 0.0;
            }
            // Less excess first; then the shorter cut.
            if (error < bestError - 1e-9 || (error <= bestError + 1e-9 && cut < bestCut)) {
                bestCut = cut;
                bestError = error;
                bestSide.assign(side.begin(), side.end());
            }
        }
        if (bestSide.empty()) {
            return false;
        }
        for (std::uint32_t i = 0; i < m; ++i) {
            const std::int32_t t = bestSide[i] ? first : second;
            if (part_[members[i]] != t) {
                moveNode(members[i], t);
            }
        }
        return true;
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
        if (!s_.contiguous) {
            return true;  // non-geographic: territories may be in several pieces
        }
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
        const std::size_t limit =
            s_.connectivityProbeLimit > 0 ? s_.connectivityProbeLimit : g_.nodeCount + 1;
        for (std::size_t head = 0; head < queue_.size(); ++head) {
            if (head >= limit) {
                return false;  // too far round: treated as disconnecting (never a wrong accept)
            }
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
    const SearchSettings& s_;
    std::uint32_t measures_;
    std::vector<std::int32_t> part_;
    std::vector<double> weight_;  ///< [t * measures_ + m]
    std::vector<std::uint32_t> size_;
    std::vector<double> target_;
    std::vector<double> band_;
    std::vector<double> penaltyBand_;
    std::vector<double> centringUnit_;
    std::vector<char> frozen_;
    double centring_ = 0.1;
    bool hasFixed_ = false;
    bool timedOut_ = false;  ///< a repair stopped at the deadline
    bool hasDisruption_ = false;
    bool hasTravel_ = false;
    bool hasReach_ = false;
    bool inertia_ = false;
    std::vector<double> inertiaCount_;
    std::vector<double> inertiaX_;
    std::vector<double> inertiaY_;
    std::vector<double> inertiaSquares_;
    double cut_ = 0.0;
    double other_ = 0.0;  ///< travel + disruption + weighted inertia
    double excess_ = 0.0;
    std::vector<std::uint32_t> boundary_;
    std::vector<std::uint32_t> boundaryPosition_;
    std::vector<std::uint32_t> stamp_;
    std::uint32_t generation_ = 0;
    std::vector<std::uint32_t> queue_;
    bool haveBest_ = false;
    bool tracking_ = false;  ///< the best plan is the current one with undoLog_ undone
    std::vector<std::pair<std::uint32_t, std::int32_t>> undoLog_;  ///< (node, old territory)
    Key bestKey_{};
    std::vector<std::int32_t> bestPart_;
    std::vector<std::uint32_t> scratchMembers_;
    std::vector<std::uint32_t> local_;
};

/// One start: seeds, region growing, then the phases of the search.
struct StartOutcome {
    std::vector<std::int32_t> assignment;
    std::pair<double, double> key;  ///< (excess, cost) of the plan, smaller is better
    bool canceled = false;
    bool timedOut = false;
    std::uint64_t iterations = 0;
};

/// The first plan of a start for a problem with locks, per-territory targets, a plan to
/// start from or homes (one connected group): locked nodes and the starting plan stay where
/// they are, territories without a node get a seed (the free node nearest their home, else
/// spread-out seeds, else a node carved off the territory most over its share), and all grow
/// over the rest.
std::vector<std::int32_t> initialPlan(const SearchGraph& graph, std::size_t territoryCount,
                                      const SearchSettings& settings, Random& random) {
    const std::uint32_t n = graph.nodeCount;
    std::vector<std::int32_t> part(n, -1);
    if (!settings.initial.empty()) {
        part = settings.initial;
    }
    for (std::uint32_t v = 0; v < n && !settings.fixed.empty(); ++v) {
        if (settings.fixed[v] >= 0) {
            part[v] = settings.fixed[v];
        }
    }
    const std::size_t k = graph.measureCount;
    std::vector<double> share(territoryCount, 1.0);
    for (std::size_t t = 0; t < territoryCount && !settings.targets.empty(); ++t) {
        double sum = 0.0;
        for (std::size_t m = 0; m < k; ++m) {
            sum += settings.targets[t * k + m];
        }
        share[t] = std::max(sum / static_cast<double>(k), 1e-9);
    }
    std::vector<char> frozen = settings.frozen;
    frozen.resize(territoryCount, 0);
    const bool reach = settings.maxDistance > 0.0 && !settings.homeX.empty() && !graph.x.empty();
    auto allowed = [&](std::uint32_t v, std::int32_t t) {
        const auto i = static_cast<std::size_t>(t);
        if (frozen[i] ||
            (!settings.fixed.empty() && settings.fixed[v] >= 0 && settings.fixed[v] != t)) {
            return false;
        }
        if (!reach || !settings.hasHome[i]) {
            return true;
        }
        const double dx = graph.x[v] - settings.homeX[i];
        const double dy = graph.y[v] - settings.homeY[i];
        return dx * dx + dy * dy <= settings.maxDistance * settings.maxDistance;
    };
    std::vector<std::uint32_t> anchor(territoryCount, std::numeric_limits<std::uint32_t>::max());
    std::vector<double> load(territoryCount, 0.0);
    std::vector<std::uint32_t> size(territoryCount, 0);
    for (std::uint32_t v = 0; v < n; ++v) {
        if (part[v] >= 0) {
            const auto t = static_cast<std::size_t>(part[v]);
            if (anchor[t] == std::numeric_limits<std::uint32_t>::max()) {
                anchor[t] = v;
            }
            load[t] += nodeLoad(graph, v);
            ++size[t];
        }
    }
    std::vector<std::size_t> empty;
    for (std::size_t t = 0; t < territoryCount; ++t) {
        if (size[t] == 0) {
            empty.push_back(t);
        }
    }
    std::vector<std::uint32_t> free;
    for (std::uint32_t v = 0; v < n; ++v) {
        if (part[v] < 0) {
            free.push_back(v);
        }
    }
    // Territories with a home: the free node nearest to it that may join.
    std::vector<std::size_t> unseeded;
    for (std::size_t t : empty) {
        std::uint32_t best = std::numeric_limits<std::uint32_t>::max();
        if (!settings.homeX.empty() && settings.hasHome[t] && !graph.x.empty()) {
            double bestDistance = std::numeric_limits<double>::infinity();
            for (std::uint32_t v : free) {
                const double d = squaredDistance(graph, v, settings.homeX[t], settings.homeY[t]);
                if (part[v] < 0 && d < bestDistance && allowed(v, static_cast<std::int32_t>(t))) {
                    bestDistance = d;
                    best = v;
                }
            }
        }
        if (best != std::numeric_limits<std::uint32_t>::max()) {
            part[best] = static_cast<std::int32_t>(t);
            anchor[t] = best;
            ++size[t];
        } else {
            unseeded.push_back(t);
        }
    }
    // The others: spread-out seeds among the free nodes.
    std::erase_if(free, [&](std::uint32_t v) { return part[v] >= 0; });
    if (!unseeded.empty() && !free.empty()) {
        const std::size_t count = std::min(unseeded.size(), free.size());
        const std::vector<std::uint32_t> seeds = pickSeeds(graph, free, count, random);
        for (std::size_t i = 0; i < seeds.size(); ++i) {
            part[seeds[i]] = static_cast<std::int32_t>(unseeded[i]);
            anchor[unseeded[i]] = seeds[i];
            ++size[unseeded[i]];
        }
        unseeded.erase(unseeded.begin(), unseeded.begin() + static_cast<std::ptrdiff_t>(count));
    }
    // No free node left (a rep added to a complete plan): carve the last node, in
    // breadth-first order, of the territory most over its share; it leaves the rest connected.
    for (std::size_t t : unseeded) {
        std::vector<std::size_t> donors;
        for (std::size_t d = 0; d < territoryCount; ++d) {
            if (size[d] > 1 && !frozen[d]) {
                donors.push_back(d);
            }
        }
        std::sort(donors.begin(), donors.end(), [&](std::size_t x, std::size_t y) {
            return load[x] / share[x] > load[y] / share[y];
        });
        for (std::size_t d : donors) {
            std::vector<char> seen(n, 0);
            std::vector<std::uint32_t> queue{anchor[d]};
            seen[anchor[d]] = 1;
            for (std::size_t head = 0; head < queue.size(); ++head) {
                const std::uint32_t x = queue[head];
                for (std::uint32_t e = graph.offsets[x]; e < graph.offsets[x + 1]; ++e) {
                    const std::uint32_t u = graph.targets[e];
                    if (!seen[u] && part[u] == static_cast<std::int32_t>(d)) {
                        seen[u] = 1;
                        queue.push_back(u);
                    }
                }
            }
            const std::uint32_t last = queue.back();
            if (last == anchor[d] || !allowed(last, static_cast<std::int32_t>(t))) {
                continue;
            }
            part[last] = static_cast<std::int32_t>(t);
            anchor[t] = last;
            ++size[t];
            --size[d];
            load[d] -= nodeLoad(graph, last);
            break;
        }
    }
    std::int32_t fallback = 0;
    std::vector<char> growable(territoryCount, 1);
    for (std::size_t t = 0; t < territoryCount; ++t) {
        growable[t] = frozen[t] ? 0 : 1;
        if (anchor[t] == std::numeric_limits<std::uint32_t>::max()) {
            anchor[t] = 0;  // nothing to anchor (no node at all); growRegions only reads it
            growable[t] = 0;
        }
        if (frozen[static_cast<std::size_t>(fallback)] && !frozen[t]) {
            fallback = static_cast<std::int32_t>(t);
        }
    }
    growRegions(graph, anchor, 0, part, share, growable, allowed);
    claimLeftovers(graph, part, frozen, fallback, allowed);
    return part;
}

StartOutcome runStart(const SearchGraph& graph,
                      const std::vector<std::vector<std::uint32_t>>& members,
                      const std::vector<std::size_t>& territoriesPerGroup,
                      const SearchSettings& settings, std::uint64_t seed) {
    StartOutcome result;
    Random random(seed);
    std::vector<std::int32_t> part(graph.nodeCount, -1);
    std::size_t territoryCount = 0;
    for (std::size_t count : territoriesPerGroup) {
        territoryCount += count;
    }
    const bool general = !settings.fixed.empty() || !settings.initial.empty() ||
                         !settings.homeX.empty() || !settings.frozen.empty();
    if (general) {
        part = initialPlan(graph, territoryCount, settings, random);
    } else {
        std::int32_t firstTerritory = 0;
        for (std::size_t group = 0; group < members.size(); ++group) {
            const std::size_t count = territoriesPerGroup[group];
            const std::vector<std::uint32_t> seeds =
                pickSeeds(graph, members[group], count, random);
            std::vector<double> share(count, 1.0);
            if (!settings.targets.empty()) {
                for (std::size_t r = 0; r < count; ++r) {
                    double sum = 0.0;
                    const std::size_t t = static_cast<std::size_t>(firstTerritory) + r;
                    for (std::size_t m = 0; m < graph.measureCount; ++m) {
                        sum += settings.targets[t * graph.measureCount + m];
                    }
                    share[r] = std::max(sum, 1e-9);
                }
            }
            const std::vector<char> growable(count, 1);
            growRegions(graph, seeds, firstTerritory, part, share, growable,
                        [](std::uint32_t, std::int32_t) { return true; });
            firstTerritory += static_cast<std::int32_t>(count);
        }
        if (!settings.contiguous) {
            // One group over a graph in several pieces: pieces without a seed join in.
            claimLeftovers(graph, part, std::vector<char>(territoryCount, 0), 0,
                           [](std::uint32_t, std::int32_t) { return true; });
        }
    }

    if (settings.feedback != nullptr) {
        if (settings.feedback->isCanceled()) {
            result.canceled = true;
            return result;
        }
        if (settings.reportProgress) {
            settings.feedback->setProgress(0.05);
        }
    }

    Annealer annealer(graph, std::move(part), territoryCount, settings);
    annealer.markCurrentAsCandidate();
    // Moves per node: 1,500 up to 5,000 nodes, then falling with the square root of the size
    // (a large graph's territories are about as large, and each needs about as many moves).
    const auto n = static_cast<double>(graph.nodeCount);
    const double perNode = settings.effort * n * std::min(1.0, std::sqrt(5000.0 / n));
    const auto atLeast = [](double iterations) {
        return static_cast<std::uint64_t>(std::max(20000.0, iterations));
    };
    // 1. Shape: compactness and balance together, balance weighing more and more. A band
    //    narrower than a node or two is left to the later phases: shapes come out more compact
    //    when the search may swing by about a node's weight.
    Annealer::Phase shape;
    shape.iterations = atLeast(1000.0 * perNode);
    shape.temperatureStart = 3.0;
    shape.temperatureEnd = 0.02;
    shape.penaltyStart = 0.5;
    shape.penaltyEnd = 20.0;
    shape.penaltyBandInNodes = 1.5;
    shape.progressBegin = 0.05;
    shape.progressEnd = 0.75;
    if (settings.gentle) {
        // Rebalancing a plan: improve it without melting it down first.
        shape.temperatureStart = 0.1;
        shape.penaltyStart = 5.0;
        shape.iterations = atLeast(300.0 * perNode);
    }
    // 2. Tighten: into the true band; swaps move the difference of two node weights, which is
    //    what a band narrower than a node needs.
    Annealer::Phase tighten;
    tighten.iterations = atLeast(300.0 * perNode);
    tighten.temperatureStart = 0.5;
    tighten.temperatureEnd = 0.05;
    tighten.penaltyStart = 20.0;
    tighten.penaltyEnd = 200.0;
    tighten.centring = 0.0;
    tighten.swapShare = 0.5;
    tighten.progressBegin = 0.75;
    tighten.progressEnd = 0.85;
    // 3. Polish: compactness inside the band.
    Annealer::Phase polish;
    polish.iterations = atLeast(200.0 * perNode);
    polish.temperatureStart = 0.3;
    polish.temperatureEnd = 0.02;
    polish.penaltyStart = 50.0;
    polish.penaltyEnd = 200.0;
    polish.centring = 0.0;
    polish.swapShare = 0.3;
    polish.progressBegin = 0.9;
    polish.progressEnd = 1.0;

    const std::size_t repairSteps = 20 * territoryCount + 100;
    const std::size_t repairRounds = 4 * territoryCount + 16;
    // Repair: moves and swaps first; chains of recombinations only when those do not reach
    // the band (they cost compactness), then moves and swaps again.
    auto repair = [&]() {
        if (!annealer.swapRepair(settings, repairSteps)) {
            return false;
        }
        if (!annealer.withinBand()) {
            return annealer.repairBalance(random, settings, repairRounds) &&
                   annealer.swapRepair(settings, repairSteps);
        }
        return true;
    };
    SearchOutcome progress;
    bool running = annealer.anneal(shape, random, settings, progress) &&
                   annealer.anneal(tighten, random, settings, progress);
    if (running && !repair()) {
        progress.canceled = true;
    }
    running = running && !progress.canceled && annealer.anneal(polish, random, settings, progress);
    if (running && !annealer.withinBand() && !repair()) {
        progress.canceled = true;
    }
    result.canceled = progress.canceled;
    result.timedOut = progress.timedOut || annealer.timedOut();
    result.iterations = progress.iterations;
    if (!result.canceled) {
        result.assignment = annealer.best();
        result.key = annealer.bestKey();
    }
    return result;
}

}  // namespace

SearchOutcome searchPartition(const SearchGraph& graph,
                              const std::vector<std::uint32_t>& groupOfNode,
                              const std::vector<std::size_t>& territoriesPerGroup,
                              const SearchSettings& settings) {
    std::vector<std::vector<std::uint32_t>> members(territoriesPerGroup.size());
    for (std::uint32_t v = 0; v < graph.nodeCount; ++v) {
        members[groupOfNode[v]].push_back(v);
    }
    // Independent starts from different seeds, the first on this thread (it reports
    // progress), the others on their own threads; the best plan wins, ties to the earlier
    // start, so the result does not depend on timing.
    const std::size_t starts = std::max<std::size_t>(1, settings.starts);
    std::vector<StartOutcome> outcomes(starts);
    std::vector<std::thread> workers;
    SearchSettings quiet = settings;
    quiet.reportProgress = false;
    Random seeds(settings.seed);
    std::vector<std::uint64_t> startSeeds(starts);
    for (std::uint64_t& s : startSeeds) {
        s = seeds.next();
    }
    for (std::size_t i = 1; i < starts; ++i) {
        workers.emplace_back([&, i] {
            outcomes[i] = runStart(graph, members, territoriesPerGroup, quiet, startSeeds[i]);
        });
    }
    outcomes[0] = runStart(graph, members, territoriesPerGroup, settings, startSeeds[0]);
    for (std::thread& worker : workers) {
        worker.join();
    }
    SearchOutcome outcome;
    std::size_t best = 0;
    for (std::size_t i = 0; i < starts; ++i) {
        outcome.canceled = outcome.canceled || outcomes[i].canceled;
        outcome.timedOut = outcome.timedOut || outcomes[i].timedOut;
        outcome.iterations += outcomes[i].iterations;
        if (outcomes[i].key < outcomes[best].key) {
            best = i;
        }
    }
    if (!outcome.canceled) {
        outcome.assignment = std::move(outcomes[best].assignment);
    }
    return outcome;
}

}  // namespace tessera::engine::detail
