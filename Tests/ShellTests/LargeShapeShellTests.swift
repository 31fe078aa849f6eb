import Foundation
import Lang
import Testing
@testable import Shell

/// Items 1 and 2 of issue 8 through every way in: a result larger than the machine can
/// give, or over 2^31 elements, and a list nested deeper than 64, are errors that name the
/// operation and shapes, never an abort (exit 134) that ends the shell. The byte limit is
/// shown under `ulimit -v`, as on a machine with that much memory.
@Suite("Large shapes in every mode")
struct LargeShapeShellTests {
    /// 2 GB of address space: (25000, 25000) floats are 2.5 GB, (40000, 40000) 6.4 GB.
    static let limitKB = 2_000_000

    static let program = """
        a = zeros([25000, 1])
        y = a + transpose(a)
        """

    static func expectRefused(_ r: (status: Int32, stdout: String, stderr: String), _ mode: String) {
        #expect(r.status == 1, "\(mode): exit \(r.status), \(r.stderr)")
        #expect(r.stderr.hasPrefix("error: add: the result of (25000, 1) and (1, 25000) would be (25000, 25000): 2.5 GB, more than this machine can give ("), "\(mode): \(r.stderr)")
        #expect(r.stderr.contains("free); use smaller shapes or batches"), "\(mode): \(r.stderr)")
    }

    @Test func aBroadcastOverTheMemoryLimitIsAnErrorInEveryMode() throws {
        Self.expectRefused(try runSprout(["-e", Self.program], memoryLimitKB: Self.limitKB), "-e")
        let path = try makeTemporaryFolder() + "/big.sprout"
        try Self.program.write(toFile: path, atomically: true, encoding: .utf8)
        Self.expectRefused(try runSprout([path], memoryLimitKB: Self.limitKB), "file")
        Self.expectRefused(try runSprout([], input: Self.program, memoryLimitKB: Self.limitKB), "piped")
    }

    @Test(arguments: ["zeros([40000, 40000])", "ones([40000, 40000])", "randn(40000, 40000)", "zeros([40000, 1]) @ zeros([1, 40000])",
                      "maximum(zeros([40000, 1]), zeros([1, 40000]))", "where(zeros([40000, 1]), 1, zeros([1, 40000]))",
                      "unsqueeze(zeros([40000]), 1) * unsqueeze(zeros([40000]), 0)",
                      "backward(sum(requires_grad(zeros([40000, 1])) * zeros([1, 40000])))"])
    func anAllocationOverTheMemoryLimitIsAnError(_ expression: String) throws {
        let r = try runSprout(["-e", "x = \(expression)"], memoryLimitKB: Self.limitKB)
        #expect(r.status == 1, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("6.4 GB, more than this machine can give"), "\(r.stderr)")
        #expect(r.stderr.contains("(40000, 40000)"), "\(r.stderr)")
    }

    /// The prompt and `:load`, in one process: the cell fails, the session goes on.
    @Test func theREPLShowsTheErrorAndGoesOn() throws {
        let folder = try makeTemporaryFolder()
        let script = folder + "/big.sprout"
        try "a = zeros([47000, 1])\nb = a @ transpose(a)\n".write(toFile: script, atomically: true, encoding: .utf8)
        let lines = ["x = zeros([47000, 1]) * zeros([1, 47000])", "d = 1", "for i in 0..70 { d = [d] }", "tensor(d)",
                     ":load \(script)", "shape(a)", "y = 2", "y"]
        let host = RecordingHost()
        let repl = REPL(reader: ScriptedLineReader(lines: lines), host: host, isTerminal: false)
        #expect(repl.run() == 0)
        #expect(host.output.contains("error: mul: the result of (47000, 1) and (1, 47000) would be (47000, 47000): 2209000000 elements"), "\(host.output)")
        #expect(host.output.contains("error: tensor: 65 dimensions is more than a tensor may have (at most 64)"), "\(host.output)")
        #expect(host.output.contains("error: matmul: the result of (47000, 1) and (1, 47000) would be (47000, 47000)"), "\(host.output)")
        #expect(host.output.hasSuffix("[47000, 1]\n2\n"), "\(host.output)")
    }

    /// A recorded session with a refused cell replays with `run --check`.
    @Test func runCheckReplaysARefusedCell() throws {
        let path = try makeTemporaryFolder() + "/big.sprout"
        try "a = zeros([47000, 1])\n\na @ transpose(a)\n\n1 + 1\n".write(toFile: path, atomically: true, encoding: .utf8)
        _ = try runSprout(["run", "--record", path], memoryLimitKB: Self.limitKB)
        let recorded = try String(contentsOfFile: path, encoding: .utf8)
        #expect(recorded.contains("#> error: matmul: the result of (47000, 1) and (1, 47000) would be (47000, 47000)"), "\(recorded)")
        let r = try runSprout(["run", "--check", path], memoryLimitKB: Self.limitKB)
        #expect(r.status == 0, "\(r.stderr)")
    }
}
