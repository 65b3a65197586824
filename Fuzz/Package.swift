// swift-tools-version:6.0
// libFuzzer targets for Perigee's element-set decoders, kept out of the main package so that its build stays free
// of sanitizer flags. Build and run with ./run.sh [seconds] (see README.md).
import PackageDescription

let fuzzTargets = ["FuzzTLE", "FuzzXML", "FuzzJSON", "FuzzCSV", "FuzzKVN", "FuzzAuto"]

let package = Package(
    name: "PerigeeFuzz",
    dependencies: [.package(name: "Perigee", path: "..")],
    targets: fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: [.product(name: "Perigee", package: "Perigee")],
            path: "Sources/\(name)",
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        )
    } + [
        // Release-build timing of the whole-catalog parse (not a fuzzer).
        .executableTarget(name: "CatalogTiming", dependencies: [.product(name: "Perigee", package: "Perigee")],
                          path: "Sources/CatalogTiming"),
    ]
)
