/* testlib.h — helpers shared by the Check suites: evaluate Python in the test interpreter,
 * describe the result, and assert the layout engine's accounting invariant. */
#ifndef OBJSCOPE_TESTLIB_H
#define OBJSCOPE_TESTLIB_H

#include <Python.h>
#include <check.h>

#include "layout/facts.h"
#include "layout/layout.h"

/* An expectation that differs by CPython version: one value per supported version, 3.10
 * first, so adding a version adds a column. */
#define TL_BY_VERSION(v310, v311, v312, v313, v314, v315) \
    (((const long long[]){(v310), (v311), (v312), (v313), (v314), (v315)})[FACT_MINOR - 10])

/* Rows of the object header (2, or 4 from 3.14: ob_refcnt, ob_overflow, ob_flags, ob_type). */
static inline size_t tl_header_rows(void)
{
    size_t n;
    fact_header_fields(&n);
    return n;
}

/* Run `setup` (statements, may be NULL) then evaluate `expr` in a fresh namespace.
 * Returns a new reference; fails the test on a Python error. */
PyObject *tl_eval(const char *expr, const char *setup);
/* Evaluate a Python expression to a C long / bool / size (fails the test on error).
 * The namespace holds `o` (the object) when o is not NULL. */
long long tl_py_int(PyObject *o, const char *expr);
/* Describe expr's value (deep off unless asked). Caller frees with layout_free. */
Layout *tl_layout(const char *expr, const char *setup, PyObject **obj_out);
/* Find a row by name in the fields (then pre-header); NULL when absent. */
const LayoutEntry *tl_field(const Layout *l, const char *name);
const LayoutBuffer *tl_buffer(const Layout *l, const char *name_prefix);

/* The invariant every layout must satisfy, checked against Python's own numbers:
 * rows counted by __sizeof__ add up to type(o).__sizeof__(o) and to nothing else; getsizeof
 * matches sys.getsizeof; pre-header + overcount = getsizeof - __sizeof__; fields cover every
 * byte from 0 in order without overlap; buffers' rows cover each buffer; the footprint
 * reconciles. `what` names the object in failure messages. */
void tl_assert_accounted(const Layout *l, PyObject *o, const char *what);

/* Files for tests: a fresh temporary folder (owned path), removing it with everything in it
 * (frees the path), writing and reading whole files, counting a folder's entries. */
/* Prints why part of a test did not run (as root, under the sanitizers), so a skip is seen. */
void tl_note_skip(const char *test, const char *why);
char *tl_tmpdir(void);
/* `got` (freed here) must be objscope's state file `name` as util/files.c places it
 * (test_files.c covers the XDG rules themselves). */
void tl_assert_state_file(char *got, const char *name);
void tl_remove_tree(char *dir);
void tl_write_bytes(const char *path, const char *data, size_t n);
char *tl_read_all(const char *path); /* owned */
size_t tl_count_entries(const char *dir);

#endif
