import Engine

/// Values to and from files a user names by path: `save(t, "x.npy")`, and the `.npy`
/// reading that `load` calls. A path is relative to the current folder; `~/` is the home
/// folder, as at `:save` and `:load` (`UserPath`). Messages name the path as typed.
extension Builtins {
    static func files() -> [Builtin] {
        [
            Builtin(
                "save",
                [
                    arg("value", "a tensor (numbers and lists convert)"), arg("path", "a string ending in \(SaveFormat.extensions)"),
                    arg("opt", "an optimizer of the model, saved with it (.safetensors)", "none"),
                ],
                summary:
                    "Writes value to a file of the kind the path's extension names: .npy (NumPy's format, float32) for a tensor; .safetensors for a model's state (PyTorch's names; with opt: its optimizer's too, to resume training) or a record of tensors. The file is replaced whole or not at all.",
                example:
                    "points = randn(100, 2)\nsave(points, \"/tmp/points.npy\")\nm = mlp([4, 8, 3])\nsave(m, \"/tmp/m.safetensors\", opt: adam(m))"
            ) { args, runtime in
                let path = try args.string("path")
                guard let format = SaveFormat.all.first(where: { path.hasSuffix("." + $0.fileExtension) }) else {
                    throw RuntimeError(
                        .call(
                            function: "save",
                            problem:
                                "cannot save to '\(path)': save writes \(SaveFormat.described); give a path ending in \(SaveFormat.extensions)"
                        ))
                }
                if format.fileExtension != "safetensors", let opt = args.value("opt"), !opt.isNone {
                    throw RuntimeError(.call(function: "save", problem: "opt: goes with a .safetensors path"))
                }
                try format.write(args, path)
                runtime.noteWritten(path)
                return .none
            }
        ]
    }

    /// What `load` gives for a `.npy` path: the file's array as a float32 tensor.
    /// - Parameters:
    ///   - path: as the user typed it (relative, or with `~/`); messages name it so.
    ///   - function: the builtin that loads, named in the message.
    /// - Throws: `RuntimeError(.call)` with the file's problem ("not a NumPy .npy file: …"),
    ///   or the usual Ctrl-C stop.
    static func loadNPY(path: String, function: String = "load") throws -> Value {
        do {
            return .tensor(try NPYFile.read(path: UserPath.expanded(path)))
        } catch {
            throw fileError(error, path: path, function: function)
        }
    }

    /// Writes `tensor` as a `.npy` file at `path` (as typed: relative, or with `~/`).
    /// - Throws: `RuntimeError(.call)` naming the path and why it cannot be written, or
    ///   the usual Ctrl-C stop.
    static func saveNPY(_ tensor: Tensor, path: String, function: String = "save") throws {
        do {
            try NPYFile.write(tensor, path: UserPath.expanded(path))
        } catch {
            throw fileError(error, path: path, function: function)
        }
    }

    /// A file's problem as the language reports it: under the path as the user typed it,
    /// and a Ctrl-C stop as every other stop is shown.
    private static func fileError(_ error: NPYError, path: String, function: String) -> RuntimeError {
        if error.problem == .cancelled { return RuntimeError(.cancelled) }
        return RuntimeError(.call(function: function, problem: NPYError(path: path, problem: error.problem).description))
    }
}

/// A kind of file `save` writes, chosen by the path's extension: one entry per kind, so
/// the next (`.safetensors` for models) is one more entry in `all`, and the message
/// for an extension `save` does not know lists every kind it does.
struct SaveFormat: Sendable {
    /// Without the dot: "npy".
    let fileExtension: String
    /// What it holds, for the message: "a tensor".
    let holds: String
    /// Writes the `value` argument to the path (as typed), or throws a `RuntimeError`.
    let write: @Sendable (Arguments, String) throws -> Void

    static let all: [SaveFormat] = [.npy, .safetensors]

    /// ".npy (a tensor)", joined with "or" when there are several.
    static var described: String { all.map { ".\($0.fileExtension) (\($0.holds))" }.joined(separator: " or ") }
    /// ".npy", or ".npy or .safetensors".
    static var extensions: String { all.map { "." + $0.fileExtension }.joined(separator: " or ") }

    /// NumPy's `.npy`: a tensor, or numbers and lists converted as `tensor(...)` does.
    static let npy = SaveFormat(fileExtension: "npy", holds: "a tensor") { args, path in
        try Builtins.saveNPY(try args.tensor("value"), path: path)
    }

    /// Hugging Face's `.safetensors`: a model's state, or a record of tensors.
    static let safetensors = SaveFormat(fileExtension: "safetensors", holds: "a model") { args, path in
        try Builtins.saveSafetensors(args, path: path)
    }
}
