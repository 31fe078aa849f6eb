import Engine
import Foundation

/// What one read at the prompt gives: a line (without its newline), Ctrl-C at the
/// prompt, or the end of input (Ctrl-D, or a closed pipe).
enum LineInput: Equatable {
    case line(String)
    case interrupt
    case end
}

/// Where the REPL's lines come from. The REPL only ever talks to this protocol, so the
/// whole loop runs the same at a terminal (libedit), from a pipe and in tests (scripted).
protocol LineReader: AnyObject {
    /// Shows `prompt` (if the reader shows prompts) and reads one line.
    func readLine(prompt: String) -> LineInput
    /// Adds a complete cell's input to the reader's history (a no-op where there is none).
    func addHistory(_ entry: String)
}

/// A reader that feeds a fixed list of inputs, then `.end`; for tests. It records every
/// prompt it was shown and every history entry it was given, so a test can check the
/// numbered and continuation prompts without a terminal.
final class ScriptedLineReader: LineReader {
    private var inputs: [LineInput]
    private var position = 0
    /// The prompts shown so far, in order.
    private(set) var prompts: [String] = []
    /// The history entries added so far, in order.
    private(set) var history: [String] = []

    /// Reads `inputs` in order; `.interrupt` among them stands for Ctrl-C at the prompt.
    init(_ inputs: [LineInput]) {
        self.inputs = inputs
    }

    /// Reads each string as one line.
    convenience init(lines: [String]) {
        self.init(lines.map { .line($0) })
    }

    func readLine(prompt: String) -> LineInput {
        prompts.append(prompt)
        guard position < inputs.count else { return .end }
        defer { position += 1 }
        return inputs[position]
    }

    func addHistory(_ entry: String) {
        history.append(entry)
    }
}

/// Lines from a pipe or file descriptor (standard input when it is not a terminal): no
/// prompts, no editing, no escape codes. Lines end at LF (a CR before it is dropped);
/// the text is read as UTF-8 (invalid bytes replaced). Input is bounded like a script
/// file (`ScriptFile.byteLimit`), so a pipe that never ends (`sprout < /dev/zero`) gives
/// an error, not the whole memory: past the limit the reader ends, with `error` set.
final class PipedLineReader: LineReader {
    private let descriptor: Int32
    private let limit: Int
    /// Bytes read and not yet returned start at `position`; none before `scanned` is a LF.
    private var buffer: [UInt8] = []
    private var position = 0
    private var scanned = 0
    private var bytesRead = 0
    private var isAtEnd = false
    /// Why reading stopped early, if it did.
    private(set) var error: ScriptFileError?

    init(descriptor: Int32 = STDIN_FILENO, limit: Int = ScriptFile.byteLimit) {
        self.descriptor = descriptor
        self.limit = limit
    }

    func readLine(prompt: String) -> LineInput {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: UInt8(ascii: "\n")) {
                let end = newline > position && buffer[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline
                let line = String(decoding: buffer[position..<end], as: UTF8.self)
                position = newline + 1
                scanned = position
                return .line(line)
            }
            scanned = buffer.count
            if isAtEnd {
                guard position < buffer.count else { return .end }
                defer { position = buffer.count }
                return .line(String(decoding: buffer[position...], as: UTF8.self))
            }
            fill()
        }
    }

    func addHistory(_ entry: String) {}

    /// Reads the next chunk; at the end of input, an error or the limit, sets `isAtEnd`.
    private func fill() {
        guard bytesRead <= limit else {
            error = ScriptFileError(path: "standard input", reason: "longer than \(limit >> 20) MB; Sprout reads scripts up to that size")
            buffer = []
            position = 0
            scanned = 0
            isAtEnd = true
            return
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { return }
        guard count > 0 else {
            if count < 0 { error = ScriptFileError(path: "standard input", reason: RegularFile.reason(errno: errno)) }
            isAtEnd = true
            return
        }
        bytesRead += count
        // Drop the lines already returned, so the buffer holds at most one line and a chunk.
        buffer.removeFirst(position)
        scanned -= position
        position = 0
        buffer.append(contentsOf: chunk[..<count])
    }
}
