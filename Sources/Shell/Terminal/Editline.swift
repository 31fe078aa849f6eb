@preconcurrency import CEditline
import Foundation

/// The terminal's line reader, over libedit's readline-compatible API. This is the only
/// Swift file that calls libedit (the C side is Sources/CEditline/shim.h).
///
/// - Editing and history as in any readline shell; history is read from
///   `historyPath` at start and each entry appended to it as it is made (`HistoryFile`),
///   so it survives a crash and shells open at once keep each other's entries; at most
///   `historyLimit` entries are loaded.
/// - Ctrl-C at the prompt gives `.interrupt`: the `Interrupts` handler (installed without
///   SA_RESTART) makes `readline` return NULL with `Interrupts.wasPressed` set. Ctrl-D on
///   an empty line gives `.end`.
/// - Tab asks `complete` (line, cursor in characters) for replacements of the word
///   before the cursor, split at `Completion.wordBreakCharacters`.
final class LibeditLineReader: LineReader {
    static let historyLimit: Int32 = 10_000

    /// Where history is kept; nil for none.
    let historyPath: String?
    /// Where the prompt and the typed line are shown (`echoDescriptor`); the shell's
    /// banner goes there too, so a log of standard output holds only what cells show.
    let echo: FileHandle

    /// `$SPROUT_STATE_DIR/history`, else `$XDG_STATE_HOME/sprout/history`, else
    /// `~/.local/state/sprout/history` (beside the journal).
    static var defaultHistoryPath: String {
        Journal.defaultFolder + "/history"
    }

    /// Sets up libedit (locale, completion, history). Only one reader may exist: libedit's
    /// state and the completion callback are process-wide.
    /// - Parameter complete: the completions for a line and a cursor (in characters).
    init(
        historyPath: String? = LibeditLineReader.defaultHistoryPath,
        complete: @escaping (String, Int) -> [String]
    ) {
        self.historyPath = historyPath
        // Without a UTF-8 LC_CTYPE libedit silently drops non-ASCII input.
        let current = setlocale(LC_CTYPE, "").map { String(cString: $0) } ?? "C"
        if current == "C" || current == "POSIX" { setlocale(LC_CTYPE, "C.UTF-8") }
        completer = complete
        let descriptor = Self.echoDescriptor()
        echo = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        if descriptor != STDOUT_FILENO, let stream = fdopen(descriptor, "w") { sprout_rl_set_output(stream) }
        rl_initialize()
        using_history()
        stifle_history(Self.historyLimit)
        sprout_rl_configure(attemptCompletion, strdup(Completion.wordBreakCharacters))
        if let historyPath {
            try? FileManager.default.createDirectory(
                atPath: (historyPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            for entry in HistoryFile.read(historyPath, limit: Int(Self.historyLimit)) {
                _ = add_history(entry)
            }
        }
    }

    /// Standard output when it is a terminal; else standard error when that is one
    /// (`sprout | tee log`); else the terminal itself (`sprout > log 2>&1`). libedit
    /// gives up editing, and even the prompt, on an output that is not a terminal.
    private static func echoDescriptor() -> Int32 {
        if isatty(STDOUT_FILENO) != 0 { return STDOUT_FILENO }
        if isatty(STDERR_FILENO) != 0 { return STDERR_FILENO }
        let terminal = open("/dev/tty", O_WRONLY | O_CLOEXEC)
        return terminal >= 0 ? terminal : STDOUT_FILENO
    }

    func readLine(prompt: String) -> LineInput {
        fflush(nil)
        Interrupts.clear()
        guard let line = readline(prompt) else {
            if Interrupts.wasPressed {
                Interrupts.clear()
                echo.write(Data("\n".utf8))
                return .interrupt
            }
            echo.write(Data("\n".utf8))
            return .end
        }
        defer { free(line) }
        return .line(String(cString: line))
    }

    func addHistory(_ entry: String) {
        _ = add_history(entry)
        if let historyPath { HistoryFile.append(entry, to: historyPath) }
    }
}

// MARK: - Completion callbacks

// libedit calls plain C functions, which cannot capture: they reach the reader's
// completer and the matches being handed out through these globals. They are only
// touched on the main thread, inside `init` and inside `readline` (which calls the
// callbacks synchronously), hence `nonisolated(unsafe)`; nothing else in the program
// uses them.

/// The completion function given to `init`.
nonisolated(unsafe) private var completer: (String, Int) -> [String] = { _, _ in [] }
/// The matches of the current Tab press, handed out one by one by `nextMatch`.
nonisolated(unsafe) private var pendingMatches: [String] = []
nonisolated(unsafe) private var pendingIndex = 0

/// `rl_attempted_completion_function`: computes the matches for the word `text`, which
/// ends at `end` (in characters) in the line, and lets libedit collect them.
private func attemptCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    sprout_rl_completion_over()  // no fallback to libedit's filename completion
    guard let text, let buffer = sprout_rl_line_buffer() else { return nil }
    let line = String(cString: buffer)
    let cursor = String(String.UnicodeScalarView(line.unicodeScalars.prefix(Int(end)))).count
    pendingMatches = completer(line, cursor)
    pendingIndex = 0
    guard !pendingMatches.isEmpty else { return nil }
    return rl_completion_matches(text, nextMatch)
}

/// `rl_compentry_func_t`: the next match as a malloc'ed string (libedit frees it), NULL
/// after the last; `state` 0 starts again.
private func nextMatch(_ text: UnsafePointer<CChar>?, _ state: Int32) -> UnsafeMutablePointer<CChar>? {
    if state == 0 { pendingIndex = 0 }
    guard pendingIndex < pendingMatches.count else { return nil }
    defer { pendingIndex += 1 }
    return strdup(pendingMatches[pendingIndex])
}
