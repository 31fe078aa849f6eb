import Foundation
import Lang
import Testing

@testable import Shell

/// `fit` in the shell: at a terminal a live bar, redrawn at most ten times a second and
/// erased at the end of each epoch; what stays everywhere (terminal, pipe, file, -e, the
/// scripted prompt) is one line per epoch, with no timings and no escape codes off a
/// terminal.
@Suite("fit in the shell")
struct FitShellTests {
    /// A bar driven by a clock the test moves, writing into a string.
    final class FakeTerminal {
        var written = ""
        var time = 0.0
        lazy var bar = ProgressBar(write: { self.written += $0 }, now: { self.time }, width: { 80 })
    }

    static func step(_ done: Int, seconds: Double = 1) -> Lang.Progress {
        Lang.Progress(label: "epoch 1/2", done: done, total: 10, metric: "loss 0.5000", seconds: seconds)
    }

    @Test func theBarRedrawsAtMostTenTimesASecond() {
        let t = FakeTerminal()
        t.bar.begin(Self.step(1))
        #expect(t.written.components(separatedBy: "\r").count - 1 == 1)
        for i in 2...5 {
            t.time += 0.02
            t.bar.update(Self.step(i))
        }
        #expect(t.written.components(separatedBy: "\r").count - 1 == 1)
        t.time += 0.1
        t.bar.update(Self.step(6, seconds: 2))
        #expect(t.written.components(separatedBy: "\r").count - 1 == 2)
        #expect(
            t.written.hasSuffix("\repoch 1/2 [============>       ] · 6/10 · loss 0.5000 · 3 steps/s · ETA 0:02\u{1B}[K"), "\(t.written)")
    }

    @Test func theBarIsErasedAndReplacedByTheEpochLine() {
        let t = FakeTerminal()
        t.bar.begin(Self.step(1))
        t.bar.end(Lang.Progress(label: "fit", summary: "epoch 1/2 · loss 0.4123"))
        #expect(t.written.hasSuffix("\r\u{1B}[Kepoch 1/2 · loss 0.4123\n"))
        #expect(!t.bar.isShowing)
        // Nothing to erase when no bar is on screen.
        let before = t.written
        t.bar.erase()
        #expect(t.written == before)
    }

    @Test func theLineIsCutToTheTerminalsWidth() {
        let written = Box()
        let bar = ProgressBar(write: { written.text += $0 }, now: { 0 }, width: { 30 })
        bar.begin(Self.step(3))
        #expect(written.text == "\r" + String(ProgressBar.line(Self.step(3)).prefix(29)) + "\u{1B}[K")
    }

    final class Box { var text = "" }

    static let program =
        "seed(0)\nds = load(\"iris\")\nm = mlp([4, 8, 3])\nrun = fit(m, ds, adam(m, lr: 0.01), epochs: 2, batch: 50, val: ds)\n"

    /// The epoch lines as every way shows them.
    static func expectEpochLines(_ stdout: String) {
        let lines = stdout.split(separator: "\n").filter { $0.hasPrefix("epoch ") }
        #expect(lines.count == 2, "\(stdout)")
        #expect(lines.first?.hasPrefix("epoch 1/2 · loss ") == true)
        #expect(lines.last?.contains(" · val acc ") == true)
        #expect(!stdout.contains("\r") && !stdout.contains("\u{1B}") && !stdout.contains("steps/s"))
    }

    @Test func pipedInputShowsOneLinePerEpoch() throws {
        let r = try runSprout([], input: Self.program, environment: ["NO_COLOR": "1"])
        #expect(r.status == 0, "\(r.stderr)")
        Self.expectEpochLines(r.stdout)
    }

    @Test func aFileAndDashEShowOneLinePerEpoch() throws {
        let path = try writeSproutFile(Self.program)
        defer { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
        let file = try runSprout([path], environment: ["NO_COLOR": "1"])
        #expect(file.status == 0, "\(file.stderr)")
        Self.expectEpochLines(file.stdout)
        let e = try runSprout(["-e", Self.program.replacingOccurrences(of: "\n", with: "; ")], environment: ["NO_COLOR": "1"])
        #expect(e.status == 0, "\(e.stderr)")
        Self.expectEpochLines(e.stdout)
    }

    @Test func theScriptedPromptEndsEachEpochWithItsLine() {
        let reader = ScriptedLineReader(lines: Self.program.split(separator: "\n").map(String.init))
        let host = RecordingHost()
        let repl = REPL(reader: reader, host: host, isTerminal: false, seed: 0)
        repl.interpreter.dataFolder = LoadDataFolder.path
        #expect(throws: Never.self) { try repl.interpreter.loadStdlib(directory: LoadDataFolder.stdlib) }
        #expect(repl.run() == 0)
        let ends = host.progress.compactMap { event -> String? in
            if case let .end(p) = event { return p.finalLine }
            return nil
        }
        Self.expectEpochLines(ends.joined(separator: "\n"))
    }
}

/// The checkout's bundled data and stdlib, found from this file's path.
enum LoadDataFolder {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let path = root.appendingPathComponent("stdlib/data").path
    static let stdlib = root.appendingPathComponent("stdlib").path
}
