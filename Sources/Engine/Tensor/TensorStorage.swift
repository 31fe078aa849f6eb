import Glibc

/// A contiguous float32 buffer. Tensors share storage and copy it before writing when it
/// is shared (copy-on-write); the buffer is freed with the last reference.
public final class TensorStorage: @unchecked Sendable {
    public let pointer: UnsafeMutablePointer<Float>
    public let count: Int

    /// Uninitialised storage for a tensor of `shape` that `op` makes from `operands`,
    /// from the one checked allocation (`TensorMemory`): the caller writes every element
    /// before anyone reads it.
    /// `operands` is only evaluated for a refusal, so the common case builds no array.
    /// - Throws: `TensorError.tooLarge` when the buffer is over a limit or cannot be had.
    init(shape: [Int], op: String, operands: @autoclosure () -> [[Int]] = []) throws {
        pointer = try TensorMemory.allocate(shape, op: op, operands: operands)
        count = Shape.count(shape)
    }

    convenience init(repeating value: Float, shape: [Int], op: String) throws {
        try self.init(shape: shape, op: op)
        pointer.initialize(repeating: value, count: count)
    }

    /// One element, for the scalars made on every use (`x * 2`): not worth a throw at each,
    /// and a process that cannot get four bytes cannot go on either. When `malloc` fails,
    /// Swift's allocation (malloc underneath, so `free` releases it) stops the process as
    /// it would for any small array.
    init(scalar value: Float) {
        let raw =
            malloc(MemoryLayout<Float>.stride)
            ?? UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<Float>.stride, alignment: MemoryLayout<Float>.alignment)
        pointer = raw.bindMemory(to: Float.self, capacity: 1)
        pointer.initialize(to: value)
        count = 1
    }

    /// A copy, for a write to shared storage; `op` names the write.
    func copy(op: String) throws -> TensorStorage {
        let s = try TensorStorage(shape: [count], op: op)
        s.pointer.update(from: pointer, count: count)
        return s
    }

    deinit { free(pointer) }
}
