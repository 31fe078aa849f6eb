import Engine
import Foundation
import Testing

@testable import Lang

/// `load`: the bundled data sets, a user's CSV with every kind of bad line, and the
/// session going on after each bad input.
@Suite("load")
struct LoadBuiltinTests {
    /// This checkout's `stdlib/data`, found from this file's path.
    static let dataFolder: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Tests/LangTests/LoadBuiltinTests.swift
        return (parts + ["stdlib", "data"]).joined(separator: "/")
    }()

    /// A session told where the bundled data is, as the shell tells it.
    static func session() -> EvalSession {
        let session = EvalSession()
        session.interpreter.dataFolder = dataFolder
        return session
    }

    /// Writes `text` to `name` in a fresh temporary folder; returns the path.
    static func write(_ text: String, as name: String = "data.csv") throws -> String {
        let folder = NSTemporaryDirectory() + "sprout-load-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("digits: the summary line is written and the dataset is a value")
    func digits() {
        let s = Self.session()
        #expect(s.run("ds = load(\"digits\")") == "")
        #expect(s.host.output == "dataset digits · 1797 rows × 65 columns · 64 features (8×8 image) · target label: 10 classes\n")
        #expect(s.run("len(ds)") == "1797")
    }

    @Test("iris: 150 rows, 4 features, target label with 3 classes")
    func iris() {
        let s = Self.session()
        s.run("ds = load(\"iris\")")
        #expect(s.host.output == "dataset iris · 150 rows × 5 columns · 4 features · target label: 3 classes\n")
    }

    @Test("the shell's stdlib folder tells the interpreter where the data is")
    func dataFolderFromStdlib() throws {
        let s = EvalSession()
        try s.interpreter.loadStdlib(directory: (Self.dataFolder as NSString).deletingLastPathComponent)
        #expect(s.interpreter.dataFolder == Self.dataFolder)
        s.run("ds = load(\"iris\")")
        #expect(s.host.output.hasPrefix("dataset iris · 150 rows"))
    }

    @Test("a user's CSV: types, missing cells, target: and image:")
    func userFile() throws {
        let path = try Self.write("a,b,kind,score\n1,2,x,0.5\n3,NA,y,1.5\n5,6,x,\n7,8,,2\n")
        let s = Self.session()
        s.run("ds = load(\"\(path)\")")
        #expect(s.host.output == "dataset data.csv · 4 rows × 4 columns · 4 features · 3 missing cells\n")
        s.run("t = load(\"\(path)\", target: \"kind\", image: [1, 3])")
        #expect(
            s.host.output.hasSuffix(
                "dataset data.csv · 4 rows × 4 columns · 3 features (1×3 image) · target kind: 2 classes · 3 missing cells\n"))
        #expect(
            s.run("load(\"\(path)\", target: \"nope\")").contains("the dataset has no column 'nope' (its columns are a, b, kind, score)"))
        #expect(s.run("load(\"\(path)\", image: [2, 3])").contains("an image of 2×3 needs 6 feature columns, but there are 4"))
        #expect(s.run("load(\"\(path)\", image: [-2, -2])").contains("load: image expects [height, width], both ≥ 1, got a list of 2"))
        #expect(s.run("len(t)") == "4")
    }

    /// Every kind of bad line in one file: each is reported with file:line:col, the
    /// message says what to do, and the session keeps its variables.
    @Test("every bad line is reported, and the session goes on")
    func badLines() throws {
        let text = [
            "id,x,label",
            "1,0.5,cat",
            "2,0.25",  // too few fields
            "3,1.5,dog,extra",  // too many
            "4,abc,dog",  // not a number
            "5,1e999,cat",  // too large
            "6,\"q\"x,cat",  // text after a closing quote
            "7,2.5,cat",
            "9,3.5,dog",
            "10,4.5,cat",
            "8,\"open,cat",  // never closed
        ].joined(separator: "\n")
        let path = try Self.write(text)
        let s = Self.session()
        s.run("kept = 41")
        let message = s.run("ds = load(\"\(path)\")")
        let expected = [
            "error: load: \(path) has 6 bad rows or cells:",
            "  \(path):3:7: expected 3 fields, got 2",
            "  \(path):4:11: expected 3 fields, got 4",
            "  \(path):5:3: \"abc\" is not a number (column x)",
            "  \(path):6:3: \"1e999\" is too large for a 64-bit float (column x)",
            "  \(path):7:6: text after a closing quote (write a quote inside a quoted field twice: \"\")",
            "  \(path):11:3: this quote is never closed (the field runs to the end of the file)",
            "fix these lines, or load with skip_bad: true to leave bad rows out and make bad cells missing",
        ]
        #expect(message.hasPrefix(expected.joined(separator: "\n")), "\(message)")
        #expect(s.run("kept + 1") == "42")
        #expect(s.run("ds").contains("not defined"))

        s.run("ds = load(\"\(path)\", skip_bad: true)")
        #expect(
            s.host.warnings == [
                "load: left out 4 malformed rows and made 2 bad cells missing, e.g. \(path):3:7: expected 3 fields, got 2"
            ])
        #expect(s.host.output.hasSuffix("dataset data.csv · 6 rows × 3 columns · 2 features · target label: 2 classes · 2 missing cells\n"))
    }

    @Test("a missing file says so; a name without an extension lists the bundled data")
    func missingFiles() {
        let s = Self.session()
        #expect(s.run("load(\"/no/such/file.csv\")").hasPrefix("error: load: /no/such/file.csv: cannot read the file: no such file"))
        #expect(
            s.run("load(\"digitz\")").hasPrefix(
                "error: load: no file 'digitz' here and no bundled data set of that name (bundled: digits, iris)"))
        #expect(s.run("load(\"/\")").hasPrefix("error: load: /: cannot read the file: it is a folder"))
        #expect(s.run("1 + 1") == "2")
    }
}
