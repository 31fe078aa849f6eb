import Glibc

/// Broadcasting elementwise arithmetic and maths. Each op computes through `Kernels` and
/// records its gradient rule (see `GradientRules.swift`) when an input needs one.
extension Tensor {
    @inline(__always)
    static func broadcastBinary(
        _ a: Tensor, _ b: Tensor, op name: String, _ op: @autoclosure () -> Op, _ f: (Float, Float) -> Float
    ) throws -> Tensor {
        let shape = try Shape.broadcast(a.shape, b.shape, op: name)
        return try Kernels.binary(a, b, shape: shape, op: name, f).recorded(op(), inputs: [a, b])
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor {
        try broadcastBinary(a, b, op: "add", .add, +)
    }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor {
        try broadcastBinary(a, b, op: "sub", .sub, -)
    }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor {
        try broadcastBinary(a, b, op: "mul", .mul(a.detached(), b.detached()), *)
    }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor {
        try broadcastBinary(a, b, op: "div", .div(a.detached(), b.detached()), /)
    }
    public static func + (a: Tensor, b: Float) throws -> Tensor { try a + Tensor(b) }
    public static func - (a: Tensor, b: Float) throws -> Tensor { try a - Tensor(b) }
    public static func * (a: Tensor, b: Float) throws -> Tensor { try a * Tensor(b) }
    public static func / (a: Tensor, b: Float) throws -> Tensor { try a / Tensor(b) }
    public static func - (a: Float, b: Tensor) throws -> Tensor { try Tensor(a) - b }

    public static prefix func - (a: Tensor) throws -> Tensor {
        try Kernels.unary(a, op: "neg", -).recorded(.neg, inputs: [a])
    }

    /// `self ** exponent`, broadcasting. The gradient with respect to the exponent uses
    /// log(base) and is taken as 0 where the base is not positive.
    public func pow(_ exponent: Tensor) throws -> Tensor {
        let shape = try Shape.broadcast(self.shape, exponent.shape, op: "pow")
        let out = try Kernels.binary(self, exponent, shape: shape, op: "pow") { Glibc.powf($0, $1) }
        return out.recorded(.pow(base: detached(), exponent: exponent.detached(), output: out.detached()), inputs: [self, exponent])
    }
    public func pow(_ exponent: Float) throws -> Tensor { try pow(Tensor(exponent)) }

    public func maximum(_ other: Tensor) throws -> Tensor {
        try Tensor.broadcastBinary(self, other, op: "maximum", .maximum(detached(), other.detached())) { $0.isNaN || $0 > $1 ? $0 : $1 }
    }
    public func minimum(_ other: Tensor) throws -> Tensor {
        try Tensor.broadcastBinary(self, other, op: "minimum", .minimum(detached(), other.detached())) { $0.isNaN || $0 < $1 ? $0 : $1 }
    }

    public func exp() throws -> Tensor {
        let p = storage.pointer
        let out = try Tensor.make(shape, op: "exp", operands: [shape]) { o in
            for r in StopFlag.chunks(count) {
                if r.lowerBound > 0 { try StopFlag.checkCurrent() }
                Kernels.exp(p + r.lowerBound, into: o + r.lowerBound, count: r.count)
            }
        }
        return out.recorded(.exp(output: out.detached()), inputs: [self])
    }
    public func log() throws -> Tensor {
        try Kernels.unary(self, op: "log") { Glibc.logf($0) }.recorded(.log(input: detached()), inputs: [self])
    }
    public func sqrt() throws -> Tensor {
        let out = try Kernels.unary(self, op: "sqrt") { $0.squareRoot() }
        return out.recorded(.sqrt(output: out.detached()), inputs: [self])
    }
    public func abs() throws -> Tensor {
        try Kernels.unary(self, op: "abs") { Swift.abs($0) }.recorded(.abs(input: detached()), inputs: [self])
    }
    public func tanh() throws -> Tensor {
        let out = try Kernels.unary(self, op: "tanh") { Glibc.tanhf($0) }
        return out.recorded(.tanh(output: out.detached()), inputs: [self])
    }
    public func sigmoid() throws -> Tensor {
        let out = try Kernels.unary(self, op: "sigmoid") { Kernels.sigmoid($0) }
        return out.recorded(.sigmoid(output: out.detached()), inputs: [self])
    }
    public func relu() throws -> Tensor {
        try Kernels.unary(self, op: "relu") { $0 < 0 ? 0 : $0 }.recorded(.relu(input: detached()), inputs: [self])
    }
    /// GELU with the exact erf form, PyTorch's default: x · Φ(x).
    public func gelu() throws -> Tensor {
        try Kernels.unary(self, op: "gelu") { x in 0.5 * x * (1 + Glibc.erff(x * 0.70710678118654752)) }
            .recorded(.gelu(input: detached()), inputs: [self])
    }

    /// log(1 + eˣ), stably: max(x, 0) + log1p(e^−|x|). Its gradient is σ(x) everywhere,
    /// including x = 0, where a composite of relu and abs would give 0.
    public func softplus() throws -> Tensor {
        try Kernels.unary(self, op: "softplus") { x in Swift.max(x, 0) + Glibc.log1pf(Glibc.expf(-Swift.abs(x))) }
            .recorded(.softplus(input: detached()), inputs: [self])
    }

    /// Limits every element to `[min, max]`; either bound may be absent.
    public func clamped(min lo: Float? = nil, max hi: Float? = nil) throws -> Tensor {
        if let lo, let hi, lo > hi {
            throw TensorError.invalidArgument(op: "clamp", reason: "min \(lo) is greater than max \(hi)")
        }
        let l = lo ?? -.infinity, h = hi ?? .infinity
        return try Kernels.unary(self, op: "clamp") { Swift.min(Swift.max($0, l), h) }
            .recorded(.clamp(input: detached(), min: l, max: h), inputs: [self])
    }

    /// `f` applied to every element, outside the gradient graph (for step functions such
    /// as rounding, whose derivative is zero almost everywhere).
    public func mapped(op: String, _ f: (Float) -> Float) throws -> Tensor {
        try Kernels.unary(self, op: op, f)
    }

    /// The comparisons, giving 0/1 masks (no gradient flows through them).
    public enum Comparison: String, Sendable, CaseIterable {
        case less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", equal = "==", notEqual = "!="
    }

    public func compare(_ other: Tensor, _ comparison: Comparison) throws -> Tensor {
        let op = comparison.rawValue
        let shape = try Shape.broadcast(self.shape, other.shape, op: op)
        switch comparison {
        case .less: return try Kernels.binary(self, other, shape: shape, op: op) { $0 < $1 ? 1 : 0 }
        case .lessEqual: return try Kernels.binary(self, other, shape: shape, op: op) { $0 <= $1 ? 1 : 0 }
        case .greater: return try Kernels.binary(self, other, shape: shape, op: op) { $0 > $1 ? 1 : 0 }
        case .greaterEqual: return try Kernels.binary(self, other, shape: shape, op: op) { $0 >= $1 ? 1 : 0 }
        case .equal: return try Kernels.binary(self, other, shape: shape, op: op) { $0 == $1 ? 1 : 0 }
        case .notEqual: return try Kernels.binary(self, other, shape: shape, op: op) { $0 != $1 ? 1 : 0 }
        }
    }

    /// Elementwise choice: `a` where `condition` is non-zero, else `b`; all three broadcast.
    public static func select(_ condition: Tensor, _ a: Tensor, _ b: Tensor) throws -> Tensor {
        let ab = try Shape.broadcast(a.shape, b.shape, op: "where")
        let shape = try Shape.broadcast(condition.shape, ab, op: "where")
        let operands = [condition.shape, a.shape, b.shape]
        let mask = try Kernels.binary(condition, Tensor(0), shape: shape, op: "where", operands: operands) { c, _ in c != 0 ? 1 : 0 }
        let sa = Shape.broadcastStrides(a.shape, to: shape), sb = Shape.broadcastStrides(b.shape, to: shape)
        let pa = a.storage.pointer, pb = b.storage.pointer, pm = mask.storage.pointer
        let out = try Tensor.make(shape, op: "where", operands: operands) { o in
            try Kernels.forEachRow(shape) { base, index in
                var ia = 0, ib = 0
                let last = Swift.max(shape.count - 1, 0)
                for d in 0..<last { ia += index[d] * sa[d]; ib += index[d] * sb[d] }
                let la = shape.isEmpty ? 0 : sa[last], lb = shape.isEmpty ? 0 : sb[last]
                let width = shape.last ?? 1
                for j in 0..<width { o[base + j] = pm[base + j] != 0 ? pa[ia + j * la] : pb[ib + j * lb] }
            }
        }
        return out.recorded(.select(mask: mask), inputs: [a, b])
    }
}
