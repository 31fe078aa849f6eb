import Testing

@testable import Engine

/// Item 1 of issue 8: every result a user can make goes through one checked allocation,
/// which refuses a result over the element limit or the memory the process can have with
/// a `TensorError.tooLarge` naming the operation and the shapes, instead of aborting the
/// process. The shapes here are over 2^31 elements, so they are refused before any memory
/// is touched, whatever the machine has free.
@Suite("Checked allocation: results too large to make")
struct TensorMemoryTests {
    /// 47000 × 47000 is over the 2^31-element limit; one operand of each shape is small.
    static let column = [47_000, 1], row = [1, 47_000], square = [47_000, 47_000]

    struct Case: CustomTestStringConvertible, Sendable {
        let id: String
        /// The op name the message must start with.
        let op: String
        let call: @Sendable (Tensor, Tensor) throws -> Tensor
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "+", op: "add") { try $0 + $1 },
        Case(id: "-", op: "sub") { try $0 - $1 },
        Case(id: "*", op: "mul") { try $0 * $1 },
        Case(id: "/", op: "div") { try $0 / $1 },
        Case(id: "**", op: "pow") { try $0.pow($1) },
        Case(id: "maximum", op: "maximum") { try $0.maximum($1) },
        Case(id: "minimum", op: "minimum") { try $0.minimum($1) },
        Case(id: "<", op: "<") { try $0.compare($1, .less) },
        Case(id: "where", op: "where") { try Tensor.select($0, $0, $1) },
        Case(id: "matmul", op: "matmul") { try $0.matmul($1) },
        Case(id: "unsqueeze outer product", op: "mul") {
            try $0.reshaped(to: [47_000]).unsqueezed(axis: 1) * $1.reshaped(to: [47_000]).unsqueezed(axis: 0)
        },
    ]

    @Test("a result over 2^31 elements is refused, naming the op and both shapes", arguments: cases, [false, true])
    func overTheElementLimit(_ c: Case, withGradients: Bool) throws {
        var a = try Tensor.zeros(Self.column), b = try Tensor.zeros(Self.row)
        if withGradients { a = a.requiringGradient(); b = b.requiringGradient() }
        let error = #expect(throws: TensorError.self) { _ = try c.call(a, b) }
        guard case let .tooLarge(op, operands, result, bytes, _)? = error else {
            Issue.record("expected tooLarge, got \(String(describing: error))")
            return
        }
        #expect(op == c.op)
        #expect(result == Self.square)
        #expect(bytes == nil)
        #expect(operands.contains(Self.column) && operands.contains(Self.row))
        let text = error?.description ?? ""
        #expect(text.hasPrefix("\(c.op): the result of (47000, 1)"), "\(text)")
        #expect(text.contains("would be (47000, 47000): 2209000000 elements (8.8 GB), more than a tensor holds (2^31 elements)"), "\(text)")
        #expect(text.hasSuffix("use smaller shapes or batches"))
    }

    @Test func broadcastToAShapeOverTheLimitIsRefused() throws {
        let error = #expect(throws: TensorError.self) { _ = try Tensor.zeros(Self.column).broadcast(to: Self.square) }
        #expect(error?.description.hasPrefix("broadcast_to: shape (47000, 47000) is too large") == true)
    }

    @Test func theMessageForMemoryNamesBytesAndWhatIsFree() {
        let error = TensorError.tooLarge(
            op: "add", operands: [[100_000, 1], [1, 100_000]], result: [100_000, 100_000],
            bytes: 40_000_000_000, available: 23_400_000_000)
        #expect(
            error.description
                == "add: the result of (100000, 1) and (1, 100000) would be (100000, 100000): 40 GB, more than this machine can give (23 GB free); use smaller shapes or batches"
        )
        let made = TensorError.tooLarge(op: "full", operands: [], result: [40_000, 40_000], bytes: 6_400_000_000, available: nil)
        #expect(
            made.description == "full: shape (40000, 40000) needs 6.4 GB, more than this machine can give; use smaller shapes or batches")
    }

    /// A request larger than anything the machine has is refused by the byte check (or by
    /// `malloc` returning NULL), never attempted: 2^31 elements is 8 GiB, so ask for more
    /// than the machine's available memory through a shape just under the element limit
    /// only when that is over what is free.
    @Test func availableMemoryIsKnownOnLinux() throws {
        let free = try #require(TensorMemory.availableBytes())
        #expect(free > 0)
    }

    /// /proc/self/status puts a tab after the colon, /proc/meminfo spaces: both read (the
    /// address space in use was never read, so the limit check took all of it as free).
    @Test func procFieldsReadWithTabsAndSpaces() {
        let fields = TensorMemory.fields("Name:\tsprout\nVmSize:\t  3824 kB\nVmData:\t 100 kB\nMemAvailable:   2048 kB\nThreads:\t2\n")
        #expect(fields["VmSize"] == 3824 * 1024)
        #expect(fields["VmData"] == 100 * 1024)
        #expect(fields["MemAvailable"] == 2048 * 1024)
        #expect(fields["Threads"] == 2)
    }

    @Test func byteSizesReadAsAUserWouldWriteThem() {
        #expect(TensorMemory.describe(bytes: 40_000_000_000) == "40 GB")
        #expect(TensorMemory.describe(bytes: 6_400_000_000) == "6.4 GB")
        #expect(TensorMemory.describe(bytes: 512_000_000) == "512 MB")
        #expect(TensorMemory.describe(bytes: 999) == "999 bytes")
    }

    @Test func anOverflowingShapeIsRefusedNotWrapped() {
        // 2^32 · 2^32 wraps to 0 in Int arithmetic; the checked count sees the overflow.
        #expect(TensorMemory.checkedCount([1 << 32, 1 << 32]) == nil)
        #expect(throws: TensorError.self) { _ = try TensorStorage(shape: [1 << 32, 1 << 32], op: "test") }
    }

    @Test func backwardThroughABroadcastStillWorksBelowTheLimit() throws {
        let a = try Tensor.ones([300, 1]).requiringGradient(), b = try Tensor.ones([1, 200]).requiringGradient()
        try (a * b).sum().backward()
        Approx.expect(try #require(a.parameter?.grad), equals: Array(repeating: 200, count: 300), shape: [300, 1])
    }
}

/// Item 2 of issue 8: a tensor has at most `Shape.maxRank` (64) dimensions, as in PyTorch.
@Suite("Rank limit")
struct RankLimitTests {
    static func nested(depth: Int) -> NestedScalars {
        var value = NestedScalars.scalar(1)
        for _ in 0..<depth { value = .list([value]) }
        return value
    }

    @Test func nestedListsUpTo64DeepMakeATensor() throws {
        let t = try Tensor(nested: Self.nested(depth: 64))
        #expect(t.rank == 64)
        #expect(t.scalars == [1])
    }

    @Test func a65DeepNestedListIsRefused() {
        let error = #expect(throws: TensorError.self) { _ = try Tensor(nested: Self.nested(depth: 65)) }
        #expect(error?.description == "tensor: 65 dimensions is more than a tensor may have (at most 64); nest lists at most 64 deep")
    }

    @Test(arguments: [65, 1000])
    func shapesOfMoreThan64DimensionsAreRefused(_ rank: Int) throws {
        let error = #expect(throws: TensorError.self) { _ = try Tensor.zeros(Array(repeating: 1, count: rank)) }
        #expect(error?.description == "full: \(rank) dimensions is more than a tensor may have (at most 64); use at most 64 sizes")
        let t = try Tensor.zeros(Array(repeating: 1, count: 64))
        #expect(throws: TensorError.self) { _ = try t.unsqueezed(axis: 0) }
    }
}
