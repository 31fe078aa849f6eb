/// Which names a function's own variables are, and which of them nested functions capture.
///
/// The rules (Python's, kept simple):
/// - A function's locals are its parameters and every name it assigns (`=`, `+=`, a `for`
///   variable, a destructuring name, a nested `fn`'s name) anywhere in its body — blocks
///   do not make scopes — except names that are already locals of an enclosing function:
///   assigning those writes the enclosing variable, so closures share state. A list
///   comprehension's loop variables are not among them: the compiler gives each a slot
///   of its own for the comprehension (`FunctionScope.hide`).
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
            names += pattern.names
            assignedNames(value, into: &names)
        case let .compoundAssign(_, pattern, value):
            if case let .name(n, _) = pattern { names.append(n) }
            assignedNames(value, into: &names)
        case let .forIn(pattern, sequence, body):
            names += pattern.names
            assignedNames(sequence, into: &names)
            assignedNames(body, into: &names)
        case let .function(name, _, _):
            names.append(name)
        case .lambda:
            break
        default:
            // The cases above bind names or open a function; any other kind binds names
            // only inside its sub-expressions.
            e.forEachSubexpression { assignedNames($0, into: &names) }
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
            e.forEachSubexpression { visit($0) }
        }
    }

    private mutating func visit(_ p: Pattern) {
        switch p {
        case let .name(n, _): referenced.insert(n)
        case let .tuple(parts, _): for part in parts { visit(part) }
        case .index, .member: p.forEachSubexpression { visit($0) }
        }
    }

    private mutating func nested(_ parameters: [ParameterDecl], _ body: Expr) {
        let inner = FunctionAnalysis(parameters: parameters, body: body, enclosing: enclosing)
        usedByNested.formUnion(inner.free)
        referenced.formUnion(inner.free)
    }
}
