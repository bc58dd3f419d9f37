/* test_views.c — the explorer's views without a terminal: every key any view reacts to is in a
 * key table the help lists (each key code is sent through the real dispatcher in every view),
 * the help is made from those tables and the command table, and : commands dispatch from the
 * table (usage, unknown names). */
#include <check.h>
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lesson/lesson.h"
#include "tests/suites.h"
#include "ui/appstate.h"
#include "ui/classroom.h"
#include "ui/commands.h"
#include "ui/helptext.h"
#include "ui/runcode.h"
#include "util/xalloc.h"

typedef enum {
    AT_REPL, AT_DIAGRAM, AT_LESSON, AT_HELP, AT_MENU, AT_CONFIRM, AT_ROW, AT_DEMO, AT_REFS, AT_RETAINED, AT_COUNT
} Where;

static const char *const where_names[AT_COUNT] = {"REPL", "diagram", "lesson", "help", "menu",
                                                  "confirm", "row", "demo", "refs", "retained"};

/* A two-step demo script in a temporary file (removed by the caller): its path. */
static char *demo_file(void)
{
    char *path = xstrdup("/tmp/objscope-test-demo-XXXXXX.py");
    int fd = mkstemps(path, 3);
    ck_assert_int_ge(fd, 0);
    const char *text = "# one\nx = [1]\n# two\nx.append(2)\n";
    ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
    close(fd);
    return path;
}

static const char *const lesson_text =
    "# T\n\nA lesson for tests.\n\n"
    "## One\n\nRead.\n\n```python\nx = 1\n```\n\n"
    "## Two\n\nSet y.\n\n```check\n'y' in globals()\n```\n\n```hint\nWrite `y = 1`.\n```\n\n"
    "```solution\ny = 1\n```\n";

/* A fresh explorer with the focus (or overlay) `w`; no terminal, no files. */
static App *app_at(Where w)
{
    App *a = app_new(0, false);
    switch (w) {
    case AT_DIAGRAM: a->focus = PANE_DIAGRAM; break;
    case AT_LESSON: {
        Lesson *l = lesson_parse("lessons/01-t.md", lesson_text, strlen(lesson_text), NULL);
        ck_assert_ptr_nonnull(l);
        a->lesson = lessonview_open(l, a->progress, NULL);
        a->focus = PANE_LESSON;
        break;
    }
    case AT_HELP: help_open(a); break;
    case AT_MENU: menu_open(a); ck_assert_int_eq(a->noverlays, 1); break;
    case AT_CONFIRM: lesson_pane_open(a, "/nowhere/lesson.md", false); break;
    case AT_ROW:
        diagram_show(&a->diagram, runcode_eval(a, "[1, 2]"), "[1, 2]");
        row_open(a);
        ck_assert_ptr_eq(app_overlay_top(a), &view_row);
        break;
    case AT_DEMO: {
        char *path = demo_file();
        demo_open(a, path);
        unlink(path);
        free(path);
        ck_assert_ptr_nonnull(a->demo);
        ck_assert_int_eq(a->focus, PANE_DEMO);
        break;
    }
    case AT_REFS:
        classroom_show_refs(a, true);
        a->focus = PANE_DIAGRAM;
        ck_assert_ptr_eq(app_pane_slot(a, PANE_DIAGRAM).view, &view_refs);
        break;
    case AT_RETAINED: /* counted to the end, so its rows take the keys */
        retained_open(a, runcode_eval(a, "[[2000 + i, 'a' * 40] for i in range(5)]"), "x");
        while (app_busy(a))
            app_step(a);
        ck_assert_ptr_eq(app_overlay_top(a), &view_retained);
        break;
    default: break;
    }
    return a;
}

/* Every key code curses gives, Alt+letters, the paste markers and a non-ASCII letter. */
static size_t probe_keys(int *keys, size_t max)
{
    size_t n = 0;
    for (int k = 0; k <= KEY_MAX && n < max; k++)
        if (k != KEY_RESIZE) /* the loop redraws on it; no view is asked */
            keys[n++] = k;
    for (int c = ' ' + 1; c < 127 && n < max; c++)
        keys[n++] = KEY_ALT(c);
    keys[n++] = KEY_ALT('\n');
    keys[n++] = KEY_PASTE_END;
    keys[n++] = 0xe9; /* é */
    return n;
}

static void typed_for(int key, char typed[8])
{
    typed[0] = '\0';
    if (key >= ' ' && key < 127) {
        typed[0] = (char)key;
        typed[1] = '\0';
    } else if (key == 0xe9) {
        strcpy(typed, "\xc3\xa9");
    }
}

/* Whether the help screen lists `name` in the section titled `title`. */
static bool help_lists(const HelpText *h, const char *title, const char *name)
{
    bool in = false;
    for (size_t i = 0; i < h->len; i++) {
        if (h->lines[i].kind == HELP_SECTION)
            in = strcmp(h->lines[i].key, title) == 0;
        else if (in && h->lines[i].kind == HELP_ENTRY && strcmp(h->lines[i].key, name) == 0)
            return true;
    }
    return false;
}

static const char *keyname_in(KeymapId map, int key)
{
    size_t n;
    const KeyBinding *t = keys_table(map, &n);
    for (size_t i = 0; i < n; i++)
        if (t[i].key == key)
            return t[i].keyname;
    return NULL;
}

START_TEST(every_handled_key_is_listed)
{
    static int keys[1024];
    size_t nkeys = probe_keys(keys, sizeof keys / sizeof keys[0]);
    HelpText help;
    helptext_build(&help);
    Where w = (Where)_i;
    App *a = NULL;
    for (size_t i = 0; i < nkeys; i++) {
        if (!a) /* a fresh explorer for each key that did something; an ignored key left it as it was */
            a = app_at(w);
        char typed[8];
        typed_for(keys[i], typed);
        KeyRoute r = app_key(a, keys[i], typed[0] ? typed : NULL);
        if (r.handled && r.as_text) {
            ck_assert_msg(keys_text_help(r.map) != NULL, "%s: text '%s' taken by %s, whose help "
                          "says nothing about typing", where_names[w], typed, keys_map_title(r.map));
            ck_assert(help_lists(&help, keys_map_title(r.map), "typing"));
        } else if (r.handled) {
            const char *name = keyname_in(r.map, keys[i]);
            ck_assert_msg(name != NULL, "%s: key %#x handled by %s, which does not list it",
                          where_names[w], keys[i], keys_map_title(r.map));
            ck_assert_msg(help_lists(&help, keys_map_title(r.map), name),
                          "%s: the help does not show %s under %s", where_names[w], name,
                          keys_map_title(r.map));
        }
        if (r.handled) {
            app_free(a);
            a = NULL;
        }
    }
    app_free(a);
    helptext_free(&help);
}
END_TEST

/* The keys the lesson pane always had (scrolling, q) are now bindings the help shows. */
START_TEST(lesson_scroll_keys_are_bindings)
{
    static const int keys[] = {KEY_UP, KEY_DOWN, KEY_PPAGE, KEY_NPAGE, 'q', 27, '5'};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        App *a = app_at(AT_LESSON);
        char typed[8];
        typed_for(keys[i], typed);
        KeyRoute r = app_key(a, keys[i], typed[0] ? typed : NULL);
        ck_assert_msg(r.handled && r.view == &view_lesson && !r.as_text,
                      "key %#x is not a lesson binding", keys[i]);
        app_free(a);
    }
}
END_TEST

/* The routes the loop depends on: '?' is help on an empty line, text with input, a hint in a
 * lesson; an overlay takes every key; F6 and F1 work from any pane. */
START_TEST(keys_route_by_focus)
{
    App *a = app_at(AT_REPL);
    KeyRoute r = app_key(a, '?', "?");
    ck_assert(r.handled && r.map == KEYMAP_GLOBAL);
    ck_assert_ptr_eq(app_overlay_top(a), &view_help);
    r = app_key(a, 'x', "x"); /* not a help key: ignored, the help stays */
    ck_assert(!r.handled);
    ck_assert_ptr_eq(app_overlay_top(a), &view_help);
    r = app_key(a, 27, NULL);
    ck_assert(r.handled);
    ck_assert_ptr_null(app_overlay_top(a));
    app_key(a, 'a', "a");
    r = app_key(a, '?', "?");
    ck_assert(r.handled && r.as_text && r.view == &view_repl);
    ck_assert_str_eq(editor_text(a->repl.ed), "a?");
    r = app_key(a, KEY_F(6), NULL);
    ck_assert_int_eq(a->focus, PANE_DIAGRAM);
    r = app_key(a, 'z', "z"); /* typing in the diagram goes to the input line */
    ck_assert_int_eq(a->focus, PANE_REPL);
    ck_assert_str_eq(editor_text(a->repl.ed), "a?z");
    app_free(a);

    a = app_at(AT_LESSON);
    r = app_key(a, '?', "?");
    ck_assert(r.handled && r.view == &view_lesson && r.map == KEYMAP_LESSON);
    ck_assert_ptr_null(app_overlay_top(a));
    r = app_key(a, KEY_F(1), NULL);
    ck_assert_ptr_eq(app_overlay_top(a), &view_help);
    app_free(a);
}
END_TEST

START_TEST(help_is_made_from_the_tables)
{
    HelpText h;
    helptext_build(&h);
    for (int m = 0; m < KEYMAP_COUNT; m++) {
        size_t n;
        const KeyBinding *t = keys_table((KeymapId)m, &n);
        for (size_t i = 0; i < n; i++)
            ck_assert_msg(help_lists(&h, keys_map_title((KeymapId)m), t[i].keyname),
                          "%s missing under %s", t[i].keyname, keys_map_title((KeymapId)m));
    }
    ck_assert(help_lists(&h, "A lesson", "PgDn"));
    ck_assert(help_lists(&h, "A lesson", "q"));
    ck_assert(help_lists(&h, "A lesson", "1-9"));
    size_t nc;
    const Command *c = commands_table(&nc);
    for (size_t i = 0; i < nc; i++) {
        char *key = c[i].args[0] ? xasprintf(":%s %s", c[i].name, c[i].args)
                                 : xasprintf(":%s", c[i].name);
        ck_assert_msg(help_lists(&h, "Commands", key), "%s missing from the help", key);
        free(key);
    }
    helptext_free(&h);
}
END_TEST

/* The newest scrollback line. */
static const char *last_line(const App *a)
{
    const Repl *r = &a->repl;
    return r->len ? r->lines[(r->first + r->len - 1) % REPL_MAX_LINES].text : "";
}

START_TEST(commands_dispatch_from_the_table)
{
    App *a = app_at(AT_REPL);
    commands_run(a, ":frobnicate x");
    ck_assert_str_eq(last_line(a), "unknown command :frobnicate (:help lists the commands)");
    commands_run(a, ":show");
    ck_assert_str_eq(last_line(a), "usage: :show EXPR");
    commands_run(a, ": show   ");
    ck_assert_str_eq(last_line(a), "usage: :show EXPR");
    commands_run(a, ":help");
    ck_assert_ptr_eq(app_overlay_top(a), &view_help);
    commands_run(a, ":q");
    ck_assert(a->quit);
    ck_assert_ptr_nonnull(commands_find("quit", 4));
    ck_assert_ptr_eq(commands_find("q", 1), commands_find("quit", 4));
    ck_assert_ptr_null(commands_find("qu", 2));
    app_free(a);
}
END_TEST

/* While a deep count is in flight the loop must hold the GIL (its steps keep raw pointers):
 * app_busy says so until the count ends. Ctrl-C on an empty input line stops it, as Esc does;
 * with text on the line it clears the line and the count goes on. */
START_TEST(a_count_in_flight_keeps_the_loop_busy)
{
    App *a = app_at(AT_REPL);
    ck_assert(!app_busy(a));
    diagram_show(&a->diagram, runcode_eval(a, "[[i] for i in range(2000, 4000)]"), "nest");
    ck_assert(app_busy(a));
    app_key(a, 'x', "x");
    app_key(a, KEY_CTRL('c'), NULL); /* clears the line */
    ck_assert_uint_eq(editor_len(a->repl.ed), 0);
    ck_assert(app_busy(a));
    app_key(a, KEY_CTRL('c'), NULL); /* nothing to clear: stops the count */
    ck_assert(!app_busy(a));
    ck_assert(a->diagram.deep_stopped);
    app_key(a, KEY_F(6), NULL);
    app_key(a, 'd', "d"); /* counts again */
    ck_assert(app_busy(a));
    int steps = 0;
    while (app_busy(a) && steps < 100000) {
        app_step(a);
        steps++;
    }
    ck_assert(!app_busy(a));
    ck_assert(a->diagram.layout->deep_done);
    ck_assert_uint_eq(a->diagram.layout->deep_objects, 4001);
    app_free(a);
}
END_TEST

/* The diagram's title is the whole input: a bracketed expression over several lines reads as
 * one line, not as its unbalanced first line; a long one is cut on a character boundary. */
static char *label_after(App *a, const char *src)
{
    InterpResult *r = runcode_run(a, src, INTERP_MODE_REPL, NULL);
    runcode_after_run(a, r, src);
    interp_result_free(r);
    const char *label = NULL;
    ck_assert_ptr_nonnull(diagram_current(&a->diagram, &label));
    return xstrdup(label);
}

START_TEST(the_title_is_the_whole_input_on_one_line)
{
    App *a = app_at(AT_REPL);
    char *label = label_after(a, "[1, 2,\n  3\n]");
    ck_assert_str_eq(label, "[1, 2, 3 ]");
    free(label);
    /* 17 e-acutes (2 bytes each) after 12 bytes: the 37th byte falls inside the 13th, and the
     * cut goes before it */
    StrBuf src, want;
    strbuf_init(&src);
    strbuf_init(&want);
    strbuf_puts(&src, "'\xc3\xa9' * 2 + '");
    strbuf_puts(&want, src.data);
    for (int i = 0; i < 17; i++)
        strbuf_puts(&src, "\xc3\xa9");
    for (int i = 0; i < 12; i++)
        strbuf_puts(&want, "\xc3\xa9");
    strbuf_puts(&src, "'");
    strbuf_puts(&want, "...");
    label = label_after(a, src.data);
    ck_assert_str_eq(label, want.data);
    strbuf_free(&src);
    strbuf_free(&want);
    free(label);
    app_free(a);
}
END_TEST

/* :release lets go of what the diagram holds, and of `_` when it is one of them; the finalizer's
 * words reach the scrollback. */
START_TEST(release_lets_go_of_the_diagrams_objects)
{
    App *a = app_at(AT_REPL);
    commands_run(a, ":release");
    ck_assert_str_eq(last_line(a), "the diagram holds no objects: nothing to let go of");
    InterpResult *r = interp_run("class Leaver:\n    def __del__(self): print('bye leaver')\n",
                                 INTERP_MODE_EXEC);
    interp_result_free(r);
    r = runcode_run(a, "Leaver()", INTERP_MODE_REPL, NULL); /* shown at the prompt: `_` holds it */
    runcode_after_run(a, r, "Leaver()");
    interp_result_free(r);
    ck_assert_uint_eq(a->diagram.depth, 1);
    ck_assert(a->diagram.held_underscore);
    ck_assert_int_eq(a->diagram.held_frames, 1);
    commands_run(a, ":release");
    ck_assert_uint_eq(a->diagram.depth, 0);
    ck_assert_ptr_null(a->diagram.layout);
    ck_assert_str_eq(last_line(a), "bye leaver");
    ck_assert_ptr_nonnull(strstr(a->diagram.gone, "objscope let go of Leaver() (Leaver)"));
    app_free(a);
}
END_TEST

/* After a run, the diagram lets go of an object the code no longer names, and says so. */
START_TEST(the_diagram_lets_go_when_the_last_name_goes)
{
    App *a = app_at(AT_REPL);
    InterpResult *r = interp_run("class Leaver:\n    def __del__(self): print('bye h')\n"
                                 "h = Leaver()\n", INTERP_MODE_EXEC);
    interp_result_free(r);
    commands_run(a, ":show h");
    ck_assert_uint_eq(a->diagram.depth, 1);
    ck_assert(!a->diagram.held_underscore); /* :show leaves `_` alone */
    r = runcode_run(a, "del h", INTERP_MODE_REPL, NULL);
    runcode_after_run(a, r, "del h");
    interp_result_free(r);
    ck_assert_uint_eq(a->diagram.depth, 0);
    ck_assert_str_eq(last_line(a), "bye h");
    const Repl *rp = &a->repl;
    const char *said = rp->lines[(rp->first + rp->len - 2) % REPL_MAX_LINES].text;
    ck_assert_str_eq(said, "objscope let go of h (Leaver): nothing in your code refers to it any more");
    app_free(a);
}
END_TEST

static void expect_split(const char *args, const char *left, const char *right)
{
    char *l = NULL, *r = NULL;
    bool ok = commands_split_two(args, &l, &r);
    if (!left) {
        ck_assert_msg(!ok, "%s split as '%s' and '%s'", args, l, r);
        return;
    }
    ck_assert_msg(ok, "%s did not split", args);
    ck_assert_str_eq(l, left);
    ck_assert_str_eq(r, right);
    free(l);
    free(r);
}

START_TEST(compare_splits_two_expressions)
{
    expect_split("D() S()", "D()", "S()");
    expect_split("1 -1", "1", "-1");
    expect_split("x ~y", "x", "~y");
    expect_split("a - b c", "a - b", "c");
    expect_split("a -b c", "a -b", "c"); /* a binary minus where a later space splits */
    expect_split("'a b' \"c d\"", "'a b'", "\"c d\"");
    expect_split("x if y else z w", "x if y else z", "w");
    expect_split("{1: 2} [3, 4]", "{1: 2}", "[3, 4]");
    expect_split("[1, 2]", NULL, NULL);
    expect_split("1 - 1", NULL, NULL);
}
END_TEST

Suite *views_suite(void)
{
    Suite *s = suite_create("views");
    TCase *tc = tcase_create("views");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, every_handled_key_is_listed, 0, AT_COUNT);
    tcase_add_test(tc, lesson_scroll_keys_are_bindings);
    tcase_add_test(tc, keys_route_by_focus);
    tcase_add_test(tc, help_is_made_from_the_tables);
    tcase_add_test(tc, commands_dispatch_from_the_table);
    tcase_add_test(tc, compare_splits_two_expressions);
    tcase_add_test(tc, a_count_in_flight_keeps_the_loop_busy);
    tcase_add_test(tc, release_lets_go_of_the_diagrams_objects);
    tcase_add_test(tc, the_title_is_the_whole_input_on_one_line);
    tcase_add_test(tc, the_diagram_lets_go_when_the_last_name_goes);
    suite_add_tcase(s, tc);
    return s;
}
