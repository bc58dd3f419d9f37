/* kinds/code.c — code objects (PyCodeObject, Include/cpython/code.h): what `def`, `lambda` or
 * compile() makes once and every function made from it shares. Every field is named from the
 * version's list in facts/py3XX.h (FACT_CODE_FIELDS), offsets from offsetof on the header.
 * From 3.11 the bytecode lives inline (co_code_adaptive), specialised in place as it runs;
 * in 3.10 it is a separate bytes object. The blocks a code object owns out of line are shown:
 * 3.10's co_cell2arg and opcache, the co_extra block of tools, 3.11's line array and 3.12+'s
 * _co_cached (the co_code, co_varnames, ... objects made on first access). */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"
#include "util/xalloc.h"

typedef struct {
    const char *name, *note;
} CodeNote;

static const CodeNote code_notes[] = {
    {"co_consts", "the constants the bytecode loads (a tuple)"},
    {"co_names", "names of the globals and attributes it uses (a tuple of str)"},
    {"co_code", "the bytecode, a separate bytes object"},
    {"co_varnames", "names of the local variables, arguments first"},
    {"co_freevars", "names of the variables taken from enclosing functions"},
    {"co_cellvars", "names of the locals that inner functions capture"},
    {"co_cell2arg", "which cells are arguments: a block of its own, or NULL"},
    {"co_exceptiontable", "which handler covers which range of bytecode (try/except, with)"},
    {"co_localsplusnames", "names of every frame slot: locals, cells, free variables"},
    {"co_localspluskinds", "one kind byte per frame slot (argument, local, cell, free)"},
    {"co_filename", "the file it was compiled from"},
    {"co_name", NULL},
    {"co_qualname", NULL},
    {"co_linetable", "maps each instruction to its source position (bytes)"},
    {"co_weakreflist", "weak references to this code object, or NULL"},
    {"co_zombieframe", "a frame kept from the last call, reused by the next one"},
    {"co_extra", "scratch space for tools (debuggers, JITs), usually NULL"},
    {"co_opcache_map", "which instructions have an opcache entry (after 1024 runs)"},
    {"co_opcache", "the opcache: cached globals and attribute lookups"},
    {"co_warmup", "counts up to specialising the bytecode"},
    {"co_framesize", "words a frame of this code needs: specials, slots, stack"},
    {"co_version", "a version for the specialiser's caches"},
    {"_co_code", "co_code made on first access: the bytecode with specialisations undone"},
    {"_co_linearray", "line numbers per instruction, made when tracing; or NULL"},
    {"_co_cached", "co_code, co_varnames, co_cellvars, co_freevars made on first access"},
    {"_co_monitoring", "sys.monitoring's data for this code, NULL until a tool instruments it"},
    {"co_executors", "optimised traces of the tier-2 optimizer, usually NULL"},
    {"_co_firsttraceable", "index of the first instruction a tracer sees"},
};

static const char *code_note(const char *name)
{
    for (size_t i = 0; i < sizeof code_notes / sizeof code_notes[0]; i++)
        if (strcmp(code_notes[i].name, name) == 0)
            return code_notes[i].note;
    return NULL;
}

#define CODE_FIELD(member, ctype) KIND_FIELD(PyCodeObject, member, ctype, NULL),
static const KindField code_fields[] = {FACT_CODE_FIELDS(CODE_FIELD)};
#undef CODE_FIELD

static void *code_word(PyObject *o, const char *name)
{
    for (size_t i = 0; i < sizeof code_fields / sizeof code_fields[0]; i++)
        if (strcmp(code_fields[i].name, name) == 0 && code_fields[i].size == sizeof(void *)) {
            void *p;
            memcpy(&p, (const char *)o + code_fields[i].offset, sizeof p);
            return p;
        }
    return NULL;
}

#if !FACT_CODE_ADAPTIVE || FACT_CODE_CACHED_CODE
/* A block the code object owns, shown as one data row. */
static void code_block(LayoutBuilder *b, const char *name, const void *addr, size_t size,
                       bool in_sizeof, const char *ctype, const char *note)
{
    lb_buffer_begin(b, name, addr, size, size, in_sizeof);
    lb_note(lb_data(b, name, ctype, 0, size), "%s", note);
    lb_buffer_end(b);
}
#endif

/* co_extra: ce_size, then the tools' pointers (counted by __sizeof__). */
static void code_extra(LayoutBuilder *b, const void *extra)
{
    Py_ssize_t n;
    memcpy(&n, (const char *)extra + FACT_CODE_EXTRA_SIZE, sizeof n);
    if (n < 1 || n > 255) /* one slot per registered tool (_PyEval_RequestCodeExtraIndex) */
        return;
    lb_buffer_begin(b, "co_extra block", extra, FACT_CODE_EXTRA_BLOCK(n), FACT_CODE_EXTRA_BLOCK(n),
                    true);
    lb_ssize(b, "ce_size", FACT_CODE_EXTRA_SIZE);
    for (Py_ssize_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "ce_extras[%zd]", i);
        lb_cptr(b, name, "void *", FACT_CODE_EXTRA_ITEMS + (size_t)i * sizeof(void *));
    }
    lb_buffer_end(b);
}

#if FACT_CODE_ADAPTIVE
/* The bytecode inline after the fields: ob_size code units, the object rounded to 8 bytes
 * (_PyObject_VAR_SIZE). */
static bool code_size(LayoutBuilder *b, PyObject *o)
{
    size_t base = offsetof(PyCodeObject, co_code_adaptive);
    if ((size_t)PyCode_Type.tp_basicsize != base || PyCode_Type.tp_itemsize != 2 || Py_SIZE(o) < 0)
        return false;
    size_t whole = (base + (size_t)Py_SIZE(o) * 2 + 7) & ~(size_t)7;
    lb_object_size(b, whole, whole);
    return true;
}

static void code_inline_bytecode(LayoutBuilder *b, PyObject *o)
{
    size_t units = (size_t)Py_SIZE(o);
    char ctype[48];
    snprintf(ctype, sizeof ctype, "_Py_CODEUNIT[%zu]", units);
    LayoutEntry *e = lb_data(b, "co_code_adaptive", ctype, offsetof(PyCodeObject, co_code_adaptive),
                             units * 2);
    lb_note(e, "the bytecode itself, %zu instructions and caches of 2 bytes, specialised in "
            "place as it runs", units);
}
#endif

/* The out-of-line blocks of this version's code objects. */
static void code_blocks(LayoutBuilder *b, PyObject *o)
{
    PyCodeObject *co = (PyCodeObject *)o;
    void *extra = code_word(o, "co_extra");
    if (extra)
        code_extra(b, extra);
#if !FACT_CODE_ADAPTIVE
    if (co->co_cell2arg && co->co_cellvars && PyTuple_GET_SIZE(co->co_cellvars) > 0)
        code_block(b, "co_cell2arg array", co->co_cell2arg,
                   (size_t)PyTuple_GET_SIZE(co->co_cellvars) * sizeof(Py_ssize_t), true,
                   "Py_ssize_t[]", "for each cell, the argument it starts as (or -1)");
    if (co->co_opcache && co->co_opcache_map && PyBytes_Check(co->co_code)) {
        size_t units = (size_t)PyBytes_GET_SIZE(co->co_code) / sizeof(_Py_CODEUNIT);
        code_block(b, "co_opcache_map", co->co_opcache_map, units, true, "unsigned char[]",
                   "per instruction: its entry in co_opcache, 0 for none");
        code_block(b, "co_opcache", co->co_opcache,
                   co->co_opcache_size * internals_code_opcache_entry(), true, "_PyOpcache[]",
                   "cached global lookups and attribute offsets");
    }
#elif FACT_CODE_CACHED_CODE
    if (co->_co_linearray)
        code_block(b, "_co_linearray", co->_co_linearray,
                   (size_t)Py_SIZE(o) * (size_t)co->_co_linearray_entry_size, false, "char[]",
                   "line number of each instruction, for tracing; not in __sizeof__");
#endif
#if FACT_CODE_CO_CACHED
    if (co->_co_cached) {
        static const KindField cached[] = {
            KIND_FIELD(_PyCoCached, _co_code, "PyObject *", "co_code: a bytes copy, unspecialised"),
            KIND_FIELD(_PyCoCached, _co_varnames, "PyObject *", "co_varnames"),
            KIND_FIELD(_PyCoCached, _co_cellvars, "PyObject *", "co_cellvars"),
            KIND_FIELD(_PyCoCached, _co_freevars, "PyObject *", "co_freevars"),
        };
        LayoutBuffer *buf = lb_buffer_begin(b, "_co_cached block", co->_co_cached,
                                            sizeof(_PyCoCached), sizeof(_PyCoCached), false);
        buf->note = xstrdup("made when one of these attributes is first read; not in "
                                 "__sizeof__");
        kind_fields(b, cached, sizeof cached / sizeof cached[0]);
        lb_buffer_end(b);
    }
#endif
    (void)co;
}

void kind_code_describe(LayoutBuilder *b, PyObject *o)
{
#if FACT_CODE_ADAPTIVE
    if (!code_size(b, o)) {
        kind_opaque_describe(b, o); /* the header does not match this build */
        return;
    }
    lb_header(b, true);
    lb_note(kind_last_row(b), "code units in co_code_adaptive");
#else
    lb_header(b, false);
#endif
    for (size_t i = 0; i < sizeof code_fields / sizeof code_fields[0]; i++) {
        LayoutEntry *e = kind_field(b, &code_fields[i]);
        const char *note = code_note(code_fields[i].name);
        if (note)
            lb_note(e, "%s", note);
    }
#if FACT_CODE_ADAPTIVE
    code_inline_bytecode(b, o);
#endif
    code_blocks(b, o);
    layout_add_note(b->l, "a code object is shared by every function made from the same def; "
                    "it is not tracked by the GC (it cannot form cycles)");
}
