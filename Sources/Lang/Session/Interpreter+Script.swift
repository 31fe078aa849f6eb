/// Running a whole file, as `sprout FILE` and `sprout < FILE` do.
extension Interpreter {
    /// Runs a script like a notebook replayed: statement by statement, handing `show`
    /// the value of every top-level expression that a cell would show — one that is not
    /// an assignment, a definition or a loop, is not followed by `;`, and is not none.
    /// Each shown value becomes `_`. Stops at the first error, after showing what came
    /// before it.
    /// - Throws: `SyntaxError` (before anything runs) or `RuntimeError`.
    public func runScript(_ source: Source, show: (Value) throws -> Void) throws {
        let program = try Parser.parseProgram(source)
        let compiler = Compiler(source: source, globals: machine.globals)
        let nodes = try compiler.compile(program)
        // All on one big-stack thread: `show` runs there too, between statements.
        try onBigStack(source) { frame in
            for (i, (statement, node)) in zip(program.body, nodes).enumerated() {
                let value = try Self.evaluateNode(node, &frame)
                noteHiddenSystemNames(named: compiler.resolvedGlobals)
                let isLast = i == program.body.count - 1
                let hidden =
                    isLast
                    ? program.hidesValue
                    : Self.semicolonFollows(statement, before: program.body[i + 1], in: source)
                guard Self.showsValue(statement), !hidden, !value.isNone else { continue }
                remember(value, cell: nil)
                try show(value)
            }
        }
    }

    /// Whether a statement of this kind shows its value at the top level.
    static func showsValue(_ statement: Expr) -> Bool {
        switch statement.kind {
        case .assign, .compoundAssign, .function, .forIn, .whileLoop: return false
        default: return true
        }
    }

    /// Whether a `;` separates `statement` from the next one. Only spaces, line breaks,
    /// comments and separators lie between two statements, so this scans that gap.
    static func semicolonFollows(_ statement: Expr, before next: Expr, in source: Source) -> Bool {
        let bytes = source.bytes
        var i = max(0, statement.range.end)
        let end = min(next.range.start, bytes.count)
        while i < end {
            switch bytes[i] {
            case UInt8(ascii: ";"): return true
            case UInt8(ascii: "#"):
                while i < end && bytes[i] != UInt8(ascii: "\n") { i += 1 }
            default: break
            }
            i += 1
        }
        return false
    }
}
