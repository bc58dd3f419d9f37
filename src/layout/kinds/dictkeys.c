/* kinds/dictkeys.c — dict internals as rows (see dictkeys.h): the keys table (header,
 * dk_indices, entries) and a split table's values with their prefix or header. The structs are
 * read through internals.h; which values layout a version has comes from facts.h. */
#include "layout/kinds/dictkeys.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/facts.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

#define PTR sizeof(PyObject *)

/* Entries: PyDictKeyEntry {me_hash, me_key, me_value} (24 bytes: every 3.10 table, 3.11+
 * general tables), PyDictUnicodeEntry {me_key, me_value} (16 bytes: 3.11+ str-keyed tables). */
#define ENTRY_HAS_HASH(k) ((k)->entry_size == 3 * PTR)
#define ENTRY_CTYPE(k) (ENTRY_HAS_HASH(k) ? "PyDictKeyEntry" : "PyDictUnicodeEntry")

/* ---- small helpers ------------------------------------------------------------------------- */

/* A PyObject * row whose referent is recorded under a readable name ("key 'a'"), not the row's. */
static LayoutEntry *ref_row(LayoutBuilder *b, const char *name, size_t off, PyObject *p,
                            const char *via)
{
    LayoutEntry *e = lb_row(b, name, "PyObject *", off, PTR, ROLE_POINTER);
    if (!e)
        return NULL;
    char v[128];
    lb_short_value(p, v, sizeof v);
    e->value = xstrdup(v);
    e->target = (uintptr_t)p;
    if (p) {
        e->target_type = lb_type_name(Py_TYPE(p));
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

/* An attribute name for a row label: ASCII names are copied as they are (no UTF-8 cache is
 * created), anything else gets lb_short_value's quoted form without its quotes. */
static void key_text(PyObject *key, char *out, size_t n)
{
    if (key && PyUnicode_Check(key) && PyUnicode_IS_COMPACT_ASCII(key)) {
        size_t len = (size_t)PyUnicode_GET_LENGTH(key), shown = len > 64 ? 64 : len;
        char *s = sanitize_text((const char *)PyUnicode_DATA(key), shown, false);
        snprintf(out, n, "%s%s", s, shown < len ? "…" : "");
        free(s);
        return;
    }
    lb_short_value(key, out, n);
    size_t len = strlen(out);
    if (len >= 2 && out[0] == '\'' && out[len - 1] == '\'') {
        memmove(out, out + 1, len - 2);
        out[len - 2] = '\0';
    }
}

/* The name of entry i's key ("#i" when there is none). */
static void entry_name(const DictKeysInfo *k, size_t i, char *out, size_t n)
{
    PyObject *key = NULL, *unused = NULL;
    snprintf(out, n, "#%zu", i);
    if (!k || i >= k->nentries)
        return;
    internals_dict_entry(k, NULL, i, &key, &unused);
    if (key)
        key_text(key, out, n);
}

/* ---- keys table ----------------------------------------------------------------------------- */

static void keys_header_rows(LayoutBuilder *b, const DictKeysInfo *k)
{
    size_t end = 0;
    for (int i = 0; i < k->nfields; i++) {
        const InternalField *f = &k->fields[i];
        if (f->offset > end) /* alignment inside the header, not free space */
            lb_row(b, "(padding)", "", end, f->offset - end, ROLE_PADDING);
        end = f->offset + f->size;
        LayoutEntry *e = strchr(f->ctype, '*') || strstr(f->ctype, "func")
                             ? lb_cptr(b, f->name, f->ctype, f->offset)
                         : strncmp(f->ctype, "uint", 4) == 0
                             ? lb_uint(b, f->name, f->ctype, f->offset, f->size)
                             : lb_int(b, f->name, f->ctype, f->offset, f->size);
        if (strcmp(f->name, "dk_refcnt") == 0)
            lb_note(e, k->refcnt == 1 ? "one user: charged to its __sizeof__"
                                      : "shared: charged to the class, not to each dict");
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
    if (b->quiet)
        return; /* only measuring: no row, so no counts to read */
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

typedef struct {
    const DictKeysInfo *k;
    const DictValuesInfo *split_values;
} EntriesCtx;

static size_t entry_item(LayoutBuilder *b, const LbArray *a, size_t i, size_t end)
{
    (void)end;
    const EntriesCtx *c = a->ctx;
    const DictKeysInfo *k = c->k;
    size_t off = a->off + i * a->item_size, key_off = ENTRY_HAS_HASH(k) ? 8 : 0;
    PyObject *key, *value;
    internals_dict_entry(k, c->split_values, i, &key, &value);
    char name[64];
    if (!key) {
        snprintf(name, sizeof name, "entries[%zu]", i);
        lb_note(lb_row(b, name, a->ctype, off, k->entry_size, ROLE_UNUSED),
                "deleted: cleared, not reused until the table is rebuilt");
        return 1;
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
    if (c->split_values || k->kind == DICT_KIND_SPLIT) {
        PyObject *own;
        memcpy(&own, k->base + off + key_off + PTR, sizeof own);
        lb_note(ref_row(b, name, off + key_off + PTR, own, name),
                "unused in a split table: each dict or instance keeps its own values");
        return 1;
    }
    via = via_text("value of ", key);
    ref_row(b, name, off + key_off + PTR, value, via);
    free(via);
    return 1;
}

/* Entries in [first, first + n) deleted in place (a NULL key). */
static size_t deleted_between(const EntriesCtx *c, size_t first, size_t n)
{
    size_t deleted = 0;
    for (size_t j = first; j < first + n; j++) {
        PyObject *key, *value;
        internals_dict_entry(c->k, c->split_values, j, &key, &value);
        deleted += key == NULL;
    }
    return deleted;
}

/* The elided entries say how many of them are deleted. When the table's count is known and the
 * run is most of it, the entries outside the run are read instead: the work stays in proportion
 * to the rows shown, not to the dict. */
static void entries_run(LayoutBuilder *b, const LbArray *a, size_t first, size_t n, LayoutEntry *e)
{
    (void)b;
    const EntriesCtx *c = a->ctx;
    const DictKeysInfo *k = c->k;
    size_t deleted;
    if (k->deleted_known && n > k->nentries / 2) {
        size_t outside = deleted_between(c, 0, first) +
                         deleted_between(c, first + n, k->nentries - first - n);
        deleted = k->deleted >= outside ? k->deleted - outside : 0;
    } else {
        deleted = deleted_between(c, first, n);
    }
    lb_note(e, "entries not shown (%zu of them deleted)", deleted);
}

LayoutBuffer *dictkeys_buffer(LayoutBuilder *b, const char *name, const DictKeysInfo *k,
                              const DictValuesInfo *split_values, bool counted)
{
    size_t used = k->entries_offset + k->nentries * k->entry_size;
    LayoutBuffer *buf = lb_buffer_begin(b, name, k->base, k->block_size, used, counted);
    keys_header_rows(b, k);
    indices_row(b, k);
    EntriesCtx c = {k, split_values && split_values->values ? split_values : NULL};
    LbArray a = {.name = "entries", .ctype = ENTRY_CTYPE(k), .off = k->entries_offset,
                 .item_size = k->entry_size, .count = k->nentries, .run_role = ROLE_POINTER,
                 .item = entry_item, .run = entries_run, .ctx = &c};
    lb_array(b, &a);
    if (k->entries_capacity > k->nentries)
        lb_array_rest(b, &a, k->nentries, k->entries_capacity - k->nentries, ROLE_UNUSED,
                      k->kind == DICT_KIND_SPLIT || c.split_values
                          ? "not used yet: room for more attribute names"
                          : "not used yet: room before the table must grow");
    lb_buffer_end(b);
    return buf;
}

/* ---- values of a split table ---------------------------------------------------------------- */

typedef struct {
    const DictValuesView *view;
    const DictValuesInfo *v;
} ValuesCtx;

static PyObject *value_at(LayoutBuilder *b, size_t off)
{
    const unsigned char *base = b->buf ? b->buf_base : (const unsigned char *)b->o;
    PyObject *p;
    memcpy(&p, base + off, sizeof p);
    return p;
}

/* The referent name of slot i: the attribute's name, or "value of 'a'". */
static char *value_via(const ValuesCtx *c, size_t i)
{
    const DictKeysInfo *k = c->view->keys;
    char name[96];
    entry_name(k, i, name, sizeof name);
    if (c->view->by_name)
        return xstrdup(name);
    PyObject *key = NULL, *unused = NULL;
    internals_dict_entry(k, NULL, i, &key, &unused);
    return key ? via_text("value of ", key) : xasprintf("values[%zu]", i);
}

static size_t value_item(LayoutBuilder *b, const LbArray *a, size_t i, size_t end)
{
    (void)end;
    const ValuesCtx *c = a->ctx;
    size_t off = a->off + i * PTR;
    char label[96];
    if (c->view->by_name)
        entry_name(c->view->keys, i, label, sizeof label);
    else
        snprintf(label, sizeof label, "values[%zu]", i);
    if (!c->view->live) {
        lb_note(lb_row(b, label, "PyObject *", off, PTR, ROLE_UNUSED),
                "values[%zu]: stale, the values now live in the __dict__", i);
        return 1;
    }
    PyObject *p = value_at(b, off);
    char *via = value_via(c, i);
    LayoutEntry *e = ref_row(b, label, off, p, via);
    free(via);
    if (!p)
        lb_note(e, "values[%zu]: a key of the class, not set here", i);
    else if (c->view->by_name)
        lb_note(e, "values[%zu]", i);
    return 1;
}

/* Values not shown one by one are still referents (lb_array bounds-checked their row). */
static void values_run(LayoutBuilder *b, const LbArray *a, size_t first, size_t n, LayoutEntry *e)
{
    const ValuesCtx *c = a->ctx;
    if (!c->view->live) {
        e->role = ROLE_UNUSED;
        return;
    }
    for (size_t i = first; i < first + n; i++) {
        char *via = value_via(c, i);
        lb_ref(b, via, value_at(b, a->off + i * PTR));
        free(via);
    }
}

#if FACT_DICT_VALUES == FACT_VALUES_PREFIX || FACT_DICT_VALUES == FACT_VALUES_HEADER
/* The insertion-order bytes in use: entry indices, shown as the keys' names. `step` is -1 when
 * CPython stores them backwards from the count (3.11/3.12). */
static void order_rows(LayoutBuilder *b, const DictKeysInfo *k, size_t off, const uint8_t *first,
                       size_t used, size_t room, int step)
{
    if (room > used)
        lb_note(lb_row(b, "insertion order (free)", "uint8_t[]", step < 0 ? off : off + used,
                       room - used, ROLE_UNUSED),
                "room for the order of keys added later");
    if (!used)
        return;
    char text[256] = "";
    size_t len = 0;
    for (size_t j = 0; j < used && len + 4 < sizeof text; j++) {
        char name[64];
        entry_name(k, first[step * (ptrdiff_t)j], name, sizeof name);
        int w = snprintf(text + len, sizeof text - len, "%s%s", j ? ", " : "", name);
        if (w < 0 || (size_t)w >= sizeof text - len)
            break;
        len += (size_t)w;
    }
    LayoutEntry *e = lb_data(b, "insertion order", "uint8_t[]", step < 0 ? off + room - used : off,
                             used);
    lb_value(e, "%s", text);
    lb_note(e, "entry indices in insertion order%s",
            step < 0 ? ", latest first in memory (stored backwards from the count)" : "");
}
#endif

#if FACT_DICT_VALUES == FACT_VALUES_PREFIX
/* 3.11/3.12 prefix before values[]: insertion-order bytes growing downwards from [-3], the
 * count at [-2], the prefix size at [-1] (Include/internal/pycore_dict.h). */
static void prefix_rows(LayoutBuilder *b, const DictValuesInfo *v, const DictValuesView *view)
{
    size_t p = v->prefix_size, s = view->start;
    if (p < 2)
        return;
    size_t used = v->used < p - 2 ? v->used : p - 2;
    order_rows(b, view->keys, s, v->block + p - 3, used, p - 2, -1);
    lb_note(lb_uint(b, "used", "uint8_t", s + p - 2, 1), "values inserted so far");
    lb_note(lb_uint(b, "prefix size", "uint8_t", s + p - 1, 1),
            "bytes before values[]: how CPython finds the start of this block");
}
#endif

#if FACT_DICT_VALUES == FACT_VALUES_HEADER
/* 3.13+ PyDictValues header (capacity, size, embedded, valid) and, after values[capacity],
 * the insertion-order bytes (Include/internal/pycore_dict.h). */
static void header_rows(LayoutBuilder *b, const DictValuesInfo *v, const DictValuesView *view)
{
    for (int i = 0; i < v->nfields; i++) {
        const InternalField *f = &v->fields[i];
        if (strcmp(f->name, "(padding)") == 0)
            lb_row(b, f->name, "", view->start + f->offset, f->size, ROLE_PADDING);
        else
            lb_uint(b, f->name, f->ctype, view->start + f->offset, f->size);
    }
    size_t cap = v->capacity, order = view->start + v->prefix_size + cap * PTR;
    order_rows(b, view->keys, order, v->values + cap * PTR, v->used < cap ? v->used : cap,
               cap, 1);
}
#endif

void dictvalues_rows(LayoutBuilder *b, const DictValuesInfo *v, const DictValuesView *view)
{
    const DictKeysInfo *k = view->keys;
    size_t cap = view->capacity, named = k ? (k->nentries < cap ? k->nentries : cap) : 0;
#if FACT_DICT_VALUES == FACT_VALUES_PREFIX
    prefix_rows(b, v, view);
#elif FACT_DICT_VALUES == FACT_VALUES_HEADER
    header_rows(b, v, view);
#endif
    ValuesCtx c = {view, v};
    LbArray a = {.name = "values", .ctype = "PyObject *", .off = view->start + v->prefix_size,
                 .item_size = PTR, .count = named, .run_role = ROLE_POINTER,
                 .run_note = "values not shown", .item = value_item, .run = values_run,
                 .ctx = &c};
    lb_array(b, &a);
    if (cap > named)
        lb_array_rest(b, &a, named, cap - named, ROLE_UNUSED,
                      !view->live ? "stale: not in use since the values moved to the __dict__"
                      : view->spare_note ? view->spare_note
                                         : "spare: room for attribute names the class's shared "
                                           "keys do not have yet");
}
