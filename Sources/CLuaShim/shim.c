/*
** CLuaShim implementation.
*/
#include "CLuaShim.h"

void sl_pop (lua_State *L, int n) {
  lua_pop(L, n);
}
