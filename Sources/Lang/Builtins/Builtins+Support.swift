import Engine

// What every builtin family shares: the one place Engine errors become language errors,
// and argument accessors for the kinds `Arguments` does not convert itself. Each accessor
// throws the same "f: p expects …, got …" error the contract's accessors do.

extension Builtins {
    /// Runs an Engine operation, turning a `TensorError` into `RuntimeError(.tensor)` so
    /// the evaluator can put the call's source range on it. Other errors pass through.
    static func engine<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as TensorError {
            throw RuntimeError(engine: error)
        }
    }

    /// Builds a `ParameterSpec`: `arg("lr", "a number", "0.001")` reads as the signature.
    static func arg(_ name: String, _ expects: String, _ defaultText: String? = nil) -> ParameterSpec {
        ParameterSpec(name, expects, default: defaultText)
    }

    /// A parameter that collects every remaining positional argument (`seq(layers…)`).
    static func variadic(_ name: String, _ expects: String) -> ParameterSpec {
        ParameterSpec(name, expects, variadic: true)
    }

    /// The most items a range is turned into (a list, or the numbers `sum(0..n)` adds):
    /// past it the allocation alone would take gigabytes, and a failed allocation ends
    /// the process.
    static let maxRangeItems = 10_000_000

    /// The whole numbers of `start..end`, refusing ranges too long to hold.
    static func rangeItems(_ start: Int, _ end: Int, function: String) throws -> Range<Int> {
        let count = max(0, end - start)
        guard count <= maxRangeItems else {
            throw RuntimeError(
                .call(
                    function: function,
                    problem:
                        "the range \(start)..\(end) has \(ValueFormatter.groupedThousands(count)) items, too many to list (at most \(ValueFormatter.groupedThousands(maxRangeItems)))"
                ))
        }
        return start..<(start + count)
    }
}

extension Arguments {
    /// A number as the Engine's `Float`.
    func float(_ name: String) throws -> Float {
        Float(try number(name))
    }

    /// A list of axes, or nil when the parameter is omitted or none (meaning "all axes").
    func axes(_ name: String) throws -> [Int]? {
        has(name) ? try integers(name) : nil
    }

    /// A whole number that must not be negative (sizes, counts, seeds).
    func count(_ name: String) throws -> Int {
        let n = try integer(name)
        guard n >= 0 else { throw mismatch(name, value(name) ?? .none) }
        return n
    }

    func optimizer(_ name: String) throws -> Optimizer {
        guard let v = value(name) else { throw missing(name) }
        if case let .optimizer(o) = v { return o }
        throw mismatch(name, v)
    }

    /// The items of a list, or the numbers of a range.
    func list(_ name: String) throws -> [Value] {
        guard let v = value(name), !v.isNone else { throw missing(name) }
        switch v {
        case let .list(items): return items
        case let .range(s, e): return try Builtins.rangeItems(s, e, function: function).map { .number(Double($0)) }
        default: throw mismatch(name, v)
        }
    }

    /// A list whose items are each converted to a tensor (`concat`, `stack`).
    func tensors(_ name: String) throws -> [Tensor] {
        guard let v = value(name) else { throw missing(name) }
        guard case let .list(items) = v else { throw mismatch(name, v) }
        return try items.map { item in
            guard let t = try item.asTensor() else { throw mismatch(name, v) }
            return t
        }
    }

    /// A shape given either as a variadic run of whole numbers (`zeros(2, 3)`) or as one
    /// list (`zeros([2, 3])`), as NumPy and PyTorch both accept.
    func variadicShape(_ name: String) throws -> [Int] {
        if rest.count == 1, let only = rest.first {
            switch only {
            case .list, .range: return try Self.wholeNumbers(only, function: function, onError: mismatch(name, only))
            default: break
            }
        }
        return try rest.map { item in
            guard let n = item.wholeNumber else { throw mismatch(name, item) }
            return n
        }
    }

    /// A number, or a list or range of numbers, as whole numbers; `error` (made only when
    /// needed) for anything else, and the "too many to list" error for a huge range.
    static func wholeNumbers(_ v: Value, function: String, onError error: @autoclosure () -> RuntimeError) throws -> [Int] {
        switch v {
        case let .number(x):
            guard let n = x.wholeInt else { throw error() }
            return [n]
        case let .list(items):
            return try items.map { item in
                guard let n = item.wholeNumber else { throw error() }
                return n
            }
        case let .range(s, e): return Array(try Builtins.rangeItems(s, e, function: function))
        default: throw error()
        }
    }
}

extension Value {
    /// The numbers of a list or range whose items are all plain numbers; nil otherwise.
    /// Builtins such as `sum` and `max` use it to answer with a number, in Double.
    /// - Throws: for a range too long to hold (see `Builtins.maxRangeItems`).
    func plainNumbers(for function: String) throws -> [Double]? {
        switch self {
        case let .list(items):
            var out: [Double] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard case let .number(x) = item else { return nil }
                out.append(x)
            }
            return out
        case let .range(s, e): return try Builtins.rangeItems(s, e, function: function).map(Double.init)
        default: return nil
        }
    }

    /// A number that is whole (see `Double.wholeInt`), or nil.
    var wholeNumber: Int? {
        guard case let .number(x) = self else { return nil }
        return x.wholeInt
    }
}

extension Double {
    /// The number as an `Int` when it has no fraction and lies within ±9e15, where every
    /// whole number is still exact in a Double (and far inside Int's range); nil for
    /// anything else, nan and the infinities included. The one rule for what counts as
    /// a whole-number argument (shapes, axes, counts).
    var wholeInt: Int? {
        self == rounded() && Swift.abs(self) < 9e15 ? Int(self) : nil
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpacesAndTabs() -> String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return String(s)
    }
}
