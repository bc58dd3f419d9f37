/* pyutil.h — small helpers shared inside src/py: exceptions kept across bookkeeping, their
 * "Type: message", and Python text as C strings (terminal-safe or exact). */
#ifndef OBJSCOPE_PY_PYUTIL_H
#define OBJSCOPE_PY_PYUTIL_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>

#include "util/strbuf.h"

/* The pending exception as a new reference (NULL if none), leaving none pending. */
PyObject *pyutil_take_exception(void);
/* Make exc (stolen; NULL: nothing) the pending exception again. */
void pyutil_restore_exception(PyObject *exc);
/* "Type: message" of exc, for errors Python could not format itself. */
void pyutil_describe_exception(StrBuf *b, PyObject *exc);

/* A str as owned UTF-8 for a terminal (a lone surrogate shown as \udcxx, controls escaped,
 * newlines, tabs and carriage returns kept if asked). NULL with an exception set on failure. */
char *pyutil_text(PyObject *s, bool keep_newlines);
/* A str as owned UTF-8, unchanged (a lone surrogate encoded as 'surrogatepass' does). */
char *pyutil_text_exact(PyObject *s);

#endif
