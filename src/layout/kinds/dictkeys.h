/* kinds/dictkeys.h — the rows of dict internals, built in one place for every describer that
 * meets them: a dict's own keys table and split values (dict.c), a class's shared keys
 * (type.c, ht_cached_keys) and an instance's managed or inline values (instance.c). */
#ifndef OBJSCOPE_DICTKEYS_H
#define OBJSCOPE_DICTKEYS_H

#include "layout/builder.h"
#include "layout/internals.h"

/* The keys table k as a buffer named `name`: the PyDictKeysObject header, dk_indices, the
 * entries (elided through lb_array) and the room left. `counted`: charged by the asker's
 * __sizeof__. `split_values`: the values live elsewhere (a split dict's values, an
 * instance's), so an entry's me_value is unused. Returns the buffer for the asker's note. */
LayoutBuffer *dictkeys_buffer(LayoutBuilder *b, const char *name, const DictKeysInfo *k,
                              const DictValuesInfo *split_values, bool counted);

/* How the values part of a split table is shown. */
typedef struct {
    const DictKeysInfo *keys; /* the keys naming the slots (values[i] belongs to entry i), or NULL */
    size_t start;             /* where the block (its prefix or header first) starts in the
                                 current block */
    size_t capacity;          /* value slots to show */
    bool live;                /* the slots hold the values (false: 3.13 values a __dict__ took over) */
    bool by_name;             /* rows named by attribute ("x"), as an instance's own fields */
    const char *spare_note;   /* why the spare slots exist, or NULL for the plain note */
} DictValuesView;

/* The values block's rows: the 3.11/3.12 prefix (insertion order, count, prefix size) or the
 * 3.13+ PyDictValues header and the order bytes after values[], and values[] itself, elided
 * through lb_array as "values". */
void dictvalues_rows(LayoutBuilder *b, const DictValuesInfo *v, const DictValuesView *view);

#endif
