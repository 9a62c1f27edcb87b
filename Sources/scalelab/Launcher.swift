/// Runs Lua as lua.c's `pmain` does, in its order. (Filled in with LuaKit.)
struct Launcher {
    /// The parsed options.
    var options: LaunchOptions

    /// Runs everything and returns the exit status.
    func run() -> Int32 {
        0
    }
}
