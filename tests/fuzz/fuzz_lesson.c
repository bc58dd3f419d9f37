/* fuzz_lesson.c — fuzz target: any bytes as a lesson file, through lesson_parse() (the md4c
 * parser and the lesson structure built on it; no Python is involved: running examples and
 * checks is lesson/run.c, not fuzzed here). Checks what lesson.h promises: errors come sorted by
 * line, each with a message; prose and hints have spans; every string is there. */
#include <stdlib.h>
#include <string.h>

#include "lesson/lesson.h"
#include "tests/fuzz/fuzz.h"

static void walk_block(const LessonBlock *b)
{
    FUZZ_ASSERT(b->text != NULL, "a block has text");
    FUZZ_ASSERT(b->line >= 1, "a block has a line");
    bool spanned = b->kind == BLOCK_PROSE || b->kind == BLOCK_HINT;
    FUZZ_ASSERT(spanned ? b->spans && b->nspans > 0 : !b->spans, "prose and hints have spans");
    for (size_t i = 0; i < b->nspans; i++)
        FUZZ_ASSERT(b->spans[i].text && b->spans[i].line >= 1, "a span has text and a line");
    size_t n = strlen(b->text);
    bool code = !spanned;
    FUZZ_ASSERT(!code || n == 0 || b->text[n - 1] == '\n', "code ends with a newline");
}

static void walk(const Lesson *l)
{
    FUZZ_ASSERT(l->title && l->id && l->summary && l->path, "a lesson has its strings");
    for (size_t i = 0; i < l->nintro; i++)
        walk_block(&l->intro[i]);
    for (size_t s = 0; s < l->nsteps; s++) {
        const LessonStep *step = &l->steps[s];
        FUZZ_ASSERT(step->title != NULL, "a step has a title");
        for (size_t i = 0; i < step->nblocks; i++)
            walk_block(&step->blocks[i]);
        for (int k = BLOCK_PROSE; k <= BLOCK_WRONG; k++) {
            size_t count = lesson_step_count(step, (LessonBlockKind)k);
            for (size_t i = 0; i < count; i++)
                FUZZ_ASSERT(lesson_step_block(step, (LessonBlockKind)k, i), "counted blocks exist");
            FUZZ_ASSERT(!lesson_step_block(step, (LessonBlockKind)k, count), "none past the count");
        }
        FUZZ_ASSERT(lesson_step_is_task(step) == (lesson_step_count(step, BLOCK_CHECK) > 0),
                    "a task step is one with a check");
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    LessonErrors errs = {0};
    Lesson *l = lesson_parse("fuzz.md", (const char *)data, size, &errs);
    for (size_t i = 0; i < errs.len; i++) {
        FUZZ_ASSERT(errs.items[i].message != NULL, "an error has a message");
        FUZZ_ASSERT(i == 0 || errs.items[i - 1].line <= errs.items[i].line, "sorted by line");
    }
    if (l)
        walk(l);
    lesson_free(l);
    lesson_errors_free(&errs);
    return 0;
}
