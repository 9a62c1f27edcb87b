/*
** CLuaShim: the C half of the Swift/Lua bridge (macros, variadics, the error
** trampoline, the allocator cap, the interrupt hook). Only LuaKit uses it.
*/
#ifndef SCALELAB_CLUASHIM_H
#define SCALELAB_CLUASHIM_H
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>

/* Pops the value on top of the stack (lua_pop is a macro Swift cannot import). */
void sl_pop (lua_State *L, int n);

#endif
