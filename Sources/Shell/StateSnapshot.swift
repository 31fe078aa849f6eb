import Engine
import Lang

/// What a cell can change that a replay depends on: the user's variables, the random
/// stream, and model weights (moved only by optimizer steps). Taken before each cell;
/// when the cell fails, `changes(in:)` names what it had changed before its error. A
/// saved session leaves failed cells out, so `:save` warns that those changes will not
/// replay.
struct StateSnapshot {
    private let variables: [String: Value]
    private let random: SeededGenerator
    private let optimizerSteps: Int

    init(_ interpreter: Interpreter) {
        variables = Dictionary(interpreter.globals.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        random = interpreter.runtime.random.generator
        optimizerSteps = interpreter.runtime.optimizerSteps
    }

    /// The variables assigned a different value since (in the order they were first
    /// seen), then "random numbers" if any were drawn and "model weights" if an optimizer
    /// stepped; empty when nothing changed.
    func changes(in interpreter: Interpreter) -> [String] {
        var changed = interpreter.globals.filter { variables[$0.name] != $0.value }.map(\.name)
        if interpreter.runtime.random.generator != random { changed.append("random numbers") }
        if interpreter.runtime.optimizerSteps != optimizerSteps { changed.append("model weights") }
        return changed
    }
}
