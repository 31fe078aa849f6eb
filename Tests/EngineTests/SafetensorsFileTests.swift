import Engine
import Foundation
import Testing

/// Safetensors files built by hand: an 8-byte little-endian length, the JSON header, the data.
enum SafetensorsBytes {
    static func file(_ header: String, data: [UInt8]) -> [UInt8] {
        let json = Array(header.utf8)
        return (0..<8).map { UInt8(truncatingIfNeeded: UInt64(json.count) >> (8 * $0)) } + json + data
    }

    static func floats(_ values: [Float]) -> [UInt8] { values.flatMap { bytes($0.bitPattern) } }

    static func bytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        (0..<MemoryLayout<T>.size).map { UInt8(truncatingIfNeeded: value.littleEndian >> (8 * $0)) }
    }

    /// A valid file of two float32 tensors, 'a' (2, 3) and 'b' (2,), and one metadata pair.
    static let valid = file(
        #"{"__metadata__":{"format":"pt"},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]}}"#,
        data: floats([1, 2, 3, 4, 5, 6, -1, 0.5]))
}

@Suite("Safetensors files: reading and writing")
struct SafetensorsFileTests {
    @Test("a written file reads back with the same names, order, shapes, bits and metadata")
    func roundTrip() throws {
        let tensors: [(name: String, value: Tensor)] = [
            ("0.weight", try Sample.normal([3, 2], seed: 1)), ("0.bias", try Tensor(shape: [3], scalars: [.nan, .infinity, -0.0])),
            ("scalar", Tensor(-2.5)), ("empty", try Tensor(shape: [0, 4], scalars: [])),
            ("a \"quoted\"\n\\name", try Sample.normal([5], seed: 2)),
        ]
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/m.safetensors"
        try SafetensorsFile.write(tensors, metadata: [("format", "pt"), ("note", "é \"q\"")], path: path)
        let back = try SafetensorsFile.read(path: path)
        #expect(back.tensors.map(\.name) == tensors.map(\.name))
        for (got, want) in zip(back.tensors, tensors) {
            #expect(got.value.shape == want.value.shape, "\(got.name)")
            #expect(bits(got.value.scalars) == bits(want.value.scalars), "\(got.name)")
        }
        #expect(back.metadata.map(\.key) == ["format", "note"] && back.metadata.map(\.value) == ["pt", "é \"q\""])
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(bytes == SafetensorsFile.encoded(tensors, metadata: [("format", "pt"), ("note", "é \"q\"")]))
        // The data starts on an 8-byte boundary and the header is JSON text.
        let length = bytes.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(length % 8 == 0 && bytes[8] == UInt8(ascii: "{"))
    }

    @Test("tensors listed in any order in the header read by their offsets")
    func headerOrder() throws {
        let header = #"{"b":{"dtype":"F32","shape":[2],"data_offsets":[24,32]},"a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]}}"#
        let read = try SafetensorsFile.decode(
            SafetensorsBytes.file(header, data: SafetensorsBytes.floats([1, 2, 3, 4, 5, 6, -1, 0.5])), source: "t")
        #expect(read.tensors.map(\.name) == ["b", "a"])
        #expect(read.tensors.map(\.value.scalars) == [[-1, 0.5], [1, 2, 3, 4, 5, 6]])
    }

    struct TypeCase: Sendable, CustomTestStringConvertible {
        let dtype: String
        let data: [UInt8]
        let expected: [Float]
        var testDescription: String { dtype }
    }

    static let typeCases: [TypeCase] = [
        .init(dtype: "F16", data: [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x7C], expected: [1, -2, .infinity]),
        .init(dtype: "BF16", data: [0x80, 0x3F, 0x40, 0xC0, 0x80, 0x7F], expected: [1, -3, .infinity]),
        .init(
            dtype: "F64",
            data: SafetensorsBytes.bytes((0.5).bitPattern) + SafetensorsBytes.bytes((-1e300).bitPattern)
                + SafetensorsBytes.bytes((3.0).bitPattern), expected: [0.5, -.infinity, 3]),
        .init(dtype: "I64", data: [Int64(-7), 1 << 40, 3].flatMap { SafetensorsBytes.bytes($0) }, expected: [-7, 0x1p40, 3]),
        .init(dtype: "I32", data: [Int32(-7), 100_000, 3].flatMap { SafetensorsBytes.bytes($0) }, expected: [-7, 100_000, 3]),
        .init(dtype: "U8", data: [0, 255, 7], expected: [0, 255, 7]),
        .init(dtype: "BOOL", data: [0, 1, 1], expected: [0, 1, 1]),
    ]

    @Test("number types convert to float32", arguments: typeCases)
    func types(_ c: TypeCase) throws {
        let header = #"{"t":{"dtype":"\#(c.dtype)","shape":[3],"data_offsets":[0,\#(c.data.count)]}}"#
        let read = try SafetensorsFile.decode(SafetensorsBytes.file(header, data: c.data), source: "t")
        #expect(read.tensors.first?.value.scalars == c.expected)
    }

    struct BadCase: Sendable, CustomTestStringConvertible {
        let id: String
        let bytes: [UInt8]
        let message: String
        var testDescription: String { id }
    }

    static func entry(_ fields: String) -> [UInt8] { SafetensorsBytes.file(#"{"w":{\#(fields)}}"#, data: SafetensorsBytes.floats([1, 2])) }

    static let badCases: [BadCase] = [
        .init(id: "empty", bytes: [], message: "not a safetensors file: it has 0 bytes, fewer than the 8 that give its header's length"),
        .init(
            id: "huge header length", bytes: SafetensorsBytes.bytes(UInt64.max) + [0x7B],
            message: "not a safetensors file: its header would be 18446744073709551615 bytes, more than the 100000000 Sprout reads"),
        .init(
            id: "header past the end", bytes: SafetensorsBytes.bytes(UInt64(64)) + Array("{}".utf8),
            message: "the file is cut short in its header: it needs at least 72 bytes, the file has 10"),
        .init(
            id: "not JSON", bytes: SafetensorsBytes.file("{\"a\" 1}", data: []),
            message: "the header does not parse: expected ':' at byte 5, found '1'"),
        .init(
            id: "not UTF-8", bytes: SafetensorsBytes.file("{\"\u{FF}\"}", data: []).map { $0 == 0xC3 ? 0xFF : $0 },
            message: "the header is not UTF-8 text; is this a safetensors file?"),
        .init(
            id: "a list", bytes: SafetensorsBytes.file("[1]", data: []),
            message: "the header does not parse: it is a list, not an object of tensors"),
        .init(
            id: "duplicate", bytes: SafetensorsBytes.file(#"{"w":{},"w":{}}"#, data: []),
            message: "the header does not parse: the name 'w' appears twice"),
        .init(
            id: "metadata not text", bytes: SafetensorsBytes.file(#"{"__metadata__":{"a":1}}"#, data: []),
            message: "the header does not parse: __metadata__ maps names to strings; 'a' is the number 1"),
        .init(
            id: "wrong dtype", bytes: entry(#""dtype":"F8_E4M3","shape":[2],"data_offsets":[0,8]"#),
            message:
                "tensor 'w' has type F8_E4M3, which Sprout does not read (it reads BF16, BOOL, F16, F32, F64, I16, I32, I64, I8, U16, U32, U64, U8)"
        ),
        .init(
            id: "negative size", bytes: entry(#""dtype":"F32","shape":[-2],"data_offsets":[0,8]"#),
            message: "tensor 'w': its shape holds the number -2; sizes are whole numbers, 0 or more"),
        .init(
            id: "float size", bytes: entry(#""dtype":"F32","shape":[2.0],"data_offsets":[0,8]"#),
            message: "tensor 'w': its shape holds the number 2.0; sizes are whole numbers, 0 or more"),
        .init(
            id: "huge shape", bytes: entry(#""dtype":"F32","shape":[4294967296,4294967296,4],"data_offsets":[0,8]"#),
            message: "tensor 'w': its shape (4294967296, 4294967296, 4) is too large: a tensor holds at most 2^31 elements"),
        .init(
            id: "size mismatch", bytes: entry(#""dtype":"F32","shape":[3],"data_offsets":[0,8]"#),
            message: "tensor 'w': shape (3,) of F32 needs 12 bytes, its offsets give 8"),
        .init(
            id: "offsets past the end", bytes: entry(#""dtype":"F32","shape":[2],"data_offsets":[4,12]"#),
            message: "the file is cut short: tensor 'w' ends at byte 12 of the data, which has 8"),
        .init(
            id: "offsets reversed", bytes: entry(#""dtype":"F32","shape":[0],"data_offsets":[8,0]"#),
            message: "tensor 'w': its \"data_offsets\" are not two whole numbers with 0 ≤ begin ≤ end"),
        .init(id: "no dtype", bytes: entry(#""shape":[2],"data_offsets":[0,8]"#), message: "tensor 'w': its entry has no \"dtype\""),
        .init(
            id: "overlap",
            bytes: SafetensorsBytes.file(
                #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
                data: SafetensorsBytes.floats([1, 2])),
            message: "tensors 'a' and 'b' overlap in the data; the file is corrupt"),
        .init(
            id: "gap", bytes: entry(#""dtype":"F32","shape":[1],"data_offsets":[4,8]"#),
            message: "4 unused bytes lie before tensor 'w' in the data; the file is corrupt"),
        .init(
            id: "trailing", bytes: entry(#""dtype":"F32","shape":[1],"data_offsets":[0,4]"#),
            message: "4 bytes after the last tensor belong to none; the file is corrupt"),
    ]

    @Test("a corrupt file is an error that names the problem and the tensor", arguments: badCases)
    func refused(_ c: BadCase) {
        #expect(throws: SafetensorsError.self) { try SafetensorsFile.decode(c.bytes, source: "m.safetensors") }
        do {
            _ = try SafetensorsFile.decode(c.bytes, source: "m.safetensors")
        } catch {
            #expect(error.description == "m.safetensors: " + c.message)
        }
    }

    @Test("a missing file, a folder and an unwritable path are errors naming the path; a failed write keeps the old file")
    func files() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: SafetensorsError(path: folder + "/none.safetensors", problem: .unreadable(reason: "no such file"))) {
            try SafetensorsFile.read(path: folder + "/none.safetensors")
        }
        #expect(throws: SafetensorsError(path: folder, problem: .unreadable(reason: "it is a folder"))) {
            try SafetensorsFile.read(path: folder)
        }
        let path = folder + "/m.safetensors"
        try SafetensorsFile.write([("a", Tensor(1))], path: path)
        #expect(throws: SafetensorsError.self) { try SafetensorsFile.write([("a", Tensor(2))], path: folder + "/no/m.safetensors") }
        #expect(try SafetensorsFile.read(path: path).tensors.first?.value.scalars == [1])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["m.safetensors"])
    }

    @Test("Ctrl-C stops a write, leaving no file, and a read")
    func stop() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stop = StopFlag()
        stop.request()
        #expect(throws: SafetensorsError(path: folder + "/m.safetensors", problem: .cancelled)) {
            try StopFlag.$current.withValue(stop) { try SafetensorsFile.write([("a", Tensor(1))], path: folder + "/m.safetensors") }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        stop.request()
        #expect(throws: SafetensorsError(path: "t", problem: .cancelled)) {
            try StopFlag.$current.withValue(stop) { try SafetensorsFile.decode(SafetensorsBytes.valid, source: "t") }
        }
    }
}
