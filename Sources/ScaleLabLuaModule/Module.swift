import ScaleLabLua

/// The Lua C module entry point (`luaopen_scalelab`) lands with LuaKit's `openModule`.
enum ScaleLabLuaModule {}
