/* retained.h — what each object of a graph keeps alive: the dominator tree of the deep set, as
 * ncdu shows a disk. An object's retained size is what would be freed if it went: its own blocks
 * and everything only it keeps alive (the objects it dominates). The root's retained size is its
 * exclusive size; objects something outside the deep set holds hang from a virtual root above it
 * ("external holders count as roots").
 *
 * Built in steps (a job) so a viewer can show progress and stop it; the tree itself is plain C
 * data a view can read without Python.h. Labels and block names are read from the live objects
 * when a row is first asked for, so until retained_invalidate() the caller must keep the objects
 * alive and run no Python code in between (as for the deep walk); after it, what was already
 * read stays and the rest reads as "(gone)". */
#ifndef OBJSCOPE_RETAINED_H
#define OBJSCOPE_RETAINED_H

#include <stdbool.h>
#include <stddef.h>

struct _object;

typedef struct RetainedJob RetainedJob;
typedef struct RetainedTree RetainedTree;

typedef struct {
    size_t size;      /* bytes asked for */
    size_t footprint; /* bytes the allocator handed out */
    size_t blocks;
    size_t objects;
} RetainedSize;

/* A node id for rows that are blocks of their parent object, not objects. */
#define RETAINED_BLOCK ((size_t)-1)

typedef struct {
    size_t node;            /* the object's id, or RETAINED_BLOCK */
    const char *label;      /* from its parent: "['k7']", "[3]", ".attr", "<keys table>";
                               owned by the tree; read it with retained_label() */
    const char *type_name;  /* owned by the tree ("block" for a block) */
    RetainedSize retained;
    size_t nchildren;       /* rows under it (0 for a block) */
} RetainedRow;

typedef struct {
    const char *type_name;  /* owned by the tree */
    size_t count;           /* objects of that type */
    size_t size, footprint; /* their own blocks */
} RetainedTypeRow;

/* Start building the tree of root (borrowed; kept alive by the caller). refs_held: references
 * to the root the caller holds (not "outside" holders). label names the root ("x"). */
RetainedJob *retained_start(struct _object *root, int refs_held, const char *label);
/* About `budget` units of work; true when the tree is ready. */
bool retained_step(RetainedJob *job, size_t budget);
/* Objects read so far, and what the job is doing ("reading the graph", "finding who keeps
 * what alive", ...). */
size_t retained_progress(const RetainedJob *job);
const char *retained_phase(const RetainedJob *job);
/* The finished tree (owned by the caller), freeing the job. */
RetainedTree *retained_finish(RetainedJob *job);
void retained_cancel(RetainedJob *job);

/* The root's id, and any node's own row. */
size_t retained_root(const RetainedTree *t);
const RetainedRow *retained_row(RetainedTree *t, size_t node);
/* How many rows are under node: its own blocks when it has more than one, then the objects it
 * alone keeps alive. The first call sorts them, largest retained footprint first. */
size_t retained_nchildren(RetainedTree *t, size_t node);
/* Row i under node, in that order. The row lives in the tree until 64 more rows are asked for:
 * copy what must last longer. */
const RetainedRow *retained_child(RetainedTree *t, size_t node, size_t i);
/* A row's label, made from the live objects the first time it is asked for (so only the rows
 * a reader shows cost anything); "(gone)" once the tree is invalid. Owned by the tree. */
const char *retained_label(RetainedTree *t, const RetainedRow *row);
/* What node keeps alive (itself included), by type, largest footprint first. Owned array;
 * free it with free(); the names are the tree's. */
size_t retained_by_type(RetainedTree *t, size_t node, RetainedTypeRow **rows);
/* Objects in the whole deep set, and how many something outside holds. */
size_t retained_nodes(const RetainedTree *t);
size_t retained_pinned(const RetainedTree *t);

/* The object a node stands for: a new reference, or NULL after retained_invalidate(). */
struct _object *retained_object(RetainedTree *t, size_t node);
/* Python code is about to run: the objects may change or go from now on. */
void retained_invalidate(RetainedTree *t);
void retained_free(RetainedTree *t);

#endif
