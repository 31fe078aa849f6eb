import Foundation
import Glibc

/// Section 5: start-up. `sprout -e 1` to exit, and `sprout` in a pseudo-terminal from
/// launch to its first prompt (`[1]> `), side by side with `python3 -c pass`; best of
/// several launches each. Target: under 50 ms, standard library included.
struct StartupBench {
    struct Figure {
        let label: String
        let seconds: Double?
    }

    let sprout: String
    let reps: Int

    func run() -> [Figure] {
        let python = NumPyPeer.findOnPath("python3")
        // The user's history and journal are kept out of it. A warm state folder is what
        // every start but the first finds (history, the gnuplot version the banner names
        // cached); a fresh one is the first start, which asks gnuplot its version.
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("sprout-bench-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        _ = Self.launchToPrompt(sprout, state: state)
        let warm = best { Self.launchToPrompt(sprout, state: state) }
        let fresh = best {
            try? FileManager.default.removeItem(atPath: state)
            return Self.launchToPrompt(sprout, state: state)
        }
        return [
            Figure(label: "sprout -e 1", seconds: best { Self.launch(sprout, ["-e", "1"]) }),
            Figure(label: "sprout to a ready prompt (pty)", seconds: warm),
            Figure(label: "sprout's first start to a prompt (fresh state folder)", seconds: fresh),
            Figure(label: "python3 -c pass", seconds: python.flatMap { p in best { Self.launch(p, ["-c", "pass"]) } }),
        ]
    }

    private func best(_ body: () -> Double?) -> Double? {
        var b: Double?
        for _ in 0..<reps {
            guard let t = body() else { return nil }
            b = min(b ?? t, t)
        }
        return b
    }

    /// Seconds from spawn to exit, output discarded (posix_spawn, as for the prompt, so
    /// both figures carry the same launch cost).
    static func launch(_ path: String, _ arguments: [String]) -> Double? {
        guard let run = spawned(path, arguments), run.status == 0 else { return nil }
        return run.seconds
    }

    /// Runs `path` with its output discarded and waits: the exit status, the seconds it took
    /// and its resource usage (ru_maxrss: peak resident kilobytes); nil when it cannot start.
    static func spawned(_ path: String, _ arguments: [String]) -> (status: Int32, seconds: Double, usage: rusage)? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [STDOUT_FILENO, STDERR_FILENO] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", O_WRONLY, 0) }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        var pid: pid_t = 0
        let start = Timing.now()
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { return nil }
        return (status, Timing.now() - start, usage)
    }

    /// Seconds from spawn until the first prompt appears on a pseudo-terminal, with `state`
    /// as the state folder; then the shell is told to quit.
    static func launchToPrompt(_ path: String, state: String) -> Double? {
        var master: Int32 = -1, slave: Int32 = -1
        guard openpty(&master, &slave, nil, nil, nil) == 0 else { return nil }
        defer { close(master) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] { posix_spawn_file_actions_adddup2(&actions, slave, fd) }
        posix_spawn_file_actions_addclose(&actions, master)
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(path), nil]
        defer { for a in argv { free(a) } }
        var environment = ProcessInfo.processInfo.environment
        environment["SPROUT_STATE_DIR"] = state
        environment["TERM"] = environment["TERM"] ?? "xterm"
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in envp { free(e) } }
        let start = Timing.now()
        guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { close(slave); return nil }
        close(slave)
        var seen = ""
        var buffer = [UInt8](repeating: 0, count: 4096)
        var elapsed: Double?
        while Timing.now() - start < 5 {
            var pfd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, 100) > 0 else { continue }
            let n = read(master, &buffer, buffer.count)
            if n <= 0 { break }
            seen += String(decoding: buffer[0..<n], as: UTF8.self)
            if seen.contains("[1]> ") { elapsed = Timing.now() - start; break }
        }
        _ = ":quit\n".withCString { write(master, $0, 6) }
        var status: Int32 = 0
        let deadline = Timing.now() + 2
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Timing.now() > deadline { kill(pid, SIGKILL); waitpid(pid, &status, 0); break }
            usleep(2000)
        }
        return elapsed
    }

    static func render(_ figures: [Figure]) -> String {
        var table = TextTable(["launch", "best ms"])
        for f in figures { table.add([f.label, f.seconds.map { Format.fixed($0 * 1e3, 1) } ?? "n/a"]) }
        return table.render()
    }
}
