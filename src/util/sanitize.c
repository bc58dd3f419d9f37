/* sanitize.c — terminal-safe text (see sanitize.h). */
#include "util/utf8.h"
#include "util/sanitize.h"

#include <stdint.h>
#include <string.h>

#include "util/strbuf.h"


bool sanitize_is_control(uint32_t cp)
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
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            strbuf_printf(&b, "\\x%02x", s[i]);
            i++;
            continue;
        }
        if (keep_newlines && (cp == '\n' || cp == '\t' || cp == '\r'))
            strbuf_putc(&b, (char)cp);
        else if (cp == '\n')
            strbuf_puts(&b, "\\n");
        else if (cp == '\t')
            strbuf_puts(&b, "\\t");
        else if (cp == '\r')
            strbuf_puts(&b, "\\r");
        else if (sanitize_is_control(cp))
            strbuf_printf(&b, cp < 0x100 ? "\\x%02x" : "\\u%04x", (unsigned)cp);
        else
            strbuf_add(&b, (const char *)s + i, len);
        i += len;
    }
    return strbuf_take(&b);
}
