/* cli.c — the command line: getopt_long parsing, --version/--help, the batch modes that print
 * one object's layout as text (--dump) or JSON (--json), and the lesson tools (--check-lesson,
 * --list-lessons). Errors are reported the way Python would report them, on stderr, with a
 * non-zero exit status; the program never crashes on input. */
#include "cli.h"

#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "layout/layout.h"
#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "lesson/run.h"
#include "py/interp.h"
#include "render/render.h"
#include "ui/app.h"
#include "util/datadir.h"
#include "util/xalloc.h"

#define OBJSCOPE_VERSION "0.1.0"
/* --dump and --json: code that goes on this long past a time limit, ignoring every interrupt,
 * ends objscope (a batch run must end). */
#define CLI_GIVE_UP_SECONDS 5

typedef enum { MODE_EXPLORER, MODE_DUMP, MODE_JSON, MODE_CHECK_LESSON, MODE_LIST_LESSONS } Mode;

typedef struct {
    Mode mode;
    const char *expr;   /* --dump, --json */
    const char *lesson; /* --check-lesson */
    const char **setup; /* --setup blocks, run in order */
    size_t nsetup, cap_setup;
    bool ascii;
    const char *theme;
    const char *open_lesson; /* --lesson NAME (the explorer) */
    double started_us;
} Options;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: objscope [--setup CODE]... [--theme NAME] [--lesson NAME]\n"
            "       objscope [--setup CODE]... (--dump EXPR | --json EXPR) [--ascii]\n"
            "       objscope --check-lesson FILE | --list-lessons\n"
            "       objscope --version | --help\n"
            "\n"
            "Show the real memory layout of Python objects in the embedded CPython. With no\n"
            "--dump or --json, opens the interactive explorer (a REPL beside a live diagram).\n"
            "\n"
            "  --dump EXPR    print EXPR's layout as a diagram (offsets, sizes, live values)\n"
            "  --json EXPR    the same layout as JSON (schema: docs/json-schema.md)\n"
            "  --setup CODE   run statements first, in the same namespace (repeatable)\n"
            "  --ascii        plain ASCII line drawing (automatic when the locale is not UTF-8)\n"
            "  --theme NAME   explorer colours: dark, light, high-contrast (NO_COLOR is honoured)\n"
            "  --lesson NAME  open the explorer on a lesson: its number (4), name (slots), or a\n"
            "                 path to a lesson file (one from elsewhere asks for trust first)\n"
            "  --check-lesson FILE\n"
            "                 check a lesson file (lessons/README.md): its structure, then a\n"
            "                 run of its examples, solutions and checks in a fresh interpreter;\n"
            "                 problems go to stdout as FILE:LINE: message, exit status 1 if any\n"
            "  --list-lessons the lessons that come with objscope, and your progress in each\n"
            "  --version      objscope's version and the CPython it embeds\n"
            "  --help         this text\n");
}

static int parse(int argc, char **argv, Options *o)
{
    static const struct option longs[] = {
        {"dump", required_argument, NULL, 'd'}, {"json", required_argument, NULL, 'j'},
        {"setup", required_argument, NULL, 's'}, {"ascii", no_argument, NULL, 'a'},
        {"version", no_argument, NULL, 'V'},    {"help", no_argument, NULL, 'h'},
        {"theme", required_argument, NULL, 't'}, {"lesson", required_argument, NULL, 'L'},
        {"check-lesson", required_argument, NULL, 'c'}, {"list-lessons", no_argument, NULL, 'l'},
        {NULL, 0, NULL, 0},
    };
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1) {
        switch (c) {
        case 'd': case 'j': case 'c': case 'l':
            if (o->mode != MODE_EXPLORER) {
                fprintf(stderr, "objscope: use only one of --dump, --json, --check-lesson and "
                                "--list-lessons\n");
                return 2;
            }
            o->mode = c == 'd' ? MODE_DUMP : c == 'j' ? MODE_JSON
                    : c == 'c' ? MODE_CHECK_LESSON : MODE_LIST_LESSONS;
            if (c == 'c')
                o->lesson = optarg;
            else
                o->expr = optarg;
            break;
        case 's':
            o->setup = xgrow(o->setup, &o->cap_setup, o->nsetup + 1, sizeof *o->setup);
            o->setup[o->nsetup++] = optarg;
            break;
        case 'a': o->ascii = true; break;
        case 't': o->theme = optarg; break;
        case 'L': o->open_lesson = optarg; break;
        case 'V':
            printf("objscope %s (CPython %s)\n", OBJSCOPE_VERSION, interp_python_version());
            return 0;
        case 'h': usage(stdout); return 0;
        default:
            fprintf(stderr, "objscope: %s '%s'\n", optopt ? "option needs an argument:" : "unknown option",
                    argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "objscope: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (o->nsetup > 0 && (o->mode == MODE_CHECK_LESSON || o->mode == MODE_LIST_LESSONS)) {
        fprintf(stderr, "objscope: --setup does not go with --check-lesson or --list-lessons\n");
        return 2;
    }
    return -1; /* go on */
}

/* Print what user code wrote, and its error, as Python would; returns an exit status or -1. */
static int report(const InterpResult *r)
{
    fputs(r->out, stdout);
    fputs(r->err, stderr);
    fputs(r->exit_message, stderr);
    if (r->status == INTERP_EXIT)
        return r->exit_code;
    if (r->status == INTERP_ERROR)
        return r->interrupted ? 130 : 1;
    return -1;
}

static int run_setup(const Options *o)
{
    for (size_t i = 0; i < o->nsetup; i++) {
        InterpResult *r = interp_run(o->setup[i], INTERP_MODE_EXEC);
        int status = report(r);
        interp_result_free(r);
        if (status >= 0)
            return status;
    }
    return -1;
}

/* What layout_describe needs, run guarded: it may call a Python __sizeof__ override. */
typedef struct {
    struct _object *value;
    LayoutOptions opt;
    Layout *layout;
} Describe;

static void describe(void *arg)
{
    Describe *d = arg;
    d->layout = layout_describe(d->value, &d->opt);
}

/* --json carries text exactly: the type's name and the repr unescaped (JSON escapes what a
 * terminal would act on); the text diagram keeps the terminal-safe forms. */
static void exact_strings(Layout *l, const InterpResult *r)
{
    free(l->type_name);
    l->type_name = interp_type_name_exact(r->value);
    free(l->repr);
    l->repr = xstrdup(r->repr_exact ? r->repr_exact : r->repr);
}

/* Returns true when the layout had to distrust the object's __sizeof__ (or stop it). */
static bool print_layout(const Options *o, const InterpResult *r)
{
    Describe d = {.value = r->value, .opt = layout_default_options()};
    d.opt.refs_held = interp_refs_held(r);
    InterpGuardEnd end;
    interp_guarded(describe, &d, INTERP_REPR_SECONDS, true, &end);
    Layout *l = d.layout;
    l->repr = xstrdup(r->repr);
    Out out = out_to_file(stdout);
    if (o->mode == MODE_JSON) {
        exact_strings(l, r);
        render_json(l, &out);
    } else {
        TextOptions t = {.ascii = o->ascii};
        render_text(l, &t, &out);
    }
    bool suspect = l->sizeof_suspect || end.timed_out || end.interrupted;
    if (l->sizeof_suspect)
        fprintf(stderr, "objscope: suspect __sizeof__: %s\n", l->sizeof_error ? l->sizeof_error : "");
    if (end.timed_out)
        fprintf(stderr, "objscope: Python code run to measure the object (a __sizeof__ override) "
                        "did not finish within %d s and was stopped: sizes it would give are "
                        "missing\n", INTERP_REPR_SECONDS);
    else if (end.interrupted)
        fprintf(stderr, "objscope: measuring the object was interrupted: sizes may be missing\n");
    layout_free(l);
    return suspect;
}

static int run_batch(Options *o)
{
    if (interp_init() != 0)
        return 1;
    interp_set_give_up(CLI_GIVE_UP_SECONDS);
    int status = run_setup(o);
    if (status < 0) {
        InterpResult *r = interp_run(o->expr, INTERP_MODE_EVAL);
        status = report(r);
        if (status < 0 && r->value) {
            bool suspect = print_layout(o, r);
            status = r->repr_failed || suspect ? 1 : 0;
            if (r->repr_failed)
                fprintf(stderr, "objscope: %s\n", r->repr);
        }
        interp_result_free(r);
    }
    char *late = interp_take_background_output(); /* a child process still writing */
    fputs(late, stdout);
    free(late);
    fflush(stdout);
    interp_finalize();
    return status;
}

/* --check-lesson: the linter's report on stdout; 1 when it found problems. The lesson's code
 * runs in a child process, so it can neither forge the verdict nor hang the linter. */
static int run_check_lesson(const Options *o)
{
    return lesson_lint_isolated(o->lesson, stdout) > 0 ? 1 : 0;
}

/* One line of --list-lessons: number, id, title and steps done (or why it cannot be read). */
static void list_one(size_t number, const char *path, int id_width, const Progress *p)
{
    LessonErrors errs = {0};
    Lesson *l = lesson_load(path, &errs);
    if (!l) {
        const char *slash = strrchr(path, '/');
        const char *name = slash ? slash + 1 : path;
        printf("%2zu  %-*.*s  (cannot be used: ", number, id_width, (int)strlen(name) - 3, name);
        if (errs.len && errs.items[0].line > 0)
            printf("line %d: ", errs.items[0].line);
        printf("%s)\n", errs.len ? errs.items[0].message : "unknown error");
    } else {
        size_t done = 0;
        for (size_t i = 0; i < l->nsteps; i++)
            done += progress_done(p, l->id, i);
        printf("%2zu  %-*s  %s  %zu/%zu steps done\n", number, id_width, l->id, l->title, done,
               l->nsteps);
    }
    lesson_free(l);
    lesson_errors_free(&errs);
}

/* --list-lessons: the shipped lessons in order (README.md is not one), with progress. */
static int list_lessons(void)
{
    char *dir = datadir_find("lessons");
    if (!dir) {
        fprintf(stderr, "objscope: cannot find objscope's lessons folder\n");
        return 1;
    }
    size_t n = 0;
    char **paths = lesson_catalog(dir, &n);
    if (n == 0)
        fprintf(stderr, "objscope: no lessons in %s\n", dir);
    Progress *p = progress_new();
    char *progress_path = progress_default_path();
    char *warning = NULL;
    progress_load(p, progress_path, &warning);
    if (warning)
        fprintf(stderr, "objscope: %s\n", warning);
    int width = 0;
    for (size_t i = 0; i < n; i++) {
        const char *slash = strrchr(paths[i], '/');
        int w = (int)strlen(slash ? slash + 1 : paths[i]) - 3; /* without ".md" */
        width = w > width ? w : width;
    }
    for (size_t i = 0; i < n; i++) {
        list_one(i + 1, paths[i], width, p);
        free(paths[i]);
    }
    free(paths);
    free(warning);
    free(progress_path);
    progress_free(p);
    free(dir);
    return 0;
}

static int run_explorer(const Options *o)
{
    if (interp_init() != 0)
        return 1;
    AppOptions ao = {.theme = o->theme, .setup = o->setup, .nsetup = (int)o->nsetup,
                     .started_us = o->started_us, .lesson = o->open_lesson};
    int status = app_run(&ao);
    interp_finalize();
    return status;
}

int cli_main(int argc, char **argv)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    setlocale(LC_ALL, "");
    Options o = {.started_us = (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3};
    int status = parse(argc, argv, &o);
    if (status < 0 && !(strcmp(nl_langinfo(CODESET), "UTF-8") == 0))
        o.ascii = true;
    if (status < 0 && o.mode == MODE_EXPLORER)
        status = run_explorer(&o);
    else if (status < 0 && o.mode == MODE_CHECK_LESSON)
        status = run_check_lesson(&o);
    else if (status < 0 && o.mode == MODE_LIST_LESSONS)
        status = list_lessons();
    else if (status < 0)
        status = run_batch(&o);
    free(o.setup);
    return status;
}
