/// The builtins and stdlib functions as loaded, so the interpreter can tell the user's
/// globals from the system's and say when a user definition hides a system name.
///
/// A cell that defines `fn full(x) = …` or assigns `mean = 1` replaces the builtin for
/// the rest of the session, silently in Python and IPython. Sprout says so once, in one
/// line (`note: full now means your function; the builtin is hidden until :reset`):
/// a later `full([2], 0)` failing inside the user's function would otherwise be puzzling.
/// Assignments are noted as well as `fn` definitions because they hide just the same.
/// The check compares globals after each cell with what was loaded, so every way of
/// rebinding a name (a loop, an `if`, a file's cells) is covered and a local `fn` is not.
struct SystemNames {
    /// Each system name's value as loaded.
    private(set) var values: [String: Value] = [:]
    /// The names not yet noted, with their global index and value as loaded, in load
    /// order, so notes come out in a fixed order (a saved session's recorded output must
    /// replay the same). Checked by index after every cell: no hashing on that path.
    private var pending: [(name: String, index: Int, value: Value)] = []
    /// Which of them are builtins (the rest came from the stdlib).
    private var builtins: Set<String> = []

    /// Records `name` (global `index`) as the system's, bound to `value`; a later load of
    /// the same name (the stdlib redefining a builtin) replaces the earlier.
    mutating func add(_ name: String, index: Int, _ value: Value, isBuiltin: Bool) {
        if values.updateValue(value, forKey: name) == nil {
            pending.append((name, index, value))
        } else if let i = pending.firstIndex(where: { $0.name == name }) {
            pending[i].value = value
        }
        if isBuiltin { builtins.insert(name) } else { builtins.remove(name) }
    }

    /// Whether `value` is the system's own value for `name`.
    func isSystem(_ name: String, _ value: Value) -> Bool {
        guard let original = values[name] else { return false }
        return Self.same(original, value)
    }

    /// The notes for system names that `current` (a global by index) now binds to
    /// something else and that were not noted before; marks them noted.
    /// - Complexity: O(names not yet noted) reads of `current`.
    mutating func notesForNewlyHidden(_ current: (Int) -> Value?) -> [String] {
        var notes: [String] = []
        var hiddenIndices: Set<Int> = []
        for entry in pending {
            guard let value = current(entry.index), !Self.same(entry.value, value) else { continue }
            hiddenIndices.insert(entry.index)
            let what: String
            if case .function = value { what = "your function" } else { what = "your value" }
            let hidden = builtins.contains(entry.name) ? "the builtin" : "the stdlib function"
            notes.append("\(entry.name) now means \(what); \(hidden) is hidden until :reset")
        }
        if !hiddenIndices.isEmpty { pending.removeAll { hiddenIndices.contains($0.index) } }
        return notes
    }

    /// Functions by identity (a redefinition with the same text is still the user's);
    /// anything else by value.
    private static func same(_ a: Value, _ b: Value) -> Bool {
        if case let .function(f) = a, case let .function(g) = b { return f === g }
        return a == b
    }
}
