import Foundation
import Lang

/// What Tab offers at the prompt, worked out from the line alone (no libedit here, so it
/// is tested directly; Editline.swift hands the results to libedit).
///
/// The "word" being completed is what follows the last word-break character before the
/// cursor: the same characters libedit is given (`wordBreakCharacters`), so every
/// candidate replaces exactly the text libedit replaces.
///
/// - `:sa` at the start of a line: shell commands (`:save`).
/// - After `:plot `: the plot modes.
/// - After `:load `, `:save ` and `:export `: file paths (quoted or not), and after
///   `:load` a bare name also completes the sessions in `sessions/` (`:load dig` →
///   `digits`), since that is what a bare name means there (`SessionPath`).
/// - Inside a string literal: file paths (`load("Sou` → `Sources/`); inside an f-string's
///   `{…}` field, code as anywhere else.
/// - After `.`: method names (`x.me` → `mean`) and the tensor properties (`x.m` → `mT`).
/// - Inside a call's parentheses: the called function's parameter names with a colon
///   (`adam(m, l` → `lr:`), besides the global names.
/// - Otherwise: global names (builtins, stdlib, variables) and keywords.
enum Completion {
    /// Operators, brackets, separators and quotes end a word (`a+ma<Tab>` completes `ma`).
    /// `:` is not among them, so `:sa` is one word.
    static let wordBreakCharacters = " \t\n\"'`@$><=;|&{}()[]+-*/%^,!."

    /// The commands whose argument is a session name or path (`SessionPath`).
    static let pathCommands: Set<String> = [":load", ":save", ":export"]

    /// The language's keywords, offered with the global names.
    static let keywords = [
        "fn", "if", "else", "while", "for", "in", "return", "break",
        "continue", "true", "false", "none", "and", "or", "not",
    ]

    /// The completions of the word before `cursor`, each a replacement for that word,
    /// sorted and without duplicates.
    /// - Parameters:
    ///   - cursor: the cursor's position in `line`, in characters.
    ///   - globals: every global name (builtins, stdlib, user variables).
    ///   - parameters: the parameter names of the function with that name (empty if none).
    ///   - commands: the shell commands, with their colon (`:save`).
    ///   - sessionsFolder: where `:load NAME` looks for `NAME.sprout`; nil for nowhere.
    static func candidates(
        line: String, cursor: Int, globals: [String],
        parameters: (String) -> [String], commands: [String],
        sessionsFolder: String? = nil, members: (String) -> [String] = { _ in [] }
    ) -> [String] {
        let before = Array(line.prefix(max(0, cursor)))
        let wordStart = before.lastIndex(where: { wordBreakCharacters.contains($0) }).map { $0 + 1 } ?? 0
        let word = String(before[wordStart...])

        // A shell command: the line so far is `:name` (possibly indented).
        let trimmed = String(before).drop(while: { $0 == " " || $0 == "\t" })
        if trimmed.hasPrefix(":") {
            guard let space = trimmed.firstIndex(of: " ") else { return unique(commands.filter { $0.hasPrefix(trimmed) }) }
            let command = String(trimmed[..<space])
            if command == ":plot" { return PlotMode.words.filter { $0.hasPrefix(word) } }
            guard pathCommands.contains(command) else { return [] }
            let typed = CommandWords.lastWord(of: String(trimmed[space...]))
            guard !typed.hasPrefix("-"), typed.hasSuffix(word) else { return [] }
            var found = paths(matching: typed)
            if command == ":load", let sessionsFolder, SessionPath.isBareName(typed) {
                found += SessionPath.names(in: sessionsFolder, startingWith: typed)
            }
            return unique(found.map { String($0.dropFirst(typed.count - word.count)) })
        }

        // Inside a string literal: file paths (but an f-string's `{…}` field is code).
        if let quote = openQuote(in: before), !isInFormatField(before, quote: quote) {
            let typed = String(before[(quote + 1)...])
            let dropped = typed.count - word.count
            return unique(paths(matching: typed).map { String($0.dropFirst(dropped)) })
        }

        // A number's fraction (`1.5`) or not an identifier: nothing to offer.
        if let first = word.first, first.isNumber { return [] }
        guard word.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return [] }

        // After a dot: an object's members (when a variable holds one), method names (the
        // builtins that take the value first) and tensor properties.
        if wordStart > 0 && before[wordStart - 1] == "." {
            let own = receiverName(before[..<(wordStart - 1)]).map(members) ?? []
            return unique((own + globals + TensorProperty.names).filter { $0.hasPrefix(word) })
        }

        var found = (globals + keywords).filter { $0.hasPrefix(word) }
        if let function = calledFunction(in: Array(before[..<wordStart])) {
            found += parameters(function).map { $0 + ":" }.filter { $0.hasPrefix(word) }
        }
        return unique(found)
    }

    /// The variable just before a dot (`ds` in `ds.la`), or nil when what precedes the
    /// dot is not a plain variable (`f(x).`, `1.`, `h.g.`).
    static func receiverName(_ text: ArraySlice<Character>) -> String? {
        let name = String(text.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" }.reversed())
        guard let first = name.first, !first.isNumber else { return nil }
        let start = text.endIndex - name.count
        if start > text.startIndex, text[start - 1] == "." { return nil }  // `h.g.`: a member's member
        return name
    }

    /// The index of the quote (`"` or `'`) that opens a string still open at the end of
    /// `text`, if any.
    static func openQuote(in text: [Character]) -> Int? {
        var open: (index: Int, quote: Character)?
        var escaped = false
        for (i, c) in text.enumerated() {
            if escaped { escaped = false; continue }
            if let current = open {
                if c == "\\" { escaped = true } else if c == current.quote { open = nil }
            } else if c == "\"" || c == "'" {
                open = (i, c)
            } else if c == "#" {
                break  // a comment: nothing after it is code
            }
        }
        return open?.index
    }

    /// Whether the string opened at `quote` is an f-string (`f"`, the `f` not the end of
    /// a longer name) whose last `{` field is still open at the end of `text`.
    static func isInFormatField(_ text: [Character], quote: Int) -> Bool {
        guard quote > 0, text[quote - 1] == "f" else { return false }
        if quote > 1, text[quote - 2].isLetter || text[quote - 2].isNumber || text[quote - 2] == "_" { return false }
        var depth = 0
        var i = quote + 1
        while i < text.count {
            if depth == 0, text[i] == "{", i + 1 < text.count, text[i + 1] == "{" {
                i += 2
                continue
            }
            if text[i] == "{" { depth += 1 } else if text[i] == "}", depth > 0 { depth -= 1 }
            i += 1
        }
        return depth > 0
    }

    /// The name before the innermost `(` still open at the end of `text`, if it is a call.
    static func calledFunction(in text: [Character]) -> String? {
        var depth = 0
        var i = text.count - 1
        while i >= 0 {
            switch text[i] {
            case ")", "]", "}": depth += 1
            case "[", "{":
                if depth == 0 { return nil }
                depth -= 1
            case "(":
                if depth == 0 {
                    var j = i - 1
                    while j >= 0 && text[j] == " " { j -= 1 }
                    var k = j
                    while k >= 0 && (text[k].isLetter || text[k].isNumber || text[k] == "_") { k -= 1 }
                    guard k < j else { return nil }
                    let name = String(text[(k + 1)...j])
                    return name.first?.isNumber == true ? nil : name
                }
                depth -= 1
            default: break
            }
            i -= 1
        }
        return nil
    }

    /// The paths that begin with `typed`, relative as typed (`~/` expanded only to look);
    /// folders end in `/`. Hidden files only when the typed name starts with a dot.
    static func paths(
        matching typed: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let folderPart = slash.map { String(typed[...$0]) } ?? ""
        let namePart = slash.map { String(typed[typed.index(after: $0)...]) } ?? typed
        var folder = folderPart.isEmpty ? "." : folderPart
        folder = UserPath.expanded(folder, environment: environment)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        return names.filter { $0.hasPrefix(namePart) && (namePart.hasPrefix(".") || !$0.hasPrefix(".")) }
            .map { name in
                var isFolder: ObjCBool = false
                let full = (folder as NSString).appendingPathComponent(name)
                _ = FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
                return folderPart + name + (isFolder.boolValue ? "/" : "")
            }
    }

    private static func unique(_ names: [String]) -> [String] {
        Array(Set(names)).sorted()
    }
}

extension REPL {
    /// What Tab needs from the session: global names, parameter names and commands.
    func completionCandidates(line: String, cursor: Int) -> [String] {
        let interpreter = self.interpreter
        return Completion.candidates(
            line: line, cursor: cursor,
            globals: interpreter.globalNames.filter { $0 != "_" },
            parameters: { name in
                guard case let .function(f)? = interpreter.value(named: name) else { return [] }
                return f.signature.parameters.filter { !$0.isVariadic }.map(\.name)
            },
            commands: commands.keys.map { ":" + $0 },
            sessionsFolder: sessionsFolder,
            members: { name in
                guard case let .object(o)? = interpreter.value(named: name) else { return [] }
                return o.memberNames
            })
    }
}
