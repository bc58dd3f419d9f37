/* test_render.c — renderers against golden files (a hand-built Layout, so no live addresses),
 * the JSON of real objects parsed back by Python's json module with the documented keys, the
 * text diagram at other widths, and the SVG parsed back by Python's xml.etree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/xalloc.h"

static void row(LayoutEntries *e, const char *name, const char *ctype, long off, size_t size,
                LayoutRole role, bool counted, const char *value, const char *note)
{
    LayoutEntry *r = layout_entries_add(e);
    r->name = xstrdup(name);
    r->ctype = xstrdup(ctype);
    r->offset = off;
    r->size = size;
    r->role = role;
    r->in_sizeof = counted;
    r->value = xstrdup(value);
    r->note = xstrdup(note);
}

/* A small list-like layout with every kind of row, a buffer and a note. */
static Layout *demo_layout(void)
{
    Layout *l = layout_new();
    l->python_version = xstrdup("3.x");
    l->type_name = xstrdup("demo");
    l->kind = xstrdup("list");
    l->address = 0x1000;
    l->refcount = 3;
    l->refs_held = 2;
    l->sizeof_value = 56;
    l->getsizeof = 72;
    l->preheader_size = 16;
    l->not_in_getsizeof = 0;
    l->allocator_slack = 8;
    l->footprint = 80;
    row(&l->preheader, "_gc_next", "uintptr_t", -16, 8, ROLE_HIDDEN, false, "0 (not tracked by the GC)", NULL);
    row(&l->preheader, "_gc_prev", "uintptr_t", -8, 8, ROLE_HIDDEN, false, "0x2000", NULL);
    row(&l->fields, "ob_refcnt", "Py_ssize_t", 0, 8, ROLE_HEADER, true, "3", "2 held by objscope");
    row(&l->fields, "ob_type", "PyTypeObject *", 8, 8, ROLE_HEADER, true, "<class 'demo'>", NULL);
    row(&l->fields, "ob_size", "Py_ssize_t", 16, 8, ROLE_HEADER, true, "1", NULL);
    row(&l->fields, "ob_item", "PyObject **", 24, 8, ROLE_DATA, true, "0x3000", "the item array, allocated separately");
    row(&l->fields, "allocated", "Py_ssize_t", 32, 8, ROLE_PAYLOAD, true, "2", NULL);
    row(&l->fields, "(allocator rounding)", "", 40, 8, ROLE_UNUSED, false, NULL, NULL);
    LayoutBuffer *b = layout_add_buffer(l, "ob_item array");
    b->address = 0x3000;
    b->size = b->sizeof_charge = 16;
    b->used = 8;
    b->allocator_size = 16;
    b->in_sizeof = true;
    row(&b->entries, "ob_item[0]", "PyObject *", 0, 8, ROLE_POINTER, true, "'caf\xc3\xa9'", NULL);
    b->entries.items[0].target = 0x4000;
    b->entries.items[0].target_type = xstrdup("str");
    row(&b->entries, "ob_item[1]", "PyObject *", 8, 8, ROLE_UNUSED, true, NULL, "over-allocated, not in use");
    l->deep_done = true; /* the list, its array and one str; only the list's own are freed */
    l->deep_size = 72 + 16 + 61;
    l->deep_footprint = 80 + 16 + 64;
    l->deep_count = 3;
    l->deep_objects = 2;
    l->exclusive_size = 88;
    l->exclusive_footprint = 96;
    l->exclusive_count = 2;
    l->exclusive_objects = 1;
    l->deep_getsizeof = 72 + 61;
    l->deep_getsizeof_count = 2;
    l->deep_root_outside_refs = 2;
    layout_add_note(l, "a note for the reader");
    return l;
}

/* Compare with tests/golden/NAME; OBJSCOPE_UPDATE_GOLDEN=1 rewrites the file instead. */
static void assert_golden(const char *name, const char *got)
{
    char path[256];
    snprintf(path, sizeof path, "tests/golden/%s", name);
    if (getenv("OBJSCOPE_UPDATE_GOLDEN")) {
        FILE *f = fopen(path, "wb");
        fputs(got, f);
        fclose(f);
        return;
    }
    char *want = tl_read_all(path);
    ck_assert_msg(strcmp(want, got) == 0, "%s differs from its golden file:\n%s", name, got);
    free(want);
}

static char *render(const Layout *l, int how)
{
    StrBuf b;
    strbuf_init(&b);
    Out out = out_to_strbuf(&b);
    TextOptions t = {.ascii = how == 1};
    if (how == 2)
        render_json(l, &out);
    else
        render_text(l, &t, &out);
    return strbuf_take(&b);
}

START_TEST(text_json_and_ascii_match_golden_files)
{
    static const char *const names[] = {"demo.txt", "demo-ascii.txt", "demo.json"};
    Layout *l = demo_layout();
    for (int how = 0; how < 3; how++) {
        char *got = render(l, how);
        assert_golden(names[how], got);
        free(got);
    }
    layout_free(l);
}
END_TEST

START_TEST(ascii_output_is_pure_ascii)
{
    Layout *l = demo_layout();
    char *got = render(l, 1);
    for (const unsigned char *p = (const unsigned char *)got; *p; p++)
        ck_assert_msg(*p < 0x80, "non-ASCII byte %#x in --ascii output", *p);
    free(got);
    layout_free(l);
}
END_TEST

START_TEST(json_of_real_objects_parses_with_the_documented_keys)
{
    static const char *const exprs[] = {"[1, 'two', None]", "{'k': 'v'}", "'\\x1b[31mred'", "2**100"};
    for (size_t i = 0; i < sizeof exprs / sizeof exprs[0]; i++) {
        PyObject *o;
        Layout *l = tl_layout(exprs[i], NULL, &o);
        char *json = render(l, 2);
        PyObject *text = PyUnicode_FromString(json);
        ck_assert_ptr_nonnull(text);
        long long ok = tl_py_int(text,
            "(lambda d: all(k in d for k in ('python_version', 'type', 'address', 'getsizeof', "
            "'sizeof', 'footprint', 'deep_size', 'deep_footprint', 'deep_count', 'deep_objects', "
            "'exclusive_size', 'exclusive_footprint', 'exclusive_count', 'exclusive_objects', "
            "'deep_getsizeof', 'deep_getsizeof_count', 'outside_refs', "
            "'refcount', 'refs_held_by_objscope', 'preheader', 'fields', 'buffers', 'unaccounted', "
            "'static', 'getsizeof_overcount')) and all(set(f) >= {'name', 'offset', 'size', 'ctype', "
            "'value', 'hex', 'in_sizeof'} for f in d['fields'] + d['preheader']) and all(set(b) >= "
            "{'name', 'address', 'size', 'used', 'allocator_size', 'in_sizeof'} for b in d['buffers']))"
            "(__import__('json').loads(o))");
        ck_assert_msg(ok == 1, "JSON for %s lacks documented keys:\n%s", exprs[i], json);
        ck_assert_msg(strchr(json, 0x1b) == NULL, "raw escape byte in JSON for %s", exprs[i]);
        Py_DECREF(text);
        free(json);
        layout_free(l);
        Py_DECREF(o);
    }
}
END_TEST

/* JSON strings are exact: json.loads gives back the very text (a lone surrogate as
 * 'surrogatepass' encodes it; a byte that is not UTF-8 as U+FFFD), and nothing a terminal acts
 * on is written raw. */
START_TEST(json_strings_round_trip_exactly)
{
    static const char *const texts[] = {
        "plain", "q\"b\\c\x1b[2Jd", "tab\tnl\ncr\r del\x7f", "C1 \xc2\x85 ls \xe2\x80\xa8",
        "bidi \xe2\x80\xae end", "caf\xc3\xa9 \xf0\x9f\x90\x8d", "lone \xed\xb2\x80 surrogate",
        "bad \xff byte", "",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        StrBuf b;
        strbuf_init(&b);
        Out out = out_to_strbuf(&b);
        render_json_string(&out, texts[i]);
        for (const unsigned char *p = (const unsigned char *)b.data; *p; p++)
            ck_assert_msg(*p >= 0x20 && *p != 0x7f && !(p[0] == 0xc2 && p[1] < 0xa0) &&
                          !(p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xae)),
                          "raw control in %s", b.data);
        PyObject *pair = Py_BuildValue("(sy)", b.data, texts[i]);
        ck_assert_ptr_nonnull(pair);
        long long same = tl_py_int(pair, "__import__('json').loads(o[0]) == "
                                         "(o[1].decode('utf-8', 'surrogatepass') if b'\\xff' "
                                         "not in o[1] else 'bad \\ufffd byte')");
        ck_assert_msg(same == 1, "%s does not round-trip: %s", texts[i], b.data);
        Py_DECREF(pair);
        strbuf_free(&b);
    }
}
END_TEST

/* Each line's columns, and how many lines. */
static int widest_line(const char *text, int *lines)
{
    int most = 0;
    *lines = 0;
    for (const char *p = text; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        int w = render_columns(p, n);
        most = w > most ? w : most;
        ++*lines;
        p += n + (nl ? 1 : 0);
    }
    return most;
}

static char *text_at(const Layout *l, int width)
{
    StrBuf b;
    strbuf_init(&b);
    Out out = out_to_strbuf(&b);
    TextOptions t = {.width = width};
    render_text(l, &t, &out);
    return strbuf_take(&b);
}

START_TEST(width_sets_every_box_line_and_big_offsets_widen_their_column)
{
    Layout *l = demo_layout();
    LayoutBuffer *b = &l->buffers[0];
    row(&b->entries, "ob_item[8..999997]", "PyObject *", 64, 7999920, ROLE_POINTER, true,
        "items not shown", NULL);
    row(&b->entries, "ob_item[999999]", "PyObject *", 7999992, 8, ROLE_POINTER, true, "7", NULL);
    layout_add_note(l, "a long note that has to wrap when the diagram is narrow: it says "
                       "something about every byte the reader sees above, at length");
    static const int widths[] = {60, 67, 80, 97, 120, 200};
    for (size_t i = 0; i < sizeof widths / sizeof widths[0]; i++) {
        char *got = text_at(l, widths[i]);
        int lines, most = widest_line(got, &lines);
        /* below 80 columns the columns' own minimum (67, here 70 for the 7-digit numbers) wins */
        int want = widths[i] < 80 ? 70 : widths[i];
        ck_assert_msg(most == want, "width %d: widest line %d, want %d:\n%s", widths[i], most,
                      want, got);
        ck_assert_msg(strstr(got, "│ 7999992       8  ob_item[") != NULL,
                      "width %d: the 7-digit offset and its size are not whole:\n%s", widths[i], got);
        ck_assert_msg(strstr(got, "     64 7999920  ob_item[8..") != NULL,
                      "width %d: the 7-digit size is not whole:\n%s", widths[i], got);
        ck_assert_msg(strstr(got, "…") == NULL || widths[i] < 97,
                      "width %d: something was cut:\n%s", widths[i], got);
        free(got);
    }
    layout_free(l);
}
END_TEST

START_TEST(sizes_are_grouped_in_threes)
{
    Layout *l = demo_layout();
    l->sizeof_value = 8000040;
    l->getsizeof = 8000056;
    l->footprint = 8003640;
    char *got = text_at(l, 0);
    ck_assert_msg(strstr(got, "    __sizeof__                          8,000,040   fields 40 + buffers 16\n") != NULL, "%s", got);
    ck_assert_msg(strstr(got, "  = sys.getsizeof                       8,000,056\n") != NULL, "%s", got);
    ck_assert_msg(strstr(got, "  + pre-header                                 16\n") != NULL, "%s", got);
    free(got);
    layout_free(l);
}
END_TEST

/* The palette a test draws with: every style its own colour, the pointer's bold and underlined. */
static SvgOptions test_svg_options(void)
{
    SvgOptions o = {.title = "objscope: <demo> & co"};
    for (int s = 0; s < TEXT_STYLE_COUNT; s++)
        o.colors.style[s] = (SvgColor){(short)(s % 16), -1, 0};
    o.colors.style[TEXT_STYLE_ROLE + ROLE_POINTER] = (SvgColor){14, -1, RENDER_BOLD | RENDER_UNDERLINE};
    o.colors.style[TEXT_STYLE_ROLE + ROLE_HIDDEN] = (SvgColor){15, 5, 0};
    return o;
}

static char *svg_of(const Layout *l, const SvgOptions *o)
{
    StrBuf b;
    strbuf_init(&b);
    Out out = out_to_strbuf(&b);
    render_svg(l, o, &out);
    return strbuf_take(&b);
}

/* s as hex digits, to hand any text to Python untouched (a static buffer). */
static const char *hex_of(const char *s)
{
    static char hex[512];
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p && n + 3 < sizeof hex; p++)
        n += (size_t)snprintf(hex + n, sizeof hex - n, "%02x", *p);
    hex[n] = '\0';
    return hex;
}

/* Python's xml.etree on the SVG (as `o`, a str): the value of `check`, a function of the root. */
static long long svg_check(const char *svg, const char *check)
{
    PyObject *text = PyUnicode_FromString(svg);
    ck_assert_ptr_nonnull(text);
    char *expr = xasprintf("(%s)(__import__('xml.etree.ElementTree').etree.ElementTree"
                           ".fromstring(o.encode()))", check);
    long long v = tl_py_int(text, expr);
    free(expr);
    Py_DECREF(text);
    return v;
}

START_TEST(svg_is_well_formed_with_the_diagram_as_text)
{
    Layout *l = demo_layout();
    SvgOptions o = test_svg_options();
    char *svg = svg_of(l, &o);
    char *text = text_at(l, 0);
    int lines, cols = widest_line(text, &lines);
    ck_assert_int_eq(svg_check(svg, "lambda r: r.tag == '{http://www.w3.org/2000/svg}svg'"), 1);
    /* 12 px margins, 8.4 px cells, 17 px lines: the size follows the text's rows and columns */
    ck_assert_int_eq(svg_check(svg, "lambda r: int(r.get('width'))"), (int)(24 + cols * 8.4 + 0.999));
    ck_assert_int_eq(svg_check(svg, "lambda r: int(r.get('height'))"), 24 + lines * 17);
    ck_assert_int_eq(svg_check(svg, "lambda r: len(r.findall('{http://www.w3.org/2000/svg}text'))"),
                     lines - 1); /* the blank line before the sizes has no <text> */
    ck_assert_int_eq(svg_check(svg,
        "lambda r: r.find('{http://www.w3.org/2000/svg}title').text == 'objscope: <demo> & co'"), 1);
    const char *names[] = {"_gc_next", "ob_refcnt", "ob_item", "allocated", "ob_item[0]",
                           "(allocator rounding)", "sys.getsizeof", "a note for the reader",
                           "'café' → str"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char *check = xasprintf("lambda r: int(bytes.fromhex('%s').decode() in "
                                "''.join(r.itertext()))", hex_of(names[i]));
        ck_assert_msg(svg_check(svg, check) == 1, "'%s' is not in the SVG's text:\n%s", names[i], svg);
        free(check);
    }
    /* a row's pieces sit at their terminal columns: the member column starts at the same x on
     * every row, the theme's pointer colour, bold and underline are on the pointer's name */
    ck_assert_int_eq(svg_check(svg,
        "lambda r: len({t.get('x') for t in r.iter('{http://www.w3.org/2000/svg}tspan') "
        "if (t.text or '').startswith(('_gc_next', 'ob_refcnt', 'ob_item[0]'))})"), 1);
    ck_assert_int_eq(svg_check(svg,
        "lambda r: int(any(t.text.startswith('ob_item[0]') and t.get('fill') == '#34e2e2' and "
        "t.get('font-weight') == 'bold' and t.get('text-decoration') == 'underline' "
        "for t in r.iter('{http://www.w3.org/2000/svg}tspan')))"), 1);
    /* a style with a background (hidden: on magenta) gets a rectangle behind its text */
    ck_assert_int_eq(svg_check(svg,
        "lambda r: len([e for e in r.iter('{http://www.w3.org/2000/svg}rect') "
        "if e.get('fill') == '#75507b'])"), 4);
    free(text);
    free(svg);
    layout_free(l);
}
END_TEST

Suite *render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("render");
    tcase_add_test(tc, text_json_and_ascii_match_golden_files);
    tcase_add_test(tc, ascii_output_is_pure_ascii);
    tcase_add_test(tc, json_of_real_objects_parses_with_the_documented_keys);
    tcase_add_test(tc, json_strings_round_trip_exactly);
    tcase_add_test(tc, width_sets_every_box_line_and_big_offsets_widen_their_column);
    tcase_add_test(tc, sizes_are_grouped_in_threes);
    tcase_add_test(tc, svg_is_well_formed_with_the_diagram_as_text);
    suite_add_tcase(s, tc);
    return s;
}
