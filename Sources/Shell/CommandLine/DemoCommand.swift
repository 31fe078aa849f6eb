import ArgumentParser

/// `sprout demo`: the engine demo that `make demo` runs.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Train a 64-128-10 network on the digits data set and print loss and test accuracy."
    )

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The digits CSV file (default: stdlib/data/digits.csv, found beside the executable or through SPROUT_HOME).",
            valueName: "path"))
    var data: String?

    func run() throws {
        try reportingErrors {
            let path = try data ?? Resources.dataFile(named: "digits.csv")
            try runDemo(dataPath: path)
        }
    }
}
