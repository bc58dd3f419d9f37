/* history.h — input history: bounded and searchable in memory, and kept on disk as a log that
 * each entry is appended to as it is entered, so closing the terminal, a signal, a crash or a
 * second objscope never loses one. The log is compacted atomically when it grows too large; a
 * damaged or torn record is skipped and never stops objscope. Pure logic (no curses). Entries
 * may span lines (a whole `def` block is one entry). */
#ifndef OBJSCOPE_HISTORY_H
#define OBJSCOPE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct History History;

/* The log is compacted when it grows past this many bytes, down to at most half of it. */
#define HISTORY_FILE_LIMIT (1024 * 1024)

/* Keep at most `max` entries (oldest dropped first), in memory and when compacting the log. */
History *history_new(size_t max);
void history_free(History *h);

/* Default file: $XDG_STATE_HOME/objscope/history, else ~/.local/state/objscope/history.
 * Owned string, or NULL when neither variable gives a usable directory. */
char *history_default_path(void);

/* Attach the log at path (created with its folders when missing): temp files left by an
 * interrupted compaction are removed, its entries are loaded (as history_load), a file in the
 * format of earlier versions (no header) is rewritten as a log, one past the size limit is
 * compacted, and from now on history_add() appends each new entry to it. Returns 0, or -1 with
 * a message in *err (owned) when it could not be read or cannot be written; what could be read
 * is kept and appending is still tried. NULL path: nothing is attached. */
int history_open(History *h, const char *path, char **err);

/* Read a history file (the log, or the one-entry-per-line file of earlier versions) into h
 * without attaching it (a missing file is not an error). 0, or -1 with *err (owned) when the
 * file could not be read; what could be read is kept either way. */
int history_load(History *h, const char *path, char **err);

/* Compact at `bytes` instead of HISTORY_FILE_LIMIT (tests use small limits). */
void history_set_file_limit(History *h, size_t bytes);

/* Add an entry (ignored when empty or blank, or equal to the newest one) and, when a log is
 * attached, append it there. Resets navigation. */
void history_add(History *h, const char *entry);

/* The message of an append or compaction that failed (owned), or NULL. Each run of failures is
 * reported once: after one, NULL until an append has worked again. */
char *history_take_error(History *h);

size_t history_count(const History *h);
const char *history_get(const History *h, size_t i); /* 0 = oldest */

/* Up/Down navigation. history_prev() first saves `current` (the unsubmitted text) so that
 * history_next() past the newest entry gives it back. NULL when there is nothing further. */
const char *history_prev(History *h, const char *current);
const char *history_next(History *h);
void history_reset_navigation(History *h);

/* Ctrl-R: the newest entry older than index `before` (history_count() to start) containing
 * `needle`; returns its index or -1. */
long history_search_back(const History *h, const char *needle, size_t before);

#endif
