/* kinds/iter.c — iterators and views: enumerate, the list, tuple and str iterators (an index
 * into the sequence they hold), the dict and set iterators (a position, and the size they
 * expect, to notice a change), the range iterator (C longs, no objects) and the dict views
 * (one pointer to the dict: a view copies nothing). The structs are private to their Objects/
 * files or internal headers: their fields come from facts.h. */
#include "layout/kinds/kinds.h"

#include "layout/facts.h"

static const KindNote iter_notes[] = {
    {"en_index", "the next count, while it fits in a C integer"},
    {"en_sit", "the underlying iterator"},
    {"en_result", "a (count, item) tuple reused when nobody else holds it"},
    {"en_longindex", "the count as a Python int, once it outgrows en_index"},
    {"one", "the int 1, kept to add to en_longindex"},
    {"it_index", "the position of the next item"},
    {"it_seq", "the sequence; NULL once exhausted (it lets go of it)"},
    {"di_dict", "the dict; NULL once exhausted"},
    {"di_used", "the dict's size when iteration began: a change raises RuntimeError"},
    {"di_pos", "the next entry to look at"},
    {"di_result", "an (key, value) tuple reused for items() when nobody else holds it"},
    {"len", "items left (for length_hint)"},
    {"si_set", "the set; NULL once exhausted"},
    {"si_used", "the set's size when iteration began"},
    {"si_pos", "the next slot of the hash table"},
    {"index", "items produced so far"},
    {"start", "the next value"},
    {"step", NULL},
    {"dv_dict", "the dict it shows: a view copies nothing and follows every change"},
};

void kind_enumerate_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_ENUMERATE_FIELDS, FACT_ENUMERATE_SIZE, iter_notes);
}

void kind_seqiter_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_SEQITER_FIELDS, FACT_SEQITER_SIZE, iter_notes);
}

void kind_dictiter_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_DICTITER_FIELDS, FACT_DICTITER_SIZE, iter_notes);
}

void kind_setiter_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_SETITER_FIELDS, FACT_SETITER_SIZE, iter_notes);
}

void kind_rangeiter_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_RANGEITER_FIELDS, FACT_RANGEITER_SIZE, iter_notes);
    layout_add_note(b->l, "C numbers, not ints: a range iterator makes each int as it is "
                    "asked for");
}

void kind_dictview_describe(LayoutBuilder *b, PyObject *o)
{
    KIND_PRIVATE_STRUCT(b, o, FACT_DICTVIEW_FIELDS, FACT_DICTVIEW_SIZE, iter_notes);
}
