/* builder.c — rows of a Layout read from live memory, bounds-checked against the block they
 * belong to (see builder.h). Values shown for pointed-to objects are computed in C and never
 * run the object's own Python code, so looking cannot change what is looked at. */
#include "layout/builder.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/memory.h"
#include "util/sanitize.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- bounds -------------------------------------------------------------------------------- */

/* Base address and size of the block rows currently go to; NULL when nothing may be read. */
static const unsigned char *block_base(const LayoutBuilder *b, size_t *size)
{
    if (b->buf) {
        *size = b->buf_size;
        return b->buf_base;
    }
    *size = b->obj_size;
    return (const unsigned char *)b->o;
}

static bool in_block(const LayoutBuilder *b, size_t off, size_t size)
{
    size_t n;
    block_base(b, &n);
    return off <= n && size <= n - off;
}

static LayoutEntries *rows(LayoutBuilder *b)
{
    return b->buf ? &b->buf->entries : &b->l->fields;
}

static char *hex_of(const unsigned char *p, size_t n)
{
    if (n > LAYOUT_HEX_MAX)
        n = LAYOUT_HEX_MAX;
    char *s = xmalloc(n * 3 + 1);
    for (size_t i = 0; i < n; i++)
        snprintf(s + i * 3, 4, "%02x ", p[i]);
    s[n ? n * 3 - 1 : 0] = '\0';
    return s;
}

/* ---- rows ---------------------------------------------------------------------------------- */

void lb_object_size(LayoutBuilder *b, size_t n, size_t counted)
{
    b->obj_size = n;
    b->sizeof_extent = counted;
}

LayoutEntry *lb_row(LayoutBuilder *b, const char *name, const char *ctype, size_t off, size_t size,
                    LayoutRole role)
{
    if (b->quiet)
        return NULL;
    if (!in_block(b, off, size)) {
        layout_add_note(b->l, "internal: row %s at +%zu (%zu bytes) is outside its block; not read",
                        name, off, size);
        return NULL;
    }
    size_t n;
    const unsigned char *base = block_base(b, &n);
    LayoutEntry *e = layout_entries_add(rows(b));
    e->name = xstrdup(name);
    e->ctype = xstrdup(ctype);
    e->offset = (long)off;
    e->size = size;
    e->role = role;
    e->in_sizeof = b->buf ? b->buf_in_sizeof : off < b->sizeof_extent;
    if (size > 0)
        e->hex = hex_of(base + off, size);
    return e;
}

/* Format into *dst (replacing it), sanitised for a terminal. */
static void set_text(char **dst, const char *fmt, va_list ap)
{
    char tmp[512];
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    size_t len = n < 0 ? 0 : (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1;
    free(*dst);
    *dst = sanitize_text(tmp, len, false);
}

void lb_value(LayoutEntry *e, const char *fmt, ...)
{
    if (!e)
        return;
    va_list ap;
    va_start(ap, fmt);
    set_text(&e->value, fmt, ap);
    va_end(ap);
}

void lb_note(LayoutEntry *e, const char *fmt, ...)
{
    if (!e)
        return;
    va_list ap;
    va_start(ap, fmt);
    set_text(&e->note, fmt, ap);
    va_end(ap);
}

/* Copy `size` bytes of the current block at off into dst; false when out of bounds. */
static bool read_bytes(LayoutBuilder *b, size_t off, void *dst, size_t size)
{
    if (!in_block(b, off, size))
        return false;
    size_t n;
    memcpy(dst, block_base(b, &n) + off, size);
    return true;
}

LayoutEntry *lb_ssize(LayoutBuilder *b, const char *name, size_t off)
{
    return lb_int(b, name, "Py_ssize_t", off, sizeof(Py_ssize_t));
}

LayoutEntry *lb_uint(LayoutBuilder *b, const char *name, const char *ctype, size_t off, size_t size)
{
    LayoutEntry *e = lb_row(b, name, ctype, off, size, ROLE_PAYLOAD);
    uint64_t v = 0;
    if (e && size <= 8 && read_bytes(b, off, &v, size)) /* little-endian x86-64 */
        lb_value(e, "%llu", (unsigned long long)v);
    return e;
}

LayoutEntry *lb_int(LayoutBuilder *b, const char *name, const char *ctype, size_t off, size_t size)
{
    LayoutEntry *e = lb_row(b, name, ctype, off, size, ROLE_PAYLOAD);
    int64_t v = 0;
    if (!e || size > 8 || !read_bytes(b, off, &v, size))
        return e;
    if (size < 8) { /* sign-extend */
        unsigned shift = (unsigned)(64 - 8 * size);
        v = (int64_t)((uint64_t)v << shift) >> shift;
    }
    lb_value(e, "%lld", (long long)v);
    return e;
}

LayoutEntry *lb_double(LayoutBuilder *b, const char *name, size_t off)
{
    LayoutEntry *e = lb_row(b, name, "double", off, sizeof(double), ROLE_PAYLOAD);
    double v;
    if (e && read_bytes(b, off, &v, sizeof v)) {
        char *s = PyOS_double_to_string(v, 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
        if (s) {
            lb_value(e, "%s", s);
            PyMem_Free(s);
        } else {
            PyErr_Clear();
        }
    }
    return e;
}

LayoutEntry *lb_cptr(LayoutBuilder *b, const char *name, const char *ctype, size_t off)
{
    LayoutEntry *e = lb_row(b, name, ctype, off, sizeof(void *), ROLE_DATA);
    void *p;
    if (e && read_bytes(b, off, &p, sizeof p))
        lb_value(e, p ? "%p" : "NULL", p);
    return e;
}

LayoutEntry *lb_data(LayoutBuilder *b, const char *name, const char *ctype, size_t off, size_t size)
{
    return lb_row(b, name, ctype, off, size, ROLE_DATA);
}

/* ---- pointers ------------------------------------------------------------------------------ */

char *lb_type_name(PyTypeObject *t)
{
    if (!PyType_HasFeature(t, Py_TPFLAGS_HEAPTYPE))
        return sanitize_text(t->tp_name, strlen(t->tp_name), false);
    PyHeapTypeObject *ht = (PyHeapTypeObject *)t;
    const char *qual = ht->ht_qualname && PyUnicode_Check(ht->ht_qualname)
                           ? PyUnicode_AsUTF8(ht->ht_qualname) : NULL;
    if (!qual) {
        PyErr_Clear();
        qual = t->tp_name;
    }
    PyObject *mod = t->tp_dict ? PyDict_GetItemString(t->tp_dict, "__module__") : NULL;
    const char *m = mod && PyUnicode_Check(mod) ? PyUnicode_AsUTF8(mod) : NULL;
    if (!m)
        PyErr_Clear();
    char *full = (m && strcmp(m, "builtins") && strcmp(m, "__main__")) ? xasprintf("%s.%s", m, qual)
                                                                       : xstrdup(qual);
    char *safe = sanitize_text(full, strlen(full), false);
    free(full);
    return safe;
}

/* At most `max` characters of a str, quoted, read code point by code point so that no UTF-8
 * cache is created (PyUnicode_AsUTF8 would change the object's size). */
static void short_str(PyObject *o, char *out, size_t n, Py_ssize_t max)
{
    StrBuf sb;
    strbuf_init(&sb);
    strbuf_putc(&sb, '\'');
    Py_ssize_t len = PyUnicode_GET_LENGTH(o);
    int kind = PyUnicode_KIND(o);
    const void *data = PyUnicode_DATA(o);
    for (Py_ssize_t i = 0; i < len && i < max; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        char u[5];
        size_t k;
        if (c < 0x80) { u[0] = (char)c; k = 1; }
        else if (c < 0x800) { u[0] = (char)(0xC0 | (c >> 6)); u[1] = (char)(0x80 | (c & 0x3F)); k = 2; }
        else if (c < 0x10000) { u[0] = (char)(0xE0 | (c >> 12)); u[1] = (char)(0x80 | ((c >> 6) & 0x3F)); u[2] = (char)(0x80 | (c & 0x3F)); k = 3; }
        else { u[0] = (char)(0xF0 | (c >> 18)); u[1] = (char)(0x80 | ((c >> 12) & 0x3F)); u[2] = (char)(0x80 | ((c >> 6) & 0x3F)); u[3] = (char)(0x80 | (c & 0x3F)); k = 4; }
        if (c == '\'' || c == '\\')
            strbuf_putc(&sb, '\\');
        strbuf_add(&sb, u, k);
    }
    strbuf_puts(&sb, len > max ? "'…" : "'");
    char *safe = sanitize_text(sb.data, sb.len, false);
    snprintf(out, n, "%s", safe);
    free(safe);
    strbuf_free(&sb);
}

void lb_short_value(PyObject *o, char *out, size_t n)
{
    if (!o) { snprintf(out, n, "NULL"); return; }
    if (o == Py_None) { snprintf(out, n, "None"); return; }
    if (o == Py_True || o == Py_False) { snprintf(out, n, o == Py_True ? "True" : "False"); return; }
    if (o == Py_Ellipsis) { snprintf(out, n, "Ellipsis"); return; }
    if (PyLong_CheckExact(o)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
        if (overflow == 0 && !(v == -1 && PyErr_Occurred())) {
            snprintf(out, n, "%lld", v);
            return;
        }
        PyErr_Clear();
        snprintf(out, n, "<int, %zu bits>", (size_t)_PyLong_NumBits(o));
        PyErr_Clear();
        return;
    }
    if (PyFloat_CheckExact(o)) {
        char *s = PyOS_double_to_string(PyFloat_AS_DOUBLE(o), 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
        snprintf(out, n, "%s", s ? s : "float");
        PyMem_Free(s);
        PyErr_Clear();
        return;
    }
    if (PyUnicode_CheckExact(o)) { short_str(o, out, n, 24); return; }
    char *tn = lb_type_name(Py_TYPE(o));
    if (PyType_Check(o)) {
        char *cn = lb_type_name((PyTypeObject *)o);
        snprintf(out, n, "<class '%s'>", cn);
        free(cn);
    } else if (PyTuple_CheckExact(o) || PyList_CheckExact(o) || PyDict_CheckExact(o) ||
               PyAnySet_CheckExact(o) || PyBytes_CheckExact(o)) {
        snprintf(out, n, "<%s, len %zd>", tn, Py_SIZE(o) >= 0 && !PyDict_CheckExact(o) && !PyAnySet_CheckExact(o)
                                                ? Py_SIZE(o) : PyObject_Length(o));
        PyErr_Clear();
    } else {
        snprintf(out, n, "<%s>", tn);
    }
    free(tn);
}

void lb_ref(LayoutBuilder *b, const char *via, PyObject *target)
{
    if (!target)
        return;
    char *tn = lb_type_name(Py_TYPE(target));
    layout_add_ref(b->l, via, (uintptr_t)target, tn);
    free(tn);
}

LayoutEntry *lb_pointer_typed(LayoutBuilder *b, const char *name, const char *ctype, size_t off)
{
    LayoutEntry *e = lb_row(b, name, ctype, off, sizeof(PyObject *), ROLE_POINTER);
    PyObject *p = NULL;
    if (!e || !read_bytes(b, off, &p, sizeof p))
        return e;
    e->target = (uintptr_t)p;
    char v[128];
    lb_short_value(p, v, sizeof v);
    e->value = xstrdup(v);
    if (p) {
        e->target_type = lb_type_name(Py_TYPE(p));
        lb_ref(b, name, p);
    }
    return e;
}

LayoutEntry *lb_pointer(LayoutBuilder *b, const char *name, size_t off)
{
    return lb_pointer_typed(b, name, "PyObject *", off);
}

/* ---- arrays -------------------------------------------------------------------------------- */

static bool focus_here(const LayoutOptions *opt, const LbArray *a)
{
    return opt->focus_index != LAYOUT_NO_FOCUS &&
           (!opt->focus_array || strcmp(opt->focus_array, a->name) == 0);
}

/* Is item i shown as its own row: the head, the tail, or near the focus. */
static bool shown(const LayoutOptions *opt, const LbArray *a, size_t i)
{
    if (i < opt->head_items || i + opt->tail_items >= a->count)
        return true;
    size_t f = opt->focus_index, w = opt->focus_items / 2;
    return focus_here(opt, a) && i + w >= f && i <= f + w;
}

/* The first index after i (which is not shown) that is shown again, or count. */
static size_t next_shown(const LayoutOptions *opt, const LbArray *a, size_t i)
{
    size_t next = a->count - opt->tail_items;
    size_t f = opt->focus_index, w = opt->focus_items / 2;
    if (focus_here(opt, a)) {
        size_t lo = f > w ? f - w : 0;
        if (lo > i && lo < next)
            next = lo;
    }
    return next > i ? next : i + 1;
}

/* The end of the stretch of rows shown from i: the start of the next run worth eliding (at
 * least LB_ELIDE_MIN items), or count. Shorter runs are part of the stretch. */
static size_t shown_end(const LayoutOptions *opt, const LbArray *a, size_t i)
{
    while (i < a->count) {
        if (shown(opt, a, i)) {
            i++;
            continue;
        }
        size_t j = next_shown(opt, a, i); /* arithmetic: a 10M-item list costs no more */
        if (j - i >= LB_ELIDE_MIN)
            return i;
        i = j;
    }
    return a->count;
}

/* A row for items [first, first + n). */
static LayoutEntry *run_row(LayoutBuilder *b, const LbArray *a, size_t first, size_t n,
                            LayoutRole role)
{
    if (n == 0)
        return NULL;
    char label[96];
    snprintf(label, sizeof label, n == 1 ? "%s[%zu]" : "%s[%zu..%zu]", a->name, first,
             first + n - 1);
    LayoutEntry *e = lb_row(b, label, a->ctype, a->off + first * a->item_size,
                            n * a->item_size, role);
    if (!e)
        return NULL;
    e->count = n;
    if (n > 1) { /* a summary, not one value */
        free(e->hex);
        e->hex = NULL;
    }
    return e;
}

LayoutEntry *lb_array_rest(LayoutBuilder *b, const LbArray *a, size_t first, size_t n,
                           LayoutRole role, const char *note)
{
    LayoutEntry *e = run_row(b, a, first, n, role);
    lb_note(e, "%s", note);
    return e;
}

void lb_array(LayoutBuilder *b, const LbArray *a)
{
    for (size_t i = 0; i < a->count;) {
        size_t end = shown_end(b->opt, a, i);
        while (i < end) {
            size_t k = a->item(b, a, i, end);
            i += k == 0 ? 1 : k > end - i ? end - i : k;
        }
        if (i >= a->count)
            break;
        size_t j = next_shown(b->opt, a, i);
        LayoutEntry *e = run_row(b, a, i, j - i, a->run_role);
        if (e) {
            e->focusable = true; /* the viewer opens it through focus_index / focus_array */
            lb_note(e, "%s", a->run_note ? a->run_note : "items not shown");
            if (a->run)
                a->run(b, a, i, j - i, e);
        }
        i = j;
    }
}

typedef LayoutEntry *(*SlotRow)(LayoutBuilder *, const char *, size_t);

static size_t slot_item(LayoutBuilder *b, const LbArray *a, size_t i, size_t end)
{
    (void)end;
    char label[96];
    snprintf(label, sizeof label, "%s[%zu]", a->name, i);
    (*(const SlotRow *)a->ctx)(b, label, a->off + i * a->item_size);
    return 1;
}

/* A run of slots read one row each (lb_pointer, lb_frame_slot), then the unused rest. */
static void slot_array(LayoutBuilder *b, const char *name, const char *ctype, size_t off,
                       size_t used, size_t count, SlotRow row)
{
    LbArray a = {.name = name, .ctype = ctype, .off = off, .item_size = sizeof(PyObject *),
                 .count = used, .run_role = ROLE_POINTER, .item = slot_item, .ctx = &row};
    lb_array(b, &a);
    if (count > used)
        lb_array_rest(b, &a, used, count - used, ROLE_UNUSED, "over-allocated, not in use");
}

void lb_pointer_array(LayoutBuilder *b, const char *name, size_t off, size_t used, size_t count)
{
    slot_array(b, name, "PyObject *", off, used, count, lb_pointer);
}

LayoutEntry *lb_frame_slot(LayoutBuilder *b, const char *name, size_t off)
{
    uintptr_t bits;
    if (!FACT_FRAME_STACKREF || !read_bytes(b, off, &bits, sizeof bits))
        return lb_pointer(b, name, off);
    PyObject *p;
    intptr_t ival;
    bool borrowed;
    FactSlotKind k = fact_frame_slot(bits, &p, &ival, &borrowed);
    LayoutEntry *e = lb_row(b, name, FACT_FRAME_SLOT_CTYPE, off, sizeof bits,
                            k == FACT_SLOT_INT ? ROLE_PAYLOAD : ROLE_POINTER);
    if (!e)
        return e;
    if (k == FACT_SLOT_NULL) {
        lb_value(e, "NULL");
    } else if (k == FACT_SLOT_INT) {
        lb_value(e, "%ld", (long)ival);
        lb_note(e, "a tagged int, not an object (low bits 11)");
    } else {
        char v[128];
        lb_short_value(p, v, sizeof v);
        e->value = xstrdup(v);
        e->target = (uintptr_t)p;
        e->target_type = lb_type_name(Py_TYPE(p));
        lb_ref(b, name, p);
        if (borrowed)
            lb_note(e, "tag bit 0 set: this reference owns no count (deferred or immortal)");
    }
    return e;
}

void lb_frame_slot_array(LayoutBuilder *b, const char *name, size_t off, size_t used)
{
    slot_array(b, name, FACT_FRAME_SLOT_CTYPE, off, used, used, lb_frame_slot);
}

/* ---- buffers ------------------------------------------------------------------------------- */

LayoutBuffer *lb_buffer_begin(LayoutBuilder *b, const char *name, const void *addr, size_t size,
                              size_t used, bool in_sizeof)
{
    LayoutBuffer *buf = layout_add_buffer(b->l, name);
    buf->address = (uintptr_t)addr;
    buf->size = size;
    buf->used = used;
    buf->in_sizeof = in_sizeof;
    buf->sizeof_charge = in_sizeof ? size : 0;
    buf->is_static = memory_is_static(addr);
    buf->allocator_size = buf->is_static ? 0 : memory_allocator_size(addr, size);
    b->buf = buf;
    b->buf_base = addr;
    b->buf_size = size;
    b->buf_in_sizeof = in_sizeof;
    return buf;
}

void lb_buffer_end(LayoutBuilder *b)
{
    b->buf = NULL;
    b->buf_base = NULL;
    b->buf_size = 0;
}

/* ---- header -------------------------------------------------------------------------------- */

/* ob_flags (3.14+) as its value and the names of the bits set. */
static void ob_flags_row(LayoutBuilder *b, const FactHeaderField *f)
{
    LayoutEntry *e = lb_uint(b, f->name, f->ctype, f->offset, f->size);
    if (!e)
        return;
    e->role = ROLE_HEADER;
    uint16_t flags = 0;
    read_bytes(b, f->offset, &flags, sizeof flags);
    size_t n;
    const FactFlagName *names = fact_ob_flag_names(&n);
    StrBuf sb;
    strbuf_init(&sb);
    for (size_t i = 0; i < n; i++)
        if (flags & names[i].bit)
            strbuf_printf(&sb, "%s%s", sb.len ? ", " : "", names[i].name);
    lb_value(e, "%#x%s%s%s", flags, sb.len ? " (" : "", sb.len ? sb.data : "", sb.len ? ")" : "");
    strbuf_free(&sb);
}

static void refcnt_row(LayoutBuilder *b, const FactHeaderField *f, long long refcount,
                       bool immortal, int held)
{
    LayoutEntry *rc = lb_row(b, f->name, f->ctype, f->offset, f->size, ROLE_HEADER);
    if (!rc)
        return;
    if (immortal)
        lb_value(rc, "immortal");
    else
        lb_value(rc, "%lld", refcount);
    if (!immortal && held > 0)
        lb_note(rc, "%d held by objscope", held);
    if (FACT_STATIC_REFCNT_FLOOR && refcount >= FACT_STATIC_REFCNT_FLOOR)
        lb_note(rc, "%s%s3.11: a static object starts at 999,999,999 (_PyObject_IMMORTAL_INIT) so "
                "its count never reaches 0; from 3.12 such objects are immortal",
                rc->note ? rc->note : "", rc->note ? "; " : "");
}

/* The header rows of an object of which `held` references are objscope's. */
static void header_rows(LayoutBuilder *b, long long refcount, bool immortal, int held,
                        bool with_size)
{
    size_t n;
    const FactHeaderField *fields = fact_header_fields(&n);
    for (size_t i = 0; i < n; i++) {
        const FactHeaderField *f = &fields[i];
        LayoutEntry *e;
        switch (f->role) {
        case FACT_HF_REFCNT:
            refcnt_row(b, f, refcount, immortal, held);
            break;
        case FACT_HF_OVERFLOW:
            e = lb_uint(b, f->name, f->ctype, f->offset, f->size);
            if (e)
                e->role = ROLE_HEADER;
            lb_note(e, "3.14: ob_refcnt, ob_overflow, ob_flags share the old 8-byte count");
            break;
        case FACT_HF_FLAGS:
            ob_flags_row(b, f);
            break;
        case FACT_HF_TYPE:
            e = lb_pointer_typed(b, f->name, f->ctype, f->offset);
            if (e)
                e->role = ROLE_HEADER;
            break;
        }
    }
    if (with_size) {
        LayoutEntry *sz = lb_ssize(b, "ob_size", offsetof(PyVarObject, ob_size));
        if (sz)
            sz->role = ROLE_HEADER;
    }
}

void lb_header(LayoutBuilder *b, bool with_size)
{
    header_rows(b, b->l->refcount, b->l->immortal, b->l->refs_held, with_size);
}

void lb_header_of(LayoutBuilder *b, PyObject *obj, bool with_size)
{
    header_rows(b, (long long)Py_REFCNT(obj), fact_is_immortal(obj), 0, with_size);
}

PyTypeObject *lb_loaded_type(const char *module, const char *name)
{
    PyObject *mods = PyImport_GetModuleDict();                          /* borrowed */
    PyObject *mod = mods && PyDict_Check(mods) ? PyDict_GetItemString(mods, module) : NULL;
    PyObject *ns = mod && PyModule_Check(mod) ? PyModule_GetDict(mod) : NULL; /* borrowed */
    PyObject *t = ns ? PyDict_GetItemString(ns, name) : NULL;           /* borrowed */
    PyErr_Clear();
    if (!t || !PyType_Check(t))
        return NULL;
    return (PyTypeObject *)Py_NewRef(t);
}
