/* refs.h — the references picture's model, drawn the way Python Tutor draws frames and objects:
 * the names of a namespace (or one expression) on the left, the objects they reach within a few
 * levels as boxes with their type, size and short value, and each reference as a slot of its
 * box pointing at another box. An object is one box however many references reach it, so
 * `a = b = []` shows two arrows meeting at one list. Made by refs.c from live objects without
 * running any Python code (graph.h's rules name each reference); plain C data from then on:
 * render/refs.c lays it out and draws it. */
#ifndef OBJSCOPE_REFS_H
#define OBJSCOPE_REFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define REFS_NONE ((size_t)-1)

/* What objscope knows about an object's identity, noted on its box. */
enum {
    REFS_CACHED = 1,    /* a small int (-5 to 256; 3.15: to 1024): every one of that value is
                         * this object */
    REFS_INTERNED = 2,  /* an interned str: equal interned strings are this object */
    REFS_IMMORTAL = 4,  /* 3.12+: never freed, its refcount does not move */
    REFS_SINGLETON = 8, /* None, True, False, Ellipsis: there is only one */
};
#define REFS_NOTE_KINDS 4

typedef struct {
    char *label;    /* "a" (a name), "[0]", "['k']", ".x", "<item>" */
    size_t target;  /* the box it points to; REFS_NONE when that object is not drawn */
    char *value;    /* the target's type and short value ("list [1, 2]" style: "int 1"), for
                     * the picture's text form and for a target that is not drawn */
    bool weak;      /* a weak reference (weakref.ref): it does not keep the target alive */
} RefsSlot;

typedef struct {
    uintptr_t address;
    char *type_name;  /* "list", "Point" */
    char *value;      /* short value: "1", "'hi'", "f" (a function), "<list, len 3>" (one whose
                       * references are not followed); "" when its slots show it */
    long long size;   /* sys.getsizeof, computed in C; -1 when unknown */
    unsigned notes;   /* REFS_* */
    RefsSlot *slots;  /* its references, in order (items, then attributes) */
    size_t nslots;
    size_t more;      /* references it holds beyond those in slots */
    int depth;        /* 1: what a name points to */
    bool expanded;    /* its references were followed (a leaf, or an object too deep, is not) */
    size_t inbound;   /* slots and names in the picture that point to it */
} RefsNode;

typedef struct {
    char *title;      /* "names in __main__", or the expression */
    RefsSlot *names;  /* the frame: each name and the object it is bound to */
    size_t nnames;
    size_t hidden;    /* names left out: modules, `_`, those beyond max_names (__dunder__
                       * names are never counted) */
    RefsNode *nodes;  /* boxes, in the order they were reached (breadth first) */
    size_t nnodes;
    size_t left_out;  /* objects reached but not drawn (beyond max_nodes) */
    bool namespace;   /* the names of a namespace (else one expression's graph) */
} RefsGraph;

typedef struct {
    int depth;        /* levels of objects below the names (1: only what they point to) */
    size_t max_nodes; /* boxes at most */
    size_t max_slots; /* slots a box shows at most */
    size_t max_names;
} RefsOptions;

/* depth 3, 40 boxes, 8 slots a box, 30 names. */
RefsOptions refs_default_options(void);

struct _object;
/* The picture of a namespace dict (borrowed): its names but modules, `_` and __dunder__ ones. */
RefsGraph *refs_of_namespace(struct _object *ns, const RefsOptions *opt);
/* The picture of one object (borrowed), named `label` on the left. */
RefsGraph *refs_of_value(struct _object *o, const char *label, const RefsOptions *opt);
void refs_free(RefsGraph *g);

/* The word a note is written as on a box ("small int", "interned", ...), and a sentence for the
 * picture's legend. note is one REFS_* bit. */
const char *refs_note_word(unsigned note);
const char *refs_note_legend(unsigned note);

#endif
