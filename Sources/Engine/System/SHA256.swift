import Glibc

/// SHA-256 (FIPS 180-4), in Swift: what a saved session records of every data file it
/// loaded, so a replay can tell that a file changed. No package provides it on Linux
/// without pulling in a crypto library, and the function is small.
///
/// Streaming: `update` takes bytes in any pieces, `finalize` pads and gives the digest;
/// `SHA256.file(at:)` reads a file in chunks, so a large one is never held in memory.
///
/// Speed: the compression loop runs on raw pointers with the state in locals and the
/// message schedule in a 64-word stack buffer, eight rounds unrolled per pass.
public struct SHA256: Sendable {
    /// The state: H0…H7.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes of an unfinished block, waiting for the next `update` or `finalize`.
    private var pending: [UInt8] = []
    /// How many bytes went in.
    public private(set) var count: Int = 0

    public init() {}

    /// Adds bytes to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        count += bytes.count
        var offset = 0
        if !pending.isEmpty {
            let take = Swift.min(64 - pending.count, bytes.count)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: base, count: take))
            offset = take
            guard pending.count == 64 else { return }
            pending.withUnsafeBytes { block in
                if let start = block.baseAddress { compress(start, blocks: 1) }
            }
            pending.removeAll(keepingCapacity: true)
        }
        let whole = (bytes.count - offset) / 64
        if whole > 0 { compress(base + offset, blocks: whole) }
        offset += whole * 64
        if offset < bytes.count { pending.append(contentsOf: UnsafeRawBufferPointer(start: base + offset, count: bytes.count - offset)) }
    }

    /// Adds bytes to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Adds a string's UTF-8 bytes to the message.
    public mutating func update(_ text: String) {
        var text = text
        text.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// The digest of everything added: the padding (a 1 bit, zeros, the length in bits
    /// as 64 bits big-endian, to a multiple of 64 bytes) goes through the same loop.
    public func finalize() -> Digest {
        var copy = self
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = UInt64(truncatingIfNeeded: count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
        tail.withUnsafeBytes { block in
            if let start = block.baseAddress { copy.compress(start, blocks: block.count / 64) }
        }
        let s = copy.state
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for word in [s.0, s.1, s.2, s.3, s.4, s.5, s.6, s.7] {
            for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt32(shift))) }
        }
        return Digest(bytes: bytes)
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> Digest {
        bytes.withUnsafeBytes { hash($0) }
    }

    /// The digest of a string's UTF-8 bytes.
    public static func hash(_ text: String) -> Digest {
        var hasher = SHA256()
        hasher.update(text)
        return hasher.finalize()
    }

    /// A 32-byte digest.
    public struct Digest: Equatable, Hashable, Sendable, CustomStringConvertible {
        public let bytes: [UInt8]
        /// 64 lowercase hex digits, as `sha256sum` and `hashlib.hexdigest()` write it.
        public var hex: String {
            let digits = Array("0123456789abcdef".utf8)
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count * 2)
            for byte in bytes {
                out.append(digits[Int(byte >> 4)])
                out.append(digits[Int(byte & 0x0f)])
            }
            return String(decoding: out, as: UTF8.self)
        }
        public var description: String { hex }
    }

    /// The round constants: the first 32 bits of the fractional parts of the cube roots
    /// of the first 64 primes.
    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }

    /// One round: T1 = h + Σ1(e) + Ch(e, f, g) + K[t] + W[t]; d += T1; h = T1 + Σ0(a) +
    /// Maj(a, b, c). The caller renames the words for the next round.
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ kw: UInt32
    ) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ (g ^ (e & (f ^ g))) &+ kw
        d = d &+ t1
        h = t1 &+ (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ (((a ^ b) & (b ^ c)) ^ b)
    }

    /// Runs the compression function over `blocks` 64-byte blocks starting at `start`.
    private mutating func compress(_ start: UnsafeRawPointer, blocks: Int) {
        var (h0, h1, h2, h3, h4, h5, h6, h7) = state
        Self.k.withUnsafeBufferPointer { k in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
                for block in 0..<blocks {
                    let p = start + block * 64
                    for t in 0..<16 { w[t] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: t * 4, as: UInt32.self)) }
                    for t in 16..<64 {
                        let x = w[t - 15], y = w[t - 2]
                        let s0 = Self.rotr(x, 7) ^ Self.rotr(x, 18) ^ (x >> 3)
                        let s1 = Self.rotr(y, 17) ^ Self.rotr(y, 19) ^ (y >> 10)
                        w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
                    }
                    var (a, b, c, d, e, f, g, h) = (h0, h1, h2, h3, h4, h5, h6, h7)
                    // Eight rounds per pass with the roles renamed instead of the eight
                    // words shifted along, as the standard's loop does each round.
                    for t in stride(from: 0, to: 64, by: 8) {
                        Self.round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                        Self.round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                        Self.round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                        Self.round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                        Self.round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                        Self.round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                        Self.round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                        Self.round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                    }
                    h0 = h0 &+ a
                    h1 = h1 &+ b
                    h2 = h2 &+ c
                    h3 = h3 &+ d
                    h4 = h4 &+ e
                    h5 = h5 &+ f
                    h6 = h6 &+ g
                    h7 = h7 &+ h
                }
            }
        }
        state = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
}

extension SHA256 {
    /// A file's size and digest, read in chunks of `chunkSize` bytes (1 MB: a large file
    /// is never held in memory whole). Ctrl-C (the bound `StopFlag`) stops it between
    /// chunks.
    /// - Throws: `FileHashError.unreadable` naming the path and why it cannot be read
    ///   (missing, a folder, a device, a read error); `.cancelled` after Ctrl-C.
    public static func file(at path: String, chunkSize: Int = 1 << 20) throws(FileHashError) -> (size: Int, digest: Digest) {
        let opened: (descriptor: Int32, size: Int)
        do {
            opened = try RegularFile.opened(path)
        } catch {
            throw .unreadable(error)
        }
        defer { _ = close(opened.descriptor) }
        var hasher = SHA256()
        let chunk = Swift.max(chunkSize, 64)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            if let stop = StopFlag.current, stop.isRequested {
                stop.reset()
                throw .cancelled
            }
            let got = read(opened.descriptor, buffer, chunk)
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadable(FileRefusal(path: path, reason: RegularFile.reason(errno: errno)))
            }
            if got == 0 { break }
            hasher.update(UnsafeRawBufferPointer(start: buffer, count: got))
        }
        return (hasher.count, hasher.finalize())
    }
}

/// Why `SHA256.file(at:)` gave no digest.
public enum FileHashError: Error, Equatable, Sendable {
    /// The file cannot be opened or read: the path and the reason in the user's words.
    case unreadable(FileRefusal)
    /// Ctrl-C stopped it (the request is cleared: one Ctrl-C stops one cell).
    case cancelled
}
