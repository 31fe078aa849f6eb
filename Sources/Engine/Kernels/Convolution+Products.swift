/// Convolution as matrix products: a chunk of the batch is unfolded into one column
/// matrix and multiplied by the weight in one `sgemm`, forward and backward.
///
/// Why batched: for the small images nets train on at the prompt (digits 8×8, MNIST
/// 28×28) a per-image product is tiny (16×9 by 9×36 for a first layer on digits), so the
/// BLAS call and its packing cost more than the arithmetic; one product over the whole
/// batch (9 × 2304) keeps OpenBLAS in its fast kernel. The bias is added while the product
/// is copied into (N, Cout, H, W) order, and its gradient summed while the upstream
/// gradient is gathered the other way, so neither costs a pass of its own.
extension Convolution {
    /// y = conv(x, w) + b, the batch taken `imagesPerChunk` images at a time.
    /// - Parameters:
    ///   - input: (batch, channels, H, W)
    ///   - weight: (outChannels, channels, kh, kw)
    ///   - bias: (outChannels), or nil
    ///   - budget: floats of columns per chunk (tests pass small ones to force chunks).
    /// - Returns: (batch, outChannels, outH, outW)
    static func forward(input: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvGeometry, budget: Int = columnBudget) throws -> Tensor
    {
        try forwardKeepingColumns(input: input, weight: weight, bias: bias, geometry: g, budget: budget).output
    }

    /// Floats of columns a recorded conv2d keeps for its weight gradient (4 MB): when the
    /// whole batch was one chunk of at most this, backward reuses the forward's columns
    /// instead of unfolding the input again (a fifth of a digits conv step).
    static let keptColumns = 1 << 20

    /// `forward`, also handing back the columns when the whole batch was one chunk of at
    /// most `keptColumns` floats, for the weight gradient.
    static func forwardKeepingColumns(
        input: Tensor, weight: Tensor, bias: Tensor?, geometry g: ConvGeometry, budget: Int = columnBudget
    ) throws -> (output: Tensor, columns: TensorStorage?) {
        let outChannels = weight.shape[0], positions = g.positions, patch = g.patch
        let chunk = imagesPerChunk(g, outChannels: outChannels, budget: budget)
        let operands = [input.shape, weight.shape]
        // The unfolded patches and the product of one chunk, from the checked allocation.
        let columns = try TensorStorage(shape: [patch, chunk * positions], op: "conv2d", operands: operands)
        let product = try TensorStorage(shape: [outChannels, chunk * positions], op: "conv2d", operands: operands)
        let x = input.storage.pointer, w = weight.storage.pointer, b = bias?.storage.pointer
        let outSize = outChannels * positions
        let output = try Tensor.make([g.batch, outChannels, g.outHeight, g.outWidth], op: "conv2d", operands: operands) { out in
            for start in stride(from: 0, to: g.batch, by: chunk) {
                if start > 0 { try StopFlag.checkCurrent() }  // between chunks of images
                let count = Swift.min(chunk, g.batch - start), width = count * positions
                if patch > 0 && positions > 0 && outChannels > 0 {
                    im2col(x + start * g.imageSize, count: count, g, into: columns.pointer)
                    // (Cout, patch) · (patch, count·L) → (Cout, count·L)
                    BLAS.sgemm(
                        transA: false, transB: false, m: outChannels, n: width, k: patch,
                        a: w, lda: patch, b: columns.pointer, ldb: width, c: product.pointer, ldc: width)
                } else {
                    product.pointer.update(repeating: 0, count: outChannels * width)
                }
                // (Cout, count, L) → (count, Cout, L), adding the bias on the way.
                for n in 0..<count {
                    for c in 0..<outChannels {
                        let src = product.pointer + c * width + n * positions
                        let dst = out + (start + n) * outSize + c * positions
                        let shift = b?[c] ?? 0
                        for l in 0..<positions { dst[l] = src[l] + shift }
                    }
                }
            }
        }
        let whole = chunk >= g.batch && g.batch > 0 && patch > 0 && positions > 0 && outChannels > 0
        return (output, whole && patch * g.batch * positions <= keptColumns ? columns : nil)
    }

    /// The gradients of conv2d's input, weight and bias (when it has one) for the
    /// upstream gradient `upstream` (batch, Cout, outH, outW); `need…` say which ones
    /// autograd wants, so a frozen input (the usual case: images) costs no second `sgemm`
    /// or `col2im`, and a frozen weight no weight `sgemm`.
    /// - Returns: [dInput, dWeight] or, with `needBias` asked about, [dInput, dWeight, dBias].
    static func conv2dGradients(
        upstream: Tensor, input: Tensor, weight: Tensor, geometry g: ConvGeometry,
        needInput: Bool, needWeight: Bool, needBias: Bool? = nil, columns kept: TensorStorage? = nil, budget: Int = columnBudget
    ) throws -> [Tensor?] {
        let outChannels = weight.shape[0], positions = g.positions, patch = g.patch
        let chunk = imagesPerChunk(g, outChannels: outChannels, budget: budget)
        let operands = [input.shape, weight.shape]
        let dInput = needInput ? try Tensor.filled(input.shape, 0, op: "conv2d") : nil  // col2im adds into it
        let dWeight = needWeight ? try Tensor.filled(weight.shape, 0, op: "conv2d") : nil
        let dBias = needBias == true ? try Tensor.filled([outChannels], 0, op: "conv2d") : nil
        let gathered = try TensorStorage(shape: [outChannels, chunk * positions], op: "conv2d", operands: operands)
        // The forward's columns, when it kept them for a batch of one chunk; the input
        // gradient needs a buffer of its own (it overwrites the columns with its product).
        let saved = chunk >= g.batch ? kept : nil
        let columns = try TensorStorage(shape: [patch, chunk * positions], op: "conv2d", operands: operands)
        let u = upstream.storage.pointer, gT = gathered.pointer, col = columns.pointer
        let multiply = patch > 0 && positions > 0 && outChannels > 0
        for start in stride(from: 0, to: g.batch, by: chunk) {
            if start > 0 { try StopFlag.checkCurrent() }  // between chunks of images
            let count = Swift.min(chunk, g.batch - start), width = count * positions
            // (count, Cout, L) → (Cout, count·L), summing the bias gradient on the way.
            for n in 0..<count {
                for c in 0..<outChannels {
                    let src = u + ((start + n) * outChannels + c) * positions, dst = gT + c * width + n * positions
                    var sum: Float = 0
                    for l in 0..<positions {
                        dst[l] = src[l]
                        sum += src[l]
                    }
                    if let dBias { dBias.storage.pointer[c] += sum }
                }
            }
            guard multiply else { continue }
            if let dWeight {
                if saved == nil { im2col(input.storage.pointer + start * g.imageSize, count: count, g, into: col) }
                // dW += g (Cout, count·L) · colᵀ (count·L, patch)
                BLAS.sgemm(
                    transA: false, transB: true, m: outChannels, n: patch, k: width,
                    a: gT, lda: width, b: saved?.pointer ?? col, ldb: width, beta: 1, c: dWeight.storage.pointer, ldc: patch)
            }
            if let dInput {
                // dcol = Wᵀ (patch, Cout) · g (Cout, count·L), folded back onto the images.
                BLAS.sgemm(
                    transA: true, transB: false, m: patch, n: width, k: outChannels,
                    a: weight.storage.pointer, lda: patch, b: gT, ldb: width, c: col, ldc: width)
                col2im(col, count: count, g, into: dInput.storage.pointer + start * g.imageSize)
            }
        }
        return needBias == nil ? [dInput, dWeight] : [dInput, dWeight, dBias]
    }
}

extension Tensor {
    /// 2-D cross-correlation, as PyTorch's conv2d, plus an optional bias per output channel.
    /// - Parameters:
    ///   - weight: (outChannels, inChannels, kh, kw)
    ///   - bias: (outChannels), or nil
    ///   - self: (batch, inChannels, H, W)
    /// - Returns: (batch, outChannels, outH, outW)
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0) throws -> Tensor {
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
        if let bias, bias.shape != [outChannels] {
            throw TensorError.shapeMismatch(
                op: "conv2d", lhs: weight.shape, rhs: bias.shape, reason: "do not match: the bias needs one value per output channel")
        }
        try Shape.validate([g.batch, outChannels, g.outHeight, g.outWidth], op: "conv2d")
        try Shape.validate([g.patch, g.positions], op: "conv2d")
        let recording = GradMode.isEnabled && (requiresGradient || weight.requiresGradient || bias?.requiresGradient == true)
        let (out, columns) = try Convolution.forwardKeepingColumns(input: self, weight: weight, bias: bias, geometry: g)
        return out.recorded(
            .conv2d(
                input: detached(), weight: weight.detached(), geometry: g, columns: recording && weight.requiresGradient ? columns : nil),
            inputs: bias.map { [self, weight, $0] } ?? [self, weight])
    }
}
