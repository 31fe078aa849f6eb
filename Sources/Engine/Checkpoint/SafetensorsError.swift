/// Why a safetensors file could not be read or written, naming the file and, where one is
/// to blame, the tensor: every refusal of `SafetensorsFile` is one of these, so a
/// truncated, corrupt or hostile checkpoint is a message at the prompt, never a crash or
/// a huge allocation.
public struct SafetensorsError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong, in the user's words once `description` names the file.
    public enum Problem: Error, Equatable, Sendable {
        /// The file could not be opened or read; `reason` is the system's ("no such file").
        case unreadable(reason: String)
        /// Shorter than the 8 bytes that give the header's length.
        case tooShort(size: Int)
        /// The header's length is more than Sprout reads (`SafetensorsHeader.maxLength`).
        case headerTooLong(bytes: UInt64)
        /// The file ends inside the header: `expected` bytes at least, `got` in the file.
        case truncatedHeader(expected: UInt64, got: Int)
        /// The header is not UTF-8 text.
        case notText
        /// The header is not the JSON object the format describes; `detail` says where.
        case malformedHeader(detail: String)
        /// One tensor's entry is wrong: `detail` says how ("its shape is not a list of sizes").
        case badEntry(tensor: String, detail: String)
        /// A type Sprout does not read, as the header names it.
        case unsupportedType(tensor: String, dtype: String)
        /// The data is not the size the shape and type need.
        case sizeMismatch(tensor: String, shape: [Int], dtype: String, expected: Int, got: Int)
        /// A tensor's bytes end past the end of the file.
        case truncatedData(tensor: String, end: Int, available: Int)
        /// Two tensors share bytes, or bytes lie between them unused.
        case overlap(tensor: String, other: String)
        case gap(tensor: String, bytes: Int)
        /// Bytes after the last tensor that no tensor covers.
        case trailingBytes(Int)
        /// The tensor could not be allocated; `reason` is the Engine's message.
        case noMemory(tensor: String, reason: String)
        /// The file could not be written; `reason` says why ("no such folder …").
        case unwritable(reason: String)
        /// Ctrl-C stopped the read or write between two chunks.
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

extension SafetensorsError.Problem {
    /// The message without the file's name.
    public var text: String {
        switch self {
        case let .unreadable(reason):
            return "cannot read the file: \(reason)"
        case let .tooShort(size):
            return "not a safetensors file: it has \(size) bytes, fewer than the 8 that give its header's length"
        case let .headerTooLong(bytes):
            return
                "not a safetensors file: its header would be \(bytes) bytes, more than the \(SafetensorsHeader.maxLength) Sprout reads"
        case let .truncatedHeader(expected, got):
            return "the file is cut short in its header: it needs at least \(expected) bytes, the file has \(got)"
        case .notText:
            return "the header is not UTF-8 text; is this a safetensors file?"
        case let .malformedHeader(detail):
            return "the header does not parse: \(detail)"
        case let .badEntry(tensor, detail):
            return "tensor '\(tensor)': \(detail)"
        case let .unsupportedType(tensor, dtype):
            return "tensor '\(tensor)' has type \(dtype), which Sprout does not read (it reads \(SafetensorsDataType.knownNames))"
        case let .sizeMismatch(tensor, shape, dtype, expected, got):
            return "tensor '\(tensor)': shape \(Shape.describe(shape)) of \(dtype) needs \(expected) bytes, its offsets give \(got)"
        case let .truncatedData(tensor, end, available):
            return "the file is cut short: tensor '\(tensor)' ends at byte \(end) of the data, which has \(available)"
        case let .overlap(tensor, other):
            return "tensors '\(other)' and '\(tensor)' overlap in the data; the file is corrupt"
        case let .gap(tensor, bytes):
            return "\(bytes) unused bytes lie before tensor '\(tensor)' in the data; the file is corrupt"
        case let .trailingBytes(bytes):
            return "\(bytes) bytes after the last tensor belong to none; the file is corrupt"
        case let .noMemory(tensor, reason):
            return "cannot load tensor '\(tensor)': \(reason)"
        case let .unwritable(reason):
            return "cannot write the file: \(reason)"
        case .cancelled:
            return "stopped (Ctrl-C)"
        }
    }
}
