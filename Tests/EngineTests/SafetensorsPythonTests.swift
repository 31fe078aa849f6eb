import Engine
import Foundation
import Testing

/// Safetensors files against Python's own `safetensors` (with NumPy), both ways. `make
/// test-deps` installs the package from PyPI when python3 lacks it, so once python3 is
/// there a missing package is a failure that says so, not a quiet skip.
@Suite("Safetensors files against Python's safetensors", .enabled(if: NumPyPython.path != nil, "python3 with numpy is not installed"))
struct SafetensorsPythonTests {
    @Test("python3 has the safetensors package (make test-deps installs it)")
    func packageInstalled() throws {
        let (status, output) = try NumPyPython.run(script: "import safetensors.numpy", [])
        #expect(status == 0, "python3 cannot import safetensors; run `make test-deps`: \(output)")
    }

    /// Reads FILE with `load_file` and checks each NAME against NAME.npy (written by Sprout's
    /// tested .npy writer), bit for bit: the same names, shapes, float32 bytes and metadata.
    static let readScript = #"""
        import sys, numpy as np
        from safetensors import safe_open
        from safetensors.numpy import load_file
        path, folder, names = sys.argv[1], sys.argv[2], sys.argv[3:]
        loaded = load_file(path)
        assert sorted(loaded) == sorted(names), (sorted(loaded), names)
        for name in names:
            a, b = loaded[name], np.load(f"{folder}/{names.index(name)}.npy")
            assert a.dtype == np.float32 and a.shape == b.shape and a.tobytes() == b.tobytes(), name
        with safe_open(path, framework="numpy") as f:
            assert f.metadata() == {"format": "pt", "by": "sprout"}, f.metadata()
        print("ok", len(names))
        """#

    @Test("Python reads what Sprout writes: names, shapes, values and metadata")
    func pythonReadsSprout() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let tensors: [(name: String, value: Tensor)] = [
            ("0.weight", try Sample.normal([8, 4], seed: 1)), ("0.bias", try Tensor(shape: [3], scalars: [.nan, .infinity, -0.0])),
            ("2.running_mean", Tensor(-2.5)), ("empty", try Tensor(shape: [0, 3], scalars: [])),
            ("é \"q\"", try Sample.normal([2, 3, 4], seed: 2)),
        ]
        for (i, t) in tensors.enumerated() { try NPYFile.write(t.value, path: "\(folder)/\(i).npy") }
        try SafetensorsFile.write(tensors, metadata: [("format", "pt"), ("by", "sprout")], path: folder + "/m.safetensors")
        let (status, output) = try NumPyPython.run(script: Self.readScript, [folder + "/m.safetensors", folder] + tensors.map(\.name))
        #expect(status == 0 && output == "ok \(tensors.count)\n", "python: \(output)")
    }

    /// Writes a file of several types, listed out of order, with metadata, and the float32
    /// conversion of each as NAME.npy; and a state dict named as PyTorch names
    /// nn.Sequential(Linear(4, 8), ReLU(), Linear(8, 3)).
    static let writeScript = #"""
        import sys, numpy as np
        from safetensors.numpy import save_file
        folder = sys.argv[1]
        rng = np.random.default_rng(0)
        tensors = {
            "z.f32": rng.standard_normal((3, 4)).astype(np.float32),
            "a.f16": rng.standard_normal((5,)).astype(np.float16),
            "m.f64": rng.standard_normal((2, 2, 2)),
            "b.i64": rng.integers(-1000, 1000, (4,)),
            "c.i32": rng.integers(-1000, 1000, (2, 3)).astype(np.int32),
            "d.bool": np.array([True, False, True]),
            "e.u8": np.arange(6, dtype=np.uint8).reshape(2, 3),
            "scalar": np.array(3.5, dtype=np.float32),
            "empty": np.zeros((0, 2), dtype=np.float32),
        }
        save_file(tensors, f"{folder}/py.safetensors", metadata={"source": "python", "step": "7"})
        for name, a in tensors.items():
            np.save(f"{folder}/{name}.npy", a.astype(np.float32))
        state = {
            "2.bias": rng.standard_normal(3).astype(np.float32), "0.weight": rng.standard_normal((8, 4)).astype(np.float32),
            "0.bias": rng.standard_normal(8).astype(np.float32), "2.weight": rng.standard_normal((3, 8)).astype(np.float32),
        }
        save_file(state, f"{folder}/torch.safetensors", metadata={"format": "pt"})
        for name, a in state.items():
            np.save(f"{folder}/{name}.npy", a)
        print(" ".join(tensors))
        """#

    @Test("Sprout reads what Python writes: every type, any order, and the metadata")
    func sproutReadsPython() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = try NumPyPython.run(script: Self.writeScript, [folder])
        try #require(status == 0, "python: \(output)")
        let names = output.split(whereSeparator: \.isWhitespace).map(String.init)
        let read = try SafetensorsFile.read(path: folder + "/py.safetensors")
        #expect(Set(read.tensors.map(\.name)) == Set(names) && read.tensors.count == names.count)
        for (name, value) in read.tensors {
            let expected = try NPYFile.read(path: "\(folder)/\(name).npy")
            #expect(value.shape == expected.shape && bits(value.scalars) == bits(expected.scalars), "\(name)")
        }
        #expect(Dictionary(uniqueKeysWithValues: read.metadata.map { ($0.key, $0.value) }) == ["source": "python", "step": "7"])
    }

    @Test("a state dict named as PyTorch's nn.Sequential(Linear, ReLU, Linear) loads into the same model")
    func pytorchStateDict() throws {
        let folder = try makeNPYTestFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, output) = try NumPyPython.run(script: Self.writeScript, [folder])
        try #require(status == 0, "python: \(output)")
        let rng = RandomSource(seed: 3)
        let model = Sequential([
            try Linear(inFeatures: 4, outFeatures: 8, rng: rng), ReLU(), try Linear(inFeatures: 8, outFeatures: 3, rng: rng),
        ])
        try model.loadState(try SafetensorsFile.read(path: folder + "/torch.safetensors").tensors)
        for (name, value) in model.state {
            #expect(bits(value.scalars) == bits(try NPYFile.read(path: "\(folder)/\(name).npy").scalars), "\(name)")
        }
    }
}
