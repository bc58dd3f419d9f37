/* files.h — the files objscope reads and writes itself (history, lesson progress, config,
 * lessons): where its own live (the XDG base directories), opening one without ever hanging on
 * a FIFO or reading a directory, and replacing one atomically so a crash never leaves half. */
#ifndef OBJSCOPE_FILES_H
#define OBJSCOPE_FILES_H

#include <stddef.h>

/* $XDG_VAR/objscope/NAME when that variable holds an absolute path, else
 * $HOME/HOME_SUB/objscope/NAME; owned, or NULL when neither is usable.
 * e.g. files_state_path("XDG_STATE_HOME", ".local/state", "history"). */
char *files_state_path(const char *xdg_var, const char *home_sub, const char *name);

/* Replace the file at path with data: folders created (mode 0700), a temporary file in the
 * same folder written and fsynced, renamed over the target, the folder fsynced. A symbolic link
 * is written through: the file it leads to is replaced (in that file's folder), the link stays.
 * A folder, FIFO, device or socket is refused, never replaced. On failure the old file is
 * untouched, no temporary file is left, and *err (owned, if err) says
 * "cannot save WHAT to PATH: reason". Returns 0 or -1. */
int files_write_atomic(const char *path, const char *data, size_t n, const char *what, char **err);

/* The file a save to path replaces: path, or where its symbolic links lead (a link to a file
 * not made yet included). Owned; NULL with *err (owned, if err) as files_write_atomic says it
 * when that is a folder, FIFO, device or socket, or the links go round. */
char *files_save_target(const char *path, const char *what, char **err);

/* The folder part of a path ("." for a bare name, "/" at the root). Owned. */
char *files_parent_dir(const char *path);

/* mkdir -p: the missing folders of dir are created with mode 0700. 0, or -1 with *err (owned,
 * if err) "cannot create directory DIR: reason". */
int files_make_dirs(const char *dir, char **err);

/* write() all n bytes, retrying after EINTR and short writes. 0, or -1 with errno set. */
int files_write_all(int fd, const char *s, size_t n);

/* Open a regular file for reading. -1 with errno set (ENOENT when it does not exist) and *why
 * (static text) when it cannot be opened or is a directory, FIFO or device. */
int files_open_regular(const char *path, const char **why);

#endif
