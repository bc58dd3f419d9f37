/* test_lesson.c — lesson files: parsing a complete lesson (blocks, lines, spans), every structure
 * error with its line, the catalog, robustness against random and truncated input, and running
 * lessons against the interpreter: live values, checks (true, false, raising, looping),
 * requirements, setup, and the linter's report. Lessons are C strings or files in a fresh
 * folder under $TMPDIR (or /tmp); the shipped lessons are not used. */
#include <check.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lesson/lesson.h"
#include "lesson/run.h"
#include "py/interp.h"
#include "tests/suites.h"
#include "tests/testlib.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- helpers ---- */




static char *write_file(const char *dir, const char *name, const char *text)
{
    char *path = xasprintf("%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
    ck_assert_int_eq(fclose(f), 0);
    return path;
}

static Lesson *parse(const char *text, LessonErrors *errs)
{
    return lesson_parse("lessons/04-sample.md", text, strlen(text), errs);
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

#define EXPECT_SPAN(b, i, k, t)                                                                  \
    do {                                                                                         \
        ck_assert_uint_gt((b)->nspans, (i));                                                     \
        ck_assert_int_eq((b)->spans[i].kind, (k));                                               \
        ck_assert_str_eq((b)->spans[i].text, (t));                                               \
    } while (0)

/* ---- parsing ---- */

static const char *const sample =
    "# Sizes of *small* things\n"                                             /*  1 */
    "\n"
    "Every number here is **measured** live: `= 6*7` today.\n"                /*  3 */
    "\n"
    "```setup\n"                                                              /*  5 */
    "import sys\n"
    "```\n"
    "\n"
    "## Look at a list\n"                                                     /*  9 */
    "\n"
    "A list of three items takes `= sys.getsizeof([1, 2, 3])` bytes; `==` is not live.\n"
    "\n"
    "```python\n"                                                             /* 13 */
    "items = [1, 2, 3]\n"
    "print(items)\n"
    "```\n"
    "\n"
    "- first *point*\n"                                                       /* 18 */
    "- second `x`\n"
    "\n"
    "### Going deeper\n"                                                      /* 21 */
    "\n"
    "    indented code\n"                                                     /* 23 */
    "    stays prose\n"
    "\n"
    "> A quote\n"                                                             /* 26 */
    "> on two lines.\n"
    "\n"
    "## Make a tuple\n"                                                       /* 29 */
    "\n"
    "Create a tuple `t` holding the same numbers.\n"                          /* 31 */
    "\n"
    "```requires\n"                                                           /* 33 */
    "json\n"
    "```\n"
    "\n"
    "```check\n"                                                              /* 37 */
    "t == (1, 2, 3)\n"
    "type(t) is tuple\n"
    "```\n"
    "\n"
    "```hint\n"                                                               /* 42 */
    "Use parentheses.\n"
    "```\n"
    "\n"
    "~~~hint\n"                                                               /* 46 */
    "`t = (1, 2, 3)`\n"
    "~~~\n"
    "\n"
    "```solution\n"                                                           /* 50 */
    "t = (1, 2, 3)\n"
    "```\n";

static void expect_block(const LessonBlock *b, LessonBlockKind kind, int line, const char *text)
{
    ck_assert_msg(b->kind == kind, "block at %d: kind %d, want %d", b->line, b->kind, kind);
    ck_assert_int_eq(b->line, line);
    ck_assert_str_eq(b->text, text);
}

START_TEST(parses_a_complete_lesson)
{
    LessonErrors errs = {0};
    Lesson *l = parse(sample, &errs);
    ck_assert_ptr_nonnull(l);
    ck_assert_msg(errs.len == 0, "unexpected error: %d: %s", errs.len ? errs.items[0].line : 0,
                  errs.len ? errs.items[0].message : "");
    ck_assert_str_eq(l->id, "04-sample");
    ck_assert_str_eq(l->path, "lessons/04-sample.md");
    ck_assert_str_eq(l->title, "Sizes of small things");
    ck_assert_int_eq(l->line, 1);
    ck_assert_str_eq(l->summary, "Every number here is measured live: = 6*7 today.");

    ck_assert_uint_eq(l->nintro, 2);
    const LessonBlock *b = &l->intro[0];
    expect_block(b, BLOCK_PROSE, 3, "Every number here is measured live: = 6*7 today.");
    ck_assert_uint_eq(b->nspans, 5);
    EXPECT_SPAN(b, 0, SPAN_TEXT, "Every number here is ");
    EXPECT_SPAN(b, 1, SPAN_STRONG, "measured");
    EXPECT_SPAN(b, 2, SPAN_TEXT, " live: ");
    EXPECT_SPAN(b, 3, SPAN_LIVE, "6*7");
    EXPECT_SPAN(b, 4, SPAN_TEXT, " today.");
    ck_assert_int_eq(b->spans[3].line, 3);
    ck_assert(!b->bullet && !b->preformatted);
    expect_block(&l->intro[1], BLOCK_SETUP, 5, "import sys\n");

    ck_assert_uint_eq(l->nsteps, 2);
    const LessonStep *s = &l->steps[0];
    ck_assert_str_eq(s->title, "Look at a list");
    ck_assert_int_eq(s->line, 9);
    ck_assert_uint_eq(s->nblocks, 7);
    b = &s->blocks[0];
    expect_block(b, BLOCK_PROSE, 11,
                 "A list of three items takes = sys.getsizeof([1, 2, 3]) bytes; == is not live.");
    ck_assert_uint_eq(b->nspans, 5);
    EXPECT_SPAN(b, 0, SPAN_TEXT, "A list of three items takes ");
    EXPECT_SPAN(b, 1, SPAN_LIVE, "sys.getsizeof([1, 2, 3])");
    EXPECT_SPAN(b, 2, SPAN_TEXT, " bytes; ");
    EXPECT_SPAN(b, 3, SPAN_CODE, "==");
    EXPECT_SPAN(b, 4, SPAN_TEXT, " is not live.");
    expect_block(&s->blocks[1], BLOCK_EXAMPLE, 13, "items = [1, 2, 3]\nprint(items)\n");
    b = &s->blocks[2];
    expect_block(b, BLOCK_PROSE, 18, "first point");
    ck_assert(b->bullet);
    ck_assert_uint_eq(b->nspans, 2);
    EXPECT_SPAN(b, 0, SPAN_TEXT, "first ");
    EXPECT_SPAN(b, 1, SPAN_EMPHASIS, "point");
    b = &s->blocks[3];
    expect_block(b, BLOCK_PROSE, 19, "second x");
    ck_assert(b->bullet);
    EXPECT_SPAN(b, 1, SPAN_CODE, "x");
    b = &s->blocks[4];
    expect_block(b, BLOCK_PROSE, 21, "Going deeper");
    EXPECT_SPAN(b, 0, SPAN_STRONG, "Going deeper");
    b = &s->blocks[5];
    expect_block(b, BLOCK_PROSE, 23, "indented code\nstays prose");
    ck_assert(b->preformatted && !b->bullet);
    ck_assert_uint_eq(b->nspans, 1);
    EXPECT_SPAN(b, 0, SPAN_CODE, "indented code\nstays prose");
    expect_block(&s->blocks[6], BLOCK_PROSE, 26, "A quote on two lines.");
    ck_assert(!lesson_step_is_task(s));
    ck_assert_uint_eq(lesson_step_count(s, BLOCK_EXAMPLE), 1);

    s = &l->steps[1];
    ck_assert_str_eq(s->title, "Make a tuple");
    ck_assert_int_eq(s->line, 29);
    ck_assert_uint_eq(s->nblocks, 6);
    expect_block(&s->blocks[0], BLOCK_PROSE, 31, "Create a tuple t holding the same numbers.");
    expect_block(&s->blocks[1], BLOCK_REQUIRES, 33, "json\n");
    expect_block(&s->blocks[2], BLOCK_CHECK, 37, "t == (1, 2, 3)\ntype(t) is tuple\n");
    expect_block(&s->blocks[3], BLOCK_HINT, 42, "Use parentheses.\n");
    expect_block(&s->blocks[4], BLOCK_HINT, 46, "`t = (1, 2, 3)`\n");
    expect_block(&s->blocks[5], BLOCK_SOLUTION, 50, "t = (1, 2, 3)\n");
    ck_assert(lesson_step_is_task(s));
    ck_assert_uint_eq(lesson_step_count(s, BLOCK_HINT), 2);
    ck_assert_int_eq(lesson_step_block(s, BLOCK_HINT, 1)->line, 46);
    ck_assert_ptr_null(lesson_step_block(s, BLOCK_HINT, 2));
    ck_assert_ptr_null(lesson_step_block(s, BLOCK_SETUP, 0));
    b = &s->blocks[3];
    ck_assert_uint_eq(b->nspans, 1);
    EXPECT_SPAN(b, 0, SPAN_TEXT, "Use parentheses.");
    b = &s->blocks[4];
    ck_assert_uint_eq(b->nspans, 1);
    EXPECT_SPAN(b, 0, SPAN_CODE, "t = (1, 2, 3)");
    ck_assert_int_eq(b->spans[0].line, 47);
    ck_assert_ptr_null(s->blocks[5].spans);
    lesson_free(l);
    lesson_errors_free(&errs);
}
END_TEST

/* A hint is read as Markdown like the prose (md4c), but nothing in it is evaluated. */
START_TEST(hints_are_markdown_and_never_live)
{
    Lesson *l = parse("# T\n\n## S\n\nDo it.\n\n"                                   /*  1 */
                      "```check\nTrue\n```\n\n"                                      /*  7 */
                      "```hint\n"                                                    /* 11 */
                      "The header alone is what `object()` has: *see*\n"
                      "`= 6*7` and **this**.\n"                                      /* 13 */
                      "```\n\n"
                      "```hint\n```\n\n"                                             /* 16 */
                      "```solution\npass\n```\n",
                      NULL);
    ck_assert_ptr_nonnull(l);
    const LessonBlock *b = lesson_step_block(&l->steps[0], BLOCK_HINT, 0);
    ck_assert_str_eq(b->text,
                     "The header alone is what `object()` has: *see*\n`= 6*7` and **this**.\n");
    ck_assert_uint_eq(b->nspans, 9);
    EXPECT_SPAN(b, 0, SPAN_TEXT, "The header alone is what ");
    EXPECT_SPAN(b, 1, SPAN_CODE, "object()");
    EXPECT_SPAN(b, 2, SPAN_TEXT, " has: ");
    EXPECT_SPAN(b, 3, SPAN_EMPHASIS, "see");
    EXPECT_SPAN(b, 4, SPAN_TEXT, " ");
    EXPECT_SPAN(b, 5, SPAN_CODE, "= 6*7");
    EXPECT_SPAN(b, 6, SPAN_TEXT, " and ");
    EXPECT_SPAN(b, 7, SPAN_STRONG, "this");
    EXPECT_SPAN(b, 8, SPAN_TEXT, ".");
    ck_assert_int_eq(b->spans[1].line, 12);
    ck_assert_int_eq(b->spans[5].line, 13);
    b = lesson_step_block(&l->steps[0], BLOCK_HINT, 1);
    ck_assert_uint_eq(b->nspans, 1);
    EXPECT_SPAN(b, 0, SPAN_TEXT, "");
    lesson_free(l);
}
END_TEST

START_TEST(line_ends_and_bom_do_not_move_lines)
{
    StrBuf crlf;
    strbuf_init(&crlf);
    strbuf_puts(&crlf, "\xef\xbb\xbf");
    for (const char *p = sample; *p; p++) {
        if (*p == '\n')
            strbuf_putc(&crlf, '\r');
        strbuf_putc(&crlf, *p);
    }
    LessonErrors errs = {0};
    Lesson *l = lesson_parse("x.md", crlf.data, crlf.len, &errs);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(errs.len, 0);
    ck_assert_str_eq(l->id, "x");
    ck_assert_str_eq(l->title, "Sizes of small things");
    ck_assert_uint_eq(l->nsteps, 2);
    ck_assert_int_eq(l->steps[1].line, 29);
    expect_block(&l->steps[1].blocks[2], BLOCK_CHECK, 37, "t == (1, 2, 3)\ntype(t) is tuple\n");
    expect_block(&l->steps[0].blocks[0], BLOCK_PROSE, 11,
                 "A list of three items takes = sys.getsizeof([1, 2, 3]) bytes; == is not live.");
    lesson_free(l);
    strbuf_free(&crlf);
}
END_TEST

START_TEST(odd_markdown_is_kept_as_prose)
{
    static const char *const text =
        "# T\n"
        "\n"
        "| a | b |\n"          /* 3 */
        "|---|---|\n"
        "| 1 | 2 |\n"          /* 5 */
        "\n"
        "<b>html</b> &amp; &#x41; &bogus; [link](http://example.com) ![alt](i.png)\n" /* 7 */
        "\n"
        "## S\n"               /* 9 */
        "\n"
        "1. *a **b** c*\n"     /* 11 */
        "2. `=` and `= ` and `=x` and `== y`\n" /* 12 */
        "\n"
        "- ```python\n"        /* 14 */
        "  x = 1\n"
        "  ```\n"
        "\n"
        "---\n"
        "Line one  \n"         /* 19: hard break */
        "line two\n";
    LessonErrors errs = {0};
    Lesson *l = parse(text, &errs);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(errs.len, 0);
    ck_assert_uint_eq(l->nintro, 3);
    expect_block(&l->intro[0], BLOCK_PROSE, 3, "a | b");
    expect_block(&l->intro[1], BLOCK_PROSE, 5, "1 | 2");
    expect_block(&l->intro[2], BLOCK_PROSE, 7, "<b>html</b> & A &bogus; link alt");
    ck_assert_str_eq(l->summary, "<b>html</b> & A &bogus; link alt");
    const LessonStep *s = &l->steps[0];
    ck_assert_uint_eq(s->nblocks, 4);
    const LessonBlock *b = &s->blocks[0];
    expect_block(b, BLOCK_PROSE, 11, "a b c");
    ck_assert(b->bullet);
    EXPECT_SPAN(b, 0, SPAN_EMPHASIS, "a ");
    EXPECT_SPAN(b, 1, SPAN_STRONG, "b");
    EXPECT_SPAN(b, 2, SPAN_EMPHASIS, " c");
    b = &s->blocks[1];
    ck_assert_int_eq(b->line, 12);
    EXPECT_SPAN(b, 0, SPAN_CODE, "=");
    EXPECT_SPAN(b, 2, SPAN_CODE, "= ");
    EXPECT_SPAN(b, 4, SPAN_LIVE, "x");
    EXPECT_SPAN(b, 6, SPAN_CODE, "== y");
    expect_block(&s->blocks[2], BLOCK_EXAMPLE, 14, "x = 1\n");
    expect_block(&s->blocks[3], BLOCK_PROSE, 19, "Line one\nline two");
    lesson_free(l);

    /* empty table cells leave no stray separators */
    l = parse("# T\n\n| | b |\n|---|---|\n| x | |\n| a | `c` |\n| | |\n\n## S\n\nText.\n",
              &errs);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(errs.len, 0);
    ck_assert_uint_eq(l->nintro, 3);
    expect_block(&l->intro[0], BLOCK_PROSE, 3, "b");
    expect_block(&l->intro[1], BLOCK_PROSE, 5, "x");
    expect_block(&l->intro[2], BLOCK_PROSE, 6, "a | c");
    EXPECT_SPAN(&l->intro[2], 1, SPAN_CODE, "c");
    lesson_free(l);
}
END_TEST

typedef struct {
    const char *text;
    bool usable; /* a lesson comes back despite the error */
    int line;
    const char *message;
} BadLesson;

#define FENCES "python, setup, check, hint, solution, wrong or requires"

static const BadLesson bad_lessons[] = {
    {"", false, 1, "missing title: a lesson starts with '# Title'"},
    {"## Step\n\nText.\n", false, 1, "missing title: a lesson starts with '# Title'"},
    {"Intro\n\n# T\n\n## S\n\nText.\n", true, 1,
     "text before the title: a lesson starts with '# Title'"},
    {"\n\n- item\n# T\n\n## S\n\nText.\n", true, 3,
     "text before the title: a lesson starts with '# Title'"},
    {"#\n\n## S\n\nText.\n", true, 1, "empty title"},
    {"# T\n\nSummary only.\n", true, 1, "no steps: start one with '## Step title'"},
    {"# T\n\n## S\n\n```python\nx = 1\n```\n", true, 3,
     "step has no prose: explain it before its code"},
    {"# T\n\n## S\n\nText.\n\n##\n\nMore.\n", true, 7, "step without a title"},
    {"# T\n\n## S\n\nText.\n\n# Again\n\nMore.\n", true, 7,
     "a second title: steps start with '## '"},
    {"# T\n\n## S\n\nDo it.\n\n```check\nx == 1\n```\n", true, 7,
     "check without a solution: add a ```solution block to the step"},
    {"# T\n\n## S\n\nDo it.\n\n```solution\nx = 1\n```\n", true, 7,
     "solution without a check: add a ```check block to the step"},
    {"# T\n\n## S\n\nDo it.\n\n```hint\nx\n```\n", true, 7,
     "hint without a check: hints belong to tasks"},
    {"# T\n\n## S\n\nDo it.\n\n```wrong\nx = 2\n```\n", true, 7,
     "wrong without a check: it shows what a check rejects"},
    {"# T\n\n```wrong\nx = 2\n```\n\n## S\n\nDo it.\n", true, 3,
     "```wrong outside a step: it belongs after a '## ' heading"},
    {"# T\n\n## S\n\nDo it.\n\n```pyhton\nx = 1\n```\n", true, 7,
     "unknown fence 'pyhton': use " FENCES},
    {"# T\n\n## S\n\nDo it.\n\n```\nx = 1\n```\n", true, 7, "fence needs a language: " FENCES},
    {"# T\n\n## S\n\nDo it.\n\n```\n```\n", true, 7, "fence needs a language: " FENCES},
    {"# T\n\n## S\n\nDo it.\n\n```python\nx = 1\n", true, 7,
     "unterminated fence: no closing fence before the end of the file"},
    {"# T\n\n## S\n\nDo it.\n\n````python\nx = 1\n```\n", true, 7,
     "unterminated fence: no closing fence before the end of the file"},
    {"# T\n\n## S\n\nDo it.\n\n```check\nx == 1\n\ny\n```\n```solution\nx = 1\n```\n", true, 9,
     "empty line in a check: one expression per line"},
    {"# T\n\n## S\n\nDo it.\n\n```check\n```\n```solution\nx = 1\n```\n", true, 7,
     "empty check: write one expression per line"},
    {"# T\n\n## S\n\nDo it.\n\n```check\nx == 1\nx = 1\n```\n```solution\nx = 1\n```\n", true,
     9, "check is not an expression: x = 1"},
    {"# T\n\n## S\n\nDo it.\n\n```check\nassert x\n```\n```solution\nx = 1\n```\n", true, 8,
     "check is not an expression: assert x"},
    {"# T\n\n## S\n\nDo it.\n\n```check\nx += 1\n```\n```solution\nx = 1\n```\n", true, 8,
     "check is not an expression: x += 1"},
    {"# T\n\n## S\n\nDo it.\n\n```check\na; b\n```\n```solution\nx = 1\n```\n", true, 8,
     "check is not an expression: a; b"},
    {"# T\n\n```check\nx\n```\n\n## S\n\nDo it.\n", true, 3,
     "```check outside a step: it belongs after a '## ' heading"},
    {"# T\n\n## S\n\nDo it.\n\n```requires\nnumpy\nnot a module\n```\n", true, 9,
     "not a module name: not a module"},
    {"# T\n\n## S\n\nDo \xff it.\n", false, 5, "invalid UTF-8 (byte 0xff)"},
    {"# T\n\n## S\n\nDo \xed\xa0\x80 it.\n", false, 5, "invalid UTF-8 (byte 0xed)"},
    {"# T\n\x1b[31mred\n", false, 2, "control character 0x1b"},
    {"# T\n\n\xc2\x9b\n", false, 3, "control character U+009B"},
};

START_TEST(structure_errors_have_their_lines)
{
    const BadLesson *c = &bad_lessons[_i];
    LessonErrors errs = {0};
    Lesson *l = parse(c->text, &errs);
    ck_assert_msg((l != NULL) == c->usable, "case %d: lesson %s", _i, l ? "returned" : "NULL");
    ck_assert_msg(errs.len == 1, "case %d: %zu errors, first: %d: %s", _i, errs.len,
                  errs.len ? errs.items[0].line : 0, errs.len ? errs.items[0].message : "");
    ck_assert_int_eq(errs.items[0].line, c->line);
    ck_assert_str_eq(errs.items[0].message, c->message);
    lesson_free(l);
    lesson_errors_free(&errs);
}
END_TEST

START_TEST(fatal_byte_errors)
{
    LessonErrors errs = {0};
    static const char nul[] = "# T\n\n## S\n\nDo\0 it.\n";
    ck_assert_ptr_null(lesson_parse("n.md", nul, sizeof nul - 1, &errs));
    ck_assert_uint_eq(errs.len, 1);
    ck_assert_int_eq(errs.items[0].line, 5);
    ck_assert_str_eq(errs.items[0].message, "NUL byte in the file");
    lesson_errors_free(&errs);

    char *big = xmalloc(LESSON_MAX_BYTES + 1);
    memset(big, 'a', LESSON_MAX_BYTES + 1);
    ck_assert_ptr_null(lesson_parse("big.md", big, LESSON_MAX_BYTES + 1, &errs));
    ck_assert_uint_eq(errs.len, 1);
    ck_assert_int_eq(errs.items[0].line, 0);
    ck_assert_str_eq(errs.items[0].message, "larger than 1048576 bytes");
    lesson_errors_free(&errs);
    ck_assert_ptr_null(lesson_parse("big.md", big, LESSON_MAX_BYTES + 1, NULL));
    free(big);
}
END_TEST

START_TEST(errors_come_sorted_by_line)
{
    LessonErrors errs = {0};
    Lesson *l = parse("# T\n\n## A\n\n```pyhton\nx\n```\n\n## B\n\n```check\nx\n```\n\n"
                      "```python\nx\n",
                      &errs);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(errs.len, 4);
    static const struct {
        int line;
        const char *message;
    } want[] = {
        {5, "unknown fence 'pyhton': use " FENCES}, /* shown as text: step A has prose */
        {9, "step has no prose: explain it before its code"},
        {11, "check without a solution: add a ```solution block to the step"},
        {15, "unterminated fence: no closing fence before the end of the file"},
    };
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(errs.items[i].line, want[i].line);
        ck_assert_str_eq(errs.items[i].message, want[i].message);
    }
    /* errors add up across calls */
    lesson_free(parse("", &errs));
    ck_assert_uint_eq(errs.len, 5);
    lesson_free(l);
    lesson_errors_free(&errs);
    ck_assert_uint_eq(errs.len, 0);
    ck_assert_ptr_null(errs.items);
}
END_TEST

START_TEST(load_reads_files)
{
    char *dir = tl_tmpdir();
    char *path = write_file(dir, "07-tuples.md", sample);
    LessonErrors errs = {0};
    Lesson *l = lesson_load(path, &errs);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(errs.len, 0);
    ck_assert_str_eq(l->id, "07-tuples");
    ck_assert_str_eq(l->path, path);
    ck_assert_uint_eq(l->nsteps, 2);
    lesson_free(l);

    char *missing = xasprintf("%s/nope.md", dir);
    ck_assert_ptr_null(lesson_load(missing, &errs));
    ck_assert_uint_eq(errs.len, 1);
    ck_assert_int_eq(errs.items[0].line, 0);
    ck_assert_str_eq(errs.items[0].message, "cannot read: No such file or directory");
    lesson_errors_free(&errs);
    ck_assert_ptr_null(lesson_load(dir, &errs));
    ck_assert_str_eq(errs.items[0].message, "cannot read: Is a directory");
    lesson_errors_free(&errs);

    StrBuf big;
    strbuf_init(&big);
    strbuf_puts(&big, "# Big\n\n## S\n\nText.\n");
    while (big.len <= LESSON_MAX_BYTES)
        strbuf_puts(&big, "More text in a long paragraph.\n");
    char *bigpath = write_file(dir, "big.md", big.data);
    ck_assert_ptr_null(lesson_load(bigpath, &errs));
    ck_assert_str_eq(errs.items[0].message, "larger than 1048576 bytes");
    lesson_errors_free(&errs);
    ck_assert_ptr_null(lesson_load(NULL, NULL));
    strbuf_free(&big);
    free(bigpath);
    free(missing);
    free(path);
    tl_remove_tree(dir);
}
END_TEST

START_TEST(catalog_is_sorted_and_skips_readme)
{
    char *dir = tl_tmpdir();
    const char *names[] = {"10-last.md", "02-b.md", "01-a.md", "README.md", "notes.txt", ".x.md",
                           "md"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        free(write_file(dir, names[i], "# T\n"));
    char *sub = xasprintf("%s/05-folder.md", dir);
    ck_assert_int_eq(mkdir(sub, 0700), 0);
    size_t n = 99;
    char **v = lesson_catalog(dir, &n);
    ck_assert_uint_eq(n, 3);
    char *want0 = xasprintf("%s/01-a.md", dir), *want2 = xasprintf("%s/10-last.md", dir);
    ck_assert_str_eq(v[0], want0);
    ck_assert_str_eq(v[2], want2);
    ck_assert_ptr_nonnull(strstr(v[1], "/02-b.md"));
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    /* a trailing slash gives the same paths */
    char *slashed = xasprintf("%s/", dir);
    v = lesson_catalog(slashed, &n);
    ck_assert_uint_eq(n, 3);
    ck_assert_str_eq(v[0], want0);
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
    ck_assert_ptr_null(lesson_catalog(sub, &n)); /* empty */
    ck_assert_uint_eq(n, 0);
    ck_assert_ptr_null(lesson_catalog("/nonexistent-objscope-folder", &n));
    ck_assert_uint_eq(n, 0);
    free(slashed);
    free(want0);
    free(want2);
    free(sub);
    tl_remove_tree(dir);
}
END_TEST

/* ---- robustness ---- */

static size_t count_lines(const char *text, size_t n)
{
    size_t lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == n || text[i + 1] != '\n'));
    return lines;
}

static void check_blocks(const LessonBlock *v, size_t n, size_t lines)
{
    for (size_t i = 0; i < n; i++) {
        ck_assert_int_ge(v[i].line, 1);
        ck_assert_int_le(v[i].line, (int)lines);
        ck_assert_ptr_nonnull(v[i].text);
        if (v[i].kind == BLOCK_PROSE)
            ck_assert_uint_gt(v[i].nspans, 0);
        for (size_t j = 0; j < v[i].nspans; j++) {
            ck_assert_ptr_nonnull(v[i].spans[j].text);
            ck_assert_int_ge(v[i].spans[j].line, v[i].line);
            ck_assert_int_le(v[i].spans[j].line, (int)lines);
        }
    }
}

/* Parse anything: no crash, and every line number points into the text. */
static void parse_anything(const char *text, size_t n)
{
    LessonErrors errs = {0};
    Lesson *l = lesson_parse("fuzz.md", text, n, &errs);
    size_t lines = count_lines(text, n);
    for (size_t i = 0; i < errs.len; i++) {
        ck_assert_int_ge(errs.items[i].line, 0);
        ck_assert_int_le(errs.items[i].line, (int)lines);
        ck_assert_ptr_nonnull(errs.items[i].message);
    }
    if (!l)
        ck_assert_uint_gt(errs.len, 0);
    if (l) {
        ck_assert_ptr_nonnull(l->title);
        ck_assert_ptr_nonnull(l->summary);
        check_blocks(l->intro, l->nintro, lines);
        for (size_t i = 0; i < l->nsteps; i++) {
            ck_assert_int_ge(l->steps[i].line, 1);
            ck_assert_int_le(l->steps[i].line, (int)lines);
            check_blocks(l->steps[i].blocks, l->steps[i].nblocks, lines);
        }
    }
    lesson_free(l);
    lesson_errors_free(&errs);
}

START_TEST(random_bytes_never_crash)
{
    static const char alphabet[] = "#`~=*_->|[]()!\\&;:. \n\n\n\t\rabcxyz0123456789";
    unsigned seed = 12345;
    char buf[3000];
    for (int round = 0; round < 3000; round++) {
        size_t n = (size_t)(rand_r(&seed) % (int)sizeof buf);
        bool raw = round % 3 == 0;
        for (size_t i = 0; i < n; i++) {
            int r = rand_r(&seed);
            buf[i] = raw ? (char)(r & 0xFF) : alphabet[r % (int)(sizeof alphabet - 1)];
        }
        parse_anything(buf, n);
    }
}
END_TEST

START_TEST(every_truncation_parses)
{
    size_t n = strlen(sample);
    for (size_t k = 0; k <= n; k++)
        parse_anything(sample, k);
    for (size_t k = 0; k < n; k++) /* and the lesson without one byte */ {
        char *cut = xmalloc(n);
        memcpy(cut, sample, k);
        memcpy(cut + k, sample + k + 1, n - k - 1);
        parse_anything(cut, n - 1);
        free(cut);
    }
}
END_TEST

START_TEST(huge_inputs_parse)
{
    StrBuf b;
    strbuf_init(&b);
    strbuf_puts(&b, "# Headings\n\nMany steps.\n\n");
    size_t steps = 0;
    while (b.len + 16 <= LESSON_MAX_BYTES) {
        strbuf_printf(&b, "## S%zu\n", steps % 1000);
        steps++;
    }
    double start = now_seconds();
    LessonErrors errs = {0};
    Lesson *l = lesson_parse("h.md", b.data, b.len, &errs);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(l->nsteps, steps);
    ck_assert_uint_eq(errs.len, steps); /* every step lacks prose */
    ck_assert_int_eq(l->steps[steps - 1].line, (int)(4 + steps));
    ck_assert_int_eq(errs.items[steps - 1].line, (int)(4 + steps));
    lesson_free(l);
    lesson_errors_free(&errs);
    ck_assert_double_lt(now_seconds() - start, 10.0);

    /* deep nesting and long runs of markup */
    static const char *const units[] = {">", "- ", "*", "`", "[", "#", "~~~\n", "|a", "&#1;"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        b.len = 0;
        strbuf_puts(&b, "# T\n\n");
        while (b.len + strlen(units[u]) < LESSON_MAX_BYTES / 8)
            strbuf_puts(&b, units[u]);
        parse_anything(b.data, b.len);
    }
    strbuf_free(&b);
}
END_TEST

/* ---- running ---- */

/* The first step of a lesson with these blocks after "## S\n\nDo it.\n\n". */
static Lesson *step_lesson(const char *blocks)
{
    char *text = xasprintf("# T\n\n## S\n\nDo it.\n\n%s", blocks);
    LessonErrors errs = {0};
    Lesson *l = parse(text, &errs);
    ck_assert_ptr_nonnull(l);
    ck_assert_uint_eq(l->nsteps, 1);
    lesson_errors_free(&errs);
    free(text);
    return l;
}

static void run_ok(const char *source)
{
    InterpResult *r = interp_run(source, INTERP_MODE_EXEC);
    ck_assert_msg(r->status == INTERP_DONE, "%s: %s", source, r->err);
    interp_result_free(r);
}

static void expect_live(const char *expr, const char *want)
{
    char *got = lesson_live_value(expr);
    ck_assert_str_eq(got, want);
    free(got);
}

START_TEST(live_values_are_quiet)
{
    lesson_run_prepare();
    expect_live("6*7", "42");
    expect_live(" sys.getsizeof(0) > 0 ", "True");
    expect_live("type(gc).__name__, type(tracemalloc).__name__", "('module', 'module')");
    expect_live("nope", "<error: NameError: name 'nope' is not defined>");
    expect_live("1 +", "<error: SyntaxError: invalid syntax (<lesson>, line 1)>");
    expect_live("x = 1", "<error: SyntaxError: invalid syntax (<lesson>, line 1)>");
    expect_live("'\\x1b[2J'", "'\\x1b[2J'");
    expect_live("exit(3)", "<error: SystemExit: 3>");
    /* no `_`, no output, no sys.last_value */
    InterpResult *r = interp_run("'marker'", INTERP_MODE_REPL);
    ck_assert_int_eq(r->status, INTERP_VALUE);
    interp_result_free(r);
    expect_live("print('noise') or 5", "5");
    expect_live("_", "'marker'");
    expect_live("hasattr(sys, 'last_value')", "False");
    r = interp_run("print('after')", INTERP_MODE_EXEC);
    ck_assert_str_eq(r->out, "after\n");
    interp_result_free(r);
    char *big = lesson_live_value("list(range(10**6))"); /* bounded like a REPL result */
    ck_assert_uint_le(strlen(big), 1000);
    ck_assert_msg(strncmp(big, "[0, 1, 2, ", 10) == 0 && strstr(big, ", ...]"), "got %s", big);
    free(big);
}
END_TEST

START_TEST(setup_blocks_run)
{
    Lesson *l = step_lesson("```setup\nvalue = 6 * 7\n```\n\n```setup\n1/0\n```\n");
    char *error = (char *)"untouched";
    ck_assert_int_eq(lesson_run_setup(lesson_step_block(&l->steps[0], BLOCK_SETUP, 0), &error), 0);
    ck_assert_ptr_null(error);
    expect_live("value", "42");
    ck_assert_int_eq(lesson_run_setup(lesson_step_block(&l->steps[0], BLOCK_SETUP, 1), &error), -1);
    ck_assert_str_eq(error, "ZeroDivisionError: division by zero");
    free(error);
    lesson_free(l);
}
END_TEST

/* A setup block that loops is stopped, as other lesson code is, and says why. */
START_TEST(a_setup_block_that_loops_is_stopped)
{
    Lesson *l = step_lesson("```setup\nwhile True: pass\n```\n");
    char *error = NULL;
    ck_assert_int_eq(lesson_run_setup(lesson_step_block(&l->steps[0], BLOCK_SETUP, 0), &error), -1);
    ck_assert_str_eq(error, "timed out after 10 s");
    free(error);
    expect_live("6 * 7", "42"); /* and the interpreter goes on */
    lesson_free(l);
}
END_TEST

/* A live value or check cannot end objscope: os._exit and a signal to itself are refused. */
START_TEST(live_values_cannot_end_objscope)
{
    static const char *const exits[] = {
        "__import__('os')._exit(5)",
        "__import__('posix')._exit(0)",
        "__import__('os').kill(__import__('os').getpid(), 9)",
        "__import__('os').kill(0, 15)",
        "__import__('os').killpg(__import__('os').getpgrp(), 9)",
    };
    for (size_t i = 0; i < sizeof exits / sizeof exits[0]; i++) {
        char *got = lesson_live_value(exits[i]);
        ck_assert_msg(strstr(got, "<error: RuntimeError: ") == got && strstr(got, "would end objscope"),
                      "%s: %s", exits[i], got);
        free(got);
    }
    expect_live("6 * 7", "42"); /* still here */
    /* Signals to other processes are the lesson's business. */
    expect_live("__import__('os').kill(__import__('os').getpid() + 10**6, 0)",
                "<error: ProcessLookupError: [Errno 3] No such process>");
}
END_TEST

START_TEST(checks_true_false_and_raising)
{
    Lesson *l = step_lesson("```check\nt == (1, 2, 3)\n  type(t) is tuple  \n```\n"
                            "```solution\nt = (1, 2, 3)\n```\n");
    const LessonStep *s = &l->steps[0];
    char *error = NULL;
    ck_assert_int_eq(lesson_check_step(s, &error), -1);
    ck_assert_str_eq(error, "NameError: name 't' is not defined");
    free(error);
    run_ok("t = [1, 2, 3]");
    ck_assert_int_eq(lesson_check_step(s, &error), 0);
    ck_assert_ptr_null(error);
    run_ok("t = (1, 2, 3)");
    ck_assert_int_eq(lesson_check_step(s, &error), 1);
    ck_assert_ptr_null(error);
    ck_assert_int_eq(lesson_check_step(s, NULL), 1);
    lesson_free(l);

    /* the second line is false */
    l = step_lesson("```check\nTrue\n1 == 2\n```\n```solution\npass\n```\n");
    ck_assert_int_eq(lesson_check_step(&l->steps[0], &error), 0);
    lesson_free(l);

    /* bool() itself raises */
    l = step_lesson("```check\nB()\n```\n```solution\npass\n```\n");
    run_ok("class B:\n    def __bool__(self):\n        raise ValueError('no truth')\n");
    ck_assert_int_eq(lesson_check_step(&l->steps[0], &error), -1);
    ck_assert_str_eq(error, "ValueError: no truth");
    free(error);
    lesson_free(l);

    /* a step without checks passes */
    l = step_lesson("```python\nx = 1\n```\n");
    ck_assert_int_eq(lesson_check_step(&l->steps[0], &error), 1);
    ck_assert_int_eq(lesson_check_step(NULL, &error), 1);
    lesson_free(l);
}
END_TEST

START_TEST(check_that_loops_is_stopped)
{
    run_ok("def spin():\n    while True:\n        pass\n");
    Lesson *l = step_lesson("```check\nspin()\n```\n```solution\npass\n```\n");
    char *error = NULL;
    double start = now_seconds();
    ck_assert_int_eq(lesson_check_step(&l->steps[0], &error), -1);
    double spent = now_seconds() - start;
    ck_assert_str_eq(error, "timed out after 2 s");
    ck_assert_double_ge(spent, INTERP_REPR_SECONDS - 0.1);
    ck_assert_double_lt(spent, INTERP_REPR_SECONDS + 2.0);
    free(error);
    /* and nothing is left over for the next evaluation */
    expect_live("sum(range(10**6))", "499999500000");
    lesson_free(l);
}
END_TEST

START_TEST(requirements)
{
    Lesson *l = step_lesson("```requires\njson\n\n  xml.etree.ElementTree  \n```\n");
    char *missing = (char *)"untouched";
    ck_assert(lesson_requirements_met(&l->steps[0], &missing));
    ck_assert_ptr_null(missing);
    lesson_free(l);
    expect_live("'json' in dir()", "False"); /* imported, but not into the namespace */

    l = step_lesson("```requires\njson\nno_such_module_objscope\n```\n");
    ck_assert(!lesson_requirements_met(&l->steps[0], &missing));
    ck_assert_str_eq(missing, "no_such_module_objscope");
    free(missing);
    ck_assert(!lesson_requirements_met(&l->steps[0], NULL));
    lesson_free(l);

    l = step_lesson("Just prose.\n");
    ck_assert(lesson_requirements_met(&l->steps[0], &missing));
    lesson_free(l);
}
END_TEST

/* ---- the linter ---- */

/* Lint text written to a file; returns the problem count, *report gets what was written. */
static int lint_text(const char *text, char **report, char **path_out)
{
    char *dir = tl_tmpdir();
    char *path = write_file(dir, "lesson.md", text);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(out);
    int problems = lesson_lint(path, out);
    fclose(out);
    *report = buf;
    *path_out = path;
    unlink(path);
    rmdir(dir);
    free(dir);
    return problems;
}

/* The report with every "PATH" replaced by "L". */
static char *short_report(const char *report, const char *path)
{
    StrBuf b;
    strbuf_init(&b);
    size_t n = strlen(path);
    for (const char *p = report; *p;) {
        if (strncmp(p, path, n) == 0) {
            strbuf_putc(&b, 'L');
            p += n;
        } else {
            strbuf_putc(&b, *p++);
        }
    }
    return strbuf_take(&b);
}

static void expect_lint(const char *text, int problems, const char *want)
{
    char *report, *path;
    int got = lint_text(text, &report, &path);
    char *shown = short_report(report, path);
    ck_assert_msg(got == problems, "%d problems, want %d:\n%s", got, problems, shown);
    ck_assert_str_eq(shown, want);
    free(shown);
    free(report);
    free(path);
}

START_TEST(lint_accepts_a_good_lesson)
{
    expect_lint(sample, 0, "");
}
END_TEST

START_TEST(lint_reports_what_fails)
{
    expect_lint("# T\n\n## S\n\nMake t.\n\n"
                "```check\nt == (1, 2, 3)\nt == (1, 2, 4)\n```\n\n"
                "```solution\nt = (1, 2, 3)\n```\n",
                1, "L:9: check is false after the solution: t == (1, 2, 4)\n");
    expect_lint("# T\n\n## S\n\nBoom.\n\n```python\nprint('hi')\nx = 1/0\n```\n", 1,
                "L:7: example failed: ZeroDivisionError: division by zero\n");
    expect_lint("# T\n\n## S\n\nA list\nof `= len(q) + 1` items.\n", 1,
                "L:6: live value `= len(q) + 1` failed: NameError: name 'q' is not defined\n");
    expect_lint("# T\n\n```setup\nimport nothing_here_objscope\n```\n\n## S\n\nText.\n", 1,
                "L:3: setup failed: ModuleNotFoundError: No module named "
                "'nothing_here_objscope'\n");
    expect_lint("# T\n\n## S\n\nDo.\n\n```check\nundefined_name\n```\n\n"
                "```solution\nraise SystemExit(4)\n```\n",
                2,
                "L:11: solution failed: SystemExit: 4\n"
                "L:8: check failed after the solution: undefined_name: NameError: name "
                "'undefined_name' is not defined\n");
    expect_lint("# T\n\n## S\n\nDo.\n\n```check\n(1 +\n```\n\n```solution\npass\n```\n", 1,
                "L:8: check failed after the solution: (1 +: SyntaxError: '(' was never closed "
                "(<lesson>, line 1)\n");
}
END_TEST

START_TEST(lint_reports_structure_and_notes)
{
    expect_lint("# T\n\n## S\n\nDo.\n\n```pyhton\nx\n```\n\n```check\nx\n```\n", 2,
                "L:7: unknown fence 'pyhton': use " FENCES "\n"
                "L:11: check without a solution: add a ```solution block to the step\n");
    expect_lint("Oops \xff\n", 1, "L:1: invalid UTF-8 (byte 0xff)\n");
    /* a step whose module is missing is skipped, with a note that is not a problem */
    expect_lint("# T\n\n## Needs a module\n\nText `= undefined_here`.\n\n"
                "```requires\nno_such_module_objscope\n```\n\n## Next\n\nFine `= 1 + 1`.\n",
                0, "L:3: note: step skipped, no_such_module_objscope is not installed\n");
    /* steps share the namespace, in order */
    expect_lint("# T\n\n```setup\nbase = 40\n```\n\n"
                "## One\n\nSet it.\n\n```python\nn = base + 2\n```\n"
                "\n## Two\n\nIt is `= n`.\n\n```check\n'm' in globals() and m == n == 42\n```\n\n"
                "```solution\nm = n\n```\n",
                0, "");
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    ck_assert_int_eq(lesson_lint("/nonexistent-objscope/x.md", out), 1);
    fclose(out);
    ck_assert_str_eq(buf, "/nonexistent-objscope/x.md: cannot read: No such file or directory\n");
    free(buf);
}
END_TEST

/* A task whose solution defines NAME(a) returning (a, a): a wrong block that returns (a, 1)
 * is rejected by its checks; `extra`, when not empty, is one more wrong block. */
static void expect_lint_pair(const char *name, const char *extra, int problems, const char *want)
{
    char *text = xasprintf(
        "# T\n\n## S\n\nMake %1$s(a) return (a, a).\n\n"
        "```check\n'%1$s' in globals() and %1$s(3) == (3, 3)\n"
        "'pair' in globals() and pair == (1, 1)\n```\n\n"
        "```solution\ndef %1$s(a):\n    return (a, a)\n\n\npair = %1$s(1)\n```\n\n"
        "```wrong\ndef %1$s(a):\n    return (a, 1)\n\n\npair = %1$s(1)\n```\n\n"
        "%2$s%3$s%4$s",
        name, *extra ? "```wrong\n" : "", extra, *extra ? "```\n" : "");
    expect_lint(text, problems, want);
    free(text);
}

/* A task waits for the learner: its checks are false after the step's examples, and false after
 * each ```wrong block (a mistake they must reject); a wrong block that fails is a problem too. */
START_TEST(lint_reports_tasks_that_do_not_wait)
{
    expect_lint("# T\n\n## S\n\nDo.\n\n```python\nx = 1\n```\n\n"
                "```check\nx == 1\n```\n\n```solution\nx = 1\n```\n",
                1, "L:11: the task is done before the learner starts: its checks are true after "
                "the step's setup and examples\n");
    /* the linter runs in this process: each lesson names its own function */
    expect_lint_pair("pair_a", "", 0, "");
    expect_lint_pair("pair_b", "def pair_b(a):\n    return (1, 1)\n\n\npair_b = lambda a: (a, a)\n"
                     "pair = (1, 1)\n", 1, "L:28: the checks accept this wrong code: test what it "
                     "gets wrong, not only the final state\n");
    expect_lint_pair("pair_c", "pair = 1 / 0\n", 1,
                     "L:28: wrong failed: ZeroDivisionError: division by zero\n");
}
END_TEST

/* An example's limit covers the threads it starts: the linter waits for them, as the
 * interpreter would at exit, before the solution and checks run. */
START_TEST(lint_waits_for_the_threads_an_example_starts)
{
    expect_lint("# T\n\n## S\n\nDo.\n\n```python\nimport threading, time\nx = 1\n\n"
                "def later():\n    global x\n    time.sleep(0.3)\n    x = 2\n\n"
                "threading.Thread(target=later).start()\n```\n\n"
                "```check\n'y' in globals() and y == x == 2\n```\n\n```solution\ny = x\n```\n",
                0, "");
}
END_TEST

Suite *lesson_suite(void)
{
    Suite *s = suite_create("lesson");
    TCase *tc = tcase_create("parse");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, parses_a_complete_lesson);
    tcase_add_test(tc, hints_are_markdown_and_never_live);
    tcase_add_test(tc, line_ends_and_bom_do_not_move_lines);
    tcase_add_test(tc, odd_markdown_is_kept_as_prose);
    tcase_add_loop_test(tc, structure_errors_have_their_lines, 0,
                        (int)(sizeof bad_lessons / sizeof bad_lessons[0]));
    tcase_add_test(tc, fatal_byte_errors);
    tcase_add_test(tc, errors_come_sorted_by_line);
    tcase_add_test(tc, load_reads_files);
    tcase_add_test(tc, catalog_is_sorted_and_skips_readme);
    suite_add_tcase(s, tc);

    tc = tcase_create("robust");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, random_bytes_never_crash);
    tcase_add_test(tc, every_truncation_parses);
    tcase_add_test(tc, huge_inputs_parse);
    suite_add_tcase(s, tc);

    tc = tcase_create("run");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, live_values_are_quiet);
    tcase_add_test(tc, live_values_cannot_end_objscope);
    tcase_add_test(tc, setup_blocks_run);
    tcase_add_test(tc, a_setup_block_that_loops_is_stopped);
    tcase_add_test(tc, checks_true_false_and_raising);
    tcase_add_test(tc, check_that_loops_is_stopped);
    tcase_add_test(tc, requirements);
    suite_add_tcase(s, tc);

    tc = tcase_create("lint");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, lint_accepts_a_good_lesson);
    tcase_add_test(tc, lint_reports_what_fails);
    tcase_add_test(tc, lint_reports_structure_and_notes);
    tcase_add_test(tc, lint_reports_tasks_that_do_not_wait);
    tcase_add_test(tc, lint_waits_for_the_threads_an_example_starts);
    suite_add_tcase(s, tc);
    return s;
}
