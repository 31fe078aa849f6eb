import Glibc

/// A number as Sprout prints it: at the prompt, in lists and records, in `str` and
/// `print`, and in messages.
///
/// - A whole number up to 2^53 prints all its digits (`4999999950000000`): every such
///   number is exactly a Double, so the text reads back as the same number, as in Python
///   and Julia.
/// - Any other number prints with 6 significant digits (`0.001`, `2.30259`, `1e-08`), as
///   printf's `%g`: a loss read from a float32 tensor shows its meaningful digits rather
///   than the noise of its conversion to a Double (`0.693147`, not `0.6931471824645996`).
/// - Except where those 6 digits would read as a whole number the value is not
///   (`123456.7` as `123457`, `1.0000001` as `1`, `2^60` as `1.15292e+18`): then the
///   number gets more digits, up to the 17 that always read back exactly, until the text
///   no longer names a different whole number. A short form that is visibly a fraction
///   (`2.30259`) is kept: it reads as rounded.
///
/// f-strings without a format spec print `{x}` through this function too.
public func formatNumber(_ x: Double) -> String {
    if x.isNaN { return "nan" }
    if x.isInfinite { return x > 0 ? "inf" : "-inf" }
    if x == x.rounded(), x.magnitude <= 9_007_199_254_740_992 { return String(Int64(x)) }
    var significant = 6
    var text = formatGeneral(x, significant: significant)
    while significant < 17, readsAsAnotherWholeNumber(text, x) {
        significant += 1
        text = formatGeneral(x, significant: significant)
    }
    return text
}

/// Whether `text` (printf `%g` output for `x`) names a whole number other than `x`.
/// A point without a positive exponent is a visible fraction: %g drops trailing zeros, so
/// the digits after it are not all zero; only other forms need reading back.
private func readsAsAnotherWholeNumber(_ text: String, _ x: Double) -> Bool {
    if text.contains("."), !text.contains("e+") { return false }
    if text.contains("e-") { return false }
    guard let read = Double(text) else { return false }
    return read != x && read == read.rounded()
}

/// `digits` places after the point, rounded half to even as printf does.
func formatFixed(_ v: Double, digits: Int) -> String {
    cFormat("%.*f", digits, v)
}

/// `digits` places after the point of the mantissa, as printf's %.*e.
func formatScientific(_ v: Double, digits: Int) -> String {
    cFormat("%.*e", digits, v)
}

/// printf's %.*g: `significant` digits, fixed or scientific, trailing zeros dropped.
func formatGeneral(_ v: Double, significant: Int) -> String {
    cFormat("%.*g", significant, v)
}

/// `v` through C's `vsnprintf` with `format`, one `%.*` conversion taking `precision`;
/// the three formats above and f-string specs (`FormatSpec.c`) differ only in the
/// conversion. A text longer than the first 64-byte buffer is written again at its size.
func cFormat(_ format: String, _ precision: Int, _ v: Double) -> String {
    let precision = Int32(clamping: precision)
    var buffer = [CChar](repeating: 0, count: 64)
    let size = Int(withVaList([precision, v]) { vsnprintf(&buffer, buffer.count, format, $0) })
    if size >= buffer.count {
        buffer = [CChar](repeating: 0, count: size + 1)
        _ = withVaList([precision, v]) { vsnprintf(&buffer, buffer.count, format, $0) }
    }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
