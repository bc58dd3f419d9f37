/* test_editor.c — the input line's text model: every key's effect on the text and the cursor,
 * UTF-8 movement and display columns, word motion, kill/yank, auto-indent, completion helpers.
 * Texts are written with '|' marking the cursor. */
#include <check.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tests/suites.h"
#include "ui/editor.h"
#include "util/strbuf.h"

static void utf8_locale(void)
{
    setlocale(LC_CTYPE, "C.UTF-8");
}

/* An editor holding `marked` without its '|', the cursor where the '|' was. */
static Editor *ed(const char *marked)
{
    const char *bar = strchr(marked, '|');
    ck_assert_ptr_nonnull(bar);
    StrBuf b;
    strbuf_init(&b);
    strbuf_add(&b, marked, (size_t)(bar - marked));
    strbuf_puts(&b, bar + 1);
    Editor *e = editor_new();
    editor_set(e, b.data);
    editor_set_cursor(e, (size_t)(bar - marked));
    ck_assert_uint_eq(editor_cursor(e), (size_t)(bar - marked));
    strbuf_free(&b);
    return e;
}

/* The text with '|' at the cursor. */
static char *marked(const Editor *e)
{
    StrBuf b;
    strbuf_init(&b);
    strbuf_add(&b, editor_text(e), editor_cursor(e));
    strbuf_putc(&b, '|');
    strbuf_puts(&b, editor_text(e) + editor_cursor(e));
    return strbuf_take(&b);
}

#define EXPECT(e, want)                                                                           \
    do {                                                                                          \
        char *got_ = marked(e);                                                                   \
        ck_assert_str_eq(got_, want);                                                             \
        ck_assert_uint_eq(editor_len(e), strlen(editor_text(e)));                                 \
        free(got_);                                                                               \
    } while (0)

static void expect_rowcol(const Editor *e, size_t line, size_t col)
{
    size_t l = 99, c = 99;
    editor_cursor_rowcol(e, &l, &c);
    ck_assert_uint_eq(l, line);
    ck_assert_uint_eq(c, col);
}

/* ---- basics ---- */

START_TEST(new_set_clear_insert)
{
    Editor *e = editor_new();
    EXPECT(e, "|");
    ck_assert_uint_eq(editor_line_count(e), 1);
    ck_assert_str_eq(editor_killed(e), "");
    editor_insert(e, "ab", 2);
    EXPECT(e, "ab|");
    editor_left(e);
    editor_insert(e, "XY", 2);
    EXPECT(e, "aXY|b");
    editor_insert(e, "1\0002", 3); /* a NUL byte is left out */
    EXPECT(e, "aXY12|b");
    editor_insert(e, "", 0);
    EXPECT(e, "aXY12|b");
    editor_set(e, "line1\nline2");
    EXPECT(e, "line1\nline2|");
    ck_assert_uint_eq(editor_line_count(e), 2);
    expect_rowcol(e, 1, 5);
    editor_set(e, NULL);
    EXPECT(e, "|");
    editor_set(e, "x");
    editor_clear(e);
    EXPECT(e, "|");
    ck_assert_uint_eq(editor_len(e), 0);
    editor_insert(e, "a\nb\n", 4); /* a pasted block */
    EXPECT(e, "a\nb\n|");
    ck_assert_uint_eq(editor_line_count(e), 3);
    expect_rowcol(e, 2, 0);
    editor_set(e, editor_text(e) + 2); /* the editor's own text is fine as input */
    EXPECT(e, "b\n|");
    editor_home(e);
    editor_up(e);
    editor_insert(e, editor_text(e), editor_len(e));
    EXPECT(e, "b\n|b\n");
    editor_free(e);
    editor_free(NULL);
}
END_TEST

START_TEST(set_cursor_clamps_and_snaps)
{
    Editor *e = editor_new();
    editor_set(e, "a\xc3\xa9z"); /* aéz */
    editor_set_cursor(e, 2);      /* inside é: back to its start */
    EXPECT(e, "a|\xc3\xa9z");
    editor_set_cursor(e, 3);
    EXPECT(e, "a\xc3\xa9|z");
    editor_set_cursor(e, 100);
    EXPECT(e, "a\xc3\xa9z|");
    editor_set_cursor(e, 0);
    EXPECT(e, "|a\xc3\xa9z");
    editor_free(e);
}
END_TEST

/* ---- UTF-8 ---- */

START_TEST(moves_by_code_point)
{
    /* é (2 bytes, 1 column), 漢 (3 bytes, 2 columns), 😀 (4 bytes, 2 columns) */
    Editor *e = ed("x\xc3\xa9\xe6\xbc\xa2\xf0\x9f\x98\x80y|");
    expect_rowcol(e, 0, 7);
    editor_left(e);
    EXPECT(e, "x\xc3\xa9\xe6\xbc\xa2\xf0\x9f\x98\x80|y");
    expect_rowcol(e, 0, 6);
    editor_left(e);
    EXPECT(e, "x\xc3\xa9\xe6\xbc\xa2|\xf0\x9f\x98\x80y");
    expect_rowcol(e, 0, 4);
    editor_left(e);
    EXPECT(e, "x\xc3\xa9|\xe6\xbc\xa2\xf0\x9f\x98\x80y");
    expect_rowcol(e, 0, 2);
    editor_left(e);
    EXPECT(e, "x|\xc3\xa9\xe6\xbc\xa2\xf0\x9f\x98\x80y");
    editor_left(e);
    editor_left(e); /* at the start: stays */
    EXPECT(e, "|x\xc3\xa9\xe6\xbc\xa2\xf0\x9f\x98\x80y");
    editor_right(e);
    editor_right(e);
    EXPECT(e, "x\xc3\xa9|\xe6\xbc\xa2\xf0\x9f\x98\x80y");
    editor_right(e);
    editor_right(e);
    EXPECT(e, "x\xc3\xa9\xe6\xbc\xa2\xf0\x9f\x98\x80|y");
    editor_right(e);
    editor_right(e); /* at the end: stays */
    EXPECT(e, "x\xc3\xa9\xe6\xbc\xa2\xf0\x9f\x98\x80y|");
    editor_free(e);
}
END_TEST

START_TEST(deletes_by_code_point)
{
    Editor *e = ed("a\xf0\x9f\x98\x80|\xe6\xbc\xa2" "b");
    editor_backspace(e);
    EXPECT(e, "a|\xe6\xbc\xa2" "b");
    editor_delete(e);
    EXPECT(e, "a|b");
    editor_delete(e);
    editor_delete(e); /* nothing under the cursor at the end */
    EXPECT(e, "a|");
    editor_home(e);
    editor_backspace(e); /* nothing before the cursor */
    EXPECT(e, "|a");
    editor_free(e);
}
END_TEST

START_TEST(invalid_utf8_steps_one_byte)
{
    /* a stray continuation, a truncated 3-byte sequence, then a valid é */
    Editor *e = ed("a\x80\xe6\xbc\xc3\xa9|");
    editor_left(e);
    EXPECT(e, "a\x80\xe6\xbc|\xc3\xa9");
    editor_left(e);
    EXPECT(e, "a\x80\xe6|\xbc\xc3\xa9");
    editor_left(e);
    EXPECT(e, "a\x80|\xe6\xbc\xc3\xa9");
    editor_left(e);
    EXPECT(e, "a|\x80\xe6\xbc\xc3\xa9");
    expect_rowcol(e, 0, 1);
    editor_end(e);
    expect_rowcol(e, 0, 5); /* 1 + three invalid bytes at one column each + é */
    editor_backspace(e);
    editor_backspace(e);
    EXPECT(e, "a\x80\xe6|");
    editor_free(e);
}
END_TEST

START_TEST(display_width)
{
    ck_assert_uint_eq(editor_display_width("", 0), 0);
    ck_assert_uint_eq(editor_display_width("abc", 3), 3);
    ck_assert_uint_eq(editor_display_width("abc", 2), 2);
    ck_assert_uint_eq(editor_display_width("a\tb\x01\x7f", 5), 2);           /* controls: 0 */
    ck_assert_uint_eq(editor_display_width("\xc2\x85", 2), 0);               /* C1 control */
    ck_assert_uint_eq(editor_display_width("caf\xc3\xa9", 5), 4);
    ck_assert_uint_eq(editor_display_width("e\xcc\x81", 3), 1);              /* combining */
    ck_assert_uint_eq(editor_display_width("\xe6\xbc\xa2\xe5\xad\x97", 6), 4); /* 漢字 */
    ck_assert_uint_eq(editor_display_width("\xf0\x9f\x98\x80", 4), 2);       /* 😀 */
    ck_assert_uint_eq(editor_display_width("\xcd\xb8", 2), 1);  /* U+0378 unassigned: 1 */
    ck_assert_uint_eq(editor_display_width("\xff\xfe", 2), 2);  /* invalid bytes: 1 each */
    ck_assert_uint_eq(editor_display_width("\xe6\xbc", 2), 2);  /* truncated sequence */
}
END_TEST

/* ---- word motion ---- */

START_TEST(word_motion)
{
    Editor *e = ed("|x = foo_bar.baz(qux, 12)");
    editor_word_right(e);
    EXPECT(e, "x| = foo_bar.baz(qux, 12)");
    editor_word_right(e);
    EXPECT(e, "x = foo_bar|.baz(qux, 12)");
    editor_word_right(e);
    EXPECT(e, "x = foo_bar.baz|(qux, 12)");
    editor_word_right(e);
    editor_word_right(e);
    EXPECT(e, "x = foo_bar.baz(qux, 12|)");
    editor_word_right(e);
    EXPECT(e, "x = foo_bar.baz(qux, 12)|");
    editor_word_right(e);
    EXPECT(e, "x = foo_bar.baz(qux, 12)|");
    editor_word_left(e);
    EXPECT(e, "x = foo_bar.baz(qux, |12)");
    editor_word_left(e);
    editor_word_left(e);
    EXPECT(e, "x = foo_bar.|baz(qux, 12)");
    editor_word_left(e);
    EXPECT(e, "x = |foo_bar.baz(qux, 12)");
    editor_word_left(e);
    editor_word_left(e);
    EXPECT(e, "|x = foo_bar.baz(qux, 12)");
    editor_free(e);

    /* across lines, and non-ASCII letters are word characters */
    e = ed("def f():\n    caf\xc3\xa9 = \xe5\xa4\x89\xe6\x95\xb0|");
    editor_word_left(e);
    EXPECT(e, "def f():\n    caf\xc3\xa9 = |\xe5\xa4\x89\xe6\x95\xb0");
    editor_word_left(e);
    EXPECT(e, "def f():\n    |caf\xc3\xa9 = \xe5\xa4\x89\xe6\x95\xb0");
    editor_word_left(e);
    EXPECT(e, "def |f():\n    caf\xc3\xa9 = \xe5\xa4\x89\xe6\x95\xb0");
    editor_word_right(e);
    editor_word_right(e);
    EXPECT(e, "def f():\n    caf\xc3\xa9| = \xe5\xa4\x89\xe6\x95\xb0");
    editor_free(e);

    /* an emoji is not a word character */
    e = ed("a \xf0\x9f\x98\x80\xf0\x9f\x98\x80 b|");
    editor_word_left(e);
    editor_word_left(e);
    EXPECT(e, "|a \xf0\x9f\x98\x80\xf0\x9f\x98\x80 b");
    editor_free(e);
}
END_TEST

START_TEST(home_end)
{
    Editor *e = ed("first\nsec|ond\nthird");
    editor_home(e);
    EXPECT(e, "first\n|second\nthird");
    editor_home(e);
    EXPECT(e, "first\n|second\nthird");
    editor_end(e);
    EXPECT(e, "first\nsecond|\nthird");
    editor_end(e);
    EXPECT(e, "first\nsecond|\nthird");
    editor_free(e);
}
END_TEST

/* ---- lines ---- */

START_TEST(up_down_keep_column)
{
    Editor *e = ed("def f(x):\n    return x + 1|");
    ck_assert(!editor_down(e));
    EXPECT(e, "def f(x):\n    return x + 1|");
    ck_assert(editor_up(e)); /* column 16 clamps to the end of the 9-column line */
    EXPECT(e, "def f(x):|\n    return x + 1");
    expect_rowcol(e, 0, 9);
    ck_assert(!editor_up(e));
    EXPECT(e, "def f(x):|\n    return x + 1");
    ck_assert(editor_down(e)); /* the goal column (16) is remembered */
    EXPECT(e, "def f(x):\n    return x + 1|");
    editor_home(e);
    editor_right(e);
    editor_right(e);
    ck_assert(editor_up(e));
    EXPECT(e, "de|f f(x):\n    return x + 1");
    editor_free(e);

    /* through a short line and on */
    e = ed("abcdefgh\nab\nabcdefgh|");
    editor_left(e);
    editor_left(e);
    ck_assert(editor_up(e));
    EXPECT(e, "abcdefgh\nab|\nabcdefgh");
    ck_assert(editor_up(e));
    EXPECT(e, "abcdef|gh\nab\nabcdefgh");
    ck_assert(editor_down(e));
    ck_assert(editor_down(e));
    EXPECT(e, "abcdefgh\nab\nabcdef|gh");
    editor_free(e);

    /* columns are display columns: wide characters are not split */
    e = ed("ab|cd\n\xe6\xbc\xa2\xe5\xad\x97\n\xc3\xa9\xc3\xa9\xc3\xa9");
    ck_assert(editor_down(e));
    EXPECT(e, "abcd\n\xe6\xbc\xa2|\xe5\xad\x97\n\xc3\xa9\xc3\xa9\xc3\xa9");
    ck_assert(editor_down(e));
    EXPECT(e, "abcd\n\xe6\xbc\xa2\xe5\xad\x97\n\xc3\xa9\xc3\xa9|\xc3\xa9");
    editor_right(e); /* any other key forgets the goal */
    ck_assert(editor_up(e));
    EXPECT(e, "abcd\n\xe6\xbc\xa2|\xe5\xad\x97\n\xc3\xa9\xc3\xa9\xc3\xa9");
    ck_assert(editor_up(e));
    EXPECT(e, "abc|d\n\xe6\xbc\xa2\xe5\xad\x97\n\xc3\xa9\xc3\xa9\xc3\xa9");
    editor_free(e);

    /* one line: neither moves */
    e = ed("x|y");
    ck_assert(!editor_up(e));
    ck_assert(!editor_down(e));
    EXPECT(e, "x|y");
    editor_free(e);
}
END_TEST

/* ---- kill and yank ---- */

START_TEST(kill_to_end)
{
    Editor *e = ed("ab|cd\nef\ngh");
    editor_kill_to_end(e);
    EXPECT(e, "ab|\nef\ngh");
    ck_assert_str_eq(editor_killed(e), "cd");
    editor_kill_to_end(e); /* at the end of a line: the newline, joining; collected */
    EXPECT(e, "ab|ef\ngh");
    ck_assert_str_eq(editor_killed(e), "cd\n");
    editor_kill_to_end(e);
    EXPECT(e, "ab|\ngh");
    ck_assert_str_eq(editor_killed(e), "cd\nef");
    editor_end(e);
    editor_kill_to_end(e); /* a new kill after another key */
    EXPECT(e, "ab|gh");
    ck_assert_str_eq(editor_killed(e), "\n");
    editor_end(e);
    editor_kill_to_end(e); /* at the very end: nothing, the killed text stays */
    EXPECT(e, "abgh|");
    ck_assert_str_eq(editor_killed(e), "\n");
    editor_free(e);
}
END_TEST

START_TEST(kill_to_start)
{
    Editor *e = ed("if x:\n    ret|urn 1");
    editor_kill_to_start(e);
    EXPECT(e, "if x:\n|urn 1");
    ck_assert_str_eq(editor_killed(e), "    ret");
    editor_kill_to_start(e); /* at the start of a line: nothing */
    EXPECT(e, "if x:\n|urn 1");
    ck_assert_str_eq(editor_killed(e), "    ret");
    editor_yank(e);
    EXPECT(e, "if x:\n    ret|urn 1");
    editor_free(e);
}
END_TEST

START_TEST(kill_word_back)
{
    Editor *e = ed("foo bar  |");
    editor_kill_word_back(e);
    EXPECT(e, "foo |");
    ck_assert_str_eq(editor_killed(e), "bar  ");
    editor_free(e);

    e = ed("x = a.b|");
    editor_kill_word_back(e);
    EXPECT(e, "x = a.|");
    ck_assert_str_eq(editor_killed(e), "b");
    editor_kill_word_back(e); /* a run of punctuation; backward kills collect in front */
    EXPECT(e, "x = a|");
    ck_assert_str_eq(editor_killed(e), ".b");
    editor_kill_word_back(e);
    editor_kill_word_back(e);
    EXPECT(e, "x |");
    ck_assert_str_eq(editor_killed(e), "= a.b");
    editor_free(e);

    e = ed("print(obj))  |");
    editor_kill_word_back(e);
    EXPECT(e, "print(obj|");
    ck_assert_str_eq(editor_killed(e), "))  ");
    editor_free(e);

    e = ed("a\xc3\xa9\xe6\xbc\xa2 b|c");
    editor_kill_word_back(e);
    EXPECT(e, "a\xc3\xa9\xe6\xbc\xa2 |c");
    editor_kill_word_back(e);
    EXPECT(e, "|c");
    ck_assert_str_eq(editor_killed(e), "a\xc3\xa9\xe6\xbc\xa2 b");
    editor_free(e);

    /* at the start of a line it takes the newline; at the start of the text nothing */
    e = ed("if x:\n|pass");
    editor_kill_word_back(e);
    EXPECT(e, "if x:|pass");
    ck_assert_str_eq(editor_killed(e), "\n");
    editor_home(e);
    editor_kill_word_back(e);
    EXPECT(e, "|if x:pass");
    ck_assert_str_eq(editor_killed(e), "\n");
    editor_free(e);

    /* inside indentation: the blanks only, never across the line start */
    e = ed("x\n    |y");
    editor_kill_word_back(e);
    EXPECT(e, "x\n|y");
    ck_assert_str_eq(editor_killed(e), "    ");
    editor_free(e);
}
END_TEST

START_TEST(yank)
{
    Editor *e = ed("one two three|");
    editor_kill_word_back(e);
    editor_kill_word_back(e);
    EXPECT(e, "one |");
    ck_assert_str_eq(editor_killed(e), "two three");
    editor_home(e);
    editor_yank(e);
    EXPECT(e, "two three|one ");
    editor_yank(e); /* again: the same text */
    EXPECT(e, "two threetwo three|one ");
    editor_kill_to_end(e); /* a yank ends the chain: a fresh kill */
    ck_assert_str_eq(editor_killed(e), "one ");
    editor_free(e);

    /* a move between two kills starts a new killed text */
    e = ed("abc|def");
    editor_kill_to_end(e);
    editor_left(e);
    editor_kill_to_end(e);
    EXPECT(e, "ab|");
    ck_assert_str_eq(editor_killed(e), "c");
    editor_free(e);

    /* nothing killed yet: yank inserts nothing */
    e = ed("a|b");
    editor_yank(e);
    EXPECT(e, "a|b");
    editor_free(e);

    /* the kill survives editor_set/clear (history recall) */
    e = ed("x = 1|");
    editor_kill_to_start(e);
    editor_clear(e);
    editor_yank(e);
    EXPECT(e, "x = 1|");
    editor_free(e);
}
END_TEST

/* ---- undo ---- */

static void type(Editor *e, const char *s)
{
    for (; *s; s++)
        editor_insert(e, s, 1);
}

/* A run of typing is one step, a space or new line starts the next; deleting runs too; kills,
 * yanks and completions are a step each; undo stops where the input started. */
START_TEST(undo_takes_back_one_change_at_a_time)
{
    Editor *e = ed("|");
    ck_assert(!editor_undo(e));
    type(e, "print");
    type(e, "(x)");
    EXPECT(e, "print(x)|");
    type(e, " + y");
    editor_backspace(e);
    editor_backspace(e);
    EXPECT(e, "print(x) +|");
    ck_assert(editor_undo(e)); /* both backspaces */
    EXPECT(e, "print(x) + y|");
    ck_assert(editor_undo(e)); /* "y" */
    EXPECT(e, "print(x) + |");
    ck_assert(editor_undo(e)); /* " " */
    ck_assert(editor_undo(e)); /* "+" */
    ck_assert(editor_undo(e)); /* " " */
    EXPECT(e, "print(x)|");
    ck_assert(editor_undo(e)); /* "print(x)": one run of typing */
    EXPECT(e, "|");
    ck_assert(!editor_undo(e));
    editor_free(e);

    e = ed("abc def|");
    editor_kill_word_back(e);
    editor_kill_word_back(e); /* two kills: two steps, though one piece of killed text */
    EXPECT(e, "|");
    editor_yank(e);
    EXPECT(e, "abc def|");
    ck_assert(editor_undo(e));
    EXPECT(e, "|");
    ck_assert(editor_undo(e));
    EXPECT(e, "abc |");
    editor_left(e);
    type(e, "X"); /* moving ends a run: "X" is a step of its own */
    ck_assert(editor_undo(e));
    EXPECT(e, "abc| ");
    ck_assert(editor_undo(e));
    EXPECT(e, "abc def|");
    ck_assert(!editor_undo(e)); /* editor_set (ed) is where this input began */
    editor_free(e);

    e = ed("if x:|");
    editor_newline(e);
    type(e, "y");
    ck_assert(editor_undo(e));
    ck_assert(editor_undo(e));
    EXPECT(e, "if x:|");
    editor_free(e);
}
END_TEST

/* ---- indentation ---- */

/* Pasted lines bring their own indentation: the one Enter just added can be taken back, but
 * only while nothing else has changed. */
START_TEST(autoindent_can_be_dropped_for_pasted_text)
{
    Editor *e = ed("def f(x):|");
    editor_newline(e);
    ck_assert(editor_drop_autoindent(e));
    EXPECT(e, "def f(x):\n|");
    ck_assert(!editor_drop_autoindent(e)); /* once */
    editor_insert(e, "    y = 1", 9);
    editor_newline(e);
    EXPECT(e, "def f(x):\n    y = 1\n    |");
    editor_insert(e, " ", 1); /* typed after it: the indentation is the learner's now */
    ck_assert(!editor_drop_autoindent(e));
    editor_free(e);

    e = ed("if x:|");
    editor_newline(e);
    editor_left(e); /* moved away and back: not the newline's any more */
    editor_right(e);
    ck_assert(!editor_drop_autoindent(e));
    EXPECT(e, "if x:\n    |");
    editor_free(e);

    e = ed("x = 1|");
    editor_newline(e); /* nothing to drop at column 0 */
    ck_assert(!editor_drop_autoindent(e));
    EXPECT(e, "x = 1\n|");
    editor_free(e);
}
END_TEST

START_TEST(newline_indents)
{
    Editor *e = ed("x = 1|");
    editor_newline(e);
    EXPECT(e, "x = 1\n|");
    editor_free(e);

    e = ed("def f(x):|");
    editor_newline(e);
    EXPECT(e, "def f(x):\n    |");
    editor_insert(e, "for i in x:", 11);
    editor_newline(e);
    EXPECT(e, "def f(x):\n    for i in x:\n        |");
    editor_insert(e, "print(i)", 8);
    editor_newline(e);
    EXPECT(e, "def f(x):\n    for i in x:\n        print(i)\n        |");
    editor_free(e);

    /* trailing blanks and a comment do not hide the ':' */
    e = ed("  if x:   # why:  |");
    editor_newline(e);
    EXPECT(e, "  if x:   # why:  \n      |");
    editor_free(e);

    /* a ':' in a comment or a string does not count */
    const char *plain[] = {
        "x = 1  # note:|", "s = 'a:'|", "s = 'a:#'|", "s = \"\"\"doc:|", "d = {1: 2}|",
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        e = ed(plain[i]);
        editor_newline(e);
        ck_assert_uint_eq(editor_cursor(e), editor_len(e));
        ck_assert_msg(editor_text(e)[editor_len(e) - 1] == '\n', "%s", plain[i]);
        editor_free(e);
    }

    /* the line above the cursor decides, and only what is before the cursor */
    e = ed("if x:|pass");
    editor_newline(e);
    EXPECT(e, "if x:\n    |pass");
    editor_free(e);
    e = ed("  |  x");
    editor_newline(e);
    EXPECT(e, "  \n  |  x");
    editor_free(e);
    e = ed("\tif y:|");
    editor_newline(e);
    EXPECT(e, "\tif y:\n\t    |");
    editor_free(e);
    e = ed("s = '''\nabc:|");
    editor_newline(e);
    EXPECT(e, "s = '''\nabc:\n|");
    editor_free(e);
}
END_TEST

START_TEST(backspace_dedents)
{
    Editor *e = ed("if x:\n      |");
    editor_backspace(e);
    EXPECT(e, "if x:\n    |");
    editor_backspace(e);
    EXPECT(e, "if x:\n|");
    editor_backspace(e); /* at the start of a line: joins */
    EXPECT(e, "if x:|");
    editor_free(e);

    e = ed("   |");
    editor_backspace(e);
    EXPECT(e, "|");
    editor_free(e);

    e = ed("        |x");
    editor_backspace(e);
    EXPECT(e, "    |x");
    editor_free(e);

    /* not only spaces before the cursor: one code point */
    e = ed("    x   |");
    editor_backspace(e);
    EXPECT(e, "    x  |");
    editor_free(e);
    e = ed("  \t  |");
    editor_backspace(e);
    EXPECT(e, "  \t |");
    editor_free(e);
}
END_TEST

START_TEST(delete_joins_lines)
{
    Editor *e = ed("ab|\ncd");
    editor_delete(e);
    EXPECT(e, "ab|cd");
    ck_assert_uint_eq(editor_line_count(e), 1);
    editor_free(e);
}
END_TEST

/* ---- completion helpers ---- */

static void expect_word(const char *text, const char *want)
{
    Editor *e = ed(text);
    char *w = editor_word_before_cursor(e);
    ck_assert_msg(strcmp(w, want) == 0, "%s: got \"%s\", want \"%s\"", text, w, want);
    free(w);
    editor_free(e);
}

START_TEST(word_before_cursor)
{
    expect_word("print(os.pa|", "os.pa");
    expect_word("print(os.pa|th)", "os.pa");
    expect_word("x = caf\xc3\xa9|", "caf\xc3\xa9");
    expect_word("a.b.c|", "a.b.c");
    expect_word("obj.|", "obj.");
    expect_word("foo(|", "");
    expect_word("|", "");
    expect_word("x\nos.p|", "os.p");
    expect_word("x[0].ap|", ".ap");
    expect_word("    __im|", "__im");
}
END_TEST

START_TEST(replace_before_cursor)
{
    Editor *e = ed("print(os.pa|)");
    editor_replace_before_cursor(e, 5, "os.path");
    EXPECT(e, "print(os.path|)");
    editor_replace_before_cursor(e, 0, "(");
    EXPECT(e, "print(os.path(|)");
    editor_replace_before_cursor(e, 100, "x"); /* clamped to the text before the cursor */
    EXPECT(e, "x|)");
    editor_replace_before_cursor(e, 1, "");
    EXPECT(e, "|)");
    editor_free(e);
}
END_TEST

Suite *editor_suite(void)
{
    Suite *s = suite_create("editor");
    TCase *tc = tcase_create("basics");
    tcase_add_checked_fixture(tc, utf8_locale, NULL);
    tcase_add_test(tc, new_set_clear_insert);
    tcase_add_test(tc, set_cursor_clamps_and_snaps);
    tcase_add_test(tc, moves_by_code_point);
    tcase_add_test(tc, deletes_by_code_point);
    tcase_add_test(tc, invalid_utf8_steps_one_byte);
    tcase_add_test(tc, display_width);
    tcase_add_test(tc, word_motion);
    tcase_add_test(tc, home_end);
    tcase_add_test(tc, up_down_keep_column);
    suite_add_tcase(s, tc);

    tc = tcase_create("kill");
    tcase_add_checked_fixture(tc, utf8_locale, NULL);
    tcase_add_test(tc, kill_to_end);
    tcase_add_test(tc, kill_to_start);
    tcase_add_test(tc, kill_word_back);
    tcase_add_test(tc, yank);
    suite_add_tcase(s, tc);

    tc = tcase_create("indent");
    tcase_add_checked_fixture(tc, utf8_locale, NULL);
    tcase_add_test(tc, newline_indents);
    tcase_add_test(tc, backspace_dedents);
    tcase_add_test(tc, delete_joins_lines);
    tcase_add_test(tc, word_before_cursor);
    tcase_add_test(tc, replace_before_cursor);
    tcase_add_test(tc, autoindent_can_be_dropped_for_pasted_text);
    tcase_add_test(tc, undo_takes_back_one_change_at_a_time);
    suite_add_tcase(s, tc);
    return s;
}
