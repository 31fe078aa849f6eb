import Foundation
import Glibc

/// Why gnuplot could not draw.
enum GnuplotError: Error, Equatable, CustomStringConvertible {
    /// No gnuplot on the PATH (or it could not be started).
    case notFound
    /// The process ended (killed, crashed) while in use.
    case stopped
    /// It did not answer within the time allowed; it was stopped.
    case timedOut(seconds: Double)
    /// gnuplot refused the script: its own message.
    case refused(String)

    var description: String {
        switch self {
        case .notFound:
            "gnuplot is not installed, so plots are off (install it with apt-get install gnuplot-nox, then :plot dumb)"
        case .stopped:
            "gnuplot stopped, so plots are off (:plot dumb starts it again)"
        case let .timedOut(seconds):
            "gnuplot did not answer within \(Int(seconds)) s and was stopped, so plots are off (:plot dumb starts it again)"
        case let .refused(message):
            "gnuplot: \(message)"
        }
    }

    /// Whether the process is gone (plots turn off), not just this script refused.
    var endsProcess: Bool {
        if case .refused = self { return false }
        return true
    }
}

/// The one persistent gnuplot process, and the only Swift file that talks to it
/// (STYLE.md's choke point): started with `posix_spawnp` and three pipes, fed scripts on
/// standard input, read on both output pipes at once (one could fill and block).
///
/// Completion protocol (PLATFORM.md): after each script, `print "<<tag>>", GPVAL_ERRNO`
/// goes to standard output and `printerr "<<tag>>"` to standard error; a script is done
/// when both tags have come back. A non-zero `GPVAL_ERRNO` tells an error from a
/// warning; `reset errors` clears it for the next script. gnuplot keeps running after
/// errors. Writes never raise SIGPIPE (`writeWithoutSIGPIPE`), so a dead gnuplot is an
/// error here, never the shell's end, and the process's own SIGPIPE policy is left alone.
final class GnuplotProcess {
    /// The child's process id (tests kill it to check that plots turn off).
    let pid: pid_t
    /// How long one script may take before gnuplot is taken to be wedged.
    var timeout: Double = 20
    private var input: Int32
    private var output: Int32
    private var errors: Int32
    private var scripts = 0
    private var isRunning = true

    /// Starts gnuplot found on the PATH.
    /// - Throws: `.notFound` when there is none.
    init(executable: String = "gnuplot") throws(GnuplotError) {
        var toChild: [Int32] = [-1, -1], fromChild: [Int32] = [-1, -1], errorsFromChild: [Int32] = [-1, -1]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0, pipe(&errorsFromChild) == 0 else { throw .notFound }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], STDIN_FILENO)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&actions, errorsFromChild[1], STDERR_FILENO)
        for fd in toChild + fromChild + errorsFromChild { posix_spawn_file_actions_addclose(&actions, fd) }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(executable), nil]
        defer { for a in argv { free(a) } }
        var child: pid_t = 0
        let status = posix_spawnp(&child, executable, &actions, nil, argv, environ)
        for fd in [toChild[0], fromChild[1], errorsFromChild[1]] { Glibc.close(fd) }
        guard status == 0 else {
            for fd in [toChild[1], fromChild[0], errorsFromChild[0]] { Glibc.close(fd) }
            throw .notFound
        }
        pid = child
        input = toChild[1]
        output = fromChild[0]
        errors = errorsFromChild[0]
        for fd in [input, output, errors] {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
    }

    deinit { stop() }

    /// Sends a script and waits for both tags.
    /// - Returns: what gnuplot wrote on standard output (a `dumb` or sixel picture) and
    ///   any warning it wrote on standard error.
    /// - Throws: `.refused` with gnuplot's message when the script failed (the process
    ///   goes on); `.stopped` or `.timedOut` when the process is gone (it is then stopped).
    func run(_ script: String) throws(GnuplotError) -> (output: [UInt8], warnings: String) {
        guard isRunning else { throw .stopped }
        // What was sent, for a user asking why a plot looks as it does and for the bench,
        // which sends the same script to gnuplot directly.
        if let trace = getenv("SPROUT_GNUPLOT_TRACE") {
            try? script.write(toFile: String(cString: trace), atomically: false, encoding: .utf8)
        }
        scripts += 1
        let tag = "<<sprout-\(scripts)>>"
        let trailer = "\nset print '-'\nprint '\(tag)', GPVAL_ERRNO\nprinterr '\(tag)'\nreset errors\n"
        let (out, err) = try exchange(Array((script + trailer).utf8), outTag: Array(tag.utf8), errTag: Array((tag + "\n").utf8))
        // Standard output ends with "<<tag>> ERRNO\n"; what came before is the picture.
        let outText = out
        guard let tagStart = Self.firstRange(of: Array(tag.utf8), in: outText) else { throw .stopped }
        let errnoText = String(decoding: outText[(tagStart + tag.utf8.count)...], as: UTF8.self)
        let errno = Int(errnoText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let picture = Array(outText[..<tagStart])
        let message = String(decoding: err.dropLast(tag.utf8.count + 1), as: UTF8.self)
        if errno != 0 { throw .refused(Self.cleaned(message)) }
        return (picture, Self.cleaned(message))
    }

    /// Ends the process (closing its input is enough; it is killed if it lingers).
    func stop() {
        guard isRunning else { return }
        isRunning = false
        for fd in [input, output, errors] { Glibc.close(fd) }
        // Kill only a child still running: one that has exited is reaped here, and a pid
        // that is no longer our child (reaped elsewhere) may already name another process.
        var status: Int32 = 0
        if waitpid(pid, &status, WNOHANG) == 0 {
            kill(pid, SIGKILL)
            waitpid(pid, &status, 0)
        }
    }

    /// Writes `bytes` while reading both pipes, until standard output holds `outTag`
    /// followed by a line end and standard error ends with `errTag`.
    private func exchange(_ bytes: [UInt8], outTag: [UInt8], errTag: [UInt8]) throws(GnuplotError) -> ([UInt8], [UInt8]) {
        var written = 0
        var out: [UInt8] = [], err: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        func outDone() -> Bool {
            guard let at = Self.firstRange(of: outTag, in: out) else { return false }
            return out[(at + outTag.count)...].contains(UInt8(ascii: "\n"))
        }
        func errDone() -> Bool { err.count >= errTag.count && err.suffix(errTag.count).elementsEqual(errTag) }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while !(outDone() && errDone()) {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else {
                stop()
                throw .timedOut(seconds: timeout)
            }
            var fds = [pollfd(fd: output, events: Int16(POLLIN), revents: 0), pollfd(fd: errors, events: Int16(POLLIN), revents: 0)]
            if written < bytes.count { fds.append(pollfd(fd: input, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&fds, nfds_t(fds.count), Int32(min(left * 1000, 1000)) + 1)
            if ready < 0 && Glibc.errno == EINTR { continue }
            if fds.count == 3 && fds[2].revents != 0 {
                let n = bytes[written...].withUnsafeBytes { Self.writeWithoutSIGPIPE(input, $0.baseAddress, $0.count) }
                if n < 0 && Glibc.errno != EAGAIN && Glibc.errno != EINTR {
                    stop()
                    throw .stopped
                }
                if n > 0 { written += n }
            }
            for (index, fd) in [output, errors].enumerated() where fds[index].revents != 0 {
                let n = read(fd, &buffer, buffer.count)
                if n == 0 || (n < 0 && Glibc.errno != EAGAIN && Glibc.errno != EINTR) {
                    stop()
                    throw .stopped
                }
                if n > 0 {
                    if index == 0 { out += buffer[..<n] } else { err += buffer[..<n] }
                }
            }
        }
        return (out, err)
    }

    /// `write` with SIGPIPE blocked on this thread, and a SIGPIPE it raised taken off
    /// before unblocking: a dead gnuplot is EPIPE, and the process's SIGPIPE policy is left
    /// alone (ignoring it process-wide made a script piped into `head` crash on its next
    /// write instead of ending quietly). A socket with MSG_NOSIGNAL does the same, but
    /// gnuplot reads its input a byte at a time, and a socket read costs more than a pipe's.
    private static func writeWithoutSIGPIPE(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
        let n = write(fd, bytes, count)
        let failure = errno
        if n < 0 && failure == EPIPE {
            var pending = sigset_t()
            sigpending(&pending)
            if sigismember(&pending, SIGPIPE) == 1 {
                var now = timespec()
                sigtimedwait(&pipeSignal, nil, &now)
            }
        }
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        errno = failure
        return n
    }

    /// Where `needle` first starts in `haystack`. The tags are unique per script; the
    /// search runs on buffer pointers (a search through array slices cost more than
    /// gnuplot's own drawing).
    private static func firstRange(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                guard let hBase = h.baseAddress, let nBase = n.baseAddress, h.count >= n.count else { return nil }
                for i in 0...(h.count - n.count) where h[i] == n[0] && memcmp(hBase + i, nBase, n.count) == 0 {
                    return i
                }
                return nil
            }
        }
    }

    /// gnuplot's message without its echo of our script (`gnuplot> plot …` and a caret
    /// line): what it says is wrong (`all points y value undefined!`), lines joined by "; ".
    static func cleaned(_ message: String) -> String {
        let lines = message.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let said = lines.filter { !$0.isEmpty && !$0.hasPrefix("gnuplot>") && !$0.allSatisfy { $0 == "^" } }
        return said.map { $0.replacingOccurrences(of: #"^line \d+: "#, with: "", options: .regularExpression) }
            .joined(separator: "; ")
    }
}
