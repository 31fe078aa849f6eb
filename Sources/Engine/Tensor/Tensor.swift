/// An n-dimensional array of float32, stored contiguously in row-major order.
///
/// `Tensor` is a value: copies share one `TensorStorage` and the first write to a shared
/// buffer copies it (copy-on-write), so `y = x; y[0] = 1` never changes `x`. A tensor
/// that takes part in gradient computation also carries a `GradNode`: the operation that
/// produced it and the nodes of its inputs. Operations read inputs through their storage
/// pointers, validate shapes up front and throw `TensorError`; nothing here traps on bad
/// input.
public struct Tensor: @unchecked Sendable {
    public private(set) var shape: [Int]
    public private(set) var storage: TensorStorage
    /// The autograd node, when this tensor depends on a tensor that requires gradients.
    var node: GradNode?

    /// Wraps storage with a shape; the element counts must agree.
    init(shape: [Int], storage: TensorStorage, node: GradNode? = nil) {
        self.shape = shape
        self.storage = storage
        self.node = node
    }

    /// A tensor of the given shape whose elements the caller fills in through `body`;
    /// `op` and `operands` name the request if the checked allocation refuses it.
    static func make(
        _ shape: [Int], op: String, operands: @autoclosure () -> [[Int]] = [],
        _ body: (UnsafeMutablePointer<Float>) throws -> Void
    ) throws -> Tensor {
        let s = try TensorStorage(shape: shape, op: op, operands: operands())
        try body(s.pointer)
        return Tensor(shape: shape, storage: s)
    }

    /// A tensor with the given shape and elements in row-major order.
    public init(shape: [Int], scalars: [Float]) throws {
        try Shape.validate(shape, op: "tensor")
        guard Shape.count(shape) == scalars.count else {
            throw TensorError.invalidShape(op: "tensor", shape: shape, reason: "needs \(Shape.count(shape)) elements, got \(scalars.count)")
        }
        let s = try TensorStorage(shape: shape, op: "tensor")
        scalars.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { s.pointer.update(from: base, count: buffer.count) }
        }
        self.init(shape: shape, storage: s)
    }

    /// A rank-0 tensor.
    public init(_ value: Float) {
        self.init(shape: [], storage: TensorStorage(scalar: value))
    }

    public var rank: Int { shape.count }
    public var count: Int { storage.count }
    public var isScalar: Bool { storage.count == 1 }

    /// The elements in row-major order.
    public var scalars: [Float] { Array(UnsafeBufferPointer(start: storage.pointer, count: storage.count)) }

    /// The single element of a one-element tensor.
    public func item() throws -> Float {
        guard storage.count == 1 else {
            throw TensorError.invalidArgument(op: "item", reason: "needs a tensor with one element, got shape \(Shape.describe(shape))")
        }
        return storage.pointer[0]
    }

    /// Element at a flat (row-major) position; the caller checks the range.
    @inlinable
    public subscript(flat i: Int) -> Float { storage.pointer[i] }

    /// Read access to the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Float>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// Write access to the elements; copies the storage first when it is shared.
    /// Writing bypasses autograd: it is for tensors that need no gradient and for
    /// optimizers updating parameter values.
    /// - Throws: `TensorError.tooLarge` when the copy cannot be had.
    public mutating func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Float>) throws -> R) throws -> R {
        if !isKnownUniquelyReferenced(&storage) { storage = try storage.copy(op: "write") }
        return try body(UnsafeMutableBufferPointer(start: storage.pointer, count: storage.count))
    }

    /// The same values, cut from the gradient graph.
    public func detached() -> Tensor { Tensor(shape: shape, storage: storage) }

    /// Same storage seen with another shape of the same element count (no checks).
    func viewed(as newShape: [Int]) -> Tensor { Tensor(shape: newShape, storage: storage) }

    /// Whether the two tensors hold the same storage (for tests of copy-on-write).
    public func sharesStorage(with other: Tensor) -> Bool { storage === other.storage }
}
