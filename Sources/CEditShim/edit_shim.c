/*
** CEditShim implementation: libedit's native API behind a small non-variadic surface.
** Quirks handled here are listed in lua-embedding.md §3.2 (locale, the kept '\n', EINTR on
** Ctrl-C only without SA_RESTART, EL_SIGNAL re-sending signals to the process group).
*/
#define _GNU_SOURCE
#include "edit_shim.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

struct sl_edit {
  EditLine *el;
  History *h;
  HistEvent ev;
  char *prompt;                 /* current prompt, owned */
  sl_edit_complete_fn complete;
  void *ctx;
  FILE *out;
};

/* Set by the SIGINT handler while 'el_gets' runs. */
static volatile sig_atomic_t interrupted = 0;

static void on_sigint (int sig) {
  (void)sig;
  interrupted = 1;
}

/*
** libedit "respects the LC_CTYPE locale set by the application program and never uses
** setlocale(3)" (editline(3)); without a UTF-8 LC_CTYPE, typed 'é' is dropped.
*/
static void use_utf8_ctype (void) {
  const char *set = setlocale(LC_CTYPE, "");
  const char *codeset = set ? nl_langinfo(CODESET) : NULL;
  if (codeset == NULL || (strcasecmp(codeset, "UTF-8") != 0 &&
                          strcasecmp(codeset, "utf8") != 0)) {
    if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
      setlocale(LC_CTYPE, "C.utf8");
  }
}

static char *prompt_cb (EditLine *el) {
  sl_edit *e = NULL;
  el_get(el, EL_CLIENTDATA, &e);
  return (e && e->prompt) ? e->prompt : (char *)"";
}

/* Bound to Tab: hands the text before the cursor to the host's completion callback. */
static unsigned char complete_cb (EditLine *el, int ch) {
  sl_edit *e = NULL;
  const LineInfo *li;
  char *before;
  int r = SL_EDIT_BEEP;
  (void)ch;
  el_get(el, EL_CLIENTDATA, &e);
  if (e == NULL || e->complete == NULL) return CC_ERROR;
  li = el_line(el);
  before = strndup(li->buffer, (size_t)(li->cursor - li->buffer));
  if (before == NULL) return CC_ERROR;
  r = e->complete(e->ctx, e, before);
  free(before);
  switch (r) {
    case SL_EDIT_REFRESH: return CC_REFRESH;
    case SL_EDIT_REDISPLAY: return CC_REDISPLAY;
    default: return CC_ERROR;
  }
}

sl_edit *sl_edit_open (const char *prog, int histsize, sl_edit_complete_fn complete,
                       void *ctx) {
  sl_edit *e;
  use_utf8_ctype();
  e = calloc(1, sizeof *e);
  if (e == NULL) return NULL;
  e->el = el_init(prog, stdin, stdout, stderr);
  e->h = history_init();
  if (e->el == NULL || e->h == NULL) {
    if (e->el) el_end(e->el);
    if (e->h) history_end(e->h);
    free(e);
    return NULL;
  }
  e->complete = complete;
  e->ctx = ctx;
  e->out = stdout;
  history(e->h, &e->ev, H_SETSIZE, histsize);
  history(e->h, &e->ev, H_SETUNIQUE, 1);  /* a repeated chunk is not stored twice in a row */
  el_set(e->el, EL_CLIENTDATA, e);
  el_set(e->el, EL_HIST, history, e->h);
  el_set(e->el, EL_PROMPT_ESC, prompt_cb, '\1');
  el_set(e->el, EL_EDITOR, "emacs");
  /* EL_SIGNAL's handlers re-send signals with kill(0, sig) to the whole process group */
  el_set(e->el, EL_SIGNAL, 0);
  el_set(e->el, EL_ADDFN, "scalelab-complete", "Complete a Lua name", complete_cb);
  el_set(e->el, EL_BIND, "^I", "scalelab-complete", NULL);
  el_set(e->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
  el_source(e->el, NULL);  /* the user's ~/.editrc (or $EDITRC) may override the defaults */
  return e;
}

int sl_edit_read (sl_edit *e, const char *prompt, char **out, size_t *len) {
  struct sigaction sa, old;
  const char *s;
  char *copy;
  int n = 0, err;
  size_t l;
  free(e->prompt);
  e->prompt = strdup(prompt ? prompt : "");
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_sigint;
  sa.sa_flags = 0;  /* no SA_RESTART: the blocked read() must fail with EINTR */
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, &old);
  interrupted = 0;
  el_resize(e->el);  /* EL_SIGNAL is off, so nobody else tracks SIGWINCH */
  errno = 0;
  s = el_gets(e->el, &n);
  err = errno;
  sigaction(SIGINT, &old, NULL);
  if (s == NULL) {
    if (interrupted || (n == -1 && err == EINTR)) return SL_EDIT_INTERRUPTED;
    errno = err;
    return n == 0 ? SL_EDIT_EOF : SL_EDIT_ERROR;
  }
  l = strlen(s);
  if (l > 0 && s[l - 1] == '\n') l--;  /* el_gets keeps the newline */
  copy = malloc(l + 1);
  if (copy == NULL) return SL_EDIT_ERROR;
  memcpy(copy, s, l);
  copy[l] = '\0';
  *out = copy;
  *len = l;
  return SL_EDIT_LINE;
}

int sl_edit_insert (sl_edit *e, const char *text) {
  return el_insertstr(e->el, text);
}

void sl_edit_print (sl_edit *e, const char *text) {
  fputs(text, e->out);
  fflush(e->out);
}

void sl_edit_history_add (sl_edit *e, const char *entry) {
  history(e->h, &e->ev, H_ENTER, entry);
}

int sl_edit_history_load (sl_edit *e, const char *file) {
  return history(e->h, &e->ev, H_LOAD, file);
}

int sl_edit_history_count (sl_edit *e) {
  if (history(e->h, &e->ev, H_GETSIZE) == -1) return 0;
  return e->ev.num;
}

int sl_edit_history_save (sl_edit *e, const char *file) {
  size_t n = strlen(file) + 32;
  char *tmp = malloc(n);
  int fd, err;
  FILE *fp;
  if (tmp == NULL) return -1;
  snprintf(tmp, n, "%s.tmp.%ld", file, (long)getpid());
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd == -1) goto fail;
  fp = fdopen(fd, "w");
  if (fp == NULL) {
    err = errno;
    close(fd);
    errno = err;
    goto fail_unlink;
  }
  if (history(e->h, &e->ev, H_SAVE_FP, fp) == -1 || fflush(fp) != 0 ||
      fsync(fileno(fp)) != 0) {
    err = errno ? errno : EIO;
    fclose(fp);
    errno = err;
    goto fail_unlink;
  }
  if (fclose(fp) != 0) goto fail_unlink;
  if (rename(tmp, file) != 0) goto fail_unlink;
  free(tmp);
  return 0;
fail_unlink:
  err = errno;
  unlink(tmp);
  errno = err;
fail:
  err = errno;
  free(tmp);
  errno = err;
  return -1;
}

void sl_edit_free (char *line) {
  free(line);
}

void sl_edit_close (sl_edit *e) {
  if (e == NULL) return;
  /* lldb: "stop the terminal from flushing all input during the call to el_end()" */
  el_set(e->el, EL_EDITMODE, 0);
  el_end(e->el);
  history_end(e->h);
  free(e->prompt);
  free(e);
}
