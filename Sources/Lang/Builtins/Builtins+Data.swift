import Engine
import Glibc

/// Loading data: `load("digits")`, `load("iris")` (bundled, from any directory) and
/// `load("my.csv")` (a path, relative to the current directory). The file is read by
/// the Engine's `CSVReader`; this picks the target and the image shape, writes the
/// dataset's summary line, and turns the reader's problems into one message that says
/// what to do next.
extension Builtins {
    static func data() -> [Builtin] {
        [
            Builtin(
                "load",
                [
                    arg("path", "a CSV or .npy file's path, or a bundled data set's name (digits, iris)"),
                    arg("target", "a column name", "none"), arg("image", "[height, width], both ≥ 1", "none"),
                    arg("skip_bad", "a bool", "false"),
                ],
                summary:
                    "A dataset from a CSV file, or a bundled one by name (\"digits\", \"iris\"); writes its summary line. A .npy file gives its array as a tensor. The target is target:, else a column named label, target, class or y; image: [h, w] names the picture the features make (columns named pixel_R_C make one by themselves). Every malformed row and unparsable number is reported with file:line:col; skip_bad: true leaves bad rows out and makes bad cells missing.",
                example: "ds = load(\"iris\")\nlen(ds)   # 150"
            ) { args, runtime in
                try loadDataset(args, runtime)
            }
        ]
    }

    /// `load`: finds the file, reads it, sets the target and image shape, and writes the
    /// summary line (and, with `skip_bad`, a warning counting what was left out).
    static func loadDataset(_ args: Arguments, _ runtime: Runtime) throws -> Value {
        let given = try args.string("path")
        if given.lowercased().hasSuffix(".npy") || given.lowercased().hasSuffix(".safetensors") {
            let value = given.lowercased().hasSuffix(".npy") ? try loadNPY(path: given) : try loadSafetensors(path: given)
            runtime.noteLoaded(given, path: UserPath.expanded(given))
            return value
        }
        func failure(_ problem: String) -> RuntimeError { RuntimeError(.call(function: "load", problem: problem)) }
        let (path, name, isBundled) = try dataPath(given, dataFolder: runtime.dataFolder, failure: failure)
        let skipBad = try args.bool("skip_bad")
        var result: CSVReader.Result
        do {
            result = try CSVReader.read(path: path, name: name, options: CSVReader.Options(skipBadRows: skipBad))
        } catch {
            if case .cancelled = error { throw RuntimeError(.cancelled) }
            guard case .problems = error else { throw failure(error.description) }
            throw failure(
                error.description
                    + "\nfix these lines, or load with skip_bad: true to leave bad rows out and make bad cells missing")
        }
        var dataset = result.dataset
        do {
            try dataset.setTarget(try optionalText(args, "target") ?? Dataset.inferredTarget(in: dataset.columnNames))
            if let value = args.value("image"), !value.isNone {
                let sides = try args.integers("image")
                guard sides.count == 2, sides.allSatisfy({ $0 >= 1 }) else { throw args.mismatch("image", value) }
                try dataset.setImageShape(Dataset.ImageShape(height: sides[0], width: sides[1]))
            } else if let shape = Dataset.inferredImageShape(features: dataset.featureColumns.map(\.name)) {
                try dataset.setImageShape(shape)
            }
        } catch let error as DatasetError {
            throw failure(error.message)
        }
        let skipped = result.skippedRows + result.blankedCells
        if skipped > 0, let first = result.skipped.first {
            let rows = result.skippedRows == 1 ? "1 malformed row" : "\(result.skippedRows) malformed rows"
            let cells = result.blankedCells == 1 ? "1 bad cell" : "\(result.blankedCells) bad cells"
            runtime.host.warn("load: left out \(rows) and made \(cells) missing, e.g. \(first)")
        }
        runtime.noteLoaded(given, path: path, isBundled: isBundled)
        let value = DatasetValue(dataset)
        runtime.host.write(value.summary + "\n")
        return .object(value)
    }

    /// A string argument that may be left out (none).
    private static func optionalText(_ args: Arguments, _ name: String) throws -> String? {
        guard let value = args.value(name), !value.isNone else { return nil }
        return try args.string(name)
    }

    /// The file `load(given)` reads, the dataset's name, and whether it is a bundled data
    /// set (`dataLocation`). A name with no extension that is neither a bundled set nor a
    /// file here is an error listing the bundled names.
    static func dataPath(
        _ given: String, dataFolder: String?, failure: (String) -> RuntimeError
    ) throws -> (path: String, name: String, isBundled: Bool) {
        let fileName = given.split(separator: "/").last.map(String.init) ?? given
        let location = dataLocation(given, dataFolder: dataFolder)
        if location.isBundled { return (location.path, given, true) }
        if !fileName.contains("."), access(given, F_OK) != 0 {
            let names = bundledNames(in: dataFolder)
            let listed = names.isEmpty ? "" : " (bundled: \(names.joined(separator: ", ")))"
            throw failure("no file '\(given)' here and no bundled data set of that name\(listed)")
        }
        return (location.path, fileName.isEmpty ? given : fileName, false)
    }

    /// The file `load(given)` reads: a bundled data set when `given` has no extension and
    /// the data folder holds `given.csv` (from any directory), else `given` as a path
    /// (`~` expanded), whether or not it exists. A replay's check of a saved session's
    /// data files resolves them with this, as the replay's `load` does.
    static func dataLocation(_ given: String, dataFolder: String?) -> (path: String, isBundled: Bool) {
        let fileName = given.split(separator: "/").last.map(String.init) ?? given
        if !fileName.contains("."), !given.contains("/"), let folder = dataFolder {
            let bundled = folder + "/" + given + ".csv"
            if access(bundled, F_OK) == 0 { return (bundled, true) }
        }
        return (UserPath.expanded(given), false)
    }

    /// The bundled data sets' names (`digits`, `iris`), sorted.
    static func bundledNames(in folder: String?) -> [String] {
        guard let folder, let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".csv") { names.append(String(name.dropLast(4))) }
        }
        return names.sorted()
    }
}
