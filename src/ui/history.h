/* history.h — input history: bounded, searchable, persisted across runs in one file that is
 * written atomically (temp file in the same folder, fsync, rename), so a crash never loses or
 * corrupts it; a damaged file is read as far as it makes sense and never stops objscope.
 * Pure logic (no curses). Entries may span lines (a whole `def` block is one entry). */
#ifndef OBJSCOPE_HISTORY_H
#define OBJSCOPE_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

typedef struct History History;

/* Keep at most `max` entries (oldest dropped first). */
History *history_new(size_t max);
void history_free(History *h);

/* Default file: $XDG_STATE_HOME/objscope/history, else ~/.local/state/objscope/history.
 * Owned string, or NULL when neither variable gives a usable directory. */
char *history_default_path(void);

/* Load entries from path (a missing file is not an error). Returns 0, or -1 with a message in
 * *err (owned) when the file could not be read; what could be read is kept either way. */
int history_load(History *h, const char *path, char **err);
/* Write all entries to path atomically, creating its folder. 0, or -1 with *err (owned). */
int history_save(const History *h, const char *path, char **err);

/* Add an entry (ignored when empty or blank, or equal to the newest one). Resets navigation. */
void history_add(History *h, const char *entry);
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
