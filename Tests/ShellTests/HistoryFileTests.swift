import Foundation
import Testing

@testable import Shell

@Suite("The history file")
struct HistoryFileTests {
    @Test func entriesRoundTripThroughTheFile() throws {
        let path = try makeTemporaryFolder() + "/history"
        let entries = ["x = 1", "fn f(a) {\n  a \\ 2\n}", "print(\"a\\nb\")", "naïve ☃", "\\040 stays"]
        for entry in entries { HistoryFile.append(entry, to: path) }
        #expect(HistoryFile.read(path, limit: 100) == entries)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == entries.count)
        #expect(HistoryFile.read(path + "-missing", limit: 100).isEmpty)
    }

    /// Two shells appending in turn keep every entry (a whole-file rewrite would not).
    @Test func twoWritersInterleave() throws {
        let path = try makeTemporaryFolder() + "/history"
        for i in 0..<6 { HistoryFile.append(i.isMultiple(of: 2) ? "first \(i)" : "second \(i)", to: path) }
        #expect(HistoryFile.read(path, limit: 100) == ["first 0", "second 1", "first 2", "second 3", "first 4", "second 5"])
    }

    @Test func libeditsOwnFormatIsRead() throws {
        let path = try makeTemporaryFolder() + "/history"
        try "_HiStOrY_V2_\nfirst\\040one\nsecond\\0402\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(HistoryFile.read(path, limit: 100) == ["first one", "second 2"])
    }

    @Test func aLongFileIsCutBackToTheNewestEntries() throws {
        let path = try makeTemporaryFolder() + "/history"
        for i in 0..<25 { HistoryFile.append("entry \(i)", to: path) }
        #expect(HistoryFile.read(path, limit: 10) == (15..<25).map { "entry \($0)" })
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 10)
        // Under twice the limit the file is left as it is.
        HistoryFile.append("entry 25", to: path)
        #expect(HistoryFile.read(path, limit: 10).last == "entry 25")
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 11)
    }

    @Test func oddEscapesSurvive() {
        #expect(HistoryFile.decode(Array("a\\".utf8)) == "a\\")
        #expect(HistoryFile.decode(Array("\\q\\12".utf8)) == "\\q\\12")
        #expect(HistoryFile.decode(Array(HistoryFile.encode("\\n is not \n").utf8)) == "\\n is not \n")
    }
}
