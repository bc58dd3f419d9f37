/* progress.h — which lesson steps a learner finished and where they were, persisted in
 * $XDG_STATE_HOME/objscope/progress with atomic writes. A corrupt file is kept aside (renamed,
 * with a message) and progress starts fresh; it never stops objscope. Pure C, no Python. */
#ifndef OBJSCOPE_PROGRESS_H
#define OBJSCOPE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>

typedef struct Progress Progress;

Progress *progress_new(void);
void progress_free(Progress *p);

/* $XDG_STATE_HOME/objscope/progress (or ~/.local/state/...); owned, NULL without a home. */
char *progress_default_path(void);

/* Load (a missing file is empty progress). A corrupt file is renamed to PATH.corrupt-N and
 * *warning (owned) says so; returns 0 then too. -1 with *warning only when the file exists but
 * cannot be read at all. */
int progress_load(Progress *p, const char *path, char **warning);
/* Write atomically (temp file in the same folder, fsync, rename). 0, or -1 with *err (owned). */
int progress_save(const Progress *p, const char *path, char **err);

size_t progress_current(const Progress *p, const char *lesson_id);           /* 0 if new */
void progress_set_current(Progress *p, const char *lesson_id, size_t step);
bool progress_done(const Progress *p, const char *lesson_id, size_t step);
void progress_mark_done(Progress *p, const char *lesson_id, size_t step);
size_t progress_done_count(const Progress *p, const char *lesson_id);
void progress_reset(Progress *p, const char *lesson_id);                     /* restart */

#endif
