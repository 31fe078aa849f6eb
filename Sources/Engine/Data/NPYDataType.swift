/// A `.npy` file's element type, from its header's `descr` (`'<f4'`, `'>i8'`, `'|b1'`):
/// byte order, kind and size. Every type Sprout reads becomes float32, as a tensor holds:
/// float64, int32 and wider integers lose precision past float32's 24-bit significand
/// (2^24 + 1 reads as 2^24), and float64 values beyond float32's range become ±infinity.
struct NPYDataType: Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        case float, signed, unsigned, bool
    }

    var kind: Kind
    /// Bytes per element.
    var size: Int
    /// Whether the bytes are most significant first (`>`); `<`, `|` and `=` read as
    /// little-endian, this machine's order.
    var isBigEndian: Bool

    /// float32 in this machine's order: the type a tensor holds, and the one Sprout writes.
    static let nativeFloat32 = NPYDataType(kind: .float, size: 4, isBigEndian: Int(1).bigEndian == 1)

    /// `descr` as NumPy writes it: `'<f4'`, or `'>f4'` on a big-endian machine.
    var descr: String {
        let letter: String
        switch kind {
        case .float: letter = "f"
        case .signed: letter = "i"
        case .unsigned: letter = "u"
        case .bool: letter = "b"
        }
        return (size == 1 ? "|" : isBigEndian ? ">" : "<") + letter + String(size)
    }

    /// What a type letter means, for the message refusing it; a number type needs a
    /// size that makes sense (`'float32'` is no NumPy `descr`).
    private static func kindInWords(_ letter: Character?, size: Int?) -> String {
        let bits = size.flatMap { (1...64).contains($0) ? "\($0 * 8)-bit " : nil }
        switch letter {
        case "f": return bits.map { $0 + "floats" } ?? "an unknown type"
        case "i", "u": return bits.map { $0 + "integers" } ?? "an unknown type"
        case "b": return bits.map { $0 + "booleans" } ?? "an unknown type"
        case "c": return "complex numbers"
        case "O": return "Python objects"
        case "U", "S", "a": return "text"
        case "V": return "raw bytes or records"
        case "M", "m": return "dates or times"
        default: return "an unknown type"
        }
    }

    /// Converts `count` elements of this type from `source` into float32 at `target`.
    /// One switch per call, then a loop of unaligned loads: a chunk of a file need not
    /// start on an element's alignment.
    func convert(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutablePointer<Float>) {
        let swap = isBigEndian
        func each<T: FixedWidthInteger>(_: T.Type, _ float: (T) -> Float) {
            for i in 0..<count {
                let raw = source.loadUnaligned(fromByteOffset: i &* MemoryLayout<T>.size, as: T.self)
                target[i] = float(swap ? raw.byteSwapped : raw)
            }
        }
        switch (kind, size) {
        case (.float, 2): each(UInt16.self, Self.halfToFloat)
        case (.float, 4): each(UInt32.self) { Float(bitPattern: $0) }
        case (.float, 8): each(UInt64.self) { Float(Double(bitPattern: $0)) }
        case (.signed, 1): each(Int8.self) { Float($0) }
        case (.signed, 2): each(Int16.self) { Float($0) }
        case (.signed, 4): each(Int32.self) { Float($0) }
        case (.signed, 8): each(Int64.self) { Float($0) }
        case (.unsigned, 1): each(UInt8.self) { Float($0) }
        case (.unsigned, 2): each(UInt16.self) { Float($0) }
        case (.unsigned, 4): each(UInt32.self) { Float($0) }
        case (.unsigned, 8): each(UInt64.self) { Float($0) }
        case (.bool, _): each(UInt8.self) { $0 == 0 ? 0 : 1 }
        default: target.update(repeating: .nan, count: count)  // `init` admits no other type
        }
    }

    /// IEEE half precision to float32, exactly (every half is a float32). Written out
    /// rather than through `Float16`, which not every Swift platform has.
    static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = Int(bits >> 10) & 0x1F
        let fraction = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: fraction · 2^-24, exact in float32.
            let magnitude = Float(fraction) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | fraction << 13)
        default:
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | fraction << 13)
        }
    }
}

extension NPYDataType {
    /// The type a header's `descr` names.
    /// - Throws: `.unsupportedType` naming it and its kind in words (complex numbers,
    ///   text, records of named fields, …).
    init(descr literal: PythonLiteral) throws(NPYError.Problem) {
        guard case let .string(text) = literal else {
            let kind =
                switch literal {
                case .list: "records of named fields"
                case .tuple: "a sub-array type"
                default: "an unknown type"
                }
            throw .unsupportedType(descr: literal.repr, kind: kind)
        }
        var rest = Substring(text)
        var isBigEndian = false
        if let order = rest.first, "<>|=".contains(order) {
            isBigEndian = order == ">"
            rest = rest.dropFirst()
        }
        let letter = rest.first
        let size = Int(rest.dropFirst())
        let unsupported = NPYError.Problem.unsupportedType(descr: literal.repr, kind: Self.kindInWords(letter, size: size))
        guard let size else { throw unsupported }
        switch (letter, size) {
        case ("f", 2), ("f", 4), ("f", 8): kind = .float
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signed
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsigned
        case ("b", 1): kind = .bool
        default: throw unsupported
        }
        self.size = size
        self.isBigEndian = isBigEndian && size > 1
    }
}
