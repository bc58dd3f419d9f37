/* guard.h — the builtins objscope's own Python code sees (internal to src/py).
 *
 * Learner code may delete or replace builtins (`del builtins.len`, `builtins.repr = ...`); as at
 * Python's prompt, its own code then sees that. objscope's support code, and the standard modules
 * it uses (codeop, traceback, reprlib, rlcompleter, inspect), must not: while objscope's own work
 * runs, every builtin that existed at start is put back as it was, and the learner's changes are
 * restored as soon as learner code runs again or objscope's work ends. The switch is done in C:
 * no bytecode runs in it, so no interrupt can leave builtins half switched. */
#ifndef OBJSCOPE_PY_GUARD_H
#define OBJSCOPE_PY_GUARD_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdbool.h>

/* Remember the builtins as they are now (once Python and the support module are set up).
 * 0, or -1 with an exception set. */
int guard_init(void);
void guard_finalize(void);

/* Which builtins are in force: objscope's own (true) or the learner's (false). Returns the
 * previous choice, to be given back with another call. */
bool guard_builtins(bool own);

/* The same for support.py: _builtins(own) -> previous. */
extern PyMethodDef guard_method;

#endif
