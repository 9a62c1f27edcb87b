// swift-tools-version:6.0
// scalelab — a Lua-scriptable shell with a fast, faithful simulation of Kubernetes scaling.
// Layers (dependencies point down only; see docs/ARCHITECTURE.md):
//   scalelab (executable) → ScaleLabLua → LuaKit → CLuaShim → CLua / CEditLine
//                                       ↘ ScaleLab (the engine, knows nothing of Lua)
import PackageDescription

let package = Package(
    name: "scalelab",
    products: [
        .executable(name: "scalelab", targets: ["scalelab"]),
        /// The simulation engine, embeddable without Lua.
        .library(name: "ScaleLab", targets: ["ScaleLab"]),
        /// The Swift wrapper of one lua_State, with its I/O-independent REPL core.
        .library(name: "LuaKit", targets: ["LuaKit"]),
        /// The Lua C module: `lua5.4 -l scalelab` / `require "scalelab"` from stock Lua 5.4.
        .library(name: "ScaleLabLuaModule", type: .dynamic, targets: ["ScaleLabLuaModule"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLua", pkgConfig: "lua5.4",
            providers: [.apt(["liblua5.4-dev"])]),
        .systemLibrary(
            name: "CEditLine", pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .target(name: "CLuaShim", dependencies: ["CLua"]),
        .target(name: "CEditShim", dependencies: ["CEditLine"]),
        .target(name: "LuaKit", dependencies: ["CLuaShim", "CLua"]),
        .target(
            name: "ScaleLab",
            dependencies: [
                "Yams",
                .product(name: "Collections", package: "swift-collections"),
            ],
            // Canonical catalog data; compiled in via scripts/gen-catalog (no resource bundle).
            exclude: ["Catalog/instances.json"]),
        .target(name: "ScaleLabLua", dependencies: ["LuaKit", "ScaleLab"]),
        .target(name: "ScaleLabLuaModule", dependencies: ["ScaleLabLua", "LuaKit", "CLua"]),
        .executableTarget(
            name: "scalelab",
            dependencies: ["ScaleLabLua", "LuaKit", "ScaleLab", "CEditShim", "CLuaShim"]),
        /// The engine benchmarks that scripts/bench runs (release build).
        .executableTarget(name: "scalelab-bench", dependencies: ["ScaleLab"]),
        /// Issue 8's fuzz entry points, and the executable scripts/fuzz builds under libFuzzer.
        .target(name: "ScaleLabFuzzTargets", dependencies: ["ScaleLab", "ScaleLabLua", "LuaKit"]),
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "scalelab-fuzz", dependencies: ["ScaleLabFuzzTargets", "CFuzzDriver"]),
        .testTarget(name: "LuaKitTests", dependencies: ["LuaKit"]),
        .testTarget(name: "ScaleLabTests", dependencies: ["ScaleLab"]),
        .testTarget(name: "ScaleLabLuaTests", dependencies: ["ScaleLabLua", "LuaKit", "ScaleLab"]),
        .testTarget(name: "ScalelabCLITests", dependencies: ["scalelab"]),
        .testTarget(name: "FuzzCorpusTests", dependencies: ["ScaleLabFuzzTargets"]),
    ],
    swiftLanguageModes: [.v6]
)
