/* test_highlight.c — the Python lexer behind the input line's colours: exact span lists for
 * tricky inputs, and the promise that spans always cover the text without gaps, whatever it is.
 * Spans are written as K[text] with K one of T(ext) K(eyword) B(uiltin) S(tring) N(umber)
 * C(omment). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "tests/suites.h"
#include "ui/highlight.h"
#include "util/strbuf.h"

/* Check the invariants (in order, no gaps, no empty spans, no two adjacent text spans) and
 * describe the spans. Owned string. */
static char *describe(const char *text, size_t n)
{
    HighlightSpan *sp = NULL;
    size_t count = highlight(text, n, &sp);
    StrBuf b;
    strbuf_init(&b);
    size_t at = 0;
    for (size_t i = 0; i < count; i++) {
        ck_assert_uint_eq(sp[i].start, at);
        ck_assert_uint_gt(sp[i].len, 0);
        ck_assert_int_lt(sp[i].kind, HL_KIND_COUNT);
        if (i > 0)
            ck_assert(!(sp[i].kind == HL_TEXT && sp[i - 1].kind == HL_TEXT));
        at += sp[i].len;
        if (b.len)
            strbuf_putc(&b, ' ');
        strbuf_printf(&b, "%c[%.*s]", "TKBSNC"[sp[i].kind], (int)sp[i].len, text + sp[i].start);
    }
    ck_assert_uint_eq(at, n);
    free(sp);
    return strbuf_take(&b);
}

static void expect(const char *text, const char *want)
{
    char *got = describe(text, strlen(text));
    ck_assert_msg(strcmp(got, want) == 0, "\n  text: %s\n  got:  %s\n  want: %s", text, got,
                  want);
    free(got);
}

START_TEST(empty_and_plain)
{
    HighlightSpan *sp = (HighlightSpan *)1;
    ck_assert_uint_eq(highlight("", 0, &sp), 0);
    free(sp);
    expect("x = y + z", "T[x = y + z]");
    expect("a\nb\r\n", "T[a\nb\r\n]");
}
END_TEST

START_TEST(keywords_and_names)
{
    expect("class Foo(object): pass", "K[class] T[ Foo(] B[object] T[): ] K[pass]");
    expect("classify = if_ + elif_x + _if + defs", "T[classify = if_ + elif_x + _if + defs]");
    expect("x.if_ = 0x_FF", "T[x.if_ = ] N[0x_FF]");
    expect("async def f(): await g() or not x",
           "K[async] T[ ] K[def] T[ f(): ] K[await] T[ g() ] K[or] T[ ] K[not] T[ x]");
    expect("lambda: (yield from x) is None",
           "K[lambda] T[: (] K[yield] T[ ] K[from] T[ x) ] K[is] T[ ] B[None]");
    expect("nonlocal a; global b; del c; assert d", "K[nonlocal] T[ a; ] K[global] T[ b; ] "
                                                     "K[del] T[ c; ] K[assert] T[ d]");
    expect("try:\n  raise\nexcept E as e:\n  continue\nfinally: break",
           "K[try] T[:\n  ] K[raise] T[\n] K[except] T[ E ] K[as] T[ e:\n  ] K[continue] "
           "T[\n] K[finally] T[: ] K[break]");
    expect("while x in y: return",
           "K[while] T[ x ] K[in] T[ y: ] K[return]");
    expect("with a: import b", "K[with] T[ a: ] K[import] T[ b]");
    expect("if a: pass\nelif b: pass\nelse: pass", "K[if] T[ a: ] K[pass] T[\n] K[elif] "
                                                   "T[ b: ] K[pass] T[\n] K[else] T[: ] K[pass]");
    /* non-ASCII identifiers are names, even around keywords */
    expect("caf\xc3\xa9 = 1 # \xc3\xa9", "T[caf\xc3\xa9 = ] N[1] T[ ] C[# \xc3\xa9]");
    expect("if\xc3\xa9 = \xc3\xa9if", "T[if\xc3\xa9 = \xc3\xa9if]");
    expect("\xe5\xa4\x89 = print", "T[\xe5\xa4\x89 = ] B[print]");
}
END_TEST

START_TEST(builtins)
{
    expect("print(len(x), True, False, None, Ellipsis, __import__)",
           "B[print] T[(] B[len] T[(x), ] B[True] T[, ] B[False] T[, ] B[None] T[, ] "
           "B[Ellipsis] T[, ] B[__import__] T[)]");
    expect("isinstance(x, frozenset) and callable(memoryview)",
           "B[isinstance] T[(x, ] B[frozenset] T[) ] K[and] T[ ] B[callable] T[(] "
           "B[memoryview] T[)]");
    /* attributes are not builtins */
    expect("os.open(p).print", "T[os.open(p).print]");
    expect("open . x", "B[open] T[ . x]");
    expect("printer = lens", "T[printer = lens]");
}
END_TEST

START_TEST(strings)
{
    expect("f\"{x}\" # c", "S[f\"{x}\"] T[ ] C[# c]");
    expect("'''a\nb'''", "S['''a\nb''']");
    expect("x = '''a\nb''' + 1", "T[x = ] S['''a\nb'''] T[ + ] N[1]");
    expect("rb'\\\\''", "S[rb'\\\\'] S[']"); /* rb'\\' then a lone quote */
    expect("rb'\\''", "S[rb'\\'']");          /* \' does not end even a raw string */
    expect("\"a\\\"b\" + 'c'", "S[\"a\\\"b\"] T[ + ] S['c']");
    expect("''+\"\"", "S[''] T[+] S[\"\"]");
    expect("'a''b'", "S['a'] S['b']");
    /* every prefix, any case */
    expect("r'a' u'b' b'c' f'd' rb'e' br'f' fr'g' rf'h'",
           "S[r'a'] T[ ] S[u'b'] T[ ] S[b'c'] T[ ] S[f'd'] T[ ] S[rb'e'] T[ ] S[br'f'] T[ ] "
           "S[fr'g'] T[ ] S[rf'h']");
    expect("R\"a\" U\"b\" B\"c\" F\"d\" Rb\"e\" bR\"f\" FR\"g\" rF\"h\"",
           "S[R\"a\"] T[ ] S[U\"b\"] T[ ] S[B\"c\"] T[ ] S[F\"d\"] T[ ] S[Rb\"e\"] T[ ] "
           "S[bR\"f\"] T[ ] S[FR\"g\"] T[ ] S[rF\"h\"]");
    /* not prefixes */
    expect("x'a' ub'b' fb'c' rr'd'", "T[x] S['a'] T[ ub] S['b'] T[ fb] S['c'] T[ rr] S['d']");
    /* triple quotes with the other quote and escaped quotes inside */
    expect("\"\"\"it's \"quoted\" \\\"\"\" too\"\"\"!",
           "S[\"\"\"it's \"quoted\" \\\"\"\" too\"\"\"] T[!]");
    /* '#' inside a string is not a comment */
    expect("'#' # real", "S['#'] T[ ] C[# real]");
}
END_TEST

START_TEST(unterminated_strings)
{
    expect("'abc\nx = 1", "S['abc] T[\nx = ] N[1]");     /* single: to the end of the line */
    expect("\"\"\"abc\nx = 1", "S[\"\"\"abc\nx = 1]"); /* triple: to the end of the text */
    expect("'ab\\\ncd' x", "S['ab\\\ncd'] T[ x]");      /* an escaped newline continues it */
    expect("''''", "S['''']");
    expect("'\\", "S['\\]");
    expect("f'{x", "S[f'{x]");
    expect("f'{x\ny", "S[f'{x] T[\ny]");
}
END_TEST

START_TEST(fstrings)
{
    /* Python 3.12 (PEP 701): quotes inside a replacement field start nested strings */
    expect("f\"{d[\"k\"]}\" + 1", "S[f\"{d[\"k\"]}\"] T[ + ] N[1]");
    expect("f'{x:{w}.{p}}' x", "S[f'{x:{w}.{p}}'] T[ x]");
    expect("f'{{x}}' y", "S[f'{{x}}'] T[ y]");
    expect("f\"{'}'}\" z", "S[f\"{'}'}\"] T[ z]");
    expect("f\"a{b!r:>{w}}c\" z", "S[f\"a{b!r:>{w}}c\"] T[ z]");
    expect("f\"{a != b}\" z", "S[f\"{a != b}\"] T[ z]");
    expect("f\"{x:\"} z", "S[f\"{x:\"] T[} z]"); /* the format spec ends at the outer quote */
    expect("f\"{f'{x!r}'}\" z", "S[f\"{f'{x!r}'}\"] T[ z]");
    expect("f'''{\nx[\"a\"]\n}''' z", "S[f'''{\nx[\"a\"]\n}'''] T[ z]");
    expect("rf\"\\{x}\" z", "S[rf\"\\{x}\"] T[ z]");
    /* in a plain string braces mean nothing */
    expect("'{' + \"}\"", "S['{'] T[ + ] S[\"}\"]");
}
END_TEST

START_TEST(numbers)
{
    expect("1e-3j", "N[1e-3j]");
    expect("0b1010 0o17 0XdeadBEEF 1_000_000 0",
           "N[0b1010] T[ ] N[0o17] T[ ] N[0XdeadBEEF] T[ ] N[1_000_000] T[ ] N[0]");
    expect("3.14 .5 5. 1E10 1e+5 2j 10.5J 1.e5",
           "N[3.14] T[ ] N[.5] T[ ] N[5.] T[ ] N[1E10] T[ ] N[1e+5] T[ ] N[2j] T[ ] N[10.5J] "
           "T[ ] N[1.e5]");
    expect("x1 = a.b1 + 2", "T[x1 = a.b1 + ] N[2]");
    expect("12abc 0b12 1e", "N[12] T[abc ] N[0b1] N[2] T[ ] N[1] T[e]");
    expect("x[1:-2]", "T[x[] N[1] T[:-] N[2] T[]]");
}
END_TEST

START_TEST(comments)
{
    expect("# only", "C[# only]");
    expect("x = 1 # a 'quote\ny", "T[x = ] N[1] T[ ] C[# a 'quote] T[\ny]");
    expect("#\n#", "C[#] T[\n] C[#]");
    expect("if x: # c:\n    pass", "K[if] T[ x: ] C[# c:] T[\n    ] K[pass]");
}
END_TEST

START_TEST(soft_keywords)
{
    expect("match x:\n    case [1, _]:\n        pass\n    case _:\n        pass",
           "K[match] T[ x:\n    ] K[case] T[ [] N[1] T[, _]:\n        ] K[pass] T[\n    ] "
           "K[case] T[ ] K[_] T[:\n        ] K[pass]");
    expect("case -1 | 2:", "K[case] T[ -] N[1] T[ | ] N[2] T[:]");
    expect("case \"a\":", "K[case] T[ ] S[\"a\"] T[:]");
    expect("  match (a, b):", "T[  ] K[match] T[ (a, b):]");
    expect("match *a, b:", "K[match] T[ *a, b:]");
    expect("case _ if x:", "K[case] T[ ] K[_] T[ ] K[if] T[ x:]");
    expect("type X = int", "K[type] T[ X = ] B[int]");
    expect("type Pair[T] = tuple[T, T]", "K[type] T[ Pair[T] = ] B[tuple] T[[T, T]]");
    /* plain names */
    expect("match = 1", "T[match = ] N[1]");
    expect("match == 1", "T[match == ] N[1]");
    expect("match += 1", "T[match += ] N[1]");
    expect("match -= 1", "T[match -= ] N[1]");
    expect("match(x)", "T[match(x)]");
    expect("match.group(1)", "T[match.group(] N[1] T[)]");
    expect("match : int = 3", "T[match : ] B[int] T[ = ] N[3]");
    expect("match in x", "T[match ] K[in] T[ x]");
    expect("x.match(y); case", "T[x.match(y); case]");
    expect("print(match, case, type)", "B[print] T[(match, case, ] B[type] T[)]");
    expect("_ = 1", "T[_ = ] N[1]");
    expect("x = _", "T[x = _]");
    expect("case", "T[case]");
    expect("match\n", "T[match\n]");
    /* type is the builtin unless it starts a type alias */
    expect("type(x)", "B[type] T[(x)]");
    expect("type (x)", "B[type] T[ (x)]");
    expect("type = 3", "B[type] T[ = ] N[3]");
    expect("t = type", "T[t = ] B[type]");
    expect("type is int", "B[type] T[ ] K[is] T[ ] B[int]");
    /* not at the start of a statement: inside brackets, after a continuation */
    expect("foo(\nmatch x)", "T[foo(\nmatch x)]");
    expect("y = \\\nmatch x", "T[y = \\\nmatch x]");
    expect("x = [\n]\nmatch x:", "T[x = [\n]\n] K[match] T[ x:]");
    expect("s = '''\n'''\ncase 1:", "T[s = ] S['''\n'''] T[\n] K[case] T[ ] N[1] T[:]");
}
END_TEST

/* Random text from Python's special characters: never a gap, never a crash. */
START_TEST(always_covers)
{
    static const char alphabet[] = "'\"\\#{}[]():!=\nfrbxFRBX0123.e_j +-\t\xc3\xa9\xff";
    unsigned seed = 12345;
    char text[64];
    for (int round = 0; round < 20000; round++) {
        size_t n = round % 60;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            text[i] = alphabet[(seed >> 16) % (sizeof alphabet - 1)];
        }
        free(describe(text, n));
    }
    /* NUL bytes inside the length count as text */
    HighlightSpan *sp = NULL;
    ck_assert_uint_eq(highlight("a\0b", 3, &sp), 1);
    ck_assert_uint_eq(sp[0].len, 3);
    ck_assert_int_eq(sp[0].kind, HL_TEXT);
    free(sp);
}
END_TEST

START_TEST(deep_nesting)
{
    StrBuf b;
    strbuf_init(&b);
    for (int i = 0; i < 20000; i++)
        strbuf_puts(&b, "f'{");
    strbuf_puts(&b, "x");
    free(describe(b.data, b.len));
    strbuf_free(&b);

    strbuf_init(&b);
    strbuf_puts(&b, "f'{x:");
    for (int i = 0; i < 20000; i++)
        strbuf_puts(&b, "{y:");
    strbuf_puts(&b, "' z");
    char *d = describe(b.data, b.len); /* the outer quote still ends the string */
    size_t dl = strlen(d);
    ck_assert_uint_gt(dl, 8);
    ck_assert_str_eq(d + dl - 8, "'] T[ z]");
    ck_assert_int_eq(strncmp(d, "S[f'{x:{y:", 10), 0);
    free(d);
    strbuf_free(&b);
}
END_TEST

static void expect_callee(const char *text_with_cursor, const char *want)
{
    const char *bar = strchr(text_with_cursor, '|');
    size_t cur = bar ? (size_t)(bar - text_with_cursor) : strlen(text_with_cursor);
    char *text = strdup(text_with_cursor);
    if (bar)
        memmove(text + cur, text + cur + 1, strlen(text + cur));
    char *got = highlight_callee(text, cur);
    if (!want)
        ck_assert_msg(got == NULL, "%s: %s, want none", text_with_cursor, got);
    else
        ck_assert_msg(got && strcmp(got, want) == 0, "%s: %s, want %s", text_with_cursor,
                      got ? got : "none", want);
    free(got);
    free(text);
}

/* The call the cursor is in, for the signature line: the innermost open call with a plain
 * dotted name; brackets inside it, strings and comments do not confuse it. */
START_TEST(callee_of_the_call_being_typed)
{
    expect_callee("print(", "print");
    expect_callee("print(1, |", "print");
    expect_callee("os.path.join(a, [b, |", "os.path.join");
    expect_callee("f(g(x), |", "f");
    expect_callee("f(g(|", "g");
    expect_callee("f(')(', |", "f");
    expect_callee("f(x  # (\n  |", "f");
    expect_callee("f(x)|", NULL);
    expect_callee("x = (1, |", NULL);
    expect_callee("if (|", NULL);
    expect_callee("f()(|", NULL);
    expect_callee("x[0](|", NULL);
    expect_callee("3.5(|", NULL);
    expect_callee("print|(", NULL); /* the cursor before the '(' */
    expect_callee("caf\xc3\xa9(|", "caf\xc3\xa9");
    expect_callee("", NULL);
}
END_TEST

Suite *highlight_suite(void)
{
    Suite *s = suite_create("highlight");
    TCase *tc = tcase_create("lexer");
    tcase_add_test(tc, empty_and_plain);
    tcase_add_test(tc, keywords_and_names);
    tcase_add_test(tc, builtins);
    tcase_add_test(tc, strings);
    tcase_add_test(tc, unterminated_strings);
    tcase_add_test(tc, fstrings);
    tcase_add_test(tc, numbers);
    tcase_add_test(tc, comments);
    tcase_add_test(tc, soft_keywords);
    tcase_add_test(tc, always_covers);
    tcase_add_test(tc, deep_nesting);
    tcase_add_test(tc, callee_of_the_call_being_typed);
    suite_add_tcase(s, tc);
    return s;
}
