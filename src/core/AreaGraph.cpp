// SPDX-License-Identifier: Apache-2.0
#include "AreaGraph.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace tessera {

AreaGraph AreaGraph::fromEdges(std::size_t nodeCount, std::vector<AreaEdge> edges) {
    for (AreaEdge& e : edges) {
        if (e.a > e.b) {
            std::swap(e.a, e.b);
        }
    }
    std::erase_if(edges, [nodeCount](const AreaEdge& e) { return e.a == e.b || e.b >= nodeCount; });
    std::sort(edges.begin(), edges.end(), [](const AreaEdge& x, const AreaEdge& y) {
        return std::pair(x.a, x.b) < std::pair(y.a, y.b);
    });
    AreaGraph graph;
    graph.nodeCount_ = nodeCount;
    for (const AreaEdge& e : edges) {
        if (!graph.edges_.empty() && graph.edges_.back().a == e.a && graph.edges_.back().b == e.b) {
            graph.edges_.back().sharedBoundaryKm += e.sharedBoundaryKm;
            graph.edges_.back().bridge = graph.edges_.back().bridge && e.bridge;
        } else {
            graph.edges_.push_back(e);
        }
    }
    std::vector<std::uint32_t> degree(nodeCount, 0);
    for (const AreaEdge& e : graph.edges_) {
        ++degree[e.a];
        ++degree[e.b];
    }
    graph.offsets_.assign(nodeCount + 1, 0);
    for (std::size_t i = 0; i < nodeCount; ++i) {
        graph.offsets_[i + 1] = graph.offsets_[i] + degree[i];
    }
    graph.adjacency_.resize(graph.offsets_.back());
    std::vector<std::uint32_t> fill(graph.offsets_.begin(), graph.offsets_.end() - 1);
    for (std::uint32_t i = 0; i < graph.edges_.size(); ++i) {
        const AreaEdge& e = graph.edges_[i];
        graph.adjacency_[fill[e.a]++] = {e.b, i};
        graph.adjacency_[fill[e.b]++] = {e.a, i};
    }
    return graph;
}

std::vector<std::uint32_t> AreaGraph::componentLabels(std::size_t* componentCount) const {
    constexpr std::uint32_t kUnseen = ~0U;
    std::vector<std::uint32_t> label(nodeCount_, kUnseen);
    std::vector<std::uint32_t> stack;
    std::uint32_t next = 0;
    for (std::uint32_t start = 0; start < nodeCount_; ++start) {
        if (label[start] != kUnseen) {
            continue;
        }
        label[start] = next;
        stack.push_back(start);
        while (!stack.empty()) {
            const std::uint32_t node = stack.back();
            stack.pop_back();
            for (const Neighbour& n : neighbours(node)) {
                if (label[n.node] == kUnseen) {
                    label[n.node] = next;
                    stack.push_back(n.node);
                }
            }
        }
        ++next;
    }
    if (componentCount != nullptr) {
        *componentCount = next;
    }
    return label;
}

}  // namespace tessera
