import Engine

/// What an embedder (the shell, a test, the benchmark) may ask of an interpreter beyond
/// running cells. The `Runtime` builtins share is internal to Lang, so the shell reaches
/// the session only through these, as Lua's `lua.c` is built on the public C API alone:
/// the runtime can change without the shell knowing.
extension Interpreter {
    /// The stop request Ctrl-C sets: the shell clears one that came between cells, and
    /// sees whether one came while nothing ran.
    public var cancellation: Cancellation { runtime.cancellation }

    /// The value of a global name: a builtin, a stdlib or user function, or a variable;
    /// nil when nothing has that name. (`?name`, Tab's parameter names and an object's
    /// member names after `name.` use it.)
    public func value(named name: String) -> Value? {
        runtime.lookup(name)
    }

    /// The random stream's state: equal before and after a cell that drew no random numbers.
    public var randomState: SeededGenerator { runtime.random.generator }

    /// How many optimizer steps this session has taken, whether or not they succeeded: a
    /// failed cell that stepped may have changed model weights.
    public var optimizerSteps: Int { runtime.optimizerSteps }

    /// The folder of the bundled data sets `load("digits")` and `load("iris")` read;
    /// `loadStdlib(directory:)` sets it to the stdlib's `data/` folder when it is unset.
    public var dataFolder: String? {
        get { runtime.dataFolder }
        set { runtime.dataFolder = newValue }
    }

    /// The data files this session loaded (CSV files, bundled data sets, `.npy` and
    /// `.safetensors` files, `load_state` checkpoints), each hashed when it was loaded, in
    /// the order first loaded; files the session wrote itself are left out.
    public var dataFiles: [DataFile] { runtime.dataFiles.files() }

    /// The file `load(given)` would read now: a bundled data set's file when `given`
    /// names one, else the path with `~` expanded (it may not exist).
    public func dataFilePath(_ given: String) -> (path: String, isBundled: Bool) {
        Builtins.dataLocation(given, dataFolder: runtime.dataFolder)
    }
}
