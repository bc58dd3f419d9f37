/* memory.h — where a block lives and what the allocator really handed out for it. */
#ifndef OBJSCOPE_MEMORY_H
#define OBJSCOPE_MEMORY_H

#include <stdbool.h>
#include <stddef.h>

/* True when p lies in a loaded image (libpython's data or .bss, the objscope binary):
 * a static object with no heap block. */
bool memory_is_static(const void *p);

/* Bytes the allocator handed out for a heap block that starts at `block` and was requested
 * with `request` bytes; 0 when it cannot be known safely. Only reads allocator metadata the
 * request size proves is there (a pymalloc pool header, or glibc's chunk header). */
size_t memory_allocator_size(const void *block, size_t request);

/* pymalloc's size class for a request (16-byte steps up to 512), 0 above. */
size_t memory_pymalloc_class(size_t request);

#endif
