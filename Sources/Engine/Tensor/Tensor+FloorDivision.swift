/// Floor division and remainder with Python's meaning (`//` and `%`), for numbers and
/// tensors alike, so a tensor's elements agree with the same operator on plain numbers.
///
/// The quotient rounds toward minus infinity and the remainder takes the divisor's sign,
/// with `a == (a // b) * b + a % b` up to rounding. Like NumPy and PyTorch, and unlike
/// Python's numbers, division by zero is not an error: `a // 0` is `a / 0` (inf, -inf
/// or nan) and `a % 0` is nan, as the other float operations give.
public enum FloorDivision {
    /// `floor(a / b)` computed as CPython does (from `fmod`), so a quotient just below a
    /// whole number is not rounded up by the division: `1 // 0.1` is 9, as in Python.
    @inlinable
    public static func quotient<T: FloatingPoint>(_ a: T, _ b: T) -> T {
        if b == 0 { return a / b }
        let mod = a.truncatingRemainder(dividingBy: b)
        var div = (a - mod) / b
        if mod != 0 && (b < 0) != (mod < 0) { div -= 1 }
        if div == 0 { return T(signOf: a / b, magnitudeOf: 0) }
        var floored = div.rounded(.down)
        if div - floored > 1 / 2 { floored += 1 }
        return floored
    }

    /// `a - b * floor(a / b)`: the remainder with the sign of the divisor (nan for b = 0).
    @inlinable
    public static func remainder<T: FloatingPoint>(_ a: T, _ b: T) -> T {
        let r = a.truncatingRemainder(dividingBy: b)
        return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
    }
}

extension Tensor {
    /// `self // divisor` elementwise, broadcasting. Its gradient is zero everywhere (the
    /// quotient is a step function), as PyTorch treats `floor_divide`.
    public func floorDivided(by divisor: Tensor) throws -> Tensor {
        try Tensor.broadcastBinary(self, divisor, op: "floor_divide", .floorDivide) { FloorDivision.quotient($0, $1) }
    }

    /// `self % divisor` elementwise, broadcasting, with the divisor's sign (Python's `%`,
    /// PyTorch's `remainder`). Gradients: 1 for `self`, `-floor(self / divisor)` for the divisor.
    public func remainder(dividingBy divisor: Tensor) throws -> Tensor {
        try Tensor.broadcastBinary(self, divisor, op: "remainder", .remainder(detached(), divisor.detached())) {
            FloorDivision.remainder($0, $1)
        }
    }
}
