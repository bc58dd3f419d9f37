/* present.c — presenter mode's diagram (see present.h). */
#include "ui/present.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Hex digits an address has at least (small numbers shown in hex are not addresses). */
#define ADDRESS_DIGITS 6

static void rows_clear(PresentRows *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->keys[i]);
        free(r->values[i]);
    }
    free(r->keys);
    free(r->values);
    memset(r, 0, sizeof *r);
}

static void object_clear(PresentObject *o)
{
    free(o->type_name);
    rows_clear(&o->seen);
    rows_clear(&o->before);
    memset(o, 0, sizeof *o);
}

void present_clear_changes(Presentation *p)
{
    for (size_t i = 0; i < p->nchanged; i++)
        free(p->changed[i]);
    free(p->changed);
    p->changed = NULL;
    p->nchanged = 0;
}

void present_forget(Presentation *p)
{
    for (size_t i = 0; i < PRESENT_REMEMBER; i++)
        object_clear(&p->objects[i]);
    present_clear_changes(p);
}

void present_free(Presentation *p)
{
    present_forget(p);
}

/* The length of an address at s ("0x" and at least ADDRESS_DIGITS hex digits), else 0. */
static size_t address_at(const char *s)
{
    if (s[0] != '0' || s[1] != 'x')
        return 0;
    size_t n = 2;
    while (isxdigit((unsigned char)s[n]))
        n++;
    return n - 2 >= ADDRESS_DIGITS ? n : 0;
}

char *present_strip_addresses(const char *s)
{
    StrBuf b;
    strbuf_init(&b);
    for (const char *p = s; *p;) {
        size_t n = strncmp(p, " at ", 4) == 0 ? address_at(p + 4) : 0;
        if (n) { /* "list at 0x7f..": the words go with the address */
            p += 4 + n;
            continue;
        }
        if ((n = address_at(p)) != 0) {
            p += n;
            continue;
        }
        strbuf_putc(&b, *p++);
    }
    char *text = strbuf_take(&b);
    /* what was left after a bare address: its note, without the separator that followed it */
    const char *start = text + strspn(text, " ");
    if (strncmp(start, "\u00b7 ", 3) == 0)
        start += 3;
    else if (strncmp(start, "- ", 2) == 0 && start != text)
        start += 2;
    char *tidy = xstrdup(start);
    free(text);
    return tidy;
}

char *present_value(const LayoutEntry *e, bool ascii)
{
    char *v = render_entry_value(e, ascii);
    char *stripped = present_strip_addresses(v);
    free(v);
    if (stripped[0] || !e->value || !address_at(e->value))
        return stripped;
    free(stripped);
    return xstrdup("(an address)");
}

/* ---- what changed -------------------------------------------------------------------------- */

static void rows_put(PresentRows *r, char *key, char *value);

static void rows_add(PresentRows *r, int block, const LayoutEntries *e)
{
    for (size_t i = 0; i < e->len; i++)
        rows_put(r, xasprintf("%d:%s", block, e->items[i].name), present_value(&e->items[i], false));
}

static void rows_put(PresentRows *r, char *key, char *value)
{
    r->keys = xrealloc(r->keys, (r->n + 1) * sizeof *r->keys);
    r->values = xrealloc(r->values, (r->n + 1) * sizeof *r->values);
    r->keys[r->n] = key;
    r->values[r->n++] = value;
}

/* Each row by "BLOCK:name", and each buffer's size by "SBLOCK" (its section's title). */
static void rows_read(PresentRows *r, const Layout *l)
{
    rows_add(r, -2, &l->preheader);
    rows_add(r, -1, &l->fields);
    for (size_t i = 0; i < l->nbuffers; i++) {
        rows_put(r, xasprintf("S%zu", i), xasprintf("%zu", l->buffers[i].size));
        rows_add(r, (int)i, &l->buffers[i].entries);
    }
}

static const char *rows_get(const PresentRows *r, const char *key)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->keys[i], key) == 0)
            return r->values[i];
    return NULL;
}

/* The remembered object at l's address (and of its type), or the slot to use for it. */
static PresentObject *slot_for(Presentation *p, const Layout *l)
{
    PresentObject *oldest = &p->objects[0];
    for (size_t i = 0; i < PRESENT_REMEMBER; i++) {
        PresentObject *o = &p->objects[i];
        if (o->address == l->address && o->type_name && strcmp(o->type_name, l->type_name) == 0)
            return o;
        if (o->used < oldest->used)
            oldest = o;
    }
    object_clear(oldest);
    return oldest;
}

void present_compare(Presentation *p, const Layout *l, unsigned long generation)
{
    present_clear_changes(p);
    if (!p->on || !l)
        return;
    PresentObject *o = slot_for(p, l);
    if (!o->address) { /* never seen: nothing to compare with */
        o->address = l->address;
        o->type_name = xstrdup(l->type_name);
    } else if (o->generation != generation) { /* code ran since: that is the "before" */
        rows_clear(&o->before);
        o->before = o->seen;
        memset(&o->seen, 0, sizeof o->seen);
        o->has_before = true;
    }
    o->generation = generation;
    o->used = ++p->clock;
    rows_clear(&o->seen);
    rows_read(&o->seen, l);
    if (!o->has_before)
        return;
    for (size_t i = 0; i < o->seen.n; i++) {
        const char *was = rows_get(&o->before, o->seen.keys[i]);
        if (was && strcmp(was, o->seen.values[i]) == 0)
            continue;
        p->changed = xrealloc(p->changed, (p->nchanged + 1) * sizeof *p->changed);
        p->changed[p->nchanged++] = xstrdup(o->seen.keys[i]);
    }
}

/* ---- the rows ------------------------------------------------------------------------------ */

static bool is_changed(const Presentation *p, const DiagramRow *row)
{
    char key[512];
    if (row->kind == ROW_ENTRY)
        snprintf(key, sizeof key, "%d:%s", row->block, row->entry->name);
    else
        snprintf(key, sizeof key, "S%d", row->block);
    for (size_t i = 0; i < p->nchanged; i++)
        if (strcmp(p->changed[i], key) == 0)
            return true;
    return false;
}

/* A blank row before each section title that does not already follow one. */
static void space_sections(DiagramRows *r)
{
    size_t extra = 0;
    for (size_t i = 1; i < r->len; i++)
        extra += r->rows[i].kind == ROW_SECTION && r->rows[i - 1].kind != ROW_BLANK;
    if (!extra)
        return;
    DiagramRow *rows = xcalloc(r->len + extra, sizeof *rows);
    size_t n = 0;
    for (size_t i = 0; i < r->len; i++) {
        if (i > 0 && r->rows[i].kind == ROW_SECTION && r->rows[i - 1].kind != ROW_BLANK)
            rows[n++] = (DiagramRow){.kind = ROW_BLANK, .block = r->rows[i].block};
        rows[n++] = r->rows[i];
    }
    free(r->rows);
    r->rows = rows;
    r->len = r->cap = n;
}

/* The pre-header's rows as one: the bytes, and the fields' names (F4 shows them one by one). */
static void fold_preheader(DiagramRows *r)
{
    size_t n = 0;
    while (n < r->len && r->rows[n].block == -2)
        n++;
    if (n < 2)
        return;
    StrBuf b;
    strbuf_init(&b);
    size_t bytes = 0;
    for (size_t i = 1; i < n; i++) {
        if (r->rows[i].kind != ROW_ENTRY)
            continue;
        strbuf_printf(&b, "%s%s", b.len ? ", " : "", r->rows[i].entry->name);
        bytes += r->rows[i].entry->size;
    }
    char *title = xasprintf("pre-header: %zu bytes before the object (%s)", bytes,
                            b.data ? b.data : "");
    strbuf_free(&b);
    for (size_t i = 0; i < n; i++)
        free(r->rows[i].text);
    r->rows[0] = (DiagramRow){.kind = ROW_SECTION, .block = -2, .text = title};
    memmove(&r->rows[1], &r->rows[n], (r->len - n) * sizeof *r->rows);
    r->len -= n - 1;
}

void present_rows(const Presentation *p, DiagramRows *rows)
{
    if (p->on && p->hide_details)
        fold_preheader(rows);
    if (p->on)
        space_sections(rows);
    rows->no_ctype = p->hide_details;
    for (size_t i = 0; i < rows->len; i++) {
        DiagramRow *row = &rows->rows[i];
        if (row->kind == ROW_ENTRY) {
            row->changed = p->on && is_changed(p, row);
            if (p->hide_details) /* the value as drawn, for the diagram to use */
                row->text = present_value(row->entry, p->ascii);
        } else if (row->kind == ROW_SECTION) {
            /* a buffer whose size changed: its title is marked as a row would be */
            bool changed = p->on && row->block >= 0 && is_changed(p, row);
            char *t = p->hide_details ? present_strip_addresses(row->text) : xstrdup(row->text);
            free(row->text);
            row->text = changed ? xasprintf("%s %s", p->ascii ? "*" : "\u25cf", t) : xstrdup(t);
            free(t);
        }
    }
}
