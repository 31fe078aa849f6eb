/// 2-D convolution and pooling over (batch, channels, height, width) tensors: the geometry,
/// and the unfolding of images into columns (im2col) and back (col2im) that lets one
/// `sgemm` do a convolution (Convolution+Products.swift).
public struct ConvGeometry: Sendable, Equatable {
    public var batch, channels, height, width: Int
    public var kernelHeight, kernelWidth, stride, padding: Int
    public var outHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    public var outWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    var patch: Int { channels * kernelHeight * kernelWidth }
    var positions: Int { outHeight * outWidth }
    var imageSize: Int { channels * height * width }

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

    /// The output columns x whose input column x·stride − padding + kj lies inside the
    /// image: left of it and right of it the kernel tap `kj` reads padding.
    func validColumns(_ kj: Int) -> Range<Int> {
        let ceilDiv = { (a: Int, b: Int) in a <= 0 ? 0 : (a + b - 1) / b }
        let hi = Swift.min(outWidth, ceilDiv(width + padding - kj, stride))
        return Swift.min(ceilDiv(padding - kj, stride), hi)..<hi
    }
}

enum Convolution {
    /// Floats one chunk of the batch may take in each of its two buffers, the unfolded
    /// columns and the product (16 MB): the whole batch of a small-image net fits, so
    /// each layer is one `sgemm` a step (64 products of 16×36 by 36×9 cost more in BLAS
    /// call overhead than in arithmetic), while a batch of large images is cut into
    /// chunks so the buffers never dwarf the input.
    static let columnBudget = 1 << 22

    /// Images per chunk: as many as fit `budget` floats in the columns (patch × n·L) and
    /// in the product (outChannels × n·L), at least one.
    static func imagesPerChunk(_ g: ConvGeometry, outChannels: Int, budget: Int) -> Int {
        let perImage = Swift.max(1, Swift.max(g.patch, outChannels) * g.positions)
        return Swift.max(1, Swift.min(g.batch, budget / perImage))
    }

    /// Unfolds `count` consecutive images (channels, H, W) into columns
    /// (C·kh·kw, count·L), L = outH·outW: row (c, ki, kj), column n·L + y·outW + x holds
    /// image n's pixel under tap (ki, kj) of the window at (y, x), 0 in the padding.
    /// Every element is written, so `col` needs no clearing.
    ///
    /// Image by image: one image stays in L1 while its patches are written, where walking
    /// every image for each row (c, ki, kj) read the whole batch from L2 C·kh·kw times.
    /// Rows of a small image are a few floats (4 on digits' second layer), so the copies
    /// are plain loops: a memcpy or memset call per row cost more than the row.
    static func im2col(_ images: UnsafePointer<Float>, count: Int, _ g: ConvGeometry, into col: UnsafeMutablePointer<Float>) {
        let (oh, ow, h, w, s, pad) = (g.outHeight, g.outWidth, g.height, g.width, g.stride, g.padding)
        forEachTap(g, count: count, columns: col, images: images) { row, plane, ki, kj, valid in
            let dst = UnsafeMutablePointer(mutating: row)
            if s == 1 && pad == 0 {
                // Every tap reads inside the image: an outH × outW block, no tests.
                moveBlock(rows: oh, columns: ow, from: plane + ki * w + kj, stride: w, to: dst, stride: ow, adding: false)
                return
            }
            let (lo, hi) = (valid.lowerBound, valid.upperBound)
            for y in 0..<oh {
                let d = dst + y * ow, iy = y * s - pad + ki
                guard iy >= 0 && iy < h else {
                    for x in 0..<ow { d[x] = 0 }
                    continue
                }
                // Output column x reads input column x·s + kj − pad.
                let p = plane + iy * w + (kj - pad)
                for x in 0..<lo { d[x] = 0 }
                if s == 1 {
                    for x in lo..<hi { d[x] = p[x] }
                } else {
                    for x in lo..<hi { d[x] = p[x * s] }
                }
                for x in hi..<ow { d[x] = 0 }
            }
        }
    }

    /// Folds columns laid out as `im2col` writes them back onto `count` images, adding
    /// where windows overlap; padding positions are dropped. Image by image, as `im2col`.
    static func col2im(_ col: UnsafePointer<Float>, count: Int, _ g: ConvGeometry, into images: UnsafeMutablePointer<Float>) {
        let (oh, ow, h, w, s, pad) = (g.outHeight, g.outWidth, g.height, g.width, g.stride, g.padding)
        forEachTap(g, count: count, columns: col, images: images) { row, plane, ki, kj, valid in
            let image = UnsafeMutablePointer(mutating: plane)
            if s == 1 && pad == 0 {
                moveBlock(rows: oh, columns: ow, from: row, stride: ow, to: image + ki * w + kj, stride: w, adding: true)
                return
            }
            let (lo, hi) = (valid.lowerBound, valid.upperBound)
            for y in 0..<oh {
                let iy = y * s - pad + ki
                guard iy >= 0 && iy < h else { continue }
                let p = row + y * ow, d = image + iy * w + (kj - pad)
                if s == 1 {
                    for x in lo..<hi { d[x] += p[x] }
                } else {
                    for x in lo..<hi { d[x * s] += p[x] }
                }
            }
        }
    }

    /// Copies (or adds, when `adding`) a rows × columns block from `src`, rows `srcStride`
    /// apart, to `dst`, rows `dstStride` apart: a tap's block between columns and image.
    @inline(__always)
    static func moveBlock(
        rows: Int, columns: Int, from src: UnsafePointer<Float>, stride srcStride: Int,
        to dst: UnsafeMutablePointer<Float>, stride dstStride: Int, adding: Bool
    ) {
        var (d, p) = (dst, src)
        for _ in 0..<rows {
            if adding {
                for x in 0..<columns { d[x] += p[x] }
            } else {
                for x in 0..<columns { d[x] = p[x] }
            }
            d += dstStride
            p += srcStride
        }
    }

    /// Calls body(columns of tap (c, ki, kj) of image n, image n's plane c, ki, kj, the
    /// output columns where tap kj reads inside the image) for every image and tap, image
    /// by image: the one loop nest `im2col` and `col2im` walk. The tap's outH·outW columns
    /// for image n start n·L into row (c, ki, kj).
    @inline(__always)
    static func forEachTap(
        _ g: ConvGeometry, count: Int, columns: UnsafePointer<Float>, images: UnsafePointer<Float>,
        _ body: (UnsafePointer<Float>, UnsafePointer<Float>, Int, Int, Range<Int>) -> Void
    ) {
        let rowLength = count * g.positions, planeSize = g.height * g.width
        let valid = (0..<g.kernelWidth).map { g.validColumns($0) }
        for n in 0..<count {
            var row = columns + n * g.positions
            for c in 0..<g.channels {
                let plane = images + n * g.imageSize + c * planeSize
                for ki in 0..<g.kernelHeight {
                    for kj in 0..<g.kernelWidth {
                        body(row, plane, ki, kj, valid[kj])
                        row += rowLength
                    }
                }
            }
        }
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
