/* json.c — the --json rendering of a Layout; the schema is documented in docs/json-schema.md.
 * Strings are JSON-escaped exactly (json.loads gives back the bytes the Layout holds), and every
 * code point a terminal may act on is written as an escape, so the document is safe to print. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "render/render.h"
#include "util/sanitize.h"
#include "util/utf8.h"

/* The code point at s (n bytes left) and its length: strict UTF-8, or a surrogate (as
 * 'surrogatepass' encodes a lone one, ED A0..BF xx). 0 when s does not start one. */
static size_t json_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
    size_t len = utf8_decode(s, n, cp);
    if (len || n < 3 || s[0] != 0xED || (s[1] & 0xE0) != 0xA0 || (s[2] & 0xC0) != 0x80)
        return len;
    *cp = 0xD000u | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
}

void render_json_string(Out *out, const char *s)
{
    if (!s) {
        out_puts(out, "null");
        return;
    }
    out_puts(out, "\"");
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n > 0) {
        uint32_t cp = 0xFFFD;
        size_t len = json_decode(p, n, &cp);
        if (len == 0) /* not UTF-8: JSON cannot carry the byte; U+FFFD stands for it */
            out_puts(out, "\\ufffd");
        else if (cp == '"' || cp == '\\')
            out_printf(out, "\\%c", (char)cp);
        else if (sanitize_is_control(cp) || (cp >= 0xD800 && cp <= 0xDFFF))
            out_printf(out, "\\u%04x", (unsigned)cp);
        else
            out_write(out, (const char *)p, len);
        len = len ? len : 1;
        p += len;
        n -= len;
    }
    out_puts(out, "\"");
}

static void key(Out *out, const char *k, bool *first)
{
    out_puts(out, *first ? "" : ", ");
    *first = false;
    render_json_string(out, k);
    out_puts(out, ": ");
}

static void kv_str(Out *out, const char *k, const char *v, bool *first)
{
    key(out, k, first);
    render_json_string(out, v);
}

static void kv_int(Out *out, const char *k, long long v, bool *first)
{
    key(out, k, first);
    out_printf(out, "%lld", v);
}

static void kv_bool(Out *out, const char *k, bool v, bool *first)
{
    key(out, k, first);
    out_puts(out, v ? "true" : "false");
}

static void kv_addr(Out *out, const char *k, uintptr_t a, bool *first)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%#lx", (unsigned long)a);
    kv_str(out, k, a ? buf : NULL, first);
}

static void entry(Out *out, const LayoutEntry *e)
{
    bool first = true;
    out_puts(out, "{");
    kv_str(out, "name", e->name, &first);
    kv_int(out, "offset", e->offset, &first);
    kv_int(out, "size", (long long)e->size, &first);
    kv_str(out, "ctype", e->ctype, &first);
    kv_str(out, "kind", layout_role_name(e->role), &first);
    kv_str(out, "value", e->value, &first);
    kv_str(out, "hex", e->hex, &first);
    kv_bool(out, "in_sizeof", e->in_sizeof, &first);
    if (e->count > 1)
        kv_int(out, "count", (long long)e->count, &first);
    if (e->target || e->role == ROLE_POINTER) {
        kv_addr(out, "target", e->target, &first);
        kv_str(out, "target_type", e->target_type, &first);
    }
    if (e->note)
        kv_str(out, "note", e->note, &first);
    out_puts(out, "}");
}

static void entries(Out *out, const char *k, const LayoutEntries *e, bool *first)
{
    key(out, k, first);
    out_puts(out, "[");
    for (size_t i = 0; i < e->len; i++) {
        out_puts(out, i ? ",\n    " : "\n    ");
        entry(out, &e->items[i]);
    }
    out_puts(out, e->len ? "\n  ]" : "]");
}

static void buffer(Out *out, const LayoutBuffer *b)
{
    bool first = true;
    out_puts(out, "{");
    kv_str(out, "name", b->name, &first);
    kv_addr(out, "address", b->address, &first);
    kv_int(out, "size", (long long)b->size, &first);
    kv_int(out, "used", (long long)b->used, &first);
    kv_int(out, "allocator_size", (long long)b->allocator_size, &first);
    kv_bool(out, "in_sizeof", b->in_sizeof, &first);
    kv_int(out, "sizeof_bytes", (long long)b->sizeof_charge, &first);
    kv_bool(out, "static", b->is_static, &first);
    kv_bool(out, "shared", b->shared, &first);
    kv_int(out, "blocks", (long long)(b->nblocks > 1 ? b->nblocks : 1), &first);
    if (b->note)
        kv_str(out, "note", b->note, &first);
    entries(out, "fields", &b->entries, &first);
    out_puts(out, "}");
}

static void sizes(const Layout *l, Out *out, bool *first)
{
    kv_int(out, "getsizeof", l->getsizeof, first);
    kv_int(out, "sizeof", l->sizeof_value, first);
    kv_bool(out, "sizeof_suspect", l->sizeof_suspect, first);
    if (l->sizeof_error)
        kv_str(out, "sizeof_error", l->sizeof_error, first);
    kv_int(out, "preheader_size", (long long)l->preheader_size, first);
    kv_int(out, "getsizeof_overcount", l->getsizeof_overcount, first);
    kv_int(out, "not_in_getsizeof", (long long)l->not_in_getsizeof, first);
    kv_int(out, "counted_not_owned", (long long)l->counted_not_owned, first);
    kv_int(out, "allocator_slack", (long long)l->allocator_slack, first);
    kv_int(out, "footprint", (long long)l->footprint, first);
    kv_int(out, "unaccounted", l->unaccounted, first);
    /* always present, null when the walk was not asked for */
    const char *deep[] = {"deep_size", "deep_footprint", "deep_count", "deep_objects",
                          "exclusive_size", "exclusive_footprint", "exclusive_count",
                          "exclusive_objects", "deep_getsizeof", "deep_getsizeof_count",
                          "outside_refs"};
    size_t values[] = {l->deep_size, l->deep_footprint, l->deep_count, l->deep_objects,
                       l->exclusive_size, l->exclusive_footprint, l->exclusive_count,
                       l->exclusive_objects, l->deep_getsizeof, l->deep_getsizeof_count,
                       (size_t)l->deep_root_outside_refs};
    for (size_t i = 0; i < sizeof deep / sizeof deep[0]; i++) {
        key(out, deep[i], first);
        if (l->deep_done)
            out_printf(out, "%zu", values[i]);
        else
            out_puts(out, "null");
    }
}

static void refs_and_notes(const Layout *l, Out *out, bool *first)
{
    key(out, "referents", first);
    out_puts(out, "[");
    for (size_t i = 0; i < l->nrefs; i++) {
        bool f = true;
        out_puts(out, i ? ",\n    {" : "\n    {");
        kv_str(out, "via", l->refs[i].via, &f);
        kv_addr(out, "address", l->refs[i].address, &f);
        kv_str(out, "type", l->refs[i].type_name, &f);
        out_puts(out, "}");
    }
    out_puts(out, l->nrefs ? "\n  ]" : "]");
    key(out, "notes", first);
    out_puts(out, "[");
    for (size_t i = 0; i < l->nnotes; i++) {
        out_puts(out, i ? ", " : "");
        render_json_string(out, l->notes[i].text);
    }
    out_puts(out, "]");
}

void render_json(const Layout *l, Out *out)
{
    bool first = true;
    out_puts(out, "{\n  ");
    kv_str(out, "python_version", l->python_version, &first);
    kv_str(out, "type", l->type_name, &first);
    kv_str(out, "kind", l->kind, &first);
    kv_addr(out, "address", l->address, &first);
    kv_str(out, "repr", l->repr, &first);
    out_puts(out, ",\n  ");
    first = true;
    kv_int(out, "refcount", l->refcount, &first);
    kv_bool(out, "immortal", l->immortal, &first);
    kv_int(out, "refs_held_by_objscope", l->refs_held, &first);
    kv_bool(out, "static", l->is_static, &first);
    kv_bool(out, "gc", l->is_gc, &first);
    kv_bool(out, "gc_tracked", l->gc_tracked, &first);
    out_puts(out, ",\n  ");
    first = true;
    sizes(l, out, &first);
    out_puts(out, ",\n  ");
    first = true;
    entries(out, "preheader", &l->preheader, &first);
    out_puts(out, ",\n  ");
    first = true;
    entries(out, "fields", &l->fields, &first);
    out_puts(out, ",\n  ");
    first = true;
    key(out, "buffers", &first);
    out_puts(out, "[");
    for (size_t i = 0; i < l->nbuffers; i++) {
        out_puts(out, i ? ",\n  " : "\n  ");
        buffer(out, &l->buffers[i]);
    }
    out_puts(out, l->nbuffers ? "\n  ]" : "]");
    out_puts(out, ",\n  ");
    first = true;
    refs_and_notes(l, out, &first);
    out_puts(out, "\n}\n");
}
