import Foundation
import Lang
import Testing

@testable import Shell

/// A named pipe in a fresh folder. Whoever opens it to read is let go within seconds (a
/// writer opens and closes it), so code that blocks on it fails a test instead of hanging.
func makeReleasedFIFO() throws -> String {
    let path = try makeTemporaryFolder() + "/pipe"
    #expect(mkfifo(path, 0o600) == 0)
    Thread.detachNewThread {
        for _ in 0..<100 {
            let fd = open(path, O_WRONLY | O_NONBLOCK)  // succeeds only while a reader waits
            if fd >= 0 { close(fd); return }
            usleep(50_000)
        }
    }
    return path
}

@Suite("Reading script files")
struct ScriptFileTests {
    @Test func aFileIsReadAndBadUTF8IsReplaced() throws {
        let path = try makeTemporaryFolder() + "/s.sprout"
        try Data([0x78, 0x20, 0x3D, 0x20, 0x31, 0x0A, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
        #expect(try ScriptFile.read(path) == "x = 1\n\u{FFFD}\n")
    }

    @Test func foldersMissingFilesAndDevicesAreClearErrors() throws {
        let folder = try makeTemporaryFolder()
        #expect(throws: ScriptFileError(path: folder, reason: "it is a folder")) { try ScriptFile.read(folder) }
        #expect(throws: ScriptFileError(path: folder + "/no.sprout", reason: "no such file")) { try ScriptFile.read(folder + "/no.sprout") }
        // /dev/zero never ends and /dev/null is no script: devices are refused before reading.
        #expect(throws: ScriptFileError(path: "/dev/zero", reason: "it is a device, not a regular file")) {
            try ScriptFile.read("/dev/zero", limit: 1 << 20)
        }
        #expect(throws: ScriptFileError(path: "/dev/null", reason: "it is a device, not a regular file")) {
            try ScriptFile.read("/dev/null")
        }
    }

    /// A file over the limit stops the read at the limit instead of taking all memory.
    @Test func aFileOverTheLimitIsRefused() throws {
        let path = try makeTemporaryFolder() + "/big.sprout"
        try Data(repeating: UInt8(ascii: "1"), count: (1 << 20) + 1).write(to: URL(fileURLWithPath: path))
        #expect(throws: ScriptFileError(path: path, reason: "longer than 1 MB; Sprout reads scripts up to that size")) {
            try ScriptFile.read(path, limit: 1 << 20)
        }
    }

    /// A pipe has no end until its writer closes it: reading one for `:load` or
    /// `run --check` would wait for ever.
    @Test func aNamedPipeIsRefusedWithoutWaiting() throws {
        let fifo = try makeReleasedFIFO()
        #expect(throws: ScriptFileError(path: fifo, reason: "it is a pipe, not a regular file")) { try ScriptFile.read(fifo) }
    }

    /// What Foundation says when a read fails is mapped to a plain reason.
    @Test func aFailedReadSaysWhyPlainly() throws {
        let folder = try makeTemporaryFolder()
        let handle = try #require(FileHandle(forReadingAtPath: folder))
        #expect(throws: ScriptFileError(path: "x", reason: "is a directory")) { try ScriptFile.read(handle, name: "x") }
    }

    /// Every way a user names a file refuses a pipe with the same plain message.
    @Test func pipesAreRefusedByEveryCommand() throws {
        for arguments in [["run", "--check"], ["run"], []] {
            let fifo = try makeReleasedFIFO()
            let r = try runSprout(arguments + [fifo])
            #expect(r.stderr == "error: cannot read \(fifo): it is a pipe, not a regular file\n", "\(arguments)")
            #expect(r.status == 1)
        }
        let fifo = try makeReleasedFIFO()
        let host = RecordingHost()
        let repl = REPL(reader: ScriptedLineReader(lines: [":load \(fifo)", ":load /dev/stdin"]), host: host, isTerminal: false)
        _ = repl.run()
        #expect(host.output.hasPrefix("error: cannot read \(fifo): it is a pipe, not a regular file\nerror: cannot read /dev/stdin: "))
        #expect(!host.output.contains("Domain"))
        // Piped standard input is still read as a stream.
        #expect(try runSprout([], input: "1 + 2\n").stdout == "3\n")
    }
}
