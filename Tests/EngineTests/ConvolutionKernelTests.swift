import Testing

@testable import Engine

/// The batched convolution kernels (im2col over a chunk of images, one `sgemm` per chunk,
/// bias fused into the output copy) against the definition written as direct loops:
/// forward with bias, and all three gradients for a given upstream, on odd shapes,
/// strides, padding, batch 1, and with the batch cut into several chunks.
@Suite("Convolution kernels against the naive definition")
struct ConvolutionKernelTests {
    /// (input shape, weight shape, stride, padding)
    static let cases: [([Int], [Int], Int, Int)] = [
        ([1, 1, 5, 5], [2, 1, 3, 3], 1, 0), ([3, 2, 7, 5], [3, 2, 3, 2], 2, 1), ([2, 3, 6, 6], [4, 3, 1, 1], 1, 0),
        ([1, 2, 4, 3], [3, 2, 4, 4], 1, 2), ([5, 1, 9, 8], [2, 1, 3, 3], 3, 2), ([4, 16, 6, 6], [32, 16, 3, 3], 1, 0),
        ([2, 1, 3, 3], [1, 1, 3, 3], 1, 0), ([3, 2, 5, 5], [2, 2, 2, 2], 2, 0),
    ]

    /// Budgets for the unfolded columns: the default (one chunk here), and small enough
    /// to cut every batch above into chunks of one or two images.
    static let budgets = [Convolution.columnBudget, 1, 60]

    /// Gradients of Σ upstream ⊙ conv(x, w) + b by direct loops: (dx, dw, db).
    static func naiveGradients(
        _ x: [Double], _ xs: [Int], _ w: [Double], _ ws: [Int], upstream u: [Double], stride: Int, padding: Int
    ) -> (input: [Double], weight: [Double], bias: [Double]) {
        let (n, c, h, wd) = (xs[0], xs[1], xs[2], xs[3])
        let (f, kh, kw) = (ws[0], ws[2], ws[3])
        let oh = (h + 2 * padding - kh) / stride + 1, ow = (wd + 2 * padding - kw) / stride + 1
        var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: w.count)
        var db = [Double](repeating: 0, count: f)
        for b in 0..<n {
            for o in 0..<f {
                for y in 0..<oh {
                    for xx in 0..<ow {
                        let g = u[((b * f + o) * oh + y) * ow + xx]
                        db[o] += g
                        for ch in 0..<c {
                            for i in 0..<kh {
                                for j in 0..<kw {
                                    let iy = y * stride - padding + i, ix = xx * stride - padding + j
                                    guard iy >= 0, iy < h, ix >= 0, ix < wd else { continue }
                                    let xi = ((b * c + ch) * h + iy) * wd + ix, wi = ((o * c + ch) * kh + i) * kw + j
                                    dw[wi] += g * x[xi]
                                    dx[xi] += g * w[wi]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, db)
    }

    @Test("forward with bias", arguments: cases, budgets)
    func forward(_ c: ([Int], [Int], Int, Int), budget: Int) throws {
        let (input, weight, stride, padding) = c
        let x = try Sample.uniform(input, seed: 1), w = try Sample.uniform(weight, seed: 2)
        let b = try Sample.uniform([weight[0]], seed: 3)
        let g = try ConvGeometry.make(op: "conv2d", input: input, kernel: (weight[2], weight[3]), stride: stride, padding: padding)
        let (plain, shape) = Naive.conv2d(x.doubles, input, w.doubles, weight, stride: stride, padding: padding)
        let positions = shape[2] * shape[3]
        let expected = plain.indices.map { plain[$0] + b.doubles[($0 / positions) % weight[0]] }
        let y = try Convolution.forward(input: x, weight: w, bias: b, geometry: g, budget: budget)
        Approx.expect(y, equals: expected, shape: shape, tolerance: 1e-5, "budget \(budget)")
        // The public op, with and without bias.
        Approx.expect(try x.conv2d(weight: w, bias: b, stride: stride, padding: padding), equals: expected, shape: shape)
        Approx.expect(try x.conv2d(weight: w, stride: stride, padding: padding), equals: plain, shape: shape)
    }

    @Test("input, weight and bias gradients", arguments: cases, budgets)
    func gradients(_ c: ([Int], [Int], Int, Int), budget: Int) throws {
        let (input, weight, stride, padding) = c
        let x = try Sample.uniform(input, seed: 4), w = try Sample.uniform(weight, seed: 5)
        let g = try ConvGeometry.make(op: "conv2d", input: input, kernel: (weight[2], weight[3]), stride: stride, padding: padding)
        let upstream = try Sample.uniform([input[0], weight[0], g.outHeight, g.outWidth], seed: 6)
        let expected = Self.naiveGradients(
            x.doubles, input, w.doubles, weight, upstream: upstream.doubles, stride: stride, padding: padding)
        let got = try Convolution.conv2dGradients(
            upstream: upstream, input: x, weight: w, geometry: g, needInput: true, needWeight: true, needBias: true, budget: budget)
        #expect(got.count == 3)
        Approx.expect(try #require(got[0]), equals: expected.input, shape: input, tolerance: 1e-4, "input, budget \(budget)")
        Approx.expect(try #require(got[1]), equals: expected.weight, shape: weight, tolerance: 1e-4, "weight, budget \(budget)")
        Approx.expect(try #require(got[2]), equals: expected.bias, shape: [weight[0]], tolerance: 1e-4, "bias, budget \(budget)")
    }

    /// Through autograd, as a layer uses it: the bias is a third recorded input.
    @Test("conv2d with bias through autograd, against finite differences", arguments: [(1, 0), (2, 1)])
    func gradCheckWithBias(stride: Int, padding: Int) throws {
        let x = try Sample.uniform([2, 2, 5, 4], seed: 7), w = try Sample.uniform([3, 2, 3, 3], seed: 8)
        let b = try Sample.uniform([3], seed: 9)
        try GradCheck.expect([x, w, b], "stride \(stride) padding \(padding)") {
            try $0[0].conv2d(weight: $0[1], bias: $0[2], stride: stride, padding: padding)
        }
    }

    /// An input that needs no gradient (an image batch) gets none, and no work is done
    /// for it: the result list has nil there.
    @Test("a frozen input gets no gradient; the weight's and bias's are unchanged, bit for bit")
    func frozenInput() throws {
        let x = try Sample.uniform([3, 2, 6, 5], seed: 10), w = try Sample.uniform([4, 2, 3, 3], seed: 11)
        let b = try Sample.uniform([4], seed: 12)
        func run(inputToo: Bool) throws -> (Tensor?, Tensor?, Tensor?) {
            let lx = inputToo ? x.requiringGradient() : x, lw = w.requiringGradient(), lb = b.requiringGradient()
            try (lx.conv2d(weight: lw, bias: lb, padding: 1) * lx.conv2d(weight: lw, bias: lb, padding: 1)).sum().backward()
            return (lx.grad, lw.grad, lb.grad)
        }
        let all = try run(inputToo: true), frozen = try run(inputToo: false)
        #expect(all.0 != nil && frozen.0 == nil)
        #expect(bits(try #require(frozen.1).scalars) == bits(try #require(all.1).scalars))
        #expect(bits(try #require(frozen.2).scalars) == bits(try #require(all.2).scalars))
    }

    @Test("a bias of the wrong shape is refused with the shapes named")
    func wrongBias() throws {
        let x = try Sample.uniform([1, 2, 4, 4], seed: 13), w = try Sample.uniform([3, 2, 3, 3], seed: 14)
        #expect(throws: TensorError.self) { try x.conv2d(weight: w, bias: Tensor.ones([2])) }
        #expect(throws: TensorError.self) { try x.conv2d(weight: w, bias: Tensor.ones([3, 1])) }
    }

    /// A chunk holds the columns (patch × chunk·L) and the product (outChannels × chunk·L):
    /// a 1×1 conv from few channels to many must not size its chunk by the columns alone.
    @Test("a chunk's columns and product both stay within the budget", arguments: [(1, 512), (144, 32), (9, 16), (3, 3)])
    func chunkBudget(patch: Int, outChannels: Int) throws {
        let g = try ConvGeometry.make(op: "conv2d", input: [256, patch, 40, 40], kernel: (1, 1), stride: 1, padding: 0)
        let budget = 1 << 20
        let chunk = Convolution.imagesPerChunk(g, outChannels: outChannels, budget: budget)
        #expect(chunk >= 1 && chunk <= 256)
        #expect(chunk * Swift.max(patch, outChannels) * g.positions <= budget || chunk == 1)
        #expect((chunk + 1) * Swift.max(patch, outChannels) * g.positions > budget || chunk == 256, "as many images as fit")
    }

    /// Backward reuses the forward's columns for the weight gradient when the batch was
    /// one small chunk; the gradient must be the one unfolding again gives, bit for bit.
    @Test("the weight gradient from the forward's kept columns equals unfolding again", arguments: cases)
    func keptColumns(_ c: ([Int], [Int], Int, Int)) throws {
        let (input, weight, stride, padding) = c
        let x = try Sample.uniform(input, seed: 15), w = try Sample.uniform(weight, seed: 16)
        let g = try ConvGeometry.make(op: "conv2d", input: input, kernel: (weight[2], weight[3]), stride: stride, padding: padding)
        let kept = try Convolution.forwardKeepingColumns(input: x, weight: w, bias: nil, geometry: g)
        let columns = try #require(kept.columns, "a small batch keeps its columns")
        #expect(
            try Convolution.forwardKeepingColumns(input: x, weight: w, bias: nil, geometry: g, budget: 1).columns == nil || input[0] == 1)
        let upstream = try Sample.uniform([input[0], weight[0], g.outHeight, g.outWidth], seed: 17)
        let reused = try Convolution.conv2dGradients(
            upstream: upstream, input: x, weight: w, geometry: g, needInput: true, needWeight: true, columns: columns)
        let unfolded = try Convolution.conv2dGradients(
            upstream: upstream, input: x, weight: w, geometry: g, needInput: true, needWeight: true)
        #expect(bits(try #require(reused[1]).scalars) == bits(try #require(unfolded[1]).scalars))
        #expect(bits(try #require(reused[0]).scalars) == bits(try #require(unfolded[0]).scalars))
    }

    /// Max pooling keeps PyTorch's rules: NaN wins a window, −∞ is a value like any other,
    /// and the gradient goes to the one position that won.
    @Test("maxPool2d: NaN wins its window, −∞ windows still route their gradient")
    func maxPoolSpecialValues() throws {
        let inf = Float.infinity
        let x = try Sample.tensor([1, 1, 2, 4], [1, .nan, -inf, -inf, 3, 2, -inf, -inf]).requiringGradient()
        let y = try x.maxPool2d(kernel: 2)
        #expect(y.shape == [1, 1, 1, 2])
        #expect(y.scalars[0].isNaN && y.scalars[1] == -inf)
        try (y * Tensor.ones([1, 1, 1, 2])).sum().backward()
        let grad = try #require(x.grad).scalars
        #expect(grad == [0, 1, 1, 0, 0, 0, 0, 0])
    }
}
