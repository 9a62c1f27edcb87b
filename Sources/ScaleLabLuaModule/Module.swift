import ScaleLabLua

/// The Lua C module entry point lives here (`luaopen_scalelab`).
enum ScaleLabLuaModule {}
