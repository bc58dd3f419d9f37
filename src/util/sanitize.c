/* sanitize.c — terminal-safe text (see sanitize.h). */
#include "util/sanitize.h"

#include <stdint.h>
#include <string.h>

#include "util/strbuf.h"

/* Length of the valid UTF-8 sequence at s (1..4), or 0 if it is not valid. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
    unsigned c = s[0];
    size_t len;
    uint32_t v;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; }
    else return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((len == 3 && v < 0x800) || (len == 4 && (v < 0x10000 || v > 0x10FFFF)) ||
        (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

/* Code points a terminal may act on: C0, DEL, C1, and line/paragraph separators, bidi controls. */
static int is_control(uint32_t cp)
{
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
           cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

char *sanitize_text(const char *text, size_t n, bool keep_newlines)
{
    StrBuf b;
    strbuf_init(&b);
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;
    while (i < n) {
        uint32_t cp = 0;
        size_t len = utf8_len(s + i, n - i, &cp);
        if (len == 0) {
            strbuf_printf(&b, "\\x%02x", s[i]);
            i++;
            continue;
        }
        if (keep_newlines && (cp == '\n' || cp == '\t'))
            strbuf_putc(&b, (char)cp);
        else if (cp == '\n')
            strbuf_puts(&b, "\\n");
        else if (cp == '\t')
            strbuf_puts(&b, "\\t");
        else if (cp == '\r')
            strbuf_puts(&b, "\\r");
        else if (is_control(cp))
            strbuf_printf(&b, cp < 0x100 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
        else
            strbuf_add(&b, (const char *)s + i, len);
        i += len;
    }
    return strbuf_take(&b);
}
