/* lessonview.c — the lesson pane (see lessonview.h). A step is laid out into styled, wrapped
 * lines whenever something changes (step, hint, a check's verdict, live values); drawing only
 * copies the visible lines, and says how many are below. Python runs only through
 * lesson/run.h. */
#include "ui/lessonview.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lesson/run.h"
#include "ui/colors.h"
#include "ui/draw.h"
#include "ui/highlight.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

typedef struct {
    char *text;
    ColorRole role;
    bool bold;
} Seg;

typedef struct {
    Seg *segs;
    size_t n, cap;
} Line;

struct LessonView {
    Lesson *lesson;
    Progress *progress;
    const char *progress_path;
    size_t step;
    size_t hints;          /* hints shown in this step */
    size_t next_example;
    int verdict;           /* the step's check: 1 true, 0 not yet, -1 raised */
    char *check_error;
    char *missing;         /* a required module that is not installed */
    char **live;           /* live values of the step, in span order */
    size_t nlive;
    char message[200];
    const char *example;
    Line *lines;           /* the laid-out step */
    size_t nlines, cap_lines;
    int width;             /* lines were laid out for this width */
    size_t top;
    int page;
    bool to_end;           /* show the bottom (the task's verdict) at the next draw */
    bool restart_asked;    /* the last key was r: another r restarts, any other key keeps it */
    bool solution_asked;   /* ? after the last hint offered the solution: ? again shows it */
    bool solution_shown;   /* the learner asked for the step's solution, and sees it */
};

/* ---- laying out --------------------------------------------------------------------------- */

static void lines_free(LessonView *v)
{
    for (size_t i = 0; i < v->nlines; i++) {
        for (size_t k = 0; k < v->lines[i].n; k++)
            free(v->lines[i].segs[k].text);
        free(v->lines[i].segs);
    }
    v->nlines = 0;
}

static Line *new_line(LessonView *v)
{
    v->lines = xgrow(v->lines, &v->cap_lines, v->nlines + 1, sizeof *v->lines);
    Line *l = &v->lines[v->nlines++];
    memset(l, 0, sizeof *l);
    return l;
}

static void add_seg(Line *l, const char *s, size_t n, ColorRole role, bool bold)
{
    l->segs = xgrow(l->segs, &l->cap, l->n + 1, sizeof *l->segs);
    l->segs[l->n++] = (Seg){xstrndup(s, n), role, bold};
}

/* Append styled text, wrapping at spaces to the view's width. */
typedef struct {
    LessonView *v;
    Line *line;
    int col, indent;
} Flow;

static void flow_break(Flow *f)
{
    f->line = new_line(f->v);
    f->col = 0;
    if (f->indent)
        add_seg(f->line, "                ", (size_t)f->indent, CR_NORMAL, false);
    f->col = f->indent;
}

/* How many of the line's last segments hold the start of a word that text about to be added
 * continues (no space between them, as in `code`, or `name`.), and their width. */
static size_t glued_tail(const Line *l, int *width)
{
    size_t n = 0;
    *width = 0;
    while (n < l->n) {
        const char *t = l->segs[l->n - 1 - n].text;
        size_t len = strlen(t);
        if (len == 0 || t[len - 1] == ' ')
            break;
        *width += draw_width(t, len);
        n++;
    }
    return n;
}

/* A line break before a word: the part of the word already on the line (text in another style
 * with no space before this one) moves down with it, so that "`code`," never leaves its comma
 * alone at the start of a line. */
static void flow_break_before(Flow *f, int w, int width)
{
    Line *old = f->line;
    int tail_w;
    size_t tail = glued_tail(old, &tail_w);
    if (tail == old->n || f->indent + tail_w + w > width)
        tail = 0; /* nothing to move, or the whole line is one word: break where it is */
    flow_break(f);
    old = &f->v->lines[f->v->nlines - 2]; /* new_line() may have moved the lines */
    for (size_t i = old->n - tail; i < old->n; i++) {
        f->line->segs = xgrow(f->line->segs, &f->line->cap, f->line->n + 1, sizeof *f->line->segs);
        f->line->segs[f->line->n++] = old->segs[i];
        f->col += draw_width(old->segs[i].text, strlen(old->segs[i].text));
    }
    old->n -= tail;
}

static void flow(Flow *f, const char *s, ColorRole role, bool bold)
{
    int width = f->v->width > 4 ? f->v->width : 4;
    while (*s) {
        size_t word = strcspn(s, " ");
        size_t spaces = strspn(s + word, " ");
        int w = draw_width(s, word);
        if (f->col + w > width && f->col > f->indent)
            flow_break_before(f, w, width);
        while (w > width - f->col && word > 1) { /* a word longer than the line: cut it */
            size_t cut = word / 2;
            add_seg(f->line, s, cut, role, bold);
            s += cut;
            word -= cut;
            flow_break(f);
            w = draw_width(s, word);
        }
        add_seg(f->line, s, word + spaces, role, bold);
        f->col += w + (int)spaces;
        s += word + spaces;
    }
}

static void text_line(LessonView *v, const char *s, ColorRole role, bool bold)
{
    Flow f = {v, new_line(v), 0, 0};
    flow(&f, s, role, bold);
}

/* A block's spans styled: inline code, emphasis, live values (the next of v->live; a hint has
 * none, so `live` may be NULL). */
static void flow_spans(Flow *f, const LessonBlock *b, size_t *live)
{
    const LessonView *v = f->v;
    for (size_t i = 0; i < b->nspans; i++) {
        const LessonSpan *s = &b->spans[i];
        switch (s->kind) {
        case SPAN_LIVE:
            flow(f, live && *live < v->nlive ? v->live[*live] : "?", CR_RESULT, true);
            if (live)
                (*live)++;
            break;
        case SPAN_CODE: flow(f, s->text, CR_STRING, false); break;
        case SPAN_STRONG: flow(f, s->text, CR_NORMAL, true); break;
        case SPAN_EMPHASIS: flow(f, s->text, CR_INFO, false); break;
        default: flow(f, s->text, CR_NORMAL, false); break;
        }
    }
}

static void prose(LessonView *v, const LessonBlock *b, size_t *live)
{
    Flow f = {v, new_line(v), 0, b->bullet ? 2 : 0};
    if (b->bullet) {
        add_seg(f.line, "• ", strlen("• "), CR_NORMAL, false);
        f.col = 2;
    }
    flow_spans(&f, b, live);
    new_line(v);
}

/* Code keeps its lines; one wider than the pane goes on in the next row behind a mark, so
 * nothing of it is cut. */
typedef struct {
    LessonView *v;
    Line *line;
    int col;
    bool utf8;
} CodeFlow;

static void code_row(CodeFlow *c, bool continued)
{
    c->line = new_line(c->v);
    if (continued)
        add_seg(c->line, c->utf8 ? "  \u21aa " : "  + ", c->utf8 ? strlen("  \u21aa ") : 4, CR_INFO,
                false);
    else
        add_seg(c->line, "    ", 4, CR_NORMAL, false);
    c->col = 4;
}

static void code_piece(CodeFlow *c, const char *p, size_t len, ColorRole role)
{
    int width = c->v->width > 8 ? c->v->width : 8;
    while (len) {
        size_t fit = 0;
        int w = c->col;
        while (fit < len) {
            size_t k = 1;
            while (fit + k < len && ((unsigned char)p[fit + k] & 0xC0) == 0x80)
                k++;
            int cw = draw_width(p + fit, k);
            if (w + cw > width && (fit > 0 || c->col > 4))
                break;
            w += cw;
            fit += k;
        }
        if (fit)
            add_seg(c->line, p, fit, role, false);
        c->col = w;
        p += fit;
        len -= fit;
        if (len)
            code_row(c, true);
    }
}

static void code(LessonView *v, const char *text, bool utf8)
{
    HighlightSpan *spans = NULL;
    size_t n = highlight(text, strlen(text), &spans);
    CodeFlow c = {v, NULL, 0, utf8};
    code_row(&c, false);
    for (size_t i = 0; i < n; i++) {
        const char *p = text + spans[i].start, *end = p + spans[i].len;
        while (p < end) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
            code_piece(&c, p, len, colors_for_highlight(spans[i].kind));
            if (!nl)
                break;
            p = nl + 1;
            if (p < text + strlen(text))
                code_row(&c, false);
        }
    }
    free(spans);
    new_line(v);
}

static void progress_marks(LessonView *v, bool utf8)
{
    StrBuf b;
    strbuf_init(&b);
    const char *id = v->lesson->id;
    for (size_t i = 0; i < v->lesson->nsteps; i++) {
        bool done = progress_done(v->progress, id, i);
        const char *mark = utf8 ? (i == v->step ? (done ? "◉" : "◎") : done ? "●" : "○")
                                : (i == v->step ? (done ? "[X]" : "[ ]") : done ? "x" : ".");
        strbuf_puts(&b, mark);
    }
    char tail[64];
    snprintf(tail, sizeof tail, "  %zu of %zu steps done", progress_done_count(v->progress, id),
             v->lesson->nsteps);
    strbuf_puts(&b, tail);
    text_line(v, b.data, CR_INFO, false);
    strbuf_free(&b);
}

/* The reference solution, once the learner asked for it: as code, to read or type. */
static void solution_lines(LessonView *v, const LessonStep *s, bool utf8)
{
    new_line(v);
    text_line(v, "Solution (one way to do it; type it in the REPL to run it):", CR_INFO, true);
    const LessonBlock *b;
    for (size_t i = 0; (b = lesson_step_block(s, BLOCK_SOLUTION, i)) != NULL; i++)
        code(v, b->text, utf8);
}

static void task_lines(LessonView *v, const LessonStep *s, bool utf8)
{
    if (!lesson_step_is_task(s))
        return;
    if (v->verdict > 0 || progress_done(v->progress, v->lesson->id, v->step)) {
        bool last = v->step + 1 >= v->lesson->nsteps;
        char line[96];
        snprintf(line, sizeof line, "%s Task done. %s", utf8 ? "\u2713" : "[done]",
                 last ? "That was the last step: Esc closes the lesson." : "Press n for the next step.");
        text_line(v, line, CR_RESULT, true);
    }
    else if (v->verdict < 0)
        text_line(v, v->check_error ? v->check_error : "the check raised an error", CR_ERROR, false);
    else
        text_line(v, "Task: checked after every input you run.", CR_WARNING, true);
    for (size_t i = 0; i < v->hints; i++) {
        const LessonBlock *h = lesson_step_block(s, BLOCK_HINT, i);
        char label[32];
        snprintf(label, sizeof label, "Hint %zu: ", i + 1);
        Flow f = {v, new_line(v), 0, 2};
        flow(&f, label, CR_INFO, true);
        flow_spans(&f, h, NULL); /* inline code as in the prose, not raw backticks */
    }
    size_t left = lesson_step_count(s, BLOCK_HINT) - v->hints;
    if (left)
        text_line(v, left == 1 ? "(? shows a hint)" : "(? shows a hint, one more each time)",
                  CR_INFO, false);
    else if (!v->solution_shown)
        text_line(v, "(? offers the solution)", CR_INFO, false);
    else
        solution_lines(v, s, utf8);
}

static void layout_step(LessonView *v, int width, bool utf8)
{
    lines_free(v);
    v->width = width;
    const LessonStep *s = &v->lesson->steps[v->step];
    char head[512];
    snprintf(head, sizeof head, "%s", v->lesson->title);
    text_line(v, head, CR_SECTION, true);
    snprintf(head, sizeof head, "Step %zu of %zu: %s", v->step + 1, v->lesson->nsteps, s->title);
    text_line(v, head, CR_NORMAL, true);
    progress_marks(v, utf8);
    new_line(v);
    if (v->missing) {
        snprintf(head, sizeof head, "This step needs %s, which is not installed here: n skips it.",
                 v->missing);
        text_line(v, head, CR_WARNING, false);
        new_line(v);
    }
    size_t live = 0, example = 0;
    for (size_t i = 0; i < s->nblocks; i++) {
        const LessonBlock *b = &s->blocks[i];
        if (b->kind == BLOCK_PROSE) {
            prose(v, b, &live);
        } else if (b->kind == BLOCK_EXAMPLE) {
            snprintf(head, sizeof head, "Example %zu%s", example + 1,
                     example == v->next_example ? "  (e sends it to the REPL)" : "");
            example++;
            text_line(v, head, CR_INFO, true);
            code(v, b->text, utf8);
        }
    }
    task_lines(v, s, utf8);
    while (v->nlines > 0 && v->lines[v->nlines - 1].n == 0) /* "more lines" are never blank */
        free(v->lines[--v->nlines].segs);
}

/* ---- stepping ----------------------------------------------------------------------------- */

static void free_live(LessonView *v)
{
    for (size_t i = 0; i < v->nlive; i++)
        free(v->live[i]);
    free(v->live);
    v->live = NULL;
    v->nlive = 0;
}

static void refresh_live(LessonView *v)
{
    free_live(v);
    const LessonStep *s = &v->lesson->steps[v->step];
    for (size_t i = 0; i < s->nblocks; i++)
        for (size_t k = 0; s->blocks[i].kind == BLOCK_PROSE && k < s->blocks[i].nspans; k++)
            if (s->blocks[i].spans[k].kind == SPAN_LIVE) {
                v->live = xrealloc(v->live, (v->nlive + 1) * sizeof *v->live);
                v->live[v->nlive++] = lesson_live_value(s->blocks[i].spans[k].text);
            }
}

static void save(LessonView *v)
{
    char *err = NULL;
    if (v->progress_path && progress_save(v->progress, v->progress_path, &err) < 0)
        snprintf(v->message, sizeof v->message, "progress not saved: %s", err ? err : "");
    free(err);
}

static void check_now(LessonView *v)
{
    free(v->check_error);
    v->check_error = NULL;
    v->verdict = v->missing ? 0 : lesson_check_step(&v->lesson->steps[v->step], &v->check_error);
}

static void enter_step(LessonView *v, size_t step)
{
    v->step = step;
    v->hints = 0;
    v->solution_asked = v->solution_shown = false;
    v->next_example = 0;
    v->top = 0;
    v->width = 0;
    free(v->missing);
    v->missing = NULL;
    const LessonStep *s = &v->lesson->steps[step];
    if (!lesson_requirements_met(s, &v->missing))
        snprintf(v->message, sizeof v->message, "skippable: %s is not installed", v->missing);
    for (size_t i = 0; !v->missing && i < lesson_step_count(s, BLOCK_SETUP); i++) {
        char *err = NULL;
        if (lesson_run_setup(lesson_step_block(s, BLOCK_SETUP, i), &err) < 0)
            snprintf(v->message, sizeof v->message, "this step's setup failed: %s", err ? err : "");
        free(err);
    }
    refresh_live(v);
    check_now(v);
    if (v->verdict > 0 && lesson_step_is_task(s)) /* a step without a task is done when left */
        progress_mark_done(v->progress, v->lesson->id, step);
    progress_set_current(v->progress, v->lesson->id, step);
    save(v);
}

LessonView *lessonview_open(Lesson *lesson, Progress *progress, const char *progress_path)
{
    LessonView *v = xcalloc(1, sizeof *v);
    v->lesson = lesson;
    v->progress = progress;
    v->progress_path = progress_path;
    lesson_run_prepare();
    for (size_t i = 0; i < lesson->nintro; i++) {
        char *err = NULL;
        if (lesson->intro[i].kind == BLOCK_SETUP && lesson_run_setup(&lesson->intro[i], &err) < 0)
            snprintf(v->message, sizeof v->message, "the lesson's setup failed: %s", err ? err : "");
        free(err);
    }
    size_t at = progress_current(progress, lesson->id);
    enter_step(v, at < lesson->nsteps ? at : 0);
    return v;
}

void lessonview_free(LessonView *v)
{
    if (!v)
        return;
    lines_free(v);
    free(v->lines);
    free_live(v);
    free(v->check_error);
    free(v->missing);
    lesson_free(v->lesson);
    free(v);
}

const char *lessonview_example(const LessonView *v) { return v->example; }
const char *lessonview_message(const LessonView *v) { return v->message[0] ? v->message : NULL; }
void lessonview_note(LessonView *v, const char *message)
{
    snprintf(v->message, sizeof v->message, "%s", message);
}

void lessonview_key_elsewhere(LessonView *v)
{
    if (!v->restart_asked && !v->solution_asked)
        return;
    v->restart_asked = v->solution_asked = false;
    v->message[0] = '\0'; /* the question is gone */
}

bool lessonview_after_input(LessonView *v)
{
    bool was = progress_done(v->progress, v->lesson->id, v->step);
    refresh_live(v);
    check_now(v);
    v->width = 0;
    if (v->verdict <= 0 || was || !lesson_step_is_task(&v->lesson->steps[v->step]))
        return false;
    progress_mark_done(v->progress, v->lesson->id, v->step);
    save(v);
    v->to_end = true; /* the "done" moment must be on screen, however small the pane */
    snprintf(v->message, sizeof v->message, v->step + 1 < v->lesson->nsteps
             ? "Step done! n in the lesson pane (F6) goes to the next step."
             : "Lesson complete! Every step is done.");
    return true;
}

static LessonEvent send_example(LessonView *v)
{
    const LessonStep *s = &v->lesson->steps[v->step];
    size_t n = lesson_step_count(s, BLOCK_EXAMPLE);
    if (!n) {
        snprintf(v->message, sizeof v->message, "this step has no example");
        return LV_REDRAW;
    }
    v->example = lesson_step_block(s, BLOCK_EXAMPLE, v->next_example % n)->text;
    v->next_example = (v->next_example + 1) % n;
    v->width = 0;
    return LV_RUN_EXAMPLE;
}

static LessonEvent move_to(LessonView *v, long step)
{
    if (step < 0 || (size_t)step >= v->lesson->nsteps) {
        snprintf(v->message, sizeof v->message, step < 0 ? "this is the first step"
                                                         : "this is the last step: Esc closes the lesson");
        return LV_REDRAW;
    }
    const LessonStep *here = &v->lesson->steps[v->step];
    if ((size_t)step > v->step && (!lesson_step_is_task(here) || v->missing))
        progress_mark_done(v->progress, v->lesson->id, v->step); /* read (or skipped): done */
    enter_step(v, (size_t)step);
    return LV_REDRAW;
}

/* Restarting clears the lesson's progress, which cannot be undone: the first r only asks, and
 * only r as the very next key restarts. */
static LessonEvent restart(LessonView *v)
{
    if (!v->restart_asked) {
        v->restart_asked = true;
        snprintf(v->message, sizeof v->message,
                 "press r again to restart this lesson (progress is cleared)");
        return LV_REDRAW;
    }
    v->restart_asked = false;
    progress_reset(v->progress, v->lesson->id);
    snprintf(v->message, sizeof v->message, "lesson restarted");
    enter_step(v, 0);
    return LV_REDRAW;
}

/* After the hints, the solution: ? offers it, and only ? as the very next key shows it, so
 * that a learner who keeps pressing ? for hints sees the question before the answer. */
static void offer_solution(LessonView *v, size_t hints)
{
    if (v->solution_shown) {
        snprintf(v->message, sizeof v->message, "the solution is shown at the end of the step");
        v->to_end = true;
    } else if (v->solution_asked) {
        v->solution_asked = false;
        v->solution_shown = true;
        v->to_end = true;
    } else {
        v->solution_asked = true;
        snprintf(v->message, sizeof v->message, "%s: press ? again to see the solution",
                 hints ? "no more hints" : "this step has no hints");
    }
}

/* One more hint; a step without any, or without more, says so (? must never be silent), and a
 * task then offers its solution. */
static LessonEvent show_hint(LessonView *v, const LessonStep *s)
{
    size_t n = lesson_step_count(s, BLOCK_HINT);
    if (v->hints < n) {
        v->hints++;
        v->to_end = true; /* hints come last in a step: the new one must be on screen */
    } else if (lesson_step_count(s, BLOCK_SOLUTION) > 0) {
        offer_solution(v, n);
    } else {
        snprintf(v->message, sizeof v->message, n ? "no more hints in this step"
                                                  : "this step has no hints");
    }
    v->width = 0;
    return LV_REDRAW;
}

LessonEvent lessonview_key(LessonView *v, Action act, const char *typed)
{
    const LessonStep *s = &v->lesson->steps[v->step];
    v->message[0] = '\0'; /* a message answers one key */
    if (v->restart_asked && act != ACT_LESSON_RESTART) { /* the answer, not a lesson key */
        v->restart_asked = false;
        snprintf(v->message, sizeof v->message, "restart cancelled: progress kept");
        return LV_REDRAW;
    }
    if (act != ACT_LESSON_HINT) /* nothing is lost: the key goes on to do what it does */
        v->solution_asked = false;
    switch (act) {
    case ACT_LESSON_NEXT: return move_to(v, (long)v->step + 1);
    case ACT_LESSON_PREV: return move_to(v, (long)v->step - 1);
    case ACT_LESSON_EXAMPLE: return send_example(v);
    case ACT_LESSON_HINT: return show_hint(v, s);
    case ACT_LESSON_RESTART: return restart(v);
    case ACT_LESSON_STEP: /* jump to any step */
        return typed && typed[0] >= '1' && typed[0] <= '9' ? move_to(v, typed[0] - '1') : LV_NOTHING;
    case ACT_SEL_UP: if (v->top) v->top--; return LV_REDRAW;
    case ACT_SEL_DOWN: v->top++; return LV_REDRAW;
    case ACT_PAGE_UP: v->top = v->top > (size_t)v->page ? v->top - (size_t)v->page : 0; return LV_REDRAW;
    case ACT_PAGE_DOWN: v->top += (size_t)(v->page > 1 ? v->page - 1 : 1); return LV_REDRAW;
    case ACT_CLOSE: return LV_CLOSE;
    default:
        if (typed) /* a learner typing code here: say where it goes */
            snprintf(v->message, sizeof v->message,
                     "'%s' is not a lesson key: Python is typed in the REPL (F6)", typed);
        return typed ? LV_REDRAW : LV_NOTHING;
    }
}

char *lessonview_text(LessonView *v, int width)
{
    layout_step(v, width, true);
    StrBuf b;
    strbuf_init(&b);
    for (size_t i = 0; i < v->nlines; i++) {
        for (size_t k = 0; k < v->lines[i].n; k++)
            strbuf_puts(&b, v->lines[i].segs[k].text);
        strbuf_putc(&b, '\n');
    }
    v->width = 0; /* the next draw lays the step out for its own width */
    return strbuf_take(&b);
}

/* The last row when the text goes on below the pane: how much, and the key that shows it. */
static void draw_more_below(int y, Rect r, size_t below, bool utf8)
{
    char more[64];
    snprintf(more, sizeof more, "%s %zu more line%s (PgDn)", utf8 ? "\u2193" : "v", below,
             below == 1 ? "" : "s");
    draw_fill(y, r.x, r.w, colors_attr(CR_NORMAL));
    draw_text(y, r.x + 1, r.w - 1, more, colors_attr(CR_INFO));
}

void lessonview_draw(LessonView *v, Rect r, bool focused, bool key_bar, bool utf8)
{
    if (r.h <= 0)
        return;
    if (v->width != r.w - 2)
        layout_step(v, r.w - 2, utf8);
    int body = key_bar ? r.h - 1 : r.h;
    size_t max_top = v->nlines > (size_t)body ? v->nlines - (size_t)body : 0;
    if (v->to_end || v->top > max_top)
        v->top = max_top; /* the end shows without the "more" line, so scrolling reaches it */
    v->to_end = false;
    bool cut = v->top + (size_t)body < v->nlines && body >= 2;
    int rows = cut ? body - 1 : body;
    v->page = rows;
    for (int y = 0; y < rows; y++) {
        draw_fill(r.y + y, r.x, r.w, colors_attr(CR_NORMAL));
        size_t i = v->top + (size_t)y;
        if (i >= v->nlines)
            continue;
        int x = r.x + 1;
        for (size_t k = 0; k < v->lines[i].n; k++) {
            const Seg *sg = &v->lines[i].segs[k];
            x += draw_text_cut(r.y + y, x, r.x + r.w - x, sg->text,
                               colors_attr(sg->role) | (sg->bold ? A_BOLD : 0), utf8);
        }
    }
    if (cut)
        draw_more_below(r.y + rows, r, v->nlines - v->top - (size_t)rows, utf8);
    if (!key_bar)
        return;
    const char *keys = "e example · ? hint · n next · p back · 1-9 step · r restart · Esc close";
    draw_fill(r.y + body, r.x, r.w, colors_attr(focused ? CR_TITLE : CR_SECTION));
    draw_text_cut(r.y + body, r.x + 1, r.w - 1, keys, colors_attr(focused ? CR_TITLE : CR_SECTION),
                  utf8);
}
