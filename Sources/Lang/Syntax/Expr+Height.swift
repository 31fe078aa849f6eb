/// The height of a syntax tree, which the parser bounds so that the evaluator's recursion
/// and the tree's own deallocation stay within the stack.
extension Expr {
    /// Nodes on the longest path from this node to a leaf; 1 for a leaf.
    ///
    /// Iterative, with its own stack, so it is safe on any tree.
    /// - Complexity: O(n) in the number of nodes.
    var treeHeight: Int {
        var tallest = 0
        var pending: [(Expr, Int)] = [(self, 1)]
        while let (node, level) = pending.popLast() {
            tallest = max(tallest, level)
            node.forEachSubexpression { pending.append(($0, level + 1)) }
        }
        return tallest
    }

    /// Calls `body` on each direct sub-expression, including those inside arguments,
    /// parameters' defaults, index items and assignment targets.
    func forEachSubexpression(_ body: (Expr) -> Void) {
        switch kind {
        case .number, .string, .bool, .none, .name, .cellValue, .breakLoop, .continueLoop:
            break
        case let .list(items), let .block(items):
            items.forEach(body)
        case let .formatString(parts):
            for case let .field(value, _, _) in parts { body(value) }
        case let .comprehension(element, clauses):
            body(element)
            for clause in clauses {
                switch clause {
                case let .loop(pattern, sequence):
                    pattern.forEachSubexpression(body)
                    body(sequence)
                case let .filter(condition):
                    body(condition)
                }
            }
        case let .record(fields):
            fields.forEach { body($0.value) }
        case let .range(a, b), let .binary(_, a, b), let .logical(_, a, b):
            body(a)
            body(b)
        case let .unary(_, operand):
            body(operand)
        case let .member(base, _, _):
            body(base)
        case let .index(base, items):
            body(base)
            items.forEach { $0.forEachSubexpression(body) }
        case let .call(callee, arguments):
            body(callee)
            arguments.forEach { body($0.value) }
        case let .lambda(parameters, functionBody), let .function(_, parameters, functionBody):
            parameters.forEach { $0.defaultValue.map(body) }
            body(functionBody)
        case let .ifElse(condition, then, otherwise):
            body(condition)
            body(then)
            otherwise.map(body)
        case let .forIn(variable, sequence, loopBody):
            variable.forEachSubexpression(body)
            body(sequence)
            body(loopBody)
        case let .whileLoop(condition, loopBody):
            body(condition)
            body(loopBody)
        case let .returnValue(value):
            value.map(body)
        case let .assign(target, value), let .compoundAssign(_, target, value):
            target.forEachSubexpression(body)
            body(value)
        }
    }
}

extension IndexItem {
    func forEachSubexpression(_ body: (Expr) -> Void) {
        switch self {
        case let .value(value):
            body(value)
        case let .slice(start, end, step, _):
            start.map(body)
            end.map(body)
            step.map(body)
        }
    }
}

extension Pattern {
    func forEachSubexpression(_ body: (Expr) -> Void) {
        switch self {
        case .name:
            break
        case let .tuple(patterns, _):
            patterns.forEach { $0.forEachSubexpression(body) }
        case let .index(base, items, _):
            body(base)
            items.forEach { $0.forEachSubexpression(body) }
        case let .member(base, _, _):
            body(base)
        }
    }
}
