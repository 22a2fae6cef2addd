// swift-tools-version:6.0
import Foundation
import PackageDescription

// Understudy: one executable that simulates Fleetio, Jifeline, StackOne and BOSSDesk.
// No package dependencies by design: Foundation, Dispatch, Glibc and the system SQLite only.
let package = Package(
    name: "understudy",
    products: [
        .executable(name: "understudy", targets: ["understudy"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // epoll and eventfd, which the Glibc module does not import.
        .systemLibrary(name: "CLinux"),
        .target(name: "HTTP1", dependencies: ["CLinux"]),
        .target(name: "Storage", dependencies: ["CSQLite"]),
        // The dashboard at /__admin/ui: plain HTML, CSS and JavaScript shipped as package resources.
        .target(name: "Dashboard", resources: [.copy("files")]),
        .target(name: "UnderstudyCore", dependencies: ["CLinux", "HTTP1", "Storage", "Dashboard"]),
        .target(name: "Fleetio", dependencies: ["UnderstudyCore", "Storage"]),
        .target(name: "Jifeline", dependencies: ["UnderstudyCore", "Storage"]),
        .target(name: "StackOne", dependencies: ["UnderstudyCore", "Storage"]),
        .target(name: "BOSSDesk", dependencies: ["UnderstudyCore", "Storage"]),
        // The seed world (JSON under seeds/), shipped with the binary as a package resource.
        .target(
            name: "Fixtures",
            path: "seeds",
            sources: ["FixtureBundle.swift"],
            resources: [.copy("fleetio"), .copy("jifeline"), .copy("stackone"), .copy("bossdesk")]
        ),
        .target(
            name: "UnderstudyApp",
            dependencies: ["CLinux", "UnderstudyCore", "Fleetio", "Jifeline", "StackOne", "BOSSDesk", "Fixtures"]
        ),
        .executableTarget(name: "understudy", dependencies: ["UnderstudyApp"]),
        // Raw-socket client, echo server and the in-process simulator (TestApp) shared by the test targets.
        .target(name: "TestSupport", dependencies: ["HTTP1", "UnderstudyApp", "UnderstudyCore"], path: "Tests/TestSupport"),
        .testTarget(name: "HTTP1Tests", dependencies: ["HTTP1", "TestSupport"]),
        .testTarget(name: "StorageTests", dependencies: ["Storage"]),
        .testTarget(name: "FleetioTests", dependencies: ["Fleetio", "UnderstudyCore", "TestSupport"]),
        .testTarget(name: "JifelineTests", dependencies: ["Jifeline", "UnderstudyCore", "TestSupport"]),
        .testTarget(name: "RecordsTests", dependencies: ["UnderstudyCore", "Storage"]),
        .testTarget(name: "UnderstudyTests", dependencies: ["UnderstudyApp", "UnderstudyCore", "HTTP1", "Storage", "TestSupport"]),
        .testTarget(name: "StackOneTests", dependencies: ["StackOne", "UnderstudyCore", "TestSupport"]),
        .testTarget(name: "BOSSDeskTests", dependencies: ["BOSSDesk", "UnderstudyCore", "TestSupport"]),
        // Hostile values, crashes and full disks against the whole program (in process and as a child process).
        .testTarget(name: "ReliabilityTests", dependencies: ["UnderstudyApp", "UnderstudyCore", "HTTP1", "Storage", "TestSupport"]),
        .testTarget(name: "ScenarioTests", dependencies: ["UnderstudyApp", "UnderstudyCore", "HTTP1", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// The router fuzz target (fuzz/run builds it with `--sanitize=fuzzer`): only when asked for, so a plain build never sees it.
if ProcessInfo.processInfo.environment["UNDERSTUDY_FUZZ"] != nil {
    package.targets.append(.executableTarget(name: "router-fuzz", dependencies: ["UnderstudyApp", "UnderstudyCore", "HTTP1"],
                                             path: "fuzz/router",
                                             swiftSettings: [.unsafeFlags(["-parse-as-library"])]))
    package.products.append(.executable(name: "router-fuzz", targets: ["router-fuzz"]))
}
