/// Matrix products through `BLAS.sgemm`. Transposes are flags handed to BLAS, never copies;
/// broadcast batch operands are read in place (stride 0 along a broadcast batch axis),
/// never expanded.
extension Tensor {
    /// The matrix product with NumPy's rules: 1-D operands are promoted to a row / column
    /// and the added axis removed again; axes before the last two are batch axes, which
    /// broadcast against each other as in elementwise ops.
    public func matmul(_ other: Tensor) throws -> Tensor {
        try Tensor.matmul(self, other)
    }

    /// `op(a) @ op(b)` where `op` transposes the last two axes when asked.
    /// - Parameters:
    ///   - a: (…, m, k), (…, k, m) with `transposeA`; 1-D is a row.
    ///   - b: (…, k, n), (…, n, k) with `transposeB`; 1-D is a column.
    /// - Returns: (batch…, m, n), the batch axes being the broadcast of both operands'
    ///   leading axes, without the promoted axis of a 1-D operand (two vectors give a
    ///   rank-0 tensor).
    public static func matmul(_ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
        guard a.rank >= 1, b.rank >= 1 else {
            throw TensorError.shapeMismatch(
                op: "matmul", lhs: a.shape, rhs: b.shape,
                reason: "cannot be multiplied: matmul needs tensors of rank 1 or more (use * for a single number)")
        }
        // Promote vectors, remember which axes to drop from the result.
        let a2 = a.rank == 1 ? try a.reshaped(to: [1, a.shape[0]]) : a
        let b2 = b.rank == 1 ? try b.reshaped(to: [b.shape[0], 1]) : b
        let kA = transposeA ? a2.shape[a2.rank - 2] : a2.shape[a2.rank - 1]
        let kB = transposeB ? b2.shape[b2.rank - 1] : b2.shape[b2.rank - 2]
        guard kA == kB else {
            throw TensorError.shapeMismatch(
                op: "matmul", lhs: a.shape, rhs: b.shape, reason: "cannot be multiplied: inner dimensions \(kA) and \(kB) differ")
        }
        // Checked here, not in `core`, to name the user's shapes; a plain 2-D product
        // (the training hot path) skips the batch bookkeeping entirely.
        if a2.rank > 2 || b2.rank > 2 {
            let batchA = Array(a2.shape.dropLast(2)), batchB = Array(b2.shape.dropLast(2))
            do {
                _ = try Shape.broadcast(batchA, batchB, op: "matmul")
            } catch {
                throw TensorError.shapeMismatch(
                    op: "matmul", lhs: a.shape, rhs: b.shape,
                    reason:
                        "cannot be multiplied: batch axes \(Shape.describe(batchA)) and \(Shape.describe(batchB)) cannot be broadcast together"
                )
            }
        }
        var result: Tensor
        if b2.rank == 2 && a2.rank > 2 && !transposeA {
            // A batch against one matrix is one big product: fold the batch into the rows.
            let batchA = Array(a2.shape.dropLast(2)), m = a2.shape[a2.rank - 2]
            let flat = try a2.reshaped(to: [Shape.count(batchA) * m, kA])
            let product = try core(flat, b2, false, transposeB)
            result = try product.reshaped(to: batchA + [m, product.shape[1]])
        } else {
            result = try core(a2, b2, transposeA, transposeB)
        }
        // Drop the promoted row first: for two vectors (1, 1) → (1) → ().
        if a.rank == 1 { result = try result.squeezed(axis: -2) }
        if b.rank == 1 { result = try result.squeezed(axis: -1) }
        return result
    }

    /// Multiply-adds per sgemm call before the stop flag is read again: about 0.1 s on one
    /// thread at the ~90 GFLOP/s sgemm reaches here (Ctrl-C is asked to stop within a
    /// second). Blocks of 2^29 cut a 2048² product into 128-row calls and cost it 6-9%
    /// in `make bench`; at 2^32 it is two 1024-row calls.
    static let blockMultiplyAdds = 1 << 32

    /// Rank >= 2 × rank >= 2 with broadcastable batch axes; inner sizes already checked
    /// (the gradient rules call it with shapes a product already had).
    /// `blockMultiplyAdds` is a parameter so tests can check the blocking on small shapes.
    static func core(
        _ a: Tensor, _ b: Tensor, _ transA: Bool, _ transB: Bool,
        blockMultiplyAdds: Int = Tensor.blockMultiplyAdds
    ) throws -> Tensor {
        let (ra, ca) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (rb, cb) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let m = transA ? ca : ra, k = transA ? ra : ca, n = transB ? rb : cb
        guard m <= BLAS.maxDimension, n <= BLAS.maxDimension, k <= BLAS.maxDimension else {
            throw TensorError.shapeMismatch(op: "matmul", lhs: a.shape, rhs: b.shape, reason: "are too large for BLAS (32-bit sizes)")
        }
        let walk = a.rank == 2 && b.rank == 2 ? nil : try BatchWalk(a.shape.dropLast(2), b.shape.dropLast(2))
        let shape = walk.map { $0.shape + [m, n] } ?? [m, n]
        let storage = try TensorStorage(shape: shape, op: "matmul", operands: [a.shape, b.shape])
        // sgemm with beta 0 writes every element, so only an empty inner dimension needs zeros.
        if k == 0 { storage.pointer.initialize(repeating: 0, count: storage.count) }
        var out = Tensor(shape: shape, storage: storage)
        if m > 0 && n > 0 && k > 0 {
            let pa = a.storage.pointer, pb = b.storage.pointer, pc = storage.pointer
            // A large product runs in blocks of rows, reading the stop flag between them.
            let rows = Swift.max(1, Swift.min(m, blockMultiplyAdds / Swift.max(n * k, 1)))
            let batch = walk.map { Shape.count($0.shape) } ?? 1
            /// Result matrix `i` = op(A's matrix `matrixA`) · op(B's matrix `matrixB`).
            func product(_ i: Int, _ matrixA: Int, _ matrixB: Int) throws {
                var row = 0
                while row < m {
                    let count = Swift.min(rows, m - row)
                    // Row `row` of op(A) starts at element row·lda, or at column `row` when transposed.
                    let aStart = transA ? row : row * ca
                    BLAS.sgemm(
                        transA: transA, transB: transB, m: count, n: n, k: k,
                        a: pa + matrixA * ra * ca + aStart, lda: Swift.max(ca, 1), b: pb + matrixB * rb * cb, ldb: Swift.max(cb, 1),
                        c: pc + i * m * n + row * n, ldc: Swift.max(n, 1))
                    row += count
                    if row < m || i + 1 < batch { try StopFlag.checkCurrent() }
                }
            }
            if let walk { try walk.forEach(product) } else { try product(0, 0, 0) }
        }
        out = out.recorded(.matmul(a: a.detached(), b: b.detached(), transposeA: transA, transposeB: transB), inputs: [a, b])
        return out
    }
}
