import Foundation
import Lang

/// A `# data:` line of a saved session's header, written and read back:
/// `digits.csv (bundled) · 271,372 bytes · sha256 <64 hex digits>`.
///
/// The fields are read from the right (the hash, then the size), so a path may hold
/// anything but what would make its line ambiguous; such a path is written as a Sprout
/// string literal (`"a · b.csv"`), escapes and all, and read back from it.
extension SessionHeader.DataFileEntry {
    /// The entry for a file an interpreter loaded.
    init(_ file: DataFile) {
        self.init(path: file.given, isBundled: file.isBundled, size: file.size, sha256: file.sha256)
    }

    static let separator = " · "
    static let bundledSuffix = ".csv (bundled)"

    /// The line's text after `# data: `.
    var headerText: String {
        let name = isBundled && !Self.needsQuotes(path) ? label : Self.needsQuotes(path) ? ValueFormatter.quoted(path) : path
        return [name, "\(ValueFormatter.groupedThousands(size)) bytes", "sha256 \(sha256)"].joined(separator: Self.separator)
    }

    /// Reads the text after `# data: `; nil when it is not `NAME · N bytes · sha256 HEX`.
    init?(headerText text: String) {
        let parts = text.components(separatedBy: Self.separator)
        guard parts.count >= 3 else { return nil }
        let hashField = parts[parts.count - 1].split(separator: " ")
        let sizeField = parts[parts.count - 2].split(separator: " ")
        guard hashField.count == 2, hashField[0] == "sha256", hashField[1].count == 64,
            hashField[1].allSatisfy({ $0.isHexDigit && !$0.isUppercase }),
            sizeField.count == 2, sizeField[1] == "bytes" || sizeField[1] == "byte",
            let size = Int(sizeField[0].filter { $0 != "," }), size >= 0
        else { return nil }
        let name = parts[..<(parts.count - 2)].joined(separator: Self.separator)
        if name.hasPrefix("\"") {
            guard let path = Self.unquoted(name) else { return nil }
            self.init(path: path, isBundled: false, size: size, sha256: String(hashField[1]))
        } else if name.hasSuffix(Self.bundledSuffix), name.count > Self.bundledSuffix.count {
            self.init(path: String(name.dropLast(Self.bundledSuffix.count)), isBundled: true, size: size, sha256: String(hashField[1]))
        } else {
            guard !name.isEmpty else { return nil }
            self.init(path: name, isBundled: false, size: size, sha256: String(hashField[1]))
        }
    }

    /// Whether a path written as it is would read back as something else.
    static func needsQuotes(_ path: String) -> Bool {
        path.isEmpty || path.hasPrefix("\"") || path.hasSuffix(" (bundled)") || path.contains(separator)
            || path.unicodeScalars.contains(where: VisibleText.isControl) || path != path.trimmingCharacters(in: .whitespaces)
    }

    /// The text of a string literal as `ValueFormatter.quoted` writes it (`\"`, `\\`,
    /// `\n`, `\t`, `\r`, `\u{1b}`); nil when it is not one.
    static func unquoted(_ literal: String) -> String? {
        var scalars = literal.unicodeScalars[...]
        guard scalars.popFirst() == "\"", scalars.popLast() == "\"" else { return nil }
        var out = String.UnicodeScalarView()
        while let scalar = scalars.popFirst() {
            guard scalar == "\\" else {
                if scalar == "\"" { return nil }
                out.append(scalar)
                continue
            }
            switch scalars.popFirst() {
            case "\""?: out.append("\"")
            case "\\"?: out.append("\\")
            case "n"?: out.append("\n")
            case "t"?: out.append("\t")
            case "r"?: out.append("\r")
            case "u"?:
                guard scalars.popFirst() == "{", let close = scalars.firstIndex(of: "}"),
                    let value = UInt32(String(String.UnicodeScalarView(scalars[..<close])), radix: 16),
                    let decoded = Unicode.Scalar(value)
                else { return nil }
                out.append(decoded)
                scalars = scalars[scalars.index(after: close)...]
            default: return nil
            }
        }
        return String(out)
    }
}
