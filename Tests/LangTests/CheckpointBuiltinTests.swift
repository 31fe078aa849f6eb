import Engine
import Foundation
import Testing

@testable import Lang

/// Checkpoints through the language: `save(m, "m.safetensors")`, `load_state(m, path)`
/// (with `opt:` for the optimizer), and `load(path)` to look inside. The format itself
/// is tested in EngineTests (Safetensors*, OptimizerCheckpoint*).
@Suite("save and load_state with .safetensors files", .serialized)
struct CheckpointBuiltinTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-ckpt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    @Test("a saved model loads into a fresh one with the same weights; load gives name → tensor")
    func modelRoundTrip() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = EvalSession()
        session.run("m = seq(linear(4, 8), relu(), batchnorm(8), linear(8, 3))\nm2 = seq(linear(4, 8), relu(), batchnorm(8), linear(8, 3))")
        #expect(session.run("save(m, \"\(folder)/m.safetensors\")") == "")
        #expect(session.run("state(m2)[\"0.weight\"]") != session.run("state(m)[\"0.weight\"]"))
        #expect(session.run("load_state(m2, \"\(folder)/m.safetensors\")") == "")
        for name in ["0.weight", "0.bias", "2.weight", "2.running_var", "3.bias"] {
            #expect(session.run("state(m2)[\"\(name)\"]") == session.run("state(m)[\"\(name)\"]"), "\(name)")
        }
        #expect(session.run("load(\"\(folder)/m.safetensors\")") == session.run("state(m)"))
        #expect(session.run("load(\"\(folder)/m.safetensors\")[\"3.weight\"].shape") == "[3, 8]")
        let file = try SafetensorsFile.read(path: folder + "/m.safetensors")
        #expect(file.tensors.map(\.name).first == "0.weight")
    }

    @Test("a file that does not fit the model names each tensor and changes nothing")
    func mismatchNamesTheTensor() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = EvalSession()
        session.run("m = seq(linear(4, 8), relu(), linear(8, 3))\nsave(m, \"\(folder)/m.safetensors\")")
        session.run("small = seq(linear(4, 8), relu(), linear(8, 2))\nbefore = state(small)[\"2.weight\"]")
        let error = session.run("load_state(small, \"\(folder)/m.safetensors\")")
        #expect(
            error.hasPrefix(
                "error: load_state: nothing was changed: \(folder)/m.safetensors does not fit the model: '2.weight' has shape (2, 8); the file's has shape (3, 8); '2.bias' has shape (2,); the file's has shape (3,)"
            ), "\(error)")
        #expect(session.run("state(small)[\"2.weight\"]") == session.run("before"))
        session.run("deeper = seq(linear(4, 8), relu(), linear(8, 3), relu(), linear(3, 1))")
        #expect(session.run("load_state(deeper, \"\(folder)/m.safetensors\")").contains("the state lacks '4.weight', '4.bias'"))
        session.run("save({extra: ones(2)}, \"\(folder)/e.safetensors\")")
        #expect(session.run("load_state(m, \"\(folder)/e.safetensors\")").contains("the model has no 'extra'"))
    }

    @Test("train k steps, save with opt:, load into a fresh model and optimizer, train k more: the same as 2k straight")
    func optimizerResumes() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let steps = """
            xs = map(0..6, (i) -> randn(8, 4))
            fn train(m, opt, batches, steps) {
              for i in steps {
                zero_grad(opt); backward(cross_entropy(m(batches[i]), tensor([0, 1, 2, 0, 1, 2, 0, 1]))); step(opt)
              }
            }
            """
        let straight = EvalSession(seed: 5)
        straight.run(steps)
        straight.run("m = seq(linear(4, 8), relu(), linear(8, 3))\nopt = adam(m, lr: 0.01)\ntrain(m, opt, xs, 0..6)")
        let split = EvalSession(seed: 5)
        split.run(steps)
        split.run("m = seq(linear(4, 8), relu(), linear(8, 3))\nopt = adam(m, lr: 0.01)\ntrain(m, opt, xs, 0..3)")
        #expect(split.run("save(m, \"\(folder)/c.safetensors\", opt: opt)") == "")
        split.run("m = seq(linear(4, 8), relu(), linear(8, 3))\nopt = adam(m, lr: 0.5)")
        #expect(split.run("load_state(m, \"\(folder)/c.safetensors\", opt: opt)") == "")
        #expect(split.run("opt") == straight.run("opt"))
        #expect(split.run("train(m, opt, xs, 3..6)") == "")
        for name in ["0.weight", "0.bias", "2.weight", "2.bias"] {
            #expect(split.run("state(m)[\"\(name)\"]") == straight.run("state(m)[\"\(name)\"]"), "\(name)")
        }
        // Bit for bit: the two models' states, saved, hold the same bytes.
        straight.run("save(m, \"\(folder)/a.safetensors\")")
        split.run("save(m, \"\(folder)/b.safetensors\")")
        let a = try SafetensorsFile.read(path: folder + "/a.safetensors")
        let b = try SafetensorsFile.read(path: folder + "/b.safetensors")
        #expect(
            a.tensors.map { $0.value.scalars.map(\.bitPattern) } == b.tensors.map { $0.value.scalars.map(\.bitPattern) }
                && a.tensors.count == 4)
        // The file holds the model's tensors under their names and the optimizer's under "optimizer.".
        let names = try SafetensorsFile.read(path: folder + "/c.safetensors").tensors.map(\.name)
        #expect(names.prefix(6) == ["0.weight", "0.bias", "2.weight", "2.bias", "optimizer.0.weight.step", "optimizer.0.weight.exp_avg"])
        // The weights alone load from it into a model without the optimizer's.
        #expect(split.run("load_state(seq(linear(4, 8), relu(), linear(8, 3)), \"\(folder)/c.safetensors\")") == "")
        #expect(
            split.run("load_state(m, \"\(folder)/c.safetensors\", opt: sgd(m))").contains(
                "the file holds Adam state; this optimizer is SGD"))
        split.run("save(m, \"\(folder)/plain.safetensors\")")
        #expect(
            split.run("load_state(m, \"\(folder)/plain.safetensors\", opt: opt)").hasPrefix(
                "error: load_state: \(folder)/plain.safetensors holds no optimizer state; save it with save(m, path, opt: opt)"))
        #expect(
            split.run("save(m, \"\(folder)/o.safetensors\", opt: adam(seq(linear(2, 2))))").hasPrefix(
                "error: save: the optimizer does not train this model's parameters"))
    }

    @Test("bad paths and files are messages that name the file; the session goes on")
    func errors() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = EvalSession()
        session.run("m = seq(linear(2, 3))")
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: folder + "/bad.safetensors"))
        let cases = [
            (
                "load_state(m, \"\(folder)/bad.safetensors\")",
                "error: load_state: \(folder)/bad.safetensors: not a safetensors file: it has 3 bytes, fewer than the 8 that give its header's length"
            ),
            (
                "load(\"\(folder)/bad.safetensors\")",
                "error: load: \(folder)/bad.safetensors: not a safetensors file: it has 3 bytes, fewer than the 8 that give its header's length"
            ),
            (
                "load_state(m, \"\(folder)/none.safetensors\")",
                "error: load_state: \(folder)/none.safetensors: cannot read the file: no such file"
            ),
            (
                "save(m, \"\(folder)/no/m.safetensors\")",
                "error: save: \(folder)/no/m.safetensors: cannot write the file: no such folder \(folder)/no"
            ),
            (
                "save(ones(2), \"\(folder)/t.safetensors\")",
                "error: save: value expects a model or a record of tensors, got a tensor of shape (2,)"
            ),
            ("save({a: \"x\"}, \"\(folder)/t.safetensors\")", "error: save: 'a' is a string, not a tensor"),
            ("save(m, \"\(folder)/t.npy\", opt: adam(m))", "error: save: opt: goes with a .safetensors path"),
            (
                "load_state(m, \"\(folder)/m.npy\")",
                "error: load_state: state expects a record of name to tensor, as state(model) gives, or a .safetensors path, got a string"
            ),
        ]
        for (code, message) in cases {
            let got = session.run(code)
            #expect(got.hasPrefix(message + "\n"), "\(code): \(got)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["bad.safetensors"])
        #expect(session.run("len(state(m))") == "2")
    }

    /// Ctrl-C during a long load is the usual stop, not a file error.
    @Test func aStopIsTheUsualCtrlCStop() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try SafetensorsFile.write([("a", Tensor(1))], path: folder + "/m.safetensors")
        let stop = StopFlag()
        stop.request()
        let error = #expect(throws: RuntimeError.self) {
            try StopFlag.$current.withValue(stop) { _ = try Builtins.loadSafetensors(path: folder + "/m.safetensors") }
        }
        #expect(error?.message == "stopped (Ctrl-C); every variable is kept")
    }
}
