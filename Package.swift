// swift-tools-version:6.0
import PackageDescription

// Sprout is built and tested on Linux only: the Engine and the shell call glibc directly
// (math, malloc tuning, process limits, files), and OpenBLAS and libedit come from Debian
// packages. SwiftPM's `platforms` can only name Apple systems, so the manifest claims
// none; Sources/Engine/System/Platform.swift stops a build anywhere else with a clear message.
let package = Package(
    name: "Sprout",
    products: [
        .executable(name: "sprout", targets: ["Shell"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The only C library the Engine links: OpenBLAS, through one shim header.
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        // glibc's mallopt (Engine/System/HeapTuning.swift, which executables call) and process limits.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // libedit's readline-compatible API, for the terminal line reader (Shell/Terminal/Editline.swift).
        .systemLibrary(name: "CEditline", path: "Sources/CEditline"),
        .target(name: "Engine", dependencies: ["CBLAS", "CMalloc"], path: "Sources/Engine"),
        .target(name: "Lang", dependencies: ["Engine"], path: "Sources/Lang"),
        .executableTarget(
            name: "Shell",
            dependencies: ["Lang", "Engine", "CEditline", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/Shell"
        ),
        // `make bench`: figures side by side with direct cblas_sgemm and NumPy.
        .executableTarget(name: "Bench", dependencies: ["Engine", "Lang", "CBLAS"], path: "Sources/Bench"),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "CBLAS"], path: "Tests/EngineTests"),
        // Golden/ holds .sprout scripts and their expected output, read by GoldenTests.
        .testTarget(name: "LangTests", dependencies: ["Lang"], path: "Tests/LangTests", exclude: ["Golden"]),
        .testTarget(name: "ShellTests", dependencies: ["Shell"], path: "Tests/ShellTests"),
    ],
    swiftLanguageModes: [.v6]
)
