/* layout.c — the Layout model's memory: creation, appends, sums, and freeing.
 * Plain C; no CPython here (see layout.h). */
#include "layout/layout.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

Layout *layout_new(void)
{
    return xcalloc(1, sizeof(Layout));
}

static void entry_free(LayoutEntry *e)
{
    free(e->name);
    free(e->ctype);
    free(e->value);
    free(e->hex);
    free(e->target_type);
    free(e->note);
}

static void entries_free(LayoutEntries *e)
{
    for (size_t i = 0; i < e->len; i++)
        entry_free(&e->items[i]);
    free(e->items);
    memset(e, 0, sizeof *e);
}

void layout_free(Layout *l)
{
    if (!l)
        return;
    free(l->python_version);
    free(l->type_name);
    free(l->kind);
    free(l->repr);
    free(l->raw);
    free(l->sizeof_error);
    entries_free(&l->preheader);
    entries_free(&l->fields);
    for (size_t i = 0; i < l->nbuffers; i++) {
        free(l->buffers[i].name);
        free(l->buffers[i].note);
        entries_free(&l->buffers[i].entries);
    }
    free(l->buffers);
    for (size_t i = 0; i < l->nrefs; i++) {
        free(l->refs[i].via);
        free(l->refs[i].type_name);
    }
    free(l->refs);
    for (size_t i = 0; i < l->nnotes; i++)
        free(l->notes[i].text);
    free(l->notes);
    free(l);
}

LayoutEntry *layout_entries_add(LayoutEntries *e)
{
    e->items = xgrow(e->items, &e->cap, e->len + 1, sizeof *e->items);
    LayoutEntry *it = &e->items[e->len++];
    memset(it, 0, sizeof *it);
    it->count = 1;
    return it;
}

LayoutBuffer *layout_add_buffer(Layout *l, const char *name)
{
    l->buffers = xgrow(l->buffers, &l->cap_buffers, l->nbuffers + 1, sizeof *l->buffers);
    LayoutBuffer *b = &l->buffers[l->nbuffers++];
    memset(b, 0, sizeof *b);
    b->name = xstrdup(name);
    return b;
}

void layout_add_ref(Layout *l, const char *via, uintptr_t address, const char *type_name)
{
    l->refs = xgrow(l->refs, &l->cap_refs, l->nrefs + 1, sizeof *l->refs);
    l->refs[l->nrefs++] = (LayoutRef){xstrdup(via), address, xstrdup(type_name)};
}

void layout_add_note(Layout *l, const char *fmt, ...)
{
    if (l->quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    char *text = NULL;
    if (vasprintf(&text, fmt, ap) < 0)
        text = NULL;
    va_end(ap);
    if (!text)
        return;
    l->notes = xgrow(l->notes, &l->cap_notes, l->nnotes + 1, sizeof *l->notes);
    l->notes[l->nnotes++].text = text;
}

size_t layout_entries_bytes(const LayoutEntries *e, bool only_in_sizeof)
{
    size_t n = 0;
    for (size_t i = 0; i < e->len; i++)
        if (!only_in_sizeof || e->items[i].in_sizeof)
            n += e->items[i].size;
    return n;
}

size_t layout_sizeof_from_rows(const Layout *l)
{
    size_t n = layout_entries_bytes(&l->fields, true);
    for (size_t i = 0; i < l->nbuffers; i++)
        n += l->buffers[i].sizeof_charge;
    return n;
}

const char *layout_role_name(LayoutRole r)
{
    static const char *const names[ROLE_COUNT] = {
        [ROLE_HEADER] = "header", [ROLE_PAYLOAD] = "payload", [ROLE_POINTER] = "pointer",
        [ROLE_DATA] = "data",     [ROLE_HIDDEN] = "hidden",   [ROLE_PADDING] = "padding",
        [ROLE_UNUSED] = "unused", [ROLE_OPAQUE] = "opaque",
    };
    return (unsigned)r < ROLE_COUNT ? names[r] : "?";
}
