/// A help example: lines of Sprout, some with what they show.
///
///     x = tensor([[1, 2], [3, 4]])
///     x.sum()          # 10
///     eye(2)
///     # tensor (2, 2) float32
///     # [[1., 0.],
///     #  [0., 1.]]
///
/// A `#` comment after a line's code is what that line shows (its value as the prompt
/// prints it, or what it prints); lines that are only a comment continue it, for results
/// of several lines. Examples hold no other comments, so every shown result is checked:
/// the tests run each example's lines in order in a fresh session (seed 0, stdlib loaded)
/// and compare.
public struct HelpExample: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        /// One line of Sprout.
        public var code: String
        /// What the line shows, one string per output line; nil when the example does not say.
        public var shows: [String]?
    }

    public var steps: [Step]

    /// The example as help prints it: its lines as written, the later ones under the first.
    public static func rendered(_ text: String, indent: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n" + indent)
    }

    public init(_ text: String) {
        var steps: [Step] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            let trimmed = line.trimmingSpacesAndTabs()
            if trimmed.hasPrefix("#"), !steps.isEmpty {
                steps[steps.count - 1].shows = (steps[steps.count - 1].shows ?? []) + [Self.commentBody(trimmed)]
                continue
            }
            guard !trimmed.isEmpty else { continue }
            if let hash = Self.commentStart(in: line) {
                let code = String(line[..<hash]).trimmingSpacesAndTabs()
                steps.append(Step(code: code, shows: [Self.commentBody(String(line[hash...]))]))
            } else {
                steps.append(Step(code: trimmed, shows: nil))
            }
        }
        self.steps = steps
    }

    /// `# text` without its marker and the one space after it.
    static func commentBody(_ comment: String) -> String {
        let body = comment.dropFirst()
        return String(body.hasPrefix(" ") ? body.dropFirst() : body)
    }

    /// Where a line's trailing `#` comment starts, outside string literals; nil if none.
    static func commentStart(in line: String) -> String.Index? {
        var quote: Character?
        var escaped = false
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if escaped {
                escaped = false
            } else if let q = quote {
                if c == "\\" { escaped = true } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                return i
            }
            i = line.index(after: i)
        }
        return nil
    }
}
