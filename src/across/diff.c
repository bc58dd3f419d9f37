/* diff.c — the builds put in order of CPython version and compared in pairs (see across.h):
 * which rows appeared, disappeared, or changed size, offset or C type from one version to the
 * next, and which blocks came or went. Pure: no process, no Python; tests feed it rows. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "across/across.h"
#include "util/xalloc.h"

static void free_build(AcrossBuild *b)
{
    free(b->path);
    free(b->shown);
    free(b->label);
    free(b->error);
    free(b->version);
    free(b->type);
    free(b->kind);
    for (size_t i = 0; i < b->nrows; i++) {
        free(b->rows[i].section);
        free(b->rows[i].name);
        free(b->rows[i].ctype);
    }
    free(b->rows);
    for (size_t i = 0; i < b->nblocks; i++)
        free(b->blocks[i].name);
    free(b->blocks);
}

void across_free(AcrossResult *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nbuilds; i++)
        free_build(&r->builds[i]);
    free(r->builds);
    for (size_t i = 0; i < r->nchanges; i++) {
        free(r->changes[i].section);
        free(r->changes[i].name);
    }
    free(r->changes);
    for (size_t i = 0; i < r->nnotes; i++)
        free(r->notes[i]);
    free(r->notes);
    free(r->expr);
    free(r);
}

size_t across_answered(const AcrossResult *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->nbuilds; i++)
        n += !r->builds[i].error;
    return n;
}

/* -1, 0, 1 as version a is before, the same as, or after b ("3.9.18" < "3.10.1"); numbers
 * compare as numbers, anything after them as text. */
static int version_cmp(const char *a, const char *b)
{
    while (*a && *b) {
        char *ea, *eb;
        long x = strtol(a, &ea, 10), y = strtol(b, &eb, 10);
        if (ea == a || eb == b)
            return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
        if (x != y)
            return x < y ? -1 : 1;
        a = ea + (*ea == '.');
        b = eb + (*eb == '.');
    }
    return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
}

/* Builds that answered, by version; then the rest in the order they were found. Stable, so
 * the running build stays first among equals. */
static void order(AcrossResult *r)
{
    for (size_t i = 1; i < r->nbuilds; i++) {
        AcrossBuild b = r->builds[i];
        size_t k = i;
        while (k > 0 && (r->builds[k - 1].error ? !b.error
                         : !b.error && version_cmp(b.version, r->builds[k - 1].version) < 0)) {
            r->builds[k] = r->builds[k - 1];
            k--;
        }
        r->builds[k] = b;
    }
}

/* A build whose CPython answered already (the same version built twice): left out, noted. */
static void drop_repeats(AcrossResult *r)
{
    size_t kept = 0;
    for (size_t i = 0; i < r->nbuilds; i++) {
        AcrossBuild *b = &r->builds[i];
        const AcrossBuild *same = NULL;
        for (size_t k = 0; k < kept && !b->error && !same; k++)
            if (!r->builds[k].error && strcmp(r->builds[k].version, b->version) == 0)
                same = &r->builds[k];
        if (!same) {
            r->builds[kept++] = *b;
            continue;
        }
        r->notes = xrealloc(r->notes, (r->nnotes + 1) * sizeof *r->notes);
        r->notes[r->nnotes++] = xasprintf("%s is CPython %s too (as %s): left out", b->shown,
                                          b->version, same->shown);
        free_build(b);
    }
    r->nbuilds = kept;
}

/* The k-th row named `name` in `section` (rows such as "(padding)" come more than once). */
static const AcrossRow *find_row(const AcrossBuild *b, const char *section, const char *name,
                                 size_t k)
{
    for (size_t i = 0; i < b->nrows; i++)
        if (strcmp(b->rows[i].section, section) == 0 && strcmp(b->rows[i].name, name) == 0 &&
            k-- == 0)
            return &b->rows[i];
    return NULL;
}

/* How many rows before `row` in its build have its section and name. */
static size_t occurrence(const AcrossBuild *b, const AcrossRow *row)
{
    size_t k = 0;
    for (const AcrossRow *p = b->rows; p < row; p++)
        k += strcmp(p->section, row->section) == 0 && strcmp(p->name, row->name) == 0;
    return k;
}

static bool has_block(const AcrossBuild *b, const char *section)
{
    if (strcmp(section, "object") == 0 || strcmp(section, "pre-header") == 0)
        return true;
    for (size_t i = 0; i < b->nblocks; i++)
        if (strcmp(b->blocks[i].name, section) == 0)
            return true;
    return false;
}

static AcrossChange *add(AcrossResult *r, AcrossChangeKind kind, size_t from, size_t to,
                         const char *section, const char *name)
{
    r->changes = xgrow(r->changes, &r->cap_changes, r->nchanges + 1, sizeof *r->changes);
    AcrossChange *c = &r->changes[r->nchanges++];
    memset(c, 0, sizeof *c);
    *c = (AcrossChange){kind, from, to, xstrdup(section), xstrdup(name), {0}, {0}};
    return c;
}

/* Blocks that one build has and the other has not, as whole blocks. */
static void diff_blocks(AcrossResult *r, size_t from, size_t to)
{
    const AcrossBuild *a = &r->builds[from], *b = &r->builds[to];
    for (size_t i = 0; i < a->nblocks; i++)
        if (!has_block(b, a->blocks[i].name))
            add(r, ACROSS_DISAPPEARED, from, to, a->blocks[i].name, NULL)->before.size =
                a->blocks[i].size;
    for (size_t i = 0; i < b->nblocks; i++)
        if (!has_block(a, b->blocks[i].name))
            add(r, ACROSS_APPEARED, from, to, b->blocks[i].name, NULL)->after.size =
                b->blocks[i].size;
}

void across_diff(AcrossResult *r, size_t from, size_t to)
{
    const AcrossBuild *a = &r->builds[from], *b = &r->builds[to];
    diff_blocks(r, from, to);
    for (size_t i = 0; i < b->nrows; i++) {
        const AcrossRow *now = &b->rows[i];
        if (!has_block(a, now->section))
            continue; /* the whole block is new: said once, above */
        const AcrossRow *was = find_row(a, now->section, now->name, occurrence(b, now));
        if (!was)
            add(r, ACROSS_APPEARED, from, to, now->section, now->name)->after = *now;
        else if (was->size != now->size || was->offset != now->offset ||
                 strcmp(was->ctype, now->ctype) != 0) {
            AcrossChange *c = add(r, ACROSS_CHANGED, from, to, now->section, now->name);
            c->before = *was;
            c->after = *now;
        }
    }
    for (size_t i = 0; i < a->nrows; i++) {
        const AcrossRow *was = &a->rows[i];
        if (has_block(b, was->section) && !find_row(b, was->section, was->name, occurrence(a, was)))
            add(r, ACROSS_DISAPPEARED, from, to, was->section, was->name)->before = *was;
    }
}

void across_compare(AcrossResult *r)
{
    drop_repeats(r);
    order(r);
    size_t prev = r->nbuilds;
    for (size_t i = 0; i < r->nbuilds; i++) {
        if (r->builds[i].error)
            continue;
        if (prev < r->nbuilds)
            across_diff(r, prev, i);
        prev = i;
    }
}
