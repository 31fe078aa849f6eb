/// Why a command's words could not be read.
enum CommandWordsError: Error, Equatable, CustomStringConvertible {
    /// A `"` or `'` opened a word and the line ended first.
    case unclosedQuote(Character)

    var description: String {
        switch self {
        case let .unclosedQuote(quote): "a quote \(quote) is not closed"
        }
    }
}

/// The words after a shell command's name, as a shell reads them: separated by spaces,
/// and a word in `"…"` or `'…'` keeps its spaces (`:save "my runs/first try"`). No
/// escapes inside quotes: a path with both kinds of quote is rare enough to go without,
/// and a backslash then means itself, as a user typing a path expects.
enum CommandWords {
    /// - Throws: `CommandWordsError.unclosedQuote` when a quoted word does not end.
    static func split(_ text: String) throws(CommandWordsError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for character in text {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                inWord = true
            } else if character == " " || character == "\t" {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if let open = quote { throw .unclosedQuote(open) }
        if inWord { words.append(current) }
        return words
    }

    /// Where the last word of `text` starts, as Tab completes it: after an open quote, or
    /// after the last space outside quotes. The returned text is what that word holds so
    /// far (without its quote).
    static func lastWord(of text: String) -> String {
        var start = text.startIndex
        var quote: Character?
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
                start = next
            } else if character == " " || character == "\t" {
                start = next
            }
            index = next
        }
        return String(text[start...])
    }
}
