/* export.c — pictures written from the explorer, and a theme's SVG colours (see export.h). */
#include "ui/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "ui/appstate.h"
#include "ui/classroom.h"
#include "util/files.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Columns of an exported picture: a slide or a handout, not the terminal's width. */
#define EXPORT_WIDTH TEXT_DEFAULT_WIDTH
#define EXPORT_REFS_WIDTH 120

void export_svg_colors(const Theme *t, SvgColors *out)
{
    memset(out, 0, sizeof *out);
    out->light = strstr(t->name, "light") != NULL;
    for (int s = 0; s < TEXT_STYLE_COUNT; s++) {
        const RoleStyle *rs = &t->style[theme_role_named(render_text_style_role((TextStyle)s))];
        unsigned a = rs->attrs;
        out->style[s] = (SvgColor){rs->fg, rs->bg,
            (a & STYLE_BOLD ? RENDER_BOLD : 0) | (a & STYLE_REVERSE ? RENDER_REVERSE : 0) |
            (a & STYLE_UNDERLINE ? RENDER_UNDERLINE : 0) | (a & STYLE_DIM ? RENDER_DIM : 0)};
    }
}

char *export_layout(const Layout *l, const char *title, bool svg, bool ascii, const Theme *t)
{
    StrBuf b;
    strbuf_init(&b);
    Out out = out_to_strbuf(&b);
    TextOptions text = {.ascii = ascii, .width = EXPORT_WIDTH};
    if (svg) {
        SvgOptions so = {.text = text, .title = title};
        export_svg_colors(t, &so.colors);
        render_svg(l, &so, &out);
    } else {
        render_text(l, &text, &out);
    }
    return strbuf_take(&b);
}

char *export_refs(const RefsGraph *g, bool svg, bool ascii, const Theme *t)
{
    StrBuf b;
    strbuf_init(&b);
    Out out = out_to_strbuf(&b);
    RefsTextOptions text = {.ascii = ascii, .width = EXPORT_REFS_WIDTH};
    if (svg) {
        char *title = g->namespace ? xstrdup("objscope: the names and what they point to")
                                   : xasprintf("objscope: references of %s", g->title);
        SvgOptions so = {.title = title};
        export_svg_colors(t, &so.colors);
        render_refs_svg(g, &text, &so, &out);
        free(title);
    } else {
        render_refs_text(g, &text, &out);
    }
    return strbuf_take(&b);
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

/* The picture now, for `path`'s kind; NULL with *why when there is none. Owned. */
static char *picture_for(App *a, const char *path, const char **what, const char **why)
{
    bool svg = ends_with(path, ".svg");
    bool ascii = !a->utf8 && !svg; /* an SVG is UTF-8 whatever the terminal's locale */
    const RefsGraph *g = classroom_refs_graph(a);
    if (g) {
        *what = "the references picture";
        return export_refs(g, svg, ascii, &a->theme);
    }
    Diagram *d = &a->diagram;
    if (d->compare[0]) {
        *why = "a comparison is two pictures: Backspace ends it, then :export writes the one shown";
        return NULL;
    }
    if (!d->layout) {
        *why = "nothing to export yet: show an object first (type an expression)";
        return NULL;
    }
    while (diagram_deep_step(d)) { /* the picture carries the deep sizes the pane is counting */
    }
    *what = "the diagram";
    char *title = xasprintf("objscope: %s", d->stack[d->depth - 1].label);
    char *text = export_layout(d->layout, title, svg, ascii, &a->theme);
    free(title);
    return text;
}

static void export_now(App *a, const char *path)
{
    const char *what = "", *why = NULL;
    char *text = picture_for(a, path, &what, &why);
    char *err = NULL;
    if (!text) {
        repl_print(&a->repl, LINE_ERROR, why);
    } else if (files_write_shared(path, text, strlen(text), "the picture", &err) < 0) {
        repl_print(&a->repl, LINE_ERROR, err);
    } else {
        char *msg = xasprintf("wrote %s to %s", what, path);
        repl_print(&a->repl, LINE_INFO, msg);
        free(msg);
    }
    free(err);
    free(text);
}

void export_command(App *a, const char *args)
{
    if (!ends_with(args, ".svg") && !ends_with(args, ".txt")) {
        repl_print(&a->repl, LINE_ERROR, "usage: :export FILE.svg or :export FILE.txt   "
                                         "(the diagram, or the references picture while it shows)");
        return;
    }
    char *path = files_expand_home(args);
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        char *msg = xasprintf("%s is a folder: name a file in it", path);
        repl_print(&a->repl, LINE_ERROR, msg);
        free(msg);
    } else if (stat(path, &st) == 0) { /* never replaced silently */
        const char *lines[] = {path, "exists. Replace it with the picture?"};
        confirm_open(a, lines, 2, export_now, path, "not exported: the file is as it was");
    } else {
        export_now(a, path);
    }
    free(path);
}
