/* handle.h — how the explorer holds Python objects: through handles, never a PyObject *.
 *
 * A handle is one strong reference that src/py keeps for its one owner (a diagram frame, a
 * retained view, a presenter), freed with interp_handle_free(). src/py knows every handle, so
 * it can say what objscope holds (interp_handle_refs_held) and let go of what only objscope
 * still holds once the learner's code no longer refers to it (interp_handles_let_go). A handle
 * whose object was let go stays valid as a handle: interp_handle_held() is then false, and every
 * function below treats it as holding nothing.
 *
 * The layout engine's entry points are here with the object filled in: a layout, following a
 * pointer, the deep-size count and the retained tree. Call these from the thread that started
 * Python, never inside interp_without_gil(). */
#ifndef OBJSCOPE_PY_HANDLE_H
#define OBJSCOPE_PY_HANDLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layout/layout.h"
#include "layout/retained.h"
#include "py/interp.h"

typedef struct InterpHandle InterpHandle;

/* The value of a run (r->value) as a handle: the result's reference moves into it (r->value is
 * NULL afterwards). NULL when the result has no value. */
InterpHandle *interp_handle_take(InterpResult *r);
/* Another handle to the same object (one more reference), for a second holder; NULL when h
 * holds nothing. */
InterpHandle *interp_handle_copy(const InterpHandle *h);
/* Free the handle and drop its reference. The last reference runs the object's __del__ behind
 * the door; what it prints is background output. NULL is fine. */
void interp_handle_free(InterpHandle *h);

/* Whether h still holds its object (false once objscope let go of it). */
bool interp_handle_held(const InterpHandle *h);
/* Whether two handles hold the same object. */
bool interp_handle_same(const InterpHandle *a, const InterpHandle *b);
/* The object's short type name ("list", "Node"); "(let go)" when h holds nothing. Owned. */
char *interp_handle_type_name(const InterpHandle *h);

/* How many handles hold h's object (every holder's: the diagram's frames, other views'). */
int interp_handle_holders(const InterpHandle *h);
/* Whether the REPL's `_` is bound to h's object. */
bool interp_handle_is_underscore(const InterpHandle *h);
/* References to h's object that objscope holds: its handles, and `_` when it is bound to it.
 * This is the refs_held the layout engine is given. */
int interp_handle_refs_held(const InterpHandle *h);
/* Set `_` to None when it is bound to h's object (:release); true when it was. */
bool interp_handle_unbind_underscore(const InterpHandle *h);

/* After learner code ran: let go of every object that only handles still hold although
 * something else referred to it when objscope last looked (the learner deleted its last name,
 * cleared the list holding it), again while letting go frees more (a list and what only it
 * held). An object only objscope ever held (`:show [1, 2]`) is kept until its holder frees it.
 * Its __del__ runs behind the door; what it prints is background output. Every handle to such an
 * object then holds nothing. Returns how many objects were let go. */
size_t interp_handles_let_go(void);

/* interp_describe() of h's object, with opt->refs_held set to interp_handle_refs_held(h); NULL
 * when h holds nothing. Owned by the caller. A Python __sizeof__ override that failed (raised,
 * was stopped by Ctrl-C or its time limit) is not called again through the same handle, so one
 * that loops does not hold up every later input; the layout says so, until
 * interp_handle_ask_again(h). */
Layout *interp_handle_describe(InterpHandle *h, const LayoutOptions *opt);
void interp_handle_ask_again(InterpHandle *h);
/* The object h's object refers to at address (layout_follow), as a new handle; NULL when it
 * has no such reference. */
InterpHandle *interp_handle_follow(const InterpHandle *h, uintptr_t address);
/* The same where the viewer shows what `shown` asks for (an opened elided run:
 * layout_follow_in). */
InterpHandle *interp_handle_follow_shown(const InterpHandle *h, uintptr_t address,
                                         const LayoutOptions *shown);
/* The deep-size count of h's object (layout_deep_start), or NULL when h holds nothing. Between
 * its steps no Python code may run and Python threads must not run either: the walk holds raw
 * pointers and no references (the explorer polls keys with the GIL held while one is in flight). */
LayoutDeepJob *interp_handle_deep_start(const InterpHandle *h);
/* What h's object keeps alive, in steps (retained_start); the same rule between steps. NULL when
 * h holds nothing. */
RetainedJob *interp_handle_retained_start(const InterpHandle *h, const char *label);
/* The object a retained tree's node stands for (retained_object), as a new handle; NULL for a
 * block or once the tree is invalid. */
InterpHandle *interp_handle_of_retained(RetainedTree *t, size_t node);

#endif
