import Engine
import Foundation
import Testing

@testable import Lang

/// The data files a session loaded, as a saved session's header lists them: every kind
/// of load, hashed when loaded, without the files the session wrote itself.
@Suite("data files a session loaded")
struct DataFilesTests {
    /// A fresh folder for a test's files.
    static func folder() throws -> String {
        let folder = NSTemporaryDirectory() + "sprout-datafiles-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    static func digest(_ path: String) throws -> String { try SHA256.file(at: path).digest.hex }

    @Test func aCSVIsRecordedAsGivenWithItsResolvedPathSizeAndHash() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "a,label\n1,0\n2,1\n".write(toFile: folder + "/d.csv", atomically: true, encoding: .utf8)
        let s = LoadBuiltinTests.session()
        #expect(s.run("ds = load(\"\(folder)/./d.csv\")") == "")
        let files = s.interpreter.dataFiles
        #expect(files.count == 1)
        #expect(files.first?.given == "\(folder)/./d.csv")
        #expect(files.first?.resolved == DataFileLog.canonical(folder + "/d.csv"))
        #expect(files.first?.isBundled == false)
        #expect(files.first?.size == "a,label\n1,0\n2,1\n".utf8.count)
        #expect(files.first?.sha256 == (try Self.digest(folder + "/d.csv")))
    }

    @Test func aBundledDataSetIsRecordedByItsName() throws {
        let s = LoadBuiltinTests.session()
        #expect(s.run("ds = load(\"digits\"); iris = load(\"iris\")") == "")
        let files = s.interpreter.dataFiles
        #expect(files.map(\.given) == ["digits", "iris"])
        #expect(files.allSatisfy { $0.isBundled })
        let digits = LoadBuiltinTests.dataFolder + "/digits.csv"
        #expect(files.first?.size == (try FileManager.default.attributesOfItem(atPath: digits)[.size] as? Int))
        #expect(files.first?.sha256 == (try Self.digest(digits)))
        #expect(s.interpreter.dataFilePath("digits").path == digits)
        #expect(s.interpreter.dataFilePath("digits").isBundled)
        #expect(s.interpreter.dataFilePath("~/x.csv").path == UserPath.expanded("~/x.csv"))
    }

    /// `.npy`, `.safetensors` by `load` and by `load_state`, written by another session:
    /// each is a dependency; the same file loaded twice is one entry, in its first place,
    /// with the last load's hash.
    @Test func npySafetensorsAndLoadStateWrittenElsewhereAreRecordedOnce() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let writer = EvalSession()
        #expect(
            writer.run("save(ones(2, 3), \"\(folder)/t.npy\"); save(seq(linear(2, 3), relu(), linear(3, 1)), \"\(folder)/m.safetensors\")")
                == "")
        let s = EvalSession()
        #expect(
            s.run("m = seq(linear(2, 3), relu(), linear(3, 1)); load_state(m, \"\(folder)/m.safetensors\"); t = load(\"\(folder)/t.npy\")")
                == "")
        #expect(s.interpreter.dataFiles.map(\.given) == ["\(folder)/m.safetensors", "\(folder)/t.npy"])
        let before = s.interpreter.dataFiles.first?.sha256
        #expect(writer.run("save(seq(linear(2, 3), relu(), linear(3, 1)), \"\(folder)/m.safetensors\")") == "")  // other weights
        #expect(s.run("r = load(\"\(folder)/m.safetensors\")") == "")
        #expect(s.interpreter.dataFiles.map(\.given) == ["\(folder)/m.safetensors", "\(folder)/t.npy"])
        #expect(s.interpreter.dataFiles.first?.sha256 == (try Self.digest(folder + "/m.safetensors")))
        #expect(s.interpreter.dataFiles.first?.sha256 != before)
    }

    /// What the session wrote itself is not a dependency: a replay writes it again.
    @Test func filesTheSessionWroteAreLeftOut() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let s = EvalSession()
        let cell = """
            m = seq(linear(2, 3), relu(), linear(3, 1)); save(m, "\(folder)/m.safetensors"); load_state(m, "\(folder)/m.safetensors")
            save(ones(2), "\(folder)/t.npy"); t = load("\(folder)/./t.npy"); r = load("\(folder)/m.safetensors")
            """
        #expect(s.run(cell) == "")
        #expect(s.interpreter.dataFiles.isEmpty)
        #expect(s.run("hist([1, 2, 2]); savefig(\"\(folder)/h.png\")") == "")
        #expect(s.host.savedPaths == ["\(folder)/h.png"])
        #expect(s.interpreter.runtime.dataFiles.wasWritten(folder + "/h.png"))
    }

    /// A load only notes the file; asking for the list hashes it, once while it is unchanged.
    @Test func aFileIsHashedWhenAskedForAndAgainOnlyOnceChanged() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/d.csv"
        try "a,label\n1,0\n2,1\n".write(toFile: path, atomically: true, encoding: .utf8)
        let s = EvalSession()
        #expect(s.run("ds = load(\"\(path)\"); ds = load(\"\(path)\"); ds = load(\"\(folder)/./d.csv\")") == "")
        // A load does not hash: a save asks for the list, which hashes once.
        #expect(s.interpreter.runtime.dataFiles.hashCount == 0)
        #expect(s.interpreter.dataFiles.count == 1)
        #expect(s.interpreter.dataFiles.count == 1)
        #expect(s.interpreter.runtime.dataFiles.hashCount == 1)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.seek(toOffset: 8)
        try handle.write(contentsOf: Data("3".utf8))  // the same size, written in place
        try handle.close()
        // Its times as another tick would leave them (a write within the clock's tick
        // leaves them as they were, as git's index also accepts).
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 1e9)], ofItemAtPath: path)
        #expect(s.run("ds = load(\"\(path)\")") == "")
        #expect(s.interpreter.dataFiles.first?.sha256 == (try Self.digest(path)))
        #expect(s.interpreter.runtime.dataFiles.hashCount == 2)
    }

    @Test func aFailedLoadIsNotADependency() {
        let s = LoadBuiltinTests.session()
        #expect(s.run("load(\"/nonexistent/d.csv\")").contains("no such file"))
        #expect(s.run("load(\"/nonexistent/t.npy\")").contains("error"))
        #expect(s.interpreter.dataFiles.isEmpty)
    }

    /// `:reset` makes a new interpreter, whose list starts empty.
    @Test func aNewInterpreterStartsEmpty() {
        let s = LoadBuiltinTests.session()
        #expect(s.run("ds = load(\"iris\")") == "")
        #expect(s.interpreter.dataFiles.count == 1)
        #expect(LoadBuiltinTests.session().interpreter.dataFiles.isEmpty)
    }
}
