/// The start of a `.npy` file, as NumPy's format (numpy.lib.format) lays it out:
///
///     \x93NUMPY  major minor  header length  header                          data
///     6 bytes    1     1      2 bytes (1.0)   {'descr': '<f4',               shape's elements,
///                             4 bytes (2.0,   'fortran_order': False,        row-major unless
///                             3.0), little-   'shape': (2, 3), }  + spaces   fortran_order
///                             endian          + '\n'
///
/// Version 2.0 only widens the length; 3.0 only allows UTF-8 in the header (field names
/// of structured types, which Sprout refuses anyway). NumPy pads the header so the data
/// starts at a multiple of 64 bytes (16 before NumPy 1.9); a reader takes the length as
/// written.
struct NPYHeader: Equatable, Sendable {
    var dataType: NPYDataType
    /// Whether the data lists the first axis fastest (column-major).
    var isFortranOrder: Bool
    var shape: [Int]

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    /// Longer headers are refused before they are read: NumPy itself refuses past 10,000
    /// bytes, and one of 64 dimensions takes under 1,500.
    static let maxLength = 65_536

    /// How many bytes come before the header text for a format version, or nil for a
    /// version Sprout does not read.
    static func preambleLength(major: UInt8, minor: UInt8) -> Int? {
        switch (major, minor) {
        case (1, 0): magic.count + 2 + 2
        case (2, 0), (3, 0): magic.count + 2 + 4
        default: nil
        }
    }

    /// The whole preamble and header NumPy's `np.save` writes for this header: version
    /// 1.0, the dictionary as Python's `repr` prints it, padded with spaces so the data
    /// starts at a multiple of 64 bytes, ending in `\n`. (A shape of `Shape.maxRank`
    /// sizes keeps the header far under version 1.0's 65,535 bytes.)
    var encoded: [UInt8] {
        let sizes = shape.map(String.init)
        let tuple = sizes.count == 1 ? "(\(sizes[0]),)" : "(" + sizes.joined(separator: ", ") + ")"
        let order = isFortranOrder ? "True" : "False"
        var text = Array("{'descr': '\(dataType.descr)', 'fortran_order': \(order), 'shape': \(tuple), }".utf8)
        let preamble = Self.magic.count + 2 + 2
        let padding = (64 - (preamble + text.count + 1) % 64) % 64
        text += Array(repeating: UInt8(ascii: " "), count: padding) + [UInt8(ascii: "\n")]
        return Self.magic + [1, 0, UInt8(truncatingIfNeeded: text.count), UInt8(truncatingIfNeeded: text.count >> 8)] + text
    }
}

extension NPYHeader {
    /// The header's dictionary, checked: the three keys with values of their kinds.
    /// Unknown keys are ignored. The shape's sizes are checked against the element limit
    /// here, before anything is allocated for them.
    /// - Throws: `.malformedHeader`, `.unsupportedType`, `.tooManyDimensions`, `.tooLarge`.
    init(parsing text: [UInt8]) throws(NPYError.Problem) {
        let literal: PythonLiteral
        do {
            literal = try PythonLiteral.parse(text)
        } catch {
            throw .malformedHeader(detail: error.detail)
        }
        guard case let .dict(pairs) = literal else {
            throw .malformedHeader(detail: "expected a dictionary of 'descr', 'fortran_order' and 'shape'")
        }
        func entry(_ key: String) throws(NPYError.Problem) -> PythonLiteral {
            guard let pair = pairs.first(where: { $0.key == .string(key) }) else {
                throw .malformedHeader(detail: "it has no '\(key)'")
            }
            return pair.value
        }
        let sizes: [PythonLiteral]
        switch try entry("shape") {
        case let .tuple(items), let .list(items): sizes = items
        default: throw .malformedHeader(detail: "'shape' is not a tuple of whole numbers")
        }
        guard case let .bool(isFortranOrder) = try entry("fortran_order") else {
            throw .malformedHeader(detail: "'fortran_order' is not True or False")
        }
        dataType = try NPYDataType(descr: try entry("descr"))
        self.isFortranOrder = isFortranOrder
        shape = try Self.checkedShape(sizes)
    }

    /// The sizes as a shape a tensor can hold: whole numbers, at most `Shape.maxRank` of
    /// them, whose product is at most `Shape.maxElements` (checked for overflow).
    private static func checkedShape(_ sizes: [PythonLiteral]) throws(NPYError.Problem) -> [Int] {
        var texts: [String] = []
        for size in sizes {
            guard case let .integer(text, _) = size, !text.hasPrefix("-") else {
                throw .malformedHeader(detail: "'shape' is not a tuple of whole numbers")
            }
            texts.append(text)
        }
        guard sizes.count <= Shape.maxRank else { throw .tooManyDimensions(sizes.count) }
        var shape: [Int] = []
        var count = 1
        for size in sizes {
            guard case let .integer(_, value?) = size else { throw .tooLarge(sizes: texts) }
            let (product, overflow) = count.multipliedReportingOverflow(by: value)
            guard !overflow, product <= Shape.maxElements else { throw .tooLarge(sizes: texts) }
            count = product
            shape.append(value)
        }
        return shape
    }
}
