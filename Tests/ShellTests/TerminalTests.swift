import Foundation
import Testing

/// The `tmux` executable, if installed.
private let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// The repository root (Sprout's home, with stdlib/), from this file's path.
private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// The built `sprout`, beside the test bundle.
private let sproutPath = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    .deletingLastPathComponent().appendingPathComponent("sprout").path

/// `sprout` in a real pseudo-terminal: a tmux session on its own server socket, so the
/// user's tmux is never touched. State (history, journal) goes to `stateDirectory`.
private final class TerminalSession {
    let socket = "sprout-tests-\(getpid())-\(UUID().uuidString.prefix(8))"
    let stateDirectory: String
    /// The shell command run in the window, given the one that starts sprout.
    let wrapping: (String) -> String

    init(stateDirectory: String, wrapping: @escaping (String) -> String = { $0 }) throws {
        self.stateDirectory = stateDirectory
        self.wrapping = wrapping
        try start()
    }

    /// Starts (or restarts, after the previous run quit) sprout in a 120×40 window.
    func start() throws {
        let command = wrapping("env SPROUT_STATE_DIR='\(stateDirectory)' SPROUT_HOME='\(repositoryRoot)' NO_COLOR=1 '\(sproutPath)'")
        // Right after the last session ended, the old server may still be shutting down and
        // refuse the new session: try again for a while.
        let deadline = Date().addingTimeInterval(10)
        let newSession = {
            try self.tmux(["new-session", "-d", "-s", "main", "-x", "120", "-y", "40", "-c", repositoryRoot, command], capturing: true)
        }
        var attempt = try newSession()
        while attempt.status != 0 && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            attempt = try newSession()
        }
        #expect(attempt.status == 0, "tmux new-session failed: \(attempt.output)")
    }

    /// Runs a tmux command with posix_spawn and waitpid (Foundation's `Process` never
    /// sees the client exit once `new-session` has forked the server); its output (and
    /// error messages), when `capturing`, goes through a temporary file.
    @discardableResult
    func tmux(_ arguments: [String], capturing: Bool = false) throws -> (status: Int32, output: String) {
        let outputPath = capturing ? NSTemporaryDirectory() + "sprout-tmux-\(UUID().uuidString)" : "/dev/null"
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if capturing {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)  // tmux's complaints too
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([tmuxPath!, "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // A clean signal mask and default handlers: the test runner's threads block
        // signals, and tmux's server (so sprout) would inherit that.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigfillset(&defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        guard posix_spawn(&pid, tmuxPath!, &actions, &attributes, argv, environ) == 0 else {
            throw CocoaError(.executableLoad)
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        var output = ""
        if capturing {
            output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: outputPath)
        }
        return ((status >> 8) & 0xff, output)
    }

    /// Kills sprout with SIGKILL (nothing of its own runs) and waits until it is gone.
    /// The process id of the running sprout (the window's command execs it).
    func sproutPid() throws -> pid_t {
        let pid = try tmux(["list-panes", "-t", "main", "-F", "#{pane_pid}"], capturing: true).output
        return try #require(pid_t(pid.trimmingCharacters(in: .whitespacesAndNewlines)))
    }

    func killSprout() throws {
        #expect(Foundation.kill(try sproutPid(), SIGKILL) == 0)
        #expect(try waitForExit())
    }

    /// Types keys (`send-keys` names: "Enter", "C-c", "Up", or literal text).
    func send(_ keys: String...) throws {
        try tmux(["send-keys", "-t", "main"] + keys)
    }

    /// What the window shows.
    func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", "main"], capturing: true).output
    }

    /// Polls the window until `text` appears (up to `seconds`); returns the last screen.
    @discardableResult
    func waitFor(_ text: String, seconds: Double = 5) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var shown = try screen()
        while !shown.contains(text) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.1)
            shown = try screen()
        }
        return shown
    }

    /// Polls until the last line on screen is `prompt` with nothing typed after it (a
    /// Ctrl-C at the prompt has been handled), so keys sent next reach the new line.
    func waitForEmptyPrompt(_ prompt: String, seconds: Double = 5, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let deadline = Date().addingTimeInterval(seconds)
        func lastLine(_ screen: String) -> Substring? {
            screen.split(separator: "\n").last { !$0.allSatisfy(\.isWhitespace) }
        }
        var shown = try screen()
        while lastLine(shown)?.trimmingCharacters(in: .whitespaces) != prompt && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            shown = try screen()
        }
        #expect(lastLine(shown)?.trimmingCharacters(in: .whitespaces) == prompt, "\(shown)", sourceLocation: sourceLocation)
    }

    /// Polls until the session has ended (sprout quit), up to `seconds`.
    func waitForExit(seconds: Double = 5) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try tmux(["has-session", "-t", "main"]).status != 0 { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// Waits for `text` on the screen and records a test issue, with the screen, if it
    /// never appears.
    @discardableResult
    func expectShown(_ text: String, seconds: Double = 5, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let shown = try waitFor(text, seconds: seconds)
        #expect(shown.contains(text), "\(shown)", sourceLocation: sourceLocation)
        return shown
    }

    /// Types `typed` and Tab at `prompt`, expects the line to read `completed`, then
    /// clears it with Ctrl-C and waits for the empty prompt again.
    func expectCompletion(
        _ typed: String, shows completed: String, at prompt: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try send(typed, "Tab")
        try expectShown("\(prompt) \(completed)", sourceLocation: sourceLocation)
        try send("C-c")
        try waitForEmptyPrompt(prompt, sourceLocation: sourceLocation)
    }

    /// A session in a fresh state folder, shown its first prompt; `close()` removes both.
    static func started(wrapping: @escaping (String) -> String = { $0 }) throws -> TerminalSession {
        let terminal = try TerminalSession(stateDirectory: try makeTemporaryFolder(), wrapping: wrapping)
        try terminal.expectShown("[1]>", seconds: 15)
        return terminal
    }

    func close() {
        kill()
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }

    func kill() {
        _ = try? tmux(["kill-server"])
        // kill-server can leave the socket file behind.
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"] ?? "/tmp"
        try? FileManager.default.removeItem(atPath: "\(folder)/tmux-\(getuid())/\(socket)")
    }
}

/// Under CI (`.ci/run` sets CI) the terminal tests must run: `make test` installs tmux, so a
/// missing tmux there is a broken set-up, not a reason to skip them quietly.
@Suite("tmux for the terminal tests")
struct TerminalTestsAvailability {
    @Test func tmuxIsInstalledUnderCI() {
        let underCI = ProcessInfo.processInfo.environment["CI"].map { !$0.isEmpty && $0 != "false" } ?? false
        #expect(!underCI || tmuxPath != nil, "tmux is missing under CI: `make test` installs it (TEST_PACKAGES)")
    }
}

@Suite("The shell in a real terminal (tmux)", .serialized, .enabled(if: tmuxPath != nil, "tmux is not installed"))
struct TerminalTests {
    @Test func multiLineFunctionThenACall() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("fn double(a) {", "Enter")
        try terminal.expectShown("...>")
        try terminal.send("a * 2", "Enter")
        try terminal.send("}", "Enter")
        try terminal.expectShown("[2]>")
        try terminal.send("double(21)", "Enter")
        try terminal.expectShown("[2]> double(21)\n42\n")
    }

    /// After an `if` closed by `}`, the prompt waits for a possible `else`.
    @Test func elseOnItsOwnLineContinuesTheIf() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("if true {", "Enter", "v = 1", "Enter", "}", "Enter")
        try terminal.expectShown("...> }\n...>")
        try terminal.send("else {", "Enter", "v = 2", "Enter", "}", "Enter", "Enter")
        try terminal.expectShown("[2]>")
        try terminal.send("v", "Enter")
        try terminal.expectShown("[2]> v\n1\n")
    }

    /// `sprout | tee log`: standard input is a terminal, so it is a session with prompts.
    @Test func aPromptWhenOnlyOutputIsPiped() throws {
        let terminal = try TerminalSession.started { "\($0) | cat" }
        defer { terminal.close() }
        try terminal.send("6 * 7", "Enter")
        try terminal.expectShown("42")
        try terminal.expectShown("[2]>")
        // Typed lines: a one-line if runs at once, as with the output at the terminal.
        try terminal.send("if true { 5 }", "Enter")
        try terminal.expectShown("[3]>")
    }

    /// `sprout > log 2>&1`: neither output is a terminal, but standard input is, so the
    /// prompt and the typed line still show (on the terminal itself), the output goes to the log.
    @Test func aPromptWhenBothOutputsAreRedirected() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let terminal = try TerminalSession.started { "\($0) > '\(folder)/log' 2>&1" }
        defer { terminal.close() }
        try terminal.send("6 * 7", "Enter")
        try terminal.expectShown("[2]>")
        #expect(try String(contentsOfFile: folder + "/log", encoding: .utf8) == "42\n")
    }

    /// fit at a terminal: a live bar (with steps/s) while it runs; Ctrl-C stops it at a
    /// step boundary, erases the bar, says where, and the run is still assigned.
    @Test func fitShowsALiveBarAndCtrlCKeepsTheRun() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("m = mlp([4, 8, 3]); opt = adam(m); x = randn(200000, 4); y = randint(3, [200000])", "Enter")
        try terminal.waitFor("[2]>")
        try terminal.send("run = fit(m, {x: x, y: y}, opt, batch: 1)", "Enter")
        _ = try terminal.waitFor("steps/s", seconds: 15)
        try terminal.send("C-c")
        let screen = try terminal.waitFor("[3]>", seconds: 15)
        #expect(screen.contains("stopped at epoch 1, step "), "\(screen)")
        #expect(!screen.contains("steps/s"), "\(screen)")
        try terminal.send("run.stopped", "Enter")
        try terminal.expectShown("[3]> run.stopped\ntrue\n")
    }

    @Test func ctrlCStopsARunningCellAndKeepsVariables() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("x = 5", "Enter")
        try terminal.waitFor("[2]>")
        try terminal.send("while true {}", "Enter")
        Thread.sleep(forTimeInterval: 0.5)
        try terminal.send("C-c")
        let screen = try terminal.waitFor("[3]>")
        #expect(screen.contains("stopped (Ctrl-C)"), "\(screen)")
        // The terminal's "^C" echo and the message are on lines of their own.
        #expect(!screen.split(separator: "\n").contains { $0.contains("^C") && $0.contains("stopped") }, "\(screen)")
        try terminal.send("x", "Enter")
        try terminal.expectShown("[3]> x\n5\n")
        // Ctrl-C at the prompt drops the line and the shell goes on.
        try terminal.send("y = ", "C-c")
        try terminal.send("x + 1", "Enter")
        try terminal.expectShown("[4]> x + 1\n6\n")
    }

    /// The kernel may hand a Ctrl-C to any thread of sprout that does not block it (an
    /// OpenBLAS worker, say); the line at the prompt must be cleared all the same.
    @Test func ctrlCLandingOnAnotherThreadStillClearsTheLine() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("abandoned = 1")
        try terminal.expectShown("[1]> abandoned = 1")
        let pid = try terminal.sproutPid()
        let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").compactMap { pid_t($0) }
        let other = try #require(threads.first { $0 != pid }, "sprout runs one thread only: \(threads)")
        // tgkill (syscall 234 on x86-64) sends SIGINT (2) to that one thread.
        let python = "import ctypes; ctypes.CDLL(None).syscall(234, \(pid), \(other), 2)"
        #expect(try terminal.tmux(["run-shell", "python3 -c '\(python)'"], capturing: true).status == 0)
        try terminal.waitForEmptyPrompt("[1]>")
        try terminal.send("abandoned", "Enter")
        try terminal.expectShown("'abandoned' is not defined")
    }

    @Test func ctrlCStopsALoadAtTheRunningCell() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        let script = terminal.stateDirectory + "/spin.sprout"
        try "before = 1\nwhile true {}\nafter = 2\n".write(toFile: script, atomically: true, encoding: .utf8)
        try terminal.send(":load \(script)", "Enter")
        Thread.sleep(forTimeInterval: 0.5)
        try terminal.send("C-c")
        try terminal.expectShown("\(script): stopped (Ctrl-C) at line 2; 1 cell before it ran")
        try terminal.send("[before, kind(after)]", "Enter")
        try terminal.expectShown("error: 'after' is not defined")
        try terminal.send("before", "Enter")
        try terminal.expectShown("[4]> before\n1\n")
    }

    @Test func tabCompletesNamesMethodsAndCommands() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("learning_rate = 0.5", "Enter")
        try terminal.waitFor("[2]>")
        try terminal.send("learn", "Tab")
        try terminal.expectShown("[2]> learning_rate")
        try terminal.send(" * 2", "Enter")
        try terminal.expectShown("[2]> learning_rate * 2\n1\n")
        try terminal.send("t = ones([2])", "Enter")
        try terminal.waitFor("[4]>")
        try terminal.expectCompletion("t.resh", shows: "t.reshape", at: "[4]>")
        try terminal.expectCompletion(":hist", shows: ":history", at: "[4]>")
        // Named arguments of the function being called, and paths inside a string (the
        // shell runs in the repository, which has sessions/).
        try terminal.expectCompletion("sgd(seq(), mom", shows: "sgd(seq(), momentum:", at: "[4]>")
        try terminal.send("p = \"sessi", "Tab")
        try terminal.expectShown("[4]> p = \"sessions/")
    }

    /// Tab after `:load` completes a session name from sessions/ (and paths); the loaded
    /// cells show as typed: number, input, continuation lines, output.
    @Test func tabCompletesASessionNameAfterLoadAndTheReplayShowsEachCell() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("1", "Enter")
        try terminal.waitFor("[2]>")
        try terminal.expectCompletion(":load repl", shows: ":load replay", at: "[2]>")
        try terminal.send(":load sessions/repl", "Tab")
        try terminal.expectShown("[2]> :load sessions/replay.sprout")
        try terminal.send("Enter")
        try terminal.expectShown("[3]> a * 7\n42\n[4]> if a > 5 {\n...>   size = \"big\"\n...> }\n")
        try terminal.expectShown("[6]> _3 + 1\n43\n")
        try terminal.waitForEmptyPrompt("[10]>")
    }

    /// kill -9 while a cell runs: the next start says so, :recover replays the finished
    /// cells and shows the one that was running (in the history, not run again).
    @Test func killDuringACellLosesNothingTyped() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("kept = 7 * 6", "Enter")
        try terminal.waitFor("[2]>")
        try terminal.send("while true { spin = 1 }", "Enter")
        Thread.sleep(forTimeInterval: 0.5)
        try terminal.killSprout()

        try terminal.start()
        try terminal.expectShown("ended without :quit (2 cells, the last one still running)", seconds: 15)
        try terminal.send(":recover", "Enter")
        try terminal.expectShown("cell [2] was still running")
        try terminal.expectShown("    while true { spin = 1 }")
        try terminal.send("kept", "Enter")
        try terminal.expectShown("[2]> kept\n42\n")
        // One key at a time, each once the line shows the last: under load two keys sent
        // together reached the line editor before it had drawn its prompt.
        try terminal.waitForEmptyPrompt("[3]>")
        try terminal.send("Up")
        try terminal.expectShown("[3]> kept")
        try terminal.send("Up")
        try terminal.expectShown("[3]> while true { spin = 1 }")
    }

    /// kill -9, restart, kill -9 again before typing anything: the first session is still
    /// offered at the next start (issue 8, item 8b).
    @Test func killedTwiceBeforeRecoveringLosesNothing() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("kept = 7 * 6", "Enter")
        try terminal.waitFor("[2]>")
        try terminal.killSprout()
        for _ in 0..<2 {
            try terminal.start()
            try terminal.expectShown("the last session ended without :quit (1 cell); :recover replays it", seconds: 15)
            try terminal.waitFor("[1]>")
            try terminal.killSprout()
        }
        try terminal.start()
        try terminal.expectShown("(1 cell); :recover replays it", seconds: 15)
        try terminal.send(":recover", "Enter")
        try terminal.expectShown("replaying 1 cell\n[1]> kept = 7 * 6\n")
        try terminal.send("kept", "Enter")
        try terminal.expectShown("[2]> kept\n42\n")
    }

    @Test func ctrlRSearchesTheHistoryAndCtrlDQuits() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("alpha_value = 11", "Enter")
        try terminal.send("alpha_value * 3", "Enter")
        try terminal.send("beta = 2", "Enter")
        try terminal.waitFor("[4]>")
        try terminal.send("C-r")
        try terminal.send("alpha_value *")
        try terminal.expectShown("[4]> alpha_value * 3")
        try terminal.send("Enter")
        try terminal.expectShown("[4]> alpha_value * 3\n33\n[5]>")
        try terminal.send("C-d")
        #expect(try terminal.waitForExit())
    }

    /// Two shells at once over the same state folder: neither takes the other for a
    /// crashed session, and the history keeps the entries of both.
    @Test func twoShellsAtOnceKeepTheirJournalsAndBothHistories() throws {
        let first = try TerminalSession.started()
        defer { first.close() }
        let second = try TerminalSession(stateDirectory: first.stateDirectory)
        defer { second.kill() }
        let screen = try second.expectShown("[1]>", seconds: 15)
        #expect(!screen.contains("ended without :quit"), "\(screen)")
        try first.send("from_first = 1", "Enter")
        try first.waitFor("[2]>")
        try second.send("from_second = 2", "Enter")
        try second.waitFor("[2]>")
        try first.send(":quit", "Enter")
        try second.send(":quit", "Enter")
        #expect(try first.waitForExit())
        #expect(try second.waitForExit())

        try first.start()
        let restarted = try first.expectShown("[1]>", seconds: 15)
        #expect(!restarted.contains("ended without :quit"), "\(restarted)")
        // Newest first: :quit, :quit, then each shell's entry.
        try first.send("Up", "Up", "Up")
        try first.expectShown("[1]> from_second = 2")
        try first.send("Up")
        try first.expectShown("[1]> from_first = 1")
    }

    @Test func historySurvivesARestart() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("remembered = 41 + 1", "Enter")
        try terminal.waitFor("[2]>")
        try terminal.send(":quit", "Enter")
        #expect(try terminal.waitForExit())

        try terminal.start()
        try terminal.expectShown("[1]>", seconds: 15)
        try terminal.send("Up")
        try terminal.expectShown("[1]> :quit")
        try terminal.send("Up")
        try terminal.expectShown("[1]> remembered = 41 + 1")
    }

    /// A dataset's table fits the terminal's width (120 here), not the 80 of recordings.
    @Test func aDatasetTableFitsTheTerminalsWidth() throws {
        let terminal = try TerminalSession.started()
        defer { terminal.close() }
        try terminal.send("d = dataset({" + (1...14).map { "column_\($0): [\($0)]" }.joined(separator: ", ") + "})", "Enter")
        try terminal.expectShown("[2]>")
        try terminal.send("d", "Enter")
        let screen = try terminal.expectShown("[3]>")
        let header = screen.split(separator: "\n").first { $0.hasPrefix("   column_1 ") }
        #expect(header.map { $0.count > 80 && $0.count <= 120 && $0.contains("…") } == true, "\(screen)")
    }
}

/// A crash of the Swift runtime at a terminal (issue 8, item 4): Swift's backtracer would
/// hold the terminal with "Press space to interact…" for 30 s; sprout starts it so that it
/// prints and exits. The crash is a SIGILL sent to sprout: what a Swift trap (`ud2`) raises,
/// so no crashing hook has to live in the shell itself.
@Suite("A crash at a terminal", .serialized, .enabled(if: tmuxPath != nil, "tmux is not installed"))
struct CrashAtATerminalTests {
    @Test func aCrashPrintsAndGivesTheTerminalBackWithTheJournalKept() throws {
        let terminal = try TerminalSession(stateDirectory: try makeTemporaryFolder()) {
            "\($0); echo \"[sprout exited: $?]\"; sleep 60"
        }
        defer { terminal.close() }
        try terminal.expectShown("[1]>", seconds: 15)
        try terminal.send("kept = 7 * 6", "Enter")
        try terminal.expectShown("[2]>")
        // The window runs a shell that waits for sprout (its only child; the re-executed
        // sprout keeps its process id).
        let shell = try terminal.tmux(["list-panes", "-t", "main", "-F", "#{pane_pid}"], capturing: true).output
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let sprout = try #require(children.split(separator: " ").first.flatMap { pid_t($0) }, "no child of \(shell)")
        #expect(Foundation.kill(sprout, SIGILL) == 0)
        // The backtracer symbolicates a debug build for a few seconds; waiting for a key
        // would take its full 30 s timeout.
        let screen = try terminal.waitFor("[sprout exited: ", seconds: 20)
        #expect(screen.contains("[sprout exited: "), "\(screen)")
        #expect(!screen.contains("Press space"), "\(screen)")
        // The crash message is at the top of the backtrace, above the window.
        let scrollback = try terminal.tmux(["capture-pane", "-p", "-S", "-", "-t", "main"], capturing: true).output
        #expect(scrollback.contains("Program crashed"), "\(scrollback)")
        // The cell before the crash is in the journal.
        let journal = try FileManager.default.subpathsOfDirectory(atPath: terminal.stateDirectory)
            .compactMap { try? String(contentsOfFile: terminal.stateDirectory + "/" + $0, encoding: .utf8) }
            .joined()
        #expect(journal.contains("kept = 7 * 6"))
    }
}
