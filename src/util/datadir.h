/* datadir.h — finding objscope's own files (themes, lessons): in the source tree a build-tree
 * binary belongs to (build/objscope, build/python3.12/objscope), next to an installed binary
 * (PREFIX/bin/objscope → PREFIX/share/objscope), or, when neither can be seen (no /proc, a
 * moved binary), in the share folder compiled in from the build's PREFIX. */
#ifndef OBJSCOPE_DATADIR_H
#define OBJSCOPE_DATADIR_H

/* The folder `sub` ("assets/themes", "lessons") for this binary; owned, or NULL if absent. */
char *datadir_find(const char *sub);

/* The same search for a binary at `exe` (NULL: unknown) with `installed` as the compiled-in
 * share folder: the source tree, then exe's ../share/objscope, then `installed`. */
char *datadir_search(const char *exe, const char *installed, const char *sub);

#endif
