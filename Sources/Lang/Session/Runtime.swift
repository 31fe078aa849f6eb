import Engine
import Synchronization

/// Ctrl-C for a running cell: the Engine's `StopFlag`, which the shell's signal handler
/// sets; the evaluator checks it at loop back-edges, calls and after tensor operations,
/// long builtins between steps, and the Engine's long loops between chunks (the
/// interpreter binds it as `StopFlag.current` while a cell runs).
public typealias Cancellation = StopFlag

extension StopFlag {
    /// Throws `.cancelled` when Ctrl-C was pressed (and clears the request).
    @inline(__always)
    public func check() throws {
        if isRequested {
            reset()
            throw RuntimeError(.cancelled)
        }
    }
}

/// What builtins may use: the one random source, the host, cancellation, and a way to
/// call back into Sprout functions (for builtins that take a function argument).
public final class Runtime {
    public let random: RandomSource
    public let host: Host
    public let cancellation: Cancellation
    /// How many optimizer steps this session has taken (counted whether or not a step
    /// succeeds): the shell compares it across a failed cell to tell that model weights
    /// may have changed.
    public var optimizerSteps = 0
    /// The number of the cell running now (nil between cells): where a check's verdict
    /// was shown, for `recipe()`.
    public var cell: Int?
    /// The recipe's checks this session has run, for `recipe()`.
    public var recipe = RecipeLog()
    /// The data files this session loaded, for a saved session's header.
    public var dataFiles = DataFileLog()
    /// The last run of each model, for `health(m)`.
    public var lastRuns = RunRegistry()
    /// The last plot a builtin drew, which `savefig(path)` writes.
    public var lastPlot: PlotRequest?
    /// Calls any function value with positional and named arguments; installed by the
    /// interpreter.
    public var callFunction: (FunctionValue, [Value], [(String, Value)]) throws -> Value = { f, _, _ in
        throw RuntimeError(.other("\(f.name): cannot be called before the interpreter is ready"))
    }

    /// The folder of the bundled data sets (`load("digits")` reads `digits.csv` there);
    /// nil when the embedder has none.
    public var dataFolder: String?

    /// The names of the functions the standard library defined, for `help()`.
    public var stdlibFunctions: [String] = []

    /// The builtins an embedder handed in (`Interpreter.define(builtin:)`), for `help()`.
    public internal(set) var embedderBuiltins: [Builtin] = []

    /// Looks a global name up (a builtin, a stdlib or user function, a variable);
    /// installed by the interpreter, used by `help`.
    public var lookup: (String) -> Value? = { _ in nil }

    public init(seed: UInt64 = 0, host: Host, cancellation: Cancellation = Cancellation()) {
        random = RandomSource(seed: seed)
        self.host = host
        self.cancellation = cancellation
    }
}

/// A function implemented in Swift, with what `help(name)` shows.
public final class Builtin: FunctionValue {
    public let name: String
    public let signature: Signature
    /// One line: what it does.
    public let summary: String
    /// A line of Sprout that uses it.
    public let example: String
    /// The `help()` topic an embedder's builtin is listed under: a `HelpTopic` title
    /// ("data") or a new one; nil for the language's own, which `HelpTopic.names` files.
    public let topic: String?
    public let body: (Arguments, Runtime) throws -> Value

    public init(
        _ name: String, _ parameters: [ParameterSpec], summary: String, example: String, topic: String? = nil,
        _ body: @escaping (Arguments, Runtime) throws -> Value
    ) {
        self.name = name
        self.signature = Signature(
            parameters.map { p in
                var bound = p
                bound.defaultLiteral = p.defaultText.flatMap(DefaultLiteral.init(text:))
                return bound
            })
        self.summary = summary
        self.example = example
        self.topic = topic
        self.body = body
    }

    /// The same builtin (name, signature, help) with another body.
    init(_ builtin: Builtin, body: @escaping (Arguments, Runtime) throws -> Value) {
        (name, signature, summary, example, topic) = (builtin.name, builtin.signature, builtin.summary, builtin.example, builtin.topic)
        self.body = body
    }
}
