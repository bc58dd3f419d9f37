/* addrset.h — sets and maps keyed by memory address, for walks over millions of objects.
 *
 * AddrSet answers "seen this address before?" and is the hot spot of a deep walk. Heap
 * objects are 16-byte aligned and packed into allocator arenas, so the set is a two-level
 * bitmap rather than a hash table: the address space is cut into 1 MiB chunks, and each
 * chunk that holds a member gets a 65,536-bit bitmap (one bit per 16 bytes, 8 KiB). The
 * chunk of the previous lookup is cached, so most lookups are one shift, one compare and
 * one word of a bitmap that is already in cache. Other chunks are found through a small
 * open-addressing table. Addresses that are not 16-byte aligned (static objects inside a
 * shared library) go to an AddrMap instead.
 *
 * AddrMap maps an address to a size_t (open addressing, linear probing). It serves the
 * cold paths: odd addresses, the object → index table of the exclusive-size pass.
 *
 * Plain C, no Python.h: the callers hand in `const void *`. NULL is never a member. */
#ifndef OBJSCOPE_ADDRSET_H
#define OBJSCOPE_ADDRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uintptr_t key;   /* address, 0 = empty slot */
    size_t value;
} AddrMapSlot;

typedef struct {
    AddrMapSlot *slots;   /* owned; NULL until the first put */
    size_t cap;           /* power of two, or 0 */
    unsigned shift;       /* 64 - log2(cap): the hash keeps the top bits */
    size_t count;
} AddrMap;

void addrset_map_init(AddrMap *m);
void addrset_map_free(AddrMap *m);
/* Insert or overwrite. Returns true when the key was not there before. */
bool addrset_map_put(AddrMap *m, const void *key, size_t value);

static inline size_t addrset_map_hash_(uintptr_t key, unsigned shift)
{
    /* Fibonacci hashing: multiply, keep the top bits (the low bits of an address are 0s). */
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> shift);
}

/* Look key up; on a hit store its value in *value (if not NULL) and return true. */
static inline bool addrset_map_get(const AddrMap *m, const void *key, size_t *value)
{
    if (m->count == 0)
        return false;
    uintptr_t k = (uintptr_t)key;
    size_t mask = m->cap - 1;
    for (size_t i = addrset_map_hash_(k, m->shift);; i = (i + 1) & mask) {
        const AddrMapSlot *s = &m->slots[i];
        if (s->key == k) {
            if (value)
                *value = s->value;
            return true;
        }
        if (s->key == 0)
            return false;
    }
}

#define ADDRSET_GRAIN_SHIFT 4   /* one bit per 16 bytes */
#define ADDRSET_CHUNK_SHIFT 20  /* 1 MiB of address space per bitmap */
#define ADDRSET_CHUNK_WORDS ((size_t)1 << (ADDRSET_CHUNK_SHIFT - ADDRSET_GRAIN_SHIFT - 6))

typedef struct {
    uintptr_t key;    /* chunk number + 1 (address >> ADDRSET_CHUNK_SHIFT, plus 1); 0 = empty */
    uint64_t *bits;   /* ADDRSET_CHUNK_WORDS words, owned by the set */
} AddrSetChunk;

typedef struct {
    uintptr_t last_key;     /* chunk key of last_bits (0: none cached) */
    uint64_t *last_bits;
    AddrSetChunk *chunks;   /* open-addressing table of chunks, owned */
    size_t chunk_cap, nchunks;
    AddrMap odd;            /* members that are not 16-byte aligned */
    size_t count;           /* members */
} AddrSet;

void addrset_init(AddrSet *s);
/* Free every chunk; the set is empty and reusable afterwards. */
void addrset_free(AddrSet *s);
/* Memory the set holds, in bytes (for the benchmark and the curious). */
size_t addrset_bytes(const AddrSet *s);

/* Cold paths of the inline functions below. */
uint64_t *addrset_chunk_(AddrSet *s, uintptr_t key, bool create);
bool addrset_add_odd_(AddrSet *s, uintptr_t a);

/* Add p. Returns true when p was not a member yet. */
static inline bool addrset_add(AddrSet *s, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (a & (((uintptr_t)1 << ADDRSET_GRAIN_SHIFT) - 1))
        return addrset_add_odd_(s, a);
    uintptr_t key = (a >> ADDRSET_CHUNK_SHIFT) + 1;
    uint64_t *bits = key == s->last_key ? s->last_bits : addrset_chunk_(s, key, true);
    size_t bit = (a >> ADDRSET_GRAIN_SHIFT) & (ADDRSET_CHUNK_WORDS * 64 - 1);
    uint64_t mask = UINT64_C(1) << (bit & 63);
    uint64_t *word = &bits[bit >> 6];
    if (*word & mask)
        return false;
    *word |= mask;
    s->count++;
    return true;
}

static inline bool addrset_contains(AddrSet *s, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (a & (((uintptr_t)1 << ADDRSET_GRAIN_SHIFT) - 1))
        return addrset_map_get(&s->odd, p, NULL);
    uintptr_t key = (a >> ADDRSET_CHUNK_SHIFT) + 1;
    uint64_t *bits = key == s->last_key ? s->last_bits : addrset_chunk_(s, key, false);
    if (!bits)
        return false;
    size_t bit = (a >> ADDRSET_GRAIN_SHIFT) & (ADDRSET_CHUNK_WORDS * 64 - 1);
    return (bits[bit >> 6] >> (bit & 63)) & 1;
}

/* ---- AddrMarks: two independent marks per address ------------------------------------------
 * The same two-level layout as AddrSet with two bits per 16-byte grain, so a walk that tracks
 * membership of two graphs at once touches one cache line per object instead of two. */

#define ADDRMARKS_CHUNK_WORDS (ADDRSET_CHUNK_WORDS * 2)

typedef struct {
    uintptr_t last_key;
    uint64_t *last_bits;
    AddrSetChunk *chunks;   /* bits hold ADDRMARKS_CHUNK_WORDS words */
    size_t chunk_cap, nchunks;
    AddrMap odd;            /* marks of addresses that are not 16-byte aligned */
} AddrMarks;

void addrmarks_init(AddrMarks *m);
void addrmarks_free(AddrMarks *m);
size_t addrmarks_bytes(const AddrMarks *m);
uint64_t *addrmarks_chunk_(AddrMarks *m, uintptr_t key);
unsigned addrmarks_set_odd_(AddrMarks *m, uintptr_t a, unsigned marks);

/* Set `marks` (a mask of 1 and 2) on p; returns the marks p had before. */
static inline unsigned addrmarks_set(AddrMarks *m, const void *p, unsigned marks)
{
    uintptr_t a = (uintptr_t)p;
    if (a & (((uintptr_t)1 << ADDRSET_GRAIN_SHIFT) - 1))
        return addrmarks_set_odd_(m, a, marks);
    uintptr_t key = (a >> ADDRSET_CHUNK_SHIFT) + 1;
    uint64_t *bits = key == m->last_key ? m->last_bits : addrmarks_chunk_(m, key);
    size_t grain = (a >> ADDRSET_GRAIN_SHIFT) & (ADDRSET_CHUNK_WORDS * 64 - 1);
    uint64_t *word = &bits[grain >> 5];
    unsigned shift = (unsigned)(grain & 31) * 2;
    unsigned old = (unsigned)(*word >> shift) & 3;
    *word |= (uint64_t)(marks & 3) << shift;
    return old;
}

/* The marks p has (0 when none). */
unsigned addrmarks_get(const AddrMarks *m, const void *p);

#endif
