import Testing

@testable import Engine

/// `matmul` with NumPy's batch broadcasting: any number of leading axes on either side,
/// size-1 batch axes stretched, 1-D operands promoted and dropped again. Each case is
/// checked against a naive loop that broadcasts by index, its gradients against finite
/// differences, and a mismatch against the message it gives.
@Suite("Matmul broadcasts its batch axes")
struct BatchedMatmulTests {
    /// (shape of a, shape of b, expected result shape), transposes off.
    static let cases: [([Int], [Int], [Int])] = [
        ([2, 1, 3, 4], [3, 4, 2], [2, 3, 3, 2]),
        ([1, 3, 4], [2, 4, 5], [2, 3, 5]),
        ([2, 3, 4], [1, 4, 5], [2, 3, 5]),
        ([3, 4], [2, 2, 4, 5], [2, 2, 3, 5]),
        ([2, 1, 2, 3, 4], [3, 1, 4, 2], [2, 3, 2, 3, 2]),
        ([4], [2, 3, 4, 5], [2, 3, 5]),
        ([2, 3, 3, 4], [4], [2, 3, 3]),
        ([2, 3, 4], [2, 4, 5], [2, 3, 5]),
        ([0, 3, 4], [1, 4, 5], [0, 3, 5]),
        ([2, 1, 3, 4], [1, 0, 4, 5], [2, 0, 3, 5]),
    ]

    /// The product by a loop over every output element: each operand's batch index is
    /// the output's, taken as 0 along the operand's size-1 (or missing) batch axes.
    static func reference(_ a: Tensor, _ b: Tensor) -> (values: [Double], shape: [Int]) {
        let sa = a.rank == 1 ? [1] + a.shape : a.shape, sb = b.rank == 1 ? b.shape + [1] : b.shape
        let (m, k, n) = (sa[sa.count - 2], sa[sa.count - 1], sb[sb.count - 1])
        let batchA = Array(sa.dropLast(2)), batchB = Array(sb.dropLast(2))
        let rank = max(batchA.count, batchB.count)
        let padA = [Int](repeating: 1, count: rank - batchA.count) + batchA
        let padB = [Int](repeating: 1, count: rank - batchB.count) + batchB
        let batch = zip(padA, padB).map { $0 == 1 ? $1 : $0 }
        var values: [Double] = []
        let (da, db) = (a.doubles, b.doubles)
        for index in Naive.indices(batch) + (batch.isEmpty ? [[]] : []) {
            let ia = Naive.offset(zip(index, padA).map { $1 == 1 ? 0 : $0 }, padA)
            let ib = Naive.offset(zip(index, padB).map { $1 == 1 ? 0 : $0 }, padB)
            values += Naive.matmul(
                Array(da[(ia * m * k)..<((ia + 1) * m * k)]), Array(db[(ib * k * n)..<((ib + 1) * k * n)]),
                m: m, n: n, k: k, transposeA: false, transposeB: false)
        }
        var shape = batch + [m, n]
        if a.rank == 1 { shape.remove(at: shape.count - 2) }
        if b.rank == 1 { shape.removeLast() }
        return (values, shape)
    }

    @Test("numbers and shape against a broadcasting loop", arguments: cases)
    func products(shapeA: [Int], shapeB: [Int], expected: [Int]) throws {
        let a = try Sample.uniform(shapeA, seed: 1), b = try Sample.uniform(shapeB, seed: 2)
        let reference = Self.reference(a, b)
        #expect(reference.shape == expected)
        Approx.expect(try a.matmul(b), equals: reference.values, shape: expected, tolerance: 1e-5)
    }

    @Test("transposed operands broadcast their batch axes too", arguments: MatmulTests.flags)
    func transposed(ta: Bool, tb: Bool) throws {
        let a = try Sample.uniform(ta ? [2, 1, 4, 3] : [2, 1, 3, 4], seed: 3)
        let b = try Sample.uniform(tb ? [3, 5, 4] : [3, 4, 5], seed: 4)
        let plainA = ta ? try a.transposed() : a, plainB = tb ? try b.transposed() : b
        let reference = Self.reference(plainA, plainB)
        Approx.expect(try Tensor.matmul(a, b, transposeA: ta, transposeB: tb), equals: reference.values, shape: [2, 3, 3, 5])
    }

    @Test(
        "gradients of broadcast batches are summed back to each operand's shape",
        arguments: [
            ([2, 1, 3, 4], [3, 4, 2]), ([1, 3, 4], [2, 4, 5]), ([3, 4], [2, 2, 4, 5]), ([4], [2, 3, 4, 2]), ([2, 2, 3, 4], [4]),
        ])
    func gradients(shapeA: [Int], shapeB: [Int]) throws {
        let inputs = [try Sample.uniform(shapeA, seed: 5), try Sample.uniform(shapeB, seed: 6)]
        try GradCheck.expect(inputs) { try $0[0].matmul($0[1]) }
    }

    @Test("transposed broadcast gradients", arguments: MatmulTests.flags)
    func transposedGradients(ta: Bool, tb: Bool) throws {
        let a = try Sample.uniform(ta ? [1, 4, 3] : [1, 3, 4], seed: 7), b = try Sample.uniform(tb ? [2, 5, 4] : [2, 4, 5], seed: 8)
        try GradCheck.expect([a, b]) { try Tensor.matmul($0[0], $0[1], transposeA: ta, transposeB: tb) }
    }

    @Test(
        "a mismatch names both shapes and what differs",
        arguments: [
            ([2, 3, 4], [3, 5, 2], "matmul: shapes (2, 3, 4) and (3, 5, 2) cannot be multiplied: inner dimensions 4 and 5 differ"),
            (
                [2, 3, 4], [3, 4, 2],
                "matmul: shapes (2, 3, 4) and (3, 4, 2) cannot be multiplied: batch axes (2,) and (3,) cannot be broadcast together"
            ),
            (
                [2, 2, 3, 4], [3, 1, 4, 2],
                "matmul: shapes (2, 2, 3, 4) and (3, 1, 4, 2) cannot be multiplied: batch axes (2, 2) and (3, 1) cannot be broadcast together"
            ),
        ])
    func mismatch(shapeA: [Int], shapeB: [Int], message: String) throws {
        let a = try Tensor.filled(shapeA, 1, op: "test"), b = try Tensor.filled(shapeB, 1, op: "test")
        #expect(throws: TensorError.self) { try a.matmul(b) }
        do {
            _ = try a.matmul(b)
        } catch let error as TensorError {
            #expect(error.description == message)
        }
    }

    @Test("a broadcast batch result too large to hold is refused before any work")
    func tooLarge() throws {
        let a = try Tensor.filled([1 << 20, 1, 1, 1], 1, op: "test"), b = try Tensor.filled([1 << 20, 1, 1], 1, op: "test")
        #expect {
            _ = try a.matmul(b)
        } throws: { error in
            guard case .tooLarge = error as? TensorError else { return false }
            return true
        }
    }
}
