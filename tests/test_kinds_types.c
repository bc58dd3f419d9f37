/* test_kinds_types.c — the describers of the types a learner meets past the basics: code objects,
 * frames, deques, callables (partial, property, staticmethod, classmethod, builtin functions),
 * exceptions, iterators and views. Each is held to its public header where there is one
 * (offsetof), to the live object where the struct is private (a row's value or target against
 * what Python reports), and to Python's own sizes (every byte of __sizeof__ accounted for). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/kinds/kinds.h"

#include "frameobject.h" /* after Python.h: PyFrameObject (3.10) */
#include "tests/suites.h"
#include "tests/testlib.h"

/* ---- helpers ------------------------------------------------------------------------------- */

/* The row `name` of the object's fields, at offset `off` (-1: any offset). */
static const LayoutEntry *row(const Layout *l, const char *name, long off)
{
    const LayoutEntry *e = tl_field(l, name);
    ck_assert_msg(e != NULL, "%s: no row named '%s'", l->type_name, name);
    if (off >= 0)
        ck_assert_msg(e->offset == off, "%s: %s at %ld, the header says %ld", l->type_name, name,
                      e->offset, off);
    return e;
}

/* The row points to the object `expr` names (o: the described object). */
static void points_to(const Layout *l, PyObject *o, const char *name, const char *expr)
{
    char code[256];
    snprintf(code, sizeof code, "id(%s)", expr);
    uintptr_t want = (uintptr_t)tl_py_int(o, code);
    const LayoutEntry *e = row(l, name, -1);
    ck_assert_msg(e->target == want, "%s: %s -> %#lx, %s is %#lx", l->type_name, name,
                  (unsigned long)e->target, expr, (unsigned long)want);
}

/* The row's value is what `expr` evaluates to (an int). */
static void value_is(const Layout *l, PyObject *o, const char *name, const char *expr)
{
    char want[32];
    snprintf(want, sizeof want, "%lld", tl_py_int(o, expr));
    const LayoutEntry *e = row(l, name, -1);
    ck_assert_msg(e->value && strcmp(e->value, want) == 0, "%s: %s = %s, %s is %s", l->type_name,
                  name, e->value ? e->value : "(none)", expr, want);
}

static const LayoutBuffer *buffer(const Layout *l, const char *name)
{
    const LayoutBuffer *b = tl_buffer(l, name);
    ck_assert_msg(b != NULL, "%s: no buffer '%s'", l->type_name, name);
    return b;
}

static const LayoutEntry *buffer_entry(const LayoutBuffer *b, const char *name)
{
    for (size_t i = 0; i < b->entries.len; i++)
        if (strcmp(b->entries.items[i].name, name) == 0)
            return &b->entries.items[i];
    ck_abort_msg("buffer %s: no row '%s'", b->name, name);
    return NULL;
}

/* Describe expr (after setup), check every byte is accounted for and that the describer named
 * it (`kind`, not opaque). */
static Layout *named(const char *expr, const char *setup, const char *kind, PyObject **o)
{
    Layout *l = tl_layout(expr, setup, o);
    tl_assert_accounted(l, *o, expr);
    ck_assert_msg(l->kind && strcmp(l->kind, kind) == 0, "%s: drawn as '%s', expected '%s'", expr,
                  l->kind ? l->kind : "(none)", kind);
    ck_assert_msg(l->unaccounted == 0, "%s: %lld unaccounted", expr, l->unaccounted);
    for (size_t i = 0; i < l->fields.len; i++)
        ck_assert_msg(l->fields.items[i].role != ROLE_OPAQUE, "%s: opaque row %s", expr,
                      l->fields.items[i].name);
    return l;
}

static void done(Layout *l, PyObject *o)
{
    layout_free(l);
    Py_DECREF(o);
}

/* ---- code objects -------------------------------------------------------------------------- */

static const char *const code_setup = "def f(a, b=2):\n"
                                      "    x = [a * b for _ in range(3)]\n"
                                      "    return len(x), 'text', None\n";

START_TEST(test_code_fields)
{
    PyObject *o;
    Layout *l = named("f.__code__", code_setup, "code", &o);
    row(l, "co_consts", (long)offsetof(PyCodeObject, co_consts));
    row(l, "co_names", (long)offsetof(PyCodeObject, co_names));
    row(l, "co_filename", (long)offsetof(PyCodeObject, co_filename));
    row(l, "co_linetable", (long)offsetof(PyCodeObject, co_linetable));
    row(l, "co_flags", (long)offsetof(PyCodeObject, co_flags));
    row(l, "co_extra", (long)offsetof(PyCodeObject, co_extra));
    points_to(l, o, "co_consts", "o.co_consts");
    points_to(l, o, "co_names", "o.co_names");
    points_to(l, o, "co_name", "o.co_name");
    points_to(l, o, "co_filename", "o.co_filename");
    points_to(l, o, "co_linetable", "o.co_linetable");
    value_is(l, o, "co_argcount", "o.co_argcount");
    value_is(l, o, "co_flags", "o.co_flags");
    value_is(l, o, "co_firstlineno", "o.co_firstlineno");
    value_is(l, o, "co_stacksize", "o.co_stacksize");
#if FACT_CODE_ADAPTIVE
    row(l, "co_exceptiontable", (long)offsetof(PyCodeObject, co_exceptiontable));
    points_to(l, o, "co_exceptiontable", "o.co_exceptiontable");
    points_to(l, o, "co_qualname", "o.co_qualname");
    value_is(l, o, "ob_size", "len(o.co_code) // 2");
    const LayoutEntry *bc = row(l, "co_code_adaptive", (long)offsetof(PyCodeObject, co_code_adaptive));
    ck_assert_uint_eq(bc->size, (size_t)tl_py_int(o, "len(o.co_code)"));
#else
    points_to(l, o, "co_code", "o.co_code");
    points_to(l, o, "co_varnames", "o.co_varnames");
#endif
    done(l, o);
}
END_TEST

/* Reading co_code makes a cached copy (3.11 _co_code, 3.12+ the _co_cached block): shown, and
 * not counted by __sizeof__. */
START_TEST(test_code_cached_copy)
{
    PyObject *o;
    Layout *l = named("f.__code__", "def f(a):\n    return a + 1\nf.__code__.co_code\n", "code",
                      &o);
#if FACT_CODE_CO_CACHED
    const LayoutBuffer *b = buffer(l, "_co_cached block");
    ck_assert(!b->in_sizeof);
    ck_assert_uint_eq(b->size, sizeof(_PyCoCached));
    ck_assert_uint_eq(buffer_entry(b, "_co_code")->target, (uintptr_t)tl_py_int(o, "id(o.co_code)"));
    ck_assert_uint_eq(l->not_in_getsizeof, sizeof(_PyCoCached));
#elif FACT_CODE_CACHED_CODE
    points_to(l, o, "_co_code", "o.co_code");
#else
    points_to(l, o, "co_code", "o.co_code");
#endif
    done(l, o);
}
END_TEST

/* 3.10: a cell that is also an argument needs co_cell2arg, a block counted by __sizeof__. */
START_TEST(test_code_cells)
{
    PyObject *o;
    Layout *l = named("f.__code__", "def f(a):\n    def g():\n        return a\n    return g\n",
                      "code", &o);
#if !FACT_CODE_ADAPTIVE
    const LayoutBuffer *b = buffer(l, "co_cell2arg array");
    ck_assert(b->in_sizeof);
    ck_assert_uint_eq(b->size, sizeof(Py_ssize_t) * (size_t)tl_py_int(o, "len(o.co_cellvars)"));
#else
    value_is(l, o, "co_ncellvars", "len(o.co_cellvars)");
    value_is(l, o, "co_nlocalsplus", "len(set(o.co_varnames + o.co_cellvars + o.co_freevars))");
#endif
    done(l, o);
}
END_TEST


/* ---- deque --------------------------------------------------------------------------------- */

START_TEST(test_deque_small)
{
    PyObject *o;
    Layout *l = named("d", "import collections\nd = collections.deque([10000, 'a', None])\n"
                      "d.appendleft(20000)\n", "deque", &o);
    ck_assert_int_eq(row(l, "ob_size", (long)offsetof(PyVarObject, ob_size))->role, ROLE_HEADER);
    value_is(l, o, "ob_size", "len(o)");
    value_is(l, o, "maxlen", "-1 if o.maxlen is None else o.maxlen");
    const LayoutBuffer *b = buffer(l, "block 0");
    ck_assert_uint_eq(b->size, 528);
    ck_assert(b->in_sizeof);
    ck_assert_uint_eq(b->address, strtoull(row(l, "leftblock", 24)->value, NULL, 16));
    /* the items d[0] .. d[3] are data[leftindex] ..: each row points to the item itself */
    long long left = strtoll(row(l, "leftindex", 40)->value, NULL, 10);
    char name[32];
    for (int i = 0; i < 4; i++) {
        snprintf(name, sizeof name, "data[%lld]", left + i);
        char expr[32];
        snprintf(expr, sizeof expr, "id(o[%d])", i);
        ck_assert_uint_eq(buffer_entry(b, name)->target, (uintptr_t)tl_py_int(o, expr));
    }
    ck_assert_uint_eq(layout_sizeof_from_rows(l), (size_t)tl_py_int(o, "o.__sizeof__()"));
    done(l, o);
}
END_TEST

/* The elided run of a block opens as any array's does: asked for the slots around data[40], the
 * layout shows them, each pointing to its item. */
START_TEST(test_deque_run_opens)
{
    PyObject *o = tl_eval("d", "import collections\nd = collections.deque(range(1000, 1200))\n");
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    opt.focus_array = "data";
    opt.focus_index = 40;
    Layout *l = layout_describe(o, &opt);
    tl_assert_accounted(l, o, "deque");
    const LayoutBuffer *b = buffer(l, "block 0");
    /* extend() fills from leftindex 1: data[40] holds d[39] */
    ck_assert_uint_eq(buffer_entry(b, "data[40]")->target, (uintptr_t)tl_py_int(o, "id(o[39])"));
    done(l, o);
}
END_TEST

/* A long deque: its chain's ends shown, the middle blocks as one run, the sizes still exact;
 * from 3.11 blocks emptied by pops are kept (owned, not counted by __sizeof__). */
START_TEST(test_deque_long)
{
    PyObject *o;
    Layout *l = named("d", "import collections\nd = collections.deque(range(1000, 21000))\n"
                      "for _ in range(300): d.pop()\n", "deque", &o);
    size_t blocks = 0;
    for (size_t i = 0; i < l->nbuffers; i++)
        if (l->buffers[i].in_sizeof)
            blocks += l->buffers[i].nblocks > 1 ? l->buffers[i].nblocks : 1;
    ck_assert_uint_eq(blocks, (size_t)tl_py_int(o, "(o.__sizeof__() - type(o).__basicsize__) // 528"));
    const LayoutBuffer *b = buffer(l, "block 0");
    /* extend() starts filling at leftindex 1: d[1] is data[2] of the first block */
    ck_assert_uint_eq(buffer_entry(b, "data[2]")->target, (uintptr_t)tl_py_int(o, "id(o[1])"));
#if FACT_DEQUE_FREEBLOCKS
    /* 300 pops from the right empty 5 blocks: 20001 slots from leftindex 1 leave 33 in the
     * last block, then one more block every 64 pops */
    ck_assert_str_eq(row(l, "numfreeblocks", 72)->value, "5");
    ck_assert(!buffer(l, "free block 4")->in_sizeof);
    ck_assert_uint_eq(l->not_in_getsizeof, 5 * 528);
#endif
    done(l, o);
}
END_TEST

/* ---- frames -------------------------------------------------------------------------------- */

static const char *const frame_setup = "import sys\n"
                                       "def f(a):\n"
                                       "    b = [a]\n"
                                       "    return sys._getframe()\n"
                                       "fr = f(7000)\n"
                                       "def g():\n"
                                       "    x = [1]\n"
                                       "    yield sys._getframe()\n"
                                       "gen = g()\n"
                                       "gf = next(gen)\n";

#if FACT_GEN_FRAME_EMBEDDED
#define SLOTS "localsplus"
#else
#define SLOTS "f_localsplus"
#endif

/* A frame that outlived its function: the locals are the frame object's own. */
START_TEST(test_frame_returned)
{
    PyObject *o;
    Layout *l = named("fr", frame_setup, "frame", &o);
    points_to(l, o, SLOTS "[0]", "o.f_locals['a']");
    points_to(l, o, SLOTS "[1]", "o.f_locals['b']");
#if FACT_GEN_FRAME_EMBEDDED
    ck_assert_uint_eq(row(l, "f_frame", 24)->role, ROLE_DATA);
    points_to(l, o, "f_globals", "o.f_globals");
#else
    points_to(l, o, "f_code", "o.f_code");
    row(l, "f_localsplus[0]", (long)offsetof(PyFrameObject, f_localsplus));
    /* the slot sizeof(PyFrameObject) holds and the allocation adds again: not in __sizeof__ */
    const LayoutEntry *twice = row(l, "(f_localsplus[1] again)", -1);
    ck_assert(!twice->in_sizeof);
    ck_assert_int_eq(twice->offset + 8, (long)(l->object_block_size - l->preheader_size));
#endif
    done(l, o);
}
END_TEST

/* A generator's frame: from 3.11 it lives in the generator, not in the frame object. */
START_TEST(test_frame_of_generator)
{
    PyObject *o;
    Layout *l = named("gf", frame_setup, "frame", &o);
#if FACT_GEN_FRAME_EMBEDDED
    const LayoutEntry *e = row(l, "_f_frame_data", -1);
    ck_assert_int_eq(e->role, ROLE_UNUSED);
    ck_assert(e->note && strstr(e->note, "f_frame points"));
#else
    points_to(l, o, SLOTS "[0]", "o.f_locals['x']");
    points_to(l, o, "f_code", "o.f_code");
    ck_assert_int_eq(row(l, "f_gen", (long)offsetof(PyFrameObject, f_gen))->role, ROLE_POINTER);
#endif
    done(l, o);
}
END_TEST

/* 3.10 reuses frames: one from the free list keeps the slots of its earlier use, allocated but
 * beyond what __sizeof__ counts for the new code. */
START_TEST(test_frame_reused)
{
    PyObject *o;
    Layout *l = named("fr", "import sys\n"
                      "def big(n, a=1, b=2, c=3, d=4, e=5, f=6, g=7, h=8):\n"
                      "    return big(n - 1) if n else [a, b, c, d, e, f, g, h]\n"
                      "big(1)\n"
                      "def small():\n"
                      "    return sys._getframe()\n"
                      "fr = small()\n", "frame", &o);
#if FACT_GEN_FRAME_EMBEDDED
    tl_note_skip("test_frame_reused", "3.11+ frames are not reused from a free list");
#else
    long long slots = tl_py_int(o, "o.f_code.co_stacksize + o.f_code.co_nlocals");
    long long size = strtoll(row(l, "ob_size", 16)->value, NULL, 10);
    if (size > slots) {
        char name[96];
        snprintf(name, sizeof name, "f_localsplus[%lld..%lld]", slots, size - 1);
        ck_assert(!row(l, name, (long)(offsetof(PyFrameObject, f_localsplus) + 8 * slots))->in_sizeof);
    } else {
        tl_note_skip("test_frame_reused", "this frame came fresh, not from the free list");
    }
#endif
    done(l, o);
}
END_TEST

/* ---- OrderedDict --------------------------------------------------------------------------- */

START_TEST(test_odict)
{
    PyObject *o;
    Layout *l = named("od", "import collections\nod = collections.OrderedDict.fromkeys("
                      "['k%d' % i for i in range(20)])\nod.move_to_end('k0')\n", "OrderedDict", &o);
    const LayoutBuffer *first = buffer(l, "node 0");
    ck_assert_uint_eq(first->address, strtoull(row(l, "od_first", 48)->value, NULL, 16));
    ck_assert_uint_eq(buffer_entry(first, "key")->target,
                      (uintptr_t)tl_py_int(o, "id(next(iter(o)))"));
    ck_assert_uint_eq(buffer_entry(buffer(l, "node 19"), "key")->target,
                      (uintptr_t)tl_py_int(o, "id(next(reversed(o)))"));
    size_t nodes = 0;
    for (size_t i = 0; i < l->nbuffers; i++)
        if (strncmp(l->buffers[i].name, "node", 4) == 0)
            nodes += l->buffers[i].nblocks > 1 ? l->buffers[i].nblocks : 1;
    ck_assert_uint_eq(nodes, 20);
    /* one fast node per slot of the dict's index table, as the dict's own rows say */
    const LayoutBuffer *keys = buffer(l, "dict keys table");
    long long fast = strtoll(row(l, "od_fast_nodes_size", 72)->value, NULL, 10);
#if FACT_DICT_KEYS_PRIVATE
    ck_assert_int_eq(fast, strtoll(buffer_entry(keys, "dk_size")->value, NULL, 10));
#else
    ck_assert_int_eq(fast, 1LL << strtoll(buffer_entry(keys, "dk_log2_size")->value, NULL, 10));
#endif
    ck_assert_uint_eq(buffer(l, "od_fast_nodes array")->size, (size_t)fast * 8);
    done(l, o);
}
END_TEST

/* ---- memoryview ---------------------------------------------------------------------------- */

static const char *const view_setup = "import array, gc\n"
                                      "a = array.array('i', range(12))\n"
                                      "m = memoryview(a).cast('B').cast('i', [3, 4])\n"
                                      "mb = gc.get_referents(m)[0]\n";

START_TEST(test_memoryview)
{
    PyObject *o;
    Layout *l = named("m", view_setup, "memoryview", &o);
    size_t view = offsetof(PyMemoryViewObject, view);
    row(l, "mbuf", (long)offsetof(PyMemoryViewObject, mbuf));
    row(l, "view.buf", (long)(view + offsetof(Py_buffer, buf)));
    row(l, "view.format", (long)(view + offsetof(Py_buffer, format)));
    row(l, "weakreflist", (long)offsetof(PyMemoryViewObject, weakreflist));
    points_to(l, o, "view.obj", "o.obj");
    value_is(l, o, "view.len", "o.nbytes");
    value_is(l, o, "view.ndim", "o.ndim");
    value_is(l, o, "view.itemsize", "o.itemsize");
    value_is(l, o, "ob_size", "3 * o.ndim");
    value_is(l, o, "shape[1]", "o.shape[1]");
    value_is(l, o, "strides[0]", "o.strides[0]");
    ck_assert_int_eq(row(l, "suboffsets[0]", -1)->role, ROLE_UNUSED);
    ck_assert_str_eq(row(l, "mbuf", -1)->target_type, "managedbuffer");
    done(l, o);
    l = named("mb", view_setup, "managedbuffer", &o);
    row(l, "master.obj", (long)(offsetof(_PyManagedBufferObject, master) + offsetof(Py_buffer, obj)));
    points_to(l, o, "master.obj", "__import__('gc').get_referents(o)[0]");
    done(l, o);
}
END_TEST

/* ---- callables, exceptions, iterators and views --------------------------------------------- */

typedef struct {
    const char *expr, *setup, *kind;
    const char *row;      /* a pointer row ... */
    const char *target;   /* ... and the object it must point to (o: the described object) */
    const char *value_row, *value; /* a number row and what it must read (a Python int expr) */
} NamedCase;

static const NamedCase named_cases[] = {
    {"len", NULL, "builtin_function", "m_self", "__import__('builtins')", NULL, NULL},
    {"m", "l = []\nm = l.append\n", "builtin_function", "m_self", "o.__self__", NULL, NULL},
    {"p", "import functools\np = functools.partial(print, 1, sep='-')\n", "partial", "fn",
     "o.func", NULL, NULL},
    {"p", "import functools\np = functools.partial(print, 1, sep='-')\n", "partial", "kw",
     "o.keywords", NULL, NULL},
    {"p", "import functools\np = functools.partial(print, 1, sep='-')\n", "partial", "args",
     "o.args", NULL, NULL},
    {"property(abs, None, None, 'doc')", NULL, "property", "prop_get", "o.fget", NULL, NULL},
    {"property(abs, None, None, 'doc')", NULL, "property", "prop_doc", "o.__doc__", NULL, NULL},
    {"staticmethod(abs)", NULL, "staticmethod", "sm_callable", "o.__func__", NULL, NULL},
    {"classmethod(abs)", NULL, "classmethod", "cm_callable", "o.__func__", NULL, NULL},
    {"types.SimpleNamespace(a=1)", "import types\n", "SimpleNamespace", "ns_dict", "o.__dict__",
     NULL, NULL},
    {"OSError(2, 'gone', 'f.txt')", NULL, "exception", "myerrno", "o.errno", "written", "-1"},
    {"OSError(2, 'gone', 'f.txt')", NULL, "exception", "filename", "o.filename", NULL, NULL},
    {"SyntaxError('m', ('f.py', 3, 4, 'text', 3, 6))", NULL, "exception", "text", "o.text", NULL,
     NULL},
    {"SyntaxError('m', ('f.py', 3, 4, 'text', 3, 6))", NULL, "exception", "lineno", "o.lineno",
     NULL, NULL},
    {"StopIteration([7])", NULL, "exception", "value", "o.value", NULL, NULL},
    {"ImportError('m', name='mod', path='p')", NULL, "exception", "name", "o.name", NULL, NULL},
    {"ImportError('m', name='mod', path='p')", NULL, "exception", "path", "o.path", NULL, NULL},
    {"e", "try:\n    None.nothing\nexcept AttributeError as x:\n    e = x\n", "exception", "obj",
     "o.obj", NULL, NULL},
    {"e", "try:\n    undefined_name\nexcept NameError as x:\n    e = x\n", "exception", "name",
     "o.name", NULL, NULL},
    {"SystemExit(3)", NULL, "exception", "code", "o.code", NULL, NULL},
    {"UnicodeDecodeError('utf-8', b'ab', 0, 1, 'bad')", NULL, "exception", "object", "o.object",
     "end", "1"},
    {"E('x')", "class E(ValueError):\n    pass\n", "exception", "args", "o.args",
     "suppress_context", "0"},
    {"e", "e = enumerate('abc', 5)\nnext(e)\n", "enumerate", NULL, NULL, "en_index", "6"},
    {"d.keys()", "d = {1: 2}\n", "dict_keys", "dv_dict", "__import__('gc').get_referents(o)[0]",
     NULL, NULL},
    {"d.items()", "d = {1: 2}\n", "dict_items", "dv_dict", "__import__('gc').get_referents(o)[0]",
     NULL, NULL},
    {"it", "it = iter([5000, 6000, 7000])\nnext(it)\n", "list_iterator", "it_seq",
     "__import__('gc').get_referents(o)[0]", "it_index", "1"},
    {"it", "it = iter((5000, 6000))\n", "tuple_iterator", "it_seq",
     "__import__('gc').get_referents(o)[0]", "it_index", "0"},
    {"it", "it = iter('h\u00e9llo')\nnext(it)\nnext(it)\n", "str_iterator", "it_seq",
     "__import__('gc').get_referents(o)[0]", "it_index", "2"},
    {"it", "d = {1: 2, 3: 4}\nit = iter(d.values())\n", "dict_valueiterator", "di_dict",
     "__import__('gc').get_referents(o)[0]", "di_used", "2"},
    {"it", "it = iter({1, 2, 3})\n", "set_iterator", "si_set",
     "__import__('gc').get_referents(o)[0]", "si_used", "3"},
    {"it", "it = iter(range(3, 20, 4))\nnext(it)\n", "range_iterator", NULL, NULL, "step",
     "4"},
};

START_TEST(test_named_types)
{
    const NamedCase *c = &named_cases[_i];
    PyObject *o;
    Layout *l = named(c->expr, c->setup, c->kind, &o);
    if (c->row)
        points_to(l, o, c->row, c->target);
    if (c->value_row)
        value_is(l, o, c->value_row, c->value);
    done(l, o);
}
END_TEST

/* Public structs: the rows sit where the header says. */
START_TEST(test_public_offsets)
{
    PyObject *o;
    Layout *l = named("len", NULL, "builtin_function", &o);
    row(l, "m_ml", (long)offsetof(PyCFunctionObject, m_ml));
    row(l, "m_module", (long)offsetof(PyCFunctionObject, m_module));
    row(l, "vectorcall", (long)offsetof(PyCFunctionObject, vectorcall));
    done(l, o);
    l = named("BaseException(1)", NULL, "exception", &o);
    row(l, "args", (long)offsetof(PyBaseExceptionObject, args));
    row(l, "suppress_context", (long)offsetof(PyBaseExceptionObject, suppress_context));
    row(l, "cause", (long)offsetof(PyBaseExceptionObject, cause));
    done(l, o);
    l = named("SyntaxError('m')", NULL, "exception", &o);
    row(l, "print_file_and_line", (long)offsetof(PySyntaxErrorObject, print_file_and_line));
    done(l, o);
}
END_TEST

/* CPython's test_sys sizes where they cover these types (sys.getsizeof, version by version). */
START_TEST(test_sizes_test_sys)
{
    static const struct {
        const char *expr;
        long long size[6];
    } sizes[] = {
        {"len", {72, 72, 72, 72, 72, 72}},
        {"property()", {80, 80, 80, 80, 80, 80}},
        {"staticmethod(len)", {48, 48, 48, 48, 48, 48}},
        {"BaseException()", {80, 88, 88, 88, 88, 88}},
        {"enumerate([])", {64, 72, 72, 72, 72, 72}},
        {"{}.keys()", {40, 40, 40, 40, 40, 40}},
        {"iter({})", {72, 72, 72, 72, 72, 72}},
        {"iter([])", {48, 48, 48, 48, 48, 48}},
        {"reversed([])", {48, 48, 48, 48, 48, 48}},
        {"iter(set())", {64, 64, 64, 64, 64, 64}},
        {"iter(range(1))", {48, 48, 40, 40, 40, 40}},
    };
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        PyObject *o;
        Layout *l = tl_layout(sizes[i].expr, NULL, &o);
        tl_assert_accounted(l, o, sizes[i].expr);
        ck_assert_msg(l->getsizeof == sizes[i].size[FACT_MINOR - 10], "%s: getsizeof %lld",
                      sizes[i].expr, l->getsizeof);
        ck_assert_msg(strcmp(l->kind, "opaque") != 0, "%s drawn opaque", sizes[i].expr);
        done(l, o);
    }
}
END_TEST

Suite *kinds_types_suite(void)
{
    Suite *s = suite_create("kinds_types");
    TCase *tc = tcase_create("kinds_types");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_code_fields);
    tcase_add_test(tc, test_code_cached_copy);
    tcase_add_test(tc, test_code_cells);
    tcase_add_test(tc, test_deque_small);
    tcase_add_test(tc, test_deque_long);
    tcase_add_test(tc, test_deque_run_opens);
    tcase_add_test(tc, test_frame_returned);
    tcase_add_test(tc, test_frame_of_generator);
    tcase_add_test(tc, test_frame_reused);
    tcase_add_test(tc, test_odict);
    tcase_add_test(tc, test_memoryview);
    tcase_add_loop_test(tc, test_named_types, 0,
                        (int)(sizeof named_cases / sizeof named_cases[0]));
    tcase_add_test(tc, test_public_offsets);
    tcase_add_test(tc, test_sizes_test_sys);
    suite_add_tcase(s, tc);
    return s;
}
