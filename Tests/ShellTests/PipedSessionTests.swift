import Foundation
import Testing

@testable import Shell

/// Piped standard input (`sprout < FILE`, `... | sprout`) runs through the shell like typed
/// lines, without prompts or escape codes: `:commands` and `?name` work, each cell shows
/// its value, an error goes to standard error and ends the session with status 1.
@Suite("Piped input runs through the shell")
struct PipedSessionTests {
    @Test func commandsWorkAndValuesShow() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let r = try runSprout([], input: "x = 1 + 2\ny = x * 10\ny\n:save \(folder)/piped\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "30\nsaved \(folder)/piped.sprout (3 cells)\n")
        #expect(r.stderr == "")
        let saved = try String(contentsOfFile: folder + "/piped.sprout", encoding: .utf8)
        #expect(saved.hasSuffix("\nx = 1 + 2\n\ny = x * 10\n\ny\n#> 30\n"), "\(saved)")
    }

    @Test func helpByQuestionMark() throws {
        let r = try runSprout([], input: "?adam\n")
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("adam("), "\(r.stdout)")
    }

    @Test func anErrorStopsTheSessionWithStatusOne() throws {
        let r = try runSprout([], input: "1 + 1\nnope(1)\n3\n", environment: ["NO_COLOR": "1"])
        #expect(r.status == 1)
        #expect(r.stdout == "2\n")
        #expect(r.stderr.hasPrefix("error: 'nope' is not defined\n --> <stdin>:2:1"), "\(r.stderr)")
        #expect(!(r.stdout + r.stderr).contains("\u{1B}"))
    }

    /// A command that fails is an error like a failed cell's: on standard error, and the
    /// session stops with status 1 (before, `:load` of a missing file went on with 0).
    @Test(arguments: [
        (":load /no/such/file.sprout", "error: cannot read /no/such/file.sprout: no such file\n"),
        (":nope", "error: unknown command :nope (:help lists the commands)\n"),
        (":save", "error: usage: :save NAME [--all]\n"),
        (":time", "error: usage: :time EXPR\n"),
    ])
    func aFailedCommandStopsTheSessionWithStatusOne(_ command: String, _ message: String) throws {
        let r = try runSprout([], input: "1 + 1\n\(command)\n3\n", environment: ["NO_COLOR": "1"])
        #expect(r.status == 1)
        #expect(r.stdout == "2\n")
        #expect(r.stderr == message)
    }

    /// A piped session keeps no crash journal (its input is already in the file or the
    /// program that produced it).
    @Test func noJournalIsWritten() throws {
        let state = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: state) }
        let r = try runSprout([], input: "1\n", environment: ["SPROUT_STATE_DIR": state])
        #expect(r.stdout == "1\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: state).isEmpty)
    }

    /// A saved session's header seed is used however it is run, piped too.
    @Test func theHeaderSeedIsUsedWhenPiped() throws {
        let path = try makeTemporaryFolder() + "/seeded.sprout"
        try "# Sprout session saved 2026-12-05T09:00:00Z\n# seed: 3\n\nrandn([3])\n".write(toFile: path, atomically: true, encoding: .utf8)
        let file = try runSprout([path])
        let piped = try runSprout([], input: try String(contentsOfFile: path, encoding: .utf8))
        let unseeded = try runSprout([], input: "randn([3])\n")
        #expect(file.status == 0 && piped.status == 0)
        #expect(piped.stdout == file.stdout)
        #expect(piped.stdout != unseeded.stdout)
    }

    /// `sprout FILE` stays a plain Sprout program: a `:` line there is a syntax error.
    @Test func aFileIsNotAShellSession() throws {
        let path = try makeTemporaryFolder() + "/colon.sprout"
        try "1\n:vars\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try runSprout([path])
        #expect(r.status == 1)
        #expect(r.stdout == "1\n")
        #expect(r.stderr.hasPrefix("error:"))
    }
}

@Suite("Reading lines from a pipe")
struct PipedLineReaderTests {
    /// Every line the reader gives, until the end.
    private func readAll(_ reader: PipedLineReader) -> [LineInput] {
        var lines: [LineInput] = []
        while lines.last != .end { lines.append(reader.readLine(prompt: "[1]> ")) }
        return lines
    }

    /// A descriptor reading `text` (from a temporary file, which, unlike a pipe, never
    /// blocks the writer).
    private func descriptor(reading text: String) throws -> Int32 {
        let path = try makeTemporaryFolder() + "/input"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return open(path, O_RDONLY)
    }

    @Test func linesCRLFAndALastLineWithoutANewline() throws {
        let fd = try descriptor(reading: "a = 1\r\n\nb\n[1,\n2]")
        defer { close(fd) }
        let reader = PipedLineReader(descriptor: fd)
        #expect(readAll(reader) == [.line("a = 1"), .line(""), .line("b"), .line("[1,"), .line("2]"), .end])
        #expect(reader.error == nil)
    }

    /// Lines that cross the reader's chunks come out whole, each once.
    @Test func manyLinesAcrossChunks() throws {
        let fd = try descriptor(reading: (0..<100_000).map { "x\($0)" }.joined(separator: "\n") + "\n")
        defer { close(fd) }
        let lines = readAll(PipedLineReader(descriptor: fd))
        #expect(lines.count == 100_001)
        #expect(lines[99_999] == .line("x99999"))
        #expect(lines[12_345] == .line("x12345"))
    }

    @Test func anInputThatNeverEndsStopsAtTheLimit() {
        let fd = open("/dev/zero", O_RDONLY)
        defer { close(fd) }
        let reader = PipedLineReader(descriptor: fd, limit: 1 << 20)
        #expect(reader.readLine(prompt: "") == .end)
        #expect(reader.error?.description == "cannot read standard input: longer than 1 MB; Sprout reads scripts up to that size")
    }
}
