/*
** CEditShim: the C half of scalelab's line editor. It wraps libedit's native API
** (<histedit.h>), whose 'el_set', 'el_get' and 'history' are variadic and so cannot be
** called from Swift. Follows docs: lua-embedding.md §3.3 ("minimal correct usage").
** Only the 'scalelab' executable uses it.
*/
#ifndef SCALELAB_CEDITSHIM_H
#define SCALELAB_CEDITSHIM_H

#include <stddef.h>

/* One line editor: an 'EditLine' with its 'History', prompt and completion callback. */
typedef struct sl_edit sl_edit;

/* What a completion callback did, turned into libedit's CC_* codes by the shim. */
enum {
  SL_EDIT_REFRESH = 0,    /* text was inserted: redraw the line */
  SL_EDIT_REDISPLAY = 1,  /* a list was printed below: redraw prompt and line */
  SL_EDIT_BEEP = 2        /* nothing to complete: ring the bell */
};

/* What 'sl_edit_read' returns. */
enum {
  SL_EDIT_LINE = 1,         /* a line was read (copied to *out, without its '\n') */
  SL_EDIT_EOF = 0,          /* end of input (Ctrl-D on an empty line) */
  SL_EDIT_ERROR = -1,       /* read error; errno is set */
  SL_EDIT_INTERRUPTED = -2  /* Ctrl-C: the partial line is discarded */
};

/*
** The completion callback: gets the line's text before the cursor (UTF-8); it may call
** 'sl_edit_insert' and 'sl_edit_print' and returns one of SL_EDIT_REFRESH/REDISPLAY/BEEP.
** It must not raise a Lua error or longjmp: it runs inside 'el_gets'.
*/
typedef int (*sl_edit_complete_fn) (void *ctx, sl_edit *e, const char *before_cursor);

/*
** Opens an editor on stdin/stdout/stderr. Sets LC_CTYPE from the environment (falling back to
** C.UTF-8 when that is not UTF-8), since libedit silently drops non-ASCII input otherwise.
** Returns NULL when libedit cannot be initialised.
*/
sl_edit *sl_edit_open (const char *prog, int histsize, sl_edit_complete_fn complete,
                       void *ctx);

/*
** Reads one line showing 'prompt'. While reading, SIGINT has a handler installed WITHOUT
** SA_RESTART, so Ctrl-C makes 'el_gets' fail with EINTR (SL_EDIT_INTERRUPTED); the previous
** SIGINT disposition is restored before returning. On SL_EDIT_LINE, '*out' is a malloc'ed
** copy of the line (may contain '\n' for a recalled multi-line entry), length in '*len'.
*/
int sl_edit_read (sl_edit *e, const char *prompt, char **out, size_t *len);

/* Inserts UTF-8 'text' at the cursor (for completion). Returns 0 on success, -1 on failure. */
int sl_edit_insert (sl_edit *e, const char *text);

/* Writes 'text' to the editor's output stream and flushes it (for completion lists). */
void sl_edit_print (sl_edit *e, const char *text);

/* Adds 'entry' (a whole chunk, possibly multi-line) as one history entry. */
void sl_edit_history_add (sl_edit *e, const char *entry);

/* Loads history from 'file'. Returns the number of entries read, or -1 (errno set). */
int sl_edit_history_load (sl_edit *e, const char *file);

/*
** Saves history to 'file' atomically: writes a temporary file created with mode 0600 in the
** same directory, syncs it, then renames it over 'file'. Returns 0, or -1 with errno set
** (the temporary file is removed on failure).
*/
int sl_edit_history_save (sl_edit *e, const char *file);

/* The number of history entries. */
int sl_edit_history_count (sl_edit *e);

/* Frees the line returned by 'sl_edit_read'. */
void sl_edit_free (char *line);

/* Restores the terminal and frees the editor. */
void sl_edit_close (sl_edit *e);

#endif
