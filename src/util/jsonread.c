/* jsonread.c — the strict JSON reader (see jsonread.h): recursive descent over a bounded text,
 * with the depth capped, every escape checked (a \u surrogate must come in a pair) and
 * integers checked for overflow. */
#include "util/jsonread.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

typedef struct {
    const char *s;
    size_t n, i;
    int depth;
    char *err; /* the first error, owned */
} Reader;

static bool fail(Reader *r, const char *what)
{
    if (r->err)
        return false;
    size_t line = 1;
    for (size_t k = 0; k < r->i && k < r->n; k++)
        line += r->s[k] == '\n';
    r->err = xasprintf("line %zu: %s", line, what);
    return false;
}

static void skip_blanks(Reader *r)
{
    while (r->i < r->n && strchr(" \t\r\n", r->s[r->i]) && r->s[r->i])
        r->i++;
}

static bool literal(Reader *r, const char *word)
{
    size_t len = strlen(word);
    if (r->n - r->i < len || memcmp(r->s + r->i, word, len) != 0)
        return fail(r, "expected a JSON value");
    r->i += len;
    return true;
}

static bool number(Reader *r, JsonValue *v)
{
    bool neg = r->i < r->n && r->s[r->i] == '-';
    size_t start = r->i += neg;
    unsigned long long mag = 0;
    while (r->i < r->n && r->s[r->i] >= '0' && r->s[r->i] <= '9') {
        unsigned d = (unsigned)(r->s[r->i++] - '0');
        if (mag > ((unsigned long long)LLONG_MAX - d) / 10)
            return fail(r, "integer too large");
        mag = mag * 10 + d;
    }
    if (r->i == start || (r->s[start] == '0' && r->i - start > 1))
        return fail(r, "malformed number");
    if (r->i < r->n && strchr(".eE", r->s[r->i]))
        return fail(r, "only whole numbers are expected");
    v->type = JSON_INT;
    v->integer = neg ? -(long long)mag : (long long)mag;
    return true;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = p[k];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* \uXXXX (and its low half when it is a high surrogate) as UTF-8. A lone surrogate, which
 * objscope writes for Python's own lone surrogates, becomes U+FFFD. */
static bool unicode_escape(Reader *r, StrBuf *b)
{
    if (r->n - r->i < 4 || hex4(r->s + r->i) < 0)
        return fail(r, "bad \\u escape");
    uint32_t cp = (uint32_t)hex4(r->s + r->i);
    r->i += 4;
    if (cp >= 0xD800 && cp <= 0xDBFF && r->n - r->i >= 6 && r->s[r->i] == '\\' &&
        r->s[r->i + 1] == 'u' && hex4(r->s + r->i + 2) >= 0xDC00 && hex4(r->s + r->i + 2) <= 0xDFFF) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + ((uint32_t)hex4(r->s + r->i + 2) - 0xDC00);
        r->i += 6;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = 0xFFFD;
    }
    if (cp == 0)
        return fail(r, "a NUL character in a string");
    char out[4];
    strbuf_add(b, out, utf8_encode(cp, out));
    return true;
}

static bool string(Reader *r, char **out)
{
    StrBuf b;
    strbuf_init(&b);
    r->i++; /* the opening quote */
    while (r->i < r->n && r->s[r->i] != '"') {
        unsigned char c = (unsigned char)r->s[r->i++];
        if (c < 0x20) {
            strbuf_free(&b);
            return fail(r, "a control character in a string");
        }
        if (c != '\\') {
            strbuf_putc(&b, (char)c);
            continue;
        }
        const char *esc = r->i < r->n ? strchr("\"\\/bfnrtu", r->s[r->i]) : NULL;
        if (!esc || !*esc) {
            strbuf_free(&b);
            return fail(r, "bad escape in a string");
        }
        r->i++;
        if (*esc == 'u' && !unicode_escape(r, &b)) {
            strbuf_free(&b);
            return false;
        }
        if (*esc != 'u')
            strbuf_putc(&b, "\"\\/\b\f\n\r\t"[esc - "\"\\/bfnrtu"]);
    }
    if (r->i >= r->n) {
        strbuf_free(&b);
        return fail(r, "a string that does not end");
    }
    r->i++;
    if (!utf8_valid(b.data, b.len)) {
        strbuf_free(&b);
        return fail(r, "a string that is not UTF-8");
    }
    *out = strbuf_take(&b);
    return true;
}

static bool value(Reader *r, JsonValue *v);

static JsonValue *add_item(JsonValue *v)
{
    size_t cap = v->cap;
    v->items = xgrow(v->items, &v->cap, v->len + 1, sizeof *v->items);
    if (v->type == JSON_OBJECT)
        v->keys = xgrow(v->keys, &cap, v->len + 1, sizeof *v->keys);
    memset(&v->items[v->len], 0, sizeof v->items[v->len]);
    return &v->items[v->len];
}

/* An array or an object: its members, separated by commas, up to `close`. */
static bool container(Reader *r, JsonValue *v, char close)
{
    v->type = close == ']' ? JSON_ARRAY : JSON_OBJECT;
    if (++r->depth > JSON_MAX_DEPTH)
        return fail(r, "nested too deeply");
    r->i++;
    skip_blanks(r);
    if (r->i < r->n && r->s[r->i] == close) {
        r->i++;
        r->depth--;
        return true;
    }
    for (;;) {
        skip_blanks(r);
        char *key = NULL;
        if (v->type == JSON_OBJECT) {
            if (r->i >= r->n || r->s[r->i] != '"' || !string(r, &key))
                return fail(r, "expected a string key");
            skip_blanks(r);
            if (r->i >= r->n || r->s[r->i++] != ':') {
                free(key);
                return fail(r, "expected ':'");
            }
        }
        JsonValue *item = add_item(v);
        if (key)
            v->keys[v->len] = key;
        v->len++;
        if (!value(r, item))
            return false;
        skip_blanks(r);
        if (r->i < r->n && r->s[r->i] == ',') {
            r->i++;
            continue;
        }
        if (r->i < r->n && r->s[r->i] == close) {
            r->i++;
            r->depth--;
            return true;
        }
        return fail(r, close == ']' ? "expected ',' or ']'" : "expected ',' or '}'");
    }
}

static bool value(Reader *r, JsonValue *v)
{
    skip_blanks(r);
    if (r->i >= r->n)
        return fail(r, "the text ends where a value should be");
    char c = r->s[r->i];
    switch (c) {
    case '{': return container(r, v, '}');
    case '[': return container(r, v, ']');
    case '"': v->type = JSON_STRING; return string(r, &v->string);
    case 't': v->type = JSON_BOOL; v->boolean = true; return literal(r, "true");
    case 'f': v->type = JSON_BOOL; return literal(r, "false");
    case 'n': v->type = JSON_NULL; return literal(r, "null");
    default:
        if (c != '-' && !(c >= '0' && c <= '9'))
            return fail(r, "expected a JSON value");
        return number(r, v);
    }
}

static void free_members(JsonValue *v)
{
    for (size_t i = 0; i < v->len; i++) {
        free_members(&v->items[i]);
        if (v->keys)
            free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->string);
}

JsonValue *json_parse(const char *text, size_t n, char **err)
{
    Reader r = {.s = text, .n = n};
    JsonValue *v = xcalloc(1, sizeof *v);
    if (value(&r, v)) {
        skip_blanks(&r);
        if (r.i < r.n)
            fail(&r, "more text after the value");
    }
    if (!r.err)
        return v;
    json_free(v);
    *err = r.err;
    return NULL;
}

void json_free(JsonValue *v)
{
    if (!v)
        return;
    free_members(v);
    free(v);
}

const JsonValue *json_get(const JsonValue *obj, const char *key)
{
    if (!obj || obj->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < obj->len; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return &obj->items[i];
    return NULL;
}
