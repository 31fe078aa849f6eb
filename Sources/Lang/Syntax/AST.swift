/// The syntax tree. Sprout is an expression language: definitions, assignments and loops
/// are expressions too (their value is `none`), so a cell and a block are both lists of
/// expressions whose last value is the result. Every node carries its source range.
public struct Expr: Sendable, Equatable {
    public var kind: ExprKind
    public var range: SourceRange

    public init(_ kind: ExprKind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }
}

public indirect enum ExprKind: Sendable, Equatable {
    // Literals.
    case number(Double)
    case string(String)
    /// `f"loss {l:.4f}"`: text and fields, in order.
    case formatString([FormatPart])
    case bool(Bool)
    case none
    case list([Expr])
    /// `[f(x) for x in xs if p(x)]`: the element, then `for` and `if` clauses in order.
    case comprehension(element: Expr, [ComprehensionClause])
    /// `{lr: 3e-4, wd: 0.1}`; field order is kept.
    case record([RecordField])
    /// `a..b`, half-open.
    case range(Expr, Expr)

    // Names.
    case name(String)
    /// `_N`: the value of cell N.
    case cellValue(Int)

    // Operators.
    case unary(UnaryOperator, Expr)
    case binary(BinaryOperator, Expr, Expr)
    /// `and` / `or`, which evaluate their right side only when needed.
    case logical(LogicalOperator, Expr, Expr)

    // Access and calls.
    /// `x.name`: a record field, or with a call the method-call sugar `name(x, …)`.
    case member(Expr, name: String, nameRange: SourceRange)
    /// `x[i]`, `x[:, 1:3]`, `x[mask]`.
    case index(Expr, [IndexItem])
    /// `f(a, b, lr: 3e-4)`. The pipe `x |> f(2)` is parsed into `f(x, 2)`.
    case call(Expr, [Argument])

    // Functions.
    /// `x -> x * 2`, `(a, b) -> a + b`.
    case lambda([ParameterDecl], body: Expr)
    /// `fn name(params) = expr` or `fn name(params) { … }`; binds `name`.
    case function(name: String, [ParameterDecl], body: Expr)

    // Control flow.
    /// `{ … }`: a new scope; its value is its last expression's (none when empty).
    case block([Expr])
    case ifElse(condition: Expr, then: Expr, else: Expr?)
    case forIn(variable: Pattern, sequence: Expr, body: Expr)
    case whileLoop(condition: Expr, body: Expr)
    case breakLoop
    case continueLoop
    case returnValue(Expr?)

    // Binding.
    /// `x = …`, `x[i] = …`, `train, val = …`.
    case assign(Pattern, Expr)
    /// `x += …` and friends; the target is read, combined and written back.
    case compoundAssign(BinaryOperator, Pattern, Expr)
}

/// A piece of an f-string.
public enum FormatPart: Sendable, Equatable {
    case text(String)
    /// `{value:spec}`; the spec is "" when there is none, its range where it is written.
    case field(Expr, spec: String, specRange: SourceRange)
}

/// A clause of a list comprehension.
public enum ComprehensionClause: Sendable, Equatable {
    /// `for a, b in pairs`: binds the pattern to each item, as a `for` loop does.
    case loop(Pattern, Expr)
    /// `if p(x)`: keeps going only where the condition holds.
    case filter(Expr)
}

public struct RecordField: Sendable, Equatable {
    public var name: String
    public var value: Expr
    public var range: SourceRange
    public init(name: String, value: Expr, range: SourceRange) {
        self.name = name
        self.value = value
        self.range = range
    }
}

public struct Argument: Sendable, Equatable {
    /// The name of a named argument (`lr` in `lr: 3e-4`), nil for a positional one.
    public var label: String?
    public var value: Expr
    public var range: SourceRange
    public init(label: String?, value: Expr, range: SourceRange) {
        self.label = label
        self.value = value
        self.range = range
    }
}

public struct ParameterDecl: Sendable, Equatable {
    public var name: String
    /// A default value makes the parameter optional (and nameable at the call).
    public var defaultValue: Expr?
    public var range: SourceRange
    public init(name: String, defaultValue: Expr?, range: SourceRange) {
        self.name = name
        self.defaultValue = defaultValue
        self.range = range
    }
}

/// One position inside `[...]`.
public indirect enum IndexItem: Sendable, Equatable {
    /// An integer, a list of integers, an index tensor or a mask.
    case value(Expr)
    /// `start:end:step`, each part optional (`:` alone is the whole axis).
    case slice(start: Expr?, end: Expr?, step: Expr?, range: SourceRange)
}

/// What an assignment or a `for` binds.
public indirect enum Pattern: Sendable, Equatable {
    case name(String, SourceRange)
    /// `a, b = …` unpacks a list (or any sequence) of exactly that many values.
    case tuple([Pattern], SourceRange)
    /// `x[i] = …` writes into a tensor or list.
    case index(Expr, [IndexItem], SourceRange)
    /// `r.field = …` writes a record field.
    case member(Expr, String, SourceRange)

    public var range: SourceRange {
        switch self {
        case let .name(_, r), let .tuple(_, r), let .index(_, _, r), let .member(_, _, r): return r
        }
    }

    /// The plain names it binds, flattened out of tuples (an index or a field binds none).
    var names: [String] {
        switch self {
        case let .name(n, _): return [n]
        case let .tuple(parts, _): return parts.flatMap(\.names)
        case .index, .member: return []
        }
    }
}

public enum UnaryOperator: String, Sendable, Equatable {
    case negate = "-", plus = "+", not = "not"
}

public enum BinaryOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", power = "**", modulo = "%"
    case matmul = "@"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

public enum LogicalOperator: String, Sendable, Equatable {
    case and, or
}

/// A parsed cell or file: its expressions, and whether a trailing `;` hides the value.
public struct Program: Sendable, Equatable {
    public var body: [Expr]
    public var hidesValue: Bool
    public init(body: [Expr], hidesValue: Bool) {
        self.body = body
        self.hidesValue = hidesValue
    }
}
