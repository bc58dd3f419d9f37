/* svg.c — the text diagram (or the references picture) as a standalone SVG picture (--svg):
 * the renderer draws into lines of styled runs (styled.h), and each line becomes a <text> of
 * <tspan>s placed at their columns, so the picture has the terminal's rows and columns, its
 * theme colours, and text that can be selected and searched. Coloured backgrounds are <rect>s
 * behind the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "render/styled.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Geometry in pixels: a monospace cell is 0.6 em wide (DejaVu Sans Mono, Menlo, Consolas all
 * are), lines are 1.2 em apart, text sits on a baseline 0.9 em below the line's top. */
#define FONT_PX 14
#define CELL_W 8.4
#define LINE_H 17
#define BASELINE 13
#define MARGIN 12
#define FONT_FAMILY "'DejaVu Sans Mono', Menlo, Consolas, 'Liberation Mono', monospace"

/* The 16 ANSI colours as a common terminal palette (Tango) draws them. */
static const char *ansi_hex(short c, bool fg, bool light)
{
    static const char *const palette[16] = {
        "#2e3436", "#cc0000", "#4e9a06", "#c4a000", "#3465a4", "#75507b", "#06989a", "#d3d7cf",
        "#555753", "#ef2929", "#8ae234", "#fce94f", "#729fcf", "#ad7fa8", "#34e2e2", "#eeeeec",
    };
    if (c >= 0 && c < 16)
        return palette[c];
    if (fg)
        return light ? "#1c1c1c" : "#d3d7cf";
    return light ? "#ffffff" : "#1c1f21";
}

/* A style's colours after `reverse`; bg NULL when the background is the picture's own. */
static void resolve(const SvgColors *c, unsigned style, const char **fg, const char **bg,
                    unsigned *attrs)
{
    const SvgColor *s = &c->style[(style & ~TEXT_STYLE_BOLD) < TEXT_STYLE_COUNT
                                      ? (style & ~TEXT_STYLE_BOLD) : TEXT_STYLE_NORMAL];
    const SvgColor *normal = &c->style[TEXT_STYLE_NORMAL];
    short f = s->fg >= 0 ? s->fg : normal->fg, b = s->bg;
    *attrs = s->attrs | (style & TEXT_STYLE_BOLD ? RENDER_BOLD : 0);
    *fg = ansi_hex(f, true, c->light);
    *bg = b >= 0 ? ansi_hex(b, false, c->light) : NULL;
    if (*attrs & RENDER_REVERSE) {
        const char *swap = *fg;
        *fg = b >= 0 ? *bg : ansi_hex(normal->bg, false, c->light);
        *bg = swap;
    }
}

/* Text for XML: &, <, > escaped; control characters (never in sanitised text) dropped. */
static void xml_text(Out *out, const char *s)
{
    for (const char *p = s; *p; p++) {
        const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;"
                        : *p == '"' ? "&quot;" : NULL;
        if (rep)
            out_puts(out, rep);
        else if ((unsigned char)*p >= 0x20 && *p != 0x7f)
            out_write(out, p, 1);
    }
}

static bool blank(const char *s)
{
    return s[strspn(s, " ")] == '\0';
}

static void backgrounds(const Styled *g, const SvgColors *c, Out *out)
{
    for (size_t i = 0; i < g->len; i++)
        for (size_t j = 0; j < g->lines[i].len; j++) {
            const StyledRun *r = &g->lines[i].runs[j];
            const char *fg, *bg;
            unsigned attrs;
            resolve(c, r->style, &fg, &bg, &attrs);
            if (bg && r->cols > 0)
                out_printf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>\n",
                           MARGIN + r->col * CELL_W, MARGIN + (int)i * LINE_H, r->cols * CELL_W,
                           LINE_H, bg);
        }
}

static bool same_look(const SvgColors *c, const StyledRun *a, const StyledRun *b)
{
    const char *fa, *ba, *fb, *bb;
    unsigned aa, ab;
    resolve(c, a->style, &fa, &ba, &aa);
    resolve(c, b->style, &fb, &bb, &ab);
    return strcmp(fa, fb) == 0 && aa == ab && (ba && bb ? strcmp(ba, bb) == 0 : ba == bb);
}

/* Runs[0 .. n) that look alike, as one <tspan> placed at the first one's column. */
static void run_span(const StyledRun *runs, size_t n, const SvgColors *c, Out *out)
{
    const char *fg, *bg;
    unsigned attrs;
    resolve(c, runs[0].style, &fg, &bg, &attrs);
    out_printf(out, "<tspan x=\"%.1f\" fill=\"%s\"", MARGIN + runs[0].col * CELL_W, fg);
    if (attrs & RENDER_BOLD)
        out_puts(out, " font-weight=\"bold\"");
    if (attrs & RENDER_UNDERLINE)
        out_puts(out, " text-decoration=\"underline\"");
    if (attrs & RENDER_DIM)
        out_puts(out, " fill-opacity=\"0.6\"");
    out_puts(out, ">");
    for (size_t i = 0; i < n; i++)
        xml_text(out, runs[i].text);
    out_puts(out, "</tspan>");
}

static void lines(const Styled *g, const SvgColors *c, Out *out)
{
    for (size_t i = 0; i < g->len; i++) {
        const StyledLine *line = &g->lines[i];
        size_t last = line->len;
        while (last > 0 && blank(line->runs[last - 1].text))
            last--; /* trailing padding: nothing to see, nothing worth selecting */
        if (last == 0)
            continue;
        out_printf(out, "<text y=\"%d\" xml:space=\"preserve\">", MARGIN + (int)i * LINE_H + BASELINE);
        for (size_t j = 0, k; j < last; j = k) {
            for (k = j + 1; k < last && same_look(c, &line->runs[j], &line->runs[k]);)
                k++;
            run_span(&line->runs[j], k - j, c, out);
        }
        out_puts(out, "</text>\n");
    }
}

void render_svg_lines(const Styled *g, const SvgOptions *opt, const char *title, Out *out)
{
    int cols = styled_width(g);
    int width = (int)(2 * MARGIN + cols * CELL_W + 0.999), height = 2 * MARGIN + (int)g->len * LINE_H;
    out_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out_printf(out, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    "viewBox=\"0 0 %d %d\" font-family=\"%s\" font-size=\"%d\" "
                    "style=\"white-space: pre\" xml:space=\"preserve\">\n",
               width, height, width, height, FONT_FAMILY, FONT_PX);
    out_puts(out, "<title>");
    xml_text(out, opt->title ? opt->title : title);
    out_puts(out, "</title>\n");
    const char *fg, *bg;
    unsigned attrs;
    resolve(&opt->colors, TEXT_STYLE_NORMAL, &fg, &bg, &attrs);
    out_printf(out, "<rect width=\"100%%\" height=\"100%%\" fill=\"%s\"/>\n",
               bg ? bg : ansi_hex(-1, false, opt->colors.light));
    backgrounds(g, &opt->colors, out);
    lines(g, &opt->colors, out);
    out_puts(out, "</svg>\n");
}

void render_svg_drawn(SvgDrawFn draw, const void *what, const SvgOptions *opt, const char *title,
                      Out *out)
{
    Styled g;
    styled_init(&g);
    Out into = styled_out(&g);
    draw(what, styled_style, &g, &into);
    styled_finish(&g);
    render_svg_lines(&g, opt, title, out);
    styled_free(&g);
}

typedef struct {
    const Layout *l;
    TextOptions text;
} LayoutDrawing;

static void draw_layout(const void *what, TextStyleFn style, void *userdata, Out *out)
{
    const LayoutDrawing *d = what;
    TextOptions t = d->text;
    t.style = style;
    t.style_userdata = userdata;
    render_text(d->l, &t, out);
}

void render_svg(const Layout *l, const SvgOptions *opt, Out *out)
{
    LayoutDrawing d = {l, opt->text};
    render_svg_drawn(draw_layout, &d, opt, l->type_name, out);
}
