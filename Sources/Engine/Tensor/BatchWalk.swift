/// The batch axes of a batched matrix product: their NumPy broadcast, and for each
/// matrix of the result the matrix of each operand it reads.
///
/// An operand's batch axis of size 1 (or missing) is read with stride 0, so a batch of 1
/// against a batch of 8 reads the one matrix eight times instead of copying it; this is
/// what lets `matmul` broadcast without expanding either operand.
struct BatchWalk {
    /// The result's batch axes (empty for a plain 2-D product).
    let shape: [Int]
    /// Per result batch axis, how far each operand's matrix index moves (0 where broadcast).
    private let stridesA: [Int], stridesB: [Int]

    /// - Parameters:
    ///   - batchA: the leading axes of the first operand (all but its last two).
    ///   - batchB: the same for the second.
    /// - Throws: `TensorError.shapeMismatch` when the batch axes cannot broadcast.
    init(_ batchA: ArraySlice<Int>, _ batchB: ArraySlice<Int>) throws {
        let a = Array(batchA), b = Array(batchB)
        shape = try Shape.broadcast(a, b, op: "matmul")
        stridesA = Shape.broadcastStrides(a, to: shape)
        stridesB = Shape.broadcastStrides(b, to: shape)
    }

    /// Calls `body(i, matrixA, matrixB)` for each result matrix `i` in row-major order,
    /// with the index of the operands' matrices it is the product of.
    /// - Complexity: O(result matrices); no allocation beyond one index per batch axis.
    func forEach(_ body: (Int, Int, Int) throws -> Void) rethrows {
        let count = Shape.count(shape)
        guard count > 0 else { return }
        var index = [Int](repeating: 0, count: shape.count)
        var matrixA = 0, matrixB = 0
        for i in 0..<count {
            try body(i, matrixA, matrixB)
            // Advance the odometer: the last axis fastest, carrying into the ones before.
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                matrixA += stridesA[axis]
                matrixB += stridesB[axis]
                if index[axis] < shape[axis] { break }
                matrixA -= stridesA[axis] * shape[axis]
                matrixB -= stridesB[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}
