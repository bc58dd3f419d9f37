/* addrset.c — the cold paths of AddrSet (finding and creating chunk bitmaps, odd
 * addresses) and the AddrMap hash table. The hot inline paths are in addrset.h. */
#include "layout/addrset.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

/* ---- AddrMap ------------------------------------------------------------------------ */

void addrset_map_init(AddrMap *m)
{
    memset(m, 0, sizeof *m);
}

void addrset_map_free(AddrMap *m)
{
    free(m->slots);
    addrset_map_init(m);
}

static void map_insert_slot(AddrMapSlot *slots, size_t cap, unsigned shift, AddrMapSlot s)
{
    for (size_t i = addrset_map_hash_(s.key, shift);; i = (i + 1) & (cap - 1)) {
        if (slots[i].key == 0) {
            slots[i] = s;
            return;
        }
    }
}

/* Keep the load factor at or below 1/2 so probe runs stay short. */
static void map_grow(AddrMap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    unsigned shift = 64;
    for (size_t c = cap; c > 1; c >>= 1)
        shift--;
    AddrMapSlot *slots = xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key)
            map_insert_slot(slots, cap, shift, m->slots[i]);
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    m->shift = shift;
}

bool addrset_map_put(AddrMap *m, const void *key, size_t value)
{
    uintptr_t k = (uintptr_t)key;
    if (k == 0)
        return false;
    if ((m->count + 1) * 2 > m->cap)
        map_grow(m);
    for (size_t i = addrset_map_hash_(k, m->shift);; i = (i + 1) & (m->cap - 1)) {
        AddrMapSlot *s = &m->slots[i];
        if (s->key == k) {
            s->value = value;
            return false;
        }
        if (s->key == 0) {
            s->key = k;
            s->value = value;
            m->count++;
            return true;
        }
    }
}

/* ---- AddrSet ------------------------------------------------------------------------ */

void addrset_init(AddrSet *s)
{
    memset(s, 0, sizeof *s);
    addrset_map_init(&s->odd);
}

void addrset_free(AddrSet *s)
{
    for (size_t i = 0; i < s->chunk_cap; i++)
        free(s->chunks[i].bits);
    free(s->chunks);
    addrset_map_free(&s->odd);
    addrset_init(s);
}

size_t addrset_bytes(const AddrSet *s)
{
    return s->nchunks * ADDRSET_CHUNK_WORDS * sizeof(uint64_t)
           + s->chunk_cap * sizeof(AddrSetChunk) + s->odd.cap * sizeof(AddrMapSlot);
}

static size_t chunk_slot(uintptr_t key, size_t cap)
{
    /* Chunk numbers are small consecutive integers: spread them with a multiply. */
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);
}

static void chunks_grow(AddrSet *s)
{
    size_t cap = s->chunk_cap ? s->chunk_cap * 2 : 64;
    AddrSetChunk *table = xcalloc(cap, sizeof *table);
    for (size_t i = 0; i < s->chunk_cap; i++) {
        if (!s->chunks[i].key)
            continue;
        size_t j = chunk_slot(s->chunks[i].key, cap);
        while (table[j].key)
            j = (j + 1) & (cap - 1);
        table[j] = s->chunks[i];
    }
    free(s->chunks);
    s->chunks = table;
    s->chunk_cap = cap;
}

/* The bitmap of chunk `key` (created zeroed when `create`), which becomes the cached one.
 * Returns NULL only when !create and the chunk has no members. */
uint64_t *addrset_chunk_(AddrSet *s, uintptr_t key, bool create)
{
    if (create && (s->nchunks + 1) * 2 > s->chunk_cap)
        chunks_grow(s);
    if (s->chunk_cap == 0)
        return NULL;
    size_t i = chunk_slot(key, s->chunk_cap);
    while (s->chunks[i].key && s->chunks[i].key != key)
        i = (i + 1) & (s->chunk_cap - 1);
    AddrSetChunk *c = &s->chunks[i];
    if (!c->key) {
        if (!create)
            return NULL;
        c->key = key;
        c->bits = xcalloc(ADDRSET_CHUNK_WORDS, sizeof(uint64_t));
        s->nchunks++;
    }
    s->last_key = key;
    s->last_bits = c->bits;
    return c->bits;
}

bool addrset_add_odd_(AddrSet *s, uintptr_t a)
{
    if (addrset_map_get(&s->odd, (const void *)a, NULL))
        return false;
    addrset_map_put(&s->odd, (const void *)a, 1);
    s->count++;
    return true;
}

/* ---- AddrMarks ---------------------------------------------------------------------------- */

void addrmarks_init(AddrMarks *m)
{
    memset(m, 0, sizeof *m);
    addrset_map_init(&m->odd);
}

void addrmarks_free(AddrMarks *m)
{
    for (size_t i = 0; i < m->chunk_cap; i++)
        free(m->chunks[i].bits);
    free(m->chunks);
    addrset_map_free(&m->odd);
    addrmarks_init(m);
}

size_t addrmarks_bytes(const AddrMarks *m)
{
    return m->nchunks * ADDRMARKS_CHUNK_WORDS * sizeof(uint64_t) +
           m->chunk_cap * sizeof(AddrSetChunk) + m->odd.cap * sizeof(AddrMapSlot);
}

static AddrSetChunk *marks_find(AddrSetChunk *chunks, size_t cap, uintptr_t key)
{
    size_t i = chunk_slot(key, cap);
    while (chunks[i].key && chunks[i].key != key)
        i = (i + 1) & (cap - 1);
    return &chunks[i];
}

static void marks_grow(AddrMarks *m)
{
    size_t cap = m->chunk_cap ? m->chunk_cap * 2 : 64;
    AddrSetChunk *table = xcalloc(cap, sizeof *table);
    for (size_t i = 0; i < m->chunk_cap; i++)
        if (m->chunks[i].key)
            *marks_find(table, cap, m->chunks[i].key) = m->chunks[i];
    free(m->chunks);
    m->chunks = table;
    m->chunk_cap = cap;
}

uint64_t *addrmarks_chunk_(AddrMarks *m, uintptr_t key)
{
    if ((m->nchunks + 1) * 2 > m->chunk_cap)
        marks_grow(m);
    AddrSetChunk *c = marks_find(m->chunks, m->chunk_cap, key);
    if (!c->key) {
        c->key = key;
        c->bits = xcalloc(ADDRMARKS_CHUNK_WORDS, sizeof(uint64_t));
        m->nchunks++;
    }
    m->last_key = key;
    m->last_bits = c->bits;
    return c->bits;
}

unsigned addrmarks_set_odd_(AddrMarks *m, uintptr_t a, unsigned marks)
{
    size_t old = 0;
    addrset_map_get(&m->odd, (const void *)a, &old);
    addrset_map_put(&m->odd, (const void *)a, old | (marks & 3));
    return (unsigned)old;
}

unsigned addrmarks_get(const AddrMarks *m, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (a & (((uintptr_t)1 << ADDRSET_GRAIN_SHIFT) - 1)) {
        size_t v = 0;
        addrset_map_get(&m->odd, p, &v);
        return (unsigned)v;
    }
    if (!m->chunk_cap)
        return 0;
    uintptr_t key = (a >> ADDRSET_CHUNK_SHIFT) + 1;
    const AddrSetChunk *c = marks_find(m->chunks, m->chunk_cap, key);
    if (!c->key)
        return 0;
    size_t grain = (a >> ADDRSET_GRAIN_SHIFT) & (ADDRSET_CHUNK_WORDS * 64 - 1);
    return (unsigned)(c->bits[grain >> 5] >> ((grain & 31) * 2)) & 3;
}
