/*
** clua_object.c
** Swift objects as full userdata (reference/lua-embedding.md, 4.6).
** A userdata holds one retained Swift object pointer; its metatable has
** __gc from the start (manual 2.5.3: a __gc added after setmetatable is
** ignored), __gc only queues the release and nulls the slot, and
** __metatable locks the metatable. A weak-valued cache keyed by the object
** address makes the same Swift object always the same userdata.
*/

#include <string.h>

#include "clua_host.h"


static const char objectskey = 'o';


/* t[k] = v with v on top, without metamethods ('t' absolute) */
static void rawsetfield (lua_State *L, int t, const char *k) {
  lua_pushstring(L, k);
  lua_insert(L, -2);
  lua_rawset(L, t);
}


static int rawgetfield (lua_State *L, int t, const char *k) {
  lua_pushstring(L, k);
  return lua_rawget(L, t);
}


/*
** The block of an object's userdata: the retained Swift object (NULL once
** finalized) and its type's tag, the address of the type's metatable. The
** tag makes the type check of every call two reads instead of a metatable
** push, compare and pop (this is the path of every method call and
** property read); only C code can write a userdata's bytes, and only this
** file writes a tag.
*/
typedef struct Slot {
  void *obj;
  const void *tag;
} Slot;


/* The slot of the userdata at 'arg' if it is an object of type 'mt'. */
static Slot *toslot (lua_State *L, int arg, int mt) {
  Slot *p;
  if (lua_type(L, arg) != LUA_TUSERDATA || lua_rawlen(L, arg) != sizeof(Slot))
    return NULL;
  p = (Slot *)lua_touserdata(L, arg);
  return (p->tag == lua_topointer(L, mt)) ? p : NULL;
}


static const char *tname (lua_State *L, int mt) {
  const char *name;
  rawgetfield(L, mt, "__name");
  name = lua_tostring(L, -1);
  return (name != NULL) ? name : "object";
}


/* The Swift object at 'arg', or the standard "bad argument" error. */
static void *checkself (lua_State *L, int arg, int mt) {
  Slot *p = toslot(L, arg, mt);
  if (p == NULL)
    luaL_typeerror(L, arg, tname(L, mt));
  if (p->obj == NULL)
    luaL_error(L, "attempt to use a finalized %s", tname(L, mt));
  return p->obj;
}


/*
** A method or metamethod: upvalue 1 is the box, upvalue 2 the metatable.
** The path of every method call: the box carries the type's tag, so the
** check of self is two API calls and two compares (checkself only words
** the error).
*/
static int methodtrampoline (lua_State *L) {
  clua_Box *b = clua_toboxslot(L, lua_upvalueindex(1));
  Slot *p = (Slot *)lua_touserdata(L, 1);  /* NULL unless a userdata */
  /* size first (0 for a light userdata): only then may its bytes be read */
  if (p != NULL && lua_rawlen(L, 1) == sizeof(Slot) && b->tag != NULL &&
      p->tag == b->tag && p->obj != NULL)
    return clua_boxcall(L, b, p->obj);
  return clua_boxcall(L, b, checkself(L, 1, lua_upvalueindex(2)));
}


/* True for the C function of every method closure (clua_hostbox). */
int clua_ismethod (lua_CFunction f) {
  return f == methodtrampoline;
}


/*
** __index with properties: one raw lookup in the '__fields' table, which
** holds the methods (closures, returned as they are) and the getters'
** boxes (userdata, called with (self, key)). Upvalues: fields, metatable.
** This is the path of every property read, so it does nothing more.
*/
static int objindex (lua_State *L) {
  if (lua_gettop(L) != 2)  /* called by hand (debug library): key to top */
    lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TUSERDATA) {
    clua_Box *box = clua_toboxslot(L, -1);
    /* the getter's result, pushed on top, is the one returned */
    return clua_boxcall(L, box, checkself(L, 1, lua_upvalueindex(2)));
  }
  return 1;  /* a method (it checks its self when called) or nil */
}


/*
** __newindex: a setter sees (self, key, value); anything else is an
** error naming the field. Upvalues: setters, metatable.
*/
static int objnewindex (lua_State *L) {
  int mt = lua_upvalueindex(2);
  void *self = checkself(L, 1, mt);
  const char *key;
  int known;
  lua_settop(L, 3);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TUSERDATA) {
    clua_Box *box = clua_toboxslot(L, -1);
    lua_pop(L, 1);
    return clua_boxcall(L, box, self);
  }
  key = (lua_type(L, 2) == LUA_TSTRING) ? lua_tostring(L, 2) : "?";
  rawgetfield(L, mt, "__getters");
  lua_pushvalue(L, 2);
  known = (lua_rawget(L, -2) != LUA_TNIL);
  rawgetfield(L, mt, "__methods");
  lua_pushvalue(L, 2);
  known = known || (lua_rawget(L, -2) != LUA_TNIL);
  if (known)
    return luaL_error(L, "field '%s' of %s is read-only", key,
                         tname(L, mt));
  return luaL_error(L, "%s has no field '%s'", tname(L, mt), key);
}


/*
** __eq (5.4 calls it for two userdata that are not raw-equal, from either
** operand's metatable): false unless both are live objects of this type.
*/
static int objeq (lua_State *L) {
  Slot *a = toslot(L, 1, lua_upvalueindex(2));
  Slot *b = toslot(L, 2, lua_upvalueindex(2));
  if (a == NULL || b == NULL || a->obj == NULL || b->obj == NULL) {
    lua_pushboolean(L, 0);
    return 1;
  }
  return clua_boxcall(L, clua_toboxslot(L, lua_upvalueindex(1)), a->obj);
}


/* __gc: queue the release and null the slot; upvalue 1 is the metatable. */
static int objgc (lua_State *L) {
  Slot *p = toslot(L, 1, lua_upvalueindex(1));
  if (p != NULL && p->obj != NULL) {
    clua_queuerelease(clua_host(L), p->obj);
    p->obj = NULL;
  }
  return 0;
}


int clua_newtype (lua_State *L, const char *name) {
  int mt;
  if (!luaL_newmetatable(L, name))  /* sets __name */
    return 0;  /* the name is taken; its metatable is on the stack */
  mt = lua_gettop(L);
  lua_pushstring(L, name);
  rawsetfield(L, mt, "__metatable");
  lua_pushvalue(L, mt);
  lua_pushcclosure(L, objgc, 1);
  rawsetfield(L, mt, "__gc");
  lua_newtable(L);
  rawsetfield(L, mt, "__methods");
  lua_newtable(L);
  rawsetfield(L, mt, "__getters");
  lua_newtable(L);
  rawsetfield(L, mt, "__setters");
  return 1;
}


static void addboxed (lua_State *L, int mt, const char *table,
                      const char *name, void *box) {
  mt = lua_absindex(L, mt);
  rawgetfield(L, mt, table);
  clua_pushbox(L, box);
  rawsetfield(L, lua_gettop(L) - 1, name);
  lua_pop(L, 1);
}


void clua_addmethod (lua_State *L, int mt, const char *name, void *box) {
  mt = lua_absindex(L, mt);
  rawgetfield(L, mt, "__methods");
  clua_pushbox(L, box);
  clua_toboxslot(L, -1)->tag = lua_topointer(L, mt);
  lua_pushvalue(L, mt);
  lua_pushcclosure(L, methodtrampoline, 2);
  rawsetfield(L, lua_gettop(L) - 1, name);
  lua_pop(L, 1);
}


void clua_addgetter (lua_State *L, int mt, const char *name, void *box) {
  addboxed(L, mt, "__getters", name, box);
}


void clua_addsetter (lua_State *L, int mt, const char *name, void *box) {
  addboxed(L, mt, "__setters", name, box);
}


void clua_setmetamethod (lua_State *L, int mt, const char *event,
                         void *box) {
  mt = lua_absindex(L, mt);
  clua_pushbox(L, box);
  clua_toboxslot(L, -1)->tag = lua_topointer(L, mt);
  lua_pushvalue(L, mt);
  lua_pushcclosure(L, strcmp(event, "__eq") == 0 ? objeq : methodtrampoline,
                   2);
  rawsetfield(L, mt, event);
}


/* Copies the fields of the table at 'from' into the table on top. */
static void copyfields (lua_State *L, int from) {
  lua_pushnil(L);
  while (lua_next(L, from) != 0) {
    lua_pushvalue(L, -2);
    lua_insert(L, -2);
    lua_rawset(L, -4);
  }
}


/*
** __index is the methods table itself when there are no properties (the
** VM then finds methods without calling C), else objindex over
** '__fields' (methods and getters in one table; a getter wins a clash).
*/
void clua_finishtype (lua_State *L, int mt) {
  mt = lua_absindex(L, mt);
  rawgetfield(L, mt, "__getters");
  lua_pushnil(L);
  if (lua_next(L, -2) == 0) {  /* no getters */
    lua_pop(L, 1);
    rawgetfield(L, mt, "__methods");
  }
  else {
    int getters, methods;
    lua_pop(L, 2);
    getters = lua_gettop(L);
    rawgetfield(L, mt, "__methods");
    methods = lua_gettop(L);
    lua_newtable(L);
    copyfields(L, methods);
    copyfields(L, getters);
    lua_pushvalue(L, -1);
    rawsetfield(L, mt, "__fields");
    lua_pushvalue(L, mt);
    lua_pushcclosure(L, objindex, 2);
    lua_replace(L, getters);
    lua_settop(L, getters);
  }
  rawsetfield(L, mt, "__index");
  rawgetfield(L, mt, "__setters");
  lua_pushvalue(L, mt);
  lua_pushcclosure(L, objnewindex, 2);
  rawsetfield(L, mt, "__newindex");
}


int clua_pushobject (lua_State *L, void *obj, int mt) {
  Slot *p;
  mt = lua_absindex(L, mt);
  lua_rawgetp(L, LUA_REGISTRYINDEX, &objectskey);
  if (lua_rawgetp(L, -1, obj) == LUA_TUSERDATA) {
    p = toslot(L, -1, mt);
    if (p != NULL && p->obj == obj) {
      lua_remove(L, -2);  /* the cache */
      return 0;
    }
  }
  lua_pop(L, 1);
  p = (Slot *)lua_newuserdatauv(L, sizeof(Slot), 1);
  p->obj = obj;
  p->tag = lua_topointer(L, mt);
  lua_pushvalue(L, mt);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_rawsetp(L, -3, obj);
  lua_remove(L, -2);  /* the cache */
  return 1;
}


void *clua_toobject (lua_State *L, int idx, int mt) {
  Slot *p = toslot(L, idx, mt);
  return (p != NULL) ? p->obj : NULL;
}


void *clua_rawobject (lua_State *L, int idx) {
  Slot *p = (Slot *)lua_touserdata(L, idx);
  return (p != NULL) ? p->obj : NULL;
}


int clua_initobjects (lua_State *L) {
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "v");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &objectskey);
  return 0;
}
