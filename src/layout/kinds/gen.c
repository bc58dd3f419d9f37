/* kinds/gen.c — generators, coroutines and async generators. In 3.10 the running state lives
 * in a separate frame object (gi_frame); from 3.11 the whole interpreter frame is embedded at
 * the end of the object: specials, then one slot per local, cell and value-stack entry. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"

/* "gi", "cr" or "ag": the field prefix CPython's headers use for each flavour. */
static const char *gen_prefix(PyObject *o)
{
    if (PyCoro_CheckExact(o))
        return "cr";
    if (PyAsyncGen_CheckExact(o))
        return "ag";
    return "gi";
}

static LayoutEntry *gen_ptr(LayoutBuilder *b, const char *pre, const char *field, const char *ctype,
                            size_t off)
{
    char name[64];
    snprintf(name, sizeof name, "%s_%s", pre, field);
    return lb_pointer_typed(b, name, ctype, off);
}

static LayoutEntry *gen_scalar(LayoutBuilder *b, const char *pre, const char *field,
                               const char *ctype, size_t off, size_t size)
{
    char name[64];
    snprintf(name, sizeof name, "%s_%s", pre, field);
    return lb_int(b, name, ctype, off, size);
}

#if !FACT_GEN_FRAME_EMBEDDED

/* ---- 3.10: the frame is a separate object ------------------------------------------------ */

void kind_gen_describe(LayoutBuilder *b, PyObject *o)
{
    const char *pre = gen_prefix(o);
    lb_header(b, false);
    LayoutEntry *fr = gen_ptr(b, pre, "frame", "PyFrameObject *", offsetof(PyGenObject, gi_frame));
    lb_note(fr, ((PyGenObject *)o)->gi_frame ? "a separate frame object holds locals and stack"
                                             : "NULL: finished, the frame was released");
    gen_ptr(b, pre, "code", "PyObject *", offsetof(PyGenObject, gi_code));
    gen_ptr(b, pre, "weakreflist", "PyObject *", offsetof(PyGenObject, gi_weakreflist));
    gen_ptr(b, pre, "name", "PyObject *", offsetof(PyGenObject, gi_name));
    gen_ptr(b, pre, "qualname", "PyObject *", offsetof(PyGenObject, gi_qualname));
    size_t exc = offsetof(PyGenObject, gi_exc_state);
    gen_ptr(b, pre, "exc_state.exc_type", "PyObject *", exc + offsetof(_PyErr_StackItem, exc_type));
    gen_ptr(b, pre, "exc_state.exc_value", "PyObject *", exc + offsetof(_PyErr_StackItem, exc_value));
    gen_ptr(b, pre, "exc_state.exc_traceback", "PyObject *",
            exc + offsetof(_PyErr_StackItem, exc_traceback));
    char name[64];
    snprintf(name, sizeof name, "%s_exc_state.previous_item", pre);
    lb_cptr(b, name, "_PyErr_StackItem *", exc + offsetof(_PyErr_StackItem, previous_item));
    if (PyCoro_CheckExact(o)) {
        gen_ptr(b, pre, "origin", "PyObject *", offsetof(PyCoroObject, cr_origin));
    } else if (PyAsyncGen_CheckExact(o)) {
        gen_ptr(b, pre, "finalizer", "PyObject *", offsetof(PyAsyncGenObject, ag_finalizer));
        gen_scalar(b, pre, "hooks_inited", "int", offsetof(PyAsyncGenObject, ag_hooks_inited), 4);
        gen_scalar(b, pre, "closed", "int", offsetof(PyAsyncGenObject, ag_closed), 4);
        gen_scalar(b, pre, "running_async", "int", offsetof(PyAsyncGenObject, ag_running_async), 4);
    }
}

#else

/* ---- 3.11+: the frame is embedded --------------------------------------------------------- */

/* Fields only some flavours initialise (_Py_MakeCoro): a plain generator leaves all four as
 * whatever the allocator returned, a coroutine sets only the origin. Never followed there. */
static void gen_async_fields(LayoutBuilder *b, PyObject *o, const char *pre,
                             const GenHeadOffsets *h)
{
    const struct { const char *name, *ctype; size_t off, size; } f[] = {
        {"origin_or_finalizer", "PyObject *", h->origin_or_finalizer, 8},
        {"hooks_inited", "char", h->hooks_inited, 1},
        {"closed", "char", h->closed, 1},
        {"running_async", "char", h->running_async, 1},
    };
    bool agen = PyAsyncGen_CheckExact(o), coro = PyCoro_CheckExact(o);
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        LayoutEntry *e;
        if (i == 0 && (agen || coro)) {
            e = gen_ptr(b, pre, f[i].name, f[i].ctype, f[i].off);
            lb_note(e, agen ? "the finalizer from sys.set_asyncgen_hooks, or NULL"
                            : "where the coroutine was created, when origin tracking is on");
        } else if (agen) {
            e = gen_scalar(b, pre, f[i].name, f[i].ctype, f[i].off, f[i].size);
        } else {
            char name[64];
            snprintf(name, sizeof name, "%s_%s", pre, f[i].name);
            e = lb_row(b, name, f[i].ctype, f[i].off, f[i].size, ROLE_UNUSED);
            if (i == 0 || (i == 1 && coro))
                lb_note(e, "never initialised for a %s: only async generators use %s",
                        coro ? "coroutine" : "generator", i == 0 ? "it" : "these");
        }
    }
}

static void gen_head(LayoutBuilder *b, PyObject *o, const GenStateInfo *st)
{
    const char *pre = gen_prefix(o);
    GenHeadOffsets h;
    internals_gen_head(&h);
    lb_header(b, false);
    if (h.code)
        gen_ptr(b, pre, "code", "PyCodeObject *", h.code);
    gen_ptr(b, pre, "weakreflist", "PyObject *", h.weakreflist);
    gen_ptr(b, pre, "name", "PyObject *", h.name);
    gen_ptr(b, pre, "qualname", "PyObject *", h.qualname);
    LayoutEntry *e = gen_ptr(b, pre, "exc_state.exc_value", "PyObject *", h.exc_value);
    lb_note(e, "the exception being handled inside the generator, kept across yields");
    char name[64];
    snprintf(name, sizeof name, "%s_exc_state.previous_item", pre);
    lb_cptr(b, name, "_PyErr_StackItem *", h.exc_previous);
    gen_async_fields(b, o, pre, &h);
    e = gen_scalar(b, pre, "frame_state", "int8_t", h.frame_state, 1);
    lb_note(e, "%s", st->state);
}

/* Why an object pointer of the frame is not followed, as a note. */
static void stale_note(LayoutEntry *e, const GenStateInfo *st)
{
    lb_note(e, st->stacktop < 0 && !strcmp(st->state, "running")
                   ? "not followed while the generator runs"
                   : "stale: the frame was %s, the reference dropped", st->state);
}

/* A 3.14+ _PyStackRef special (f_executable, f_funcobj): decoded and followed while the frame
 * owns it (the code object always: the generator keeps it). */
static LayoutEntry *stackref_field(LayoutBuilder *b, PyObject *o, const InternalField *f,
                                   const GenStateInfo *st)
{
    uintptr_t bits;
    memcpy(&bits, (const char *)o + f->offset, sizeof bits);
    PyObject *p;
    intptr_t ival;
    bool borrowed;
    bool object = fact_frame_slot(bits, &p, &ival, &borrowed) == FACT_SLOT_OBJECT;
    if (!object || st->frame_live || p == st->code)
        return lb_frame_slot(b, f->name, f->offset);
    LayoutEntry *e = lb_uint(b, f->name, f->ctype, f->offset, f->size);
    stale_note(e, st);
    return e;
}

/* One special of the embedded frame. Object pointers are followed only while the frame owns
 * them (the code object always is: the generator keeps it). */
static LayoutEntry *frame_field(LayoutBuilder *b, PyObject *o, const InternalField *f,
                                const GenStateInfo *st)
{
    LayoutEntry *e;
    if (f->kind == IK_STACKREF)
        return stackref_field(b, o, f, st);
    if (f->kind == IK_OBJECT || f->kind == IK_CPTR) {
        void *p;
        memcpy(&p, (const char *)o + f->offset, sizeof p);
        bool object = f->kind == IK_OBJECT;
        bool safe = object && (st->frame_live || !p || p == (void *)st->code);
        e = safe ? lb_pointer_typed(b, f->name, f->ctype, f->offset)
                 : lb_cptr(b, f->name, f->ctype, f->offset);
        if (!safe && p && object)
            stale_note(e, st);
        else if (strstr(f->name, "instr"))
            lb_note(e, "position in the bytecode");
        else if (strcmp(f->name, "stackpointer") == 0 && st->stacktop >= 0)
            lb_note(e, "top of the value stack: localsplus + %d slots; 3.14: replaces stacktop",
                    st->stacktop);
    } else if (f->kind == IK_UNSIGNED) {
        e = lb_uint(b, f->name, f->ctype, f->offset, f->size);
    } else {
        e = lb_int(b, f->name, f->ctype, f->offset, f->size);
        if (e && strcmp(f->name, "stacktop") == 0)
            lb_note(e, "slots in use from localsplus[0]");
        if (e && strcmp(f->name, "owner") == 0)
            lb_note(e, "1 = owned by a generator");
    }
    return e;
}

/* The local's name for slot i, as a note ("'x'"), when the code object names it. */
static void slot_note(LayoutEntry *e, const GenStateInfo *st, size_t i)
{
    PyObject *names = ((PyCodeObject *)st->code)->co_localsplusnames;
    if (!e)
        return;
    if ((int)i >= st->nlocalsplus) {
        lb_note(e, "value stack");
    } else if (names && PyTuple_Check(names) && (Py_ssize_t)i < PyTuple_GET_SIZE(names)) {
        char v[96];
        lb_short_value(PyTuple_GET_ITEM(names, i), v, sizeof v);
        lb_note(e, "local %s", v);
    }
}

static LayoutEntry *slot_run(LayoutBuilder *b, size_t off, size_t first, size_t n, LayoutRole role)
{
    char name[64];
    snprintf(name, sizeof name, n == 1 ? "localsplus[%zu]" : "localsplus[%zu..%zu]", first,
             first + n - 1);
    LayoutEntry *e = lb_row(b, name, FACT_FRAME_SLOT_CTYPE, off + first * sizeof(PyObject *),
                            n * sizeof(PyObject *), role);
    if (e && n > 1) {
        e->count = n;
        free(e->hex);
        e->hex = NULL;
    }
    return e;
}

/* localsplus: locals, cells and free variables, then the value stack. Only the first
 * `stacktop` slots of a live frame hold references; the rest is stack space never cleared. */
static void frame_slots(LayoutBuilder *b, const GenFrameInfo *g, const GenStateInfo *st)
{
    size_t off = g->localsplus_offset, n = g->nslots;
    size_t used = st->frame_live && st->stacktop >= 0 && (size_t)st->stacktop <= n
                      ? (size_t)st->stacktop : 0;
    if (n == 0)
        return;
    if (!st->frame_live) {
        bool running = strcmp(st->state, "running") == 0;
        LayoutEntry *e = slot_run(b, off, 0, n, running ? ROLE_DATA : ROLE_UNUSED);
        lb_note(e, running ? "the generator is running: slots change under us, not followed"
                           : "frame %s: stale pointers, not followed", st->state);
        return;
    }
    size_t first = b->l->fields.len;
    lb_frame_slot_array(b, "localsplus", off, used); /* elides long runs like any array */
    for (size_t r = first; r < b->l->fields.len; r++) {
        size_t i;
        char tail;
        if (sscanf(b->l->fields.items[r].name, "localsplus[%zu%c", &i, &tail) == 2 && tail == ']')
            slot_note(&b->l->fields.items[r], st, i);
    }
    if (used < n) {
        LayoutEntry *e = slot_run(b, off, used, n - used, ROLE_UNUSED);
        lb_note(e, "value stack space, not in use now");
    }
}

void kind_gen_describe(LayoutBuilder *b, PyObject *o)
{
    GenFrameInfo g;
    GenStateInfo st;
    if (internals_gen_frame(o, &g) < 0 || internals_gen_state(o, &st) < 0 ||
        g.localsplus_offset != (size_t)Py_TYPE(o)->tp_basicsize) {
        kind_opaque_describe(b, o);
        return;
    }
    size_t size = g.localsplus_offset + g.nslots * sizeof(PyObject *);
    lb_object_size(b, size, size);
    gen_head(b, o, &st);
    for (int i = 0; i < g.nfields; i++) {
        LayoutEntry *e = frame_field(b, o, &g.fields[i], &st);
        if (i == 0 && e)
            lb_note(e, "the embedded _PyInterpreterFrame starts here%s%s", e->note ? "; " : "",
                    e->note ? e->note : "");
    }
    frame_slots(b, &g, &st);
    layout_add_note(b->l, "the frame lives inside the object: %zu slots (locals, cells, value "
                    "stack) sized from the code object; offset 16 is not ob_size although "
                    "tp_itemsize is 8", g.nslots);
    if (FACT_FRAME_STACKREF)
        layout_add_note(b->l, "3.14: f_executable, f_funcobj and the slots are _PyStackRef: an "
                        "object pointer whose low bits are tags (bit 0: the reference owns no "
                        "count; 11: a tagged int)");
}

#endif
