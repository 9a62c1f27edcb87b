/// A regular expression compiled for a Pike VM (Go regexp/syntax Prog and regexp/pikevm): it
/// runs in time linear in the text, and its threads are kept in priority order so that the
/// match and its groups are the leftmost-first (Perl) ones Go reports.
struct RegexpProgram: Sendable {
    /// An instruction's operation.
    enum Op: UInt8, Sendable {
        /// Consume the scalar `x`.
        case scalar
        /// Consume a scalar of class `x`.
        case set
        /// Consume any scalar.
        case any
        /// Consume any scalar but `\n`.
        case anyNotNL
        /// Continue at `x` (preferred) and at `y`.
        case split
        /// Continue at `x`.
        case jmp
        /// Record the position in slot `x`.
        case save
        /// Continue only if the assertion `x` holds here.
        case assert
        /// A match.
        case match
    }

    /// One instruction.
    struct Inst: Sendable {
        var op: Op
        var x: Int32 = 0
        var y: Int32 = 0
    }

    private(set) var insts: [Inst] = []
    private(set) var classes: [RegexpClass] = []
    /// Two slots (start, end) per group, the whole match being group 0.
    let slotCount: Int
    /// Whether every match must start at the text's start (`^` without (?m), or `\A`): the
    /// machine then starts no thread later on.
    let anchoredStart: Bool

    /// Compiles `node`, which has `groups` capture groups.
    init(_ node: RegexpNode, groups: Int) {
        slotCount = 2 * (groups + 1)
        anchoredStart = Self.startsWithBeginText(node)
        emit(.save, 0)
        compile(node)
        emit(.save, 1)
        emit(.match)
    }

    private static func startsWithBeginText(_ node: RegexpNode) -> Bool {
        switch node {
        case .assertion(.beginText): return true
        case .concat(let subs): return subs.first.map(startsWithBeginText) ?? false
        case .capture(_, _, let sub): return startsWithBeginText(sub)
        default: return false
        }
    }

    @discardableResult
    private mutating func emit(_ op: Op, _ x: Int = 0, _ y: Int = 0) -> Int {
        insts.append(Inst(op: op, x: Int32(x), y: Int32(y)))
        return insts.count - 1
    }

    /// A split that prefers the body when greedy and the exit when not.
    private mutating func patchSplit(_ at: Int, body: Int, exit: Int, greedy: Bool) {
        insts[at].x = Int32(greedy ? body : exit)
        insts[at].y = Int32(greedy ? exit : body)
    }

    private mutating func compile(_ node: RegexpNode) {
        switch node {
        case .empty:
            break
        case .literal(let c):
            emit(.scalar, Int(c.value))
        case .charClass(let cls):
            classes.append(cls)
            emit(.set, classes.count - 1)
        case .anyChar:
            emit(.any)
        case .anyCharNotNL:
            emit(.anyNotNL)
        case .assertion(let a):
            emit(.assert, Int(a.rawValue))
        case .capture(let index, _, let sub):
            emit(.save, 2 * index)
            compile(sub)
            emit(.save, 2 * index + 1)
        case .concat(let subs):
            for sub in subs { compile(sub) }
        case .alternate(let subs):
            // split(L1, next); L1: sub; jmp end; next: split(L2, ...) ... last: sub.
            var jumps: [Int] = []
            for (k, sub) in subs.enumerated() {
                if k == subs.count - 1 {
                    compile(sub)
                    break
                }
                let split = emit(.split)
                compile(sub)
                jumps.append(emit(.jmp))
                patchSplit(split, body: split + 1, exit: insts.count, greedy: true)
            }
            for j in jumps { insts[j].x = Int32(insts.count) }
        case .repeat(let sub, let min, let max, let greedy):
            if let max {
                // x{n,m}: n copies, then m-n optional ones, each skip leaving the rest out
                // (Go's simplify writes it as x...x(x(x)?)?).
                for _ in 0..<min { compile(sub) }
                var skips: [Int] = []
                for _ in 0..<(max - min) {
                    skips.append(emit(.split))
                    compile(sub)
                }
                for split in skips {
                    patchSplit(split, body: split + 1, exit: insts.count, greedy: greedy)
                }
            } else if min == 0, sub.matchesEmpty {
                // A nullable x* is compiled as (x+)?, or one split could not keep the
                // priority order inside the loop (Go compile.go star, golang.org/issue/46123).
                let quest = emit(.split)
                compile(sub)
                let loop = emit(.split)
                patchSplit(loop, body: quest + 1, exit: loop + 1, greedy: greedy)
                patchSplit(quest, body: quest + 1, exit: insts.count, greedy: greedy)
            } else if min == 0 {
                let split = emit(.split)
                compile(sub)
                emit(.jmp, split)
                patchSplit(split, body: split + 1, exit: insts.count, greedy: greedy)
            } else {
                // x{n,}: n-1 copies, then x+.
                for _ in 0..<(min - 1) { compile(sub) }
                let body = insts.count
                compile(sub)
                let split = emit(.split)
                patchSplit(split, body: body, exit: split + 1, greedy: greedy)
            }
        }
    }

    /// Whether instruction `inst` (a consuming one) accepts `c`.
    @inline(__always)
    private func accepts(_ inst: Inst, _ c: Unicode.Scalar) -> Bool {
        switch inst.op {
        case .scalar: return c.value == UInt32(bitPattern: inst.x)
        case .set: return classes[Int(inst.x)].contains(c)
        case .any: return true
        case .anyNotNL: return c != "\n"
        default: return false
        }
    }

    /// The threads at one position: a sparse set of instructions in priority order, with
    /// each thread's slots. Slots grow with the threads actually live, not with the program
    /// (a large program with many groups would otherwise need programs × groups up front).
    private struct Threads {
        var sparse: [Int32]
        var dense: [Int32]
        var slots: [String.Index?] = []
        var count = 0
        let width: Int

        init(size: Int, width: Int) {
            sparse = Array(repeating: 0, count: size)
            dense = Array(repeating: 0, count: size)
            self.width = width
        }

        func contains(_ pc: Int) -> Bool {
            let d = Int(sparse[pc])
            return d < count && dense[d] == Int32(pc)
        }

        mutating func insert(_ pc: Int) -> Int {
            sparse[pc] = Int32(count)
            dense[count] = Int32(pc)
            count += 1
            if slots.count < count * width {
                slots.append(contentsOf: repeatElement(nil, count: width))
            }
            return count - 1
        }
    }

    /// A pending step of `add`: visit an instruction, or put a slot back as it was.
    private struct Pending {
        var pc: Int32
        var slot: Int32
        var value: String.Index?
    }

    /// Adds the thread at `pc0` and everything it reaches without consuming to `list`,
    /// depth first so that priority order is kept (Go pikevm.go add).
    private func add(
        _ list: inout Threads, _ pc0: Int, at pos: String.Index, before: Unicode.Scalar?,
        after: Unicode.Scalar?, slots: inout [String.Index?], stack: inout [Pending]
    ) {
        let width = list.width
        stack.append(Pending(pc: Int32(pc0), slot: -1, value: nil))
        while let entry = stack.popLast() {
            if entry.slot >= 0 {
                slots[Int(entry.slot)] = entry.value
                continue
            }
            let pc = Int(entry.pc)
            if list.contains(pc) { continue }
            let t = list.insert(pc)
            let inst = insts[pc]
            switch inst.op {
            case .jmp:
                stack.append(Pending(pc: inst.x, slot: -1, value: nil))
            case .split:
                stack.append(Pending(pc: inst.y, slot: -1, value: nil))
                stack.append(Pending(pc: inst.x, slot: -1, value: nil))
            case .save:
                if Int(inst.x) < width {
                    stack.append(Pending(pc: 0, slot: inst.x, value: slots[Int(inst.x)]))
                    slots[Int(inst.x)] = pos
                }
                stack.append(Pending(pc: Int32(pc + 1), slot: -1, value: nil))
            case .assert:
                let assertion = RegexpAssertion(rawValue: UInt8(inst.x)) ?? .beginText
                if assertion.holds(before: before, after: after) {
                    stack.append(Pending(pc: Int32(pc + 1), slot: -1, value: nil))
                }
            default:
                for k in 0..<width { list.slots[t * width + k] = slots[k] }
            }
        }
    }

    /// Runs the machine over `text`: the leftmost-first match's slots, or nil. Without
    /// `wantSlots` it stops at the first match found and returns an empty array.
    func run(_ text: String, wantSlots: Bool) -> [String.Index?]? {
        let view = text.unicodeScalars
        let width = wantSlots ? slotCount : 0
        var current = Threads(size: insts.count, width: width)
        var next = Threads(size: insts.count, width: width)
        var slots = [String.Index?](repeating: nil, count: width)
        var stack: [Pending] = []
        var matched: [String.Index?]?
        var pos = view.startIndex
        var before: Unicode.Scalar?
        while true {
            let c: Unicode.Scalar? = pos < view.endIndex ? view[pos] : nil
            if matched == nil, !anchoredStart || pos == view.startIndex {
                for k in 0..<width { slots[k] = nil }
                add(&current, 0, at: pos, before: before, after: c, slots: &slots, stack: &stack)
            }
            if current.count == 0 { break }
            let after = c == nil ? pos : view.index(after: pos)
            let lookahead: Unicode.Scalar? = after < view.endIndex ? view[after] : nil
            next.count = 0
            for t in 0..<current.count {
                let pc = Int(current.dense[t])
                let inst = insts[pc]
                if inst.op == .match {
                    if !wantSlots { return [] }
                    matched = Array(current.slots[(t * width)..<(t * width + width)])
                    break  // lower-priority threads are cut
                }
                guard let c, accepts(inst, c) else { continue }
                for k in 0..<width { slots[k] = current.slots[t * width + k] }
                add(&next, pc + 1, at: after, before: c, after: lookahead, slots: &slots,
                    stack: &stack)
            }
            guard c != nil else { break }
            swap(&current, &next)
            before = c
            pos = after
        }
        return matched
    }
}
