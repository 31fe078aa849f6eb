import Foundation
import Glibc

/// The gnuplot version the shell's banner names (`gnuplot 5.4.4`), learnt cheaply.
///
/// Asking gnuplot costs a process start (~20 ms), more than the rest of start-up, so the
/// answer is kept in the state folder (beside the journal) with the executable's path,
/// size and modification time: later starts only look gnuplot up on the PATH and stat
/// it. When the cache does not match (first start, gnuplot upgraded), the persistent
/// process the first plot needs anyway is started and asked, and handed on to the
/// `PlotDisplay`, so no start is wasted. Scripts and `sprout -e` never ask.
enum GnuplotVersion {
    /// "gnuplot 5.4.4", or nil when there is no gnuplot.
    /// - Parameters:
    ///   - stateFolder: where the cache file is kept.
    ///   - display: given the started process on a cache miss.
    static func banner(stateFolder: String, environment: [String: String], display: PlotDisplay) -> String? {
        guard let path = executablePath(environment: environment) else { return nil }
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        let key = "\(path) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
        let cache = stateFolder + "/gnuplot-version"
        if let text = try? String(contentsOfFile: cache, encoding: .utf8) {
            let lines = text.split(separator: "\n").map(String.init)
            if lines.count == 2, lines[0] == key { return "gnuplot " + lines[1] }
        }
        guard let version = display.askVersion() else { return nil }
        try? FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        try? "\(key)\n\(version)\n".write(toFile: cache, atomically: true, encoding: .utf8)
        return "gnuplot " + version
    }

    /// The first executable `gnuplot` on the PATH.
    static func executablePath(environment: [String: String]) -> String? {
        let folders = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/gnuplot" }.first { access($0, X_OK) == 0 }
    }
}

extension PlotDisplay {
    /// Starts gnuplot if needed and asks its version (`5.4.4`); nil when it cannot be had.
    func askVersion() -> String? {
        guard let output = try? gnuplot("set print '-'\nprint sprintf('%.1f.%s', GPVAL_VERSION, GPVAL_PATCHLEVEL)") else { return nil }
        let version = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return version.isEmpty ? nil : version
    }
}
