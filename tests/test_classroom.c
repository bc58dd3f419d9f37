/* test_classroom.c — the classroom features: a demo script split into steps by Python's own
 * parser, stepping forward and back in the explorer (and every shipped demo running to its end),
 * the namespace made afresh, the references picture's model (checked against id() from
 * Python) and the places of its boxes, presenter mode's rows and the rows a run changed, the
 * screen with a demo's strip, and :export. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <check.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout/refs.h"
#include "py/demoscript.h"
#include "py/handle.h"
#include "py/interp.h"
#include "render/render.h"
#include "tests/suites.h"
#include "tests/testlib.h"
#include "ui/appstate.h"
#include "ui/classroom.h"
#include "ui/export.h"
#include "ui/present.h"
#include "ui/runcode.h"
#include "util/xalloc.h"

static DemoScript *split(const char *source)
{
    char *error = NULL;
    DemoScript *d = demoscript_split(source, "demo.py", &error);
    ck_assert_msg(d != NULL, "split failed: %s", error ? error : "?");
    return d;
}

static void run_ok(const char *source)
{
    InterpResult *r = interp_run(source, INTERP_MODE_EXEC);
    ck_assert_msg(r->status == INTERP_DONE, "%s: %s", source, r->err);
    interp_result_free(r);
}

/* The repr of expr in __main__, or NULL when it raises (owned). */
static char *value_of(const char *expr)
{
    char *text = NULL;
    if (interp_eval_quiet(expr, &text, NULL) != 0) {
        free(text);
        return NULL;
    }
    return text;
}

static void expect_value(const char *expr, const char *want)
{
    char *got = value_of(expr);
    ck_assert_msg(got && strcmp(got, want) == 0, "%s is %s, not %s", expr, got ? got : "(error)",
                  want);
    free(got);
}

/* ---- splitting a script ---------------------------------------------------------------------- */

START_TEST(statements_are_the_steps)
{
    DemoScript *d = split("#!/usr/bin/env python3\n"
                          "\"\"\"Aliasing.\n\nMore words.\"\"\"\n"
                          "import sys\n"
                          "\n"
                          "# a names a list\n"
                          "#   of three\n"
                          "a = [1, 2, 3]\n"
                          "# not a caption: a blank line follows\n"
                          "\n"
                          "b = a; c = 1\n"
                          "# objscope: refs\n"
                          "b.append(4)\n"
                          "@staticmethod\n"
                          "def f(x):\n"
                          "    # inside\n"
                          "    return x\n"
                          "for i in range(3):\n"
                          "    a.append(i)\n"
                          "print(a)\n");
    ck_assert_str_eq(d->title, "Aliasing.");
    ck_assert(!d->cells);
    ck_assert_uint_eq(d->nsteps, 7);
    ck_assert_int_eq(d->steps[0].line, 5);
    ck_assert_str_eq(d->steps[0].chunks[0], "import sys");
    ck_assert_str_eq(d->steps[0].caption, "");        /* the shebang is no caption */
    ck_assert_str_eq(d->steps[1].caption, "a names a list\n  of three");
    ck_assert_str_eq(d->steps[1].subject, "a");
    ck_assert_str_eq(d->steps[2].caption, "");        /* a blank line cut the comment off */
    ck_assert_str_eq(d->steps[2].chunks[0], "b = a; c = 1"); /* one line, one step */
    ck_assert_str_eq(d->steps[3].view, "refs");
    ck_assert_str_eq(d->steps[3].caption, "");        /* the directive is not shown */
    ck_assert_str_eq(d->steps[3].subject, "b");       /* the object whose method it calls */
    ck_assert_int_eq(d->steps[4].line, 15);           /* from its decorator */
    ck_assert_str_eq(d->steps[4].chunks[0], "@staticmethod\ndef f(x):\n    # inside\n    return x");
    ck_assert_str_eq(d->steps[4].subject, "f");
    ck_assert_str_eq(d->steps[5].subject, "a");       /* what the loop's body changes */
    ck_assert_str_eq(d->steps[6].subject, "");        /* print(a) changes nothing named */
    for (size_t i = 0; i < d->nsteps; i++)
        ck_assert_uint_eq(d->steps[i].nchunks, 1);
    demoscript_free(d);
}
END_TEST

START_TEST(cells_are_the_steps)
{
    DemoScript *d = split("\"\"\"Cells.\"\"\"\n"
                          "# %% Setup\n"
                          "# the list\n"
                          "a = []\n"
                          "# %% [markdown]\n"
                          "# Now we append.\n"
                          "# Watch the size.\n"
                          "# %%\n"
                          "a.append(1)\n"
                          "# between: dropped\n"
                          "a.append(2)\n"
                          "# %% an empty last cell\n");
    ck_assert(d->cells);
    ck_assert_str_eq(d->title, "Cells.");
    ck_assert_uint_eq(d->nsteps, 2);
    ck_assert_str_eq(d->steps[0].caption, "Setup\nthe list");
    ck_assert_uint_eq(d->steps[0].nchunks, 1);
    ck_assert_str_eq(d->steps[1].caption, "Now we append.\nWatch the size."); /* carried over */
    ck_assert_uint_eq(d->steps[1].nchunks, 2);
    ck_assert_str_eq(d->steps[1].chunks[0], "a.append(1)");
    ck_assert_str_eq(d->steps[1].chunks[1], "a.append(2)");
    ck_assert_str_eq(d->steps[1].subject, "a");
    ck_assert_int_eq(d->steps[1].line, 9);
    demoscript_free(d);
}
END_TEST

START_TEST(a_syntax_error_is_reported_with_its_line)
{
    char *error = NULL;
    DemoScript *d = demoscript_split("x = 1\nif x\n", "demo.py", &error);
    ck_assert_ptr_null(d);
    ck_assert_ptr_nonnull(error);
    ck_assert_msg(strstr(error, "SyntaxError") && strstr(error, "demo.py") && strstr(error, "line 2"),
                  "%s", error);
    free(error);
    /* nothing of the script ran */
    d = split("import os\nos._exit(3)\n");
    ck_assert_uint_eq(d->nsteps, 2);
    demoscript_free(d);
}
END_TEST

/* ---- the namespace --------------------------------------------------------------------------- */

START_TEST(the_namespace_is_made_afresh)
{
    unsigned long g0 = interp_generation();
    run_ok("x = [1]");
    InterpResult *r = interp_run("7", INTERP_MODE_REPL); /* binds _ */
    interp_result_free(r);
    ck_assert_uint_gt(interp_generation(), g0);
    InterpHandle *x = interp_handle_of_name("x");
    ck_assert(interp_handle_held(x));
    char *type = interp_handle_type_name(x);
    ck_assert_str_eq(type, "list");
    free(type);
    ck_assert_int_eq(interp_handle_refs_held(x), 1); /* the handle; `_` is 7 */
    ck_assert_ptr_null(interp_handle_of_name("nowhere"));
    unsigned long g1 = interp_generation();
    interp_reset_namespace();
    ck_assert_uint_gt(interp_generation(), g1);
    ck_assert_ptr_null(interp_handle_of_name("x"));
    ck_assert(interp_handle_held(x)); /* only the handle holds it now, until objscope lets go */
    ck_assert_uint_ge(interp_handles_let_go(), 1);
    ck_assert(!interp_handle_held(x));
    RefsOptions opt = refs_default_options();
    ck_assert_ptr_null(interp_handle_refs(x, "x", &opt)); /* nothing to picture */
    interp_handle_free(x);
    expect_value("__name__", "'__main__'");
    expect_value("hasattr(__builtins__, '_') if isinstance(__builtins__, type(__import__('sys'))) "
                 "else '_' in __builtins__", "False");
    run_ok("y = 2"); /* and it still runs code */
    expect_value("y", "2");
}
END_TEST

/* ---- the references picture's model ---------------------------------------------------------- */

static RefsGraph *names_graph(const RefsOptions *opt)
{
    RefsGraph *g = interp_refs_of_namespace(opt);
    ck_assert_ptr_nonnull(g);
    return g;
}

/* The address Python's id() gives for expr. */
static uintptr_t id_of(const char *expr)
{
    char *q = xasprintf("id(%s)", expr);
    char *v = value_of(q);
    ck_assert_ptr_nonnull(v);
    uintptr_t id = (uintptr_t)strtoull(v, NULL, 10);
    free(v);
    free(q);
    return id;
}

static size_t name_index(const RefsGraph *g, const char *name)
{
    for (size_t i = 0; i < g->nnames; i++)
        if (strcmp(g->names[i].label, name) == 0)
            return i;
    ck_abort_msg("no name %s", name);
    return 0;
}

START_TEST(aliases_point_to_one_box)
{
    interp_reset_namespace();
    run_ok("import sys\na = b = []\na.append(1)\nc = [1]\n");
    RefsOptions opt = refs_default_options();
    RefsGraph *g = names_graph(&opt);
    ck_assert_uint_eq(g->nnames, 3);  /* a, b, c: not sys */
    ck_assert_uint_eq(g->hidden, 1);  /* the module */
    ck_assert(g->namespace);
    const RefsSlot *a = &g->names[name_index(g, "a")], *b = &g->names[name_index(g, "b")];
    ck_assert_uint_ne(a->target, REFS_NONE);
    ck_assert_uint_eq(a->target, b->target);
    const RefsNode *list = &g->nodes[a->target];
    ck_assert_uint_eq(list->address, id_of("a"));
    ck_assert_str_eq(list->type_name, "list");
    ck_assert_uint_eq(list->inbound, 2);
    ck_assert(list->expanded);
    ck_assert_uint_eq(list->nslots, 1);
    ck_assert_str_eq(list->slots[0].label, "[0]");
    const RefsNode *one = &g->nodes[list->slots[0].target];
    ck_assert_uint_eq(one->address, id_of("a[0]"));
    ck_assert_uint_eq(one->address, id_of("c[0]"));  /* the small-int cache: one box */
    ck_assert_uint_eq(one->inbound, 2);
    ck_assert(one->notes & REFS_CACHED);
    ck_assert_str_eq(one->value, "1");
    ck_assert_int_eq(one->size, (int)sizeof(void *) * 3 + 4); /* getsizeof(1) on 64 bits: 28 */
    char *want = value_of("__import__('sys').getsizeof(a)");
    ck_assert_int_eq(list->size, atoi(want));
    free(want);
    refs_free(g);
}
END_TEST

START_TEST(boxes_name_their_references)
{
    interp_reset_namespace();
    run_ok("import weakref\n"
           "class P:\n    def __init__(self): self.x = 'interned_name'; self.y = None\n"
           "p = P()\nr = weakref.ref(p)\nd = {'k': [1, [2, [3, [4]]]]}\nbig = list(range(20))\n");
    RefsOptions opt = refs_default_options();
    RefsGraph *g = names_graph(&opt);
    const RefsNode *p = &g->nodes[g->names[name_index(g, "p")].target];
    ck_assert_str_eq(p->type_name, "P");
    ck_assert_uint_eq(p->nslots, 2);
    ck_assert_str_eq(p->slots[0].label, ".x");
    ck_assert_str_eq(p->slots[1].label, ".y");
    ck_assert(g->nodes[p->slots[0].target].notes & REFS_INTERNED);
    ck_assert(g->nodes[p->slots[1].target].notes & REFS_SINGLETON);
    const RefsNode *r = &g->nodes[g->names[name_index(g, "r")].target];
    ck_assert_uint_eq(r->nslots, 1);
    ck_assert(r->slots[0].weak);
    ck_assert_uint_eq(r->slots[0].target, g->names[name_index(g, "p")].target);
    const RefsNode *d = &g->nodes[g->names[name_index(g, "d")].target];
    ck_assert_str_eq(d->slots[0].label, "['k']");
    const RefsNode *outer = &g->nodes[d->slots[0].target];
    ck_assert_int_eq(outer->depth, 2);
    const RefsNode *inner = &g->nodes[outer->slots[1].target];
    ck_assert_int_eq(inner->depth, 3);
    ck_assert(!inner->expanded);             /* the depth limit: a value, no slots */
    ck_assert_uint_eq(inner->nslots, 0);
    ck_assert_str_eq(inner->value, "<list, len 2>");
    const RefsNode *big = &g->nodes[g->names[name_index(g, "big")].target];
    ck_assert_uint_eq(big->nslots, opt.max_slots);
    ck_assert_uint_eq(big->more, 20 - opt.max_slots);
    refs_free(g);

    opt.max_nodes = 3; /* more objects than boxes: counted, and slots keep their values */
    g = names_graph(&opt);
    ck_assert_uint_eq(g->nnodes, 3);
    ck_assert_uint_gt(g->left_out, 0);
    bool seen_undrawn = false;
    for (size_t i = 0; i < g->nnames; i++)
        seen_undrawn = seen_undrawn || (g->names[i].target == REFS_NONE && g->names[i].value[0]);
    ck_assert(seen_undrawn);
    refs_free(g);
}
END_TEST

/* ---- where the boxes go ---------------------------------------------------------------------- */

START_TEST(aliasing_is_drawn_with_meeting_arrows)
{
    interp_reset_namespace();
    run_ok("a = b = [1]\n");
    RefsOptions opt = refs_default_options();
    RefsGraph *g = names_graph(&opt);
    RefsPlaces pl;
    ck_assert(render_refs_places(g, 80, false, &pl));
    size_t list = g->names[0].target, one = g->nodes[list].slots[0].target;
    const RefsPlace *L = &pl.boxes[list], *O = &pl.boxes[one];
    ck_assert_int_eq(pl.frame.x, 0);
    ck_assert_int_eq(L->col, 1);
    ck_assert_int_gt(L->x, pl.frame.x + pl.frame.w);           /* right of the names */
    ck_assert_int_eq(pl.name_rows[0], L->y);                   /* a runs straight to it */
    ck_assert_int_eq(pl.name_rows[1], L->y + 1);               /* b just below, turning up */
    ck_assert_uint_eq(pl.lanes, 1);                            /* b's arrow is the one turn */
    ck_assert_int_eq(O->col, 2);
    ck_assert_int_eq(O->y, L->y + 1);                          /* level with the slot [0] */
    ck_assert_int_eq(O->h, 1);                                 /* a leaf is one row */
    ck_assert_int_ge(O->x, L->x + L->w);
    ck_assert_int_le(pl.width, 80);
    render_refs_places_free(&pl);

    StrBuf b;
    strbuf_init(&b);
    Out out = out_to_strbuf(&b);
    RefsTextOptions t = {.width = 80};
    render_refs_text(g, &t, &out);
    ck_assert_msg(strstr(b.data, "┬─▶┌ list") && strstr(b.data, "[ 1 ] int"), "%s", b.data);
    ck_assert_msg(strstr(b.data, "small int: CPython makes"), "%s", b.data); /* the legend */
    strbuf_free(&b);

    strbuf_init(&b);
    out = out_to_strbuf(&b);
    t.ascii = true;
    render_refs_text(g, &t, &out);
    for (size_t i = 0; i < b.len; i++)
        ck_assert_msg((unsigned char)b.data[i] < 0x80, "not ASCII: %s", b.data);
    ck_assert_msg(strstr(b.data, "+->+ list"), "%s", b.data);
    strbuf_free(&b);
    refs_free(g);
}
END_TEST

START_TEST(a_narrow_picture_is_written_as_lines)
{
    interp_reset_namespace();
    run_ok("a = b = [1]\nc = 1\n");
    RefsOptions opt = refs_default_options();
    RefsGraph *g = names_graph(&opt);
    RefsPlaces pl;
    ck_assert(!render_refs_places(g, 20, false, &pl));
    StrBuf b;
    strbuf_init(&b);
    Out out = out_to_strbuf(&b);
    RefsTextOptions t = {.width = 20};
    render_refs_text(g, &t, &out);
    char *size = value_of("__import__('sys').getsizeof(a)");
    char *line = xasprintf("a → list · %s B\n", size);
    ck_assert_msg(strstr(b.data, line), "%s", b.data);
    free(line);
    free(size);
    ck_assert_msg(strstr(b.data, "    [0] → int 1 · 28 B · small int"), "%s", b.data);
    ck_assert_msg(strstr(b.data, "b → the same list as a"), "%s", b.data);
    ck_assert_msg(strstr(b.data, "c → the same int as a[0]"), "%s", b.data);
    strbuf_free(&b);
    /* wider: a picture again (c's int is the first column's, so no column needs dropping; 60
     * columns hold its box on 3.12+ too, where it also says "immortal") */
    ck_assert(render_refs_places(g, 60, false, &pl));
    ck_assert_int_le(pl.width, 60);
    render_refs_places_free(&pl);
    refs_free(g);
}
END_TEST

/* ---- presenter mode -------------------------------------------------------------------------- */

/* The small-int note follows this CPython's cache (3.15's reaches 1024), asked of Python: an
 * int made from a string is the cached object exactly when the cache holds that value. */
START_TEST(small_ints_are_noted_as_this_cpython_caches_them)
{
    interp_reset_namespace();
    for (int v = 255; v <= 1026; v++) {
        if (v > 258 && v < 1022)
            continue; /* around 256 and around 1024 */
        char *src = xasprintf("n = %d", v);
        run_ok(src);
        free(src);
        char *cached = value_of("n is int(str(n))");
        RefsOptions opt = refs_default_options();
        RefsGraph *g = names_graph(&opt);
        const RefsNode *n = &g->nodes[g->names[name_index(g, "n")].target];
        ck_assert_msg(!(n->notes & REFS_CACHED) == (strcmp(cached, "True") != 0),
                      "%d: cached %s, notes %u", v, cached, n->notes);
        free(cached);
        refs_free(g);
    }
}
END_TEST

START_TEST(addresses_are_left_out)
{
    static const char *const cases[][2] = {
        {"list at 0x7f85671a8380", "list"},
        {"ob_item array: 32 bytes at 0x7f85671819b0", "ob_item array: 32 bytes"},
        {"0x7f85671819b0  \u00b7 the item array", "the item array"},
        {"0x7f8567d45f38", ""},
        {"<function f at 0x7f0000001234>", "<function f>"},
        {"0x10 is small", "0x10 is small"}, /* too few digits for an address */
        {"1 \u2192 int", "1 \u2192 int"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = present_strip_addresses(cases[i][0]);
        ck_assert_msg(strcmp(got, cases[i][1]) == 0, "%s -> '%s'", cases[i][0], got);
        free(got);
    }
}
END_TEST

static bool marked_key(const Presentation *p, const char *key)
{
    for (size_t i = 0; i < p->nchanged; i++)
        if (strcmp(p->changed[i], key) == 0)
            return true;
    return false;
}

START_TEST(rows_a_run_changed_are_marked)
{
    PyObject *o = tl_eval("[1, 2, 3, 4]", NULL); /* four slots, all used: an append grows them */
    Presentation p = {.on = true, .hide_details = true};
    LayoutOptions lo = layout_default_options();
    lo.deep = false;
    Layout *before = layout_describe(o, &lo);
    present_compare(&p, before, 1);
    ck_assert_uint_eq(p.nchanged, 0); /* never seen before: nothing to compare */
    present_compare(&p, before, 1);
    ck_assert_uint_eq(p.nchanged, 0);
    PyObject *r = PyObject_CallMethod(o, "append", "i", 5);
    Py_XDECREF(r);
    Layout *after = layout_describe(o, &lo);
    present_compare(&p, after, 2); /* code ran (generation 2): compared with before */
    ck_assert(marked_key(&p, "-1:ob_size"));
    ck_assert(marked_key(&p, "-1:allocated"));
    ck_assert(marked_key(&p, "0:ob_item[4]"));
    ck_assert(marked_key(&p, "S0")); /* the item array grew */
    ck_assert(!marked_key(&p, "-1:ob_type"));
    ck_assert(!marked_key(&p, "0:ob_item[0]"));
    ck_assert(!marked_key(&p, "-2:_gc_next")); /* an address moving is not shown, not marked */
    size_t n = p.nchanged;
    present_compare(&p, after, 2); /* read again after the same run: the same marks */
    ck_assert_uint_eq(p.nchanged, n);

    DiagramRows rows;
    rows_build(&rows, after, 0);
    size_t entries_before = 0;
    for (size_t i = 0; i < rows.len; i++)
        entries_before += rows.rows[i].kind == ROW_ENTRY;
    present_rows(&p, &rows);
    ck_assert_int_eq(rows.rows[0].kind, ROW_SECTION);
    ck_assert_str_eq(rows.rows[0].text, "pre-header: 16 bytes before the object (_gc_next, _gc_prev)");
    ck_assert(rows.no_ctype);
    size_t marked = 0, entries = 0;
    for (size_t i = 0; i < rows.len; i++) {
        const DiagramRow *row = &rows.rows[i];
        if (i > 0 && row->kind == ROW_SECTION)
            ck_assert_int_eq(rows.rows[i - 1].kind, ROW_BLANK); /* room before each section */
        if (row->kind == ROW_SECTION)
            ck_assert_ptr_null(strstr(row->text, "0x"));
        if (row->kind == ROW_SECTION && row->block == 0) {
            ck_assert_msg(strstr(row->text, "\u25cf ob_item array: 64 bytes") == row->text, "%s", row->text);
            marked++;
        }
        if (row->kind != ROW_ENTRY)
            continue;
        entries++;
        ck_assert_ptr_null(strstr(row->text, "0x"));
        marked += row->changed;
        if (strcmp(row->entry->name, "ob_size") == 0)
            ck_assert(row->changed);
    }
    ck_assert_uint_eq(entries, entries_before - 2); /* the two GC links are in the title row */
    ck_assert_uint_eq(marked, n);
    rows_free(&rows);
    present_free(&p);
    layout_free(before);
    layout_free(after);
    Py_DECREF(o);
}
END_TEST

START_TEST(the_screen_with_a_strip)
{
    GeometryClass c = {.strip = 1, .present = true};
    ScreenGeometry g = geometry_classroom(80, 24, PANE_DEMO, false, &c);
    ck_assert_int_eq(g.mode, SCREEN_STACKED);
    ck_assert_int_eq(g.title.h, 0);
    ck_assert_int_eq(g.status.h, 0);
    ck_assert_int_eq(g.strip.y, 0);
    ck_assert_int_eq(g.strip.h, 1);
    ck_assert_int_eq(g.diagram.y, 1);
    ck_assert_int_eq(g.repl.h, GEOMETRY_PRESENT_REPL_ROWS);
    ck_assert_int_eq(g.diagram.h + 1 + g.repl.h, 23); /* every row but the strip's */
    ck_assert_int_eq(g.repl.y + g.repl.h, 24);

    c = (GeometryClass){.strip = 2, .present = false};
    g = geometry_classroom(100, 30, PANE_REPL, false, &c);
    ck_assert_int_eq(g.title.y, 0);
    ck_assert_int_eq(g.title.h, 1);
    ck_assert_int_eq(g.strip.y, 1);
    ck_assert_int_eq(g.strip.h, 2);
    ck_assert_int_eq(g.diagram.y, 3);
    ck_assert_int_eq(g.status.y, 29);
    ck_assert_int_eq(g.repl.y + g.repl.h, 29);

    g = geometry_classroom(50, 14, PANE_DEMO, false, &c); /* one pane at a time: the diagram */
    ck_assert_int_eq(g.mode, SCREEN_SINGLE);
    ck_assert_int_gt(g.diagram.h, 0);
    ck_assert_int_eq(g.repl.h, 0);
    g = geometry_classroom(40, 12, PANE_DEMO, false, &c); /* just big enough: no strip */
    ck_assert_int_ne(g.mode, SCREEN_TOO_SMALL);
    ck_assert_int_eq(g.strip.h, 0);
}
END_TEST

/* ---- stepping in the explorer ---------------------------------------------------------------- */

static char *script_file(const char *text)
{
    char *path = xstrdup("/tmp/objscope-test-demo-XXXXXX.py");
    int fd = mkstemps(path, 3);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    return path;
}

/* Scrollback lines of a kind: all (text NULL), those containing text, or (whole) equal to it. */
static size_t lines_matching(const Repl *r, LineKind kind, const char *text, bool whole)
{
    size_t n = 0;
    for (size_t i = 0; i < r->len; i++) {
        const ReplLine *l = &r->lines[(r->first + i) % REPL_MAX_LINES];
        n += l->kind == kind && (!text || (whole ? strcmp(l->text, text) == 0 : strstr(l->text, text) != NULL));
    }
    return n;
}

static size_t lines_of(const Repl *r, LineKind kind, const char *containing)
{
    return lines_matching(r, kind, containing, false);
}

/* :refs EXPR holds its object through a handle: once the code drops it, objscope lets go and
 * the pane says so instead of drawing an object nothing refers to. */
START_TEST(a_pictured_object_is_let_go_with_its_last_name)
{
    App *a = app_new(0, false);
    run_ok("class Leaver:\n    def __del__(self): print('bye')\nh = [Leaver()]\n");
    classroom_cmd_refs(a, "h");
    ck_assert_ptr_nonnull(a->refs);
    ck_assert(!refs_pane_of_names(a->refs));
    const RefsGraph *g = classroom_refs_graph(a);
    ck_assert_ptr_nonnull(g);
    ck_assert_str_eq(g->nodes[0].type_name, "list");
    ck_assert_uint_eq(g->nodes[0].address, id_of("h"));
    InterpResult *r = runcode_run(a, "del h", INTERP_MODE_REPL, NULL);
    runcode_after_run(a, r, "del h");
    interp_result_free(r);
    ck_assert_ptr_null(classroom_refs_graph(a));
    ck_assert_uint_eq(lines_of(&a->repl, LINE_OUTPUT, "bye"), 1); /* its __del__ ran as objscope let go */
    app_free(a);
}
END_TEST

START_TEST(forward_back_and_the_end)
{
    char *path = script_file("# one\nx = [1]\n# two\nx.append(2)\n# three\nlen(x)\n");
    App *a = app_new(0, false);
    run_ok("before = 1");
    demo_open(a, path);
    ck_assert_ptr_nonnull(a->demo);
    ck_assert_int_eq(a->focus, PANE_DEMO);
    ck_assert_ptr_null(value_of("before")); /* a fresh namespace */
    demo_next(a);
    demo_next(a);
    ck_assert_uint_eq(a->demo->done, 2);
    expect_value("x", "[1, 2]");
    ck_assert_uint_eq(a->diagram.depth, 1);
    ck_assert_str_eq(a->diagram.stack[0].label, "x"); /* the name the step changed */
    ck_assert_uint_eq(lines_of(&a->repl, LINE_INPUT, "x.append(2)"), 1); /* typed, echoed */
    demo_back(a);
    ck_assert_uint_eq(a->demo->done, 1);
    expect_value("x", "[1]");
    ck_assert_uint_eq(lines_of(&a->repl, LINE_INFO, "back to step 1"), 1);
    demo_next(a);
    demo_next(a);
    ck_assert_uint_eq(a->demo->done, 3);
    ck_assert_str_eq(a->diagram.stack[0].label, "len(x)"); /* a value: its own diagram */
    demo_next(a);
    ck_assert_uint_eq(a->demo->done, 3);
    ck_assert_ptr_nonnull(strstr(a->demo->message, "the end of the script"));
    demo_restart(a);
    ck_assert_uint_eq(a->demo->done, 0);
    ck_assert_ptr_null(value_of("x"));
    ck_assert_uint_eq(a->diagram.depth, 0);
    demo_back(a);
    ck_assert_ptr_nonnull(strstr(a->demo->message, "the start of the script"));
    ck_assert_uint_eq(lines_of(&a->repl, LINE_ERROR, NULL), 0);
    app_free(a);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(a_live_question_and_back_to_the_script)
{
    char *path = script_file("x = [1]\nx.append(2)\n");
    App *a = app_new(0, false);
    demo_open(a, path);
    app_key(a, ' ', " ");
    ck_assert_uint_eq(a->demo->done, 1);
    app_key(a, 'l', "l"); /* a normal key: the REPL, for a question */
    ck_assert_int_eq(a->focus, PANE_REPL);
    ck_assert_str_eq(editor_text(a->repl.ed), "l");
    app_key(a, ' ', " "); /* now a space is text */
    ck_assert_str_eq(editor_text(a->repl.ed), "l ");
    ck_assert_uint_eq(a->demo->done, 1);
    app_key(a, KEY_F(5), NULL);
    ck_assert_int_eq(a->focus, PANE_DEMO);
    app_key(a, KEY_RIGHT, NULL);
    ck_assert_uint_eq(a->demo->done, 2);
    expect_value("x", "[1, 2]");
    app_key(a, 27, NULL); /* Esc ends the demo; the namespace stays */
    ck_assert_ptr_null(a->demo);
    expect_value("x", "[1, 2]");
    app_free(a);
    unlink(path);
    free(path);
}
END_TEST

START_TEST(shipped_demos_run_to_their_end)
{
    size_t n = 0;
    char **paths = demo_catalog(&n);
    ck_assert_uint_ge(n, 8);
    for (size_t i = 0; i < n; i++) {
        App *a = app_new(0, false);
        demo_open(a, paths[i]);
        ck_assert_msg(a->demo != NULL, "%s did not open", paths[i]);
        ck_assert_msg(a->demo->script->title[0], "%s has no title", paths[i]);
        size_t steps = a->demo->script->nsteps;
        for (size_t k = 0; k < steps; k++) {
            ck_assert_msg(a->demo->script->steps[k].caption[0] ||
                          strstr(a->demo->script->steps[k].chunks[0], "import"),
                          "%s: step %zu has no caption", paths[i], k + 1);
            demo_next(a);
        }
        ck_assert_uint_eq(a->demo->done, steps);
        ck_assert_msg(lines_of(&a->repl, LINE_ERROR, NULL) == 0, "%s: a step failed", paths[i]);
        ck_assert_msg(lines_matching(&a->repl, LINE_RESULT, "False", true) == 0,
                      "%s: a step that should say True said False", paths[i]);
        app_free(a);
        free(paths[i]);
    }
    free(paths);
}
END_TEST

/* ---- :export ----------------------------------------------------------------------------------- */

static int mode_of(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return (int)(st.st_mode & 07777);
}

START_TEST(exports_are_written_and_never_replace_silently)
{
    char *dir = tl_tmpdir();
    char *svg = xasprintf("%s/list.svg", dir), *txt = xasprintf("%s/names.txt", dir);
    App *a = app_new(0, false);
    export_command(a, svg); /* nothing shown yet */
    ck_assert_uint_eq(lines_of(&a->repl, LINE_ERROR, "nothing to export yet"), 1);
    runcode_paste(a, "x = [1, 2, 3]\nx\n");
    export_command(a, svg);
    char *text = tl_read_all(svg);
    ck_assert_msg(strncmp(text, "<?xml", 5) == 0 && strstr(text, "ob_item") && strstr(text, "</svg>"),
                  "%s", text);
    free(text);
    mode_t mask = umask(022);
    ck_assert_int_eq(mode_of(svg), 0644); /* a handout, readable as any new file is */
    tl_write_bytes(svg, "mine", 4);
    chmod(svg, 0640);
    export_command(a, svg);
    ck_assert_ptr_eq(app_overlay_top(a), &view_confirm);
    app_key(a, 'n', "n");
    text = tl_read_all(svg);
    ck_assert_str_eq(text, "mine");
    free(text);
    export_command(a, svg);
    app_key(a, 'y', "y");
    text = tl_read_all(svg);
    ck_assert_ptr_nonnull(strstr(text, "<svg"));
    free(text);
    ck_assert_int_eq(mode_of(svg), 0640); /* replaced: the mode it had */
    app_key(a, KEY_F(3), NULL); /* the references picture: :export writes it instead */
    export_command(a, txt);
    text = tl_read_all(txt);
    ck_assert_msg(strstr(text, "names") && strstr(text, "x ") && strstr(text, "list"), "%s", text);
    free(text);
    export_command(a, "picture.png");
    ck_assert_uint_eq(lines_of(&a->repl, LINE_ERROR, "usage: :export"), 1);
    umask(mask);
    app_free(a);
    free(svg);
    free(txt);
    tl_remove_tree(dir);
}
END_TEST

Suite *classroom_suite(void)
{
    Suite *s = suite_create("classroom");
    TCase *tc = tcase_create("classroom");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, statements_are_the_steps);
    tcase_add_test(tc, cells_are_the_steps);
    tcase_add_test(tc, a_syntax_error_is_reported_with_its_line);
    tcase_add_test(tc, the_namespace_is_made_afresh);
    tcase_add_test(tc, aliases_point_to_one_box);
    tcase_add_test(tc, boxes_name_their_references);
    tcase_add_test(tc, aliasing_is_drawn_with_meeting_arrows);
    tcase_add_test(tc, a_narrow_picture_is_written_as_lines);
    tcase_add_test(tc, small_ints_are_noted_as_this_cpython_caches_them);
    tcase_add_test(tc, a_pictured_object_is_let_go_with_its_last_name);
    tcase_add_test(tc, addresses_are_left_out);
    tcase_add_test(tc, rows_a_run_changed_are_marked);
    tcase_add_test(tc, the_screen_with_a_strip);
    tcase_add_test(tc, forward_back_and_the_end);
    tcase_add_test(tc, a_live_question_and_back_to_the_script);
    tcase_add_test(tc, shipped_demos_run_to_their_end);
    tcase_add_test(tc, exports_are_written_and_never_replace_silently);
    suite_add_tcase(s, tc);
    return s;
}
