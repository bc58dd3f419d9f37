/* test_kinds_data.c — the str, bytes, bytearray, array, dict, set and frozenset describers:
 * every object is checked against Python's own sizes (tl_assert_accounted) and against specific
 * offsets, buffer sizes, capacities and pointer targets, per version (cpython-layouts.md,
 * test_sys). */
#include <stdlib.h>
#include <string.h>

#include "layout/internals.h"
#include "tests/suites.h"
#include "tests/testlib.h"

#define V311 (FACT_MINOR >= 11)
#define V312 (FACT_MINOR >= 12)
#define V313 (FACT_MINOR >= 13)

/* ---- helpers -------------------------------------------------------------------------------- */

static const LayoutEntry *brow(const LayoutBuffer *b, const char *name)
{
    for (size_t i = 0; b && i < b->entries.len; i++)
        if (strcmp(b->entries.items[i].name, name) == 0)
            return &b->entries.items[i];
    return NULL;
}

static const LayoutEntry *field(const Layout *l, const char *name)
{
    const LayoutEntry *e = tl_field(l, name);
    ck_assert_msg(e != NULL, "no row '%s'", name);
    return e;
}

static const LayoutEntry *bfield(const LayoutBuffer *b, const char *name)
{
    ck_assert_msg(b != NULL, "no buffer for row '%s'", name);
    const LayoutEntry *e = brow(b, name);
    ck_assert_msg(e != NULL, "no row '%s' in buffer '%s'", name, b->name);
    return e;
}

static bool has_ref(const Layout *l, const char *via, uintptr_t address)
{
    for (size_t i = 0; i < l->nrefs; i++)
        if (strcmp(l->refs[i].via, via) == 0 && l->refs[i].address == address)
            return true;
    return false;
}

static bool has_note(const Layout *l, const char *text)
{
    for (size_t i = 0; i < l->nnotes; i++)
        if (strstr(l->notes[i].text, text))
            return true;
    return false;
}

/* Describe, check accounting and the getsizeof oracle; the caller frees both. */
static Layout *accounted(const char *expr, const char *setup, PyObject **o, long long getsizeof)
{
    Layout *l = tl_layout(expr, setup, o);
    tl_assert_accounted(l, *o, expr);
    if (getsizeof >= 0)
        ck_assert_msg(l->getsizeof == getsizeof, "%s: getsizeof %lld, expected %lld", expr,
                      l->getsizeof, getsizeof);
    return l;
}

static void done(Layout *l, PyObject *o)
{
    layout_free(l);
    Py_DECREF(o);
}

/* Allocator block sizes below are pymalloc's (the default); PYTHONMALLOC=malloc differs. */
static bool pymalloc(void)
{
    return strcmp(internals_allocator_name(), "pymalloc") == 0;
}

#define ASCII_DATA (V312 ? 40 : 48)
#define COMPACT_DATA (V312 ? 56 : 72)

/* ---- str ------------------------------------------------------------------------------------ */

START_TEST(str_empty_and_short_ascii)
{
    PyObject *o;
    Layout *l = accounted("''", NULL, &o, V312 ? 41 : 49);
    ck_assert_int_eq(field(l, "length")->offset, 16);
    ck_assert_str_eq(field(l, "length")->value, "0");
    ck_assert_int_eq(field(l, "hash")->offset, 24);
    ck_assert_int_eq(field(l, "state")->offset, 32);
    ck_assert_int_eq(field(l, "state")->size, 4);
    const LayoutEntry *d = field(l, "data (inline)");
    ck_assert_int_eq(d->offset, ASCII_DATA);
    ck_assert_uint_eq(d->size, 1);
    ck_assert_str_eq(d->value, "''");
    ck_assert_ptr_nonnull(strstr(d->note, "NUL"));
    ck_assert(l->is_static == V311); /* a per-interpreter heap singleton on 3.10 */
    ck_assert(tl_field(l, "utf8") == NULL);
    ck_assert(tl_field(l, "wstr") ? !V312 : V312);
    ck_assert_uint_eq(l->nbuffers, 0);
    done(l, o);

    l = accounted("'a'", NULL, &o, V312 ? 42 : 50);
    ck_assert_str_eq(field(l, "data (inline)")->value, "'a'");
    ck_assert_uint_eq(field(l, "data (inline)")->size, 2);
    ck_assert(l->is_static == V311);
    ck_assert_ptr_nonnull(strstr(field(l, "state")->value, "compact, ascii"));
    done(l, o);

    l = accounted("'abc'", NULL, &o, V312 ? 44 : 52);
    ck_assert_str_eq(field(l, "data (inline)")->value, "'abc'");
    ck_assert_str_eq(field(l, "data (inline)")->ctype, "Py_UCS1[4]");
    ck_assert_str_eq(field(l, "length")->value, "3");
    done(l, o);
}
END_TEST

START_TEST(str_long_ascii)
{
    PyObject *o;
    Layout *l = accounted("'x' * n", "n = 100", &o, V312 ? 141 : 149);
    const LayoutEntry *d = field(l, "data (inline)");
    ck_assert_uint_eq(d->size, 101);
    ck_assert_ptr_nonnull(strstr(d->value, "…"));        /* preview, not the whole text */
    ck_assert_str_eq(field(l, "hash")->value, "-1");       /* computed on demand */
    ck_assert_ptr_nonnull(strstr(field(l, "hash")->note, "not computed"));
    ck_assert(!l->is_static);
    if (pymalloc())
        ck_assert_uint_eq(l->object_block_alloc, V312 ? 144 : 160); /* pymalloc classes */
    done(l, o);
}
END_TEST

START_TEST(str_kinds)
{
    PyObject *o;
    Layout *l = accounted("'\\u20ac'", NULL, &o, V312 ? 60 : 76); /* € */
    const LayoutEntry *d = field(l, "data (inline)");
    ck_assert_int_eq(d->offset, COMPACT_DATA);
    ck_assert_str_eq(d->ctype, "Py_UCS2[2]");
    ck_assert_str_eq(d->value, "'\xe2\x82\xac'");
    ck_assert_ptr_nonnull(strstr(field(l, "state")->value, "kind 2, compact"));
    ck_assert_int_eq(field(l, "utf8_length")->offset, V312 ? 40 : 48);
    ck_assert_int_eq(field(l, "utf8")->offset, V312 ? 48 : 56);
    ck_assert_str_eq(field(l, "utf8")->value, "NULL");
    ck_assert(V312 ? !tl_field(l, "wstr_length") : field(l, "wstr_length")->offset == 64);
    done(l, o);

    l = accounted("chr(0x1F600)", NULL, &o, V312 ? 64 : 80); /* 😀 */
    ck_assert_str_eq(field(l, "data (inline)")->ctype, "Py_UCS4[2]");
    ck_assert_uint_eq(field(l, "data (inline)")->size, 8);
    ck_assert_ptr_nonnull(strstr(field(l, "state")->value, "kind 4"));
    done(l, o);

    l = accounted("'\\xff' * 50", NULL, &o, V312 ? 107 : 123); /* test_sys */
    ck_assert_str_eq(field(l, "data (inline)")->ctype, "Py_UCS1[51]");
    done(l, o);
    l = accounted("'\\U00010000' * 30", NULL, &o, V312 ? 180 : 196);
    done(l, o);
}
END_TEST

/* 'é' is a static singleton on 3.11+; on 3.12/3.13 its UTF-8 copy lives in libpython and is
 * still counted by __sizeof__ (56 + 2 + 3). */
START_TEST(str_static_latin1)
{
    PyObject *o;
    Layout *l = accounted("chr(0xe9)", NULL, &o, V312 ? 61 : 74);
    ck_assert(l->is_static == V311);
    ck_assert_str_eq(field(l, "data (inline)")->value, "'\xc3\xa9'");
    const LayoutBuffer *u = tl_buffer(l, "utf8");
    if (V312) {
        ck_assert_ptr_nonnull(u);
        ck_assert(u->is_static && u->in_sizeof);
        ck_assert_uint_eq(u->size, 3);
        ck_assert_uint_eq(u->sizeof_charge, 3);
        ck_assert_uint_eq(u->address, (uintptr_t)((PyCompactUnicodeObject *)o)->utf8);
        ck_assert_str_eq(field(l, "utf8_length")->value, "2");
    } else {
        ck_assert_ptr_null(u);
        ck_assert_str_eq(field(l, "utf8")->value, "NULL");
    }
    done(l, o);

    l = accounted("chr(65)", NULL, &o, V312 ? 42 : 50);
    ck_assert(l->is_static == V311);
    ck_assert(l->immortal == V312);
    if (V311)
        ck_assert(has_note(l, "static singletons"));
    done(l, o);
}
END_TEST

/* The UTF-8 copy appears when something asks for it (compile() does) and is then counted. */
START_TEST(str_utf8_cache)
{
    PyObject *o;
    const char *setup = "s = ''.join(['\\xe9', 'xyz'])";
    Layout *l = accounted("s", setup, &o, V312 ? 61 : 77);
    ck_assert_ptr_null(tl_buffer(l, "utf8"));
    ck_assert_ptr_nonnull(strstr(field(l, "utf8")->note, "no UTF-8 copy"));
    ck_assert_str_eq(field(l, "data (inline)")->value, "'\xc3\xa9xyz'");
    done(l, o);

    l = accounted("s", "s = ''.join(['\\xe9', 'xyz'])\ncompile(s, '<s>', 'eval')", &o,
                  V312 ? 67 : 83);
    const LayoutBuffer *u = tl_buffer(l, "utf8");
    ck_assert_ptr_nonnull(u);
    ck_assert(u->in_sizeof && !u->is_static && !u->shared);
    ck_assert_uint_eq(u->size, 6);
    ck_assert_uint_eq(u->sizeof_charge, 6);
    if (pymalloc())
        ck_assert_uint_eq(u->allocator_size, 16);
    ck_assert_uint_eq(u->address, (uintptr_t)((PyCompactUnicodeObject *)o)->utf8);
    ck_assert_str_eq(bfield(u, "utf8")->value, "'\xc3\xa9xyz'");
    ck_assert_str_eq(field(l, "utf8_length")->value, "5");
    ck_assert_ptr_nonnull(strstr(field(l, "utf8")->note, "separate UTF-8 copy"));
    done(l, o);

    /* test_sys's pair: chr(0x4000) before and after compile() */
    l = accounted("s", "s = chr(0x4000)\ncompile(s, '<stdin>', 'eval')", &o, V312 ? 64 : 80);
    ck_assert_uint_eq(tl_buffer(l, "utf8")->size, 4);
    done(l, o);
}
END_TEST

#if !V312
/* 3.10/3.11: a wchar_t copy made by the legacy PyUnicode_AsUnicode owns memory unless wchar_t
 * is the string's own kind (4 bytes on Linux: then it shares the data). */
START_TEST(str_wstr_cache)
{
    PyObject *o;
    Layout *l = tl_layout("''.join(['abc', '\\xe9'] * 3)", NULL, &o);
    layout_free(l);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    ck_assert_ptr_nonnull(PyUnicode_AsUnicode(o));
#pragma GCC diagnostic pop
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    l = layout_describe(o, &opt);
    tl_assert_accounted(l, o, "str with wstr");
    const LayoutBuffer *w = tl_buffer(l, "wstr");
    ck_assert_ptr_nonnull(w);
    ck_assert_uint_eq(w->size, 13 * sizeof(wchar_t));
    ck_assert(w->in_sizeof);
    ck_assert_int_eq(l->sizeof_value, 72 + 13 + 13 * 4);
    ck_assert_str_eq(field(l, "wstr_length")->value, "12");
    done(l, o);

    l = tl_layout("''.join(['abc', chr(0x1F600)])", NULL, &o);
    layout_free(l);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    ck_assert_ptr_nonnull(PyUnicode_AsUnicode(o));
#pragma GCC diagnostic pop
    l = layout_describe(o, &opt);
    tl_assert_accounted(l, o, "kind-4 str with wstr");
    ck_assert_ptr_null(tl_buffer(l, "wstr"));
    ck_assert_ptr_nonnull(strstr(field(l, "wstr")->note, "shares"));
    ck_assert_int_eq(l->sizeof_value, 72 + 5 * 4);
    done(l, o);
}
END_TEST
#endif

/* A str subclass instance is not compact: a PyUnicodeObject and a separate data block. */
START_TEST(str_subclass)
{
    PyObject *o;
    Layout *l = accounted("S(''.join(['h\\xe9', 'llo']))", "class S(str): pass", &o, -1);
    const LayoutEntry *d = field(l, "data");
    ck_assert_int_eq(d->offset, V312 ? 56 : 72);
    ck_assert_ptr_null(strstr(field(l, "state")->value, "compact"));
    const LayoutBuffer *b = tl_buffer(l, "character data");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->size, 6);
    ck_assert(b->in_sizeof);
    ck_assert_uint_eq(b->address, (uintptr_t)((PyUnicodeObject *)o)->data.any);
    ck_assert_str_eq(bfield(b, "data")->value, "'h\xc3\xa9llo'");
    ck_assert_int_eq(l->sizeof_value, (V312 ? 64 : 80) + 6);
    ck_assert_str_eq(l->type_name, "S");
    done(l, o);

    /* ASCII subclass: utf8 points at the data block, no extra copy */
    l = accounted("S('abc')", "class S(str): pass", &o, -1);
    ck_assert_ptr_null(tl_buffer(l, "utf8"));
    ck_assert_ptr_nonnull(strstr(field(l, "utf8")->note, "character data"));
    ck_assert_int_eq(l->sizeof_value, (V312 ? 64 : 80) + 4);
    done(l, o);
}
END_TEST

START_TEST(str_interned)
{
    PyObject *o;
    Layout *l = accounted("sys.intern(''.join(['hello', '_world']))", "import sys", &o, -1);
    const char *state = field(l, "state")->value;
    ck_assert_msg(strncmp(state, V312 && !V313 ? "interned immortal," : "interned,",
                          strlen(V312 && !V313 ? "interned immortal," : "interned,")) == 0,
                  "state %s", state);
    ck_assert(l->immortal == (V312 && !V313)); /* 3.12 immortalises every interned string */
    ck_assert(has_note(l, "interned"));
    done(l, o);

    l = accounted("''.join(['hello', '_world'])", NULL, &o, -1);
    ck_assert_ptr_nonnull(strstr(field(l, "state")->value, "not interned"));
    ck_assert(!has_note(l, "interned:"));
    done(l, o);
}
END_TEST

/* ---- bytes and bytearray -------------------------------------------------------------------- */

START_TEST(bytes_layouts)
{
    PyObject *o;
    Layout *l = accounted("b''", NULL, &o, 33);
    ck_assert_int_eq(field(l, "ob_size")->offset, 16);
    ck_assert_int_eq(field(l, "ob_shash")->offset, 24);
    const LayoutEntry *d = field(l, "ob_sval");
    ck_assert_int_eq(d->offset, 32);
    ck_assert_uint_eq(d->size, 1);
    ck_assert_str_eq(d->value, "b''");
    ck_assert(l->is_static == V311);
    done(l, o);

    l = accounted("bytes([97, 98, 99])", NULL, &o, 36);
    ck_assert_str_eq(field(l, "ob_sval")->value, "b'abc'");
    ck_assert_str_eq(field(l, "ob_sval")->ctype, "char[4]");
    ck_assert_str_eq(field(l, "ob_shash")->value, "-1");
    ck_assert(!l->is_static);
    if (pymalloc())
        ck_assert_uint_eq(l->object_block_alloc, 48);
    done(l, o);

    l = accounted("bytes(1000)", NULL, &o, 1033);
    ck_assert_uint_eq(field(l, "ob_sval")->size, 1001);
    ck_assert_uint_ge(l->object_block_alloc, 1033); /* malloc: above pymalloc's 512 */
    ck_assert_uint_eq(l->footprint, l->object_block_alloc);
    done(l, o);

    l = accounted("b", "b = b'x' * 10\nhash(b)", &o, 43);
    ck_assert_str_ne(field(l, "ob_shash")->value, "-1");
    ck_assert_int_eq(tl_py_int(o, "hash(o)"), atoll(field(l, "ob_shash")->value));
    done(l, o);
}
END_TEST

/* 3.15 (Include/cpython/bytearrayobject.h): the buffer became a bytes object the bytearray
 * owns, ob_bytes_object; __alloc__() and __sizeof__ count that whole object. */
#define BA_BASIC TL_BY_VERSION(56, 56, 56, 56, 56, 64)
#define BA_BUFFER (FACT_BYTEARRAY_BYTES_OBJECT ? "ob_bytes_object" : "ob_bytes")
#define BA_DATA (FACT_BYTEARRAY_BYTES_OBJECT ? offsetof(PyBytesObject, ob_sval) : 0)

START_TEST(bytearray_layouts)
{
    PyObject *o;
    Layout *l = accounted("bytearray()", NULL, &o, BA_BASIC);
    ck_assert_int_eq(field(l, "ob_alloc")->offset, 24);
    ck_assert_int_eq(field(l, "ob_bytes")->offset, 32);
    ck_assert_int_eq(field(l, "ob_start")->offset, 40);
    ck_assert_int_eq(field(l, "ob_exports")->offset, 48);
    if (FACT_BYTEARRAY_BYTES_OBJECT) /* the static b'', which nothing charges for */
        ck_assert(field(l, "ob_bytes_object")->offset == 56 &&
                  field(l, "ob_bytes_object")->target == (uintptr_t)tl_py_int(o, "id(b'')"));
    else
        ck_assert_str_eq(field(l, "ob_bytes")->value, "NULL");
    ck_assert_uint_eq(l->nbuffers, 0);
    done(l, o);

    l = accounted("bytearray(b'abc')", NULL, &o, BA_BASIC + (FACT_BYTEARRAY_BYTES_OBJECT ? 36 : 4));
    const LayoutBuffer *b = tl_buffer(l, BA_BUFFER);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->size, (size_t)tl_py_int(o, "o.__alloc__()"));
    ck_assert_uint_eq(b->size, BA_DATA + 4);
    ck_assert_uint_eq(b->sizeof_charge, BA_DATA + 4);
    ck_assert_uint_eq(b->address, (uintptr_t)PyByteArray_AS_STRING(o) - BA_DATA);
    ck_assert_str_eq(bfield(b, "ob_start[]")->value, "b'abc'");
    ck_assert_int_eq(bfield(b, FACT_BYTEARRAY_BYTES_OBJECT ? "NUL (bytes)" : "NUL")->offset,
                     BA_DATA + 3);
    if (FACT_BYTEARRAY_BYTES_OBJECT)
        ck_assert_str_eq(bfield(b, "ob_size")->value, "3");
    done(l, o);

    /* del b[:10] moves ob_start forward inside the same buffer */
    l = accounted("b", "b = bytearray(range(100))\ndel b[:10]", &o, -1);
    b = tl_buffer(l, BA_BUFFER);
    ck_assert_uint_eq(b->size, (size_t)tl_py_int(o, "o.__alloc__()"));
    ck_assert_int_eq(l->sizeof_value, BA_BASIC + tl_py_int(o, "o.__alloc__()"));
    const LayoutEntry *pre = bfield(b, "(before ob_start)");
    ck_assert_int_eq(pre->offset, BA_DATA);
    ck_assert_uint_eq(pre->size, 10);
    ck_assert_int_eq(pre->role, ROLE_UNUSED);
    ck_assert_int_eq(bfield(b, "ob_start[]")->offset, BA_DATA + 10);
    ck_assert_uint_eq(bfield(b, "ob_start[]")->size, 90);
    ck_assert_ptr_nonnull(strstr(field(l, "ob_start")->note, "10 bytes"));
    done(l, o);
}
END_TEST

/* ---- array.array: offsets from facts.h, checked against what the module itself reports ------ */

START_TEST(array_layouts)
{
    PyObject *o;
    Layout *l = accounted("a", "import array\na = array.array('d', [1.5, 2.0, -3.25])", &o, -1);
    ck_assert_str_eq(l->kind, "array");
    ck_assert_int_eq(field(l, "ob_item")->offset, 24);
    ck_assert_int_eq(field(l, "allocated")->offset, 32);
    ck_assert_int_eq(field(l, "ob_descr")->offset, 40);
    ck_assert_int_eq(field(l, "ob_exports")->offset, 56);
    ck_assert_ptr_nonnull(strstr(field(l, "ob_descr")->note, "'d'"));
    const LayoutBuffer *b = tl_buffer(l, "ob_item");
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(b->address, (uintptr_t)tl_py_int(o, "o.buffer_info()[0]"));
    ck_assert_uint_eq(b->size, (size_t)tl_py_int(o, "o.__sizeof__() - type(o).__basicsize__"));
    ck_assert_str_eq(bfield(b, "values")->value, "[1.5, 2, -3.25]");
    ck_assert_str_eq(bfield(b, "values")->ctype, "double[3]");
    done(l, o);

    /* appends over-allocate; signed and unsigned values read at their own width */
    l = accounted("a", "import array\na = array.array('q', [-5, 2**40])\na.append(7)", &o, -1);
    b = tl_buffer(l, "ob_item");
    ck_assert_str_eq(bfield(b, "values")->value, "[-5, 1099511627776, 7]");
    long long spare = tl_py_int(o, "(o.__sizeof__() - type(o).__basicsize__) // 8 - len(o)");
    ck_assert_int_gt(spare, 0);
    ck_assert_uint_eq(bfield(b, "(over-allocated)")->size, (size_t)spare * 8);
    ck_assert_int_eq(bfield(b, "(over-allocated)")->role, ROLE_UNUSED);
    done(l, o);
    l = accounted("array.array('b', [-1, 2, -128, 127, 5])", "import array", &o, -1);
    ck_assert_str_eq(bfield(tl_buffer(l, "ob_item"), "values")->value, "[-1, 2, -128, 127, ...]");
    done(l, o);
    l = accounted("array.array('H', [65535])", "import array", &o, -1);
    ck_assert_str_eq(bfield(tl_buffer(l, "ob_item"), "values")->value, "[65535]");
    done(l, o);

    /* empty: no buffer at all */
    l = accounted("array.array('i')", "import array", &o, -1);
    ck_assert_str_eq(field(l, "ob_item")->value, "NULL");
    ck_assert_uint_eq(l->nbuffers, 0);
    done(l, o);
}
END_TEST

/* ---- dict ----------------------------------------------------------------------------------- */

START_TEST(dict_empty)
{
    PyObject *o;
    Layout *l = accounted("{}", NULL, &o, 64);
    ck_assert_int_eq(field(l, "ma_used")->offset, 16);
    ck_assert_int_eq(field(l, FACT_DICT_TAG_NAME)->offset, 24);
    ck_assert_int_eq(field(l, "ma_keys")->offset, 32);
    ck_assert_int_eq(field(l, "ma_values")->offset, 40);
    ck_assert_int_eq(l->sizeof_value, 48);
    const LayoutBuffer *k = tl_buffer(l, "dict keys table");
    ck_assert_ptr_nonnull(k);
    ck_assert(k->is_static && !k->in_sizeof);
    ck_assert_uint_eq(k->sizeof_charge, 0);
    ck_assert_uint_eq(k->address, (uintptr_t)((PyDictObject *)o)->ma_keys);
    ck_assert_ptr_null(tl_buffer(l, "values"));
    if (V311)
        ck_assert_str_eq(field(l, "ma_values")->value, "NULL");
    else
        ck_assert_ptr_nonnull(strstr(field(l, "ma_values")->note, "static empty array"));
    ck_assert(has_note(l, "empty keys"));
    done(l, o);
}
END_TEST

START_TEST(dict_small)
{
    PyObject *o;
    Layout *l = accounted("{'a': n}", "n = 1", &o, V311 ? 184 : 232);
    const LayoutBuffer *k = tl_buffer(l, "dict keys table");
    ck_assert_uint_eq(k->size, V311 ? 120 : 168);
    ck_assert(k->in_sizeof && !k->shared && !k->is_static);
    ck_assert_uint_eq(k->sizeof_charge, k->size);
    ck_assert_str_eq(bfield(k, "dk_refcnt")->value, "1");
    ck_assert_int_eq(bfield(k, "dk_indices")->offset, V311 ? 32 : 40);
    ck_assert_str_eq(bfield(k, "dk_indices")->ctype, "int8_t[8]");
    PyObject *key = PyUnicode_InternFromString("a"), *one = PyLong_FromLong(1);
    const LayoutEntry *ek = bfield(k, "entries[0].me_key"), *ev = bfield(k, "entries[0].me_value");
    ck_assert_uint_eq(ek->target, (uintptr_t)key);
    ck_assert_uint_eq(ev->target, (uintptr_t)one);
    ck_assert_int_eq(ek->offset, V311 ? 40 : 56);
    ck_assert(has_ref(l, "key 'a'", (uintptr_t)key));
    ck_assert(has_ref(l, "value of 'a'", (uintptr_t)one));
    ck_assert(V311 ? !brow(k, "entries[0].me_hash") : brow(k, "entries[0].me_hash") != NULL);
    const LayoutEntry *rest = bfield(k, "entries[1..4]");
    ck_assert_int_eq(rest->role, ROLE_UNUSED);
    ck_assert_uint_eq(rest->count, 4);
    Py_DECREF(key);
    Py_DECREF(one);
    done(l, o);

    l = accounted("{n: n}", "n = 1", &o, V311 ? 224 : 232);
    k = tl_buffer(l, "dict keys table");
    ck_assert_uint_eq(k->size, 160 + (V311 ? 0 : 8));
    ck_assert_str_eq(bfield(k, "entries[0].me_hash")->value, "1");
    ck_assert_str_eq(bfield(k, "entries[0].me_key")->value, "1");
    if (V311)
        ck_assert_str_eq(bfield(k, "dk_kind")->value, "0");
    done(l, o);

    l = accounted("{i: i for i in range(1, 9)}", NULL, &o, V311 ? 352 : 360);
    done(l, o);
    if (V311) {
        l = accounted("{str(i): i for i in range(8)}", NULL, &o, 272);
        done(l, o);
    }
}
END_TEST

START_TEST(dict_large)
{
    PyObject *o;
    Layout *l = accounted("{i: i for i in range(1000)}", NULL, &o, -1);
    const LayoutBuffer *k = tl_buffer(l, "dict keys table");
    ck_assert_uint_eq(k->size, (size_t)(tl_py_int(o, "type(o).__sizeof__(o)") - 48));
    const LayoutEntry *ix = bfield(k, "dk_indices");
    ck_assert_str_eq(ix->ctype, "int16_t[2048]");
    ck_assert_uint_eq(ix->size, 4096);
    ck_assert_str_eq(ix->value, "1000 used, 1048 empty, 0 dummy");
    const LayoutEntry *el = bfield(k, "entries[8..997]");
    ck_assert_uint_eq(el->count, 990);
    ck_assert_ptr_null(el->hex);
    ck_assert_ptr_nonnull(bfield(k, "entries[999].me_value"));
    ck_assert_int_eq(bfield(k, "entries[1000..1364]")->role, ROLE_UNUSED);
    ck_assert_uint_eq(l->nrefs, 1 + 2 * 10); /* ob_type and the shown entries only */
    done(l, o);
}
END_TEST

START_TEST(dict_deleted)
{
    PyObject *o;
    Layout *l = accounted("d", "d = {str(i): i for i in range(10)}\ndel d['3']", &o, -1);
    const LayoutBuffer *k = tl_buffer(l, "dict keys table");
    const LayoutEntry *e = bfield(k, "entries[3]");
    ck_assert_int_eq(e->role, ROLE_UNUSED);
    ck_assert_ptr_nonnull(strstr(e->note, "deleted"));
    ck_assert_ptr_nonnull(strstr(bfield(k, "dk_indices")->value, "9 used"));
    ck_assert_ptr_nonnull(strstr(bfield(k, "dk_indices")->value, "1 dummy"));
    ck_assert_str_eq(field(l, "ma_used")->value, "9");
    ck_assert_str_eq(bfield(k, "dk_nentries")->value, "10");
    done(l, o);
}
END_TEST

/* A str-keyed dict says its keys are missed by gc.get_referents yet counted in the deep size
 * (as the deep walk does: tests/test_deep.c); a dict with any other key says nothing of it. */
START_TEST(dict_str_keys_note)
{
    PyObject *o;
    Layout *l = accounted("{'a': 1, 'b': 2}", NULL, &o, -1);
    ck_assert(has_note(l, "gc.get_referents and the deep getsizeof figure miss them; the deep "
                          "and exclusive sizes count them"));
    done(l, o);
    l = accounted("{1: 'a', 'b': 2}", NULL, &o, -1);
    ck_assert(!has_note(l, "the deep getsizeof figure miss them"));
    done(l, o);
}
END_TEST

/* The elided run's count of deleted entries is right whichever side is read: the run is most
 * of the table, so the few rows outside it are counted and taken from the dict's total. */
START_TEST(dict_deleted_in_an_elided_run)
{
    PyObject *o;
    Layout *l = accounted("d", "d = {str(i): i for i in range(1000)}\n"
                               "for i in (2, 500, 501, 502, 997): del d[str(i)]\n"
                               "d.popitem()", &o, -1);
    const LayoutBuffer *k = tl_buffer(l, "dict keys table");
    ck_assert_str_eq(bfield(k, "dk_nentries")->value, "999"); /* popitem took entry 999 */
    ck_assert_ptr_nonnull(strstr(bfield(k, "entries[2]")->note, "deleted"));
    ck_assert_ptr_nonnull(strstr(bfield(k, "entries[997]")->note, "deleted"));
    const LayoutEntry *run = bfield(k, "entries[8..996]");
    ck_assert_ptr_nonnull(strstr(run->note, "(3 of them deleted)"));
    done(l, o);
}
END_TEST

static const char *split_setup = "class C:\n"
                                 "    def __init__(self):\n"
                                 "        self.a = 1\n"
                                 "        self.b = 'x'\n"
                                 "c = C()\n"
                                 "d = c.__dict__\n";

/* A split dict: the keys belong to the class, the values to the dict (3.10-3.12) or to the
 * instance (3.13). On 3.11+ __sizeof__ charges the class's current capacity (the trap). */
/* One keys table, three askers: the split dict that uses a class's shared keys and the class
 * itself (ht_cached_keys) draw it with the same rows, row for row. */
static void assert_same_rows(const LayoutBuffer *a, const LayoutBuffer *b)
{
    ck_assert_uint_eq(a->address, b->address);
    ck_assert_uint_eq(a->entries.len, b->entries.len);
    for (size_t i = 0; i < a->entries.len; i++) {
        const LayoutEntry *x = &a->entries.items[i], *y = &b->entries.items[i];
        ck_assert_str_eq(x->name, y->name);
        ck_assert_str_eq(x->ctype, y->ctype);
        ck_assert_int_eq(x->offset, y->offset);
        ck_assert_uint_eq(x->size, y->size);
        ck_assert_int_eq(x->role, y->role);
        ck_assert_str_eq(x->value ? x->value : "", y->value ? y->value : "");
        ck_assert_str_eq(x->note ? x->note : "", y->note ? y->note : "");
    }
}

START_TEST(dict_keys_rows_are_the_same_for_every_asker)
{
    const char *setup = "class C:\n    def __init__(self):\n"
                        "        for i in range(14): setattr(self, 'a%d' % i, i)\n"
                        "c = C()\nd = c.__dict__\n";
    PyObject *pair = tl_eval("(d, C)", setup); /* one class: the dict uses its keys */
    PyObject *o = PyTuple_GET_ITEM(pair, 0), *t = PyTuple_GET_ITEM(pair, 1);
    LayoutOptions opt = layout_default_options();
    Layout *ld = layout_describe(o, &opt), *lt = layout_describe(t, &opt);
    const LayoutBuffer *kd = tl_buffer(ld, "dict keys table");
    const LayoutBuffer *kt = tl_buffer(lt, "ht_cached_keys");
    ck_assert_ptr_nonnull(kd);
    ck_assert_ptr_nonnull(kt);
    assert_same_rows(kd, kt);
    const LayoutEntry *run = bfield(kd, "entries[8..11]"); /* 14 entries: 8, a run, 2 */
    ck_assert(run->focusable && run->count == 4);
    ck_assert_str_eq(bfield(kd, "entries[0].me_key")->value, "'a0'");
    ck_assert_ptr_nonnull(strstr(bfield(kd, "entries[0].me_value")->note, "split table"));
    layout_free(ld);
    layout_free(lt);
    Py_DECREF(pair);
}
END_TEST

START_TEST(dict_split)
{
    PyObject *o;
    Layout *l = accounted("d", split_setup, &o, -1);
    const LayoutBuffer *k = tl_buffer(l, "dict keys table"), *v = tl_buffer(l, "values");
    ck_assert_ptr_nonnull(v);
    ck_assert(k->shared && !k->in_sizeof);
    ck_assert_uint_eq(k->sizeof_charge, 0);
    ck_assert_uint_eq(k->size, V311 ? 768 : 168);
    long long sz = l->sizeof_value;
    ck_assert_uint_eq(v->sizeof_charge, (size_t)(sz - 48));
    PyObject *one = PyLong_FromLong(1);
    ck_assert_uint_eq(bfield(v, "values[0]")->target, (uintptr_t)one);
    Py_DECREF(one);
    ck_assert(has_ref(l, "value of 'a'", bfield(v, "values[0]")->target));
    ck_assert_str_eq(bfield(k, "entries[0].me_value")->value, "NULL");
    if (!V311) {
        ck_assert_uint_eq(v->size, 40); /* 5 usable pointers */
        ck_assert_int_eq(sz, 88);
    } else if (!V313) {
        ck_assert_uint_eq(v->size, 32 + 29 * 8); /* prefix + first instance's capacity */
        ck_assert_str_eq(bfield(v, "prefix size")->value, "32");
        ck_assert_str_eq(bfield(v, "used")->value, "2");
        ck_assert_str_eq(bfield(v, "insertion order")->value, "a, b");
        ck_assert_int_eq(sz, 48 + 29 * 8);
        ck_assert(!v->shared);
    } else {
        ck_assert(v->shared); /* inside the instance */
        ck_assert_str_eq(bfield(v, "capacity")->value, "29");
        ck_assert_str_eq(bfield(v, "embedded")->value, "1");
        ck_assert_uint_eq(v->size, 8 + 29 * 8 + 32);
        ck_assert_int_eq(sz, 48 + 29 * 8);
    }
    done(l, o);

    if (V313) { /* the values are the instance's own bytes, right after its 16-byte header */
        PyObject *pair = tl_eval("(c, d)", split_setup);
        LayoutOptions opt = layout_default_options();
        opt.deep = false;
        l = layout_describe(PyTuple_GET_ITEM(pair, 1), &opt);
        ck_assert_uint_eq(tl_buffer(l, "values")->address, (uintptr_t)PyTuple_GET_ITEM(pair, 0) + 16);
        if (pymalloc())
            ck_assert_uint_eq(l->footprint, 64); /* the dict's own block only */
        done(l, pair);
    }
}
END_TEST

/* More instances shrink the class's capacity: the same dict's __sizeof__ drops (3.11+), its own
 * values block does not. */
START_TEST(dict_split_capacity_trap)
{
    PyObject *o;
    char setup[512];
    snprintf(setup, sizeof setup, "%sothers = [C() for _ in range(10)]\n", split_setup);
    Layout *l = accounted("d", setup, &o, -1);
    const LayoutBuffer *v = tl_buffer(l, "values");
    if (V311) {
        ck_assert_int_eq(l->sizeof_value, 48 + 19 * 8);
        if (pymalloc() || V313) /* 3.11/3.12: capacity inferred with the allocator's help */
            ck_assert_uint_eq(v->size, V313 ? 8 + 29 * 8 + 32 : 32 + 29 * 8);
        ck_assert_uint_eq(v->sizeof_charge, 19 * 8);
        ck_assert_ptr_nonnull(strstr(v->note, "charges 152"));
    } else {
        ck_assert_int_eq(l->sizeof_value, 88);
        ck_assert_uint_eq(v->sizeof_charge, 40);
    }
    done(l, o);
}
END_TEST

/* dict.__sizeof__ counts a subclass's whole basicsize; the rows past the dict's 48 bytes are
 * kind_subclass_extras' (instance.c). Until they exist, the gap is exactly those bytes. */
START_TEST(dict_subclass)
{
    PyObject *o;
    Layout *l = tl_layout("D(a=1)", "class D(dict): pass", &o);
    size_t basic = (size_t)Py_TYPE(o)->tp_basicsize;
    const LayoutEntry *last = &l->fields.items[l->fields.len - 1];
    size_t covered = (size_t)last->offset + last->size;
    if (strcmp(last->name, "(allocator rounding)") == 0)
        covered = (size_t)last->offset;
    if (covered >= basic)
        tl_assert_accounted(l, o, "dict subclass");
    else
        ck_assert_int_eq(l->unaccounted, (long long)(basic - covered));
    ck_assert_int_eq(l->sizeof_value, (long long)basic + (V311 ? 120 : 168));
    ck_assert_str_eq(l->kind, "dict");
    ck_assert_uint_eq(tl_buffer(l, "dict keys table")->size, V311 ? 120 : 168);
    ck_assert_int_eq(field(l, "ma_keys")->offset, 32);
    done(l, o);
}
END_TEST

/* ---- set and frozenset ---------------------------------------------------------------------- */

START_TEST(set_small)
{
    PyObject *o;
    Layout *l = accounted("set()", NULL, &o, 216);
    static const struct { const char *name; long off; } f[] = {
        {"fill", 16}, {"used", 24}, {"mask", 32}, {"table", 40}, {"hash", 48}, {"finger", 56},
        {"weakreflist", 192}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        ck_assert_int_eq(field(l, f[i].name)->offset, f[i].off);
    const LayoutEntry *st = field(l, "smalltable[0..7]");
    ck_assert_int_eq(st->offset, 64);
    ck_assert_uint_eq(st->size, 128);
    ck_assert_int_eq(st->role, ROLE_UNUSED);
    ck_assert_uint_eq(l->nbuffers, 0);
    ck_assert_str_eq(field(l, "mask")->value, "7");
    done(l, o);

    l = accounted("{1, 2, 3}", NULL, &o, 216);
    for (long i = 1; i <= 3; i++) {
        char name[32];
        snprintf(name, sizeof name, "smalltable[%ld].key", i);
        PyObject *n = PyLong_FromLong(i);
        ck_assert_uint_eq(field(l, name)->target, (uintptr_t)n);
        ck_assert_int_eq(field(l, name)->offset, 64 + 16 * i);
        ck_assert(has_ref(l, name, (uintptr_t)n));
        Py_DECREF(n);
    }
    ck_assert_str_eq(field(l, "smalltable[1].hash")->value, "1");
    ck_assert_int_eq(field(l, "smalltable[4..7]")->role, ROLE_UNUSED);
    done(l, o);

    l = accounted("frozenset()", NULL, &o, 216);
    ck_assert_str_eq(field(l, "hash")->value, "-1");
    ck_assert_ptr_nonnull(strstr(field(l, "hash")->note, "not computed"));
    ck_assert_str_eq(l->kind, "frozenset");
    done(l, o);
}
END_TEST

START_TEST(set_large)
{
    PyObject *o;
    Layout *l = accounted("set(range(10))", NULL, &o, 728);
    const LayoutBuffer *t = tl_buffer(l, "table");
    ck_assert_ptr_nonnull(t);
    ck_assert_uint_eq(t->size, 512);
    ck_assert(t->in_sizeof);
    ck_assert_uint_eq(t->address, (uintptr_t)((PySetObject *)o)->table);
    ck_assert_int_eq(field(l, "smalltable")->role, ROLE_UNUSED);
    ck_assert_ptr_nonnull(strstr(field(l, "smalltable")->note, "stale"));
    PyObject *three = PyLong_FromLong(3);
    ck_assert_uint_eq(bfield(t, "table[3].key")->target, (uintptr_t)three);
    Py_DECREF(three);
    done(l, o);

    l = accounted("set(range(50))", NULL, &o, 2264);
    done(l, o);

    l = accounted("fs", "fs = frozenset(range(100))\nhash(fs)", &o, -1);
    t = tl_buffer(l, "table");
    ck_assert_uint_eq(t->size, (size_t)tl_py_int(o, "(type(o).__sizeof__(o) - 200)"));
    ck_assert_str_ne(field(l, "hash")->value, "-1");
    bool elided = false;
    for (size_t i = 0; i < t->entries.len; i++)
        elided |= t->entries.items[i].note && strstr(t->entries.items[i].note, "92 entries not shown");
    ck_assert(elided); /* small ints hash to themselves: slots 0..99 of 512 hold them */
    ck_assert(bfield(t, "table[8..509]")->focusable);
    size_t shown = 0;
    for (size_t i = 0; i < t->entries.len; i++)
        shown += strstr(t->entries.items[i].name, ".key") != NULL;
    ck_assert_uint_eq(shown, 8); /* the first 8 slots; the last 2 are empty */
    done(l, o);
}
END_TEST

START_TEST(set_removals)
{
    PyObject *o;
    Layout *l = accounted("s", "s = set(range(20))\nfor i in range(15): s.discard(i)", &o, -1);
    ck_assert_str_eq(field(l, "used")->value, "5");
    ck_assert_str_eq(field(l, "fill")->value, "20");
    const LayoutBuffer *t = tl_buffer(l, "table");
    const LayoutEntry *d = bfield(t, "table[0..7]"); /* the head slots: one row, all deleted */
    ck_assert_ptr_nonnull(strstr(d->note, "8 deleted"));
    ck_assert_int_eq(d->role, ROLE_UNUSED);
    ck_assert(!d->focusable);
    const LayoutEntry *mid = bfield(t, "table[8..125]");
    ck_assert_ptr_nonnull(strstr(mid->note, "5 entries not shown, 7 deleted (dummy), 106 empty"));
    ck_assert(mid->focusable);
    done(l, o);

    /* small table with a dummy */
    l = accounted("s", "s = {1, 2, 3}\ns.discard(2)", &o, 216);
    ck_assert_ptr_nonnull(strstr(field(l, "smalltable[2]")->note, "deleted"));
    done(l, o);
}
END_TEST

Suite *kinds_data_suite(void)
{
    Suite *s = suite_create("kinds_data");
    TCase *str = tcase_create("str");
    tcase_add_test(str, str_empty_and_short_ascii);
    tcase_add_test(str, str_long_ascii);
    tcase_add_test(str, str_kinds);
    tcase_add_test(str, str_static_latin1);
    tcase_add_test(str, str_utf8_cache);
#if !V312
    tcase_add_test(str, str_wstr_cache);
#endif
    tcase_add_test(str, str_subclass);
    tcase_add_test(str, str_interned);
    suite_add_tcase(s, str);
    TCase *bytes = tcase_create("bytes");
    tcase_add_test(bytes, bytes_layouts);
    tcase_add_test(bytes, bytearray_layouts);
    tcase_add_test(bytes, array_layouts);
    suite_add_tcase(s, bytes);
    TCase *dict = tcase_create("dict");
    tcase_add_test(dict, dict_empty);
    tcase_add_test(dict, dict_small);
    tcase_add_test(dict, dict_large);
    tcase_add_test(dict, dict_deleted);
    tcase_add_test(dict, dict_deleted_in_an_elided_run);
    tcase_add_test(dict, dict_str_keys_note);
    tcase_add_test(dict, dict_split);
    tcase_add_test(dict, dict_keys_rows_are_the_same_for_every_asker);
    tcase_add_test(dict, dict_split_capacity_trap);
    tcase_add_test(dict, dict_subclass);
    suite_add_tcase(s, dict);
    TCase *set = tcase_create("set");
    tcase_add_test(set, set_small);
    tcase_add_test(set, set_large);
    tcase_add_test(set, set_removals);
    suite_add_tcase(s, set);
    return s;
}
