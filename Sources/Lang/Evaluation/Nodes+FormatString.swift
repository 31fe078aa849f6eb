/// A compiled piece of an f-string.
enum FormatStringPart {
    case text(String)
    /// A field: its value, and its spec read once at compile time. A spec that cannot be
    /// read is kept as its error and thrown when the field runs, as Python does.
    case field(Node, Result<FormatSpec, FormatSpecError>, specRange: SourceRange)
}

/// `f"epoch {e}: loss {l:.4f}"`: the text with each field's value formatted in place.
/// A field without a spec shows what `str` gives; with one, what `format(x, spec)`
/// gives. Errors from a spec point at the spec inside the string.
final class FormatStringNode: Node {
    let parts: [FormatStringPart]

    init(_ parts: [FormatStringPart], _ range: SourceRange) {
        self.parts = parts
        super.init(range)
    }

    override func eval(_ f: inout Frame) throws(Unwind) -> Value {
        var text = ""
        for part in parts {
            switch part {
            case let .text(literal):
                text += literal
            case let .field(node, spec, specRange):
                let value = try node.eval(&f)
                do {
                    text += try Builtins.formatted(value, try spec.get())
                } catch {
                    throw .failure(.other(error.message), specRange, f.source)
                }
            }
        }
        return .string(text)
    }
}
