/// Max and average pooling over k×k windows of (batch, channels, H, W) tensors.
extension Convolution {
    /// The maximum of every window of every plane, and the flat input position that won
    /// (what the gradient is routed to). Window bounds are clipped to the image once per
    /// window, so the inner loops carry no padding tests. PyTorch's rules: NaN wins a
    /// window (it propagates), ties go to the first position, and padding is never chosen.
    /// - Parameters:
    ///   - x: (batch, channels, H, W), contiguous.
    ///   - out: (batch, channels, outH, outW)
    ///   - argmax: one position per output element; −1 for a window with no input in it.
    static func maxPool(
        _ x: UnsafePointer<Float>, _ g: ConvGeometry, into out: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int>
    ) {
        let (oh, ow, h, w, s, pad, k) = (g.outHeight, g.outWidth, g.height, g.width, g.stride, g.padding, g.kernelHeight)
        var o = 0
        for plane in 0..<(g.batch * g.channels) {
            let base = plane * h * w
            for oy in 0..<oh {
                let y0 = Swift.max(oy * s - pad, 0), y1 = Swift.min(oy * s - pad + k, h)
                for ox in 0..<ow {
                    let x0 = Swift.max(ox * s - pad, 0), x1 = Swift.min(ox * s - pad + g.kernelWidth, w)
                    var best = -Float.infinity, at = -1
                    if y0 < y1 && x0 < x1 {
                        at = base + y0 * w + x0
                        best = x[at]
                        // Selects, not branches: which element wins is data, and a branch on
                        // it mispredicts about half the time. A NaN wins over a number.
                        for iy in y0..<y1 {
                            for ix in x0..<x1 {
                                let i = base + iy * w + ix, v = x[i]
                                let wins = (v > best ? 1 : 0) | ((v.isNaN ? 1 : 0) & (best.isNaN ? 0 : 1))
                                best = wins != 0 ? v : best
                                at = wins != 0 ? i : at
                            }
                        }
                    }
                    out[o] = best
                    argmax[o] = at
                    o += 1
                }
            }
        }
    }
}

extension Tensor {
    /// Max over k×k windows (padding counts as −∞), as PyTorch's max_pool2d.
    public func maxPool2d(kernel: Int, stride: Int? = nil, padding: Int = 0) throws -> Tensor {
        let g = try ConvGeometry.make(op: "max_pool2d", input: shape, kernel: (kernel, kernel), stride: stride ?? kernel, padding: padding)
        guard padding * 2 <= kernel else {
            throw TensorError.invalidArgument(op: "max_pool2d", reason: "padding \(padding) must be at most half the kernel size \(kernel)")
        }
        let count = g.batch * g.channels * g.outHeight * g.outWidth
        let p = storage.pointer
        var argmax: [Int] = []
        let out = try Tensor.make([g.batch, g.channels, g.outHeight, g.outWidth], op: "max_pool2d") { o in
            argmax = [Int](unsafeUninitializedCapacity: count) { positions, initialized in
                if let base = positions.baseAddress { Convolution.maxPool(p, g, into: o, argmax: base) }
                initialized = count
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
