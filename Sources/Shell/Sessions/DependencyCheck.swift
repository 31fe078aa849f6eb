import Engine
import Foundation
import Lang

/// What `sprout run --check` says about a saved session's dependencies (its header,
/// `SessionHeader`) before any output diff, one line each, on standard error like the
/// diffs:
///
/// - a data file whose size or SHA-256 is not the recorded one ("digits.csv (bundled)
///   changed since this session was saved: …"), or that is missing, always, first,
///   even when every output still matches: the session then checks other data than it
///   was saved with;
/// - a different Sprout version, BLAS build or BLAS thread count only when some cell's
///   output differs, as its likely cause: alone they change nothing worth a line.
///
/// The data files are compared with what the replay itself loaded (so nothing is read
/// twice); a recorded file the replay did not load (its cell failed first) is looked for
/// where `load` would look, and hashed there.
enum DependencyCheck {
    /// One line per recorded data file that changed, is missing or cannot be read; none
    /// for a header that lists no data files (an older one did not say).
    /// - Parameters:
    ///   - replayed: the data files the replay loaded, with their hashes.
    ///   - locate: where `load` would find a recorded path now (`Interpreter.dataFilePath`).
    static func dataFileLines(
        header: SessionHeader, replayed: [DataFile], locate: (String) -> (path: String, isBundled: Bool)
    ) -> [String] {
        (header.dataFiles ?? []).compactMap { recorded in
            let now: (size: Int, sha256: String)
            if let file = replayed.last(where: { $0.given == recorded.path && $0.isBundled == recorded.isBundled }) {
                now = (file.size, file.sha256)
            } else {
                let location = locate(recorded.path)
                guard !recorded.isBundled || location.isBundled, access(location.path, F_OK) == 0 else {
                    return "\(recorded.label) is missing: the replay cannot load what this session loaded"
                }
                do throws(FileHashError) {
                    let (size, digest) = try SHA256.file(at: location.path)
                    now = (size, digest.hex)
                } catch let .unreadable(refusal) {
                    return "\(recorded.label) cannot be read (\(refusal.reason)); it is a data file this session loaded"
                } catch {
                    return nil  // Ctrl-C: the check is stopping anyway
                }
            }
            return changeLine(recorded, now: now)
        }
    }

    /// "digits.csv (bundled) changed since this session was saved: 271,372 bytes then,
    /// 271,380 now" (or the hashes' first digits when the size is the same); nil when it
    /// did not change.
    private static func changeLine(_ recorded: SessionHeader.DataFileEntry, now: (size: Int, sha256: String)) -> String? {
        guard recorded.size != now.size || recorded.sha256 != now.sha256 else { return nil }
        let detail =
            recorded.size != now.size
            ? "\(ValueFormatter.groupedThousands(recorded.size)) bytes then, \(ValueFormatter.groupedThousands(now.size)) now"
            : "same size, sha256 \(recorded.sha256.prefix(12))… then, \(now.sha256.prefix(12))… now"
        return "\(recorded.label) changed since this session was saved (\(detail))"
    }

    /// One line for each of Sprout's version, the BLAS build and the BLAS thread count
    /// that differs between the header and this replay, with what each was and is.
    static func environmentLines(header: SessionHeader, now: SessionHeader) -> [String] {
        var lines: [String] = []
        let cause = ", a likely cause of the differences below"
        if header.sproutVersion != now.sproutVersion {
            lines.append("saved with Sprout \(header.sproutVersion), replayed with Sprout \(now.sproutVersion)\(cause)")
        }
        if !blasMatches(header, now) {
            lines.append("saved with \(header.blasVersion), replayed with \(now.blasVersion)\(cause)")
        }
        if let saved = header.blasThreads, let replayed = now.blasThreads, saved != replayed {
            lines.append("saved with BLAS on \(counted(saved, "thread")), replayed on \(counted(replayed, "thread"))\(cause)")
        }
        return lines
    }

    /// Whether two headers name the same BLAS build. A header from before the thread
    /// count was recorded did not say whether the build was DYNAMIC_ARCH either, so for
    /// it only the version and kernels are compared.
    private static func blasMatches(_ header: SessionHeader, _ now: SessionHeader) -> Bool {
        if header.blasVersion == now.blasVersion { return true }
        guard header.blasThreads == nil else { return false }
        return header.blasVersion == now.blasVersion.replacingOccurrences(of: ", DYNAMIC_ARCH)", with: ")")
    }
}
