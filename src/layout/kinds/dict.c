/* kinds/dict.c — dict: the 48-byte PyDictObject, its keys table (header, index array, entries;
 * owned, or shared by a class's instances, or the static empty table) and a split dict's values
 * array (3.10 plain block, 3.11/3.12 block behind a prefix, 3.13 PyDictValues that may live
 * inside the owning instance). Internal structs are read through internals.h. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"
#include "util/xalloc.h"

/* Entries: PyDictKeyEntry {me_hash, me_key, me_value} (24 bytes: every 3.10 table, 3.11+
 * general tables), PyDictUnicodeEntry {me_key, me_value} (16 bytes: 3.11+ str-keyed tables). */
#define ENTRY_HAS_HASH(k) ((k)->entry_size == 3 * sizeof(void *))

/* The tag word after ma_used (ma_version_tag, Py_DEPRECATED outside the core in 3.12/3.13;
 * _ma_watcher_tag since 3.14); its offset is taken once here. */
static size_t version_offset(void)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    return offsetof(PyDictObject, FACT_DICT_TAG_MEMBER);
#pragma GCC diagnostic pop
}

/* A PyObject * row whose referent is recorded under a readable name ("key 'a'"), not the row's. */
static LayoutEntry *ref_row(LayoutBuilder *b, const char *name, size_t off, PyObject *p,
                            const char *via)
{
    LayoutEntry *e = lb_row(b, name, "PyObject *", off, sizeof(PyObject *), ROLE_POINTER);
    if (!e)
        return NULL;
    char v[128];
    lb_short_value(p, v, sizeof v);
    e->value = xstrdup(v);
    e->target = (uintptr_t)p;
    if (p) {
        e->target_type = lb_type_name(Py_TYPE(p));
        if (via)
            lb_ref(b, via, p);
    }
    return e;
}

/* "key 'a'" / "value of 'a'": short and already sanitised by lb_short_value. */
static char *via_text(const char *what, PyObject *key)
{
    char k[128];
    lb_short_value(key, k, sizeof k);
    return xasprintf("%s%s", what, k);
}

static void elided(LayoutBuilder *b, const char *name, const char *ctype, size_t off,
                   size_t first, size_t n, size_t each, LayoutRole role, const char *note)
{
    if (n == 0)
        return;
    char label[96];
    snprintf(label, sizeof label, n == 1 ? "%s[%zu]" : "%s[%zu..%zu]", name, first, first + n - 1);
    LayoutEntry *e = lb_row(b, label, ctype, off + first * each, n * each, role);
    if (!e)
        return;
    free(e->hex);
    e->hex = NULL;
    e->count = n;
    lb_note(e, "%s", note);
}

/* ---- keys table ----------------------------------------------------------------------------- */

static void keys_header_rows(LayoutBuilder *b, const DictKeysInfo *k)
{
    size_t end = 0;
    for (int i = 0; i < k->nfields; i++) {
        const InternalField *f = &k->fields[i];
        if (f->offset > end)
            lb_row(b, "(padding)", "", end, f->offset - end, ROLE_PADDING);
        end = f->offset + f->size;
        LayoutEntry *e = strcmp(f->ctype, "dict_lookup_func") == 0
                             ? lb_cptr(b, f->name, f->ctype, f->offset)
                             : lb_int(b, f->name, f->ctype, f->offset, f->size);
        if (strcmp(f->name, "dk_refcnt") == 0)
            lb_note(e, k->refcnt == 1 ? "one dict uses this table: counted by its __sizeof__"
                                      : "shared: not counted by this dict's __sizeof__");
        else if (strcmp(f->name, "dk_log2_size") == 0 || strcmp(f->name, "dk_size") == 0)
            lb_note(e, "%zu index slots", k->table_size);
        else if (strcmp(f->name, "dk_kind") == 0)
            lb_note(e, k->kind == DICT_KIND_GENERAL ? "general: any keys, entries keep the hash"
                       : k->kind == DICT_KIND_UNICODE ? "unicode: str keys only, no hash stored"
                                                      : "split: keys shared, values per dict");
        else if (strcmp(f->name, "dk_usable") == 0)
            lb_note(e, "entries still free before a resize");
        else if (strcmp(f->name, "dk_nentries") == 0)
            lb_note(e, "entries used so far, deleted ones included");
    }
}

/* The hash index: one signed int per slot, -1 empty, -2 dummy (deleted), else an entry index. */
static void indices_row(LayoutBuilder *b, const DictKeysInfo *k)
{
    size_t n = k->table_size, w = k->index_width, empty = 0, dummy = 0;
    const unsigned char *p = k->base + k->indices_offset;
    for (size_t i = 0; i < n; i++) {
        int64_t ix = w == 1 ? (int8_t)p[i] : 0;
        if (w == 2) { int16_t v; memcpy(&v, p + i * 2, 2); ix = v; }
        else if (w == 4) { int32_t v; memcpy(&v, p + i * 4, 4); ix = v; }
        else if (w == 8) memcpy(&ix, p + i * 8, 8);
        empty += ix == -1;
        dummy += ix == -2;
    }
    char ctype[40];
    snprintf(ctype, sizeof ctype, "int%zu_t[%zu]", w * 8, n);
    LayoutEntry *e = lb_data(b, "dk_indices", ctype, k->indices_offset, n * w);
    lb_value(e, "%zu used, %zu empty, %zu dummy", n - empty - dummy, empty, dummy);
    lb_note(e, "hash index, %zu byte%s per slot (wider as the table grows); -1 empty, "
            "-2 deleted", w, w == 1 ? "" : "s");
}

static void entry_rows(LayoutBuilder *b, const DictKeysInfo *k, const DictValuesInfo *v, size_t i)
{
    size_t off = k->entries_offset + i * k->entry_size, key_off = ENTRY_HAS_HASH(k) ? 8 : 0;
    PyObject *key, *value;
    internals_dict_entry(k, v, i, &key, &value);
    char name[64];
    if (!key) {
        snprintf(name, sizeof name, "entries[%zu]", i);
        lb_note(lb_row(b, name, ENTRY_HAS_HASH(k) ? "PyDictKeyEntry" : "PyDictUnicodeEntry", off,
                       k->entry_size, ROLE_UNUSED),
                "deleted: cleared, not reused until the table is rebuilt");
        return;
    }
    if (ENTRY_HAS_HASH(k)) {
        snprintf(name, sizeof name, "entries[%zu].me_hash", i);
        lb_int(b, name, "Py_hash_t", off, sizeof(Py_hash_t));
    }
    char *via = via_text("key ", key);
    snprintf(name, sizeof name, "entries[%zu].me_key", i);
    ref_row(b, name, off + key_off, key, via);
    free(via);
    snprintf(name, sizeof name, "entries[%zu].me_value", i);
    if (v->values) {
        lb_note(ref_row(b, name, off + key_off + 8, NULL, NULL),
                "unused: the values are in ma_values");
        return;
    }
    via = via_text("value of ", key);
    ref_row(b, name, off + key_off + 8, value, via);
    free(via);
}

static void entries_rows(LayoutBuilder *b, const DictKeysInfo *k, const DictValuesInfo *v)
{
    size_t n = k->nentries, head = b->opt->head_items, tail = b->opt->tail_items;
    const char *ctype = ENTRY_HAS_HASH(k) ? "PyDictKeyEntry" : "PyDictUnicodeEntry";
    bool elide = n > head + tail + 1;
    for (size_t i = 0; i < n; i++) {
        if (elide && i == head) {
            size_t deleted = 0;
            for (size_t j = head; j < n - tail; j++) {
                PyObject *key, *value;
                internals_dict_entry(k, v, j, &key, &value);
                deleted += key == NULL;
            }
            char note[96];
            snprintf(note, sizeof note, "entries not shown (%zu of them deleted)", deleted);
            elided(b, "entries", ctype, k->entries_offset, head, n - head - tail, k->entry_size,
                   ROLE_POINTER, note);
            i = n - tail - 1;
            continue;
        }
        entry_rows(b, k, v, i);
    }
    if (k->entries_capacity > n)
        elided(b, "entries", ctype, k->entries_offset, n, k->entries_capacity - n,
               k->entry_size, ROLE_UNUSED, "not used yet: room before the table must grow");
}

static void keys_buffer(LayoutBuilder *b, const DictKeysInfo *k, const DictValuesInfo *v)
{
    bool counted = k->refcnt == 1; /* _PyDict_SizeOf: keys are charged only to their sole user */
    size_t used = k->entries_offset + k->nentries * k->entry_size;
    LayoutBuffer *buf = lb_buffer_begin(b, "dict keys table", k->base, k->block_size, used, counted);
    if (buf->is_static)
        buf->note = xstrdup("the empty keys singleton (Py_EMPTY_KEYS), static in libpython");
    else if (!counted) {
        buf->shared = true;
        buf->note = xstrdup(k->kind == DICT_KIND_SPLIT
                                ? "shared keys of a class's instances: charged to the class"
                                : "shared with other dicts: not charged to this one");
    }
    keys_header_rows(b, k);
    indices_row(b, k);
    entries_rows(b, k, v);
    lb_buffer_end(b);
}

/* ---- values array of a split dict ----------------------------------------------------------- */

/* Like lb_buffer_begin, for a block inside another object (3.13 values embedded in their
 * instance): an interior pointer has no allocator block of its own, so none is measured
 * (asking malloc about an interior pointer is undefined). */
static LayoutBuffer *buffer_inside(LayoutBuilder *b, const char *name, const void *addr,
                                   size_t size, size_t used)
{
    LayoutBuffer *buf = layout_add_buffer(b->l, name);
    buf->address = (uintptr_t)addr;
    buf->size = size;
    buf->used = used;
    buf->in_sizeof = true;
    buf->shared = true;
    b->buf = buf;
    b->buf_base = addr;
    b->buf_size = size;
    b->buf_in_sizeof = true;
    return buf;
}

#if FACT_DICT_VALUES != FACT_VALUES_PLAIN
/* The insertion-order bytes of a split dict's values (3.11+): entry indices, in order. `step`
 * is -1 when CPython stores them backwards (3.11/3.12). */
static void order_row(LayoutBuilder *b, size_t off, size_t size, const uint8_t *first,
                      size_t used, int step)
{
    char order[160] = "";
    size_t len = 0;
    for (size_t j = 0; j < used && len + 8 < sizeof order; j++)
        len += (size_t)snprintf(order + len, sizeof order - len, "%s%u", j ? ", " : "",
                                first[step * (ptrdiff_t)j]);
    char ctype[32];
    snprintf(ctype, sizeof ctype, "uint8_t[%zu]", size);
    LayoutEntry *e = lb_data(b, "insertion order", ctype, off, size);
    lb_value(e, "%s", used ? order : "(none)");
    lb_note(e, "entry indices in insertion order, %zu in use%s", used,
            step < 0 ? ", stored backwards from the count" : "");
}
#endif

#if FACT_DICT_VALUES == FACT_VALUES_PREFIX
/* 3.11/3.12 prefix before values[]: insertion-order bytes growing downwards from [-3], the
 * count at [-2], the prefix size at [-1] (internal/pycore_dict.h). */
static void prefix_rows(LayoutBuilder *b, const DictValuesInfo *v)
{
    size_t p = v->prefix_size, used = v->used < p - 2 ? v->used : p - 2;
    if (p > 2)
        order_row(b, 0, p - 2, v->block + p - 3, used, -1);
    lb_note(lb_uint(b, "order count", "uint8_t", p - 2, 1), "values inserted so far");
    lb_note(lb_uint(b, "prefix size", "uint8_t", p - 1, 1),
            "bytes before values[]; the only size CPython records");
}
#endif

static void values_rows(LayoutBuilder *b, const DictKeysInfo *k, const DictValuesInfo *v)
{
    size_t base = (size_t)(v->values - v->block), n = k->nentries, cap = v->capacity;
    size_t head = b->opt->head_items, tail = b->opt->tail_items;
    if (n > cap)
        n = cap;
    for (int i = 0; i < v->nfields; i++) {
        const InternalField *f = &v->fields[i];
        if (strcmp(f->name, "(padding)") == 0)
            lb_row(b, f->name, "", f->offset, f->size, ROLE_PADDING);
        else
            lb_uint(b, f->name, f->ctype, f->offset, f->size);
    }
    for (size_t i = 0; i < n; i++) {
        if (n > head + tail + 1 && i == head) {
            elided(b, "values", "PyObject *", base, head, n - head - tail, sizeof(PyObject *),
                   ROLE_POINTER, "values not shown");
            i = n - tail - 1;
            continue;
        }
        PyObject *key, *value;
        internals_dict_entry(k, v, i, &key, &value);
        char name[48], *via = value && key ? via_text("value of ", key) : NULL;
        snprintf(name, sizeof name, "values[%zu]", i);
        ref_row(b, name, base + i * sizeof(PyObject *), value, via);
        free(via);
    }
    elided(b, "values", "PyObject *", base, n, cap - n, sizeof(PyObject *), ROLE_UNUSED,
           "room for keys the class's instances have not used yet");
#if FACT_DICT_VALUES == FACT_VALUES_HEADER
    size_t order = base + cap * sizeof(PyObject *);
    if (order < v->block_size)
        order_row(b, order, v->block_size - order, v->block + order,
                  v->used < cap ? v->used : cap, 1);
#elif FACT_DICT_VALUES == FACT_VALUES_PREFIX
    prefix_rows(b, v);
#endif
}

static void values_buffer(LayoutBuilder *b, PyObject *o, const DictKeysInfo *k,
                          const DictValuesInfo *v)
{
    size_t charge = internals_dict_values_sizeof(o, k);
    size_t used = (size_t)(v->values - v->block) + k->nentries * sizeof(PyObject *);
    if (used > v->block_size)
        used = v->block_size;
    LayoutBuffer *buf = v->embedded
        ? buffer_inside(b, "values (inside the instance)", v->block, v->block_size, used)
        : lb_buffer_begin(b, "values array (split dict)", v->block, v->block_size, used, true);
    buf->sizeof_charge = charge;
    if (v->embedded)
        buf->note = xasprintf("the instance's inline values: its bytes, not the dict's; "
                              "__sizeof__ still charges %zu", charge);
    else if (!v->capacity_exact)
        buf->note = xasprintf("capacity %zu inferred (CPython records only the prefix size); "
                              "__sizeof__ charges %zu: the class's current capacity",
                              v->capacity, charge);
    else if (charge != v->block_size)
        buf->note = xasprintf("__sizeof__ charges %zu: the class's current capacity, not this "
                              "block", charge);
    values_rows(b, k, v);
    lb_buffer_end(b);
}

/* ---- the dict object ------------------------------------------------------------------------ */

static void version_row(LayoutBuilder *b)
{
    LayoutEntry *e = lb_uint(b, FACT_DICT_TAG_NAME, "uint64_t", version_offset(), sizeof(uint64_t));
    lb_note(e, "%s", FACT_DICT_TAG_NOTE);
}

static void dict_fields(LayoutBuilder *b, PyDictObject *mp, bool split)
{
    lb_header(b, false);
    lb_note(lb_ssize(b, "ma_used", offsetof(PyDictObject, ma_used)), "items in the dict");
    version_row(b);
    lb_note(lb_cptr(b, "ma_keys", "PyDictKeysObject *", offsetof(PyDictObject, ma_keys)),
            "the keys table, allocated separately");
    LayoutEntry *v = lb_cptr(b, "ma_values", "PyDictValues *", offsetof(PyDictObject, ma_values));
    if (split)
        lb_note(v, "split table: keys shared, this dict's values here");
    else if (mp->ma_values)
        lb_note(v, "3.10 empty dict: a static empty array, not a split table");
    else
        lb_note(v, "NULL: combined table, values live in the entries");
}

/* 3.15 frozendict: a PyDictObject then its cached hash (PyFrozenDictObject). */
static void frozen_hash_row(LayoutBuilder *b, PyObject *o, size_t off)
{
    Py_hash_t h;
    memcpy(&h, (const char *)o + off, sizeof h);
    LayoutEntry *e = lb_int(b, "ma_hash", "Py_hash_t", off, sizeof(Py_hash_t));
    lb_note(e, "3.15: frozendict caches its hash%s", h == -1 ? "; -1: not computed yet" : "");
}

void kind_dict_describe(LayoutBuilder *b, PyObject *o)
{
    PyDictObject *mp = (PyDictObject *)o;
    /* dict.__sizeof__ starts from the object's own type's basicsize, so a subclass's extra
     * fields are counted too: tell kind_subclass_extras how far the count reaches. */
    size_t hash_off = internals_frozendict_hash_offset(o);
    size_t own = hash_off ? hash_off + sizeof(Py_hash_t) : sizeof(PyDictObject);
    lb_object_size(b, own, (size_t)Py_TYPE(o)->tp_basicsize);
    DictKeysInfo k;
    DictValuesInfo v = {0};
    bool ok = internals_dict_keys(o, &k) == 0 && internals_dict_values(o, &k, &v) == 0;
    dict_fields(b, mp, ok && v.values);
    if (hash_off)
        frozen_hash_row(b, o, hash_off);
    if (!ok) {
        layout_add_note(b->l, "the keys table could not be read consistently: not shown");
        return;
    }
    keys_buffer(b, &k, &v);
    if (v.values)
        values_buffer(b, o, &k, &v);
    if (k.is_empty_singleton)
        layout_add_note(b->l, "an empty dict shares the static empty keys table; the first "
                        "insertion allocates its own");
    else if (k.kind != DICT_KIND_GENERAL && k.nentries > 0)
        layout_add_note(b->l, "its keys are all str, which CPython does not report to the GC "
                        "(tp_traverse): like gc.get_referents, the deep size does not count them");
}
