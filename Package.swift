// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "BrandPulse",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "brandpulse", targets: ["BrandPulseCLI"]),
        .executable(name: "brandpulse-bench", targets: ["BrandPulseBench"]),
        .library(name: "BrandPulse", targets: ["BrandPulse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    ],
    targets: [
        // System libraries: the C libraries Debian ships, wrapped by one Swift module each.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // Pure layers.
        .target(name: "BrandPulseCore"),
        .target(name: "BrandPulseText", dependencies: ["BrandPulseCore"]),
        .target(name: "BrandPulseMatching", dependencies: ["BrandPulseText"]),
        .target(name: "BrandPulseSentiment", dependencies: ["BrandPulseText", "BrandPulseMatching"]),
        .target(name: "BrandPulseStore", dependencies: ["BrandPulseCore"]),
        .target(name: "BrandPulseSignals", dependencies: ["BrandPulseStore"]),
        .target(name: "BrandPulseReports", dependencies: ["BrandPulseSignals"]),

        // Edges that do I/O.
        .target(name: "BrandPulseNet", dependencies: ["BrandPulseCore", "CCurl"]),
        .target(name: "BrandPulseFeeds", dependencies: ["BrandPulseCore", "CLibXML2"]),
        .target(
            name: "BrandPulseStoreSQLite",
            dependencies: ["BrandPulseStore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(name: "BrandPulseStorePostgres", dependencies: ["BrandPulseCore", "BrandPulseStore", "CLibPQ"]),
        .target(name: "BrandPulseAlerts", dependencies: ["BrandPulseNet", "BrandPulseSignals", "BrandPulseReports"]),
        .target(
            name: "BrandPulse",
            dependencies: [
                "BrandPulseFeeds", "BrandPulseNet", "BrandPulseSentiment", "BrandPulseMatching",
                "BrandPulseStoreSQLite", "BrandPulseStorePostgres", "BrandPulseSignals", "BrandPulseReports", "BrandPulseAlerts",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "BrandPulseCLI",
            dependencies: [
                "BrandPulse",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(name: "BrandPulseBench", dependencies: ["BrandPulse", "BrandPulseTestSupport"]),
        .target(name: "BrandPulseTestSupport", dependencies: ["BrandPulseCore"]),

        .testTarget(name: "BrandPulseTextTests", dependencies: ["BrandPulseText"]),
        .testTarget(name: "BrandPulseLangIDTests", dependencies: ["BrandPulseText"]),
        .testTarget(name: "BrandPulseMatchingTests", dependencies: ["BrandPulseMatching"]),
        .testTarget(name: "BrandPulseSentimentTests", dependencies: ["BrandPulseSentiment"], exclude: ["Fixtures"]),
        .testTarget(name: "BrandPulseFeedsTests", dependencies: ["BrandPulseFeeds", "BrandPulseTestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "BrandPulseNetTests", dependencies: ["BrandPulseNet", "BrandPulseTestSupport"]),
        .testTarget(name: "BrandPulseStoreSQLiteTests", dependencies: ["BrandPulseStoreSQLite", "BrandPulseTestSupport", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "BrandPulseStorePostgresTests",
            dependencies: ["BrandPulseStorePostgres", "BrandPulseStore", "BrandPulseCore"]
        ),
        .testTarget(name: "BrandPulseSignalsTests", dependencies: ["BrandPulseSignals"]),
        .testTarget(name: "BrandPulseAlertsTests", dependencies: ["BrandPulseAlerts", "BrandPulseTestSupport"]),
        .testTarget(name: "BrandPulseReportsTests", dependencies: ["BrandPulseReports", "BrandPulseTestSupport"], exclude: ["Golden"]),
        .testTarget(
            name: "BrandPulseTests",
            dependencies: ["BrandPulse", "BrandPulseTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Golden"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
