// swift-tools-version:6.0
import PackageDescription
let package = Package(
    name: "BrandPulse",
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "BrandPulseCore"),
        .target(name: "BrandPulseStore", dependencies: ["BrandPulseCore"]),
        .target(name: "BrandPulseSignals", dependencies: ["BrandPulseStore"]),
        .target(name: "BrandPulseReports", dependencies: ["BrandPulseSignals"]),
        .target(name: "BrandPulseNet", dependencies: ["BrandPulseCore", "CCurl"]),
        .target(name: "BrandPulseStoreSQLite", dependencies: ["BrandPulseStore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "BrandPulseAlerts", dependencies: ["BrandPulseNet", "BrandPulseSignals", "BrandPulseReports"]),
        .target(name: "BrandPulseTestSupport", dependencies: ["BrandPulseCore"]),
        .testTarget(name: "BrandPulseNetTests", dependencies: ["BrandPulseNet", "BrandPulseTestSupport"]),
        .testTarget(name: "BrandPulseStoreSQLiteTests", dependencies: ["BrandPulseStoreSQLite", "BrandPulseTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "BrandPulseSignalsTests", dependencies: ["BrandPulseSignals"]),
        .testTarget(name: "BrandPulseReportsTests", dependencies: ["BrandPulseReports", "BrandPulseTestSupport"], exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)
