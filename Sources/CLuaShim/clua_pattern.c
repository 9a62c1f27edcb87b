/*
** clua_pattern.c
** string.find, string.match, string.gmatch and string.gsub with Lua 5.4's
** pattern semantics (manual 6.4.1 and 6.4), written for LuaKit so that a
** long match can be stopped. Lua's matcher backtracks: ("a*"):rep(n).."b"
** against ("a"):rep(n) costs about n^n steps (1.3 s, 21 s, 313 s for
** n = 14, 16, 18), and as a C function it never sees the count hook, so
** neither Ctrl-C nor --timeout could stop it (reference/lua-embedding.md
** 5.3). This matcher polls the host's stop request every POLLSTEPS steps
** and raises the same error as the hook ("interrupted!", the --timeout
** message). Everything else is meant to be indistinguishable from the
** stock functions: results, captures, error messages, argument errors;
** a differential test runs both over a corpus (LuaPatternGuardTests).
** Installed on states LuaKit creates (trusted and sandbox), never on a
** state a Lua C module attaches to.
*/

#define _GNU_SOURCE  /* memmem */
#include <ctype.h>
#include <string.h>

#include "clua_host.h"


#define MAXCAPTURES	32	/* lstrlib's LUA_MAXCAPTURES: "too many captures" */
#define MAXDEPTH	200	/* lstrlib's MAXCCALLS: "pattern too complex" */
#define POLLSTEPS	8192	/* matcher steps between two stop polls */
#define ESC		'%'
#define SPECIALS	"^$*+?.([%-"

#define UNFINISHED	(-1)	/* capture length: not closed yet */
#define POSITION	(-2)	/* capture length: a position capture '()' */


typedef struct Matcher {
  const char *src, *srcend;	/* the subject */
  const char *pat, *patend;	/* the pattern (after a '^' anchor) */
  lua_State *L;
  int depth;			/* recursion left before "too complex" */
  int level;			/* captures open or closed */
  int steps;			/* countdown to the next stop poll */
  struct { const char *init; ptrdiff_t len; } cap[MAXCAPTURES];
} Matcher;


static const char *domatch (Matcher *m, const char *s, const char *p);


/* Polls the host: a pending Ctrl-C, --timeout or budget stops the match. */
static void poll (Matcher *m) {
  m->steps = POLLSTEPS;
  if (clua_cancelrequested(m->L))
    clua_raisestop(m->L, clua_host(m->L));
}


static void setup (Matcher *m, lua_State *L, const char *s, size_t ls,
                   const char *p, size_t lp) {
  m->L = L;
  m->src = s;
  m->srcend = s + ls;
  m->pat = p;
  m->patend = p + lp;
  m->steps = POLLSTEPS;
}


static void restart (Matcher *m) {
  m->level = 0;
  m->depth = MAXDEPTH;
}


/* %a, %d, ... (upper case: the complement); any other letter is itself */
static int inclass (int c, int cl) {
  int yes;
  switch (tolower(cl)) {
    case 'a': yes = isalpha(c); break;
    case 'c': yes = iscntrl(c); break;
    case 'd': yes = isdigit(c); break;
    case 'g': yes = isgraph(c); break;
    case 'l': yes = islower(c); break;
    case 'p': yes = ispunct(c); break;
    case 's': yes = isspace(c); break;
    case 'u': yes = isupper(c); break;
    case 'w': yes = isalnum(c); break;
    case 'x': yes = isxdigit(c); break;
    case 'z': yes = (c == 0); break;  /* deprecated in 5.2, still accepted */
    default: return cl == c;
  }
  if (isupper(cl))
    yes = !yes;
  return yes != 0;
}


/* The set '[...]' from 'p' (at '[') to 'last' (at its ']'). */
static int inset (int c, const char *p, const char *last) {
  int want = 1;
  if (p[1] == '^') {
    want = 0;
    p++;
  }
  for (p++; p < last; p++) {
    if (*p == ESC) {
      p++;
      if (inclass(c, (unsigned char)*p))
        return want;
    }
    else if (p[1] == '-' && p + 2 < last) {
      if ((unsigned char)p[0] <= c && c <= (unsigned char)p[2])
        return want;
      p += 2;
    }
    else if ((unsigned char)*p == c)
      return want;
  }
  return !want;
}


/* The end of the single-character class at 'p' ('.', '%x', '[set]', c). */
static const char *itemend (Matcher *m, const char *p) {
  char c = *p++;
  if (c == ESC) {
    if (p == m->patend)
      luaL_error(m->L, "malformed pattern (ends with '%%')");
    return p + 1;
  }
  if (c == '[') {
    if (*p == '^')
      p++;
    do {  /* the first character after '[' or '[^' is always a member */
      if (p == m->patend)
        luaL_error(m->L, "malformed pattern (missing ']')");
      c = *p++;
      if (c == ESC && p < m->patend)
        p++;
    } while (*p != ']');
    return p + 1;
  }
  return p;
}


/* Does the character at 's' match the class from 'p' to 'ep'? */
static int single (Matcher *m, const char *s, const char *p,
                   const char *ep) {
  int c;
  if (s >= m->srcend)
    return 0;
  c = (unsigned char)*s;
  switch (*p) {
    case '.': return 1;
    case ESC: return inclass(c, (unsigned char)p[1]);
    case '[': return inset(c, p, ep - 1);
    default: return (unsigned char)*p == c;
  }
}


/* '%b()': a balanced run starting at 's'. */
static const char *balanced (Matcher *m, const char *s, const char *p) {
  int open, close, depth = 1;
  if (p >= m->patend - 1)
    luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
  if (*s != *p)
    return NULL;
  open = *p;
  close = p[1];
  while (++s < m->srcend) {
    if (*s == close) {
      if (--depth == 0)
        return s + 1;
    }
    else if (*s == open)
      depth++;
  }
  return NULL;
}


/* Greedy '*' (and '+' from one further): longest run first. */
static const char *greedy (Matcher *m, const char *s, const char *p,
                           const char *ep) {
  ptrdiff_t n = 0;
  while (single(m, s + n, p, ep))
    n++;
  for (; n >= 0; n--) {
    const char *r = domatch(m, s + n, ep + 1);
    if (r != NULL)
      return r;
  }
  return NULL;
}


/* Lazy '-': shortest run first. */
static const char *lazy (Matcher *m, const char *s, const char *p,
                         const char *ep) {
  for (;;) {
    const char *r = domatch(m, s, ep + 1);
    if (r != NULL)
      return r;
    if (!single(m, s, p, ep))
      return NULL;
    s++;
  }
}


static const char *opencapture (Matcher *m, const char *s, const char *p,
                                ptrdiff_t what) {
  const char *r;
  if (m->level >= MAXCAPTURES)
    luaL_error(m->L, "too many captures");
  m->cap[m->level].init = s;
  m->cap[m->level].len = what;
  m->level++;
  r = domatch(m, s, p);
  if (r == NULL)
    m->level--;  /* undo */
  return r;
}


static const char *closecapture (Matcher *m, const char *s, const char *p) {
  const char *r;
  int l;
  for (l = m->level - 1; l >= 0; l--)
    if (m->cap[l].len == UNFINISHED)
      break;
  if (l < 0)
    luaL_error(m->L, "invalid pattern capture");
  m->cap[l].len = s - m->cap[l].init;
  r = domatch(m, s, p);
  if (r == NULL)
    m->cap[l].len = UNFINISHED;  /* undo */
  return r;
}


/* '%1'..'%9': the text of a closed capture again. */
static const char *backref (Matcher *m, const char *s, int digit) {
  int l = digit - '1';
  size_t len;
  if (l < 0 || l >= m->level || m->cap[l].len == UNFINISHED)
    luaL_error(m->L, "invalid capture index %%%d", l + 1);
  len = (size_t)m->cap[l].len;
  if ((size_t)(m->srcend - s) >= len &&
      memcmp(m->cap[l].init, s, len) == 0)
    return s + len;
  return NULL;
}


/* '%f[set]': the transition from a non-member to a member at 's'. */
static const char *frontier (Matcher *m, const char *s, const char **pp) {
  const char *p = *pp + 2;
  const char *ep;
  int before;
  if (*p != '[')
    luaL_error(m->L, "missing '[' after '%%f' in pattern");
  ep = itemend(m, p);
  before = (s == m->src) ? '\0' : (unsigned char)s[-1];
  /* at the end, the subject's terminating '\0' is the next character */
  if (!inset(before, p, ep - 1) && inset((unsigned char)*s, p, ep - 1)) {
    *pp = ep;
    return s;
  }
  return NULL;
}


/*
** Matches the pattern from 'p' at 's': the end of the match, or NULL.
** Single items continue in the loop; items that may backtrack recurse.
*/
static const char *domatch (Matcher *m, const char *s, const char *p) {
  if (--m->steps == 0)
    poll(m);
  if (m->depth-- == 0)
    luaL_error(m->L, "pattern too complex");
  while (s != NULL && p != m->patend) {
    const char *ep;
    if (*p == '(') {
      if (p[1] == ')')
        s = opencapture(m, s, p + 2, POSITION);
      else
        s = opencapture(m, s, p + 1, UNFINISHED);
      break;
    }
    if (*p == ')') {
      s = closecapture(m, s, p + 1);
      break;
    }
    if (*p == '$' && p + 1 == m->patend) {
      if (s != m->srcend)
        s = NULL;
      break;
    }
    if (*p == ESC && p[1] == 'b') {
      s = balanced(m, s, p + 2);
      p += 4;
      continue;
    }
    if (*p == ESC && p[1] == 'f') {
      s = frontier(m, s, &p);
      continue;
    }
    if (*p == ESC && isdigit((unsigned char)p[1])) {
      s = backref(m, s, (unsigned char)p[1]);
      p += 2;
      continue;
    }
    ep = itemend(m, p);
    if (!single(m, s, p, ep)) {
      if (*ep == '*' || *ep == '?' || *ep == '-')
        p = ep + 1;  /* zero repetitions are fine */
      else
        s = NULL;
      continue;
    }
    if (*ep == '?') {
      const char *r = domatch(m, s + 1, ep + 1);
      if (r != NULL) {
        s = r;
        break;
      }
      p = ep + 1;
      continue;
    }
    if (*ep == '+') {
      s = greedy(m, s + 1, p, ep);
      break;
    }
    if (*ep == '*') {
      s = greedy(m, s, p, ep);
      break;
    }
    if (*ep == '-') {
      s = lazy(m, s, p, ep);
      break;
    }
    s++;
    p = ep;
  }
  m->depth++;
  return s;
}


/* Capture 'i' (the whole match when there are none): its length. */
static ptrdiff_t capture (Matcher *m, int i, const char *s, const char *e,
                          const char **text) {
  if (i >= m->level) {
    if (i != 0)
      luaL_error(m->L, "invalid capture index %%%d", i + 1);
    *text = s;
    return e - s;
  }
  *text = m->cap[i].init;
  if (m->cap[i].len == UNFINISHED)
    luaL_error(m->L, "unfinished capture");
  else if (m->cap[i].len == POSITION)
    lua_pushinteger(m->L, (m->cap[i].init - m->src) + 1);
  return m->cap[i].len;
}


static void pushcapture (Matcher *m, int i, const char *s, const char *e) {
  const char *text;
  ptrdiff_t len = capture(m, i, s, e, &text);
  if (len != POSITION)
    lua_pushlstring(m->L, text, (size_t)len);
}


/* Pushes the captures (or the whole match when 's' is given and there
   are none); returns how many. */
static int pushcaptures (Matcher *m, const char *s, const char *e) {
  int n = (m->level == 0 && s != NULL) ? 1 : m->level;
  int i;
  luaL_checkstack(m->L, n, "too many captures");
  for (i = 0; i < n; i++)
    pushcapture(m, i, s, e);
  return n;
}


/* lstrlib's posrelatI: a start position clipped to [1, inf). */
static size_t startpos (lua_Integer pos, size_t len) {
  if (pos > 0)
    return (size_t)pos;
  if (pos == 0 || pos < -(lua_Integer)len)
    return 1;
  return len + (size_t)pos + 1;
}


static int hasspecials (const char *p, size_t lp) {
  size_t i;
  for (i = 0; i < lp; i++)
    if (p[i] != '\0' && strchr(SPECIALS, p[i]) != NULL)
      return 1;
  return 0;
}


static int findormatch (lua_State *L, int find) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = startpos(luaL_optinteger(L, 3, 1), ls) - 1;
  if (init > ls) {
    luaL_pushfail(L);
    return 1;
  }
  if (find && (lua_toboolean(L, 4) || !hasspecials(p, lp))) {
    const char *at = (lp == 0) ? s + init
                   : (const char *)memmem(s + init, ls - init, p, lp);
    if (at != NULL) {
      lua_pushinteger(L, (at - s) + 1);
      lua_pushinteger(L, (lua_Integer)((at - s) + lp));
      return 2;
    }
  }
  else {
    Matcher m;
    const char *at = s + init;
    int anchored = (*p == '^');
    if (anchored) {
      p++;
      lp--;
    }
    setup(&m, L, s, ls, p, lp);
    do {
      const char *e;
      restart(&m);
      if ((e = domatch(&m, at, p)) != NULL) {
        if (find) {
          lua_pushinteger(L, (at - s) + 1);
          lua_pushinteger(L, e - s);
          return pushcaptures(&m, NULL, NULL) + 2;
        }
        return pushcaptures(&m, at, e);
      }
    } while (at++ < m.srcend && !anchored);
  }
  luaL_pushfail(L);
  return 1;
}


static int find (lua_State *L) {
  return findormatch(L, 1);
}


static int match (lua_State *L) {
  return findormatch(L, 0);
}


/* The iterator's state, in a userdata upvalue. */
typedef struct Iteration {
  const char *at;
  const char *lastmatch;
  Matcher m;
} Iteration;


static int gmatchstep (lua_State *L) {
  Iteration *it = (Iteration *)lua_touserdata(L, lua_upvalueindex(3));
  const char *at;
  it->m.L = L;
  for (at = it->at; at <= it->m.srcend; at++) {
    const char *e;
    restart(&it->m);
    if ((e = domatch(&it->m, at, it->m.pat)) != NULL && e != it->lastmatch) {
      it->at = it->lastmatch = e;
      return pushcaptures(&it->m, at, e);
    }
  }
  return 0;
}


static int gmatch (lua_State *L) {
  size_t ls, lp;
  const char *s = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  size_t init = startpos(luaL_optinteger(L, 3, 1), ls) - 1;
  Iteration *it;
  lua_settop(L, 2);  /* the closure keeps both strings alive */
  it = (Iteration *)lua_newuserdatauv(L, sizeof(Iteration), 0);
  if (init > ls)
    init = ls + 1;  /* past the end: no match */
  setup(&it->m, L, s, ls, p, lp);
  it->at = s + init;
  it->lastmatch = NULL;
  lua_pushcclosure(L, gmatchstep, 3);
  return 1;
}


/* A replacement string with '%0'..'%9' and '%%'. */
static void addstring (Matcher *m, luaL_Buffer *b, const char *s,
                       const char *e) {
  lua_State *L = m->L;
  size_t l;
  const char *news = lua_tolstring(L, 3, &l);
  const char *p;
  while ((p = (const char *)memchr(news, ESC, l)) != NULL) {
    luaL_addlstring(b, news, (size_t)(p - news));
    p++;
    if (*p == ESC)
      luaL_addchar(b, *p);
    else if (*p == '0')
      luaL_addlstring(b, s, (size_t)(e - s));
    else if (isdigit((unsigned char)*p)) {
      const char *text;
      ptrdiff_t len = capture(m, *p - '1', s, e, &text);
      if (len == POSITION)
        luaL_addvalue(b);
      else
        luaL_addlstring(b, text, (size_t)len);
    }
    else
      luaL_error(L, "invalid use of '%c' in replacement string", ESC);
    l -= (size_t)(p + 1 - news);
    news = p + 1;
  }
  luaL_addlstring(b, news, l);
}


/* Adds the replacement of one match; false when the match is kept. */
static int addvalue (Matcher *m, luaL_Buffer *b, const char *s,
                     const char *e, int kind) {
  lua_State *L = m->L;
  if (kind == LUA_TFUNCTION) {
    int n;
    lua_pushvalue(L, 3);
    n = pushcaptures(m, s, e);
    lua_call(L, n, 1);
  }
  else if (kind == LUA_TTABLE) {
    pushcapture(m, 0, s, e);
    lua_gettable(L, 3);
  }
  else {
    addstring(m, b, s, e);
    return 1;
  }
  if (!lua_toboolean(L, -1)) {  /* nil or false: keep the original */
    lua_pop(L, 1);
    luaL_addlstring(b, s, (size_t)(e - s));
    return 0;
  }
  if (!lua_isstring(L, -1))
    return luaL_error(L, "invalid replacement value (a %s)",
                      luaL_typename(L, -1));
  luaL_addvalue(b);
  return 1;
}


static int gsub (lua_State *L) {
  size_t ls, lp;
  const char *src = luaL_checklstring(L, 1, &ls);
  const char *p = luaL_checklstring(L, 2, &lp);
  const char *lastmatch = NULL;
  int kind = lua_type(L, 3);
  lua_Integer most = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
  int anchored = (*p == '^');
  lua_Integer n = 0;
  int changed = 0;
  Matcher m;
  luaL_Buffer b;
  luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING ||
                   kind == LUA_TFUNCTION || kind == LUA_TTABLE, 3,
                   "string/function/table");
  luaL_buffinit(L, &b);
  if (anchored) {
    p++;
    lp--;
  }
  setup(&m, L, src, ls, p, lp);
  while (n < most) {
    const char *e;
    restart(&m);
    if ((e = domatch(&m, src, p)) != NULL && e != lastmatch) {
      n++;
      changed = addvalue(&m, &b, src, e, kind) | changed;
      src = lastmatch = e;
    }
    else if (src < m.srcend)
      luaL_addchar(&b, *src++);
    else
      break;
    if (anchored)
      break;
  }
  if (!changed)
    lua_pushvalue(L, 1);  /* the original string */
  else {
    luaL_addlstring(&b, src, (size_t)(m.srcend - src));
    luaL_pushresult(&b);
  }
  lua_pushinteger(L, n);
  return 2;
}


/*
** Replaces the four pattern functions in the 'string' table (which is
** also the strings' __index, so ("x"):find(...) is covered).
*/
void clua_guardpatterns (lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"find", find}, {"match", match}, {"gmatch", gmatch}, {"gsub", gsub},
    {NULL, NULL}
  };
  if (lua_getglobal(L, LUA_STRLIBNAME) == LUA_TTABLE)
    luaL_setfuncs(L, funcs, 0);
  lua_pop(L, 1);
}
