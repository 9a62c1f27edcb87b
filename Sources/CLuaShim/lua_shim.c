/*
** lua_shim.c
** Functions for the Lua macros and variadics Swift cannot import
** (reference/lua-embedding.md, 4.3).
*/

#include "lua_shim.h"


int clua_registryindex (void) {
  return LUA_REGISTRYINDEX;
}


int clua_upvalueindex (int i) {
  return lua_upvalueindex(i);
}


void clua_pop (lua_State *L, int n) {
  lua_pop(L, n);
}


void clua_newtable (lua_State *L) {
  lua_newtable(L);
}


void clua_pushglobaltable (lua_State *L) {
  lua_pushglobaltable(L);
}


const char *clua_tolstring (lua_State *L, int idx, size_t *len) {
  return lua_tolstring(L, idx, len);
}


void clua_remove (lua_State *L, int idx) {
  lua_remove(L, idx);
}


void clua_insert (lua_State *L, int idx) {
  lua_insert(L, idx);
}


void clua_replace (lua_State *L, int idx) {
  lua_replace(L, idx);
}


int clua_gccount (lua_State *L) {
  return lua_gc(L, LUA_GCCOUNT);
}


int clua_gccountb (lua_State *L) {
  return lua_gc(L, LUA_GCCOUNTB);
}


static int gccollect (lua_State *L) {
  lua_gc(L, LUA_GCCOLLECT);  /* finalizers may run Lua code */
  return 0;
}


int clua_pgccollect (lua_State *L) {
  return clua_pcfunction(L, gccollect, 0, 0);
}
