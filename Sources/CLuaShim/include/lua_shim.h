/*
** CLuaShim: the C half of the Swift/Lua bridge. Only LuaKit (and the
** executable's signal set-up) uses it.
**
** It supplies what Swift cannot import (function-like macros, variadics,
** LUA_REGISTRYINDEX) and everything that may raise a Lua error: a Lua error
** is a longjmp, and a longjmp across a Swift frame skips its releases
** (reference/lua-embedding.md, section 4). So Swift callbacks return a
** status to a C trampoline here, which raises after the Swift frame has
** returned, and every operation that may run a metamethod or raise on
** purpose runs under lua_pcall of a small C helper.
**
** Names use the "clua_" prefix so nobody confuses them with the Lua macros.
*/
#ifndef SCALELAB_CLUASHIM_H
#define SCALELAB_CLUASHIM_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>


/*
** {==================================================================
** Host context: one per lua_State, reachable from every thread of the
** state through lua_getextraspace.
** ===================================================================
*/

/* Status a Swift callback returns to its trampoline (>= 0: results). */
#define CLUA_RAISE        (-1)  /* raise the value on top, as it is */
#define CLUA_RAISE_WHERE  (-2)  /* raise the string on top, with position */
#define CLUA_ARGERROR     (-3)  /* luaL_argerror(arg, string on top) */

/* Why the hook stopped the running code. */
#define CLUA_STOP_NONE        0
#define CLUA_STOP_INTERRUPT   1
#define CLUA_STOP_TIMEOUT     2
#define CLUA_STOP_BUDGET      3

/*
** A Swift callback: 'box' is the retained Swift callable, 'self' the Swift
** object of a method call (NULL for plain functions). It reads its
** arguments from the stack and returns a result count or a CLUA_ status.
*/
typedef int (*clua_HostCall) (lua_State *L, void *box, void *self);
/* Releases one retained Swift object (Unmanaged.release). */
typedef void (*clua_HostRelease) (void *obj);

typedef struct clua_Host clua_Host;

/*
** Creates a state with the counting allocator (limit 0 = no limit),
** a panic function and Lua's default warning function, and the interrupt
** hook when 'hookalways' is set (so every coroutine inherits it).
** Returns NULL when memory is exhausted.
*/
lua_State *clua_newstate (size_t limit, int hookalways,
                          clua_HostCall call, clua_HostRelease release,
                          void *owner);
/*
** Attaches a host context to a state LuaKit did not create (a Lua C
** module's luaopen_ function): no allocator cap, and the host's own hook
** is left alone. 'owner' (retained) is released when the state closes.
** clua_attachedowner returns the owner of an attached state, or NULL.
*/
int clua_attach (lua_State *L, clua_HostCall call, clua_HostRelease release,
                 void *owner);
void *clua_attachedowner (lua_State *L);
/* Sets the thread host code works on (a luaopen_ function's L). */
lua_State *clua_setcurrent (lua_State *L, lua_State *thread);

/* Closes the state, then releases the Swift objects its finalizers freed. */
void clua_close (lua_State *L);
/* Sets the Swift owner after creation. */
void clua_setowner (lua_State *L, void *owner);
clua_Host *clua_host (lua_State *L);
void *clua_owner (lua_State *L);
/* The thread of the innermost call or Swift callback (main if none). */
lua_State *clua_current (lua_State *L);
/* __name of the value's metatable, or its type name (luaL_typeerror's). */
const char *clua_typename (lua_State *L, int idx);

/* Memory accounting. */
size_t clua_memused (lua_State *L);
size_t clua_memlimit (lua_State *L);
void clua_setmemlimit (lua_State *L, size_t limit);

/*
** Interrupts. clua_interrupt is async-signal-safe and may be called from
** any thread: it only sets an atomic flag (and, without the always-on
** hook, installs the hook on the main thread, as lua.c's laction does).
*/
void clua_interrupt (clua_Host *h);
int clua_stopreason (lua_State *L);     /* CLUA_STOP_* of the last call */
int clua_cancelrequested (lua_State *L); /* for long host loops to poll */
void clua_settimeout (lua_State *L, int64_t nanoseconds, const char *msg);
void clua_setbudget (lua_State *L, int64_t instructions, const char *msg);

/*
** SIGINT: a handler installed without SA_RESTART (so a blocking read such
** as el_gets returns EINTR). It counts signals and interrupts the target
** state while that state runs code. A second SIGINT while a first one is
** still unanswered (code stuck in C) restores the default action and
** re-raises it, so the process exits as lua.c's second Ctrl-C does.
*/
int clua_sigint_install (void);
void clua_sigint_restore (void);
void clua_sigint_target (lua_State *L);
int clua_sigint_take (void);  /* SIGINTs since the last call (and clear) */

/* Releases queued by __gc (Swift code never runs inside the collector). */
void clua_drainreleases (lua_State *L);

/* }================================================================== */


/*
** {==================================================================
** Calls
** ===================================================================
*/

/*
** Runs the function below 'nargs' arguments in protected mode with the
** message handler (traceback), the memory limit enforced and the hook
** armed. Outermost calls reset the stop state before and after.
** Returns a Lua status; on error the message is on top.
*/
int clua_docall (lua_State *L, int nargs, int nresults);
/* Loads text only (never bytecode). Returns a Lua status. */
int clua_loadtext (lua_State *L, const char *s, size_t len, const char *name);

/*
** Pushes a Swift function: the retained Swift callable 'box' is owned by
** a userdata upvalue whose __gc queues its release.
*/
void clua_pushhostfunction (lua_State *L, void *box);

/*
** The Swift callable of the value at 'idx' when it is a function made by
** clua_pushhostfunction or a method of a userdata type; else NULL. Never
** raises (it only reads an upvalue), so Swift may call it directly.
*/
void *clua_hostbox (lua_State *L, int idx);

/*
** Protected helpers: they replace their operands on top of the stack by
** the result, or by the error message, and return a Lua status.
*/
int clua_pgettable (lua_State *L);   /* t k -> t[k] */
int clua_psettable (lua_State *L);   /* t k v -> (t[k] = v) */
int clua_ptostring (lua_State *L);   /* v -> luaL_tolstring(v) */
int clua_pflatten (lua_State *L);    /* t -> {k1, v1, k2, v2, ...} (raw) */
int clua_pgccollect (lua_State *L);  /* -> (full collection) */
int clua_pcfunction (lua_State *L, lua_CFunction f, int nargs, int nres);

/* }================================================================== */


/*
** {==================================================================
** Userdata for Swift objects
** ===================================================================
*/

/*
** Creates the metatable of a userdata type in the registry under 'name'
** and leaves it on the stack, with __name, __metatable (locked), __gc
** (before any setmetatable, manual 2.5.3) and empty __methods, __getters,
** __setters tables. Returns 0 when the name is taken (its table pushed).
*/
int clua_newtype (lua_State *L, const char *name);
/* Adds a method (a closure checking its self) to the type at 'mt'. */
void clua_addmethod (lua_State *L, int mt, const char *name, void *box);
/* Property getter, called with (self, key); setter with (self, key, v). */
void clua_addgetter (lua_State *L, int mt, const char *name, void *box);
void clua_addsetter (lua_State *L, int mt, const char *name, void *box);
/* A metamethod such as __tostring, __eq, __len, __call, __close. */
void clua_setmetamethod (lua_State *L, int mt, const char *event,
                         void *box);
/* Sets __index and __newindex once methods and properties are added. */
void clua_finishtype (lua_State *L, int mt);
/*
** Pushes the userdata of the Swift object 'obj' of the type whose metatable
** is at 'mt': the same userdata as before while it lives (weak cache), or a
** new one. Returns 1 when it created one: the caller must then retain 'obj'
** once (the userdata owns that reference; __gc queues its release).
*/
int clua_pushobject (lua_State *L, void *obj, int mt);
/* The Swift object of the userdata at 'idx' if its metatable is 'mt'. */
void *clua_toobject (lua_State *L, int idx, int mt);
/* The object slot at 'idx', unchecked: only where C has checked it. */
void *clua_rawobject (lua_State *L, int idx);

/* }================================================================== */


/*
** {==================================================================
** Libraries and REPL support
** ===================================================================
*/

/* Opens all standard libraries (trusted) or the sandbox set (5.3). */
int clua_openlibs (lua_State *L);
int clua_opensandbox (lua_State *L);

/* Raw metatable field of any value (ignores __metatable); pushes it. */
int clua_rawmetafield (lua_State *L);
/* "type: 0x..." for any value, never calling a metamethod. */
int clua_rawtostring (lua_State *L);

/* }================================================================== */


/*
** {==================================================================
** Macros and variadics Swift cannot import
** ===================================================================
*/
int clua_registryindex (void);
int clua_upvalueindex (int i);
void clua_pop (lua_State *L, int n);
void clua_newtable (lua_State *L);
void clua_pushglobaltable (lua_State *L);
int clua_pcall (lua_State *L, int nargs, int nresults, int msgh);
const char *clua_tolstring (lua_State *L, int idx, size_t *len);
void clua_remove (lua_State *L, int idx);
void clua_insert (lua_State *L, int idx);
void clua_replace (lua_State *L, int idx);
int clua_gccount (lua_State *L);      /* Kbytes in use (LUA_GCCOUNT) */
int clua_gccountb (lua_State *L);     /* remainder in bytes */

/* }================================================================== */

#endif
