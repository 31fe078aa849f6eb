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
