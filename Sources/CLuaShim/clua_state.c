/*
** clua_state.c
** The host context of a state: counting allocator with a memory cap,
** panic and warning functions, the interrupt/limit hook and SIGINT.
** See reference/lua-embedding.md, sections 5.1 and 5.2.
*/

#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "clua_host.h"


/* instructions between two checks of the interrupt flag and the limits */
#define HOOKCOUNT	1000


/*
** {==================================================================
** Allocator
** ===================================================================
*/

/*
** Like lauxlib's l_alloc, but counts the bytes in use and refuses growth
** past the limit while Lua code runs (hostdepth == 0). While a Swift frame
** runs, growth always succeeds (a "soft" cap, as mlua's ignore_limit), so
** the allocating API functions Swift calls never raise; the trampoline
** checks the cap when the Swift frame has returned.
** When 'ptr' is NULL, 'osize' is a type tag, not a size (manual, lua_Alloc).
*/
static void *l_alloc (void *ud, void *ptr, size_t osize, size_t nsize) {
  clua_Host *h = (clua_Host *)ud;
  size_t old = (ptr == NULL) ? 0 : osize;
  void *block;
  if (nsize == 0) {
    free(ptr);
    h->used -= old;
    return NULL;
  }
  if (nsize > old && h->limit != 0 && h->hostdepth == 0 &&
      h->used + (nsize - old) > h->limit)
    return NULL;  /* Lua runs an emergency collection and retries */
  block = realloc(ptr, nsize);
  if (block != NULL)
    h->used = h->used - old + nsize;
  return block;
}

/* }================================================================== */


/*
** {==================================================================
** Panic and warnings (lua_newstate installs neither; these are
** lauxlib's, which luaL_newstate would have installed)
** ===================================================================
*/

static int panic (lua_State *L) {
  const char *msg = (lua_type(L, -1) == LUA_TSTRING)
                  ? lua_tostring(L, -1)
                  : "error object is not a string";
  fprintf(stderr, "PANIC: unprotected error in call to Lua API (%s)\n", msg);
  fflush(stderr);
  return 0;  /* return to Lua to abort */
}


static void warnfoff (void *ud, const char *message, int tocont);
static void warnfon (void *ud, const char *message, int tocont);
static void warnfcont (void *ud, const char *message, int tocont);


/* Checks for "@on" and "@off" control messages (lauxlib's checkcontrol). */
static int checkcontrol (lua_State *L, const char *message, int tocont) {
  if (tocont || *(message++) != '@')
    return 0;
  else {
    if (strcmp(message, "off") == 0)
      lua_setwarnf(L, warnfoff, L);
    else if (strcmp(message, "on") == 0)
      lua_setwarnf(L, warnfon, L);
    return 1;
  }
}


static void warnfoff (void *ud, const char *message, int tocont) {
  checkcontrol((lua_State *)ud, message, tocont);
}


static void warnfcont (void *ud, const char *message, int tocont) {
  lua_State *L = (lua_State *)ud;
  fputs(message, stderr);
  fflush(stderr);
  if (tocont)
    lua_setwarnf(L, warnfcont, L);
  else {
    fputs("\n", stderr);
    fflush(stderr);
    lua_setwarnf(L, warnfon, L);
  }
}


static void warnfon (void *ud, const char *message, int tocont) {
  if (checkcontrol((lua_State *)ud, message, tocont))
    return;
  fputs("Lua warning: ", stderr);
  fflush(stderr);
  warnfcont(ud, message, tocont);
}

/* }================================================================== */


/*
** {==================================================================
** Hook: interrupts, wall-clock and instruction budgets
** ===================================================================
*/

static int64_t monotonic_ns (void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}


/*
** Runs every HOOKCOUNT instructions on every thread (coroutines inherit
** the hook from the thread that creates them, lstate.c lua_newthread).
** Once it has stopped the code it escalates to every instruction and
** line on the current thread and keeps raising until the outermost call
** returns, so 'pcall' cannot swallow the stop (Redis, script_lua.c:
** "Set the hook to invoke all the time so the user will not be able to
** catch the error with pcall and invoke pcall again").
*/
static void hook (lua_State *L, lua_Debug *ar) {
  clua_Host *h = clua_host(L);
  (void)ar;
  if (h->stop == CLUA_STOP_NONE) {
    h->executed += lua_gethookcount(L);
    if (atomic_load_explicit(&h->interrupt, memory_order_relaxed))
      h->stop = CLUA_STOP_INTERRUPT;
    else if (h->deadline != 0 && monotonic_ns() > h->deadline)
      h->stop = CLUA_STOP_TIMEOUT;
    else if (h->budget != 0 && h->executed > h->budget)
      h->stop = CLUA_STOP_BUDGET;
    else {
      if (lua_gethookcount(L) != HOOKCOUNT)  /* escalated by an old stop */
        lua_sethook(L, hook, LUA_MASKCOUNT, HOOKCOUNT);
      return;
    }
  }
  clua_raisestop(L, h);
}


/*
** Raises the recorded stop ('h->stop' is set), escalating the hook to
** every instruction and line so that 'pcall' cannot swallow it. Also
** used by C functions that poll for a stop themselves (clua_pattern.c).
*/
int clua_raisestop (lua_State *L, clua_Host *h) {
  lua_sethook(L, hook, LUA_MASKCOUNT | LUA_MASKLINE, 1);
  switch (h->stop) {
    case CLUA_STOP_TIMEOUT: return luaL_error(L, "%s", h->timeoutmsg);
    case CLUA_STOP_BUDGET: return luaL_error(L, "%s", h->budgetmsg);
    default: return luaL_error(L, "interrupted!");  /* lua.c's lstop */
  }
}


/* Arms the hook and the deadline for an outermost call. */
void clua_startcall (clua_Host *h) {
  h->stop = CLUA_STOP_NONE;
  h->executed = 0;
  h->deadline = (h->timeout != 0) ? monotonic_ns() + h->timeout : 0;
  if (h->hookalways || h->timeout != 0 || h->budget != 0)
    lua_sethook(h->L, hook, LUA_MASKCOUNT, HOOKCOUNT);
  else if (h->owned)  /* an attached state's hook is its host's */
    lua_sethook(h->L, NULL, 0, 0);
}


/* Disarms after an outermost call: the stop is answered. */
void clua_endcall (clua_Host *h) {
  h->laststop = h->stop;
  h->stop = CLUA_STOP_NONE;
  atomic_store(&h->interrupt, 0);
  h->deadline = 0;
  if (h->hookalways)
    lua_sethook(h->L, hook, LUA_MASKCOUNT, HOOKCOUNT);
  else if (h->owned || h->timeout != 0 || h->budget != 0)
    lua_sethook(h->L, NULL, 0, 0);
}


void clua_interrupt (clua_Host *h) {
  atomic_store(&h->interrupt, 1);
  if (!h->hookalways)  /* lua.c's laction: main thread only */
    lua_sethook(h->L, hook, LUA_MASKCALL | LUA_MASKRET | LUA_MASKLINE |
                            LUA_MASKCOUNT, 1);
}


/* The stop of the running call (nested), or of the last outermost one. */
int clua_stopreason (lua_State *L) {
  clua_Host *h = clua_host(L);
  return (h->calldepth > 0) ? h->stop : h->laststop;
}


/*
** For host loops, where hooks never fire. A yes also records the stop, so
** the hook keeps raising once Lua runs again and the outermost call ends
** as interrupted (or timed out), whatever the host does with the answer.
*/
int clua_cancelrequested (lua_State *L) {
  clua_Host *h = clua_host(L);
  if (h->stop != CLUA_STOP_NONE)
    return 1;
  if (h->calldepth == 0)
    return 0;
  if (atomic_load_explicit(&h->interrupt, memory_order_relaxed))
    h->stop = CLUA_STOP_INTERRUPT;
  else if (h->deadline != 0 && monotonic_ns() > h->deadline)
    h->stop = CLUA_STOP_TIMEOUT;
  return h->stop != CLUA_STOP_NONE;
}


static void setmessage (char *buff, size_t size, const char *msg,
                        const char *def) {
  snprintf(buff, size, "%s", (msg != NULL && *msg != '\0') ? msg : def);
}


void clua_settimeout (lua_State *L, int64_t nanoseconds, const char *msg) {
  clua_Host *h = clua_host(L);
  h->timeout = (nanoseconds > 0) ? nanoseconds : 0;
  setmessage(h->timeoutmsg, sizeof(h->timeoutmsg), msg,
             "time limit exceeded");
}


void clua_setbudget (lua_State *L, int64_t instructions, const char *msg) {
  clua_Host *h = clua_host(L);
  h->budget = (instructions > 0) ? instructions : 0;
  setmessage(h->budgetmsg, sizeof(h->budgetmsg), msg,
             "instruction limit exceeded");
}

/* }================================================================== */


/*
** {==================================================================
** SIGINT
** ===================================================================
*/

static clua_Host *volatile sigtarget = NULL;
static volatile sig_atomic_t sigcount = 0;
static struct sigaction oldaction;
static int installed = 0;


/*
** At the prompt (no code running) a SIGINT only counts, and the read it
** interrupted returns EINTR. While code runs it interrupts the target;
** if the previous interrupt is still unanswered (code stuck in C, where
** hooks never fire), it restores the default action and re-raises.
*/
static void onsigint (int sig) {
  clua_Host *h = sigtarget;
  sigcount++;
  if (h != NULL && h->calldepth > 0) {
    if (atomic_load(&h->interrupt) && h->stop == CLUA_STOP_NONE) {
      signal(sig, SIG_DFL);
      raise(sig);
      return;
    }
    clua_interrupt(h);
  }
}


int clua_sigint_install (void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = onsigint;
  sa.sa_flags = 0;  /* no SA_RESTART: blocking reads return EINTR */
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGINT, &sa, installed ? NULL : &oldaction) != 0)
    return -1;
  installed = 1;
  return 0;
}


void clua_sigint_restore (void) {
  if (installed) {
    sigaction(SIGINT, &oldaction, NULL);
    installed = 0;
  }
}


void clua_sigint_target (lua_State *L) {
  sigtarget = (L != NULL) ? clua_host(L) : NULL;
}


int clua_sigint_take (void) {
  int n = (int)sigcount;
  sigcount = 0;
  return n;
}

/* }================================================================== */


/*
** {==================================================================
** State
** ===================================================================
*/

static const char hostkey = 'h';


/*
** The host of any thread of the state, from the registry (the extra space
** is left to the application, and the call path reads the host from its
** box instead).
*/
clua_Host *clua_host (lua_State *L) {
  clua_Host *h;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &hostkey);
  h = (clua_Host *)lua_touserdata(L, -1);
  lua_pop(L, 1);
  return h;
}


void clua_sethost (lua_State *L, clua_Host *h) {
  lua_pushlightuserdata(L, h);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &hostkey);
}


void *clua_owner (lua_State *L) {
  return clua_host(L)->owner;
}


void clua_setowner (lua_State *L, void *owner) {
  clua_host(L)->owner = owner;
}


lua_State *clua_current (lua_State *L) {
  clua_Host *h = clua_host(L);
  return (h->current != NULL) ? h->current : h->L;
}


/* The name luaL_typeerror would use, without raising (raw lookups). */
const char *clua_typename (lua_State *L, int idx) {
  const char *name = NULL;
  if (lua_getmetatable(L, idx)) {
    lua_pushliteral(L, "__name");
    if (lua_rawget(L, -2) == LUA_TSTRING)
      name = lua_tostring(L, -1);  /* kept alive by the metatable */
    lua_pop(L, 2);
  }
  if (name != NULL)
    return name;
  if (lua_type(L, idx) == LUA_TLIGHTUSERDATA)
    return "light userdata";
  return luaL_typename(L, idx);
}


size_t clua_memused (lua_State *L) {
  clua_Host *h = clua_host(L);
  if (!h->owned)  /* not our allocator: ask the collector */
    return (size_t)lua_gc(L, LUA_GCCOUNT) * 1024 +
           (size_t)lua_gc(L, LUA_GCCOUNTB);
  return h->used;
}


size_t clua_memlimit (lua_State *L) {
  return clua_host(L)->limit;
}


void clua_setmemlimit (lua_State *L, size_t limit) {
  clua_host(L)->limit = limit;
}


/*
** __gc of Swift-owned boxes and objects only queues the release: a Swift
** deinit must not run inside the collector (it may run at any allocation,
** in the middle of a Swift frame). The queue drains where Swift code runs
** anyway: on entry to a Swift callback and after an outermost call.
*/
void clua_queuerelease (clua_Host *h, void *obj) {
  if (h->npending == h->szpending) {
    size_t n = (h->szpending == 0) ? 16 : h->szpending * 2;
    void **p = (void **)realloc(h->pending, n * sizeof(void *));
    if (p == NULL)
      return;  /* out of memory: leak this object rather than crash */
    h->pending = p;
    h->szpending = n;
  }
  h->pending[h->npending++] = obj;
}


void clua_drainreleases (lua_State *L) {
  clua_Host *h = clua_host(L);
  while (h->npending > 0) {  /* a release may queue more */
    void *obj = h->pending[--h->npending];
    h->release(obj);
  }
}


/*
** Allocates a host context with what every state needs, owned or attached:
** the Swift callbacks, no pending interrupt, the default limit messages.
*/
static clua_Host *newhost (clua_HostCall call, clua_HostRelease release,
                           void *owner) {
  clua_Host *h = (clua_Host *)calloc(1, sizeof(clua_Host));
  if (h == NULL)
    return NULL;
  h->hostdepth = 1;  /* the host is running */
  h->call = call;
  h->release = release;
  h->owner = owner;
  atomic_init(&h->interrupt, 0);
  setmessage(h->timeoutmsg, sizeof(h->timeoutmsg), NULL,
             "time limit exceeded");
  setmessage(h->budgetmsg, sizeof(h->budgetmsg), NULL,
             "instruction limit exceeded");
  return h;
}


lua_State *clua_newstate (size_t limit, int hookalways,
                          clua_HostCall call, clua_HostRelease release,
                          void *owner) {
  lua_State *L;
  clua_Host *h = newhost(call, release, owner);
  if (h == NULL)
    return NULL;
  h->limit = limit;
  h->owned = 1;
  h->hookalways = hookalways;
  L = lua_newstate(l_alloc, h);
  if (L == NULL) {
    free(h);
    return NULL;
  }
  h->L = L;
  lua_atpanic(L, panic);
  lua_setwarnf(L, warnfoff, L);  /* default is warnings off */
  if (clua_initbridge(L, h) != LUA_OK) {
    lua_close(L);
    free(h);
    return NULL;
  }
  if (hookalways)
    lua_sethook(L, hook, LUA_MASKCOUNT, HOOKCOUNT);
  return L;
}


void clua_close (lua_State *L) {
  clua_Host *h = clua_host(L);
  if (sigtarget == h)
    sigtarget = NULL;
  lua_close(L);  /* runs the pending finalizers, which queue releases */
  while (h->npending > 0) {
    void *obj = h->pending[--h->npending];
    h->release(obj);
  }
  free(h->pending);
  free(h);
}



/*
** {==================================================================
** Attaching to a state LuaKit did not create (a Lua C module's
** luaopen_ function): no allocator cap, the host keeps its own hook;
** a registry sentinel frees the host context when the state closes.
** ===================================================================
*/

static const char sentinelkey = 's';


/* __gc of the sentinel: runs after the finalizers of later objects. */
static int sentinelgc (lua_State *L) {
  clua_Host *h = *(clua_Host **)lua_touserdata(L, 1);
  if (h != NULL) {
    while (h->npending > 0) {
      void *obj = h->pending[--h->npending];
      h->release(obj);
    }
    if (h->owner != NULL)
      h->release(h->owner);  /* the state held the Swift runtime */
    free(h->pending);
    free(h);
    *(clua_Host **)lua_touserdata(L, 1) = NULL;
  }
  return 0;
}


static int attach (lua_State *L) {
  clua_Host *h = (clua_Host *)lua_touserdata(L, 1);
  clua_Host **slot;
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
  h->L = lua_tothread(L, -1);
  lua_pop(L, 1);
  slot = (clua_Host **)lua_newuserdatauv(L, sizeof(clua_Host *), 0);
  *slot = NULL;
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, sentinelgc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_rawsetp(L, LUA_REGISTRYINDEX, &sentinelkey);
  if (clua_initbridge(L, h) != LUA_OK)  /* sets the host key */
    return lua_error(L);
  *slot = h;  /* from now on the sentinel owns 'h' */
  return 0;
}


void *clua_attachedowner (lua_State *L) {
  clua_Host *h;
  lua_rawgetp(L, LUA_REGISTRYINDEX, &hostkey);
  h = (clua_Host *)lua_touserdata(L, -1);
  lua_pop(L, 1);
  return (h != NULL) ? h->owner : NULL;
}


int clua_attach (lua_State *L, clua_HostCall call, clua_HostRelease release,
                 void *owner) {
  int status;
  clua_Host *h = newhost(call, release, owner);
  if (h == NULL)
    return LUA_ERRMEM;
  lua_pushcfunction(L, attach);
  lua_pushlightuserdata(L, h);
  status = lua_pcall(L, 1, 0, 0);
  if (status != LUA_OK) {
    lua_pop(L, 1);
    lua_pushnil(L);  /* undo a half-done attach */
    lua_rawsetp(L, LUA_REGISTRYINDEX, &hostkey);
    free(h);
  }
  return status;
}


lua_State *clua_setcurrent (lua_State *L, lua_State *thread) {
  clua_Host *h = clua_host(L);
  lua_State *old = h->current;
  h->current = thread;
  return old;
}

/* }================================================================== */
