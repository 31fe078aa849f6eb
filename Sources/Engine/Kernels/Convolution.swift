/// 2-D convolution and pooling over (batch, channels, height, width) tensors, via im2col
/// and `sgemm` for convolution.
public struct ConvGeometry: Sendable, Equatable {
    public var batch, channels, height, width: Int
    public var kernelHeight, kernelWidth, stride, padding: Int
    public var outHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    var patch: Int { channels * kernelHeight * kernelWidth }
    var positions: Int { outHeight * outWidth }

    static func make(op: String, input: [Int], kernel: (Int, Int), stride: Int, padding: Int) throws -> ConvGeometry {
        guard input.count == 4 else {
            throw TensorError.invalidShape(op: op, shape: input, reason: "is not (batch, channels, height, width)")
        }
        guard stride >= 1, padding >= 0, kernel.0 >= 1, kernel.1 >= 1 else {
            throw TensorError.invalidArgument(op: op, reason: "kernel and stride must be at least 1 and padding at least 0")
        }
        let limit = 1 << 20
        guard stride <= limit, padding <= limit, kernel.0 <= limit, kernel.1 <= limit, input.allSatisfy({ $0 <= 1 << 30 }) else {
            throw TensorError.invalidArgument(op: op, reason: "kernel, stride or padding is too large")
        }
        let g = ConvGeometry(
            batch: input[0], channels: input[1], height: input[2], width: input[3],
            kernelHeight: kernel.0, kernelWidth: kernel.1, stride: stride, padding: padding)
        guard g.height + 2 * padding >= kernel.0, g.width + 2 * padding >= kernel.1 else {
            throw TensorError.invalidArgument(
                op: op,
                reason: "kernel \(kernel.0)×\(kernel.1) is larger than the padded input \(g.height + 2 * padding)×\(g.width + 2 * padding)")
        }
        return g
    }
}

enum Convolution {
    /// Unfolds one image (channels, H, W) into columns (C·kh·kw, outH·outW).
    static func im2col(_ image: UnsafePointer<Float>, _ g: ConvGeometry, into col: UnsafeMutablePointer<Float>) {
        let (oh, ow) = (g.outHeight, g.outWidth)
        var row = 0
        for c in 0..<g.channels {
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    let dst = col + row * oh * ow
                    for y in 0..<oh {
                        let iy = y * g.stride - g.padding + ki
                        for x in 0..<ow {
                            let ix = x * g.stride - g.padding + kj
                            dst[y * ow + x] =
                                (iy >= 0 && iy < g.height && ix >= 0 && ix < g.width)
                                ? image[(c * g.height + iy) * g.width + ix] : 0
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// Folds columns back onto an image, adding overlapping contributions.
    static func col2im(_ col: UnsafePointer<Float>, _ g: ConvGeometry, into image: UnsafeMutablePointer<Float>) {
        let (oh, ow) = (g.outHeight, g.outWidth)
        var row = 0
        for c in 0..<g.channels {
            for ki in 0..<g.kernelHeight {
                for kj in 0..<g.kernelWidth {
                    let src = col + row * oh * ow
                    for y in 0..<oh {
                        let iy = y * g.stride - g.padding + ki
                        guard iy >= 0 && iy < g.height else { continue }
                        for x in 0..<ow {
                            let ix = x * g.stride - g.padding + kj
                            if ix >= 0 && ix < g.width { image[(c * g.height + iy) * g.width + ix] += src[y * ow + x] }
                        }
                    }
                    row += 1
                }
            }
        }
    }

    /// The gradients of conv2d's input and weight; `needInput`/`needWeight` say which
    /// ones autograd wants, so a frozen input (the usual case: images) costs no second
    /// `sgemm` or `col2im`, and a frozen weight no weight `sgemm`.
    static func conv2dGradients(
        upstream: Tensor, input: Tensor, weight: Tensor, geometry g: ConvGeometry,
        needInput: Bool, needWeight: Bool
    ) throws -> [Tensor?] {
        let outChannels = weight.shape[0]
        let dInput = needInput ? try Tensor.filled(input.shape, 0, op: "conv2d") : nil
        let dWeight = needWeight ? try Tensor.filled(weight.shape, 0, op: "conv2d") : nil
        // The unfolded patches of one image (im2col), from the checked allocation.
        let columns = try TensorStorage(shape: [g.patch, g.positions], op: "conv2d", operands: [input.shape, weight.shape])
        let col = columns.pointer
        let imageSize = g.channels * g.height * g.width, outSize = outChannels * g.positions
        for n in 0..<g.batch {
            if n > 0 { try StopFlag.checkCurrent() }  // one image's im2col and sgemm at a time
            let gn = upstream.storage.pointer + n * outSize
            if let dWeight {
                im2col(input.storage.pointer + n * imageSize, g, into: col)
                // dW += g_n (Cout, L) · col^T (L, patch)
                BLAS.sgemm(
                    transA: false, transB: true, m: outChannels, n: g.patch, k: g.positions,
                    a: gn, lda: g.positions, b: col, ldb: g.positions, beta: 1, c: dWeight.storage.pointer, ldc: g.patch)
            }
            if let dInput {
                // dcol = W^T (patch, Cout) · g_n (Cout, L)
                BLAS.sgemm(
                    transA: true, transB: false, m: g.patch, n: g.positions, k: outChannels,
                    a: weight.storage.pointer, lda: g.patch, b: gn, ldb: g.positions, c: col, ldc: g.positions)
                col2im(col, g, into: dInput.storage.pointer + n * imageSize)
            }
        }
        return [dInput, dWeight]
    }

    static func avgPool2dGradient(upstream: Tensor, geometry g: ConvGeometry) throws -> Tensor {
        let out = try Tensor.filled([g.batch, g.channels, g.height, g.width], 0, op: "avg_pool2d")
        let scale = 1 / Float(g.kernelHeight * g.kernelWidth)
        let gp = upstream.storage.pointer, o = out.storage.pointer
        forEachWindow(g) { plane, oy, ox, iy, ix in
            o[plane * g.height * g.width + iy * g.width + ix] += gp[(plane * g.outHeight + oy) * g.outWidth + ox] * scale
        }
        return out
    }

    /// Calls body(plane, outY, outX, inY, inX) for every in-bounds input position of every
    /// pooling window; plane = n · channels + c.
    @inline(__always)
    static func forEachWindow(_ g: ConvGeometry, _ body: (Int, Int, Int, Int, Int) -> Void) {
        for plane in 0..<(g.batch * g.channels) {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    for ki in 0..<g.kernelHeight {
                        let iy = oy * g.stride - g.padding + ki
                        guard iy >= 0 && iy < g.height else { continue }
                        for kj in 0..<g.kernelWidth {
                            let ix = ox * g.stride - g.padding + kj
                            if ix >= 0 && ix < g.width { body(plane, oy, ox, iy, ix) }
                        }
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// 2-D cross-correlation, as PyTorch's conv2d (no bias: add it after).
    /// - Parameters:
    ///   - weight: (outChannels, inChannels, kh, kw)
    ///   - self: (batch, inChannels, H, W)
    /// - Returns: (batch, outChannels, outH, outW)
    public func conv2d(weight: Tensor, stride: Int = 1, padding: Int = 0) throws -> Tensor {
        guard weight.rank == 4 else {
            throw TensorError.invalidShape(
                op: "conv2d", shape: weight.shape, reason: "is not a weight of shape (out_channels, in_channels, kh, kw)")
        }
        let g = try ConvGeometry.make(
            op: "conv2d", input: shape, kernel: (weight.shape[2], weight.shape[3]), stride: stride, padding: padding)
        guard weight.shape[1] == g.channels else {
            throw TensorError.shapeMismatch(
                op: "conv2d", lhs: shape, rhs: weight.shape,
                reason: "do not match: the input has \(g.channels) channels, the weight expects \(weight.shape[1])")
        }
        let outChannels = weight.shape[0]
        try Shape.validate([g.batch, outChannels, g.outHeight, g.outWidth], op: "conv2d")
        try Shape.validate([g.patch, g.positions], op: "conv2d")
        let imageSize = g.channels * g.height * g.width, outSize = outChannels * g.positions
        // The unfolded patches of one image (im2col), from the checked allocation.
        let columns = try TensorStorage(shape: [g.patch, g.positions], op: "conv2d", operands: [shape, weight.shape])
        let col = columns.pointer
        var out = try Tensor.filled([g.batch, outChannels, g.outHeight, g.outWidth], 0, op: "conv2d")
        if g.patch > 0 && g.positions > 0 && outChannels > 0 {
            for n in 0..<g.batch {
                if n > 0 { try StopFlag.checkCurrent() }  // one image's im2col and sgemm at a time
                Convolution.im2col(storage.pointer + n * imageSize, g, into: col)
                BLAS.sgemm(
                    transA: false, transB: false, m: outChannels, n: g.positions, k: g.patch,
                    a: weight.storage.pointer, lda: g.patch, b: col, ldb: g.positions,
                    c: out.storage.pointer + n * outSize, ldc: g.positions)
            }
        }
        out = out.recorded(.conv2d(input: detached(), weight: weight.detached(), geometry: g), inputs: [self, weight])
        return out
    }

    /// Max over k×k windows (padding counts as −∞), as PyTorch's max_pool2d.
    public func maxPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let g = try ConvGeometry.make(op: "max_pool2d", input: shape, kernel: (kernel, kernel), stride: stride ?? kernel, padding: padding)
        guard padding * 2 <= kernel else {
            throw TensorError.invalidArgument(op: "max_pool2d", reason: "padding \(padding) must be at most half the kernel size \(kernel)")
        }
        let count = g.batch * g.channels * g.outHeight * g.outWidth
        var argmax = [Int](repeating: -1, count: count)
        let p = storage.pointer
        let out = try Tensor.make([g.batch, g.channels, g.outHeight, g.outWidth], op: "max_pool2d") { o in
            for i in 0..<count { o[i] = -.infinity }
            Convolution.forEachWindow(g) { plane, oy, ox, iy, ix in
                let dst = (plane * g.outHeight + oy) * g.outWidth + ox
                let src = plane * g.height * g.width + iy * g.width + ix
                if p[src] > o[dst] || argmax[dst] < 0 || (p[src].isNaN && !o[dst].isNaN) { o[dst] = p[src]; argmax[dst] = src }
            }
        }
        return out.recorded(.maxPool2d(argmax: argmax), inputs: [self])
    }

    /// Mean over k×k windows, padding counted as zeros (PyTorch's default).
    public func avgPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let g = try ConvGeometry.make(op: "avg_pool2d", input: shape, kernel: (kernel, kernel), stride: stride ?? kernel, padding: padding)
        guard padding * 2 <= kernel else {
            throw TensorError.invalidArgument(op: "avg_pool2d", reason: "padding \(padding) must be at most half the kernel size \(kernel)")
        }
        let scale = 1 / Float(kernel * kernel)
        let p = storage.pointer
        let out = try Tensor.make([g.batch, g.channels, g.outHeight, g.outWidth], op: "avg_pool2d") { o in
            for i in 0..<(g.batch * g.channels * g.outHeight * g.outWidth) { o[i] = 0 }
            Convolution.forEachWindow(g) { plane, oy, ox, iy, ix in
                o[(plane * g.outHeight + oy) * g.outWidth + ox] += p[plane * g.height * g.width + iy * g.width + ix] * scale
            }
        }
        return out.recorded(.avgPool2d(geometry: g), inputs: [self])
    }
}
