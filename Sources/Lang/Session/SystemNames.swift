/// The builtins and stdlib functions as loaded, so the interpreter can tell the user's
/// globals from the system's and say when a user definition hides a system name.
///
/// A cell that defines `fn full(x) = …` or assigns `mean = 1` replaces the builtin for
/// the rest of the session, silently in Python and IPython. Sprout says so once, in one
/// line (`note: full now means your function; the builtin is hidden until :reset`):
/// a later `full([2], 0)` failing inside the user's function would otherwise be puzzling.
/// Only a function hiding a system name is noted: `train, val = ds.split(0.8)` binds
/// data to names that happen to be builtins, which is what the user means, and method
/// sugar still reaches the builtin (`m.train()`, see `Machine.systemFunctions`); a
/// note there would be noise on the recipe's main path.
/// After each cell, the system globals its code names are compared with what was loaded:
/// only code that names a global can rebind it (a function's assignments are local), so
/// every way of rebinding (a loop, an `if`, a file's cells) is covered, a local `fn` is
/// not, and a cell pays only for the names it uses.
struct SystemNames {
    /// Each system name's value as loaded.
    private(set) var values: [String: Value] = [:]
    /// The names not yet noted, by global index, with their value as loaded and their
    /// place in the load order (notes of one cell come out in that order: a saved
    /// session's recorded output must replay the same).
    private var pending: [Int: (name: String, value: Value, order: Int)] = [:]
    /// Which of them are builtins (the rest came from the stdlib).
    private var builtins: Set<String> = []

    /// Records `name` (global `index`) as the system's, bound to `value`; a later load of
    /// the same name (the stdlib redefining a builtin) replaces the earlier.
    mutating func add(_ name: String, index: Int, _ value: Value, isBuiltin: Bool) {
        values[name] = value
        pending[index] = (name, value, pending[index]?.order ?? pending.count)
        if isBuiltin { builtins.insert(name) } else { builtins.remove(name) }
    }

    /// Whether `value` is the system's own value for `name`.
    func isSystem(_ name: String, _ value: Value) -> Bool {
        guard let original = values[name] else { return false }
        return Self.same(original, value)
    }

    /// The notes for system names among `candidates` (global indices some code named)
    /// that `current` (a global by index) now binds to something else and that were not
    /// noted before; marks them noted.
    /// - Complexity: O(candidates) dictionary reads: a cell pays for the names it uses.
    mutating func notesForNewlyHidden(among candidates: [Int], _ current: (Int) -> Value?) -> [String] {
        var hidden: [(order: Int, index: Int, note: String)] = []
        for index in candidates {
            guard let entry = pending[index], let value = current(index), case .function = value, !Self.same(entry.value, value),
                !hidden.contains(where: { $0.index == index })
            else { continue }
            let what = "your function"
            let kind: String
            if case .number = entry.value {
                kind = "the constant"
            } else {
                kind = builtins.contains(entry.name) ? "the builtin" : "the stdlib function"
            }
            hidden.append((entry.order, index, "\(entry.name) now means \(what); \(kind) is hidden until :reset"))
        }
        for h in hidden { pending[h.index] = nil }
        return hidden.sorted { $0.order < $1.order }.map(\.note)
    }

    /// Functions by identity (a redefinition with the same text is still the user's);
    /// numbers bit for bit (`nan` as loaded is the system's, though `nan != nan`);
    /// anything else by value.
    static func same(_ a: Value, _ b: Value) -> Bool {
        if case let .function(f) = a, case let .function(g) = b { return f === g }
        if case let .number(x) = a, case let .number(y) = b { return x.bitPattern == y.bitPattern }
        return a == b
    }
}
