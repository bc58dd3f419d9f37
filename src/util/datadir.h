/* datadir.h — finding objscope's own files (themes, lessons) next to the binary: in the source
 * tree (build/objscope, build/python3.12/objscope) or installed (PREFIX/share/objscope). */
#ifndef OBJSCOPE_DATADIR_H
#define OBJSCOPE_DATADIR_H

/* The folder `sub` ("assets/themes", "lessons") for this binary; owned, or NULL if absent. */
char *datadir_find(const char *sub);

#endif
