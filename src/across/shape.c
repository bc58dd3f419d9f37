/* shape.c — one build's answer read from its --json (docs/json-schema.md): the figures the
 * table shows and every row the comparison needs. The document comes from another process, so
 * nothing in it is trusted: each field is checked for its type, and a missing one is named. */
#include <stdlib.h>
#include <string.h>

#include "across/across.h"
#include "util/jsonread.h"
#include "util/sanitize.h"
#include "util/xalloc.h"

/* Where the layout's document starts: the last line opening with its first key (what --setup
 * printed comes before it). */
#define DOC_START "{\n  \"python_version\""

static bool missing(AcrossBuild *b, const char *where, const char *key, const char *type)
{
    free(b->error);
    b->error = xasprintf("its --json has no %s %s%s%s", type, key, where ? " in " : "",
                         where ? where : "");
    return false;
}

static bool get_int(AcrossBuild *b, const JsonValue *o, const char *where, const char *key,
                    long long *out)
{
    const JsonValue *v = json_get(o, key);
    if (!v || v->type != JSON_INT)
        return missing(b, where, key, "whole number");
    *out = v->integer;
    return true;
}

/* A string member, as text safe for a terminal (owned). */
static bool get_str(AcrossBuild *b, const JsonValue *o, const char *where, const char *key,
                    char **out)
{
    const JsonValue *v = json_get(o, key);
    if (!v || v->type != JSON_STRING)
        return missing(b, where, key, "string");
    *out = sanitize_text(v->string, strlen(v->string), false);
    return true;
}

/* The rows of list (the member `key` of its parent) in section. */
static bool read_rows(AcrossBuild *b, const JsonValue *list, const char *key, const char *section,
                      size_t *cap)
{
    if (!list || list->type != JSON_ARRAY)
        return missing(b, strcmp(section, "object") && strcmp(section, "pre-header") ? section : NULL,
                       key, "list");
    for (size_t i = 0; i < list->len; i++) {
        b->rows = xgrow(b->rows, cap, b->nrows + 1, sizeof *b->rows);
        AcrossRow *r = &b->rows[b->nrows++];
        memset(r, 0, sizeof *r);
        r->section = xstrdup(section);
        if (!get_str(b, &list->items[i], section, "name", &r->name) ||
            !get_str(b, &list->items[i], section, "ctype", &r->ctype) ||
            !get_int(b, &list->items[i], section, "offset", &r->offset) ||
            !get_int(b, &list->items[i], section, "size", &r->size))
            return false;
    }
    return true;
}

static bool read_blocks(AcrossBuild *b, const JsonValue *list, size_t *cap_rows)
{
    if (!list || list->type != JSON_ARRAY)
        return missing(b, NULL, "buffers", "list");
    b->blocks = xcalloc(list->len ? list->len : 1, sizeof *b->blocks);
    for (size_t i = 0; i < list->len; i++) {
        const JsonValue *o = &list->items[i];
        AcrossBlock *k = &b->blocks[b->nblocks++];
        const JsonValue *shared = json_get(o, "shared");
        if (!get_str(b, o, "a buffer", "name", &k->name) ||
            !get_int(b, o, k->name, "size", &k->size))
            return false;
        k->shared = shared && shared->type == JSON_BOOL && shared->boolean;
        if (!read_rows(b, json_get(o, "fields"), "fields", k->name, cap_rows))
            return false;
    }
    return true;
}

/* deep_* are null when the child did not walk the graph. */
static bool read_deep(AcrossBuild *b, const JsonValue *doc)
{
    const JsonValue *v = json_get(doc, "deep_footprint");
    if (v && v->type == JSON_NULL)
        return true;
    b->has_deep = true;
    return get_int(b, doc, NULL, "deep_footprint", &b->deep_footprint) &&
           get_int(b, doc, NULL, "deep_count", &b->deep_count) &&
           get_int(b, doc, NULL, "deep_objects", &b->deep_objects);
}

static const char *doc_start(const char *out, size_t n)
{
    const char *found = NULL;
    size_t len = strlen(DOC_START);
    for (size_t i = 0; i + len <= n; i++)
        if ((i == 0 || out[i - 1] == '\n') && memcmp(out + i, DOC_START, len) == 0)
            found = out + i;
    return found;
}

bool across_read_json(AcrossBuild *b, const char *out, size_t n)
{
    const char *start = doc_start(out, n);
    if (!start) {
        free(b->error);
        b->error = xstrdup("it printed no objscope --json document");
        return false;
    }
    char *err = NULL;
    JsonValue *doc = json_parse(start, n - (size_t)(start - out), &err);
    if (!doc) {
        free(b->error);
        b->error = xasprintf("its --json is not valid JSON: %s", err);
        free(err);
        return false;
    }
    size_t cap = 0;
    bool ok = get_str(b, doc, NULL, "python_version", &b->version) &&
              get_str(b, doc, NULL, "type", &b->type) && get_str(b, doc, NULL, "kind", &b->kind) &&
              get_int(b, doc, NULL, "getsizeof", &b->getsizeof) &&
              get_int(b, doc, NULL, "footprint", &b->footprint) && read_deep(b, doc) &&
              read_rows(b, json_get(doc, "preheader"), "preheader", "pre-header", &cap) &&
              read_rows(b, json_get(doc, "fields"), "fields", "object", &cap) &&
              read_blocks(b, json_get(doc, "buffers"), &cap);
    json_free(doc);
    return ok;
}
