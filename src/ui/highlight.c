/* highlight.c — a small Python lexer for colouring the input line (see highlight.h).
 *
 * One pass over the bytes: names (ASCII letters, digits, '_' and any non-ASCII byte, so é or 变量
 * are names and `classify` is not `class`), numbers, strings, comments, and everything else as
 * plain text. Adjacent HL_TEXT spans are merged, so "x = " is one span; every other token is a
 * span of its own ('a' 'b' gives two strings).
 *
 * Strings: prefixes r u b f br rb fr rf in any case; single or triple quotes; a backslash always
 * protects the next character (even in raw strings, where r"\"" is one literal). A single-quoted
 * string ends at the end of its line unless the newline is escaped; a triple-quoted one at its
 * closing quotes or the end of the text. f-strings follow Python 3.12 (PEP 701): inside a
 * replacement field {...} quotes start nested strings, so f"{d["k"]}" is one literal, and after
 * the field's top-level ':' comes the format spec, which may hold nested fields.
 *
 * Soft keywords: `match` and `case` are keywords when they are the first token of a statement
 * line (not inside brackets or after a backslash continuation) and are followed by blanks and
 * then something that can start a subject or pattern — not '=', an augmented assignment, a
 * comparison, '.', ',', ':', ')' and the like, nor one of `in is and or if else`. `type` is a
 * keyword when it starts a statement line and is followed by blanks and a name (`type X = int`),
 * otherwise it is the builtin. `_` is a keyword right after such a leading `case` (`case _:`). */
#include "ui/highlight.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

#define MAX_NEST 16 /* f-string nesting followed before quotes are taken plainly */

typedef struct {
    HighlightSpan *v;
    size_t count, cap;
} Spans;

static void emit(Spans *sp, HighlightKind kind, size_t start, size_t end)
{
    if (end <= start)
        return;
    if (kind == HL_TEXT && sp->count > 0) {
        HighlightSpan *last = &sp->v[sp->count - 1];
        if (last->kind == HL_TEXT && last->start + last->len == start) {
            last->len += end - start;
            return;
        }
    }
    sp->v = xgrow(sp->v, &sp->cap, sp->count + 1, sizeof *sp->v);
    sp->v[sp->count++] = (HighlightSpan){start, end - start, kind};
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_ident_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (unsigned char)c >= 0x80;
}
static bool is_ident(char c) { return is_ident_start(c) || is_digit(c); }
static bool is_quote(char c) { return c == '\'' || c == '"'; }
static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }

static char lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }

/* Is s[0..len) a string prefix? *fstr tells whether it makes an f-string. */
static bool string_prefix(const char *s, size_t len, bool *fstr)
{
    if (len == 0 || len > 2)
        return false;
    char a = lower(s[0]), b = len == 2 ? lower(s[1]) : 0;
    *fstr = a == 'f' || b == 'f';
    if (len == 1)
        return a == 'r' || a == 'u' || a == 'b' || a == 'f';
    return (a == 'r' && (b == 'b' || b == 'f')) || ((a == 'b' || a == 'f') && b == 'r');
}

static bool word_is(const char *s, size_t len, const char *w)
{
    return strlen(w) == len && memcmp(s, w, len) == 0;
}

static bool in_list(const char *s, size_t len, const char *const *list)
{
    for (; *list; list++)
        if (word_is(s, len, *list))
            return true;
    return false;
}

/* Python 3.13's keyword.kwlist without True, False and None (those are HL_BUILTIN). */
static const char *const keywords[] = {
    "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
    "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda",
    "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield", NULL,
};

static const char *const builtins[] = {
    "True", "False", "None", "Ellipsis", "NotImplemented", "__debug__", "__import__",
    "abs", "aiter", "all", "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray",
    "bytes", "callable", "chr", "classmethod", "compile", "complex", "delattr", "dict", "dir",
    "divmod", "enumerate", "eval", "exec", "filter", "float", "format", "frozenset", "getattr",
    "globals", "hasattr", "hash", "help", "hex", "id", "input", "int", "isinstance",
    "issubclass", "iter", "len", "list", "locals", "map", "max", "memoryview", "min", "next",
    "object", "oct", "open", "ord", "pow", "print", "property", "range", "repr", "reversed",
    "round", "set", "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super",
    "tuple", "type", "vars", "zip", NULL,
};

/* Words after `match x` / `case x` that show the soft keyword is a plain name in an expression. */
static const char *const operator_words[] = {"in", "is", "and", "or", "if", "else", NULL};

/* ---- strings ---- */

static size_t scan_string(const char *s, size_t n, size_t i, bool fstr, int nest);
static size_t scan_field(const char *s, size_t n, size_t i, char q, bool triple, int nest);

/* Does the outer string's closing quote start at i? */
static bool closes(const char *s, size_t n, size_t i, char q, bool triple)
{
    return s[i] == q && (!triple || (i + 2 < n && s[i + 1] == q && s[i + 2] == q));
}

/* The format spec after a field's ':' — literal text with nested fields; ends at the field's
 * '}' (returns past it) or where the outer string ends (returns there). */
static size_t scan_spec(const char *s, size_t n, size_t i, char q, bool triple, int nest)
{
    while (i < n) {
        char c = s[i];
        if ((c == '\n' && !triple) || closes(s, n, i, q, triple))
            return i;
        if (c == '\\')
            i += i + 1 < n && s[i + 1] != '{' && s[i + 1] != '\n' ? 2 : 1;
        else if (c == '{' && nest < MAX_NEST)
            i = scan_field(s, n, i + 1, q, triple, nest + 1);
        else if (c == '}')
            return i + 1;
        else
            i++;
    }
    return n;
}

/* A replacement field's expression (i is past its '{'); returns past the closing '}', or where
 * a single-quoted outer string's line ends. Quotes here start nested strings. */
static size_t scan_field(const char *s, size_t n, size_t i, char q, bool triple, int nest)
{
    int depth = 0;
    while (i < n) {
        char c = s[i];
        if (c == '\n' && !triple)
            return i;
        if (is_ident_start(c)) {
            size_t j = i;
            while (j < n && is_ident(s[j]))
                j++;
            bool f;
            if (j < n && is_quote(s[j]) && string_prefix(s + i, j - i, &f))
                j = scan_string(s, n, j, f, nest);
            i = j;
            continue;
        }
        if (is_quote(c)) {
            i = scan_string(s, n, i, false, nest);
            continue;
        }
        if (c == '(' || c == '[' || c == '{') {
            depth++;
        } else if (c == ')' || c == ']') {
            if (depth > 0)
                depth--;
        } else if (c == '}') {
            if (depth == 0)
                return i + 1;
            depth--;
        } else if (c == '!' && i + 1 < n && s[i + 1] == '=') {
            i++;
        } else if (c == ':' && depth == 0) {
            return scan_spec(s, n, i + 1, q, triple, nest);
        }
        i++;
    }
    return n;
}

/* The literal whose opening quote is at i: returns past its closing quote, or where an
 * unterminated one stops (end of line for single quotes, end of text for triple). */
static size_t scan_string(const char *s, size_t n, size_t i, bool fstr, int nest)
{
    char q = s[i];
    bool triple = i + 2 < n && s[i + 1] == q && s[i + 2] == q;
    if (nest >= MAX_NEST)
        fstr = false;
    i += triple ? 3 : 1;
    while (i < n) {
        char c = s[i];
        if (c == '\n' && !triple)
            return i;
        if (c == '\\') {
            i += i + 1 < n && !(fstr && s[i + 1] == '{') ? 2 : 1;
        } else if (closes(s, n, i, q, triple)) {
            return i + (triple ? 3 : 1);
        } else if (fstr && c == '{') {
            if (i + 1 < n && s[i + 1] == '{')
                i += 2;
            else
                i = scan_field(s, n, i + 1, q, triple, nest + 1);
        } else {
            i++;
        }
    }
    return n;
}

/* ---- numbers ---- */

static bool is_base_digit(char c, char base)
{
    c = lower(c);
    switch (base) {
    case 'x': return is_digit(c) || (c >= 'a' && c <= 'f');
    case 'o': return c >= '0' && c <= '7';
    default: return c == '0' || c == '1';
    }
}

static size_t digits(const char *s, size_t n, size_t i)
{
    while (i < n && (is_digit(s[i]) || s[i] == '_'))
        i++;
    return i;
}

/* A number starting at i (a digit, or '.' before a digit). */
static size_t scan_number(const char *s, size_t n, size_t i)
{
    if (s[i] == '0' && i + 1 < n) {
        char b = lower(s[i + 1]);
        if (b == 'x' || b == 'o' || b == 'b') {
            i += 2;
            while (i < n && (s[i] == '_' || is_base_digit(s[i], b)))
                i++;
            return i;
        }
    }
    i = digits(s, n, i);
    if (i < n && s[i] == '.')
        i = digits(s, n, i + 1);
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t k = i + 1;
        if (k < n && (s[k] == '+' || s[k] == '-'))
            k++;
        if (k < n && is_digit(s[k]))
            i = digits(s, n, k);
    }
    if (i < n && (s[i] == 'j' || s[i] == 'J'))
        i++;
    return i;
}

/* ---- soft keywords ---- */

/* After `match`/`case` at i: blanks, then something that can begin a subject or pattern. */
static bool soft_keyword_follows(const char *s, size_t n, size_t i)
{
    if (i >= n || !is_blank(s[i]))
        return false;
    while (i < n && is_blank(s[i]))
        i++;
    if (i >= n)
        return false;
    char c = s[i];
    if (is_ident_start(c)) {
        size_t j = i;
        while (j < n && is_ident(s[j]))
            j++;
        return !in_list(s + i, j - i, operator_words);
    }
    if (c == '-' || c == '*' || c == '(' || c == '[' || c == '{' || c == '~')
        return !(i + 1 < n && s[i + 1] == '='); /* not -= *= */
    return is_digit(c) || is_quote(c);
}

/* After `type` at i: blanks, then a name that is not an operator word (`type X = int`). */
static bool type_alias_follows(const char *s, size_t n, size_t i)
{
    if (i >= n || !is_blank(s[i]))
        return false;
    while (i < n && is_blank(s[i]))
        i++;
    if (i >= n || !is_ident_start(s[i]))
        return false;
    size_t j = i;
    while (j < n && is_ident(s[j]))
        j++;
    return !in_list(s + i, j - i, operator_words);
}

/* ---- the lexer ---- */

size_t highlight(const char *s, size_t n, HighlightSpan **out)
{
    Spans sp = {NULL, 0, 0};
    int depth = 0;          /* open brackets */
    bool stmt_start = true; /* no token yet on this statement line */
    bool after_case = false;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        size_t start = i;
        if (c == '\n') {
            emit(&sp, HL_TEXT, i, i + 1);
            i++;
            if (depth == 0)
                stmt_start = true;
            after_case = false;
            continue;
        }
        if (is_blank(c) || c == '\r') {
            emit(&sp, HL_TEXT, i, i + 1);
            i++;
            continue;
        }
        if (c == '\\' && i + 1 < n && s[i + 1] == '\n') { /* continuation: same statement */
            emit(&sp, HL_TEXT, i, i + 2);
            i += 2;
            continue;
        }
        if (c == '#') {
            const char *nl = memchr(s + i, '\n', n - i);
            i = nl ? (size_t)(nl - s) : n;
            emit(&sp, HL_COMMENT, start, i);
            continue;
        }
        HighlightKind kind = HL_TEXT;
        bool leading_case = false;
        if (is_ident_start(c)) {
            while (i < n && is_ident(s[i]))
                i++;
            const char *w = s + start;
            size_t len = i - start;
            bool f;
            if (i < n && is_quote(s[i]) && string_prefix(w, len, &f)) {
                i = scan_string(s, n, i, f, 0);
                kind = HL_STRING;
            } else if (stmt_start && (word_is(w, len, "match") || word_is(w, len, "case")) &&
                       soft_keyword_follows(s, n, i)) {
                kind = HL_KEYWORD;
                leading_case = w[0] == 'c';
            } else if (stmt_start && word_is(w, len, "type") && type_alias_follows(s, n, i)) {
                kind = HL_KEYWORD;
            } else if (after_case && word_is(w, len, "_")) {
                kind = HL_KEYWORD;
            } else if (in_list(w, len, keywords)) {
                kind = HL_KEYWORD;
            } else if (in_list(w, len, builtins) && !(start > 0 && s[start - 1] == '.')) {
                kind = HL_BUILTIN; /* but obj.print or os.open are attributes */
            }
        } else if (is_digit(c) || (c == '.' && i + 1 < n && is_digit(s[i + 1]))) {
            i = scan_number(s, n, i);
            kind = HL_NUMBER;
        } else if (is_quote(c)) {
            i = scan_string(s, n, i, false, 0);
            kind = HL_STRING;
        } else {
            if (c == '(' || c == '[' || c == '{')
                depth++;
            else if ((c == ')' || c == ']' || c == '}') && depth > 0)
                depth--;
            i++;
        }
        emit(&sp, kind, start, i);
        stmt_start = false;
        after_case = leading_case;
    }
    *out = sp.v;
    return sp.count;
}

/* ---- the call being typed ---- */

#define CALLEE_SCAN_MAX (64 * 1024) /* past this the input is no call being typed */

static bool name_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || (unsigned char)c >= 0x80;
}

/* The '(' of the innermost call open before `cur`, outside strings and comments; or -1. */
static long open_call(const char *text, size_t cur, const HighlightSpan *spans, size_t nspans)
{
    int depth = 0;
    size_t s = nspans;
    for (size_t i = cur; i-- > 0;) {
        while (s > 0 && spans[s - 1].start > i)
            s--;
        HighlightKind k = s > 0 ? spans[s - 1].kind : HL_TEXT;
        if (k == HL_STRING || k == HL_COMMENT)
            continue;
        char c = text[i];
        if (c == ')' || c == ']' || c == '}')
            depth++;
        else if ((c == '(' || c == '[' || c == '{') && depth > 0)
            depth--;
        else if (c == '(')
            return (long)i;
    }
    return -1;
}

char *highlight_callee(const char *text, size_t cur)
{
    if (cur > CALLEE_SCAN_MAX)
        return NULL;
    HighlightSpan *spans = NULL;
    size_t n = highlight(text, cur, &spans);
    long paren = open_call(text, cur, spans, n);
    free(spans);
    if (paren <= 0)
        return NULL;
    size_t end = (size_t)paren, start = end;
    while (start > 0 && name_byte(text[start - 1]))
        start--;
    size_t len = end - start;
    const char *name = text + start;
    bool plain = len > 0 && name[0] != '.' && !(name[0] >= '0' && name[0] <= '9') &&
                 name[len - 1] != '.' && !memmem(name, len, "..", 2);
    if (!plain || in_list(name, len, keywords))
        return NULL; /* `if (`, `(1, 2)`, `f()(`, `x[0](`: no name to look up */
    return xstrndup(name, len);
}
