/// A safetensors element type, by the name the header gives it ("F32", "BF16", "I64").
///
/// Reading converts every number type to float32, as a tensor holds: F16 and BF16
/// exactly; F64, I32, I64, U32 and U64 to the nearest float32 (integers past 2^24 lose
/// their last digits, F64 past float32's range becomes ±infinity); BOOL to 0 and 1.
/// The 8-bit floats (F8_E4M3, F8_E5M2) and the rest are refused by name. Writing is
/// always F32. The format is little-endian throughout.
struct SafetensorsDataType: Equatable, Sendable {
    /// The header's name for the type.
    let name: String
    /// Bytes per element.
    let size: Int
    /// How the bytes become float32: a `.npy` type (the same conversions), or bfloat16.
    private let layout: Layout

    private enum Layout: Equatable {
        case numpy(NPYDataType)
        case bfloat16
    }

    /// float32, the type Sprout writes.
    static let float32 = SafetensorsDataType(name: "F32", size: 4, layout: .numpy(.init(kind: .float, size: 4, isBigEndian: false)))

    /// Every type Sprout reads, by name.
    private static let known: [String: SafetensorsDataType] = {
        func numpy(_ name: String, _ kind: NPYDataType.Kind, _ size: Int) -> (String, SafetensorsDataType) {
            (name, SafetensorsDataType(name: name, size: size, layout: .numpy(.init(kind: kind, size: size, isBigEndian: false))))
        }
        let types = [
            numpy("F16", .float, 2), numpy("F32", .float, 4), numpy("F64", .float, 8),
            numpy("I8", .signed, 1), numpy("I16", .signed, 2), numpy("I32", .signed, 4), numpy("I64", .signed, 8),
            numpy("U8", .unsigned, 1), numpy("U16", .unsigned, 2), numpy("U32", .unsigned, 4), numpy("U64", .unsigned, 8),
            numpy("BOOL", .bool, 1), ("BF16", SafetensorsDataType(name: "BF16", size: 2, layout: .bfloat16)),
        ]
        return Dictionary(uniqueKeysWithValues: types)
    }()

    /// The names Sprout reads, for the message refusing another.
    static var knownNames: String { known.keys.sorted().joined(separator: ", ") }

    /// The type the header names, or nil when Sprout does not read it.
    init?(name: String) {
        guard let type = Self.known[name] else { return nil }
        self = type
    }

    private init(name: String, size: Int, layout: Layout) {
        self.name = name
        self.size = size
        self.layout = layout
    }

    /// Whether the bytes are float32 as this machine holds it, to be copied as they are.
    var isNativeFloat32: Bool { self == .float32 && Int(1).littleEndian == 1 }

    /// Converts `count` elements from `source` (any alignment) into float32 at `target`.
    func convert(_ source: UnsafeRawPointer, count: Int, into target: UnsafeMutablePointer<Float>) {
        switch layout {
        case let .numpy(type):
            type.convert(source, count: count, into: target)
        case .bfloat16:
            // bfloat16 is the top half of a float32: its bits, shifted up, are exact.
            for i in 0..<count {
                let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: i &* 2, as: UInt16.self))
                target[i] = Float(bitPattern: UInt32(bits) << 16)
            }
        }
    }
}
