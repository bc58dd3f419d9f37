/* test_kinds_code.c — the describers of code-and-machinery objects: range, slice, cell, bound
 * method, module, weakref, function, generator/coroutine, type objects and lru_cache wrappers.
 * Each object is checked against Python's own numbers (accounting, test_sys sizes) and against
 * the live object (pointer targets by id(), counters, offsets from the reference tables). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/internals.h"
#include "layout/kinds/kinds.h"
#include "tests/suites.h"
#include "tests/testlib.h"

/* ---- helpers ------------------------------------------------------------------------------- */

static const LayoutEntry *need(const Layout *l, const char *name)
{
    const LayoutEntry *e = tl_field(l, name);
    ck_assert_msg(e != NULL, "no row named '%s'", name);
    return e;
}

static void assert_offset(const Layout *l, const char *name, long off)
{
    ck_assert_msg(need(l, name)->offset == off, "%s at %ld, expected %ld", name,
                  need(l, name)->offset, off);
}

static void assert_value(const Layout *l, const char *name, const char *want)
{
    const LayoutEntry *e = need(l, name);
    ck_assert_msg(e->value && strcmp(e->value, want) == 0, "%s = '%s', expected '%s'", name,
                  e->value ? e->value : "(none)", want);
}

/* The row's pointer target must be the object `expr` evaluates to (o = the described object). */
static void assert_target(const Layout *l, PyObject *o, const char *name, const char *expr)
{
    char code[256];
    snprintf(code, sizeof code, "id(%s)", expr);
    long long want = tl_py_int(o, code);
    const LayoutEntry *e = need(l, name);
    ck_assert_msg((long long)e->target == want, "%s -> %#llx, %s is %#llx", name,
                  (long long)e->target, expr, want);
}

static const LayoutEntry *buffer_row(const LayoutBuffer *b, const char *name)
{
    for (size_t i = 0; b && i < b->entries.len; i++)
        if (strcmp(b->entries.items[i].name, name) == 0)
            return &b->entries.items[i];
    ck_abort_msg("no buffer row named '%s'", name);
    return NULL;
}

static bool pymalloc(void)
{
    return strcmp(internals_allocator_name(), "pymalloc") == 0;
}

static bool note_has(const LayoutEntry *e, const char *text)
{
    return e->note && strstr(e->note, text);
}

static bool layout_note_has(const Layout *l, const char *text)
{
    for (size_t i = 0; i < l->nnotes; i++)
        if (strstr(l->notes[i].text, text))
            return true;
    return false;
}

/* Describe, check the accounting, hand back both (caller frees/decrefs). */
static Layout *described(const char *expr, const char *setup, PyObject **o)
{
    Layout *l = tl_layout(expr, setup, o);
    tl_assert_accounted(l, *o, expr);
    return l;
}

static void done(Layout *l, PyObject *o)
{
    layout_free(l);
    Py_DECREF(o);
}

/* ---- range and slice ----------------------------------------------------------------------- */

START_TEST(test_range)
{
    const char *exprs[] = {"range(10)", "range(0)", "range(10**30)", "range(5, -7, -3)"};
    for (size_t i = 0; i < 4; i++) {
        PyObject *o;
        Layout *l = described(exprs[i], NULL, &o);
        ck_assert_str_eq(l->kind, "range");
        ck_assert_int_eq(l->getsizeof, 48);
        ck_assert_int_eq(l->preheader_size, 0); /* not GC */
        assert_offset(l, "start", 16);
        assert_offset(l, "stop", 24);
        assert_offset(l, "step", 32);
        assert_offset(l, "length", 40);
        assert_target(l, o, "start", "o.start");
        assert_target(l, o, "stop", "o.stop");
        assert_target(l, o, "step", "o.step");
        done(l, o);
    }
    PyObject *o;
    Layout *l = described("range(10)", NULL, &o);
    assert_value(l, "length", "10");
    done(l, o);
    l = described("range(10**30)", NULL, &o);
    ck_assert_ptr_nonnull(strstr(need(l, "stop")->value, "bits"));
    done(l, o);
}
END_TEST

START_TEST(test_slice)
{
    PyObject *o;
    Layout *l = described("slice(1, 2)", NULL, &o);
    ck_assert_int_eq(l->getsizeof, 56);
    assert_offset(l, "start", 16);
    assert_offset(l, "stop", 24);
    assert_offset(l, "step", 32);
    assert_value(l, "start", "1");
    assert_value(l, "stop", "2");
    assert_target(l, o, "step", "None");
    done(l, o);
    l = described("slice(None)", NULL, &o);
    assert_target(l, o, "start", "None");
    assert_target(l, o, "stop", "None");
    done(l, o);
}
END_TEST

/* ---- cell and bound method ----------------------------------------------------------------- */

START_TEST(test_cell)
{
    PyObject *o;
    Layout *l = described("g.__closure__[0]",
                          "def outer():\n    x = [1, 2]\n    def g(): return x\n    return g\n"
                          "g = outer()\n", &o);
    ck_assert_str_eq(l->kind, "cell");
    ck_assert_int_eq(l->getsizeof, 40);
    assert_offset(l, "ob_ref", 16);
    assert_target(l, o, "ob_ref", "o.cell_contents");
    done(l, o);
    l = described("types.CellType()", "import types\n", &o);
    ck_assert(need(l, "ob_ref")->target == 0);
    ck_assert(note_has(need(l, "ob_ref"), "empty"));
    done(l, o);
}
END_TEST

START_TEST(test_method)
{
    PyObject *o;
    Layout *l = described("C().m", "class C:\n    def m(self): pass\n", &o);
    ck_assert_str_eq(l->kind, "method");
    ck_assert_int_eq(l->getsizeof, 64);
    assert_offset(l, "im_func", 16);
    assert_offset(l, "im_self", 24);
    assert_offset(l, "im_weakreflist", 32);
    assert_offset(l, "vectorcall", 40);
    assert_target(l, o, "im_func", "o.__func__");
    assert_target(l, o, "im_self", "o.__self__");
    ck_assert_str_eq(need(l, "vectorcall")->ctype, "vectorcallfunc");
    done(l, o);
}
END_TEST

/* ---- modules ------------------------------------------------------------------------------- */

START_TEST(test_module)
{
    PyObject *o;
    Layout *l = described("sys", "import sys\n", &o);
    ck_assert_str_eq(l->kind, "module");
    /* test_sys: size('PPPPP'); 3.15 size('PPPP?NPPPPP') */
    ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(72, 72, 72, 72, 72, 120));
    assert_offset(l, "md_dict", 16);
    /* 3.15 (Include/internal/pycore_moduleobject.h): md_def gave way to a token and the
     * state's size and hooks, kept in the module itself */
    const char *c_module = FACT_MODULE_TOKEN ? "md_token" : "md_def";
    if (FACT_MODULE_TOKEN) {
        ck_assert_ptr_null(tl_field(l, "md_def"));
        assert_offset(l, "md_state", 24);
        assert_offset(l, "md_weaklist", 32);
        assert_offset(l, "md_name", 40);
        assert_offset(l, "md_token_is_def", 48);
        assert_offset(l, "md_state_size", 56);
        assert_offset(l, "md_token", 88);
        assert_offset(l, "md_exec", 96);
    } else {
        assert_offset(l, "md_def", 24);
        assert_offset(l, "md_state", 32);
        assert_offset(l, "md_weaklist", 40);
        assert_offset(l, "md_name", 48);
    }
    assert_target(l, o, "md_dict", "o.__dict__");
    assert_value(l, "md_name", "'sys'");
    ck_assert_str_ne(need(l, c_module)->value, "NULL"); /* a C module */
    ck_assert_int_eq(l->nbuffers, 0);                   /* sys has m_size -1: no state */
    done(l, o);

    l = described("json", "import json\n", &o);
    assert_value(l, c_module, "NULL");
    assert_value(l, "md_state", "NULL");
    assert_target(l, o, "md_dict", "o.__dict__");
    ck_assert_int_eq(l->nbuffers, 0);
    done(l, o);
}
END_TEST

/* _functools has per-module state (m_size 32 on 3.10-3.13, 48 from 3.14: its
 * _functools_state grew): a block __sizeof__ ignores. */
START_TEST(test_module_state)
{
    PyObject *o;
    Layout *l = described("_functools", "import _functools\n", &o);
    ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(72, 72, 72, 72, 72, 120));
    const LayoutBuffer *b = tl_buffer(l, "module state");
    ck_assert_ptr_nonnull(b);
    ck_assert_int_eq(b->size, TL_BY_VERSION(32, 32, 32, 32, 48, 48));
    if (FACT_MODULE_TOKEN) /* the size is the module's own field now */
        assert_value(l, "md_state_size", "48");
    ck_assert(!b->in_sizeof);
    ck_assert_int_eq(b->sizeof_charge, 0);
    if (pymalloc())
        ck_assert_int_eq(b->allocator_size, b->size);
    else
        ck_assert_int_ge(b->allocator_size, b->size);
    ck_assert_uint_eq(b->address, (uintptr_t)strtoull(need(l, "md_state")->value, NULL, 16));
    ck_assert_uint_ge(l->not_in_getsizeof, b->size);
    done(l, o);
}
END_TEST

/* ---- weakref ------------------------------------------------------------------------------- */

#define WEAK_SETUP "import weakref\nclass C: pass\nc = C()\ndef cb(r): pass\nr = weakref.ref(c, cb)\n"

START_TEST(test_weakref)
{
    PyObject *o;
    Layout *l = described("r", WEAK_SETUP, &o);
    ck_assert_str_eq(l->kind, "weakref");
    ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(72, 80, 80, 80, 80, 80));
    assert_offset(l, "wr_object", 16);
    assert_offset(l, "wr_callback", 24);
    assert_offset(l, "hash", 32);
    assert_offset(l, "wr_prev", 40);
    assert_offset(l, "wr_next", 48);
#if FACT_WEAKREF_VECTORCALL
    assert_offset(l, "vectorcall", 56);
#endif
    assert_target(l, o, "wr_object", "o()");
    assert_target(l, o, "wr_callback", "o.__callback__");
    assert_value(l, "hash", "-1");
    ck_assert(note_has(need(l, "wr_object"), "borrowed"));
    done(l, o);

    l = described("r", WEAK_SETUP "del c\n", &o);
    assert_target(l, o, "wr_object", "None");
    ck_assert(note_has(need(l, "wr_object"), "dead"));
    done(l, o);
}
END_TEST

/* ---- function ------------------------------------------------------------------------------ */

#define FUNC_SETUP "def outer():\n    z = 5\n    def f(a, b=2, *, c=3) -> int:\n" \
                   "        'doc'\n        return a + z\n    return f\nf = outer()\n"

START_TEST(test_function)
{
    PyObject *o;
    Layout *l = described("f", FUNC_SETUP, &o);
    ck_assert_str_eq(l->kind, "function");
    const char *names[] = {"func_globals", "func_builtins", "func_name", "func_qualname",
                           "func_code", "func_defaults", "func_kwdefaults", "func_closure",
                           "func_doc", "func_dict", "func_weakreflist", "func_module",
                           "func_annotations"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        assert_offset(l, names[i], 16 + 8 * (long)i);
#if FACT_FUNC_ANNOTATE
    assert_offset(l, "func_annotate", 120);
    assert_offset(l, "func_typeparams", 128);
    assert_offset(l, "vectorcall", 136);
    assert_offset(l, "func_version", 144);
    ck_assert_int_eq(l->getsizeof, 168);
#elif FACT_FUNC_TYPEPARAMS
    assert_offset(l, "func_typeparams", 120);
    assert_offset(l, "vectorcall", 128);
    assert_offset(l, "func_version", 136);
    ck_assert_int_eq(l->getsizeof, 160);
#elif FACT_FUNC_VERSION
    assert_offset(l, "vectorcall", 120);
    assert_offset(l, "func_version", 128);
    ck_assert_int_eq(l->getsizeof, 152);
#else
    assert_offset(l, "vectorcall", 120);
    ck_assert_ptr_null(tl_field(l, "func_version"));
    ck_assert_int_eq(l->getsizeof, 144);
#endif
    assert_target(l, o, "func_globals", "o.__globals__");
    assert_target(l, o, "func_builtins", "o.__builtins__");
    assert_target(l, o, "func_code", "o.__code__");
    assert_target(l, o, "func_defaults", "o.__defaults__");
    assert_target(l, o, "func_kwdefaults", "o.__kwdefaults__");
    assert_target(l, o, "func_closure", "o.__closure__");
    assert_target(l, o, "func_doc", "o.__doc__");
    assert_value(l, "func_qualname", "'outer.<locals>.f'");
    ck_assert(need(l, "func_dict")->target == 0);
    ck_assert(note_has(need(l, "func_globals"), "module namespace"));
    done(l, o);

    l = described("lambda: None", NULL, &o);
    assert_value(l, "func_name", "'<lambda>'");
    ck_assert(need(l, "func_defaults")->target == 0);
    ck_assert(need(l, "func_closure")->target == 0);
    ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(144, 152, 160, 160, 168, 168));
    done(l, o);
}
END_TEST

/* ---- generators ---------------------------------------------------------------------------- */

#define GEN_SETUP "marker = ['m']\ndef gen(a, b=2):\n    x = a\n    yield x\n    yield b\n"

/* The frame-state note of the generator (3.11+), e.g. "suspended". */
static void assert_state(const Layout *l, const char *prefix, const char *state)
{
#if FACT_GEN_FRAME_EMBEDDED
    char name[32];
    snprintf(name, sizeof name, "%s_frame_state", prefix);
    ck_assert_msg(note_has(need(l, name), state), "state %s, expected %s", need(l, name)->note, state);
#else
    (void)l, (void)prefix, (void)state;
#endif
}

/* 3.11+: basicsize + one slot per local, cell, free variable and value-stack entry. */
#define GEN_SLOTS "(len(o.gi_code.co_varnames) + len(o.gi_code.co_cellvars) + " \
                  "len(o.gi_code.co_freevars) + o.gi_code.co_stacksize)"

START_TEST(test_gen_sizes)
{
    /* test_sys: def get_gen(): yield 1 -> 104 / 176 / 176 / 176 / 184 / 184 */
    PyObject *o;
    Layout *l = described("get_gen()", "def get_gen(): yield 1\n", &o);
    ck_assert_str_eq(l->kind, "generator");
    ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(104, 176, 176, 176, 184, 184));
    ck_assert_ptr_null(tl_field(l, "ob_size")); /* tp_itemsize is 8, yet there is no ob_size */
#if FACT_GEN_FRAME_EMBEDDED
    ck_assert_int_eq(l->sizeof_value, tl_py_int(o, "type(o).__basicsize__ + 8 * " GEN_SLOTS));
#endif
    done(l, o);
}
END_TEST

START_TEST(test_gen_fresh)
{
    PyObject *o;
    Layout *l = described("gen(marker)", GEN_SETUP, &o);
    assert_state(l, "gi", "created");
    assert_value(l, "gi_name", "'gen'");
#if FACT_GEN_FRAME_EMBEDDED && !FACT_GEN_CODE_FIELD
    assert_offset(l, "gi_weakreflist", 16);
    assert_offset(l, "gi_name", 24);
    assert_offset(l, "gi_qualname", 32);
    assert_offset(l, "gi_frame_state", 67);
    assert_offset(l, FACT_FRAME_EXECUTABLE ? "f_executable" : "f_code", 72);
    assert_target(l, o, FACT_FRAME_EXECUTABLE ? "f_executable" : "f_code", "o.gi_code");
    assert_target(l, o, "f_funcobj", "o.gi_frame.f_globals['gen']");
    /* 3.14: stackpointer replaced stacktop and `visited` joined the specials */
    assert_offset(l, "localsplus[0]", TL_BY_VERSION(0, 0, 144, 144, 152, 152));
    ck_assert_str_eq(need(l, "localsplus[0]")->ctype, FACT_FRAME_SLOT_CTYPE);
#elif FACT_GEN_FRAME_EMBEDDED
    assert_offset(l, "gi_code", 16);
    assert_offset(l, "gi_weakreflist", 24);
    assert_offset(l, "gi_frame_state", 75);
    assert_offset(l, "f_func", 80);
    assert_target(l, o, "gi_code", "o.gi_code");
    assert_target(l, o, "f_code", "o.gi_code");
    assert_target(l, o, "f_func", "o.gi_frame.f_globals['gen']");
    assert_offset(l, "localsplus[0]", 152);
#else
    assert_offset(l, "gi_frame", 16);
    assert_offset(l, "gi_code", 24);
    assert_target(l, o, "gi_code", "o.gi_code");
    assert_target(l, o, "gi_frame", "o.gi_frame");
#endif
#if FACT_GEN_FRAME_EMBEDDED
    assert_target(l, o, "f_globals", "o.gi_frame.f_globals");
    assert_target(l, o, "localsplus[0]", "o.gi_frame.f_globals['marker']");
    assert_value(l, "localsplus[1]", "2");
    ck_assert(note_has(need(l, "localsplus[0]"), "'a'"));
    ck_assert(need(l, "localsplus[2]")->target == 0); /* x not assigned yet */
    ck_assert(note_has(need(l, "gi_origin_or_finalizer"), "never initialised"));
    ck_assert_int_eq(need(l, "gi_origin_or_finalizer")->role, ROLE_UNUSED);
#endif
    done(l, o);
}
END_TEST

START_TEST(test_gen_started_finished)
{
    PyObject *o;
    Layout *l = described("g", GEN_SETUP "g = gen(marker)\nnext(g)\n", &o);
    assert_state(l, "gi", "suspended");
#if FACT_GEN_FRAME_EMBEDDED
    assert_target(l, o, "localsplus[2]", "o.gi_frame.f_globals['marker']"); /* x = a */
    ck_assert(note_has(need(l, "localsplus[2]"), "'x'"));
#else
    assert_target(l, o, "gi_frame", "o.gi_frame");
#endif
    done(l, o);

    l = described("g", GEN_SETUP "g = gen(marker)\nlist(g)\n", &o);
    assert_state(l, "gi", "cleared");
#if FACT_GEN_FRAME_EMBEDDED
    /* the frame's slots and function are stale: shown, never followed */
    char run[48];
    snprintf(run, sizeof run, "localsplus[0..%lld]", tl_py_int(o, GEN_SLOTS) - 1);
    const LayoutEntry *slots = need(l, run);
    ck_assert_int_eq(slots->role, ROLE_UNUSED);
    ck_assert(slots->target == 0);
    ck_assert(note_has(slots, "stale"));
    const LayoutEntry *fn = need(l, FACT_GEN_CODE_FIELD ? "f_func" : "f_funcobj");
    ck_assert(fn->target == 0);
    if (FACT_FRAME_STACKREF) /* 3.14 clears the _PyStackRef to NULL */
        assert_value(l, "f_funcobj", "NULL");
    else
        ck_assert_int_eq(fn->role, ROLE_DATA);
#else
    ck_assert(need(l, "gi_frame")->target == 0);
#endif
    done(l, o);
}
END_TEST

/* A generator described from inside itself: its frame is executing, so nothing in it is
 * followed (stacktop is not maintained while it runs). */
static Layout *running_layout;

static PyObject *describe_now(PyObject *self, PyObject *arg)
{
    (void)self;
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    running_layout = layout_describe(arg, &opt);
    Py_RETURN_NONE;
}

static PyMethodDef describe_now_def = {"describe_now", describe_now, METH_O, NULL};

START_TEST(test_gen_running)
{
    PyObject *ns = PyDict_New();
    PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins());
    PyObject *fn = PyCFunction_New(&describe_now_def, NULL);
    PyDict_SetItemString(ns, "describe_now", fn);
    PyObject *r = PyRun_String("def gen():\n    x = [1]\n    describe_now(me[0])\n    yield x\n"
                               "me = [None]\ng = gen()\nme[0] = g\nnext(g)\n",
                               Py_file_input, ns, ns);
    ck_assert_ptr_nonnull(r);
    Py_DECREF(r);
    ck_assert_ptr_nonnull(running_layout);
    PyObject *o = PyDict_GetItemString(ns, "g");
    tl_assert_accounted(running_layout, o, "running generator");
#if FACT_GEN_FRAME_EMBEDDED
    assert_state(running_layout, "gi", "running");
    char run[48];
    snprintf(run, sizeof run, "localsplus[0..%lld]", tl_py_int(o, GEN_SLOTS) - 1);
    const LayoutEntry *slots = need(running_layout, run);
    ck_assert(slots->target == 0);
    ck_assert(note_has(slots, "running"));
#endif
    layout_free(running_layout);
    Py_DECREF(fn);
    Py_DECREF(ns);
}
END_TEST

#define MANY_LOCALS "src = 'def gen():\\n' + ''.join(f'    v{i} = {i}\\n' for i in range(40))" \
                    " + '    yield 1\\n'\nexec(src)\ng = gen()\nnext(g)\n"

START_TEST(test_gen_many_locals)
{
    PyObject *o;
    Layout *l = described("g", MANY_LOCALS, &o);
#if FACT_GEN_FRAME_EMBEDDED
    ck_assert_int_eq(l->sizeof_value, tl_py_int(o, "type(o).__basicsize__ + 8 * " GEN_SLOTS));
    if (FACT_FRAME_STACKREF)
        ck_assert(note_has(need(l, "stackpointer"), "localsplus + 40 slots"));
    else
        assert_value(l, "stacktop", "40");
    assert_value(l, "localsplus[0]", "0");
    assert_value(l, "localsplus[39]", "39");
    ck_assert(note_has(need(l, "localsplus[39]"), "'v39'"));
    const LayoutEntry *run = need(l, "localsplus[8..37]");
    ck_assert_int_eq(run->count, 30);
    ck_assert_int_eq(run->size, 240);
    ck_assert(layout_note_has(l, "not ob_size"));
#else
    ck_assert_int_eq(l->sizeof_value, 88); /* the locals are in the separate frame */
#endif
    done(l, o);
}
END_TEST

START_TEST(test_coroutine)
{
    PyObject *o;
    Layout *l = described("c", "async def co(x):\n    return x\nc = co(7)\n", &o);
    ck_assert_str_eq(l->kind, "coroutine");
    ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(112, 184, 184, 184, 192, 192));
    assert_value(l, "cr_name", "'co'");
#if FACT_GEN_FRAME_EMBEDDED
    assert_state(l, "cr", "created");
    assert_value(l, "localsplus[0]", "7");
    ck_assert_int_eq(need(l, "cr_origin_or_finalizer")->role, ROLE_POINTER);
    ck_assert_int_eq(need(l, "cr_hooks_inited")->role, ROLE_UNUSED);
#else
    assert_offset(l, "cr_origin", 88);
    assert_target(l, o, "cr_frame", "o.cr_frame");
#endif
    PyObject *r = PyObject_CallMethod(o, "close", NULL); /* no "never awaited" warning */
    ck_assert_ptr_nonnull(r);
    Py_DECREF(r);
    done(l, o);
}
END_TEST

/* describe.c has no table entry for async generators (opaque there); the describer supports
 * them, so run it directly and check its rows add up to __sizeof__. */
START_TEST(test_async_gen_rows)
{
    PyObject *o = tl_eval("ag()", "async def ag():\n    yield 1\n");
    LayoutOptions opt = layout_default_options();
    Layout *l = layout_new();
    LayoutBuilder b = {.l = l, .o = o, .opt = &opt};
    lb_object_size(&b, (size_t)Py_TYPE(o)->tp_basicsize, (size_t)Py_TYPE(o)->tp_basicsize);
    kind_gen_describe(&b, o);
    ck_assert(!PyErr_Occurred());
    long long end = 0, want = tl_py_int(o, "type(o).__sizeof__(o)");
    for (size_t i = 0; i < l->fields.len; i++) {
        const LayoutEntry *e = &l->fields.items[i];
        ck_assert_msg(e->offset >= end, "row %s overlaps", e->name);
        end = e->offset + (long long)e->size;
    }
    ck_assert_msg(end <= want && want - end < 8, "rows end at %lld, __sizeof__ %lld", end, want);
#if FACT_GEN_FRAME_EMBEDDED
    assert_value(l, "ag_hooks_inited", "0");
    assert_value(l, "ag_closed", "0");
    ck_assert_int_eq(need(l, "ag_origin_or_finalizer")->role, ROLE_POINTER);
#else
    assert_value(l, "ag_closed", "0");
#endif
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* ---- type objects -------------------------------------------------------------------------- */

/* sizeof(PyHeapTypeObject) and sizeof(PyTypeObject) (3.14: ht_token; 3.15: _tp_iteritem) */
#define HEAPTYPE_SIZE TL_BY_VERSION(888, 904, 920, 928, 936, 944)
#define TYPE_SIZE TL_BY_VERSION(408, 408, 416, 416, 416, 424)

START_TEST(test_static_types)
{
    const char *exprs[] = {"int", "object", "type"};
    for (size_t i = 0; i < 3; i++) {
        PyObject *o;
        Layout *l = described(exprs[i], NULL, &o);
        ck_assert_str_eq(l->kind, "type");
        ck_assert(l->is_static);
        ck_assert_int_eq(l->sizeof_value, TYPE_SIZE);
        /* test_sys: 408 / 424 / 432 / 416 / 416 / 424, the 3.11-3.12 extra 16 being
         * getsizeof's overcount */
        ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(408, 424, 432, 416, 416, 424));
        ck_assert_int_eq(l->getsizeof_overcount, TL_BY_VERSION(0, 16, 16, 0, 0, 0));
        ck_assert_int_eq(l->nbuffers, 0);
        assert_offset(l, "ob_size", 16);
        assert_offset(l, "tp_name", 24);
        assert_offset(l, "tp_basicsize", 32);
        assert_offset(l, "tp_flags", 168);
        assert_offset(l, "tp_base", 256);
        assert_offset(l, "tp_dict", 264);
        assert_offset(l, "tp_mro", 344);
        assert_offset(l, "tp_vectorcall", 400);
        assert_target(l, o, "tp_mro", "o.__mro__");
        assert_target(l, o, "tp_bases", "o.__bases__");
        char want[64];
        snprintf(want, sizeof want, "\"%s\"", exprs[i]);
        assert_value(l, "tp_name", want);
        snprintf(want, sizeof want, "%lld", tl_py_int(o, "o.__basicsize__"));
        assert_value(l, "tp_basicsize", want);
        ck_assert(note_has(need(l, "tp_flags"), "READY"));
        ck_assert(!note_has(need(l, "tp_flags"), "HEAPTYPE"));
#if FACT_STATIC_BUILTIN_STATE
        ck_assert(need(l, "tp_dict")->target == 0); /* kept in interpreter state: not followed */
        ck_assert(note_has(need(l, "tp_subclasses"), "index"));
#else
        ck_assert_uint_eq(need(l, "tp_dict")->target, (uintptr_t)((PyTypeObject *)o)->tp_dict);
#endif
        done(l, o);
    }
    PyObject *o;
    Layout *l = described("int", NULL, &o);
    assert_target(l, o, "tp_base", "object");
    done(l, o);
    l = described("object", NULL, &o);
    ck_assert(need(l, "tp_base")->target == 0);
    done(l, o);
}
END_TEST

/* test_sys's newstyleclass: 1072 / 1688 / 1704 / 1712 / 1720 / 1728, the keys block 168 (3.10)
 * or the fixed 64-slot shared table of 768 bytes (3.11+). */
START_TEST(test_plain_class)
{
    PyObject *o;
    Layout *l = described("newstyleclass", "class newstyleclass(object): pass\n", &o);
    ck_assert_str_eq(l->kind, "type");
    ck_assert(!l->is_static);
    ck_assert_int_eq(l->getsizeof, TL_BY_VERSION(1072, 1688, 1704, 1712, 1720, 1728));
    const LayoutBuffer *keys = tl_buffer(l, "ht_cached_keys");
    ck_assert_ptr_nonnull(keys);
    ck_assert(keys->in_sizeof);
    ck_assert_int_eq(keys->size, FACT_MINOR >= 11 ? 768 : 168);
    ck_assert_int_eq(keys->sizeof_charge, keys->size);
    ck_assert_uint_eq(keys->address, (uintptr_t)strtoull(need(l, "ht_cached_keys")->value, NULL, 16));
    ck_assert_int_eq(l->sizeof_value, HEAPTYPE_SIZE + (long long)keys->size);
    assert_value(l, "ob_size", "0");
    /* the lone sentinel PyMemberDef after the struct: allocated, not counted */
    const LayoutEntry *sentinel = need(l, "members[0]");
    ck_assert_int_eq(sentinel->offset, HEAPTYPE_SIZE);
    ck_assert_int_eq(sentinel->size, 40);
    ck_assert(!sentinel->in_sizeof);
    ck_assert_int_eq(l->object_block_size, 16 + HEAPTYPE_SIZE + 40);
    assert_offset(l, "as_async.am_await..am_send", TYPE_SIZE);
    assert_offset(l, "ht_name", TYPE_SIZE + 440); /* after the five slot tables */
    assert_target(l, o, "ht_name", "o.__name__");
    assert_target(l, o, "ht_qualname", "o.__qualname__");
    assert_target(l, o, "tp_base", "object");
    assert_target(l, o, "tp_dict", "[d for d in gc.get_referents(o) if type(d) is dict][0]");
    ck_assert(note_has(need(l, "tp_flags"), "HEAPTYPE"));
    ck_assert(note_has(need(l, "tp_as_number"), "points into this type object"));
    done(l, o);

    /* keys grow with attribute names on 3.10 only (test_sys: 1200 after 8 attributes) */
    l = described("C", "class C: pass\nc = C()\nfor i in range(8): setattr(c, f'a{i}', i)\n", &o);
    ck_assert_int_eq(tl_buffer(l, "ht_cached_keys")->size, FACT_MINOR >= 11 ? 768 : 296);
    const LayoutBuffer *kb = tl_buffer(l, "ht_cached_keys");
    ck_assert_str_eq(buffer_row(kb, "dk_nentries")->value, "8");
    ck_assert_str_eq(buffer_row(kb, "entries[0].me_key")->value, "'a0'");
    const LayoutEntry *room = buffer_row(kb, FACT_MINOR >= 11 ? "entries[8..41]"
                                                                          : "entries[8..9]");
    ck_assert_int_eq(room->role, ROLE_UNUSED);
    /* the index array is named by its real slot width and count, as dict.c names it */
    const LayoutEntry *idx = buffer_row(kb, "dk_indices");
    char want[40];
    snprintf(want, sizeof want, "int8_t[%zu]", idx->size); /* small tables: one byte a slot */
    ck_assert_str_eq(idx->ctype, want);
    done(l, o);
}
END_TEST

START_TEST(test_slots_class)
{
    PyObject *o;
    Layout *l = described("P", "class P:\n    'Point.'\n    __slots__ = ('x', 'y', 'z')\n", &o);
    /* heap class with slots: no cached keys, so __sizeof__ is the struct alone */
    ck_assert_int_eq(l->sizeof_value, HEAPTYPE_SIZE);
    ck_assert_int_eq(l->getsizeof, HEAPTYPE_SIZE + 16);
    ck_assert_ptr_null(tl_buffer(l, "ht_cached_keys"));
    assert_value(l, "ob_size", "3");
    const char *names[] = {"\"x\"", "\"y\"", "\"z\""};
    for (int i = 0; i < 3; i++) {
        char row[48], want[16];
        snprintf(row, sizeof row, "members[%d].name", i);
        assert_value(l, row, names[i]);
        ck_assert_int_eq(need(l, row)->offset, HEAPTYPE_SIZE + 40 * i);
        ck_assert(!need(l, row)->in_sizeof);
        snprintf(row, sizeof row, "members[%d].offset", i);
        snprintf(want, sizeof want, "%d", 16 + 8 * i);
        assert_value(l, row, want);
    }
    ck_assert_int_eq(need(l, "members[3]")->offset, HEAPTYPE_SIZE + 120);
    /* the hidden array: (3 + 1) * 40 bytes inside the type's block, outside __sizeof__ */
    ck_assert_int_eq(l->object_block_size, 16 + HEAPTYPE_SIZE + 160);
    ck_assert(layout_note_has(l, "160 bytes"));
    assert_value(l, "ht_slots", "<tuple, len 3>"); /* type_new's own copy of __slots__ */
    /* the docstring copy is a separate block the type owns */
    const LayoutBuffer *doc = tl_buffer(l, "tp_doc");
    ck_assert_ptr_nonnull(doc);
    ck_assert_int_eq(doc->size, 7);
    ck_assert(!doc->in_sizeof);
    if (pymalloc())
        ck_assert_int_eq(doc->allocator_size, 16);
    else
        ck_assert_int_ge(doc->allocator_size, 7);
    ck_assert_uint_eq(l->not_in_getsizeof, 160 + 7);
    done(l, o);
}
END_TEST

/* A C heap type made by PyType_FromSpec: its members come from the spec. */
START_TEST(test_c_heap_type)
{
    PyObject *o;
    Layout *l = described("functools._lru_cache_wrapper", "import functools\n", &o);
    ck_assert(note_has(need(l, "tp_flags"), "HEAPTYPE"));
    assert_value(l, "tp_name", "\"functools._lru_cache_wrapper\"");
    long long n = strtoll(need(l, "ob_size")->value, NULL, 10);
    ck_assert_int_ge(n, 1);
    ck_assert_int_eq(l->object_block_size, 16 + HEAPTYPE_SIZE + 40 * (n + 1));
#if FACT_HEAP_SPEC_CACHE
    ck_assert_ptr_nonnull(tl_buffer(l, "_ht_tpname"));
    ck_assert(note_has(need(l, "_ht_tpname"), "tp_name points here"));
#endif
    done(l, o);
}
END_TEST

/* ---- lru_cache ----------------------------------------------------------------------------- */

#define LRU_SETUP(args) "import functools\n@functools.lru_cache(" args ")\n" \
                        "def f(x): return [x]\nfor i in (1, 2, 1, 3, 1): f(i)\n"

static void check_lru(const Layout *l, PyObject *o)
{
    ck_assert_str_eq(l->kind, "lru_cache");
    ck_assert_int_eq(l->getsizeof, 168);
    assert_offset(l, "root.prev", 16);
    assert_offset(l, "wrapper", 56);
    assert_offset(l, "cache", 72);
    assert_offset(l, "hits", 80);
    assert_offset(l, "func", 88);
    assert_offset(l, "misses", 104);
    char want[32];
    snprintf(want, sizeof want, "%lld", tl_py_int(o, "o.cache_info().hits"));
    assert_value(l, "hits", want);
    snprintf(want, sizeof want, "%lld", tl_py_int(o, "o.cache_info().misses"));
    assert_value(l, "misses", want);
    assert_value(l, "hits", "2");
    assert_value(l, "misses", "3");
    assert_target(l, o, "func", "o.__wrapped__");
    assert_target(l, o, "dict", "o.__dict__");
    assert_target(l, o, "cache_info_type", "type(o.cache_info())");
    /* the cache field is the dict gc sees, with one entry per cached call */
    char expr[160];
    snprintf(expr, sizeof expr, "[len(d) for d in gc.get_referents(o) if id(d) == %llu][0]",
             (unsigned long long)need(l, "cache")->target);
    ck_assert_int_eq(tl_py_int(o, expr), tl_py_int(o, "o.cache_info().currsize"));
    ck_assert_int_eq(tl_py_int(o, expr), 3);
}

START_TEST(test_lru_unbounded)
{
    PyObject *o;
    Layout *l = described("f", LRU_SETUP("maxsize=None"), &o);
    check_lru(l, o);
    assert_value(l, "maxsize", "-1");
    assert_value(l, "typed", "0");
    ck_assert_uint_eq(need(l, "root.prev")->target, (uintptr_t)o); /* list unused */
    done(l, o);
}
END_TEST

START_TEST(test_lru_bounded)
{
    PyObject *o;
    Layout *l = described("f", LRU_SETUP("maxsize=128, typed=True"), &o);
    check_lru(l, o);
    assert_value(l, "maxsize", "128");
    assert_value(l, "typed", "1");
    /* root.next is an entry: an _lru_list_elem that holds a cached result */
    const LayoutEntry *next = need(l, "root.next");
    ck_assert_uint_ne(next->target, (uintptr_t)o);
    ck_assert_str_eq(next->target_type, "functools._lru_list_elem");
    ck_assert_uint_eq(need(l, "lru_list_elem_type")->target,
                      (uintptr_t)Py_TYPE((PyObject *)next->target));
    done(l, o);
}
END_TEST

/* The key an entry (an _lru_list_elem) caches, read from its own rows. */
static long long link_key(PyObject *link, Layout **out)
{
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    Layout *l = layout_describe(link, &opt);
    ck_assert_str_eq(l->kind, "lru_list_elem");
    ck_assert_int_eq(l->unaccounted, 0);
    assert_offset(l, "prev", 16);
    assert_offset(l, "next", 24);
    assert_offset(l, "hash", 32);
    assert_offset(l, "result", 48);
    long long k = atoll(need(l, "key")->value);
    char want[32];
    snprintf(want, sizeof want, "%lld", k * k);
    assert_value(l, "result", want); /* sq(k) */
    *out = l;
    return k;
}

/* root.prev is the newest call, root.next the entry a full cache evicts next, and Enter on
 * each entry's next walks from the oldest to the newest: the order functools itself keeps. */
START_TEST(test_lru_chain)
{
    const char *setup = "from functools import lru_cache\n"
                        "@lru_cache(maxsize=4)\ndef sq(x): return x * x\n"
                        "[sq(i) for i in range(6)]\nsq(3)\n"; /* a hit: 3 becomes the newest */
    PyObject *o;
    Layout *l = described("sq", setup, &o);
    ck_assert_ptr_nonnull(strstr(need(l, "root.prev")->note, "most recently used"));
    ck_assert_ptr_nonnull(strstr(need(l, "root.next")->note, "least recently used"));
    Layout *ll;
    PyObject *newest = layout_follow(o, need(l, "root.prev")->target);
    ck_assert_int_eq(link_key(newest, &ll), 3);
    ck_assert_uint_eq(need(ll, "next")->target, (uintptr_t)o); /* the root closes the ring */
    ck_assert_ptr_nonnull(strstr(need(ll, "next")->note, "newest"));
    layout_free(ll);
    Py_DECREF(newest);

    long long order[4];
    PyObject *link = layout_follow(o, need(l, "root.next")->target);
    for (int i = 0; i < 4; i++) {
        order[i] = link_key(link, &ll);
        uintptr_t next = need(ll, "next")->target;
        PyObject *after = i < 3 ? layout_follow(link, next) : NULL;
        if (i == 3)
            ck_assert_uint_eq(next, (uintptr_t)o);
        layout_free(ll);
        Py_DECREF(link);
        link = after;
    }
    ck_assert_int_eq(order[0], 2);
    ck_assert_int_eq(order[1], 4);
    ck_assert_int_eq(order[2], 5);
    ck_assert_int_eq(order[3], 3);
    /* functools agrees: one new call evicts root.next's key (2), not the newest (3) */
    ck_assert_int_eq(tl_py_int(o, "(o(100), o.cache_info().misses)[1]"), 7);
    ck_assert_int_eq(tl_py_int(o, "(o(3), o.cache_info().misses)[1]"), 7);
    ck_assert_int_eq(tl_py_int(o, "(o(2), o.cache_info().misses)[1]"), 8);
    done(l, o);
}
END_TEST

Suite *kinds_code_suite(void)
{
    Suite *s = suite_create("kinds_code");
    TCase *tc = tcase_create("kinds_code");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_range);
    tcase_add_test(tc, test_slice);
    tcase_add_test(tc, test_cell);
    tcase_add_test(tc, test_method);
    tcase_add_test(tc, test_module);
    tcase_add_test(tc, test_module_state);
    tcase_add_test(tc, test_weakref);
    tcase_add_test(tc, test_function);
    tcase_add_test(tc, test_gen_sizes);
    tcase_add_test(tc, test_gen_fresh);
    tcase_add_test(tc, test_gen_started_finished);
    tcase_add_test(tc, test_gen_many_locals);
    tcase_add_test(tc, test_gen_running);
    tcase_add_test(tc, test_coroutine);
    tcase_add_test(tc, test_async_gen_rows);
    tcase_add_test(tc, test_static_types);
    tcase_add_test(tc, test_plain_class);
    tcase_add_test(tc, test_slots_class);
    tcase_add_test(tc, test_c_heap_type);
    tcase_add_test(tc, test_lru_unbounded);
    tcase_add_test(tc, test_lru_bounded);
    tcase_add_test(tc, test_lru_chain);
    suite_add_tcase(s, tc);
    return s;
}
