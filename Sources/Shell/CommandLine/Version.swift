import Engine

/// Sprout's version, in one place.
enum SproutVersion {
    static let string = "0.1.0"

    /// One line: Sprout's version and the BLAS it runs on, e.g.
    /// `Sprout 0.1.0 · OpenBLAS 0.3.21 (2 threads, Cooperlake)`.
    static var summary: String {
        "Sprout \(string) · OpenBLAS \(BLAS.version) (\(counted(BLAS.threadCount, "thread")), \(BLAS.coreName))"
    }

    /// What `sprout --version` prints: the summary, then OpenBLAS's full build configuration.
    static var full: String {
        "\(summary)\n\(BLAS.configuration)"
    }
}
