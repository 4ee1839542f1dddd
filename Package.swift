// swift-tools-version: 6.1
// The offline voice-command smart-home hub.
//
// Targets follow the pipeline and imports run one way:
//   Hub → Home,  Hub → ASR → Audio.  Home knows nothing of audio.
// Each C library is a thin `.systemLibrary` target (module map + shim.h).
import PackageDescription

let package = Package(
    name: "hub",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "hub", targets: ["Hub"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        // `hub serve`: the HTTP API and dashboard, and SHA-256 for stored API tokens.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // MARK: - C system libraries
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "CSampleRate", pkgConfig: "samplerate", providers: [.apt(["libsamplerate0-dev"])]),
        .systemLibrary(name: "CALSA", pkgConfig: "alsa", providers: [.apt(["libasound2-dev"])]),
        .systemLibrary(name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto", providers: [.apt(["libmosquitto-dev"])]),

        // MARK: - C kernels (scalar reference + AVX2 chosen at run time)
        .target(name: "CKernels"),

        // MARK: - C helper: pipes that are close-on-exec from birth (pipe2, which Swift's Glibc hides)
        .target(name: "CPipe"),

        // MARK: - Pipeline
        .target(
            name: "Audio",
            dependencies: ["CSndFile", "CSampleRate", "CALSA", "CKernels"]
        ),
        .target(
            name: "ASR",
            dependencies: [
                "Audio", "CEspeakNG", "CKernels",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "Home",
            dependencies: [
                "CMosquitto",
                "CPipe",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "Hub",
            dependencies: [
                "Home", "ASR", "Audio",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // MARK: - Tests
        .testTarget(name: "AudioTests", dependencies: ["Audio", "CKernels"], exclude: ["Fixtures"]),
        // Speech synthesized with espeak-ng for the tests of both the recognizer and the live loop.
        .target(name: "SpeechSupport", dependencies: ["Audio"], path: "Tests/SpeechSupport"),
        .testTarget(
            name: "ASRTests",
            dependencies: ["ASR", "Audio", "CKernels", "SpeechSupport", .product(name: "Yams", package: "Yams")],
            exclude: ["Fixtures"]
        ),
        // A real mosquitto on 127.0.0.1 for the tests of both the MQTT plugin and the satellites.
        .target(name: "BrokerSupport", path: "Tests/BrokerSupport"),
        .testTarget(name: "HomeTests", dependencies: ["Home", "BrokerSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "HubTests", dependencies: ["Hub", "Audio", "BrokerSupport", "SpeechSupport"]),
    ]
)
