import Engine

/// The attributes a tensor has without parentheses, as in PyTorch: `x.T` and `x.mT`.
///
/// Other `x.name` on a tensor is method sugar for `name(x)`; these two are not functions
/// (a global `T` would be an odd thing to define), so `MemberNode` asks here first. Both
/// are `transpose`, so gradients flow through them.
///
/// `.T` takes only 2-D tensors. PyTorch deprecates it on other ranks and NumPy reverses
/// every axis there: a batch of matrices would silently have its batch axis moved to the
/// end. So other ranks get an error naming `.mT` (the last two axes, what is usually
/// meant) and `permute` (any order).
public enum TensorProperty: String, CaseIterable, Sendable {
    case T, mT

    /// The property of `tensor`.
    /// - Throws: `RuntimeError` when the tensor's rank does not fit.
    func value(of tensor: Tensor) throws -> Tensor {
        switch self {
        case .T:
            guard tensor.rank == 2 else {
                throw RuntimeError(
                    .type(
                        "'.T' needs a 2-D tensor, got shape \(Shape.describe(tensor.shape)); use .mT to swap the last two axes, or permute to reorder axes"
                    ))
            }
        case .mT:
            guard tensor.rank >= 2 else {
                throw RuntimeError(.type("'.mT' needs a tensor of 2 or more axes, got shape \(Shape.describe(tensor.shape))"))
            }
        }
        return try tensor.transposed()
    }

    /// The names, for Tab after a dot.
    public static let names = allCases.map(\.rawValue)
}
