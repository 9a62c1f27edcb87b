/*
** clua_libs.c
** Standard libraries: all of them (trusted), or the sandbox set of
** reference/lua-embedding.md 5.3; plus raw helpers for the REPL printer
** and completer, which must never run a metamethod.
*/

#include <string.h>

#include "clua_host.h"


int clua_initbox (lua_State *L);
int clua_initobjects (lua_State *L);
int clua_pcfunction (lua_State *L, lua_CFunction f, int nargs, int nres);


static int openall (lua_State *L) {
  luaL_openlibs(L);
  clua_guardpatterns(L);  /* stoppable pattern matching */
  return 0;
}


int clua_openlibs (lua_State *L) {
  return clua_pcfunction(L, openall, 0, 0);
}


/*
** {==================================================================
** Sandbox
** ===================================================================
*/

/* load with mode "t" forced: untrusted bytecode can crash the VM. */
static int sandboxload (lua_State *L) {
  if (lua_gettop(L) < 3)
    lua_settop(L, 3);  /* keep an explicit 'env' argument as given */
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  return lua_gettop(L);
}


/* collectgarbage limited to options that cannot tune or stop the GC. */
static int sandboxgc (lua_State *L) {
  static const char *const allowed[] = {
    "collect", "count", "step", "isrunning", NULL
  };
  const char *opt = luaL_optstring(L, 1, "collect");
  int i;
  for (i = 0; allowed[i] != NULL; i++) {
    if (strcmp(opt, allowed[i]) == 0) {
      lua_pushvalue(L, lua_upvalueindex(1));
      lua_insert(L, 1);
      lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
      return lua_gettop(L);
    }
  }
  return luaL_error(L, "collectgarbage option '%s' is not available in "
                       "the sandbox", opt);
}


/* Keeps only the listed fields of the global table 'lib'. */
static void keepfields (lua_State *L, const char *lib,
                        const char *const keep[]) {
  int i;
  lua_getglobal(L, lib);
  lua_newtable(L);
  for (i = 0; keep[i] != NULL; i++) {
    lua_getfield(L, -2, keep[i]);
    lua_setfield(L, -2, keep[i]);
  }
  lua_setglobal(L, lib);
  lua_pop(L, 1);
}


static void openlib (lua_State *L, const char *name, lua_CFunction f) {
  luaL_requiref(L, name, f, 1);
  lua_pop(L, 1);
}


/*
** base (without dofile/loadfile, load text-only), string, table, math,
** utf8, coroutine; os reduced to clock/date/difftime/time (Luau's set);
** package with the preload searcher only (no C loaders, no files, no
** loadlib); debug reduced to traceback; no io. The shared string
** metatable is locked.
*/
static int sandbox (lua_State *L) {
  static const char *const oskeep[] = {
    "clock", "date", "difftime", "time", NULL
  };
  static const char *const debugkeep[] = { "traceback", NULL };
  openlib(L, LUA_GNAME, luaopen_base);
  openlib(L, LUA_LOADLIBNAME, luaopen_package);
  openlib(L, LUA_COLIBNAME, luaopen_coroutine);
  openlib(L, LUA_TABLIBNAME, luaopen_table);
  openlib(L, LUA_OSLIBNAME, luaopen_os);
  openlib(L, LUA_STRLIBNAME, luaopen_string);
  openlib(L, LUA_MATHLIBNAME, luaopen_math);
  openlib(L, LUA_UTF8LIBNAME, luaopen_utf8);
  openlib(L, LUA_DBLIBNAME, luaopen_debug);
  clua_guardpatterns(L);  /* stoppable pattern matching */
  lua_pushnil(L);
  lua_setglobal(L, "dofile");
  lua_pushnil(L);
  lua_setglobal(L, "loadfile");
  lua_getglobal(L, "load");
  lua_pushcclosure(L, sandboxload, 1);
  lua_setglobal(L, "load");
  lua_getglobal(L, "collectgarbage");
  lua_pushcclosure(L, sandboxgc, 1);
  lua_setglobal(L, "collectgarbage");
  keepfields(L, LUA_OSLIBNAME, oskeep);
  keepfields(L, LUA_DBLIBNAME, debugkeep);
  /* package: preload searcher only */
  lua_getglobal(L, LUA_LOADLIBNAME);
  lua_pushnil(L);
  lua_setfield(L, -2, "loadlib");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "path");
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_getfield(L, -1, "searchers");
  lua_createtable(L, 1, 0);
  lua_rawgeti(L, -2, 1);
  lua_rawseti(L, -2, 1);
  lua_setfield(L, -3, "searchers");
  lua_pop(L, 2);
  /* registry._LOADED keeps the full os/debug: drop them there too */
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_getglobal(L, LUA_OSLIBNAME);
  lua_setfield(L, -2, LUA_OSLIBNAME);
  lua_getglobal(L, LUA_DBLIBNAME);
  lua_setfield(L, -2, LUA_DBLIBNAME);
  lua_pop(L, 1);
  /* lock the string metatable: getmetatable("") returns a string */
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    lua_pushliteral(L, "string");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return 0;
}


int clua_opensandbox (lua_State *L) {
  return clua_pcfunction(L, sandbox, 0, 0);
}

/* }================================================================== */


/*
** {==================================================================
** Raw helpers for the REPL (no metamethod ever runs)
** ===================================================================
*/

/* rawmetafield(v, name): the field of v's real metatable, raw, or nil */
int clua_rawmetafield (lua_State *L) {
  lua_settop(L, 2);
  if (!lua_getmetatable(L, 1))
    return 0;
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  return 1;
}


/* rawtostring(v): luaL_tolstring's default text, "__name: 0x..." */
int clua_rawtostring (lua_State *L) {
  int tt;
  const char *kind;
  luaL_checkany(L, 1);
  switch (lua_type(L, 1)) {
    case LUA_TNUMBER: case LUA_TSTRING:
      lua_pushvalue(L, 1);
      lua_tolstring(L, -1, NULL);  /* converts the copy, in place */
      return 1;
    case LUA_TBOOLEAN:
      lua_pushstring(L, lua_toboolean(L, 1) ? "true" : "false");
      return 1;
    case LUA_TNIL:
      lua_pushliteral(L, "nil");
      return 1;
    default:
      tt = luaL_getmetafield(L, 1, "__name");
      kind = (tt == LUA_TSTRING) ? lua_tostring(L, -1) : luaL_typename(L, 1);
      lua_pushfstring(L, "%s: %p", kind, lua_topointer(L, 1));
      return 1;
  }
}

/* }================================================================== */


void clua_sethost (lua_State *L, clua_Host *h);


static int initbridge (lua_State *L) {
  clua_sethost(L, (clua_Host *)lua_touserdata(L, 1));
  clua_initbox(L);
  clua_initobjects(L);
  return 0;
}


int clua_initbridge (lua_State *L, clua_Host *h) {
  lua_pushcfunction(L, initbridge);
  lua_pushlightuserdata(L, h);
  return lua_pcall(L, 1, 0, 0);
}
