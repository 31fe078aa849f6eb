import Foundation
import Testing

/// The checks of exported files that need programs outside Swift: `Tests/tools/check_html.py`
/// loads a page in headless Chromium, `Tests/tools/check_notebook.py` validates a notebook
/// with Python's nbformat. Both print a JSON summary as their last line, which these
/// helpers decode for the tests to assert on.
///
/// A checker that cannot run (no python3, no browser, no nbformat: exit 77) skips its test
/// with a printed line, except under CI: `make test` runs `make test-deps` first, which
/// installs Chromium and nbformat, so there a missing tool is a broken set-up and the test
/// fails saying so, rather than passing quietly without having checked anything.
enum ExternalCheck {
    /// `Tests/tools`, beside the test folders.
    static let tools = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("tools")

    /// The exit status a checker gives when its tool is missing (automake's "skipped").
    static let skipStatus: Int32 = 77

    /// The python3 that the Makefile's TEST_PYTHON names, for which `make test-deps` installs
    /// nbformat: the first `python3` on PATH if it imports numpy, else /usr/bin/python3; else
    /// any python3 (check_html.py needs only the standard library).
    static let python: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        let onPath = folders.map { $0 + "/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        if let onPath, imports(onPath, "numpy") { return onPath }
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { return "/usr/bin/python3" }
        return onPath
    }()

    /// Whether `python` imports `module` (once, when `python` is first asked for).
    private static func imports(_ python: String, _ module: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import " + module]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    /// Whether the tests run under CI (`.ci/run` sets CI=true).
    static let underCI: Bool = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false

    /// A tool the check needs is missing under CI, where `make test-deps` should have
    /// installed it.
    struct MissingUnderCI: Error, CustomStringConvertible {
        var description: String
    }

    /// What a checker did: its exit status, its standard output (one line per check, then
    /// the JSON summary) and its standard error.
    struct Completed {
        var status: Int32
        var stdout: String
        var stderr: String

        /// The JSON summary, the last line of standard output.
        func summary<Summary: Decodable>(as type: Summary.Type) throws -> Summary {
            let last = stdout.split(separator: "\n").last.map(String.init) ?? ""
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            return try decoder.decode(Summary.self, from: Data(last.utf8))
        }
    }

    /// Runs `script` from `Tests/tools` with `arguments`; skips the test (see above) when
    /// there is no python3 or the script exits 77.
    static func run(
        script: String, _ arguments: [String], environment: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Completed {
        guard let python else {
            try skip("no python3 on PATH, so \(script) cannot run", sourceLocation: sourceLocation)
        }
        let completed = try await run(python, [tools.appendingPathComponent(script).path] + arguments, environment: environment)
        if completed.status == skipStatus {
            let reason = completed.stderr.split(separator: "\n").last.map(String.init) ?? "\(script) could not run"
            try skip(reason, sourceLocation: sourceLocation)
        }
        return completed
    }

    /// Skips the running test with a line saying why; under CI, fails it instead.
    static func skip(_ reason: String, sourceLocation: SourceLocation) throws -> Never {
        if underCI {
            throw MissingUnderCI(description: "under CI this check must run (`make test-deps` installs what it needs): \(reason)")
        }
        print("skipped: \(reason)")
        try Test.cancel(Comment(rawValue: reason), sourceLocation: sourceLocation)
    }

    /// Runs `executable` with empty standard input and waits, suspended, for it to exit: a
    /// browser check takes seconds, and a blocked thread is one fewer in the test runner's
    /// small pool. Both outputs go to temporary files rather than pipes, whose end of file
    /// would also wait on any process started meanwhile that inherited the writing end.
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> Completed {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let paths = [folder + "/stdout", folder + "/stderr"]
        let files = try paths.map { path in
            guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path)
            else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path]) }
            return file
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = files[0]
        process.standardError = files[1]
        try await withCheckedThrowingContinuation { (exited: CheckedContinuation<Void, Error>) in
            process.terminationHandler = { _ in exited.resume() }
            do { try process.run() } catch { exited.resume(throwing: error) }
        }
        for file in files { try file.close() }
        let texts = paths.map { String(decoding: FileManager.default.contents(atPath: $0) ?? Data(), as: UTF8.self) }
        return Completed(status: process.terminationStatus, stdout: texts[0], stderr: texts[1])
    }
}

extension ExternalCheck {
    /// Checks the HTML page at `path` in headless Chromium (`check_html.py`); `options` are
    /// the script's (`--screenshot OUT.png`, `--timeout S`). Skips as `run` does.
    static func page(
        at path: String, _ options: [String] = [], environment: [String: String] = [:]
    ) async throws -> (
        Completed, PageCheck
    ) {
        let completed = try await run(script: "check_html.py", [path] + options, environment: environment)
        return (completed, try completed.summary(as: PageCheck.self))
    }

    /// Validates the notebook at `path` with nbformat (`check_notebook.py`). Skips as `run` does.
    static func notebook(at path: String) async throws -> (Completed, NotebookCheck) {
        let completed = try await run(script: "check_notebook.py", [path])
        return (completed, try completed.summary(as: NotebookCheck.self))
    }
}

/// `check_html.py`'s JSON summary.
struct PageCheck: Decodable {
    struct Result: Decodable {
        var passed: Bool
        var detail: String
    }

    /// One full-page screenshot: its size, and how far from blank it is.
    struct Screenshot: Decodable {
        var width: Int
        var height: Int
        var colours: Int
        /// The share of pixels not of the most common colour (the background).
        var contentShare: Double
    }

    var passed: Bool
    /// The names of the checks that failed (`images`, `self-contained`, …).
    var failed: [String]
    var checks: [String: Result]
    /// How many `<img>` the page has; nil when the page did not load.
    var images: Int?
    /// By width in CSS pixels ("390", "1280").
    var screenshots: [String: Screenshot]?
    var pdfPages: Int?
}

/// `check_notebook.py`'s JSON summary of a notebook nbformat read back.
struct NotebookCheck: Decodable {
    struct CodeCell: Decodable {
        var executionCount: Int?
        var source: String
        var outputTypes: [String]
        var mimeTypes: [String]
        var streamNames: [String]
    }

    /// An image/png output, base64-decoded.
    struct Image: Decodable {
        /// Its code cell, counting code cells from 0.
        var cell: Int
        var bytes: Int
        var pngSignature: Bool
    }

    var valid: Bool
    /// Why it is invalid.
    var error: String?
    /// Cells by type ("code", "markdown").
    var cells: [String: Int]?
    var codeCells: [CodeCell]?
    var kernelspec: String?
    var languageInfo: String?
    var images: [Image]?
}
