/* demo.c — a demo script in the explorer (see demo.h): finding and reading one, and stepping
 * forward (typed visibly, run as the REPL runs input) and back (run again quietly in a fresh
 * namespace). */
#include "ui/demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "py/handle.h"
#include "py/interp.h"
#include "ui/appstate.h"
#include "ui/classroom.h"
#include "ui/runcode.h"
#include "util/datadir.h"
#include "util/files.h"
#include "util/strbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* Typing a step takes about this long, in at most DEMO_TYPE_FRAMES frames: long enough for a
 * room to follow, short enough not to wait for. A key pressed meanwhile types the rest at once. */
#define DEMO_TYPE_MS 600
#define DEMO_TYPE_FRAMES 40

char **demo_catalog(size_t *count)
{
    char *dir = datadir_find("assets/demos");
    char **paths = files_catalog(dir, ".py", NULL, count);
    free(dir);
    return paths;
}

char *demo_find(const char *name)
{
    size_t len = strlen(name);
    if (strchr(name, '/') || (len > 3 && strcmp(name + len - 3, ".py") == 0))
        if (access(name, R_OK) == 0)
            return xstrdup(name);
    size_t n = 0;
    char **paths = demo_catalog(&n);
    char *found = files_pick(paths, n, name, ".py");
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return found;
}

Demo *demo_load(const char *path, char **error)
{
    const char *why;
    size_t len;
    char *text = files_read(path, DEMO_MAX_BYTES, &len, &why);
    if (!text) {
        *error = xasprintf("cannot read %s: %s", path, why);
        return NULL;
    }
    if (len > DEMO_MAX_BYTES || memchr(text, '\0', len)) {
        *error = xasprintf("%s is not a demo script (%s)", path,
                           len > DEMO_MAX_BYTES ? "larger than 1 MB" : "it holds NUL bytes");
        free(text);
        return NULL;
    }
    const char *slash = strrchr(path, '/');
    DemoScript *s = demoscript_split(text, slash ? slash + 1 : path, error);
    free(text);
    if (!s)
        return NULL;
    Demo *d = xcalloc(1, sizeof *d);
    d->script = s;
    d->path = xstrdup(path);
    d->name = xstrdup(slash ? slash + 1 : path);
    return d;
}

void demo_free(Demo *d)
{
    if (!d)
        return;
    demoscript_free(d->script);
    free(d->path);
    free(d->name);
    free(d);
}

const DemoStep *demo_current(const Demo *d)
{
    return d && d->done > 0 ? &d->script->steps[d->done - 1] : NULL;
}

char *demo_caption_text(const char *caption)
{
    StrBuf b;
    strbuf_init(&b);
    for (const char *line = caption; *line;) {
        size_t n = strcspn(line, "\n");
        size_t lead = strspn(line, " ");
        size_t end = n;
        while (end > lead && line[end - 1] == ' ')
            end--;
        if (end > lead) {
            if (b.len)
                strbuf_putc(&b, ' ');
            strbuf_add(&b, line + lead, end - lead);
        }
        line += n + (line[n] == '\n');
    }
    return strbuf_take(&b);
}

/* ---- stepping -------------------------------------------------------------------------------- */

/* Bytes of the next character of s (1 for a byte that is not UTF-8). */
static size_t char_len(const char *s)
{
    size_t n = utf8_decode((const unsigned char *)s, strnlen(s, 4), NULL);
    return n ? n : 1;
}

/* The step's text appears in the input line a few characters a frame, as if typed. */
static void type_visibly(App *a, const char *text)
{
    size_t chars = 0;
    for (const char *p = text; *p; p += char_len(p))
        chars++;
    size_t per_frame = chars / DEMO_TYPE_FRAMES + 1;
    size_t frames = chars / per_frame + 1;
    int wait_ms = (int)(DEMO_TYPE_MS / frames);
    const char *p = text;
    while (a->terminal && *p) {
        for (size_t k = 0; k < per_frame && *p; k++)
            p += char_len(p);
        char *typed = xstrndup(text, (size_t)(p - text));
        editor_set(a->repl.ed, typed);
        free(typed);
        app_draw(a);
        if (*p && interp_wait_readable(STDIN_FILENO, wait_ms) != 0)
            break; /* a key is waiting: the rest at once */
    }
    editor_set(a->repl.ed, text);
}

/* Run one statement as the input line runs it: echoed, its output and value in the scrollback,
 * its value in the diagram. *value: it gave one. False when the step must stop (Ctrl-C, an
 * exit). */
static bool run_chunk(App *a, const char *chunk, bool *value)
{
    type_visibly(a, chunk);
    char *src = xasprintf("%s\n", chunk); /* a block ends as a blank line ends it */
    a->unechoed = chunk;                  /* echoed before an input() asks, else after */
    InterpResult *r = runcode_run(a, src, INTERP_MODE_REPL, NULL);
    if (a->unechoed)
        repl_echo_input(&a->repl, chunk);
    a->unechoed = NULL;
    editor_clear(a->repl.ed);
    runcode_record(a, chunk, r, false);
    runcode_show_result(a, r);
    *value = (r->status == INTERP_VALUE || r->status == INTERP_DONE) && r->value;
    runcode_after_run(a, r, chunk);
    bool go_on = !r->interrupted && r->status != INTERP_EXIT && !a->quit;
    interp_result_free(r);
    free(src);
    return go_on;
}

/* After a step: the diagram of the name it bound, unless its value is already shown; the
 * picture the step's caption asks for, scrolled to show that name. */
static void show_subject(App *a, const DemoStep *s, bool value)
{
    if (!value && s->subject[0]) {
        InterpHandle *v = interp_handle_of_name(s->subject);
        if (v)
            diagram_show(&a->diagram, v, s->subject); /* takes the handle */
    }
    if (strcmp(s->view, "refs") == 0)
        classroom_show_refs(a, true);
    else if (strcmp(s->view, "layout") == 0)
        classroom_show_refs(a, false);
    if (a->refs && refs_pane_of_names(a->refs))
        refs_pane_reveal(a->refs, s->subject); /* the name the step bound, on screen */
}

static void note(Demo *d, const char *text)
{
    snprintf(d->message, sizeof d->message, "%s", text);
}

void demo_next(App *a)
{
    Demo *d = a->demo;
    if (!d)
        return;
    if (d->done == d->script->nsteps) {
        note(d, "the end of the script: Left goes back, Home starts again, Esc ends the demo");
        return;
    }
    d->message[0] = '\0';
    const DemoStep *s = &d->script->steps[d->done++]; /* the strip counts the step running */
    bool value = false, go_on = true;
    for (size_t i = 0; i < s->nchunks && go_on; i++)
        go_on = run_chunk(a, s->chunks[i], &value);
    if (go_on)
        show_subject(a, s, value);
    else if (!a->quit)
        note(d, "the step was stopped before its end");
}

/* Run steps [0, k) again, quietly (what they print is dropped, errors are shown): the value
 * of the last one, or the name it bound, goes to the diagram. Returns the steps that ran
 * before an interruption stopped them (k when none did). */
static size_t run_again(App *a, size_t k)
{
    Demo *d = a->demo;
    bool value = false;
    a->in_paste = true; /* one frame now and then, not one a statement */
    a->paste_frame_ms = 0;
    for (size_t i = 0; i < k; i++) {
        const DemoStep *s = &d->script->steps[i];
        for (size_t c = 0; c < s->nchunks; c++) {
            char *src = xasprintf("%s\n", s->chunks[c]);
            InterpResult *r = runcode_run(a, src, INTERP_MODE_REPL, NULL);
            free(src);
            repl_print(&a->repl, LINE_ERROR, r->err);
            bool last = i + 1 == k && c + 1 == s->nchunks;
            value = last && (r->status == INTERP_VALUE || r->status == INTERP_DONE) && r->value;
            if (value)
                diagram_show(&a->diagram, interp_handle_take(r), s->chunks[c]);
            bool stop = r->interrupted || r->status == INTERP_EXIT;
            interp_result_free(r);
            if (stop) {
                a->in_paste = false;
                return i;
            }
        }
    }
    a->in_paste = false;
    if (k > 0)
        show_subject(a, &d->script->steps[k - 1], value);
    return k;
}

/* The namespace made fresh, then steps [0, k) run again. */
static void rewind_to(App *a, size_t k)
{
    Demo *d = a->demo;
    diagram_deep_cancel(&a->diagram);
    interp_reset_namespace();
    runcode_let_go(a, false); /* the old namespace's objects */
    classroom_forget_changes(a); /* new objects may reuse the old ones' addresses */
    size_t ran = run_again(a, k);
    d->done = ran;
    if (ran == 0)
        classroom_clear_diagram(a);
    char *msg = ran < k ? xasprintf("stopped: steps 1-%zu ran again in a fresh namespace", ran)
              : ran == 0 ? xstrdup("back to the start: the namespace is empty again")
              : ran == 1 ? xstrdup("back to step 1: it ran again in a fresh namespace")
                         : xasprintf("back to step %zu: steps 1-%zu ran again in a fresh namespace",
                                     ran, ran);
    repl_print(&a->repl, LINE_INFO, msg);
    free(msg);
}

void demo_back(App *a)
{
    Demo *d = a->demo;
    if (!d)
        return;
    d->message[0] = '\0';
    if (d->done == 0) {
        note(d, "this is the start of the script: Space runs the first step");
        return;
    }
    rewind_to(a, d->done - 1);
}

void demo_restart(App *a)
{
    if (!a->demo)
        return;
    a->demo->message[0] = '\0';
    rewind_to(a, 0);
}

void demo_close(App *a)
{
    demo_free(a->demo);
    a->demo = NULL;
    if (a->focus == PANE_DEMO)
        a->focus = PANE_REPL;
}

void demo_open(App *a, const char *name)
{
    char *path = demo_find(name);
    if (!path) {
        char *msg = xasprintf("no demo script %s (objscope --list-demos lists the shipped ones)",
                              name);
        repl_print(&a->repl, LINE_ERROR, msg);
        free(msg);
        return;
    }
    char *error = NULL;
    diagram_deep_cancel(&a->diagram); /* splitting the script runs Python's parser */
    Demo *d = demo_load(path, &error);
    free(path);
    if (!d || d->script->nsteps == 0) {
        repl_print(&a->repl, LINE_ERROR, d ? "that script has no statements to step through" : error);
        free(error);
        demo_free(d);
        return;
    }
    demo_close(a);
    a->demo = d;
    a->focus = PANE_DEMO;
    interp_reset_namespace();
    runcode_let_go(a, true); /* what the diagram showed may be gone with the old namespace */
    classroom_forget_changes(a);
    char *msg = xasprintf("demo %s: %zu %s, in a fresh namespace. Space or Right runs the next, "
                          "Left goes back; typing asks a question, F5 comes back to the script.",
                          d->name, d->script->nsteps, d->script->cells ? "cells" : "steps");
    repl_print(&a->repl, LINE_INFO, msg);
    free(msg);
}
