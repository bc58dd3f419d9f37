/* kinds/frame.c — frame objects (sys._getframe(), a traceback's tb_frame, a generator's
 * gi_frame). In 3.10 the frame object is the frame: its fields, then one slot per local, cell,
 * free variable and value-stack entry. From 3.11 the interpreter runs lighter frames
 * (_PyInterpreterFrame) on a stack of its own; a frame object is made only when Python asks
 * for one, points at that frame (f_frame), and keeps room for a copy (_f_frame_data) that it
 * fills when the function returns while the frame object lives on. Offsets come from
 * internals.c (the internal header from 3.11), fields per version from facts.h. */
#include "layout/kinds/kinds.h"

#include <stdio.h>
#include <string.h>

#include "layout/facts.h"
#include "layout/internals.h"

static const char *frame_note(const char *name)
{
    static const struct {
        const char *name, *note;
    } notes[] = {
        {"f_back", "the calling frame's object, or NULL"},
        {"f_code", "the code being run"},
        {"f_frame", "the interpreter frame this object stands for"},
        {"f_valuestack", "where the value stack starts, inside f_localsplus"},
        {"f_gen", "the generator running this frame, or NULL"},
        {"f_lasti", "the last instruction run (an index)"},
        {"f_blockstack", "try and with blocks in use (f_iblock of them)"},
        {"f_locals", "a dict of the locals, made when f_locals or locals() is read"},
        {"f_extra_locals", "names set through f_locals that are not fast locals"},
        {"f_locals_cache", "the dict PyEval_GetLocals last handed out"},
        {"f_overwritten_fast_locals", "locals replaced through f_locals, kept alive"},
        {"f_fast_as_locals", "1 while the fast locals are copied into f_locals"},
        {"f_executable", "the code being run"},
        {"f_funcobj", "the function being run"},
        {"previous", "the frame below on the interpreter's stack (not an object)"},
    };
    for (size_t i = 0; i < sizeof notes / sizeof notes[0]; i++)
        if (strcmp(notes[i].name, name) == 0)
            return notes[i].note;
    return NULL;
}

/* A field read as its InternalKind says (IK_AUTO: from its C type, as kind_field does). */
static LayoutEntry *internal_row(LayoutBuilder *b, const InternalField *f)
{
    LayoutEntry *e;
    switch (f->kind) {
    case IK_OBJECT:
        e = lb_pointer_typed(b, f->name, f->ctype, f->offset);
        break;
    case IK_STACKREF:
        e = lb_frame_slot(b, f->name, f->offset);
        break;
    case IK_CPTR:
        e = lb_cptr(b, f->name, f->ctype, f->offset);
        break;
    case IK_SIGNED:
        e = lb_int(b, f->name, f->ctype, f->offset, f->size);
        break;
    case IK_UNSIGNED:
        e = lb_uint(b, f->name, f->ctype, f->offset, f->size);
        break;
    default:
        e = kind_field(b, &(KindField){f->name, f->ctype, f->offset, f->size, NULL});
        break;
    }
    const char *note = frame_note(f->name);
    if (note)
        lb_note(e, "%s", note);
    return e;
}

/* Slots [from, to) not in use, as one row (the caller splits at what __sizeof__ counts). */
static void unused_slots(LayoutBuilder *b, const FrameObjectInfo *fi, const char *name,
                         size_t from, size_t to, const char *note)
{
    if (from >= to)
        return;
    char label[64];
    snprintf(label, sizeof label, to - from == 1 ? "%s[%zu]" : "%s[%zu..%zu]", name, from, to - 1);
    LayoutEntry *e = lb_row(b, label, FACT_FRAME_SLOT_CTYPE,
                            fi->slots_offset + from * sizeof(PyObject *),
                            (to - from) * sizeof(PyObject *), ROLE_UNUSED);
    if (e)
        e->count = to - from;
    lb_note(e, "%s", note);
}

/* The slots: the live ones (locals first) followed, the rest never read as pointers; a frame
 * reused with more slots than its code needs has some beyond what __sizeof__ counts. */
static void frame_slots(LayoutBuilder *b, const FrameObjectInfo *fi, const char *name)
{
    lb_frame_slot_array(b, name, fi->slots_offset, fi->nlive);
    size_t counted = fi->counted_slots > fi->nlive ? fi->counted_slots : fi->nlive;
    unused_slots(b, fi, name, fi->nlive, counted, "value stack room, not in use");
    unused_slots(b, fi, name, counted, fi->nslots,
                 "room left from an earlier use of this frame, beyond what __sizeof__ counts");
}

#if FACT_GEN_FRAME_EMBEDDED
/* 3.11+: the frame data region, when the interpreter frame lives elsewhere. */
static void frame_elsewhere(LayoutBuilder *b, const FrameObjectInfo *fi)
{
    LayoutEntry *e = lb_row(b, "_f_frame_data", "PyObject *[]", fi->data_offset,
                            fi->size - fi->data_offset, ROLE_UNUSED);
    lb_note(e, "room for the frame, filled if the function returns while this object lives; "
            "now the frame is where f_frame points (a generator or the running stack)");
}
#endif

void kind_frame_describe(LayoutBuilder *b, PyObject *o)
{
    FrameObjectInfo fi;
    if (internals_frame_object(o, &fi) < 0) {
        kind_opaque_describe(b, o);
        return;
    }
    lb_object_size(b, fi.size, fi.counted);
    lb_header(b, !FACT_GEN_FRAME_EMBEDDED);
    for (int i = 0; i < fi.nfields; i++)
        internal_row(b, &fi.fields[i]);
#if FACT_GEN_FRAME_EMBEDDED
    if (!fi.owns_frame) {
        frame_elsewhere(b, &fi);
        return;
    }
    for (int i = 0; i < fi.nframe_fields; i++)
        internal_row(b, &fi.frame_fields[i]);
    frame_slots(b, &fi, "localsplus");
    layout_add_note(b->l, "the frame object owns its frame: the function has returned, and "
                    "its locals live on here");
#else
    frame_slots(b, &fi, "f_localsplus");
    LayoutEntry *e = lb_row(b, "(f_localsplus[1] again)", "PyObject *",
                            fi.slots_offset + fi.nslots * sizeof(PyObject *), sizeof(PyObject *),
                            ROLE_UNUSED);
    lb_note(e, "sizeof(PyFrameObject) already holds one slot, and the allocation adds ob_size "
            "more: 8 bytes never used, not in __sizeof__");
#endif
    layout_add_note(b->l, "%zu slot%s for locals, cells and free variables, then the value "
                    "stack (%zu slots)", fi.nlocalsplus, fi.nlocalsplus == 1 ? "" : "s",
                    fi.counted_slots - fi.nlocalsplus);
}
