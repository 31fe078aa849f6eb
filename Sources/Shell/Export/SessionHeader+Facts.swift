import Foundation
import Lang

/// One thing a saved session's header records (when it was saved, its seed, the versions
/// it ran on), as an export shows it at the top of a page.
struct HeaderFact: Equatable {
    /// A short name, for a table's row (`seed`).
    var label: String
    /// The value alone (`42`).
    var value: String
    /// Label and value as a phrase in a line of them (`seed 42`).
    var phrase: String
}

extension SessionHeader {
    /// What the header records, in the order the session file writes it. HTML shows these
    /// as a small table and Markdown as one line, so a fact added here (a data file's
    /// size and checksum) appears in both.
    var facts: [HeaderFact] {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        let saved = formatter.string(from: date)
        let blas = blasThreads.map { "\(blasVersion), \(counted($0, "thread"))" } ?? blasVersion
        var facts = [
            HeaderFact(label: "saved", value: saved, phrase: "Saved \(saved)"),
            HeaderFact(label: "seed", value: "\(seed)", phrase: "seed \(seed)"),
            HeaderFact(label: "Sprout", value: sproutVersion, phrase: "Sprout \(sproutVersion)"),
            HeaderFact(label: "BLAS", value: blas, phrase: blas),
        ]
        for file in dataFiles ?? [] {
            let value = "\(file.label), \(ValueFormatter.groupedThousands(file.size)) bytes, SHA-256 \(file.sha256)"
            facts.append(HeaderFact(label: "data", value: value, phrase: "data \(value)"))
        }
        return facts
    }
}
