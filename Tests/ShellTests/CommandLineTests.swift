import Foundation
import Testing

@testable import Shell

/// Runs the built `sprout` binary, which sits beside this test bundle in the build folder;
/// with `input`, that text is its standard input (a pipe, so not a terminal).
/// `memoryLimitKB` runs it under `ulimit -v` (through /bin/sh), as a machine with that
/// much memory would.
func runSprout(
    _ arguments: [String], input: String? = nil, environment: [String: String] = [:],
    memoryLimitKB: Int? = nil, currentDirectory: String? = nil
) throws -> (status: Int32, stdout: String, stderr: String) {
    let bundleDir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    let process = Process()
    let sprout = bundleDir.appendingPathComponent("sprout")
    process.executableURL = memoryLimitKB == nil ? sprout : URL(fileURLWithPath: "/bin/sh")
    process.arguments = memoryLimitKB.map { ["-c", "ulimit -v \($0) && exec \"$0\" \"$@\"", sprout.path] + arguments } ?? arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let stdin = Pipe(), out = Pipe(), err = Pipe()
    if input != nil { process.standardInput = stdin }
    process.standardOutput = out
    process.standardError = err
    try process.run()
    if let input {
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}

@Suite("Command line")
struct CommandLineTests {
    @Test func versionNamesSproutAndBLAS() throws {
        let r = try runSprout(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("Sprout 0.1.0 · OpenBLAS 0."))
        #expect(r.stdout.contains("threads"))
    }

    @Test func demoReplaysTheBundledRecipeSessionCellByCell() throws {
        let r = try runSprout(["demo"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("# The recipe on digits"))
        #expect(r.stdout.contains("\n[1]> seed(42)\n"))
        #expect(r.stdout.contains("[2]> ds = load(\"digits\")\ndataset digits · 1797 rows × 65 columns"))
    }

    @Test func demoWithAMissingSessionFailsCleanly() throws {
        let r = try runSprout(["demo", "--session", "/nonexistent/digits.sprout"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("error:"))
        #expect(r.stderr.contains("/nonexistent/digits.sprout"))
    }
}

/// `-e` takes the next argument as the program whatever it starts with: a program may
/// begin with a minus sign.
@Suite("The -e program")
struct ExpressionArgumentTests {
    @Test(arguments: [["-e", "-1 + 2"], ["-e", "-x"], ["-e", "--help"]])
    func aProgramStartingWithAMinusIsTheProgram(arguments: [String]) throws {
        let command = try Sprout.parse(Sprout.normalized(arguments))
        #expect(command.expression == arguments[1])
        #expect(command.file == nil)
    }

    @Test func theBinaryRunsANegativeProgram() throws {
        let r = try runSprout(["-e", "-1 + 2"])
        #expect(r.stderr == "")
        #expect(r.stdout == "1\n")
        #expect(r.status == 0)
        // An unknown name after the minus is the program's error, not a missing option value.
        let x = try runSprout(["-e", "-x"])
        #expect(x.status == 1)
        #expect(x.stderr.contains("'x' is not defined"))
        #expect(!x.stderr.contains("Missing value"))
    }

    @Test func helpVersionAndSubcommandsStillWork() throws {
        let help = try runSprout(["--help"])
        #expect(help.status == 0 && help.stdout.contains("-e <program>"))
        #expect(try runSprout(["--version"]).stdout.hasPrefix("Sprout "))
        #expect(try runSprout(["run", "--help"]).status == 0)
        let missing = try runSprout(["-e"])
        #expect(missing.status != 0 && missing.stderr.contains("-e"))
    }
}
