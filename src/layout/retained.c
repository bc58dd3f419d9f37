/* retained.c — the retained-size tree of retained.h.
 *
 * The job reads the deep set breadth-first with graph.h's rules (ids in discovery order: 0 is a
 * virtual root standing for everything outside, 1 the object itself), then adds an edge from 0
 * to the object and to every object held from outside (more references than the set gives it),
 * and computes immediate dominators with Lengauer and Tarjan's algorithm (the simple version,
 * with path compression made iterative, so a list nested a million deep is fine). Retained sizes
 * are then summed children first (a dominator comes before what it dominates in depth-first
 * order). Every phase runs in budgeted steps. */
#include "layout/retained.h"

#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout/addrset.h"
#include "layout/builder.h"
#include "layout/describe.h"
#include "layout/graph.h"
#include "util/xalloc.h"

#define NONE UINT32_MAX
#define LABEL_MAX 160
#define LABEL_HOPS 4

typedef enum { RJ_WALK, RJ_EDGES, RJ_DFS, RJ_SEMI, RJ_IDOM, RJ_SIZES, RJ_DONE } RetainedPhase;

/* The rows under a node: its own blocks (built once), then its dominator children in order. */
typedef struct {
    RetainedRow *blocks;
    size_t nblocks;
    uint32_t *order;          /* children's ids, largest first */
    size_t n;                 /* blocks + children */
    bool ready;
} RowCache;

#define ROW_RING 64

struct RetainedTree {
    size_t n;                 /* nodes, the virtual root included */
    PyObject **obj;           /* id -> object (borrowed; obj[0] is NULL) */
    bool valid;               /* no Python code ran since the tree was read */
    uint32_t *type_of;        /* id -> index in type_names */
    char **type_names;        /* owned */
    size_t ntypes;
    BlockSum *own;            /* id -> its own blocks */
    RetainedSize *retained;   /* id -> what it keeps alive */
    uint32_t *idom;           /* id -> immediate dominator (NONE for 0) */
    uint32_t *dfs_parent;     /* id -> its parent in the depth-first tree (for labels) */
    uint32_t *dchild_start, *dchild; /* dominator children, CSR */
    char **labels;            /* id -> label from its dominator, made on first use */
    RowCache *children;       /* id -> its children's rows, made on first use */
    RetainedRow ring[ROW_RING]; /* rows handed out, reused in turn */
    size_t ring_next;
    size_t pinned;
    char *root_label;
};

struct RetainedJob {
    GraphRules g;
    PyObject *root;
    Py_ssize_t extra_refs;
    RetainedPhase phase;
    size_t work;
    AddrIds ids;              /* object -> id, while reading */
    AddrMap type_index;       /* type -> index in type_names */
    size_t cap;               /* capacity of the per-node arrays */
    size_t expand;            /* next id to expand (breadth-first) */
    uint32_t cur;             /* id being expanded */
    uint32_t *efrom, *eto;    /* edges, in the order read */
    size_t m, ecap;
    uint32_t *succ_start, *succ, *pred_start, *pred;
    /* Lengauer-Tarjan, indexed by depth-first number */
    uint32_t *dfn, *vertex, *parent, *semi, *label, *ancestor, *idom_df, *bucket, *bucket_next;
    uint32_t *dfs_stack, *dfs_edge, *cstack;
    size_t ndfs, sp, cursor;
    RetainedTree *t;
};

/* ---- reading the graph ---------------------------------------------------------------------- */

static void grow_nodes(RetainedJob *j, size_t need)
{
    if (need <= j->cap)
        return;
    size_t cap = j->cap ? j->cap * 2 : 1024;
    while (cap < need)
        cap *= 2;
    RetainedTree *t = j->t;
    t->obj = xrealloc(t->obj, cap * sizeof *t->obj);
    t->type_of = xrealloc(t->type_of, cap * sizeof *t->type_of);
    t->own = xrealloc(t->own, cap * sizeof *t->own);
    j->cap = cap;
}

static uint32_t type_index(RetainedJob *j, PyTypeObject *tp)
{
    size_t i;
    if (addrset_map_get(&j->type_index, tp, &i))
        return (uint32_t)i;
    RetainedTree *t = j->t;
    t->type_names = xrealloc(t->type_names, (t->ntypes + 1) * sizeof *t->type_names);
    t->type_names[t->ntypes] = lb_type_name(tp);
    addrset_map_put(&j->type_index, tp, t->ntypes);
    return (uint32_t)t->ntypes++;
}

static uint32_t add_node(RetainedJob *j, PyObject *o, const GraphType *gt)
{
    RetainedTree *t = j->t;
    grow_nodes(j, t->n + 1);
    uint32_t id = (uint32_t)t->n++;
    t->obj[id] = o;
    t->type_of[id] = type_index(j, Py_TYPE(o));
    memset(&t->own[id], 0, sizeof t->own[id]);
    if (id == 1)
        layout_measure(o, &t->own[id]); /* the root may be static or shared */
    else
        graph_blocks(&j->g, gt, o, &t->own[id]);
    *addrids_slot(&j->ids, o) = id;
    j->work++;
    return id;
}

static void add_edge(RetainedJob *j, uint32_t from, uint32_t to)
{
    if (j->m == j->ecap) {
        j->ecap = j->ecap ? j->ecap * 2 : 4096;
        j->efrom = xrealloc(j->efrom, j->ecap * sizeof *j->efrom);
        j->eto = xrealloc(j->eto, j->ecap * sizeof *j->eto);
    }
    j->efrom[j->m] = from;
    j->eto[j->m++] = to;
}

static int read_visit(PyObject *o, void *arg)
{
    RetainedJob *j = arg;
    const GraphType *gt = graph_type(&j->g, Py_TYPE(o));
    if (graph_shared(&j->g, gt, o))
        return 0;
    uint32_t id = *addrids_slot(&j->ids, o);
    if (!id)
        id = add_node(j, o, gt);
    add_edge(j, j->cur, id);
    return 0;
}

static void phase_walk(RetainedJob *j, size_t budget)
{
    RetainedTree *t = j->t;
    while (j->expand < t->n && j->work < budget) {
        uint32_t id = (uint32_t)j->expand++;
        PyObject *o = t->obj[id];
        j->cur = id;
        graph_held_refs(graph_type(&j->g, Py_TYPE(o)), o, read_visit, j);
        j->work++;
    }
    if (j->expand == t->n)
        j->phase = RJ_EDGES;
}

/* ---- the graph as arrays ---------------------------------------------------------------------- */

/* start[i]..start[i+1] index the edges of node i in `out` (a counting sort by `key`). */
static void csr(size_t n, size_t m, const uint32_t *key, const uint32_t *val, uint32_t **start,
                uint32_t **out)
{
    *start = xcalloc(n + 1, sizeof **start);
    *out = xmalloc((m ? m : 1) * sizeof **out);
    for (size_t e = 0; e < m; e++)
        (*start)[key[e] + 1]++;
    for (size_t i = 0; i < n; i++)
        (*start)[i + 1] += (*start)[i];
    uint32_t *fill = xmalloc((n ? n : 1) * sizeof *fill);
    memcpy(fill, *start, n * sizeof *fill);
    for (size_t e = 0; e < m; e++)
        (*out)[fill[key[e]]++] = val[e];
    free(fill);
}

/* The virtual root holds the object, and every object held from outside the set. */
static void phase_edges(RetainedJob *j)
{
    RetainedTree *t = j->t;
    uint32_t *inner = xcalloc(t->n, sizeof *inner);
    for (size_t e = 0; e < j->m; e++)
        inner[j->eto[e]]++;
    add_edge(j, 0, 1);
    for (size_t id = 2; id < t->n; id++) {
        if (Py_REFCNT(t->obj[id]) > (Py_ssize_t)inner[id]) {
            add_edge(j, 0, (uint32_t)id);
            t->pinned++;
        }
    }
    free(inner);
    addrids_free(&j->ids);
    csr(t->n, j->m, j->efrom, j->eto, &j->succ_start, &j->succ);
    csr(t->n, j->m, j->eto, j->efrom, &j->pred_start, &j->pred);
    free(j->efrom);
    free(j->eto);
    j->efrom = j->eto = NULL;
    size_t n = t->n;
    j->dfn = xmalloc(n * sizeof *j->dfn);
    for (size_t i = 0; i < n; i++)
        j->dfn[i] = NONE;
    j->vertex = xmalloc(n * sizeof *j->vertex);
    j->parent = xmalloc(n * sizeof *j->parent);
    j->dfs_stack = xmalloc(n * sizeof *j->dfs_stack);
    j->dfs_edge = xmalloc(n * sizeof *j->dfs_edge);
    t->dfs_parent = xmalloc(n * sizeof *t->dfs_parent);
    j->dfs_stack[0] = 0;
    j->dfs_edge[0] = j->succ_start[0];
    j->dfn[0] = 0;
    j->vertex[0] = 0;
    j->parent[0] = NONE;
    t->dfs_parent[0] = NONE;
    j->ndfs = 1;
    j->sp = 1;
    j->work += j->m + n;
    j->phase = RJ_DFS;
}

/* Depth-first numbering from the virtual root, with an explicit stack. */
static void phase_dfs(RetainedJob *j, size_t budget)
{
    RetainedTree *t = j->t;
    while (j->sp > 0 && j->work < budget) {
        uint32_t v = j->dfs_stack[j->sp - 1];
        if (j->dfs_edge[j->sp - 1] == j->succ_start[v + 1]) {
            j->sp--;
            continue;
        }
        uint32_t w = j->succ[j->dfs_edge[j->sp - 1]++];
        j->work++;
        if (j->dfn[w] != NONE)
            continue;
        j->dfn[w] = (uint32_t)j->ndfs;
        j->vertex[j->ndfs] = w;
        j->parent[j->ndfs] = j->dfn[v];
        t->dfs_parent[w] = v;
        j->ndfs++;
        j->dfs_stack[j->sp] = w;
        j->dfs_edge[j->sp++] = j->succ_start[w];
    }
    if (j->sp > 0)
        return;
    free(j->dfs_stack);
    free(j->dfs_edge);
    j->dfs_stack = j->dfs_edge = NULL;
    size_t n = j->ndfs;
    j->semi = xmalloc(n * sizeof *j->semi);
    j->label = xmalloc(n * sizeof *j->label);
    j->ancestor = xmalloc(n * sizeof *j->ancestor);
    j->idom_df = xmalloc(n * sizeof *j->idom_df);
    j->bucket = xmalloc(n * sizeof *j->bucket);
    j->bucket_next = xmalloc(n * sizeof *j->bucket_next);
    j->cstack = xmalloc(n * sizeof *j->cstack);
    for (size_t i = 0; i < n; i++) {
        j->semi[i] = j->label[i] = (uint32_t)i;
        j->ancestor[i] = j->bucket[i] = NONE;
    }
    j->cursor = n - 1;
    j->phase = RJ_SEMI;
}

/* ---- Lengauer-Tarjan ---------------------------------------------------------------------------- */

/* Path compression, iteratively: the chain up to the forest root is walked once, then
 * compressed from the top down, as the recursive version would. */
static void compress(RetainedJob *j, uint32_t v)
{
    size_t sp = 0;
    uint32_t x = v;
    while (j->ancestor[j->ancestor[x]] != NONE) {
        j->cstack[sp++] = x;
        x = j->ancestor[x];
    }
    while (sp > 0) {
        x = j->cstack[--sp];
        uint32_t a = j->ancestor[x];
        if (j->semi[j->label[a]] < j->semi[j->label[x]])
            j->label[x] = j->label[a];
        j->ancestor[x] = j->ancestor[a];
    }
}

static uint32_t eval(RetainedJob *j, uint32_t v)
{
    if (j->ancestor[v] == NONE)
        return v;
    compress(j, v);
    return j->label[v];
}

/* Semi-dominators, from the last depth-first number down; immediate dominators where they
 * are already certain. */
static void phase_semi(RetainedJob *j, size_t budget)
{
    while (j->cursor > 0 && j->work < budget) {
        uint32_t w = (uint32_t)j->cursor--;
        uint32_t node = j->vertex[w];
        for (uint32_t e = j->pred_start[node]; e < j->pred_start[node + 1]; e++) {
            uint32_t v = j->dfn[j->pred[e]];
            if (v == NONE)
                continue;
            uint32_t u = eval(j, v);
            if (j->semi[u] < j->semi[w])
                j->semi[w] = j->semi[u];
        }
        j->bucket_next[w] = j->bucket[j->semi[w]];
        j->bucket[j->semi[w]] = w;
        uint32_t p = j->parent[w];
        j->ancestor[w] = p;
        for (uint32_t v = j->bucket[p]; v != NONE; v = j->bucket_next[v]) {
            uint32_t u = eval(j, v);
            j->idom_df[v] = j->semi[u] < j->semi[v] ? u : p;
        }
        j->bucket[p] = NONE;
        j->work += 1 + j->pred_start[node + 1] - j->pred_start[node];
    }
    if (j->cursor == 0) {
        j->cursor = 1;
        j->phase = RJ_IDOM;
    }
}

static void phase_idom(RetainedJob *j, size_t budget)
{
    while (j->cursor < j->ndfs && j->work < budget) {
        uint32_t w = (uint32_t)j->cursor++;
        if (j->idom_df[w] != j->semi[w])
            j->idom_df[w] = j->idom_df[j->idom_df[w]];
        j->work++;
    }
    if (j->cursor < j->ndfs)
        return;
    RetainedTree *t = j->t;
    t->idom = xmalloc(t->n * sizeof *t->idom);
    t->retained = xcalloc(t->n, sizeof *t->retained);
    for (size_t i = 0; i < t->n; i++)
        t->idom[i] = NONE;
    for (size_t w = 1; w < j->ndfs; w++)
        t->idom[j->vertex[w]] = j->vertex[j->idom_df[w]];
    for (size_t i = 1; i < t->n; i++)
        t->retained[i] = (RetainedSize){t->own[i].size, t->own[i].footprint, t->own[i].blocks, 1};
    j->cursor = j->ndfs - 1;
    j->phase = RJ_SIZES;
}

/* What each node keeps alive: its own, then its dominated nodes', children first. */
static void phase_sizes(RetainedJob *j, size_t budget)
{
    RetainedTree *t = j->t;
    while (j->cursor > 0 && j->work < budget) {
        uint32_t v = j->vertex[j->cursor--], d = t->idom[v];
        RetainedSize *to = &t->retained[d];
        const RetainedSize *from = &t->retained[v];
        to->size += from->size;
        to->footprint += from->footprint;
        to->blocks += from->blocks;
        to->objects += from->objects;
        j->work++;
    }
    if (j->cursor > 0)
        return;
    uint32_t *key = xmalloc(t->n * sizeof *key), *val = xmalloc(t->n * sizeof *val);
    size_t m = 0;
    for (size_t v = 1; v < t->n; v++) {
        if (t->idom[v] == NONE)
            continue;
        key[m] = t->idom[v];
        val[m++] = (uint32_t)v;
    }
    csr(t->n, m, key, val, &t->dchild_start, &t->dchild);
    free(key);
    free(val);
    j->phase = RJ_DONE;
}

/* ---- the job ------------------------------------------------------------------------------------ */

RetainedJob *retained_start(PyObject *root, int refs_held, const char *label)
{
    RetainedJob *j = xcalloc(1, sizeof *j);
    j->t = xcalloc(1, sizeof *j->t);
    j->t->valid = true;
    j->t->root_label = xstrdup(label ? label : "object");
    j->root = root;
    j->extra_refs = refs_held;
    addrids_init(&j->ids);
    addrset_map_init(&j->type_index);
    int gc_was_enabled = PyGC_Disable();
    graph_rules_init(&j->g);
    grow_nodes(j, 2);
    j->t->n = 1; /* 0: the virtual root */
    j->t->obj[0] = NULL;
    j->t->type_of[0] = 0;
    memset(&j->t->own[0], 0, sizeof j->t->own[0]);
    add_node(j, root, graph_type(&j->g, Py_TYPE(root)));
    j->expand = 1;
    if (gc_was_enabled)
        PyGC_Enable();
    return j;
}

bool retained_step(RetainedJob *j, size_t budget)
{
    j->work = 0;
    if (budget == 0)
        budget = 1;
    int gc_was_enabled = PyGC_Disable(); /* as in deep_walk_step */
    while (j->phase != RJ_DONE && j->work < budget) {
        switch (j->phase) {
        case RJ_WALK: phase_walk(j, budget); break;
        case RJ_EDGES: phase_edges(j); break;
        case RJ_DFS: phase_dfs(j, budget); break;
        case RJ_SEMI: phase_semi(j, budget); break;
        case RJ_IDOM: phase_idom(j, budget); break;
        case RJ_SIZES: phase_sizes(j, budget); break;
        case RJ_DONE: break;
        }
    }
    if (gc_was_enabled)
        PyGC_Enable();
    return j->phase == RJ_DONE;
}

size_t retained_progress(const RetainedJob *j)
{
    return j->t->n - 1;
}

const char *retained_phase(const RetainedJob *j)
{
    switch (j->phase) {
    case RJ_WALK: return "reading the graph";
    case RJ_EDGES:
    case RJ_DFS: return "ordering it";
    case RJ_SEMI:
    case RJ_IDOM: return "finding what keeps what alive";
    default: return "adding up";
    }
}

static void job_free_work(RetainedJob *j)
{
    void *arrays[] = {j->efrom, j->eto, j->succ_start, j->succ, j->pred_start, j->pred, j->dfn,
                      j->vertex, j->parent, j->semi, j->label, j->ancestor, j->idom_df,
                      j->bucket, j->bucket_next, j->dfs_stack, j->dfs_edge, j->cstack};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    addrids_free(&j->ids);
    addrset_map_free(&j->type_index);
    graph_rules_free(&j->g);
}

RetainedTree *retained_finish(RetainedJob *j)
{
    while (!retained_step(j, SIZE_MAX))
        ;
    RetainedTree *t = j->t;
    t->labels = xcalloc(t->n, sizeof *t->labels);
    t->children = xcalloc(t->n, sizeof *t->children);
    job_free_work(j);
    free(j);
    return t;
}

void retained_cancel(RetainedJob *j)
{
    if (!j)
        return;
    job_free_work(j);
    j->t->labels = NULL;
    retained_free(j->t);
    free(j);
}

/* ---- reading the tree --------------------------------------------------------------------------- */

size_t retained_root(const RetainedTree *t)
{
    (void)t;
    return 1;
}

size_t retained_nodes(const RetainedTree *t)
{
    return t->n - 1;
}

size_t retained_pinned(const RetainedTree *t)
{
    return t->pinned;
}

/* The name of one hop, parent -> child, or a placeholder when it cannot be read. */
static void hop_name(RetainedTree *t, uint32_t parent, uint32_t child, char *out, size_t n)
{
    if (!t->valid)
        snprintf(out, n, "(gone)");
    else if (!t->obj[parent] || !graph_ref_name(t->obj[parent], t->obj[child], out, n))
        snprintf(out, n, "<referent>");
}

/* An instance's attribute reached through its __dict__ reads as an attribute: a label that
 * ends in ".__dict__['name']" becomes ".name" when name is an identifier. */
static void attribute_from_dict(char *out, size_t *len)
{
    char *d = strstr(out, ".__dict__['");
    if (!d || out[*len - 1] != ']' || out[*len - 2] != '\'')
        return;
    char *name = d + strlen(".__dict__['"), *end = out + *len - 2;
    if (end <= name || memchr(name, '\'', (size_t)(end - name)) || d[strlen(d) - 1] != ']')
        return;
    for (char *c = name; c < end; c++)
        if (!(*c == '_' || (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
              (*c >= '0' && *c <= '9') || (unsigned char)*c >= 0x80))
            return;
    size_t n = (size_t)(end - name);
    d[0] = '.';
    memmove(d + 1, name, n);
    d[1 + n] = '\0';
    *len = (size_t)(d + 1 + n - out);
}

/* How `from` reaches `to` through the depth-first tree, hop by hop: ".a[3].b"; a path of more
 * than LABEL_HOPS hops shows its first and last hops around "…". */
static char *path_label(RetainedTree *t, uint32_t from, uint32_t to)
{
    uint32_t *hops = NULL; /* to, its parent, ..., the child of from */
    size_t n = 0, cap = 0;
    for (uint32_t x = to; x != from && x != NONE; x = t->dfs_parent[x]) {
        hops = xgrow(hops, &cap, n + 1, sizeof *hops);
        hops[n++] = x;
    }
    char out[LABEL_MAX] = "", part[LABEL_MAX];
    size_t len = 0;
    for (size_t k = n; k-- > 0 && len < sizeof out;) {
        if (n > LABEL_HOPS && k > 0 && k < n - 1) {
            if (k == n - 2)
                len += (size_t)snprintf(out + len, sizeof out - len, "…");
            continue;
        }
        hop_name(t, k + 1 < n ? hops[k + 1] : from, hops[k], part, sizeof part);
        len += (size_t)snprintf(out + len, sizeof out - len, "%s", part);
        attribute_from_dict(out, &len);
    }
    free(hops);
    return xstrdup(out);
}

static const char *node_label(RetainedTree *t, uint32_t v)
{
    if (v == 1)
        return t->root_label;
    if (!t->labels[v]) {
        int gc_was_enabled = PyGC_Disable();
        t->labels[v] = t->idom[v] == 0 ? xstrdup("(held from outside)")
                                       : path_label(t, t->idom[v], v);
        if (gc_was_enabled)
            PyGC_Enable();
    }
    return t->labels[v];
}

static RetainedRow *ring_row(RetainedTree *t)
{
    RetainedRow *r = &t->ring[t->ring_next];
    t->ring_next = (t->ring_next + 1) % ROW_RING;
    return r;
}

static const RetainedRow *object_row(RetainedTree *t, uint32_t v)
{
    RetainedRow *r = ring_row(t);
    *r = (RetainedRow){v, NULL, t->type_names[t->type_of[v]], t->retained[v],
                       t->dchild_start[v + 1] - t->dchild_start[v]};
    return r;
}

const RetainedRow *retained_row(RetainedTree *t, size_t node)
{
    if (node == 0 || node >= t->n)
        return NULL;
    return object_row(t, (uint32_t)node);
}

typedef struct {
    RetainedRow *rows;
    size_t n, cap;
} BlockRows;

static void block_row(const char *name, size_t size, size_t footprint, void *arg)
{
    BlockRows *b = arg;
    b->rows = xgrow(b->rows, &b->cap, b->n + 1, sizeof *b->rows);
    char *label = xasprintf("<%s>", name);
    b->rows[b->n++] = (RetainedRow){RETAINED_BLOCK, label, "block", {size, footprint, 1, 0}, 0};
}

/* ids sorted by key, largest first: a radix sort, since a list of a million items has a
 * million children, most of them the same size. */
static void sort_by_footprint(uint32_t *ids, size_t n, const RetainedSize *by)
{
    uint32_t *tmp = xmalloc((n ? n : 1) * sizeof *tmp);
    size_t max = 0;
    for (size_t i = 0; i < n; i++)
        max = by[ids[i]].footprint > max ? by[ids[i]].footprint : max;
    for (unsigned shift = 0; shift < 64 && (max >> shift); shift += 11) {
        size_t count[2049] = {0};
        for (size_t i = 0; i < n; i++)
            count[2047 - ((by[ids[i]].footprint >> shift) & 2047) + 1]++; /* descending */
        for (size_t d = 0; d < 2048; d++)
            count[d + 1] += count[d];
        for (size_t i = 0; i < n; i++)
            tmp[count[2047 - ((by[ids[i]].footprint >> shift) & 2047)]++] = ids[i];
        memcpy(ids, tmp, n * sizeof *ids);
    }
    free(tmp);
}

static int blocks_larger_first(const void *a, const void *b)
{
    const RetainedRow *x = a, *y = b;
    size_t p = x->retained.footprint, q = y->retained.footprint;
    return (p < q) - (p > q);
}

static RowCache *rows_of(RetainedTree *t, size_t node)
{
    RowCache *c = &t->children[node];
    if (c->ready)
        return c;
    BlockRows b = {0};
    if (t->valid && t->own[node].blocks > 1)
        layout_owned_blocks(t->obj[node], block_row, &b);
    if (b.n > 1) /* b.rows is NULL when there are none */
        qsort(b.rows, b.n, sizeof *b.rows, blocks_larger_first);
    c->blocks = b.rows;
    c->nblocks = b.n;
    size_t first = t->dchild_start[node], kids = t->dchild_start[node + 1] - first;
    c->order = xmalloc((kids ? kids : 1) * sizeof *c->order);
    if (kids)
        memcpy(c->order, t->dchild + first, kids * sizeof *c->order);
    sort_by_footprint(c->order, kids, t->retained);
    c->n = b.n + kids;
    c->ready = true;
    return c;
}

size_t retained_nchildren(RetainedTree *t, size_t node)
{
    return node == 0 || node >= t->n ? 0 : rows_of(t, node)->n;
}

/* The blocks and the children, merged largest first. */
const RetainedRow *retained_child(RetainedTree *t, size_t node, size_t i)
{
    if (node == 0 || node >= t->n)
        return NULL;
    RowCache *c = rows_of(t, node);
    if (i >= c->n)
        return NULL;
    size_t kids = c->n - c->nblocks, bi = 0, ki = 0;
    /* rows before i: walk the two sorted lists (blocks are few) */
    for (size_t k = 0; k <= i; k++) {
        bool block = bi < c->nblocks &&
                     (ki >= kids || c->blocks[bi].retained.footprint >=
                                        t->retained[c->order[ki]].footprint);
        if (k == i) {
            if (block) {
                RetainedRow *r = ring_row(t);
                *r = c->blocks[bi];
                return r;
            }
            return object_row(t, c->order[ki]);
        }
        if (block)
            bi++;
        else
            ki++;
        if (!block && bi == c->nblocks) { /* no more blocks: jump straight to row i */
            ki += i - k - 1;
            return object_row(t, c->order[ki]);
        }
    }
    return NULL;
}

/* Labels of child rows are made when a reader asks for them (only the shown ones cost). */
const char *retained_label(RetainedTree *t, const RetainedRow *row)
{
    if (row->label)
        return row->label;
    return node_label(t, (uint32_t)row->node);
}

static int types_by_footprint(const void *a, const void *b)
{
    const RetainedTypeRow *x = a, *y = b;
    return (x->footprint < y->footprint) - (x->footprint > y->footprint);
}

size_t retained_by_type(RetainedTree *t, size_t node, RetainedTypeRow **rows)
{
    *rows = NULL;
    if (node == 0 || node >= t->n)
        return 0;
    RetainedTypeRow *acc = xcalloc(t->ntypes ? t->ntypes : 1, sizeof *acc);
    uint32_t *stack = xmalloc(t->n * sizeof *stack);
    size_t sp = 0;
    stack[sp++] = (uint32_t)node;
    while (sp > 0) {
        uint32_t v = stack[--sp];
        RetainedTypeRow *r = &acc[t->type_of[v]];
        r->count++;
        r->size += t->own[v].size;
        r->footprint += t->own[v].footprint;
        for (uint32_t e = t->dchild_start[v]; e < t->dchild_start[v + 1]; e++)
            stack[sp++] = t->dchild[e];
    }
    free(stack);
    size_t n = 0;
    for (size_t i = 0; i < t->ntypes; i++) {
        if (!acc[i].count)
            continue;
        acc[i].type_name = t->type_names[i];
        acc[n++] = acc[i];
    }
    qsort(acc, n, sizeof *acc, types_by_footprint);
    *rows = acc;
    return n;
}

PyObject *retained_object(RetainedTree *t, size_t node)
{
    if (!t->valid || node == 0 || node >= t->n)
        return NULL;
    return Py_NewRef(t->obj[node]);
}

void retained_invalidate(RetainedTree *t)
{
    t->valid = false;
}

void retained_free(RetainedTree *t)
{
    if (!t)
        return;
    for (size_t i = 0; t->labels && i < t->n; i++)
        free(t->labels[i]);
    for (size_t i = 0; t->children && i < t->n; i++) {
        for (size_t k = 0; k < t->children[i].nblocks; k++)
            free((char *)t->children[i].blocks[k].label);
        free(t->children[i].blocks);
        free(t->children[i].order);
    }
    for (size_t i = 0; i < t->ntypes; i++)
        free(t->type_names[i]);
    void *arrays[] = {t->obj, t->type_of, t->type_names, t->own, t->retained, t->idom,
                      t->dfs_parent, t->dchild_start, t->dchild, t->labels, t->children,
                      t->root_label};
    for (size_t i = 0; i < sizeof arrays / sizeof arrays[0]; i++)
        free(arrays[i]);
    free(t);
}
