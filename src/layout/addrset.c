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

/* ---- the chunk table ------------------------------------------------------------------------- */

void addrchunks_init(AddrChunks *c, size_t data_bytes)
{
    memset(c, 0, sizeof *c);
    c->data_bytes = data_bytes;
}

void addrchunks_free(AddrChunks *c)
{
    for (size_t i = 0; i < c->cap; i++)
        free(c->chunks[i].data);
    free(c->chunks);
    addrchunks_init(c, c->data_bytes);
}

size_t addrchunks_bytes(const AddrChunks *c)
{
    return c->n * c->data_bytes + c->cap * sizeof(AddrChunk);
}

static size_t chunk_slot(uintptr_t key, size_t cap)
{
    /* Chunk numbers are small consecutive integers: spread them with a multiply. */
    return (size_t)((key * UINT64_C(0x9E3779B97F4A7C15)) >> 32) & (cap - 1);
}

static AddrChunk *chunk_find(AddrChunk *chunks, size_t cap, uintptr_t key)
{
    size_t i = chunk_slot(key, cap);
    while (chunks[i].key && chunks[i].key != key)
        i = (i + 1) & (cap - 1);
    return &chunks[i];
}

static void chunks_grow(AddrChunks *c)
{
    size_t cap = c->cap ? c->cap * 2 : 64;
    AddrChunk *table = xcalloc(cap, sizeof *table);
    for (size_t i = 0; i < c->cap; i++)
        if (c->chunks[i].key)
            *chunk_find(table, cap, c->chunks[i].key) = c->chunks[i];
    free(c->chunks);
    c->chunks = table;
    c->cap = cap;
}

void *addrchunks_get_(AddrChunks *c, uintptr_t key, bool create)
{
    if (create && (c->n + 1) * 2 > c->cap)
        chunks_grow(c);
    if (c->cap == 0)
        return NULL;
    AddrChunk *ch = chunk_find(c->chunks, c->cap, key);
    if (!ch->key) {
        if (!create)
            return NULL;
        ch->key = key;
        ch->data = xcalloc(1, c->data_bytes);
        c->n++;
    }
    c->last_key = key;
    c->last_data = ch->data;
    return ch->data;
}

/* ---- AddrSet ------------------------------------------------------------------------------- */

void addrset_init(AddrSet *s)
{
    memset(s, 0, sizeof *s);
    addrchunks_init(&s->chunks, ADDRSET_CHUNK_WORDS * sizeof(uint64_t));
    addrset_map_init(&s->odd);
}

void addrset_free(AddrSet *s)
{
    addrchunks_free(&s->chunks);
    addrset_map_free(&s->odd);
    addrset_init(s);
}

size_t addrset_bytes(const AddrSet *s)
{
    return addrchunks_bytes(&s->chunks) + s->odd.cap * sizeof(AddrMapSlot);
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
    addrchunks_init(&m->chunks, 2 * ADDRSET_CHUNK_WORDS * sizeof(uint64_t));
    addrset_map_init(&m->odd);
}

void addrmarks_free(AddrMarks *m)
{
    addrchunks_free(&m->chunks);
    addrset_map_free(&m->odd);
}

size_t addrmarks_bytes(const AddrMarks *m)
{
    return addrchunks_bytes(&m->chunks) + m->odd.cap * sizeof(AddrMapSlot);
}

unsigned addrmarks_set_odd_(AddrMarks *m, uintptr_t a, unsigned marks)
{
    size_t old = 0;
    addrset_map_get(&m->odd, (const void *)a, &old);
    addrset_map_put(&m->odd, (const void *)a, old | (marks & 3));
    return (unsigned)old;
}

unsigned addrmarks_get(AddrMarks *m, const void *p)
{
    uintptr_t a = (uintptr_t)p;
    if (addrset_odd_(a)) {
        size_t v = 0;
        addrset_map_get(&m->odd, p, &v);
        return (unsigned)v;
    }
    const uint64_t *bits = addrchunks_get(&m->chunks, a, false);
    if (!bits)
        return 0;
    size_t grain = addrset_grain_(a);
    return (unsigned)(bits[grain >> 5] >> ((grain & 31) * 2)) & 3;
}

/* ---- AddrIds ------------------------------------------------------------------------------ */

void addrids_init(AddrIds *m)
{
    addrchunks_init(&m->chunks, ADDRSET_CHUNK_GRAINS * sizeof(uint32_t));
    addrset_map_init(&m->odd);
}

void addrids_free(AddrIds *m)
{
    addrchunks_free(&m->chunks);
    addrset_map_free(&m->odd);
}

size_t addrids_bytes(const AddrIds *m)
{
    return addrchunks_bytes(&m->chunks) + m->odd.cap * sizeof(AddrMapSlot);
}

/* Odd addresses keep their id in the map; the slot handed out is the map value's low half,
 * where a little-endian size_t keeps a uint32_t. It is good until the next call. */
uint32_t *addrids_odd_(AddrIds *m, uintptr_t a)
{
    if (!addrset_map_get(&m->odd, (const void *)a, NULL))
        addrset_map_put(&m->odd, (const void *)a, 0);
    for (size_t i = addrset_map_hash_(a, m->odd.shift);; i = (i + 1) & (m->odd.cap - 1))
        if (m->odd.slots[i].key == a)
            return (uint32_t *)&m->odd.slots[i].value;
}
