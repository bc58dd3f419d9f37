/* pyutil.c — helpers shared inside src/py (see pyutil.h). */
#include "py/pyutil.h"

#include <string.h>

#include "layout/facts.h" /* the exception API differs by version */
#include "util/sanitize.h"
#include "util/xalloc.h"

PyObject *pyutil_take_exception(void)
{
    return fact_take_exception();
}

void pyutil_restore_exception(PyObject *exc)
{
    fact_restore_exception(exc);
}

void pyutil_describe_exception(StrBuf *b, PyObject *exc)
{
    if (!exc) {
        strbuf_puts(b, "unknown error");
        return;
    }
    strbuf_puts(b, Py_TYPE(exc)->tp_name);
    PyObject *msg = PyObject_Str(exc); /* new */
    const char *text = msg ? PyUnicode_AsUTF8(msg) : NULL;
    if (text && *text)
        strbuf_printf(b, ": %s", text);
    Py_XDECREF(msg);
    PyErr_Clear(); /* a failing __str__ only costs us the message */
}

static PyObject *encoded(PyObject *s, const char *errors)
{
    return PyUnicode_Check(s) ? PyUnicode_AsEncodedString(s, "utf-8", errors) : NULL;
}

char *pyutil_text(PyObject *s, bool keep_newlines)
{
    PyObject *bytes = encoded(s, "backslashreplace"); /* new */
    if (!bytes)
        return NULL;
    char *text = sanitize_text(PyBytes_AS_STRING(bytes), (size_t)PyBytes_GET_SIZE(bytes),
                               keep_newlines);
    Py_DECREF(bytes);
    return text;
}

char *pyutil_text_exact(PyObject *s)
{
    PyObject *bytes = encoded(s, "surrogatepass"); /* new */
    if (!bytes)
        return NULL;
    char *text = xstrndup(PyBytes_AS_STRING(bytes), (size_t)PyBytes_GET_SIZE(bytes));
    Py_DECREF(bytes);
    return text;
}
