/* cli.c — the command line: getopt_long parsing, --version/--help, the batch modes that print
 * one object's layout as text (--dump), JSON (--json) or an SVG picture (--svg), and the lesson
 * tools (--check-lesson, --list-lessons). Errors are reported the way Python would report them,
 * on stderr, with a non-zero exit status; the program never crashes on input. */
#include "cli.h"

#include <getopt.h>
#include <langinfo.h>
#include <signal.h>
#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "across/across.h"
#include "layout/layout.h"
#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "lesson/run.h"
#include "py/interp.h"
#include "render/render.h"
#include "ui/app.h"
#include "ui/demo.h"
#include "ui/export.h"
#include "ui/helptext.h"
#include "ui/theme.h"
#include "util/datadir.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define OBJSCOPE_VERSION "0.1.0"
/* --dump and --json: code that goes on this long past a time limit, ignoring every interrupt,
 * ends objscope (a batch run must end). */
#define CLI_GIVE_UP_SECONDS 5

typedef enum {
    MODE_EXPLORER, MODE_DUMP, MODE_JSON, MODE_SVG, MODE_CHECK_LESSON, MODE_LIST_LESSONS,
    MODE_LIST_DEMOS,
} Mode;

/* What --retained asks for on top of a --dump/--json EXPR or its own EXPR. */
#define RETAINED_DEPTH 3
#define RETAINED_TOP 10

typedef struct {
    Mode mode;
    const char *expr;   /* --dump, --json, --svg */
    const char *lesson; /* --check-lesson */
    const char **setup; /* --setup blocks, run in order */
    size_t nsetup, cap_setup;
    bool ascii;
    bool retained;      /* --retained: the retained-size tree instead of the layout */
    bool refs;          /* --refs: the references picture instead of the layout */
    int depth;          /* --depth N */
    size_t top;         /* --top N */
    int width; /* --width; 0: the terminal's (--dump to a terminal) or the default */
    const char *theme;
    const char *open_lesson; /* --lesson NAME (the explorer) */
    const char *demo;   /* --demo FILE (the explorer) */
    bool present;       /* --present (the explorer) */
    bool across;        /* --across EXPR: in every objscope build beside this one */
    double started_us;
} Options;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: objscope [--setup CODE]... [--theme NAME] [--lesson NAME] [--present]\n"
            "       objscope [--present] [--theme NAME] --demo FILE\n"
            "       objscope [--setup CODE]... (--dump EXPR | --svg EXPR) [--width N] [--ascii]\n"
            "       objscope [--setup CODE]... --refs EXPR [--svg] [--width N] [--depth N] [--ascii]\n"
            "       objscope [--setup CODE]... --json EXPR\n"
            "       objscope [--setup CODE]... --retained EXPR [--json] [--depth N] [--top N]\n"
            "       objscope [--setup CODE]... --across EXPR [--json]\n"
            "       objscope --check-lesson FILE | --list-lessons | --list-demos\n"
            "       objscope --version | --help | --help-keys\n"
            "\n"
            "Show the real memory layout of Python objects in the embedded CPython. With no\n"
            "--dump, --svg or --json, opens the interactive explorer (a REPL beside a live diagram).\n"
            "\n"
            "  --dump EXPR    print EXPR's layout as a diagram (offsets, sizes, live values);\n"
            "                 EXPR - (here and for --svg, --json) reads it from standard input\n"
            "  --svg EXPR     the same diagram as an SVG picture, in the theme's colours\n"
            "  --json EXPR    the same layout as JSON (schema: docs/json-schema.md)\n"
            "  --retained EXPR\n"
            "                 what EXPR keeps alive, as a tree: each object's retained size\n"
            "                 (what deleting it would free), largest first, and by type; with\n"
            "                 --json (after it) as JSON; --depth N levels (3), --top N rows (10)\n"
            "  --refs EXPR    the references picture of EXPR's objects: names, boxes with type,\n"
            "                 size and value, arrows (globals() for the whole namespace); with\n"
            "                 --svg as an SVG; --depth N levels of objects (3)\n"
            "  --across EXPR  EXPR in every objscope build beside this one (objscope-3.X in its\n"
            "                 folder, build/*/objscope in a build tree), each in its own\n"
            "                 process: getsizeof, footprint and deep size per CPython, then the\n"
            "                 rows that appeared, disappeared or changed; --json (after it) as JSON\n"
            "  --setup CODE   run statements first, in the same namespace (repeatable)\n"
            "  --width N      columns for --dump and --svg (default: the terminal's width when\n"
            "                 --dump prints to one, else %d)\n"
            "  --ascii        plain ASCII line drawing (automatic for --dump when the locale is\n"
            "                 not UTF-8)\n"
            "  --theme NAME   colours of the explorer and --svg: dark, light, high-contrast\n"
            "                 (NO_COLOR is honoured in the terminal)\n"
            "  --lesson NAME  open the explorer on a lesson: its number (4), name (slots), or a\n"
            "                 path to a lesson file (one from elsewhere asks for trust first)\n"
            "  --demo FILE    step through a Python script in the explorer: its statements, or\n"
            "                 its # %%%% cells; Space runs the next, Left goes back; a shipped\n"
            "                 demo by name (aliasing) or number (--list-demos lists them)\n"
            "  --present      presenter mode: large and uncluttered for a projector, the\n"
            "                 high-contrast theme, the rows each step changes marked\n"
            "  --check-lesson FILE\n"
            "                 check a lesson file (lessons/README.md): its structure, then a\n"
            "                 run of its examples, solutions and checks in a fresh interpreter;\n"
            "                 problems go to stdout as FILE:LINE: message, exit status 1 if any\n"
            "  --list-lessons the lessons that come with objscope, and your progress in each\n"
            "  --list-demos   the demo scripts that come with objscope\n"
            "  -V, --version  objscope's version and the CPython it embeds\n"
            "  -h, --help     this text\n"
            "  --help-keys    every key and : command of the explorer, one per line\n"
            "\n"
            "Commands typed at the explorer's prompt:\n",
            TEXT_DEFAULT_WIDTH);
    helptext_write_commands(f);
    fprintf(f, "\nIn the explorer F1 (or ? on an empty line) lists every key; so does the manual:\n"
               "man objscope.\n");
}

/* --width N: a whole number of columns (a diagram narrower than its columns allow is drawn at
 * the narrowest they do, about 67). */
static int parse_width(const char *arg, int *width)
{
    char *end = NULL;
    long n = strtol(arg, &end, 10);
    if (end == arg || *end || n < 1 || n > 1000) {
        fprintf(stderr, "objscope: --width needs a number of columns from 1 to 1000, not '%s'\n",
                arg);
        return -1;
    }
    *width = (int)n;
    return 0;
}

#define RETAINED_FLAG "\x01retained"
#define JSON_FLAG "--\x01json"
#define REFS_FLAG "\x01refs"
#define SVG_FLAG "--\x01svg"

static bool given(int argc, char **argv, const char *option)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], option) == 0)
            return true;
    return false;
}

/* --retained, --across and --refs read naturally both ways: `--retained EXPR --json` (a --json
 * with no expression of its own), `--across EXPR --json`, `--refs EXPR --svg`, and `--json EXPR
 * --retained` or `--svg EXPR --refs` (a --retained or --refs with none). getopt would take the
 * next word as their argument, so those spellings are marked before it runs. */
static void option_sugar(int argc, char **argv)
{
    bool retained = given(argc, argv, "--retained") || given(argc, argv, "--across");
    bool refs = given(argc, argv, "--refs");
    for (int i = 1; i < argc && (retained || refs); i++) {
        bool alone = i + 1 == argc || strncmp(argv[i + 1], "--", 2) == 0;
        bool option = i == 1 || strcmp(argv[i - 1], "--setup") != 0;
        if (retained && strcmp(argv[i], "--json") == 0 && alone && i > 1 && option)
            argv[i] = (char *)JSON_FLAG;
        else if (retained && strcmp(argv[i], "--retained") == 0 && alone)
            argv[i] = (char *)"--retained=" RETAINED_FLAG;
        else if (refs && strcmp(argv[i], "--svg") == 0 && alone && i > 1 && option)
            argv[i] = (char *)SVG_FLAG;
        else if (refs && strcmp(argv[i], "--refs") == 0 && alone)
            argv[i] = (char *)"--refs=" REFS_FLAG;
    }
}

/* --retained EXPR and --refs EXPR: the expression and the batch mode, unless the option came
 * alone after a --json or --svg that gave the expression (arg is then the flag). */
static int take_expression(Options *o, const char *arg, const char *flag, const char *spelling)
{
    if (strcmp(arg, flag) == 0)
        return 0;
    if (o->expr && o->expr != arg && o->mode != MODE_EXPLORER) {
        fprintf(stderr, "objscope: give the expression once (%s)\n", spelling);
        return -1;
    }
    o->expr = arg;
    if (o->mode == MODE_EXPLORER)
        o->mode = MODE_DUMP;
    return 0;
}

static int parse(int argc, char **argv, Options *o)
{
    static const struct option longs[] = {
        {"dump", required_argument, NULL, 'd'}, {"json", required_argument, NULL, 'j'},
        {"setup", required_argument, NULL, 's'}, {"ascii", no_argument, NULL, 'a'},
        {"version", no_argument, NULL, 'V'},    {"help", no_argument, NULL, 'h'},
        {"theme", required_argument, NULL, 't'}, {"lesson", required_argument, NULL, 'L'},
        {"check-lesson", required_argument, NULL, 'c'}, {"list-lessons", no_argument, NULL, 'l'},
        {"retained", required_argument, NULL, 'r'}, {"depth", required_argument, NULL, 'D'},
        {"top", required_argument, NULL, 'T'}, {"\x01json", no_argument, NULL, 'J'},
        {"svg", required_argument, NULL, 'S'},   {"width", required_argument, NULL, 'w'},
        {"help-keys", no_argument, NULL, 'K'},
        {"demo", required_argument, NULL, 'E'}, {"present", no_argument, NULL, 'P'},
        {"refs", required_argument, NULL, 'R'}, {"\x01svg", no_argument, NULL, 'G'},
        {"list-demos", no_argument, NULL, 'Y'},
        {"across", required_argument, NULL, 'A'},
        {NULL, 0, NULL, 0},
    };
    option_sugar(argc, argv);
    int c;
    opterr = 0;
    /* the leading ':' tells a missing argument (':') from an unknown option ('?') */
    while ((c = getopt_long(argc, argv, ":hV", longs, NULL)) != -1) {
        switch (c) {
        case 'd': case 'j': case 'c': case 'l': case 'S': case 'Y':
            if (o->mode != MODE_EXPLORER && !(c == 'S' && o->refs && o->mode == MODE_DUMP)) {
                fprintf(stderr, "objscope: use only one of --dump, --svg, --json, --check-lesson, "
                                "--list-lessons and --list-demos\n");
                return 2;
            }
            o->mode = c == 'd' ? MODE_DUMP : c == 'j' ? MODE_JSON : c == 'S' ? MODE_SVG
                    : c == 'c' ? MODE_CHECK_LESSON : c == 'Y' ? MODE_LIST_DEMOS : MODE_LIST_LESSONS;
            if (c == 'c')
                o->lesson = optarg;
            else if (c != 'Y' && !(c == 'S' && o->refs))
                o->expr = optarg;
            break;
        case 'R':
            o->refs = true;
            if (take_expression(o, optarg, REFS_FLAG, "--refs EXPR, with --svg after it for "
                                "a picture") != 0)
                return 2;
            break;
        case 'G':
            o->mode = MODE_SVG; /* `--refs EXPR --svg` */
            break;
        case 'E': o->demo = optarg; break;
        case 'P': o->present = true; break;
        case 'r':
            o->retained = true;
            if (take_expression(o, optarg, RETAINED_FLAG, "--retained EXPR, or --dump or --json "
                                "EXPR with --retained") != 0)
                return 2;
            break;
        case 'D': case 'T': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1000) {
                fprintf(stderr, "objscope: --%s takes a number from 1 to 1000\n",
                        c == 'D' ? "depth" : "top");
                return 2;
            }
            if (c == 'D')
                o->depth = (int)v;
            else
                o->top = (size_t)v;
            break;
        }
        case 'J':
            o->mode = MODE_JSON;
            break;
        case 'A':
            if (o->expr || o->across || o->retained) { /* a bare --json before it is fine */
                fprintf(stderr, "objscope: --across takes its own expression (--across EXPR, "
                                "then --json for JSON)\n");
                return 2;
            }
            o->across = true;
            o->expr = optarg;
            break;
        case 's':
            o->setup = xgrow(o->setup, &o->cap_setup, o->nsetup + 1, sizeof *o->setup);
            o->setup[o->nsetup++] = optarg;
            break;
        case 'a': o->ascii = true; break;
        case 'w':
            if (parse_width(optarg, &o->width) != 0)
                return 2;
            break;
        case 'K': helptext_write_keys(stdout); return 0;
        case 't': o->theme = optarg; break;
        case 'L': o->open_lesson = optarg; break;
        case 'V':
            printf("objscope %s (CPython %s)\n", OBJSCOPE_VERSION, interp_python_version());
            return 0;
        case 'h': usage(stdout); return 0;
        case ':':
            fprintf(stderr, "objscope: option needs an argument: '%s'\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        default:
            if (optopt && optopt < 128) /* a short option, perhaps among others ("-hx") */
                fprintf(stderr, "objscope: unknown option '-%c'\n", optopt);
            else
                fprintf(stderr, "objscope: unknown option '%s'\n", argv[optind - 1]);
            usage(stderr);
            return 2;
        }
    }
    if (optind < argc) {
        fprintf(stderr, "objscope: unexpected argument '%s'\n", argv[optind]);
        usage(stderr);
        return 2;
    }
    if (o->across && o->mode != MODE_EXPLORER && o->mode != MODE_JSON) {
        fprintf(stderr, "objscope: --across goes with --setup and --json only\n");
        return 2;
    }
    if (o->width && o->mode != MODE_DUMP && o->mode != MODE_SVG) {
        fprintf(stderr, "objscope: --width goes with --dump or --svg (and --refs)\n");
        return 2;
    }
    if ((o->demo || o->present) && o->mode != MODE_EXPLORER) {
        fprintf(stderr, "objscope: --demo and --present open the explorer: they do not go with "
                        "--dump, --svg, --json, --refs or the lesson tools\n");
        return 2;
    }
    if (o->demo && o->nsetup > 0) {
        fprintf(stderr, "objscope: --setup does not go with --demo: a demo starts in a fresh "
                        "namespace (put the setup in the script)\n");
        return 2;
    }
    if (o->refs && (o->retained || o->mode == MODE_JSON)) {
        fprintf(stderr, "objscope: --refs draws a picture: as text, or with --svg; not with "
                        "--json or --retained\n");
        return 2;
    }
    if (o->nsetup > 0 && (o->mode == MODE_CHECK_LESSON || o->mode == MODE_LIST_LESSONS ||
                          o->mode == MODE_LIST_DEMOS)) {
        fprintf(stderr, "objscope: --setup does not go with --check-lesson, --list-lessons or "
                        "--list-demos\n");
        return 2;
    }
    return -1; /* go on */
}

/* Print what user code wrote, and its error, as Python would; returns an exit status or -1.
 * With --svg what the code prints goes to stderr, so stdout stays one well-formed picture. */
static int report(const Options *o, const InterpResult *r)
{
    fputs(r->out, o->mode == MODE_SVG ? stderr : stdout);
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
        int status = report(o, r);
        interp_result_free(r);
        if (status >= 0)
            return status;
    }
    return -1;
}

static double monotonic_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

/* A rendering is made in memory and written in one piece: under PYTHONUNBUFFERED (or -u)
 * Python makes C's stdout unbuffered (config_init_stdio, Python/initconfig.c), and each of a
 * renderer's many small pieces would be a write(2) of its own (4,556 for one dict's --json). */
static Out rendering_start(StrBuf *text)
{
    strbuf_init(text);
    return out_to_strbuf(text);
}

static void rendering_write(StrBuf *text)
{
    fwrite(text->data, 1, text->len, stdout);
    strbuf_free(text);
}

/* --retained: the tree of what the value keeps alive. */
static void print_retained(const Options *o, const InterpResult *r)
{
    RetainedJob *job = retained_start(r->value, interp_refs_held(r), o->expr);
    RetainedTree *t = retained_finish(job);
    RetainedTextOptions ro = {.ascii = o->ascii, .depth = o->depth ? o->depth : RETAINED_DEPTH,
                              .top = o->top ? o->top : RETAINED_TOP};
    StrBuf text;
    Out out = rendering_start(&text);
    if (o->mode == MODE_JSON)
        render_retained_json(t, &ro, &out);
    else
        render_retained_text(t, &ro, &out);
    rendering_write(&text);
    retained_free(t);
}

/* The theme the explorer would use (--theme, else the config file's, else dark), as colours
 * for the SVG renderer; a theme or config that cannot be read is reported and skipped. */
static void svg_colors(const Options *o, SvgColors *out)
{
    Theme t;
    theme_default(&t);
    Config cfg = {0};
    char *err = NULL, *path = config_default_path();
    if (path && config_load(&cfg, path, &err) < 0)
        fprintf(stderr, "objscope: %s\n", err);
    free(err);
    free(path);
    err = NULL;
    const char *name = o->theme ? o->theme : cfg.theme[0] ? cfg.theme : NULL;
    char *data = name ? datadir_find("assets/themes") : NULL;
    const char *dirs[2] = {data, NULL};
    if (name && theme_load_named(&t, name, dirs, &err) < 0)
        fprintf(stderr, "objscope: %s; using the default theme\n", err ? err : name);
    free(err);
    free(data);
    export_svg_colors(&t, out);
}

/* --dump's width: --width, else the terminal's when stdout is one, else the default. */
static int dump_width(const Options *o)
{
    struct winsize ws;
    if (o->width)
        return o->width;
    if (o->mode == MODE_DUMP && isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
        ws.ws_col > 0)
        return ws.ws_col;
    return TEXT_DEFAULT_WIDTH;
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

/* --refs: the references picture of a value, or of the namespace (value NULL). */
static void print_refs(const Options *o, struct _object *value)
{
    RefsOptions ro = refs_default_options();
    if (o->depth)
        ro.depth = o->depth;
    RefsGraph *g = value ? refs_of_value(value, o->expr, &ro) : interp_refs_of_namespace(&ro);
    RefsTextOptions t = {.ascii = o->ascii, .width = o->width ? o->width : dump_width(o)};
    StrBuf text;
    Out out = rendering_start(&text);
    if (o->mode == MODE_SVG) {
        SvgOptions so = {.title = NULL};
        svg_colors(o, &so.colors);
        char *title = value ? xasprintf("objscope: references of %s", o->expr)
                            : xstrdup("objscope: the names and what they point to");
        so.title = title;
        render_refs_svg(g, &t, &so, &out);
        free(title);
    } else {
        render_refs_text(g, &t, &out);
    }
    rendering_write(&text);
    refs_free(g);
}

/* `--refs globals()` (or an empty EXPR) pictures every name, as the explorer's F3 does. */
static bool refs_of_names(const Options *o)
{
    return o->refs && (!o->expr[0] || strcmp(o->expr, "globals()") == 0);
}

/* Returns true when the layout had to distrust the object's __sizeof__. */
static bool print_layout(const Options *o, const InterpResult *r)
{
    if (o->retained) {
        print_retained(o, r);
        return false;
    }
    if (o->refs) {
        print_refs(o, r->value);
        return false;
    }
    LayoutOptions lo = layout_default_options();
    lo.refs_held = interp_refs_held(r);
    double started = monotonic_us();
    Layout *l = interp_describe(r->value, &lo);
    /* bench/run.sh: describing the value, its deep, exclusive and getsizeof-sum figures
     * included, timed inside the run (free of the noise of start-up and exit). */
    if (getenv("OBJSCOPE_BENCH_DESCRIBE"))
        fprintf(stderr, "objscope-bench describe_us=%.0f\n", monotonic_us() - started);
    l->repr = xstrdup(r->repr);
    StrBuf text;
    Out out = rendering_start(&text);
    TextOptions t = {.ascii = o->ascii, .width = dump_width(o)};
    if (o->mode == MODE_JSON) {
        exact_strings(l, r);
        render_json(l, &out);
    } else if (o->mode == MODE_SVG) {
        SvgOptions so = {.text = t, .title = NULL};
        svg_colors(o, &so.colors);
        char *title = xasprintf("objscope: %s", o->expr);
        so.title = title;
        render_svg(l, &so, &out);
        free(title);
    } else {
        render_text(l, &t, &out);
    }
    rendering_write(&text);
    bool suspect = l->sizeof_suspect;
    if (suspect)
        fprintf(stderr, "objscope: suspect __sizeof__: %s\n", l->sizeof_error ? l->sizeof_error : "");
    layout_free(l);
    return suspect;
}

/* "--dump -": the expression is standard input, up to LESSON_MAX_BYTES (trailing blanks and
 * newlines dropped). Owned, or NULL with a message. */
static char *read_expression(FILE *in)
{
    StrBuf b;
    strbuf_init(&b);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, in)) > 0 && b.len <= LESSON_MAX_BYTES)
        strbuf_add(&b, chunk, n);
    if (ferror(in) || b.len > LESSON_MAX_BYTES) {
        fprintf(stderr, "objscope: %s\n", ferror(in) ? "cannot read the expression from standard input"
                                                     : "the expression on standard input is too long");
        strbuf_free(&b);
        return NULL;
    }
    while (b.len && strchr(" \t\r\n", b.data[b.len - 1]))
        b.data[--b.len] = '\0';
    return strbuf_take(&b);
}

/* The interpreter is running: --setup, then the expression's layout (or retained tree). */
static int run_batch_expression(Options *o)
{
    interp_set_give_up(CLI_GIVE_UP_SECONDS);
    int status = run_setup(o);
    if (status < 0 && refs_of_names(o)) {
        print_refs(o, NULL);
        status = 0;
    } else if (status < 0) {
        InterpResult *r = interp_run(o->expr, INTERP_MODE_EVAL);
        status = report(o, r);
        if (status < 0 && r->value) {
            bool suspect = print_layout(o, r);
            status = r->repr_failed || suspect ? 1 : 0;
            if (r->repr_failed)
                fprintf(stderr, "objscope: %s\n", r->repr);
        }
        interp_result_free(r);
    }
    char *late = interp_take_background_output(); /* a child process still writing */
    fputs(late, o->mode == MODE_DUMP ? stdout : stderr); /* JSON and SVG stay well-formed */
    free(late);
    fflush(stdout);
    interp_finalize();
    return status;
}

static int run_batch(Options *o)
{
    char *from_stdin = NULL;
    if (strcmp(o->expr, "-") == 0) {
        if (!(from_stdin = read_expression(stdin)))
            return 1;
        o->expr = from_stdin;
    }
    int status = interp_init() != 0 ? 1 : run_batch_expression(o);
    free(from_stdin);
    return status;
}

static volatile sig_atomic_t across_interrupted;

static void across_on_sigint(int sig)
{
    (void)sig;
    across_interrupted = 1;
}

/* --across: every build beside this one, each a child process; "running 3.12 (2 of 4)" on a
 * terminal's stderr meanwhile; Ctrl-C stops the running build and skips the rest. The status is
 * 0 when every build answered. */
static int run_across(Options *o)
{
    char *from_stdin = NULL;
    if (strcmp(o->expr, "-") == 0) { /* --across -: the expression is standard input */
        if (!(from_stdin = read_expression(stdin)))
            return 1;
        o->expr = from_stdin;
    }
    char *self = across_self_path();
    size_t n = 0;
    char **paths = self ? across_find_builds(self, &n) : NULL;
    free(self);
    if (!n) {
        fprintf(stderr, "objscope: --across cannot find its own binary (/proc/self/exe)\n");
        free(from_stdin);
        return 1;
    }
    AcrossJob *job = across_start(paths, n, o->expr, o->setup, o->nsetup, false,
                                  ACROSS_TIME_LIMIT_MS);
    across_free_paths(paths, n);
    struct sigaction sa = {.sa_handler = across_on_sigint}, old;
    sigaction(SIGINT, &sa, &old);
    bool progress = isatty(STDERR_FILENO);
    while (!across_interrupted && across_step(job, 100)) {
        size_t done, total;
        const char *now = across_running(job, &done, &total);
        if (progress && now)
            fprintf(stderr, "\r\033[Krunning %s (%zu of %zu)...", now, done + 1, total);
    }
    if (progress)
        fputs("\r\033[K", stderr);
    if (across_interrupted)
        across_stop(job);
    sigaction(SIGINT, &old, NULL);
    AcrossResult *r = across_finish(job);
    StrBuf text;
    Out out = rendering_start(&text);
    if (o->mode == MODE_JSON)
        render_across_json(r, &out);
    else
        render_across_text(r, o->ascii, &out);
    rendering_write(&text);
    int status = across_interrupted ? 130 : across_answered(r) == r->nbuilds ? 0 : 1;
    across_free(r);
    free(from_stdin);
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

/* --list-demos: the shipped demo scripts, each with its title (the docstring's first line). */
static int list_demos(void)
{
    size_t n = 0;
    char **paths = demo_catalog(&n);
    if (n == 0)
        fprintf(stderr, "objscope: cannot find objscope's demo scripts\n");
    if (n && interp_init() != 0)
        n = 0;
    for (size_t i = 0; i < n; i++) {
        const char *base = strrchr(paths[i], '/') ? strrchr(paths[i], '/') + 1 : paths[i];
        char *error = NULL;
        Demo *d = demo_load(paths[i], &error);
        printf("%2zu  %-22.*s  %s\n", i + 1, (int)strlen(base) - 3, base,
               d ? d->script->title : error);
        demo_free(d);
        free(error);
        free(paths[i]);
    }
    free(paths);
    interp_finalize();
    return n ? 0 : 1;
}

static int run_explorer(const Options *o)
{
    if (interp_init() != 0)
        return 1;
    /* a projector wants high contrast, unless a theme was asked for */
    const char *theme = o->theme ? o->theme : o->present ? "high-contrast" : NULL;
    AppOptions ao = {.theme = theme, .setup = o->setup, .nsetup = (int)o->nsetup,
                     .started_us = o->started_us, .lesson = o->open_lesson, .demo = o->demo,
                     .present = o->present};
    int status = app_run(&ao);
    interp_finalize();
    return status;
}

int cli_main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    Options o = {.started_us = monotonic_us()};
    int status = parse(argc, argv, &o);
    /* an SVG is a UTF-8 file whatever the terminal's locale: only --ascii makes it ASCII */
    if (status < 0 && o.mode != MODE_SVG && !(strcmp(nl_langinfo(CODESET), "UTF-8") == 0))
        o.ascii = true;
    if (status < 0 && o.across)
        status = run_across(&o);
    else if (status < 0 && o.mode == MODE_EXPLORER)
        status = run_explorer(&o);
    else if (status < 0 && o.mode == MODE_CHECK_LESSON)
        status = run_check_lesson(&o);
    else if (status < 0 && o.mode == MODE_LIST_LESSONS)
        status = list_lessons();
    else if (status < 0 && o.mode == MODE_LIST_DEMOS)
        status = list_demos();
    else if (status < 0)
        status = run_batch(&o);
    free(o.setup);
    return status;
}
