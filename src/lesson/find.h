/* find.h — which lesson file a name means, and the trust policy: objscope's own lessons open at
 * once, a lesson file from anywhere else runs code, so the explorer asks first. */
#ifndef OBJSCOPE_LESSON_FIND_H
#define OBJSCOPE_LESSON_FIND_H

#include <stdbool.h>

/* A lesson by number ("4"), id ("04-slots"), part of its name ("slots") among the shipped
 * lessons, or a path to a .md file (which must be readable). Owned path, or NULL. */
char *lesson_find(const char *name);

/* True when path is one of objscope's own lessons (inside its lessons folder, symbolic links
 * resolved): it may open without asking. */
bool lesson_is_shipped(const char *path);

#endif
