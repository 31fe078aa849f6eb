import Foundation
import Glibc
import Lang
import Testing

@testable import Shell

/// A replay runs all its cells on one evaluation thread (issue 8, item 18: a thread per
/// cell made `run --check` of a long session ~50 times slower than running it).
/// The calling thread as the kernel names it ("PID/task/TID", from /proc/thread-self).
private func kernelThread() -> String {
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? "unknown"
}

@Suite("Session replay threads")
struct SessionReplayThreadTests {
    /// Records the thread each write came from (`print` writes while the cell runs), by
    /// kernel thread id: a `pthread_t` is an address that a thread started after another
    /// one ended may reuse, so it could not tell one thread from one per cell.
    final class ThreadRecordingHost: Lang.Host {
        var threads: [String] = []
        func write(_ text: String) { threads.append(kernelThread()) }
        func warn(_ text: String) {}
        func note(_ text: String) {}
    }

    @Test func everyCellOfAReplayRunsOnTheSameThread() throws {
        let host = ThreadRecordingHost()
        var replayThread = kernelThread()
        let shown = ScriptRunner.onOneThread { () -> [String]? in
            replayThread = kernelThread()
            guard let replay = try? SessionReplay(seed: 0, host: host) else { return nil }
            return (1...5).map {
                replay.run(ScriptCell(input: "print(\($0) * 2)", firstLine: $0, codeLine: $0, lastLine: $0), name: "t").output
            }
        }
        #expect(shown == ["2\n", "4\n", "6\n", "8\n", "10\n"])
        #expect(host.threads.count == 5)
        #expect(host.threads.allSatisfy { $0 == replayThread })
        #expect(replayThread != kernelThread())
    }

    /// `:load` too: the file's cells run on one thread, not one each.
    @Test func everyCellOfALoadRunsOnTheSameThread() throws {
        let path = try makeTemporaryFolder() + "/five.sprout"
        try (1...5).map { "print(\($0) * 2)" }.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let host = ThreadRecordingHost()
        let repl = REPL(reader: ScriptedLineReader(lines: [":load \(path)"]), host: host, isTerminal: false)
        #expect(repl.run() == 0)
        #expect(repl.cells.count == 5)
        let first = try #require(host.threads.first)
        #expect(host.threads.count >= 5)
        #expect(host.threads.allSatisfy { $0 == first })
    }
}
