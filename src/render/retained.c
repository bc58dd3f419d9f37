/* render/retained.c — the retained-size tree as text (an indented tree, largest first, the rest
 * folded into "… N more", then a table by type) and as JSON (the same tree). Reads a
 * RetainedTree through its plain C API and writes through an Out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "util/numfmt.h"

typedef struct {
    const char *branch, *last, *pipe, *space, *ell;
} TreeGlyphs;

static const TreeGlyphs UTF8_TREE = {"├── ", "└── ", "│   ", "    ", "…"};
static const TreeGlyphs ASCII_TREE = {"|-- ", "`-- ", "|   ", "    ", "..."};

static double share(size_t part, size_t whole)
{
    return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

static void size_cols(Out *out, const RetainedSize *s, size_t whole)
{
    char fp[NUMFMT_MAX], objs[NUMFMT_MAX];
    out_printf(out, "%13s %6.1f%% %9s  ", numfmt_grouped(fp, (long long)s->footprint),
               share(s->footprint, whole), s->objects ? numfmt_grouped(objs, (long long)s->objects)
                                                      : "-");
}

/* The rows under node, down to `depth` more levels, `top` rows a level. */
static void tree_rows(RetainedTree *t, size_t node, const RetainedTextOptions *opt, int depth,
                      size_t whole, char *prefix, size_t plen, Out *out)
{
    const TreeGlyphs *g = opt->ascii ? &ASCII_TREE : &UTF8_TREE;
    size_t n = retained_nchildren(t, node), shown = n < opt->top ? n : opt->top;
    for (size_t i = 0; i < shown; i++) {
        RetainedRow row = *retained_child(t, node, i); /* rows are reused: keep a copy */
        bool last = i + 1 == n;
        size_cols(out, &row.retained, whole);
        out_printf(out, "%s%s%s  %s\n", prefix, last ? g->last : g->branch,
                   retained_label(t, &row), row.type_name);
        if (depth > 1 && row.nchildren && plen + 8 < 512) {
            size_t add = strlen(last ? g->space : g->pipe);
            memcpy(prefix + plen, last ? g->space : g->pipe, add + 1);
            tree_rows(t, row.node, opt, depth - 1, whole, prefix, plen + add, out);
            prefix[plen] = '\0';
        }
    }
    if (shown == n)
        return;
    RetainedSize rest = {0};
    for (size_t i = shown; i < n; i++) {
        const RetainedRow *r = retained_child(t, node, i);
        rest.footprint += r->retained.footprint;
        rest.objects += r->retained.objects;
    }
    size_cols(out, &rest, whole);
    char more[NUMFMT_MAX];
    out_printf(out, "%s%s%s %s more\n", prefix, g->last, g->ell,
               numfmt_grouped(more, (long long)(n - shown)));
}

static void type_table(RetainedTree *t, size_t node, size_t whole, Out *out)
{
    RetainedTypeRow *rows;
    size_t n = retained_by_type(t, node, &rows);
    out_printf(out, "\n  by type (what it keeps alive)\n  %-28s %9s %13s %13s %7s\n", "type",
               "objects", "size", "footprint", "share");
    for (size_t i = 0; i < n; i++) {
        char c[NUMFMT_MAX], s[NUMFMT_MAX], f[NUMFMT_MAX];
        out_printf(out, "  %-28s %9s %13s %13s %6.1f%%\n", rows[i].type_name,
                   numfmt_grouped(c, (long long)rows[i].count),
                   numfmt_grouped(s, (long long)rows[i].size),
                   numfmt_grouped(f, (long long)rows[i].footprint), share(rows[i].footprint, whole));
    }
    free(rows);
}

void render_retained_text(RetainedTree *t, const RetainedTextOptions *opt, Out *out)
{
    size_t root = retained_root(t);
    RetainedRow root_row = *retained_row(t, root);
    const RetainedRow *r = &root_row;
    char fp[NUMFMT_MAX], sz[NUMFMT_MAX], bl[NUMFMT_MAX], ob[NUMFMT_MAX];
    out_printf(out, "%s: %s keeps %s bytes alive (%s asked for) in %s blocks of %s objects\n",
               retained_label(t, r), r->type_name,
               numfmt_grouped(fp, (long long)r->retained.footprint),
               numfmt_grouped(sz, (long long)r->retained.size),
               numfmt_grouped(bl, (long long)r->retained.blocks),
               numfmt_grouped(ob, (long long)r->retained.objects));
    size_t pinned = retained_pinned(t);
    if (pinned)
        out_printf(out, "(%zu object%s it reaches %s also held from outside: %s, and what only "
                   "%s reach%s, stay%s when it goes)\n", pinned, pinned == 1 ? "" : "s",
                   pinned == 1 ? "is" : "are", pinned == 1 ? "that one" : "those",
                   pinned == 1 ? "it" : "they", pinned == 1 ? "es" : "", pinned == 1 ? "s" : "");
    out_printf(out, "\n%13s %7s %9s  %s\n", "footprint", "share", "objects", "reached as");
    size_cols(out, &r->retained, r->retained.footprint);
    out_printf(out, "%s  %s\n", retained_label(t, r), r->type_name);
    char prefix[512] = "";
    tree_rows(t, root, opt, opt->depth, r->retained.footprint, prefix, 0, out);
    type_table(t, root, r->retained.footprint, out);
}

/* ---- JSON --------------------------------------------------------------------------------------- */

static void json_size(Out *out, const RetainedSize *s)
{
    out_printf(out, "\"size\": %zu, \"footprint\": %zu, \"blocks\": %zu, \"objects\": %zu",
               s->size, s->footprint, s->blocks, s->objects);
}

static void json_node(RetainedTree *t, const RetainedRow *row, const RetainedTextOptions *opt,
                      int depth, Out *out)
{
    out_puts(out, "{\"label\": ");
    render_json_string(out, retained_label(t, row));
    out_puts(out, ", \"type\": ");
    render_json_string(out, row->type_name);
    out_printf(out, ", \"block\": %s, ", row->node == RETAINED_BLOCK ? "true" : "false");
    json_size(out, &row->retained);
    if (row->node == RETAINED_BLOCK || depth <= 0) {
        out_puts(out, "}");
        return;
    }
    size_t node = row->node, n = retained_nchildren(t, node), shown = n < opt->top ? n : opt->top;
    out_puts(out, ", \"children\": [");
    for (size_t i = 0; i < shown; i++) {
        RetainedRow child = *retained_child(t, node, i);
        out_puts(out, i ? ", " : "");
        json_node(t, &child, opt, depth - 1, out);
    }
    out_puts(out, "]");
    if (shown < n) {
        RetainedSize rest = {0};
        for (size_t i = shown; i < n; i++) {
            const RetainedRow *r = retained_child(t, node, i);
            rest.size += r->retained.size;
            rest.footprint += r->retained.footprint;
            rest.blocks += r->retained.blocks;
            rest.objects += r->retained.objects;
        }
        out_printf(out, ", \"more\": {\"rows\": %zu, ", n - shown);
        json_size(out, &rest);
        out_puts(out, "}");
    }
    out_puts(out, "}");
}

void render_retained_json(RetainedTree *t, const RetainedTextOptions *opt, Out *out)
{
    RetainedRow root = *retained_row(t, retained_root(t));
    out_printf(out, "{\"deep_objects\": %zu, \"held_from_outside\": %zu,\n \"tree\": ",
               retained_nodes(t), retained_pinned(t));
    json_node(t, &root, opt, opt->depth, out);
    out_puts(out, ",\n \"by_type\": [");
    RetainedTypeRow *rows;
    size_t n = retained_by_type(t, retained_root(t), &rows);
    for (size_t i = 0; i < n; i++) {
        out_puts(out, i ? ",\n   " : "\n   ");
        out_puts(out, "{\"type\": ");
        render_json_string(out, rows[i].type_name);
        out_printf(out, ", \"objects\": %zu, \"size\": %zu, \"footprint\": %zu}", rows[i].count,
                   rows[i].size, rows[i].footprint);
    }
    free(rows);
    out_puts(out, "]}\n");
}
