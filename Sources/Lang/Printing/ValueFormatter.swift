import Engine

/// How values print at the prompt: the text a cell shows for its last value.
///
/// At the top level a value prints in full: strings quoted with escapes, tensors with
/// their header and (elided) body, models as a table of layers with output shapes and
/// parameter counts. Inside a list or record a value prints on one line: tensors and
/// models shrink to a tag such as `<tensor (2, 3)>`, so a record of results stays
/// readable. `print` and `str` use `plain`, which writes strings raw and a one-element
/// tensor as its number.
public enum ValueFormatter {
    /// Lists longer than this show only their first and last `edgeItems` items.
    public static let listThreshold = 100
    public static let edgeItems = 3
    /// A top-level list of lists or records wider than this prints one item per line.
    public static let lineWidth = 80
    /// Nesting deeper than this prints as `…`, so a pathological value cannot exhaust
    /// the stack.
    static let maxDepth = 64
    /// At most this many items of lists and records print in one value; the rest show
    /// as `…`. Depth and elision alone do not bound the text: a list that holds the same
    /// list twice at each level (`x = [x, x]`) is small but prints exponentially long.
    static let maxItems = 2_000

    /// The value as a cell shows it.
    public static func format(_ value: Value) -> String { format(value, width: lineWidth) }

    /// The value as a cell shows it, a table (a dataset) fitted to `width` characters.
    public static func format(_ value: Value, width: Int) -> String {
        switch value {
        case let .string(s): return quoted(s)
        case let .tensor(t): return TensorFormatter().format(t)
        case let .layer(l): return model(l)
        case let .list(items): return list(items)
        case let .record(r): return record(r)
        case let .object(o): return o.formatted(width: width)
        default:
            var budget = maxItems
            return inline(value, depth: 0, budget: &budget)
        }
    }

    /// What `print` and `str` write: a string as its raw text, a one-element tensor (any
    /// shape: a loss, `x[0:1]`) as its number, as `str(item(x))` would, so
    /// `"loss " + str(loss)` reads as a sentence; anything else as `format`.
    public static func plain(_ value: Value) -> String {
        switch value {
        case let .string(s): return s
        case let .tensor(t) where t.count == 1: return formatNumber(Double(t[flat: 0]))
        default: return format(value)
        }
    }

    /// One line, as a value shows inside a list or record.
    public static func inline(_ value: Value) -> String {
        var budget = maxItems
        return inline(value, depth: 0, budget: &budget)
    }

    /// `budget` is how many more items may print; each value printed takes one.
    static func inline(_ value: Value, depth: Int, budget: inout Int) -> String {
        guard depth < maxDepth, budget > 0 else { return "…" }
        budget -= 1
        switch value {
        case let .number(x): return formatNumber(x)
        case let .string(s): return quoted(s)
        case let .bool(b): return b ? "true" : "false"
        case .none: return "none"
        case let .list(items): return "[" + elided(items, depth: depth + 1, budget: &budget).joined(separator: ", ") + "]"
        case let .record(r):
            return "{" + fields(r, depth: depth, budget: &budget).joined(separator: ", ") + "}"
        case let .range(s, e): return "\(s)..\(e)"
        case let .tensor(t):
            if t.rank == 0 && t.count == 1 { return formatNumber(Double(t[flat: 0])) }
            return "<tensor \(Shape.describe(t.shape))>"
        case let .layer(l): return "<model \(l.summary)>"
        case let .optimizer(o): return optimizer(o)
        case let .function(f): return "<fn \(f.signature.rendered(name: f.name))>"
        case let .object(o): return o.inlineText
        }
    }

    /// A record's fields as `name: value`; a name that is not an identifier (a state
    /// dict's `"0.weight"`) is quoted, as a record literal may write it.
    static func fields(_ r: Record, depth: Int, budget: inout Int) -> [String] {
        zip(r.names, r.values).map { "\(fieldName($0)): \(inline($1, depth: depth + 1, budget: &budget))" }
    }

    /// `lr` as it is, `"0.weight"` quoted: what the lexer reads back as the same name.
    static func fieldName(_ name: String) -> String {
        let tokens = try? Lexer.tokenize(Source(name: "field", text: name))
        if let tokens, tokens.count == 2, case let .identifier(read) = tokens[0].kind, read == name { return name }
        return quoted(name)
    }

    /// A top-level record: on one line, or one field per line when it holds lists,
    /// records or tensors and would not fit (a model's state).
    static func record(_ r: Record) -> String {
        var budget = maxItems
        let shown = fields(r, depth: 0, budget: &budget)
        let line = "{" + shown.joined(separator: ", ") + "}"
        guard line.count > lineWidth else { return line }
        guard r.values.contains(where: isWide) else { return packed(shown) }
        return "{" + shown.joined(separator: ",\n ") + "}"
    }

    /// A long record of plain fields (a dataset's row of 65 cells) as lines of at most
    /// `lineWidth`, as many fields to a line as fit, rather than one line of a thousand.
    static func packed(_ fields: [String]) -> String {
        var lines: [String] = []
        var current = "{"
        for (i, field) in fields.enumerated() {
            let piece = field + (i == fields.count - 1 ? "}" : ",")
            if current.count > 1, current.count + 1 + piece.count > lineWidth {
                lines.append(current)
                current = " " + piece
            } else {
                current += (current.count > 1 ? " " : "") + piece
            }
        }
        lines.append(current)
        return lines.joined(separator: "\n")
    }

    /// Whether a field's value makes a long record print one field per line.
    static func isWide(_ value: Value) -> Bool {
        if case .tensor = value { return true }
        return value.isContainer
    }

    /// The items shown of a list: all of them, or the edges around a `…`.
    static func elided(_ items: [Value], depth: Int, budget: inout Int) -> [String] {
        guard items.count > listThreshold else { return items.map { inline($0, depth: depth, budget: &budget) } }
        let head = items.prefix(edgeItems).map { inline($0, depth: depth, budget: &budget) }
        let tail = items.suffix(edgeItems).map { inline($0, depth: depth, budget: &budget) }
        return head + ["…"] + tail
    }

    /// A top-level list: on one line, or one item per line when it holds lists or
    /// records and would not fit; a long list is elided and says how long it is.
    static func list(_ items: [Value]) -> String {
        var budget = maxItems
        let shown = elided(items, depth: 1, budget: &budget)
        let count = items.count > listThreshold ? " (\(items.count) items)" : ""
        let line = "[" + shown.joined(separator: ", ") + "]"
        let isStructured = items.contains(where: \.isContainer)
        guard isStructured, line.count > lineWidth else { return line + count }
        return "[" + shown.joined(separator: ",\n ") + "]" + count
    }

    /// A string literal as it would be written in Sprout source.
    public static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if VisibleText.isControl(scalar) {
                    out += VisibleText.escape(scalar)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// `Adam(lr 0.0003, betas (0.9, 0.999), eps 1e-08, weight decay 0) · 9,610 parameters`.
    public static func optimizer(_ o: Optimizer) -> String {
        func n(_ x: Float) -> String { formatNumber(Double(x)) }
        let settings: String
        switch o {
        case let adam as Adam:
            settings =
                "\(adam.kind)(lr \(n(adam.learningRate)), betas (\(n(adam.beta1)), \(n(adam.beta2))), eps \(n(adam.epsilon)), weight decay \(n(adam.weightDecay)))"
        case let sgd as SGD:
            var parts = ["lr \(n(sgd.learningRate))"]
            if sgd.momentum != 0 { parts.append("momentum \(n(sgd.momentum))") }
            if sgd.isNesterov { parts.append("nesterov") }
            if sgd.weightDecay != 0 { parts.append("weight decay \(n(sgd.weightDecay))") }
            settings = "SGD(" + parts.joined(separator: ", ") + ")"
        default:
            settings = "optimizer(lr \(n(o.learningRate)))"
        }
        let scalars = o.parameters.reduce(0) { $0 + $1.value.count }
        return settings + " · \(groupedThousands(scalars)) parameters"
    }

    /// `9610` as `9,610`: parameter counts read at a glance.
    public static func groupedThousands(_ n: Int) -> String {
        (n < 0 ? "-" : "") + FormatSpec.grouped(String(n.magnitude), by: ",", size: 3)
    }
}
