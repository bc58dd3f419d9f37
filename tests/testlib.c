/* testlib.c — shared test helpers (see testlib.h). */
#include "tests/testlib.h"

#include <dirent.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/files.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static PyObject *fresh_namespace(void)
{
    PyObject *ns = PyDict_New();
    PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins());
    return ns;
}

static void fail_with_python_error(const char *what)
{
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *s = value ? PyObject_Str(value) : NULL;
    const char *msg = s ? PyUnicode_AsUTF8(s) : "?";
    ck_abort_msg("%s: Python error: %s", what, msg ? msg : "?");
}

PyObject *tl_eval(const char *expr, const char *setup)
{
    PyObject *ns = fresh_namespace();
    if (setup) {
        PyObject *r = PyRun_String(setup, Py_file_input, ns, ns);
        if (!r)
            fail_with_python_error(setup);
        Py_DECREF(r);
    }
    PyObject *v = PyRun_String(expr, Py_eval_input, ns, ns);
    if (!v)
        fail_with_python_error(expr);
    /* The namespace stays alive (each test runs in its own process): objects the setup made
     * must not be collected while the test looks at what refers to them, or a split dict's
     * size would change under it when its class goes away. */
    return v;
}

long long tl_py_int(PyObject *o, const char *expr)
{
    PyObject *ns = fresh_namespace();
    PyRun_String("import sys, gc", Py_file_input, ns, ns);
    PyErr_Clear();
    if (o)
        PyDict_SetItemString(ns, "o", o);
    PyObject *v = PyRun_String(expr, Py_eval_input, ns, ns);
    if (!v)
        fail_with_python_error(expr);
    long long n = PyLong_AsLongLong(v);
    if (n == -1 && PyErr_Occurred())
        fail_with_python_error(expr);
    Py_DECREF(v);
    Py_DECREF(ns);
    return n;
}

Layout *tl_layout(const char *expr, const char *setup, PyObject **obj_out)
{
    PyObject *o = tl_eval(expr, setup);
    LayoutOptions opt = layout_default_options();
    opt.deep = false;
    Layout *l = layout_describe(o, &opt);
    ck_assert_msg(!PyErr_Occurred(), "%s: layout_describe left an exception set", expr);
    if (obj_out)
        *obj_out = o;
    else
        Py_DECREF(o);
    return l;
}

const LayoutEntry *tl_field(const Layout *l, const char *name)
{
    for (size_t i = 0; i < l->fields.len; i++)
        if (strcmp(l->fields.items[i].name, name) == 0)
            return &l->fields.items[i];
    for (size_t i = 0; i < l->preheader.len; i++)
        if (strcmp(l->preheader.items[i].name, name) == 0)
            return &l->preheader.items[i];
    return NULL;
}

const LayoutBuffer *tl_buffer(const Layout *l, const char *prefix)
{
    for (size_t i = 0; i < l->nbuffers; i++)
        if (strncmp(l->buffers[i].name, prefix, strlen(prefix)) == 0)
            return &l->buffers[i];
    return NULL;
}

/* Rows must start at `start`, follow each other without gap or overlap, and end at `end`. */
static void assert_contiguous(const LayoutEntries *e, long start, long end, const char *what,
                              const char *block)
{
    long pos = start;
    for (size_t i = 0; i < e->len; i++) {
        ck_assert_msg(e->items[i].offset == pos, "%s: %s row '%s' at %ld, expected %ld", what,
                      block, e->items[i].name, e->items[i].offset, pos);
        pos += (long)e->items[i].size;
    }
    ck_assert_msg(pos == end, "%s: %s rows end at %ld, expected %ld", what, block, pos, end);
}

void tl_assert_accounted(const Layout *l, PyObject *o, const char *what)
{
    long long py_sizeof = tl_py_int(o, "type(o).__sizeof__(o)");
    long long py_getsizeof = tl_py_int(o, "sys.getsizeof(o)");
    ck_assert_msg(l->sizeof_value == py_sizeof, "%s: sizeof %lld, Python says %lld", what,
                  l->sizeof_value, py_sizeof);
    ck_assert_msg(l->getsizeof == py_getsizeof, "%s: getsizeof %lld, Python says %lld", what,
                  l->getsizeof, py_getsizeof);
    /* Sum the rows independently of the engine's own bookkeeping. */
    long long rows = 0;
    for (size_t i = 0; i < l->fields.len; i++)
        rows += l->fields.items[i].in_sizeof ? (long long)l->fields.items[i].size : 0;
    for (size_t i = 0; i < l->nbuffers; i++)
        rows += (long long)l->buffers[i].sizeof_charge;
    ck_assert_msg(rows == py_sizeof, "%s: rows counted by __sizeof__ sum to %lld, not %lld", what,
                  rows, py_sizeof);
    ck_assert_msg(l->unaccounted == 0, "%s: %lld bytes unaccounted", what, l->unaccounted);
    long long pre = 0;
    for (size_t i = 0; i < l->preheader.len; i++)
        pre += (long long)l->preheader.items[i].size;
    ck_assert_msg(pre == (long long)l->preheader_size, "%s: pre-header rows %lld != %zu", what, pre,
                  l->preheader_size);
    ck_assert_msg(pre + l->getsizeof_overcount == py_getsizeof - py_sizeof,
                  "%s: pre-header %lld + overcount %lld != getsizeof - sizeof = %lld", what, pre,
                  l->getsizeof_overcount, py_getsizeof - py_sizeof);
    assert_contiguous(&l->preheader, -(long)l->preheader_size, 0, what, "pre-header");
    long end = l->fields.len ? l->fields.items[l->fields.len - 1].offset +
                                   (long)l->fields.items[l->fields.len - 1].size : 0;
    assert_contiguous(&l->fields, 0, end, what, "object");
    for (size_t i = 0; i < l->nbuffers; i++)
        assert_contiguous(&l->buffers[i].entries, 0, (long)l->buffers[i].size, what,
                          l->buffers[i].name);
    if (!l->is_static)
        ck_assert_msg(l->getsizeof - l->getsizeof_overcount - (long long)l->counted_not_owned +
                              (long long)l->not_in_getsizeof + (long long)l->allocator_slack ==
                          (long long)l->footprint,
                      "%s: footprint %zu does not reconcile", what, l->footprint);
    for (size_t i = 0; i < l->nnotes; i++)
        ck_assert_msg(strncmp(l->notes[i].text, "internal:", 9) != 0, "%s: %s", what,
                      l->notes[i].text);
}

/* ---- files ------------------------------------------------------------------------------- */

char *tl_tmpdir(void)
{
    const char *base = getenv("TMPDIR");
    char *tmpl = xasprintf("%s/objscope-test-XXXXXX", base && *base ? base : "/tmp");
    ck_assert_ptr_nonnull(mkdtemp(tmpl));
    return tmpl;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    chmod(path, 0700);
    return remove(path);
}

void tl_remove_tree(char *dir)
{
    nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    free(dir);
}

void tl_write_bytes(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(data, 1, n, f), n);
    ck_assert_int_eq(fclose(f), 0);
}

char *tl_read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    StrBuf b;
    strbuf_init(&b);
    char buf[4096];
    size_t r;
    while ((r = fread(buf, 1, sizeof buf, f)) > 0)
        strbuf_add(&b, buf, r);
    fclose(f);
    return strbuf_take(&b);
}

size_t tl_count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

void tl_assert_state_file(char *got, const char *name)
{
    char *want = files_state_path("XDG_STATE_HOME", ".local/state", name);
    char *tail = xasprintf("/objscope/%s", name);
    ck_assert_str_eq(got, want);
    ck_assert_ptr_nonnull(strstr(got, tail));
    free(got);
    free(want);
    free(tail);
}

void tl_note_skip(const char *test, const char *why)
{
    fprintf(stderr, "note: %s: part skipped: %s\n", test, why);
}
