import Engine
import Foundation
import Testing

/// python3 with NumPy, to check .npy files against NumPy itself: the first `python3` on
/// PATH that imports numpy, else /usr/bin/python3 (where Debian's python3-numpy goes).
enum NumPyPython {
    static let path: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
        let candidates = folders.map { $0 + "/python3" } + ["/usr/bin/python3"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) && (try? run($0, ["-c", "import numpy"]).status) == 0 }
    }()

    /// Runs `script` with `arguments`; gives the exit status and what it printed (both outputs).
    static func run(script: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        guard let path else { return (-1, "no python3 with numpy") }
        return try run(path, ["-c", script] + arguments)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}

/// Under CI (`.ci/run` sets CI) the NumPy checks must run: `make test-deps` installs NumPy
/// when no python3 has it, so a missing NumPy there is a broken set-up, not a reason to
/// skip them quietly.
@Suite("NumPy for the .npy tests")
struct NumPyAvailability {
    @Test func numpyIsInstalledUnderCI() {
        let underCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
        #expect(!underCI || NumPyPython.path != nil, "python3 with numpy is missing under CI: `make test-deps` installs python3-numpy")
    }
}

@Suite("NumPy .npy files against NumPy itself", .enabled(if: NumPyPython.path != nil, "python3 with numpy is not installed"))
struct NPYNumPyTests {
    /// Writes one file per data type, byte order, memory order, format version and shape,
    /// each with `NAME.f32`: NumPy's own conversion of the array to float32, row-major,
    /// and a line `NAME SHAPE` in `manifest.txt`.
    static let writeScript = #"""
        import sys, numpy as np
        folder = sys.argv[1]
        rng = np.random.default_rng(0)
        np.seterr(all="ignore")
        manifest = []
        def values(dtype, shape):
            n = int(np.prod(shape))
            kind = np.dtype(dtype).kind
            if kind == "f":
                v = rng.standard_normal(n) * 1e3
                special = [np.nan, np.inf, -np.inf, -0.0, 1e-40, 1e39 if np.dtype(dtype).itemsize == 8 else 1.0]
                v[: min(n, len(special))] = special[: min(n, len(special))]
            elif kind == "b":
                v = rng.integers(0, 2, n).astype(bool)
            else:
                info = np.iinfo(dtype)
                v = rng.integers(info.min, info.max, n, dtype=np.dtype(dtype).newbyteorder("="), endpoint=True)
                v[: min(n, 2)] = [info.min, info.max][: min(n, 2)]
            return v.astype(dtype).reshape(shape)
        def save(name, a, version):
            with open(f"{folder}/{name}.npy", "wb") as f:
                np.lib.format.write_array(f, a, version=version)
            with open(f"{folder}/{name}.f32", "wb") as f:
                f.write(np.ascontiguousarray(a.astype("<f4")).tobytes())
            manifest.append(name + " " + ",".join(map(str, a.shape)))
        types = ["f2", "f4", "f8", "i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8", "b1"]
        for t in types:
            for order in "<>" if np.dtype(t).itemsize > 1 else "|":
                dtype = order + t
                for memory in "CF":
                    a = values(dtype, (3, 4, 5))
                    save(f"{dtype}-{memory}".replace("<", "le").replace(">", "be").replace("|", "na"), np.asfortranarray(a) if memory == "F" else a, (1, 0))
        for version in [(1, 0), (2, 0), (3, 0)]:
            for shape in [(), (0,), (7,), (2, 3), (4, 0, 2), (1, 1, 1, 1, 5), (2, 3, 4, 5)]:
                for memory in "CF":
                    for dtype in ["<f4", ">f8", "<i8"]:
                        a = values(dtype, shape)
                        name = f"v{version[0]}-{'x'.join(map(str, shape)) or 'scalar'}-{memory}-{dtype}".replace("<", "le").replace(">", "be")
                        save(name, np.asfortranarray(a) if memory == "F" else a, version)
        with open(f"{folder}/manifest.txt", "w") as f:
            f.write("\n".join(manifest) + "\n")
        print(len(manifest))
        """#

    @Test("Sprout reads every file NumPy writes, as NumPy converts it to float32")
    func readsWhatNumPyWrites() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = try NumPyPython.run(script: Self.writeScript, [folder])
        try #require(status == 0, "python: \(output)")
        let manifest = try String(contentsOfFile: folder + "/manifest.txt", encoding: .utf8).split(separator: "\n")
        #expect(manifest.count == Int(output.trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(manifest.count > 100)
        for line in manifest {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            let name = String(parts[0])
            let shape = parts[1].split(separator: ",").compactMap { Int($0) }
            let tensor = try NPYFile.read(path: "\(folder)/\(name).npy")
            let expected = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(name).f32"))
            let expectedBits = expected.withUnsafeBytes { raw in
                (0..<expected.count / 4).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: UInt32.self) }
            }
            #expect(tensor.shape == shape, "\(name)")
            let same =
                tensor.scalars.count == expectedBits.count
                && zip(tensor.scalars, expectedBits).allSatisfy { got, bits in
                    got.bitPattern == bits || (got.isNaN && Float(bitPattern: bits).isNaN)
                }
            #expect(same, "\(name): \(tensor.scalars.prefix(8)) vs \(expectedBits.prefix(8).map { Float(bitPattern: $0) })")
        }
    }

    /// Reads every `NAME.npy` Sprout wrote with `np.load` and checks it: float32, not
    /// Fortran order, version 1.0, data aligned to 64 bytes, shape and bytes as in `NAME.f32`.
    static let readScript = #"""
        import sys, numpy as np
        folder, names = sys.argv[1], sys.argv[2:]
        for name in names:
            path = f"{folder}/{name}.npy"
            with open(path, "rb") as f:
                assert np.lib.format.read_magic(f) == (1, 0), name
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
                assert f.tell() % 64 == 0, (name, f.tell())
            a = np.load(path)
            assert dtype == np.dtype("<f4") and a.dtype == np.dtype("<f4") and not fortran, (name, dtype, fortran)
            expected_shape = tuple(int(s) for s in open(f"{folder}/{name}.shape").read().split(",") if s)
            assert a.shape == expected_shape, (name, a.shape, expected_shape)
            assert a.tobytes() == open(f"{folder}/{name}.f32", "rb").read(), name
        print("read", len(names))
        """#

    @Test("NumPy reads every file Sprout writes")
    func numpyReadsWhatSproutWrites() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tensors = [
            Tensor(-2.5), try Tensor(shape: [0], scalars: []), try Tensor(shape: [3, 0], scalars: []),
            try Tensor(shape: [5], scalars: [.nan, .infinity, -.infinity, -0.0, 1e-40]),
            try Sample.normal([2, 3], seed: 1), try Sample.normal([4, 3, 2, 5], seed: 2),
            try Sample.normal([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3], seed: 3),
        ]
        var names: [String] = []
        for (i, tensor) in tensors.enumerated() {
            let name = "t\(i)"
            try NPYFile.write(tensor, path: "\(folder)/\(name).npy")
            try Data(NPYBytes.floats(tensor.scalars)).write(to: URL(fileURLWithPath: "\(folder)/\(name).f32"))
            try tensor.shape.map(String.init).joined(separator: ",").write(
                toFile: "\(folder)/\(name).shape", atomically: true, encoding: .utf8)
            names.append(name)
        }
        let (status, output) = try NumPyPython.run(script: Self.readScript, [folder] + names)
        #expect(status == 0 && output == "read \(names.count)\n", "python: \(output)")
    }
}
