/* layout.h — the model: one object's memory as plain C data.
 *
 * Flow of the program:
 *     src/py      runs the learner's code, owns PyObject handles
 *       -> src/layout   reads one live object and fills a Layout (this header)
 *       -> src/render, src/ui   draw a const Layout *; they never see CPython
 *
 * This header includes no Python.h: a Layout is owned strings and numbers.
 * A Layout owns everything it points to; layout_free() releases it all. */
#ifndef OBJSCOPE_LAYOUT_H
#define OBJSCOPE_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a run of bytes is, for colouring and for the reader. */
typedef enum {
    ROLE_HEADER,  /* ob_refcnt, ob_type, ob_size */
    ROLE_PAYLOAD, /* a scalar field of the type's own struct */
    ROLE_POINTER, /* a field holding a PyObject * that a viewer can follow */
    ROLE_DATA,    /* inline data: characters, digits, bytes, C pointers to buffers */
    ROLE_HIDDEN,  /* pre-header words: GC links, managed dict / weakref / values */
    ROLE_PADDING, /* alignment bytes nobody uses */
    ROLE_UNUSED,  /* allocated but not in use: over-allocated slots, allocator slack */
    ROLE_OPAQUE,  /* bytes of a type objscope has no describer for */
    ROLE_COUNT
} LayoutRole;

/* One row: a field, an array element, or a run of elided elements. */
typedef struct {
    char *name;         /* "ob_refcnt", "ob_item[3]", "x" (a slot) */
    char *ctype;        /* "Py_ssize_t", "PyObject *", "uint32_t[2]" */
    long offset;        /* from the object's address (negative: pre-header) or the buffer's start */
    size_t size;        /* bytes covered by this row */
    size_t count;       /* elements covered: 1 for a field, n for an elided run */
    bool focusable;     /* an elided run whose elements can be shown (LayoutOptions.focus_index
                           and focus_array) */
    LayoutRole role;
    bool in_sizeof;     /* counted by type(o).__sizeof__(o) */
    char *value;        /* live value, sanitised for a terminal; NULL when there is none */
    char *hex;          /* live bytes as "0a 00 ..", at most LAYOUT_HEX_MAX bytes; NULL if not read */
    uintptr_t target;   /* ROLE_POINTER: address of the object pointed to, 0 for NULL */
    char *target_type;  /* ROLE_POINTER: that object's type name */
    char *note;         /* a short why: "small-int cache", "over-allocated", ... */
} LayoutEntry;

#define LAYOUT_HEX_MAX 16

typedef struct {
    LayoutEntry *items;
    size_t len, cap;
} LayoutEntries;

/* A block the object owns outside its own allocation (list items, dict keys, ...). */
typedef struct {
    char *name;            /* "ob_item array", "dict keys table" */
    uintptr_t address;     /* start of the block as the object points to it */
    size_t size;           /* bytes the object asked the allocator for */
    size_t used;           /* bytes holding live data */
    size_t allocator_size; /* bytes the allocator really handed out; 0 when unknown */
    bool in_sizeof;        /* counted by __sizeof__ (and so by getsizeof) */
    size_t sizeof_charge;  /* bytes __sizeof__ charges for it: usually size, or 0, but a 3.11+
                              split dict charges its class's current capacity, not its block */
    bool is_static;        /* lives in libpython's data, not on the heap */
    bool shared;           /* belongs to another object (shared keys, 3.13 values inside the
                              instance): not part of this object's footprint */
    size_t nblocks;        /* 0 or 1: one block; more: a run of that many blocks of one kind
                              (a deque's middle blocks) summed into one entry: size and
                              allocator_size are their totals, address the first one's */
    char *note;
    LayoutEntries entries; /* offsets from the buffer's start */
} LayoutBuffer;

/* An object this one points to, for walking the graph. */
typedef struct {
    char *via;        /* "ob_item[2]", "ob_type", "__dict__", "key 'a'" */
    uintptr_t address;
    char *type_name;
} LayoutRef;

typedef struct {
    char *text;
} LayoutNote;

typedef struct Layout {
    char *python_version;   /* "3.12.1" */
    char *type_name;        /* qualified: "int", "collections.OrderedDict" */
    char *kind;             /* the describer used: "int", "list", "instance", "opaque" */
    char *repr;             /* bounded, sanitised repr set by the caller (src/py); may be NULL */
    uintptr_t address;

    /* Header facts. */
    long long refcount;     /* raw ob_refcnt */
    bool immortal;          /* 3.12+: the count is meaningless */
    int refs_held;          /* references objscope itself holds (handle, `_`) */
    bool is_static;         /* lives in libpython's static data: no heap block, no pre-header */
    bool is_gc;             /* the type has a GC pre-header */
    bool gc_tracked;

    /* Sizes, reconciled in this order:
     * sizeof + preheader_counted = getsizeof - getsizeof_overcount
     * getsizeof - overcount - counted_not_owned + not_in_getsizeof + allocator_slack = footprint */
    long long sizeof_value;       /* type(o).__sizeof__(o) as Python reports it */
    long long getsizeof;          /* sys.getsizeof(o) */
    bool sizeof_suspect;          /* __sizeof__ raised, lied or is absurd: not trusted */
    char *sizeof_error;           /* why it is suspect */
    /* The class defines __sizeof__ in Python. The layout engine never calls it: sizeof_value is
     * the C implementation's; what the override says is set by the caller, who may run Python
     * (layout_set_sizeof_claim). */
    bool sizeof_overridden;
    bool sizeof_claim_known;
    long long sizeof_claim;       /* what the override returned */
    size_t preheader_size;        /* bytes of pre-header that exist before the object */
    long long getsizeof_overcount;/* bytes getsizeof adds that do not exist */
    size_t not_in_getsizeof;      /* really allocated, but missed by getsizeof (not rounding) */
    size_t counted_not_owned;     /* counted by getsizeof but owned by another object */
    size_t allocator_slack;       /* allocator rounding over every block */
    size_t footprint;             /* heap bytes really allocated for this object; 0 if static */
    long long unaccounted;        /* __sizeof__ bytes no entry explains; 0 when all is known */
    size_t object_block_size;     /* bytes of the object's own block: pre-header + fields */
    size_t object_block_alloc;    /* what the allocator handed out for it; 0 unknown/static */

    /* Deep and exclusive size: filled by layout_fill_deep(), else deep_done is false.
     * deep: every heap block reachable through references the object really holds;
     *   _size counts bytes as CPython asks for them, _footprint what the allocator handed out,
     *   _count the blocks.
     * exclusive: the part of the deep set that `del root` would free (refcounts + cyclic GC).
     * deep_getsizeof: the sum of sys.getsizeof over the gc.get_referents graph, as objsize and
     *   pympler-style tools report it, over deep_getsizeof_count objects. */
    bool deep_done;
    bool deep_cancelled;
    size_t deep_size, deep_footprint, deep_count, deep_objects;   /* _count: blocks */
    size_t exclusive_size, exclusive_footprint, exclusive_count, exclusive_objects;
    size_t deep_getsizeof, deep_getsizeof_count;
    long long deep_root_outside_refs; /* other references to the object: they keep it alive */
    size_t deep_overrides;  /* objects of the deep set whose class defines __sizeof__ in Python */

    unsigned char *raw;       /* the block's live bytes from -preheader_size (hex view); may be NULL */
    size_t raw_len;           /* at most LAYOUT_RAW_MAX */

    LayoutEntries preheader;  /* negative offsets, ascending */
    LayoutEntries fields;     /* every byte of the object's own block from offset 0, in order */
    LayoutBuffer *buffers;
    size_t nbuffers, cap_buffers;
    LayoutRef *refs;
    size_t nrefs, cap_refs;
    LayoutNote *notes;
    size_t nnotes, cap_notes;

    bool quiet;               /* measuring only (layout_measure): no rows, no notes */
} Layout;

/* ---- producing a Layout (implemented in describe.c; the object stays opaque here) ---------- */

struct _object; /* PyObject */

typedef struct {
    size_t head_items; /* array elements shown at the start of a long array */
    size_t tail_items; /* and at its end; the middle becomes one elided row */
    int refs_held;     /* references to the object the caller holds (handle, `_` binding) */
    bool deep;         /* also walk the graph for deep and exclusive size */
    size_t focus_index;/* also show array elements around this index (a viewer scrolled there);
                          LAYOUT_NO_FOCUS for none */
    size_t focus_items;/* how many around it */
    const char *focus_array; /* the array the focus is in, as its elided rows name it ("entries"
                                for "entries[8..997]"); NULL: every array of the object */
} LayoutOptions;

#define LAYOUT_NO_FOCUS ((size_t)-1)
/* Most bytes of the object's own block (pre-header included) kept for a hex view. */
#define LAYOUT_RAW_MAX 4096

/* Defaults: 8 head items, 2 tail items, no focus, refs_held 1, deep on. */
LayoutOptions layout_default_options(void);

/* Describe o (borrowed). Never returns NULL; never runs the object's own Python code except
 * __sizeof__, and never reads a byte outside the object's blocks. Leaves no exception set. */
Layout *layout_describe(struct _object *o, const LayoutOptions *opt);

/* What the class's Python __sizeof__ override returned for the object (claim), or why it could
 * not be had (error, copied; NULL when claim is valid). Adds a note comparing it with the C
 * figure; never changes the sizes, which come from what objscope can see. */
void layout_set_sizeof_claim(Layout *l, long long claim, const char *error);

/* The object at `address` if o really refers to it (a field, an item, ob_type, a referent
 * found by tp_traverse). New reference, or NULL when o has no such reference. */
struct _object *layout_follow(struct _object *o, uintptr_t address);
/* The same, where the viewer shows the rows `shown` asks for (an opened elided run): the items
 * it shows are references the describer vouches for too. */
struct _object *layout_follow_in(struct _object *o, uintptr_t address, const LayoutOptions *shown);

/* Deep size in steps, so a viewer can show progress and cancel (Esc): start, call step until it
 * returns true, then finish into a Layout. No Python code may run between steps. */
typedef struct LayoutDeepJob LayoutDeepJob;
LayoutDeepJob *layout_deep_start(struct _object *o, int refs_held);
bool layout_deep_step(LayoutDeepJob *job, size_t budget); /* true when done */
size_t layout_deep_progress(const LayoutDeepJob *job);    /* objects visited so far */
void layout_deep_finish(LayoutDeepJob *job, Layout *l);   /* fills deep fields, frees job */
void layout_deep_cancel(LayoutDeepJob *job);              /* frees job; l->deep_done stays false */

/* ---- the model's own bookkeeping -------------------------------------------------------------- */

/* New empty layout (owned by the caller; free with layout_free). */
Layout *layout_new(void);
void layout_free(Layout *l);

/* Append helpers: strings are copied; the returned pointer is valid until the next append. */
LayoutEntry *layout_entries_add(LayoutEntries *e);
LayoutBuffer *layout_add_buffer(Layout *l, const char *name);
void layout_add_ref(Layout *l, const char *via, uintptr_t address, const char *type_name);
void layout_add_note(Layout *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Sums the model can derive from its own rows. */
size_t layout_entries_bytes(const LayoutEntries *e, bool only_in_sizeof);
size_t layout_sizeof_from_rows(const Layout *l);  /* fields + buffers counted by __sizeof__ */

/* Short names for roles, used by renderers and the JSON schema ("header", "pointer", ...). */
const char *layout_role_name(LayoutRole r);

#endif
