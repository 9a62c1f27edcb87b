import LuaKit
import ScaleLab

/// Lua functions hooked on engine events (`c:on("rescale", fn)`), and the run loop that calls
/// them. The engine never calls Lua: while hooks are set, runs advance one instant at a time
/// (`ClusterSimulation.runNextInstant`), then the events that instant recorded are handed to
/// the hooks, between engine calls. A hook's error stops the run there and is raised after the
/// engine has returned (DESIGN.md bridge rules 1 and 4).
struct ClusterHooks {
    /// Hooks by event reason (`*` for every event), in registration order.
    var byReason: [String: [LuaReference]] = [:]
    /// True while hooks or a `step_until` predicate run (a nested run is refused).
    var dispatching = false

    /// True when some hook is set.
    var isActive: Bool { byReason.values.contains { !$0.isEmpty } }

    /// True when runs must go through the hook loop (hooks set, or one is running: a
    /// nested run is refused there).
    var isHooked: Bool { dispatching || isActive }

    /// Friendly names for the Kubernetes event reasons a hook can name.
    static let aliases: [String: String] = [
        "rescale": "SuccessfulRescale", "scheduled": "Scheduled",
        "failed_scheduling": "FailedScheduling", "started": "Started",
        "node_failed": "NodeNotReady", "node_not_ready": "NodeNotReady",
        "node_ready": "NodeReady", "evicted": "TaintManagerEviction",
        "scale_up": "TriggeredScaleUp", "scaled_up_group": "ScaledUpGroup",
        "scale_down": "ScaleDown", "removing_node": "RemovingNode", "event": "*", "*": "*",
    ]

    /// The reason a hook name stands for: an alias, or a Kubernetes reason as is (they are
    /// CamelCase: `SuccessfulRescale`, `FailedGetPodsMetric`, ...).
    static func reason(for name: String) throws -> String {
        if let r = aliases[name] { return r }
        if let first = name.first, first.isUppercase { return name }
        var message = "unknown event '\(name)': use one of "
            + aliases.keys.sorted().joined(separator: ", ")
            + " or a Kubernetes event reason such as 'SuccessfulRescale'"
        if let near = OptionTable.closest(name, in: Array(aliases.keys)) {
            message += " (did you mean '\(near)'?)"
        }
        throw LuaCallError.argument(index: 2, message: message)
    }

    /// The hooks for one recorded event.
    func hooks(for record: EventRecord) -> [LuaReference] {
        (byReason[record.reason] ?? []) + (byReason["*"] ?? [])
    }
}

extension ClusterMethods {
    /// `run` and `step(duration)` while hooks are set.
    static func runHooked(_ c: LuaCluster, _ call: LuaCall, for d: SimDuration) throws {
        _ = try runWithHooks(c, call, to: c.sim.now + d)
    }

    /// Runs to `end` instant by instant, calling the hooks with each recorded event and, when
    /// given, `until` after each instant (stopping when it returns a true value). Returns true
    /// when `until` stopped the run.
    static func runWithHooks(
        _ c: LuaCluster, _ call: LuaCall, to end: SimTime, until predicate: LuaReference? = nil
    ) throws -> Bool {
        guard !c.hooks.dispatching else {
            throw LuaCallError.message("cannot run the cluster from inside an event hook or "
                + "a step_until predicate")
        }
        guard let runtime = call.runtime else { return false }
        let hooked = c.hooks.isActive
        c.sim.setEventJournal(hooked)
        defer { c.sim.setEventJournal(false) }
        let clusterValue = call.value(1)
        var instants = 0
        while c.sim.runNextInstant(notAfter: end) {
            instants += 1
            if instants & 255 == 0 && runtime.isCancellationRequested { return false }
            if hooked {
                for record in c.sim.takeRecordedEvents() {
                    for hook in c.hooks.hooks(for: record) {
                        try dispatch(c) {
                            try runtime.call(hook, [LuaCluster.eventTable(record), clusterValue])
                        }
                    }
                }
            }
            if let predicate {
                let result = try dispatch(c) { try runtime.call(predicate, [clusterValue]) }
                if let first = result.first, first.isTruthy { return true }
            }
        }
        return false
    }

    /// Runs Lua code from the run loop, marking the cluster busy so the code cannot start a
    /// nested run. A Lua error propagates as a Swift error: the loop stops, and the trampoline
    /// raises it once this Swift frame has returned.
    private static func dispatch<R>(_ c: LuaCluster, _ body: () throws -> R) throws -> R {
        c.hooks.dispatching = true
        defer { c.hooks.dispatching = false }
        return try body()
    }
}

extension LuaValue {
    /// Lua truth: everything but nil and false.
    var isTruthy: Bool {
        switch self {
        case .nil, .boolean(false): return false
        default: return true
        }
    }
}
