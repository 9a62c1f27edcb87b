import LuaKit
import ScaleLab

/// The cluster's what-if methods: `c:clone()`, `c:step_until(fn [, max])`, `c:on(event, fn)`,
/// `c:off([event])`.
extension ClusterMethods {
    /// The longest `step_until` runs by default.
    static let stepUntilDefaultMax = SimDuration.hours(24)

    /// Adds the what-if methods to the cluster type.
    static func whatIfMethods(_ t: LuaUserdataType<LuaCluster>) -> LuaUserdataType<LuaCluster> {
        t.method("clone", "(): Cluster", "an independent copy of the cluster at this instant "
                 + "(same pending events and random stream; hooks are not copied)")
        { c, call in call.push(.object(c.clone())) }
            .method("step_until", "(fn: function, max?: string|number): boolean",
                    "runs until fn(c) returns true (true) or max simulated time (default "
                        + "24h) passed (false)") { c, call in
                let predicate = try call.function(2)
                let max = call.isNil(3)
                    ? stepUntilDefaultMax : try LuaUnits.durationArgument(call, 3)
                if max.milliseconds < 0 {
                    throw LuaCallError.argument(index: 3, message: "max must not be negative, "
                        + "got \(max)")
                }
                // Already true: nothing to run.
                if let first = try call.runtime?.call(predicate, [call.value(1)]).first,
                    first.isTruthy
                {
                    return call.push(true)
                }
                return call.push(try runWithHooks(c, call, to: c.sim.now + max,
                                                  until: predicate))
            }
            .method("on", "(event: string, fn: function): Cluster",
                    "fn(event_table, c) runs after each matching event (rescale, scheduled, "
                        + "node_failed, ... or a reason; \"*\" for all)") { c, call in
                let reason = try ClusterHooks.reason(for: try call.string(2))
                let fn = try call.function(3)
                c.hooks.byReason[reason, default: []].append(fn)
                return call.push(call.value(1))
            }
            .method("off", "(event?: string): Cluster",
                    "removes the hooks of one event, or all") { c, call in
                if call.isNil(2) {
                    c.hooks.byReason.removeAll()
                } else {
                    c.hooks.byReason[try ClusterHooks.reason(for: try call.string(2))] = nil
                }
                return call.push(call.value(1))
            }
    }
}

extension LuaCluster {
    /// A copy with its own simulation: the engine's types are values (copy-on-write storage),
    /// so this costs a few reference-count bumps until either side changes.
    func clone() -> LuaCluster {
        LuaCluster(sim: sim, profile: profile, seed: seed, session: session)
    }
}
