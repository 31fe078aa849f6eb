import Engine

/// What `help(name)` writes.
///
///     adam(model, lr: 0.001, betas: [0.9, 0.999], eps: 1e-08, weight_decay: 0)
///       Adam over a model's parameters; lr defaults to PyTorch's 0.001, and the recipe suggests 3e-4.
///       example: m = mlp([4, 16, 3])
///                opt = adam(m, lr: 3e-4)
extension Builtins {
    static func helpText(_ args: Arguments, _ runtime: Runtime) throws -> String {
        guard let given = args.value("name"), !given.isNone else {
            return overview(stdlib: runtime.stdlibFunctions, embedder: runtime.embedderBuiltins)
        }
        switch given {
        case let .function(f):
            return help(for: f)
        case let .string(name):
            let found = runtime.lookup(name) ?? all().first { $0.name == name }.map { .function($0) }
            switch found {
            case let .function(f)?: return help(for: f)
            case let value?:
                if let constant = constants.first(where: { $0.name == name }), SystemNames.same(value, .number(constant.value)) {
                    return help(for: constant)
                }
                return "\(name) is \(value.described), not a function"
            case nil:
                if let topic = SyntaxHelp.topic(named: name) { return topic.rendered }
                let known = (all() + runtime.embedderBuiltins).map(\.name)
                throw RuntimeError(.undefined(name: name, suggestion: closestName(to: name, among: known)))
            }
        default:
            throw args.mismatch("name", given)
        }
    }

    /// The signature, then the summary and example of a builtin; for a function defined
    /// in Sprout, the `#` comment lines just above its definition and where it is.
    public static func help(for function: FunctionValue) -> String {
        let signature = function.signature.rendered(name: function.name)
        if let builtin = function as? Builtin {
            let example = HelpExample.rendered(builtin.example, indent: "           ")
            return "\(signature)\n  \(builtin.summary)\n  example: \(example)"
        }
        if let closure = function as? Closure {
            let (line, _) = closure.source.location(of: closure.range.start)
            let notes = commentLines(above: line, in: closure.source) + ["defined at \(closure.source.name):\(line)"]
            return ([signature] + notes.map { "  " + $0 }).joined(separator: "\n")
        }
        return signature
    }

    /// The comment block that ends just above a line, without its `#` markers: a
    /// function's documentation, as the stdlib writes it.
    static func commentLines(above line: Int, in source: Source) -> [String] {
        var lines: [String] = []
        var n = line - 1
        while n >= 1 {
            let text = source.line(n).trimmingSpacesAndTabs()
            guard text.hasPrefix("#") else { break }
            let body = text.dropFirst()
            lines.append(String(body.hasPrefix(" ") ? body.dropFirst() : body))
            n -= 1
        }
        return lines.reversed()
    }

    /// Every builtin and stdlib function, by topic (see `HelpTopic`), each topic's names
    /// wrapped to 80 columns under it; an embedder's builtins under the topic they name.
    static func overview(stdlib: [String], embedder: [Builtin] = []) -> String {
        var lines = ["functions by topic (help(name) or ?name for one; :help language for the syntax):"]
        let topics = Dictionary(embedder.compactMap { b in b.topic.map { (b.name, $0) } }, uniquingKeysWith: { $1 })
        for group in HelpTopic.grouped(all().map(\.name) + stdlib + embedder.map(\.name), topics: topics) {
            lines.append(group.title)
            var line = " "
            for name in group.names {
                if line.count + name.count + 1 > 80 {
                    lines.append(line)
                    line = " "
                }
                line += " " + name
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
