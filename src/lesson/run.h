/* run.h — running a lesson against the learner's interpreter: live values, examples, checks,
 * and the linter (`objscope --check-lesson FILE`). Goes through src/py/interp.h only. */
#ifndef OBJSCOPE_LESSON_RUN_H
#define OBJSCOPE_LESSON_RUN_H

#include <stdbool.h>
#include <stdio.h>

#include "lesson/lesson.h"

/* Prepare the learner's namespace for lessons (imports sys, gc, tracemalloc). */
void lesson_run_prepare(void);

/* The value of a live span, evaluated quietly (no `_`, no output): a short repr, or
 * "<error: NameError: ...>" (owned). */
char *lesson_live_value(const char *expr);

/* Run a setup block quietly. Returns 0, or -1 with *error (owned) set to Python's message. */
int lesson_run_setup(const LessonBlock *b, char **error);

/* Evaluate a step's checks quietly: 1 all true, 0 one is false, -1 one raised (*error set,
 * owned). A step without checks is 1. */
int lesson_check_step(const LessonStep *s, char **error);

/* Whether every module a step requires can be imported; *missing (owned) names the first that
 * cannot. */
bool lesson_requirements_met(const LessonStep *s, char **missing);

/* Lint a lesson file: structure, then a run in this (fresh) interpreter. Writes each problem
 * as "FILE:LINE: message" to out and returns how many there were. */
int lesson_lint(const char *path, FILE *out);

#endif
