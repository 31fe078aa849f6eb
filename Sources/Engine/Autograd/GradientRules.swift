import Glibc

/// The primitive operations autograd knows, each with the values its gradient needs.
/// Saved tensors are detached: a node must never hold its own output's node.
/// Everything not listed here (mean, var, std, transpose, squeeze, stack, the layers and
/// most losses) is built from these and gets its gradient for free.
enum Op {
    case add, sub, neg
    case mul(Tensor, Tensor)
    case div(Tensor, Tensor)
    /// `a // b`: a step function, so zero gradient almost everywhere (PyTorch's
    /// floor_divide is not differentiable; zero keeps a sum with other terms working).
    case floorDivide
    /// `a % b` = a - b·floor(a/b), with the divisor's sign.
    case remainder(Tensor, Tensor)
    case pow(base: Tensor, exponent: Tensor, output: Tensor)
    case maximum(Tensor, Tensor), minimum(Tensor, Tensor)
    case exp(output: Tensor)
    case log(input: Tensor)
    case sqrt(output: Tensor)
    case abs(input: Tensor)
    case tanh(output: Tensor)
    case sigmoid(output: Tensor)
    case relu(input: Tensor)
    case gelu(input: Tensor)
    case softplus(input: Tensor)
    case clamp(input: Tensor, min: Float, max: Float)
    case select(mask: Tensor)
    case sum(keptShape: [Int])
    case extremum(input: Tensor, keptOutput: Tensor)
    case logSumExp(input: Tensor, keptOutput: Tensor)
    case softmax(axis: Int, output: Tensor)
    case logSoftmax(axis: Int, output: Tensor)
    case reshape, expand
    case permute(axes: [Int])
    case concat(axis: Int, sizes: [Int])
    case slice(ResolvedSlice)
    case indexSelect(axis: Int, indices: [Int])
    /// Gather and mask-select: output element i came from flat input position i.
    case scatterBack(positions: [Int])
    case matmul(a: Tensor, b: Tensor, transposeA: Bool, transposeB: Bool)
    /// Inputs (x, weight) or (x, weight, bias): the bias is fused into the op. `columns`:
    /// the forward's unfolded input, kept for the weight gradient when small.
    case conv2d(input: Tensor, weight: Tensor, geometry: ConvGeometry, columns: TensorStorage?)
    case maxPool2d(argmax: [Int])
    case avgPool2d(geometry: ConvGeometry)
    /// Fused log-softmax + negative log-likelihood: see `crossEntropy`.
    case crossEntropy(probabilities: Tensor, targets: [Int], smoothing: Float)
}

extension Op {
    /// The gradients of the op's inputs given the gradient of its output (`upstream`),
    /// in the order the inputs were recorded; nil where an input gets none. Results may
    /// still have the output's broadcast shape: `backward()` reduces them.
    /// - Parameters:
    ///   - shapes: the shapes of the inputs.
    ///   - needs: which inputs want a gradient, one entry per recorded input; expensive
    ///     rules (matmul, conv2d) skip the others, cheap ones compute all and let
    ///     `backward()` drop them.
    func gradients(_ g: Tensor, shapes: [[Int]], needs: [Bool]) throws -> [Tensor?] {
        switch self {
        case .add: return [g, g]
        case .sub: return [g, try -g]
        case .neg: return [try -g]
        case let .mul(a, b): return [try g * b, try g * a]
        case let .div(a, b):
            let ga = try g / b
            return [ga, try -(ga * a) / b]
        case .floorDivide:
            return try (0..<2).map { needs[$0] ? try Tensor.filled(shapes[$0], 0, op: "backward") : nil }
        case let .remainder(a, b):
            // PyTorch's remainder rule: d/da = 1, d/db = -floor(a / b).
            let dB = try Kernels.binary(a, b, shape: g.shape, op: "backward") { -FloorDivision.quotient($0, $1) }
            return [g, try g * dB]
        case let .pow(base, exponent, output):
            let shape = g.shape
            let dBase = try Kernels.binary(base, exponent, shape: shape, op: "backward") { x, e in e == 0 ? 0 : e * Glibc.powf(x, e - 1) }
            let logBase = try Kernels.unary(base, op: "backward") { $0 > 0 ? Glibc.logf($0) : 0 }
            return [try g * dBase, try g * output * logBase]
        case let .maximum(a, b), let .minimum(a, b):
            let isMax: Bool
            if case .maximum = self { isMax = true } else { isMax = false }
            // Ties share the gradient equally, as PyTorch does.
            let toA = try Kernels.binary(a, b, shape: g.shape, op: "backward") { x, y in x == y ? 0.5 : ((x > y) == isMax ? 1 : 0) }
            return [try g * toA, try g * (1 - toA)]
        case let .exp(y): return [try g * y]
        case let .log(x): return [try g / x]
        case let .sqrt(y): return [try Kernels.binary(g, y, shape: g.shape, op: "backward") { u, s in u * 0.5 / s }]
        case let .abs(x): return [try Kernels.binary(g, x, shape: g.shape, op: "backward") { u, v in v > 0 ? u : (v < 0 ? -u : 0) }]
        case let .tanh(y): return [try Kernels.binary(g, y, shape: g.shape, op: "backward") { u, t in u * (1 - t * t) }]
        case let .sigmoid(y): return [try Kernels.binary(g, y, shape: g.shape, op: "backward") { u, s in u * s * (1 - s) }]
        case let .relu(x): return [try Kernels.binary(g, x, shape: g.shape, op: "backward") { u, v in v > 0 ? u : 0 }]
        case let .gelu(x):
            return [
                try Kernels.binary(g, x, shape: g.shape, op: "backward") { u, v in
                    let cdf = 0.5 * (1 + Glibc.erff(v * 0.70710678118654752))
                    let pdf = Glibc.expf(-0.5 * v * v) * 0.39894228040143268
                    return u * (cdf + v * pdf)
                }
            ]
        case let .softplus(x):
            // d/dx log(1 + eˣ) = σ(x), computed without overflow for either sign.
            return [try Kernels.binary(g, x, shape: g.shape, op: "backward") { u, v in u * Kernels.sigmoid(v) }]
        case let .clamp(x, lo, hi):
            return [try Kernels.binary(g, x, shape: g.shape, op: "backward") { u, v in v >= lo && v <= hi ? u : 0 }]
        case let .select(mask):
            return [try g * mask, try g * (1 - mask)]
        case let .sum(keptShape):
            return [try Kernels.expand(g.viewed(as: keptShape), to: shapes[0], op: "backward")]
        case let .extremum(x, kept):
            let mask = try Kernels.binary(x, kept, shape: x.shape, op: "backward") { v, m in v == m ? 1 : 0 }
            let axes = (0..<x.rank).filter { kept.shape[$0] == 1 && x.shape[$0] != 1 }
            let ties = try mask.sum(alongAxes: axes, keepingDimensions: true)
            return [try mask * (g.viewed(as: kept.shape) / ties)]
        case let .logSumExp(x, kept):
            let weights = try Kernels.binary(x, kept, shape: x.shape, op: "backward") { v, l in Glibc.expf(v - l) }
            return [try weights * g.viewed(as: kept.shape)]
        case let .softmax(axis, y):
            let dot = try (g * y).sum(alongAxes: [axis], keepingDimensions: true)
            return [try y * (g - dot)]
        case let .logSoftmax(axis, y):
            let total = try g.sum(alongAxes: [axis], keepingDimensions: true)
            return [try g - y.exp() * total]
        case .reshape:
            return [g.viewed(as: shapes[0])]
        case .expand:
            return [g]
        case let .permute(axes):
            var inverse = [Int](repeating: 0, count: axes.count)
            for (i, a) in axes.enumerated() { inverse[a] = i }
            return [try Kernels.permute(g, inverse)]
        case let .concat(axis, sizes):
            var start = 0
            return try sizes.map { size in
                var specs = [SliceIndex](repeating: .all, count: g.rank)
                specs[axis] = .range(start: start, end: start + size, step: 1)
                start += size
                return try g.slice(specs)
            }
        case let .slice(resolved):
            var out = try Tensor.filled(shapes[0], 0, op: "backward")
            let gp = g.storage.pointer, o = out.storage.pointer
            try resolved.forEach(sourceShape: shapes[0]) { o[$0] = gp[$1] }
            out = out.viewed(as: shapes[0])
            return [out]
        case let .indexSelect(axis, indices):
            let shape = shapes[0]
            let out = try Tensor.filled(shape, 0, op: "backward")
            let outer = Shape.count(Array(shape[..<axis])), inner = Shape.count(Array(shape[(axis + 1)...]))
            let size = shape[axis], gp = g.storage.pointer, o = out.storage.pointer
            for i in 0..<outer {
                for (k, j) in indices.enumerated() {
                    let dst = o + (i * size + j) * inner, src = gp + (i * indices.count + k) * inner
                    for e in 0..<inner { dst[e] += src[e] }
                }
            }
            return [out]
        case let .scatterBack(positions):
            let out = try Tensor.filled(shapes[0], 0, op: "backward")
            let gp = g.storage.pointer, o = out.storage.pointer
            for (i, p) in positions.enumerated() { o[p] += gp[i] }
            return [out]
        case let .matmul(a, b, ta, tb):
            // C = op(A) op(B); the four cases of which operand is stored transposed.
            let needA = needs[0], needB = needs[1]
            switch (ta, tb) {
            case (false, false):
                return [needA ? try Tensor.core(g, b, false, true) : nil, needB ? try Tensor.core(a, g, true, false) : nil]
            case (true, false):
                return [needA ? try Tensor.core(b, g, false, true) : nil, needB ? try Tensor.core(a, g, false, false) : nil]
            case (false, true):
                return [needA ? try Tensor.core(g, b, false, false) : nil, needB ? try Tensor.core(g, a, true, false) : nil]
            case (true, true):
                return [needA ? try Tensor.core(b, g, true, true) : nil, needB ? try Tensor.core(g, a, true, true) : nil]
            }
        case let .conv2d(input, weight, geometry, columns):
            return try Convolution.conv2dGradients(
                upstream: g, input: input, weight: weight, geometry: geometry,
                needInput: needs[0], needWeight: needs[1], needBias: needs.count > 2 ? needs[2] : nil, columns: columns)
        case let .maxPool2d(argmax):
            let out = try Tensor.filled(shapes[0], 0, op: "backward")
            let gp = g.storage.pointer, o = out.storage.pointer
            for (i, p) in argmax.enumerated() where p >= 0 { o[p] += gp[i] }
            return [out]
        case let .avgPool2d(geometry):
            return [try Convolution.avgPool2dGradient(upstream: g, geometry: geometry)]
        case let .crossEntropy(p, targets, smoothing):
            return [try Losses.crossEntropyGradient(upstream: g, probabilities: p, targets: targets, smoothing: smoothing)]
        }
    }
}
