// swift-tools-version:6.0
import PackageDescription
import Foundation

// MARK: - Build settings shared by every target

/// The wide-vector build setting. The default build targets baseline x86-64 (SSE2) or arm64 and runs anywhere.
/// Set `PERIGEE_TARGET_CPU` (for example `haswell` for AVX2, `skylake-avx512` or `znver4` for AVX-512) to compile
/// the hot numeric modules for that CPU; the binary then runs only on CPUs with those instructions.
let targetCPU = ProcessInfo.processInfo.environment["PERIGEE_TARGET_CPU"].flatMap { $0.isEmpty ? nil : $0 }
/// The numeric modules are optimised in debug builds too: unoptimised generic SIMD code runs 50–100× slower, which
/// would make the test suite (millions of reference comparisons) take many minutes. The numeric test targets
/// are optimised for the same reason.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
let numericSettings: [SwiftSetting] = (targetCPU.map { [.unsafeFlags(["-target-cpu", $0])] } ?? []) + optimisedInDebug

/// A development convenience: `PERIGEE_WITHOUT_CATALOG=1` leaves out the catalog store (GRDB and postgres-nio, whose
/// first build takes minutes) for work on the other modules. CI and releases never set it.
let withoutCatalog = ProcessInfo.processInfo.environment["PERIGEE_WITHOUT_CATALOG"] == "1"

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Perigee",
    products: [
        .library(name: "Perigee", targets: ["Perigee"]),
        .library(name: "ElementSets", targets: ["ElementSets"]),
        .executable(name: "perigee", targets: ["perigee"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // MARK: - System libraries
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CLzma", path: "Sources/CLzma", providers: [.apt(["liblzma-dev"])]),

        // MARK: - Libraries
        .target(name: "Decompression", dependencies: ["CZlib", "CLzma"], swiftSettings: swiftSettings),
        .target(name: "VectorMath", swiftSettings: swiftSettings + numericSettings),
        .target(name: "Astrodynamics", swiftSettings: swiftSettings + numericSettings),
        .target(name: "ElementSets", dependencies: ["Astrodynamics", "Decompression"], swiftSettings: swiftSettings),
        .target(name: "Propagation", dependencies: ["Astrodynamics", "ElementSets", "VectorMath"],
                swiftSettings: swiftSettings + numericSettings),
        .target(name: "Observation", dependencies: ["Astrodynamics", "ElementSets", "Propagation", "VectorMath"],
                swiftSettings: swiftSettings + numericSettings),
        .target(name: "OrbitHistory", dependencies: ["Astrodynamics", "ElementSets", "Propagation"],
                swiftSettings: swiftSettings + optimisedInDebug),
        .target(name: "Conjunctions", dependencies: ["Astrodynamics", "ElementSets", "Propagation", "Observation", "VectorMath"],
                swiftSettings: swiftSettings + numericSettings),
        .target(
            name: "Catalog",
            dependencies: [
                "Astrodynamics", "ElementSets", "Decompression", "OrbitHistory",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),  // sqlite3 binding for the bulk paths
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            // The bundled default snapshot (xz/gzip), loaded into an empty default store on first use.
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(name: "Perigee", dependencies: ["Astrodynamics", "ElementSets", "Propagation", "Observation",
                                                "OrbitHistory", "Conjunctions", "Catalog"],
                swiftSettings: swiftSettings),

        // MARK: - HTTP service
        .target(
            name: "Service",
            dependencies: [
                "Astrodynamics", "ElementSets", "Propagation", "Observation", "OrbitHistory", "Conjunctions", "Catalog",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // The OpenAPI document and the static web page.
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Command-line tool
        .executableTarget(
            name: "perigee",
            dependencies: [
                "Perigee", "Catalog", "Service",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings + numericSettings
        ),

        // MARK: - Tests
        .testTarget(name: "AstrodynamicsTests", dependencies: ["Astrodynamics"], exclude: ["Fixtures"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "ElementSetsTests", dependencies: ["ElementSets"], exclude: ["Fixtures"],
                    swiftSettings: swiftSettings),
        .testTarget(name: "VectorMathTests", dependencies: ["VectorMath"], swiftSettings: swiftSettings + optimisedInDebug),
        .testTarget(name: "PropagationTests", dependencies: ["Propagation", "ElementSets"],
                    exclude: ["Fixtures"], swiftSettings: swiftSettings + optimisedInDebug),
        .testTarget(name: "ObservationTests", dependencies: ["Observation", "Propagation", "ElementSets"],
                    exclude: ["Fixtures"], swiftSettings: swiftSettings + optimisedInDebug),
        .testTarget(name: "OrbitHistoryTests", dependencies: ["OrbitHistory", "ElementSets", "Propagation"],
                    exclude: ["Fixtures"], swiftSettings: swiftSettings + optimisedInDebug),
        .testTarget(name: "ConjunctionsTests", dependencies: ["Conjunctions", "ElementSets", "Propagation"],
                    exclude: ["Fixtures"], swiftSettings: swiftSettings + optimisedInDebug),
        .testTarget(name: "CatalogTests",
                    dependencies: ["Catalog", "ElementSets", .product(name: "PostgresNIO", package: "postgres-nio"),
                                   .product(name: "GRDB", package: "GRDB.swift")],
                    exclude: ["Fixtures"], swiftSettings: swiftSettings),
        .testTarget(name: "ServiceTests",
                    dependencies: ["Service", "Catalog", "ElementSets", "Propagation", "Observation",
                                   .product(name: "HummingbirdTesting", package: "hummingbird"),
                                   .product(name: "PostgresNIO", package: "postgres-nio")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "CommandLineTests", dependencies: ["perigee", "Catalog"], swiftSettings: swiftSettings),
    ]
)

if withoutCatalog {
    package.targets.removeAll { ["Catalog", "CatalogTests", "Service", "ServiceTests"].contains($0.name) }
    for target in package.targets {
        target.dependencies.removeAll { dependency in
            if case .byNameItem(name: "Catalog", _) = dependency { return true }
            if case .byNameItem(name: "Service", _) = dependency { return true }
            return false
        }
    }
    package.dependencies.removeAll { dependency in
        guard case let .sourceControl(_, location, _) = dependency.kind else { return false }
        return location.contains("GRDB") || location.contains("postgres-nio")
    }
}
