import Foundation

/// A PNG shown inside the terminal by the terminal's own protocol, for terminals gnuplot
/// 5.4 has no driver for: kitty's graphics protocol, and iTerm2's OSC 1337 (which
/// WezTerm reads too). Both take the file base64-encoded in an escape sequence.
enum InlineImage {
    /// kitty: `ESC _G f=100,a=T,m=1 ; <chunk> ESC \`, the data in chunks of at most 4096
    /// base64 characters, `m=0` on the last (kitty's documented limit per escape).
    static func kitty(_ png: Data) -> String {
        let encoded = png.base64EncodedString()
        var chunks: [Substring] = []
        var rest = Substring(encoded)
        repeat {
            chunks.append(rest.prefix(4096))
            rest = rest.dropFirst(4096)
        } while !rest.isEmpty
        return chunks.enumerated().map { index, chunk in
            let more = index < chunks.count - 1 ? 1 : 0
            let keys = index == 0 ? "f=100,a=T,m=\(more)" : "m=\(more)"
            return "\u{1B}_G\(keys);\(chunk)\u{1B}\\"
        }.joined() + "\n"
    }

    /// iTerm2: `ESC ] 1337 ; File=inline=1;size=N;preserveAspectRatio=1 : <base64> BEL`.
    static func iterm(_ png: Data) -> String {
        "\u{1B}]1337;File=inline=1;size=\(png.count);preserveAspectRatio=1:\(png.base64EncodedString())\u{07}\n"
    }
}
