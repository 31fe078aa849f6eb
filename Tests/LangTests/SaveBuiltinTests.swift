import Engine
import Foundation
import Testing

@testable import Lang

/// `save(value, path)` through the language: what it writes, and the message for each
/// path or value it cannot write. The format itself is tested in EngineTests (NPY*).
@Suite("save and .npy files in the language", .serialized)
struct SaveBuiltinTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-save-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    /// A tensor, a number and a nested list each write a float32 array NumPy reads; the
    /// call shows nothing.
    @Test func savesTensorsNumbersAndLists() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = EvalSession()
        #expect(session.run("save(tensor([[1, 2, 3], [4, 5, 6]]), \"\(folder)/m.npy\")") == "")
        #expect(session.run("save(2.5, \"\(folder)/s.npy\")") == "")
        #expect(session.run("save([[1, 2], [3, 4.5]], \"\(folder)/l.npy\")") == "")
        let matrix = try NPYFile.read(path: folder + "/m.npy")
        #expect(matrix.shape == [2, 3] && matrix.scalars == [1, 2, 3, 4, 5, 6])
        let scalar = try NPYFile.read(path: folder + "/s.npy")
        #expect(scalar.shape == [] && scalar.scalars == [2.5])
        let list = try NPYFile.read(path: folder + "/l.npy")
        #expect(list.shape == [2, 2] && list.scalars == [1, 2, 3, 4.5])
    }

    /// `load` of a `.npy` path gives back the tensor `save` wrote, and a broken file's
    /// message names it.
    @Test func loadReadsWhatSaveWrote() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = EvalSession()
        session.run("save(tensor([[1, -2], [3.5, 4]]), \"\(folder)/w.npy\")")
        #expect(session.run("load(\"\(folder)/w.npy\")") == session.run("tensor([[1, -2], [3.5, 4]])"))
        #expect(session.run("load(\"\(folder)/w.npy\").shape") == "[2, 2]")
        try "not numpy".write(toFile: folder + "/bad.npy", atomically: true, encoding: .utf8)
        let error = session.run("load(\"\(folder)/bad.npy\")")
        #expect(error.contains("load") && error.contains("bad.npy"), "\(error)")
    }

    @Test func errorsNameThePathAndSayWhatToDo() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let session = EvalSession()
        session.run("t = ones(2, 2)")
        let cases = [
            (
                "save(t, \"\(folder)/t.csv\")",
                "error: save: cannot save to '\(folder)/t.csv': save writes .npy (a tensor) or .safetensors (a model); give a path ending in .npy or .safetensors"
            ),
            (
                "save(t, \"\(folder)/t\")",
                "error: save: cannot save to '\(folder)/t': save writes .npy (a tensor) or .safetensors (a model); give a path ending in .npy or .safetensors"
            ),
            (
                "save(t, \"\(folder)/missing/t.npy\")",
                "error: save: \(folder)/missing/t.npy: cannot write the file: no such folder \(folder)/missing"
            ),
            ("save(\"text\", \"\(folder)/t.npy\")", "error: save: value expects a tensor (numbers and lists convert), got a string"),
            ("save(t, 3)", "error: save: path expects a string ending in .npy or .safetensors, got the number 3"),
        ]
        for (code, message) in cases {
            #expect(session.run(code).hasPrefix(message + "\n"), "\(code)")
        }
        // Nothing was left behind by the failed saves, and the session goes on.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
        #expect(session.run("t.shape") == "[2, 2]")
    }

    /// What `load` calls for a `.npy` path: the array as a tensor, or the file's problem
    /// as the message of the function that loaded it.
    @Test func loadNPYGivesATensorOrAMessage() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try NPYFile.write(try Tensor(shape: [3], scalars: [1, 2, 3]), path: folder + "/v.npy")
        guard case let .tensor(vector) = try Builtins.loadNPY(path: folder + "/v.npy") else {
            Issue.record("not a tensor")
            return
        }
        #expect(vector.shape == [3] && vector.scalars == [1, 2, 3])
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: folder + "/bad.npy"))
        let error = #expect(throws: RuntimeError.self) { try Builtins.loadNPY(path: folder + "/bad.npy") }
        #expect(error?.message == "load: \(folder)/bad.npy: not a NumPy .npy file: it does not start with \\x93NUMPY")
    }

    /// Ctrl-C during a long save or load is the usual stop, not a file error.
    @Test func aStopIsTheUsualCtrlCStop() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try NPYFile.write(Tensor(1), path: folder + "/v.npy")
        let stop = StopFlag()
        for call in [{ _ = try Builtins.loadNPY(path: folder + "/v.npy") }, { try Builtins.saveNPY(Tensor(1), path: folder + "/w.npy") }] {
            stop.request()
            let error = #expect(throws: RuntimeError.self) { try StopFlag.$current.withValue(stop) { try call() } }
            #expect(error?.message == "stopped (Ctrl-C); every variable is kept")
        }
    }
}
