import Engine
import Lang

/// What a cell can change that a replay depends on: the user's variables, the random
/// stream, and model weights (moved only by optimizer steps). Taken before each cell;
/// when the cell fails, `changes(in:)` names what it had changed before its error. A
/// saved session leaves failed cells out, so `:save` warns that those changes will not
/// replay.
///
/// Variables are kept as fingerprints, not values: holding a second reference to a
/// tensor or list would make the cell's first in-place write (`x[i] = …`) copy all of
/// it. A tensor's fingerprint is its storage's identity and shape, so a new tensor is a
/// change; an element written in place is not seen (its storage stays the same).
struct StateSnapshot {
    private let variables: [String: Int]
    private let random: SeededGenerator
    private let optimizerSteps: Int

    init(_ interpreter: Interpreter) {
        variables = Dictionary(
            interpreter.globals.map { ($0.name, Self.fingerprint($0.value)) },
            uniquingKeysWith: { $1 })
        random = interpreter.randomState
        optimizerSteps = interpreter.optimizerSteps
    }

    /// The variables assigned a different value since (in the order they were first
    /// seen), then "random numbers" if any were drawn and "model weights" if an optimizer
    /// stepped; empty when nothing changed.
    func changes(in interpreter: Interpreter) -> [String] {
        var changed = interpreter.globals.filter { variables[$0.name] != Self.fingerprint($0.value) }.map(\.name)
        if interpreter.randomState != random { changed.append("random numbers") }
        if interpreter.optimizerSteps != optimizerSteps { changed.append("model weights") }
        return changed
    }

    /// A hash of a value that holds no reference to it: contents for plain data, lists
    /// and records; identity for tensors' storage, models, optimizers and functions.
    /// Lists and records are hashed by `structuralHash`, once per shared list, without
    /// recursion: a deep or self-sharing value (`x = [x, x]`) costs its size in memory.
    static func fingerprint(_ value: Value) -> Int {
        value.structuralHash { leaf in
            var hasher = Hasher()
            hasher.combine(leaf.kindName)
            switch leaf {
            case let .number(x): hasher.combine(x.bitPattern)
            case let .string(s): hasher.combine(s)
            case let .bool(b): hasher.combine(b)
            case let .range(start, end): hasher.combine(start); hasher.combine(end)
            case let .tensor(t): hasher.combine(ObjectIdentifier(t.storage)); hasher.combine(t.shape)
            case let .layer(layer): hasher.combine(ObjectIdentifier(layer))
            case let .optimizer(optimizer): hasher.combine(ObjectIdentifier(optimizer))
            case let .function(function): hasher.combine(ObjectIdentifier(function))
            case let .object(object): hasher.combine(ObjectIdentifier(object))
            case .none, .list, .record: break
            }
            return hasher.finalize()
        }
    }
}
