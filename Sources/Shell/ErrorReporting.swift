import ArgumentParser
import Foundation

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
