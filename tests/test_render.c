/* test_render.c — renderers against golden files (a hand-built Layout, so no live addresses),
 * and the JSON of real objects parsed back by Python's json module with the documented keys. */
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
            "'sizeof', 'footprint', 'deep_size', 'deep_count', 'exclusive_size', 'exclusive_count', "
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

Suite *render_suite(void)
{
    Suite *s = suite_create("render");
    TCase *tc = tcase_create("render");
    tcase_add_test(tc, text_json_and_ascii_match_golden_files);
    tcase_add_test(tc, ascii_output_is_pure_ascii);
    tcase_add_test(tc, json_of_real_objects_parses_with_the_documented_keys);
    tcase_add_test(tc, json_strings_round_trip_exactly);
    suite_add_tcase(s, tc);
    return s;
}
