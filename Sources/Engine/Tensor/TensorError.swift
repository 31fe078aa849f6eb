/// What went wrong in an Engine operation. Engine errors carry no source positions: the
/// evaluator wraps them with the range of the call that failed.
public enum TensorError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two operand shapes that the operation cannot combine.
    case shapeMismatch(op: String, lhs: [Int], rhs: [Int], reason: String)
    /// An axis outside `-rank ..< rank`.
    case axisOutOfRange(op: String, axis: Int, rank: Int)
    /// An index outside its dimension.
    case indexOutOfRange(op: String, index: Int, dimension: Int, size: Int)
    /// A shape that cannot hold the data it is asked to (negative sizes, wrong element count).
    case invalidShape(op: String, shape: [Int], reason: String)
    /// Any other argument the operation cannot use.
    case invalidArgument(op: String, reason: String)
    /// Gradient bookkeeping: backward from a non-scalar, or on a tensor with no graph.
    case autograd(String)
    /// A result too large to make: over `Shape.maxElements` (`bytes` nil), or more bytes
    /// than the process can have (`available`, when known). `operands` are the inputs'
    /// shapes, for the message.
    case tooLarge(op: String, operands: [[Int]], result: [Int], bytes: Int?, available: Int?)
    /// A stop (Ctrl-C) was requested while the operation ran; see `StopFlag`.
    case cancelled

    public var description: String {
        switch self {
        case let .shapeMismatch(op, lhs, rhs, reason):
            return Self.prefixed(op, "shapes \(Shape.describe(lhs)) and \(Shape.describe(rhs)) \(reason)")
        case let .axisOutOfRange(op, axis, rank):
            let r = max(rank, 1)
            return Self.prefixed(op, "axis \(axis) is out of range for a tensor of rank \(rank) (use -\(r)...\(r - 1))")
        case let .indexOutOfRange(op, index, dimension, size):
            return Self.prefixed(op, "index \(index) is out of range for dimension \(dimension) of size \(size)")
        case let .invalidShape(op, shape, reason):
            return Self.prefixed(op, "shape \(Shape.describe(shape)) \(reason)")
        case let .invalidArgument(op, reason):
            return Self.prefixed(op, reason)
        case let .autograd(message):
            return "backward: \(message)"
        case let .tooLarge(op, operands, result, bytes, available):
            return Self.prefixed(op, TensorError.tooLargeText(operands, result, bytes, available))
        case .cancelled:
            return "stopped"
        }
    }

    /// `op: text`, or `text` alone when it already starts with op's name and that name's
    /// value: `x[5]` fails in the op "index", and "index: index 5 is out of range" said its
    /// subject twice. A name followed by another word is kept ("format: format code 'd'
    /// needs a whole number"), since there the word is not the op's subject.
    public static func prefixed(_ op: String, _ text: String) -> String {
        let rest = text.dropFirst(op.count + 1)
        let repeatsSubject = text.hasPrefix(op + " ") && !(rest.first?.isLetter ?? true)
        return repeatsSubject ? text : "\(op): \(text)"
    }

    /// The same error under another operation's name: a builtin made of others (`zeros`
    /// of `full`, `randn` of `normal`) reports its failures as the name the user called.
    public func naming(_ name: String) -> TensorError {
        switch self {
        case let .shapeMismatch(_, lhs, rhs, reason): return .shapeMismatch(op: name, lhs: lhs, rhs: rhs, reason: reason)
        case let .axisOutOfRange(_, axis, rank): return .axisOutOfRange(op: name, axis: axis, rank: rank)
        case let .indexOutOfRange(_, index, dimension, size):
            return .indexOutOfRange(op: name, index: index, dimension: dimension, size: size)
        case let .invalidShape(_, shape, reason): return .invalidShape(op: name, shape: shape, reason: reason)
        case let .invalidArgument(_, reason): return .invalidArgument(op: name, reason: reason)
        case let .tooLarge(_, operands, result, bytes, available):
            return .tooLarge(op: name, operands: operands, result: result, bytes: bytes, available: available)
        case .autograd, .cancelled: return self
        }
    }

    /// "the result of (100000, 1) and (1, 100000) would be (100000, 100000): 40 GB, more
    /// than this machine can give (23 GB free); use smaller shapes or batches".
    private static func tooLargeText(_ operands: [[Int]], _ result: [Int], _ bytes: Int?, _ available: Int?) -> String {
        // Inputs of the result's own shape and scalars say nothing about why it is large.
        let named = operands.filter { $0 != result && !$0.isEmpty }
        let subject =
            named.isEmpty
            ? "shape \(Shape.describe(result)) needs"
            : "the result of \(named.map(Shape.describe).joined(separator: " and ")) would be \(Shape.describe(result)):"
        let advice = "; use smaller shapes or batches"
        guard let bytes else {
            let size =
                TensorMemory.checkedCount(result).map { count in
                    let (needed, overflow) = count.multipliedReportingOverflow(by: MemoryLayout<Float>.size)
                    return "\(count) elements" + (overflow ? "" : " (\(TensorMemory.describe(bytes: needed)))")
                } ?? "too many elements"
            return "\(subject) \(size), more than a tensor holds (2^31 elements)" + advice
        }
        let free = available.map { " (\(TensorMemory.describe(bytes: $0)) free)" } ?? ""
        return "\(subject) \(TensorMemory.describe(bytes: bytes)), more than this machine can give\(free)" + advice
    }
}
