/// Turns a parsed program into nodes, once per cell (and once per function body, when the
/// enclosing cell is compiled). Every name is resolved here to where it lives — a frame
/// slot, a box, a closure capture, or a global index — so running code never looks a
/// name up in a dictionary. Misplaced `break`, `continue` and `return` and assignments to
/// things that cannot be assigned are reported here, before anything runs.
final class Compiler {
    let source: Source
    let globals: GlobalTable
    /// The function being compiled; nil at a cell's top level, where names are global.
    private var scope: FunctionScope?
    private var loopDepth = 0
    /// The cells of the file being replayed, if any: its `_N` are bound to them, so a
    /// function defined in a loaded file reads the file's cells even when called later.
    var fileCells: FileCells?
    /// Every global index a name in this code resolved to, each once, in first-use
    /// order: the only globals running it can rebind, which is all the hidden-builtin
    /// note checks (after every statement of a script, so repeats would multiply).
    private(set) var resolvedGlobals: [Int] = []
    private var resolvedSet: Set<Int> = []

    init(source: Source, globals: GlobalTable) {
        self.source = source
        self.globals = globals
    }

    func compile(_ program: Program) throws -> [Node] {
        try program.body.map(expression)
    }

    func error(_ message: String, _ range: SourceRange) -> RuntimeError {
        RuntimeError(.other(message), range: range, source: source)
    }

    // MARK: - Names

    func resolve(_ name: String) -> Variable {
        if let scope, let v = scope.resolve(name) { return v }
        let index = globals.index(of: name)
        if resolvedSet.insert(index).inserted { resolvedGlobals.append(index) }
        return .global(index)
    }

    // MARK: - Expressions

    func expression(_ e: Expr) throws -> Node {
        let r = e.range
        switch e.kind {
        case let .number(x): return NumberNode(x, r)
        case let .string(s): return ConstantNode(.string(s), r)
        case let .bool(b): return ConstantNode(.bool(b), r)
        case .none: return ConstantNode(.none, r)
        case let .list(items): return ListNode(try items.map(expression), r)
        case let .formatString(parts): return FormatStringNode(try parts.map(formatPart), r)
        case let .comprehension(element, clauses): return try comprehension(element, clauses, r)
        case let .record(fields):
            return RecordNode(fields.map(\.name), try fields.map { try expression($0.value) }, r)
        case let .range(a, b): return RangeNode(try expression(a), try expression(b), r)
        case let .name(n):
            switch resolve(n) {
            case let .local(i): return LocalNode(i, n, r)
            case let .global(i): return GlobalNode(i, n, r)
            case let v: return NameNode(n, v, r)
            }
        case let .cellValue(n): return CellValueNode(n, r, file: fileCells)
        case let .unary(op, x): return UnaryNode(op, try expression(x), r)
        case let .binary(op, a, b):
            if case let .number(c) = b.kind, op != .matmul, op != .power {
                if case let .name(n) = a.kind, case let .local(slot) = resolve(n) {
                    return LocalBinaryConstantNode(op, slot: slot, name: n, nameRange: a.range, c, r)
                }
                return BinaryConstantNode(op, try expression(a), c, r)
            }
            return BinaryNode(op, try expression(a), try expression(b), r)
        case let .logical(op, a, b): return LogicalNode(op, try expression(a), try expression(b), r)
        case let .member(base, name, nameRange):
            return MemberNode(try expression(base), name: name, nameRange: nameRange, function: resolve(name), r)
        case let .index(base, items): return IndexNode(try expression(base), try items.map(indexItem), r)
        case let .call(callee, arguments): return try call(callee, arguments, r)
        case let .lambda(parameters, body):
            return MakeClosureNode(try function("lambda", parameters, body, r), r)
        case let .function(name, parameters, body):
            let target = resolve(name)
            return DefineFunctionNode(MakeClosureNode(try function(name, parameters, body, r), r), target, r)
        case let .block(body):
            // A block of one expression is that expression (one node less per run).
            if body.count == 1 { return try expression(body[0]) }
            return BlockNode(try body.map(expression), r)
        case let .ifElse(condition, then, otherwise):
            return IfNode(try expression(condition), try expression(then), try otherwise.map(expression), r)
        case let .forIn(pattern, sequence, body):
            let target = try self.target(pattern)
            let seq = try expression(sequence)
            return ForNode(target, seq, try loopBody(body), r)
        case let .whileLoop(condition, body):
            return WhileNode(try expression(condition), try loopBody(body), r)
        case .breakLoop:
            guard loopDepth > 0 else { throw error("'break' outside a loop", r) }
            return BreakNode(r)
        case .continueLoop:
            guard loopDepth > 0 else { throw error("'continue' outside a loop", r) }
            return ContinueNode(r)
        case let .returnValue(value):
            guard scope != nil else { throw error("'return' outside a function", r) }
            return ReturnNode(try value.map(expression), r)
        case let .assign(pattern, value):
            if case let .name(n, _) = pattern { return AssignVariableNode(resolve(n), try expression(value), r) }
            return AssignNode(try target(pattern), try expression(value), r)
        case let .compoundAssign(op, pattern, value):
            guard case .tuple = pattern else {
                return CompoundAssignNode(op, try place(pattern), try expression(value), r)
            }
            throw error("'\(op.rawValue)=' needs a single target, not a list of names", pattern.range)
        }
    }

    private func loopBody(_ body: Expr) throws -> Node {
        loopDepth += 1
        defer { loopDepth -= 1 }
        return try expression(body)
    }

    private func formatPart(_ part: FormatPart) throws -> FormatStringPart {
        switch part {
        case let .text(text): return .text(text)
        case let .field(value, spec, specRange):
            return .field(try expression(value), Result { () throws(FormatSpecError) in try FormatSpec(spec) }, specRange: specRange)
        }
    }

    /// The clauses compile outside any loop (a `break` in them is an error, not a jump
    /// out of an enclosing loop). Inside a function each loop variable gets a slot of its
    /// own from its clause on (a clause's sequence still reads the name outside), so the
    /// name elsewhere in the function keeps meaning what it meant; at a cell's top level
    /// they are globals, which the node puts back when it ends.
    private func comprehension(_ element: Expr, _ clauses: [ComprehensionClause], _ r: SourceRange) throws -> Node {
        let savedLoops = loopDepth
        loopDepth = 0
        var hidden: [(String, Variable?)] = []
        defer {
            loopDepth = savedLoops
            for (name, previous) in hidden.reversed() { scope?.reveal(name, previous) }
        }
        var steps: [ComprehensionStep] = []
        var variables: [Variable] = []
        let captured = scope == nil ? [] : Self.capturedLoopVariables(element, clauses)
        for clause in clauses {
            switch clause {
            case let .loop(pattern, sequence):
                let sequenceNode = try expression(sequence)
                for n in pattern.names {
                    if let scope { hidden.append((n, scope.hide(n, boxed: captured.contains(n)))) }
                    // A boxed one is the comprehension's own and stays as the closures
                    // made in it left it (their `k` is its last value, as in Python).
                    if !captured.contains(n) || scope == nil { variables.append(resolve(n)) }
                }
                steps.append(.loop(try target(pattern), sequenceNode))
            case let .filter(condition):
                steps.append(.filter(try expression(condition)))
            }
        }
        return ComprehensionNode(try expression(element), steps, variables: variables, r)
    }

    /// The loop variables of a comprehension that a function made inside it uses.
    private static func capturedLoopVariables(_ element: Expr, _ clauses: [ComprehensionClause]) -> Set<String> {
        var names = Set<String>()
        for case let .loop(pattern, _) in clauses {
            names.formUnion(pattern.names)
        }
        var walk = NameWalk(enclosing: names)
        walk.visit(element)
        for clause in clauses {
            switch clause {
            case let .loop(_, sequence): walk.visit(sequence)
            case let .filter(condition): walk.visit(condition)
            }
        }
        return walk.usedByNested.intersection(names)
    }

    private func indexItem(_ item: IndexItem) throws -> IndexItemNode {
        switch item {
        case let .value(v): return .value(try expression(v))
        case let .slice(start, end, step, range):
            return .slice(
                start: try start.map(expression), end: try end.map(expression),
                step: try step.map(expression), range)
        }
    }

    private func call(_ callee: Expr, _ arguments: [Argument], _ r: SourceRange) throws -> Node {
        let args = ArgumentNodes(values: try arguments.map { try expression($0.value) }, labels: arguments.map(\.label))
        var seen = Set<String>()
        for a in arguments {
            if let label = a.label, !seen.insert(label).inserted {
                throw error("the argument '\(label)' is given twice", a.range)
            }
        }
        if case let .member(receiver, name, nameRange) = callee.kind {
            return MethodCallNode(try expression(receiver), name: name, nameRange: nameRange, function: resolve(name), args, r)
        }
        if case let .name(n) = callee.kind, case let .global(i) = resolve(n) {
            return GlobalCallNode(i, name: n, nameRange: callee.range, args, r)
        }
        return CallNode(try expression(callee), args, r)
    }

    // MARK: - Assignment targets

    private func target(_ pattern: Pattern) throws -> Target {
        if case let .tuple(parts, range) = pattern { return .tuple(try parts.map(target), range) }
        return .place(try place(pattern))
    }

    private func place(_ pattern: Pattern) throws -> Place {
        switch pattern {
        case let .name(n, r): return .variable(resolve(n), name: n, r)
        case let .index(base, items, r): return .element(try place(base), try items.map(indexItem), r)
        case let .member(base, name, r): return .field(try place(base), name, r)
        case let .tuple(_, r): throw error("a list of names cannot be used here", r)
        }
    }

    /// The place an expression on the left of `x[i] = …` or `r.f = …` names.
    private func place(_ e: Expr) throws -> Place {
        switch e.kind {
        case let .name(n): return .variable(resolve(n), name: n, e.range)
        case let .index(base, items): return .element(try place(base), try items.map(indexItem), e.range)
        case let .member(base, name, _): return .field(try place(base), name, e.range)
        default:
            throw error("cannot assign into this expression: only a variable, or an element or field of one, can be assigned", e.range)
        }
    }

    // MARK: - Functions

    private func function(_ name: String, _ parameters: [ParameterDecl], _ body: Expr, _ r: SourceRange) throws -> FunctionCode {
        var names = Set<String>()
        for p in parameters where !names.insert(p.name).inserted {
            throw error("the parameter '\(p.name)' appears twice", p.range)
        }
        let enclosing = scope.map { $0.enclosing.union($0.ownNames) } ?? []
        let analysis = FunctionAnalysis(parameters: parameters, body: body, enclosing: enclosing)
        let inner = FunctionScope(parent: scope, enclosing: enclosing, analysis: analysis, parameterCount: parameters.count)

        let savedScope = scope, savedLoops = loopDepth
        scope = inner
        loopDepth = 0
        defer {
            scope = savedScope
            loopDepth = savedLoops
        }
        let defaults = try parameters.map { try $0.defaultValue.map(expression) }
        let compiledBody = try expression(body)
        let specs = parameters.map { p in
            ParameterSpec(p.name, "any value", default: p.defaultValue.map { source.text(of: $0.range) })
        }
        return FunctionCode(
            name: name, source: source, range: r, signature: Signature(specs),
            parameterCount: parameters.count, capturedParameters: inner.capturedParameters,
            defaults: defaults, slotCount: inner.slotCount, boxCount: inner.boxCount,
            captureSources: inner.captureSources, body: compiledBody)
    }
}

/// The variables of one function being compiled.
final class FunctionScope {
    let parent: FunctionScope?
    /// Locals of every enclosing function.
    let enclosing: Set<String>
    private(set) var variables: [String: Variable] = [:]
    private(set) var ownNames: Set<String> = []
    private var captureIndex: [String: Int] = [:]
    private(set) var captureSources: [CaptureSource] = []
    private(set) var slotCount = 0
    private(set) var boxCount = 0

    /// Parameters captured by nested functions: their slot, and the box the prologue
    /// copies them into.
    private(set) var capturedParameters: [(slot: Int, box: Int)] = []

    /// The first `parameterCount` of the analysis's locals are the parameters: they get
    /// the first slots (so a call binds them by position), and a box as well when
    /// captured.
    init(parent: FunctionScope?, enclosing: Set<String>, analysis: FunctionAnalysis, parameterCount: Int) {
        self.parent = parent
        self.enclosing = enclosing
        for (position, name) in analysis.locals.enumerated() {
            ownNames.insert(name)
            if position < parameterCount {
                let slot = slotCount
                slotCount += 1
                if analysis.captured.contains(name) {
                    capturedParameters.append((slot, boxCount))
                    variables[name] = .box(boxCount)
                    boxCount += 1
                } else {
                    variables[name] = .local(slot)
                }
            } else if analysis.captured.contains(name) {
                variables[name] = .box(boxCount)
                boxCount += 1
            } else {
                variables[name] = .local(slotCount)
                slotCount += 1
            }
        }
    }

    /// Gives `name` a new slot until `reveal` puts back what it named before: a list
    /// comprehension's loop variable, which exists only inside it. A box when a function
    /// made inside the comprehension uses it (`[map(ys, y -> y * k) for k in ks]`), since
    /// closures capture boxes, not slots.
    func hide(_ name: String, boxed: Bool) -> Variable? {
        let previous = variables[name]
        if boxed {
            variables[name] = .box(boxCount)
            boxCount += 1
        } else {
            variables[name] = .local(slotCount)
            slotCount += 1
        }
        return previous
    }

    func reveal(_ name: String, _ previous: Variable?) {
        variables[name] = previous
    }

    /// A local, or a capture of an enclosing function's local (added on first use); nil
    /// for a global.
    func resolve(_ name: String) -> Variable? {
        if let v = variables[name] { return v }
        if let c = captureIndex[name] { return .capture(c) }
        guard let parent, let outer = parent.resolve(name) else { return nil }
        let source: CaptureSource
        switch outer {
        case let .box(i): source = .box(i)
        case let .capture(i): source = .capture(i)
        case .local, .global: return nil
        }
        let index = captureSources.count
        captureSources.append(source)
        captureIndex[name] = index
        return .capture(index)
    }
}
