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

    public var description: String {
        switch self {
        case let .shapeMismatch(op, lhs, rhs, reason):
            return "\(op): shapes \(Shape.describe(lhs)) and \(Shape.describe(rhs)) \(reason)"
        case let .axisOutOfRange(op, axis, rank):
            let r = max(rank, 1)
            return "\(op): axis \(axis) is out of range for a tensor of rank \(rank) (use -\(r)...\(r - 1))"
        case let .indexOutOfRange(op, index, dimension, size):
            return "\(op): index \(index) is out of range for dimension \(dimension) of size \(size)"
        case let .invalidShape(op, shape, reason):
            return "\(op): shape \(Shape.describe(shape)) \(reason)"
        case let .invalidArgument(op, reason):
            return "\(op): \(reason)"
        case let .autograd(message):
            return "backward: \(message)"
        }
    }
}
