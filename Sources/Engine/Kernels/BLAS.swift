import CBLAS

/// The one file that calls OpenBLAS. Everything else asks this for matrix products and
/// for the library's configuration.
public enum BLAS {
    /// OpenBLAS's build string, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Cooperlake MAX_THREADS=64".
    public static var configuration: String {
        guard let c = openblas_get_config() else { return "OpenBLAS (configuration unknown)" }
        return String(cString: c).trimmingCharacters(in: " ")
    }

    /// The kernel family OpenBLAS chose for this processor, e.g. "Cooperlake".
    public static var coreName: String {
        guard let c = openblas_get_corename() else { return "unknown" }
        return String(cString: c)
    }

    /// The version number from the configuration string, e.g. "0.3.21".
    public static var version: String {
        let parts = configuration.split(separator: " ")
        if parts.count > 1, parts[0] == "OpenBLAS" { return String(parts[1]) }
        return "unknown"
    }

    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    public static func setThreadCount(_ n: Int) {
        openblas_set_num_threads(Int32(clamping: max(1, n)))
    }

    /// C = alpha * op(A) * op(B) + beta * C for row-major matrices, op being an optional
    /// transpose that BLAS applies while reading (no copy).
    /// - Parameters:
    ///   - a: row-major, (m, k) or (k, m) when `transA`, leading dimension `lda`.
    ///   - b: row-major, (k, n) or (n, k) when `transB`, leading dimension `ldb`.
    ///   - c: row-major (m, n), leading dimension `ldc`.
    /// Sizes are validated by the caller; they must fit in Int32 (LP64 OpenBLAS).
    @inline(__always)
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(
            CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The largest dimension `sgemm` accepts (OpenBLAS here is LP64: 32-bit sizes).
    public static let maxDimension = Int(Int32.max)
}

extension String {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        var s = Substring(self)
        while s.last == set || s.last == "\n" { s = s.dropLast() }
        while s.first == set { s = s.dropFirst() }
        return String(s)
    }
}
