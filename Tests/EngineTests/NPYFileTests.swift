import Engine
import Foundation
import Testing

/// .npy files built byte by byte, as the format describes them: the magic string, the
/// version, the header length, a Python dict padded with spaces to a multiple of 64 and
/// ending in a newline, then the data.
enum NPYBytes {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// A whole file: `header` is the dict's text, padded as NumPy pads it.
    static func file(_ header: String, version: UInt8 = 1, data: [UInt8] = []) -> [UInt8] {
        let lengthBytes = version == 1 ? 2 : 4
        let preamble = magic.count + 2 + lengthBytes
        var text = Array(header.utf8)
        let padding = (64 - (preamble + text.count + 1) % 64) % 64
        text += Array(repeating: UInt8(ascii: " "), count: padding) + [UInt8(ascii: "\n")]
        let length = (0..<lengthBytes).map { UInt8(truncatingIfNeeded: text.count >> (8 * $0)) }
        return magic + [version, 0] + length + text + data
    }

    /// The usual header: `{'descr': 'DESCR', 'fortran_order': False, 'shape': SHAPE, }`.
    static func header(_ descr: String, _ shape: String, fortran: Bool = false) -> String {
        "{'descr': '\(descr)', 'fortran_order': \(fortran ? "True" : "False"), 'shape': \(shape), }"
    }

    /// The bytes of values, little-endian (`bigEndian` to swap them).
    static func bytes<T: FixedWidthInteger>(_ values: [T], bigEndian: Bool = false) -> [UInt8] {
        values.flatMap { value in
            withUnsafeBytes(of: bigEndian ? value.bigEndian : value.littleEndian) { Array($0) }
        }
    }

    static func floats(_ values: [Float], bigEndian: Bool = false) -> [UInt8] { bytes(values.map(\.bitPattern), bigEndian: bigEndian) }
    static func doubles(_ values: [Double], bigEndian: Bool = false) -> [UInt8] { bytes(values.map(\.bitPattern), bigEndian: bigEndian) }
}

/// A folder under the system's temporary folder, removed by the caller.
func makeNPYTestFolder() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-npy-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

@Suite("NumPy .npy files: reading")
struct NPYReadTests {
    struct DTypeCase: CustomTestStringConvertible, Sendable {
        let descr: String
        let data: [UInt8]
        let expected: [Float]
        var testDescription: String { descr }
    }

    /// Every data type Sprout reads, each converted to float32.
    static let dtypeCases: [DTypeCase] = [
        .init(descr: "<f4", data: NPYBytes.floats([1.5, -2, 3.25]), expected: [1.5, -2, 3.25]),
        .init(descr: ">f4", data: NPYBytes.floats([1.5, -2, 3.25], bigEndian: true), expected: [1.5, -2, 3.25]),
        .init(descr: "<f8", data: NPYBytes.doubles([0.1, -1e300, 7]), expected: [0.1, -.infinity, 7]),
        .init(descr: ">f8", data: NPYBytes.doubles([0.1, 2, 7], bigEndian: true), expected: [0.1, 2, 7]),
        .init(descr: "<f2", data: NPYBytes.bytes([UInt16(0x3C00), 0xC000, 0x7C00]), expected: [1, -2, .infinity]),
        .init(descr: "<i8", data: NPYBytes.bytes([Int64(-3), 1 << 40, 9]), expected: [-3, 1_099_511_627_776, 9]),
        .init(descr: ">i8", data: NPYBytes.bytes([Int64(-3), 4, 9], bigEndian: true), expected: [-3, 4, 9]),
        .init(descr: "<i4", data: NPYBytes.bytes([Int32(-7), 0, Int32.max]), expected: [-7, 0, 2_147_483_648]),
        .init(descr: "<i2", data: NPYBytes.bytes([Int16(-300), 5, 6]), expected: [-300, 5, 6]),
        .init(descr: "|i1", data: NPYBytes.bytes([Int8(-128), 0, 127]), expected: [-128, 0, 127]),
        .init(descr: "|u1", data: [0, 128, 255], expected: [0, 128, 255]),
        .init(descr: "<u2", data: NPYBytes.bytes([UInt16(65535), 1, 2]), expected: [65535, 1, 2]),
        .init(descr: "<u4", data: NPYBytes.bytes([UInt32(4_000_000_000), 1, 2]), expected: [4_000_000_000, 1, 2]),
        .init(descr: "<u8", data: NPYBytes.bytes([UInt64.max, 1, 2]), expected: [18_446_744_073_709_551_615, 1, 2]),
        .init(descr: "|b1", data: [1, 0, 1], expected: [1, 0, 1]),
    ]

    @Test("each data type converts to float32", arguments: dtypeCases)
    func dataTypes(_ c: DTypeCase) throws {
        let tensor = try NPYFile.decode(NPYBytes.file(NPYBytes.header(c.descr, "(3,)"), data: c.data), source: "t.npy")
        #expect(tensor.shape == [3])
        #expect(tensor.scalars == c.expected)
    }

    @Test("version 2.0 and 3.0 headers (a four-byte header length)", arguments: [UInt8(2), 3])
    func laterVersions(_ version: UInt8) throws {
        let bytes = NPYBytes.file(NPYBytes.header("<f4", "(2, 2)"), version: version, data: NPYBytes.floats([1, 2, 3, 4]))
        let tensor = try NPYFile.decode(bytes, source: "t.npy")
        #expect(tensor.shape == [2, 2])
        #expect(tensor.scalars == [1, 2, 3, 4])
    }

    /// Fortran order lists the first axis fastest; the tensor is row-major.
    @Test("fortran_order True is transposed into row-major")
    func fortranOrder() throws {
        let matrix = NPYBytes.file(NPYBytes.header("<f4", "(2, 3)", fortran: true), data: NPYBytes.floats([1, 4, 2, 5, 3, 6]))
        let tensor = try NPYFile.decode(matrix, source: "t.npy")
        #expect(tensor.shape == [2, 3])
        #expect(tensor.scalars == [1, 2, 3, 4, 5, 6])

        // (2, 3, 2): element [i][j][k] is at i + 2j + 6k in the file.
        var fileOrder = [Float](repeating: 0, count: 12)
        for i in 0..<2 { for j in 0..<3 { for k in 0..<2 { fileOrder[i + 2 * j + 6 * k] = Float(100 * i + 10 * j + k) } } }
        let cube = try NPYFile.decode(
            NPYBytes.file(NPYBytes.header("<i8", "(2, 3, 2)", fortran: true), data: NPYBytes.bytes(fileOrder.map { Int64($0) })),
            source: "t.npy")
        #expect(cube.shape == [2, 3, 2])
        #expect(cube.scalars == [0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121])
    }

    @Test("shape () is a scalar, and empty shapes give empty tensors")
    func scalarAndEmptyShapes() throws {
        let scalar = try NPYFile.decode(NPYBytes.file(NPYBytes.header("<f8", "()"), data: NPYBytes.doubles([2.5])), source: "t.npy")
        #expect(scalar.shape == [])
        #expect(scalar.scalars == [2.5])
        for (shape, expected) in [("(0,)", [0]), ("(2, 0)", [2, 0]), ("(0, 3, 4)", [0, 3, 4])] {
            let empty = try NPYFile.decode(NPYBytes.file(NPYBytes.header("<f4", shape)), source: "t.npy")
            #expect(empty.shape == expected)
            #expect(empty.count == 0)
        }
    }

    /// Headers as older writers made them: Python 2's long integers (`3L`), no trailing
    /// comma, keys in another order, double quotes, a header padded to 16 bytes only.
    @Test("header spellings other writers use")
    func headerSpellings() throws {
        let headers = [
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2L, 1L)}",
            "{\"shape\": (2, 1), \"fortran_order\": False, \"descr\": \"<f4\"}",
            "{'descr':'<f4','fortran_order':False,'shape':(2,1,),}",
        ]
        for header in headers {
            let tensor = try NPYFile.decode(NPYBytes.file(header, data: NPYBytes.floats([7, 8])), source: "t.npy")
            #expect(tensor.shape == [2, 1], "\(header)")
            #expect(tensor.scalars == [7, 8], "\(header)")
        }
        // Padded to 16: the total is no multiple of 64, which NumPy before 1.9 wrote.
        var old = NPYBytes.magic + [1, 0]
        let text = Array("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }   \n".utf8)
        old += [UInt8(text.count), 0] + text + NPYBytes.floats([9])
        #expect(try NPYFile.decode(old, source: "t.npy").scalars == [9])
    }

    /// NumPy's reader ignores bytes after the data (several arrays written one after
    /// another to one file), and so does Sprout's.
    @Test("bytes after the data are ignored")
    func trailingBytes() throws {
        let bytes = NPYBytes.file(NPYBytes.header("<f4", "(2,)"), data: NPYBytes.floats([1, 2, 3]))
        #expect(try NPYFile.decode(bytes, source: "t.npy").scalars == [1, 2])
    }
}

@Suite("NumPy .npy files: refusals")
struct NPYRefusalTests {
    struct RefusalCase: CustomTestStringConvertible, Sendable {
        let id: String
        let bytes: [UInt8]
        let message: String
        init(_ id: String, _ bytes: [UInt8], _ message: String) {
            self.id = id
            self.bytes = bytes
            self.message = message
        }
        var testDescription: String { id }
    }

    static let good = NPYBytes.file(NPYBytes.header("<f4", "(2, 3)"), data: NPYBytes.floats([1, 2, 3, 4, 5, 6]))

    static let cases: [RefusalCase] = [
        .init("empty file", [], "t.npy: not a NumPy .npy file: it is empty"),
        .init("bad magic", Array("a,b\n1,2\n".utf8), "t.npy: not a NumPy .npy file: it does not start with \\x93NUMPY"),
        .init(
            "magic cut short", Array(NPYBytes.magic.prefix(4)),
            "t.npy: the file is cut short in its header: it needs at least 10 bytes, the file has 4"),
        .init(
            "version 4.0", NPYBytes.magic + [4, 0, 0, 0],
            "t.npy: .npy format version 4.0 is not one Sprout reads (it reads 1.0, 2.0 and 3.0)"),
        .init(
            "version 1.5", NPYBytes.magic + [1, 5, 0, 0],
            "t.npy: .npy format version 1.5 is not one Sprout reads (it reads 1.0, 2.0 and 3.0)"),
        .init(
            "truncated header", Array(good.prefix(40)),
            "t.npy: the file is cut short in its header: it needs at least 128 bytes, the file has 40"),
        .init(
            "truncated data", Array(good.dropLast(5)),
            "t.npy: the data is cut short: shape (2, 3) of '<f4' needs 24 bytes, the file has 19"),
        .init(
            "no data at all", NPYBytes.file(NPYBytes.header("<f8", "(1000, 10)")),
            "t.npy: the data is cut short: shape (1000, 10) of '<f8' needs 80000 bytes, the file has 0"),
        .init(
            "complex", NPYBytes.file(NPYBytes.header("<c8", "(1,)"), data: [0, 0, 0, 0, 0, 0, 0, 0]),
            "t.npy: data type '<c8' (complex numbers) is not supported: Sprout reads floats, integers and booleans"),
        .init(
            "objects", NPYBytes.file(NPYBytes.header("|O", "(1,)"), data: [0]),
            "t.npy: data type '|O' (Python objects) is not supported: Sprout reads floats, integers and booleans"),
        .init(
            "strings", NPYBytes.file(NPYBytes.header("<U3", "(1,)")),
            "t.npy: data type '<U3' (text) is not supported: Sprout reads floats, integers and booleans"),
        .init(
            "long double", NPYBytes.file(NPYBytes.header("<f16", "(1,)")),
            "t.npy: data type '<f16' (128-bit floats) is not supported: Sprout reads floats, integers and booleans"),
        .init(
            "structured", NPYBytes.file("{'descr': [('x', '<f4'), ('y', '<i4')], 'fortran_order': False, 'shape': (2,), }"),
            "t.npy: data type [('x', '<f4'), ('y', '<i4')] (records of named fields) is not supported: Sprout reads floats, integers and booleans"
        ),
        .init(
            "unknown type", NPYBytes.file(NPYBytes.header("float32", "(1,)")),
            "t.npy: data type 'float32' (an unknown type) is not supported: Sprout reads floats, integers and booleans"),
        .init(
            "header does not parse", NPYBytes.file("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3}"),
            "t.npy: the header does not parse: expected ',' or ')' at character 56, found '}'"),
        .init(
            "header unterminated string", NPYBytes.file("{'descr: '<f4'}"),
            "t.npy: the header does not parse: expected ':' at character 11, found '<'"),
        .init(
            "header not a dict", NPYBytes.file("(1, 2)"),
            "t.npy: the header does not parse: expected a dictionary of 'descr', 'fortran_order' and 'shape'"),
        .init(
            "header without shape", NPYBytes.file("{'descr': '<f4', 'fortran_order': False}"),
            "t.npy: the header does not parse: it has no 'shape'"),
        .init(
            "shape of strings", NPYBytes.file(NPYBytes.header("<f4", "('a',)")),
            "t.npy: the header does not parse: 'shape' is not a tuple of whole numbers"),
        .init(
            "negative size", NPYBytes.file(NPYBytes.header("<f4", "(-1, 2)")),
            "t.npy: the header does not parse: 'shape' is not a tuple of whole numbers"),
        .init(
            "fortran_order not a bool", NPYBytes.file("{'descr': '<f4', 'fortran_order': 0, 'shape': (1,), }"),
            "t.npy: the header does not parse: 'fortran_order' is not True or False"),
        .init(
            "product overflows", NPYBytes.file(NPYBytes.header("<f4", "(9223372036854775807, 9223372036854775807)")),
            "t.npy: shape (9223372036854775807, 9223372036854775807) is too large: a tensor holds at most 2^31 elements"),
        .init(
            "size too large to read", NPYBytes.file(NPYBytes.header("<f4", "(99999999999999999999999,)")),
            "t.npy: shape (99999999999999999999999,) is too large: a tensor holds at most 2^31 elements"),
        .init(
            "over the element limit", NPYBytes.file(NPYBytes.header("|u1", "(100000, 100000)")),
            "t.npy: shape (100000, 100000) is too large: a tensor holds at most 2^31 elements"),
        .init(
            "too many dimensions", NPYBytes.file(NPYBytes.header("<f4", "(" + String(repeating: "1, ", count: 65) + ")")),
            "t.npy: shape has 65 dimensions: a tensor has at most 64"),
        .init(
            "header length past the file", NPYBytes.magic + [2, 0, 0xFF, 0xFF, 0xFF, 0x7F],
            "t.npy: the file is cut short in its header: it needs at least 2147483659 bytes, the file has 12"),
        .init(
            "header too long", NPYBytes.magic + [2, 0, 0xA0, 0x86, 0x01, 0x00] + Array(repeating: UInt8(ascii: " "), count: 100_000),
            "t.npy: the header is 100000 bytes long, more than the 65536 Sprout reads; is this a .npy file?"),
        .init(
            "nested too deep", NPYBytes.file(String(repeating: "(", count: 1000) + String(repeating: ")", count: 1000)),
            "t.npy: the header does not parse: nested more than 32 deep"),
        .init(
            "string not closed", NPYBytes.file("{'descr': '<f4}"),
            "t.npy: the header does not parse: the string at character 11 is not closed"),
        .init(
            "text after the dict", NPYBytes.file(NPYBytes.header("<f4", "(1,)") + " x"),
            "t.npy: the header does not parse: expected the end of the header at character 59, found 'x'"),
    ]

    @Test("each broken file is refused with its reason", arguments: cases)
    func refusals(_ c: RefusalCase) {
        do {
            let tensor = try NPYFile.decode(c.bytes, source: "t.npy")
            Issue.record("\(c.id): expected an error, got shape \(tensor.shape)")
        } catch {
            #expect(error.description == c.message, "\(c.id)")
        }
    }

    @Test("a missing file, a folder and a device are refused by name")
    func unreadableFiles() {
        for (path, reason) in [
            ("/no/such/file.npy", "no such file"), ("/", "it is a folder"), ("/dev/zero", "it is a device, not a regular file"),
        ] {
            #expect(throws: NPYError(path: path, problem: .unreadable(reason: reason))) { try NPYFile.read(path: path) }
        }
    }

    @Test("a file is read as its bytes say, and errors name it")
    func fileErrorsNameThePath() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/cut.npy"
        try Data(NPYRefusalTests.good.dropLast(5)).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: NPYError.self) { try NPYFile.read(path: path) }
        #expect(error?.description == "\(path): the data is cut short: shape (2, 3) of '<f4' needs 24 bytes, the file has 19")
        try Data(NPYRefusalTests.good).write(to: URL(fileURLWithPath: path))
        #expect(try NPYFile.read(path: path).scalars == [1, 2, 3, 4, 5, 6])
    }
}
