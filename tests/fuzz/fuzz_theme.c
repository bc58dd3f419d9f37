/* fuzz_theme.c — fuzz target: any bytes as a theme file and as the config file (theme.c), and
 * the first line as a theme name. Checks what theme.h promises: a file that fails leaves the
 * defaults, a loaded style is a colour the terminal has, and error messages are one line with
 * nothing a terminal would obey. */
#include <stdlib.h>
#include <string.h>

#include "tests/fuzz/fuzz.h"
#include "ui/theme.h"

static void check_error(int rc, char *err)
{
    FUZZ_ASSERT(rc == 0 || rc == -1, "0 or -1");
    FUZZ_ASSERT((rc == 0) == (err == NULL), "an error exactly when it fails");
    if (err)
        FUZZ_ASSERT(fuzz_terminal_safe(err), "errors are escaped and one line");
    free(err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_memfile(data, size);
    Theme t, defaults;
    theme_default(&defaults);
    theme_default(&t);
    char *err = NULL;
    int rc = theme_load_file(&t, path, &err);
    if (rc != 0)
        FUZZ_ASSERT(memcmp(t.style, defaults.style, sizeof t.style) == 0, "defaults on error");
    for (int r = 0; r < CR_COUNT; r++) {
        FUZZ_ASSERT(t.style[r].fg >= -1 && t.style[r].fg <= 15, "a foreground colour");
        FUZZ_ASSERT(t.style[r].bg >= -1 && t.style[r].bg <= 15, "a background colour");
        FUZZ_ASSERT(t.style[r].attrs <= 15, "known attributes");
    }
    FUZZ_ASSERT(memchr(t.name, '\0', sizeof t.name), "the name is a string");
    check_error(rc, err);

    Config c = {{0}};
    err = NULL;
    rc = config_load(&c, path, &err);
    check_error(rc, err);
    FUZZ_ASSERT(memchr(c.theme, '\0', sizeof c.theme), "the theme name is a string");

    /* the first line as a theme name, looked up where there is no theme */
    const char *nl = memchr(data, '\n', size);
    char *name = strndup((const char *)data, nl ? (size_t)(nl - (const char *)data) : size);
    static const char *const dirs[] = {"/nonexistent/objscope-fuzz", NULL};
    theme_default(&t);
    err = NULL;
    rc = theme_load_named(&t, name, dirs, &err);
    check_error(rc, err);
    free(name);
    return 0;
}
