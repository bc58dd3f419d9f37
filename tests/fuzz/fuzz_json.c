/* fuzz_json.c — fuzz target: any bytes as a child build's --json output (what --across reads
 * from another process). Checks what jsonread.h and across.h promise: the reader either gives
 * a tree whose strings are NUL-free UTF-8, or one error message; reading a build either fills
 * it or says why, and every text it keeps is safe to print. */
#include <stdlib.h>
#include <string.h>

#include "across/across.h"
#include "tests/fuzz/fuzz.h"
#include "util/jsonread.h"
#include "util/utf8.h"

static void check_tree(const JsonValue *v, int depth)
{
    FUZZ_ASSERT(depth <= JSON_MAX_DEPTH + 1, "nesting is bounded");
    if (v->type == JSON_STRING)
        FUZZ_ASSERT(utf8_valid(v->string, strlen(v->string)), "strings are UTF-8");
    for (size_t i = 0; i < v->len; i++) {
        if (v->type == JSON_OBJECT)
            FUZZ_ASSERT(utf8_valid(v->keys[i], strlen(v->keys[i])), "keys are UTF-8");
        check_tree(&v->items[i], depth + 1);
    }
}

static void check_build(const AcrossBuild *b, bool ok)
{
    FUZZ_ASSERT(ok == (b->error == NULL), "an error exactly when it fails");
    if (b->error)
        FUZZ_ASSERT(fuzz_terminal_safe(b->error), "the reason is safe to print");
    const char *texts[] = {b->version, b->type, b->kind};
    for (size_t i = 0; ok && i < 3; i++)
        FUZZ_ASSERT(texts[i] && fuzz_terminal_safe(texts[i]), "names are safe to print");
    for (size_t i = 0; ok && i < b->nrows; i++)
        FUZZ_ASSERT(fuzz_terminal_safe(b->rows[i].name) && fuzz_terminal_safe(b->rows[i].ctype),
                    "row names are safe to print");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *err = NULL;
    JsonValue *v = json_parse((const char *)data, size, &err);
    FUZZ_ASSERT((v == NULL) == (err != NULL), "a tree or an error");
    if (v)
        check_tree(v, 0);
    else
        FUZZ_ASSERT(fuzz_terminal_safe(err), "the error is one safe line");
    json_free(v);
    free(err);

    AcrossResult *r = calloc(1, sizeof *r);
    r->builds = calloc(1, sizeof *r->builds);
    r->nbuilds = 1;
    check_build(&r->builds[0], across_read_json(&r->builds[0], (const char *)data, size));
    across_free(r);
    return 0;
}
