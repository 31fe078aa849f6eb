/// Which names a function's own variables are, and which of them nested functions capture.
///
/// The rules (Python's, kept simple):
/// - A function's locals are its parameters and every name it assigns (`=`, `+=`, a `for`
///   variable, a destructuring name, a nested `fn`'s name) anywhere in its body — blocks
///   do not make scopes — except names that are already locals of an enclosing function:
///   assigning those writes the enclosing variable, so closures share state.
/// - Any other name is a global, read when the code runs (so a function may use a global
///   defined after it). Assigning a global inside a function makes a new local instead.
/// - A local that a nested function uses lives in a box that the closure keeps, so the
///   closure sees later changes (and the enclosing function sees the closure's).
struct FunctionAnalysis {
    /// Parameters first, then assigned names in the order first seen.
    var locals: [String] = []
    /// Names the function uses that are not its own locals.
    var free: Set<String> = []
    /// Locals that some nested function uses.
    var captured: Set<String> = []

    init(parameters: [ParameterDecl], body: Expr, enclosing: Set<String>) {
        var seen = Set<String>()
        for p in parameters where seen.insert(p.name).inserted { locals.append(p.name) }
        var assigned: [String] = []
        NameWalk.assignedNames(body, into: &assigned)
        for name in assigned where !enclosing.contains(name) && seen.insert(name).inserted { locals.append(name) }

        var walk = NameWalk(enclosing: enclosing.union(seen))
        for p in parameters { if let d = p.defaultValue { walk.visit(d) } }
        walk.visit(body)
        free = walk.referenced.subtracting(seen)
        captured = walk.usedByNested.intersection(seen)
    }
}

/// Walks an expression for the names it binds and uses.
struct NameWalk {
    /// Every name this function's variables could be: its locals and the enclosing ones.
    let enclosing: Set<String>
    var referenced: Set<String> = []
    /// Free names of functions nested directly inside.
    var usedByNested: Set<String> = []

    init(enclosing: Set<String>) {
        self.enclosing = enclosing
    }

    /// Names bound directly by the expression (not inside nested function bodies).
    static func assignedNames(_ e: Expr, into names: inout [String]) {
        switch e.kind {
        case let .assign(pattern, value):
            patternNames(pattern, into: &names)
            assignedNames(value, into: &names)
        case let .compoundAssign(_, pattern, value):
            if case let .name(n, _) = pattern { names.append(n) }
            assignedNames(value, into: &names)
        case let .forIn(pattern, sequence, body):
            patternNames(pattern, into: &names)
            assignedNames(sequence, into: &names)
            assignedNames(body, into: &names)
        case let .function(name, _, _):
            names.append(name)
        case .lambda:
            break
        default:
            for child in children(of: e) { assignedNames(child, into: &names) }
        }
    }

    private static func patternNames(_ p: Pattern, into names: inout [String]) {
        switch p {
        case let .name(n, _): names.append(n)
        case let .tuple(parts, _): for part in parts { patternNames(part, into: &names) }
        case .index, .member: break
        }
    }

    mutating func visit(_ e: Expr) {
        switch e.kind {
        case let .name(n):
            referenced.insert(n)
        case let .member(base, name, _):
            referenced.insert(name)
            visit(base)
        case let .assign(pattern, value):
            visit(pattern)
            visit(value)
        case let .compoundAssign(_, pattern, value):
            visit(pattern)
            visit(value)
        case let .forIn(pattern, sequence, body):
            visit(pattern)
            visit(sequence)
            visit(body)
        case let .function(name, parameters, body):
            referenced.insert(name)
            nested(parameters, body)
        case let .lambda(parameters, body):
            nested(parameters, body)
        default:
            for child in NameWalk.children(of: e) { visit(child) }
        }
    }

    private mutating func visit(_ p: Pattern) {
        switch p {
        case let .name(n, _): referenced.insert(n)
        case let .tuple(parts, _): for part in parts { visit(part) }
        case let .index(base, items, _):
            visit(base)
            for item in items { visit(item) }
        case let .member(base, _, _): visit(base)
        }
    }

    private mutating func visit(_ item: IndexItem) {
        switch item {
        case let .value(v): visit(v)
        case let .slice(start, end, step, _):
            for part in [start, end, step] { if let part { visit(part) } }
        }
    }

    private mutating func nested(_ parameters: [ParameterDecl], _ body: Expr) {
        let inner = FunctionAnalysis(parameters: parameters, body: body, enclosing: enclosing)
        usedByNested.formUnion(inner.free)
        referenced.formUnion(inner.free)
    }

    /// The direct sub-expressions, for the cases that need no special treatment.
    static func children(of e: Expr) -> [Expr] {
        switch e.kind {
        case .number, .string, .bool, .none, .name, .cellValue, .breakLoop, .continueLoop:
            return []
        case let .list(items): return items
        case let .record(fields): return fields.map(\.value)
        case let .range(a, b): return [a, b]
        case let .unary(_, x): return [x]
        case let .binary(_, a, b): return [a, b]
        case let .logical(_, a, b): return [a, b]
        case let .member(base, _, _): return [base]
        case let .index(base, items):
            var out = [base]
            for item in items {
                switch item {
                case let .value(v): out.append(v)
                case let .slice(start, end, step, _): out += [start, end, step].compactMap { $0 }
                }
            }
            return out
        case let .call(callee, arguments): return [callee] + arguments.map(\.value)
        case .lambda, .function: return []
        case let .block(body): return body
        case let .ifElse(condition, then, otherwise): return [condition, then] + (otherwise.map { [$0] } ?? [])
        case let .forIn(_, sequence, body): return [sequence, body]
        case let .whileLoop(condition, body): return [condition, body]
        case let .returnValue(value): return value.map { [$0] } ?? []
        case let .assign(pattern, value), let .compoundAssign(_, pattern, value):
            return patternExpressions(pattern) + [value]
        }
    }

    private static func patternExpressions(_ p: Pattern) -> [Expr] {
        switch p {
        case .name: return []
        case let .tuple(parts, _): return parts.flatMap(patternExpressions)
        case let .index(base, items, _): return children(of: Expr(.index(base, items), base.range))
        case let .member(base, _, _): return [base]
        }
    }
}
