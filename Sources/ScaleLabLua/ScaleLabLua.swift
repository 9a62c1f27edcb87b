import LuaKit
import ScaleLab

/// ScaleLabLua: the Lua API of scalelab, binding the engine through LuaKit.
public enum ScaleLabLua {}
