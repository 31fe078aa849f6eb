import Foundation

/// Runs `bench/numpy_mlp.py` as a subprocess and parses its `INFO`, `RESULT` and `OP` lines.
///
/// The peer runs on one BLAS thread (OPENBLAS_NUM_THREADS=1). OPENBLAS_CORETYPE and
/// OPENBLAS_L2_SIZE are removed from *its* environment only: some machines set them for
/// the system OpenBLAS, and they make the newer OpenBLAS inside NumPy's wheel pick slower
/// kernels. The Swift side keeps the environment it was given.
struct NumPyPeer {
    /// Variables taken out of the peer's environment.
    static let removedVariables = ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]

    let python: String
    let script: String
    /// The `INFO` line: NumPy, Python and BLAS versions and kernel.
    private(set) var info = ""

    enum Failure: Error, CustomStringConvertible {
        case unavailable(String)
        case failed(String)
        var description: String {
            switch self {
            case let .unavailable(why): return why
            case let .failed(why): return why
            }
        }
    }

    /// Finds python3 and the script, then asks the script for its versions.
    /// - Throws: `Failure.unavailable` when there is no python3, no script or no NumPy.
    static func start(repositoryRoot: String?) throws -> NumPyPeer {
        guard let root = repositoryRoot else {
            throw Failure.unavailable("bench/numpy_mlp.py not found above the executable or the working directory")
        }
        guard let python = findOnPath("python3") else { throw Failure.unavailable("python3 not found on PATH") }
        var peer = NumPyPeer(python: python, script: root + "/bench/numpy_mlp.py")
        let lines = try peer.run(["--info"])
        guard let info = lines.first(where: { $0.hasPrefix("INFO ") }) else {
            throw Failure.failed("no INFO line from the peer")
        }
        peer.info = String(info.dropFirst(5))
        return peer
    }

    /// A peer running another script of bench/ with the same environment and protocol
    /// (bench/torch_conv.py); nil when there is no python3 on the PATH.
    static func other(script: String) -> NumPyPeer? {
        findOnPath("python3").map { NumPyPeer(python: $0, script: script) }
    }

    /// Which of the removed variables were set here (and so are unset for the peer).
    static var variablesRemovedHere: [String] {
        let env = ProcessInfo.processInfo.environment
        return removedVariables.compactMap { name in env[name].map { "\(name)=\($0)" } }
    }

    /// A running training peer: `--serve` mode, one timed block per request, so Bench
    /// can alternate NumPy blocks with its own.
    final class TrainingSession {
        private let process: Process
        private let input: FileHandle
        private let output: LineReader
        private let errors: PipeDrain
        /// The loss at the first step.
        let firstLoss: Double

        init(peer: NumPyPeer, batch: Int, warmup: Int, dataPath: String) throws {
            process = peer.makeProcess(["--serve", "--batch", String(batch), "--warmup", String(warmup), "--data", dataPath])
            let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = stderr
            do { try process.run() } catch { throw Failure.unavailable("cannot start \(peer.python): \(error)") }
            input = stdin.fileHandleForWriting
            output = LineReader(stdout.fileHandleForReading)
            errors = PipeDrain(stderr.fileHandleForReading)
            var ready: String? = nil
            while let line = output.next() {
                if line.hasPrefix("READY ") { ready = line; break }
            }
            guard let ready, let first = NumPyPeer.fields(ready)["first_loss"].flatMap(Double.init) else {
                throw Failure.failed("the peer did not start: \(Self.describeExit(process, errors))")
            }
            firstLoss = first
        }

        /// Runs `steps` training steps in the peer; returns the seconds they took there.
        func block(steps: Int) throws -> Double {
            do { try input.write(contentsOf: Data("run \(steps)\n".utf8)) } catch {
                throw Failure.failed("cannot write to the peer (\(error)): \(Self.describeExit(process, errors))")
            }
            while let line = output.next() {
                if line.hasPrefix("BLOCK "), let s = NumPyPeer.fields(line)["seconds"].flatMap(Double.init) { return s }
                if line.hasPrefix("ERROR ") { throw Failure.failed(line) }
            }
            throw Failure.failed("the peer stopped: \(Self.describeExit(process, errors))")
        }

        /// Ends the peer; returns its loss at the 100th step.
        func finish() throws -> Double {
            try? input.write(contentsOf: Data("quit\n".utf8))
            try? input.close()
            var done: String? = nil
            while let line = output.next() {
                if line.hasPrefix("DONE ") { done = line }
            }
            process.waitUntilExit()
            let stderr = errors.wait()
            guard process.terminationStatus == 0, let done, let at100 = NumPyPeer.fields(done)["loss_at_100"].flatMap(Double.init) else {
                throw Failure.failed(
                    "peer exited with status \(process.terminationStatus): \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
            }
            NumPyPeer.forward(stderr: stderr)
            return at100
        }

        private static func describeExit(_ process: Process, _ errors: PipeDrain) -> String {
            process.waitUntilExit()
            return "status \(process.terminationStatus): \(errors.wait().trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }

    /// Best seconds per op, by the names `ThroughputBench` uses.
    func ops(reps: Int) throws -> [String: Double] {
        var out: [String: Double] = [:]
        for line in try run(["--ops", "--reps", String(reps)]) where line.hasPrefix("OP ") {
            let f = Self.fields(line)
            if let name = f["name"], let s = f["best_seconds"].flatMap(Double.init) { out[name] = s }
        }
        return out
    }

    /// Runs the script with `arguments`; returns its stdout lines.
    /// - Throws: `Failure` with the script's stderr when it exits non-zero.
    private func run(_ arguments: [String]) throws -> [String] {
        let process = makeProcess(arguments)
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch { throw Failure.unavailable("cannot start \(python): \(error)") }
        // Drain stderr concurrently so neither pipe can fill and block the child.
        let errorText = PipeDrain(err.fileHandleForReading)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let stderr = errorText.wait()
        let lines = String(decoding: stdout, as: UTF8.self).split(separator: "\n").map(String.init)
        if process.terminationStatus != 0 {
            if let unavailable = lines.first(where: { $0.hasPrefix("UNAVAILABLE") }) {
                throw Failure.unavailable(Self.fields(unavailable)["reason"] ?? "NumPy missing")
            }
            throw Failure.failed(
                "peer exited with status \(process.terminationStatus): \(stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        Self.forward(stderr: stderr)
        return lines
    }

    /// The peer process with its environment: one BLAS thread, the removed variables unset.
    func makeProcess(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        var env = ProcessInfo.processInfo.environment
        for name in Self.removedVariables { env[name] = nil }
        env["OPENBLAS_NUM_THREADS"] = "1"
        env["OMP_NUM_THREADS"] = "1"
        process.environment = env
        return process
    }

    /// The peer's stderr is not fatal when it exits 0 (a warning, say), but never dropped.
    static func forward(stderr: String) {
        if !stderr.isEmpty {
            FileHandle.standardError.write(Data(("numpy peer stderr: " + stderr).utf8))
        }
    }

    /// `key=value` pairs of a result line; a value may be "double quoted".
    static func fields(_ line: String) -> [String: String] {
        var out: [String: String] = [:]
        var rest = Substring(line)
        while let eq = rest.firstIndex(of: "=") {
            let key = rest[..<eq].split(separator: " ").last.map(String.init) ?? ""
            var after = rest[rest.index(after: eq)...]
            let value: Substring
            if after.first == "\"" {
                after = after.dropFirst()
                let close = after.firstIndex(of: "\"") ?? after.endIndex
                value = after[..<close]
                rest = close < after.endIndex ? after[after.index(after: close)...] : ""
            } else {
                let end = after.firstIndex(of: " ") ?? after.endIndex
                value = after[..<end]
                rest = after[end...]
            }
            out[key] = String(value)
        }
        return out
    }

    /// What a python3 run printed, and how it ended.
    struct PythonRun {
        let output: String
        let errors: String
        let status: Int32
    }

    /// Runs python3 with `arguments` to its end, both outputs read as it runs; nil when
    /// there is no python3 on the PATH or it cannot be started. Every peer the bench
    /// measures (NumPy, pandas, polars, CPython) is run through here.
    static func runPython(_ arguments: [String], environment: [String: String]? = nil) -> PythonRun? {
        guard let python = findOnPath("python3") else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return nil }
        // Standard error is read on another thread, so neither pipe can fill and block.
        final class Collected: @unchecked Sendable { var data = Data() }
        let errors = Collected()
        let errorsRead = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            errorsRead.signal()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        errorsRead.wait()
        process.waitUntilExit()
        return PythonRun(
            output: String(decoding: output, as: UTF8.self), errors: String(decoding: errors.data, as: UTF8.self),
            status: process.terminationStatus)
    }

    static func findOnPath(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for dir in path.split(separator: ":") where !dir.isEmpty {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Splits what a pipe delivers into lines, blocking until a whole line (or the end) arrives.
private final class LineReader {
    private let handle: FileHandle
    private var buffer = Data()
    private var isAtEnd = false

    init(_ handle: FileHandle) { self.handle = handle }

    /// The next line without its newline; nil at the end of the stream.
    func next() -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer.removeSubrange(buffer.startIndex...newline)
                return line
            }
            if isAtEnd {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            let chunk = handle.availableData
            if chunk.isEmpty { isAtEnd = true } else { buffer.append(chunk) }
        }
    }
}

/// Reads a pipe to its end on a background queue.
private final class PipeDrain: @unchecked Sendable {
    private let group = DispatchGroup()
    private var data = Data()

    init(_ handle: FileHandle) {
        group.enter()
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.group.leave()
        }
    }

    /// The text read, once the writer has closed the pipe.
    func wait() -> String {
        group.wait()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The repository root: the nearest directory above the executable (then above the
/// working directory) that holds `bench/numpy_mlp.py`.
func findRepositoryRoot() -> String? {
    let fm = FileManager.default
    var starts: [String] = []
    if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") { starts.append(exe) }
    starts.append(URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path)
    starts.append(fm.currentDirectoryPath)
    for start in starts {
        var dir = URL(fileURLWithPath: start)
        while dir.path != "/" {
            if fm.fileExists(atPath: dir.appendingPathComponent("bench/numpy_mlp.py").path) { return dir.path }
            dir.deleteLastPathComponent()
        }
    }
    return nil
}
