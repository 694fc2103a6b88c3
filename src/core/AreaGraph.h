// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace tessera {

/// An undirected edge between two areas that share a boundary (a < b).
struct AreaEdge {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    double sharedBoundaryKm = 0.0;
    /// True for an edge that joins an island (a part of the map not connected to the rest) to
    /// its nearest area; it carries no shared boundary and exists so that territories can span
    /// water the way planners expect.
    bool bridge = false;

    bool operator==(const AreaEdge& other) const = default;
};

/// Neighbourhood of areas in compressed adjacency form. Nodes are area indices.
class AreaGraph {
public:
    struct Neighbour {
        std::uint32_t node;
        std::uint32_t edge;  ///< index into edges()
    };

    AreaGraph() = default;
    /// Builds from a list of edges; duplicates are merged (lengths added), self-loops dropped.
    static AreaGraph fromEdges(std::size_t nodeCount, std::vector<AreaEdge> edges);

    [[nodiscard]] std::size_t nodeCount() const { return nodeCount_; }
    [[nodiscard]] const std::vector<AreaEdge>& edges() const { return edges_; }
    [[nodiscard]] std::span<const Neighbour> neighbours(std::uint32_t node) const {
        return {adjacency_.data() + offsets_[node], adjacency_.data() + offsets_[node + 1]};
    }
    [[nodiscard]] std::size_t degree(std::uint32_t node) const {
        return offsets_[node + 1] - offsets_[node];
    }

    /// Connected-component label per node; `componentCount` receives the number of components.
    [[nodiscard]] std::vector<std::uint32_t> componentLabels(std::size_t* componentCount) const;

    bool operator==(const AreaGraph& other) const {
        return nodeCount_ == other.nodeCount_ && edges_ == other.edges_;
    }

private:
    std::size_t nodeCount_ = 0;
    std::vector<AreaEdge> edges_;
    std::vector<std::uint32_t> offsets_{0};
    std::vector<Neighbour> adjacency_;
};

}  // namespace tessera
