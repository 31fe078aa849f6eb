import ArgumentParser

/// The root command, `sprout`. With no subcommand it will start the interactive shell;
/// until the shell exists it says so and points at what works today.
struct Sprout: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sprout",
        abstract: "A notebook-style shell for training neural networks the careful way.",
        version: SproutVersion.full,
        subcommands: [DemoCommand.self]
    )

    func run() throws {
        print("""
            Sprout \(SproutVersion.string): the interactive shell arrives in a later version.
            For now:
              sprout demo        train a small network on the digits data set
              sprout --version   show the version and the BLAS configuration
              sprout --help      show every command and option
            """)
    }
}
