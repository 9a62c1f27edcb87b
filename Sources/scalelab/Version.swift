import CLuaShim

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// scalelab's version line (`-v`, and the banner of an interactive session), in lua.c's
/// `print_version` place: scalelab's own version, then the linked Lua's copyright line.
enum Version {
    /// scalelab's version.
    static let scalelab = "0.1.0"

    /// `Lua 5.4.4  Copyright (C) 1994-2022 Lua.org, PUC-Rio`: `LUA_COPYRIGHT` of the linked
    /// library, read from its exported `lua_ident` (`$LuaVersion: <LUA_COPYRIGHT> $...`) since
    /// Swift imports neither the concatenated macro nor the unsized array.
    static var luaCopyright: String {
        let prefix = "$LuaVersion: "
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "lua_ident") {
            let ident = String(cString: symbol.assumingMemoryBound(to: CChar.self))
            if ident.hasPrefix(prefix), let end = ident.firstRange(of: " $") {
                let start = ident.index(ident.startIndex, offsetBy: prefix.count)
                return String(ident[start..<end.lowerBound])
            }
        }
        return "Lua \(LUA_VERSION_MAJOR).\(LUA_VERSION_MINOR).\(LUA_VERSION_RELEASE)"
    }

    /// The line `-v` prints.
    static var line: String { "scalelab \(scalelab) (\(luaCopyright))" }
}
