import ArgumentParser
import Engine
import Foundation
import Lang

/// `1 cell`, `2 cells`, `12,345 parameters`: a count and its noun, for messages.
func counted(_ n: Int, _ noun: String) -> String {
    "\(ValueFormatter.groupedThousands(n)) \(noun)\(n == 1 ? "" : "s")"
}

/// Writes `error: message` to standard error, its control characters shown escaped (a
/// message can quote a file name or source a user typed).
func printError(_ message: String) {
    FileHandle.standardError.write(Data("error: \(VisibleText.escaping(message))\n".utf8))
}

/// Why a Foundation file operation failed, in plain words: the underlying system error
/// when there is one. Never Foundation's own text, which names error domains and codes
/// (`NSCocoaErrorDomain error 256`) no user can act on.
func plainReason(of error: any Error) -> String {
    let error = error as NSError
    if error.domain == NSPOSIXErrorDomain { return RegularFile.reason(errno: Int32(error.code)) }
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return RegularFile.reason(errno: Int32(underlying.code))
    }
    switch error.code {
    case NSFileNoSuchFileError, NSFileReadNoSuchFileError: return "no such file"
    case NSFileReadNoPermissionError, NSFileWriteNoPermissionError: return "permission denied"
    case NSFileWriteOutOfSpaceError: return "the disk is full"
    default: return "the system refused (error \(error.code))"
    }
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
