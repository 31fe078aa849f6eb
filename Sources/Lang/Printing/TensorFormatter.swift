import Engine

/// Renders tensors as a user reads them at the prompt: a header with the shape and dtype,
/// then the values, nested in brackets as NumPy and PyTorch print them. Past `threshold`
/// elements every axis is cut to its first and last `edgeItems` entries with "...", as
/// PyTorch does; every element is written in one notation (`Notation`) and columns are
/// aligned to the widest number shown.
public struct TensorFormatter: Sendable {
    public var threshold = 1000
    public var edgeItems = 3
    public var precision = 4
    public var lineWidth = 80

    public init() {}

    public func header(_ t: Tensor) -> String {
        let grad = t.requiresGradient ? ", requires grad" : ""
        return "tensor \(Shape.describe(t.shape)) float32\(grad)"
    }

    /// Header line and body.
    public func format(_ t: Tensor) -> String {
        header(t) + "\n" + body(t)
    }

    /// The bracketed values alone.
    public func body(_ t: Tensor) -> String {
        let summarize = t.count > threshold
        let shown = shownValues(t, summarize: summarize)
        let notation = Notation(of: shown)
        let cells = shown.map { number($0, notation) }
        let width = cells.map(\.count).max() ?? 1
        if t.rank == 0 { return cells.first ?? "" }
        var out = ""
        render(t, axis: 0, offset: 0, summarize: summarize, width: width, notation: notation, indent: 1, into: &out)
        return out
    }

    /// How every element of one tensor is written, so a column never mixes `1.5000` and
    /// `1.0000e-05`.
    enum Notation {
        /// `3.`: every finite value is whole and under 1e9 (Sprout's style, as PyTorch's
        /// int mode, without its switch to scientific on a wide range: whole numbers
        /// print exactly either way).
        case whole
        /// `0.2500`: `precision` places.
        case fixed
        /// `2.5000e-01`.
        case scientific

        /// PyTorch's `_Formatter` rule over the nonzero finite values: scientific when
        /// the largest magnitude is over 1000 times the smallest, over 1e8, or the
        /// smallest is under 1e-4. nan, inf and zeros take no part. Summarized tensors
        /// decide over the elements shown, as PyTorch does.
        init(of shown: [Float]) {
            var smallest = Double.infinity, largest = 0.0, isWhole = true
            for v in shown where v.isFinite && v != 0 {
                let magnitude = Double(v.magnitude)
                smallest = Swift.min(smallest, magnitude)
                largest = Swift.max(largest, magnitude)
                if v != v.rounded() || magnitude >= 1e9 { isWhole = false }
            }
            if isWhole {
                self = .whole
            } else if largest / smallest > 1000 || largest > 1e8 || smallest < 1e-4 {
                self = .scientific
            } else {
                self = .fixed
            }
        }
    }

    func number(_ v: Float, _ notation: Notation) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        switch notation {
        case .whole: return String(Int(v)) + "."
        case .fixed: return formatFixed(Double(v), digits: precision)
        case .scientific: return formatScientific(Double(v), digits: precision)
        }
    }

    /// Indices kept along an axis of size n.
    func kept(_ n: Int, summarize: Bool) -> [Int?] {
        guard summarize && n > 2 * edgeItems else { return Array(0..<n) }
        return Array(0..<edgeItems) + [nil] + Array((n - edgeItems)..<n)
    }

    func shownValues(_ t: Tensor, summarize: Bool) -> [Float] {
        var values: [Float] = []
        func walk(_ axis: Int, _ offset: Int) {
            if axis == t.rank { values.append(t[flat: offset]); return }
            let stride = Shape.count(Array(t.shape[(axis + 1)...]))
            for case let i? in kept(t.shape[axis], summarize: summarize) { walk(axis + 1, offset + i * stride) }
        }
        if t.count > 0 { walk(0, 0) }
        return values
    }

    func render(_ t: Tensor, axis: Int, offset: Int, summarize: Bool, width: Int, notation: Notation, indent: Int, into out: inout String) {
        let stride = Shape.count(Array(t.shape[(axis + 1)...]))
        let indices = kept(t.shape[axis], summarize: summarize)
        out += "["
        if axis == t.rank - 1 {
            var line = ""
            for (k, i) in indices.enumerated() {
                let cell = i.map { pad(number(t[flat: offset + $0 * stride], notation), width) } ?? "..."
                if k > 0 {
                    if line.count + cell.count + 2 + indent > lineWidth {
                        out += line + ",\n" + String(repeating: " ", count: indent)
                        line = cell
                        continue
                    }
                    line += ", "
                }
                line += cell
            }
            out += line + "]"
            return
        }
        let gap = String(repeating: "\n", count: t.rank - axis - 1)
        for (k, i) in indices.enumerated() {
            if k > 0 { out += "," + gap + String(repeating: " ", count: indent) }
            if let i {
                render(
                    t, axis: axis + 1, offset: offset + i * stride, summarize: summarize, width: width, notation: notation,
                    indent: indent + 1, into: &out)
            } else {
                out += "..."
            }
        }
        out += "]"
    }

    func pad(_ s: String, _ width: Int) -> String {
        s.count >= width ? s : String(repeating: " ", count: width - s.count) + s
    }
}
