/* memory.h — where a block lives and what the allocator really handed out for it. */
#ifndef OBJSCOPE_MEMORY_H
#define OBJSCOPE_MEMORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "layout/facts.h"

/* True when p lies in a loaded image (libpython's data or .bss, the objscope binary):
 * a static object with no heap block. */
bool memory_is_static(const void *p);

/* pymalloc's size class for a request (16-byte steps up to 512), 0 above. */
static inline size_t memory_pymalloc_class(size_t request)
{
    if (request == 0 || request > FACT_PYMALLOC_THRESHOLD)
        return 0;
    return (request + FACT_PYMALLOC_ALIGN - 1) & ~(size_t)(FACT_PYMALLOC_ALIGN - 1);
}

/* The pool header records the block size class; trust it only if it agrees with the request,
 * which also proves the block really is a pymalloc block of that pool. */
static inline size_t memory_pymalloc_size_(const void *block, size_t request)
{
    uintptr_t pool = (uintptr_t)block & ~(uintptr_t)(FACT_PYMALLOC_POOL_SIZE - 1);
    unsigned szidx;
    memcpy(&szidx, (const void *)(pool + FACT_PYMALLOC_SZIDX_OFFSET), sizeof szidx);
    size_t size = ((size_t)szidx + 1) * FACT_PYMALLOC_ALIGN;
    return size == memory_pymalloc_class(request) ? size : 0;
}

/* Set once the allocator is known to be pymalloc (memory.c asks the first time). */
extern bool memory_is_pymalloc_;

size_t memory_allocator_size_slow_(const void *block, size_t request);

/* Bytes the allocator handed out for a heap block that starts at `block` and was requested
 * with `request` bytes; 0 when it cannot be known safely. Only reads allocator metadata the
 * request size proves is there (a pymalloc pool header, or glibc's chunk header). Inline for
 * the common case: the deep walk asks it of every block it counts. */
static inline size_t memory_allocator_size(const void *block, size_t request)
{
    if (memory_is_pymalloc_ && block && request != 0 && request <= FACT_PYMALLOC_THRESHOLD)
        return memory_pymalloc_size_(block, request);
    return memory_allocator_size_slow_(block, request);
}

#endif
