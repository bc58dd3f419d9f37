/* test_ui.c — the explorer's pure logic: pane geometry at several terminal sizes, the key tables
 * (no key bound twice to different actions, no binding without help), diagram rows, and output
 * laid out in the REPL's scrollback as a terminal would show it. */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/suites.h"
#include "tests/testlib.h"
#include "ui/geometry.h"
#include "ui/keys.h"
#include "ui/repl.h"
#include "ui/termline.h"
#include "ui/textwrap.h"
#include "ui/transcript.h"
#include "util/xalloc.h"
#include "ui/rows.h"

static int area(Rect r) { return r.w * r.h; }

START_TEST(geometry_side_by_side_when_wide)
{
    ScreenGeometry g = geometry_compute(160, 40, PANE_REPL, false);
    ck_assert_int_eq(g.mode, SCREEN_SIDE);
    ck_assert_int_eq(g.repl.h, 38);
    ck_assert_int_eq(g.diagram.h, 38);
    ck_assert_int_eq(g.repl.w + 1 + g.diagram.w, 160);
    ck_assert_int_eq(g.diagram.x, g.repl.w + 1);
    ck_assert_int_eq(g.status.y, 39);
}
END_TEST

START_TEST(geometry_stacked_at_100x30)
{
    ScreenGeometry g = geometry_compute(100, 30, PANE_REPL, false);
    ck_assert_int_eq(g.mode, SCREEN_STACKED);
    ck_assert_int_eq(g.diagram.w, 100);
    ck_assert_int_eq(g.repl.w, 100);
    /* title + diagram + divider + repl + status fill the screen exactly */
    ck_assert_int_eq(1 + g.diagram.h + 1 + g.repl.h + 1, 30);
    ck_assert_int_eq(g.repl.y, g.divider.y + 1);
    ck_assert(!g.compact);
}
END_TEST

START_TEST(geometry_one_pane_when_small_and_refuses_below_minimum)
{
    ScreenGeometry g = geometry_compute(50, 14, PANE_DIAGRAM, false);
    ck_assert_int_eq(g.mode, SCREEN_SINGLE);
    ck_assert_int_eq(area(g.repl), 0);
    ck_assert_int_eq(g.diagram.h, 12);
    ck_assert(g.compact);
    g = geometry_compute(50, 14, PANE_REPL, false);
    ck_assert_int_eq(area(g.diagram), 0);
    ck_assert_int_eq(g.repl.h, 12);
    ck_assert_int_eq(geometry_compute(40, 12, PANE_REPL, false).mode, SCREEN_SINGLE);
    ck_assert_int_eq(geometry_compute(39, 30, PANE_REPL, false).mode, SCREEN_TOO_SMALL);
    ck_assert_int_eq(geometry_compute(100, 11, PANE_REPL, false).mode, SCREEN_TOO_SMALL);
}
END_TEST

START_TEST(geometry_with_a_lesson)
{
    ScreenGeometry g = geometry_compute(160, 40, PANE_REPL, true);
    ck_assert_int_eq(g.lesson.x, 0);
    ck_assert_int_eq(g.lesson.h, 38);
    ck_assert_int_gt(g.diagram.x, g.lesson.w);
    ck_assert_int_eq(g.mode, SCREEN_STACKED); /* diagram over REPL, right of the lesson */
    g = geometry_compute(100, 30, PANE_REPL, true);
    ck_assert_int_eq(g.lesson.y, 1);
    ck_assert_int_eq(g.lesson.w, 100);
    ck_assert_int_gt(g.diagram.h, 5);
    ck_assert_int_gt(g.repl.h, 5);
    ck_assert_int_eq(g.lesson.h + g.diagram.h + 1 + g.repl.h, 28);
    g = geometry_compute(60, 16, PANE_LESSON, true);
    ck_assert_int_eq(g.mode, SCREEN_SINGLE);
    ck_assert_int_eq(g.lesson.h, 14);
    ck_assert_int_eq(area(g.repl) + area(g.diagram), 0);
    g = geometry_compute(60, 16, PANE_REPL, true);
    ck_assert_int_eq(area(g.lesson), 0);
}
END_TEST

START_TEST(key_tables_are_consistent)
{
    for (int m = 0; m < KEYMAP_COUNT; m++) {
        size_t n;
        const KeyBinding *t = keys_table((KeymapId)m, &n);
        ck_assert_uint_ge(n, 3);
        for (size_t i = 0; i < n; i++) {
            ck_assert_msg(t[i].help && *t[i].help, "%s has no help", t[i].keyname);
            ck_assert_msg(t[i].keyname && *t[i].keyname, "binding %zu has no key name", i);
            ck_assert_int_ne(t[i].action, ACT_NONE);
            for (size_t j = i + 1; j < n; j++)
                ck_assert_msg(t[i].key != t[j].key || t[i].action == t[j].action,
                              "%s bound twice in %s", t[i].keyname, keys_map_title((KeymapId)m));
        }
    }
    ck_assert_int_eq(keys_lookup(KEYMAP_REPL, KEY_CTRL('r')), ACT_SEARCH);
    ck_assert_int_eq(keys_lookup(KEYMAP_DIAGRAM, 'h'), ACT_HEX);
    ck_assert_int_eq(keys_lookup(KEYMAP_DIAGRAM, 'x'), ACT_NONE);
}
END_TEST

/* Columns must widen for a 10 MB string: its characters are 10,000,001 bytes, and the bytes
 * after them (when the allocator's rounding is known) start at an offset of eight digits. */
START_TEST(rows_measure_their_widest_numbers)
{
    PyObject *o;
    Layout *l = tl_layout("'y' * 10**7", NULL, &o);
    DiagramRows r;
    rows_build(&r, l, 0);
    ck_assert_int_eq(r.size_digits, 8); /* the characters: 10,000,001 bytes */
    long widest = 0; /* the allocator's rounding after them is shown only when measured */
    for (size_t i = 0; i < l->fields.len; i++)
        widest = l->fields.items[i].offset > widest ? l->fields.items[i].offset : widest;
    ck_assert_int_eq(r.offset_digits, widest >= 10000000 ? 8 : 2);
    rows_free(&r);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

START_TEST(rows_cover_every_entry_and_skip_to_entries)
{
    PyObject *o;
    Layout *l = tl_layout("[1, 2, 3]", NULL, &o);
    DiagramRows r;
    rows_build(&r, l, 0);
    size_t entries = 0, expected = l->preheader.len + l->fields.len;
    for (size_t i = 0; i < l->nbuffers; i++)
        expected += l->buffers[i].entries.len;
    for (size_t i = 0; i < r.len; i++)
        entries += r.rows[i].kind == ROW_ENTRY;
    ck_assert_uint_eq(entries, expected);
    ck_assert_int_eq(r.rows[0].kind, ROW_SECTION);
    size_t first = rows_next_entry(&r, 0, +1);
    ck_assert_int_eq(r.rows[first].kind, ROW_ENTRY);
    ck_assert_int_eq(rows_next_entry(&r, first, -1), (long)first); /* nothing above it */
    ck_assert_int_eq(r.offset_digits, 3); /* "-16", the pre-header */
    ck_assert_int_eq(r.size_digits, 1);   /* every field is 8 bytes */
    rows_free(&r);
    HexLine *lines;
    size_t n = rows_hex(l, &lines);
    ck_assert_uint_eq(n, (l->raw_len + 15) / 16);
    ck_assert_int_eq(lines[0].offset, -(long)l->preheader_size);
    ck_assert_int_eq(lines[0].roles[0], l->preheader.len ? ROLE_HIDDEN : ROLE_HEADER);
    free(lines);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* The sizes section groups digits as the breadcrumb and :mem do (800,056, not 800056). */
START_TEST(rows_group_the_digits_of_sizes)
{
    PyObject *o;
    Layout *l = tl_layout("[0] * 100000", NULL, &o);
    DiagramRows r;
    rows_build(&r, l, 0);
    bool getsizeof = false, footprint = false;
    for (size_t i = 0; i < r.len; i++) {
        const char *t = r.rows[i].text ? r.rows[i].text : "";
        getsizeof |= strcmp(t, "sys.getsizeof 800,056 = __sizeof__ 800,040 + pre-header 16") == 0;
        footprint |= strncmp(t, "footprint 80", 12) == 0 && strchr(t, ',') != NULL;
    }
    ck_assert_msg(getsizeof, "no grouped getsizeof row");
    ck_assert_msg(footprint, "no grouped footprint row");
    rows_free(&r);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* Notes break at spaces, by terminal columns; a word longer than a row is cut where it ends. */
START_TEST(textwrap_breaks_at_words_and_columns)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    const char *s = "5 code points + NUL terminator, 1 byte each";
    size_t st[8];
    ck_assert_uint_eq(textwrap_words(s, 20, st, 8), 3);
    ck_assert_uint_eq(st[1], 20);
    ck_assert_uint_eq(st[2], 39);
    ck_assert_uint_eq(textwrap_row_len(s, st, 3, 0), 19); /* "5 code points + NUL" */
    ck_assert_uint_eq(textwrap_row_len(s, st, 3, 2), 4);  /* "each" */
    ck_assert_uint_eq(textwrap_words(s, 100, st, 8), 1);
    ck_assert_uint_eq(textwrap_words("", 10, st, 8), 1);
    ck_assert_uint_eq(textwrap_words("abcdefghij", 4, st, 8), 3); /* abcd efgh ij */
    ck_assert_uint_eq(st[1], 4);
    ck_assert_uint_eq(textwrap_words("\xe6\x97\xa5\xe6\x9c\xac \xe6\x97\xa5", 4, st, 8), 2);
    ck_assert_uint_eq(st[1], 7); /* two wide characters fill the row */
    ck_assert_uint_eq(textwrap_chars("abcdefghij", 10, 4, st, 8), 3);
    ck_assert_uint_eq(textwrap_chars("abcdefghij", 10, 4, st, 2), 3); /* counted past max */
}
END_TEST

/* A note longer than the pane goes on in indented rows that hold all of its words. */
START_TEST(rows_wrap_text_to_the_pane)
{
    PyObject *o;
    Layout *l = tl_layout("{'a': 1}", NULL, &o);
    layout_add_note(l, "a note long enough to need three rows of forty columns, so that its "
                       "words go on in indented rows and the end of it does not count them");
    DiagramRows narrow, wide;
    rows_build(&wide, l, 0);
    rows_build(&narrow, l, 40);
    ck_assert_uint_gt(narrow.len, wide.len);
    size_t entries = 0;
    for (size_t i = 0; i < narrow.len; i++) {
        entries += narrow.rows[i].kind == ROW_ENTRY;
        if (narrow.rows[i].kind == ROW_TEXT)
            ck_assert_int_le((int)strlen(narrow.rows[i].text), 40);
        if (i < wide.len && wide.rows[i].kind == ROW_ENTRY) /* entries keep their places */
            ck_assert_ptr_eq(narrow.rows[i].entry, wide.rows[i].entry);
    }
    ck_assert_uint_eq(entries, l->preheader.len + l->fields.len + l->buffers[0].entries.len);
    bool end = false;
    for (size_t i = 0; i < narrow.len; i++)
        end |= narrow.rows[i].text && strstr(narrow.rows[i].text, "does not count them") != NULL;
    ck_assert(end);
    rows_free(&narrow);
    rows_free(&wide);
    layout_free(l);
    Py_DECREF(o);
}
END_TEST

/* :compare's line names the smaller one first and says by how much, all numbers in that order. */
START_TEST(compare_summary_states_the_differences)
{
    PyObject *o1, *o2;
    Layout *t = tl_layout("(1, 2, 3)", NULL, &o1), *l = tl_layout("[1, 2, 3]", NULL, &o2);
    ck_assert_uint_lt(t->footprint, l->footprint);
    char *want = xasprintf("(1, 2, 3) takes %zu bytes less than [1, 2, 3]: footprint %zu vs %zu "
                           "(%zu%% less) · getsizeof %lld vs %lld", l->footprint - t->footprint,
                           t->footprint, l->footprint, (l->footprint - t->footprint) * 100 / l->footprint,
                           t->getsizeof, l->getsizeof);
    char *got = rows_compare_summary(l, "[1, 2, 3]", t, "(1, 2, 3)");
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
    got = rows_compare_summary(t, "a", t, "b");
    ck_assert(strncmp(got, "the same footprint: ", 20) == 0);
    free(got);
    Layout same = *t, more = *t; /* equal footprints, different deep sizes */
    same.deep_done = more.deep_done = true;
    same.deep_footprint = 112;
    more.deep_footprint = 224;
    got = rows_compare_summary(&more, "D()", &same, "S()");
    ck_assert_msg(strstr(got, " · deep: S() takes 112 bytes less than D() (112 vs 224)") != NULL, "%s", got);
    free(got);
    layout_free(t);
    layout_free(l);
    Py_DECREF(o1);
    Py_DECREF(o2);
}
END_TEST

/* The scrollback's lines from `first` on must be exactly want[] (NULL-terminated). */
static void expect_lines(const Repl *r, size_t first, const char *const *want)
{
    size_t n = 0;
    for (; want[n]; n++) {
        ck_assert_uint_lt(first + n, r->len);
        ck_assert_str_eq(r->lines[(r->first + first + n) % REPL_MAX_LINES].text, want[n]);
    }
    ck_assert_uint_eq(r->len, first + n);
}

/* What code prints reads as in a terminal: tabs move to 8-column stops (counted in the columns
 * shown, escapes included), a carriage return writes over the line from column 0; every other
 * control character stays escaped. */
START_TEST(repl_output_lays_out_tabs_and_carriage_returns)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    Repl r;
    repl_init(&r, NULL);
    repl_print(&r, LINE_OUTPUT, "name\tsize\nlist\t88\n");
    repl_print(&r, LINE_OUTPUT, "10%\r50%\nabcdef\rXY\nabcdefghij\r\tX\nend\t\r\n");
    repl_print(&r, LINE_OUTPUT, "\x1b[1m\tb\na\x07\tb\n\xc3\xa9\tb\n\xe6\x97\xa5\xe6\x9c\xac\rX\n");
    repl_print(&r, LINE_ERROR, "e\tf\rE");
    expect_lines(&r, 0, (const char *const[]){
        "name    size", "list    88", "50%", "XYcdef", "abcdefghXj", "end",
        "\\x1b[1m b", "a\\x07   b", "\xc3\xa9       b", "X \xe6\x9c\xac", "E       f", NULL});
    /* Results are reprs, already escaped; objscope's own lines are shown escaped as they are. */
    repl_print(&r, LINE_INFO, "a\tb\rc");
    expect_lines(&r, 11, (const char *const[]){"a\\tb\\rc", NULL});
    repl_free(&r);
}
END_TEST

/* A line longer than REPL_LINE_MAX keeps its start and says how much it leaves out. */
START_TEST(repl_long_lines_are_cut_with_a_note)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    Repl r;
    repl_init(&r, NULL);
    size_t n = 3 * REPL_LINE_MAX;
    char *big = malloc(n + 1);
    memset(big, 'y', n);
    big[n] = '\0';
    repl_print(&r, LINE_OUTPUT, big);
    const char *t = r.lines[r.first].text;
    ck_assert_uint_lt(strlen(t), REPL_LINE_MAX + 64);
    char note[64];
    snprintf(note, sizeof note, " (%zu more bytes not shown)", n - REPL_LINE_MAX);
    ck_assert_str_eq(t + strlen(t) - strlen(note), note);
    ck_assert_uint_eq(strspn(t, "y"), REPL_LINE_MAX);
    free(big);
    repl_free(&r);
}
END_TEST

/* The newest history entry that starts with the input is offered; Right or End at the end of
 * the input takes it (a block without the blank line that ended it). */
START_TEST(repl_suggests_from_history)
{
    Repl r;
    repl_init(&r, NULL);
    repl_echo_input(&r, "x = [1, 2, 3]");
    repl_echo_input(&r, "def f():\n    return 1\n");
    repl_echo_input(&r, "x = [4]");
    ck_assert_ptr_null(repl_suggestion(&r)); /* empty input */
    editor_set(r.ed, "x = [");
    ck_assert_str_eq(repl_suggestion(&r), "4]");
    editor_set(r.ed, "x = [1");
    ck_assert_str_eq(repl_suggestion(&r), ", 2, 3]");
    editor_left(r.ed);
    ck_assert_ptr_null(repl_suggestion(&r)); /* the cursor is not at the end */
    editor_end(r.ed);
    repl_key(&r, ACT_RIGHT, NULL);
    ck_assert_str_eq(editor_text(r.ed), "x = [1, 2, 3]");
    ck_assert_ptr_null(repl_suggestion(&r)); /* nothing more to offer */
    editor_set(r.ed, "def");
    ck_assert_str_eq(repl_suggestion(&r), " f():\n    return 1\n");
    repl_key(&r, ACT_END, NULL);
    ck_assert_str_eq(editor_text(r.ed), "def f():\n    return 1");
    editor_set(r.ed, "zzz");
    ck_assert_ptr_null(repl_suggestion(&r));
    repl_key(&r, ACT_RIGHT, NULL); /* no suggestion: Right just moves */
    ck_assert_str_eq(editor_text(r.ed), "zzz");
    repl_free(&r);
}
END_TEST

/* What :save writes: the header, then each input that ran, blocks standing apart. */
START_TEST(transcript_is_a_runnable_file)
{
    Transcript t;
    transcript_init(&t);
    transcript_add(&t, "import sys", true, NULL);
    transcript_add(&t, "def f():\n    return 1\n\n", false, NULL);
    transcript_add(&t, "x = f()\n", false, NULL);
    transcript_add(&t, "  \n", false, NULL); /* nothing: not kept */
    transcript_add(&t, "y = 1 / 0\nz = 2", false, "ZeroDivisionError");
    ck_assert_uint_eq(t.len, 4);
    char *text = transcript_text(&t);
    const char *body = strstr(text, "\n\n");
    ck_assert_ptr_nonnull(body);
    ck_assert_str_eq(body, "\n\n# from --setup\nimport sys\n\ndef f():\n    return 1\n\nx = f()\n\n"
                           "# raised ZeroDivisionError at the prompt; left out so the file runs on:\n"
                           "# y = 1 / 0\n# z = 2\n\n");
    free(text);
    transcript_free(&t);
    ck_assert(transcript_is_syntax_error("  File \"<stdin>\", line 1\n    x = = 1\n        ^\n"
                                         "SyntaxError: invalid syntax\n"));
    ck_assert(transcript_is_syntax_error("IndentationError: unexpected indent"));
    ck_assert(!transcript_is_syntax_error("Traceback (most recent call last):\n"
                                          "NameError: name 'SyntaxError' is not defined\n"));
    ck_assert(!transcript_is_syntax_error(""));
    char *name = transcript_error_name("Traceback (most recent call last):\n"
                                       "NameError: name 'SyntaxError' is not defined\n\n");
    ck_assert_str_eq(name, "NameError");
    free(name);
}
END_TEST

static void expect_termline(const char *in, size_t n, const char *want)
{
    char *got = termline(in, n);
    ck_assert_str_eq(got, want);
    free(got);
}
#define TERMLINE(in, want) expect_termline(in, sizeof in - 1, want)

/* Wide characters, combining marks, NULs and invalid bytes, as a terminal lays them out. */
START_TEST(termline_writes_over_cells_like_a_terminal)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    TERMLINE("a\xe6\x97\xa5\rab", "ab ");              /* half a wide character is blanked */
    TERMLINE("\xe6\x97\xa5\xe6\x9c\xac\r\xe6\x9c\x88", "\xe6\x9c\x88\xe6\x9c\xac");
    TERMLINE("abc\rXe\xcc\x81", "Xe\xcc\x81" "c");     /* a combining mark joins its letter */
    TERMLINE("ab\r\xcc\x81", "ab");                     /* ...none at column 0: dropped */
    TERMLINE("a\0\tb", "a\\x00   b");
    TERMLINE("x\xff\ty", "x\\xff   y");
    TERMLINE("\t\tx", "                x");
    TERMLINE("ab\r\r\tc", "ab      c");
    TERMLINE("abc\r", "abc");
    TERMLINE("\t", "        ");                         /* up to the cursor: a prompt's end */
    TERMLINE("name:\t", "name:   ");
    TERMLINE("plain \x1b[2J", "plain \\x1b[2J");
}
END_TEST

Suite *ui_suite(void)
{
    Suite *s = suite_create("ui");
    TCase *tc = tcase_create("ui");
    tcase_add_test(tc, geometry_side_by_side_when_wide);
    tcase_add_test(tc, geometry_stacked_at_100x30);
    tcase_add_test(tc, geometry_one_pane_when_small_and_refuses_below_minimum);
    tcase_add_test(tc, geometry_with_a_lesson);
    tcase_add_test(tc, key_tables_are_consistent);
    tcase_add_test(tc, rows_cover_every_entry_and_skip_to_entries);
    tcase_add_test(tc, rows_measure_their_widest_numbers);
    tcase_add_test(tc, rows_group_the_digits_of_sizes);
    tcase_add_test(tc, textwrap_breaks_at_words_and_columns);
    tcase_add_test(tc, rows_wrap_text_to_the_pane);
    tcase_add_test(tc, compare_summary_states_the_differences);
    tcase_add_test(tc, repl_output_lays_out_tabs_and_carriage_returns);
    tcase_add_test(tc, termline_writes_over_cells_like_a_terminal);
    tcase_add_test(tc, repl_long_lines_are_cut_with_a_note);
    tcase_add_test(tc, repl_suggests_from_history);
    tcase_add_test(tc, transcript_is_a_runnable_file);
    suite_add_tcase(s, tc);
    return s;
}
