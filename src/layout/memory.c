/* memory.c — static-or-heap verdicts (dladdr) and real allocator block sizes (pymalloc's pool
 * header, glibc's malloc_usable_size), used for allocator slack and footprints. */
#include <Python.h>

#include <dlfcn.h>
#include <malloc.h>
#include <stdint.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"
#include "layout/memory.h"

bool memory_is_static(const void *p)
{
    Dl_info info;
    return p && dladdr(p, &info) != 0;
}

#if defined(__SANITIZE_ADDRESS__)
/* From the sanitizer's allocator interface (its header is not always installed). */
int __sanitizer_get_ownership(const volatile void *p);
#endif

/* Does the block look like one glibc's malloc handed out for `request` bytes? Its chunk header
 * (the size word just before it) must describe a chunk that fits the request; a block carved
 * out of a pymalloc arena has another object's bytes there. Only then may glibc be asked, since
 * malloc_usable_size on a pointer malloc does not own is undefined. Under AddressSanitizer the
 * sanitizer's allocator answers for itself. */
static bool malloc_owns(const void *block, size_t request)
{
#if defined(__SANITIZE_ADDRESS__)
    (void)request;
    return __sanitizer_get_ownership(block) != 0;
#else
    size_t word;
    memcpy(&word, (const char *)block - sizeof word, sizeof word);
    size_t chunk = word & ~(size_t)7;
    bool mmapped = word & 2;
    if (chunk < request + sizeof word || chunk > request + 2 * 4096 + 64)
        return false;
    if (mmapped) /* an mmapped chunk starts (two words before the block) on a page boundary */
        return (((uintptr_t)block - 2 * sizeof word) & 4095) == 0;
    return true;
#endif
}

static size_t malloc_size(const void *block, size_t request)
{
    if (!malloc_owns(block, request))
        return 0;
    size_t usable = malloc_usable_size((void *)block);
    /* glibc rounds to 16 (+8 header); mmapped chunks round to a page. Anything else means
     * the block was not malloc's, so say nothing. */
    if (usable < request || usable > request + 4096 + 32)
        return 0;
    return usable;
}

typedef enum { ALLOC_UNKNOWN, ALLOC_PYMALLOC, ALLOC_MALLOC, ALLOC_OTHER } AllocatorKind;

/* Which allocator CPython uses, asked once: it is fixed before the interpreter starts. */
static AllocatorKind allocator_kind(void)
{
    static AllocatorKind kind = ALLOC_UNKNOWN;
    if (kind != ALLOC_UNKNOWN)
        return kind;
    const char *name = internals_allocator_name();
    kind = strcmp(name, "pymalloc") == 0 ? ALLOC_PYMALLOC
           : strcmp(name, "malloc") == 0 ? ALLOC_MALLOC
                                         : ALLOC_OTHER; /* debug allocators add guards */
    return kind;
}

bool memory_is_pymalloc_;

size_t memory_allocator_size_slow_(const void *block, size_t request)
{
    if (!block || request == 0)
        return 0;
    switch (allocator_kind()) {
    case ALLOC_PYMALLOC:
        memory_is_pymalloc_ = true;
        return request <= FACT_PYMALLOC_THRESHOLD ? memory_pymalloc_size_(block, request)
                                                  : malloc_size(block, request);
    case ALLOC_MALLOC:
        return malloc_size(block, request);
    default:
        return 0; /* do not guess */
    }
}
