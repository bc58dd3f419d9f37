/* draw.c — clipped text and fills for curses (see draw.h). Text handed to these functions is
 * already sanitised (no control characters), so it is only measured here, never filtered. */
#include "ui/draw.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/colors.h"
#include "ui/term.h"
#include "util/strbuf.h"

/* Length of the UTF-8 sequence at s (1 for invalid bytes) and its code point. */
static size_t next_cp(const char *s, size_t n, wchar_t *cp)
{
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = mbrtowc(cp, s, n, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        *cp = (unsigned char)*s;
        return 1;
    }
    return k;
}

static int cp_width(wchar_t cp)
{
    int w = wcwidth(cp);
    return w < 0 ? 1 : w;
}

int draw_width(const char *s, size_t n)
{
    int cols = 0;
    for (size_t i = 0; i < n;) {
        wchar_t cp;
        i += next_cp(s + i, n - i, &cp);
        cols += cp_width(cp);
    }
    return cols;
}

int draw_textn(int y, int x, int width, const char *s, size_t n, attr_t a)
{
    if (width <= 0 || !s)
        return 0;
    size_t bytes = 0;
    int cols = 0;
    while (bytes < n) {
        wchar_t cp;
        size_t k = next_cp(s + bytes, n - bytes, &cp);
        int w = cp_width(cp);
        if (cols + w > width)
            break;
        cols += w;
        bytes += k;
    }
    attr_t old_attr;
    short old_pair;
    attr_get(&old_attr, &old_pair, NULL);
    attrset(a);
    mvaddnstr(y, x, s, (int)bytes);
    attr_set(old_attr, old_pair, NULL);
    return cols;
}

int draw_text(int y, int x, int width, const char *s, attr_t a)
{
    return s ? draw_textn(y, x, width, s, strlen(s), a) : 0;
}

int draw_text_cut(int y, int x, int width, const char *s, attr_t a, bool utf8)
{
    if (!s || width <= 0)
        return 0;
    size_t n = strlen(s);
    if (draw_width(s, n) <= width || width < 2)
        return draw_textn(y, x, width, s, n, a);
    int used = draw_textn(y, x, width - 1, s, n, a);
    return used + draw_text(y, x + used, 1, utf8 ? "\u2026" : "~", a);
}

void draw_fill(int y, int x, int width, attr_t a)
{
    if (width <= 0)
        return;
    attr_t old_attr;
    short old_pair;
    attr_get(&old_attr, &old_pair, NULL);
    attrset(a);
    mvhline(y, x, ' ', width);
    attr_set(old_attr, old_pair, NULL);
}

void draw_hline(int y, int x, int width, bool utf8, attr_t a)
{
    if (!utf8) {
        attron(a);
        mvhline(y, x, ACS_HLINE, width);
        attroff(a);
        return;
    }
    for (int i = 0; i < width; i++)
        draw_text(y, x + i, 1, "─", a);
}

void draw_vline(int y, int x, int height, bool utf8, attr_t a)
{
    if (!utf8) {
        attron(a);
        mvvline(y, x, ACS_VLINE, height);
        attroff(a);
        return;
    }
    for (int i = 0; i < height; i++)
        draw_text(y + i, x, 1, "│", a);
}

/* Bar texts separate their keys with "·"; a terminal without UTF-8 gets "-" instead. */
static char *bar_text(const char *text, bool utf8)
{
    StrBuf b;
    strbuf_init(&b);
    for (const char *p = text; *p;) {
        bool dot = !utf8 && strncmp(p, "\u00b7", 2) == 0;
        strbuf_add(&b, dot ? "-" : p, 1);
        p += dot ? 2 : 1;
    }
    return strbuf_take(&b);
}

void draw_bar(Rect r, const char *left, const char *right, ColorRole role)
{
    draw_fill(r.y, r.x, r.w, colors_attr(role));
    int rw = draw_width(right, strlen(right));
    bool utf8 = term_utf8();
    char *text = bar_text(left, utf8);
    draw_text_cut(r.y, r.x + 1, r.w - rw - 3, text, colors_attr(role), utf8);
    free(text);
    if (rw < r.w)
        draw_text(r.y, r.x + r.w - rw - 1, rw, right, colors_attr(CR_STATUS_KEY));
}
