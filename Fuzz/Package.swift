// swift-tools-version:6.0
// libFuzzer targets for Perigee's element-set decoders, kept out of the main package so that its build stays free
// of sanitizer flags. Build and run with ./run.sh [seconds] (see README.md).
//
// Build flags on Linux: swift build -c release -Xswiftc -sanitize=fuzzer,address --product <target>
// (no -parse-as-library: see Sources/FuzzDriver/include/FuzzDriver.h).
import PackageDescription

let fuzzTargets = ["FuzzTLE", "FuzzXML", "FuzzJSON", "FuzzCSV", "FuzzKVN", "FuzzAuto"]

let package = Package(
    name: "PerigeeFuzz",
    dependencies: [.package(name: "Perigee", path: "..")],
    targets: fuzzTargets.map { name in
        .executableTarget(
            name: name,
            dependencies: ["FuzzDriver", "FuzzHarness", .product(name: "ElementSets", package: "Perigee")],
            path: "Sources/\(name)",
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        )
    } + [
        // Calls libFuzzer's LLVMFuzzerRunDriver from each target's entry point (see its header).
        .target(name: "FuzzDriver", path: "Sources/FuzzDriver"),
        // The checks shared by every fuzz target.
        .target(name: "FuzzHarness", dependencies: [.product(name: "ElementSets", package: "Perigee")],
                path: "Sources/FuzzHarness", swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]),
        // Release-build timing of the whole-catalog parse (not a fuzzer).
        .executableTarget(name: "CatalogTiming", dependencies: [.product(name: "ElementSets", package: "Perigee")],
                          path: "Sources/CatalogTiming"),
    ]
)
