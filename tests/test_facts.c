/* test_facts.c — the version facts (src/layout/facts.h and its per-version table) held to
 * independent witnesses: the DWARF debug information of the running libpython and of the
 * array module (read with gdb, where both are present; a printed skip otherwise), the live
 * objects themselves (values Python can see, stored where the facts say), and CPython's own
 * functions and sizes (sys.getsizeof, __sizeof__, _PyType_PreHeaderSize). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"
#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/strbuf.h"

/* ---- DWARF through gdb ----------------------------------------------------------------------- */

/* `ptype /o` of each named type in `lib`, one after the other, each section starting with a
 * line "@@NAME". Owned text, or NULL (why set) when gdb or the debug information is missing. */
static char *ptype_sections(const char *lib, const char *const *types, size_t n, const char **why)
{
    if (system("command -v gdb >/dev/null 2>&1") != 0) {
        *why = "gdb is not installed";
        return NULL;
    }
    StrBuf cmd;
    strbuf_init(&cmd);
    strbuf_puts(&cmd, "gdb -batch -nx");
    for (size_t i = 0; i < n; i++)
        strbuf_printf(&cmd, " -ex 'echo @@%s\\n' -ex 'ptype /o %s'", types[i], types[i]);
    strbuf_printf(&cmd, " '%s' 2>&1", lib);
    FILE *p = popen(cmd.data, "r");
    strbuf_free(&cmd);
    StrBuf out;
    strbuf_init(&out);
    char chunk[4096];
    size_t got;
    while (p && (got = fread(chunk, 1, sizeof chunk, p)) > 0)
        strbuf_add(&out, chunk, got);
    if (p)
        pclose(p);
    if (!strstr(out.data ? out.data : "", "total size (bytes)")) {
        *why = "the library has no debug information for these structs";
        strbuf_free(&out);
        return NULL;
    }
    return out.data;
}

typedef struct {
    long offset, size; /* -1 when not found */
} DwarfMember;

/* The member `name` of section `type` ("total" for the struct's size). */
static DwarfMember dwarf_member(const char *text, const char *type, const char *name)
{
    DwarfMember m = {-1, -1};
    char mark[128];
    snprintf(mark, sizeof mark, "@@%s\n", type);
    const char *s = strstr(text, mark), *end;
    if (!s)
        return m;
    s += strlen(mark);
    end = strstr(s, "\n@@");
    if (!end)
        end = s + strlen(s);
    for (const char *line = s; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t len = nl ? (size_t)(nl - line) : (size_t)(end - line);
        char buf[512];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < sizeof buf ? len : sizeof buf - 1), line);
        line += len + 1;
        long off, size;
        if (strcmp(name, "total") == 0) {
            const char *t = strstr(buf, "total size (bytes):");
            if (t && sscanf(t, "total size (bytes): %ld", &size) == 1)
                m.size = size; /* the outermost total comes last */
            continue;
        }
        const char *decl = strstr(buf, "*/");
        if (!decl || sscanf(buf, "/* %ld | %ld */", &off, &size) != 2)
            continue;
        char plain[96], fn[96], arr[96];
        snprintf(plain, sizeof plain, " %s;", name);
        snprintf(fn, sizeof fn, "(*%s)", name);
        snprintf(arr, sizeof arr, " %s[", name);
        char star[96], star_arr[96];
        snprintf(star, sizeof star, "*%s;", name);
        snprintf(star_arr, sizeof star_arr, "*%s[", name);
        if (strstr(decl, plain) || strstr(decl, fn) || strstr(decl, arr) || strstr(decl, star) ||
            strstr(decl, star_arr)) {
            m.offset = off;
            m.size = size;
            return m;
        }
    }
    return m;
}

static void assert_member(const char *text, const char *type, const char *name, long offset)
{
    DwarfMember m = dwarf_member(text, type, name);
    ck_assert_msg(m.offset == offset, "DWARF: %s.%s at %ld, facts.h says %ld", type, name,
                  m.offset, offset);
}

/* The shared libpython this interpreter runs on, as sysconfig names it (a new str), or NULL.
 * (dladdr on a data symbol would name the test binary: it holds copies of them.) */
static PyObject *libpython_path(void)
{
    PyObject *p = tl_eval("os.path.join(sysconfig.get_config_var('LIBDIR'), "
                          "sysconfig.get_config_var('INSTSONAME'))",
                          "import os, sysconfig\n");
    if (!PyUnicode_Check(p) || tl_py_int(p, "__import__('os').path.exists(o)") == 0) {
        Py_DECREF(p);
        return NULL;
    }
    return p;
}

START_TEST(private_structs_match_dwarf)
{
    const char *types[] = {"rangeobject", "lru_cache_object", "lru_list_elem",
                           "struct _dictkeysobject", "PyGC_Head"};
    PyObject *path = libpython_path();
    const char *why = NULL;
    char *text = path ? ptype_sections(PyUnicode_AsUTF8(path), types, 5, &why) : NULL;
    Py_XDECREF(path);
    if (!text) {
        tl_note_skip("private_structs_match_dwarf", why ? why : "libpython not found");
        return;
    }
    assert_member(text, "rangeobject", "start", FACT_RANGE_START);
    assert_member(text, "rangeobject", "stop", FACT_RANGE_STOP);
    assert_member(text, "rangeobject", "step", FACT_RANGE_STEP);
    assert_member(text, "rangeobject", "length", FACT_RANGE_LENGTH);
    ck_assert_int_eq(dwarf_member(text, "rangeobject", "total").size, FACT_RANGE_SIZE);
    /* the embedded root is an lru_list_elem at offset 0 */
    assert_member(text, "lru_list_elem", "prev", FACT_LRU_ROOT_PREV);
    assert_member(text, "lru_list_elem", "next", FACT_LRU_ROOT_NEXT);
    assert_member(text, "lru_list_elem", "hash", FACT_LRU_ROOT_HASH);
    assert_member(text, "lru_list_elem", "key", FACT_LRU_ROOT_KEY);
    assert_member(text, "lru_list_elem", "result", FACT_LRU_ROOT_RESULT);
    assert_member(text, "lru_cache_object", "wrapper", FACT_LRU_WRAPPER);
    assert_member(text, "lru_cache_object", "typed", FACT_LRU_TYPED);
    assert_member(text, "lru_cache_object", "cache", FACT_LRU_CACHE);
    assert_member(text, "lru_cache_object", "hits", FACT_LRU_HITS);
    assert_member(text, "lru_cache_object", "func", FACT_LRU_FUNC);
    assert_member(text, "lru_cache_object", "maxsize", FACT_LRU_MAXSIZE);
    assert_member(text, "lru_cache_object", "misses", FACT_LRU_MISSES);
    assert_member(text, "lru_cache_object", "kwd_mark", FACT_LRU_KWD_MARK);
    assert_member(text, "lru_cache_object", "lru_list_elem_type", FACT_LRU_ELEM_TYPE);
    assert_member(text, "lru_cache_object", "cache_info_type", FACT_LRU_INFO_TYPE);
    assert_member(text, "lru_cache_object", "dict", FACT_LRU_DICT);
    assert_member(text, "lru_cache_object", "weakreflist", FACT_LRU_WEAKREF);
    ck_assert_int_eq(dwarf_member(text, "lru_cache_object", "total").size, FACT_LRU_SIZE);
    ck_assert_int_eq(dwarf_member(text, "PyGC_Head", "total").size, FACT_GC_HEAD_SIZE);
#if FACT_DICT_KEYS_PRIVATE
    assert_member(text, "struct _dictkeysobject", "dk_refcnt", FACT_DICT310_REFCNT);
    assert_member(text, "struct _dictkeysobject", "dk_size", FACT_DICT310_SIZE);
    assert_member(text, "struct _dictkeysobject", "dk_lookup", FACT_DICT310_LOOKUP);
    assert_member(text, "struct _dictkeysobject", "dk_usable", FACT_DICT310_USABLE);
    assert_member(text, "struct _dictkeysobject", "dk_nentries", FACT_DICT310_NENTRIES);
    assert_member(text, "struct _dictkeysobject", "dk_indices", FACT_DICT310_HEADER);
#endif
    free(text);
}
END_TEST

/* The first of the candidate names (a struct renamed between versions) that the DWARF text
 * has a section with a size for; NULL when none has. */
static const char *dwarf_present(const char *text, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (dwarf_member(text, names[i], "total").size > 0)
            return names[i];
    return NULL;
}

#define CHECK_MEMBER(name, ctype, off, bytes) assert_member(text, type, #name, off);
#define CHECK_LIST(LIST, struct_size, ...)                                                            \
    do {                                                                                        \
        const char *const names_[] = {__VA_ARGS__};                                             \
        const char *type = dwarf_present(text, names_, sizeof names_ / sizeof names_[0]);      \
        ck_assert_msg(type != NULL, "DWARF: none of %s is known", names_[0]);                  \
        LIST(CHECK_MEMBER)                                                                      \
        ck_assert_int_eq(dwarf_member(text, type, "total").size, struct_size);                 \
    } while (0)

/* The private structs of the describers of kinds/collections.c, callable.c and iter.c. */
START_TEST(describer_structs_match_dwarf)
{
    const char *types[] = {"dequeobject", "struct BLOCK", "partialobject", "propertyobject",
                           "staticmethod", "classmethod", "_PyNamespaceObject", "enumobject",
                           "listiterobject", "_PyListIterObject", "unicodeiterobject",
                           "dictiterobject", "setiterobject", "rangeiterobject",
                           "_PyRangeIterObject", "_PyDictViewObject", "_PyCodeObjectExtra",
                           "struct _odictobject", "struct _odictnode"};
    PyObject *path = libpython_path();
    const char *why = NULL;
    char *text = path ? ptype_sections(PyUnicode_AsUTF8(path), types,
                                       sizeof types / sizeof types[0], &why) : NULL;
    Py_XDECREF(path);
    if (!text) {
        tl_note_skip("describer_structs_match_dwarf", why ? why : "libpython not found");
        return;
    }
    assert_member(text, "dequeobject", "leftblock", FACT_DEQUE_LEFTBLOCK);
    assert_member(text, "dequeobject", "rightindex", FACT_DEQUE_RIGHTINDEX);
    assert_member(text, "dequeobject", "maxlen", FACT_DEQUE_MAXLEN);
    assert_member(text, "dequeobject", "weakreflist", FACT_DEQUE_WEAKREF);
#if FACT_DEQUE_FREEBLOCKS
    assert_member(text, "dequeobject", "numfreeblocks", FACT_DEQUE_NUMFREE);
    assert_member(text, "dequeobject", "freeblocks", FACT_DEQUE_FREELIST);
#endif
    ck_assert_int_eq(dwarf_member(text, "dequeobject", "total").size, FACT_DEQUE_SIZE);
    assert_member(text, "struct BLOCK", "data", FACT_BLOCK_DATA);
    assert_member(text, "struct BLOCK", "rightlink", FACT_BLOCK_RIGHTLINK);
    ck_assert_int_eq(dwarf_member(text, "struct BLOCK", "total").size, FACT_BLOCK_SIZE);
    assert_member(text, "_PyCodeObjectExtra", "ce_extras", FACT_CODE_EXTRA_ITEMS);
    assert_member(text, "struct _odictobject", "od_first", FACT_ODICT_FIRST);
    assert_member(text, "struct _odictobject", "od_fast_nodes_size", FACT_ODICT_FAST_SIZE);
    assert_member(text, "struct _odictobject", "od_resize_sentinel", FACT_ODICT_RESIZE_SENTINEL);
    assert_member(text, "struct _odictobject", "od_weakreflist", FACT_ODICT_WEAKREF);
    ck_assert_int_eq(dwarf_member(text, "struct _odictobject", "total").size, FACT_ODICT_SIZE);
    assert_member(text, "struct _odictnode", "next", FACT_ODICTNODE_NEXT);
    assert_member(text, "struct _odictnode", "prev", FACT_ODICTNODE_PREV);
    ck_assert_int_eq(dwarf_member(text, "struct _odictnode", "total").size, FACT_ODICTNODE_SIZE);
    CHECK_LIST(FACT_PARTIAL_FIELDS, FACT_PARTIAL_SIZE, "partialobject");
    CHECK_LIST(FACT_PROPERTY_FIELDS, FACT_PROPERTY_SIZE, "propertyobject");
    CHECK_LIST(FACT_STATICMETHOD_FIELDS, FACT_STATICMETHOD_SIZE, "staticmethod");
    CHECK_LIST(FACT_CLASSMETHOD_FIELDS, FACT_STATICMETHOD_SIZE, "classmethod");
    CHECK_LIST(FACT_NAMESPACE_FIELDS, FACT_NAMESPACE_SIZE, "_PyNamespaceObject");
    CHECK_LIST(FACT_ENUMERATE_FIELDS, FACT_ENUMERATE_SIZE, "enumobject");
    CHECK_LIST(FACT_SEQITER_FIELDS, FACT_SEQITER_SIZE, "listiterobject", "_PyListIterObject");
    CHECK_LIST(FACT_SEQITER_FIELDS, FACT_SEQITER_SIZE, "unicodeiterobject");
    CHECK_LIST(FACT_DICTITER_FIELDS, FACT_DICTITER_SIZE, "dictiterobject");
    CHECK_LIST(FACT_SETITER_FIELDS, FACT_SETITER_SIZE, "setiterobject");
    CHECK_LIST(FACT_RANGEITER_FIELDS, FACT_RANGEITER_SIZE, "rangeiterobject",
               "_PyRangeIterObject");
    CHECK_LIST(FACT_DICTVIEW_FIELDS, FACT_DICTVIEW_SIZE, "_PyDictViewObject");
    free(text);
}
END_TEST

START_TEST(array_struct_matches_dwarf)
{
    PyObject *mod = tl_eval("__import__('array')", NULL);
    PyObject *file = PyObject_GetAttrString(mod, "__file__"); /* new; NULL if built in */
    PyErr_Clear();
    if (!file)
        file = libpython_path();
    const char *lib = file && PyUnicode_Check(file) ? PyUnicode_AsUTF8(file) : NULL;
    const char *types[] = {"arrayobject", "struct arraydescr"}, *why = NULL;
    char *text = lib ? ptype_sections(lib, types, 2, &why) : NULL;
    if (!text) {
        tl_note_skip("array_struct_matches_dwarf", why ? why : "the array module was not found");
    } else {
        assert_member(text, "arrayobject", "ob_item", FACT_ARRAY_ITEM);
        assert_member(text, "arrayobject", "allocated", FACT_ARRAY_ALLOCATED);
        assert_member(text, "arrayobject", "ob_descr", FACT_ARRAY_DESCR);
        assert_member(text, "arrayobject", "weakreflist", FACT_ARRAY_WEAKREF);
        assert_member(text, "arrayobject", "ob_exports", FACT_ARRAY_EXPORTS);
        ck_assert_int_eq(dwarf_member(text, "arrayobject", "total").size, FACT_ARRAY_SIZE);
        assert_member(text, "struct arraydescr", "typecode", FACT_ARRAYDESCR_TYPECODE);
        assert_member(text, "struct arraydescr", "itemsize", FACT_ARRAYDESCR_ITEMSIZE);
        free(text);
    }
    Py_XDECREF(file);
    Py_DECREF(mod);
}
END_TEST

/* ---- private structs against the live objects (every version) ------------------------------- */

static PyObject *word_at(PyObject *o, size_t off)
{
    PyObject *p;
    memcpy(&p, (const char *)o + off, sizeof p);
    return p;
}

static Py_ssize_t ssize_at(PyObject *o, size_t off)
{
    Py_ssize_t v;
    memcpy(&v, (const char *)o + off, sizeof v);
    return v;
}

START_TEST(range_fields_hold_what_python_sees)
{
    PyObject *r = tl_eval("range(3, 300, 7)", NULL);
    ck_assert_int_eq(Py_TYPE(r)->tp_basicsize, FACT_RANGE_SIZE);
    ck_assert_ptr_eq(word_at(r, FACT_RANGE_START), (PyObject *)tl_py_int(r, "id(o.start)"));
    ck_assert_ptr_eq(word_at(r, FACT_RANGE_STOP), (PyObject *)tl_py_int(r, "id(o.stop)"));
    ck_assert_ptr_eq(word_at(r, FACT_RANGE_STEP), (PyObject *)tl_py_int(r, "id(o.step)"));
    ck_assert_int_eq(PyLong_AsLong(word_at(r, FACT_RANGE_LENGTH)), 43);
    Py_DECREF(r);
}
END_TEST

START_TEST(lru_fields_hold_what_python_sees)
{
    const char *setup = "import functools\ndef f(x): return x\n"
                        "w = functools.lru_cache(maxsize=4, typed=True)(f)\n"
                        "for i in (1, 2, 1, 3, 1): w(i)\n";
    PyObject *w = tl_eval("w", setup);
    ck_assert_int_eq(Py_TYPE(w)->tp_basicsize, FACT_LRU_SIZE);
    ck_assert_int_eq(ssize_at(w, FACT_LRU_MAXSIZE), 4);
    ck_assert_int_eq((int)ssize_at(w, FACT_LRU_TYPED), 1); /* an int, then a hole */
    ck_assert_int_eq(ssize_at(w, FACT_LRU_HITS), tl_py_int(w, "o.cache_info().hits"));
    ck_assert_int_eq(ssize_at(w, FACT_LRU_MISSES), tl_py_int(w, "o.cache_info().misses"));
    ck_assert_ptr_eq(word_at(w, FACT_LRU_FUNC), (PyObject *)tl_py_int(w, "id(o.__wrapped__)"));
    ck_assert_ptr_eq(word_at(w, FACT_LRU_DICT), (PyObject *)tl_py_int(w, "id(o.__dict__)"));
    PyObject *cache = word_at(w, FACT_LRU_CACHE);
    ck_assert(PyDict_CheckExact(cache));
    ck_assert_int_eq(PyDict_GET_SIZE(cache), tl_py_int(w, "o.cache_info().currsize"));
    ck_assert(PyType_Check(word_at(w, FACT_LRU_ELEM_TYPE)));
    ck_assert(PyType_Check(word_at(w, FACT_LRU_INFO_TYPE)));
    ck_assert_int_eq(Py_TYPE(w)->tp_weaklistoffset, FACT_LRU_WEAKREF);
    ck_assert_int_eq(Py_TYPE(w)->tp_dictoffset, FACT_LRU_DICT);
    /* the root's links: a bounded cache of three entries is a ring through the root */
    PyObject *prev = word_at(w, FACT_LRU_ROOT_PREV), *next = word_at(w, FACT_LRU_ROOT_NEXT);
    ck_assert(prev != w && next != w);
    ck_assert_ptr_eq(word_at(prev, FACT_LRU_ROOT_NEXT), w);
    ck_assert_ptr_eq(word_at(next, FACT_LRU_ROOT_PREV), w);
    Py_DECREF(w);
}
END_TEST

START_TEST(array_fields_hold_what_python_sees)
{
    PyObject *a = tl_eval("a", "import array\na = array.array('h', range(5))\na.append(9)\n");
    ck_assert_int_eq(Py_TYPE(a)->tp_basicsize, FACT_ARRAY_SIZE);
    ck_assert_ptr_eq(word_at(a, FACT_ARRAY_ITEM), (PyObject *)tl_py_int(a, "o.buffer_info()[0]"));
    ck_assert_int_ge(ssize_at(a, FACT_ARRAY_ALLOCATED), 6);
    ck_assert_int_eq(Py_TYPE(a)->tp_weaklistoffset, FACT_ARRAY_WEAKREF);
    const char *descr = (const char *)word_at(a, FACT_ARRAY_DESCR);
    ck_assert_int_eq(descr[FACT_ARRAYDESCR_TYPECODE], 'h');
    int itemsize;
    memcpy(&itemsize, descr + FACT_ARRAYDESCR_ITEMSIZE, sizeof itemsize);
    ck_assert_int_eq(itemsize, tl_py_int(a, "o.itemsize"));
    ck_assert_int_eq(ssize_at(a, FACT_ARRAY_EXPORTS), 0);
    Py_DECREF(a);
}
END_TEST

/* ---- the rules, against CPython's own answers ------------------------------------------------ */

static const char *const SAMPLES[] = {
    "0", "2**100", "True", "'text'", "b'x'", "1.5", "()", "(1, 2)", "[]", "{}", "{'a': 1}",
    "set()", "range(3)", "slice(1)", "object()", "None", "int", "type", "C", "C()", "P()",
    "L()", "I(5)", "(lambda: 0)", "(x for x in ())", "__import__('sys')",
};
#define SAMPLE_SETUP "class C:\n    def __init__(self): self.a = 1\n" \
                     "class P:\n    __slots__ = ('x',)\nclass L(list): pass\nclass I(int): pass\n"
#define NSAMPLES (sizeof SAMPLES / sizeof SAMPLES[0])

START_TEST(preheader_is_cpythons)
{
    PyObject *o = tl_eval(SAMPLES[_i], SAMPLE_SETUP);
    PyTypeObject *t = Py_TYPE(o);
    ck_assert_msg(fact_preheader_size(t) == internals_cpython_preheader_size(t),
                  "%s: facts.h says %zu bytes before it, CPython %zu", SAMPLES[_i],
                  fact_preheader_size(t), internals_cpython_preheader_size(t));
    Py_DECREF(o);
}
END_TEST

START_TEST(getsizeof_extra_is_sys_getsizeofs)
{
    PyObject *o = tl_eval(SAMPLES[_i], SAMPLE_SETUP);
    long long extra = tl_py_int(o, "sys.getsizeof(o) - type(o).__sizeof__(o)");
    ck_assert_msg((long long)fact_getsizeof_extra(o) == extra,
                  "%s: facts.h says getsizeof adds %zu, it adds %lld", SAMPLES[_i],
                  fact_getsizeof_extra(o), extra);
    if (!fact_getsizeof_extra_varies(Py_TYPE(o)))
        ck_assert_uint_eq(fact_getsizeof_extra(o), fact_preheader_size(Py_TYPE(o)));
    Py_DECREF(o);
}
END_TEST

START_TEST(int_sizes_are_int_sizeof)
{
    const char *ints[] = {"0", "1", "-1", "2**30 - 1", "2**30", "-(2**60)", "10**100", "True"};
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        PyObject *o = tl_eval(ints[i], NULL);
        ck_assert_msg((long long)fact_long_sizeof(o) == tl_py_int(o, "int.__sizeof__(o)"),
                      "%s: facts.h says %zu", ints[i], fact_long_sizeof(o));
        Py_DECREF(o);
    }
}
END_TEST

START_TEST(header_fields_tile_pyobject)
{
    size_t n, at = 0;
    const FactHeaderField *f = fact_header_fields(&n);
    for (size_t i = 0; i < n; i++) {
        ck_assert_msg(f[i].offset == at, "%s at %zu, expected %zu", f[i].name, f[i].offset, at);
        at += f[i].size;
    }
    ck_assert_uint_eq(at, sizeof(PyObject));
    ck_assert_str_eq(f[n - 1].name, "ob_type");
    ck_assert_uint_eq(n, TL_BY_VERSION(2, 2, 2, 2, 4, 4));
    /* the 32-bit count is what Py_REFCNT reads from 3.14 on */
    PyObject *o = tl_eval("[]", NULL);
    uint64_t word;
    memcpy(&word, o, sizeof word);
    ck_assert_int_eq(FACT_HEADER_SPLIT_REFCNT ? (long long)(uint32_t)word : (long long)word,
                     (long long)Py_REFCNT(o));
    Py_DECREF(o);
}
END_TEST

/* Is n one shared object however it is made (the small-int cache)? */
static bool small_int_cached(int n)
{
    char expr[96];
    snprintf(expr, sizeof expr, "int('%d') is int('%d')", n, n);
    return tl_py_int(NULL, expr) != 0;
}

START_TEST(immortality_and_the_small_int_cache)
{
    PyObject *none = tl_eval("None", NULL), *list = tl_eval("[]", NULL);
    ck_assert(fact_is_immortal(none) == (FACT_MINOR >= 12));
    ck_assert(!fact_is_immortal(list));
    Py_DECREF(none);
    Py_DECREF(list);
    ck_assert(small_int_cached(FACT_SMALL_INT_MAX) && !small_int_cached(FACT_SMALL_INT_MAX + 1));
    ck_assert(small_int_cached(FACT_SMALL_INT_MIN) && !small_int_cached(FACT_SMALL_INT_MIN - 1));
    ck_assert_uint_eq(internals_gc_head_size(), FACT_GC_HEAD_SIZE);
}
END_TEST

START_TEST(frame_slots_decode)
{
    PyObject *obj;
    intptr_t ival;
    bool borrowed;
    uintptr_t list = (uintptr_t)&PyList_Type; /* any aligned object address */
    ck_assert_int_eq(fact_frame_slot(0, &obj, &ival, &borrowed), FACT_SLOT_NULL);
    ck_assert_int_eq(fact_frame_slot(list, &obj, &ival, &borrowed), FACT_SLOT_OBJECT);
    ck_assert(obj == (PyObject *)list && !borrowed);
#if FACT_FRAME_STACKREF
    /* Include/internal/pycore_stackref.h: NULL is the tag alone, ints are (i << 2) | 3 */
    ck_assert_int_eq(fact_frame_slot(1, &obj, &ival, &borrowed), FACT_SLOT_NULL);
    ck_assert_int_eq(fact_frame_slot((7 << 2) | 3, &obj, &ival, &borrowed), FACT_SLOT_INT);
    ck_assert_int_eq(ival, 7);
    ck_assert_int_eq(fact_frame_slot(list | 1, &obj, &ival, &borrowed), FACT_SLOT_OBJECT);
    ck_assert(obj == (PyObject *)list && borrowed);
#endif
}
END_TEST

Suite *facts_suite(void)
{
    Suite *s = suite_create("facts");
    TCase *dwarf = tcase_create("dwarf");
    tcase_set_timeout(dwarf, 60); /* gdb reads the whole libpython's debug information */
    tcase_add_test(dwarf, private_structs_match_dwarf);
    tcase_add_test(dwarf, array_struct_matches_dwarf);
    tcase_add_test(dwarf, describer_structs_match_dwarf);
    suite_add_tcase(s, dwarf);
    TCase *live = tcase_create("live");
    tcase_add_test(live, range_fields_hold_what_python_sees);
    tcase_add_test(live, lru_fields_hold_what_python_sees);
    tcase_add_test(live, array_fields_hold_what_python_sees);
    suite_add_tcase(s, live);
    TCase *rules = tcase_create("rules");
    tcase_add_loop_test(rules, preheader_is_cpythons, 0, (int)NSAMPLES);
    tcase_add_loop_test(rules, getsizeof_extra_is_sys_getsizeofs, 0, (int)NSAMPLES);
    tcase_add_test(rules, int_sizes_are_int_sizeof);
    tcase_add_test(rules, header_fields_tile_pyobject);
    tcase_add_test(rules, immortality_and_the_small_int_cache);
    tcase_add_test(rules, frame_slots_decode);
    suite_add_tcase(s, rules);
    return s;
}
