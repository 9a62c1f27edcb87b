/*
** clua_call.c
** Calls between Swift and Lua: the trampolines that raise Lua errors for
** Swift callbacks after their frames have returned, the protected call
** with lua.c's message handler, and small protected helpers for the API
** functions that may raise (reference/lua-embedding.md, 4.2 and 4.5).
*/

#include "clua_host.h"


/* registry keys (addresses of these variables) */
static const char boxkey = 'b';


/*
** {==================================================================
** Calling Swift from Lua
** ===================================================================
*/

/*
** After a Swift callback returned: a result count, or a request to
** raise. Raising happens here, in C, with no Swift frame left to skip.
** A Swift frame may allocate past the memory cap (soft cap); once it has
** returned, one allocation under the cap either fails with a genuine
** LUA_ERRMEM (after Lua's emergency collection) or proves there is room.
*/
static int hostresult (lua_State *L, clua_Host *h, int n) {
  /* The callback saw a stop (clua_cancelrequested) and returned early:
     raise it now, as Lua code might never run again for the hook to. */
  if (h->stop != CLUA_STOP_NONE && h->calldepth > 0)
    return clua_raisestop(L, h);
  switch (n) {
    case CLUA_RAISE:
      return lua_error(L);
    case CLUA_RAISE_WHERE:  /* as luaL_error: position of the caller */
      luaL_where(L, 1);
      lua_insert(L, -2);
      lua_concat(L, 2);
      return lua_error(L);
    case CLUA_ARGERROR:  /* stack: ..., arg, message */
      return luaL_argerror(L, (int)lua_tointeger(L, -2), lua_tostring(L, -1));
    default:
      break;
  }
  if (h->limit != 0 && h->used > h->limit && h->hostdepth == 0) {
    lua_createtable(L, 0, 0);
    lua_pop(L, 1);
  }
  return n;
}


static int hostcall (lua_State *L, clua_Box *b, void *self) {
  clua_Host *h;
  lua_State *saved;
  int n;
  if (b == NULL || b->box == NULL)
    return luaL_error(L, "attempt to call a released host function");
  h = b->h;
  saved = h->current;
  h->hostdepth++;
  h->current = L;
  if (h->npending > 0)
    clua_drainreleases(L);
  n = h->call(L, b->box, self);
  h->current = saved;
  h->hostdepth--;
  return hostresult(L, h, n);
}


/* Calls a Swift function: upvalue 1 is its box. */
static int functrampoline (lua_State *L) {
  return hostcall(L, (clua_Box *)lua_touserdata(L, lua_upvalueindex(1)), NULL);
}


/*
** __gc of a box: queue the release of the Swift callable. The metatable
** check guards against a direct call through debug.getmetatable.
*/
static int boxgc (lua_State *L) {
  clua_Box *p = (clua_Box *)lua_touserdata(L, 1);
  int ours = 0;
  if (p != NULL && lua_getmetatable(L, 1)) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &boxkey);
    ours = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
  }
  if (ours && p->box != NULL) {
    clua_queuerelease(p->h, p->box);
    p->box = NULL;
  }
  return 0;
}


/* Pushes a userdata owning the retained Swift callable 'box'. */
void clua_pushbox (lua_State *L, void *box) {
  clua_Host *h = clua_host(L);
  clua_Box *p = (clua_Box *)lua_newuserdatauv(L, sizeof(clua_Box), 0);
  p->box = box;
  p->h = h;
  p->tag = NULL;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &boxkey);
  lua_setmetatable(L, -2);
}


/* The box at 'idx' (the caller knows it is one: an upvalue or table). */
clua_Box *clua_toboxslot (lua_State *L, int idx) {
  return (clua_Box *)lua_touserdata(L, idx);
}


/* The closure gets its box as upvalue 1. */
void clua_pushhostfunction (lua_State *L, void *box) {
  clua_pushbox(L, box);
  lua_pushcclosure(L, functrampoline, 1);
}


int clua_boxcall (lua_State *L, clua_Box *b, void *self) {
  return hostcall(L, b, self);
}


void *clua_hostbox (lua_State *L, int idx) {
  lua_CFunction f;
  clua_Box *b;
  void *box = NULL;
  idx = lua_absindex(L, idx);
  f = lua_tocfunction(L, idx);
  if (f == NULL || (f != functrampoline && !clua_ismethod(f)))
    return NULL;
  if (!lua_checkstack(L, 2) || lua_getupvalue(L, idx, 1) == NULL)
    return NULL;
  b = (clua_Box *)lua_touserdata(L, -1);
  if (b != NULL && lua_getmetatable(L, -1)) {
    lua_rawgetp(L, LUA_REGISTRYINDEX, &boxkey);
    if (lua_rawequal(L, -1, -2))
      box = b->box;
    lua_pop(L, 2);
  }
  lua_pop(L, 1);
  return box;
}

/* }================================================================== */


/*
** {==================================================================
** Calling Lua from Swift
** ===================================================================
*/

/* lua.c's msghandler: traceback for strings; __tostring or the type. */
static int msghandler (lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {  /* is error object not a string? */
    if (luaL_callmeta(L, 1, "__tostring") &&  /* does it have a metamethod */
        lua_type(L, -1) == LUA_TSTRING)  /* that produces a string? */
      return 1;  /* that is the message */
    else
      msg = lua_pushfstring(L, "(error object is a %s value)",
                               luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);  /* append a standard traceback */
  return 1;  /* return the traceback */
}


/*
** lua.c runs everything inside 'pmain', a C function called by lua_pcall,
** so its tracebacks end with "[C]: in ?". Calls with the message handler
** go through this entry for the same last line: (f, args...) -> results.
** A stop (interrupt, timeout) that a 'pcall' in tail position caught left
** no Lua instruction for the escalated hook to raise in: raise it here.
*/
static int hostentry (lua_State *L) {
  clua_Host *h = clua_host(L);
  lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
  if (h->stop != CLUA_STOP_NONE)
    return clua_raisestop(L, h);
  return lua_gettop(L);
}


/*
** Every Lua call the host makes goes through here: the cap is enforced
** and the hook armed while Lua runs; the outermost call resets the stop
** state before and after, and drains the queued releases.
*/
static int pcallhost (lua_State *L, int nargs, int nresults, int handler) {
  clua_Host *h = clua_host(L);
  int base = lua_gettop(L) - nargs;  /* function index */
  int outer = (h->calldepth == 0);
  int savedhost = h->hostdepth;
  lua_State *savedcurrent = h->current;
  int status;
  if (handler) {
    lua_pushcfunction(L, hostentry);
    lua_insert(L, base);
    lua_pushcfunction(L, msghandler);
    lua_insert(L, base);
    nargs++;  /* the function is now an argument of hostentry */
  }
  if (outer)
    clua_startcall(h);
  h->calldepth++;
  h->hostdepth = 0;
  h->current = L;
  status = lua_pcall(L, nargs, nresults, handler ? base : 0);
  h->current = savedcurrent;
  h->hostdepth = savedhost;
  h->calldepth--;
  if (handler)
    lua_remove(L, base);
  if (outer) {
    clua_endcall(h);
    clua_drainreleases(L);
  }
  return status;
}


int clua_docall (lua_State *L, int nargs, int nresults) {
  return pcallhost(L, nargs, nresults, 1);
}


/* Runs the C function 'f' on the 'nargs' values on top, protected. */
static int protect (lua_State *L, lua_CFunction f, int nargs, int nres) {
  lua_pushcfunction(L, f);
  lua_insert(L, -(nargs + 1));
  return pcallhost(L, nargs, nres, 0);
}


int clua_loadtext (lua_State *L, const char *s, size_t len,
                   const char *name) {
  clua_Host *h = clua_host(L);
  int savedhost = h->hostdepth;
  int status;
  h->hostdepth = 0;  /* the parser allocates under the cap */
  status = luaL_loadbufferx(L, s, len, name, "t");
  h->hostdepth = savedhost;
  return status;
}


static int gettable (lua_State *L) {
  lua_gettable(L, 1);
  return 1;
}


static int settable (lua_State *L) {
  lua_settable(L, 1);
  return 0;
}


static int tostring (lua_State *L) {
  luaL_tolstring(L, 1, NULL);
  return 1;
}


/* {k1, v1, k2, v2, ...} of the table at 1, in raw 'next' order. */
static int flatten (lua_State *L) {
  lua_Integer i = 0;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_newtable(L);
  lua_pushnil(L);
  while (lua_next(L, 1) != 0) {
    lua_pushvalue(L, -2);
    lua_rawseti(L, 2, ++i);
    lua_rawseti(L, 2, ++i);
  }
  return 1;
}


int clua_pgettable (lua_State *L) {
  return protect(L, gettable, 2, 1);
}


int clua_psettable (lua_State *L) {
  return protect(L, settable, 3, 0);
}


int clua_ptostring (lua_State *L) {
  return protect(L, tostring, 1, 1);
}


int clua_pflatten (lua_State *L) {
  return protect(L, flatten, 1, 1);
}


int clua_pcfunction (lua_State *L, lua_CFunction f, int nargs, int nres) {
  return protect(L, f, nargs, nres);
}

/* }================================================================== */


int clua_initbox (lua_State *L) {
  luaL_newmetatable(L, "clua.box");
  lua_pushcfunction(L, boxgc);
  lua_setfield(L, -2, "__gc");
  lua_pushliteral(L, "clua.box");
  lua_setfield(L, -2, "__metatable");
  lua_rawsetp(L, LUA_REGISTRYINDEX, &boxkey);
  return 0;
}
