/* addrset.h — sets and maps keyed by memory address, for walks over millions of objects.
 *
 * AddrSet answers "seen this address before?" and is the hot spot of a deep walk. Heap
 * objects are 16-byte aligned and packed into allocator arenas, so the set is a two-level
 * bitmap rather than a hash table: the address space is cut into 1 MiB chunks, and each
 * chunk that holds a member gets a 65,536-bit bitmap (one bit per 16 bytes, 8 KiB). The
 * chunk of the previous lookup is cached, so most lookups are one shift, one compare and
 * one word of a bitmap that is already in cache. Other chunks are found through a small
 * open-addressing table. Addresses that are not 16-byte aligned (static objects inside a
 * shared library) go to an AddrMap instead. AddrMarks (two bits an address) and AddrIds (a
 * number an address) use the same chunks.
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
#define ADDRSET_CHUNK_GRAINS ((size_t)1 << (ADDRSET_CHUNK_SHIFT - ADDRSET_GRAIN_SHIFT))
#define ADDRSET_CHUNK_WORDS (ADDRSET_CHUNK_GRAINS / 64)

/* ---- the chunk table the three structures below share ----------------------------------------
 * Address space in 1 MiB chunks, each with `data_bytes` of zeroed data once something in it is
 * stored; found through a small open-addressing table, the last one cached. */

typedef struct {
    uintptr_t key;  /* chunk number + 1 (address >> ADDRSET_CHUNK_SHIFT, plus 1); 0 = empty */
    void *data;     /* owned */
} AddrChunk;

typedef struct {
    uintptr_t last_key;     /* key of last_data (0: none cached) */
    void *last_data;
    AddrChunk *chunks;
    size_t cap, n;
    size_t data_bytes;
} AddrChunks;

void addrchunks_init(AddrChunks *c, size_t data_bytes);
void addrchunks_free(AddrChunks *c);
size_t addrchunks_bytes(const AddrChunks *c);
/* The data of chunk `key` (created zeroed when `create`), which becomes the cached one.
 * NULL only when !create and the chunk has nothing. */
void *addrchunks_get_(AddrChunks *c, uintptr_t key, bool create);

static inline uintptr_t addrset_chunk_key_(uintptr_t a)
{
    return (a >> ADDRSET_CHUNK_SHIFT) + 1;
}

static inline size_t addrset_grain_(uintptr_t a)
{
    return (a >> ADDRSET_GRAIN_SHIFT) & (ADDRSET_CHUNK_GRAINS - 1);
}

static inline bool addrset_odd_(uintptr_t a)
{
    return a & (((uintptr_t)1 << ADDRSET_GRAIN_SHIFT) - 1);
}

static inline void *addrchunks_get(AddrChunks *c, uintptr_t a, bool create)
{
    uintptr_t key = addrset_chunk_key_(a);
    return key == c->last_key ? c->last_data : addrchunks_get_(c, key, create);
}

/* ---- AddrSet: one bit per address -------------------------------------------------------------- */

typedef struct {
    AddrChunks chunks;      /* ADDRSET_CHUNK_WORDS words of bits each */
    AddrMap odd;            /* members that are not 16-byte aligned */
    size_t count;           /* members */
} AddrSet;

void addrset_init(AddrSet *s);
/* Free every chunk; the set is empty and reusable afterwards. */
void addrset_free(AddrSet *s);
/* Memory the set holds, in bytes (for the benchmark and the curious). */
size_t addrset_bytes(const AddrSet *s);

bool addrset_add_odd_(AddrSet *s, uintptr_t a);

/* Add p. Returns true when p was not a member yet. */
static inline bool addrset_add(AddrSet *s, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (addrset_odd_(a))
        return addrset_add_odd_(s, a);
    uint64_t *bits = addrchunks_get(&s->chunks, a, true);
    size_t bit = addrset_grain_(a);
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
    if (addrset_odd_(a))
        return addrset_map_get(&s->odd, p, NULL);
    uint64_t *bits = addrchunks_get(&s->chunks, a, false);
    if (!bits)
        return false;
    size_t bit = addrset_grain_(a);
    return (bits[bit >> 6] >> (bit & 63)) & 1;
}

/* ---- AddrMarks: two independent marks per address -----------------------------------------------
 * Two bits per 16-byte grain, so a walk that tracks membership of two graphs at once touches one
 * cache line per object instead of two. */

typedef struct {
    AddrChunks chunks;      /* 2 * ADDRSET_CHUNK_WORDS words each */
    AddrMap odd;            /* marks of addresses that are not 16-byte aligned */
} AddrMarks;

void addrmarks_init(AddrMarks *m);
void addrmarks_free(AddrMarks *m);
size_t addrmarks_bytes(const AddrMarks *m);
unsigned addrmarks_set_odd_(AddrMarks *m, uintptr_t a, unsigned marks);

/* Set `marks` (a mask of 1 and 2) on p; returns the marks p had before. */
static inline unsigned addrmarks_set(AddrMarks *m, const void *p, unsigned marks)
{
    uintptr_t a = (uintptr_t)p;
    if (addrset_odd_(a))
        return addrmarks_set_odd_(m, a, marks);
    uint64_t *bits = addrchunks_get(&m->chunks, a, true);
    size_t grain = addrset_grain_(a);
    uint64_t *word = &bits[grain >> 5];
    unsigned shift = (unsigned)(grain & 31) * 2;
    unsigned old = (unsigned)(*word >> shift) & 3;
    *word |= (uint64_t)(marks & 3) << shift;
    return old;
}

/* The marks p has (0 when none). */
unsigned addrmarks_get(AddrMarks *m, const void *p);

/* ---- AddrIds: a small number for each address ---------------------------------------------------
 * Numbers the objects of a graph: a uint32_t per 16-byte grain (0 = none), so consecutive objects
 * share cache lines, as they share the heap. */

typedef struct {
    AddrChunks chunks;      /* ADDRSET_CHUNK_GRAINS ids each */
    AddrMap odd;            /* ids of addresses that are not 16-byte aligned */
} AddrIds;

void addrids_init(AddrIds *m);
void addrids_free(AddrIds *m);
size_t addrids_bytes(const AddrIds *m);
uint32_t *addrids_odd_(AddrIds *m, uintptr_t a);

/* The slot holding p's id (0 until set): read it, or store a new id in it. */
static inline uint32_t *addrids_slot(AddrIds *m, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (addrset_odd_(a))
        return addrids_odd_(m, a);
    uint32_t *ids = addrchunks_get(&m->chunks, a, true);
    return &ids[addrset_grain_(a)];
}

#endif
