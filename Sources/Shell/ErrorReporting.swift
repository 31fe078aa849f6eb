import ArgumentParser
import Foundation
import Lang

/// `1 cell`, `2 cells`, `12,345 parameters`: a count and its noun, for messages.
func counted(_ n: Int, _ noun: String) -> String {
    "\(ValueFormatter.groupedThousands(n)) \(noun)\(n == 1 ? "" : "s")"
}

/// Writes `error: message` to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
}

/// Runs `body`; an error it throws is printed as `error: …` on standard error and the
/// command exits with status 1 (ArgumentParser's own exits pass through unchanged).
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let exit as CleanExit {
        throw exit
    } catch {
        printError("\(error)")
        throw ExitCode.failure
    }
}
