import Engine

/// What every Sprout error offers the renderer: a message, where it happened, and notes
/// (the call stack through Sprout functions, hints).
public protocol SproutError: Error {
    var message: String { get }
    var range: SourceRange? { get }
    var source: Source? { get }
    var notes: [String] { get }
}

/// A failure while evaluating. Builtins throw it without a range; the evaluator fills in
/// the range of the call (or operator) and the stack of Sprout functions it passed through.
public struct RuntimeError: SproutError {
    public enum Kind: Sendable {
        /// An Engine operation refused its inputs (shapes, axes, indices).
        case tensor(TensorError)
        /// `adam: parameter lr expects a number, got a string`.
        case argument(function: String, parameter: String, expected: String, got: String)
        /// Wrong number or names of arguments: `linear takes 2 to 3 arguments, got 4`.
        case call(function: String, problem: String)
        /// `name 'lrate' is not defined` (with a close match when there is one).
        case undefined(name: String, suggestion: String?)
        /// An operation on values of the wrong kinds: `cannot add a string and a tensor`.
        case type(String)
        /// An index out of range or of the wrong kind, outside tensors.
        case index(String)
        /// Ctrl-C: the cell was stopped at a safe point.
        case cancelled
        /// Anything else, as a plain message.
        case other(String)
    }

    public struct Frame: Sendable {
        public var function: String
        public var source: Source
        public var range: SourceRange
        public init(function: String, source: Source, range: SourceRange) {
            self.function = function
            self.source = source
            self.range = range
        }
    }

    public var kind: Kind
    public var range: SourceRange?
    public var source: Source?
    /// Sprout functions the error passed through, innermost first.
    public var stack: [Frame] = []

    public init(_ kind: Kind, range: SourceRange? = nil, source: Source? = nil) {
        self.kind = kind
        self.range = range
        self.source = source
    }

    /// An Engine failure as a language error; a stop the Engine noticed is a Ctrl-C stop.
    init(engine error: TensorError) {
        self.init(error == .cancelled ? .cancelled : .tensor(error))
    }

    public var message: String {
        switch kind {
        case let .tensor(e): return e.description
        case let .argument(function, parameter, expected, got):
            return "\(function): \(parameter) expects \(expected), got \(got)"
        case let .call(function, problem): return TensorError.prefixed(function, problem)
        case let .undefined(name, suggestion):
            return "'\(name)' is not defined" + (suggestion.map { " (did you mean '\($0)'?)" } ?? "")
        case let .type(m), let .index(m), let .other(m): return m
        case .cancelled: return "stopped (Ctrl-C); every variable is kept"
        }
    }

    public var notes: [String] {
        stack.map { frame in
            let (line, column) = frame.source.location(of: frame.range.start)
            return "in \(frame.function), called at \(frame.source.name):\(line):\(column)"
        }
    }
}

extension Value {
    /// How a value is named in an error: "a string", "a tensor of shape (2, 3)", "none".
    public var described: String {
        switch self {
        case let .tensor(t): return "a tensor of shape \(Shape.describe(t.shape))"
        case .none: return "none"
        case let .number(x): return "the number \(formatNumber(x))"
        case let .list(items): return "a list of \(items.count)"
        case .optimizer: return "an optimizer"
        default: return "a \(kindName)"
        }
    }
}
