/// Why a NumPy `.npy` file could not be read or written, naming the file: every refusal
/// of `NPYFile` is one of these, so a bad file is a message at the prompt, never a crash.
public struct NPYError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, in the user's words once `description` names the file.
    public enum Problem: Error, Equatable, Sendable {
        /// The file could not be opened or read; `reason` is the system's ("no such file").
        case unreadable(reason: String)
        /// It does not start with `\x93NUMPY`; `isEmpty` when there is nothing at all.
        case notNPY(isEmpty: Bool)
        /// A format version other than 1.0, 2.0 and 3.0.
        case unsupportedVersion(major: UInt8, minor: UInt8)
        /// The file ends before its header does: `expected` bytes at least, `got` in the file.
        case truncatedHeader(expected: Int, got: Int)
        /// A header longer than any array Sprout reads needs (`bytes` long).
        case headerTooLong(bytes: Int)
        /// The header is not the dictionary the format describes; `detail` says where.
        case malformedHeader(detail: String)
        /// A data type Sprout does not convert: `descr` as the header writes it, `kind` in words.
        case unsupportedType(descr: String, kind: String)
        /// A shape with more dimensions than a tensor may have.
        case tooManyDimensions(Int)
        /// A shape over the element limit; `sizes` as the header writes them (a size may
        /// be too large for an integer).
        case tooLarge(sizes: [String])
        /// The file ends before its data does.
        case truncatedData(shape: [Int], descr: String, expected: Int, got: Int)
        /// The tensor could not be allocated; `reason` is the Engine's message.
        case noMemory(reason: String)
        /// The file could not be written; `reason` says why ("no such folder …").
        case unwritable(reason: String)
        /// Ctrl-C (the bound `StopFlag`) stopped the read or write between two chunks.
        case cancelled
    }

    /// The file as the user named it.
    public var path: String
    public var problem: Problem

    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem.text)" }
}

extension NPYError.Problem {
    /// The message without the file's name.
    var text: String {
        switch self {
        case let .unreadable(reason):
            return "cannot read the file: \(reason)"
        case let .notNPY(isEmpty):
            return "not a NumPy .npy file: " + (isEmpty ? "it is empty" : "it does not start with \\x93NUMPY")
        case let .unsupportedVersion(major, minor):
            return ".npy format version \(major).\(minor) is not one Sprout reads (it reads 1.0, 2.0 and 3.0)"
        case let .truncatedHeader(expected, got):
            return "the file is cut short in its header: it needs at least \(expected) bytes, the file has \(got)"
        case let .headerTooLong(bytes):
            return "the header is \(bytes) bytes long, more than the \(NPYHeader.maxLength) Sprout reads; is this a .npy file?"
        case let .malformedHeader(detail):
            return "the header does not parse: \(detail)"
        case let .unsupportedType(descr, kind):
            return "data type \(descr) (\(kind)) is not supported: Sprout reads floats, integers and booleans"
        case let .tooManyDimensions(rank):
            return "shape has \(rank) dimensions: a tensor has at most \(Shape.maxRank)"
        case let .tooLarge(sizes):
            let shape = sizes.count == 1 ? "(\(sizes[0]),)" : "(" + sizes.joined(separator: ", ") + ")"
            return "shape \(shape) is too large: a tensor holds at most 2^31 elements"
        case let .truncatedData(shape, descr, expected, got):
            return "the data is cut short: shape \(Shape.describe(shape)) of '\(descr)' needs \(expected) bytes, the file has \(got)"
        case let .noMemory(reason):
            return "cannot load it: \(reason)"
        case let .unwritable(reason):
            return "cannot write the file: \(reason)"
        case .cancelled:
            return "stopped (Ctrl-C)"
        }
    }
}
