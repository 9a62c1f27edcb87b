/*
** clua_host.h
** Internal to CLuaShim: the host context behind every state.
*/

#ifndef clua_host_h
#define clua_host_h

#include <signal.h>
#include <stdatomic.h>

#include "lua_shim.h"


struct clua_Host {
  lua_State *L;             /* main thread */
  lua_State *current;       /* thread of the innermost call or callback */
  size_t used;              /* bytes allocated */
  size_t limit;             /* 0: no limit */
  int hostdepth;            /* > 0 while Swift code runs: no cap */
  volatile sig_atomic_t calldepth;  /* nesting of protected calls */
  int owned;                /* created by clua_newstate (else attached) */
  int hookalways;           /* hook armed on every thread at all times */
  atomic_int interrupt;     /* requested by clua_interrupt */
  volatile sig_atomic_t stop;  /* CLUA_STOP_* once the hook stopped code */
  int laststop;             /* 'stop' of the last outermost call */
  int64_t timeout;          /* ns per outermost call; 0: none */
  int64_t deadline;         /* monotonic ns; 0: none */
  int64_t budget;           /* instructions per outermost call; 0: none */
  int64_t executed;         /* instructions counted by the hook */
  char timeoutmsg[160];
  char budgetmsg[160];
  clua_HostCall call;       /* the Swift dispatcher */
  clua_HostRelease release; /* Unmanaged.release */
  void *owner;              /* the Swift runtime (unretained) */
  void **pending;           /* releases queued by __gc */
  size_t npending, szpending;
};


/*
** The userdata that owns a retained Swift callable. It also points to the
** host, so the call path needs no lookup.
*/
typedef struct clua_Box {
  void *box;
  clua_Host *h;
  const void *tag;  /* a method's: its type's metatable (clua_object.c) */
} clua_Box;


void clua_startcall (clua_Host *h);
int clua_raisestop (lua_State *L, clua_Host *h);
void clua_guardpatterns (lua_State *L);
void clua_endcall (clua_Host *h);
void clua_queuerelease (clua_Host *h, void *obj);
int clua_initbridge (lua_State *L, clua_Host *h);
void clua_pushbox (lua_State *L, void *box);
clua_Box *clua_toboxslot (lua_State *L, int idx);
int clua_boxcall (lua_State *L, clua_Box *b, void *self);
int clua_ismethod (lua_CFunction f);

#endif
