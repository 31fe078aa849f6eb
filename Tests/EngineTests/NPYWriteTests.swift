import Engine
import Foundation
import Testing

@Suite("NumPy .npy files: writing")
struct NPYWriteTests {
    /// NumPy's own bytes for `np.save(f, np.arange(6, dtype='<f4').reshape(2, 3))`:
    /// version 1.0, a header of 118 bytes so the data starts at 128, ending in '\n'.
    @Test("the header is NumPy's, padded to 64 bytes")
    func headerAsNumPyWritesIt() throws {
        let tensor = try Tensor(shape: [2, 3], scalars: [0, 1, 2, 3, 4, 5])
        let bytes = NPYFile.encoded(tensor)
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
        let expected = NPYBytes.magic + [1, 0, 118, 0] + Array(header.utf8) + Array(repeating: UInt8(ascii: " "), count: 58) + [10]
        #expect(Array(bytes.prefix(128)) == expected)
        #expect(Array(bytes.dropFirst(128)) == NPYBytes.floats([0, 1, 2, 3, 4, 5]))
        // A vector's shape has Python's one-element tuple comma; a scalar's is ().
        #expect(
            String(decoding: NPYFile.encoded(try Tensor(shape: [3], scalars: [1, 2, 3])).prefix(128), as: UTF8.self).contains(
                "'shape': (3,), }"))
        #expect(String(decoding: NPYFile.encoded(Tensor(1)).prefix(128), as: UTF8.self).contains("'shape': (), }"))
        for shape in [[], [0], [7], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]] {
            let encoded = NPYFile.encoded(try Tensor.zeros(shape))
            let headerEnd = 10 + Int(encoded[8]) + Int(encoded[9]) << 8
            #expect(headerEnd % 64 == 0 && encoded[headerEnd - 1] == 10, "\(shape)")
        }
    }

    @Test("what is written reads back bit for bit, NaN, infinities and -0 included")
    func roundTrip() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let special: [Float] = [.nan, .infinity, -.infinity, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        let tensors = [
            Tensor(3.5), try Tensor(shape: [0], scalars: []), try Tensor(shape: [2, 0, 3], scalars: []),
            try Tensor(shape: [6], scalars: special), try Sample.normal([3, 4, 5], seed: 7),
        ]
        for (i, tensor) in tensors.enumerated() {
            let path = "\(folder)/t\(i).npy"
            try NPYFile.write(tensor, path: path)
            let back = try NPYFile.read(path: path)
            #expect(back.shape == tensor.shape)
            #expect(back.scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
            #expect(try NPYFile.decode(NPYFile.encoded(tensor), source: "x").scalars.map(\.bitPattern) == tensor.scalars.map(\.bitPattern))
        }
    }

    /// The file is written beside the old one and renamed over it: the old file stays
    /// whole until the new one is complete, and no temporary file is left behind.
    @Test("writing replaces a file whole and leaves nothing else in the folder")
    func replacesAtomically() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/x.npy"
        try NPYFile.write(try Tensor(shape: [4], scalars: [1, 2, 3, 4]), path: path)
        try NPYFile.write(try Tensor(shape: [2], scalars: [5, 6]), path: path)
        #expect(try NPYFile.read(path: path).scalars == [5, 6])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["x.npy"])
    }

    @Test("an unwritable path is refused by name, with the reason")
    func unwritablePaths() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder + "/sub.npy", withIntermediateDirectories: true)
        let cases = [
            ("\(folder)/missing/x.npy", "no such folder \(folder)/missing"),
            ("\(folder)/sub.npy", "it is a folder"),
            ("\(folder)/", "it names a folder, not a file"),
        ]
        for (path, reason) in cases {
            let error = #expect(throws: NPYError.self) { try NPYFile.write(Tensor(1), path: path) }
            #expect(error?.description == "\(path): cannot write the file: \(reason)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["sub.npy"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/sub.npy") == [])
    }
}

/// Ctrl-C (the bound `StopFlag`) stops a long read or write between chunks: a write
/// leaves the old file as it was and no temporary file behind.
@Suite("NumPy .npy files: Ctrl-C")
struct NPYStopTests {
    @Test("a requested stop ends a read and a write, leaving the old file whole")
    func stopEndsReadAndWrite() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/x.npy"
        try NPYFile.write(try Tensor(shape: [3], scalars: [1, 2, 3]), path: path)
        let big = try Tensor.zeros([1 << 23])
        for dtype in ["<f4", ">f8"] {
            try Data(NPYBytes.file(NPYBytes.header(dtype, "(4,)"), data: Array(repeating: 0, count: 4 * (dtype == "<f4" ? 4 : 8))))
                .write(to: URL(fileURLWithPath: folder + "/r.npy"))
            let stop = StopFlag()
            stop.request()
            #expect(throws: NPYError(path: folder + "/r.npy", problem: .cancelled)) {
                try StopFlag.$current.withValue(stop) { try NPYFile.read(path: folder + "/r.npy") }
            }
        }
        let stop = StopFlag()
        stop.request()
        #expect(throws: NPYError(path: path, problem: .cancelled)) {
            try StopFlag.$current.withValue(stop) { try NPYFile.write(big, path: path) }
        }
        #expect(try NPYFile.read(path: path).scalars == [1, 2, 3])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["r.npy", "x.npy"])
        #expect(NPYError(path: "x.npy", problem: .cancelled).description == "x.npy: stopped (Ctrl-C)")
    }
}
