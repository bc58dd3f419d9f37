/* across.c — the --across result (across.h) as text, for a terminal and the explorer's
 * overlay, and as JSON (docs/json-schema.md, "--across EXPR --json"): one table of each
 * build's sizes, then what changed from one CPython version to the next. */
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "util/numfmt.h"

static const char *build_name(const AcrossBuild *b)
{
    return b->version ? b->version : b->label;
}

/* Columns of the table: CPython, getsizeof, footprint, deep footprint, blocks, type. */
static void table(const AcrossResult *r, Out *out)
{
    int w = 8;
    for (size_t i = 0; i < r->nbuilds; i++) {
        int n = render_columns(build_name(&r->builds[i]), strlen(build_name(&r->builds[i])));
        w = n > w ? n : w;
    }
    out_printf(out, "  %-*s  %11s  %11s  %14s  %6s  %s\n", w, "CPython", "getsizeof", "footprint",
               "deep footprint", "blocks", "type");
    for (size_t i = 0; i < r->nbuilds; i++) {
        const AcrossBuild *b = &r->builds[i];
        out_printf(out, "  %-*s  ", w, build_name(b));
        if (b->error) {
            out_printf(out, "failed: %s\n", b->error);
            continue;
        }
        char g[NUMFMT_MAX], f[NUMFMT_MAX], d[NUMFMT_MAX] = "-", c[NUMFMT_MAX] = "-";
        numfmt_grouped(g, b->getsizeof);
        numfmt_grouped(f, b->footprint);
        if (b->has_deep) {
            numfmt_grouped(d, b->deep_footprint);
            numfmt_grouped(c, b->deep_count);
        }
        out_printf(out, "%11s  %11s  %14s  %6s  %s\n", g, f, d, c, b->type);
    }
}

static const char *sign(AcrossChangeKind k)
{
    return k == ACROSS_APPEARED ? "+" : k == ACROSS_DISAPPEARED ? "-" : "~";
}

/* "PyObject *  8 bytes at +16" */
static void where(Out *out, const AcrossRow *r, int cw)
{
    out_printf(out, "%-*s  %lld byte%s at %+lld", cw, r->ctype, r->size, r->size == 1 ? "" : "s",
               r->offset);
}

static void change_line(const AcrossChange *c, const int w[3], bool ascii, Out *out)
{
    const char *arrow = ascii ? " -> " : " → ";
    if (!c->name) { /* a whole block */
        const AcrossRow *r = c->kind == ACROSS_APPEARED ? &c->after : &c->before;
        out_printf(out, "    %s %-*s  %-*s  %lld bytes\n", sign(c->kind), w[0], "block", w[1], c->section,
                   r->size);
        return;
    }
    out_printf(out, "    %s %-*s  %-*s  ", sign(c->kind), w[0], c->section, w[1], c->name);
    if (c->kind != ACROSS_CHANGED) {
        where(out, c->kind == ACROSS_APPEARED ? &c->after : &c->before, w[2]);
        out_puts(out, "\n");
        return;
    }
    const char *sep = "";
    if (strcmp(c->before.ctype, c->after.ctype) != 0) {
        out_printf(out, "%s%s%s", c->before.ctype, arrow, c->after.ctype);
        sep = ", ";
    }
    if (c->before.size != c->after.size) {
        out_printf(out, "%s%lld%s%lld bytes", sep, c->before.size, arrow, c->after.size);
        sep = ", ";
    }
    if (c->before.offset != c->after.offset)
        out_printf(out, "%sat %+lld%s%+lld", sep, c->before.offset, arrow, c->after.offset);
    out_puts(out, "\n");
}

static void changes(const AcrossResult *r, bool ascii, Out *out)
{
    int w[3] = {7, 4, 0}; /* section, name, C type */
    for (size_t i = 0; i < r->nchanges; i++) {
        const AcrossChange *c = &r->changes[i];
        const char *name = c->name ? c->name : c->section; /* a block's name is its row */
        const char *ctype = c->kind == ACROSS_APPEARED ? c->after.ctype : c->before.ctype;
        int col[3] = {c->name ? render_columns(c->section, strlen(c->section)) : 0,
                      render_columns(name, strlen(name)),
                      c->name && ctype && c->kind != ACROSS_CHANGED ? render_columns(ctype, strlen(ctype)) : 0};
        for (int k = 0; k < 3; k++)
            w[k] = col[k] > w[k] ? col[k] : w[k];
    }
    out_puts(out, "\nWhat changed from one version to the next (+ appeared, - disappeared, ~ changed)\n");
    size_t prev = r->nbuilds;
    for (size_t i = 0; i < r->nbuilds; i++) {
        if (r->builds[i].error)
            continue;
        if (prev < r->nbuilds) {
            const char *a = build_name(&r->builds[prev]), *b = build_name(&r->builds[i]);
            size_t n = 0;
            for (size_t k = 0; k < r->nchanges; k++)
                n += r->changes[k].to == i;
            out_printf(out, "  %s%s%s%s\n", a, ascii ? " -> " : " → ", b,
                       n ? "" : ": the same rows, sizes and offsets");
            for (size_t k = 0; k < r->nchanges; k++)
                if (r->changes[k].to == i)
                    change_line(&r->changes[k], w, ascii, out);
        }
        prev = i;
    }
}

static void only_one(const AcrossResult *r, Out *out)
{
    const AcrossBuild *b = r->nbuilds ? &r->builds[0] : NULL;
    out_printf(out, "\nOnly one objscope build was found%s%s%s: there is nothing to compare it with.\n",
               b ? " (" : "", b ? b->shown : "", b ? ")" : "");
    out_puts(out, "Add others beside it, one per CPython:\n"
                  "  make PYTHON=python3.12            builds build/python3.12/objscope in the source tree\n"
                  "  make install PYTHON=python3.12    installs objscope-3.12 beside an installed objscope\n");
}

void render_across_text(const AcrossResult *r, bool ascii, Out *out)
{
    out_printf(out, "%s in %zu objscope build%s\n\n", r->expr, r->nbuilds,
               r->nbuilds == 1 ? ", in a process of its own" : "s, each in its own process");
    table(r, out);
    for (size_t i = 0; i < r->nnotes; i++)
        out_printf(out, "  (%s)\n", r->notes[i]);
    if (r->nbuilds + r->nnotes <= 1)
        only_one(r, out);
    else if (across_answered(r) > 1)
        changes(r, ascii, out);
}

/* ---- JSON ---- */

static void json_row(const AcrossRow *row, bool present, bool block, Out *out)
{
    if (!present) {
        out_puts(out, "null");
        return;
    }
    if (block) {
        out_printf(out, "{\"size\": %lld}", row->size);
        return;
    }
    out_printf(out, "{\"offset\": %lld, \"size\": %lld, \"ctype\": ", row->offset, row->size);
    render_json_string(out, row->ctype);
    out_puts(out, "}");
}

static void json_build(const AcrossBuild *b, Out *out)
{
    out_puts(out, "{\"path\": ");
    render_json_string(out, b->path);
    out_puts(out, ", \"python_version\": ");
    render_json_string(out, b->version);
    out_puts(out, ", \"error\": ");
    render_json_string(out, b->error);
    if (b->error) {
        out_puts(out, "}");
        return;
    }
    out_puts(out, ", \"type\": ");
    render_json_string(out, b->type);
    out_puts(out, ", \"kind\": ");
    render_json_string(out, b->kind);
    out_printf(out, ", \"getsizeof\": %lld, \"footprint\": %lld", b->getsizeof, b->footprint);
    if (b->has_deep)
        out_printf(out, ", \"deep_footprint\": %lld, \"deep_count\": %lld, \"deep_objects\": %lld}",
                   b->deep_footprint, b->deep_count, b->deep_objects);
    else
        out_puts(out, ", \"deep_footprint\": null, \"deep_count\": null, \"deep_objects\": null}");
}

static void json_change(const AcrossResult *r, const AcrossChange *c, Out *out)
{
    static const char *const kinds[] = {"appeared", "disappeared", "changed"};
    out_puts(out, "{\"from\": ");
    render_json_string(out, r->builds[c->from].version);
    out_puts(out, ", \"to\": ");
    render_json_string(out, r->builds[c->to].version);
    out_printf(out, ", \"change\": \"%s\", \"block\": %s, \"section\": ", kinds[c->kind],
               c->name ? "false" : "true");
    render_json_string(out, c->section);
    out_puts(out, ", \"name\": ");
    render_json_string(out, c->name);
    out_puts(out, ", \"before\": ");
    json_row(&c->before, c->kind != ACROSS_APPEARED, !c->name, out);
    out_puts(out, ", \"after\": ");
    json_row(&c->after, c->kind != ACROSS_DISAPPEARED, !c->name, out);
    out_puts(out, "}");
}

void render_across_json(const AcrossResult *r, Out *out)
{
    out_puts(out, "{\n  \"expression\": ");
    render_json_string(out, r->expr);
    out_puts(out, ",\n  \"builds\": [");
    for (size_t i = 0; i < r->nbuilds; i++) {
        out_puts(out, i ? ",\n    " : "\n    ");
        json_build(&r->builds[i], out);
    }
    out_puts(out, r->nbuilds ? "\n  ],\n  \"changes\": [" : "],\n  \"changes\": [");
    for (size_t i = 0; i < r->nchanges; i++) {
        out_puts(out, i ? ",\n    " : "\n    ");
        json_change(r, &r->changes[i], out);
    }
    out_puts(out, r->nchanges ? "\n  ],\n  \"notes\": [" : "],\n  \"notes\": [");
    for (size_t i = 0; i < r->nnotes; i++) {
        out_puts(out, i ? ", " : "");
        render_json_string(out, r->notes[i]);
    }
    out_puts(out, "]\n}\n");
}
