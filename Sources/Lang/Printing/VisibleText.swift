/// Text from a user (source lines, file names, messages quoting what was typed) on its
/// way to a terminal. A control character there is a command, not a letter: `ESC ] 0 ;`
/// sets the window title, `ESC [ 2 J` clears the screen, and C1 controls such as U+009B
/// (CSI) act alone on some terminals. Each is shown as its escape, `\u{1b}`, the way a
/// string value shows it, so what a user reads is what the text holds.
public enum VisibleText {
    /// C0 controls (below U+0020), DEL and the C1 controls (U+0080 to U+009F).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `\u{1b}`: how a control character is written in Sprout source.
    public static func escape(_ scalar: Unicode.Scalar) -> String {
        "\\u{" + String(scalar.value, radix: 16) + "}"
    }

    /// `text` with every control character but line breaks and tabs shown escaped.
    public static func escaping(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) && scalar != "\n" && scalar != "\t" {
                out += escape(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
