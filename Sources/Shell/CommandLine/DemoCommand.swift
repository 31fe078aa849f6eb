import ArgumentParser

/// `sprout demo`: the main job `make demo` runs. It replays the bundled recipe session,
/// `sessions/digits.sprout` in Sprout's home, showing each cell as typed at the prompt
/// above its output and its plots as text: the whole recipe on digits in a few seconds,
/// through the language a user types (the session is also a test: `make test` checks its
/// recorded output with `sprout run --check`).
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Replay the bundled recipe session on digits (sessions/digits.sprout), cell by cell."
    )

    /// The bundled session, relative to Sprout's home.
    static let session = "sessions/digits.sprout"

    @Option(
        name: .long,
        help: ArgumentHelp("Replay this session file instead of the bundled one.", valueName: "file"))
    var session: String?

    func run() throws {
        let path: String
        if let session {
            path = session
        } else {
            do {
                path = try Resources.file(Self.session)
            } catch {
                printError("\(error)")
                throw ExitCode.failure
            }
        }
        guard let text = ScriptRunner.readFile(path) else { throw ExitCode.failure }
        if !RunCommand.replay(text, name: path, echo: true) { throw ExitCode.failure }
    }
}
