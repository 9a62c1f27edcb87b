// The price expander: cheapest nodes per pod, nudged towards the preferred node size.
// Upstream: cluster-autoscaler/expander/price/price.go (priceBased.BestOptions) and
// proposals/pricing.md.

import Foundation

/// One option's price score and its parts, for `explain`-style output.
public struct PriceScore: Sendable, Equatable {
    /// Node price for an hour times the node count.
    public var totalNodePrice: Double
    /// Sum of the pods' prices for an hour.
    public var totalPodPrice: Double
    /// `(totalNodePrice + stab) / (totalPodPrice + stab)`.
    public var priceSubScore: Double
    /// Unfitness of the template against the preferred node.
    public var nodeUnfitness: Double
    /// Unfitness after suppression for large scale-ups (1000 for GPU nodes).
    public var suppressedUnfitness: Double
    /// The final score; the lowest wins.
    public var score: Double
}

/// `price`: keeps the options with the lowest price score.
public struct PriceFilter: ExpanderFilter {
    /// The pricing model (the cloud provider's).
    public var pricing: any PricingModel
    /// Gives the preferred node.
    public var preferredNodeProvider: any PreferredNodeProvider
    /// The unfitness function (`SimpleNodeUnfitness` by default).
    public var unfitness: NodeUnfitness

    /// The pod whose price stabilizes the ratio for small scale-ups: 500m CPU and 500 MiB
    /// (price.go, `stabilizationPod`).
    public static let stabilizationPod = ExpanderPod(
        name: "stabilize", milliCPU: 500, memoryBytes: 500 * 1_048_576)
    /// The unfitness given to GPU node groups, so they are chosen only when nothing else fits
    /// (price.go, `gpuUnfitnessOverride`).
    public static let gpuUnfitnessOverride = 1000.0
    /// The factor applied to node groups that do not exist yet (price.go, `notExistCoeficient`).
    public static let notExistCoefficient = 2.0

    /// Creates the filter.
    public init(
        pricing: any PricingModel, preferredNodeProvider: any PreferredNodeProvider,
        unfitness: @escaping NodeUnfitness = simpleNodeUnfitness
    ) {
        self.pricing = pricing
        self.preferredNodeProvider = preferredNodeProvider
        self.unfitness = unfitness
    }

    /// The score of `option`, or nil when it cannot be priced (then it is skipped).
    public func score(
        _ option: ExpansionOption, node: ExpanderNodeInfo, preferred: ExpanderNodeInfo,
        stabilizationPrice: Double
    ) -> PriceScore? {
        // NodePrice over [now, now+1h]; an error skips the option (price.go:120-124).
        guard let nodePrice = try? pricing.nodePrice(node, hours: 1) else { return nil }
        let totalNodePrice = nodePrice * Double(option.nodeCount)
        var totalPodPrice = 0.0
        for pod in option.pods {
            // Any pod without a price skips the whole option (price.go:126-134).
            guard let podPrice = try? pricing.podPrice(pod, hours: 1) else { return nil }
            totalPodPrice += podPrice
        }
        // How well the pods pay for the nodes; the stabilization price keeps the ratio sane
        // when there are few pods.
        let priceSubScore = (totalNodePrice + stabilizationPrice)
            / (totalPodPrice + stabilizationPrice)
        let nodeUnfitness = unfitness(preferred, node)
        // The more nodes are added, the less the size preference matters.
        var suppressed = (nodeUnfitness - 1) * (1 - tanh(Double(option.nodeCount - 1) / 15)) + 1
        if node.hasGPU { suppressed = Self.gpuUnfitnessOverride }
        var score = suppressed * priceSubScore
        if !option.nodeGroupExists { score *= Self.notExistCoefficient }
        return PriceScore(
            totalNodePrice: totalNodePrice, totalPodPrice: totalPodPrice,
            priceSubScore: priceSubScore, nodeUnfitness: nodeUnfitness,
            suppressedUnfitness: suppressed, score: score)
    }

    /// The options tied (exactly) at the lowest score, in input order, each with the price
    /// expander's note appended to its `debug`.
    public func bestOptions(_ options: [ExpansionOption], context: inout ExpanderContext)
        -> [ExpansionOption]
    {
        let preferred = (try? preferredNodeProvider.preferredNode())
            ?? SimplePreferredNodeProvider.defaultPreferredNode
        // A failing stabilization price is logged and 0 is used (price.go:107-110).
        let stabilizationPrice = (try? pricing.podPrice(Self.stabilizationPod, hours: 1)) ?? 0
        var best: [ExpansionOption] = []
        var bestScore = 0.0
        for option in options {
            guard let node = context.nodeInfos[option.nodeGroupID],
                let scored = score(option, node: node, preferred: preferred,
                    stabilizationPrice: stabilizationPrice)
            else { continue }
            var noted = option
            noted.debug = "\(option.debug) | price-expander: "
                + String(format: "all_nodes_price=%f pods_price=%f stabilized_ratio=%f "
                    + "unfitness=%f suppressed=%f final_score=%f", scored.totalNodePrice,
                    scored.totalPodPrice, scored.priceSubScore, scored.nodeUnfitness,
                    scored.suppressedUnfitness, scored.score)
            if best.isEmpty || scored.score < bestScore {
                best = [noted]
                bestScore = scored.score
            } else if scored.score == bestScore {
                best.append(noted)
            }
        }
        return best
    }
}
