/*
** CLuaShim implementation.
*/
#include "lua_shim.h"

void sl_pop (lua_State *L, int n) {
  lua_pop(L, n);
}
