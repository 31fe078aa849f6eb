import Synchronization

/// A cell's text with the program parsed from it, so the parse the shell made to see that
/// the cell is complete is the one that runs (`Interpreter.run(_:parsed:)`): a long
/// pasted cell is parsed once, not once to check and again to run (IPython keeps the
/// outcome of each phase, Julia's `:incomplete` is a parse result, not a second look).
///
/// The program's ranges are offsets into `text`, whatever name the text is later run
/// under, so the parse holds for any `Source` with the same text; the interpreter checks
/// the text matches before it uses the program. Only a program is kept: a syntax error
/// is found again when the text runs, under the name and lines it is shown with.
public struct ParsedCell: Sendable, Equatable {
    public let text: String
    public let program: Program

    /// A program already parsed from `text`.
    public init(text: String, program: Program) {
        self.text = text
        self.program = program
    }
}

/// Counts parses, for tests that check a cell is parsed once. Bound as a task-local
/// (`Parser.counter`) only by such a test, so tests running at once do not count each
/// other's parses and an ordinary parse pays one task-local read.
final class ParseCounter: Sendable {
    private let parses = Atomic(0)
    var count: Int { parses.load(ordering: .relaxed) }
    func add() { parses.add(1, ordering: .relaxed) }
}

extension Parser {
    @TaskLocal static var counter: ParseCounter?
}
