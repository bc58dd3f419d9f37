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

/* Run a setup block quietly (its output discarded), stopped after 10 s. Returns 0, or -1 with
 * *error (owned) set to Python's message, "ZeroDivisionError: division by zero", or "timed out
 * after 10 s". */
int lesson_run_setup(const LessonBlock *b, char **error);

/* Evaluate a step's checks quietly, each non-empty line of each check block in order, each
 * stopped after INTERP_REPR_SECONDS: 1 all true, 0 one is false, -1 one raised or timed out
 * (*error set, owned: "NameError: name 't' is not defined"). A step without checks is 1. */
int lesson_check_step(const LessonStep *s, char **error);

/* Whether every module a step requires can be imported; *missing (owned) names the first that
 * cannot. */
bool lesson_requirements_met(const LessonStep *s, char **missing);

/* Lint a lesson file: structure, then a run in this (fresh) interpreter (lessons/README.md,
 * "Checking a lesson"). Writes each problem as "FILE:LINE: message" ("FILE: message" when it is
 * about no line) to out and returns how many there were; a step skipped because a required
 * module is missing adds a "FILE:LINE: note: ..." line that is not counted. */
int lesson_lint(const char *path, FILE *out);

/* lesson_lint in a child process, as `objscope --check-lesson` runs it: the lesson's code can
 * neither end the check early with a status of its choosing (os._exit: that is a problem of its
 * own) nor hang it (threads it leaves running are waited for within the time limit, code that
 * ignores every interrupt ends the child). The child starts Python: call it with Python not
 * running in this process. Returns the number of problems. */
int lesson_lint_isolated(const char *path, FILE *out);

#endif
