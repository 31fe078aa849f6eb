import Engine
import Glibc

/// Renders tensors as a user reads them at the prompt: a header with the shape and dtype,
/// then the values, nested in brackets as NumPy and PyTorch print them. Past `threshold`
/// elements every axis is cut to its first and last `edgeItems` entries with "...", as
/// PyTorch does; columns are aligned to the widest number shown.
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
        let integral = shown.allSatisfy { !$0.isFinite || $0 == $0.rounded() && Swift.abs($0) < 1e9 }
        let cells = shown.map { number($0, integral: integral) }
        let width = cells.map(\.count).max() ?? 1
        if t.rank == 0 { return cells.first ?? "" }
        var out = ""
        render(t, axis: 0, offset: 0, summarize: summarize, width: width, integral: integral, indent: 1, into: &out)
        return out
    }

    func number(_ v: Float, integral: Bool) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v > 0 ? "inf" : "-inf" }
        if integral { return String(Int(v)) + "." }
        let magnitude = Swift.abs(v)
        if magnitude != 0 && (magnitude < 1e-4 || magnitude >= 1e8) {
            return formatScientific(Double(v), digits: precision)
        }
        return formatFixed(Double(v), digits: precision)
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

    func render(_ t: Tensor, axis: Int, offset: Int, summarize: Bool, width: Int, integral: Bool, indent: Int, into out: inout String) {
        let stride = Shape.count(Array(t.shape[(axis + 1)...]))
        let indices = kept(t.shape[axis], summarize: summarize)
        out += "["
        if axis == t.rank - 1 {
            var line = ""
            for (k, i) in indices.enumerated() {
                let cell = i.map { pad(number(t[flat: offset + $0 * stride], integral: integral), width) } ?? "..."
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
                render(t, axis: axis + 1, offset: offset + i * stride, summarize: summarize, width: width, integral: integral, indent: indent + 1, into: &out)
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

/// `digits` places after the point, rounded half to even as printf does.
func formatFixed(_ v: Double, digits: Int) -> String {
    cFormat("%.*f", digits, v)
}

/// `digits` places after the point of the mantissa, as printf's %.*e.
func formatScientific(_ v: Double, digits: Int) -> String {
    cFormat("%.*e", digits, v)
}

/// printf's %.*g: `significant` digits, fixed or scientific, trailing zeros dropped.
func formatGeneral(_ v: Double, significant: Int) -> String {
    cFormat("%.*g", significant, v)
}

/// `v` through C's `vsnprintf` with `format`, one `%.*` conversion taking `precision`;
/// the three formats above differ only in their conversion letter. The text is cut at 63
/// bytes.
private func cFormat(_ format: String, _ precision: Int, _ v: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 64)
    _ = withVaList([precision, v]) { vsnprintf(&buffer, buffer.count, format, $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
